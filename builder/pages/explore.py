"""Data and helpers for the site's interactive parts: the map, the timeline filters, citations.

Everything here is a pure function of the linked briefing (and of two mkdocs.yml settings:
``use_directory_urls`` and the plugin's ``map_tiles``), so pages stay byte-identical between
builds of the same sources.

* :func:`map_data` → the JSON the map page loads (``data/map.json``): every place with
  coordinates, its events, and how precise its coordinates are.
* :func:`filter_attrs` → the ``data-*`` attributes a timeline entry carries (attr_list syntax), read
  by ``builder/site/theme/assets/javascripts/timeline-filter.js``; :func:`filter_names` → the labels of the ids
  used on one page, as an inline JSON blob.
* :func:`site_root` / :func:`page_url` → relative URLs for raw HTML (``<script src>``, data
  attributes), which MkDocs does not rewrite the way it rewrites Markdown links.
* :func:`bibtex_escape`, :func:`cite` → the "Cite this event" box.

Assets (Leaflet, the world's country outlines) ship in the package (``builder/site/theme/assets/``)
and are always served from the site itself; an online tile layer is used only when mkdocs.yml opts in.
"""

from __future__ import annotations

import collections
import html
import json
import math
import re
import statistics
from typing import Any

from markupsafe import Markup

from builder.briefing.link import rolled_places

LEAFLET = "assets/vendor/leaflet-1.9.4/"
OUTLINE = "assets/vendor/world/countries.geojson"
MAP_JS = "assets/javascripts/map.js"
MAP_CSS = "assets/stylesheets/map.css"
FILTER_JS = "assets/javascripts/timeline-filter.js"
MAP_DATA = "data/map.json"
TIMELINE_DATA = "data/timeline.json"
NAMES_DATA = "data/names.json"

# Coordinate precision as a reader needs to hear it.
PRECISION_NOTE = {
    "exact": "exact location",
    "site": "the site itself",
    "town": "approximate: town centre",
    "city": "approximate: city centre",
    "district": "approximate: district centroid",
    "region": "approximate: region centroid",
    "governorate": "approximate: governorate centroid",
    "country": "approximate: country centroid",
}

# A place further than this from the places' median point is left out of the map's first view
# (it is still drawn), so one event in a distant capital does not zoom the map out to the world.
FAR_KM = 3000.0


def map_region(places) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the places the map's first view fits: every located place
    but those over FAR_KM from the places' median point (when that keeps at least half of them)."""
    points = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    if not points:
        return None
    middle = (statistics.median(lat for lat, _ in points), statistics.median(lon for _, lon in points))
    near = [pt for pt in points if _km(pt, middle) <= FAR_KM]
    if 2 * len(near) < len(points):
        near = points
    lats, lons = [lat for lat, _ in near], [lon for _, lon in near]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def focus_countries(places, countries) -> list[str]:
    """ISO 3166-1 numeric codes of the countries the map draws stronger: those holding at least a
    fifth of the located *places* (by the places' ``country``), or else the commonest one."""
    found = collections.Counter()
    for place in places:
        if place.lat is not None and place.lon is not None:
            country = countries.find(place.country)
            if country is not None:
                found[country.numeric] += 1
    total = sum(found.values())
    chosen = [code for code, n in found.items() if 5 * n >= total]
    return sorted(chosen or [code for code, _ in found.most_common(1)])


# --------------------------------------------------------------------------------------------
# Settings read from mkdocs.yml (by builder.settings).


def directory_urls(settings) -> bool:
    return bool(getattr(settings, "use_directory_urls", True))


def map_tiles(settings) -> dict | None:
    """the plugin's ``map_tiles`` ({url, attribution}) when the site opts into an online basemap."""
    tiles = getattr(settings, "map_tiles", None)
    if isinstance(tiles, str):
        tiles = {"url": tiles}
    if not isinstance(tiles, dict) or not str(tiles.get("url") or "").startswith("https://"):
        return None
    return {"url": str(tiles["url"]), "attribution": str(tiles.get("attribution") or "")}


# --------------------------------------------------------------------------------------------
# URLs for raw HTML.

def site_root(md_path: str, use_directory_urls: bool = True) -> str:
    """'../' × the depth of the page's URL: the relative path from a page to the site root.

    ``map.md`` is served at ``map/`` (depth 1) with directory URLs, at ``map.html`` (depth 0)
    without; ``timeline/index.md`` at ``timeline/`` (depth 1) either way.
    """
    depth = md_path.count("/")
    name = md_path.rsplit("/", 1)[-1]
    if use_directory_urls and name not in ("index.md", "README.md"):
        depth += 1
    return "../" * depth


def page_url(md_path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs serves a Markdown page at."""
    stem = md_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/" if use_directory_urls else stem + ".html"


def attr(value: Any) -> Markup:
    """A value for a double-quoted HTML attribute inside a raw HTML block."""
    return Markup(html.escape("" if value is None else str(value), quote=True))


def json_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">`` and a Markdown raw HTML block:
    one line, and no '<', '>' or '&' (so no '</script>', no entity, no tag)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


# --------------------------------------------------------------------------------------------
# The map.

def located_places(briefing) -> list:
    return [p for p in briefing.places.values() if p.lat is not None and p.lon is not None]


def direct_events(briefing) -> dict[str, list]:
    """Place id → events that name the place itself (not rolled up from places within it)."""
    found: dict[str, list] = {}
    for event in briefing.events:
        for place_id in dict.fromkeys(event.places):
            found.setdefault(place_id, []).append(event)
    return found


def marker_radius(count: int, largest: int, smallest: float = 5.0, biggest: float = 24.0) -> float:
    """Circle radius in pixels: area proportional to the event count (sqrt scale)."""
    if largest <= 0 or count <= 0:
        return smallest - 1
    return round(smallest + (biggest - smallest) * math.sqrt(count / largest), 1)


def _map_row(event) -> list:
    return [event.id, event.title, event.when.display()]


def map_data(briefing, settings=None) -> dict:
    """The map page's data: located places with their events, sorted; events as compact rows."""
    use_dirs = directory_urls(settings) if settings is not None else True
    direct = direct_events(briefing)
    places = located_places(briefing)
    largest = max((len(direct.get(p.id, ())) for p in places), default=0)
    event_index: dict[str, int] = {}
    rows: list[list[str]] = []
    out_places = []
    for place in sorted(places, key=lambda p: (-len(direct.get(p.id, ())), p.name.casefold(), p.id)):
        indexes = []
        for event in direct.get(place.id, ()):
            index = event_index.get(event.id)
            if index is None:
                index = event_index[event.id] = len(rows)
                with briefing.on_record(f"making {MAP_DATA} for", "event", event.id):
                    rows.append(_map_row(event))
            indexes.append(index)
        with briefing.on_record(f"making {MAP_DATA} for", "place", place.id):
            out_places.append(_map_place(place, indexes, len(briefing.events_by_place.get(place.id, ())), largest))
    return {
        "version": 1,
        "urls": {"event": page_url("events/ID.md", use_dirs), "place": page_url("places/ID.md", use_dirs)},
        "region": map_region(places),
        "places": out_places,
        "events": rows,
    }


def _map_place(place, indexes: list[int], within: int, largest: int) -> dict:
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "lat": round(place.lat, 5),
        "lon": round(place.lon, 5),
        "precision": place.precision,
        "note": PRECISION_NOTE.get(place.precision, place.precision),
        "count": len(indexes),
        "total": within,
        "r": marker_radius(len(indexes), largest),
        "events": indexes,
    }


def places_outside(places: list[dict], region: list[list[float]] | None) -> list[dict]:
    """The map's places outside the region it shows at first (map_region)."""
    if region is None:
        return []
    (south, west), (north, east) = region
    return [p for p in places if not (south <= p["lat"] <= north and west <= p["lon"] <= east)]


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def map_json(briefing, settings=None) -> bytes:
    return (_dumps(map_data(briefing, settings)) + "\n").encode("utf-8")


def map_files(briefing, settings=None) -> dict[str, bytes]:
    """Generated files for the site (path relative to the site root → bytes): the Map page's data,
    the explorer's data and the record names the search puts first."""
    return {MAP_DATA: map_json(briefing, settings), TIMELINE_DATA: timeline_json(briefing, settings),
            NAMES_DATA: names_json(briefing, settings)}


# --------------------------------------------------------------------------------------------
# Names for the search box: a query that is a record's name, alias or a whole word of one lists
# that record first (the full-text index stems "cooperation" to "cooper", so an exact name alone
# cannot outrank the words that share its stem). Loaded by docs/overrides/assets/javascripts/search.js.

NAME_KINDS = (("actor", "actors", "actors"), ("place", "places", "places"),
              ("operation", "operations", "operations"), ("term", "terms", None))


def names_json(briefing, settings=None) -> bytes:
    """``{"urls": {kind: pattern}, "names": [[kind, id, name, [aliases], what]]}`` sorted by name."""
    use_dirs = directory_urls(settings) if settings is not None else True
    rows = []
    for kind, attribute, folder in NAME_KINDS:
        for record in getattr(briefing, attribute).values():
            name = getattr(record, "name", None) or getattr(record, "term", "")
            what = str(getattr(record, "kind", "") or kind).replace("-", " ").capitalize()
            rows.append([kind, record.id, name, list(getattr(record, "aliases", []) or []), what])
    rows.sort(key=lambda r: (r[2].casefold(), r[0], r[1]))
    urls = {kind: page_url(f"{folder}/ID.md", use_dirs) if folder else page_url("glossary.md", use_dirs) + "#ID"
            for kind, _, folder in NAME_KINDS}
    return (_dumps({"version": 1, "urls": urls, "names": rows}) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Timeline filters.

def country_places(briefing) -> dict[str, str]:
    """A place's ``country`` (its text: a name or an ISO code) → the id of the briefing's place
    record of that country (kind ``country``), found by the record's name or its own ``country``."""
    found: dict[str, str] = {}
    for place in briefing.places.values():
        if place.kind == "country":
            for key in (place.name, place.country, *place.aliases):
                if key:
                    found.setdefault(key, place.id)
    return found


def _rolled_places(briefing, event, countries: dict[str, str] | None = None) -> list[str]:
    """link.rolled_places (each place, then its governorate) and, with *countries*, each place's
    country record: the filters' place roll-up (town → governorate → country)."""
    rolled = rolled_places(event, briefing.places)
    for place_id in event.places if countries else ():
        place = briefing.places.get(place_id)
        country = countries.get(place.country) if place is not None and place.country else None
        if country:
            rolled.append(country)
    return list(dict.fromkeys(rolled))


def place_parent(briefing, place_id: str, countries: dict[str, str]) -> str | None:
    """The place a place rolls up to: its governorate, else its country's record (or None)."""
    place = briefing.places.get(place_id)
    if place is None:
        return None
    if place.governorate and place.governorate != place_id:
        return place.governorate
    country = countries.get(place.country)
    return country if country and country != place_id else None


def filter_attrs(briefing, event, countries: dict[str, str] | None = None) -> Markup:
    """attr_list block for one timeline entry: ``{ data-d="start end" data-t=… }``.

    Ids are slugs (letters, digits, hyphens): no quoting problem. Empty attributes are left out
    to keep 10,000-entry timelines compact.
    """
    when = event.when
    parts = [f'data-d="{when.start.isoformat()} {when.end.isoformat()}"', f'data-t="{event.type}"']
    actors = list(dict.fromkeys(p.actor for p in event.actors))
    if actors:
        parts.append(f'data-a="{" ".join(actors)}"')
    places = _rolled_places(briefing, event, countries)
    if places:
        parts.append(f'data-p="{" ".join(places)}"')
    if event.operation:
        parts.append(f'data-o="{event.operation}"')
    return Markup("{ " + " ".join(parts) + " }")


def filter_names(briefing, events, countries: dict[str, str] | None = None) -> Markup:
    """Labels for the ids used by *events* (one page's entries), as one-line JSON."""
    actors: dict[str, str] = {}
    places: dict[str, str] = {}
    operations: dict[str, str] = {}
    types: dict[str, str] = {}
    for event in events:
        types[event.type] = event.type.replace("-", " ").capitalize()
        for participant in event.actors:
            actor = briefing.actors.get(participant.actor)
            if actor is not None:
                actors[actor.id] = actor.name
        for place_id in _rolled_places(briefing, event, countries):
            place = briefing.places.get(place_id)
            if place is not None:
                places[place.id] = place.name
        if event.operation and event.operation in briefing.operations:
            operations[event.operation] = briefing.operations[event.operation].name
    return json_script({"actor": actors, "type": types, "place": places, "operation": operations})


def timeline_data(briefing, settings=None) -> dict:
    """Every event, compactly, for the explorer (timeline index and Map page: filters, time axis).

    Ids of actors, types, places and operations are listed once (``ids``/``labels``); an event
    refers to them by position: ``[id, title, date text, start, end, type, [actors], [places, rolled
    up to governorate and country], operation or -1, [its own places], precision]``;
    ``parents.place`` gives each place's parent (index, or -1) for the place filter's tree. About
    150 bytes an event, loaded only by the pages with the explorer.
    """
    use_dirs = directory_urls(settings) if settings is not None else True
    countries = country_places(briefing)
    kinds = ("actor", "type", "place", "operation")
    labels: dict[str, dict[str, str]] = {k: {} for k in kinds}
    for event in briefing.events:
        with briefing.on_record(f"making {TIMELINE_DATA} for", "event", event.id):
            _timeline_labels(briefing, event, labels, countries)
    ids = {k: sorted(labels[k], key=lambda i: (labels[k][i].casefold(), i)) for k in kinds}
    index = {k: {value: n for n, value in enumerate(ids[k])} for k in kinds}
    rows = []
    for event in briefing.events:
        with briefing.on_record(f"making {TIMELINE_DATA} for", "event", event.id):
            rows.append(_timeline_row(briefing, event, index, countries))
    return _timeline_head(briefing, use_dirs, ids, labels, countries) | {"events": rows}


def _timeline_head(briefing, use_dirs: bool, ids: dict, labels: dict, countries: dict[str, str]) -> dict:
    """timeline.json without its events: URLs, ids, labels and the places' parents."""
    where = {value: n for n, value in enumerate(ids["place"])}
    parents = [where.get(place_parent(briefing, p, countries), -1) for p in ids["place"]]
    return {
        "version": 2,
        "urls": {"event": page_url("events/ID.md", use_dirs), "year": page_url("timeline/ID.md", use_dirs)},
        "ids": ids,
        "labels": {k: [labels[k][i] for i in ids[k]] for k in ids},
        "parents": {"place": parents},
        "events": [],
    }


def _timeline_labels(briefing, event, labels: dict[str, dict[str, str]], countries: dict[str, str]) -> None:
    """Add the labels of what *event* names (type, actors, places, operation) to *labels*."""
    labels["type"][event.type] = event.type.replace("-", " ").capitalize()
    for participant in event.actors:
        actor = briefing.actors.get(participant.actor)
        labels["actor"][participant.actor] = actor.name if actor else participant.actor
    for place_id in _rolled_places(briefing, event, countries):
        place = briefing.places.get(place_id)
        labels["place"][place_id] = place.name if place else place_id
    if event.operation:
        operation = briefing.operations.get(event.operation)
        labels["operation"][event.operation] = operation.name if operation else event.operation


def _timeline_row(briefing, event, index: dict[str, dict[str, int]], countries: dict[str, str]) -> list:
    when = event.when
    return [
        event.id, event.title, when.display(), when.start.isoformat(), when.end.isoformat(),
        index["type"][event.type],
        sorted({index["actor"][p.actor] for p in event.actors}),
        [index["place"][p] for p in _rolled_places(briefing, event, countries)],
        index["operation"][event.operation] if event.operation else -1,
        [index["place"][p] for p in dict.fromkeys(event.places)],
        when.precision,
    ]


def timeline_json(briefing, settings=None) -> bytes:
    return (_dumps(timeline_data(briefing, settings)) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Related events: why each is related.

RELATED_ORDER = ("In date order. Each shares this event's operation, a place or an actor, as it "
                 "says; those sharing the operation, then the most, were chosen first.")


def _with_governorates(briefing, place_ids) -> set[str]:
    rolled = set(place_ids)
    for place_id in place_ids:
        place = briefing.places.get(place_id)
        if place is not None and place.governorate:
            rolled.add(place.governorate)
    return rolled


def related_reasons(briefing, event, others) -> list[tuple[Any, str]]:
    """*others* (an event's related events) in date order, each with what it shares with *event*."""
    actors = {p.actor for p in event.actors}
    places = _with_governorates(briefing, event.places)
    out = []
    for other in sorted(others, key=lambda e: e.when.sort_key()):
        why = []
        if event.operation and other.operation == event.operation:
            operation = briefing.operations.get(event.operation)
            why.append("same operation" + (f" ({operation.name})" if operation else ""))
        shared = [p for p in sorted(_with_governorates(briefing, other.places) & places)
                  if p in briefing.places]
        if shared:
            why.append("also in " + ", ".join(briefing.places[p].name for p in shared))
        people = [a for a in dict.fromkeys(p.actor for p in other.actors) if a in actors and a in briefing.actors]
        if people:
            names = [briefing.actors[a].name for a in people[:3]]
            more = f" and {len(people) - 3} more" if len(people) > 3 else ""
            why.append("also involves " + ", ".join(names) + more)
        out.append((other, "; ".join(why)))
    return out


# --------------------------------------------------------------------------------------------
# Citations.

_BIBTEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_BIBTEX_TABLE = str.maketrans(_BIBTEX)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def bibtex_escape(value: Any) -> str:
    """Plain text → a BibTeX field value that typesets as that text (LaTeX specials escaped)."""
    text = " ".join(str(value or "").split())
    return _CONTROLS.sub("", text).translate(_BIBTEX_TABLE)


def bibtex_key(event) -> str:
    return "briefing-" + event.id


def cite(event, title: str, site_url: str, use_directory_urls: bool = True) -> dict:
    """Plain-text citation and BibTeX for one event (both plain text; the template escapes them)."""
    from builder.settings import placeholder_site_url

    if placeholder_site_url(site_url):  # no real address yet: never cite example.org
        url = "[address of this page]"
    else:
        url = site_url + page_url(f"events/{event.id}.md", use_directory_urls)
    date_text = event.when.display()
    year = event.when.start.year
    plain = f"{title}. “{event.title}” ({date_text}). {url} (accessed [date])."
    fields = [
        ("title", "{" + bibtex_escape(event.title) + "}"),
        ("organization", "{" + bibtex_escape(title) + "}"),
        ("year", str(year)),
        ("howpublished", "{\\url{" + url.replace("%", "\\%").replace("#", "\\#") + "}}"),
        ("url", "{" + url + "}"),
        ("note", "{Event date: " + bibtex_escape(date_text) + ". Accessed [date]}"),
    ]
    bib = "@misc{" + bibtex_key(event) + ",\n" + ",\n".join(f"  {k} = {v}" for k, v in fields) + "\n}"
    return {"url": url, "plain": plain, "bibtex": bib}


def cite_box(event, title: str, site_url: str, use_directory_urls: bool = True) -> Markup:
    """The "Cite this event" box as one raw HTML block (every value HTML-escaped; one line per
    element and no blank line, so Python-Markdown passes it through untouched)."""
    c = cite(event, title, site_url, use_directory_urls)
    url = html.escape(c["url"])
    link = (f'<dt>Permanent link</dt>\n<dd class="bf-cite__url"><a href="{url}">{url}</a></dd>\n'
            if c["url"].startswith(("http://", "https://")) else "")
    return Markup(
        '<div class="bf-cite"><dl>\n'
        f'{link}'
        '<dt>Citation</dt>\n'
        f'<dd>{html.escape(c["plain"])}</dd>\n'
        '<dt>BibTeX</dt>\n'
        f'<dd><pre><code>{html.escape(c["bibtex"])}</code></pre></dd>\n'
        '</dl></div>'
    )


# --------------------------------------------------------------------------------------------
# What templates see.

class Helpers:
    """The ``ex`` object in templates: the helpers above, bound to this site's settings."""

    def __init__(self, briefing, settings):
        self.briefing = briefing
        self.settings = settings
        self.use_dirs = directory_urls(settings) if settings is not None else True
        self.site_url = getattr(settings, "site_url", "") or ""
        self.title = getattr(briefing, "title", "") or getattr(settings, "title", "") or "Briefing"
        self.tiles = map_tiles(settings) if settings is not None else None
        self.precision_note = PRECISION_NOTE
        self.path = getattr(settings, "path", "") or ""  # the briefing's folder in the site
        self.outline = OUTLINE
        countries = country_places(briefing)
        self.filter_attrs = lambda event: filter_attrs(briefing, event, countries)
        self.filter_names = lambda events: filter_names(briefing, events, countries)
        self.attr = attr

    @staticmethod
    def day(iso: str) -> str:
        from builder.history.changes import display_day

        return display_day(iso)

    def root(self, md_path: str) -> str:
        """Relative path from the page *md_path* to the site root (for raw HTML)."""
        return site_root(md_path, self.use_dirs)

    def asset(self, md_path: str, target: str) -> Markup:
        """A relative URL from the page to *target*: the briefing's own files (data/, pages) are in
        its folder, the theme's (assets/) at the site's root (above it when the plugin's `path` is set)."""
        above = "../" * self.path.count("/") if target.startswith("assets/") else ""
        return attr(self.root(md_path) + above + target)

    def cite(self, event) -> dict:
        return cite(event, self.title, self.site_url, self.use_dirs)

    def related(self, event, others) -> list[tuple[Any, str]]:
        return related_reasons(self.briefing, event, others)

    related_order = RELATED_ORDER

    def cite_box(self, event) -> Markup:
        return cite_box(event, self.title, self.site_url, self.use_dirs)


def page_context(briefing, settings, changes=None) -> dict:
    """Template variables for the map, filters, cite box and history (render_pages adds them).

    *changes* (builder.history.changes.Changes) is read from git when not given.
    """
    if changes is None:
        from builder.history.changes import collect_changes

        changes = collect_changes(getattr(settings, "project", None), getattr(settings, "sources", None))
    return {"ex": Helpers(briefing, settings), "changes": changes}
