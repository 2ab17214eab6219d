"""Validation rules an editor relies on, beyond the bad-input corpus: what quote matching forgives
and what it does not, dates against fuzzy publication dates, and one problem per cause."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.load.quotes import _TYPOGRAPHY, QuoteIndex, normalise
from builder.load.reader import load_sources
from builder.load.validate import validate

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "bad_inputs" / "_base" / "sources"
EVENT = "events/2025-12-03-idlib-arrests.yaml"
QUOTE = "raided a house in Idlib city and arrested two ISIS suspects"


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(BASE, tmp_path / "sources")
    return tmp_path


def problems_of(root: Path) -> list[str]:
    problems, _ = validate(load_sources(root / "sources", root))
    return [p.format() for p in problems]


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "sources" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_seed_sources_are_valid():
    problems, counts = validate(load_sources(REPO / "sources", REPO))
    assert [p.format() for p in problems] == []
    assert counts["documents"] >= 1 and counts["quotes verified"] >= counts["events"]


def test_counts_describe_the_tree(tree):
    problems, counts = validate(load_sources(tree / "sources", tree))
    assert problems == []
    assert counts == {"documents": 2, "events": 2, "actors": 5, "operations": 1, "places": 4, "terms": 1,
                      "quotes verified": 11}


@pytest.mark.parametrize("quote", [
    QUOTE.replace(" ", "   "),                                       # spacing
    QUOTE.replace("a house in", "a house\n      in"),                # a folded line
])
def test_quotes_forgive_white_space(tree, quote):
    edit(tree, EVENT, f'quote: "{QUOTE}"', f'quote: "{quote}"')
    assert problems_of(tree) == []


def test_quotes_forgive_typographic_quotes_and_dashes(tree):
    # The document has “ensures gains made against ISIS are lasting.” with curly quotes.
    edit(tree, "actors.yaml", 'quote: "ISIS, also known as Daesh"',
         "quote: 'said the operation \"ensures gains made against ISIS are lasting.\"'")
    edit(tree, "documents/idlib-raid-report.txt", "Officials in Idleb said", "Officials in Idleb \u2014 said")
    edit(tree, "places.yaml", 'quote: "Officials in Idleb"', 'quote: "Officials in Idleb - said"')
    assert problems_of(tree) == []


@pytest.mark.parametrize("quote, expected", [
    (QUOTE.upper(), "only if case is ignored"),
    (QUOTE.replace("suspects", "suspects."), "quote not found"),      # punctuation is not forgiven
    (QUOTE.replace("two", "2"), "quote not found"),                    # nor numbers written otherwise
    (QUOTE + " in Idlib", "quote not found"),                          # nor words added
])
def test_quotes_forgive_nothing_else(tree, quote, expected):
    edit(tree, EVENT, f'quote: "{QUOTE}"', f'quote: "{quote}"')
    problems = problems_of(tree)
    assert len(problems) == 1 and expected in problems[0], problems
    assert problems[0].startswith(f"sources/{EVENT}:21:12: ")


def test_closest_passage_is_shown_in_whole_words():
    index = QuoteIndex({"d": "On 3 December, security forces raided a house in Idlib city and arrested two men."})
    assert index.closest("d", "aided a home in Idlib city and arrested two") == \
        "raided a house in Idlib city and arrested two"
    assert index.closest("d", "completely unrelated words about the weather") == ""


def test_normalise_keeps_case_and_punctuation():
    assert normalise("  \u201cA\u2014b\u201d\u00a0 c ") == '"A-b" c'
    assert normalise("Idlib.") != normalise("idlib")


@given(st.lists(st.sampled_from(["a", "B", " ", "\n", "\t", "-", "'", '"', "\u00e9", "e\u0301", "\u0301", "x"]
                                + [chr(code) for code in _TYPOGRAPHY]), max_size=40).map("".join))
def test_normalise_maps_every_typographic_character_as_the_table_says(text):
    # What the table means, spelt out: NFC, then each character through the table, then whitespace.
    expected = " ".join(unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY).split())
    assert normalise(text) == expected


def test_an_event_may_follow_an_approximate_publication_within_its_span(tree):
    # Published "around December 2025": an event on 20 December is not after publication.
    edit(tree, "documents/idlib-raid-report.txt", "published: 2025-12-10", "published: 2025-12~")
    edit(tree, EVENT, "date: 2025-12-03", "date: 2025-12-20")
    assert problems_of(tree) == []
    edit(tree, EVENT, "date: 2025-12-20", "date: 2026-01-02")
    problems = problems_of(tree)
    assert len(problems) == 1 and "is after its sources were published" in problems[0]


def test_one_broken_list_file_is_one_problem(tree):
    """A syntax error in actors.yaml does not also make every event's actors "unknown"."""
    edit(tree, "actors.yaml", "- id: isis\n", "- id: isis\n  aliases: [\n")
    problems = problems_of(tree)
    assert len(problems) == 1 and problems[0].startswith("sources/actors.yaml:"), problems


def test_one_broken_record_is_one_problem(tree):
    """An actor with a typo'd field is reported once; events naming it are not reported as well."""
    edit(tree, "actors.yaml", "  kind: armed-group\n", "  knid: armed-group\n")
    problems = problems_of(tree)
    assert problems == ["sources/actors.yaml:39:3: unknown field 'knid' in actor — did you mean 'kind'?"]


def test_an_alias_shared_with_a_differently_spelt_name_still_collides(tree):
    edit(tree, "places.yaml", "  name: Idlib Governorate\n", "  name: Idlib Governorate\n  aliases: [\u201cIDLEB\u201d]\n")
    edit(tree, "places.yaml", "  aliases: [Idleb]\n", "  aliases: ['\u201cIdleb\u201d']\n")
    problems = problems_of(tree)
    assert len(problems) == 2 and all("also names place" in p for p in problems), problems


def test_a_document_edited_between_builds_is_checked_again(tree):
    # In `briefing serve` one process validates after every save, reusing what did not change:
    # a document whose text changes must have its quotes checked against the new text.
    assert problems_of(tree) == []
    document = next(p for p in (tree / "sources" / "documents").iterdir()
                    if "raided a house in Idlib city" in p.read_text(encoding="utf-8"))
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("raided a house in Idlib city", "searched a house in Idlib city"),
                        encoding="utf-8")
    problems = problems_of(tree)
    assert any("does not occur" in p or "not found" in p for p in problems), problems
    document.write_text(text, encoding="utf-8")
    assert problems_of(tree) == []
