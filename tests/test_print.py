"""Printing a page: Chromium's PDF of an event, a timeline year and the disagreements page.

On paper a reader needs to know what the sheet is and where it came from (the briefing's title and
the page's permanent URL, from partials/content.html), to find the sources again (external URLs
written out after their links, print.css), and nothing of the screen chrome (header, tabs,
search, navigation, footer). Tables are kept whole on one page where they fit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from builder.settings import read_settings

# The fixtures (built_site, site_url, browser) come from this plugin.
pytest_plugins = ["browser_support"]

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
# Words of the screen chrome that must not be printed: header search, tabs/navigation, skip link,
# table of contents, the footer's credit and previous/next links, permalink marks.
CHROME = ["Search", "Skip to content", "Table of contents", "Made with", "Material for MkDocs", "Previous",
          "Next", "Switch to dark mode", "¶"]


def _largest(site: Path, pattern: str) -> str:
    candidates = [p for p in site.glob(pattern) if p.is_file()]
    assert candidates, f"no page matches {pattern}"
    best = max(candidates, key=lambda p: p.stat().st_size)
    return best.parent.relative_to(site).as_posix() + "/"


def _external_links(html: str, site_url: str) -> set[str]:
    """Addresses outside the site linked from a page's article (not the site's own permanent URLs)."""
    article = html.split("<article", 1)[-1].split("</article>", 1)[0]
    return {u for u in re.findall(r'<a[^>]+href="(https?://[^"]+)"', article) if not u.startswith(site_url)}


def _page_with_external_links(site: Path, site_url: str) -> str:
    """A source page linking its original (if the seed data has one), else a place page (its
    OpenStreetMap link), else any page linking outside the site."""
    for pattern in ("sources/*/index.html", "places/*/index.html", "**/index.html"):
        for page in sorted(site.glob(pattern)):
            if _external_links(page.read_text(encoding="utf-8"), site_url):
                return page.parent.relative_to(site).as_posix() + "/"
    pytest.skip("no page of the built site links outside it")


@pytest.fixture(scope="module")
def settings():
    return read_settings(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def printed(browser, site_url, built_site, settings, tmp_path_factory):
    """PDF and its text for each printed page (printed once for all tests of this module)."""
    if not shutil.which("pdftotext"):
        message = "pdftotext is not installed (apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    pages = {
        "event": _largest(built_site, "events/*/index.html"),
        "timeline year": _largest(built_site, "timeline/[0-9][0-9][0-9][0-9]/index.html"),
        "disagreements": "disagreements/",
        "external links": _page_with_external_links(built_site, settings.site_url),
    }
    out = tmp_path_factory.mktemp("print")
    ctx = browser.new_context(base_url=site_url)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    result = {}
    try:
        for kind, path in pages.items():
            page.goto(path)
            page.wait_for_load_state("load")
            pdf = out / (kind.replace(" ", "-") + ".pdf")
            page.pdf(path=str(pdf), format="A4", print_background=True)
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout
            result[kind] = {"path": path, "pdf": pdf, "text": text}
        page.emulate_media(media="print")
        page.goto(pages["disagreements"])
        page.wait_for_load_state("load")
        result["print styles"] = page.evaluate("""() => ({
            tables: [...document.querySelectorAll('article table')].map(t => getComputedStyle(t).breakInside),
            header: getComputedStyle(document.querySelector('.md-header')).display,
            search: getComputedStyle(document.querySelector('.md-search')).display,
            footer: getComputedStyle(document.querySelector('.md-footer')).display,
            stamp: getComputedStyle(document.querySelector('.bf-print-header')).display,
            headers: [...document.querySelectorAll('article table th')].map(th => {
                const style = getComputedStyle(th);
                return [style.overflowWrap, style.wordBreak];
            }),
        })""")
    finally:
        ctx.close()
    return result


def _flat(text: str) -> str:
    """The PDF's text without line breaks and spaces, so URLs wrapped over two lines still match."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", ["event", "timeline year", "disagreements"])
def test_printout_names_the_briefing_and_the_permanent_url(printed, settings, kind):
    sheet = printed[kind]
    assert sheet["pdf"].stat().st_size > 5_000 and sheet["pdf"].read_bytes().startswith(b"%PDF")
    text = sheet["text"]
    first_page = text.split("\f")[0]
    site_name = read_site_name()
    assert _flat(site_name) in _flat(first_page), f"the briefing's title is not on the first printed page:\n{first_page[:600]}"
    permanent = settings.site_url.rstrip("/") + "/" + sheet["path"]
    assert _flat(permanent) in _flat(first_page), f"{permanent} is not on the first printed page:\n{first_page[:600]}"


@pytest.mark.parametrize("kind", ["event", "timeline year", "disagreements"])
def test_printout_has_no_screen_chrome(printed, kind):
    text = printed[kind]["text"]
    found = [word for word in CHROME if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    assert not found, f"screen chrome printed on the {kind} page: {found}"
    # Links within the site are not written out (only absolute http links are), and scripts must
    # not have turned them into addresses of the server the page was read from.
    assert "127.0.0.1" not in text, f"a link to the local server is written out on the {kind} page"


def test_printout_writes_out_external_urls(printed, built_site, settings):
    sheet = printed["external links"]
    urls = _external_links((built_site / sheet["path"] / "index.html").read_text(encoding="utf-8"),
                           settings.site_url)
    flat = _flat(sheet["text"])
    missing = [u for u in urls if _flat(u.replace("&amp;", "&")) not in flat]
    assert not missing, f"/{sheet['path']}: addresses not written out on paper: {missing}"


def test_print_styles_keep_tables_whole_and_drop_chrome(printed):
    styles = printed["print styles"]
    assert styles["tables"] and all(b == "avoid" for b in styles["tables"]), styles
    assert styles["header"] == styles["search"] == styles["footer"] == "none", styles
    assert styles["stamp"] == "block", styles


def test_printed_column_headers_break_between_words_only(printed, built_site):
    """A narrow column's header ("Reliability" in the Disagreements tables) is not split inside the
    word: it sets the column's narrowest width instead."""
    styles = printed["print styles"]
    assert styles["headers"], "the printed Disagreements page has no table header"
    assert all(style == ["normal", "normal"] for style in styles["headers"]), styles["headers"]
    html = (built_site / printed["disagreements"]["path"] / "index.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[-1].split("</article>", 1)[0]
    words = {w for th in re.findall(r"<th\b[^>]*>(.*?)</th>", article, re.DOTALL)
             for w in re.findall(r"\w{6,}", re.sub(r"<[^>]+>", " ", th))}
    text = printed["disagreements"]["text"]
    broken = sorted(w for w in words if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
    assert not broken, f"column headers broken inside a word on paper: {broken}"


def read_site_name() -> str:
    import yaml

    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_name:"):
            return yaml.safe_load(line)["site_name"]
    raise AssertionError("mkdocs.yml has no site_name")
