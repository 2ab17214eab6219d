"""No broken links: LinkChecker (PyPI `linkchecker`) crawls the built site served on 127.0.0.1.

Only the site's own URLs are checked (no network: every other URL is matched by --ignore-url and
only its syntax is looked at). A second test breaks a copy of the site (one event page deleted)
and expects LinkChecker to fail and name the missing page, so a silent checker cannot pass.
In-page anchors (#fragment) are checked by a plain parse of the built pages: LinkChecker's
AnchorCheck plugin costs ~40 s of CPU on the seed site.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest

# The fixture built_site (the seed site, built once per session) comes from this plugin.
pytest_plugins = ["browser_support"]

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
NOT_LOCAL = r"^(?!http://127\.0\.0\.1[:/])"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
    }

    def end_headers(self):
        # LinkChecker throttles every host to 2–10 requests a second unless the server answers with
        # a "LinkChecker" header (linkcheck/checker/httpurl.py): this local test server opts in.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@contextmanager
def serve(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def linkcheck(url: str, home: Path) -> subprocess.CompletedProcess:
    """Run LinkChecker on *url*; exit status 0: no broken link, 1: broken links, 2: it failed."""
    if not LINKCHECKER.exists():
        message = "linkchecker is not installed in the venv (pip install linkchecker==10.6.0)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    home.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o777)  # run as root, LinkChecker drops privileges to "nobody"
    # Without a config, LinkChecker waits 0.1–0.6 s between two requests to one host; a server that
    # sends the "LinkChecker" header (see _Handler) may be asked up to maxrequestspersecond.
    config = home / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "http_proxy": "", "https_proxy": "", "no_proxy": "127.0.0.1"}
    return subprocess.run(
        [str(LINKCHECKER), "--config", str(config), "--no-status", "--no-warnings", "--threads", "8", "--timeout", "20",
         "--ignore-url", NOT_LOCAL, "--ignore-url", r"^(mailto|javascript|data):", "-o", "text", url],
        check=False, capture_output=True, text=True, timeout=300, env=env)


def _report(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"


def test_linkchecker_finds_no_broken_link(built_site, tmp_path):
    with serve(built_site) as url:
        result = linkcheck(url, tmp_path / "home")
    assert result.returncode == 0, f"LinkChecker found broken links:\n{_report(result)}"
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    assert checked and int(checked.group(2)) > 100, f"LinkChecker checked too little:\n{_report(result)}"
    assert re.search(r"\b0 errors found", result.stdout), _report(result)


def test_linkchecker_fails_when_a_linked_page_is_missing(built_site, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken, ignore=shutil.ignore_patterns("pagefind"))
    events = sorted(p for p in (broken / "events").iterdir() if (p / "index.html").is_file())
    assert events, "the seed site has no event pages"
    victim = events[len(events) // 2]
    shutil.rmtree(victim)
    with serve(broken) as url:
        result = linkcheck(url, tmp_path / "home")
    assert result.returncode == 1, f"LinkChecker should fail on a deleted page:\n{_report(result)}"
    assert f"events/{victim.name}/" in result.stdout, \
        f"the report does not name the missing page events/{victim.name}/:\n{_report(result)}"
    assert "404" in result.stdout


# --------------------------------------------------------------------------- anchors


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") and "#" in a["href"]:
            self.hrefs.append(a["href"])


def _target(site: Path, page: Path, href: str) -> Path | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target if target.suffix == ".html" and target.is_relative_to(site.resolve()) else None


def test_in_page_anchors_exist(built_site):
    parsed: dict[Path, _Links] = {}

    def links(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    missing = []
    checked = 0
    for page in sorted(built_site.rglob("*.html")):
        if "overrides" in page.relative_to(built_site).parts:
            continue
        for href in links(page).hrefs:
            target = _target(built_site, page.resolve(), href)
            fragment = unquote(urlsplit(href).fragment)
            if target is None or not fragment or not target.is_file():
                continue  # external, or a missing page (LinkChecker's job above)
            checked += 1
            if fragment not in links(target).ids:
                missing.append(f"{page.relative_to(built_site)}: {href}")
    assert checked > 50
    assert not missing, f"{len(missing)} links to missing anchors:\n  " + "\n  ".join(missing[:30])
