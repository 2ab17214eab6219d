"""Search: Pagefind index of the built site (builder/site/search_index.py) and the header search box
(builder/site/theme: partials/search.html, assets/javascripts/search.js).

A small throwaway MkDocs project is built with the repository's mkdocs.yml and theme overrides
(bench/search_cost.py writes it); its hook calls index_site. Browser tests drive headless Chromium.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.search_cost import (
    CHROMIUM,
    FIXED_PAGES,
    build_fixture_site,
    chromium,
    first_query_cost,
    run_query,
    serve,
)
from builder.site.search_index import index_site

EVENTS = 12
PAGES = EVENTS + len(FIXED_PAGES)


def _browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return os.path.exists(CHROMIUM)


needs_browser = pytest.mark.skipif(not _browser_available(), reason=f"no Playwright or {CHROMIUM}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = build_fixture_site(tmp_path_factory.mktemp("search") / "project", pages=EVENTS)
    return built["site_dir"]


def _unpack(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data[len(b"pagefind_dcd") :]


def _fragments(site: Path) -> list[dict]:
    return [json.loads(_unpack(p)) for p in sorted((site / "pagefind" / "fragment").iterdir())]


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------------------------ index


def test_bundle_written_into_site(site: Path) -> None:
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").stat().st_size > 0
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == PAGES
    assert len(list((bundle / "index").glob("*.pf_index"))) >= 1
    assert all(p.stat().st_size > 0 for p in bundle.rglob("*") if p.is_file())


def test_index_site_stats(site: Path) -> None:
    stats = index_site(site)
    assert stats["pages"] == PAGES
    assert stats["fragments"] == PAGES
    assert stats["seconds"] > 0
    assert stats["index_chunks"] >= 1
    assert Path(stats["output"]) == (site / "pagefind").resolve()


def test_index_is_deterministic(site: Path) -> None:
    index_site(site)
    first = _tree_digest(site / "pagefind")
    index_site(site)
    assert _tree_digest(site / "pagefind") == first


def test_only_articles_are_indexed(site: Path) -> None:
    """data-pagefind-body sits on content pages' <article> only; chrome and permalinks stay out."""
    assert "data-pagefind-body" in (site / "actors" / "isis" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (site / "404.html").read_text(encoding="utf-8")
    fragments = _fragments(site)
    urls = {f["url"] for f in fragments}
    assert "/actors/isis/" in urls
    assert not any("404" in u or u.startswith("/overrides/") for u in urls)
    for fragment in fragments:
        content = fragment["content"]
        assert "¶" not in content  # .headerlink
        assert "Quokka" not in content  # nav label only
        assert "CC BY 4.0" not in content  # footer
    isis = next(f for f in fragments if f["url"] == "/actors/isis/")
    assert isis["meta"]["title"] == "ISIS"


def test_alias_word_is_in_the_index(site: Path) -> None:
    chunks = b"".join(_unpack(p) for p in (site / "pagefind" / "index").glob("*.pf_index"))
    assert b"daesh" in chunks
    assert b"isil" in chunks
    assert b"quokka" not in chunks


def test_cite_box_stays_out_of_the_index(tmp_path: Path) -> None:
    """The "Cite this event" box (permanent URL, citation, BibTeX) repeats the title and adds a
    few unique words per event (URL, BibTeX key): not searched for, and most of the index's words
    and much of Pagefind's memory at 10,000 events. The rest of the article is indexed."""
    (tmp_path / "events" / "e1").mkdir(parents=True)
    (tmp_path / "events" / "e1" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>E1</title></head><body>'
        '<article class="md-content__inner md-typeset" data-pagefind-body>'
        "<h1>Raid near Palmyra</h1><p>Forces raided a hideout near Palmyra.</p>"
        '<h2 id="cite-this-event">Cite this event</h2>'
        '<div class="bf-cite"><dl><dt>Permanent link</dt>'
        '<dd class="bf-cite__url"><a href="https://example.org/events/e1-xylophone/">'
        "https://example.org/events/e1-xylophone/</a></dd>"
        "<dt>BibTeX</dt><dd><pre><code>@misc{briefing-quagga-key, title = {Raid}}</code></pre></dd>"
        "</dl></div></article></body></html>",
        encoding="utf-8",
    )
    stats = index_site(tmp_path)
    assert stats["pages"] == 1
    assert stats["peak_rss_mb"] is None or stats["peak_rss_mb"] > 0
    (fragment,) = _fragments(tmp_path)
    assert "hideout near Palmyra" in fragment["content"]
    assert "Cite this event" in fragment["content"]  # the heading stays: it is the page's outline
    for word in ("xylophone", "quagga", "BibTeX", "Permanent link"):
        assert word not in fragment["content"]
    chunks = b"".join(_unpack(p) for p in (tmp_path / "pagefind" / "index").glob("*.pf_index"))
    assert b"palmyra" in chunks and b"hideout" in chunks
    assert b"xylophone" not in chunks and b"quagga" not in chunks and b"bibtex" not in chunks


def test_stale_bundle_is_replaced(site: Path) -> None:
    stray = site / "pagefind" / "fragment" / "en_stale.pf_fragment"
    stray.write_bytes(b"old")
    index_site(site)
    assert not stray.exists()


def test_site_without_pages_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    with pytest.raises(RuntimeError):
        index_site(tmp_path)


def test_header_search_markup(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'role="combobox"' in html and 'aria-controls="__search-results"' in html
    assert '<label class="pf-visually-hidden" for="__search-input">' in html
    assert 'role="listbox"' in html and 'aria-live="polite"' in html
    assert "assets/javascripts/search.js" in html and "assets/stylesheets/search.css" in html
    # Material's own search must stay off: no form named "search", no search component.
    assert 'name="search"' not in html
    assert 'data-md-component="search' not in html
    assert (site / "assets" / "javascripts" / "search.js").is_file()
    assert (site / "assets" / "stylesheets" / "search.css").is_file()


# ------------------------------------------------------------------------------------ browser


@pytest.mark.browser
@needs_browser
def test_alias_query_finds_isis_page_in_browser(site: Path) -> None:
    cost = first_query_cost(site, "Daesh")
    assert cost["results_shown"] == 1
    urls = [row["url"] for row in cost["files"]]
    assert any(u.startswith("pagefind/pagefind.js") for u in urls)
    assert any(u.startswith("pagefind/fragment/") for u in urls)
    # Kilobytes, not megabytes: wasm + scripts + metadata + one chunk + one fragment.
    assert 50_000 < cost["search_bytes"] < 250_000


@pytest.mark.browser
@needs_browser
def test_keyboard_and_aria(site: Path) -> None:
    with serve(site, "/briefing/") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url + "events/e00003/")
        box = page.locator("#__search-input")
        assert box.get_attribute("aria-expanded") == "false"
        assert run_query(page, "Daesh") == 1  # "/" focuses the box, then the query is typed
        assert box.get_attribute("aria-expanded") == "true"
        assert page.locator("#__search-meta").inner_text().strip() == "1 matching document"
        option = page.locator("#__search-results [role=option]").first
        assert option.get_attribute("href").startswith(url + "actors/isis/")  # served under a sub-path
        assert "ISIS" in option.inner_text()
        assert "<mark>" in option.inner_html()

        page.keyboard.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
        assert option.get_attribute("aria-selected") == "true"

        page.keyboard.press("Escape")
        assert page.evaluate("document.getElementById('__search').checked") is False
        assert box.get_attribute("aria-expanded") == "false"

        page.keyboard.press("s")
        assert page.evaluate("document.activeElement.id") == "__search-input"
        page.keyboard.press("Enter")
        page.wait_for_url("**/actors/isis/**")
        page.wait_for_load_state("load")
        # search.highlight: the terms are marked on the page reached from a result.
        assert page.locator("article[data-pagefind-body] mark").count() >= 1


@pytest.mark.browser
@needs_browser
def test_tab_goes_through_results_then_closes(site: Path) -> None:
    with serve(site) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        scroller = page.locator(".md-search__scrollwrap")
        assert scroller.get_attribute("tabindex") == "-1"  # hidden: not in the Tab order
        assert run_query(page, "ISIS") >= 1
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-search__scrollwrap')")
        assert page.evaluate("document.getElementById('__search').checked") is True
        page.keyboard.press("Tab")
        page.wait_for_function("!document.getElementById('__search').checked")
        assert scroller.get_attribute("tabindex") == "-1"
        assert page.locator("#__search-input").get_attribute("aria-expanded") == "false"


FULL_DISK_PAGEFIND = """#!{python}
# Stands in for Pagefind on a full disk: every file created, nothing written into it, exit 0.
import sys
from pathlib import Path
out = Path(sys.argv[sys.argv.index("--output-path") + 1])
for name in ("pagefind.js", "pagefind-entry.json", "pagefind.en_0.pf_meta", "index/en_1.pf_index",
             "fragment/en_2.pf_fragment", "fragment/en_3.pf_fragment"):
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).touch()
print("Indexed 16 pages")
"""


def full_disk_pagefind(folder: Path) -> str:
    script = folder / "pagefind-full-disk"
    script.write_text(FULL_DISK_PAGEFIND.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_an_incomplete_bundle_is_an_error(site: Path, tmp_path: Path, monkeypatch) -> None:
    """Issue 21 item 3: Pagefind on a full disk exits 0 leaving empty files; that is a failure."""
    monkeypatch.setattr("builder.site.search_index._pagefind_binary", lambda: full_disk_pagefind(tmp_path))
    with pytest.raises(RuntimeError, match="search index .* is incomplete"):
        index_site(site)
    monkeypatch.undo()
    index_site(site)  # (the module's other tests need a whole bundle again)


def test_a_truncated_index_chunk_is_an_error(site: Path, monkeypatch) -> None:
    from builder.site import search_index

    real = search_index._index

    def index_then_truncate(site_dir, out_dir, glob, language):
        result = real(site_dir, out_dir, glob, language)
        chunk = min((out_dir / "index").glob("*.pf_index"))
        chunk.write_bytes(chunk.read_bytes()[:20])
        return result

    monkeypatch.setattr(search_index, "_index", index_then_truncate)
    with pytest.raises(RuntimeError, match=r"index/.*\.pf_index is unreadable"):
        index_site(site)
    monkeypatch.undo()
    index_site(site)
