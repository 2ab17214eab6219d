"""The date model: a strict subset of EDTF (ISO 8601-2) with honest precision.

Accepted text: ``2025``, ``2025-12``, ``2025-12-02``, each optionally followed by ``~`` (approximate)
or ``?`` (uncertain), and an interval ``A/B`` of two of those. An optional qualifier
(early / mid / late) narrows a month or a year. Hand-written rather than the ``edtf`` package:
the subset is small, errors must name the exact problem, and parsing 10,000 dates must cost
milliseconds, not seconds.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

_POINT = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<flag>[~?%])?$")

QUALIFIERS = ("early", "mid", "late")

# The one ordering rule for dates of different precision (FuzzyDate.sort_key), as readers read it
# on the timeline; every list of events on the site follows it.
ORDER_RULE = ("Events are listed by the first day they may have happened; on the same first day, "
              "the more precisely dated comes first (a day, then a range of days, a month, a year). "
              "So an event known only to the month is listed at the month's start, and one known only "
              "to the year at the year's start.")
MONTHS = [calendar.month_name[i] for i in range(13)]


class DateError(ValueError):
    """A date text that is not a valid briefing date; the message says what to write instead."""


@dataclass(frozen=True)
class DatePoint:
    text: str
    year: int
    month: int | None
    day: int | None
    approximate: bool
    uncertain: bool

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day:
            return date(self.year, self.month, self.day)
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)


LATEST_YEAR = 2999


def _parse_point(text: str) -> DatePoint:
    match = _POINT.match(text)
    if not match:
        raise DateError(
            f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-24), "
            "optionally followed by ~ (approximate) or ? (uncertain)"
        )
    year, month, day = int(match["y"]), match["m"], match["d"]
    if year < 1000:
        # Python's dates stop at year 1, and no briefing reports events of the first millennium;
        # a year like 0025 is a typo for 2025.
        raise DateError(f"'{text}': year {year:04d} is not plausible; write the full year, e.g. 2025")
    if year > LATEST_YEAR:
        # Date arithmetic ends at 9999-12-31 (an export's "day after the end" overflowed), and no
        # source reports events a thousand years ahead: 9999 is a placeholder or a typo.
        raise DateError(f"'{text}': year {year} is not plausible; write the year the sources give "
                        f"(at most {LATEST_YEAR})")
    month = int(month) if month else None
    day = int(day) if day else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}': month {month:02d} does not exist")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{text}': {MONTHS[month]} {year} has {last} days, not {day}")
    flag = match["flag"] or ""
    return DatePoint(text, year, month, day, approximate=flag in "~%" and bool(flag),
                     uncertain=flag in "?%" and bool(flag))


@dataclass(frozen=True)
class FuzzyDate:
    """A date as precise as its source allows: a day, a month, a year, or a range of them."""

    text: str
    begin: DatePoint
    finish: DatePoint | None = None  # set for intervals
    qualifier: str | None = None  # early / mid / late, narrowing a single month or year

    @property
    def is_range(self) -> bool:
        return self.finish is not None

    @cached_property  # sorting 10,000 events asks for it millions of times
    def precision(self) -> str:
        """ACLED-like time precision: day, month, year (a range takes its coarser end)."""
        order = {"day": 0, "month": 1, "year": 2}
        points = [self.begin] + ([self.finish] if self.finish else [])
        return max((p.precision for p in points), key=order.__getitem__)

    @cached_property  # sorting 10,000 events asks for it millions of times
    def start(self) -> date:
        first = self.begin.first_day
        if self.qualifier and not self.finish:
            first = _qualified_span(self.begin, self.qualifier)[0]
        return first

    @cached_property  # sorting 10,000 events asks for it millions of times
    def end(self) -> date:
        last = (self.finish or self.begin).last_day
        if self.qualifier and not self.finish:
            last = _qualified_span(self.begin, self.qualifier)[1]
        return last

    @property
    def approximate(self) -> bool:
        return self.begin.approximate or bool(self.finish and self.finish.approximate)

    @property
    def uncertain(self) -> bool:
        return self.begin.uncertain or bool(self.finish and self.finish.uncertain)

    def sort_key(self) -> tuple:
        # Earliest possible day first; among those, the more precise (shorter) span first.
        return (self.start, self.end, self.text)

    def display(self) -> str:
        """Human text that never claims more precision than the record has."""
        if self.finish:
            text = _display_range(self.begin, self.finish)
        else:
            text = _display_point(self.begin)
            if self.qualifier:
                text = f"{self.qualifier} {text}"
        if self.approximate:
            text = f"around {text}"
        if self.uncertain:
            text = f"{text} (uncertain)"
        return text

    def iso_label(self) -> str:
        """Machine-friendly label (for exports and sorting in tables)."""
        return self.text if not self.qualifier else f"{self.qualifier} {self.text}"


def _qualified_span(point: DatePoint, qualifier: str) -> tuple[date, date]:
    if point.day:
        return point.first_day, point.last_day
    if point.month:
        last = calendar.monthrange(point.year, point.month)[1]
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[qualifier]
        return date(point.year, point.month, bounds[0]), date(point.year, point.month, bounds[1])
    months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qualifier]
    return (date(point.year, months[0], 1),
            date(point.year, months[1], calendar.monthrange(point.year, months[1])[1]))


def _display_point(p: DatePoint) -> str:
    if p.day:
        return f"{p.day} {MONTHS[p.month]} {p.year}"
    if p.month:
        return f"{MONTHS[p.month]} {p.year}"
    return str(p.year)


def _display_range(a: DatePoint, b: DatePoint) -> str:
    if a.precision == b.precision == "day" and (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {MONTHS[a.month]} {a.year}"
    if a.precision == b.precision == "day" and a.year == b.year:
        return f"{a.day} {MONTHS[a.month]} – {b.day} {MONTHS[b.month]} {a.year}"
    if a.precision == b.precision == "month" and a.year == b.year:
        return f"{MONTHS[a.month]}–{MONTHS[b.month]} {a.year}"
    return f"{_display_point(a)} – {_display_point(b)}"


@lru_cache(maxsize=65536)
def parse_date(text: str, qualifier: str | None = None) -> FuzzyDate:
    """Parse briefing date text; raise DateError naming what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise DateError("a date is required, e.g. 2025-11-24, 2025-12 or 2025-11-24/2025-11-27")
    text = text.strip()
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise DateError(f"date_qualifier must be one of {', '.join(QUALIFIERS)}, not '{qualifier}'")
    if "/" in text:
        left, _, right = text.partition("/")
        begin, finish = _parse_point(left), _parse_point(right)
        if finish.last_day < begin.first_day:
            raise DateError(f"'{text}': the range ends ({right}) before it begins ({left}); swap them")
        if qualifier:
            raise DateError("date_qualifier (early/mid/late) applies to a single month or year, not a range")
        return FuzzyDate(text, begin, finish)
    begin = _parse_point(text)
    if qualifier and begin.day:
        raise DateError(f"date_qualifier '{qualifier}' makes no sense on a full day ({text}); remove it")
    return FuzzyDate(text, begin, None, qualifier)
