"""Shared fixtures.

``project`` is a small, valid, buildable copy of the project in a temporary folder: the real
mkdocs.yml and docs/ (so theme overrides and hand-written pages are the real ones) and the small
sources/ tree kept in tests/bad_inputs/_base/ (2 documents, 2 events, 5 actors, 1 operation,
4 places, 1 glossary term). Tests change files in it freely.

    def test_something(project):
        (project.sources / "events" / "x.yaml").write_text(...)
        result = project.validate()          # click's Result of `briefing validate`
        project.build(project.root / "site") # `briefing build -d …`
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parent.parent
BASE_SOURCES = REPO / "tests" / "bad_inputs" / "_base" / "sources"


@dataclass
class Project:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    def briefing(self, *args: str) -> Result:
        """Run a `briefing` subcommand against this project (config option appended)."""
        from builder.cli import main

        return CliRunner().invoke(main, [*args, "-f", str(self.config)], catch_exceptions=False)

    def validate(self) -> Result:
        return self.briefing("validate")

    def build(self, site_dir: Path | None = None) -> Result:
        return self.briefing("build", "-d", str(site_dir or self.root / "site"))


def make_project(root: Path, sources: Path = BASE_SOURCES) -> Project:
    """Copy mkdocs.yml, docs/ and a sources/ tree into root; link builder/ for the MkDocs hook."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(sources, root / "sources")
    # mkdocs.yml names its hook (builder/site/plugin.py) and watch paths relative to itself.
    (root / "builder").symlink_to(REPO / "builder", target_is_directory=True)
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project")
