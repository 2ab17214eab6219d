"""Untrusted text: a briefing whose every text field carries HTML, scripts, event handlers,
javascript: links, Markdown link/image/attribute injection, raw iframes and template syntax
publishes a site that shows all of it as text and runs none of it.

The static checks parse every generated HTML page; the browser checks (marked ``browser``) load
every page in headless Chromium with a trap for scripts and dialogs, and search for the payloads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import lxml.html
import pytest
import yaml
from browser_support import CHROMIUM_ARGS, chromium_path
from click.testing import CliRunner
from conftest import make_project

# Every payload sets window.__pwned or opens a dialog if it ever runs. Short enough that all of
# them fit together in a 300-character field.
PAYLOAD = ("<script>__pwned=1</script><img src=x onerror=__pwned=1><svg onload=alert(1)>"
           "<iframe src=javascript:__pwned=1></iframe><a href=javascript:alert(1)>a</a>"
           "[x](javascript:__pwned=1) ![x](http://evil.example/x.png) {: onclick=alert(1) } "
           "{{ 7*7 }} {% raw %} \" onmouseover=\"__pwned=1")
# Passages the document really contains, so that every hostile quote verifies.
QUOTE = "Q " + PAYLOAD
DOC_URL = "https://evil.example/a\"><script>__pwned=1</script>'onmouseover='__pwned=1"
DOC_ID = "hostile-report"
TILES_ATTRIBUTION = "Tiles <img src=x onerror=__pwned=1> & co"


LABELS: set[str] = set()


def hostile(label: str) -> str:
    """A unique hostile text per field (names and aliases must not collide with one another)."""
    LABELS.add(label)
    return f"{label} {PAYLOAD}"


def citation() -> dict:
    return {"document": DOC_ID, "quote": QUOTE}


def write_hostile_sources(sources: Path) -> None:
    for path in sources.rglob("*"):
        if path.is_file():
            path.unlink()
    front = {"id": DOC_ID, "title": hostile("Doc title"), "publisher": hostile("Publisher"),
             "published": "2025-12-10", "published_note": hostile("Published note"), "url": DOC_URL,
             "language": "en", "reliability": "C"}
    text = f"{QUOTE}\n\n{hostile('Body')}\n<script>__pwned=1</script>\n"
    (sources / "documents" / f"{DOC_ID}.txt").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + text)
    actors = [
        {"id": "evil-group", "name": hostile("Actor name"), "aliases": [hostile("Actor alias")],
         "kind": "armed-group", "description": hostile("Actor description"),
         "titles": [{"title": hostile("Actor title"), **citation()}],
         "claims": [{"attribute": "rank", "value": hostile("Claim A"), **citation()},
                    {"attribute": "rank", "value": hostile("Claim B"), **citation()}],
         "sources": [citation()]},
        {"id": "evil-person", "name": hostile("Person name"), "kind": "person", "part_of": "evil-group",
         "description": hostile("Person description"), "sources": [citation()]},
    ]
    places = [
        {"id": "evil-governorate", "name": hostile("Governorate name"), "kind": "governorate",
         "country": hostile("Country"), "lat": 35.5, "lon": 36.5, "precision": "governorate",
         "description": hostile("Governorate description"), "sources": [citation()]},
        {"id": "evil-town", "name": hostile("Town name"), "aliases": [hostile("Town alias")], "kind": "town",
         "governorate": "evil-governorate", "lat": 35.25, "lon": 36.75, "precision": "town",
         "description": hostile("Town description"), "sources": [citation()]},
    ]
    operations = [{"id": "operation-evil", "name": hostile("Operation name"),
                   "aliases": [hostile("Operation alias")], "date": "2025-11/2025-12",
                   "conducted_by": ["evil-group"], "supported_by": ["evil-person"],
                   "description": hostile("Operation description"),
                   "sources": [citation()]}]
    glossary = [{"id": "evil-term", "term": hostile("Term"), "expansion": hostile("Expansion"),
                 "aliases": [hostile("Term alias")], "definition": hostile("Definition"),
                 "sources": [citation()]},
                {"id": "xss", "term": "XSS", "expansion": hostile("Acronym expansion"),
                 "definition": hostile("Acronym definition")}]
    for name, records in (("actors", actors), ("places", places), ("operations", operations),
                          ("glossary", glossary)):
        (sources / f"{name}.yaml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False))
    for index, (day, kind) in enumerate((("2025-12-01", "attack"), ("2025-12-02", "raid"))):
        event = {
            "id": f"2025-12-0{index + 1}-evil-event", "title": hostile(f"Event {index} title"), "date": day,
            "date_note": hostile(f"Event {index} date note"), "type": kind,
            "summary": hostile(f"Event {index} summary") + " XSS appears here.",
            "places": ["evil-town"], "actors": [{"actor": "evil-group", "role": "conducted"},
                                                {"actor": "evil-person", "role": "stated"}],
            "operation": "operation-evil",
            # Two sources disagree: the Disagreements page shows both.
            "figures": [{"measure": "killed", "value": 3, "unit": hostile(f"Event {index} unit A"), **citation()},
                        {"measure": "killed", "min": 5, "qualifier": "at-least",
                         "unit": hostile(f"Event {index} unit B"), **citation()}],
            "claims": [{"attribute": "perpetrator", "value": hostile(f"Event {index} claim"), **citation()}],
            "sources": [citation()], "tags": ["evil-tag"], "credibility": 3,
        }
        (sources / "events" / f"{event['id']}.yaml").write_text(yaml.safe_dump(event, allow_unicode=True))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    write_hostile_sources(project.sources)
    # An online basemap whose attribution (shown by Leaflet, which takes HTML) carries the payload.
    config = project.config.read_text(encoding="utf-8")
    tiles = "map_tiles: {url: 'https://tiles.invalid/{z}/{x}/{y}.png', attribution: '" + TILES_ATTRIBUTION + "'}"
    assert "map_tiles: null" in config
    project.config.write_text(config.replace("map_tiles: null", tiles, 1), encoding="utf-8")
    _commit_with_a_hostile_message(project.root)
    validated = project.validate()
    assert validated.exit_code == 0, validated.output
    site = project.root / "site"
    result = project.build(site)
    assert result.exit_code == 0, result.output
    return site


def _commit_with_a_hostile_message(root: Path) -> None:
    """The sources committed under a hostile message: "What changed" and event pages show it."""
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@example.org", "GIT_COMMITTER_NAME": "x",
           "GIT_COMMITTER_EMAIL": "x@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "GIT_AUTHOR_DATE": "2025-12-11T00:00:00+00:00", "GIT_COMMITTER_DATE": "2025-12-11T00:00:00+00:00"}
    for command in (["init", "-q"], ["add", "sources", "mkdocs.yml"], ["commit", "-qm", hostile("Commit subject")]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def data_pages(site: Path) -> list[Path]:
    """Pages built from the records (hand-written guide pages carry no data)."""
    return [p for p in pages(site) if "guide" not in p.relative_to(site).parts and p.name != "404.html"]


# --- static checks of the generated HTML ------------------------------------------------------


def test_no_element_or_attribute_comes_from_data(hostile_site):
    checked = 0
    for page in pages(hostile_site):
        tree = lxml.html.parse(str(page))
        name = page.relative_to(hostile_site).as_posix()
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            tag = element.tag.lower()
            assert tag not in ("iframe", "object", "embed", "frame", "frameset", "base"), \
                f"{name}: <{tag}> from data"
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on"), f"{name}: {tag} has {attribute}={value!r}"
                if (tag, attribute, value) == ("form", "action", "javascript:void(0)"):
                    continue  # the theme's own search form, on every page
                assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), \
                    f"{name}: {tag} {attribute}={value!r}"
            if tag == "script" and element.get("type") == "application/json":
                # A data island: inert, and no '<' that could close the element early.
                assert "<" not in (element.text or ""), f"{name}: JSON data island carries '<'"
            elif tag == "script":
                assert "__pwned" not in (element.text or "") and "alert(" not in (element.text or ""), name
                src = element.get("src") or ""
                assert "evil.example" not in src, name
            if tag == "img":
                assert element.get("src") != "x" and "evil" not in (element.get("src") or ""), \
                    f"{name}: <img src={element.get('src')!r}> from data"
            if tag == "a" and "evil.example" in (element.get("href") or ""):
                # The document's url is shown as a link, whole and inert, never cut into attributes.
                assert unquote(element.get("href")) == DOC_URL, f"{name}: {element.get('href')!r}"
        checked += 1
    assert checked >= 10


def test_every_payload_is_shown_as_text(hostile_site):
    """Each page built from data shows the payloads literally, template syntax included."""
    seen_labels = set()
    for page in data_pages(hostile_site):
        tree = lxml.html.parse(str(page))
        content = tree.xpath("//article") or tree.xpath("//main")
        if not content:
            continue
        text = " ".join(" ".join(node.itertext()) for node in content)
        text = " ".join(text.split())
        if "__pwned" not in text:
            continue
        name = page.relative_to(hostile_site).as_posix()
        assert "{{ 7*7 }}" in text, name
        assert "49" not in text, f"{name}: a template expression was evaluated"
        assert "{% raw %}" in text, name
        assert "<script>__pwned=1</script>" in text, name
        assert "[x](javascript:__pwned=1)" in text, name
        assert "{: onclick=alert(1) }" in text, name
        seen_labels.update(label for label in LABELS if f"{label} <script>__pwned=1</script>" in text)
    # Every kind of field reached some page, escaped.
    for label in ("Doc title", "Publisher", "Actor name", "Actor alias", "Actor description", "Actor title",
                  "Claim A", "Person name", "Town name", "Town description", "Governorate name",
                  "Operation name", "Operation description", "Term", "Definition",
                  "Event 0 title", "Event 0 summary", "Event 0 date note", "Event 0 claim", "Event 0 unit A"):
        assert label in seen_labels, f"{label!r} shown nowhere (shown: {sorted(seen_labels)})"


def test_feed_and_page_metadata_carry_no_markup(hostile_site):
    """Text outside the page body — <title>, meta descriptions, the Atom feed — is escaped too."""
    for page in pages(hostile_site):
        raw = page.read_text(encoding="utf-8")
        head = raw.split("<body", 1)[0]
        assert "<script>__pwned" not in head and "<img src=x" not in head, page.name
    for feed in hostile_site.rglob("*.xml"):
        if feed.name == "sitemap.xml":
            continue
        root = ElementTree.parse(feed).getroot()
        for element in root.iter():
            if element.get("type") in ("html", "xhtml") and element.text:
                # A feed reader renders this HTML: it may carry no element from the data.
                assert "<script" not in element.text and "<img src=x" not in element.text, feed.name


def test_exports_keep_the_text_exactly(hostile_site):
    """Escaping is for HTML pages only: the data files hold the editors' text unchanged."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    exports = hostile_site / "data" / "events.json"
    texts = set(strings(json.loads(exports.read_text(encoding="utf-8"))))
    assert hostile("Event 0 title") in texts
    assert hostile("Event 0 summary") + " XSS appears here." in texts


# --- in the browser ---------------------------------------------------------------------------

TRAP = """
window.__dialogs = [];
Object.defineProperty(window, '__pwned', {
  configurable: false,
  get() { return window.__pwnedValue; },
  set(value) { window.__pwnedValue = value; },
});
"""


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    import functools
    import http.server
    import threading

    handler = functools.partial(_Quiet, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class _Quiet(__import__("http.server").server.SimpleHTTPRequestHandler):
    extensions_map = {**__import__("http.server").server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def hostile_browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(hostile_browser, base_url):
    context = hostile_browser.new_context(base_url=base_url)
    context.set_default_timeout(10_000)
    context.add_init_script(TRAP)
    # Nothing may leave the machine (the image payload points at evil.example).
    external = []
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return context, page, dialogs, external


PWNED = "() => window.__pwnedValue"
LIVE_HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)
                                   && !(el.tagName == 'FORM' && a.value == 'javascript:void(0)'))
    .map(a => el.tagName + ' ' + a.name + '=' + a.value)).concat(
    [...document.querySelectorAll('iframe, object, embed')].map(el => el.tagName))"""


@pytest.mark.browser
def test_no_page_runs_data_as_code(hostile_browser, hostile_url, hostile_site):
    context, page, dialogs, external = _open(hostile_browser, hostile_url)
    try:
        visited = 0
        for path in pages(hostile_site):
            relative = path.relative_to(hostile_site).as_posix()
            page.goto(relative)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # onerror/onload handlers fire right after load
            assert page.evaluate(PWNED) is None, f"{relative}: a payload ran"
            assert page.evaluate(LIVE_HANDLERS) == [], relative  # nothing injected at run time either
            # Hover and click what the data produced: handlers such as onmouseover would fire.
            for link in page.locator("article a").all()[:15]:
                if link.is_visible():
                    link.hover()
            assert page.evaluate(PWNED) is None, f"{relative}: a payload ran on hover"
            visited += 1
        assert dialogs == []
        assert not [url for url in external if "evil.example" in url], external
        assert visited >= 10
    finally:
        context.close()


@pytest.mark.browser
def test_search_results_show_the_payloads_as_text(hostile_browser, hostile_url):
    context, page, dialogs, external = _open(hostile_browser, hostile_url)
    try:
        page.goto("index.html")
        page.keyboard.press("/")
        box = page.locator("[data-pf-input]")
        box.fill("pwned")
        page.locator("[data-pf-list] li").first.wait_for(timeout=15_000)
        page.wait_for_timeout(300)
        assert page.locator("[data-pf-list] li").count() > 0
        assert page.evaluate(PWNED) is None
        assert page.evaluate(LIVE_HANDLERS) == []
        assert page.locator("[data-pf-list] img, [data-pf-list] script, [data-pf-list] svg").count() == 0
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["map/index.html", "places/evil-town/index.html"])
def test_map_tooltips_and_popups_show_names_as_text(hostile_browser, hostile_url, hostile_site, page_path):
    """Leaflet inserts a string tooltip as HTML: a place name must reach it as text (a hover ran the
    name's <img onerror> before map.js handed Leaflet nodes instead of strings)."""
    if not (hostile_site / page_path).exists():
        page_path = page_path.replace("/index.html", ".html")
    context, page, dialogs, external = _open(hostile_browser, hostile_url)
    try:
        page.goto(page_path)
        page.locator(".bf-map[data-state=ready]").first.wait_for()
        markers = page.locator(".bf-map path.leaflet-interactive")
        assert markers.count() >= 1
        for marker in markers.all():
            marker.hover(force=True)
            page.wait_for_timeout(50)
            tip = page.locator(".leaflet-tooltip").last
            assert "<img src=x onerror=__pwned=1>" in tip.text_content()
            assert tip.locator("img, script, svg, iframe").count() == 0
            marker.click(force=True)
            page.wait_for_timeout(50)
        assert page.evaluate(PWNED) is None, f"{page_path}: a payload ran on hover or click"
        assert page.evaluate(LIVE_HANDLERS) == []
        assert dialogs == []
        attribution = page.locator(".leaflet-control-attribution").first
        assert TILES_ATTRIBUTION in attribution.text_content()  # the configured text, shown as text
        assert attribution.locator("img, script, iframe").count() == 0  # (Leaflet's own prefix has an svg)
    finally:
        context.close()


# Everything a reader can hover, focus or click. Links are hovered and focused but not followed
# (their targets are pages of their own, visited in turn); the rest is clicked too.
INTERACTIVE = ("a[href], button, select, input, textarea, summary, label[for], abbr, [tabindex], [role=button], "
               "path.leaflet-interactive, .md-typeset__scrollwrap")
INTERACT = """async (selector) => {
    const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
    const all = [...document.querySelectorAll(selector)];
    const pointer = (el, type, bubbles = true) =>
        el.dispatchEvent(new MouseEvent(type, {bubbles, cancelable: true, view: window}));
    let shown = 0;
    for (const el of all) {
        pointer(el, 'pointerover'); pointer(el, 'mouseover'); pointer(el, 'mouseenter', false);
        pointer(el, 'mousemove');
        if (el.focus) el.focus();
        if (el.matches('abbr[tabindex], path.leaflet-interactive')) {  // their tooltips appear: count them
            await sleep(300);
            shown += document.querySelectorAll('.md-tooltip2--active, .leaflet-tooltip').length;
        }
        pointer(el, 'mouseout'); pointer(el, 'mouseleave', false);
    }
    const follows = el => el.tagName === 'A' && !(el.getAttribute('href') || '').startsWith('#');
    for (const el of all) {
        if (follows(el) || (el.tagName === 'INPUT' && el.type === 'submit')) continue;
        pointer(el, 'mousedown'); pointer(el, 'mouseup'); pointer(el, 'click');
        el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    }
    for (const select of document.querySelectorAll('select')) {
        for (const option of select.options) {
            select.value = option.value;
            select.dispatchEvent(new Event('input', {bubbles: true}));
            select.dispatchEvent(new Event('change', {bubbles: true}));
        }
    }
    await sleep(250);  // popups and filtered lists appear
    const popups = document.querySelectorAll('.leaflet-popup').length;
    return {elements: all.length, tooltips: shown, popups};
}"""
# (.bf-axis__svg: the filters' time axis, drawn by time-axis.js from dates; its labels are set as text)
FROM_DATA_IN_OVERLAYS = """() => [...document.querySelectorAll(
    '.md-tooltip2, .leaflet-tooltip, .leaflet-popup, .bf-filter, [data-pf-list]')]
    .flatMap(box => [...box.querySelectorAll(
        'img, script:not([type="application/json"]), svg:not(.leaflet-zoom-animated):not(.bf-axis__svg), iframe, object, embed')])
    .filter(el => !el.closest('.md-icon, .twemoji, .leaflet-control')).map(el => el.outerHTML.slice(0, 80))"""


def _one_page_per_kind(site: Path) -> list[str]:
    """One page of each kind (folder and depth), the largest: what readers meet, every template."""
    chosen: dict[tuple, tuple[int, str]] = {}
    for path in data_pages(site):
        rel = path.relative_to(site).as_posix()
        parts = rel.split("/")
        if parts[0] in ("assets", "pagefind", "overrides", "search"):
            continue
        kind = (parts[0] if len(parts) > 1 else "", len(parts), rel.endswith("index.html") and len(parts) == 2)
        size = path.stat().st_size
        if kind not in chosen or size > chosen[kind][0]:
            chosen[kind] = (size, rel)
    return sorted(rel for _, rel in chosen.values())


@pytest.mark.browser
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_hovering_focusing_and_clicking_everything_runs_no_data(hostile_browser, hostile_url, hostile_site, palette):
    """Issue 21: one page of every kind, in both palettes; every link, button, filter option, glossary
    tooltip, map marker and popup, table region and search result is hovered, focused and (but
    links) clicked. No payload runs, no handler or element from the data appears, nothing is fetched
    from elsewhere, and every tooltip or popup holds the data as text."""
    context, page, dialogs, external = _open(hostile_browser, hostile_url)
    context.close()
    context = hostile_browser.new_context(base_url=hostile_url, color_scheme=palette)
    context.set_default_timeout(10_000)
    context.add_init_script(TRAP)
    context.add_init_script("localStorage.clear()")  # (a click on the palette switch lasts one page only)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    totals = {"pages": 0, "elements": 0, "tooltips": 0, "popups": 0}
    try:
        for relative in _one_page_per_kind(hostile_site):
            page.goto(relative)
            page.wait_for_load_state("load")
            page.wait_for_function("""() => [...document.querySelectorAll('.bf-map')]
                .every(m => ['ready', 'failed'].includes(m.dataset.state))""")
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == {"light": "default", "dark": "slate"}[palette], relative
            done = page.evaluate(INTERACT, INTERACTIVE)
            for key in ("elements", "tooltips", "popups"):
                totals[key] += done[key]
            totals["pages"] += 1
            assert page.evaluate(PWNED) is None, f"{relative}: a payload ran ({palette})"
            assert page.evaluate(LIVE_HANDLERS) == [], relative
            assert page.evaluate(FROM_DATA_IN_OVERLAYS) == [], relative
        # Search results: typed, then each result hovered and focused.
        page.goto("index.html")
        page.keyboard.press("/")
        page.locator("[data-pf-input]").fill("pwned")
        results = page.locator("[data-pf-list] li")
        results.first.wait_for(timeout=15_000)
        for result in results.all():
            result.hover()
            result.locator("a").first.focus()
        assert results.count() > 0
        assert page.evaluate(PWNED) is None and page.evaluate(LIVE_HANDLERS) == []
        assert page.evaluate(FROM_DATA_IN_OVERLAYS) == []
    finally:
        context.close()
    assert dialogs == []
    assert not [url for url in external if "evil.example" in url], external
    # What was exercised: every page kind, with tooltips (glossary, markers) and map popups among it.
    assert totals["pages"] >= 15 and totals["elements"] > 300, totals
    assert totals["tooltips"] > 0 and totals["popups"] > 0, totals
