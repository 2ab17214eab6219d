"""Stage 3 — link: validated records → the in-memory briefing every page and export reads.

All cross-indexes are built here, once, in linear time: actor → events, place → events
(governorates include their towns), operation → events, document → citing records, and the
disagreements between sources. Renderers and exporters only read this structure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dates import parse_date
from .load import LoadedSources
from .model import Actor, Claim, Document, Event, Figure, Operation, Place, Term


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

    def document_date(self, document_id: str):
        return parse_date(self.documents[document_id].published)

    @property
    def period(self) -> tuple | None:
        if not self.events:
            return None
        return min(e.when.start for e in self.events), max(e.when.end for e in self.events)

    def latest(self, count: int = 5) -> list[Event]:
        return sorted(self.events, key=lambda e: (e.when.end, e.when.start, e.id), reverse=True)[:count]


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
    words = {"exactly": "", "over": "over ", "at-least": "at least ", "about": "about ", "up-to": "up to "}
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
        if len(distinct) > 1 and len({v.document for v in values}) > 1:
            found.append(Disagreement(kind, subject_id, title, attribute, tuple(values)))
    return found


def _related_events(events: list[Event], keyed: dict[str, list[Event]], per_key: int = 3,
                    limit: int = 6) -> dict[str, list[Event]]:
    """Events sharing an operation, place or actor, nearest in time first.

    Looks only at the few neighbours of each event within each shared list (by its position in
    that list), so a ubiquitous actor does not make this quadratic.
    """
    position = {key: {event.id: index for index, event in enumerate(members)} for key, members in keyed.items()}
    day = {event.id: event.when.start.toordinal() for event in events}
    by_id = {event.id: event for event in events}
    related: dict[str, list[Event]] = {}
    for event in events:
        own, when = event.id, day[event.id]
        scores: dict[str, int] = {}
        for key in _event_keys(event):
            members = keyed[key]
            index = position[key][own]
            weight = 3 if key.startswith("operation:") else 1
            for other in members[max(0, index - per_key): index + per_key + 1]:
                other_id = other.id
                if other_id != own:
                    scores[other_id] = scores.get(other_id, 0) + weight
        # sorted, not heapq.nsmallest: a few dozen candidates, where sorting in C is faster.
        ranked = sorted(scores, key=lambda i: (-scores[i], abs(day[i] - when), i))[:limit]
        related[own] = [by_id[i] for i in ranked]
    return related


_FIELDS = {"event": Event, "actor": Actor, "operation": Operation, "place": Place, "term": Term}


def _event_keys(event: Event) -> list[str]:
    keys = [f"place:{p}" for p in event.places] + [f"actor:{a.actor}" for a in event.actors]
    if event.operation:
        keys.append(f"operation:{event.operation}")
    return keys


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

    by_actor: dict[str, list] = defaultdict(list)
    by_place: dict[str, list] = defaultdict(list)
    by_operation: dict[str, list] = defaultdict(list)
    by_year: dict[int, list] = defaultdict(list)
    keyed: dict[str, list[Event]] = defaultdict(list)
    citing: dict[str, list[Citing]] = defaultdict(list)
    for event in events:
        for participant in event.actors:
            by_actor[participant.actor].append((event, participant.role))
        rolled = []
        for place_id in event.places:
            rolled.append(place_id)
            governorate = briefing.places[place_id].governorate
            if governorate and governorate not in rolled:
                rolled.append(governorate)
        for place_id in dict.fromkeys(rolled):
            by_place[place_id].append(event)
        if event.operation:
            by_operation[event.operation].append(event)
        by_year[event.when.start.year].append(event)
        for key in _event_keys(event):
            keyed[key].append(event)

    for kind, records, label in (("event", events, "title"),
                                 ("actor", briefing.actors.values(), "name"),
                                 ("operation", briefing.operations.values(), "name"),
                                 ("place", briefing.places.values(), "name"),
                                 ("term", briefing.terms.values(), "term")):
        # Only the groups this kind has: a missing attribute on a pydantic model is a slow lookup.
        groups = [g for g in ("sources", "figures", "claims", "titles") if g in _FIELDS[kind].model_fields]
        for record in records:
            quotes: dict[str, list[str]] = defaultdict(list)
            for group in groups:
                for citation in getattr(record, group) or ():
                    if citation.quote not in quotes[citation.document]:
                        quotes[citation.document].append(citation.quote)
            for document_id, passages in quotes.items():
                citing[document_id].append(Citing(kind, record.id, getattr(record, label), tuple(passages)))

    briefing.events_by_actor = dict(by_actor)
    briefing.events_by_place = dict(by_place)
    briefing.events_by_operation = dict(by_operation)
    briefing.events_by_year = dict(sorted(by_year.items()))
    briefing.citing_document = dict(citing)

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
    for event in events:
        ids = sorted({p.actor for p in event.actors})
        if len(ids) > 12:  # a roll-call event says little about who works with whom
            continue
        for a in ids:
            for b in ids:
                if a != b:
                    co[a][b] += 1
    briefing.related_actors = {
        actor_id: [(briefing.actors[other], count) for other, count in
                   sorted(counts.items(), key=lambda kv: (-kv[1], briefing.actors[kv[0]].name))[:12]]
        for actor_id, counts in co.items()
    }
    briefing.related_events = _related_events(events, keyed)

    found: list[Disagreement] = []
    for event in events:
        found += _disagreements("event", event.id, event.title, [*event.figures, *event.claims])
    for kind, records in (("actor", briefing.actors.values()),):
        for record in records:
            found += _disagreements(kind, record.id, record.name, record.claims)
    briefing.disagreements = found
    by_subject: dict[tuple[str, str], list[Disagreement]] = defaultdict(list)
    for item in found:
        by_subject[(item.subject_kind, item.subject_id)].append(item)
    briefing.disagreements_by_subject = dict(by_subject)
    return briefing
