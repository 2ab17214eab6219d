"""Data out: the briefing as files other tools read — JSON, CSV, GeoJSON, iCalendar, Atom, STIX 2.1.

``export_files(briefing, settings)`` returns ``{path: bytes}`` (paths relative to the site's
``data/`` folder); the MkDocs plugin publishes them under ``data/`` and ``briefing export --out DIR``
writes them to a folder. ``data_page(briefing, settings, files)`` is the Markdown of the site's
Data page listing them.

Every file is a pure function of the linked briefing (plus, for the feed, the dates git recorded
for the event files): the same sources give byte-identical files. Nothing reads the clock —
timestamps that formats require (iCalendar DTSTAMP, STIX created/modified, Atom updated) are the
*data stamp*, the latest publication date among the source documents; identifiers are UUID-5
over a fixed namespace and the record ids; keys and rows are sorted.

What each file holds and how records map onto STIX 2.1 is in docs/architecture.md ("The data
files"); the Data page tells readers the same.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import io
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit, urlunsplit

import orjson

from builder.briefing.link import Briefing, Disagreement, figure_text
from builder.model.countries import Countries
from builder.model.dates import parse_date
from builder.model.records import Actor, Document, Event, Figure, Operation, Place
from builder.model.vocabulary import Vocabulary
from builder.pages.render import md_escape

NAMESPACE = uuid.UUID("6f1c2b2e-5d4a-5e4f-9a51-2b7f0c1e9d43")  # fixed forever: ids derive from it
FEED_SIZE = 50
FORMAT_VERSION = 1
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "events-export.schema.json"
TEMPLATES = Path(__file__).resolve().parents[1] / "pages" / "templates"

TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
GEO_PRECISION = {"exact": 1, "site": 1, "town": 1, "city": 1, "district": 2, "region": 3,
                 "governorate": 3, "country": 3}
ADMIRALTY_CONFIDENCE = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}
SIDE_ONE = ("conducted", "claimed", "stated", "attended", "joined", "supported")
SIDE_TWO = ("targeted", "victim")
FALLBACK_STAMP = datetime(2000, 1, 1, tzinfo=UTC)

CSV_COLUMNS = [
    "event_id", "event_date", "time_precision", "event_type", "actor1", "assoc_actor_1", "actor2",
    "assoc_actor_2", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities", "figures", "date_text", "end_date", "operation", "credibility", "url",
]

# path → (format, description) — also the order of the Data page.
DESCRIPTIONS = {
    "events.json": ("JSON", ("Every event with dates, places, actors, figures, claims and quoted sources, "
                             "plus actors, operations, places, documents (without their text), glossary "
                             "and disagreements.")),
    "events.schema.json": ("JSON Schema", "The JSON Schema (draft 2020-12) that events.json follows."),
    "events.csv": ("CSV", ("One row per event in ACLED-like columns (UTF-8, RFC 4180): for spreadsheets "
                           "and conflict-data tools.")),
    "events.geojson": ("GeoJSON", "One point per event and located place (RFC 7946), for maps and GIS."),
    "events.ics": ("iCalendar", "One all-day entry per event spanning its dates, for calendar apps."),
    "feed.xml": ("Atom", f"The {FEED_SIZE} most recently added events, for feed readers."),
    "briefing.stix.json": ("STIX 2.1", ("A STIX 2.1 bundle (reports, campaigns, identities, threat actors, "
                                        "locations, relationships) for threat-intelligence platforms.")),
}
# The site's other data files (builder/pages/explore.py map_files: the Map page's and the timeline
# filters' data), listed on the Data page after the exports; path relative to data/.
SITE_DATA = {
    "map.json": ("JSON", ("Every place with coordinates and the events there, as the Map page draws them "
                          "(compact: events are rows referred to by position).")),
    "timeline.json": ("JSON", ("Every event as a compact row (dates, type, actors, places, operation), "
                               "which the timeline's filters read.")),
    "names.json": ("JSON", ("Every actor, place, operation and glossary term with its aliases, which the search "
                            "box lists first when a query names one.")),
}


# ------------------------------------------------------------------------------------ public API


# What export_files makes, in this order (a build names the files before they are made: builder/site/ahead.py).
EXPORT_NAMES = ("events.json", "events.schema.json", "events.csv", "events.geojson", "events.ics", "feed.xml",
                "briefing.stix.json")


def export_files(briefing: Briefing, settings, history: dict | None = None,
                 parts: list[_Parts] | None = None) -> dict[str, bytes]:
    """All export files, path (relative to data/) → bytes; the same briefing gives the same bytes.

    *history* maps event ids to the ISO date they were added (default: read from git once);
    *parts*: all_event_parts(briefing, event_scope(briefing, settings)) when already made.
    """
    ctx = _Context(briefing, settings)
    if history is None:
        history = added_dates(briefing, settings)
    if parts is None:
        parts = all_event_parts(briefing, ctx.scope)
    files = dict(zip(EXPORT_NAMES, (
        events_json(ctx, parts),
        schema_bytes(getattr(settings, "vocabulary", None) or Vocabulary()),
        events_csv(ctx, parts),
        events_geojson(ctx, parts),
        events_ics(ctx, parts),
        atom_feed(ctx, history, parts),
        stix_bundle(ctx, parts),
    ), strict=True))
    return files


def data_page(briefing: Briefing, settings, files: dict[str, bytes],
              site_files: dict[str, bytes] | None = None) -> str:
    """Markdown of the Data page: every export with its format, size, description and link.

    *site_files* are the other data files the site publishes (``data/map.json``,
    ``data/timeline.json``: builder/pages/explore.py's ``map_files``), listed after the exports; they
    are computed when not given.
    """
    from builder.briefing.sourcing import briefing_facts

    if site_files is None:
        from builder.pages.explore import map_files

        site_files = map_files(briefing, settings)
    env = _data_page_environment()
    rows = []
    listed = dict(files)
    for path, data in site_files.items():
        listed.setdefault(path.removeprefix("data/"), data)
    for path, data in listed.items():
        fmt, description = (DESCRIPTIONS.get(path) or SITE_DATA.get(path)
                            or (path.rpartition(".")[2].upper(), ""))
        rows.append({"path": path, "format": fmt, "description": description, "bytes": len(data)})
    located_places = {place_id for place_id, place in briefing.places.items() if _located(place)}
    located = sum(1 for e in briefing.events if not located_places.isdisjoint(e.places))
    return env.get_template("data.md.j2").render(
        title=briefing.title, rows=rows, events=len(briefing.events), located=located,
        feed_size=FEED_SIZE, stamp=_stamp(briefing).date().isoformat(), columns=CSV_COLUMNS,
        site_url=settings.site_url, facts=briefing_facts(briefing),
    )


def _data_page_environment():
    """One Jinja environment per process (it still reloads the template when its file changes)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md_escape
    env.filters["size"] = human_size
    return env


def added_dates(briefing: Briefing, settings) -> dict[str, str]:
    """Event id → ISO date-time its file was first committed (events git does not know are absent)."""
    from builder.history.git import file_history

    sources = Path(settings.sources)
    if not sources.is_absolute():
        sources = Path(settings.project) / sources
    folder = sources / "events"
    try:  # project-relative paths, made as strings (a Path per event is slow for large briefings)
        prefix = folder.resolve().relative_to(Path(settings.project).resolve()).as_posix() + "/"
    except (ValueError, OSError):
        prefix = str(folder) + "/"
    paths = tuple(f"{prefix}{event.id}.yaml" for event in briefing.events)
    found = file_history(settings.project, paths)
    return {path[len(prefix):-5]: first for path, (first, _last, _commits) in found.items()}


def human_size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


# ------------------------------------------------------------------------------------ shared bits


@dataclass(frozen=True, eq=False)
class EventScope:
    """What one event's share of the exports reads besides the event and its disagreements: the
    records it can name, the title, the site URL and the data stamp — never other events, so a
    piece made for one event stays right whatever the others do (builder/site/incremental.py reuses
    pieces by the fingerprint of this scope and the event)."""

    title: str
    site_url: str
    stamp: datetime
    actors: dict[str, Actor]
    places: dict[str, Place]
    operations: dict[str, Operation]
    documents: dict[str, Document]

    @property
    def briefing(self) -> EventScope:  # (the per-event functions read b.actors, b.places…)
        return self

    @cached_property
    def stix(self) -> _StixIds:
        return _StixIds(self, self.stamp)

    @cached_property
    def ics_stamp(self) -> str:
        return self.stamp.strftime("%Y%m%dT%H%M%SZ")

    @cached_property
    def csv_buffer(self) -> io.StringIO:
        return io.StringIO()

    @cached_property
    def csv_writer(self):
        return csv.writer(self.csv_buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    @cached_property
    def _dates(self) -> dict[tuple, _DateFacts]:
        return {}

    def url(self, section: str, record_id: str) -> str:
        return f"{self.site_url}{section}/{record_id}/"

    def dates(self, event: Event) -> _DateFacts:
        """What the files show of the event's date, made once per date: events share dates."""
        key = (event.date, event.date_qualifier)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = _date_facts(*key)
        return found

    def place(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def located_places(self, event: Event) -> list[Place]:
        return [p for p in (self.place(i) for i in event.places) if _located(p)]


def event_scope(briefing: Briefing, settings) -> EventScope:
    return EventScope(briefing.title, settings.site_url or "", _stamp(briefing), briefing.actors, briefing.places,
                      briefing.operations, briefing.documents)


def event_disagreements(briefing: Briefing) -> dict[str, tuple[Disagreement, ...]]:
    """Each event's disagreements (made from its own figures and claims)."""
    found: dict[str, list[Disagreement]] = defaultdict(list)
    for item in briefing.disagreements:
        if item.subject_kind == "event":
            found[item.subject_id].append(item)
    return {event_id: tuple(items) for event_id, items in found.items()}


class _Context:
    """What every exporter needs, computed once: the briefing, and the scope events' pieces read."""

    def __init__(self, briefing: Briefing, settings):
        self.briefing = briefing
        self.settings = settings
        self.scope = event_scope(briefing, settings)
        self.site_url = self.scope.site_url
        self.stamp = self.scope.stamp
        self.ics_stamp = self.scope.ics_stamp
        self.event_disagreements = event_disagreements(briefing)
        self.url, self.dates, self.place = self.scope.url, self.scope.dates, self.scope.place

    @property
    def stix(self) -> _StixIds:
        return self.scope.stix


_EVENT_JSON = Event.__pydantic_serializer__.to_json  # = model_dump_json(), as bytes


class _DateFacts(NamedTuple):
    display: str  # the date as the site shows it
    start: str  # first possible day, ISO 8601
    end: str  # last possible day, ISO 8601
    precision: str
    info: dict  # events.json's date object, without the note (never changed: shared by events)
    stix_start: str  # STIX timestamps of the first day and of the day after the last
    stix_stop: str
    ical_start: str  # iCalendar DTSTART / DTEND (exclusive) values
    ical_stop: str
    label: str  # the date as the sources give it
    tentative: bool  # approximate or uncertain
    day: datetime  # the first day at midnight UTC
    sort_key: tuple


def _date_facts(text: str, qualifier: str | None) -> _DateFacts:
    when = parse_date(text, qualifier)  # what Event.when gives
    start, end = when.start, when.end
    after = end + timedelta(days=1)
    return _DateFacts(
        display=when.display(), start=start.isoformat(), end=end.isoformat(), precision=when.precision,
        info=_date_info(text, qualifier), stix_start=_stix_time(start), stix_stop=_stix_time(after),
        ical_start=_ical_date(start), ical_stop=_ical_date(after), label=when.iso_label(),
        tentative=bool(when.approximate or when.uncertain),
        day=datetime(start.year, start.month, start.day, tzinfo=UTC), sort_key=when.sort_key())


def _located(place: Place | None) -> bool:
    return place is not None and place.lat is not None and place.lon is not None


def _stamp(briefing: Briefing) -> datetime:
    """The data stamp: the latest first-possible publication day among documents (UTC midnight)."""
    days = [parse_date(d.published).start for d in briefing.documents.values()]
    if not days:
        return FALLBACK_STAMP
    latest = max(days)
    return datetime(latest.year, latest.month, latest.day, tzinfo=UTC)


_NAMESPACE_TEXT = str(NAMESPACE)


def _uuid(kind: str, record_id: str) -> str:
    """UUID-5 (text) of ``kind:record_id`` in the fixed namespace."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{record_id}"))


def _number(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def _with_note(info: dict, note: str | None) -> dict:
    return info if note is None else {**info, "note": note}


def _date_info(text: str, qualifier: str | None = None, note: str | None = None) -> dict:
    when = parse_date(text, qualifier)
    info = {
        "text": text, "qualifier": qualifier, "start": when.start.isoformat(), "end": when.end.isoformat(),
        "precision": when.precision, "display": when.display(), "approximate": when.approximate,
        "uncertain": when.uncertain,
    }
    if note is not None:
        info["note"] = note
    return info


# One JSON value on one line: keys sorted, no spaces, UTF-8 text as is. orjson does it several times
# faster than the json module's C encoder, and indent= forces the much slower pure-Python one
# (bench/RESULTS.md). What orjson refuses (an integer beyond 64 bits, e.g. a figure
# of 1e30) goes to the json module with the same layout.
_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS
_JSON_FALLBACK = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _json(data) -> bytes:
    try:
        return orjson.dumps(data, option=_ORJSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return _JSON_FALLBACK(data).encode("utf-8")


def _json_document(fields: dict, arrays: dict[str, list[bytes]]) -> bytes:
    """A JSON object, keys sorted; each array of *arrays* (items already encoded) one item per line,
    so the file diffs by record; every other value on its key's line. Joined once: the files are
    tens of MB for a large briefing and each extra concatenation copies them whole."""
    chunks = [b"{\n"]
    for index, key in enumerate(sorted({*fields, *arrays})):
        chunks.append(b" " + _json(key) + b":" if not index else b",\n " + _json(key) + b":")
        if key in arrays:
            items = arrays[key]
            if items:
                chunks.append(b"[\n  ")
                separated = [b",\n  "] * (2 * len(items) - 1)
                separated[::2] = items
                chunks += separated
                chunks.append(b"\n ]")
            else:
                chunks.append(b"[]")
        else:
            chunks.append(_json(fields[key]))
    chunks.append(b"\n}\n")
    return b"".join(chunks)


# ------------------------------------------------------------------------------ per-event pieces


class _Parts(NamedTuple):
    """One event's share of every export file."""

    record: bytes  # events.json: the event's record (UTF-8 JSON, like every piece)
    row: bytes  # events.csv: its row, CRLF-terminated
    features: tuple[bytes, ...]  # events.geojson: one Feature per located place
    vevent: bytes  # events.ics: the VEVENT, folded, CRLF-terminated lines
    report: str  # briefing.stix.json: the event's report id …
    stix: tuple[tuple[str, bytes], ...]  # … and (id, JSON) of the report and its relationships
    documents: tuple[str, ...]  # the documents it cites (their STIX reports refer back to it)
    day: datetime  # feed.xml: the event's first day, its "added" date when git has none …
    order: tuple  # … and what orders events added the same day: (date sort key, id)




def _each(briefing: Briefing, stage: str, kind: str | None, make):
    """*make*(record, ...), a failure naming the record (a disagreement: its subject) and its file."""
    def made(record, *args):
        about = (kind, record.id) if kind else (record.subject_kind, record.subject_id)
        with briefing.on_record(stage, *about):
            return make(record, *args)
    return made


def all_event_parts(briefing: Briefing, scope: EventScope, call=None) -> list[_Parts]:
    """Every event's pieces, in order. *call(function, *args)*: the pipeline's step caller
    (builder/pipeline.py), which may reuse a piece; by default each is made."""
    disagreements = event_disagreements(briefing)
    parts = []
    for event in briefing.events:
        with briefing.on_record("exporting", "event", event.id):
            disputes = disagreements.get(event.id, ())
            parts.append(call(event_parts, scope, event, disputes) if call else event_parts(scope, event, disputes))
    return parts


def event_parts(ctx: EventScope, event: Event, disputes: tuple[Disagreement, ...]) -> _Parts:
    """One event's share of every export file: reads only the event, its disagreements and *ctx*."""
    located = ctx.located_places(event)
    report, stix, documents = _stix_event(ctx, event)
    dates = ctx.dates(event)
    return _Parts(
        record=_json(_event_record(ctx, event, disputes)),
        row=_csv_row(ctx, event, located, disputes),
        features=tuple(_json(_feature(ctx, event, index, place)) for index, place in enumerate(located)),
        vevent=_vevent(ctx, event, located),
        report=report, stix=stix, documents=documents,
        day=dates.day, order=(dates.sort_key, event.id),
    )


# ------------------------------------------------------------------------------------ events.json


def _citation(briefing: Briefing, document_id: str, quote: str) -> dict:
    document = briefing.documents.get(document_id)
    return {
        "document": document_id,
        "publisher": document.publisher if document else None,
        "published": document.published if document else None,
        "quote": quote,
    }


def _figure(briefing: Briefing, figure: Figure) -> dict:
    return {
        "measure": figure.measure, "value": _number(figure.value), "min": _number(figure.min),
        "max": _number(figure.max), "qualifier": figure.qualifier, "unit": figure.unit,
        "text": figure_text(figure), **_citation(briefing, figure.document, figure.quote),
    }


def _event_record(ctx: EventScope, event: Event, disputes: tuple[Disagreement, ...]) -> dict:
    b = ctx.briefing
    operation = b.operations.get(event.operation) if event.operation else None
    places = []
    for place_id in event.places:
        place = b.places[place_id]
        places.append({"id": place.id, "name": place.name, "lat": place.lat, "lon": place.lon,
                       "precision": place.precision, "governorate": place.governorate})
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "type": event.type,
        "date": _with_note(ctx.dates(event).info, event.date_note),
        "places": places,
        "actors": [{"id": p.actor, "name": b.actors[p.actor].name, "role": p.role} for p in event.actors],
        "operation": {"id": operation.id, "name": operation.name} if operation else None,
        "figures": [_figure(b, f) for f in event.figures],
        "claims": [{"attribute": c.attribute, "value": c.value, **_citation(b, c.document, c.quote)}
                   for c in event.claims],
        "sources": [_citation(b, c.document, c.quote) for c in event.sources],
        "tags": list(event.tags),
        "credibility": event.credibility,
        "disagreements": [d.attribute for d in disputes],
        "url": ctx.url("events", event.id),
    }


def events_json(ctx: _Context, parts: list[_Parts]) -> bytes:
    """events.json: one record per line (every list of records), keys sorted."""
    b = ctx.briefing
    fields = {
        "format": "briefing-events",
        "version": FORMAT_VERSION,
        "title": b.title,
        "site_url": ctx.site_url,
        "data_stamp": ctx.stamp.date().isoformat(),
        "counts": {"events": len(b.events), "actors": len(b.actors), "operations": len(b.operations),
                   "places": len(b.places), "documents": len(b.documents), "glossary": len(b.terms),
                   "disagreements": len(b.disagreements)},
    }
    stage = "exporting to events.json"
    actor, operation, place, document = (_each(b, stage, kind, make) for kind, make in (
        ("actor", lambda a: _actor_line(ctx, a)), ("operation", lambda o: _operation_line(ctx, o)),
        ("place", lambda p: _place_line(ctx, p)), ("document", lambda d: _document_line(ctx, d))))
    term = _each(b, stage, "term", _term_line)
    disagreement = _each(b, f"{stage} a disagreement on", None, lambda d: _disagreement_line(b, d))
    arrays = {
        "events": [p.record for p in parts],
        "actors": [actor(a) for a in sorted(b.actors.values(), key=lambda a: a.id)],
        "operations": [operation(o) for o in sorted(b.operations.values(), key=lambda o: o.id)],
        "places": [place(p) for p in sorted(b.places.values(), key=lambda p: p.id)],
        "documents": [document(d) for d in b.documents.values()],
        "glossary": [term(t) for t in sorted(b.terms.values(), key=lambda t: t.id)],
        "disagreements": [disagreement(d) for d in b.disagreements],
    }
    return _json_document(fields, arrays)


def _actor_line(ctx: _Context, a) -> bytes:
    b = ctx.briefing
    return _json(
        {"id": a.id, "name": a.name, "aliases": list(a.aliases), "kind": a.kind, "part_of": a.part_of,
         "description": a.description,
         "titles": [{"title": t.title, **_citation(b, t.document, t.quote)} for t in a.titles],
         "claims": [{"attribute": c.attribute, "value": c.value, **_citation(b, c.document, c.quote)}
                    for c in a.claims],
         "sources": [_citation(b, c.document, c.quote) for c in a.sources],
         "events": len(b.events_by_actor.get(a.id, ())),
         "url": ctx.url("actors", a.id)})


def _operation_line(ctx: _Context, o) -> bytes:
    b = ctx.briefing
    return _json(
        {"id": o.id, "name": o.name, "aliases": list(o.aliases),
         "date": _date_info(o.date) if o.date else None,
         "conducted_by": list(o.conducted_by), "supported_by": list(o.supported_by),
         "description": o.description,
         "sources": [_citation(b, c.document, c.quote) for c in o.sources],
         "events": [e.id for e in b.events_by_operation.get(o.id, ())],
         "url": ctx.url("operations", o.id)})


def _place_line(ctx: _Context, p) -> bytes:
    return _json(
        {"id": p.id, "name": p.name, "aliases": list(p.aliases), "kind": p.kind,
         "governorate": p.governorate, "country": p.country, "lat": p.lat, "lon": p.lon,
         "precision": p.precision, "description": p.description,
         "events": len(ctx.briefing.events_by_place.get(p.id, ())), "url": ctx.url("places", p.id)})


def _document_line(ctx: _Context, d) -> bytes:
    return _json(
        {"id": d.id, "title": d.title, "publisher": d.publisher, "published": _date_info(d.published),
         "published_note": d.published_note, "url": d.url, "language": d.language,
         "reliability": d.reliability, "cited_by": len(ctx.briefing.citing_document.get(d.id, ())),
         "page": ctx.url("sources", d.id)})


def _term_line(t) -> bytes:
    return _json(
        {"id": t.id, "term": t.term, "expansion": t.expansion, "aliases": list(t.aliases),
         "definition": t.definition})


def _disagreement_line(b: Briefing, d) -> bytes:
    return _json(
        {"id": d.id, "subject_kind": d.subject_kind, "subject_id": d.subject_id,
         "subject_title": d.subject_title, "attribute": d.attribute,
         "values": [{"value": v.value, **_citation(b, v.document, v.quote)} for v in d.values]})


# ----------------------------------------------------------------------------------- JSON Schema


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _schema_types() -> tuple[dict, ...]:
    """(string, text, slug, day, number, count, strings): the schema's basic types, made afresh."""
    string = {"type": "string"}
    return (string, {"type": "string", "minLength": 1}, {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"},
            {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, {"type": "number", "minimum": 0},
            {"type": "integer", "minimum": 0}, {"type": "array", "items": string})


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": required if required is not None else sorted(properties)}


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def export_schema(vocabulary: Vocabulary | None = None) -> dict:
    """The JSON Schema of events.json (draft 2020-12)."""
    string, text, _slug, day, _number, count, _strings = _schema_types()
    obj, ref = _obj, _ref
    defs = _schema_defs(vocabulary)
    counts = {k: count for k in ("events", "actors", "operations", "places", "documents", "glossary",
                                 "disagreements")}
    root = obj({
        "format": {"const": "briefing-events"},
        "version": {"const": FORMAT_VERSION},
        "title": text,
        "site_url": string,
        "data_stamp": {**day, "description": "Latest document publication date: the export's timestamp."},
        "counts": obj(counts),
        "events": {"type": "array", "items": ref("event"), "description": "In date order, earliest first."},
        "actors": {"type": "array", "items": ref("actor")},
        "operations": {"type": "array", "items": ref("operation")},
        "places": {"type": "array", "items": ref("place")},
        "documents": {"type": "array", "items": ref("document")},
        "glossary": {"type": "array", "items": ref("term")},
        "disagreements": {"type": "array", "items": ref("disagreement")},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "events.schema.json",
        "title": "Briefing export (data/events.json)",
        "description": "Every event of the briefing with its sources, and the records it refers to. "
                       "Generated by builder/export.py; text fields are plain text.",
        **root,
        "$defs": defs,
    }




def _schema_defs(vocabulary: Vocabulary | None) -> dict:
    """The schema's $defs: dates, citations, figures, claims, events and the records they refer to."""
    string, text, slug, day, number, _count, _strings = _schema_types()
    obj, ref = _obj, _ref
    date_properties = {
        "text": {**text, "description": "EDTF text as in the sources: 2025-11-24, 2025-12, 2025-11-24/2025-11-27, 2025-12~"},
        "qualifier": _nullable({"enum": ["early", "mid", "late"]}),
        "start": {**day, "description": "First possible day (ISO 8601)."},
        "end": {**day, "description": "Last possible day (ISO 8601), inclusive."},
        "precision": {"enum": ["day", "month", "year"]},
        "display": {**text, "description": "The date as the site shows it."},
        "approximate": {"type": "boolean"},
        "uncertain": {"type": "boolean"},
        "note": _nullable(string),
    }
    date_required = sorted(k for k in date_properties if k != "note")
    citation = {
        "document": {**slug, "description": "Id of the source document (see documents)."},
        "publisher": _nullable(string),
        "published": _nullable({**string, "description": "EDTF publication date of the document."}),
        "quote": {**text, "description": "The passage, word for word in the document."},
    }
    defs = {
        "date": obj(date_properties, date_required),
        "citation": obj(citation),
        "figure": obj({
            "measure": slug, "value": _nullable(number), "min": _nullable(number), "max": _nullable(number),
            "qualifier": {"enum": ["exactly", "unqualified", "over", "at-least", "about", "up-to", "several", "dozens"]},
            "unit": _nullable(string), "text": {**text, "description": "The figure as its source gives it."},
            **citation,
        }),
        "claim": obj({"attribute": slug, "value": text, **citation}),
        "event": obj({
            "id": slug, "title": text, "summary": text,
            "type": {"enum": list((vocabulary or Vocabulary()).event_types)},
            "date": ref("date"),
            "places": {"type": "array", "items": obj({
                "id": slug, "name": text, "lat": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
                "lon": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
                "precision": _nullable(string), "governorate": _nullable(slug)})},
            "actors": {"type": "array", "items": obj({
                "id": slug, "name": text,
                "role": {"enum": list((vocabulary or Vocabulary()).roles)}})},
            "operation": _nullable(obj({"id": slug, "name": text})),
            "figures": {"type": "array", "items": ref("figure")},
            "claims": {"type": "array", "items": ref("claim")},
            "sources": {"type": "array", "minItems": 1, "items": ref("citation")},
            "tags": {"type": "array", "items": slug},
            "credibility": {"type": "integer", "minimum": 1, "maximum": 6,
                            "description": "Admiralty information credibility, 1 (confirmed) … 6 (cannot be judged)."},
            "disagreements": {"type": "array", "items": slug,
                              "description": "Measures/attributes on which this event's sources disagree."},
            "url": {**string, "description": "The event's page on the site."},
        }),
        **_record_defs(citation),
    }
    return defs


def _record_defs(citation: dict) -> dict:
    """The $defs of the records events refer to: actors, operations, places, documents, terms, disagreements."""
    string, text, slug, _day, _number, count, strings = _schema_types()
    obj, ref = _obj, _ref
    return {
        "actor": obj({
            "id": slug, "name": text, "aliases": strings, "kind": string, "part_of": _nullable(slug),
            "description": _nullable(string),
            "titles": {"type": "array", "items": obj({"title": text, **citation})},
            "claims": {"type": "array", "items": ref("claim")},
            "sources": {"type": "array", "items": ref("citation")},
            "events": count, "url": string,
        }),
        "operation": obj({
            "id": slug, "name": text, "aliases": strings, "date": _nullable(ref("date")),
            "conducted_by": {"type": "array", "items": slug}, "supported_by": {"type": "array", "items": slug},
            "description": _nullable(string), "sources": {"type": "array", "items": ref("citation")},
            "events": {"type": "array", "items": slug}, "url": string,
        }),
        "place": obj({
            "id": slug, "name": text, "aliases": strings, "kind": string, "governorate": _nullable(slug),
            "country": _nullable(string), "lat": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
            "lon": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
            "precision": _nullable(string), "description": _nullable(string), "events": count, "url": string,
        }),
        "document": obj({
            "id": slug, "title": text, "publisher": string, "published": ref("date"),
            "published_note": _nullable(string), "url": _nullable(string), "language": string,
            "reliability": {"enum": ["A", "B", "C", "D", "E", "F"],
                            "description": "Admiralty source reliability, A (reliable) … F (cannot be judged)."},
            "cited_by": count, "page": string,
        }),
        "term": obj({"id": slug, "term": text, "expansion": _nullable(string), "aliases": strings,
                     "definition": text}),
        "disagreement": obj({
            "id": string, "subject_kind": {"enum": ["event", "actor", "operation", "place"]},
            "subject_id": slug, "subject_title": text, "attribute": slug,
            "values": {"type": "array", "minItems": 2, "items": obj({"value": text, **citation})},
        }),
    }


def schema_bytes(vocabulary: Vocabulary = Vocabulary()) -> bytes:  # noqa: B008 - frozen, hashable
    return (json.dumps(export_schema(vocabulary), ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def write_export_schema(path: Path = SCHEMA_FILE) -> Path:
    """Write schema/events-export.schema.json (kept in sync by tests/test_export.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(schema_bytes())
    return path


# ------------------------------------------------------------------------------------- events.csv


def _governorate(ctx: _Context, place: Place | None) -> str:
    if place is None:
        return ""
    if place.kind == "governorate":
        return place.name
    governorate = ctx.place(place.governorate) if place.governorate else None
    return governorate.name if governorate else ""


def _sides(ctx: _Context, event: Event) -> tuple[list[str], list[str]]:
    names = ctx.briefing.actors
    one = [p.actor for role in SIDE_ONE for p in event.actors if p.role == role]
    two = [p.actor for role in SIDE_TWO for p in event.actors if p.role == role]
    one = [names[a].name for a in dict.fromkeys(one)]
    two = [names[a].name for a in dict.fromkeys(two)]
    return one, two


def fatalities(event: Event) -> tuple[int | float | None, bool]:
    """(the most conservative lower bound of 'killed' figures or None, whether sources disagree)."""
    killed = [f for f in event.figures if f.measure == "killed"]
    lows = [f.value if f.value is not None else f.min for f in killed]
    lows = [x for x in lows if x is not None]
    disputed = len({figure_text(f) for f in killed}) > 1
    return (_number(min(lows)) if lows else None), disputed


def document_label(briefing, document_id: str) -> str:
    """A document as a reader knows it: its publisher, or its title when the publisher is not
    known (never its file id)."""
    document = briefing.documents.get(document_id)
    if document is None:
        return document_id
    if document.publisher and document.publisher != "unknown":
        return document.publisher
    return document.title


def _csv_row(ctx: EventScope, event: Event, located: list[Place], disputes: tuple[Disagreement, ...]) -> bytes:
    b = ctx.briefing
    dates = ctx.dates(event)
    shown_start, shown_end = dates.start, dates.end
    one, two = _sides(ctx, event)
    first = ctx.place(event.places[0]) if event.places else None
    point = located[0] if located else None
    killed, disputed = fatalities(event)
    notes = event.summary
    if disputes:
        parts = []
        for item in disputes:
            values = "; ".join(f"{v.value} ({document_label(b, v.document)})" for v in item.values)
            parts.append(f"{item.attribute}: {values}")
        notes += " [Sources disagree — " + " | ".join(parts) + "]"
    if killed is not None and disputed:
        notes += " [Fatalities: the lowest figure given is used.]"
    publishers = [document_label(b, citation.document) for citation in event.sources]
    operation = b.operations.get(event.operation) if event.operation else None
    buffer = ctx.csv_buffer
    buffer.seek(0)
    buffer.truncate()
    ctx.csv_writer.writerow(_csv_safe([
        event.id,
        shown_start,
        TIME_PRECISION[dates.precision],
        event.type,
        one[0] if one else "",
        "; ".join(one[1:]),
        two[0] if two else "",
        "; ".join(two[1:]),
        _governorate(ctx, point or first),
        (point or first).name if (point or first) else "",
        f"{point.lat:.4f}" if point else "",
        f"{point.lon:.4f}" if point else "",
        GEO_PRECISION.get(point.precision, 3) if point else "",
        "; ".join(dict.fromkeys(publishers)),
        notes,
        "" if killed is None else killed,
        "; ".join(f"{f.measure}: {figure_text(f)} ({document_label(b, f.document)})" for f in event.figures),
        event.date if not event.date_qualifier else f"{event.date_qualifier} {event.date}",
        shown_end,
        operation.name if operation else "",
        event.credibility,
        ctx.url("events", event.id),
    ]))
    return buffer.getvalue().encode("utf-8")


# Columns holding numbers the builder formats itself (a latitude of -1.5 stays a number).
_CSV_NUMERIC = frozenset(CSV_COLUMNS.index(name) for name in (
    "time_precision", "latitude", "longitude", "geo_precision", "fatalities", "credibility"))
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(row: list) -> list:
    """Text cells a spreadsheet would run as a formula (OWASP CSV injection: starting with = + - @,
    a tab or a carriage return) get a leading apostrophe, which spreadsheets show as text."""
    return [f"'{cell}" if index not in _CSV_NUMERIC and isinstance(cell, str) and cell.startswith(_FORMULA_START)
            else cell for index, cell in enumerate(row)]


def events_csv(ctx: _Context, parts: list[_Parts]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(CSV_COLUMNS)
    return b"".join([buffer.getvalue().encode("utf-8"), *[p.row for p in parts]])


# --------------------------------------------------------------------------------- events.geojson


def _feature(ctx: _Context, event: Event, index: int, place: Place) -> dict:
    dates = ctx.dates(event)
    return {
        "type": "Feature",
        "id": f"{event.id}@{place.id}",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "event_id": event.id, "title": event.title, "type": event.type,
            "date": event.date, "date_display": dates.display, "start": dates.start,
            "end": dates.end, "precision": dates.precision,
            "place_id": place.id, "place_name": place.name, "place_index": index,
            "geo_precision": place.precision,
            "actors": [ctx.briefing.actors[p.actor].name for p in event.actors],
            "operation": event.operation, "credibility": event.credibility,
            "url": ctx.url("events", event.id),
        },
    }


def events_geojson(ctx: _Context, parts: list[_Parts]) -> bytes:
    """A FeatureCollection, one Feature per line."""
    features = [feature for p in parts for feature in p.features]
    return _json_document({"type": "FeatureCollection"}, {"features": features})


# ------------------------------------------------------------------------------------ events.ics


def _fold(raw: bytes) -> bytes:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF + space, never inside a UTF-8 character."""
    if len(raw) <= 75:
        return raw
    if raw.isascii():  # one byte a character: cut every 75, then 74, octets
        return b"\r\n ".join([raw[:75], *[raw[i:i + 74] for i in range(75, len(raw), 74)]])
    parts, start, width = [], 0, 75
    while len(raw) - start > width:
        end = start + width
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        parts.append(raw[start:end])
        start, width = end, 74  # the leading space of a continuation line counts
    parts.append(raw[start:])
    return b"\r\n ".join(parts)


def _ical_text(text: str) -> str:
    """An RFC 5545 (3.3.11) TEXT value: backslash, semicolon and comma escaped, line breaks as \\n."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if ";" in text:
        text = text.replace(";", "\\;")
    if "," in text:
        text = text.replace(",", "\\,")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    return text


def _ical_date(day: date) -> str:
    return day.isoformat().replace("-", "")


def _ical_lines(lines: list[str]) -> bytes:
    """CRLF-terminated content lines, folded where longer than 75 octets."""
    out = []
    for line in lines:
        raw = line.encode("utf-8")
        out.append(raw if len(raw) <= 75 else _fold(raw))
    out.append(b"")
    return b"\r\n".join(out)


def _vevent(ctx: _Context, event: Event, located: list[Place]) -> bytes:
    b = ctx.briefing
    dates = ctx.dates(event)
    text = [f"Date: {dates.display} ({dates.label})", "", event.summary, "", "Sources:"]
    for citation in event.sources:
        document = b.documents.get(citation.document)
        text.append(f"- {document.title if document else citation.document}: \u201c{citation.quote}\u201d")
    lines = [
        "BEGIN:VEVENT",
        "UID:" + _uuid("event", event.id),
        "DTSTAMP:" + ctx.ics_stamp,
        "DTSTART;VALUE=DATE:" + dates.ical_start,
        "DTEND;VALUE=DATE:" + dates.ical_stop,
        "SUMMARY:" + _ical_text(event.title),
        "DESCRIPTION:" + _ical_text("\n".join(text)),
        "URL:" + ctx.url("events", event.id),
        "CATEGORIES:" + _ical_text(event.type),
    ]
    if event.places:
        lines.append("LOCATION:" + _ical_text(", ".join(b.places[p].name for p in event.places)))
    if located:
        lines.append(f"GEO:{float(located[0].lat)};{float(located[0].lon)}")
    if dates.tentative:
        lines.append("STATUS:TENTATIVE")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return _ical_lines(lines)


def events_ics(ctx: _Context, parts: list[_Parts]) -> bytes:
    """iCalendar (RFC 5545), assembled line by line: an icalendar Calendar object tree is far slower
    (bench/RESULTS.md). Tests read the file back with icalendar.Calendar."""
    head = _ical_lines([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//briefing//events export//EN", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "X-WR-CALNAME:" + _ical_text(ctx.briefing.title),
    ])
    return b"".join([head, *[p.vevent for p in parts], b"END:VCALENDAR\r\n"])


# -------------------------------------------------------------------------------------- feed.xml


def _iso_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def feed_entries(briefing: Briefing, history: dict[str, str], size: int = FEED_SIZE,
                 parts: list[_Parts] | None = None) -> list[tuple[datetime, Event]]:
    """The *size* most recently added events, newest first: (added, event). Ties on the date
    added go to the later event date, then the greater id. *parts* (the events' export pieces, in
    the same order) save computing each event's dates again."""
    if parts is None:
        parts = []
        for event in briefing.events:
            when = event.when
            start = when.start
            parts.append(_FeedKey(datetime(start.year, start.month, start.day, tzinfo=UTC),
                                  (when.sort_key(), event.id)))
    get = history.get
    # (added, (date sort key, id), -position, event): -position keeps equal keys in list order
    # (what a stable sort gives), and no two are equal, so events are never compared. Walked
    # newest first (events are in date order), the heap rarely changes.
    keys = [(part.day if (added := get(event.id)) is None else _iso_datetime(added), part.order, -index, event)
            for index, (event, part) in enumerate(zip(briefing.events, parts))]
    keys.reverse()
    # = sorted(keys, key=(added, date sort key, id), reverse=True)[:size]
    return [(key[0], key[3]) for key in heapq.nlargest(size, keys)]


class _FeedKey(NamedTuple):
    day: datetime
    order: tuple


def atom_feed(ctx: _Context, history: dict[str, str], parts: list[_Parts] | None = None) -> bytes:
    """feed.xml: the FEED_SIZE events most recently added."""
    return _atom_feed(ctx, feed_entries(ctx.briefing, history, FEED_SIZE, parts=parts))


def _atom_feed(ctx: _Context, entries: list[tuple[datetime, Event]]) -> bytes:
    from feedgen.feed import FeedGenerator

    b = ctx.briefing
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{_uuid('feed', b.title)}")
    feed.title(b.title)
    feed.subtitle(f"The {FEED_SIZE} most recently added events of the briefing.")
    if ctx.site_url:
        feed.link(href=ctx.site_url, rel="alternate")
        feed.link(href=f"{ctx.site_url}data/feed.xml", rel="self")
    feed.language("en")
    feed.generator("briefing")
    feed.updated(max([added for added, _ in entries], default=ctx.stamp))
    for added, event in entries:
        with b.on_record("exporting to feed.xml", "event", event.id):
            item = feed.add_entry(order="append")
            item.id(f"urn:uuid:{_uuid('event', event.id)}")
            item.title(event.title)
            item.link(href=ctx.url("events", event.id), rel="alternate")
            item.published(added)
            item.updated(added)
            item.summary(f"{event.when.display()} — {event.summary}")
            item.category(term=event.type)
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


# ----------------------------------------------------------------------------- briefing.stix.json


_IDENTITY_CLASS = {"person": "individual", "coalition": "group", "political-group": "group",
                   "state": "organization", "other": "unknown"}
_SECTORS = {"state": ["government-national"], "government": ["government-national"],
            "ministry": ["government-national"], "military": ["defense"], "military-command": ["defense"],
            "security-force": ["defense"], "intelligence": ["government-national"]}


def _stix_id(kind: str, record_id: str) -> str:
    """A deterministic id in UUIDv4 form, as STIX 2.1 asks of SDOs/SROs (hash of kind and id)."""
    digest = hashlib.sha256(f"{_NAMESPACE_TEXT}:{kind}:{record_id}".encode()).digest()
    return f"{kind}--{uuid.UUID(bytes=digest[:16], version=4)}"


# STIX objects are plain dicts with what stix2 would put in them ("spec_version" on every object,
# absent properties left out, created/modified at millisecond precision, other timestamps in
# whole seconds), compact JSON with sorted keys: stix2 objects are far slower to build
# (bench/RESULTS.md). The tests parse the bundle with stix2 (allow_custom=False), compare each object with
# stix2's own serialisation of it and run the STIX validator.


def _stix_time(day: date, clock: str = "00:00:00") -> str:
    return f"{day.isoformat()}T{clock}Z"


class _StixIds:
    """Ids of the bundle's objects and the properties every object shares."""

    def __init__(self, b: Briefing, stamp: datetime):
        self.author = _stix_id("identity", "briefing-author:" + b.title)
        created = stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
        self.common = {"created": created, "modified": created, "created_by_ref": self.author}
        self.actors = {a.id: _stix_id("threat-actor" if a.kind == "armed-group" else "identity", a.id)
                       for a in b.actors.values()}
        self.places = {p.id: _stix_id("location", p.id) for p in b.places.values()}
        self.operations = {o.id: _stix_id("campaign", o.id) for o in b.operations.values()}
        self.documents = {d: _stix_id("report", f"document:{d}") for d in b.documents}


def _sdo(kind: str, ident: str, properties: dict, common: dict) -> tuple[str, bytes]:
    """(id, JSON) of a STIX 2.1 object; properties that are None are left out."""
    obj = {key: value for key, value in properties.items() if value is not None}
    obj.update(common)
    obj.update(type=kind, id=ident, spec_version="2.1")
    return ident, _json(obj)


_RELATIONSHIP_TYPES = {
    ("targets", "campaign"): {"identity", "location"},
    ("targets", "threat-actor"): {"identity", "location"},
    ("attributed-to", "campaign"): {"threat-actor"},
    ("located-at", "threat-actor"): {"location"},
    ("located-at", "identity"): {"location"},
}


def _relationship(ids: _StixIds, kind: str, source: str, target: str, key: str, description: str,
                  **extra) -> tuple[str, bytes]:
    """A relationship: the spec's type where it defines one for the pair, ``related-to`` otherwise."""
    source_type, target_type = source.split("--")[0], target.split("--")[0]
    relationship_type = kind if target_type in _RELATIONSHIP_TYPES.get((kind, source_type), ()) else "related-to"
    ident = _stix_id("relationship", f"{key}:{kind}:{source}:{target}")
    return _sdo("relationship", ident, {"relationship_type": relationship_type, "source_ref": source,
                                        "target_ref": target, "description": description, **extra}, ids.common)


def _external(ctx: _Context, section: str, record_id: str, original: str | None = None) -> list[dict]:
    refs = []
    if ctx.site_url:
        refs.append({"source_name": "briefing", "url": uri(ctx.url(section, record_id)), "external_id": record_id})
    else:
        refs.append({"source_name": "briefing", "external_id": record_id})
    if original:
        refs.append({"source_name": "original", "url": uri(original)})
    return refs


# What may stay as it is in a URI (RFC 3986: reserved and unreserved characters, and '%' of escapes).
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~"


def uri(iri: str) -> str:
    """An IRI as the ASCII URI STIX requires: a Unicode host in punycode (IDNA), every other
    non-ASCII character percent-encoded as UTF-8 (https://ar.wikipedia.org/wiki/سوريا becomes
    https://ar.wikipedia.org/wiki/%D8%B3...). ASCII URLs are returned unchanged."""
    if iri.isascii():
        return iri
    scheme, netloc, path, query, fragment = urlsplit(iri)
    userinfo, at, host = netloc.rpartition("@")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:  # (a label too long for IDNA: escaped like the rest)
        pass
    netloc = quote(userinfo, safe=_URI_SAFE) + at + quote(host, safe=_URI_SAFE)
    return urlunsplit((scheme, netloc, *(quote(part, safe=_URI_SAFE) for part in (path, query, fragment))))


def _stix_event(ctx: _Context, event: Event) -> tuple[str, tuple[tuple[str, bytes], ...], tuple[str, ...]]:
    """The event's report and the relationships drawn from it: (report id, objects, cited documents)."""
    b = ctx.briefing
    ids = ctx.stix
    dates = ctx.dates(event)
    display = dates.display
    objects: list[tuple[str, bytes]] = []
    refs: list[str] = []
    refs += [ids.actors[p.actor] for p in event.actors]
    refs += [ids.places[p] for p in event.places]
    if event.operation in ids.operations:
        refs.append(ids.operations[event.operation])
    span = {"start_time": dates.stix_start, "stop_time": dates.stix_stop}
    one = [p.actor for p in event.actors if p.role in ("conducted", "claimed")]
    two = [p.actor for p in event.actors if p.role in SIDE_TWO]
    key = f"event:{event.id}"
    for a in dict.fromkeys(one):
        for t in dict.fromkeys(two):
            if a != t:
                objects.append(_relationship(
                    ids, "targets", ids.actors[a], ids.actors[t], key,
                    f"{b.actors[a].name} against {b.actors[t].name}: {event.title} ({display}).", **span))
                refs.append(objects[-1][0])
        if b.actors[a].kind == "armed-group":
            for p in dict.fromkeys(event.places):
                objects.append(_relationship(
                    ids, "targets", ids.actors[a], ids.places[p], key,
                    f"{b.actors[a].name} at {b.places[p].name}: {event.title} ({display}).", **span))
                refs.append(objects[-1][0])
    documents = tuple(dict.fromkeys(c.document for c in [*event.sources, *event.figures, *event.claims]))
    refs += [ids.documents[d] for d in documents if d in ids.documents]
    report = _sdo("report", _stix_id("report", f"event:{event.id}"), {
        "name": event.title, "description": f"{display} ({event.date}). {event.summary}",
        "report_types": ["threat-report"], "published": dates.stix_start,
        "object_refs": list(dict.fromkeys(refs)),
        "labels": ["event", f"event-type:{event.type}", *(f"tag:{t}" for t in event.tags)],
        "confidence": ADMIRALTY_CONFIDENCE.get(event.credibility),
        "external_references": _external(ctx, "events", event.id)}, ids.common)
    return report[0], (report, *objects), documents


def stix_bundle(ctx: _Context, parts: list[_Parts]) -> bytes:
    """The bundle, one object per line (sorted by id) — valid JSON that diffs well."""
    made, cited = _stix_records(ctx)
    objects: dict[str, bytes] = dict(made)
    objects.update(chain.from_iterable([part.stix for part in parts]))
    objects.update(_stix_documents(ctx, parts, cited))
    bundle = {"id": _stix_id("bundle", ctx.briefing.title), "type": "bundle"}
    return _json_document(bundle, {"objects": [objects[key] for key in sorted(objects)]})


def _stix_documents(ctx: _Context, parts: list[_Parts], cited: dict[str, tuple[str, ...]]) -> list[tuple[str, bytes]]:
    """Each document's report (id, JSON); it refers to the records, then the events, citing it."""
    cited_by: dict[str, list[str]] = defaultdict(list)
    for document, refs in cited.items():
        cited_by[document] = list(refs)
    for part in parts:
        report = part.report
        for d in part.documents:
            cited_by[d].append(report)
    reports = []
    for document in ctx.briefing.documents.values():
        with ctx.briefing.on_record(STIX_STAGE, "document", document.id):
            reports.append(_stix_document(ctx, document, tuple(dict.fromkeys(cited_by.get(document.id, ())))))
    return reports


def _stix_document(ctx: _Context, document, refs: tuple[str, ...]) -> tuple[str, bytes]:
    ids = ctx.stix
    when = parse_date(document.published)
    return _sdo("report", ids.documents[document.id], {
        "name": document.title, "published": _stix_time(when.start),
        "description": f"Source document published {when.display()} by {document.publisher}; "
                       f"Admiralty source reliability {document.reliability}.",
        "report_types": ["threat-report"],
        "object_refs": list(refs) or [ids.author],
        "labels": ["source-document", f"reliability:{document.reliability.lower()}"],
        "lang": document.language,
        "external_references": _external(ctx, "sources", document.id, document.url)}, ids.common)


STIX_STAGE = "exporting to briefing.stix.json"


def _stix_actor(ctx: _Context, actor) -> tuple[str, bytes]:
    ids = ctx.stix
    properties = {"name": actor.name, "description": actor.description,
                  "external_references": _external(ctx, "actors", actor.id)}
    if actor.kind == "armed-group":
        properties.update(aliases=list(actor.aliases) or None, threat_actor_types=["unknown"])
        return _sdo("threat-actor", ids.actors[actor.id], properties, ids.common)
    properties.update(identity_class=_IDENTITY_CLASS.get(actor.kind, "organization"),
                      sectors=_SECTORS.get(actor.kind), roles=[t.title for t in actor.titles] or None)
    return _sdo("identity", ids.actors[actor.id], properties, ids.common)


def _stix_place(ctx: _Context, place, countries: Countries) -> tuple[str, bytes]:
    properties = {"name": place.name, "description": place.description,
                  "external_references": _external(ctx, "places", place.id)}
    if _located(place):
        properties.update(latitude=float(place.lat), longitude=float(place.lon))
    elif place.country:  # STIX wants an ISO code; a name pycountry does not know is kept as written
        country = countries.find(place.country)
        properties.update(country=country.alpha_2 if country else place.country)
    else:  # a location must say where: neither coordinates nor a country are known
        properties.update(region="unknown")
    return _sdo("location", ctx.stix.places[place.id], properties, ctx.stix.common)


def _stix_operation(ctx: _Context, operation) -> list[tuple[str, bytes]]:
    """The operation's campaign and who conducted and supported it."""
    b, ids = ctx.briefing, ctx.stix
    when = operation.when
    ident = ids.operations[operation.id]
    made = [_sdo("campaign", ident, {
        "name": operation.name, "aliases": list(operation.aliases) or None,
        "description": operation.description,
        "external_references": _external(ctx, "operations", operation.id),
        "first_seen": _stix_time(when.start) if when else None,
        "last_seen": _stix_time(when.end, "23:59:59") if when else None}, ids.common)]
    for relation, verb, actors in (("attributed-to", "conducted", operation.conducted_by),
                                   ("supported-by", "supported", operation.supported_by)):
        made += [_relationship(ids, relation, ident, ids.actors[actor], f"operation:{operation.id}",
                               f"{operation.name} was {verb} by {b.actors[actor].name}.")
                 for actor in actors if actor in ids.actors]
    return made


def _stix_records(ctx: _Context) -> tuple[tuple[tuple[str, bytes], ...], dict[str, tuple[str, ...]]]:
    """The objects of the author, actors, places and operations and their relationships, in the
    order made, and for each document the ids of these that cite it (in citing order)."""
    b = ctx.briefing
    ids = ctx.stix
    common = ids.common
    objects: dict[str, bytes] = {}

    def add(made: tuple[str, bytes]) -> None:
        objects[made[0]] = made[1]

    add(_sdo("identity", ids.author, {"name": b.title, "identity_class": "organization",
                                      "description": "The briefing that produced this bundle."},
             {"created": common["created"], "modified": common["modified"]}))
    for actor in sorted(b.actors.values(), key=lambda a: a.id):
        with b.on_record(STIX_STAGE, "actor", actor.id):
            add(_stix_actor(ctx, actor))
    countries = Countries()
    for place in sorted(b.places.values(), key=lambda p: p.id):
        with b.on_record(STIX_STAGE, "place", place.id):
            add(_stix_place(ctx, place, countries))
    for actor in sorted(b.actors.values(), key=lambda a: a.id):
        if actor.part_of and actor.part_of in ids.actors:
            with b.on_record(STIX_STAGE, "actor", actor.id):
                add(_relationship(ids, "part-of", ids.actors[actor.id], ids.actors[actor.part_of], "actor",
                                  f"{actor.name} is part of {b.actors[actor.part_of].name}."))
    for place in sorted(b.places.values(), key=lambda p: p.id):
        if place.governorate and place.governorate in ids.places:
            with b.on_record(STIX_STAGE, "place", place.id):
                add(_relationship(ids, "within", ids.places[place.id], ids.places[place.governorate], "place",
                                  f"{place.name} is within {b.places[place.governorate].name}."))
    for operation in sorted(b.operations.values(), key=lambda o: o.id):
        with b.on_record(STIX_STAGE, "operation", operation.id):
            for made in _stix_operation(ctx, operation):
                add(made)

    # Document reports refer to everything citing them: records first, then events in date order.
    cited_by: dict[str, list[str]] = defaultdict(list)
    for records, record_ids in ((b.actors.values(), ids.actors), (b.places.values(), ids.places),
                                (b.operations.values(), ids.operations)):
        for record in records:
            for citation in getattr(record, "sources", ()):
                cited_by[citation.document].append(record_ids[record.id])
            for group in ("titles", "claims"):
                for citation in getattr(record, group, ()) or ():
                    cited_by[citation.document].append(record_ids[record.id])
    return tuple(objects.items()), {document: tuple(refs) for document, refs in cited_by.items()}
