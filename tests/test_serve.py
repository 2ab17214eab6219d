"""`briefing serve` rebuilds: an edit re-renders the pages it changes and no other.

Runs MkDocs the way `mkdocs serve --dirty` does (what `briefing serve` uses): startup event, a first
build, then the config loaded again and a dirty rebuild in the same process.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from builder.site.page_store import PageStore
from tests.conftest import REPO, make_project


def _serve_build(project, site: Path, first: bool = False) -> None:
    config = load_config(str(project.config), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)


def _html_times(site: Path) -> dict[str, int]:
    times = {}
    for folder, subfolders, names in os.walk(site):
        subfolders[:] = [name for name in subfolders if name != "pagefind"]  # indexed in the background
        if "index.html" in names:
            page = Path(folder, "index.html")
            times[page.relative_to(site).as_posix()] = page.stat().st_mtime_ns
    return times


def test_an_edit_rebuilds_its_event_page_and_leaves_the_others(tmp_path):
    project = make_project(tmp_path / "project", REPO / "sources")
    site = tmp_path / "served"
    _serve_build(project, site, first=True)
    config = load_config(str(project.config), site_dir=str(site))
    try:
        before = _html_times(site)
        event = project.sources / "events" / "2025-12-02-saraqib-attack.yaml"
        text = event.read_text(encoding="utf-8")
        edited = re.sub(r"^title: .*$", "title: Saraqib attack (edited in serve)", text, count=1, flags=re.MULTILINE)
        assert edited != text
        time.sleep(0.05)  # a later modification time than the first build's HTML
        event.write_text(edited, encoding="utf-8")
        _serve_build(project, site)

        after = _html_times(site)
        rebuilt = {page for page, stamp in after.items() if stamp != before.get(page)}
        page = site / "events" / "2025-12-02-saraqib-attack" / "index.html"
        assert "Saraqib attack (edited in serve)" in page.read_text(encoding="utf-8")
        assert "events/2025-12-02-saraqib-attack/index.html" in rebuilt
        # Pages that show the title (timeline, actors, places…) are rebuilt; unrelated ones are not.
        assert "events/2014-09-global-coalition-formed/index.html" not in rebuilt
        assert "glossary/index.html" not in rebuilt
        assert len(rebuilt) < len(before) / 2
        # The Data page lists the export files' sizes, which the edit changed.
        for listed in rebuilt - {"events/2025-12-02-saraqib-attack/index.html", "data/index.html"}:
            assert "Saraqib attack" in (site / listed).read_text(encoding="utf-8"), listed
    finally:
        config.plugins.on_shutdown()


def test_page_store_rewrites_only_changed_pages(tmp_path):
    store = PageStore(tmp_path / "pages")
    assert sorted(store.update({"a.md": "one", "b/c.md": "two"})) == ["a.md", "b/c.md"]
    stamp = (tmp_path / "pages" / "a.md").stat().st_mtime_ns
    os.utime(tmp_path / "pages" / "a.md", ns=(stamp - 10**9, stamp - 10**9))
    assert store.update({"a.md": "one", "b/c.md": "three"}) == ["b/c.md"]
    assert (tmp_path / "pages" / "a.md").stat().st_mtime_ns == stamp - 10**9  # untouched
    assert (tmp_path / "pages" / "b" / "c.md").read_text(encoding="utf-8") == "three"
    assert store.update({"b/c.md": "three"}) == []
    assert not (tmp_path / "pages" / "a.md").exists()  # a page that is gone is removed
    store.remove()
    assert not (tmp_path / "pages").exists()


def test_repeated_validation_in_one_process_sees_every_edit(tmp_path):
    """`briefing serve` re-validates in the same process, reusing unchanged events' findings: an
    edit to an event, or to a record other events point to, must still be reported."""
    from builder.pipeline import build_briefing
    from builder.problems import BriefingError

    project = make_project(tmp_path / "project", REPO / "sources")
    built = build_briefing(project.sources, "t", project.root)
    quotes = built.counts["quotes verified"]

    event = project.sources / "events" / "2025-12-02-saraqib-attack.yaml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("places: [saraqib,", "places: [saraqeb,", 1), encoding="utf-8")
    time.sleep(0.01)
    try:
        build_briefing(project.sources, "t", project.root)
        raise AssertionError("the edited event's unknown place was not reported")
    except BriefingError as error:
        assert "unknown place 'saraqeb'" in error.report()
        assert "2025-12-02-saraqib-attack.yaml" in error.report()
    event.write_text(text, encoding="utf-8")
    assert build_briefing(project.sources, "t", project.root).counts["quotes verified"] == quotes

    # An unchanged event that points at a place which has just been renamed is reported too.
    places = project.sources / "places.yaml"
    listing = places.read_text(encoding="utf-8")
    places.write_text(listing.replace("- id: saraqib\n", "- id: saraqib-town\n", 1), encoding="utf-8")
    try:
        build_briefing(project.sources, "t", project.root)
        raise AssertionError("the renamed place was not reported where events still use it")
    except BriefingError as error:
        assert "unknown place 'saraqib'" in error.report()


def test_pages_rendered_again_in_one_process_equal_a_fresh_render(tmp_path):
    """`briefing serve` reuses what an edit did not change: after edits to an event (title, date)
    and to a place, every page and data file must be what a fresh build gives."""
    from builder.pipeline import build_site
    from builder.settings import read_settings
    from builder.site.incremental import Rebuilder

    project = make_project(tmp_path / "project", REPO / "sources")
    settings = read_settings(project.config)
    rebuilder = Rebuilder()

    def pages():
        return rebuilder.build(settings).pages

    def fresh():
        site = build_site(settings)
        assert rebuilder.build(settings).data == site.data
        return site.pages

    first = pages()
    assert pages() == first  # unchanged sources, pages reused
    event = project.sources / "events" / "2025-12-02-saraqib-attack.yaml"
    text = event.read_text(encoding="utf-8")
    time.sleep(0.01)
    event.write_text(re.sub(r"^title: .*$", "title: Saraqib attack, retitled", text, count=1, flags=re.MULTILINE)
                     .replace("date: \"2025-12-02\"", "date: \"2025-11-29\"", 1), encoding="utf-8")
    warm = pages()
    assert warm != first
    related = [p for p, t in warm.items() if p.startswith("events/") and "Saraqib attack, retitled" in t]
    assert len(related) > 1  # the event's own page and the pages that list it as related
    assert warm == fresh()

    places = project.sources / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("name: Saraqib", "name: Saraqeb", 1),
                      encoding="utf-8")
    warm = pages()
    assert "Saraqeb" in warm["events/2025-12-02-saraqib-attack.md"]
    assert warm == fresh()


def test_bad_data_during_serve_is_a_plain_message_a_line_a_problem(tmp_path, caplog):
    """A hostile or careless edit while `briefing serve` runs (a far-future date, a control
    character, broken YAML): MkDocs gets a build error (it keeps serving and prints no traceback),
    and each problem is one log line with its file:line, as `briefing validate` prints it."""
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path / "project")
    site = tmp_path / "served"
    _serve_build(project, site, first=True)
    events = project.sources / "events"
    far = events / "2025-12-03-idlib-arrests.yaml"
    far.write_text(far.read_text(encoding="utf-8").replace("date: 2025-12-03", "date: 2025-12-03/9999-12-31"),
                   encoding="utf-8")
    bell = events / "2025-11-24-rif-dimashq-caches.yaml"
    bell.write_text(bell.read_text(encoding="utf-8").replace("title: ", 'title: "\\a\\e" # ', 1), encoding="utf-8")
    (project.sources / "glossary.yaml").write_text("- id: ied\n  term: [unclosed\n", encoding="utf-8")

    caplog.clear()
    try:
        with pytest.raises(Abort):  # what `mkdocs serve` reports without a traceback, and serves on
            _serve_build(project, site)
    finally:
        load_config(str(project.config), site_dir=str(site)).plugins.on_shutdown()

    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors[-1] == "3 problem(s) in 3 file(s); nothing was built."
    assert any(re.match(r"sources/events/2025-12-03-idlib-arrests\.yaml:\d+:\d+: date: '9999-12-31'", m) for m in errors)
    assert any(re.match(r"sources/events/2025-11-24-rif-dimashq-caches\.yaml:\d+:\d+: control character", m)
               for m in errors)
    assert any(re.match(r"sources/glossary\.yaml:\d+:\d+: YAML syntax error", m) for m in errors)
    assert all("\n" not in m and "\\n" not in m and "Traceback" not in m for m in errors), errors


def test_an_edited_glossary_term_changes_the_tooltips_of_pages_that_use_it(tmp_path):
    """A page's glossary tooltips are part of its Markdown, so MkDocs' dirty rebuild renders again
    the pages whose tooltips changed although nothing else on them did."""
    project = make_project(tmp_path / "project", REPO / "sources")
    site = tmp_path / "served"
    _serve_build(project, site, first=True)
    config = load_config(str(project.config), site_dir=str(site))
    try:
        old = 'title="improvised explosive device"'
        using = [p for p in (site / "events").rglob("index.html") if old in p.read_text(encoding="utf-8")]
        assert using, "no event page shows the IED tooltip"
        glossary = project.sources / "glossary.yaml"
        text = glossary.read_text(encoding="utf-8")
        time.sleep(0.05)
        glossary.write_text(text.replace("expansion: improvised explosive device", "expansion: home-made bomb", 1),
                            encoding="utf-8")
        _serve_build(project, site)
        for page in using:
            html = page.read_text(encoding="utf-8")
            assert 'title="home-made bomb"' in html and old not in html, page
    finally:
        config.plugins.on_shutdown()
