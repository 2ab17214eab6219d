"""The built site as a reader uses it, in headless Chromium: search, glossary tooltips, the
timeline's order, clean consoles, and no request leaving the machine.

Fixtures (site build, server, browser, network gate) live in tests/browser_support.py.
"""

from __future__ import annotations

import html
import itertools
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from builder.load.reader import load_sources
from builder.settings import read_settings

if TYPE_CHECKING:
    from browser_support import PageLog

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser
# The fixtures (built_site, site_url, browser, context, page, page_log) come from this plugin.
pytest_plugins = ["browser_support"]

SEARCH_INPUT = "#__search-input"
SEARCH_RESULT = "#__search-results a.md-search-result__link"
SEARCH_META = "#__search-meta"


@pytest.fixture(scope="module")
def sources():
    settings = read_settings(ROOT / "mkdocs.yml")
    return load_sources(settings.sources, settings.project)


def _record_with_alias(records, alias: str):
    matches = [r for r in records if alias in getattr(r, "aliases", [])]
    assert len(matches) == 1, f"expected one record with the alias {alias!r} in the seed data, found {matches}"
    return matches[0]


def _search(page: Page, query: str) -> list[tuple[str, str]]:
    """Type *query* in the header search box as a reader does; return the (href, title) shown."""
    page.goto("./")
    page.locator(SEARCH_INPUT).click()
    page.keyboard.type(query, delay=20)
    expect(page.locator(SEARCH_RESULT).first).to_be_visible()
    expect(page.locator(SEARCH_META)).to_contain_text(re.compile(r"\d|one", re.IGNORECASE))
    links = page.locator(SEARCH_RESULT)
    return [(links.nth(i).get_attribute("href"), links.nth(i).locator("h1").inner_text())
            for i in range(links.count())]


# --------------------------------------------------------------------------- (a) search


@pytest.mark.parametrize(("alias", "kind", "folder"), [
    ("Daesh", "actor", "actors"),   # ISIS is named "Daesh" in one document
    ("Idleb", "place", "places"),   # the French-derived spelling of Idlib
])
def test_search_finds_a_record_by_its_alias_and_opens_it(page: Page, page_log: PageLog, sources,
                                                         alias, kind, folder):
    record = _record_with_alias(sources.of(kind), alias)
    results = _search(page, alias)
    wanted = f"/{folder}/{record.id}/"
    hrefs = [href for href, _ in results]
    assert any(wanted in href for href in hrefs), \
        f"searching {alias!r} should list the {record.name} page ({wanted}); shown: {results}"
    page.locator(SEARCH_RESULT).filter(has=page.locator(f"xpath=self::*[contains(@href, '{wanted}')]")).first.click()
    page.wait_for_url(re.compile(re.escape(wanted)))
    expect(page.locator("article h1").first).to_contain_text(record.name)
    # The alias the reader typed is on the page they landed on, highlighted.
    expect(page.locator("article mark").first).to_have_text(re.compile(alias, re.IGNORECASE))
    assert page_log.problems() == []


def test_search_needs_no_index_until_the_box_is_used(page: Page, page_log: PageLog):
    """A reader who never searches downloads nothing of the search index."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("./")
    page_log.settle(page)
    assert not [u for u in requested if "/pagefind/" in u]
    assert page_log.problems() == []


# --------------------------------------------------------------------------- (b) tooltips


def test_hovering_an_acronym_shows_its_expansion(page: Page, page_log: PageLog, built_site: Path):
    """Material's content.tooltips replaces the <abbr title> with a styled tooltip on hover."""
    year_pages = sorted((built_site / "timeline").glob("*/index.html"))
    assert year_pages, "the timeline has no year pages"
    # An abbreviation as the build wrote it, e.g. <abbr title="Islamic State">ISIS</abbr>.
    found = None
    for source in year_pages:
        match = re.search(r'<abbr title="([^"]+)">([^<]+)</abbr>', source.read_text(encoding="utf-8"))
        if match:
            found = source, html.unescape(match.group(1)), html.unescape(match.group(2))
            break
    assert found, "no <abbr> on any year page: glossary terms no longer become abbreviations"
    source, expansion, term = found
    page.goto(source.parent.relative_to(built_site).as_posix() + "/")
    host = page.locator("article abbr", has_text=term).first
    tooltip = page.locator(".md-tooltip2", has_text=expansion)
    expect(tooltip).to_have_count(0)
    host.hover()
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_class(re.compile(r"md-tooltip2--active"))
    # Moving away hides it again.
    page.mouse.move(5, 5)
    expect(tooltip).to_have_count(0, timeout=5_000)
    assert page_log.problems() == []


# --------------------------------------------------------------------------- (c) timeline order

MONTHS = {name: number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
QUALIFIER_DAY = {"early": 1, "mid": 11, "late": 21}
QUALIFIER_MONTH = {"early": 1, "mid": 5, "late": 9}


def _point(text: str, year: int | None = None) -> date:
    """'24 November 2025', 'November 2025', '2025', 'early December 2025', '24 November' (+year)."""
    words = text.split()
    qualifier = words.pop(0) if words and words[0] in QUALIFIER_DAY else None
    if words and words[-1].isdigit() and len(words[-1]) == 4:
        year = int(words.pop())
    assert year is not None, f"no year in date {text!r}"
    day = int(words.pop(0)) if words and words[0].isdigit() else None
    month = MONTHS[words.pop(0)] if words else None
    assert not words, f"unexpected words in date {text!r}"
    if month is None:
        return date(year, QUALIFIER_MONTH[qualifier] if qualifier else 1, 1)
    return date(year, month, day or (QUALIFIER_DAY[qualifier] if qualifier else 1))


def displayed_start(text: str) -> date:
    """The first day a displayed date can mean: the key a reader orders the timeline by."""
    text = text.strip().removeprefix("around ").removesuffix(" (uncertain)").strip()
    if " – " in text:  # '24 November – 2 December 2025', 'December 2025 – January 2026'
        left, right = text.split(" – ", 1)
        return _point(left, _point(right).year)
    match = re.fullmatch(r"(\d{1,2})–\d{1,2} (\w+) (\d{4})", text)  # '24–27 November 2025'
    if match:
        return date(int(match[3]), MONTHS[match[2]], int(match[1]))
    match = re.fullmatch(r"(\w+)–\w+ (\d{4})", text)  # 'September–October 2025'
    if match:
        return date(int(match[2]), MONTHS[match[1]], 1)
    return _point(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("24 November 2025", date(2025, 11, 24)), ("December 2025", date(2025, 12, 1)),
    ("2025", date(2025, 1, 1)), ("24–27 November 2025", date(2025, 11, 24)),
    ("24 November – 2 December 2025", date(2025, 11, 24)), ("September–October 2025", date(2025, 9, 1)),
    ("December 2025 – January 2026", date(2025, 12, 1)), ("around December 2025", date(2025, 12, 1)),
    ("December 2025 (uncertain)", date(2025, 12, 1)), ("late December 2025", date(2025, 12, 21)),
    ("mid 2025", date(2025, 5, 1)),
])
def test_displayed_date_parser(text, expected):
    assert displayed_start(text) == expected


def _timeline_entries(page: Page, path: str) -> list[tuple[str, str, str, str]]:
    """(displayed date, data-d "start end", event href, id of the heading above) of every entry of
    a year's timeline in reading order: its month pages first when the year is split by month."""
    page.goto(path)
    entries = page.eval_on_selector_all(
        "article li",
        """items => items.filter(li => li.querySelector(':scope > strong') && li.querySelector('a[href*="events/"]'))
                        .map(li => {
                          let h = li.closest('ul, ol');
                          while (h && !/^H[1-6]$/.test(h.tagName)) h = h.previousElementSibling;
                          return [li.querySelector(':scope > strong').innerText, li.dataset.d || '',
                                  li.querySelector('a[href*="events/"]').href, h ? h.id : ''];
                        })""")
    months = page.eval_on_selector_all(
        "article a[href]", "links => links.map(a => a.href).filter(h => /timeline\\/\\d{4}-\\d{2}\\/?$/.test(h))")
    result = []
    for month in months:
        result += _timeline_entries(page, month)
    return result + [tuple(e) for e in entries]


def test_timeline_lists_every_event_once_in_date_order(page: Page, page_log: PageLog, built_site: Path):
    page.goto("timeline/")
    # the table of years (the explorer's list above it heads each month with a link to its year)
    year_links = page.eval_on_selector_all(
        "article .bf-explore-all a[href]", "links => links.map(a => a.href).filter(h => /timeline\\/\\d{4}\\/?$/.test(h))")
    years = [int(re.search(r"(\d{4})/?$", href)[1]) for href in year_links]
    assert years, "the timeline links to no year"
    assert years == sorted(years) and len(years) == len(set(years)), f"years out of order: {years}"

    seen: list[tuple[date, str, str]] = []  # dated entries, in reading order
    events: list[str] = []
    for year, href in zip(years, year_links, strict=True):
        entries = _timeline_entries(page, href)
        assert entries, f"the {year} page lists no event"
        for shown, data_d, event, heading in entries:
            start = displayed_start(shown)
            assert start.year == year, f"{shown!r} is listed under {year}"
            if data_d:  # the machine-readable span (used by the filters) agrees with the text
                assert date.fromisoformat(data_d.split()[0]) == start, f"{shown!r} vs data-d={data_d!r}"
            events.append(event.rstrip("/").rsplit("/", 1)[-1])
            if heading.endswith("-undated"):  # "2025, date within the year unknown": its own section, first
                assert shown == str(year), f"{shown!r} is listed as 'date within {year} unknown'"
                continue
            seen.append((start, shown, event))

    out_of_order = [(a[1], b[1]) for a, b in itertools.pairwise(seen) if b[0] < a[0]]
    assert not out_of_order, f"timeline entries out of date order: {out_of_order}"
    pages = sorted(p.parent.name for p in (built_site / "events").glob("*/index.html"))
    assert sorted(events) == pages, "every event page appears exactly once on the timeline"
    assert page_log.problems() == []


# --------------------------------------------------------------------------- (d, e) clean and offline

SKIP_TOP = {"assets", "pagefind", "overrides", "search", "data"}
CORE_KINDS = {"home", "timeline", "timeline/*", "events/*", "actors", "actors/*", "places", "places/*",
              "operations", "operations/*", "sources", "sources/*", "glossary", "disagreements"}


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind (home, a section index, a record of that section …): kind → path."""
    kinds: dict[str, str] = {}
    for index in sorted(site.rglob("index.html")):
        parts = index.parent.relative_to(site).parts
        if parts and parts[0] in SKIP_TOP:
            continue
        kind = "home" if not parts else parts[0] if len(parts) == 1 else f"{parts[0]}/" + "*/" * (len(parts) - 2) + "*"
        kinds.setdefault(kind, "/".join(parts) + "/" if parts else "./")
    return kinds


def test_every_kind_of_page_loads_cleanly_and_offline(context, watch, built_site: Path):
    """No console error, no failed request, and nothing requested beyond the site's own server."""
    kinds = page_kinds(built_site)
    missing = CORE_KINDS - set(kinds)
    assert not missing, f"the site has no page of kind(s) {sorted(missing)}"
    tab = context.new_page()
    log = watch(tab)
    report = {}
    for kind, path in kinds.items():
        log.clear()
        tab.goto(path)
        log.settle(tab)
        expect(tab.locator("article h1").first).to_be_visible()
        if log.problems():
            report[f"{kind} ({path})"] = log.problems()
    assert report == {}, "pages with problems:\n" + "\n".join(f"  {k}: {v}" for k, v in report.items())


def test_search_works_with_no_network(page: Page, page_log: PageLog):
    """Searching downloads Pagefind's script, WebAssembly and index from the site itself, nothing else."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    results = _search(page, "coalition")
    assert results
    page_log.settle(page)
    assert any("/pagefind/" in u and u.endswith(".wasm") or "wasm" in u for u in requested), \
        "the search did not load Pagefind's WebAssembly from the site"
    assert page_log.external == [], f"requests left the machine: {page_log.external}"
    assert page_log.problems() == []

