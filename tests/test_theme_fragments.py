"""Record pages' navigation and tabs are rendered once per folder (builder/site/plugin.py,
builder/pages/templates/theme/partials/nav.html and tabs.html): the site must be byte for byte the one the theme
renders page by page, pages in the nav (whose item and tab are active) included."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench.generate import generate
from tests.conftest import BASE_SOURCES, make_project


def _every_time(self, name, page, make):
    return make()


def _site(root: Path, site: Path, monkeypatch, page_by_page: bool = False) -> dict[str, bytes]:
    monkeypatch.setattr("builder.site.search_index.index_site", lambda site_dir: {"pages": 0})
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    if page_by_page:  # the theme's fragments rendered for every page, as without the helper
        monkeypatch.setattr("builder.site.plugin._SameOnRecordPages.__call__", _every_time)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("events", [0, 120])
def test_fragments_rendered_once_per_folder_equal_the_theme_page_by_page(tmp_path, monkeypatch, events):
    if events:
        generate(events, tmp_path / "corpus", seed=5)
        project = make_project(tmp_path / "project", sources=tmp_path / "corpus" / "sources")
    else:
        project = make_project(tmp_path / "project", sources=BASE_SOURCES)
    once = _site(project.root, tmp_path / "once", monkeypatch)
    each = _site(project.root, tmp_path / "each", monkeypatch, page_by_page=True)
    assert sorted(once) == sorted(each)
    differing = [path for path in each if each[path] != once[path]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"
    # the record pages do show the navigation and the tabs
    event_page = next(path for path in once if path.startswith("events/") and path.endswith("index.html")
                      and path != "events/index.html")
    html = once[event_page].decode()
    assert 'class="md-tabs__link"' in html and 'class="md-nav__link' in html
