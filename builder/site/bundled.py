"""What the briefing plugin brings along, so that a project's docs/ holds only hand-written pages.

One folder, ``builder/site/theme/``, shipped in the package: the theme overrides (``main.html``,
``partials/``) and the static files the pages load (``assets/``: the map and timeline-filter
scripts, the stylesheets, Pagefind's search box, Leaflet and the world's country outlines). The
plugin puts it into the theme's folders, after the project's own ``custom_dir`` (which can still
override any of it) and before Material's: MkDocs then renders its templates and copies its static
files into the site as it does a theme's.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent / "theme"


def add_theme(config) -> None:
    """Put the shipped theme folder into ``config.theme.dirs`` (once), after the project's custom_dir."""
    dirs = config.theme.dirs
    here = str(THEME_DIR)
    if here in dirs:
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, here)


# The Markdown extensions the generated pages are written for (abbreviation tooltips, attribute
# lists on timeline entries, definition lists, admonitions, raw HTML blocks holding Markdown,
# collapsible details); added when the project's mkdocs.yml does not list them.
MARKDOWN_EXTENSIONS = ("abbr", "attr_list", "def_list", "tables", "admonition", "md_in_html", "pymdownx.details")


def add_markdown_extensions(config) -> None:
    """Add the extensions the pages need to ``config.markdown_extensions`` (keeping the project's)."""
    for name in MARKDOWN_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


# Pages every briefing has, shipped as Markdown: "About this briefing" (how to read it: sources,
# grades, dates, disagreements), which the generated pages link to. A page of the same path in the
# project's docs/ replaces it (to translate or extend it).
PAGES_DIR = Path(__file__).resolve().parent / "pages"


def add_pages(files, config, at: str = "") -> None:
    """Add the shipped pages the project's docs/ does not have to *files* (MkDocs' Files), in the
    briefing's folder *at* ('' or 'briefing/')."""
    from mkdocs.structure.files import File

    for source in sorted(PAGES_DIR.rglob("*.md")):
        path = at + source.relative_to(PAGES_DIR).as_posix()
        if files.get_file_from_path(path) is None:
            # From its file, not its text: `mkdocs serve --dirty` then rebuilds it only when it changes.
            files.append(File.generated(config, path, abs_src_path=str(source)))
