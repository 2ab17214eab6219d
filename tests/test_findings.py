"""The builder reads the quotes and reports where sources disagree (builder/review/).

One test per kind of comparison, each on small documents written for it, and one where the
sources say the same thing in different words and nothing may be reported.
"""

from __future__ import annotations

import textwrap

import pytest

from builder.load.reader import load_sources
from builder.review.findings import make_findings
from builder.review.reading import QuoteReader


def _document(project, doc_id: str, published: str, text: str) -> None:
    front = f"---\nid: {doc_id}\ntitle: \"{doc_id}\"\npublished: \"{published}\"\nreliability: C\n---\n"
    (project.sources / "documents" / f"{doc_id}.txt").write_text(front + textwrap.dedent(text).strip() + "\n",
                                                                 encoding="utf-8")


def _event(project, event_id: str, date: str, sources: list[tuple[str, str]], type_: str = "other",
           figures: str = "", actors: str = "[{actor: united-states, role: stated}]", places: str = "[syria]") -> None:
    cited = "".join(f"  - document: {doc}\n    quote: \"{quote}\"\n" for doc, quote in sources)
    text = (f"id: {event_id}\ntitle: {event_id}\ndate: \"{date}\"\ntype: {type_}\nsummary: A test event.\n"
            f"places: {places}\nactors: {actors}\n{figures}sources:\n{cited}")
    (project.sources / "events" / f"{event_id}.yaml").write_text(text, encoding="utf-8")


def _findings(project, event_id: str | None = None):
    loaded = load_sources(project.sources, project.root)
    assert not loaded.problems, loaded.problems
    found = make_findings(loaded)
    return [f for f in found if event_id is None or f.subject == event_id]


def _figure(measure: str, value: int, qualifier: str, doc: str, quote: str, unit: str = "") -> str:
    unit_line = f"    unit: {unit}\n" if unit else ""
    return (f"  - measure: {measure}\n    value: {value}\n    qualifier: {qualifier}\n{unit_line}"
            f"    document: {doc}\n    quote: \"{quote}\"\n")


def test_date_vs_date_names_both_passages_with_file_and_line(project):
    _document(project, "doc-a", "2025-11-20", """
        A first paragraph.
        Syria joined the coalition on November 10, 2025, officials said.
    """)
    _document(project, "doc-b", "2025-11-20", "Syria joined the coalition on November 13, 2025.")
    _event(project, "2025-11-13-joins", "2025-11-13", [("doc-a", "Syria joined the coalition on November 10, 2025"),
                                                        ("doc-b", "Syria joined the coalition on November 13, 2025.")])
    found = [f for f in _findings(project, "2025-11-13-joins") if f.kind == "date-vs-date"]
    assert len(found) == 1
    wheres = sorted(p.where() for p in found[0].passages)
    # doc-a's text starts on line 7 (after 6 lines of front matter); its quote is on the second line.
    assert wheres == ["sources/documents/doc-a.txt:8", "sources/documents/doc-b.txt:7"]
    assert "10 November 2025" in found[0].message and "13 November 2025" in found[0].message
    assert all(p.yaml_file == "sources/events/2025-11-13-joins.yaml" and p.yaml_line > 1 for p in found[0].passages)


def test_date_vs_recorded_date_resolves_relative_dates_against_publication(project):
    # "on Wednesday" in a document of Friday 12 December 2025 is 10 December, not the recorded 3rd.
    _document(project, "doc-c", "2025-12-12", "The commander spoke on Wednesday at the institute.")
    _event(project, "2025-12-03-remarks", "2025-12-03", [("doc-c", "The commander spoke on Wednesday")])
    found = _findings(project, "2025-12-03-remarks")
    assert [f.kind for f in found] == ["date-vs-recorded"]
    assert "dated 3 December 2025, but the quote says 10 December 2025" in found[0].message


def test_date_vs_recorded_date_more_precise_than_a_month_dated_document(project):
    # A document dated only to a month: "Monday" is any Monday of it, so a recorded day is too precise.
    _document(project, "doc-d", "2025-12", "The ministry reported Monday that raids took place in Idlib.")
    _event(project, "2025-12-01-raids", "2025-12-01", [("doc-d", "The ministry reported Monday that raids took place")])
    found = _findings(project, "2025-12-01-raids")
    assert [f.kind for f in found] == ["date-vs-recorded"]
    assert "more precisely than its quotes allow" in found[0].message
    assert "1, 8, 15, 22 or 29 December 2025" in found[0].message


def test_number_vs_number(project):
    _document(project, "doc-e", "2025-06-23", "A bomber killed 22 people at the church.")
    _document(project, "doc-f", "2026-02-14", "The bombing at the church killed at least 25 people.")
    _event(project, "2025-06-22-bombing", "2025-06-22", [("doc-e", "A bomber killed 22 people at the church."),
                                                          ("doc-f", "killed at least 25 people")], type_="bombing")
    found = _findings(project, "2025-06-22-bombing")
    numbers = [f for f in found if f.kind == "number-vs-number"]
    assert len(numbers) == 1
    assert "at least 25 (doc-f) vs 22 (doc-e)" in numbers[0].message or "22 (doc-e) vs at least 25 (doc-f)" in numbers[0].message


def test_number_vs_recorded_figure(project):
    _document(project, "doc-g", "2025-11-30", "Forces destroyed over 15 sites in the province.")
    figure = _figure("sites-destroyed", 15, "exactly", "doc-g", "destroyed over 15 sites", "sites")
    _event(project, "2025-11-25-sites", "2025-11", [("doc-g", "Forces destroyed over 15 sites in the province.")],
           type_="weapons-destroyed", figures=f"figures:\n{figure}")
    found = [f for f in _findings(project, "2025-11-25-sites") if f.kind == "number-vs-recorded"]
    assert len(found) == 1
    assert "recorded as 15 sites (exactly), but its quote says over 15 sites" in found[0].message
    assert found[0].line == 9  # the figure's line in the event file


def test_outcome_verbs_between_sources_and_against_the_record(project):
    _document(project, "doc-h", "2025-11-30", "The operation destroyed over 130 mortars and rockets.")
    _document(project, "doc-i", "2025-12-10", "Forces found the sites, seizing over 130 mortars, rockets and mines.")
    figures = ("figures:\n" + _figure("mortars", 130, "over", "doc-h", "destroyed over 130 mortars and rockets")
               + _figure("mortars", 130, "over", "doc-i", "seizing over 130 mortars, rockets and mines"))
    _event(project, "2025-11-26-caches", "2025-11", [("doc-h", "The operation destroyed over 130 mortars")],
           type_="weapons-destroyed", figures=figures)
    found = [f for f in _findings(project, "2025-11-26-caches") if f.kind == "outcome"]
    messages = sorted(f.message for f in found)
    assert len(found) == 2
    assert "destroyed (doc-h) vs seized (doc-i)" in messages[1]
    assert messages[0].startswith("recorded as over 130 destroyed, but its quote says over 130 mortars seized")


def test_same_fact_across_events(project):
    # When Syria joined: 13 November on one event, 10 November on another (same actor, same weeks).
    _document(project, "doc-j", "2025-12-01", "Syria joined the Global Coalition on November 13, 2025.")
    _document(project, "doc-k", "2025-12-01", "During the visit on November 10, 2025, Syria joined the coalition.")
    _event(project, "2025-11-13-joined", "2025-11-13", [("doc-j", "Syria joined the Global Coalition on November 13, 2025.")],
           type_="organisation", actors="[{actor: united-states, role: joined}]")
    _event(project, "2025-11-10-visit", "2025-11-10", [("doc-k", "During the visit on November 10, 2025, Syria joined the coalition.")],
           type_="diplomatic", actors="[{actor: united-states, role: attended}]")
    # A count of joint operations, told on two reports a few weeks apart.
    _document(project, "doc-l", "2026-01-20", "The coalition has carried out around five joint operations with Syria.")
    _document(project, "doc-m", "2026-02-14", "US and Syrian forces have carried out at least 11 joint operations.")
    _event(project, "2026-01-20-ops-report", "2026-01-20", [("doc-l", "carried out around five joint operations")],
           type_="report")
    _event(project, "2026-02-14-ops-report", "2026-02-14", [("doc-m", "have carried out at least 11 joint operations")],
           type_="report")
    across = [f for f in _findings(project) if f.kind == "across-events"]
    messages = sorted(f.message for f in across)
    assert len(across) == 2, messages
    assert "date 'joined' differently" in messages[0] and "10 November 2025" in messages[0]
    assert "running counts differ: about 5 joint operations (doc-l, published 2026-01-20) vs at least 11 joint operations (doc-m" in messages[1]
    # each names the other event's passage too
    assert {p.yaml_file for f in across for p in f.passages} >= {
        "sources/events/2025-11-13-joined.yaml", "sources/events/2025-11-10-visit.yaml"}


def test_sources_that_agree_in_different_words_are_not_flagged(project):
    _document(project, "doc-n", "2025-11-28", "Forces destroyed more than 15 weapons storage sites between November 24 and 27.")
    _document(project, "doc-o", "2025-12-05", "Last month, the army eliminated over 15 ISIS weapon sites from November 24 to 27, 2025.")
    _document(project, "doc-p", "2026-02-14", "A gunman killed two US soldiers and an interpreter. The gunman who killed the three US personnel was dismissed.")
    figures = ("figures:\n" + _figure("sites-destroyed", 15, "over", "doc-n", "destroyed more than 15 weapons storage sites")
               + _figure("sites-destroyed", 15, "over", "doc-o", "eliminated over 15 ISIS weapon sites"))
    _event(project, "2025-11-24-sites", "2025-11-24/2025-11-27",
           [("doc-n", "Forces destroyed more than 15 weapons storage sites between November 24 and 27."),
            ("doc-o", "Last month, the army eliminated over 15 ISIS weapon sites from November 24 to 27, 2025.")],
           type_="weapons-destroyed", figures=figures)
    _event(project, "2025-12-attack", "2025-12", [("doc-p", "A gunman killed two US soldiers and an interpreter."),
                                                  ("doc-p", "The gunman who killed the three US personnel")],
           type_="attack")
    assert _findings(project, "2025-11-24-sites") == []
    assert _findings(project, "2025-12-attack") == []


@pytest.mark.parametrize(("published", "phrase", "expected"), [
    ("2025-12", "the Interior Ministry reported Monday", ("2025-12-01", "2025-12-29")),
    ("2026-02-14", "On Thursday, the minister spoke", ("2026-02-12", "2026-02-12")),
    ("2025-12-05", "Last month, Syria joined", ("2025-11-01", "2025-11-30")),
])
def test_reader_resolves_dates_against_the_documents_publication(published, phrase, expected):
    reader = QuoteReader({"d": published}, {"d": phrase + " the coalition.\n"})
    dates = reader.read("d", phrase).dates
    assert [(d.start.isoformat(), d.end.isoformat()) for d in dates] == [expected]


def test_reader_numbers_keep_what_they_count_their_qualifier_and_outcome():
    text = "It led to the destruction of 15 weapon sites, seizing over 130 mortars, and around five joint operations."
    reading = QuoteReader({"d": "2025-12"}, {"d": text}).read("d", text)
    assert [(n.amount(), sorted(n.counted), n.outcome) for n in reading.numbers] == [
        ("15", ["site", "weapon"], "destroyed"), ("over 130", ["mortar"], "seized"),
        ("about 5", ["joint", "operation"], None)]


def test_two_incidents_in_one_town_on_different_days_are_not_one_fact(project):
    _document(project, "doc-q", "2025-01-10", "On 1 January 2025 a bomb killed six people in the town. "
              "On 4 January 2025 another bomb killed at least 2 people in the town.")
    _event(project, "2025-01-01-bomb", "2025-01-01", [("doc-q", "On 1 January 2025 a bomb killed six people in the town.")],
           type_="bombing", actors="[{actor: isis, role: claimed}]")
    _event(project, "2025-01-04-bomb", "2025-01-04",
           [("doc-q", "On 4 January 2025 another bomb killed at least 2 people in the town.")],
           type_="bombing", actors="[{actor: isis, role: claimed}]")
    assert [f for f in _findings(project) if f.kind == "across-events"] == []


def test_a_month_range_and_a_figure_in_unparsed_words_are_not_disagreements(project):
    _document(project, "doc-r", "2025-06-01", "Between February and April 2025, the army arrested 7 members. "
              "Officials put the number of dead in the attack at 3.")
    _document(project, "doc-s", "2025-06-01", "The arrests took place in March 2025.")
    figure = _figure("killed", 3, "exactly", "doc-r", "put the number of dead in the attack at 3")
    _event(project, "2025-03-arrests", "2025-03", [("doc-r", "Between February and April 2025, the army arrested 7 members."),
                                                   ("doc-s", "The arrests took place in March 2025.")],
           type_="arrest", figures=f"figures:\n{figure}")
    assert _findings(project, "2025-03-arrests") == []
