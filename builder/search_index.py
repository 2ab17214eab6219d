"""Full-text search index for the built site, made by Pagefind.

One search path for every briefing size: Pagefind splits the index into small chunks, so the
first query of a reader downloads kilobytes whether the briefing has 20 events or 10,000 (Material's
own lunr plugin ships the whole index, 19 MB at 10,000 events, and is deliberately not used).

The MkDocs hook calls :func:`index_site` from ``on_post_build``::

    from builder.search_index import index_site

    def on_post_build(config, **kwargs):
        index_site(Path(config.site_dir))

What is indexed is decided by the templates, not here: ``docs/overrides/main.html`` puts
``data-pagefind-body`` on the ``<article>`` of content pages only, so once one page has it Pagefind
leaves out every page without it (404, stray HTML). Inside the article, permalink anchors and
navigation chrome are dropped through :data:`EXCLUDE_SELECTORS`.

The browser side is ``docs/assets/javascripts/search.js``, which loads ``<site>/pagefind/pagefind.js``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.briefing.search")

#: Folder (inside the site directory) that holds the search bundle; search.js expects this name.
BUNDLE_DIR = "pagefind"

#: Elements inside the indexed article that must not feed the index (same semantics as
#: ``data-pagefind-ignore``: the element and all its children are skipped).
EXCLUDE_SELECTORS: tuple[str, ...] = (
    ".headerlink",  # the ¶ permalink after every heading (toc: permalink: true)
    ".md-content__button",  # "edit this page" / "view source" actions
    ".md-source-file",  # revision dates
    ".md-feedback",  # "was this page helpful?"
    ".md-top",  # back-to-top button
    ".md-header",  # chrome, in case a page is indexed whole (no data-pagefind-body anywhere)
    ".md-tabs",
    ".md-sidebar",
    ".md-path",
    ".md-footer",
    ".md-dialog",
    ".md-search",
    "[data-search-exclude]",  # escape hatch for templates: <div data-search-exclude>…
)

#: Top-level entries of the site directory that never hold pages to search: the bundle itself,
#: theme assets, and ``overrides/`` (a copy of the template override folder, which MkDocs publishes
#: as static files when ``custom_dir`` lies inside ``docs_dir`` and ``exclude_docs`` does not name it).
SKIP_TOP_LEVEL = frozenset({BUNDLE_DIR, "overrides", "assets", "search"})

_GLOB_SAFE = re.compile(r"^[\w.\-]+$")


def _page_glob(site_dir: Path) -> str:
    """A Pagefind (wax) glob that covers every HTML file except those under :data:`SKIP_TOP_LEVEL`.

    Wax has no negation, so the glob lists the top-level entries to keep, sorted (deterministic).
    """
    keep: list[str] = []
    for entry in sorted(site_dir.iterdir(), key=lambda p: p.name):
        name = entry.name
        if name in SKIP_TOP_LEVEL or name.startswith("."):
            continue
        if not _GLOB_SAFE.match(name):
            # A name wax would read as pattern syntax: fall back to indexing everything.
            return "**/*.{html}"
        if entry.is_dir():
            keep.append(f"{name}/**/*.html")
        elif name.endswith(".html"):
            keep.append(name)
    if not keep:
        return "**/*.{html}"
    return "{" + ",".join(keep) + "}"


async def _index(site_dir: Path, out_dir: Path, glob: str, language: str | None) -> dict[str, Any]:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        exclude_selectors=list(EXCLUDE_SELECTORS),
        output_path=str(out_dir),
        keep_index_url=False,
        write_playground=False,
    )
    if language:
        config["force_language"] = language
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob=glob)
        # Leaving the context writes the bundle to output_path.
    return dict(result)


def _run(coro):
    """Run *coro* to completion, also when the caller already sits inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="pagefind-index")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _bundle_stats(out_dir: Path) -> dict[str, Any]:
    files = [p for p in out_dir.rglob("*") if p.is_file()]
    return {
        "bundle_files": len(files),
        "bundle_bytes": sum(p.stat().st_size for p in files),
        "fragments": sum(1 for p in files if p.suffix == ".pf_fragment"),
        "index_chunks": sum(1 for p in files if p.suffix == ".pf_index"),
    }


def index_site(site_dir: Path, *, language: str | None = "en") -> dict[str, Any]:
    """Index the built site in *site_dir* with Pagefind, writing the bundle to ``site_dir/pagefind/``.

    Works offline: the Pagefind binary ships inside the ``pagefind[extended]`` wheel.
    *language* forces one index for the whole site (the briefing is written in one language; ``None``
    lets Pagefind split by each page's ``<html lang>``).

    Returns ``{"pages": int, "seconds": float, "bundle_files": int, "bundle_bytes": int,
    "fragments": int, "index_chunks": int, "output": str}``. Raises ``RuntimeError`` if Pagefind
    indexed no page, which means the templates lost their ``data-pagefind-body`` marker or the
    site is empty.
    """
    site_dir = Path(site_dir).resolve()
    if not site_dir.is_dir():
        raise FileNotFoundError(f"site directory not found: {site_dir}")
    out_dir = site_dir / BUNDLE_DIR
    # A stale bundle would keep old fragments around (names are content hashes).
    if out_dir.exists():
        shutil.rmtree(out_dir)

    glob = _page_glob(site_dir)
    started = time.perf_counter()
    result = _run(_index(site_dir, out_dir, glob, language))
    seconds = time.perf_counter() - started

    pages = int(result.get("page_count", 0))
    if pages == 0 or not (out_dir / "pagefind.js").is_file():
        raise RuntimeError(
            f"Pagefind indexed no page in {site_dir} (glob {glob!r}); "
            "is data-pagefind-body still on the article in docs/overrides/main.html?"
        )
    stats: dict[str, Any] = {"pages": pages, "seconds": round(seconds, 3)}
    stats.update(_bundle_stats(out_dir))
    stats["output"] = str(out_dir)
    log.info("Search index: %d pages in %.2f s (%s)", pages, seconds, out_dir)
    return stats


def main(argv: list[str] | None = None) -> int:
    """``python -m builder.search_index SITE_DIR``: index an already built site."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(index_site(args.site_dir), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
