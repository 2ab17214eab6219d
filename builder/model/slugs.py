"""Ids from titles and names: lowercase ASCII words joined by hyphens, transliterated.

python-slugify (with text-unidecode) writes any script in Latin letters, so a Georgian, Arabic or
Cyrillic title gives a readable id ("თბილისი" → "tbilisi", "Москва" → "moskva", "Ørsted" →
"orsted") instead of an empty or mangled one. The apostrophes some transliterations use for
aspirated or soft letters are dropped first: they would split a word in two.
"""

from __future__ import annotations

from slugify import slugify
from text_unidecode import unidecode

_MARKS = str.maketrans("", "", "'`\u02bc\u02b9")  # apostrophes and modifier letters left by transliteration


def slug(text: str, limit: int = 60) -> str:
    """*text* as an id: at most *limit* characters, cut at a word boundary; '' if nothing is left."""
    return slugify(unidecode(text).translate(_MARKS), max_length=limit, word_boundary=True)
