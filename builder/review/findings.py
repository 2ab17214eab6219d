"""Compare what the quotes say: findings for the editors, each with the passages' file:line.

Seven kinds of finding (the last two partly made by across.py, which follows a fact beyond one event):

- ``date-vs-date``: two documents' quotes on one event give dates that cannot both be right;
- ``date-vs-recorded``: a quote's dates miss the event's recorded date, or the recorded date is
  more precise than every quote allows ("on Wednesday" → 3 or 10 December, recorded as 10);
- ``number-vs-number``: documents count the same thing differently ("over 15" vs "15");
- ``number-vs-recorded``: a figure's quote does not give the recorded number or qualifier;
- ``outcome``: the same things destroyed in one quote and seized in another, or in the quote
  but not as recorded;
- ``across-events``: the same fact (the same actors, the same kind of fact, in overlapping time)
  told differently on two events (a different count, or a different date for "joined"); a quote
  referring back ("The move was formalized…") dated otherwise than the event it refers to; running
  tallies that differ between documents, cited or not;
- ``title-vs-title``: documents give one person different ranks next to their name.

Sources that say the same in different words ("more than 15" and "over 15", "mortar shells and
rockets" and "mortars and rockets", "Last month" and "November 2025") agree: nothing is reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations
from pathlib import Path

from builder.authoring.figures import NUMBER_WORDS
from builder.load.quotes import normalise
from builder.load.reader import LoadedSources, Located, _split_front_matter
from builder.review.across import AcrossRecords
from builder.review.model import Finding, Passage
from builder.review.reading import _OUTCOME_OF, NumberReading, QuoteReader, Reading

KINDS = ("date-vs-date", "date-vs-recorded", "number-vs-number", "number-vs-recorded", "outcome", "across-events",
         "title-vs-title")
ACTIVE_ROLES = {"conducted", "supported", "claimed", "stated", "reported", "attended", "joined"}
ONCE_OUTCOMES = {"joined", "withdrew"}  # facts that happen once: two dates for them cannot both be right
WINDOW_DAYS = 31  # "overlapping time" for facts across events: spans at most this far apart
TYPE_OUTCOME = {"weapons-destroyed": "destroyed", "seizure": "seized", "arrest": "arrested", "airstrike": "hit"}
_QUALIFIER_OF_RECORDED = {"exactly": "unqualified", "unqualified": "unqualified"}


@dataclass(frozen=True)
class _Quote:
    reading: Reading
    path: tuple  # where it stands in the event (its line is looked up only for a finding)
    figure: int | None = None  # index in event.figures when the quote backs a figure


class FindingMaker:
    """Reads every quote of every event once and compares the readings."""

    def __init__(self, loaded: LoadedSources):
        self.loaded = loaded
        documents = {item.record.id: item for item in loaded.records["document"] if item.record is not None}
        self.document_files = {doc_id: item.file for doc_id, item in documents.items()}
        first_lines = {doc_id: _first_line(loaded.root, item.file) for doc_id, item in documents.items()}
        published = {doc_id: item.record.published for doc_id, item in documents.items()}
        self.reader = QuoteReader(published, loaded.texts, first_lines)
        self.findings: list[Finding] = []
        self._record_quotes: list | None = None

    def run(self) -> list[Finding]:
        events = [item for item in self.loaded.records["event"] if item.record is not None]
        quotes = {item.record.id: self._quotes(item) for item in events}
        for item in events:
            own = quotes[item.record.id]
            self._dates_vs_recorded(item, own)
            self._dates_between(item, own)
            self._numbers_between(item, own)
            self._numbers_vs_recorded(item, own)
        self._across_events(events, quotes)

        AcrossRecords(self).run(events, quotes)
        unique = {finding.id: finding for finding in self.findings}
        return sorted(unique.values(), key=lambda f: (f.file, f.line, f.kind, f.id))

    # --- reading ------------------------------------------------------------------------------

    def _quotes(self, item: Located) -> list[_Quote]:
        event, seen, result = item.record, set(), []
        cited = [("sources", i, c, None) for i, c in enumerate(event.sources)]
        cited += [("figures", i, f, i) for i, f in enumerate(event.figures)]
        cited += [("claims", i, c, None) for i, c in enumerate(event.claims)]
        for field, index, citation, figure in cited:
            if citation.document not in self.document_files:
                continue  # (an unknown document is a validation problem, reported already)
            key = (citation.document, normalise(citation.quote), figure)
            if key in seen:
                continue
            seen.add(key)
            reading = self.reader.read(citation.document, citation.quote)
            result.append(_Quote(reading, (field, index, "quote"), figure))
        return result

    def record_quotes(self) -> list[tuple[Located, _Quote]]:
        """Every passage cited on an actor, operation, place or term (titles, claims, sources), once."""
        if self._record_quotes is None:
            self._record_quotes = []
            for kind in ("actor", "operation", "place", "term"):
                for item in self.loaded.records.get(kind, []):
                    if item.record is None:
                        continue
                    seen = set()
                    for field in ("titles", "claims", "sources"):
                        for index, citation in enumerate(getattr(item.record, field, None) or []):
                            key = (citation.document, normalise(citation.quote))
                            if citation.document not in self.document_files or key in seen:
                                continue
                            seen.add(key)
                            reading = self.reader.read(citation.document, citation.quote)
                            self._record_quotes.append((item, _Quote(reading, (field, index, "quote"))))
        return self._record_quotes

    def _passage(self, item: Located, quote: _Quote, says: str = "") -> Passage:
        reading = quote.reading
        return Passage(reading.document, reading.quote, self.document_files[reading.document], reading.line,
                       item.file, item.where(*quote.path)[0], says)

    def _add(self, kind: str, item: Located, message: str, passages: list[Passage], recorded: str = "",
             field: tuple = ()) -> None:
        line = item.where(*field)[0] if field else item.where("id")[0]
        self.findings.append(Finding(kind, item.record.id, message, tuple(passages), item.file, line, recorded))

    # --- dates ----------------------------------------------------------------------------------

    def _dates_vs_recorded(self, item: Located, quotes: list[_Quote]) -> None:
        when = item.record.when
        start, end, shown = when.start, when.end, when.display()
        # A claim records one source's version, which may differ from the recorded date on purpose.
        dated = _unique_by_passage([q for q in quotes if q.reading.dates and q.path[0] != "claims"])
        if not dated:
            return
        for quote in dated:
            if not any(d.overlaps(start, end) for d in quote.reading.dates):
                says = " and ".join(d.display() for d in quote.reading.dates)
                self._add("date-vs-recorded", item, f"the event is dated {shown}, but the quote says {says}",
                          [self._passage(item, quote, says)], recorded=item.record.date, field=("date",))
        overlapping = [q for q in dated if any(d.overlaps(start, end) for d in q.reading.dates)]
        precise = [q for q in overlapping if any(d.within(start, end) for d in q.reading.dates)]
        if overlapping and not precise:
            parts = []
            for quote in overlapping:
                date = next(d for d in quote.reading.dates if d.overlaps(start, end))
                parts.append((quote, f"'{date.phrase}' → {date.display()}"))
            says = "; ".join(text for _, text in parts)
            self._add("date-vs-recorded", item,
                      f"the event is dated {shown}, more precisely than its quotes allow: {says}",
                      [self._passage(item, q, text) for q, text in parts], recorded=item.record.date,
                      field=("date",))

    def _dates_between(self, item: Located, quotes: list[_Quote]) -> None:
        when = item.record.when
        dated = _unique_by_passage([q for q in quotes if q.reading.dates])
        for a, b in combinations(dated, 2):
            if a.reading.document == b.reading.document:
                continue
            dates_a = _relevant(a.reading.dates, when.start, when.end)
            dates_b = _relevant(b.reading.dates, when.start, when.end)
            if any(x.overlaps(y.start, y.end) and y.overlaps(x.start, x.end) for x in dates_a for y in dates_b):
                continue
            says_a = " and ".join(d.display() for d in dates_a)
            says_b = " and ".join(d.display() for d in dates_b)
            self._add("date-vs-date", item, f"one quote says {says_a}, another {says_b}",
                      [self._passage(item, a, says_a), self._passage(item, b, says_b)], field=("date",))

    # --- numbers and outcomes ---------------------------------------------------------------------

    def _numbers_between(self, item: Located, quotes: list[_Quote]) -> None:
        for group in _number_groups(_unique_by_passage(quotes)):
            documents = {q.reading.document for q, _ in group}
            if len(documents) < 2:
                continue
            keys = {(q.reading.document, n.key) for q, n in group}
            if len({key for _, key in keys}) > 1 and _differs_across_documents(keys):
                passages = [self._passage(item, q, n.text()) for q, n in group]
                values = _values_by_text(group, lambda n: n.amount())
                self._add("number-vs-number", item, f"the sources count differently: {values}", passages)
            outcomes = {n.outcome for _, n in group if n.outcome}
            if len(outcomes) > 1:
                passages = [self._passage(item, q, n.text(True)) for q, n in group if n.outcome]
                values = _values_by_text([(q, n) for q, n in group if n.outcome], lambda n: n.outcome)
                self._add("outcome", item, f"the sources say different things happened to them: {values}", passages)

    def _numbers_vs_recorded(self, item: Located, quotes: list[_Quote]) -> None:
        event = item.record
        for quote in quotes:
            if quote.figure is None:
                continue
            figure = event.figures[quote.figure]
            if figure.qualifier in ("several", "dozens"):
                continue  # a vague count: its number is only a floor
            self._figure_vs_quote(item, quote, figure, quotes)

    def _figure_vs_quote(self, item: Located, quote: _Quote, figure, quotes: list[_Quote]) -> None:
        from builder.briefing.link import figure_text

        recorded = figure_text(figure)
        field = ("figures", quote.figure)
        targets = {v for v in (figure.value, figure.min, figure.max) if v is not None}
        numbers = [n for n in quote.reading.numbers if n.value in targets or n.high in targets]
        ranged = [n for n in numbers if n.high is not None]
        if ranged:  # "between 7 and 9": the recorded range must be the quote's
            if (figure.min, figure.max) != (ranged[0].value, ranged[0].high):
                self._add("number-vs-recorded", item, f"recorded as {recorded}, but its quote says {ranged[0].text()}",
                          [self._passage(item, quote, ranged[0].text())], recorded=recorded, field=field)
            return
        if not numbers:
            if any(_mentions(quote.reading.quote, target) for target in targets):
                return  # the quote gives it in words the reader does not parse ("put the toll at 3")
            says = ", ".join(n.text() for n in quote.reading.numbers) or "no number"
            self._add("number-vs-recorded", item, f"recorded as {recorded}, but its quote gives {says}",
                      [self._passage(item, quote, says)], recorded=recorded, field=field)
            return
        number = numbers[0]
        wanted = _QUALIFIER_OF_RECORDED.get(figure.qualifier, figure.qualifier)
        if number.qualifier != wanted:
            self._add("number-vs-recorded", item,
                      f"recorded as {recorded} ({figure.qualifier}), but its quote says {number.text()}",
                      [self._passage(item, quote, number.text())], recorded=f"{recorded} {figure.qualifier}",
                      field=field)
        elif figure.qualifier == "exactly" and number.qualifier == "unqualified":
            others = [(q, n) for q in quotes if q.reading.document != quote.reading.document
                      for n in q.reading.numbers if n.value == number.value and n.counted & number.counted
                      and n.qualifier != "unqualified"]
            if others:
                q, n = others[0]
                self._add("number-vs-recorded", item,
                          f"recorded as exactly {recorded}, but its quote gives a bare {number.text()} "
                          f"while another source says {n.text()}",
                          [self._passage(item, quote, number.text()), self._passage(item, q, n.text())],
                          recorded=f"{recorded} exactly", field=field)
        outcome = _recorded_outcome(figure.measure, item.record.type)
        if outcome and number.outcome and number.outcome != outcome:
            self._add("outcome", item,
                      f"recorded as {recorded} {outcome}, but its quote says {number.text()} {number.outcome}",
                      [self._passage(item, quote, number.text(True))], recorded=f"{recorded} {outcome}",
                      field=field)

    # --- across events --------------------------------------------------------------------------

    def _across_events(self, events: list[Located], quotes: dict[str, list[_Quote]]) -> None:
        unique = {event_id: _unique_by_passage(own) for event_id, own in quotes.items()}
        broad = {item.record.id for item in self.loaded.records["place"]
                 if item.record is not None and item.record.kind in BROAD_PLACES}
        for a, b in _neighbours(events):
            if _same_count(a.record, b.record, broad):
                self._numbers_across(a, b, unique[a.record.id], unique[b.record.id])
            if _same_ground(a.record, b.record, broad):
                self._dated_outcomes_across(a, b, unique[a.record.id], unique[b.record.id])

    def _numbers_across(self, a: Located, b: Located, quotes_a: list[_Quote], quotes_b: list[_Quote]) -> None:
        passages: dict[tuple, Passage] = {}
        values_a: dict[str, None] = {}
        values_b: dict[str, None] = {}
        for qa in quotes_a:
            for qb in quotes_b:
                if normalise(qa.reading.quote) == normalise(qb.reading.quote):
                    continue
                for na in qa.reading.numbers:
                    for nb in qb.reading.numbers:
                        if not (na.counted & nb.counted) or na.outcome != nb.outcome or na.key == nb.key:
                            continue
                        if na.tally or nb.tally:
                            continue  # running tallies are compared across all documents (across.py)
                        passages.setdefault(("a", qa.reading.document, qa.reading.quote), self._passage(a, qa, na.text()))
                        passages.setdefault(("b", qb.reading.document, qb.reading.quote), self._passage(b, qb, nb.text()))
                        values_a[na.text()] = values_b[nb.text()] = None
        if passages:  # one finding per pair of events: every passage that differs, once
            self._add("across-events", a,
                      f"{a.record.id} and {b.record.id} (same actors, overlapping time) count differently: "
                      f"{' / '.join(values_a)} vs {' / '.join(values_b)}", list(passages.values()))

    def _dated_outcomes_across(self, a: Located, b: Located, quotes_a, quotes_b) -> None:
        once_a = [q for q in quotes_a if q.reading.dates and ONCE_OUTCOMES.intersection(q.reading.outcomes)]
        once_b = [q for q in quotes_b if q.reading.dates and ONCE_OUTCOMES.intersection(q.reading.outcomes)]
        for qa in once_a:
            for qb in once_b:
                shared = set(qa.reading.outcomes) & set(qb.reading.outcomes) & ONCE_OUTCOMES
                if not shared or not qa.reading.dates or not qb.reading.dates:
                    continue
                if any(x.overlaps(y.start, y.end) for x in qa.reading.dates for y in qb.reading.dates):
                    continue
                says_a = " and ".join(d.display() for d in qa.reading.dates)
                says_b = " and ".join(d.display() for d in qb.reading.dates)
                verb = min(shared)
                self._add("across-events", a,
                          f"{a.record.id} and {b.record.id} (same actors, overlapping time) date '{verb}' "
                          f"differently: {says_a} vs {says_b}",
                          [self._passage(a, qa, says_a), self._passage(b, qb, says_b)])


def _first_line(root: Path, display_file: str) -> int:
    """The line of a document file where its text starts (after the front matter)."""
    path = Path(root) / "documents" / Path(display_file).name
    try:
        split = _split_front_matter(path.read_text(encoding="utf-8"))
    except OSError:
        return 1
    return split[2] if split else 1


def _unique_by_passage(quotes: list[_Quote]) -> list[_Quote]:
    seen, result = set(), []
    for quote in quotes:
        key = (quote.reading.document, normalise(quote.reading.quote))
        if key not in seen:
            seen.add(key)
            result.append(quote)
    return result


def _relevant(dates, start, end):
    near = [d for d in dates if d.overlaps(start, end)]
    return near or list(dates)


def _number_groups(quotes: list[_Quote]) -> list[list[tuple[_Quote, NumberReading]]]:
    """Numbers that count the same thing (shared content words, or the same casualty outcome)."""
    items = [(q, n) for q in quotes for n in q.reading.numbers]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(items)), 2):
        a, b = items[i][1], items[j][1]
        same = bool(a.counted & b.counted) or (not a.counted and not b.counted and a.outcome and a.outcome == b.outcome)
        if same:
            parent[root(i)] = root(j)
    groups: dict[int, list] = defaultdict(list)
    for index, item in enumerate(items):
        groups[root(index)].append(item)
    return [group for _, group in sorted(groups.items())]


def _differs_across_documents(keys: set[tuple[str, tuple]]) -> bool:
    return any(da != db and ka != kb for (da, ka), (db, kb) in combinations(sorted(keys), 2))


def _values_by_text(group, text) -> str:
    by_value: dict[str, list[str]] = defaultdict(list)
    for quote, number in group:
        documents = by_value[text(number)]
        if quote.reading.document not in documents:
            documents.append(quote.reading.document)
    return " vs ".join(f"{value} ({', '.join(docs)})" for value, docs in by_value.items())


def _recorded_outcome(measure: str, event_type: str) -> str | None:
    for part in measure.split("-"):
        if part in _OUTCOME_OF:
            return _OUTCOME_OF[part]
    return TYPE_OUTCOME.get(event_type)


def _mentions(quote: str, value: float) -> bool:
    """Whether a quote gives a number anywhere, in figures or in words ("an" and "a" for 1)."""
    forms = [f"{value:g}", f"{value:,.0f}"] if float(value).is_integer() else [f"{value:g}"]
    forms += [word for word, number in NUMBER_WORDS.items() if number == value]
    if value == 1:
        forms += ["a", "an", "one", "single"]
    pattern = "|".join(re.escape(form) for form in forms)
    return re.search(rf"(?i)(?<![\w.,])(?:{pattern})(?![\w])", quote) is not None


TALLY_TYPES = {"report", "statement"}  # events that report running counts ("at least 11 joint operations")
BROAD_PLACES = {"country", "governorate", "region"}


def _same_ground(a, b, broad: set[str]) -> bool:
    """Events whose places overlap (or one names none); when both name a town or a site, they
    must share one (two towns of one governorate are two grounds)."""
    if not a.places or not b.places:
        return True
    narrow_a, narrow_b = set(a.places) - broad, set(b.places) - broad
    if narrow_a and narrow_b:
        return bool(narrow_a & narrow_b)
    return bool(set(a.places) & set(b.places))


def _same_count(a, b, broad: set[str]) -> bool:
    """Whether two events' counts of one thing should agree: events of one type on the same ground
    that are either told over the same days (possibly one happening, recorded twice) or both
    reports of a running tally. Two bombings in one town on different days are two facts, however
    alike their counts."""
    if a.type != b.type or not _same_ground(a, b, broad):
        return False
    overlap = a.when.start <= b.when.end and b.when.start <= a.when.end
    return overlap or a.type in TALLY_TYPES


def _neighbours(events: list[Located]):
    """Pairs of events sharing an actor in an active role, at most WINDOW_DAYS apart."""
    by_actor: dict[str, list[Located]] = defaultdict(list)
    for item in events:
        for participant in item.record.actors:
            if participant.role in ACTIVE_ROLES:
                by_actor[participant.actor].append(item)
    pairs: dict[tuple[str, str], tuple[Located, Located]] = {}
    window = timedelta(days=WINDOW_DAYS)
    spans = {id(item): (item.record.when.start, item.record.when.end) for item in events}
    for members in by_actor.values():
        members = sorted(members, key=lambda m: (spans[id(m)][0], m.record.id))
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if spans[id(b)][0] > spans[id(a)][1] + window:
                    break
                if a.record.id != b.record.id:
                    key = tuple(sorted((a.record.id, b.record.id)))
                    pairs.setdefault(key, (a, b) if a.record.id < b.record.id else (b, a))
    return [pairs[key] for key in sorted(pairs)]


def make_findings(loaded: LoadedSources) -> list[Finding]:
    return FindingMaker(loaded).run()
