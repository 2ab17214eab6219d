"""Quote verification: a quote must occur in its document's text.

The comparison forgives only what typesetting changes — whitespace, typographic quotes and
dashes — never case, punctuation or words.
"""

from __future__ import annotations

import unicodedata

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})


_ALIGN_BUDGET = 20_000_000  # characters of quote × characters of document for a full alignment

# Characters of document text searched for closest passages in one validation, all failing quotes
# together (~1.5 s of CPU: a search costs ~14 ms per MB of document). 400 distinct failing quotes
# against a 4.6 MB document took 19.7 s without it; past it, failing quotes are reported without one.
CLOSEST_BUDGET = 100_000_000


# The same mapping as (character, replacement) pairs: a document holds a few of them, and replacing
# those is ~10x faster than translate(), which looks every character up (0.26 s at 1,000 documents).
_TYPOGRAPHY_PAIRS = tuple((chr(code), replacement) for code, replacement in _TYPOGRAPHY.items())


def normalise(text: str) -> str:
    if not text.isascii():  # NFC and the typography table change non-ASCII characters only
        text = unicodedata.normalize("NFC", text)
        for character, replacement in _TYPOGRAPHY_PAIRS:  # (replacements are ASCII: order is free)
            if character in text:
                text = text.replace(character, replacement)
    # Runs of whitespace become one space; split() and \s agree on what whitespace is.
    return " ".join(text.split())


# document id → (its text, the text normalised): the last normalisation of each document's text.
_NORMALISED: dict[str, tuple[str, str]] = {}


class QuoteIndex:
    """Normalised document texts, computed once, for fast membership checks."""

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._normal: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self.closest_budget = CLOSEST_BUDGET
        self._hints: dict[tuple[str, str], str] = {}

    def normal(self, document: str) -> str:
        if document not in self._normal:
            text = self._texts[document]
            # The loader hands back the same text object while a document file is unchanged, so
            # under `briefing serve` a text is normalised once, not after every save.
            kept = _NORMALISED.get(document)
            if kept is None or kept[0] is not text:
                kept = _NORMALISED[document] = (text, normalise(text))
            self._normal[document] = kept[1]
        return self._normal[document]

    def occurs(self, document: str, quote: str) -> bool:
        return normalise(quote) in self.normal(document)

    def occurs_ignoring_case(self, document: str, quote: str) -> bool:
        if document not in self._folded:
            self._folded[document] = self.normal(document).casefold()
        return normalise(quote).casefold() in self._folded[document]

    def not_found_hint(self, document: str, quote: str) -> str:
        """What to do about a quote that does not occur: its closest passage while the search budget
        lasts (CLOSEST_BUDGET), then plain advice."""
        key = (document, normalise(quote))
        if key in self._hints:  # the same failing quote cited again: searched once
            return self._hints[key]
        size = len(self.normal(document))
        if size > self.closest_budget:
            return ("copy the passage exactly from the document (no closest passage looked for: "
                    "so many quotes fail that searching would take too long; fix these first)")
        self.closest_budget -= size
        closest = self.closest(document, quote)
        hint = self._hints[key] = (f"closest passage: \"{closest}\"" if closest
                                   else "copy the passage exactly from the document")
        return hint

    def closest(self, document: str, quote: str) -> str:
        """The passage of the document nearest to a quote that failed (for the error message)."""
        from rapidfuzz import fuzz

        text = self.normal(document)
        needle = normalise(quote)
        # Aligning a long quote against a long document costs len(quote) × len(text): past a budget,
        # align the quote's opening words only and show a passage of the quote's length from there.
        probe = needle if len(needle) * len(text) <= _ALIGN_BUDGET else needle[:64]
        alignment = fuzz.partial_ratio_alignment(probe, text)
        if alignment is None or alignment.score < 60:
            return ""
        start = alignment.dest_start
        end = alignment.dest_end if probe is needle else min(len(text), start + len(needle))
        # Widen to whole words: "aided a house" is shown as "raided a house".
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        passage = text[start:end]
        return passage if len(passage) <= 160 else passage[:157] + "…"
