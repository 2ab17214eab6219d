"""The MkDocs adapter: hands the builder's pages and data files to MkDocs as generated files.

The builder core knows nothing of MkDocs; this thin hook is the only place the two meet. Nothing
is written into docs/: `mkdocs serve` watches docs/ and would rebuild forever.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from builder.pipeline import build_briefing
from builder.problems import BriefingError
from builder.settings import read_settings

log = logging.getLogger("mkdocs.hooks.briefing")

_state: dict = {}


def on_config(config):
    settings = read_settings(config.config_file_path)
    try:
        built = build_briefing(settings.sources, settings.title, settings.project)
    except BriefingError as error:
        raise PluginError("the briefing's sources have problems:\n" + error.report()) from None
    _state.update(settings=settings, built=built)
    log.info("briefing: %s", ", ".join(f"{v} {k}" for k, v in built.counts.items()))
    return config


def on_files(files: Files, config) -> Files:
    from builder.render import render_pages

    settings, built = _state["settings"], _state["built"]
    pages = render_pages(built.briefing, settings)
    for path, markdown in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:  # a hand-written page in docs/ wins over a generated one
            continue
        files.append(File.generated(config, path, content=markdown))
    from builder.explore import map_files  # the Map page's data (data/map.json)

    for path, data in map_files(built.briefing, settings).items():
        files.append(File.generated(config, path, content=data))
    try:
        from builder.export import export_files
    except ImportError:
        export_files = None
    if export_files is not None:
        from builder.export import data_page

        exports = export_files(built.briefing, settings)  # once per build: files and Data page share it
        _state["exports"] = exports
        for path, data in exports.items():
            files.append(File.generated(config, f"data/{path}", content=data))
        if files.get_file_from_path("data.md") is None:  # a hand-written docs/data.md wins
            files.append(File.generated(config, "data.md", content=data_page(built.briefing, settings, exports)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    # Glossary terms and acronyms become tooltips on every page, hand-written ones included; each
    # page gets only the definitions of terms it contains (all of them on every page cost ~4× the
    # page's own Markdown conversion).
    from builder.render import abbreviations_for

    definitions = abbreviations_for(_state["built"].briefing, markdown)
    return markdown + "\n\n" + definitions if definitions else markdown


def on_post_build(config) -> None:
    try:
        from builder.search_index import index_site
    except ImportError:
        return
    stats = index_site(Path(config.site_dir))
    log.info("search index: %s", stats)
