"""Which pages the site has and what each one shows: one generate_<kind> function per page kind.

A Page names its template and the values it receives; rendering it (render_page) is the only
step that runs the template. Pages' values are plain data (records, lists, dicts, dataclasses),
so a page can be keyed by them (builder/site/incremental.py). A record's page gives its values as
a pure function and its arguments instead (``make(*args)``, run when the page is rendered), so it
can be keyed by the arguments: what the page reads of the briefing, and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.briefing.figures import summarise as summarise_figures
from builder.briefing.link import Briefing
from builder.briefing.sourcing import briefing_facts
from builder.model.countries import Countries
from builder.model.dates import MONTHS
from builder.model.records import ACTOR_KINDS, Actor
from builder.pages import render as r
from builder.pages.explore import focus_countries, map_data, page_context, places_outside, site_root
from builder.pages.parallel import render_all
from builder.pages.passages import full_text, passages


@dataclass
class Page:
    path: str  # relative to docs/
    template: str
    values: dict[str, Any]  # or {} and make/args
    title: str | None = None  # front matter title, for a title holding < or >
    make: Callable[..., dict[str, Any]] | None = None  # the values are make(*args), a pure function
    args: tuple = ()
    record: tuple[str, str] = ("", "")  # (kind, id) of the record a page made by *make* shows

    def made(self, briefing: Briefing) -> dict[str, Any]:
        """The page's values (a failure while making them names the record)."""
        if self.make is None:
            return self.values
        with briefing.on_record(PLANNING, *self.record):
            return self.make(*self.args)


@dataclass
class Site:
    """What every generate_<kind> function reads: the briefing, the settings and shared values."""

    briefing: Briefing
    settings: Any
    timeline: list = field(default_factory=list)
    disputed: dict = field(default_factory=dict)  # (kind, id) → attributes sources disagree on
    dis_pages: dict = field(default_factory=dict)  # (kind, id) → its disagreements page
    changes: Any = None  # git history (builder.history.changes.Changes), or None

    @property
    def by_year(self) -> dict:
        return {year.year: year for year in self.timeline}


def make_site(briefing: Briefing, settings, changes=None) -> Site:
    groups = r._disagreement_groups(briefing)
    disputed = {key: {d.attribute for d in items} for key, items in briefing.disagreements_by_subject.items()}
    return Site(briefing, settings, r.timeline(briefing), disputed, r._disagreement_pages(briefing, groups), changes)


def plan_pages(briefing: Briefing, settings, changes=None) -> list[Page]:
    """Every generated page (but the Data page, made with the data files), in path order."""
    return site_pages(make_site(briefing, settings, changes))


def site_pages(site: Site) -> list[Page]:
    pages = [page for generate in GENERATORS for page in generate(site)]
    _check_paths(pages)
    return sorted(pages, key=lambda page: page.path)


class PageCollision(RuntimeError):
    """Two generated pages at one path: one would silently replace the other."""

    def __init__(self, path: str, first: Page, second: Page):
        super().__init__(f"two pages at {path}: {_origin(first)} and {_origin(second)}; "
                         "give one of the records another id")


def _check_paths(pages: list[Page]) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        if page.path in seen:
            raise PageCollision(page.path, seen[page.path], page)
        seen[page.path] = page


_RECORD_VALUES = ("event", "actor", "operation", "place", "document")


def _record_of(page: Page) -> tuple[str | None, str]:
    """(kind, id) of the record a page shows, or (None, '')."""
    if page.make is not None:
        return page.record
    for name in _RECORD_VALUES:
        if name in page.values:
            return name, getattr(page.values[name], "id", "")
    return None, ""


def _origin(page: Page) -> str:
    """What a page shows, for a message: its template and its record (or listing's subject)."""
    if page.make is not None:
        return f"{page.template} for {page.record[0]} '{page.record[1]}'"
    for name in (*_RECORD_VALUES, "governorate", "kind"):
        if name in page.values:
            return f"{page.template} for {name} '{getattr(page.values[name], 'id', page.values[name])}'"
    return page.template


# --- one function per page kind --------------------------------------------------------------
# A record's page values are worked out inside briefing.on_record: a failure names the record.

PLANNING = "working out the page of"


def generate_home(site: Site) -> Iterator[Page]:
    b = site.briefing
    yield Page("index.md", "home.md.j2", dict(
        description=r._site_description(site.settings), timeline=site.timeline, latest=b.latest(5),
        site_name=getattr(site.settings, "site_name", b.title), facts=briefing_facts(b)))


def generate_timeline(site: Site) -> Iterator[Page]:
    yield Page("timeline/index.md", "timeline_index.md.j2", dict(timeline=site.timeline))
    years = [None] + [year.year for year in site.timeline] + [None]
    for n, year in enumerate(site.timeline, 1):
        neighbours = (years[n - 1], years[n + 1])  # the previous and next year with events
        yield Page(f"timeline/{year.year}.md", "timeline_year.md.j2", dict(year=year, neighbours=neighbours))
        if not year.split:
            continue
        paths = _paths_of(year)  # a month's pages read the year's page paths, not its other months' events
        for month, events in year.months:
            loose, parts = year.parts.get(month, (None, None))
            yield Page(f"timeline/{year.year}-{month:02d}.md", "timeline_month.md.j2", dict(
                year=paths, month=month, events=events if parts is None else loose, parts=parts, total=len(events)))
            for part, first, last, part_events in parts or ():
                yield Page(year.part_path(month, part), "timeline_part.md.j2", dict(
                    year=paths, month=month, part=part, first=first, last=last, events=part_events, parts=parts))


def _paths_of(year: r.TimelineYear) -> r.TimelineYear:
    """A timeline year without its events: what gives the paths of its months' and parts' pages."""
    parts = None if year.parts is None else {
        month: ([], [(name, first, last, []) for name, first, last, _ in items]) for month, (_, items) in year.parts.items()}
    return r.TimelineYear(year.year, [], [], [], year.split, parts)


def generate_events(site: Site) -> Iterator[Page]:
    b, changes = site.briefing, site.changes
    events = b.events
    for n, event in enumerate(events):
        with b.on_record(PLANNING, "event", event.id):
            key = ("event", event.id)
            steps = (events[n - 1] if n else None, events[n + 1] if n + 1 < len(events) else None)  # date order
            args = (event, tuple(sorted(site.disputed.get(key, ()))), b.disagreements_by_subject.get(key, []),
                    b.related_events.get(event.id, []), steps, site.dis_pages.get(key, "disagreements.md"),
                    changes.event_history(event.id) if changes else None)
            page = Page(r.event_path(event.id), "event.md.j2", {}, event.title, event_values, args, key)
        yield page


def event_values(event, marks: tuple, disagreements: list, related: list, steps: tuple, dis_path: str,
                 history) -> dict[str, Any]:
    return dict(event=event, figure_rows=r._figure_rows(event.figures, marks),
                claim_rows=r._claim_rows(event.claims, marks), figure_summaries=summarise_figures(event.figures),
                disagreements=disagreements, related=related, steps=steps, dis_path=dis_path, history=history)


def generate_actors(site: Site) -> Iterator[Page]:
    b = site.briefing
    by_kind: dict[str, list[Actor]] = defaultdict(list)
    for actor in b.actors.values():
        by_kind[actor.kind].append(actor)
    kind_order = getattr(getattr(site.settings, "vocabulary", None), "actor_kinds", ACTOR_KINDS)  # the project's
    kinds = [(kind, by_kind[kind]) for kind in kind_order if by_kind.get(kind)]
    counts = {a: len({event.id for event, _ in items}) for a, items in b.events_by_actor.items()}
    split = len(b.actors) > r.SPLIT_AT
    yield Page("actors/index.md", "actors_index.md.j2", dict(kinds=kinds, counts=counts, split=split))
    for kind, actors in kinds if split else ():
        yield Page(f"actors/kind-{kind}.md", "actors_kind.md.j2", dict(kind=kind, actors=actors, counts=counts))
    for actor in b.actors.values():
        with b.on_record(PLANNING, "actor", actor.id):
            marks = site.disputed.get(("actor", actor.id), set())
            page = Page(f"actors/{actor.id}.md", "actor.md.j2", dict(
                actor=actor, events=r._actor_events(b, actor.id, site.by_year),
                claim_rows=r._claim_rows(actor.claims, marks),
                disagreements=b.disagreements_by_subject.get(("actor", actor.id), []),
                children=b.children.get(actor.id, []), related=b.related_actors.get(actor.id, [])), title=actor.name)
        yield page


def generate_operations(site: Site) -> Iterator[Page]:
    b = site.briefing
    yield Page("operations/index.md", "operations_index.md.j2", {})
    for operation in b.operations.values():
        with b.on_record(PLANNING, "operation", operation.id):
            events = r._event_list(b.events_by_operation.get(operation.id, []), site.by_year, "operation",
                                   operation.id)
            results = [(event, figure) for event in events.shown for figure in event.figures]
            page = Page(f"operations/{operation.id}.md", "operation.md.j2", dict(
                operation=operation, events=events, results=results), title=operation.name)
        yield page


def generate_places(site: Site) -> Iterator[Page]:
    b = site.briefing
    governorates = [p for p in b.places.values() if p.kind == "governorate"]
    grouped = {g.id: b.places_in.get(g.id, []) for g in governorates}
    loose = [p for p in b.places.values() if p.kind != "governorate" and not (p.governorate and p.governorate in grouped)]
    split = len(b.places) > r.SPLIT_AT
    counts = {p: len(events) for p, events in b.events_by_place.items()}
    yield Page("places/index.md", "places_index.md.j2", dict(
        governorates=governorates, grouped=grouped, loose=loose, counts=counts, split=split))
    for governorate in governorates if split else ():
        yield Page(f"places/governorate-{governorate.id}.md", "places_governorate.md.j2", dict(
            governorate=governorate, places=grouped[governorate.id], counts=counts))
    countries = Countries()  # the map draws the places' countries stronger
    for place in b.places.values():
        with b.on_record(PLANNING, "place", place.id):
            within = b.places_in.get(place.id, [])
            page = Page(f"places/{place.id}.md", "place.md.j2", dict(
                place=place, events=r._event_list(b.events_by_place.get(place.id, []), site.by_year, "place",
                                                  place.id),
                within=within, counts={p.id: counts.get(p.id, 0) for p in within},
                focus=focus_countries([place], countries)), title=place.name)
        yield page
    data = map_data(b, site.settings)
    yield Page("map.md", "map.md.j2", dict(places=data["places"], outside=places_outside(data["places"], data["region"]),
                                           focus=focus_countries(b.places.values(), countries)))


def generate_sources(site: Site) -> Iterator[Page]:
    b = site.briefing
    by_month = r._documents_by_month(b) or {}
    years: dict[int, list] = {}
    for (year, month), documents in by_month.items():
        years.setdefault(year, []).append((MONTHS[month][:3], len(documents), f"sources/published-{year}-{month:02d}.md"))
    by_year = [(year, sum(n for _, n, _ in months), months) for year, months in years.items()]
    listed = [] if by_year else list(b.documents.values())
    yield Page("sources/index.md", "sources_index.md.j2", dict(
        year=None, by_year=by_year, total=len(b.documents), documents=listed, **_document_rows(b, listed)))
    for (year, month), documents in by_month.items():
        yield Page(f"sources/published-{year}-{month:02d}.md", "sources_index.md.j2", dict(
            documents=documents, year=year, month=month, by_year=None, **_document_rows(b, documents)))
    kinds = ("event", "actor", "operation", "place", "term")
    mode = getattr(site.settings, "quote_context", "context")
    for document in b.documents.values():
        with b.on_record(PLANNING, "document", document.id):
            citing = sorted(b.citing_document.get(document.id, []),
                            key=lambda c: (kinds.index(c.kind), r._citing_order(b, c), c.id))
            args = (document, citing, b.document_date(document.id), mode, b.texts.get(document.id, ""))
            page = Page(f"sources/{document.id}.md", "source.md.j2", {}, document.title, document_values, args,
                        ("document", document.id))
        yield page


def document_values(document, citing: list, published, mode: str, text: str) -> dict[str, Any]:
    quoted = [quote for c in citing for quote in c.quotes]
    return dict(document=document, citing=citing, published=published, mode=mode,
                passages=passages(text, quoted, mode), full=full_text(text, quoted) if mode == "full" else [])


def _document_rows(b: Briefing, documents: list) -> dict[str, dict]:
    """What a list of documents shows of each besides the record: its date, how many records cite it."""
    return dict(published={d.id: b.document_date(d.id).display() for d in documents},
                cited={d.id: len(b.citing_document.get(d.id, ())) for d in documents})


def generate_reference(site: Site) -> Iterator[Page]:
    """The glossary, the disagreements (one page, or one per month of events and per kind) and
    what changed."""
    yield Page("glossary.md", "glossary.md.j2", {})
    groups = r._disagreement_groups(site.briefing)
    split = sorted(set(site.dis_pages.values()))
    b = site.briefing
    if not split:
        yield Page("disagreements.md", "disagreements.md.j2", _disagreements_values(b, groups, None, None))
    else:
        on_page: dict[str, list] = {path: [] for path in split}
        for group in groups:
            on_page[site.dis_pages[(group[0], group[1])]].append(group)
        yield Page("disagreements.md", "disagreements.md.j2", _disagreements_values(
            b, [], [(path, _dis_label(path), len(on_page[path])) for path in split], None))
        for path in split:
            yield Page(path, "disagreements.md.j2", _disagreements_values(b, on_page[path], None, _dis_label(path)))
    yield Page("changes.md", "changes.md.j2", {})


def _disagreements_values(b: Briefing, groups: list, parts: list | None, part: str | None) -> dict[str, Any]:
    """A disagreements page's values: its records' disagreements, the events and documents they name."""
    return dict(groups=groups, parts=parts, part=part, total=len(b.disagreements),
                events={record_id: b.event_by_id[record_id] for kind, record_id, _, _ in groups if kind == "event"},
                documents={value.document: b.documents[value.document] for group in groups for item in group[3]
                           for value in item.values if value.document in b.documents})


def _dis_label(path: str) -> str:
    name = path[len("disagreements/"):-len(".md")]
    return f"Events of {MONTHS[int(name[5:7])]} {name[:4]}" if name[:1].isdigit() else name.capitalize()


GENERATORS = (generate_home, generate_timeline, generate_events, generate_actors, generate_operations,
              generate_places, generate_sources, generate_reference)


# --- rendering ---------------------------------------------------------------------------------

class Renderer:
    """Runs pages' templates for one briefing: the values every page shares, made once."""

    def __init__(self, briefing: Briefing, settings, context: dict | None = None):
        self.names = r.Names(briefing)
        self.use_dirs = bool(getattr(settings, "use_directory_urls", True))
        extra = dict(context) if context is not None else page_context(self.names, settings)
        if "ex" not in extra:  # a caller's own context still gets the map/filter/cite helpers
            extra = {**page_context(self.names, settings, extra.get("changes")), **extra}
        dis_pages = r._disagreement_pages(briefing, r._disagreement_groups(briefing))
        self.shared = {**extra, "dis": lambda kind, record_id: dis_pages.get((kind, record_id), "disagreements.md"),
                       "names": self.names, "use_dirs": self.use_dirs}
        self.briefing = briefing
        self.env = r.environment(r.templates_version())

    def render(self, page: Page) -> str:
        kind, record_id = _record_of(page)
        if kind is None:  # a listing page: the message names the page
            with self.briefing.on_record(f"rendering {page.path}", "", ""):
                return self._render(page)
        with self.briefing.on_record(f"rendering {page.path} for", kind, record_id):
            return self._render(page)

    def _render(self, page: Page) -> str:
        values = {"root": "../" * page.path.count("/"), "url_root": site_root(page.path, self.use_dirs),
                  **page.made(self.briefing)}
        text = self.env.get_template(page.template).render(b=self.briefing, path=page.path, **self.shared, **values)
        if page.title is not None and ("<" in page.title or ">" in page.title):
            text = r._front_matter(page.title) + text
        # Glossary terms and acronyms on the page become tooltips: their definitions are part of
        # the page (so a page whose tooltips change is a changed page for `briefing serve`).
        definitions = r.abbreviations_for(self.names, text)
        return text + "\n\n" + definitions if definitions else text


def render_pages(briefing: Briefing, settings, context: dict | None = None) -> dict[str, str]:
    """Every generated page: path relative to the docs root → Markdown. Deterministic.

    ``context`` gives variables to every template; by default builder.pages.explore.page_context.
    """
    renderer = Renderer(briefing, settings, context)
    pages = plan_pages(briefing, settings, renderer.shared.get("changes"))
    return render_all(renderer.render, pages)
