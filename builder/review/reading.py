"""Read one quoted passage: its dates, its numbers (what they count, with their qualifier) and
the outcome verbs that go with them.

Dates use the extractor's rules (builder/authoring/dates_in_text.py: find_dates), resolved against the cited
document's publication date, so a relative date in a document dated only to a month becomes a
range ("Monday" in a December document → one of the Mondays of December), and "the following
day" is resolved against the date of the sentence before the quote in the document. Numbers use
the extractor's figure rules (builder/authoring/figures.py: find_figures); a number the source gives bare is read as
`unqualified`, never as `exactly`. Everything is computed from the text alone: deterministic,
offline, cached per (document, quote).
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from builder.authoring.dates_in_text import DateContext, DateGuess, find_dates, split_sentences
from builder.authoring.figures import NUMBER_WORDS, find_figures
from builder.load.quotes import normalise
from builder.model.dates import DateError, FuzzyDate, parse_date

# Outcome verbs: what happened to the counted things. A word form → its outcome.
OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "destroyed": ("destroy", "destroys", "destroyed", "destroying", "destruction", "eliminate", "eliminated",
                  "eliminating", "demolish", "demolished", "demolishing"),
    "seized": ("seize", "seizes", "seized", "seizing", "seizure", "seizures", "confiscate", "confiscated",
               "confiscating", "confiscation"),
    "killed": ("kill", "kills", "killed", "killing", "dead", "died", "neutralized", "neutralised"),
    "injured": ("injured", "injuring", "wounded", "wounding"),
    "arrested": ("arrest", "arrests", "arrested", "arresting", "detain", "detained", "detaining", "apprehended",
                 "capture", "captured", "capturing", "custody"),
    "joined": ("join", "joins", "joined", "joining"),
    "hit": ("hit", "hits", "struck", "strike", "strikes", "targeted"),
    "withdrew": ("withdrew", "withdrawn", "withdrawal", "pull-out", "pulled"),
}
_OUTCOME_OF = {word: outcome for outcome, words in OUTCOME_WORDS.items() for word in words}
_OUTCOME_RE = re.compile(r"(?i)(?<![\w-])(" + "|".join(sorted(map(re.escape, _OUTCOME_OF), key=len, reverse=True))
                         + r")(?![\w-])")
_WORD = re.compile(r"[\w'’-]+")
# Words that say nothing about what is counted ("15 ISIS weapon sites" counts sites, not ISIS).
_GENERIC = {"isis", "isil", "daesh", "us", "u.s", "syrian", "syria", "american", "iraqi", "more", "other",
            "new", "about", "some", "than", "total", "all", "such", "numerous", "multiple", "large"}
_COUNT_RE = re.compile(r"(?i)\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b")
_BEFORE_WORDS = 8  # an outcome verb this many words before a number governs it ("destruction of 15 …")
_AFTER_WORDS = 3  # … or this many after what it counts ("130 mortars and rockets were eliminated")
_MAX_CANDIDATES = 5
# Phrases dated from the sentence before (extract._r_relative): only quotes with one need the
# document's sentences dated, which is most of the reading's cost.
_NEEDS_ANCHOR = re.compile(
    r"(?i)\b(?:(?:earlier|later) (?:that|in the|the same) month|that month|the same (?:day|date|month)|that day|"
    r"the (?:following|next) (?:day|week)|an? (?:day|week) (?:later|earlier)|one day later|(?:two|three) days later|"
    r"the day (?:after|before)|the previous day)\b")  # a weekday in a span of more days than this many weeks is shown as a range


# A quote that opens on a noun phrase naming an earlier happening ("The move was formalized…") speaks
# of what the sentence before it says: the reader keeps that sentence, so the quote's date can be
# compared with the date of the happening it refers to.
_ANAPHOR = re.compile(r"(?i)^(?:the|this|that|its)\s+(?:move|decision|step|agreement|deal|announcement|accession|"
                      r"membership|pledge|process|handover|withdrawal|pull-out)\b")
# A running tally: a count told with a perfect tense ("has carried out around five joint operations",
# "13 plots have been foiled") or "so far" / "to date" / "in total". A tally is a fact of the whole
# story, so it is compared with the tallies of every document, not only on one event.
_TALLY_BEFORE = re.compile(r"(?i)\b(?:has|have)\s+(?:now\s+|also\s+|so far\s+)?(?:been\s+)?\w+(?:ed|en|out|ried|ght|un)\b"
                           r"(?:\s+\w+){0,3}\s*$")
_TALLY_AFTER = re.compile(r"(?i)^\s*(?:have|has)\s+(?:now\s+)?been\s+\w+")
_TALLY_WORDS = re.compile(r"(?i)\b(?:so far|to date|in total|in all)\b")
# "2 suspected members of Islamic State of Iraq and Syria": 'and' inside a name, which the figure
# rules read as an enumeration with an uncounted item ("at least 2"); no qualifier word says so.
_NAME_AND = re.compile(r"\b[A-Z][\w'’-]*\s+and\s+[A-Z]")
_SAYS_AT_LEAST = re.compile(r"(?i)\b(?:at least|no fewer than|not less than)\b")
_RANGE = re.compile(r"(?i)\bbetween\s+(\d[\d,]*|" + "|".join(NUMBER_WORDS) + r")\s+and\s+(\d[\d,]*|"
                    + "|".join(NUMBER_WORDS) + r")\s+(.*)$")


@dataclass(frozen=True)
class DateReading:
    """A date expression in a quote and the span of days it resolves to."""

    phrase: str
    edtf: str
    qualifier: str | None
    note: str
    start: date
    end: date
    candidates: tuple[date, ...] = ()  # "on Wednesday" in a span: the Wednesdays it may be

    def display(self) -> str:
        if 1 < len(self.candidates) <= _MAX_CANDIDATES:
            return _days_text(self.candidates)
        return parse_date(self.edtf, self.qualifier).display()

    def overlaps(self, start: date, end: date) -> bool:
        if self.candidates:
            return any(start <= day <= end for day in self.candidates)
        return self.start <= end and start <= self.end

    def within(self, start: date, end: date) -> bool:
        """The reading is at least as precise as [start, end] and inside it."""
        if self.candidates:
            return all(start <= day <= end for day in self.candidates)
        return start <= self.start and self.end <= end


@dataclass(frozen=True)
class NumberReading:
    """A count in a quote: its value, qualifier, what it counts and the outcome verb governing it."""

    phrase: str
    value: float
    qualifier: str  # unqualified | over | at-least | about | up-to
    unit: str | None
    counted: frozenset[str]  # the unit's content words, singular ("mortar", "rocket")
    outcome: str | None  # destroyed | seized | killed | … (None: no outcome verb near it)
    high: float | None = None  # "between 7 and 9": the range's upper end (value is its lower end)
    tally: bool = False  # a running count ("have carried out at least 11 joint operations")

    @property
    def key(self) -> tuple[str, float, float | None]:
        return self.qualifier, self.value, self.high

    def amount(self) -> str:
        """'over 130', 'at least 25', '15', '7–9': the number with its qualifier."""
        words = {"unqualified": "", "over": "over ", "at-least": "at least ", "about": "about ",
                 "up-to": "up to ", "between": ""}
        number = _number_text(self.value) + (f"–{_number_text(self.high)}" if self.high is not None else "")
        return f"{words.get(self.qualifier, '')}{number}"

    def text(self, with_outcome: bool = False) -> str:
        text = self.amount() + (f" {self.unit}" if self.unit else "")
        return f"{text} {self.outcome}" if with_outcome and self.outcome else text


@dataclass(frozen=True)
class Reading:
    """What one quote of one document says: its line in the document, dates, numbers, outcomes."""

    document: str
    quote: str
    line: int  # line of the document file where the quote starts (0: not found)
    dates: tuple[DateReading, ...]
    numbers: tuple[NumberReading, ...]
    outcomes: tuple[str, ...]  # every outcome verb in the quote, in order, once each
    antecedent: str = ""  # "The move was formalized…": the sentence before, normalised, that says which move


def _number_text(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def counted_words(unit: str | None) -> frozenset[str]:
    """'mortar shells and rockets' → {mortar, shell, rocket}: what a number counts, comparable."""
    words = set()
    for word in _WORD.findall((unit or "").lower()):
        word = word.strip("'’-")
        if not word or word in _GENERIC or word in ("and", "or", "of", "the", "a", "an") or word in NUMBER_WORDS \
                or word[0].isdigit():
            continue
        words.add(singular(word))
    return frozenset(words)


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _days_text(days: tuple[date, ...]) -> str:
    """(3 Dec 2025, 10 Dec 2025) → '3 or 10 December 2025'."""
    if len({(d.year, d.month) for d in days}) == 1:
        numbers = [str(d.day) for d in days]
        head = ", ".join(numbers[:-1])
        return f"{head} or {numbers[-1]} {calendar.month_name[days[0].month]} {days[0].year}"
    parts = [f"{d.day} {calendar.month_name[d.month]} {d.year}" for d in days]
    return ", ".join(parts[:-1]) + f" or {parts[-1]}"


class _DocumentText:
    """One document prepared for reading quotes: normalised lines and the date before each sentence."""

    def __init__(self, body: str, published: str, first_line: int):
        self.published = published
        self.first_line = first_line
        self.lines = [normalise(line) for line in body.splitlines()]
        self._body = body
        self._sentences: tuple | None = None  # (sentences, normalised, anchors), when a quote needs them
        self._joined: tuple | None = None  # the normalised lines joined, and where each starts

    def _prepared(self) -> tuple:
        if self._sentences is None:
            sentences = split_sentences(self._body)
            self._sentences = (sentences, [normalise(s.text) for s in sentences], self._anchors(sentences))
        return self._sentences

    def _anchors(self, sentences) -> list[DateGuess | None]:
        """The date a relative phrase ("the following day") in each sentence is counted from."""
        ctx = DateContext(parse_date(self.published), self.published)
        anchors = []
        for sentence in sentences:
            anchors.append(ctx.anchor)
            if re.match(r"(?i)^(?:updated|published|posted|last modified)\b", sentence.text):
                continue
            dates = [d for d in find_dates(sentence.text, ctx) if not d.open]
            if dates:  # as the extractor does for a sentence without a happening: its first date
                ctx.anchor = dates[0]
        return anchors

    def line_of(self, quote: str) -> int:
        """The document body's line where the quote starts (1-based; 0: not found), also when the
        quote runs over a line break (texts wrapped at 80 columns)."""
        needle = normalise(quote)
        if self._joined is None:
            pieces, starts, offset = [], [], 0
            for number, line in enumerate(self.lines, start=1):
                if line:
                    pieces.append(line)
                    starts.append((offset, number))
                    offset += len(line) + 1
            self._joined = (" ".join(pieces), starts)
        joined, starts = self._joined
        at = joined.find(needle)
        if at < 0:
            at = joined.find(needle[:40]) if needle else -1
        if at < 0:
            return 0
        return starts[bisect.bisect_right(starts, (at, float("inf"))) - 1][1]

    def antecedent(self, quote: str, body_line: int) -> str:
        """The sentence just before the quote's first sentence, normalised ('' when none)."""
        needle = normalise(quote)
        sentences, normal, _ = self._prepared()
        for index, sentence in enumerate(sentences):
            if sentence.line == body_line and (needle[:25] in normal[index] or normal[index] in needle):
                return normal[index - 1] if index else ""
        return ""

    def anchor(self, quote: str, body_line: int) -> DateGuess | None:
        """The date before the quote's first sentence, for "the following day" and the like."""
        needle = normalise(quote)
        sentences, normal, anchors = self._prepared()
        for index, sentence in enumerate(sentences):
            if sentence.line == body_line and (needle[:25] in normal[index] or normal[index] in needle):
                return anchors[index]
        return None


class QuoteReader:
    """Reads quotes of the briefing's documents; each (document, quote) is read once."""

    def __init__(self, published: dict[str, str], texts: dict[str, str], first_lines: dict[str, int] | None = None):
        self.published = published  # document id → its `published` date text
        self.texts = texts
        self.first_lines = first_lines or {}  # document id → the file line where its text starts
        self._documents: dict[str, _DocumentText] = {}
        self._readings: dict[tuple[str, str], Reading] = {}

    def _document(self, document: str) -> _DocumentText:
        if document not in self._documents:
            self._documents[document] = _DocumentText(self.texts.get(document, ""), self.published[document],
                                                      self.first_lines.get(document, 1))
        return self._documents[document]

    def read(self, document: str, quote: str) -> Reading:
        key = (document, quote)
        if key not in self._readings:
            self._readings[key] = self._read(document, quote)
        return self._readings[key]

    def _read(self, document: str, quote: str) -> Reading:
        text = " ".join(quote.split())
        doc = self._document(document)
        body_line = doc.line_of(text)
        line = body_line + doc.first_line - 1 if body_line else 0
        anchor = doc.anchor(text, body_line) if _NEEDS_ANCHOR.search(text) else None
        guesses = find_dates(text, DateContext(parse_date(doc.published), doc.published, anchor))
        dates = tuple(_month_range(text, guess, reading) for guess in guesses if not guess.since
                      if (reading := _date_reading(guess)) is not None)
        numbers = tuple(_numbers(text, guesses))
        outcomes = tuple(dict.fromkeys(_OUTCOME_OF[m.group(1).lower()] for m in _OUTCOME_RE.finditer(text)))
        antecedent = doc.antecedent(text, body_line) if body_line and _ANAPHOR.match(text) else ""
        return Reading(document, quote, line, dates, numbers, outcomes, antecedent)

    def tallies(self, document: str) -> list[tuple[str, int, NumberReading]]:
        """Every running tally in a document's text, cited or not: (sentence, file line, number)."""
        doc = self._document(document)
        found = []
        for sentence in split_sentences(doc._body):
            if not re.search(r"(?i)\b(?:has|have|so far|to date|in total|in all)\b", sentence.text):
                continue
            guesses = find_dates(sentence.text, DateContext(parse_date(doc.published), doc.published))
            for number in _numbers(sentence.text, guesses):
                if number.tally:
                    found.append((sentence.text, sentence.line + doc.first_line - 1, number))
        return found


def _date_reading(guess: DateGuess) -> DateReading | None:
    try:
        when: FuzzyDate = guess.when
    except DateError:
        return None
    candidates: tuple[date, ...] = ()
    weekday = re.search(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", guess.phrase)
    if weekday:  # "on Wednesday" in a span of days: the Wednesdays it may be
        index = [name.lower() for name in calendar.day_name].index(weekday.group(1).lower())
        day, days = when.start, []
        while day <= when.end:
            if day.weekday() == index:
                days.append(day)
            day += timedelta(days=1)
        candidates = tuple(days)
    return DateReading(guess.phrase, guess.edtf, guess.qualifier, guess.note, when.start, when.end, candidates)


_LEADING_COUNT = re.compile(
    r"(?i)^(?:(?:more than|over|at least|about|around|approximately|roughly|nearly|almost|some|up to|as many as)\s+)?"
    r"(?:\d[\d,.]*|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")\s+")
_MONTH_RANGE_START = re.compile(
    r"(?i)(?:between|from)\s+(" + "|".join(calendar.month_name[1:]) + r")\s+(?:and|to|until|through|-|–)\s*$")


def _month_range(text: str, guess: DateGuess, reading: DateReading) -> DateReading:
    """'between February and April 2025': the extractor reads 'April 2025'; the span starts in
    February. (A month range the date rules do not cover; widened here, not guessed there.)"""
    before = _MONTH_RANGE_START.search(text[:guess.start_char])
    if before is None or len(reading.edtf) != 7:
        return reading
    month = [name.lower() for name in calendar.month_name].index(before.group(1).lower())
    year = reading.start.year - (1 if month > reading.start.month else 0)
    start = date(year, month, 1)
    edtf = f"{year}-{month:02d}/{reading.edtf}"
    return DateReading(f"{before.group(0)}{guess.phrase}", edtf, None, reading.note, start, reading.end)


def _numbers(text: str, guesses: list[DateGuess]) -> list[NumberReading]:
    readings = []
    searched_from = 0
    for figure in find_figures(text, [(g.start_char, g.end_char) for g in guesses]):
        at = text.find(figure.phrase, searched_from)
        if at < 0:
            at = text.find(figure.phrase)
        searched_from = max(at, 0) + 1
        value = figure.value if figure.value is not None else figure.min if figure.min is not None else figure.max
        qualifier = "unqualified" if figure.qualifier == "exactly" else figure.qualifier
        if qualifier == "at-least" and _NAME_AND.search(figure.phrase) and not _SAYS_AT_LEAST.search(figure.phrase):
            qualifier = "unqualified"  # "2 Islamic State of Iraq and Syria fighters": a name, not "2 and more"
        unit_end = at + len(figure.phrase)
        if figure.unit:
            found = text.find(figure.unit.split()[-1], at)
            if found >= 0:
                unit_end = found + len(figure.unit.split()[-1])
        unit = _LEADING_COUNT.sub("", figure.unit or "") or None  # casualty figures: "22 people"
        high = None
        ranged = _RANGE.search(figure.phrase)
        if ranged:  # "between 7 and 9 others": a range, not "at least 9"
            value, high = _value(ranged.group(1)), _value(ranged.group(2))
            qualifier, unit = "between", ranged.group(3).strip() or None
        first = (unit or "").split()[0].lower() if unit else ""
        if first in _OUTCOME_OF:  # "two neutralized": the word after the number is the outcome
            outcome, unit = _OUTCOME_OF[first], None
        else:
            outcome = _outcome_near(text, at, unit_end)
        tally = bool(_TALLY_BEFORE.search(text[:max(at, 0)]) or _TALLY_AFTER.match(text[unit_end:])
                     or _TALLY_WORDS.search(text))
        readings.append(NumberReading(figure.phrase, float(value), qualifier, unit, counted_words(unit), outcome,
                                      high, tally))
    return readings


def _value(word: str) -> float:
    word = word.lower()
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else float(word.replace(",", ""))


def _outcome_near(text: str, start: int, end: int) -> str | None:
    """The outcome verb nearest a number, in its sentence: before it, or just after what it counts."""
    best: tuple[int, int, str] | None = None
    for match in _OUTCOME_RE.finditer(text):
        if match.end() <= start:
            between = text[match.end():start]
            limit, side = _BEFORE_WORDS, 0
            if _COUNT_RE.search(between):
                continue  # "seizing over 130 mortars, and five operations": the verb governs the 130
        elif match.start() >= end:
            between = text[end:match.start()]
            limit, side = _AFTER_WORDS, 1
            if re.search(r"[,:(—–]", between):
                continue  # "15 sites, seizing 130 mortars": the verb after a comma is the next count's
        else:
            continue
        if re.search(r"[.;!?]\s", between):
            continue  # another sentence or clause
        distance = len(_WORD.findall(between))
        if distance <= limit and (best is None or (distance, side) < best[:2]):
            best = (distance, side, _OUTCOME_OF[match.group(1).lower()])
    return best[2] if best else None
