"""Dates in a report's sentences, resolved against its publication date.

Sentences are split line by line (a sentence never spans a line break, so it is always quotable).
Dates are absolute ("between November 24 and 27", "in late November 2025") or relative ("on
Wednesday", "last month", "the following day", "a day before the raid"), resolved with the
precision the words allow and a note saying how. Inside quoted speech, "today" and "yesterday" are
the statement's days, not the publication's. Vague words ("recently", "lately") give no date: the
guess says so (edtf None) rather than inventing a range.

Dates are resolved by hand-written rules rather than `dateparser`: rules resolve every phrase the
way the data format asks (ranges, early/mid/late, "the following day" against the previous
sentence), and quickly.

The public entry point for other stages is `dates_in_sentence(sentence, published, statement,
anchor)`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from builder.model.dates import DateError, FuzzyDate, parse_date

MONTH_NAMES = {name.lower(): index for index, name in enumerate(calendar.month_name) if name} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12}
WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
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
    edtf: str | None  # None: the words give no date (the draft leaves it open)
    qualifier: str | None
    note: str
    relative: bool
    since: bool = False  # "since November 2025": a starting point, not the happening's date
    quoted: bool = False  # inside quoted speech
    tells_after: bool = False  # 'the attack came three days after the army launched …': the happening follows

    @property
    def open(self) -> bool:
        """'recently', 'lately': a date expression that gives no date."""
        return self.edtf is None

    @property
    def when(self) -> FuzzyDate:
        return parse_date(self.edtf, self.qualifier)


@dataclass
class DateContext:
    published: FuzzyDate
    published_text: str
    anchor: DateGuess | None = None  # the previous sentence's date, for "the following day"
    statement: DateGuess | None = None  # the date of the statement a sentence quotes, for its "today"
    words: str = ""  # how notes name the reference date (default: the publication date)

    def for_quote(self) -> DateContext:
        """The context for words inside quoted speech: 'today' is the day the statement was made."""
        said = self.statement
        if said is None or said.edtf is None:
            return self
        return DateContext(said.when, said.edtf, self.anchor, None,
                           f"a statement made {said.edtf} ('{said.phrase}')")


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
    return ctx.words or f"a document published {ctx.published_text}"


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


_VAGUE_WORDS = r"recently|lately|of late|in recent (?:weeks|days|months)|in the past few (?:weeks|days|months)"


def _r_vague(m: re.Match, ctx: DateContext):
    """'recently', 'lately': no date to give. The draft leaves it open rather than invent a range."""
    phrase = m.group(0).strip()
    return None, None, (f"'{phrase}' in {_published_words(ctx)} gives no date: left open (on or before "
                        f"{ctx.published_text}); fill it in from another source")


def _from_publication(lower: str, phrase: str, ctx: DateContext):
    """'yesterday', 'last week', 'this month' …: relative to the publication (or statement) date."""
    published = ctx.published
    p_first, p_last, approximate = published.start, published.end, published.approximate
    where = _published_words(ctx)
    if lower in ("yesterday", "today", "this morning", "tonight", "this evening", "yesterday's", "today's",
                 "last night"):
        back = timedelta(days=1 if lower.startswith(("yesterday", "last")) else 0)
        shown = "the day before" if back else f"that day ({_iso(p_first)})" if p_first == p_last else "that day"
        return _span_text(p_first - back, p_last - back, approximate), None, f"'{phrase}' in {where} → {shown}"
    if lower in ("over the weekend", "at the weekend", "last weekend", "this weekend", "the weekend"):
        saturday = _weekday_on_or_before(p_last - timedelta(days=1), 5)
        sunday = saturday + timedelta(days=1)
        return (_span_text(saturday, sunday, approximate), None,
                f"'{phrase}' in {where} → {_iso(saturday)} … {_iso(sunday)} (the Saturday and Sunday before)")
    if lower == "last week":
        first, last = _weekday_on_or_before(p_first, 0) - timedelta(days=7), p_last - timedelta(days=1)
        return (_span_text(first, last, approximate), None,
                (f"'{phrase}' in {where} → {_iso(first)} … {_iso(last)} (from the Monday of the previous "
                 "week to the day before publication)"))
    if lower in ("this week", "earlier this week"):
        first = _weekday_on_or_before(p_first, 0)
        return _span_text(first, p_last, approximate), None, f"'{phrase}' in {where} → {_iso(first)} … {_iso(p_last)}"
    if lower in ("last month", "the previous month", "a month ago"):
        y1, m1 = _shift_month(p_first.year, p_first.month, -1)
        y2, m2 = _shift_month(p_last.year, p_last.month, -1)
        text = f"{y1}-{m1:02d}" if (y1, m1) == (y2, m2) else f"{y1}-{m1:02d}/{y2}-{m2:02d}"
        return text, None, f"'{phrase}' in {where} → {calendar.month_name[m1]} {y1}"
    if lower == "earlier this month" and published.precision == "day" and p_first.day > 1:
        first, last = p_first.replace(day=1), p_first - timedelta(days=1)
        return _span_text(first, last, approximate), None, f"'{phrase}' in {where} → {_iso(first)} … {_iso(last)}"
    if lower in ("this month", "earlier this month"):
        return (f"{p_first.year}-{p_first.month:02d}", None,
                f"'{phrase}' in {where} → {calendar.month_name[p_first.month]} {p_first.year}")
    if lower in ("last year", "the previous year", "a year ago"):
        return str(p_first.year - 1), None, f"'{phrase}' in {where} → {p_first.year - 1}"
    if lower in ("this year", "earlier this year"):
        return str(p_first.year), None, f"'{phrase}' in {where} → {p_first.year}"
    return None


_COUNTED = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DAY_SHIFTS = {
    **{f"{word} {unit}s {way}": sign * days * number  # 'four days later', '3 weeks earlier'
       for word, number in [*_COUNTED.items(), *((str(n), n) for n in range(2, 11))]
       for unit, days in (("day", 1), ("week", 7)) for way, sign in (("later", 1), ("earlier", -1))},
    "the following day": 1, "the next day": 1, "a day later": 1, "the day after": 1, "one day later": 1,
    "the previous day": -1, "the day before": -1, "the previous night": -1, "the night before": -1,
    "the previous evening": -1, "a day earlier": -1, "a week later": 7, "a week earlier": -7, "the following week": 7,
}


def _from_anchor(lower: str, phrase: str, anchor: DateGuess):
    """'the following day', 'earlier that month' …: relative to the happening told before."""
    a_when = anchor.when
    after = f"'{phrase}' after '{anchor.phrase}' ({anchor.edtf}{' ' + anchor.qualifier if anchor.qualifier else ''})"
    month_start = a_when.start.replace(day=1)
    if lower in ("earlier that month", "earlier in the month", "earlier the same month"):
        last = a_when.start - timedelta(days=1)
        if last < month_start or a_when.precision != "day":
            return f"{month_start.year}-{month_start.month:02d}", None, f"{after} → {calendar.month_name[month_start.month]} {month_start.year}"
        shown = _iso(month_start) if month_start == last else f"{_iso(month_start)} … {_iso(last)}"
        return _span_text(month_start, last), None, f"{after} → {shown} (that month, before it)"
    if lower in ("later that month", "later in the month", "later the same month"):
        first = a_when.end + timedelta(days=1)
        last = a_when.end.replace(day=calendar.monthrange(a_when.end.year, a_when.end.month)[1])
        if last < first or a_when.precision != "day":
            return f"{first.year}-{first.month:02d}", None, f"{after} → {calendar.month_name[first.month]}"
        return _span_text(first, last), None, f"{after} → {_iso(first)} … {_iso(last)} (that month, after it)"
    if lower in ("that month", "the same month"):
        return f"{a_when.start.year}-{a_when.start.month:02d}", None, f"{after} → the same month"
    if lower in ("the same day", "that day", "the same date", "hours later", "hours earlier", "later that day",
                 "earlier that day", "that evening", "that night", "that morning", "later in the day"):
        return anchor.edtf, anchor.qualifier, f"{after} → the same date"
    shift = _DAY_SHIFTS.get(lower)
    if shift is None or a_when.precision != "day":
        return None
    target = (a_when.end if shift > 0 else a_when.start) + timedelta(days=shift)
    if lower.endswith("week"):
        monday = target - timedelta(days=target.weekday())
        return _span_text(monday, monday + timedelta(days=6)), None, f"{after} → the week of {_iso(target)}"
    return _iso(target), None, f"{after} → {_iso(target)}"


def _r_relative(m: re.Match, ctx: DateContext):
    phrase = m.group(0).strip()
    lower = re.sub(r"\s+", " ", phrase.lower())
    resolved = _from_publication(lower, phrase, ctx)
    if resolved is None and ctx.anchor is not None and ctx.anchor.edtf:
        resolved = _from_anchor(lower, phrase, ctx.anchor)
    return resolved


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _r_days_from(m: re.Match, ctx: DateContext):
    """'a day before Saturday's strikes', 'two days after the raid': a shift from a weekday or the happening told before."""
    phrase = m.group(0).strip()
    count = int(m["n"]) if m["n"].isdigit() else _COUNT_WORDS[m["n"].lower()]
    step = timedelta(days=count * (7 if m["unit"].lower().startswith("week") else 1))
    sign = -1 if m["dir"].lower() == "before" else 1
    if m["wd"]:
        base = _r_weekday(m, ctx)
        if base is None or "/" in base[0]:
            return None
        base_day, base_words = date.fromisoformat(base[0].rstrip("~")), f"{m['wd']} ({base[0].rstrip('~')})"
    elif ctx.anchor is not None and ctx.anchor.edtf and ctx.anchor.when.precision == "day" \
            and not ctx.anchor.when.is_range:
        base_day, base_words = ctx.anchor.when.start, f"'{ctx.anchor.phrase}' ({ctx.anchor.edtf})"
    else:
        return None
    target = base_day + sign * step
    return _iso(target), None, f"'{phrase}' → {m['dir'].lower()} {base_words} → {_iso(target)}"


def _r_came_after(m: re.Match, ctx: DateContext):
    """'The attack came three days after the army launched an operation': the happening told before
    came later, so the one told after the phrase is dated back from it (forward for 'before')."""
    anchor = ctx.anchor
    if anchor is None or not anchor.edtf or anchor.when.precision != "day" or anchor.when.is_range:
        return None
    count = int(m["n"]) if m["n"].isdigit() else _COUNT_WORDS[m["n"].lower()]
    step = timedelta(days=count * (7 if m["unit"].lower().startswith("week") else 1))
    sign = 1 if m["dir"].lower() == "before" else -1
    target = anchor.when.start + sign * step
    phrase = m.group(0)[m.end("lead") - m.start():].strip()
    return _iso(target), None, (f"'{m.group(0).strip()}': '{anchor.phrase}' ({anchor.edtf}) came {phrase} what "
                                f"follows → {_iso(target)}")


_RELATIVE_WORDS = (r"yesterday(?:'s)?|today(?:'s)?|this morning|tonight|this evening|last night|last week|this week|"
                   r"over the weekend|at the weekend|last weekend|this weekend|"
                   r"earlier this week|last month|the previous month|a month ago|this month|earlier this month|"
                   r"last year|the previous year|a year ago|this year|earlier this year|earlier that month|"
                   r"earlier in the month|earlier the same month|later that month|later in the month|"
                   r"later the same month|the same day|hours later|hours earlier|later that day|earlier that day|"
                   r"later in the day|that evening|that night|that morning|"
                   + "|".join(re.escape(words) for words in _DAY_SHIFTS))
_DAYS_FROM = (r"(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<unit>days?|weeks?)\s+(?P<dir>before|after)"
              r"(?:\s+(?:the|last|this|that|its|their)?\s*(?:" + _WEEKDAY.replace("(?P<wd>", "(?P<wd>") + r"(?:'s)?"
              r"|[a-z][\w-]*))?")

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
    (re.compile(r"(?i)(?<![\w-])(?P<lead>(?:came|comes|come|followed|follows|happened|occurred|took\s+place)\s+"
                r"(?:just\s+|only\s+|barely\s+)?)(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+"
                r"(?P<unit>days?|weeks?)\s+(?P<dir>before|after)(?![\w-])"), _r_came_after, True),
    (re.compile(rf"(?i)(?<![\w-]){_DAYS_FROM}"), _r_days_from, True),
    (re.compile(rf"(?i)(?<![\w-])(?:{_VAGUE_WORDS})(?![\w-])"), _r_vague, True),
    (re.compile(rf"(?:(?i:on|last)\s+)?{_WEEKDAY}(?!\s*,?\s*(?:{_m('mx')}|\d))"), _r_weekday, True),
    (re.compile(rf"(?i)(?<![\w-])(?:{_RELATIVE_WORDS})(?![\w-])"), _r_relative, True),
]


_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where quoted speech stands in a sentence (an unclosed quote runs to its end)."""
    return [match.span() for match in _QUOTED.finditer(text)]


def find_dates(text: str, ctx: DateContext) -> list[DateGuess]:
    """Every date expression in a sentence, resolved; earlier rules win where two overlap.

    Relative words inside quoted speech ("These strikes today …") are resolved against the date of
    the statement (ctx.statement) when it is known, else against the publication date.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateGuess] = []
    quoted = quoted_spans(text)
    for pattern, resolver, relative in _DATE_RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            inside = any(a <= start and end <= b for a, b in quoted)
            guess = _resolve(match, resolver, ctx.for_quote() if inside and relative else ctx, text)
            if guess is None:
                continue
            taken.append((start, end))
            if guess.edtf is None or guess.when.start <= ctx.published.end:  # else a plan or a forecast
                found.append(replace(guess, relative=relative, quoted=inside))
    found.sort(key=lambda guess: guess.start_char)
    return found


def _resolve(match: re.Match, resolver: Resolver, ctx: DateContext, text: str) -> DateGuess | None:
    resolved = resolver(match, ctx)
    if resolved is None:
        return None
    edtf, qualifier, note = resolved
    if edtf is not None:
        try:
            parse_date(edtf, qualifier)
        except DateError:
            return None
    start, end = match.span()
    lead = "lead" in match.re.groupindex and match.group("lead") is not None
    if lead:  # 'came three days after': the phrase is the shift; the happening is told after it
        start = match.end("lead")
    phrase = match.string[start:end].strip()
    if note and not note.startswith("'"):
        note = f"'{phrase}' → {edtf}{' (' + qualifier + ')' if qualifier else ''}: {note}"
    since = bool(re.match(r"(?i)since\b", phrase)) or bool(re.search(r"(?i)\bsince\s*$", text[:start]))
    return DateGuess(phrase, start, end, edtf, qualifier, note, False, since, tells_after=lead)


def dates_in_sentence(sentence: str, published: str, statement: str | None = None,
                      anchor: str | None = None) -> list[DateGuess]:
    """The dates a sentence states, resolved against a document's publication date (EDTF).

    statement: the EDTF date of the statement the sentence quotes, if known, so that "today" or
    "yesterday" inside the quotation are read from that day; anchor: the EDTF date of the
    happening told just before, for "the following day" or "a day before the raid". Each guess has
    its phrase, position, EDTF (None for "recently" and the like), qualifier and a note saying how
    it was resolved.
    """
    ctx = DateContext(parse_date(published), published)
    if anchor:
        ctx.anchor = DateGuess(anchor, 0, 0, anchor, None, "", False)
    if statement:
        ctx.statement = DateGuess(statement, 0, 0, statement, None, "", False)
    return find_dates(sentence, ctx)


def resolve_phrase(phrase: str, published: str, anchor: str | None = None) -> DateGuess | None:
    """Resolve one date phrase against a publication date (and an anchor date): for tests and benches."""
    ctx = DateContext(parse_date(published), published)
    if anchor:
        found = find_dates(anchor, ctx)
        ctx.anchor = found[0] if found else None
    found = find_dates(phrase, ctx)
    return found[0] if found else None
