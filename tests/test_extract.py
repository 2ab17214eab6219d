"""The rule-based extractor's parts: sentences, dates, names, figures."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from builder.authoring.extract import Gazetteer, find_figures, resolve_phrase, split_sentences


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
