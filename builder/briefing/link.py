"""Stage 3 — link: validated records → the in-memory briefing every page and export reads.

All cross-indexes are built here, once, in linear time: actor → events, place → events
(governorates include their towns), operation → events, document → citing records, and the
disagreements between sources. Renderers and exporters only read this structure.

Under `briefing serve` the last link is remembered, and after an edit to a few events it is
patched rather than rebuilt (see _patch): same result, ~0.03 s instead of ~0.9 s at 10,000
events. The new briefing shares the lists that did not change with the previous one, so nothing
may mutate a briefing's lists or dicts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import count
from operator import attrgetter, is_, itemgetter

from builder.load.reader import LoadedSources
from builder.model.dates import parse_date
from builder.model.records import Actor, Claim, Document, Event, Figure, Operation, Place, Term


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


class WorkedOutLater(Mapping):
    """A read-only mapping worked out on its first use (Briefing.related_events, when linked with
    related_later)."""

    def __init__(self, make):
        self._make, self._value = make, None

    def _mapping(self) -> dict:
        if self._value is None:
            self._value, self._make = self._make(), None
        return self._value

    def __getitem__(self, key):
        return self._mapping()[key]

    def __iter__(self):
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def get(self, key, default=None):
        return self._mapping().get(key, default)


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
    rank: dict[str, int]  # event id → index in briefing.events
    first_cited: dict[str, int]  # document → its index among the documents its first event cites


# The last link in this process (`mkdocs serve` links again after every save). Holds one result.
_LAST: _Linked | None = None
# How the last link was made ("full" or "patched"): for tests.
last_mode = ""
# Above this many added + removed events (a branch switch, a bulk edit), link afresh.
_MAX_PATCHED = 32


def forget() -> None:
    """Drop the remembered link (the next link is a full one)."""
    global _LAST
    _LAST = None


def link(loaded: LoadedSources, title: str = "Briefing", related_later: bool = False) -> Briefing:
    """Build the briefing from validated records (call only when validation found no problems).

    When only a few events changed since the last link in this process (an unchanged file gives
    back the same record objects, see load.py), the last result's indexes are patched instead of
    rebuilt; the result is the same as a full link's, in a new Briefing (the previous one is
    left as its holders got it).

    related_later: a full link leaves each event's related events to be worked out on first use
    (~0.4 s at 10,000 events): a one-off build's render worker uses them, off its critical path.
    """
    global _LAST, last_mode
    inputs = {kind: loaded.of(kind) for kind in ("event", *_OTHER_KINDS)}
    previous, _LAST = _LAST, None  # forgotten if anything below fails
    if previous is not None and isinstance(previous.briefing.related_events, WorkedOutLater):
        # worked out now, from the lists as they are: a patch may change them in place
        previous.briefing.related_events = dict(previous.briefing.related_events)
    try:
        linked = _patch(previous, inputs, loaded, title) if previous is not None else None
    except Exception:  # noqa: BLE001 - whatever went wrong, a full link gives the right answer
        linked = None
    last_mode = "patched"
    if linked is None:
        del previous  # not kept alive while linking afresh
        linked = _link(inputs, loaded, title, related_later)
        last_mode = "full"
    # Patching takes an event id for one event (validation refuses duplicates; never guess).
    _LAST = linked if len(linked.rank) == len(linked.briefing.events) else None
    return linked.briefing


def _link(inputs: dict[str, list], loaded: LoadedSources, title: str, related_later: bool = False) -> _Linked:
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
    event_citing: dict[str, list[Citing]] = {}
    first_cited: dict[str, int] = {}
    keys_of: list[list[str]] = []
    places = briefing.places
    for event in events:
        for participant in event.actors:
            by_actor[participant.actor].append((event, participant.role))
        for place_id in _rolled_places(event, places):
            by_place[place_id].append(event)
        if event.operation:
            by_operation[event.operation].append(event)
        by_year[event.when.start.year].append(event)
        keys = _event_keys(event)
        keys_of.append(keys)
        for key in keys:
            keyed[key].append(event)
        for index, (document_id, citing) in enumerate(_record_citings("event", event, "title")):
            cited = event_citing.get(document_id)
            if cited is None:
                event_citing[document_id] = [citing]
                first_cited[document_id] = index
            else:
                cited.append(citing)

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
    position = {key: _positions(members) for key, members in keyed.items()}
    if related_later:
        by_id = briefing.event_by_id
        briefing.related_events = WorkedOutLater(lambda: _related_events(events, keys_of, keyed, by_id, position))
    else:
        briefing.related_events = _related_events(events, keys_of, keyed, briefing.event_by_id, position)

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
    rank = dict(zip(briefing.event_by_id, range(len(events))))  # event_by_id is in date order
    return _Linked(inputs, briefing, dict(keyed), position, co, event_citing, dict(other_citing),
                   event_disagreements, actor_disagreements, rank, first_cited)


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
    """The last link patched for the events added and removed since, or None to link afresh.

    Every pass over all 10,000 events here runs in C (map, zip, dict/list copies); the Python work
    is proportional to the events changed and their neighbours.
    """
    for kind in _OTHER_KINDS:
        old, new = last.inputs[kind], inputs[kind]
        if len(old) != len(new) or not all(map(is_, old, new)):
            return None  # a document, actor, place… changed: it may touch any index
    changes = _changed_events(last.inputs["event"], inputs["event"])
    if changes is None:
        return None
    removed, added = changes
    prev = last.briefing
    if not removed and not added:
        return replace(last, inputs=inputs, briefing=replace(prev, title=title, texts=loaded.texts))
    removed_ids = {e.id for e in removed}
    added_ids = {e.id for e in added}
    if len(added_ids) != len(added) or any(i in prev.event_by_id and i not in removed_ids for i in added_ids):
        return None  # two events with one id
    if len({a.name for a in prev.actors.values()}) != len(prev.actors):
        return None  # related actors' order would then depend on the order counts were made in
    old_rank = last.rank

    # Date order; equal dates keep load order (sorted() is stable).
    events = list(prev.events)
    in_place = removed_ids == added_ids
    if in_place:  # edits that leave each event between the same neighbours: same ranks
        for event in added:
            events[old_rank[event.id]] = event
        for event in added:
            index = old_rank[event.id]
            key = event.when.sort_key()
            if (index and not events[index - 1].when.sort_key() < key
                    or index + 1 < len(events) and not key < events[index + 1].when.sort_key()):
                in_place = False
                events = list(prev.events)
                break
    if in_place:
        rank = old_rank
        by_id = dict(prev.event_by_id)
        by_id.update((e.id, e) for e in added)
    else:
        at = {old_rank[e.id]: e for e in removed}
        for index in sorted(at, reverse=True):
            if events[index] is not at[index]:
                return None
            del events[index]
        load_index = dict(zip(map(id, inputs["event"]), count()))
        for event in added:
            insort(events, event, key=lambda e: (e.when.sort_key(), load_index[id(e)]))
        ids = list(map(attrgetter("id"), events))
        by_id = dict(zip(ids, events))
        rank = dict(zip(ids, count()))
    lists = _ListPatch(removed, added, old_rank, rank)

    places = prev.places
    by_actor, _, reorder = lists.apply(prev.events_by_actor, lambda e: [
        (p.actor, (e, p.role)) for p in e.actors], itemgetter(0))
    if reorder:
        by_actor = _first_order(by_actor, rank, itemgetter(0), lambda key, e: next(
            i for i, p in enumerate(e.actors) if p.actor == key))
    by_place, _, reorder = lists.apply(prev.events_by_place, lambda e: [
        (place_id, e) for place_id in _rolled_places(e, places)])
    if reorder:
        by_place = _first_order(by_place, rank, None, lambda key, e: _rolled_places(e, places).index(key))
    by_operation, _, reorder = lists.apply(prev.events_by_operation, lambda e: [
        (e.operation, e)] if e.operation else [])
    if reorder:
        by_operation = _first_order(by_operation, rank, None, lambda key, e: 0)
    by_year, _, _ = lists.apply(prev.events_by_year, lambda e: [(e.when.start.year, e)])
    by_year = dict(sorted(by_year.items()))

    # Documents cited: the events' part is patched, the other records' part is unchanged.
    event_citing: dict[str, list[Citing]] = dict(last.event_citing)
    first_cited = dict(last.first_cited)
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
        first_changed = first_changed or not old or not citing or old[0] is not citing[0]
        if citing:
            event_citing[document_id] = citing
            first_id = citing[0].id
            first_cited[document_id] = [d for d, _ in _record_citings("event", by_id[first_id], "title")
                                        ].index(document_id)
        else:
            del event_citing[document_id]
            del first_cited[document_id]
    if first_changed:  # documents in order of first citation: by event, then within the event
        event_citing = {d: event_citing[d] for d in sorted(
            event_citing, key=lambda d: (rank[event_citing[d][0].id], first_cited[d]))}
    citing_document = _merge_citing(event_citing, last.other_citing)

    # Co-occurring actors: take the changed events' pairs out and put the new ones in.
    co = dict(last.co)
    partners: dict[str, dict[str, int]] = {}
    for events_, step in ((removed, -1), (added, 1)):
        for event in events_:
            ids_ = _co_actors(event)
            for a in ids_ or ():
                counts = partners.get(a)
                if counts is None:
                    counts = partners[a] = dict(last.co.get(a, {}))
                for b in ids_:
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
    keyed, marks, _ = lists.apply(last.keyed, lambda e: [(key, e) for key in _event_keys(e)])
    position = dict(last.position)
    dirty = set(added_ids)
    for key, (gone_at, new_at) in marks.items():
        for members, indexes in ((last.keyed.get(key, ()), gone_at), (keyed.get(key, ()), new_at)):
            for index in indexes:
                dirty.update(e.id for e in members[max(0, index - _PER_KEY): index + _PER_KEY + 1])
        if key in keyed:
            position[key] = _positions(keyed[key])
        else:
            del position[key]
    day = _Days(by_id)
    related = {}
    for event_id in dirty:
        event = by_id.get(event_id)
        if event is not None:
            related[event_id] = _related_for(event, _event_keys(event), keyed, position, day, by_id, _PER_KEY)
    if in_place:
        related_events = dict(prev.related_events)
    else:
        related_events = dict(zip(by_id, map(prev.related_events.get, by_id)))
    related_events.update(related)

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
                   event_disagreements, last.actor_disagreements, rank, first_cited)


def _changed_events(old: list[Event], new: list[Event]) -> tuple[list[Event], list[Event]] | None:
    """The events removed and added between two loads (by identity), or None if they cannot be
    patched: too many, or events kept whose load order changed."""
    same = list(map(is_, old, new))
    start = same.index(False) if False in same else len(same)
    if start == len(old) == len(new):
        return [], []
    same = list(map(is_, reversed(old), reversed(new)))
    end = same.index(False) if False in same else len(same)
    end = min(end, len(old) - start, len(new) - start)  # the common head and tail do not overlap
    old_middle, new_middle = old[start:len(old) - end], new[start:len(new) - end]
    old_ids, new_ids = set(map(id, old_middle)), set(map(id, new_middle))
    removed = [e for e in old_middle if id(e) not in new_ids]
    added = [e for e in new_middle if id(e) not in old_ids]
    if len(removed) + len(added) > _MAX_PATCHED:
        return None
    kept_old = [e for e in old_middle if id(e) in new_ids]
    kept_new = [e for e in new_middle if id(e) in old_ids]
    if len(kept_old) != len(kept_new) or not all(map(is_, kept_old, kept_new)):
        return None
    return removed, added


class _Unpatchable(Exception):
    """The last link does not hold what a patch expects: link afresh."""


class _ListPatch:
    """Patches indexes of key → items in date order: the removed events' items out, the added
    events' in, each found by bisection on the events' ranks (old ranks before, new ranks after)."""

    def __init__(self, removed: list[Event], added: list[Event], old_rank: dict[str, int],
                 rank: dict[str, int]):
        self.removed, self.added, self.old_rank, self.rank = removed, added, old_rank, rank

    def apply(self, old: dict, entries, event_of=None) -> tuple[dict, dict, bool]:
        """entries(event): an event's (key, item) pairs in the order a full link appends them;
        event_of(item): an item's event (the item itself by default).

        Returns the new index (lists that change are new lists, the others shared with the old
        index, which nothing mutates; keys in the old order, new keys last), key → (indexes of
        the removed items in the old list, of the added items in the new list) for the keys
        touched, and whether any key came, went or has a new first item (only then can the
        order of the keys, by first appearance, have changed).
        """
        event_of = event_of or _itself
        gone: dict = {}
        for event in self.removed:
            for key, _ in entries(event):
                events = gone.setdefault(key, [])
                if not events or events[-1] is not event:
                    events.append(event)
        extra: dict = {}
        for event in self.added:
            for key, item in entries(event):
                runs = extra.setdefault(key, [])
                if not runs or runs[-1][0] is not event:
                    runs.append((event, []))
                runs[-1][1].append(item)
        old_rank, rank = self.old_rank, self.rank

        def old_key(item):
            return old_rank[event_of(item).id]

        def new_key(item):
            return rank[event_of(item).id]
        new = dict(old)
        marks = {}
        first_changed = False
        for key in dict.fromkeys([*gone, *extra]):
            before = old.get(key, [])
            items = list(before)
            gone_at = []
            for event in gone.get(key, ()):
                low = bisect_left(before, old_rank[event.id], key=old_key)
                high = bisect_right(before, old_rank[event.id], lo=low, key=old_key)
                if low == high or any(event_of(item) is not event for item in before[low:high]):
                    raise _Unpatchable(key)
                gone_at.extend(range(low, high))
            for index in sorted(gone_at, reverse=True):
                del items[index]
            runs = extra.get(key, ())
            for event, run in runs:
                index = bisect_left(items, rank[event.id], key=new_key)
                items[index:index] = run
            new_at = []
            for event, run in runs:
                index = bisect_left(items, rank[event.id], key=new_key)
                new_at.extend(range(index, index + len(run)))
            if items:
                new[key] = items
            else:
                del new[key]
            marks[key] = (gone_at, new_at)
            first_changed = first_changed or not before or not items or event_of(before[0]) is not event_of(items[0])
        return new, marks, first_changed


def _itself(item):
    return item


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


def _first_order(index: dict, rank: dict[str, int], event_of, position_in) -> dict:
    """index with its keys in the order a full link makes them: by their first event, then by
    position_in(key, event) among that event's keys."""
    event_of = event_of or _itself

    def first(key):
        event = event_of(index[key][0])
        return rank[event.id], position_in(key, event)
    return {key: index[key] for key in sorted(index, key=first)}
