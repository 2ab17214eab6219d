"""Stage 3 — link: validated records → the in-memory briefing every page and export reads.

All cross-indexes are built here, once, in linear time: actor → events, place → events
(governorates include their towns), operation → events, document → citing records, and the
disagreements between sources. Renderers and exporters only read this structure.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from dataclasses import dataclass, field, replace

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


def _related_for(event: Event, keyed: dict[str, list[Event]], position: dict[str, dict[str, int]],
                 day, by_id: dict[str, Event], per_key: int = 3, limit: int = 6) -> list[Event]:
    """One event's related events: those sharing an operation, place or actor, nearest in time first.

    Looks only at the few neighbours of the event within each shared list (by its position in that
    list), so a ubiquitous actor does not make this quadratic, and an edit changes the lists of the
    events near it only.
    """
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
    return [by_id[i] for i in ranked]


_PER_KEY = 3  # neighbours looked at on each side in each shared list (see _related_for)


def _related_events(events: list[Event], keyed: dict[str, list[Event]]):
    """Every event's related events, and the positions (key → event id → last index) used."""
    position = {key: {event.id: index for index, event in enumerate(members)} for key, members in keyed.items()}
    day = {event.id: event.when.start.toordinal() for event in events}
    by_id = {event.id: event for event in events}
    related = {event.id: _related_for(event, keyed, position, day, by_id, _PER_KEY) for event in events}
    return related, position


_FIELDS = {"event": Event, "actor": Actor, "operation": Operation, "place": Place, "term": Term}
_CITING_GROUPS = {kind: tuple(g for g in ("sources", "figures", "claims", "titles") if g in model.model_fields)
                  for kind, model in _FIELDS.items()}
_OTHER_KINDS = ("document", "actor", "operation", "place", "term")


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


def _rolled_places(event: Event, places: dict[str, Place]) -> list[str]:
    """An event's places, each followed by its governorate, without repeats."""
    rolled = []
    for place_id in event.places:
        rolled.append(place_id)
        governorate = places[place_id].governorate
        if governorate and governorate not in rolled:
            rolled.append(governorate)
    return list(dict.fromkeys(rolled))


def _co_actors(event: Event) -> list[str] | None:
    """The actors an event counts as working together (sorted), or None if it counts none."""
    ids = sorted({p.actor for p in event.actors})
    # A roll-call event says little about who works with whom; one actor works with no one.
    return ids if 1 < len(ids) <= 12 else None


def _ranked_partners(counts: dict[str, int], actors: dict[str, Actor]) -> list[tuple[Actor, int]]:
    return [(actors[other], count) for other, count in
            sorted(counts.items(), key=lambda kv: (-kv[1], actors[kv[0]].name))[:12]]


@dataclass
class _Linked:
    """The last link's inputs, result and working indexes, for patching after a small edit."""

    inputs: dict[str, list]  # kind → records in load order
    briefing: Briefing
    keyed: dict[str, list[Event]]  # "actor:x" / "place:y" / "operation:z" → events, date order
    position: dict[str, dict[str, int]]  # key → event id → last index in keyed[key]
    co: dict[str, dict[str, int]]  # actor → actor → events shared
    event_citing: dict[str, list[Citing]]  # document → events citing it, date order
    other_citing: dict[str, list[Citing]]  # document → other records citing it
    event_disagreements: dict[str, list[Disagreement]]  # event id → its disagreements (non-empty)
    actor_disagreements: list[Disagreement]


# The last link in this process (`mkdocs serve` links again after every save). Holds one result.
_LAST: _Linked | None = None
# How the last link was made ("full" or "patched"): for tests.
last_mode = ""
# Above this many added + removed event objects, linking afresh is simpler and about as fast.
_MAX_PATCHED = 32


def forget() -> None:
    """Drop the remembered link (the next link is a full one)."""
    global _LAST
    _LAST = None


def link(loaded: LoadedSources, title: str = "Briefing") -> Briefing:
    """Build the briefing from validated records (call only when validation found no problems).

    When only a few events changed since the last link in this process (an unchanged file gives
    back the same record objects, see load.py), the last result's indexes are patched instead of
    rebuilt; the result is the same as a full link's, in a new Briefing (the previous one is
    left as its holders got it).
    """
    global _LAST, last_mode
    inputs = {kind: loaded.of(kind) for kind in ("event", *_OTHER_KINDS)}
    previous, _LAST = _LAST, None  # forgotten if anything below fails
    linked = _patch(previous, inputs, loaded, title) if previous is not None else None
    last_mode = "patched"
    if linked is None:
        del previous  # not kept alive while linking afresh
        linked = _link(inputs, loaded, title)
        last_mode = "full"
    _LAST = linked
    return linked.briefing


def _link(inputs: dict[str, list], loaded: LoadedSources, title: str) -> _Linked:
    events = sorted(inputs["event"], key=lambda e: e.when.sort_key())
    briefing = Briefing(
        title=title,
        documents={d.id: d for d in sorted(inputs["document"], key=lambda d: d.id)},
        events=events,
        actors={a.id: a for a in sorted(inputs["actor"], key=lambda a: a.name.casefold())},
        operations={o.id: o for o in sorted(inputs["operation"], key=lambda o: o.name.casefold())},
        places={p.id: p for p in sorted(inputs["place"], key=lambda p: p.name.casefold())},
        terms={t.id: t for t in sorted(inputs["term"], key=lambda t: t.term.casefold())},
        texts=loaded.texts,
    )
    briefing.event_by_id = {e.id: e for e in events}

    by_actor: dict[str, list] = defaultdict(list)
    by_place: dict[str, list] = defaultdict(list)
    by_operation: dict[str, list] = defaultdict(list)
    by_year: dict[int, list] = defaultdict(list)
    keyed: dict[str, list[Event]] = defaultdict(list)
    event_citing: dict[str, list[Citing]] = defaultdict(list)
    places = briefing.places
    for event in events:
        for participant in event.actors:
            by_actor[participant.actor].append((event, participant.role))
        for place_id in _rolled_places(event, places):
            by_place[place_id].append(event)
        if event.operation:
            by_operation[event.operation].append(event)
        by_year[event.when.start.year].append(event)
        for key in _event_keys(event):
            keyed[key].append(event)
        for document_id, citing in _record_citings("event", event, "title"):
            event_citing[document_id].append(citing)

    other_citing: dict[str, list[Citing]] = defaultdict(list)
    for kind, records, label in (("actor", briefing.actors.values(), "name"),
                                 ("operation", briefing.operations.values(), "name"),
                                 ("place", briefing.places.values(), "name"),
                                 ("term", briefing.terms.values(), "term")):
        for record in records:
            for document_id, citing in _record_citings(kind, record, label):
                other_citing[document_id].append(citing)

    briefing.events_by_actor = dict(by_actor)
    briefing.events_by_place = dict(by_place)
    briefing.events_by_operation = dict(by_operation)
    briefing.events_by_year = dict(sorted(by_year.items()))
    briefing.citing_document = _merge_citing(event_citing, other_citing)

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
        ids = _co_actors(event)
        if ids is None:
            continue
        for a in ids:
            for b in ids:
                if a != b:
                    co[a][b] += 1
    briefing.related_actors = {actor_id: _ranked_partners(counts, briefing.actors)
                               for actor_id, counts in co.items()}
    briefing.related_events, position = _related_events(events, keyed)

    event_disagreements: dict[str, list[Disagreement]] = {}
    found: list[Disagreement] = []
    for event in events:
        own = _disagreements("event", event.id, event.title, [*event.figures, *event.claims])
        if own:
            event_disagreements[event.id] = own
            found += own
    actor_disagreements: list[Disagreement] = []
    for record in briefing.actors.values():
        actor_disagreements += _disagreements("actor", record.id, record.name, record.claims)
    _set_disagreements(briefing, found + actor_disagreements)
    return _Linked(inputs, briefing, dict(keyed), position, co, dict(event_citing), dict(other_citing),
                   event_disagreements, actor_disagreements)


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


# ---------------------------------------------------------------------------------------------
# Patching the last link after a few events changed
# ---------------------------------------------------------------------------------------------

def _patch(last: _Linked, inputs: dict[str, list], loaded: LoadedSources, title: str) -> _Linked | None:
    """The last link patched for the events added and removed since, or None to link afresh."""
    for kind in _OTHER_KINDS:
        old, new = last.inputs[kind], inputs[kind]
        if len(old) != len(new) or any(a is not b for a, b in zip(old, new)):
            return None  # a document, actor, place… changed: it may touch any index
    old_events, new_events = last.inputs["event"], inputs["event"]
    old_ids = {id(e) for e in old_events}
    new_ids = {id(e) for e in new_events}
    removed = [e for e in old_events if id(e) not in new_ids]
    added = [e for e in new_events if id(e) not in old_ids]
    if len(removed) + len(added) > _MAX_PATCHED:
        return None
    kept = [e for e in new_events if id(e) in old_ids]
    # The events kept must keep their load order (ties in date order follow it), and ids be unique.
    if any(a is not b for a, b in zip(kept, (e for e in old_events if id(e) in new_ids))):
        return None
    if len({e.id for e in new_events}) != len(new_events):
        return None
    prev = last.briefing
    if not removed and not added:
        return _Linked(inputs, replace(prev, title=title, texts=loaded.texts), last.keyed, last.position,
                       last.co, last.event_citing, last.other_citing, last.event_disagreements,
                       last.actor_disagreements)
    if len({a.name for a in prev.actors.values()}) != len(prev.actors):
        return None  # related actors' order would then depend on the order counts were made in
    gone = {id(e) for e in removed}
    fresh = {id(e) for e in added}

    # Date order; equal dates keep load order (sorted() is stable).
    load_index = {id(e): i for i, e in enumerate(new_events)}
    events = [e for e in prev.events if id(e) not in gone]
    for event in added:
        insort(events, event, key=lambda e: (e.when.sort_key(), load_index[id(e)]))
    rank = {e.id: i for i, e in enumerate(events)}
    by_id = {e.id: e for e in events}

    places = prev.places
    by_actor, _, reorder = _patch_lists(prev.events_by_actor, removed, added, gone, rank, lambda e: [
        (p.actor, (e, p.role)) for p in e.actors], lambda item: item[0])
    if reorder:
        by_actor = _first_order(by_actor, rank, lambda item: item[0], lambda key, e: next(
            i for i, p in enumerate(e.actors) if p.actor == key))
    by_place, _, reorder = _patch_lists(prev.events_by_place, removed, added, gone, rank, lambda e: [
        (place_id, e) for place_id in _rolled_places(e, places)])
    if reorder:
        by_place = _first_order(by_place, rank, None, lambda key, e: _rolled_places(e, places).index(key))
    by_operation, _, reorder = _patch_lists(prev.events_by_operation, removed, added, gone, rank, lambda e: [
        (e.operation, e)] if e.operation else [])
    if reorder:
        by_operation = _first_order(by_operation, rank, None, lambda key, e: 0)
    by_year, _, _ = _patch_lists(prev.events_by_year, removed, added, gone, rank, lambda e: [
        (e.when.start.year, e)])
    by_year = dict(sorted(by_year.items()))

    # Documents cited: the events' part is patched, the other records' part is unchanged.
    removed_ids = {e.id for e in removed}
    event_citing: dict[str, list[Citing]] = dict(last.event_citing)
    touched: dict[str, list[Citing]] = {}
    for event in removed:
        for document_id, _ in _record_citings("event", event, "title"):
            touched.setdefault(document_id, [])
    for event in added:
        for document_id, citing in _record_citings("event", event, "title"):
            touched.setdefault(document_id, []).append(citing)
    first_changed = False
    for document_id, new_citing in touched.items():
        old = last.event_citing.get(document_id, [])
        citing = [c for c in old if c.id not in removed_ids] + new_citing
        citing.sort(key=lambda c: rank[c.id])
        if citing:
            event_citing[document_id] = citing
        else:
            event_citing.pop(document_id, None)
        first_changed = first_changed or not old or not citing or old[0] is not citing[0]
    if first_changed:  # documents are keyed in order of first citation
        cited: dict[str, list[str]] = {}  # event id → documents in the order it cites them

        def first_citation(document_id: str):
            event_id = event_citing[document_id][0].id
            if event_id not in cited:
                cited[event_id] = [d for d, _ in _record_citings("event", by_id[event_id], "title")]
            return rank[event_id], cited[event_id].index(document_id)
        event_citing = {d: event_citing[d] for d in sorted(event_citing, key=first_citation)}
    citing_document = _merge_citing(event_citing, last.other_citing)

    # Co-occurring actors: take the changed events' pairs out and put the new ones in.
    co = dict(last.co)
    partners: dict[str, dict[str, int]] = {}
    for events_, step in ((removed, -1), (added, 1)):
        for event in events_:
            ids = _co_actors(event)
            for a in ids or ():
                counts = partners.get(a)
                if counts is None:
                    counts = partners[a] = dict(last.co.get(a, {}))
                for b in ids:
                    if a != b:
                        counts[b] = counts.get(b, 0) + step
    related_actors = dict(prev.related_actors)
    reorder = False
    for a, counts in partners.items():
        counts = {b: n for b, n in counts.items() if n}
        if any(n < 0 for n in counts.values()):
            return None  # cannot happen; never serve a wrong count
        if counts:
            reorder = reorder or a not in co
            co[a] = counts
            related_actors[a] = _ranked_partners(counts, prev.actors)
        else:
            reorder = True
            co.pop(a, None)
            related_actors.pop(a, None)
        reorder = reorder or _first_co_event(prev.events_by_actor.get(a, ())) is not _first_co_event(
            by_actor.get(a, ()))
    if reorder:  # keyed in order of each actor's first shared event, then by id within it
        def first_shared(actor_id: str):
            event = _first_co_event(by_actor[actor_id])
            return rank[event.id], _co_actors(event).index(actor_id)
        related_actors = {a: related_actors[a] for a in sorted(related_actors, key=first_shared)}

    # Related events: only events whose neighbourhood in some shared list changed.
    keyed, changed_keys, _ = _patch_lists(last.keyed, removed, added, gone, rank, lambda e: [
        (key, e) for key in _event_keys(e)])
    position = dict(last.position)
    dirty = {e.id for e in added}
    for key in changed_keys:
        for members, marks in ((last.keyed.get(key, ()), gone), (keyed.get(key, ()), fresh)):
            for index, member in enumerate(members):
                if id(member) in marks:
                    dirty.update(e.id for e in members[max(0, index - _PER_KEY): index + _PER_KEY + 1])
        if key in keyed:
            position[key] = {event.id: index for index, event in enumerate(keyed[key])}
        else:
            position.pop(key, None)
    day = _Days(by_id)
    related = {}
    for event_id in dirty:
        event = by_id.get(event_id)
        if event is not None:
            related[event_id] = _related_for(event, keyed, position, day, by_id, _PER_KEY)
    old_related = prev.related_events
    related_events = {e.id: related[e.id] if e.id in related else old_related[e.id] for e in events}

    event_disagreements = dict(last.event_disagreements)
    for event in removed:
        event_disagreements.pop(event.id, None)
    for event in added:
        own = _disagreements("event", event.id, event.title, [*event.figures, *event.claims])
        if own:
            event_disagreements[event.id] = own
    found = [item for event_id in sorted(event_disagreements, key=rank.__getitem__)
             for item in event_disagreements[event_id]]

    briefing = Briefing(
        title=title, documents=prev.documents, events=events, actors=prev.actors,
        operations=prev.operations, places=prev.places, terms=prev.terms, texts=loaded.texts,
        event_by_id=by_id, events_by_actor=by_actor, events_by_place=by_place,
        events_by_operation=by_operation, events_by_year=by_year, citing_document=citing_document,
        children=prev.children, places_in=prev.places_in, related_actors=related_actors,
        related_events=related_events,
    )
    _set_disagreements(briefing, found + last.actor_disagreements)
    return _Linked(inputs, briefing, keyed, position, co, event_citing, last.other_citing,
                   event_disagreements, last.actor_disagreements)


class _Days(dict):
    """Event id → day number, worked out for the few events asked about."""

    def __init__(self, by_id: dict[str, Event]):
        super().__init__()
        self.by_id = by_id

    def __missing__(self, event_id: str) -> int:
        day = self[event_id] = self.by_id[event_id].when.start.toordinal()
        return day


def _first_co_event(items) -> Event | None:
    for item in items:
        event = item[0]
        if _co_actors(event) is not None:
            return event
    return None


def _patch_lists(old: dict, removed: list[Event], added: list[Event], gone: set[int], rank: dict[str, int],
                 entries, event_of=None) -> tuple[dict, list, bool]:
    """An index key → items in date order, with the removed events' items out and the added ones in.

    entries(event) gives an event's (key, item) pairs in the order a full link appends them;
    event_of(item) the event of an item (the item itself by default). Lists that change are new
    lists; the others are shared with the old index (nothing mutates them). Returns the new
    index (keys in the old order, new keys last), the keys touched, and whether any key came, went
    or has a new first item (only then can the order of first appearance have changed).
    """
    event_of = event_of or (lambda item: item)
    additions: dict = {}
    for event in removed:
        for key, _ in entries(event):
            additions.setdefault(key, [])
    for event in added:
        for key, item in entries(event):
            additions.setdefault(key, []).append(item)
    new = dict(old)
    first_changed = False
    for key, extra in additions.items():
        before = old.get(key, ())
        items = [item for item in before if id(event_of(item)) not in gone] + extra
        if extra:
            items.sort(key=lambda item: rank[event_of(item).id])  # stable: an event's items keep order
        if items:
            new[key] = items
        else:
            del new[key]
        first_changed = first_changed or not before or not items or event_of(before[0]) is not event_of(items[0])
    return new, list(additions), first_changed


def _first_order(index: dict, rank: dict[str, int], event_of, position_in) -> dict:
    """index with its keys in the order a full link makes them: by their first event, then by
    position_in(key, event) among that event's keys."""
    event_of = event_of or (lambda item: item)

    def first(key):
        event = event_of(index[key][0])
        return rank[event.id], position_in(key, event)
    return {key: index[key] for key in sorted(index, key=first)}
