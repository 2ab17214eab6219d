"""Findings beyond one event's quotes (builder/review/across.py): a quote that refers back to an
earlier sentence ("The move was formalized…"), running tallies in every document's text, and a
person's rank across documents; and ranges read as ranges. Small documents written for the tests,
each with a case where the sources agree in different words and nothing may be reported."""

from __future__ import annotations

from builder.review.reading import QuoteReader
from tests.test_findings import _document, _event, _figure, _findings


def _append_actor(project, text: str) -> None:
    path = project.sources / "actors.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def test_a_quote_referring_back_is_dated_against_the_happening_the_sentence_before_tells(project):
    _document(project, "doc-a", "2025-12-01", """
        Syria officially joined the coalition on November 13, 2025, as its 90th member.
        The move was formalized during the president's visit to Washington on November 10, 2025.
        The decision was announced in Damascus on November 13, 2025.
    """)
    _event(project, "2025-11-13-joins", "2025-11-13",
           [("doc-a", "Syria officially joined the coalition on November 13, 2025, as its 90th member.")],
           type_="organisation")
    _event(project, "2025-11-10-visit", "2025-11-10",
           [("doc-a", "The move was formalized during the president's visit to Washington on November 10, 2025.")],
           type_="diplomatic")
    across = [f for f in _findings(project) if f.kind == "across-events"]
    assert len(across) == 1, [f.message for f in across]
    finding = across[0]
    assert finding.subject == "2025-11-13-joins"
    assert "'The move …' (2025-11-10-visit) refers to what the sentence before it tells" in finding.message
    assert "dated 13 November 2025" in finding.message and "dates it 10 November 2025" in finding.message
    assert sorted(p.where() for p in finding.passages) == ["sources/documents/doc-a.txt:7",
                                                           "sources/documents/doc-a.txt:8"]


def test_a_quote_referring_back_that_agrees_or_refers_to_nothing_cited_is_not_flagged(project):
    _document(project, "doc-b", "2025-12-01", """
        Syria officially joined the coalition on November 13, 2025, as its 90th member.
        The decision was announced in Damascus on November 13, 2025.
        Talks went on for weeks.
        The move was welcomed by allies on November 20, 2025.
    """)
    _event(project, "2025-11-13-joins", "2025-11-13",
           [("doc-b", "Syria officially joined the coalition on November 13, 2025, as its 90th member.")],
           type_="organisation")
    _event(project, "2025-11-13-announced", "2025-11-13",
           [("doc-b", "The decision was announced in Damascus on November 13, 2025.")], type_="statement")
    _event(project, "2025-11-20-welcomed", "2025-11-20",
           [("doc-b", "The move was welcomed by allies on November 20, 2025.")], type_="statement")
    assert [f.message for f in _findings(project) if f.kind == "across-events"] == []


def test_running_tallies_are_compared_with_every_documents_text_cited_or_not(project):
    _document(project, "doc-c", "2025-12", "Since the fall of the regime, the coalition has carried out around five "
              "joint operations with the new government.")
    _document(project, "doc-d", "2026-02-14", "US and Syrian forces have carried out at least 11 joint operations, "
              "he adds.")
    _append_actor(project, """- id: analyst
  name: Charles Lister
  kind: person
  sources:
    - document: doc-d
      quote: "US and Syrian forces have carried out at least 11 joint operations"
""")
    [finding] = [f for f in _findings(project) if f.kind == "across-events"]
    assert finding.subject == "joint-operation" and finding.file == "sources/actors.yaml"
    assert finding.message == ("running counts differ: about 5 joint operations (doc-c, published 2025-12) vs "
                               "at least 11 joint operations (doc-d, published 2026-02-14)")
    uncited = next(p for p in finding.passages if p.document == "doc-c")
    assert uncited.yaml_file == "" and "(not cited)" in finding.format()
    assert uncited.where() == "sources/documents/doc-c.txt:7"


def test_running_tallies_that_agree_in_different_words_and_single_counts_are_not_flagged(project):
    _document(project, "doc-e", "2025-12-01", "Security forces have carried out more than 15 raids so far. "
              "On Monday the army destroyed 4 depots.")
    _document(project, "doc-f", "2026-01-10", "Over 15 raids have been carried out against the cells. "
              "On Friday the army destroyed 9 depots.")
    _append_actor(project, """- id: security-forces
  name: Security forces
  kind: security-force
  sources:
    - document: doc-e
      quote: "Security forces have carried out more than 15 raids so far."
    - document: doc-e
      quote: "On Monday the army destroyed 4 depots."
    - document: doc-f
      quote: "On Friday the army destroyed 9 depots."
""")
    assert [f.message for f in _findings(project)] == []


def test_a_persons_rank_is_compared_across_documents(project):
    # The base project's Brad Cooper is "Admiral Brad Cooper" in its CENTCOM release.
    _document(project, "doc-g", "2025-12-10", "Speaking at the institute, General Cooper stated that cooperation grew.")
    path = project.sources / "actors.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      quote: \"Admiral Brad Cooper\"\n",
        "      quote: \"Admiral Brad Cooper\"\n  sources:\n    - document: doc-g\n      quote: \"General Cooper stated\"\n", 1)
    path.write_text(text, encoding="utf-8")
    [finding] = [f for f in _findings(project) if f.kind == "title-vs-title"]
    assert finding.subject == "brad-cooper" and finding.file == "sources/actors.yaml"
    assert finding.message == ("the sources give Brad Cooper different ranks: Admiral (centcom-rif-dimashq-release) "
                               "vs General (doc-g)")
    assert {p.says for p in finding.passages} == {"Admiral", "General"}


def test_ranks_of_one_family_and_abbreviations_agree(project):
    _document(project, "doc-h", "2025-12-01", "Brig.-Gen. Ghassan Bakir, head of Internal Security, spoke.")
    _document(project, "doc-i", "2025-12-05", "Brigadier General Ghassan Bakir announced two operations.")
    _document(project, "doc-j", "2025-12-06", "General Bakir said the raids went on.")
    _append_actor(project, """- id: ghassan-bakir
  name: Ghassan Bakir
  kind: person
  sources:
    - document: doc-h
      quote: "Brig.-Gen. Ghassan Bakir, head of Internal Security"
    - document: doc-i
      quote: "Brigadier General Ghassan Bakir announced two operations."
    - document: doc-j
      quote: "General Bakir said the raids went on."
""")
    assert [f.message for f in _findings(project) if f.kind == "title-vs-title"] == []


def test_a_range_is_read_as_a_range_and_compared_with_the_recorded_one(project):
    reading = QuoteReader({"d": "2025-01-10"}, {"d": "wounding between 7 and 9 others"}).read(
        "d", "wounding between 7 and 9 others")
    assert [(n.amount(), n.value, n.high) for n in reading.numbers] == [("7–9", 7.0, 9.0)]
    name = QuoteReader({"d": "2025-01-10"}, {"d": "killed 2 Islamic State of Iraq and Syria fighters"}).read(
        "d", "killed 2 Islamic State of Iraq and Syria fighters")
    assert [n.amount() for n in name.numbers] == ["2"]  # a name with 'and', not "at least 2"
    _document(project, "doc-k", "2025-01-10", "A bomb killed 3 people, wounding between 7 and 9 others.")
    agreeing = "figures:\n  - measure: injured\n    min: 7\n    max: 9\n    qualifier: exactly\n" \
               "    unit: people\n    document: doc-k\n    quote: \"wounding between 7 and 9 others\"\n"
    _event(project, "2025-01-09-bomb", "2025-01-09", [("doc-k", "A bomb killed 3 people")], type_="bombing",
           figures=agreeing)
    assert _findings(project, "2025-01-09-bomb") == []
    _event(project, "2025-01-09-bomb", "2025-01-09", [("doc-k", "A bomb killed 3 people")], type_="bombing",
           figures="figures:\n" + _figure("injured", 9, "at-least", "doc-k", "wounding between 7 and 9 others",
                                          "people"))
    [finding] = _findings(project, "2025-01-09-bomb")
    assert finding.kind == "number-vs-recorded" and "its quote says 7–9 others" in finding.message


def test_one_documents_two_values_in_two_passages_is_a_disagreement_the_site_shows():
    from builder.briefing.link import _disagreements
    from builder.model.records import Claim

    joined = Claim(attribute="date-of-joining", value="13 November 2025", document="d",
                   quote="Syria joined on November 13, 2025")
    formalized = Claim(attribute="date-of-joining", value="formalized on 10 November 2025", document="d",
                       quote="The move was formalized on November 10, 2025")
    assert [d.attribute for d in _disagreements("event", "e", "E", [joined, formalized])] == ["date-of-joining"]
    same_passage = formalized.model_copy(update={"quote": joined.quote})
    assert _disagreements("event", "e", "E", [joined, same_passage]) == []
