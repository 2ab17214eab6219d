"""Fixtures for the browser tests: the seed site built once, served on 127.0.0.1, and a headless
Chromium (Debian's, driven by Playwright) that may talk to nothing but that server.

Loaded as a plugin by tests/test_browser.py (``pytest_plugins``), so tests/conftest.py stays
untouched. With pytest-xdist the site is built once for all workers (a file lock in the shared
temporary folder); each worker serves it on its own free port and runs its own browser.

Environment:
  BRIEFING_TEST_SITE  test this already built site instead of building one
  BRIEFING_CHROMIUM   the browser to drive (default /usr/bin/chromium, then chromium/google-chrome
                      on PATH). Without one the browser tests are skipped locally and fail under CI.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1"}
NOT_LOCAL = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")


def chromium_path() -> str | None:
    candidates = [os.environ.get("BRIEFING_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


# --------------------------------------------------------------------------- the site


def build_site(target: Path) -> Path:
    """`mkdocs build` of the project into *target* (a fresh process: the hook keeps module state)."""
    staging = target.with_name(target.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(staging)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or not (staging / "index.html").is_file():
        raise RuntimeError(f"mkdocs build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    staging.rename(target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The seed site, built once per test run (shared by pytest-xdist workers), or the already
    built site in $BRIEFING_TEST_SITE."""
    if os.environ.get("BRIEFING_TEST_SITE"):
        return Path(os.environ["BRIEFING_TEST_SITE"]).resolve()
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' base temps live in
    site = shared / "browser-site"
    with open(shared / "browser-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (site / "index.html").is_file():
            build_site(site)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
    }

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served by a threaded http.server on 127.0.0.1 and a free port."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- the browser


# Module scope, not session: a running sync Playwright makes the thread look like it is inside an
# asyncio loop, so a session-long one would break any other test module that starts Playwright.
@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "no Chromium (set BRIEFING_CHROMIUM or run scripts/setup.sh --browser)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a reader's browser would show in its console and network panel, for one page."""

    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # failed requests and HTTP errors
    external: list[str] = field(default_factory=list)  # requests to anything but the test server
    pending: set = field(default_factory=set)  # requests still in flight

    def settle(self, page, quiet_ms: int = 150, timeout_ms: int = 10_000) -> None:
        """Wait until the page has loaded and no request has been in flight for *quiet_ms*: like
        Playwright's "networkidle", but without its fixed 500 ms wait."""
        page.wait_for_load_state("load")
        quiet = waited = 0
        while quiet < quiet_ms:
            assert waited < timeout_ms, f"requests still pending after {timeout_ms} ms: {self.pending}"
            page.wait_for_timeout(25)
            waited += 25
            quiet = quiet + 25 if not self.pending else 0

    def problems(self) -> list[str]:
        return ([f"console: {e}" for e in self.errors] + [f"request: {f}" for f in self.failed]
                + [f"external request (blocked): {u}" for u in self.external])

    def clear(self) -> None:
        self.errors.clear()
        self.failed.clear()
        self.external.clear()


def _is_local(url: str) -> bool:
    return urlsplit(url).hostname in LOCAL_HOSTS


def watch_page(page) -> PageLog:
    """Cut *page* off from every server but the test server, and record what goes wrong on it."""
    log = PageLog()

    def block(route):
        log.external.append(route.request.url)
        route.abort("blockedbyclient")

    def failed(request):
        # ERR_ABORTED is a request cancelled by the browser itself (e.g. the favicon when leaving).
        if _is_local(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            log.failed.append(f"{request.url}: {request.failure}")

    def console(message):
        if message.type == "error":
            log.errors.append(f"{message.text} ({message.location.get('url')})")

    def finished(request):
        log.pending.discard(request)

    # Only requests to other hosts are intercepted (the pattern is matched inside the browser), so
    # the site's own requests go straight through.
    page.route(NOT_LOCAL, block)
    page.on("request", lambda request: log.pending.add(request))
    page.on("requestfinished", finished)
    page.on("requestfailed", finished)
    page.on("console", console)
    page.on("pageerror", lambda error: log.errors.append(f"uncaught: {error}"))
    page.on("requestfailed", failed)
    page.on("response", lambda r: r.status >= 400 and log.failed.append(f"{r.url}: HTTP {r.status}"))
    return log


@pytest.fixture
def context(browser, site_url):
    """A fresh browser profile whose relative URLs resolve against the test server."""
    ctx = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def _watched(context):
    new_page = context.new_page()
    return new_page, watch_page(new_page)


@pytest.fixture
def page(_watched):
    """A page with no network beyond the test server; what goes wrong is in page_log."""
    return _watched[0]


@pytest.fixture(name="watch")
def _watch():
    """watch(page) → PageLog: cut another page off the network and record its problems."""
    return watch_page


@pytest.fixture
def page_log(_watched) -> PageLog:
    return _watched[1]
