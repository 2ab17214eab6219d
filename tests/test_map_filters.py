"""The map and the timeline filters as a reader uses them, in headless Chromium, offline.

Fixtures (site build, 127.0.0.1 server, browser whose requests elsewhere are blocked and recorded)
come from tests/browser_support.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import ROOT, PageLog
from playwright.sync_api import Page, expect

from builder.load.reader import load_sources
from builder.settings import read_settings

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_support"]

MAP_READY = ".bf-map[data-state=ready]"
FILTER_JS = ROOT / "builder" / "site" / "theme" / "assets" / "javascripts" / "timeline-filter.js"


@pytest.fixture(scope="module")
def sources():
    settings = read_settings(ROOT / "mkdocs.yml")
    return load_sources(settings.sources, settings.project)


def _located(sources) -> list:
    return [p for p in sources.of("place") if p.lat is not None]


def _busiest_year(built_site: Path) -> str:
    """The timeline year page with the most entries (the filter's natural test bed)."""
    counts = {}
    for page in (built_site / "timeline").glob("*/index.html"):
        if re.fullmatch(r"\d{4}", page.parent.name):
            counts[page.parent.name] = page.read_text(encoding="utf-8").count("data-d=")
    return max(counts, key=lambda year: (counts[year], year))


def _visible_entries(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "article li[data-d]", "items => items.filter(li => !li.hidden).map(li => li.querySelector('a').getAttribute('href'))")


# --------------------------------------------------------------------------- the map


def test_map_shows_one_marker_per_located_place_without_any_external_request(page: Page, page_log: PageLog, sources):
    located = _located(sources)
    assert located, "the seed data should have places with coordinates"
    page.goto("map/")
    expect(page.locator(MAP_READY)).to_be_visible()
    # One marker per point: places known only to a country or governorate are listed under the
    # map instead, and places at the same coordinates share one marker (tests/test_explore.py).
    points = {(round(p.lat, 4), round(p.lon, 4)) for p in located
              if {p.kind, p.precision}.isdisjoint({"country", "governorate"})}
    expect(page.locator(".bf-map .bf-marker")).to_have_count(len(points))
    # The basemap is the site's own outline of Syria and its neighbours, not tiles from a server.
    assert page.locator(".bf-map .bf-country").count() >= 10
    assert page.locator(".bf-map .leaflet-tile").count() == 0
    # The text equivalent lists the same places.
    # The text equivalent lists the same places: in its table, or "mentioned only" when in no event.
    rows = page.locator("article table tbody tr")
    expect(rows).to_have_count(len(located) - page.locator("article .bf-mentioned a").count())
    assert page_log.external == [], page_log.external
    assert page_log.problems() == []


def test_a_marker_lists_its_events_with_links_that_open(page: Page, page_log: PageLog, sources):
    page.goto("map/")
    expect(page.locator(MAP_READY)).to_be_visible()
    # The data lists places most events first: the largest circle is the first marker drawn.
    page.locator(".bf-map .bf-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text("approximate:")
    links = popup.locator(".bf-popup__events a")
    assert links.count() >= 1
    title = links.first.inner_text()
    # Follow the link from the keyboard: a mouse click can land while Leaflet's popup still fades
    # in (flaky under load), and keyboard users open it this way anyway.
    links.first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/events/[^/]+/$"))
    expect(page.locator("article h1").first).to_contain_text(title)
    assert "/events/" in page.url
    assert page_log.problems() == []


def test_a_place_page_shows_its_own_small_map(page: Page, page_log: PageLog, sources):
    place = _located(sources)[0]
    page.goto(f"places/{place.id}/")
    expect(page.locator(".bf-map--small[data-state=ready]")).to_be_visible()
    expect(page.locator(".bf-map--small .bf-marker")).to_have_count(1)
    assert page_log.problems() == []


# --------------------------------------------------------------------------- timeline filters


def test_a_filter_narrows_the_timeline_and_the_url_restores_it(page: Page, page_log: PageLog, built_site: Path):
    year = _busiest_year(built_site)
    page.goto(f"timeline/{year}/")
    everything = _visible_entries(page)
    total = len(everything)
    status = page.locator(".bf-filter__count")
    expect(status).to_have_text(f"All {total} events")
    actor = page.locator("select[name=actor]")
    # Pick the first actor that narrows the list (appears in some but not all events).
    options = actor.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent])")
    value, label = next((v, t) for v, t in options
                        if v and 0 < int(re.search(r"\((\d+)\)$", t).group(1)) < total)
    expected = int(re.search(r"\((\d+)\)$", label).group(1))
    page.get_by_label("Actor").select_option(value)
    expect(status).to_have_text(f"{expected} of {total} events")
    narrowed = _visible_entries(page)
    assert len(narrowed) == expected and set(narrowed) < set(everything)
    assert parse_qs(urlsplit(page.url).query) == {"actor": [value]}

    page.reload()
    expect(status).to_have_text(f"{expected} of {total} events")
    assert page.get_by_label("Actor").input_value() == value
    assert _visible_entries(page) == narrowed

    page.get_by_role("button", name="Clear filters").click()
    expect(status).to_have_text(f"All {total} events")
    assert urlsplit(page.url).query == ""
    assert page_log.problems() == []


def test_a_bookmarked_date_range_and_type_show_only_overlapping_events(page: Page, page_log: PageLog,
                                                                       built_site: Path):
    year = _busiest_year(built_site)
    page.goto(f"timeline/{year}/")
    spans = page.eval_on_selector_all("article li[data-d]", "items => items.map(li => li.dataset.d.split(' '))")
    middle = sorted(s for s, _ in spans)[len(spans) // 2]
    start, end = middle, f"{year}-12-31"
    page.goto(f"timeline/{year}/?from={start}&to={end}")
    expect(page.locator(".bf-filter__count")).to_contain_text(" of ")
    assert page.get_by_label("From").input_value() == start
    shown = page.eval_on_selector_all("article li[data-d]:not([hidden])", "items => items.map(li => li.dataset.d.split(' '))")
    assert shown and all(e >= start and s <= end for s, e in shown)
    hidden = page.eval_on_selector_all("article li[data-d][hidden]", "items => items.map(li => li.dataset.d.split(' '))")
    assert all(e < start or s > end for s, e in hidden)
    # Months left without a visible entry lose their heading too.
    empty_headings = page.eval_on_selector_all(
        "article h2 + ul", "lists => lists.filter(ul => ![...ul.children].some(li => !li.hidden)).map(ul => ul.previousElementSibling.hidden)")
    assert all(empty_headings)
    assert page_log.problems() == []


def test_the_timeline_index_filters_across_all_years_and_passes_the_filter_on(page: Page, page_log: PageLog,
                                                                            sources, built_site: Path):
    events = sources.of("event")
    by_actor: dict[str, int] = {}
    for event in events:
        for actor in {p.actor for p in event.actors}:
            by_actor[actor] = by_actor.get(actor, 0) + 1
    actor = max(by_actor, key=lambda a: (by_actor[a] < len(events), by_actor[a], a))  # narrows, but not to 0
    page.goto(f"timeline/?actor={actor}")
    expect(page.locator(".bf-filter__count")).to_have_text(f"{by_actor[actor]} of {len(events)} events")
    results = page.locator(".bf-explore-results li a")
    expect(results).to_have_count(by_actor[actor])
    # Each year heading of the results opens that year's page with the same filter, restored there.
    sizes = page.eval_on_selector_all(".bf-explore-results h3", "hs => hs.map(h => h.nextElementSibling.children.length)")
    year_link = page.locator(".bf-explore-results h3 a").nth(sizes.index(max(sizes)))  # a year page with a filter
    assert year_link.get_attribute("href").endswith(f"?actor={actor}")
    year = re.search(r"\d{4}", year_link.inner_text()).group(0)
    year_link.click()
    expect(page).to_have_url(re.compile(rf"/timeline/{year}/\?actor={re.escape(actor)}$"))
    expect(page.locator(".bf-filter__count")).to_contain_text(" of ")
    assert page.get_by_label("Actor").input_value() == actor
    shown = page.eval_on_selector_all("article li[data-d]:not([hidden])", "items => items.map(li => li.dataset.a)")
    expected = sum(1 for e in events if e.when.start.year == int(year) and actor in {p.actor for p in e.actors})
    assert len(shown) == expected and all(actor in a.split() for a in shown)
    # …and the way back to all years keeps it too.
    back = page.locator("article a", has_text="All years").first
    assert back.get_attribute("href").endswith(f"?actor={actor}")
    assert page_log.problems() == []


@pytest.fixture(scope="module")
def split_site(tmp_path_factory):
    """The seed site built with a tiny split threshold, so a year is split into month pages (as
    every year is at 10,000 events), served on 127.0.0.1."""
    import functools
    import http.server
    import threading

    from conftest import make_project
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import builder.pages.render

    root = tmp_path_factory.mktemp("split")
    project = make_project(root / "project", ROOT / "sources")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builder.pages.render, "SPLIT_AT", 5)
        build(load_config(str(project.config), site_dir=str(root / "site")))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site")))
    server.RequestHandlerClass.log_message = lambda *args: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", root / "site"
    server.shutdown()
    server.server_close()


def test_the_filter_follows_through_a_busy_years_month_pages(browser, split_site):
    base, site = split_site
    year = max((p.parent.name for p in (site / "timeline").glob("*/index.html")
                if re.fullmatch(r"\d{4}", p.parent.name) and "bf-filter-carry" in p.read_text(encoding="utf-8")),
               default=None)
    assert year, "no year was split into month pages"
    tab = browser.new_page(base_url=base)
    try:
        tab.goto(f"timeline/?type=raid")
        expect(tab.locator(".bf-filter__count")).to_contain_text(" of ")
        tab.locator(".bf-explore-results h3 a", has_text=year).first.click()
        expect(tab).to_have_url(re.compile(rf"/timeline/{year}/\?type=raid$"))
        expect(tab.locator(".bf-filter-carry[data-state=ready]")).to_have_count(1)  # links rewritten
        months = tab.locator("article li a[href*='?type=raid']")
        expect(months.first).to_be_visible()
        assert months.count() > 1, tab.eval_on_selector_all("article a", "as => as.map(a => a.getAttribute('href'))")
        hrefs = [months.nth(i).get_attribute("href") for i in range(months.count())]
        assert all(h.endswith("?type=raid") for h in hrefs), hrefs
        sizes = [int(re.search(r"— (\d+) event", months.nth(i).locator("xpath=..").inner_text()).group(1))
                 for i in range(months.count())]
        months.nth(sizes.index(max(sizes))).click()  # a month page with a filter
        expect(tab).to_have_url(re.compile(rf"/timeline/{year}-\d\d/\?type=raid$"))
        expect(tab.locator(".bf-filter__count")).to_contain_text(" of ")
        assert tab.get_by_label("Type").input_value() == "raid"
        shown = tab.eval_on_selector_all("article li[data-d]:not([hidden])", "items => items.map(li => li.dataset.t)")
        assert all(t == "raid" for t in shown)
    finally:
        tab.close()


def test_without_javascript_every_event_and_place_is_listed(browser, site_url, built_site: Path, sources):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else route.abort())
    try:
        tab = context.new_page()
        year = _busiest_year(built_site)
        tab.goto(f"timeline/{year}/")
        entries = tab.locator("article li[data-d]")
        assert entries.count() > 1
        assert tab.locator("article li[data-d][hidden]").count() == 0
        assert not tab.locator(".bf-filter").is_visible()  # no dead controls
        tab.goto("map/")
        expect(tab.locator(".bf-map")).to_contain_text("table below")
        listed = tab.locator("article table tbody tr").count() + tab.locator("article .bf-mentioned a").count()
        assert listed == len(_located(sources))
    finally:
        context.close()


def test_the_filter_stays_fast_with_3000_entries(browser):
    """One page of 3,000 entries (a busy month at scale): building the form and each change stay
    well under a frame budget a reader would notice."""
    actors = [f"actor-{i}" for i in range(300)]
    items = []
    for i in range(3000):
        day = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"
        items.append(f'<li data-d="{day} {day}" data-t="{("raid", "arrest", "airstrike")[i % 3]}" '
                     f'data-a="{actors[i % 300]} {actors[(i * 7) % 300]}" data-p="place-{i % 50}">'
                     f'<strong>{day}</strong> · Raid — <a href="../events/e{i}/">Event {i}</a></li>')
    names = '{"actor":{},"type":{},"place":{},"operation":{}}'
    markup = (f'<article><div class="bf-filter" hidden><script type="application/json" class="bf-filter-names">'
              f'{names}</script></div><h2>All</h2><ul>{"".join(items)}</ul></article>')
    tab = browser.new_page()
    try:
        tab.set_content(f"<!doctype html><html><body>{markup}</body></html>")
        setup_ms = tab.evaluate("""code => {
            const script = document.createElement('script');
            script.textContent = code;
            const t0 = performance.now();
            document.head.appendChild(script);  // an inline script runs at once: the form is built
            return performance.now() - t0;
        }""", FILTER_JS.read_text(encoding="utf-8"))
        expect(tab.locator(".bf-filter__count")).to_have_text("All 3000 events")
        change_ms = tab.evaluate("""() => {
            const select = document.querySelector('select[name=actor]');
            select.value = 'actor-7';
            const t0 = performance.now();
            select.dispatchEvent(new Event('change', {bubbles: true}));
            return performance.now() - t0;
        }""")
        shown = tab.locator("li[data-d]:not([hidden])").count()
        print(f"3,000 entries: form built in {setup_ms:.0f} ms, one change applied in {change_ms:.0f} ms")
        assert shown == sum(1 for i in range(3000) if 7 in (i % 300, (i * 7) % 300))
        expect(tab.locator(".bf-filter__count")).to_have_text(f"{shown} of 3000 events")
    finally:
        tab.close()
