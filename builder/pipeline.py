"""The straight line: load → validate → link → pages → data. Every function here is pure: the
same sources and settings give the same briefing, pages and data files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from builder.briefing.link import Briefing, link
from builder.briefing.sourcing import record_facts, sourcing_inputs
from builder.load.reader import LoadedSources, load_sources
from builder.load.validate import validate
from builder.model.vocabulary import Vocabulary
from builder.problems import BriefingError


@dataclass
class Built:
    briefing: Briefing
    loaded: LoadedSources
    counts: dict[str, int]


@dataclass
class SiteOutput:
    """What the builder hands the site: pages (path → Markdown) and data files (path → bytes)."""

    briefing: Briefing
    counts: dict[str, int]
    pages: dict[str, str]
    data: dict[str, str | bytes]

    @cached_property
    def names(self):
        from builder.pages.render import Names

        return Names(self.briefing)


def build_briefing(sources: Path, title: str = "Briefing", project_root: Path | None = None,
                   vocabulary: Vocabulary | None = None) -> Built:
    """Load, validate and link sources/; raise BriefingError with every problem found.
    *vocabulary*: the project's event types, roles and actor kinds (the defaults when None)."""
    loaded = load_sources(Path(sources), project_root)
    return check_and_link(loaded, title, vocabulary)


def call_now(function: Callable, *args):
    return function(*args)


def check_and_link(loaded: LoadedSources, title: str, vocabulary: Vocabulary | None = None,
                   call: Callable = call_now) -> Built:
    """Validate and link. *call(function, *args)* runs each pure step after link (builder/site/
    incremental.py passes one that reuses an earlier build's result for the same arguments)."""
    problems, counts = validate(loaded, vocabulary)
    if problems:
        raise BriefingError(problems)
    briefing = link(loaded, title)
    briefing.located = loaded.records  # (for messages naming a record's file: Briefing.file_of)
    briefing.record_facts = call(record_facts, *sourcing_inputs(briefing))
    return Built(briefing, loaded, counts)



def site_output(built: Built, settings) -> SiteOutput:
    """Every generated page and data file of a linked briefing."""
    from builder.pages.plan import render_pages

    pages = render_pages(built.briefing, settings)
    data, pages["data.md"] = data_files(built.briefing, settings)
    return SiteOutput(built.briefing, built.counts, pages, data)


def data_files(briefing: Briefing, settings, call: Callable = call_now) -> tuple[dict[str, str | bytes], str]:
    """The site's data files (path → bytes) and the Data page listing them. *call*: as check_and_link's."""
    from builder.data.export import all_event_parts, data_page, event_scope, export_files
    from builder.pages.explore import map_files
    from builder.pages.render import Names, abbreviations_for

    site_files = map_files(briefing, settings)  # data/map.json, data/timeline.json
    parts = all_event_parts(briefing, event_scope(briefing, settings), call)
    exports = export_files(briefing, settings, parts=parts)
    page = data_page(briefing, settings, exports, site_files=site_files)
    definitions = abbreviations_for(Names(briefing), page)  # tooltips, as on every generated page
    page = page + "\n\n" + definitions if definitions else page
    return {**site_files, **{f"data/{path}": content for path, content in exports.items()}}, page


def build_site(settings) -> SiteOutput:
    """The whole site's generated content, from scratch."""
    return site_output(build_briefing(settings.sources, settings.title, settings.project, settings.vocabulary),
                       settings)
