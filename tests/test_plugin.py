"""The `briefing` MkDocs plugin: found by name, its options declared, a misspelt option an error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from mkdocs.config import load_config

from builder.settings import read_settings
from builder.site.plugin import BriefingPlugin


def _mkdocs_build(project, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project.config),
                           "-d", str(project.root / "site"), *args],
                          check=False, capture_output=True, text=True, env=env, timeout=300)


def _set_option(project, old: str, new: str) -> None:
    text = project.config.read_text(encoding="utf-8")
    assert old in text
    project.config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mkdocs_yml_uses_the_plugin_by_name(project):
    config = load_config(str(project.config))
    assert isinstance(config.plugins["briefing"], BriefingPlugin)
    assert config.plugins["briefing"].config.sources == "sources"
    assert "hooks" not in project.config.read_text(encoding="utf-8").split("\nplugins:")[0]


@pytest.mark.parametrize("strict", [True, False])
def test_a_misspelt_plugin_option_fails_the_build(project, strict):
    _set_option(project, "      map_tiles: null", "      map_tile: null")
    result = _mkdocs_build(project, *(["--strict"] if strict else []))
    assert result.returncode != 0
    assert "map_tile" in result.stderr and "Unrecognised" in result.stderr
    assert not (project.root / "site" / "index.html").exists()


def test_a_misspelt_map_tiles_field_fails_the_build(project):
    _set_option(project, "      map_tiles: null", "      map_tiles: {url: 'https://t.example/{z}/{x}/{y}.png', atribution: x}")
    result = _mkdocs_build(project, "--strict")
    assert result.returncode != 0 and "atribution" in result.stderr


def test_the_cli_reads_the_same_options_and_refuses_a_misspelt_one(project):
    _set_option(project, "      map_tiles: null",
                "      map_tiles: {url: 'https://t.example/{z}/{x}/{y}.png', attribution: OSM}")
    settings = read_settings(project.config)
    assert settings.map_tiles == {"url": "https://t.example/{z}/{x}/{y}.png", "attribution": "OSM"}
    assert settings.title == "US–Syrian cooperation against ISIS"
    _set_option(project, "      sources: sources", "      source: sources")
    result = project.validate()
    assert result.exit_code == 1
    assert "mkdocs.yml:1:1:" in result.output and "'source'" in result.output


@pytest.mark.parametrize("folder", ["../elsewhere", "/etc", "sources/../../x"])
def test_the_sources_option_stays_inside_the_project(project, folder):
    """CI validates a pull request with its own mkdocs.yml: it must not read (and print the names
    and values of) files outside the checkout."""
    outside = project.root.parent / "elsewhere" / "events"
    outside.mkdir(parents=True)
    (outside / "2025-01-01-secret-name.yaml").write_text("id: 2025-01-01-secret-name\ntitle: SECRET\n")
    _set_option(project, "      sources: sources", f"      sources: {folder}")

    result = project.validate()

    assert result.exit_code == 1
    assert "'sources'" in result.output and "not a folder inside the project" in result.output
    assert "secret-name" not in result.output and "SECRET" not in result.output
