"""Readable by everyone (WCAG 2.2 AA): the built site checked as disabled readers meet it.

- axe-core (axe-playwright-python) on one page of every kind, and on the header search open with
  results, in both palettes (light "default", dark "slate"): no serious or critical violation;
- keyboard: the skip link is the first stop, is visible and moves to the content; every control
  reached with Tab shows a clear focus ring; search opens, moves through results and opens one
  with the keyboard alone;
- structure for screen readers: one h1 and no skipped heading level on every page; table columns
  headed by <th scope="col">; labelled timeline filters; the maps have text equivalents;
- phones: at 390×844 no page kind scrolls sideways.

The site is built once per session and served on 127.0.0.1 (tests/browser_support.py); each
palette's pages share one browser context. Fixes live in builder/site/theme/assets/stylesheets/a11y.css and the
theme overrides (builder/site/theme/partials/content.html), not in disabled rules.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# The fixtures (built_site, site_url, browser) come from this plugin.
pytest_plugins = ["browser_support"]

SEARCH_INPUT = "#__search-input"
SEARCH_OPTION = "#__search-results [role=option]"
SEARCH_QUERY = "ISIS"

# Kinds of page, by URL (relative to the site root, as MkDocs writes them with use_directory_urls).
KINDS = [
    ("home", r""),
    ("timeline index", r"timeline/"),
    ("timeline year", r"timeline/\d{4}/"),
    ("timeline month", r"timeline/\d{4}-\d{2}/"),
    ("event", r"events/[^/]+/"),
    ("actors index", r"actors/"),
    ("actors of a kind", r"actors/kind-[^/]+/"),
    ("actor", r"actors/[^/]+/"),
    ("operations index", r"operations/"),
    ("operation", r"operations/[^/]+/"),
    ("places index", r"places/"),
    ("places of a governorate", r"places/governorate-[^/]+/"),
    ("place", r"places/[^/]+/"),
    ("map", r"map/"),
    ("sources index", r"sources/"),
    ("source", r"sources/[^/]+/"),
    ("glossary", r"glossary/"),
    ("disagreements", r"disagreements/"),
    ("what changed", r"changes/"),
    ("data", r"data/"),
    ("guide", r"guide/(?:[^/]+/)?"),
]
REQUIRED_KINDS = {"home", "timeline index", "timeline year", "event", "actors index", "actor", "operation",
                  "places index", "place", "map", "sources index", "source", "glossary", "disagreements",
                  "what changed", "data", "guide"}


def site_pages(site: Path) -> list[str]:
    """Every content page of the built site, as a URL path relative to the root ("" for home)."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in {"assets", "pagefind", "overrides", "search"}:
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def kind_of(path: str) -> str | None:
    for kind, pattern in KINDS:
        if re.fullmatch(pattern, path):
            return kind
    return None


def representative_pages(site: Path) -> dict[str, str]:
    """One page per kind: the largest (the most content, so the most to get wrong); every guide page."""
    chosen: dict[str, str] = {}
    size: dict[str, int] = {}
    for path in site_pages(site):
        kind = kind_of(path)
        if kind is None:
            continue
        if kind == "guide":
            chosen[f"guide {path}"] = path
            continue
        n = (site / path / "index.html").stat().st_size
        if kind == "place" and "bf-map--small" in (site / path / "index.html").read_text(encoding="utf-8"):
            n += 10_000_000  # prefer a place drawn on a small map
        if n > size.get(kind, -1):
            chosen[kind], size[kind] = path, n
    return chosen


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    found = representative_pages(built_site)
    kinds = {k if not k.startswith("guide ") else "guide" for k in found}
    missing = REQUIRED_KINDS - kinds
    assert not missing, f"the built site has no page of these kinds: {sorted(missing)}"
    return found


def settle(page) -> None:
    """Wait until the page's scripts are done: maps drawn (or failed), timeline filters built."""
    page.wait_for_load_state("load")
    page.wait_for_function("""() =>
        [...document.querySelectorAll('.bf-map')].every(m => ['ready', 'failed'].includes(m.dataset.state))
        && [...document.querySelectorAll('.bf-filter')].every(f => f.dataset.state && f.getAttribute('aria-busy') !== 'true')
    """, timeout=10_000)


def open_search(page, query: str = SEARCH_QUERY) -> None:
    page.keyboard.press("/")
    page.wait_for_function(f"document.activeElement === document.querySelector('{SEARCH_INPUT}')")
    page.keyboard.type(query, delay=15)
    page.locator(SEARCH_OPTION).first.wait_for(state="visible")
    page.wait_for_timeout(200)  # let the result count and excerpts settle


# --------------------------------------------------------------------------- axe-core

PALETTES = {"light": "default", "dark": "slate"}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        message = "axe-playwright-python is not installed (pip install axe-playwright-python==0.1.8)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return Axe()


def _describe(violation: dict) -> str:
    nodes = "; ".join(
        f"{' '.join(map(str, n['target']))} — {(n.get('failureSummary') or '').splitlines()[-1].strip()}"
        for n in violation["nodes"][:4])
    more = f" (+{len(violation['nodes']) - 4} more)" if len(violation["nodes"]) > 4 else ""
    return f"{violation['id']} ({violation['impact']}): {violation['help']}: {nodes}{more}"


@pytest.mark.browser
@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_axe_finds_no_serious_violation_on_any_page_kind(browser, site_url, pages, axe, palette):
    ctx = browser.new_context(base_url=site_url, color_scheme=palette, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    problems: list[str] = []
    minor: list[str] = []
    try:
        states = [(kind, path, False) for kind, path in pages.items()] + [("search dialog, with results", "", True)]
        for kind, path, search in states:
            page.goto(path or "./")
            settle(page)
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == PALETTES[palette], f"{kind}: expected the {PALETTES[palette]} palette, got {scheme}"
            if search:
                open_search(page)
            results = axe.run(page)
            for violation in results.response["violations"]:
                line = f"{kind} (/{path}): {_describe(violation)}"
                (problems if violation["impact"] in BLOCKING else minor).append(line)
    finally:
        ctx.close()
    if minor:
        print("axe, moderate/minor:\n  " + "\n  ".join(minor))
    assert not problems, f"{len(problems)} serious/critical axe violations ({palette}):\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------- keyboard


@pytest.fixture
def kb_page(browser, site_url):
    ctx = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


@pytest.mark.browser
def test_skip_link_is_first_visible_on_focus_and_moves_to_the_content(kb_page, pages):
    page = kb_page
    page.goto(pages["event"])
    settle(page)
    skip = page.locator("a.md-skip")
    assert skip.count() == 1, "Material's skip link is missing"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')"), \
        "the first Tab stop is not the skip link"
    page.wait_for_timeout(400)  # its fade-in
    box = skip.bounding_box()
    style = skip.evaluate("e => { const s = getComputedStyle(e); return [s.opacity, s.visibility, s.zIndex] }")
    assert box and box["width"] > 20 and box["height"] > 10 and box["y"] >= 0, f"skip link off screen: {box}"
    assert float(style[0]) == 1 and style[1] == "visible", f"skip link not visible when focused: {style}"
    target = skip.get_attribute("href")
    assert target.startswith("#")
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === {target!r}")
    heading = page.locator(f"[id='{target[1:]}']")
    assert heading.evaluate("e => e.closest('article') !== null"), "the skip link does not lead into the article"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.md-header, .md-tabs') === null")


_FOCUS_STYLE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // The search box shows focus as a ring around its whole form; the palette switch (a hidden
  // radio button) on its label.
  const holder = e.matches('.md-search__input') ? e.closest('form')
    : e.matches('.md-option') ? [...e.form.querySelectorAll('label')].find(l => l.offsetParent) : e;
  const s = getComputedStyle(holder);
  const r = holder.getBoundingClientRect();
  return {tag: e.tagName, cls: String(e.className).slice(0, 60), text: (e.textContent || e.value || '').trim().slice(0, 40),
          style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
          visible: r.width > 0 && r.height > 0};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_tab_stop_shows_a_clear_focus_ring(browser, site_url, pages, palette):
    ctx = browser.new_context(base_url=site_url, color_scheme=palette, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    try:
        faint: list[str] = []
        stops = 0
        for path in (pages["event"], pages["timeline year"]):
            page.goto(path)
            settle(page)
            for _ in range(45):
                page.keyboard.press("Tab")
                info = page.evaluate(_FOCUS_STYLE)
                if info is None:
                    break
                if not info["visible"]:
                    faint.append(f"/{path}: invisible element focused: {info}")
                    continue
                stops += 1
                if info["style"] in ("none", "hidden") or info["width"] < 2 or info["color"].endswith(", 0)"):
                    faint.append(f"/{path}: {info}")
                if page.evaluate("document.activeElement.matches('.md-search__input')"):
                    page.keyboard.press("Escape")  # leave the search closed for the next stops
        assert stops >= 30, f"only {stops} Tab stops checked"
        assert not faint, "focus not clearly visible:\n  " + "\n  ".join(faint)
    finally:
        ctx.close()


@pytest.mark.browser
def test_search_works_with_the_keyboard_alone(kb_page, pages):
    page = kb_page
    page.goto(pages["event"])
    settle(page)
    # Reachable with Tab from the top of the page …
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector('{SEARCH_INPUT}')"):
            break
    else:
        pytest.fail("the search box is not among the first 10 Tab stops")
    page.keyboard.press("Escape")
    # … and with the "/" shortcut; arrows move through the results, Enter opens the selected one.
    open_search(page)
    search = page.locator(SEARCH_INPUT)
    assert search.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator(SEARCH_OPTION).nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert search.get_attribute("aria-activedescendant") == second.get_attribute("id")
    href = second.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href.split("?")[0].split("#")[0])))
    # Escape closes the dialog and leaves focus on the page.
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert search.get_attribute("aria-expanded") == "false"


@pytest.mark.browser
def test_timeline_filters_are_labelled_controls(kb_page, pages):
    page = kb_page
    page.goto(pages["timeline year"])
    settle(page)
    controls = page.locator(".bf-filter select, .bf-filter input, .bf-filter button")
    assert controls.count() >= 4, "the timeline filters were not built"
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.bf-filter select, .bf-filter input, .bf-filter button')]
        .filter(c => !((c.labels && [...c.labels].some(l => l.textContent.trim()))
                       || (c.getAttribute('aria-label') || '').trim()
                       || (c.tagName === 'BUTTON' && c.textContent.trim())))
        .map(c => c.outerHTML.slice(0, 120))""")
    assert not unnamed, f"filter controls without a label: {unnamed}"
    # The filtered count is announced (a live region).
    assert page.locator(".bf-filter [role=status], .bf-filter [aria-live]").count() >= 1
    # Filtering with the keyboard: choose the second option of the first list.
    first = controls.first
    first.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(100)
    assert page.locator(".bf-filter [role=status]").first.inner_text().strip()


# --------------------------------------------------------------------------- structure


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.tables: list[dict] = []
        self._in_thead = False

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables.append({"th": 0, "scoped": 0, "thead": False})
        elif tag == "thead" and self.tables:
            self.tables[-1]["thead"] = True
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            self.tables[-1]["scoped"] += dict(attrs).get("scope") in ("col", "row", "colgroup", "rowgroup")


def _outline(site: Path, path: str) -> _Outline:
    parser = _Outline()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parser


def test_every_page_has_one_h1_and_no_skipped_heading_level(built_site):
    problems = []
    pages = site_pages(built_site)
    assert len(pages) > 20
    for path in pages:
        levels = _outline(built_site, path).headings
        if levels.count(1) != 1:
            problems.append(f"/{path}: {levels.count(1)} h1")
        previous = 0
        for level in levels:
            if level > previous + 1:
                problems.append(f"/{path}: h{previous} → h{level}")
                break
            previous = level
    assert not problems, "heading outline problems:\n  " + "\n  ".join(problems)


def test_data_tables_have_scoped_column_headers(built_site, pages):
    checked = 0
    problems = []
    for path in site_pages(built_site):
        for i, table in enumerate(_outline(built_site, path).tables):
            checked += 1
            if not table["thead"] or not table["th"] or table["scoped"] != table["th"]:
                problems.append(f"/{path} table {i + 1}: {table}")
    # The pages readers compare figures on must have tables at all.
    for kind in ("disagreements", "event"):
        assert _outline(built_site, pages[kind]).tables, f"no table on the {kind} page /{pages[kind]}"
    assert checked > 10
    assert not problems, "tables without scoped <th> headers:\n  " + "\n  ".join(problems)


@pytest.mark.browser
def test_maps_have_text_equivalents(kb_page, pages):
    page = kb_page
    page.goto(pages["map"])
    settle(page)
    region = page.locator(".bf-map").first
    assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
    # Every place the map shows (as a marker, merged with others at the same point, or in the list
    # of country- and governorate-wide events) is in its table or listed as "mentioned only".
    shown = int(region.get_attribute("data-places") or 0)
    rows = page.locator("article table tbody tr").count() + page.locator("article .bf-mentioned a").count()
    assert shown > 0 and rows == shown, f"the map shows {shown} places, its text lists {rows}"
    # A place page's small map is named, and the coordinates are written out in the page.
    page.goto(pages["place"])
    settle(page)
    small = page.locator(".bf-map--small")
    assert small.count() == 1
    assert small.get_attribute("role") in ("region", "img") and "Map:" in small.get_attribute("aria-label")
    assert re.search(r"\d+\.\d{3,}, *-?\d+\.\d{3,}", page.locator("article").inner_text()), \
        "the place page does not write out its coordinates"


# --------------------------------------------------------------------------- phones


@pytest.mark.browser
def test_no_page_kind_scrolls_sideways_on_a_phone(browser, site_url, pages):
    ctx = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844},
                              is_mobile=True, has_touch=True, device_scale_factor=2)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    wide = []
    try:
        for kind, path in pages.items():
            page.goto(path or "./")
            settle(page)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                culprits = page.evaluate("""() => [...document.querySelectorAll('article *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
                wide.append(f"{kind} /{path}: {scroll}px wide in a {inner}px window ({culprits})")
    finally:
        ctx.close()
    assert not wide, "pages wider than a phone:\n  " + "\n  ".join(wide)


# --------------------------------------------------------------------------- issue 21

CONTRAST = """(element) => {
    const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
        const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    let back = null;
    for (let at = element; at && !back; at = at.parentElement) {
        const colour = rgb(getComputedStyle(at).backgroundColor);
        if (colour.length === 3 || (colour.length === 4 && colour[3] > 0.99)) back = colour.slice(0, 3);
    }
    back = back || [255, 255, 255];
    const [a, b] = [luminance(rgb(getComputedStyle(element).color).slice(0, 3)), luminance(back)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.browser
def test_glossary_tooltips_are_reached_with_the_keyboard(kb_page, pages):
    """Issue 21: the glossary tooltips (abbr) could not be focused, so keyboard users never saw them."""
    page = kb_page
    page.goto(pages["event"])
    settle(page)
    assert page.locator("article abbr[tabindex='-1']").count() == 0
    assert page.locator("article abbr[tabindex='0']").count() >= 1, "no glossary tooltip is a tab stop"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    page.wait_for_timeout(400)  # Material's tooltip fades in
    tip = page.locator(".md-tooltip2--active")
    assert tip.count() == 1 and tip.first.is_visible()
    assert tip.first.inner_text().strip(), "the tooltip shows no definition"


@pytest.mark.browser
def test_map_markers_are_named_and_open_with_the_keyboard(kb_page, pages):
    """Issue 21: the Map page's markers were unnamed; now each is a named button whose tooltip shows
    on focus and whose popup opens with Enter. The place page's marker is a named image."""
    page = kb_page
    page.goto(pages["map"])
    settle(page)
    markers = page.locator(".bf-map path.leaflet-interactive")
    assert markers.count() > 1
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.bf-map path.leaflet-interactive')]
        .filter(p => !(p.getAttribute('aria-label') || '').trim() || p.getAttribute('role') !== 'button'
                     || p.getAttribute('tabindex') !== '0').length""")
    assert unnamed == 0, f"{unnamed} markers without a name, role or tab stop"
    first = markers.first
    first.focus()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible")
    assert tooltip.first.inner_text() == first.get_attribute("aria-label")
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").first.wait_for(state="visible")
    assert page.evaluate("!!document.activeElement.closest('.leaflet-popup')"), "focus did not move into the popup"
    page.goto(pages["place"])
    settle(page)
    small = page.locator(".bf-map--small path.leaflet-interactive")
    assert small.count() == 1 and small.get_attribute("role") == "img" and small.get_attribute("aria-label")


@pytest.mark.browser
@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_clear_filters_has_enough_contrast(browser, site_url, pages, palette):
    """Issue 21: in the dark palette the timeline's "Clear filters" button had about 2.1:1."""
    ctx = browser.new_context(base_url=site_url, color_scheme=palette, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(pages["timeline year"])
        settle(page)
        select = page.locator(".bf-filter select").first
        select.select_option(index=1)
        reset = page.locator(".bf-filter__reset")
        reset.wait_for(state="visible")
        ratio = reset.evaluate(CONTRAST)
        assert ratio >= 4.5, f"'Clear filters' contrast {ratio:.2f}:1 in the {palette} palette"
    finally:
        ctx.close()


@pytest.mark.browser
def test_a_wide_table_on_a_phone_shows_that_it_scrolls(browser, site_url, built_site):
    """Issue 21: on a 390 px phone the figures table hid its Quote column with no sign it scrolls."""
    with_figures = next(path for path in site_pages(built_site) if path.startswith("events/")
                        and 'id="figures"' in (built_site / path / "index.html").read_text(encoding="utf-8"))
    ctx = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                              has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(with_figures)
        settle(page)
        page.wait_for_function("document.documentElement.dataset.bfTables === 'ready'")
        wrap = page.locator("h2#figures ~ .md-typeset__scrollwrap").first
        assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "the figures table fits: nothing to test"
        assert wrap.get_attribute("role") == "region" and wrap.get_attribute("tabindex") == "0"
        assert wrap.get_attribute("aria-label") == "Figures (table, scrolls sideways)"
        hint = page.locator("h2#figures ~ .bf-scroll-hint").first
        assert hint.is_visible() and "Scroll sideways" in hint.inner_text()
        wrap.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("w => w.scrollLeft > 0", arg=wrap.element_handle())
    finally:
        ctx.close()
