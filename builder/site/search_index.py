"""Full-text search index for the built site, made by Pagefind.

One search path for every briefing size: Pagefind splits the index into small chunks, so the
first query of a reader downloads kilobytes whether the briefing has 20 events or 10,000 (Material's
own lunr plugin ships the whole index, 19 MB at 10,000 events, and is deliberately not used).

The MkDocs hook calls :func:`index_site` from ``on_post_build``::

    from builder.site.search_index import index_site

    def on_post_build(config, **kwargs):
        index_site(Path(config.site_dir))

What is indexed is decided by the templates, not here: ``builder/site/theme/main.html`` puts
``data-pagefind-body`` on the ``<article>`` of content pages only, so once one page has it Pagefind
leaves out every page without it (404, stray HTML). Inside the article, permalink anchors and
navigation chrome are dropped through :data:`EXCLUDE_SELECTORS`.

Memory: Pagefind keeps every page's words with their positions (one hash-map entry per distinct
word of a page, and a copy of all of them while it builds the index), so its peak grows with the
number of distinct words per page, not with the size of the HTML; parts of the article nobody
searches for (the cite box) are therefore left out, and its allocator runs with one arena
(:data:`ALLOCATOR_ENV`). At 10,000 events (12,219 pages) this took the peak from ~2.0 GB to
~1.5 GB.

The browser side is ``builder/site/theme/assets/javascripts/search.js``, which loads ``<site>/pagefind/pagefind.js``.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
    # "Cite this event" (builder/pages/explore.py cite_box): permanent URL, citation and BibTeX repeat
    # the title and date, and each event's URL and BibTeX key made words of their own (at 10,000
    # events 30,000 of the index's 41,000 words, and 12-17 % of Pagefind's peak memory).
    ".bf-cite",
    "[data-search-exclude]",  # escape hatch for templates: <div data-search-exclude>…
)

#: Allocator setting for the Pagefind process. The Linux binaries of the wheel are static musl
#: builds with jemalloc (tikv-jemallocator reads ``_RJEM_MALLOC_CONF``; other builds ignore it).
#: jemalloc's default of 4 arenas per CPU keeps memory freed by one thread away from the others:
#: one arena lowers the peak by 10-15 % at 12,000 pages (1.67-1.78 GB -> 1.52 GB), with no
#: measurable CPU cost, and the bundle is byte-identical. (Fewer rayon threads gave nothing more;
#: ``tcache:false`` saved another 5 % for twice the CPU time.)
ALLOCATOR_ENV: dict[str, str] = {"_RJEM_MALLOC_CONF": "narenas:1"}

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


def _pagefind_binary() -> str:
    """The Pagefind executable shipped in the ``pagefind[extended]`` wheel (no download)."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise FileNotFoundError("Pagefind binary not found: install 'pagefind[extended]'")
    return str(binary)


def _index(site_dir: Path, out_dir: Path, glob: str, language: str | None) -> dict[str, Any]:
    """Run the Pagefind CLI on *site_dir*; returns ``{"page_count", "cpu_seconds", "peak_rss_mb", "log"}``.

    The CLI rather than ``pagefind.index.PagefindIndex``: that wrapper terminates its Pagefind
    service as soon as ``write_files`` is answered, while the service may still be flushing files
    (seen at 2,000 pages: an empty ``pagefind-entry.json`` and truncated chunks). The CLI returns
    only when every file is written.
    """
    cmd = [
        _pagefind_binary(),
        "--site",
        str(site_dir),
        "--output-path",
        str(out_dir),
        "--glob",
        glob,
        # The CLI takes one selector; a comma-separated list is one selector.
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
    ]
    if language:
        cmd += ["--force-language", language]
    # No stray pagefind.yml/json/toml (read from the working directory) and no PAGEFIND_* variables
    # may change the index: run in an empty folder with a clean environment.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    for name, value in ALLOCATOR_ENV.items():
        env.setdefault(name, value)  # a setting of the caller's own wins
    with tempfile.TemporaryDirectory(prefix="pagefind-cwd-") as cwd:
        returncode, log_text, usage = _run(cmd, cwd, env)
    if returncode != 0:
        raise RuntimeError(f"Pagefind failed ({returncode}):\n{log_text.strip()}")
    match = re.search(r"Indexed (\d+) pages?", log_text)
    return {
        "page_count": int(match.group(1)) if match else 0,
        "cpu_seconds": usage["cpu_seconds"],
        "peak_rss_mb": usage["peak_rss_mb"],
        "log": log_text,
    }


def _run(cmd: list[str], cwd: str, env: dict[str, str]) -> tuple[int, str, dict[str, Any]]:
    """Run *cmd*; returns its exit code, its output and its own CPU time and peak memory.

    ``os.wait4`` gives the resource usage of this one child (``RUSAGE_CHILDREN`` would give the
    largest of every child the process ever had). Output goes to a file, not a pipe, so nothing
    has to be read while waiting.
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace", dir=cwd) as out:
        if not hasattr(os, "wait4"):  # pragma: no cover - Windows
            before = _children_cpu_seconds()
            proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
            after = _children_cpu_seconds()
            out.seek(0)
            return proc.returncode, out.read(), {"cpu_seconds": after - before, "peak_rss_mb": None}
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        log_text = out.read()
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return (
        proc.returncode,
        log_text,
        {
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": round(usage.ru_maxrss / scale, 1),
        },
    )


def _children_cpu_seconds() -> float:
    """CPU seconds of all finished children of this process (fallback where ``os.wait4`` is missing)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _bundle_stats(out_dir: Path) -> dict[str, Any]:
    files = [p for p in out_dir.rglob("*") if p.is_file()]
    return {
        "bundle_files": len(files),
        "bundle_bytes": sum(p.stat().st_size for p in files),
        "fragments": sum(1 for p in files if p.suffix == ".pf_fragment"),
        "index_chunks": sum(1 for p in files if p.suffix == ".pf_index"),
    }


def _check_bundle(out_dir: Path, pages: int) -> None:
    """Raise RuntimeError unless the bundle is whole. Pagefind exits 0 when it cannot write (a full
    disk left 59 empty files), and a site without working search must not be published: every file
    must have bytes, the entry file must name each language's metadata and page count, and the
    metadata and index chunks must decompress."""
    problems = [f"{p.relative_to(out_dir)} is empty" for p in sorted(out_dir.rglob("*"))
                if p.is_file() and p.stat().st_size == 0]
    try:
        languages = json.loads((out_dir / "pagefind-entry.json").read_bytes())["languages"]
        counted = sum(language["page_count"] for language in languages.values())
        chunks = [out_dir / f"pagefind.{language['hash']}.pf_meta" for language in languages.values()]
    except (OSError, ValueError, KeyError, TypeError) as error:
        problems.append(f"pagefind-entry.json is unreadable ({error.__class__.__name__})")
        counted, chunks = pages, []
    if counted != pages:
        problems.append(f"pagefind-entry.json counts {counted} pages, not {pages}")
    for chunk in [*chunks, *sorted((out_dir / "index").glob("*.pf_index"))]:
        try:
            gzip.decompress(chunk.read_bytes())
        except (OSError, EOFError) as error:
            problems.append(f"{chunk.relative_to(out_dir)} is unreadable ({error.__class__.__name__})")
    if problems:
        raise RuntimeError(f"the search index in {out_dir} is incomplete (is the disk full?): "
                           + "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else ""))


def index_site(site_dir: Path, *, language: str | None = "en") -> dict[str, Any]:
    """Index the built site in *site_dir* with Pagefind, writing the bundle to ``site_dir/pagefind/``.

    Runs the Pagefind CLI (what ``python -m pagefind`` runs); works offline, as the binary ships
    inside the ``pagefind[extended]`` wheel.
    *language* forces one index for the whole site (the briefing is written in one language; ``None``
    lets Pagefind split by each page's ``<html lang>``).

    Returns ``{"pages": int, "seconds": float, "cpu_seconds": float, "peak_rss_mb": float | None,
    "bundle_files": int, "bundle_bytes": int, "fragments": int, "index_chunks": int, "output": str}``
    (``pages``: pages indexed; ``cpu_seconds`` and ``peak_rss_mb``: the Pagefind process's own).
    Raises ``RuntimeError`` if Pagefind fails or indexes no page (the templates lost their
    ``data-pagefind-body`` marker, or the site is empty).
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
    result = _index(site_dir, out_dir, glob, language)
    seconds = time.perf_counter() - started

    bundle = _bundle_stats(out_dir) if out_dir.is_dir() else {"fragments": 0}
    # Pagefind writes one fragment per indexed page.
    pages = int(result["page_count"] or bundle["fragments"])
    if pages == 0 or bundle["fragments"] == 0 or not (out_dir / "pagefind.js").is_file():
        raise RuntimeError(
            f"Pagefind indexed no page in {site_dir} (glob {glob!r}); "
            "is data-pagefind-body still on the article in builder/site/theme/main.html?"
        )
    _check_bundle(out_dir, pages)
    stats: dict[str, Any] = {
        "pages": pages,
        "seconds": round(seconds, 3),
        # CPU time of Pagefind (all threads): steadier than wall time on a busy machine.
        "cpu_seconds": round(result["cpu_seconds"], 3),
        # Peak resident memory of the Pagefind process (MB; None where the OS does not say).
        "peak_rss_mb": result["peak_rss_mb"],
    }
    stats.update(bundle)
    stats["output"] = str(out_dir)
    log.debug("Search index: %d pages in %.2f s (%s)", pages, seconds, out_dir)
    return stats


def main(argv: list[str] | None = None) -> int:
    """``python -m builder.site.search_index SITE_DIR``: index an already built site."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(index_site(args.site_dir), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
