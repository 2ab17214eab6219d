"""A quote in its context: the passages a document page shows, each with an anchor citations link to.

`quote_context` (mkdocs.yml: the `briefing` plugin's option) chooses what a document's page shows:

- ``context`` (default): each quoted passage with the sentence before and the sentence after it;
- ``full``: the document's whole text, quoted passages marked (only for texts you may republish);
- ``none``: the passages alone (documents under copyright).

Every citation on the site links to ``sources/<document>.md#<passage_id(quote)>``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from builder.load.quotes import normalise

MODES = ("context", "full", "none")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")


def passage_id(quote: str) -> str:
    """The anchor of a quoted passage on its document's page: stable while the quote is."""
    return "q-" + hashlib.sha1(normalise(quote).encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Passage:
    id: str
    quote: str
    before: str  # the text before it (context: the sentence before; full: nothing)
    after: str
    gap_before: bool  # a space between `before` and the passage
    gap_after: bool
    paragraph: int  # for full: the paragraph it stands in (-1: not found)


@dataclass(frozen=True)
class Piece:
    """A part of a paragraph of the full text: plain, or a quoted passage with its anchor."""

    text: str
    anchor: str | None = None


def passages(text: str, quotes: list[str], mode: str) -> list[Passage]:
    """Each distinct quote once, in document order, with the context the mode asks for: the
    sentence before and the sentence after it, within its paragraph (a heading is not context)."""
    lines = [normalise(line) for line in text.splitlines()]
    found: dict[str, Passage] = {}
    for quote in quotes:
        anchor = passage_id(quote)
        if anchor in found:
            continue
        needle = normalise(quote)
        where = next(((i, line.find(needle)) for i, line in enumerate(lines) if needle in line), (-1, -1))
        before = after = ""
        if mode == "context" and where[0] >= 0:
            line, at = lines[where[0]], where[1]
            before, after = _around(line, at, at + len(needle))
        gaps = (before[-1:].isspace(), after[:1].isspace())
        found[anchor] = Passage(anchor, quote, before.strip(), after.strip(), *gaps, where[0] * 100_000 + where[1] if where[0] >= 0 else -1)
    return sorted(found.values(), key=lambda p: (p.paragraph < 0, p.paragraph, p.id))


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """The sentence before the passage (with the start of its own sentence), and after it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    own_start = max([e for e in ends if e <= start], default=0)
    previous = max([e for e in ends if e < own_start], default=0) if own_start else 0
    own_end = min([e for e in ends if e >= end], default=len(text))
    following = min([e for e in ends if e > own_end], default=len(text))
    return text[previous:start], text[end:following].rstrip()


def full_text(text: str, quotes: list[str]) -> list[list[Piece]]:
    """The document's paragraphs, each split into plain pieces and marked passages."""
    needles = sorted({normalise(q): passage_id(q) for q in quotes}.items(), key=lambda kv: -len(kv[0]))
    paragraphs = []
    for block in re.split(r"\n\s*\n|\n", text):
        line = normalise(block)
        if not line:
            continue
        spans: list[tuple[int, int, str]] = []
        for needle, anchor in needles:
            at = line.find(needle)
            if at >= 0 and not any(at < b and a < at + len(needle) for a, b, _ in spans):
                spans.append((at, at + len(needle), anchor))
        pieces, cursor = [], 0
        for a, b, anchor in sorted(spans):
            if a > cursor:
                pieces.append(Piece(line[cursor:a]))
            pieces.append(Piece(line[a:b], anchor))
            cursor = b
        if cursor < len(line):
            pieces.append(Piece(line[cursor:]))
        paragraphs.append(pieces)
    return paragraphs
