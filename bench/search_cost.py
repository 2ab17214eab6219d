"""What search costs a reader: bytes downloaded from opening a page to the first results.

``first_query_bytes(site_dir, query)`` serves a built site (already indexed by
``builder.site.search_index.index_site``) on 127.0.0.1, opens a page in headless Chromium, focuses the
header search box with the ``/`` shortcut, enters *query*, waits for its results, and adds up
what the search itself downloaded: Pagefind's script, WebAssembly, entry and metadata files, the
index chunk(s) for the query and the fragments of the shown results, plus the search box's own
``search.js``/``search.css``. Each body is counted as a server would send it gzipped: Pagefind's
``.pf_*`` files and its ``.pagefind`` WebAssembly are stored gzipped already, so they count as they
are; everything else counts as ``gzip -6`` of the body.

``first_query_cost`` returns the breakdown (one row per file) and the bytes of the page itself.

The module also builds throwaway sites for measuring (``build_fixture_site``) and takes screenshots
of the dropdown (``screenshot_search``). Command line::

    python -m bench.search_cost --pages 2000 --query coalition --shots bench/out
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
GZIP_MAGIC = b"\x1f\x8b"


# --------------------------------------------------------------------------------------- serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


_QuietHandler.extensions_map = {
    **http.server.SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".css": "text/css",
}


@contextlib.contextmanager
def serve(site_dir: Path, base_path: str = "/") -> Iterator[str]:
    """Serve *site_dir* at ``http://127.0.0.1:<free port><base_path>``; yields that URL."""
    site_dir = Path(site_dir).resolve()
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    with tempfile.TemporaryDirectory(prefix="search-serve-") as tmp:
        docroot = Path(tmp)
        if base_path == "/":
            docroot = site_dir
        else:
            mount = docroot / base_path.strip("/")
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(site_dir, target_is_directory=True)
        handler = functools.partial(_QuietHandler, directory=str(docroot))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


# --------------------------------------------------------------------------------------- browser


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sent_size(body: bytes) -> int:
    """Bytes a gzip-enabled server sends for *body* (already-gzipped bodies are sent as they are)."""
    if body[:2] == GZIP_MAGIC:
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def _is_search_asset(path: str) -> bool:
    return "/pagefind/" in path or path.endswith(
        ("/assets/javascripts/search.js", "/assets/stylesheets/search.css")
    )


def run_query(page: Any, query: str, *, typing_delay_ms: int | None = None, timeout_ms: int = 20_000) -> int:
    """Focus the search box with "/", enter *query*, wait for its results; return how many are shown.

    By default the query arrives as one input event (as when pasted, or typed faster than the
    box's 300 ms debounce), so exactly one search runs. With *typing_delay_ms* it is typed key by
    key: slower than the debounce, every prefix of two letters or more is searched too.
    """
    page.keyboard.press("/")
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === '__search-input'", timeout=timeout_ms
    )
    if typing_delay_ms is None:
        page.keyboard.insert_text(query)
    else:
        page.keyboard.type(query, delay=typing_delay_ms)
    page.wait_for_function(
        """q => {
            const list = document.getElementById('__search-results');
            const meta = document.getElementById('__search-meta');
            return list.dataset.pfQuery === q || /^Search is not/.test(meta.textContent.trim());
        }""",
        arg=query.strip(),
        timeout=timeout_ms,
    )
    return page.locator("#__search-results [role=option]").count()


def first_query_cost(
    site_dir: Path,
    query: str,
    *,
    typing_delay_ms: int | None = None,
    page_path: str = "",
    base_path: str = "/",
    viewport: tuple[int, int] = (1280, 800),
) -> dict[str, Any]:
    """Open *page_path* of the served site, run *query* in the search box, measure downloads.

    *typing_delay_ms*: ``None`` enters the query in one input event (one search); a delay types
    it key by key, which searches its prefixes too when slower than the box's debounce.

    Returns ``{"query", "results_shown", "search_bytes", "page_bytes", "files": [...]}`` where
    ``search_bytes`` is what :func:`first_query_bytes` returns and each file row has ``url``,
    ``raw`` (body length) and ``sent`` (gzipped as a server would send it).
    """
    rows: list[dict[str, Any]] = []
    with serve(site_dir, base_path) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()

        def on_finished(request: Any) -> None:
            response = request.response()
            if response is None:
                return
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                return
            rows.append({"url": request.url, "raw": len(body), "sent": sent_size(body)})

        page.on("requestfinished", on_finished)
        page.goto(url + page_path.lstrip("/"), wait_until="load")
        shown = run_query(page, query, typing_delay_ms=typing_delay_ms)
        page.wait_for_timeout(200)  # let the last requestfinished events land
        page.remove_listener("requestfinished", on_finished)
        context.close()

    search = [r for r in rows if _is_search_asset(r["url"])]
    other = [r for r in rows if not _is_search_asset(r["url"])]
    for r in rows:
        r["url"] = r["url"].split("://", 1)[-1].split("/", 1)[-1]
    return {
        "query": query,
        "results_shown": shown,
        "search_bytes": sum(r["sent"] for r in search),
        "page_bytes": sum(r["sent"] for r in other),
        "files": sorted(search, key=lambda r: -r["sent"]),
    }


def first_query_bytes(site_dir: Path, query: str) -> int:
    """Gzipped bytes the search downloads from opening the home page to the first results."""
    return int(first_query_cost(Path(site_dir), query)["search_bytes"])


def screenshot_search(
    site_dir: Path,
    query: str,
    out: Path,
    *,
    scheme: str = "light",
    page_path: str = "",
    viewport: tuple[int, int] = (1280, 800),
    select: int = 1,
) -> Path:
    """Screenshot the results dropdown for *query* (``scheme``: ``light`` or ``dark``)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with serve(site_dir) as url, chromium() as browser:
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            color_scheme="dark" if scheme == "dark" else "light",
        )
        page = context.new_page()
        page.goto(url + page_path.lstrip("/"), wait_until="load")
        run_query(page, query)
        for _ in range(select):
            page.keyboard.press("ArrowDown")
        page.wait_for_timeout(400)  # Material's open transition
        page.screenshot(path=str(out))
        context.close()
    return out


# --------------------------------------------------------------------------------------- fixtures

_PLACES = [
    "Raqqa",
    "Deir ez-Zor",
    "Hasakah",
    "Palmyra",
    "Damascus",
    "Aleppo",
    "Homs",
    "Idlib",
    "Qamishli",
    "al-Hol camp",
    "Tanf",
    "Abu Kamal",
    "Mayadin",
    "Manbij",
    "Tabqa",
    "Kobani",
]
_ACTORS = [
    "US Central Command",
    "the Syrian Ministry of Interior",
    "the Syrian Democratic Forces",
    "the coalition",
    "the General Security Service",
    "the Syrian Arab Army",
    "Iraqi forces",
    "the US State Department",
    "the transitional government",
    "UN monitors",
]
_ACTS = [
    "conducted a raid against",
    "detained suspected members of",
    "struck a hideout of",
    "dismantled a cell of",
    "intercepted a weapons shipment bound for",
    "questioned relatives of",
    "transferred detainees linked to",
    "seized explosives belonging to",
    "reported an ambush by",
    "coordinated intelligence on",
]
_DETAILS = [
    "The operation followed weeks of surveillance.",
    "Officials did not name the detainees.",
    "Local media published photographs of the site.",
    "No civilian casualties were reported.",
    "The statement credited joint planning with partner forces.",
    "A second source disputes the number of people arrested.",
    "Residents described gunfire lasting several hours.",
    "The ministry said the cell planned attacks on checkpoints.",
    "Coalition aircraft provided overwatch.",
    "The findings were shared with Iraqi counterparts.",
]


def _event_page(rng: random.Random, i: int) -> tuple[str, str]:
    place = rng.choice(_PLACES)
    actor = rng.choice(_ACTORS)
    act = rng.choice(_ACTS)
    day = f"2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
    title = f"{day}: {actor[0].upper() + actor[1:]} near {place} (event {i})"
    body = [
        f"# {title}",
        "",
        f"On {day}, {actor} {act} ISIS near {place}. " + " ".join(rng.sample(_DETAILS, 3)),
        "",
        "## What the sources say",
        "",
        " ".join(rng.sample(_DETAILS, 4)) + f" Reference code EVT{i:05d}.",
        "",
        "## Sources",
        "",
        f"- Statement by {rng.choice(_ACTORS)}, {day}.",
        f"- Report filed from {rng.choice(_PLACES)}.",
        "",
    ]
    return f"events/e{i:05d}.md", "\n".join(body)


FIXED_PAGES = {
    "index.md": textwrap.dedent("""\
        # Overview

        A test briefing on cooperation between the United States and Syria against ISIS.
        Every event below is generated for measuring search.
        """),
    "actors/isis.md": textwrap.dedent("""\
        # ISIS

        The Islamic State, ISIS, also known as Daesh, ISIL or the Islamic State of Iraq and the
        Levant, is the armed group that US and Syrian forces cooperate against.

        ## Aliases

        Daesh (from the Arabic acronym), ISIL, IS.
        """),
    "actors/centcom.md": textwrap.dedent("""\
        # US Central Command

        CENTCOM directs US military operations in Syria and Iraq.
        """),
    "places/raqqa.md": textwrap.dedent("""\
        # Raqqa

        Former de facto capital of ISIS in Syria.
        """),
}

FIXTURE_HOOK = """\
import sys
from pathlib import Path

sys.path.insert(0, {repo!r})
from builder.site.search_index import index_site  # noqa: E402


def on_post_build(config, **kwargs):
    index_site(Path(config.site_dir))
"""


def write_fixture_project(project: Path, pages: int = 2000, *, seed: int = 1) -> Path:
    """Write a MkDocs project using the briefing's theme (builder/site/theme) and *pages* event pages.

    The configuration is the repository's mkdocs.yml with a throwaway hook that only indexes,
    a slim nav (as the real one) whose first entry is titled "Quokka overview", a word that
    appears nowhere in any article: searching it proves navigation chrome stays out of the index.
    """
    import yaml

    project = Path(project)
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    docs.mkdir(parents=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["hooks"] = ["hook.py"]
    config["plugins"] = []  # the fixture's pages are written here; the hook only indexes them
    config.pop("watch", None)
    config["theme"]["custom_dir"] = str(REPO / "builder" / "site" / "theme")
    config["nav"] = [
        {"Quokka overview": "index.md"},
        {"Actors": ["actors/isis.md", "actors/centcom.md"]},
        {"Places": ["places/raqqa.md"]},
    ]
    config["validation"] = {
        "omitted_files": "ignore",
        "absolute_links": "warn",
        "unrecognized_links": "warn",
        "anchors": "warn",
    }
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    (project / "hook.py").write_text(FIXTURE_HOOK.format(repo=str(REPO)), encoding="utf-8")
    # The site's own assets (extra_css/extra_javascript of mkdocs.yml), so pages load as the real ones.
    if (REPO / "docs" / "assets").is_dir():
        shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    for rel, text in FIXED_PAGES.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    rng = random.Random(seed)
    for i in range(1, pages + 1):
        rel, text = _event_page(rng, i)
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def build_fixture_site(project: Path, pages: int = 2000, *, seed: int = 1) -> dict[str, Any]:
    """Write the fixture project and ``mkdocs build`` it (the hook indexes it).

    Returns ``{"site_dir": Path, "build_seconds": float, "index": {...index_site stats...}}``,
    the index stats measured by re-running :func:`builder.site.search_index.index_site` alone.
    """
    project = write_fixture_project(Path(project), pages, seed=seed)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean"], cwd=project, env=env, check=True
    )
    build_seconds = time.perf_counter() - started
    sys.path.insert(0, str(REPO))
    from builder.site.search_index import index_site

    site_dir = project / "site"
    return {"site_dir": site_dir, "build_seconds": round(build_seconds, 2), "index": index_site(site_dir)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure what the first search query downloads.")
    parser.add_argument("--site", type=Path, help="an already built and indexed site directory")
    parser.add_argument("--pages", type=int, default=2000, help="event pages in the fixture site")
    parser.add_argument("--project", type=Path, default=Path(tempfile.gettempdir()) / "search-bench")
    parser.add_argument("--query", action="append", help="one-word query (repeatable)")
    parser.add_argument("--shots", type=Path, help="folder for light/dark dropdown screenshots")
    parser.add_argument(
        "--typing-delay",
        type=int,
        default=None,
        help="type the query key by key with this delay (ms) instead of at once",
    )
    args = parser.parse_args(argv)

    report: dict[str, Any] = {}
    site = args.site
    if site is None:
        built = build_fixture_site(args.project, args.pages)
        site = built["site_dir"]
        report.update(pages=args.pages, build_seconds=built["build_seconds"], index=built["index"])
    report["queries"] = []
    for query in args.query or ["coalition"]:
        cost = first_query_cost(site, query, typing_delay_ms=args.typing_delay)
        report["queries"].append(
            {
                "query": query,
                "results_shown": cost["results_shown"],
                "search_kb": round(cost["search_bytes"] / 1024, 1),
                "page_kb": round(cost["page_bytes"] / 1024, 1),
                "files": [f"{r['sent']:>8}  {r['url']}" for r in cost["files"]],
            }
        )
    if args.shots:
        query = (args.query or ["coalition"])[0]
        for scheme in ("light", "dark"):
            screenshot_search(site, query, args.shots / f"search-{scheme}.png", scheme=scheme)
        report["screenshots"] = [str(args.shots / f"search-{s}.png") for s in ("light", "dark")]
    print(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
