"""The rule-based extractor's parts: sentences, dates, names, figures."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from builder.authoring.extract import (
    Extractor,
    Gazetteer,
    UnsupportedLanguage,
    dates_in_sentence,
    find_figures,
    proper_names,
    resolve_phrase,
    split_sentences,
)


def test_sentences_split_without_breaking_at_abbreviations():
    body = ("US Central Command (CENTCOM) head Adm. Brad Cooper said it. U.S. President Donald Trump agreed.\n"
            "Brig.-Gen. Ghassan Bakir spoke on Monday. Mr. Lister said “thanks.” Then it ended.")
    texts = [s.text for s in split_sentences(body)]
    assert texts == [
        "US Central Command (CENTCOM) head Adm. Brad Cooper said it.",
        "U.S. President Donald Trump agreed.",
        "Brig.-Gen. Ghassan Bakir spoke on Monday.",
        "Mr. Lister said “thanks.”",
        "Then it ended.",
    ]
    assert [s.line for s in split_sentences(body)] == [1, 1, 2, 2, 2]


@pytest.mark.parametrize("phrase, published, anchor, date, qualifier, note", [
    ("on Wednesday", "2025-12-11", None, "2025-12-10", None, "'on Wednesday' in a document published 2025-12-11 → 2025-12-10"),
    ("On Thursday", "2026-02-14", None, "2026-02-12", None, "→ 2026-02-12"),
    ("the ministry reported Monday", "2025-12", None, "2025-12-01/2025-12-29", None, "not a single day"),
    ("on Wednesday", "2025-12-10~", None, "2025-12-10~", None, "approximate"),
    ("last week", "2026-02-14", None, "2026-02-02/2026-02-13", None, "Monday of the previous week"),
    ("last month", "2025-12-10", None, "2025-11", None, "→ November 2025"),
    ("last month", "2026-01-05", None, "2025-12", None, "→ December 2025"),
    ("last year", "2026-02-14", None, "2025", None, "→ 2025"),
    ("November 24, 2025", "2025-12", None, "2025-11-24", None, None),
    ("between November 24 and 27", "2025-12~", None, "2025-11-24/2025-11-27", None, "year not stated: taken as 2025"),
    ("from November 24 to 27", "2025-12", None, "2025-11-24/2025-11-27", None, None),
    ("on December 2, 2025", "2025-12", None, "2025-12-02", None, None),
    ("in September 2014", "2025-12", None, "2014-09", None, None),
    ("in late November 2025", "2025-12", None, "2025-11", "late", None),
    ("early December", "2025-12-20", None, "2025-12", "early", None),
    ("in mid-January", "2026-02-14", None, "2026-01", "mid", None),
    ("in December", "2026-02-14", None, "2025-12", None, "taken as 2025"),
    ("in the second half of September 2025", "2025-12", None, "2025-09-16/2025-09-30", None, None),
    ("The following day", "2025-12-20", "On November 24, 2025", "2025-11-25", None, "after 'November 24, 2025'"),
    ("Earlier that month", "2025-12-20", "On December 2, 2025", "2025-12-01", None, "that month, before it"),
    ("in March last year", "2026-02-14", None, "2025-03", None, "'last year'"),
])
def test_dates_resolve_with_the_precision_they_deserve(phrase, published, anchor, date, qualifier, note):
    guess = resolve_phrase(phrase, published, anchor)
    assert guess is not None
    assert (guess.edtf, guess.qualifier) == (date, qualifier)
    if note:
        assert note in guess.note


def test_future_dates_and_non_dates_are_not_happenings():
    assert resolve_phrase("by December 2030", "2025-12-10") is None
    assert resolve_phrase("the 90th member", "2025-12-10") is None


def _records():
    place = lambda i, name, kind, aliases=(): SimpleNamespace(id=i, name=name, aliases=list(aliases), kind=kind,
                                                               governorate=None)
    actor = lambda i, name, kind, aliases=(): SimpleNamespace(id=i, name=name, aliases=list(aliases), kind=kind)
    return {
        "place": [place("syria", "Syria", "country"), place("idlib", "Idlib", "city"),
                  place("rif-dimashq", "Rif Dimashq", "governorate", ["Rif Damashq", "Rural Damascus"])],
        "actor": [actor("united-states", "United States", "state", ["US", "U.S."]),
                  actor("isis", "ISIS", "armed-group", ["Islamic State"])],
        "operation": [],
    }


def test_names_match_aliases_with_word_boundaries_and_case_rules():
    gazetteer = Gazetteer(_records())
    hits = gazetteer.find("Strikes by U.S. forces in rural damascus hit the islamic state; tell us.")
    assert [(h.kind, h.id) for h in hits] == [("actor", "united-states"), ("place", "rif-dimashq"),
                                             ("actor", "isis")]
    assert gazetteer.find("Syrian troops") == []  # 'Syrian' is not 'Syria'
    assert gazetteer.close("Idleb")[:2] == ("place", "idlib")
    assert gazetteer.close("Syrian") is None


@pytest.mark.parametrize("text, measure, value, low, qualifier", [
    ("over 130 mortars and rockets were eliminated", "mortars-and-rockets", 130, None, "over"),
    ("a suicide bombing that killed at least 25 people", "killed", None, 25, "at-least"),
    ("at least 25 killed", "killed", None, 25, "at-least"),
    ("two suspects were killed during the raids", "killed", 2, None, "exactly"),
    ("destroying more than 15 weapons and munitions storage sites", "weapons-and-munitions-storage-sites", 15, None,
     "over"),
    ("roughly 3,000 ISIS fighters", "isis-fighters", 3000, None, "about"),
])
def test_figures_keep_their_qualifiers(text, measure, value, low, qualifier):
    figure = find_figures(text, [])[0]
    assert (figure.measure, figure.value, figure.min, figure.qualifier) == (measure, value, low, qualifier)


def test_years_percentages_and_ordinals_are_not_figures():
    assert find_figures("in 2019 it controlled 25 per cent of the land as its 90th member", []) == []


# --- dates in quoted speech, 'a day before', vague words ---------------------------------------


def test_today_inside_a_quotation_is_the_statements_day():
    sentence = '"These strikes today send a clear message," the admiral said.'
    made_thursday = dates_in_sentence(sentence, "2026-01-16", statement="2026-01-15")
    assert [(d.phrase, d.edtf, d.quoted) for d in made_thursday] == [("today", "2026-01-15", True)]
    assert "a statement made 2026-01-15" in made_thursday[0].note
    unknown = dates_in_sentence(sentence, "2026-01-16")  # no statement date: the publication day
    assert unknown[0].edtf == "2026-01-16"
    outside = dates_in_sentence("The strikes took place today.", "2026-01-16", statement="2026-01-15")
    assert outside[0].edtf == "2026-01-16"  # not quoted: the document's own day


@pytest.mark.parametrize("sentence, anchor, date", [
    ("A day before Saturday's strikes, the group attacked a convoy.", None, "2025-12-12"),
    ("Two days after the raid, the army withdrew.", "2025-12-10", "2025-12-12"),
    ("A day before the talks, the envoy met commanders.", "2026-01-27", "2026-01-26"),
])
def test_days_before_or_after_a_weekday_or_the_happening_told_before(sentence, anchor, date):
    found = dates_in_sentence(sentence, "2025-12-16" if anchor is None else "2026-01-29", anchor=anchor)
    assert found[0].edtf == date


def test_vague_words_leave_the_date_open_with_a_note():
    found = dates_in_sentence("The group has recently stepped up attacks on oil tankers.", "2026-02-03")
    assert len(found) == 1 and found[0].open and found[0].edtf is None
    assert "gives no date: left open" in found[0].note
    assert dates_in_sentence("Attacks have risen lately.", "2026-02-03")[0].open


# --- drafting from a report -------------------------------------------------------------------


def _briefing(text: str, language: str = "en", events=()):
    place = lambda i, name, kind, aliases=(), country="Syria": SimpleNamespace(
        id=i, name=name, aliases=list(aliases), kind=kind, governorate=None, country=country)
    actor = lambda i, name, kind, aliases=(): SimpleNamespace(id=i, name=name, aliases=list(aliases), kind=kind)
    records = {
        "place": [place("syria", "Syria", "country"), place("palmyra", "Palmyra", "city"),
                  place("damascus", "Damascus", "city"),
                  place("washington-dc", "Washington, D.C.", "city", ["Washington"], "United States")],
        "actor": [actor("united-states", "United States", "state", ["US", "U.S."]),
                  actor("us-military", "US military", "military", ["US forces"]),
                  actor("syrian-government", "Syrian government", "government"),
                  actor("isis", "ISIS", "armed-group", ["Islamic State"]),
                  actor("brad-cooper", "Brad Cooper", "person", ["Admiral Brad Cooper"]),
                  actor("centcom", "U.S. Central Command", "military-command", ["CENTCOM"])],
        "operation": [], "event": list(events),
        "document": [SimpleNamespace(id="report", published="2025-12-16", language=language)],
    }
    return Extractor(records, {"report": text})


REPORT = (
    "Two U.S. soldiers and an interpreter were killed on Saturday when a gunman opened fire on a patrol in Palmyra, "
    "officials said. Three other soldiers were wounded in the attack.\n"
    "The gunman was a member of the Islamic State, the officials added.\n"
    "\"Those responsible will pay,\" Adm. Cooper said on Sunday.\n"
    "On Monday, Damascus condemned the attack and Washington said it would respond.\n"
    "Separately, Britain and France said they would send aircraft, according to Major Ayad Sakat of the "
    "Iowa National Guard-and Sami Haddad.\n"
)


def test_a_draft_gathers_the_facts_of_the_sentences_that_continue_it():
    saturday = next(d for d in _briefing(REPORT).extract("report") if d.date.edtf == "2025-12-13")
    killed = next(f for f in saturday.figures if f.measure == "killed")
    assert (killed.value, killed.qualifier) == (3, "exactly")  # two soldiers and an interpreter
    injured = next(f for f in saturday.figures if f.measure == "injured")
    assert injured.value == 3 and injured.quote == "Three other soldiers were wounded in the attack."
    assert ("us-military", "victim") in saturday.actors  # 'U.S. soldiers': the state's armed forces
    assert ("isis", "mentioned") in saturday.actors  # from the sentence after
    assert saturday.places == ["palmyra"]
    assert len(saturday.title) <= 80 and "…" not in saturday.title
    assert saturday.title == "Attack on U.S. soldiers in Palmyra: 3 killed, 3 injured"


def test_capitals_that_act_are_governments_and_surnames_find_known_people():
    drafts = {d.date.edtf: d for d in _briefing(REPORT).extract("report")}
    sunday, monday = drafts["2025-12-14"], drafts["2025-12-15"]
    assert sunday.actors == [("brad-cooper", "stated")]  # 'Adm. Cooper'
    assert ("syrian-government", "stated") in monday.actors and ("united-states", "stated") in monday.actors
    assert monday.places == [] and "damascus" not in monday.id  # governments, not places
    assert monday.type == "statement"  # 'condemned the attack' names Saturday's attack again


def test_candidates_are_names_not_junk():
    drafts = _briefing(REPORT).extract("report")
    names = {name for d in drafts for name, _ in d.candidates}
    names |= {name for name, _, _ in proper_names(REPORT.splitlines()[-1], [])}
    assert {"Britain", "France", "Ayad Sakat", "Iowa National Guard", "Sami Haddad"} <= names
    assert not [n for n in names if n.startswith(("Separately", "Major")) or " and " in n or "-and" in n]
    assert "Major" not in names and "Cooper" not in names


def test_strikes_make_the_striker_conduct_and_the_struck_targeted():
    text = "U.S. Central Command said on Thursday that its aircraft struck ISIS hideouts near Palmyra.\n"
    draft = _briefing(text).extract("report")[0]
    assert draft.type == "airstrike" and draft.date.edtf == "2025-12-11"
    assert dict(draft.actors) == {"centcom": "conducted", "isis": "targeted"}


def test_a_report_repeating_a_briefing_event_is_flagged():
    event = SimpleNamespace(id="2025-12-palmyra-attack", date="2025-12", type="attack", places=["palmyra"],
                            actors=[SimpleNamespace(actor="us-military", role="victim")],
                            sources=[SimpleNamespace(document="other")],
                            when=resolve_phrase("in December 2025", "2025-12-16").when)
    saturday = next(d for d in _briefing(REPORT, events=[event]).extract("report") if d.date.edtf == "2025-12-13")
    assert saturday.duplicates and "--into 2025-12-palmyra-attack" in saturday.duplicates[0]


def test_unsupported_languages_are_refused_plainly():
    with pytest.raises(UnsupportedLanguage, match="declares language 'fr'.*reads English only"):
        _briefing(REPORT, language="fr").extract("report")
    arabic_in_english = "وقالت وزارة الداخلية إن قوات الأمن اعتقلت خمسة مشتبه بهم في ريف إدلب يوم الاثنين " * 5
    with pytest.raises(UnsupportedLanguage, match="does not read as English"):
        _briefing(arabic_in_english).extract("report")
