"""Repeats: does a new happening (a draft, or an event about to be promoted) tell one the briefing has?

A report often retells a happening the briefing already has, in other words and with other names
for the same things, and the draft of it is often vaguer or a little wrong (the governorate for the
town, "Washington" for the United States, a unit for its organisation, the month for the day, a
day off, another type). So a repeat is recognised from several named pieces of evidence (date,
place, actors, type, words, figures; `EventMatcher` says what each is worth), added into one score:
a hint needs `HINT`, and a *likely* repeat, which `briefing promote` refuses without `--new`,
`LIKELY`. The evidence is kept in words, so the hint says why.

The briefing's events are read once per matcher (lazily): their words and how rare each is, how
rare each actor is, and the events filed by week, so a new happening is compared only with the
events near its date (or, for an open date, those sharing a place, an actor or a rare word).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from builder.authoring.names import Gazetteer, fold
from builder.model.dates import FuzzyDate

__all__ = ["HINT", "LIKELY", "EventMatcher", "Evidence", "Happening", "SameEvent"]

HINT = 3.0
LIKELY = 5.0
_FEW = 20  # events below which a briefing is too small to tell a common word from a rare one
_SLACK_DAYS = 3  # dates further apart never match (plus the slack of an approximate date)
_APPROXIMATE_DAYS = {"day": 3, "month": 7, "year": 7}
_FAMILIES = ({"attack", "bombing", "armed-clash"}, {"attack", "airstrike"},
             {"raid", "arrest", "seizure", "weapons-destroyed", "armed-clash"},
             {"meeting", "agreement", "diplomatic"}, {"agreement", "organisation", "political-change"},
             {"statement", "report"})
_SAYINGS = frozenset({"statement", "report"})
_DEEDS = frozenset({"attack", "bombing", "armed-clash", "airstrike", "raid", "arrest", "seizure", "weapons-destroyed",
                    "withdrawal", "deployment"})
_DOERS = frozenset({"conducted", "claimed"})
_TARGETS = frozenset({"targeted", "victim"})
_CAPITAL = "capital"  # a government read from its capital, a place ('Damascus said'): half weight
_BYSTANDERS = ("mentioned", "reported", _CAPITAL)  # roles that do not make the happening: half weight
_LOCAL = frozenset({"town", "village", "site", "facility", "district", "city"})
_SPECIFIC = {"town": 3.0, "village": 3.0, "site": 3.0, "facility": 3.0, "district": 2.0, "city": 2.0,
             "governorate": 1.5, "region": 1.5}
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
            "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "thirty": "30",
            "forty": "40", "fifty": "50", "hundred": "100", "dozen": "12"}
_STOP_WORDS = """a about after against all also an and any are as at be been before being between both but by
can could did do does during each for from had has have he her his how i if in into is it its itself last may more
most no not of on once one only or other our out over said says she so some such than that the their them then there
these they this those through to under until up was we were what when where which while who whom why will with
would year years month months week day days new today yesterday earlier later"""
# Words of dates (weighed as the date, not as words): months, weekdays, years.
_DATE_WORDS = """january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"""
_STOP = frozenset(_STOP_WORDS.split()) | frozenset(_DATE_WORDS.split())
_YEAR = re.compile(r"(?:19|20)\d\d")
# plural and past endings: 'agreed' → 'agree', 'attacked' → 'attack', 'meeting' → 'meet', 'cities' → 'city' …
_ENDING = re.compile(r"(?:(ee)d|ed|ing|(?<=[sxh])es|(?<![su])s|ies)$")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Happening:
    """What is compared: a draft's or an event's date, type, places, actors, words and counts."""

    when: FuzzyDate | None
    type: str
    places: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]  # (actor id, role)
    text: str  # the quoted passages: the reporters' words (a draft's title is made of its names and type)
    figures: tuple[tuple[str, float], ...] = ()  # (measure, number)
    document: str | None = None
    title: str = ""

    @classmethod
    def of_event(cls, event: Any, with_figures: bool = True) -> Happening:
        """An event record (or one about to be promoted): its quotes are its words."""
        quotes = [getattr(c, "quote", "") for c in getattr(event, "sources", [])]
        return cls(event.when, event.type, tuple(event.places), tuple((p.actor, p.role) for p in event.actors),
                   " \n".join(quotes), _counts(getattr(event, "figures", [])) if with_figures else (),
                   event.sources[0].document if getattr(event, "sources", None) else None, getattr(event, "title", ""))


def _counts(figures: list[Any]) -> tuple[tuple[str, float], ...]:
    counts = []
    for figure in figures:
        counts += [(figure.measure, float(n)) for n in (figure.value, figure.min, figure.max) if n is not None]
    return tuple(counts)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: what it is ('date', 'place' …), its points, and what it says in words."""

    name: str
    points: float
    words: str


@dataclass(frozen=True)
class SameEvent:
    """An event already in the briefing that looks like a new one, and why."""

    event_id: str
    score: float
    likely: bool  # strong enough for `briefing promote` to refuse without --new
    evidence: tuple[Evidence, ...]
    cites_document: bool

    @property
    def because(self) -> str:
        """The evidence in words, strongest first ('the same day; the same place (Saraqib); …')."""
        ranked = sorted(self.evidence, key=lambda e: -e.points)
        said = "; ".join(e.words for e in ranked if e.points > 0)
        against = "; ".join(e.words for e in ranked if e.points < 0)
        return said + (f" (but {against})" if against else "")

    def hint(self) -> str:
        strength = "likely repeat" if self.likely else "possible repeat"
        if self.cites_document:
            return (f"possible duplicate of {self.event_id} (already cites this document; "
                    f"{strength}, score {self.score:.1f}: {self.because})")
        return (f"possible duplicate of {self.event_id}: add this document as a source instead: "
                f"briefing promote <draft> --into {self.event_id} ({strength}, score {self.score:.1f}: {self.because})")


@dataclass(frozen=True)
class _Span:
    """A date as days (ordinals), with the extra slack its precision flag allows ('2026-01~')."""

    start: int
    end: int
    slack: int

    @classmethod
    def of(cls, when: FuzzyDate | None) -> _Span | None:
        if when is None:
            return None
        points = [when.begin] + ([when.finish] if when.finish else [])
        loose = any(p.approximate or p.uncertain for p in points)
        return cls(when.start.toordinal(), when.end.toordinal(), _APPROXIMATE_DAYS[when.precision] if loose else 0)

    @property
    def days(self) -> int:
        return self.end - self.start + 1 + self.slack

    def gap(self, other: _Span) -> int:
        """Days between the two dates (0 when they overlap)."""
        return max(other.start - self.end, self.start - other.end, 0)

    def near(self, other: _Span) -> bool:
        return self.gap(other) <= _SLACK_DAYS + max(self.slack, other.slack)


@dataclass
class _Indexed:
    """An event as the matcher reads it, computed once."""

    id: str
    record: Any
    happening: Happening  # without its figures: read when compared
    span: _Span | None
    stems: frozenset[str]  # of its title, summary and quotes
    documents: frozenset[str]
    title: _Text | None = None  # weighted once the briefing's words are counted


class EventMatcher:
    """Finds events of the briefing that may report the same happening as a new one.

    Each piece of evidence is worth points (negative when it speaks against); their sum is the score.

    - **date**, following the precision of both dates. Two days: the same day +2, a day apart +1 (a
      day off is a common slip), two or three days apart -4 (another happening of the kind, days
      later: only strong words, places and actors make up for it). A wider date overlaps more events
      by chance, so it is worth less: +1 within a week, 0 within a month, -1 within a season, -2
      within a year; -1 (-2 beyond three days) for wide dates that do not overlap (a month and the
      next); -3 when the new date is open (it is then compared with the events sharing a place, an
      actor or a rare word). Dates more than three days apart (plus a week for an approximate date)
      never match.
    - **place**: the same town, village, site or facility +3, the same city +2, the same governorate
      or region +1.5; one place inside the other (a town in the event's governorate, or the reverse)
      +1.5 (+1 for a city). Told in places that lie apart (other governorates, other countries, two
      towns of one governorate) -3; a city and a town of its governorate are neither (the city's name
      may stand for the governorate). When both name a town, city or site, those are compared, not the
      governorates they lie in. A country alone is no evidence, and a capital that stands for its
      government ("Damascus said") is weighed as that government (once), not as a place.
    - **actors**: each shared actor is worth its rarity in the briefing (log of events / events naming
      it, at most 2: ISIS, named in most events, is worth little); one part of the other (a unit of a
      ministry, a commander of his command, a capital for its government: the `part_of` lineage)
      counts half. One lineage counts once (CENTCOM, the US military and the United States are one
      side), an actor only mentioned or reporting on either side counts half, and the total is at most 3.
    - **roles**: an actor that did the deed in one and suffered it in the other (conducted or claimed /
      targeted or victim) -1: another happening, or the sides told the other way round.
    - **type**: the same type +1, one of the same family (an attack and a bombing, a meeting and an
      agreement) +0.5; another type nothing (drafts' types are often wrong), but a statement or report
      beside a deed (an attack, a raid …) -1.5: what is said of a deed on its own is an event of its own;
      two deeds of other families (a raid, an attack) -0.5.
    - **words**: the share of the new happening's words (its quoted passages: a draft's title only
      repeats its names and type) found in the event's title, summary and quotes, plus the share of the
      event's title found in the new words, 2 points each, every word weighted by its rarity across the
      briefing (as in TF-IDF), names and numbers 1.5 times. Words compare by their first five letters
      once plural and past endings are dropped ("explosion", "exploded"), numbers in words as digits;
      the words of dates (months, weekdays, years) are left to the date.
    - **figures**: the same count of the same thing (8 killed, 5 arrested; 2 or more) +1.5.
    """

    def __init__(self, events: list[Any], gazetteer: Gazetteer, hint: float = HINT, likely: float = LIKELY):
        self.events = events
        self.gazetteer = gazetteer
        self.hint_at, self.likely_at = hint, likely
        self._index: _Index | None = None

    @classmethod
    def of(cls, records: dict[str, list[Any]]) -> EventMatcher:
        return cls(list(records.get("event", [])), Gazetteer(records))

    def matches(self, new: Happening) -> list[SameEvent]:
        """The events that look like this happening (score ≥ the hint threshold), best first."""
        if self._index is None:
            self._index = _Index(self.events, self.gazetteer)
        index = self._index
        words, span = index.weighted(new.text), _Span.of(new.when)
        found = []
        for event in index.candidates(new, span, words):
            evidence = _Weighing(index, new, span, event, words).all()
            score = round(sum(e.points for e in evidence), 2)
            if score >= self.hint_at:
                cites = new.document is not None and new.document in event.documents
                found.append(SameEvent(event.id, score, score >= self.likely_at, tuple(evidence), cites))
        found.sort(key=lambda m: (not m.cites_document, -m.score, m.event_id))
        return found


@dataclass
class _Text:
    """A text's words: each stem's weight (its rarity, 1.5 times for names and numbers) and one way it is written."""

    weights: dict[str, float]
    shown: dict[str, str]

    def share_in(self, stems: frozenset[str] | set[str] | dict[str, float]) -> tuple[float, list[str]]:
        """The weighted share of these words found among the stems, and the words found, weightiest first."""
        total = sum(self.weights.values())
        found = sorted((s for s in self.weights if s in stems), key=lambda s: (-self.weights[s], s))
        return (sum(self.weights[s] for s in found) / total if total else 0.0), [self.shown[s] for s in found]


class _Index:
    """The briefing's events, read once: words and their rarity, actors' rarity and lineage, events by week."""

    def __init__(self, events: list[Any], gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.stems: dict[str, str | None] = {}  # word → its stem, None for a function word
        self.events = [self._indexed(event) for event in events]
        self.total = len(self.events)
        self.word_count: dict[str, int] = defaultdict(int)
        self.actor_count: dict[str, int] = defaultdict(int)
        self.by_week: dict[int, list[int]] = defaultdict(list)
        self.wide: list[int] = []  # events dated to more than two years: compared with every date
        self.lineages: dict[str, tuple[str, ...]] = {}
        for number, event in enumerate(self.events):
            for stem in event.stems:
                self.word_count[stem] += 1
            for actor in {a for a, _ in event.happening.actors}:
                self.actor_count[actor] += 1
            self._file(number, event.span)

    def _indexed(self, event: Any) -> _Indexed:
        told = f'{getattr(event, "title", "")} \n{getattr(event, "summary", "")}'
        quotes = {getattr(c, "quote", "") for c in [*getattr(event, "sources", []), *getattr(event, "figures", [])]}
        # a quote the title or summary already holds adds no word
        text = fold(" \n".join([told, *(q for q in quotes if q not in told)])).casefold()
        stems = frozenset(stem for word in set(_TOKEN.findall(text)) if (stem := self.stem(word)))
        happening = Happening.of_event(event, with_figures=False)
        return _Indexed(event.id, event, happening, _Span.of(happening.when), stems,
                        frozenset(c.document for c in getattr(event, "sources", [])))

    def stem(self, word: str) -> str | None:
        """A word's first five letters once a plural or past ending is dropped ('joined', 'joins' → 'join';
        'explosion', 'exploded' → 'explo'), numbers in words as digits; None for a function word."""
        if word not in self.stems:
            stem = _NUMBERS.get(word, word)
            if not stem.isdigit():
                stem = stem if len(stem) <= 4 else _ENDING.sub(_ending, stem)[:5]
            dropped = word in _STOP or (len(word) < 2 and not word.isdigit()) or _YEAR.fullmatch(word)
            self.stems[word] = None if dropped else stem
        return self.stems[word]

    def _file(self, number: int, span: _Span | None) -> None:
        if span is None or span.days > 800:
            self.wide.append(number)
            return
        reach = _SLACK_DAYS + max(_APPROXIMATE_DAYS.values()) + span.slack
        for week in range((span.start - reach) // 7, (span.end + reach) // 7 + 1):
            self.by_week[week].append(number)

    def rarity(self, count: int) -> float:
        """How rare a word or actor named by `count` events is (0 when every event names it); a briefing
        of fewer than `_FEW` events counts as that many, so its first events' words are not 'common'."""
        return math.log((max(self.total, _FEW) + 1) / (count + 1))

    def lineage(self, actor: str) -> tuple[str, ...]:
        """The actor and the bodies it is part of ('CENTCOM' → US military → United States)."""
        if actor not in self.lineages:
            chain = [actor]
            while (parent := self.gazetteer.parent.get(chain[-1])) and parent not in chain:
                chain.append(parent)
            self.lineages[actor] = tuple(chain)
        return self.lineages[actor]

    def weighted(self, text: str) -> _Text:
        """A text's words, each with its weight (rarity, 1.5 times for names and numbers)."""
        words = _Text({}, {})
        for match in _TOKEN.finditer(fold(text)):
            written = match.group()
            stem = self.stem(written.casefold())
            if stem is None:
                continue
            named = written[0].isupper() or stem.isdigit()
            weight = self.rarity(self.word_count.get(stem, 0)) * (1.5 if named else 1.0)
            if weight > words.weights.get(stem, -1.0):
                words.weights[stem], words.shown[stem] = weight, written
        return words

    def title(self, event: _Indexed) -> _Text:
        if event.title is None:
            event.title = self.weighted(event.happening.title)
        return event.title

    def candidates(self, new: Happening, span: _Span | None, words: _Text) -> list[_Indexed]:
        """Events dated near the new one, or for an open date those sharing a name or a rare word."""
        if span is None:
            return self._sharing(new, words)
        numbers = set(self.wide)
        for week in range(span.start // 7, span.end // 7 + 1):
            numbers.update(self.by_week.get(week, ()))
        return [self.events[n] for n in sorted(numbers)
                if self.events[n].span is None or span.near(self.events[n].span)]

    def _sharing(self, new: Happening, words: _Text) -> list[_Indexed]:
        actors = {a for a, _ in new.actors if self.rarity(self.actor_count.get(a, 0)) >= 1}
        rare = {w for w, weight in words.weights.items() if weight >= 2}
        return [e for e in self.events if set(new.places) & set(e.happening.places)
                or actors & {a for a, _ in e.happening.actors} or rare & e.stems]


def _ending(match: re.Match) -> str:
    return "y" if match.group() == "ies" else match.group(1) or ""


class _Weighing:
    """The evidence that one event of the briefing is the new happening (see EventMatcher)."""

    def __init__(self, index: _Index, new: Happening, span: _Span | None, event: _Indexed, words: _Text):
        self.index, self.new, self.span, self.event, self.words = index, new, span, event, words
        self.gazetteer = index.gazetteer

    def all(self) -> list[Evidence]:
        found = [self.date(), self.place(), self.actors(), self.roles(), self.type(), self.text(), self.figures()]
        return [e for e in found if e is not None and e.points != 0]

    def date(self) -> Evidence:
        new, old = self.span, self.event.span
        if new is None:
            return Evidence("date", -3.0, "the new date is open")
        if old is None:
            return Evidence("date", -3.0, "the event's date is open")
        gap, days = new.gap(old), max(new.days, old.days)
        if days == 1:
            return (Evidence("date", 2.0, "the same day") if gap == 0 else Evidence("date", 1.0, "a day apart")
                    if gap == 1 else Evidence("date", -4.0, f"{gap} days apart, both told to the day"))
        if gap > 0:  # a month and the next, a day and the month before it
            return Evidence("date", -1.0 if gap <= _SLACK_DAYS else -2.0, f"dates {gap} day(s) apart")
        for limit, points, words in ((7, 1.0, "the same week"), (31, 0.0, "the same month"),
                                     (92, -1.0, "dates only within a season")):
            if days <= limit:
                return Evidence("date", points, words)
        return Evidence("date", -2.0, "dates only within a year")

    def place(self) -> Evidence | None:
        capitals = self.gazetteer.capital_places
        mine = [p for p in self.new.places if p not in capitals or p in self.event.happening.places]
        theirs = [p for p in self.event.happening.places if p not in capitals or p in self.new.places]
        local = [p for p in mine if self._local(p)], [p for p in theirs if self._local(p)]
        if all(local):  # both name towns, cities or sites: those say where, not the governorates they are in
            mine, theirs = local
        pairs = [e for a in mine for b in theirs if (e := self._place_pair(a, b)) is not None]
        if pairs:
            best = max(pairs, key=lambda e: e.points)
            return best if best.points > 0 else None
        located = any(map(self._governorate, mine)) and any(map(self._governorate, theirs))
        countries = [{self.gazetteer.country_of.get(p) for p in side} - {None, ""} for side in (mine, theirs)]
        if located or (all(countries) and not countries[0] & countries[1]):
            return Evidence("place", -3.0, f"places apart ({self._name(mine[0])} / {self._name(theirs[0])})")
        return None

    def _place_pair(self, mine: str, theirs: str) -> Evidence | None:
        """The same place, one inside the other, or (0 points) a city and a place of its governorate, which
        the city's name may stand for ('in Idlib'); None when the two say nothing of each other."""
        kinds = self.gazetteer.place_kinds
        if mine == theirs:
            points = _SPECIFIC.get(kinds.get(mine, ""), 0.0)
            return Evidence("place", points, f"the same place ({self._name(mine)})") if points else None
        inner, outer = (mine, theirs) if self._governorate(mine) == theirs else (theirs, mine)
        if self._governorate(inner) == outer and kinds.get(outer) == "governorate":
            points = 1.0 if kinds.get(inner) == "city" else 1.5
            return Evidence("place", points, f"{self._name(inner)} is in {self._name(outer)}")
        same = self._governorate(mine) and self._governorate(mine) == self._governorate(theirs)
        if same and "city" in (kinds.get(mine), kinds.get(theirs)):
            return Evidence("place", 0.0, "")
        return None

    def _local(self, place: str) -> bool:
        return self.gazetteer.place_kinds.get(place) in _LOCAL

    def _governorate(self, place: str) -> str | None:
        if self.gazetteer.place_kinds.get(place) == "governorate":
            return place
        return self.gazetteer.governorate_of.get(place)

    def _name(self, record: str | None) -> str:
        return self.gazetteer.names.get(record or "", record or "")

    def actors(self) -> Evidence | None:
        mine, theirs = self._side(self.new), self._side(self.event.happening)
        sides: dict[str, tuple[float, str]] = {}  # lineage root → its best evidence
        for actor, (role, label) in mine.items():
            for other, (their_role, their_label) in theirs.items():
                points, words = self._actor_pair(actor, other, role, their_role, (label, their_label))
                root = self.index.lineage(actor)[-1]
                if points > sides.get(root, (0.0, ""))[0]:
                    sides[root] = (points, words)
        if not sides:
            return None
        total = min(3.0, sum(p for p, _ in sides.values()))
        return Evidence("actors", round(total, 2), ", ".join(w for _, w in sorted(sides.values(), key=lambda s: -s[0])))

    def _side(self, happening: Happening) -> dict[str, tuple[str, str]]:
        """Actor → (role, how to say it): the happening's actors, and the governments its capitals stand for."""
        side = {actor: (role, self._name(actor)) for actor, role in happening.actors}
        for place in happening.places:
            government = self.gazetteer.capital_places.get(place)
            if government and government not in side:
                side[government] = (_CAPITAL, f"{self._name(government)} (as {self._name(place)})")
        return side

    def _actor_pair(self, actor: str, other: str, role: str, their_role: str,
                    labels: tuple[str, str]) -> tuple[float, str]:
        if role == their_role == _CAPITAL:
            return 0.0, ""  # one capital on both sides: weighed as the place
        if actor == other:
            points, words = self._rarity(actor), labels[0] if labels[0] != self._name(actor) else labels[1]
        elif other in self.index.lineage(actor) or actor in self.index.lineage(other):
            points = 0.5 * min(self._rarity(actor), self._rarity(other))
            inner, outer = labels if other in self.index.lineage(actor) else labels[::-1]
            words = f"{inner}, part of {outer}"
        else:
            return 0.0, ""
        if {role, their_role} & _DOERS and {role, their_role} & _TARGETS:
            return 0.0, ""  # weighed as roles
        if role in _BYSTANDERS or their_role in _BYSTANDERS:
            points /= 2
        return points, words

    def _rarity(self, actor: str) -> float:
        return min(2.0, self.index.rarity(self.index.actor_count.get(actor, 0)))

    def type(self) -> Evidence | None:
        mine, theirs = self.new.type, self.event.happening.type
        if mine == theirs:
            return Evidence("type", 1.0, f"the same type ({mine})")
        if any(mine in family and theirs in family for family in _FAMILIES):
            return Evidence("type", 0.5, f"types of a kind ({mine} / {theirs})")
        if {mine, theirs} & _SAYINGS and {mine, theirs} & _DEEDS:
            return Evidence("type", -1.5, f"{mine} / {theirs}: what is said of a deed is an event of its own")
        if {mine, theirs} <= _DEEDS:
            return Evidence("type", -0.5, f"other deeds ({mine} / {theirs})")
        return None

    def roles(self) -> Evidence | None:
        """An actor that did the deed in one and suffered it in the other: told of another happening."""
        theirs = dict(self.event.happening.actors)
        swapped = sorted({actor for actor, role in self.new.actors if actor in theirs
                          and {role, theirs[actor]} & _DOERS and {role, theirs[actor]} & _TARGETS})
        if not swapped:
            return None
        return Evidence("roles", -1.0, f"{', '.join(map(self._name, swapped))} on the other side")

    def text(self) -> Evidence | None:
        """The share of the new words the event has, and of the event's title the new words have (2 points each)."""
        mine, found = self.words.share_in(self.event.stems)
        title, _ = self.index.title(self.event).share_in(set(self.words.weights))
        if not found:
            return None
        return Evidence("words", round(2.0 * mine + 2.0 * title, 2),
                        f"{mine:.0%} of the quote's words and {title:.0%} of the event's title "
                        f"({', '.join(found[:4])} …)")

    def figures(self) -> Evidence | None:
        theirs = set(_counts(getattr(self.event.record, "figures", [])))
        same = [(m, n) for m, n in self.new.figures if n >= 2 and (m, n) in theirs]
        if not same:
            return None
        measure, number = same[0]
        return Evidence("figures", 1.5, f"both count {number:g} {measure}")
