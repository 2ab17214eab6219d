"""Rule-based extraction: a source document → draft events for an editor to review.

Offline, deterministic and fast (no model, no network). A *happening* is a sentence that has an
event verb ("killed", "struck", "joined" …) and a date expression. For each one the extractor
proposes a draft event:

- the date, absolute ("between November 24 and 27", "in late November 2025") or relative ("on
  Wednesday", "last month", "the following day"), resolved against the document's `published`
  date (or the previous dated sentence) with the precision the words allow, and a `date_note`
  saying how it was resolved;
- places, actors and the operation, matched through the briefing's names and aliases (and close
  spellings); unknown proper names are listed as candidates for new records;
- figures with their qualifiers ("over 130 mortars" → value 130, over);
- the sentence itself as the quote (checked with quotes.QuoteIndex);
- a hint when an event already in the briefing looks like the same happening.

Dates are resolved by hand-written rules rather than `dateparser`: `bench/extract_quality.py`
measures both on the shipped documents' phrases; rules resolve every phrase the way the data
format asks (ranges, early/mid/late, "the following day" against the previous sentence) and are
two orders of magnitude faster.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz, process

from builder.load.quotes import QuoteIndex
from builder.model.dates import DateError, FuzzyDate, parse_date

# --- words -----------------------------------------------------------------------------------

MONTH_NAMES = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTH_NAMES.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                    "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "a hundred": 100,
}
ORDINAL_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

_MONTH = (r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _m(n: str) -> str:
    return _MONTH.format(n=n)


def _d(n: str) -> str:
    return _DAY.format(n=n)


def _y(n: str) -> str:
    return _YEAR.format(n=n)


# Event verbs → event type, in priority order (the first that matches names the type).
_TYPE_RULES: list[tuple[str, str]] = [
    ("bombing", r"suicide bomb\w*|car bomb\w*|explosion|exploded|detonated an explosive|bombing"),
    ("airstrike", r"air ?strikes?|airstrikes?|struck|strikes? (?:on|against)|drone strike|bombed"),
    ("raid", r"raid(?:s|ed|ing)?"),
    ("attack", r"attack(?:s|ed|ing)?|assault(?:s|ed)?|killed|gunman|ambush(?:ed)?|opened fire|claimed responsibility"),
    ("arrest", r"arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|captur(?:e|ed|ing)|apprehended|taken into custody"),
    ("weapons-destroyed", r"destroy(?:s|ed|ing)?|destruction|eliminated|demolished"),
    ("seizure", r"seiz(?:e|ed|es|ing)|seizure|confiscat(?:e|ed|ing)"),
    ("withdrawal", r"withdr(?:ew|aw|awn|awal)|pull(?:ed)?[- ]out|pulled out"),
    ("deployment", r"deploy(?:s|ed|ing)?"),
    ("agreement", r"agreed|agreement|signed|deal"),
    ("organisation", r"join(?:s|ed|ing)?|formed|founded|established|integrat(?:e|ed|ion)"),
    ("political-change", r"fall of|overthrow\w*|ouster|toppled"),
    ("meeting", r"\bmet\b|meets?|meeting|talks|spoke (?:to|with)|visit(?:s|ed|ing)?"),
    ("report", r"report(?:s|ed)? by|highlighted|published"),
    ("statement", r"announc(?:e|ed|es|ing)|claimed|stated|said|declared|revealed|reported|confirmed"),
    ("other", r"launch(?:ed|es)?|conducted|carried out|targeted|foiled|backed|supported"),
]
_TYPE_PATTERNS = [(kind, re.compile(rf"(?i)(?<![\w-])(?:{words})(?![\w-])")) for kind, words in _TYPE_RULES]
# Roles an actor mentioned before the verb plays, per type.
_SUBJECT_ROLE = {"statement": "stated", "report": "reported", "meeting": "attended", "organisation": "joined",
                 "political-change": "mentioned"}

# Words that start a sentence without being names, and title words around names.
_STOP = {
    "a", "about", "according", "across", "after", "against", "all", "also", "although", "amid",
    "an", "and", "another", "any", "as", "at", "because", "before", "behind", "between", "both",
    "but", "by", "despite", "during", "each", "earlier", "even", "every", "experts", "for", "from",
    "further", "furthermore", "he", "her", "his", "however", "if", "in", "including", "it", "its",
    "last", "later", "many", "meanwhile", "more", "moreover", "most", "much", "now", "observers",
    "on", "once", "one", "other", "others", "our", "over", "several", "she", "since", "so", "some",
    "such", "than", "that", "the", "their", "then", "there", "these", "they", "this", "those",
    "though", "through", "thus", "to", "today", "under", "unlike", "until", "we", "what", "when",
    "where", "whether", "which", "while", "who", "with", "within", "without", "yet", "you",
    "analysts", "data", "security", "interior", "president", "general", "minister", "chief",
    "commander", "brigadier", "colonel", "admiral", "defence", "defense", "head", "director",
    "envoy", "officer", "officials", "us"
}
_TITLE_WORDS = {"president", "general", "gen", "brig", "brig.-gen", "brigadier", "colonel", "col",
                "admiral", "adm", "minister", "chief", "commander", "head", "envoy", "director", "mr", "mrs",
                "ms", "dr", "maj", "lt", "capt", "sheikh", "interior", "security", "defence", "defense",
                "syrian", "us", "u.s.", "american", "deputy", "senior", "prime", "foreign", "state", "media",
                "retired", "ret", "local", "former", "top", "new"}
_CONNECTORS = {"al", "el", "bin", "ibn", "de", "of", "for", "the", "and", "abu", "abdel", "abd"}
_PLACE_HINTS = re.compile(r"(?i)\b(?:city|province|governorate|region|desert|village|town|countryside|"
                          r"district|base|camp|border|area)\b")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "adm", "gen", "brig", "col", "maj", "lt", "capt", "sgt", "st",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                  "no", "vs", "etc", "inc", "ltd", "co", "jr", "sr", "ret", "approx", "brig.-gen"}


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int  # 1-based line of the document body
    index: int  # order in the document
    paragraph_start: bool


_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(body: str) -> list[Sentence]:
    """Sentences line by line (a sentence never spans a line break, so it is always quotable)."""
    sentences: list[Sentence] = []
    for line_number, line in enumerate(body.splitlines(), start=1):
        text = line.strip()
        if not text:
            continue
        start = 0
        first = True
        for match in _BREAK.finditer(text):
            before = text[start:match.start() + 1]
            word = before.rsplit(None, 1)[-1] if before.split() else ""
            bare = word.rstrip(".").lstrip("(\"“'‘").lower()
            if bare in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare):
                continue  # "Adm. Brad Cooper", "U.S. President"
            piece = text[start:match.end()].strip()
            if piece:
                sentences.append(Sentence(piece, line_number, len(sentences), first))
                first = False
            start = match.end()
        piece = text[start:].strip()
        if piece:
            sentences.append(Sentence(piece, line_number, len(sentences), first))
    return sentences


# --- dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateGuess:
    """A date expression found in a sentence and what it resolves to."""

    phrase: str
    start_char: int
    end_char: int
    edtf: str
    qualifier: str | None
    note: str
    relative: bool
    since: bool = False  # "since November 2025": a starting point, not the happening's date

    @property
    def when(self) -> FuzzyDate:
        return parse_date(self.edtf, self.qualifier)


@dataclass
class DateContext:
    published: FuzzyDate
    published_text: str
    anchor: DateGuess | None = None  # the previous sentence's date, for "the following day"


def _month(text: str) -> int:
    return MONTH_NAMES[text.rstrip(".").lower()]


def _iso(day: date) -> str:
    return day.isoformat()


def _span_text(first: date, last: date, approximate: bool = False) -> str:
    flag = "~" if approximate else ""
    if first == last:
        return _iso(first) + flag
    return f"{_iso(first)}{flag}/{_iso(last)}{flag}"


def _infer_year(month: int, day: int | None, ctx: DateContext) -> tuple[int, str]:
    """The latest year in which month/day is not after the publication date (news reports the past)."""
    limit = ctx.published.end
    year = limit.year
    probe = date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
    if probe > limit:
        year -= 1
    return year, f"year not stated: taken as {year}, the latest not after the publication date ({ctx.published_text})"


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _weekday_on_or_before(limit: date, weekday: int) -> date:
    return limit - timedelta(days=(limit.weekday() - weekday) % 7)


def _published_words(ctx: DateContext) -> str:
    return f"a document published {ctx.published_text}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# Each rule: a pattern and a resolver (match, context) → (edtf, qualifier, note) or None.
Resolver = Callable[[re.Match, DateContext], "tuple[str, str | None, str] | None"]


def _r_range_same_month(m: re.Match, ctx: DateContext):
    month, first, last = _month(m["m1"]), int(m["d1"]), int(m["d2"])
    year, note = (int(m["y1"]), "") if m["y1"] else _infer_year(month, last, ctx)
    if not (_valid_day(year, month, first) and _valid_day(year, month, last)) or last < first:
        return None
    return _span_text(date(year, month, first), date(year, month, last)), None, note


def _r_range_two_months(m: re.Match, ctx: DateContext):
    m1, d1, m2, d2 = _month(m["m1"]), int(m["d1"]), _month(m["m2"]), int(m["d2"])
    stated = m["y1"] or m["y0"]
    year, note = (int(stated), "") if stated else _infer_year(m2, d2, ctx)
    first_year = year - 1 if m1 > m2 else year
    if not (_valid_day(first_year, m1, d1) and _valid_day(year, m2, d2)):
        return None
    return _span_text(date(first_year, m1, d1), date(year, m2, d2)), None, note


def _r_day(m: re.Match, ctx: DateContext):
    month, day = _month(m["m1"]), int(m["d1"])
    year, note = (int(m["y1"]), "") if m["y1"] else _infer_year(month, day, ctx)
    if not _valid_day(year, month, day):
        return None
    return _iso(date(year, month, day)), None, note


def _r_half_month(m: re.Match, ctx: DateContext):
    month = _month(m["m1"])
    year, note = (int(m["y1"]), "") if m["y1"] else _infer_year(month, None, ctx)
    last = calendar.monthrange(year, month)[1]
    first_half = m["half"].lower() == "first"
    span = (date(year, month, 1), date(year, month, 15)) if first_half else (date(year, month, 16),
                                                                              date(year, month, last))
    return _span_text(*span), None, note


_QUALIFIER_WORDS = {"early": "early", "the beginning of": "early", "the start of": "early", "mid": "mid",
                    "the middle of": "mid", "late": "late", "the end of": "late"}


def _r_qualified_month(m: re.Match, ctx: DateContext):
    month = _month(m["m1"])
    year, note = (int(m["y1"]), "") if m["y1"] else _infer_year(month, None, ctx)
    return f"{year}-{month:02d}", _QUALIFIER_WORDS[m["q"].lower()], note


def _r_month(m: re.Match, ctx: DateContext):
    month = _month(m["m1"])
    groups = m.groupdict()
    if groups.get("y1"):
        return f"{int(m['y1'])}-{month:02d}", None, ""
    if groups.get("rel"):
        year = ctx.published.end.year - (1 if m["rel"].lower() == "last" else 0)
        return f"{year}-{month:02d}", None, (f"'{m['rel'].lower()} year' in {_published_words(ctx)} → {year}")
    year, note = _infer_year(month, None, ctx)
    return f"{year}-{month:02d}", None, note


def _r_qualified_year(m: re.Match, ctx: DateContext):
    return m["y1"], _QUALIFIER_WORDS[m["q"].lower()], ""


def _r_year(m: re.Match, ctx: DateContext):
    return m["y1"], None, ""


def _r_weekday(m: re.Match, ctx: DateContext):
    weekday = WEEKDAYS[m["wd"].lower()]
    published = ctx.published
    approximate = published.approximate
    first = _weekday_on_or_before(published.start, weekday)
    last = _weekday_on_or_before(published.end, weekday)
    text = _span_text(first, last, approximate)
    shown = _iso(first) if first == last else f"{_iso(first)} … {_iso(last)}"
    why = ("the latest " + m["wd"] + " on or before the publication date"
           + ("" if first == last else " (the publication date is not a single day)")
           + ("; approximate, as the publication date is" if approximate else ""))
    return text, None, f"'{m.group(0).strip()}' in {_published_words(ctx)} → {shown}: {why}"


def _r_relative(m: re.Match, ctx: DateContext):
    phrase = m.group(0).strip()
    lower = re.sub(r"\s+", " ", phrase.lower())
    published = ctx.published
    p_first, p_last = published.start, published.end
    approximate = published.approximate
    anchor = ctx.anchor
    where = _published_words(ctx)
    if lower == "yesterday":
        first, last = p_first - timedelta(days=1), p_last - timedelta(days=1)
        return _span_text(first, last, approximate), None, f"'{phrase}' in {where} → the day before"
    if lower in ("today", "this morning", "tonight", "this evening"):
        return _span_text(p_first, p_last, approximate), None, f"'{phrase}' in {where} → the publication day"
    if lower == "last week":
        first = _weekday_on_or_before(p_first, 0) - timedelta(days=7)
        last = p_last - timedelta(days=1)
        return (_span_text(first, last, approximate), None,
                (f"'{phrase}' in {where} → {_iso(first)} … {_iso(last)} (from the Monday of the previous "
                 "week to the day before publication)"))
    if lower in ("this week", "earlier this week"):
        first = _weekday_on_or_before(p_first, 0)
        return (_span_text(first, p_last, approximate), None,
                f"'{phrase}' in {where} → {_iso(first)} … {_iso(p_last)}")
    if lower in ("last month", "the previous month", "a month ago"):
        y1, m1 = _shift_month(p_first.year, p_first.month, -1)
        y2, m2 = _shift_month(p_last.year, p_last.month, -1)
        text = f"{y1}-{m1:02d}" if (y1, m1) == (y2, m2) else f"{y1}-{m1:02d}/{y2}-{m2:02d}"
        return text, None, f"'{phrase}' in {where} → {calendar.month_name[m1]} {y1}"
    if lower in ("this month", "earlier this month"):
        if lower.startswith("earlier") and published.precision == "day" and p_first.day > 1:
            first = p_first.replace(day=1)
            last = p_first - timedelta(days=1)
            return (_span_text(first, last, approximate), None,
                    f"'{phrase}' in {where} → {_iso(first)} … {_iso(last)}")
        return (f"{p_first.year}-{p_first.month:02d}", None,
                f"'{phrase}' in {where} → {calendar.month_name[p_first.month]} {p_first.year}")
    if lower in ("last year", "the previous year", "a year ago"):
        year = p_first.year - 1
        return str(year), None, f"'{phrase}' in {where} → {year}"
    if lower in ("recently", "in recent weeks", "in recent days"):
        y1, m1 = _shift_month(p_first.year, p_first.month, -2)
        text = f"{y1}-{m1:02d}/{p_last.year}-{p_last.month:02d}"
        return text, None, (f"'{phrase}' in {where} → {calendar.month_name[m1]} {y1} … "
                            f"{calendar.month_name[p_last.month]} {p_last.year} (vague: taken as the months up to "
                            "publication; narrow it if another source dates it)")
    if lower in ("this year", "earlier this year"):
        return str(p_first.year), None, f"'{phrase}' in {where} → {p_first.year}"
    # Relative to the previous dated sentence.
    if anchor is None:
        return None
    a_when = anchor.when
    after = f"'{phrase}' after '{anchor.phrase}' ({anchor.edtf}{' ' + anchor.qualifier if anchor.qualifier else ''})"
    if lower in ("earlier that month", "earlier in the month", "earlier the same month"):
        first = a_when.start.replace(day=1)
        last = a_when.start - timedelta(days=1)
        if last < first or a_when.precision != "day":
            return f"{first.year}-{first.month:02d}", None, f"{after} → {calendar.month_name[first.month]} {first.year}"
        shown = _iso(first) if first == last else f"{_iso(first)} … {_iso(last)}"
        return _span_text(first, last), None, f"{after} → {shown} (that month, before it)"
    if lower in ("later that month", "later in the month", "later the same month"):
        first = a_when.end + timedelta(days=1)
        last = a_when.end.replace(day=calendar.monthrange(a_when.end.year, a_when.end.month)[1])
        if last < first or a_when.precision != "day":
            return f"{first.year}-{first.month:02d}", None, f"{after} → {calendar.month_name[first.month]}"
        return _span_text(first, last), None, f"{after} → {_iso(first)} … {_iso(last)} (that month, after it)"
    if lower in ("that month", "the same month"):
        return f"{a_when.start.year}-{a_when.start.month:02d}", None, f"{after} → the same month"
    if lower in ("the same day", "that day", "the same date"):
        return anchor.edtf, anchor.qualifier, f"{after} → the same date"
    shift = {"the following day": 1, "the next day": 1, "a day later": 1, "the day after": 1,
             "one day later": 1, "two days later": 2, "three days later": 3, "the previous day": -1,
             "the day before": -1, "a day earlier": -1, "a week later": 7, "the following week": 7}.get(lower)
    if shift is None or a_when.precision != "day":
        return None
    base = a_when.end if shift > 0 else a_when.start
    target = base + timedelta(days=shift)
    if lower.endswith("week"):
        return (_span_text(target - timedelta(days=target.weekday()), target - timedelta(days=target.weekday() - 6)),
                None, f"{after} → the week of {_iso(target)}")
    return _iso(target), None, f"{after} → {_iso(target)}"


_RELATIVE_WORDS = (r"recently|in recent weeks|in recent days|yesterday|today|this morning|last week|this week|earlier this week|last month|"
                   r"the previous month|a month ago|this month|earlier this month|last year|the previous year|"
                   r"a year ago|this year|earlier this year|earlier that month|earlier in the month|"
                   r"earlier the same month|later that month|later in the month|later the same month|"
                   r"the same day|the following day|the next day|a day later|the day after|one day later|"
                   r"two days later|three days later|the previous day|the day before|a day earlier|"
                   r"a week later|the following week")

_DATE_RULES: list[tuple[re.Pattern, Resolver, bool]] = [
    # absolute
    (re.compile(rf"(?:between|from)\s+{_m('m1')}\s+{_d('d1')}(?:,?\s+{_y('y0')})?\s+(?:and|to|until|through|-|–)\s+"
                rf"{_m('m2')}\s+{_d('d2')}(?:,?\s+{_y('y1')})?"), _r_range_two_months, False),
    (re.compile(rf"(?:(?:between|from)\s+)?{_m('m1')}\s+{_d('d1')}\s*(?:and|to|until|through|-|–|—)\s*"
                rf"{_d('d2')}(?![\d:])(?:,?\s+{_y('y1')})?"), _r_range_same_month, False),
    (re.compile(rf"(?:(?:between|from)\s+)?{_d('d1')}\s*(?:and|to|-|–)\s*{_d('d2')}\s+{_m('m1')}(?:,?\s+{_y('y1')})?"),
     _r_range_same_month, False),
    (re.compile(rf"(?i:in\s+)?(?i:the\s+)?(?P<half>(?i:first|second))\s+(?i:half)\s+of\s+{_m('m1')}(?:\s+{_y('y1')})?"),
     _r_half_month, False),
    (re.compile(rf"(?<![\w-]){_m('m1')}\s+{_d('d1')}(?![\d:])(?:,?\s+{_y('y1')})?"), _r_day, False),
    (re.compile(rf"(?<![\w-]){_d('d1')}\s+{_m('m1')}(?:,?\s+{_y('y1')})?"), _r_day, False),
    (re.compile(rf"(?P<q>(?i:early|mid|late|the beginning of|the start of|the middle of|the end of))[- ]"
                rf"{_m('m1')}(?:,?\s+{_y('y1')})?"), _r_qualified_month, False),
    (re.compile(rf"(?<![\w-]){_m('m1')}(?:,?\s+(?:of\s+)?{_y('y1')}|\s+(?P<rel>last|this)\s+year)"), _r_month, False),
    (re.compile(rf"(?i:in|during|by|until|since|throughout|on)\s+{_m('m1')}(?![\w-])(?!,?\s+\d)"), _r_month, False),
    (re.compile(rf"(?P<q>(?i:early|mid|late))[- ]{_y('y1')}"), _r_qualified_year, False),
    (re.compile(rf"(?i:in|during|by|until|since|of)\s+{_y('y1')}(?![\d-])"), _r_year, False),
    # relative
    (re.compile(rf"(?:(?i:on|last)\s+)?{_WEEKDAY}(?!\s*,?\s*(?:{_m('mx')}|\d))"), _r_weekday, True),
    (re.compile(rf"(?i)(?<![\w-])(?:{_RELATIVE_WORDS})(?![\w-])"), _r_relative, True),
]


def find_dates(text: str, ctx: DateContext) -> list[DateGuess]:
    """Every date expression in a sentence, resolved; earlier rules win where two overlap."""
    taken: list[tuple[int, int]] = []
    found: list[DateGuess] = []
    for pattern, resolver, relative in _DATE_RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            resolved = resolver(match, ctx)
            if resolved is None:
                continue
            edtf, qualifier, note = resolved
            try:
                when = parse_date(edtf, qualifier)
            except DateError:
                continue
            if when.start > ctx.published.end:
                taken.append((start, end))  # a plan or a forecast, not a reported happening
                continue
            phrase = match.group(0).strip()
            if note and not note.startswith("'"):
                note = f"'{phrase}' → {edtf}{' (' + qualifier + ')' if qualifier else ''}: {note}"
            since = bool(re.match(r"(?i)since\b", phrase)) or bool(re.search(r"(?i)\bsince\s*$", text[:start]))
            taken.append((start, end))
            found.append(DateGuess(phrase, start, end, edtf, qualifier, note, relative, since))
    found.sort(key=lambda guess: guess.start_char)
    return found


def resolve_phrase(phrase: str, published: str, anchor: str | None = None) -> DateGuess | None:
    """Resolve one date phrase against a publication date (and an anchor date): for tests and benches."""
    ctx = DateContext(parse_date(published), published)
    if anchor:
        found = find_dates(anchor, ctx)
        ctx.anchor = found[0] if found else None
    found = find_dates(phrase, ctx)
    return found[0] if found else None


# --- names -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameHit:
    kind: str  # actor | place | operation
    id: str
    text: str
    start: int
    end: int
    fuzzy: str | None = None  # the spelling it is close to, for close matches


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("’", "'").replace("–", "-").replace("—", "-")


class Gazetteer:
    """Every spelling of every actor, place and operation, matched with word boundaries."""

    def __init__(self, records: dict[str, list[Any]]):
        self.kinds: dict[str, str] = {}
        self.spellings: dict[str, tuple[str, str]] = {}  # casefolded spelling → (kind, id)
        self.written: dict[str, str] = {}  # casefolded spelling → as the record writes it
        self.place_kinds: dict[str, str] = {}
        self.governorate_of: dict[str, str | None] = {}
        self.actor_kinds: dict[str, str] = {}
        exact, folded = [], []
        for kind in ("operation", "place", "actor"):
            for record in records.get(kind, []):
                names = [record.name, *record.aliases]
                if kind == "place":
                    self.place_kinds[record.id] = record.kind
                    self.governorate_of[record.id] = record.governorate
                if kind == "actor":
                    self.actor_kinds[record.id] = record.kind
                for name in names:
                    name = _fold(name).strip()
                    if len(name) < 2:
                        continue
                    key = name.casefold()
                    if key in self.spellings:
                        continue
                    self.spellings[key] = (kind, record.id)
                    self.written[key] = name
                    (exact if not any(c.islower() for c in name) else folded).append(name)
        self._exact = self._compile(exact, 0)
        self._folded = self._compile(folded, re.IGNORECASE)
        self._fuzzy_choices = [s for s in self.spellings if len(s) >= 5]

    @staticmethod
    def _compile(names: list[str], flags: int) -> re.Pattern | None:
        if not names:
            return None
        names = sorted(set(names), key=len, reverse=True)
        body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)

    def find(self, text: str) -> list[NameHit]:
        text = _fold(text)
        hits: list[NameHit] = []
        for pattern in (self._exact, self._folded):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = re.sub(r"\s+", " ", match.group(0)).casefold()
                kind, record_id = self.spellings[key]
                hits.append(NameHit(kind, record_id, match.group(0), match.start(), match.end()))
        # Longest first, then drop overlaps.
        hits.sort(key=lambda h: (-(h.end - h.start), h.start))
        chosen: list[NameHit] = []
        for hit in hits:
            if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
                chosen.append(hit)
        return sorted(chosen, key=lambda h: h.start)

    def close(self, name: str) -> tuple[str, str, str] | None:
        """(kind, id, spelling) of a record spelled close to name ('Idleb' ~ 'Idlib'), or None."""
        folded = _fold(name).casefold()
        if len(folded) < 5 or not self._fuzzy_choices:
            return None
        match = process.extractOne(folded, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=80)
        if match is None:
            return None
        spelling = match[0]
        # 'Syrian' is not a spelling of 'Syria': an inflection is a different word.
        if folded.startswith(spelling) or spelling.startswith(folded) or abs(len(spelling) - len(folded)) > 2:
            return None
        kind, record_id = self.spellings[spelling]
        return kind, record_id, self.written[spelling]


_WORD = re.compile(r"[A-Za-z][\w'’.\-]*|\d[\d,.]*")


def proper_names(text: str, covered: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Capitalised word sequences not already matched ('Ghassan Bakir', 'al-Badrousiya')."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    names: list[tuple[str, int, int]] = []
    run: list[tuple[str, int, int]] = []

    def capital(word: str) -> bool:
        core = re.sub(r"^(?:al|el)-", "", word)
        return core[:1].isupper()

    def flush() -> None:
        while run and (run[-1][0].lower() in _CONNECTORS or run[-1][0].lower().rstrip(".") in _TITLE_WORDS):
            run.pop()
        while run and (run[0][0].lower().rstrip(".") in _TITLE_WORDS or run[0][0].lower() in _CONNECTORS
                       or (run[0][1] == sentence_start and run[0][0].lower() in _STOP)):
            run.pop(0)
        if run:
            words = [w for w, _, _ in run]
            name = text[run[0][1]:run[-1][2]].rstrip(".,;:'’")
            lower = [w.lower().rstrip(".") for w in words]
            single_common = len(words) == 1 and (
                lower[0] in _STOP or lower[0] in MONTH_NAMES or lower[0] in WEEKDAYS or len(name) < 3)
            if not single_common and not any(w in MONTH_NAMES or w in WEEKDAYS for w in lower):
                names.append((name, run[0][1], run[-1][2]))
        run.clear()

    sentence_start = tokens[0][1] if tokens else 0
    for word, start, end in tokens:
        inside = any(a <= start < b for a, b in covered)
        if inside:
            flush()
            continue
        if capital(word) and not word[0].isdigit() or run and word.lower() in _CONNECTORS:
            run.append((word, start, end))
        else:
            flush()
    flush()
    return names


# --- figures ---------------------------------------------------------------------------------

_QUALIFIER_PHRASES = {
    "more than": "over", "over": "over", "upwards of": "over", "in excess of": "over",
    "at least": "at-least", "no fewer than": "at-least", "not less than": "at-least",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "nearly": "about",
    "almost": "about", "some": "about", "an estimated": "about", "close to": "about",
    "up to": "up-to", "as many as": "up-to",
}
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
           + r")")
_FIGURE = re.compile(
    r"(?i)(?<![\w.,])(?:(?P<qual>" + "|".join(sorted(_QUALIFIER_PHRASES, key=len, reverse=True)) + r")\s+)?"
    + _NUMBER + r"(?![\w%])(?!,\d)(?P<rest>(?:\s+[\w'’\-]+){0,6})")
_CASUALTY = [("killed", r"killed|dead|died|deaths|killing"), ("injured", r"injured|wounded|injuring"),
             ("arrested", r"arrested|detained|captured|apprehended|taken into custody")]
_UNIT_STOP = {
    "and", "or", "of", "in", "on", "at", "to", "from", "by", "for", "with", "was", "were", "are",
    "is", "have", "has", "had", "been", "be", "that", "which", "who", "while", "as", "after",
    "before", "during", "when", "this", "these", "those", "their", "its", "his", "her", "the", "a",
    "an", "into", "across", "than", "per", "including", "alongside", "along"
}


@dataclass
class FigureGuess:
    measure: str
    value: float | None
    min: float | None
    max: float | None
    qualifier: str
    unit: str | None
    phrase: str


def _slug(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def find_figures(text: str, dates: list[DateGuess]) -> list[FigureGuess]:
    figures: list[FigureGuess] = []
    for match in _FIGURE.finditer(text):
        start = match.start("num")
        if any(d.start_char <= start < d.end_char for d in dates):
            continue
        raw = match["num"].lower()
        if raw.isdigit() and 1900 <= int(raw) <= 2100 and not match["qual"]:
            continue  # a year
        rest = match["rest"] or ""
        rest_words = rest.split()
        if rest_words and rest_words[0].lower() in ("per", "percent", "%", "th", "st", "nd", "rd", "years",
                                                    "year", "days", "months", "weeks", "hours", "am", "pm"):
            continue
        number = NUMBER_WORDS.get(raw)
        if number is None:
            try:
                number = float(raw.replace(",", ""))
            except ValueError:
                continue
        if number == 0:
            continue
        qualifier = _QUALIFIER_PHRASES.get((match["qual"] or "").lower(), "exactly")
        if raw in ("a dozen", "a hundred") and qualifier == "exactly":
            qualifier = "about"
        # The counted thing: the words after the number up to a function word.
        unit_words: list[str] = []
        for position, word in enumerate(rest_words):
            bare = word.strip(",.;:’'\"“”()")
            following = rest_words[position + 1].lower() if position + 1 < len(rest_words) else ""
            if bare.lower() == "and" and unit_words and following and following not in _UNIT_STOP:
                unit_words.append(bare)  # "mortars and rockets"
                continue
            if not bare or bare.lower() in _UNIT_STOP:
                break
            unit_words.append(bare)
            if word[-1:] in ",.;:":
                break
        unit = " ".join(unit_words[:5]) or None
        window = text[max(0, match.start() - 40): min(len(text), match.end() + 40)]
        measure = None
        for name, words in _CASUALTY:
            if re.search(rf"(?i)\b(?:{words})\b", window):
                measure = name
                break
        if measure is None:
            if not unit:
                continue
            measure = _slug(unit, 40)
            if not measure or not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", measure):
                continue
        value = float(number)
        figure = FigureGuess(measure, value, None, None, qualifier, unit, match.group(0).strip())
        if qualifier == "at-least":
            figure.value, figure.min = None, value
        elif qualifier == "up-to":
            figure.value, figure.max = None, value
        figures.append(figure)
    return figures


# --- drafts ----------------------------------------------------------------------------------


@dataclass
class Draft:
    id: str
    title: str
    date: DateGuess
    type: str
    summary: str
    places: list[str]
    actors: list[tuple[str, str]]  # (actor id, role)
    operation: str | None
    figures: list[FigureGuess]
    document: str
    quote: str
    quote_verified: bool
    line: int
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (name, "actor"/"place")
    close_spellings: list[str] = field(default_factory=list)
    context_places: list[str] = field(default_factory=list)  # borrowed from undated neighbouring sentences
    duplicates: list[str] = field(default_factory=list)  # hints
    other_dates: list[str] = field(default_factory=list)

    @property
    def when(self) -> FuzzyDate:
        return self.date.when

    def event_data(self) -> dict[str, Any]:
        """The draft as event fields (what `briefing promote` validates)."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date.edtf,
            "date_qualifier": self.date.qualifier,
            "date_note": self.date.note or None,
            "type": self.type,
            "summary": self.summary,
            "places": list(self.places),
            "actors": [{"actor": actor, "role": role} for actor, role in self.actors],
            "operation": self.operation,
            "figures": [],
            "claims": [],
            "sources": [{"document": self.document, "quote": self.quote}],
            "tags": [],
            "credibility": 6,
        }
        for figure in self.figures:
            item: dict[str, Any] = {"measure": figure.measure}
            for key in ("value", "min", "max"):
                number = getattr(figure, key)
                if number is not None:
                    item[key] = int(number) if float(number).is_integer() else number
            item["qualifier"] = figure.qualifier
            if figure.unit:
                item["unit"] = figure.unit
            item["document"] = self.document
            item["quote"] = self.quote
            data["figures"].append(item)
        return data

    def draft_data(self) -> dict[str, Any]:
        """Draft-only fields: removed by `briefing promote`."""
        data: dict[str, Any] = {"document": self.document, "line": self.line, "date_phrase": self.date.phrase,
                                "quote_verified": self.quote_verified}
        if self.other_dates:
            data["other_dates"] = self.other_dates
        if self.close_spellings:
            data["close_spellings"] = self.close_spellings
        if self.context_places:
            data["places_from_neighbouring_sentences"] = self.context_places
        data["candidates"] = [{"name": name, "kind": kind} for name, kind in self.candidates]
        data["duplicates"] = list(self.duplicates)
        return data


def _event_type(text: str) -> tuple[str, int] | None:
    """The event type a sentence's verbs suggest, and where the deciding verb stands."""
    for kind, pattern in _TYPE_PATTERNS:
        match = pattern.search(text)
        if match:
            return kind, match.start()
    return None


def _verb_positions(text: str) -> list[int]:
    return [m.start() for _, pattern in _TYPE_PATTERNS for m in pattern.finditer(text)]


_PLACE_RANK = {"facility": 0, "site": 0, "village": 1, "town": 1, "district": 2, "city": 2, "region": 3,
               "governorate": 3, "country": 5}


class Extractor:
    """Drafts events from one document, against the briefing's records."""

    def __init__(self, records: dict[str, list[Any]], texts: dict[str, str]):
        self.gazetteer = Gazetteer(records)
        self.events = list(records.get("event", []))
        self.documents = {doc.id: doc for doc in records.get("document", [])}
        self.texts = texts
        self.quotes = QuoteIndex(texts)
        self.existing_ids = {event.id for event in self.events}

    def extract(self, document_id: str) -> list[Draft]:
        document = self.documents[document_id]
        body = self.texts[document_id]
        ctx = DateContext(parse_date(document.published), document.published)
        drafts: list[Draft] = []
        used_ids: set[str] = set(self.existing_ids)
        sentences = split_sentences(body)
        dated: list[list[DateGuess]] = []
        for sentence in sentences:
            text = sentence.text
            if re.match(r"(?i)^(?:updated|published|posted|last modified)\b", text):
                dated.append([])
                continue
            dates = find_dates(text, ctx)
            dated.append(dates)
            if not dates:
                continue
            happenings = _happenings(text, dates)
            if not happenings:
                ctx.anchor = self._choose_date(text, dates)
                continue
            for clause, chosen, kind in happenings:
                if len(text) <= 2000:
                    drafts.append(self._draft(document_id, sentence, clause, chosen, dates, kind, used_ids))
            ctx.anchor = happenings[-1][1]
        self._add_context(drafts, sentences, dated)
        return drafts

    def _add_context(self, drafts: list[Draft], sentences: list[Sentence], dated: list[list[DateGuess]]) -> None:
        """A draft without a specific place borrows those of its undated neighbours (the same happening, told on)."""
        index_of = {(s.line, s.text): i for i, s in enumerate(sentences)}
        for draft in drafts:
            if any(_PLACE_RANK.get(self.gazetteer.place_kinds.get(p, ""), 4) < 3 for p in draft.places):
                continue  # it names a town, city or site already
            i = index_of.get((draft.line, draft.quote))
            if i is None:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(sentences) and not dated[j]:
                    for hit in self.gazetteer.find(_fold(sentences[j].text)):
                        if hit.kind == "place" and hit.id not in draft.places:
                            draft.places.append(hit.id)
                            draft.context_places.append(hit.id)
            draft.places.sort(key=lambda p: _PLACE_RANK.get(self.gazetteer.place_kinds.get(p, ""), 4))

    @staticmethod
    def _choose_date(text: str, dates: list[DateGuess]) -> DateGuess:
        pool = [d for d in dates if not d.since] or dates
        verbs = _verb_positions(text)
        if not verbs or len(pool) == 1:
            return pool[0]

        def distance(guess: DateGuess) -> int:
            return min(min(abs(v - guess.start_char), abs(v - guess.end_char)) for v in verbs)

        return min(pool, key=lambda guess: (distance(guess), guess.start_char))

    def _draft(self, document_id: str, sentence: Sentence, clause: tuple[int, int], chosen: DateGuess,
               dates: list[DateGuess], kind: str, used_ids: set[str]) -> Draft:
        text = sentence.text
        folded_text = _fold(text)
        all_hits = self.gazetteer.find(folded_text)
        hits = [h for h in all_hits if clause[0] <= h.start < clause[1]]
        if not any(h.kind == "place" for h in hits):  # the clause names no place: the sentence's count
            hits += [h for h in all_hits if h.kind == "place" and h not in hits]
        if not any(h.kind == "actor" for h in hits):
            hits += [h for h in all_hits if h.kind == "actor" and h not in hits]
        hits.sort(key=lambda h: h.start)
        covered = [(h.start, h.end) for h in all_hits] + [(d.start_char, d.end_char) for d in dates]
        close_spellings: list[str] = []
        candidates: list[tuple[str, str]] = []
        for name, start, end in proper_names(folded_text, covered):
            close = self.gazetteer.close(name)
            if close is None:
                # A long unknown sequence may hold a close spelling: try its words one by one.
                for word in re.findall(r"[\w'’\-]{5,}", name):
                    close = self.gazetteer.close(word)
                    if close:
                        break
            if close:
                if clause[0] <= start < clause[1] or close[0] == "place":
                    hits.append(NameHit(close[0], close[1], name, start, end, fuzzy=close[2]))
                close_spellings.append(f"'{name}' read as '{close[2]}' ({close[0]} {close[1]})")
                continue
            before = folded_text[max(0, start - 12):start].lower()
            is_place = bool(_PLACE_HINTS.search(folded_text[start:end + 20])) or bool(
                re.search(r"\b(?:in|near|at|from|to|outside|around)\s+$", before))
            candidates.append((name, "place" if is_place else "actor"))
        verb_at = _event_type(text[clause[0]:clause[1]])[1] + clause[0]
        places: list[str] = []
        actors: list[tuple[str, str]] = []
        operation = None
        for hit in hits:
            if hit.kind == "place" and hit.id not in places:
                places.append(hit.id)
            elif hit.kind == "operation" and operation is None:
                operation = hit.id
            elif hit.kind == "actor" and hit.id not in [a for a, _ in actors]:
                actors.append((hit.id, self._role(hit, kind, verb_at, folded_text)))
        places.sort(key=lambda p: _PLACE_RANK.get(self.gazetteer.place_kinds.get(p, ""), 4))
        figures = find_figures(text[clause[0]:clause[1]], [_shifted(d, -clause[0]) for d in dates])
        draft_id = self._new_id(chosen, places, kind, used_ids)
        used_ids.add(draft_id)
        title = _title(_without_leading_date(text, chosen))
        draft = Draft(
            id=draft_id, title=title, date=chosen, type=kind, summary=text, places=places, actors=actors,
            operation=operation, figures=figures, document=document_id, quote=text,
            quote_verified=self.quotes.occurs(document_id, text), line=sentence.line,
            candidates=_unique(candidates), close_spellings=close_spellings,
            other_dates=[f"{d.phrase} → {d.edtf}{' (' + d.qualifier + ')' if d.qualifier else ''}"
                         for d in dates if d is not chosen],
        )
        draft.duplicates = self.duplicates(draft)
        return draft

    def _role(self, hit: NameHit, kind: str, verb_at: int, text: str) -> str:
        actor_kind = self.gazetteer.actor_kinds.get(hit.id, "")
        if actor_kind == "media":
            return "reported"
        before = text[max(0, hit.start - 25):hit.start].lower()
        if re.search(r"\b(?:against|targeting|targeted|on|of)\s+(?:an?\s+|the\s+)?$", before) and actor_kind in (
                "armed-group", "person", "political-group", "other"):
            return "targeted" if kind not in ("attack", "bombing") else "victim"
        if actor_kind == "armed-group" and kind in ("raid", "arrest", "airstrike", "weapons-destroyed", "seizure"):
            return "targeted"
        if re.search(r"\bclaimed\b", text[hit.end:hit.end + 30]) and kind in ("attack", "bombing"):
            return "claimed"
        if hit.start < verb_at:
            return _SUBJECT_ROLE.get(kind, "conducted")
        return "mentioned"

    def _new_id(self, chosen: DateGuess, places: list[str], kind: str, used: set[str]) -> str:
        prefix = re.split(r"[/~?%]", chosen.edtf)[0]
        where = next((p for p in places if self.gazetteer.place_kinds.get(p) != "country"), places[0] if places else "")
        base = "-".join(part for part in (prefix, where, kind) if part)[:72].strip("-")
        candidate, number = base, 2
        while candidate in used:
            candidate = f"{base}-{number}"
            number += 1
        return candidate

    def duplicates(self, draft: Draft, window_days: int = 3) -> list[str]:
        """Events already in the briefing that look like this draft: close dates, a shared place or actor."""
        first = draft.when.start - timedelta(days=window_days)
        last = draft.when.end + timedelta(days=window_days)
        actor_ids = {a for a, _ in draft.actors}
        scored = []
        for event in self.events:
            when = event.when
            if when.start > last or when.end < first:
                continue
            shared_places = set(event.places) & set(draft.places)
            shared_actors = {p.actor for p in event.actors} & actor_ids
            specific = [p for p in shared_places if self.gazetteer.place_kinds.get(p) != "country"]
            score = 2 * len(specific) + len(shared_actors) + 0.5 * (len(shared_places) - len(specific))
            if score < 2:  # a specific place, or two actors: one shared 'ISIS' is no evidence
                continue
            cites = any(c.document == draft.document for c in event.sources)
            scored.append((cites, score, event.id, shared_places | shared_actors))
        scored.sort(key=lambda item: (not item[0], -item[1], item[2]))
        hints = []
        for cites, _, event_id, shared in scored[:3]:
            because = ", ".join(sorted(shared))
            if cites:
                hints.append(f"possible duplicate of {event_id} (already cites this document; shares {because})")
            else:
                hints.append(f"possible duplicate of {event_id}: add this document as a source instead "
                             f"(shares {because})")
        return hints


def _shifted(guess: DateGuess, offset: int) -> DateGuess:
    from dataclasses import replace

    return replace(guess, start_char=guess.start_char + offset, end_char=guess.end_char + offset)


_CLAUSE_BREAK = re.compile(r"[,;:—–]\s|\s(?:and|while|where|after|before|when|which|whereas)\s")


def _happenings(text: str, dates: list[DateGuess]) -> list[tuple[tuple[int, int], DateGuess, str]]:
    """(clause span, date, event type) for each happening a sentence reports.

    Usually one; a sentence with dates in separate clauses, each with its own event verb ("Last week,
    it withdrew from Al Tanf, a US outpost established in 2016"), reports several.
    """
    pool = [d for d in dates if not d.since] or dates
    pool.sort(key=lambda d: d.start_char)
    # Split between consecutive dates at the clause break nearest their midpoint; none → one clause.
    cuts = []
    for left, right in pairwise(pool):
        middle = (left.end_char + right.start_char) / 2
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, left.end_char, right.start_char)]
        if breaks:
            cuts.append(min(breaks, key=lambda b: abs(b - middle)))
    bounds = [0, *cuts, len(text)]
    result = []
    for start, end in pairwise(bounds):
        clause = text[start:end]
        typed = _event_type(clause)
        inside = [d for d in pool if start <= d.start_char < end]
        if typed is None or not inside:
            continue
        verbs = [v + start for v in _verb_positions(clause)]

        def distance(guess: DateGuess, verbs: list[int] = verbs) -> int:
            return min(min(abs(v - guess.start_char), abs(v - guess.end_char)) for v in verbs)

        chosen = min(inside, key=lambda guess: (distance(guess), guess.start_char))
        result.append(((start, end), chosen, typed[0]))
    if not result and len(cuts) and _event_type(text):  # verbs and dates in different clauses: one happening
        typed = _event_type(text)
        verbs = _verb_positions(text)
        chosen = min(pool, key=lambda g: (min(min(abs(v - g.start_char), abs(v - g.end_char)) for v in verbs),
                                          g.start_char))
        result.append(((0, len(text)), chosen, typed[0]))
    return result


def _unique(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, result = set(), []
    for item in items:
        if item[0].casefold() not in seen:
            seen.add(item[0].casefold())
            result.append(item)
    return result


def _without_leading_date(text: str, guess: DateGuess) -> str:
    """'On November 24, 2025, Syria's Interior Ministry announced …' → 'Syria's Interior Ministry announced …'."""
    if guess.start_char <= 3:
        rest = text[guess.end_char:].lstrip(" ,")
        if len(rest) > 20:
            return rest[0].upper() + rest[1:]
    return text


def _title(text: str, limit: int = 110) -> str:
    title = re.sub(r"\s+", " ", text).strip().strip("\"“”")
    if len(title) <= limit:
        return title.rstrip(".")
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"
