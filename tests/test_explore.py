"""The explorer as a reader uses it, in headless Chromium, offline: the timeline's time axis (brushed
with the mouse and with the keyboard), one filter state for the timeline and the map (in the URL and
in history), faceted counts, places rolled up to their country, country-wide events listed apart.

Fixtures (site build, 127.0.0.1 server, a browser cut off from everything else) come from
tests/browser_support.py.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import ROOT, PageLog
from playwright.sync_api import Page, expect

from builder.load.reader import load_sources
from builder.settings import read_settings

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_support"]

READY = ".bf-explore[data-state=ready]"
RESULTS = ".bf-explore-results li"
AREA = {"country", "governorate"}


@pytest.fixture(scope="module")
def sources():
    settings = read_settings(ROOT / "mkdocs.yml")
    return load_sources(settings.sources, settings.project)


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _count(option_text: str) -> int:
    return int(re.search(r"\((\d+)\)$", option_text).group(1))


def _options(page: Page, name: str) -> list[tuple[str, str]]:
    return page.locator(f"select[name={name}] option").evaluate_all(
        "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")


def _shown_dates(page: Page) -> list[str]:
    return page.locator(RESULTS).evaluate_all("items => items.map(li => li.querySelector('strong').textContent)")


def _rolled_up(sources, place_id: str) -> int:
    """Events in *place_id* or in a place within it (town → governorate → country)."""
    places = {p.id: p for p in sources.of("place")}
    countries = {p.name: p.id for p in places.values() if p.kind == "country"}

    def chain(pid):
        place = places[pid]
        return {pid, place.governorate, countries.get(place.country)}

    return sum(1 for e in sources.of("event") if any(place_id in chain(p) for p in e.places))


# --------------------------------------------------------------------------- 1. the time axis


def test_the_timeline_opens_on_every_event_with_a_time_axis(page: Page, page_log: PageLog, sources):
    events = sources.of("event")
    page.goto("timeline/")
    expect(page.locator(READY)).to_be_visible()
    expect(page.locator(RESULTS)).to_have_count(len(events))
    expect(page.locator(".bf-filter__count")).to_have_text(f"All {len(events)} events")
    axis = page.locator(".bf-axis svg")
    expect(axis).to_be_visible()
    # density bars and one mark per event in the type lanes
    assert page.locator(".bf-axis__bar").count() > 3
    expect(page.locator(".bf-axis__mark")).to_have_count(len(events))
    expect(page.get_by_role("slider")).to_have_count(2)
    # the static list is the no-JavaScript stand-in: hidden once the explorer runs
    assert not page.locator(".bf-explore-static").is_visible()
    assert page_log.problems() == []


def test_the_axis_handles_move_with_the_keyboard_and_match_the_date_fields(page: Page, page_log: PageLog, sources):
    total = len(sources.of("event"))
    page.goto("timeline/")
    expect(page.locator(READY)).to_be_visible()
    start = page.get_by_role("slider", name="Start of the date range")
    start.focus()
    page.keyboard.press("End")  # the start handle to the last day: only the latest events remain
    frm = _query(page)["from"][0]
    assert page.get_by_label("From", exact=True).input_value() == frm
    assert start.get_attribute("data-date") == frm
    assert start.get_attribute("aria-valuetext").startswith(str(int(frm[8:])) + " ")  # "14 February 2026"
    shown = page.locator(RESULTS).count()
    assert 0 < shown < total
    page.keyboard.press("Home")
    page.keyboard.press("PageUp")  # one month after the first day
    assert _query(page)["from"][0] > page.get_by_label("From", exact=True).get_attribute("min")
    # still focused: the handle was not redrawn under the reader
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Start of the date range"
    # one keyboard session is one history entry: Back leaves the axis as it was before it
    page.go_back()
    expect(page.locator(RESULTS)).to_have_count(total)
    assert _query(page) == {}
    assert page_log.problems() == []


def _brush(page: Page, left: float, right: float) -> None:
    """Drag across the axis from *left* to *right* (fractions of its width)."""
    box = page.locator(".bf-axis svg").bounding_box()
    y = box["y"] + 30
    page.mouse.move(box["x"] + box["width"] * left, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (left + right) / 2, y, steps=4)
    page.mouse.move(box["x"] + box["width"] * right, y, steps=4)
    page.mouse.up()


def test_a_brushed_range_filters_the_list(page: Page, page_log: PageLog, sources):
    total = len(sources.of("event"))
    page.goto("timeline/")
    expect(page.locator(READY)).to_be_visible()
    _brush(page, 0.6, 0.9)
    query = _query(page)
    assert "from" in query and "to" in query, query
    frm, to = query["from"][0], query["to"][0]
    assert page.get_by_label("From", exact=True).input_value() == frm and page.get_by_label("To", exact=True).input_value() == to
    shown = page.locator(RESULTS).count()
    assert 0 < shown < total
    expected = sum(1 for e in sources.of("event") if e.when.end.isoformat() >= frm and e.when.start.isoformat() <= to)
    assert shown == expected
    expect(page.locator(".bf-filter__count")).to_have_text(f"{expected} of {total} events")
    assert page_log.problems() == []


# --------------------------------------------------------------------------- 2. map and timeline linked


def test_back_undoes_the_last_of_two_filter_changes(page: Page, page_log: PageLog, sources):
    total = len(sources.of("event"))
    page.goto("timeline/")
    expect(page.locator(READY)).to_be_visible()
    type_value, type_text = max(_options(page, "type"), key=lambda o: _count(o[1]))
    page.get_by_label("Type", exact=True).select_option(type_value)
    after_type = page.locator(RESULTS).count()
    assert after_type == _count(type_text) < total
    actor_value = next(v for v, t in _options(page, "actor") if 0 < _count(t) < after_type)
    page.get_by_label("Actor", exact=True).select_option(actor_value)
    assert _query(page) == {"type": [type_value], "actor": [actor_value]}
    page.go_back()
    expect(page.locator(RESULTS)).to_have_count(after_type)
    assert _query(page) == {"type": [type_value]}
    assert page.get_by_label("Actor", exact=True).input_value() == ""
    assert page.get_by_label("Type", exact=True).input_value() == type_value
    page.go_back()
    expect(page.locator(RESULTS)).to_have_count(total)
    assert page.get_by_label("Type", exact=True).input_value() == ""
    assert page.url.rstrip("/").endswith("/timeline")  # still on the timeline, not the page before
    page.go_forward()
    expect(page.locator(RESULTS)).to_have_count(after_type)
    assert page_log.problems() == []


def _map_shown(page: Page) -> int:
    return int(page.locator(".bf-map").get_attribute("data-shown"))


def test_the_map_page_filters_map_and_list_together_from_the_url_and_the_axis(page: Page, page_log: PageLog,
                                                                              sources):
    total = len(sources.of("event"))
    page.goto("map/")
    expect(page.locator(".bf-map[data-state=ready]")).to_be_visible()
    expect(page.locator(READY)).to_be_visible()
    everywhere = _map_shown(page)
    expect(page.locator(RESULTS)).to_have_count(total)
    _brush(page, 0.0, 0.5)  # the earlier half: fewer places have events
    frm = _query(page).get("from")
    to = _query(page)["to"][0]
    listed = page.locator(RESULTS).count()
    assert 0 < listed < total
    assert _map_shown(page) < everywhere
    assert page.locator(".bf-marker--empty").count() > 0
    # the same filter, opened from a link, gives the same map
    url = page.url
    page.goto(url)
    expect(page.locator(".bf-map[data-state=ready]")).to_be_visible()
    expect(page.locator(RESULTS)).to_have_count(listed)
    assert page.get_by_label("To", exact=True).input_value() == to and (frm is None or page.get_by_label("From", exact=True).input_value() == frm[0])
    # a marker's popup lists only the matching events
    marker = page.locator(".bf-marker:not(.bf-marker--empty)").first
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("match the filters")
    dates = popup.locator(".bf-popup__events li").count()
    assert dates >= 1
    page.go_back()  # to the unfiltered map
    expect(page.locator(RESULTS)).to_have_count(total)
    assert _map_shown(page) == everywhere
    assert page_log.problems() == []


def test_country_and_governorate_events_are_listed_apart_and_shared_points_merged(page: Page, page_log: PageLog,
                                                                                   sources):
    places = [p for p in sources.of("place") if p.lat is not None]
    points = {(round(p.lat, 4), round(p.lon, 4)) for p in places
              if p.kind not in AREA and p.precision not in AREA}
    page.goto("map/")
    expect(page.locator(".bf-map[data-state=ready]")).to_be_visible()
    expect(page.locator(".bf-map .bf-marker")).to_have_count(len(points))
    areas = page.locator(".bf-map-areas")
    expect(areas).to_contain_text("Syria — country-wide")
    syria_events = sum(1 for e in sources.of("event") if "syria" in e.places)
    expect(areas.locator(".bf-map-areas__place", has_text="Syria — country-wide")).to_contain_text(f"{syria_events} event")
    assert page_log.problems() == []


# --------------------------------------------------------------------------- 3. faceted filters


def test_option_counts_follow_the_other_filters_and_places_roll_up(page: Page, page_log: PageLog, sources):
    page.goto("timeline/")
    expect(page.locator(READY)).to_be_visible()
    syria = dict(_options(page, "place"))["syria"]
    expected = _rolled_up(sources, "syria")
    assert _count(syria) == expected
    assert expected > sum(1 for e in sources.of("event") if "syria" in e.places)  # towns count for the country
    before = dict(_options(page, "actor"))
    type_value = max(_options(page, "type"), key=lambda o: _count(o[1]))[0]
    page.get_by_label("Type", exact=True).select_option(type_value)
    after = dict(_options(page, "actor"))
    assert after != before
    # an option's count is what choosing it leaves
    value, text = next((v, t) for v, t in after.items() if _count(t) > 0)
    page.get_by_label("Actor", exact=True).select_option(value)
    expect(page.locator(RESULTS)).to_have_count(_count(text))
    # the list says when, what and where
    first = page.locator(RESULTS).first.inner_text()
    assert re.search(r"\d{4} · [A-Z][a-z ]+ · ", first) or re.search(r"\d{4} · [A-Z][a-z ]+ — ", first), first
    page.get_by_label("Place", exact=True).select_option("syria")
    assert all(_count(t) >= 0 for _, t in _options(page, "type"))
    assert page_log.problems() == []


# --------------------------------------------------------------------------- 4. one step at a time


def _timeline_order(page: Page) -> list[str]:
    """Event slugs in the order the timeline lists them (every event: it opens on all of them)."""
    page.goto("timeline/")
    expect(page.locator(READY)).to_be_visible()
    return page.locator(f"{RESULTS} a").evaluate_all(
        "as => as.map(a => new URL(a.href).pathname.split('/').filter(Boolean).pop())")


def _slug(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def test_next_and_previous_walk_every_event_in_timeline_order(page: Page, page_log: PageLog):
    order = _timeline_order(page)
    page.goto(f"events/{order[0]}/")
    assert page.locator("article a[rel=prev]").count() == 0
    seen = [_slug(page.url)]
    while page.locator("article a[rel=next]").count():
        target = page.locator("article a[rel=next]").first
        slug = _slug(target.evaluate("a => a.href"))
        target.click()
        page.wait_for_url(re.compile(rf"/events/{re.escape(slug)}/$"))
        seen.append(slug)
        assert len(seen) <= len(order)
    assert seen == order
    page.locator("article a[rel=prev]").first.click()
    page.wait_for_url(re.compile(rf"/events/{re.escape(order[-2])}/$"))
    assert page_log.problems() == []


def test_year_pages_step_to_the_previous_and_next_year(page: Page, page_log: PageLog, built_site):
    years = sorted(p.parent.name for p in (built_site / "timeline").glob("*/index.html")
                   if re.fullmatch(r"\d{4}", p.parent.name))
    page.goto(f"timeline/{years[1]}/")
    expect(page.locator("article a[rel=prev]").first).to_have_text(f"← {years[0]}")
    page.locator("article a[rel=next]").first.click()
    page.wait_for_url(re.compile(rf"/timeline/{years[2]}/$"))
    assert page_log.problems() == []


def test_related_events_say_why_and_come_in_date_order(page: Page, page_log: PageLog):
    order = _timeline_order(page)
    checked = 0
    for slug in order[::4]:
        page.goto(f"events/{slug}/")
        related = page.locator("#related-events ~ div li")
        if not related.count():
            continue
        expect(page.locator("#related-events ~ div p").first).to_contain_text("In date order")
        items = related.evaluate_all(
            "lis => lis.map(li => [new URL(li.querySelector('a').href).pathname.split('/').filter(Boolean).pop(),"
            " li.textContent])")
        positions = [order.index(s) for s, _ in items]
        assert positions == sorted(positions), (slug, items)
        for _, text in items:
            assert re.search(r" · (same operation|also in|also involves)", text), text
        checked += 1
    assert checked >= 3
    assert page_log.problems() == []


# --------------------------------------------------------------------------- 5. one ordering rule


def test_every_list_of_events_follows_the_one_ordering_rule(page: Page, page_log: PageLog, sources):
    order = _timeline_order(page)
    expect(page.locator("article")).to_contain_text("Events are listed by the first day they may have happened")
    year_only = [e.id for e in sources.of("event") if e.when.precision == "year"]
    assert year_only
    pages = ["timeline/2025/", "actors/isis/", "places/syria/", "places/damascus/", ""]
    for url in pages:
        page.goto(url)
        listed = page.locator("article a").evaluate_all(
            "as => as.filter(a => !a.closest('.bf-steps, #related-events ~ div') && a.href.includes('/events/'))"
            ".map(a => new URL(a.href).pathname.split('/').filter(Boolean).pop())")
        listed = [s for s in listed if s in order]
        assert len(listed) >= 2, url
        positions = [order.index(s) for s in listed]
        if url == "":  # the home page's latest events: newest first, the same rule reversed
            positions.reverse()
        assert positions == sorted(positions), (url, listed)
    assert page_log.problems() == []


# --------------------------------------------------------------------------- 7. editors' documentation apart


def _search(page: Page, query: str) -> list[str]:
    """Type *query* in the header search box; the visible results' paths, in order."""
    page.goto("./")
    page.locator("#__search-input").click()
    page.keyboard.type(query, delay=20)
    page.wait_for_selector(f"[data-pf-list][data-pf-query='{query}']", state="attached")
    return page.locator("#__search-results li:not([hidden]) a.md-search-result__link").evaluate_all(
        "as => as.map(a => new URL(a.href).pathname)")


def test_a_name_comes_first_in_search_and_editors_pages_stay_out(page: Page, page_log: PageLog):
    found = _search(page, "Cooper")
    assert found[0].endswith("/actors/brad-cooper/"), found[:5]
    assert found.count(found[0]) == 1  # its full-text result is not listed a second time
    found = _search(page, "Daesh")  # an alias; the validation guide mentions it too
    assert found[0].endswith("/actors/isis/"), found
    assert not any("/guide/" in path for path in found), found
    assert not any("/guide/" in path for path in _search(page, "yaml")), "the editors' guide is searchable"
    # …and not in the reader's navigation, though still published (the README links it)
    page.goto("guide/")
    nav = page.locator(".md-nav--primary").first.inner_text()
    assert "Adding to the briefing" not in nav and "Validation messages" not in nav
    page.goto("guide/editing/")
    expect(page.locator("article h1").first).to_have_text(re.compile("Adding to the briefing"))
    assert page.locator("article[data-pagefind-body]").count() == 0
    assert page_log.problems() == []


# --------------------------------------------------------------------------- 8. mentioned only


@pytest.mark.parametrize(("url", "kind", "folder"), [("actors/", "actor", "actors"), ("places/", "place", "places"),
                                                     ("map/", "place", "places")])
def test_records_without_events_are_listed_apart(page: Page, page_log: PageLog, sources, url, kind, folder):
    events = sources.of("event")
    places = {p.id: p for p in sources.of("place")}
    if kind == "actor":
        active = {p.actor for e in events for p in e.actors}
    else:  # a place is active with its own events or those of places within it
        active = {q for e in events for p in e.places for q in (p, places[p].governorate) if q}
    page.goto(url)
    tables = page.locator("article table tbody tr td:first-child a").evaluate_all(
        "as => as.map(a => new URL(a.href).pathname.split('/').filter(Boolean).pop())")
    apart = page.locator("article .bf-mentioned a").evaluate_all(
        "as => as.map(a => new URL(a.href).pathname.split('/').filter(Boolean).pop())")
    assert tables and apart
    assert set(tables) <= active, set(tables) - active
    assert not set(apart) & active, set(apart) & active
    expect(page.locator("article .bf-mentioned").first).to_contain_text("Mentioned only")
    assert page_log.problems() == []
