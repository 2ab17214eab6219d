"""What one long `briefing serve` process keeps between rebuilds stays correct: compiled theme
templates are reused only while their source is unchanged."""

from __future__ import annotations

import time

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import make_project


def test_an_edited_theme_override_shows_after_a_rebuild(tmp_path):
    project = make_project(tmp_path / "project")
    (project.root / "overrides").mkdir()
    (project.root / "overrides" / "404.html").write_text(
        '{% extends "main.html" %}{% block content %}<h1>404 - Not found</h1>{% endblock %}', encoding="utf-8")
    project.config.write_text(project.config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8")
    site = tmp_path / "served"
    config = load_config(str(project.config), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        build(load_config(str(project.config), site_dir=str(site)), dirty=True)  # templates from the cache
        assert "override-edited-in-serve" not in (site / "404.html").read_text(encoding="utf-8")

        override = project.root / "overrides" / "404.html"  # the project's own theme override
        text = override.read_text(encoding="utf-8")
        time.sleep(0.05)
        override.write_text(text.replace("</h1>", "</h1><!-- override-edited-in-serve -->", 1), encoding="utf-8")
        build(load_config(str(project.config), site_dir=str(site)), dirty=True)
        # 404.html is rendered on every build, from the edited template, not the kept compiled one.
        assert "override-edited-in-serve" in (site / "404.html").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()

