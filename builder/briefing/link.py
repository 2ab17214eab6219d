"""Stage 3 — link: validated records → the in-memory briefing every page and export reads.

All cross-indexes are built here, once, in linear time: actor → events, place → events
(governorates include their towns), operation → events, document → citing records, and the
disagreements between sources. Renderers and exporters only read this structure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import count
from operator import attrgetter

from builder.load.quotes import normalise
from builder.load.reader import LoadedSources
from builder.model.dates import parse_date
from builder.model.records import Actor, Claim, Document, Event, Figure, Operation, Place, Term
from builder.problems import OnRecord


@dataclass(frozen=True)
class ClaimValue:
    """One source's value in a disagreement."""

    value: str
    document: str
    quote: str


@dataclass(frozen=True)
class Disagreement:
    """Sources that give different values for the same figure or attribute of one record."""

    subject_kind: str  # event | actor | operation | place
    subject_id: str
    subject_title: str
    attribute: str  # a figure's measure or a claim's attribute
    values: tuple[ClaimValue, ...]

    @property
    def id(self) -> str:
        return f"{self.subject_kind}-{self.subject_id}-{self.attribute}"


@dataclass(frozen=True)
class Citing:
    """A record that cites a document, with the passages it quotes."""

    kind: str
    id: str
    title: str
    quotes: tuple[str, ...]


@dataclass
class Briefing:
    title: str
    documents: dict[str, Document]
    events: list[Event]  # in date order (earliest first)
    actors: dict[str, Actor]
    operations: dict[str, Operation]
    places: dict[str, Place]
    terms: dict[str, Term]
    texts: dict[str, str] = field(repr=False, default_factory=dict)
    event_by_id: dict[str, Event] = field(default_factory=dict)
    events_by_actor: dict[str, list[tuple[Event, str]]] = field(default_factory=dict)  # (event, role)
    events_by_place: dict[str, list[Event]] = field(default_factory=dict)  # incl. places within
    events_by_operation: dict[str, list[Event]] = field(default_factory=dict)
    events_by_year: dict[int, list[Event]] = field(default_factory=dict)
    citing_document: dict[str, list[Citing]] = field(default_factory=dict)
    children: dict[str, list[Actor]] = field(default_factory=dict)  # actor → actors part of it
    places_in: dict[str, list[Place]] = field(default_factory=dict)  # governorate → places
    related_actors: dict[str, list[tuple[Actor, int]]] = field(default_factory=dict)
    related_events: dict[str, list[Event]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    disagreements_by_subject: dict[tuple[str, str], list[Disagreement]] = field(default_factory=dict)
    record_facts: dict[str, int] = field(default_factory=dict)  # sourcing.record_facts (set by the pipeline)
    # The loader's records by kind (load.Located: record and file), for messages naming a file.
    located: dict[str, list] = field(repr=False, default_factory=dict)

    def file_of(self, kind: str, record_id: str) -> str:
        """Where a record is written, 'file:line' ('' if unknown): looked up only when a message needs it."""
        for item in self.located.get(kind, ()):
            if item.record.id == record_id:
                return f"{item.file}:{item.where()[0]}"
        return ""

    def on_record(self, stage: str, kind: str, record_id: str) -> OnRecord:
        """``with briefing.on_record("exporting", "actor", actor.id):`` — a failure inside names the
        record and its file:line (builder.problems.RecordFailure)."""
        return OnRecord(stage, kind, record_id, self.file_of)

    def document_date(self, document_id: str):
        return parse_date(self.documents[document_id].published)

    @property
    def period(self) -> tuple | None:
        if not self.events:
            return None
        return min(e.when.start for e in self.events), max(e.when.end for e in self.events)

    def latest(self, count: int = 5) -> list[Event]:
        """The last *count* events in date order (the one ordering rule, dates.ORDER_RULE), newest
        first: a range that began earlier is not "latest" because it ends late."""
        return self.events[-count:][::-1] if count > 0 else []


def figure_text(figure: Figure) -> str:
    """'over 130', 'at least 25', '22', '10–15' — the figure as its source gives it."""
    def num(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"

    if figure.value is not None:
        core = num(figure.value)
    elif figure.min is not None and figure.max is not None:
        core = f"{num(figure.min)}–{num(figure.max)}"
    elif figure.min is not None:
        core = num(figure.min)
    else:
        core = num(figure.max)
    if figure.qualifier in ("several", "dozens"):
        # A vague count: the number recorded is only a floor for sorting; show the source's word.
        return f"{figure.qualifier} {figure.unit}" if figure.unit else figure.qualifier
    words = {"exactly": "", "unqualified": "", "over": "over ", "at-least": "at least ", "about": "about ",
             "up-to": "up to "}
    prefix = words[figure.qualifier]
    if figure.qualifier == "at-least" and figure.value is None and figure.min is not None and figure.max is None:
        prefix = "at least "
    elif figure.value is None and figure.max is not None and figure.min is None and figure.qualifier == "exactly":
        prefix = "up to "
    text = f"{prefix}{core}"
    return f"{text} {figure.unit}" if figure.unit else text


def _disagreements(kind: str, subject_id: str, title: str, items) -> list[Disagreement]:
    """Group one record's figures/claims by attribute; a disagreement is >1 distinct value."""
    groups: dict[str, list[ClaimValue]] = defaultdict(list)
    for item in items:
        if isinstance(item, Figure):
            groups[item.measure].append(ClaimValue(figure_text(item), item.document, item.quote))
        elif isinstance(item, Claim):
            groups[item.attribute].append(ClaimValue(item.value, item.document, item.quote))
    found = []
    for attribute, values in sorted(groups.items()):
        distinct = {v.value.casefold() for v in values}
        if len(distinct) > 1 and len({(v.document, normalise(v.quote)) for v in values}) > 1:
            found.append(Disagreement(kind, subject_id, title, attribute, tuple(values)))
    return found


def _related_for(event: Event, keys: list[str], keyed: dict[str, list[Event]],
                 position: dict[str, dict[str, int]], day, by_id: dict[str, Event], per_key: int = 3,
                 limit: int = 6) -> list[Event]:
    """One event's related events: those sharing an operation, place or actor, nearest in time first.

    Looks only at the few neighbours of the event within each shared list (by its position in that
    list), so a ubiquitous actor does not make this quadratic, and an edit changes the lists of the
    events near it only.
    """
    own, when = event.id, day[event.id]
    scores: dict[str, int] = {}
    for key in keys:
        members = keyed[key]
        index = position[key][own]
        weight = 3 if key.startswith("operation:") else 1
        for other in members[max(0, index - per_key): index + per_key + 1]:
            other_id = other.id
            if other_id != own:
                scores[other_id] = scores.get(other_id, 0) + weight
    # sorted, not heapq.nsmallest: a few dozen candidates, where sorting in C is faster; tuples
    # rather than a key function (ids are unique, so the order is the same).
    ranked = sorted([(-score, abs(day[i] - when), i) for i, score in scores.items()])[:limit]
    return [by_id[i] for _, _, i in ranked]


_PER_KEY = 3  # neighbours looked at on each side in each shared list (see _related_for)


def _positions(members: list[Event]) -> dict[str, int]:
    return dict(zip(map(attrgetter("id"), members), count()))  # an event listed twice: its last index


def _related_events(events: list[Event], keys_of: list[list[str]], keyed: dict[str, list[Event]],
                    by_id: dict[str, Event], position: dict[str, dict[str, int]]) -> dict[str, list[Event]]:
    """Every event's related events (position: key → event id → index in keyed[key])."""
    day = {event.id: event.when.start.toordinal() for event in events}
    return {event.id: _related_for(event, keys, keyed, position, day, by_id, _PER_KEY)
            for event, keys in zip(events, keys_of)}


_FIELDS = {"event": Event, "actor": Actor, "operation": Operation, "place": Place, "term": Term}
_CITING_GROUPS = {kind: tuple(g for g in ("sources", "figures", "claims", "titles") if g in model.model_fields)
                  for kind, model in _FIELDS.items()}


def _event_keys(event: Event) -> list[str]:
    keys = [f"place:{p}" for p in event.places] + [f"actor:{a.actor}" for a in event.actors]
    if event.operation:
        keys.append(f"operation:{event.operation}")
    return keys


def _record_citings(kind: str, record, label: str) -> list[tuple[str, Citing]]:
    """The documents one record cites, in order of first citation, each with the passages quoted."""
    quotes: dict[str, list[str]] = defaultdict(list)
    # Only the groups this kind has: a missing attribute on a pydantic model is a slow lookup.
    for group in _CITING_GROUPS[kind]:
        for citation in getattr(record, group) or ():
            if citation.quote not in quotes[citation.document]:
                quotes[citation.document].append(citation.quote)
    return [(document_id, Citing(kind, record.id, getattr(record, label), tuple(passages)))
            for document_id, passages in quotes.items()]


def rolled_places(event: Event, places: dict[str, Place]) -> list[str]:
    """An event's places, each followed by its governorate, without repeats."""
    rolled = []
    for place_id in event.places:
        rolled.append(place_id)
        place = places.get(place_id)
        if place is not None and place.governorate:
            rolled.append(place.governorate)
    return list(dict.fromkeys(rolled))


def _co_actors(event: Event) -> list[str] | None:
    """The actors an event counts as working together (sorted), or None if it counts none."""
    ids = sorted({p.actor for p in event.actors})
    # A roll-call event says little about who works with whom; one actor works with no one.
    return ids if 1 < len(ids) <= 12 else None


def _ranked_partners(counts: dict[str, int], actors: dict[str, Actor]) -> list[tuple[Actor, int]]:
    return [(actors[other], count) for other, count in
            sorted(counts.items(), key=lambda kv: (-kv[1], actors[kv[0]].name))[:12]]


def link(loaded: LoadedSources, title: str = "Briefing") -> Briefing:
    """Build the briefing from validated records (call only when validation found no problems)."""
    events = sorted(loaded.of("event"), key=lambda e: e.when.sort_key())
    briefing = Briefing(
        title=title,
        documents={d.id: d for d in sorted(loaded.of("document"), key=lambda d: d.id)},
        events=events,
        actors={a.id: a for a in sorted(loaded.of("actor"), key=lambda a: a.name.casefold())},
        operations={o.id: o for o in sorted(loaded.of("operation"), key=lambda o: o.name.casefold())},
        places={p.id: p for p in sorted(loaded.of("place"), key=lambda p: p.name.casefold())},
        terms={t.id: t for t in sorted(loaded.of("term"), key=lambda t: t.term.casefold())},
        texts=loaded.texts,
    )
    briefing.event_by_id = {e.id: e for e in events}
    keyed = _index_events(briefing)
    _index_records(briefing)
    briefing.related_events = _related_events(events, [_event_keys(e) for e in events], keyed,
                                              briefing.event_by_id,
                                              {key: _positions(members) for key, members in keyed.items()})
    found: list[Disagreement] = []
    for event in events:
        found += _disagreements("event", event.id, event.title, [*event.figures, *event.claims])
    for record in briefing.actors.values():
        found += _disagreements("actor", record.id, record.name, record.claims)
    _set_disagreements(briefing, found)
    return briefing


def _index_events(briefing: Briefing) -> dict[str, list[Event]]:
    """Events by actor, place, operation and year, and the documents they cite; returns the events
    sharing each actor/place/operation key (for related events)."""
    by_actor: dict[str, list] = defaultdict(list)
    by_place: dict[str, list] = defaultdict(list)
    by_operation: dict[str, list] = defaultdict(list)
    by_year: dict[int, list] = defaultdict(list)
    keyed: dict[str, list[Event]] = defaultdict(list)
    event_citing: dict[str, list[Citing]] = {}
    for event in briefing.events:
        for participant in event.actors:
            by_actor[participant.actor].append((event, participant.role))
        for place_id in rolled_places(event, briefing.places):
            by_place[place_id].append(event)
        if event.operation:
            by_operation[event.operation].append(event)
        by_year[event.when.start.year].append(event)
        for key in _event_keys(event):
            keyed[key].append(event)
        for document_id, citing in _record_citings("event", event, "title"):
            event_citing.setdefault(document_id, []).append(citing)
    briefing.events_by_actor = dict(by_actor)
    briefing.events_by_place = dict(by_place)
    briefing.events_by_operation = dict(by_operation)
    briefing.events_by_year = dict(sorted(by_year.items()))
    briefing.citing_document = _merge_citing(event_citing, _other_citing(briefing))
    return dict(keyed)


def _other_citing(briefing: Briefing) -> dict[str, list[Citing]]:
    other_citing: dict[str, list[Citing]] = defaultdict(list)
    for kind, records, label in (("actor", briefing.actors.values(), "name"),
                                 ("operation", briefing.operations.values(), "name"),
                                 ("place", briefing.places.values(), "name"),
                                 ("term", briefing.terms.values(), "term")):
        for record in records:
            for document_id, citing in _record_citings(kind, record, label):
                other_citing[document_id].append(citing)
    return dict(other_citing)


def _index_records(briefing: Briefing) -> None:
    """Actors' parts and partners, places within governorates."""
    children: dict[str, list[Actor]] = defaultdict(list)
    for actor in briefing.actors.values():
        if actor.part_of:
            children[actor.part_of].append(actor)
    briefing.children = dict(children)
    places_in: dict[str, list[Place]] = defaultdict(list)
    for place in briefing.places.values():
        if place.governorate:
            places_in[place.governorate].append(place)
    briefing.places_in = dict(places_in)
    # Actors that take part in the same events, most shared events first.
    co: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event in briefing.events:
        ids = _co_actors(event)
        for a in ids or ():
            for b in ids:
                if a != b:
                    co[a][b] += 1
    briefing.related_actors = {actor_id: _ranked_partners(counts, briefing.actors) for actor_id, counts in co.items()}


def _merge_citing(event_citing: dict[str, list[Citing]], other_citing: dict[str, list[Citing]]):
    # Events are read first: documents in order of first citation by an event, then the others'.
    merged = {document_id: citing + other_citing.get(document_id, [])
              for document_id, citing in event_citing.items()}
    for document_id, citing in other_citing.items():
        if document_id not in merged:
            merged[document_id] = list(citing)
    return merged


def _set_disagreements(briefing: Briefing, found: list[Disagreement]) -> None:
    briefing.disagreements = found
    by_subject: dict[tuple[str, str], list[Disagreement]] = defaultdict(list)
    for item in found:
        by_subject[(item.subject_kind, item.subject_id)].append(item)
    briefing.disagreements_by_subject = dict(by_subject)
