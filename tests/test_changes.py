"""What changed: the sources' git history becomes the "What changed" page and each event page's
"First published … · last changed …" line; without usable history the site still builds and says why.

Every test works on a throwaway git repository with a known history (fixed author and committer
dates), so order, dates and commit subjects are exact.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_project

from builder.history.changes import LIMIT, collect_changes
from builder.pages.plan import render_pages
from builder.pipeline import build_briefing
from builder.settings import read_settings

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

THIRD_EVENT = """\
id: 2025-12-10-idlib-second-raid
title: A second raid in Idlib
date: 2025-12-10
type: raid
summary: Syrian security forces raided a second house in Idlib.
places: [idlib]
actors:
  - actor: syria-interior-ministry
    role: conducted
sources:
  - document: idlib-raid-report
    quote: "raided a house in Idlib city and arrested two ISIS suspects"
"""


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def commit(root: Path, subject: str, when: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", subject, when=when)


@pytest.fixture
def history_project(tmp_path: Path):
    """A project whose sources/ went through: seed → new event → correction → removal."""
    project = make_project(tmp_path / "project")
    root = project.root
    git(root, "init", "-q", "-b", "main")
    commit(root, "Seed: two events and their sources", "2025-12-01T10:00:00+00:00")
    events = project.sources / "events"
    (events / "2025-12-10-idlib-second-raid.yaml").write_text(THIRD_EVENT, encoding="utf-8")
    commit(root, "Add the second Idlib raid", "2025-12-11T09:00:00+00:00")
    caches = events / "2025-11-24-rif-dimashq-caches.yaml"
    caches.write_text(caches.read_text(encoding="utf-8").replace("credibility: 2", "credibility: 1"),
                      encoding="utf-8")
    commit(root, "Correct the credibility of the Rif Dimashq caches <now confirmed>", "2025-12-12T08:30:00+00:00")
    (events / "2025-12-03-idlib-arrests.yaml").unlink()
    commit(root, "Remove the Idlib arrests: duplicate of the second raid", "2025-12-13T17:45:00+00:00")
    return project


def pages_of(project) -> dict[str, str]:
    settings = read_settings(project.config)
    built = build_briefing(settings.sources, settings.title, settings.project)
    return render_pages(built.briefing, settings)


def test_changes_are_listed_newest_first_with_dates_and_subjects(history_project):
    changes = collect_changes(history_project.root, history_project.sources)
    assert changes.available, changes.reason
    events = [(c.day, c.action, c.id, c.subject) for c in changes.items if c.kind == "event"]
    assert events == [
        ("13 December 2025", "removed", "2025-12-03-idlib-arrests",
         "Remove the Idlib arrests: duplicate of the second raid"),
        ("12 December 2025", "corrected", "2025-11-24-rif-dimashq-caches",
         "Correct the credibility of the Rif Dimashq caches <now confirmed>"),
        ("11 December 2025", "added", "2025-12-10-idlib-second-raid", "Add the second Idlib raid"),
        ("1 December 2025", "added", "2025-11-24-rif-dimashq-caches", "Seed: two events and their sources"),
        ("1 December 2025", "added", "2025-12-03-idlib-arrests", "Seed: two events and their sources"),
    ]
    # List files and documents are tracked too (added by the seed commit).
    assert {c.id for c in changes.items if c.kind == "list"} == {
        "actors.yaml", "operations.yaml", "places.yaml", "glossary.yaml"}
    assert changes.event_history("2025-11-24-rif-dimashq-caches") == (
        "2025-12-01T10:00:00+00:00", "2025-12-12T08:30:00+00:00")


def test_changes_page_and_event_history_lines(history_project):
    pages = pages_of(history_project)
    page = pages["changes.md"]
    lines = [line for line in page.splitlines() if line.startswith(("**", "- "))]
    # Newest commit first, each with its date and subject, then what it changed; a removed event is
    # said to be gone (readers are never shown an id), the others link to their pages. Commit subjects are data: escaped like every
    # other text (no raw '<').
    assert lines[:6] == [
        "**13 December 2025** — Remove the Idlib arrests: duplicate of the second raid",
        "- Removed an event no longer in the briefing",
        "**12 December 2025** — Correct the credibility of the Rif Dimashq caches &lt;now confirmed&gt;",
        "- Corrected event: [CENTCOM and Syrian Interior Ministry destroy ISIS weapons caches in Rif Dimashq]"
        "(events/2025-11-24-rif-dimashq-caches.md)",
        "**11 December 2025** — Add the second Idlib raid",
        "- Added event: [A second raid in Idlib](events/2025-12-10-idlib-second-raid.md)",
    ]
    assert "<now confirmed>" not in page
    seed = lines[lines.index("**1 December 2025** — Seed: two events and their sources") + 1:]
    assert seed[:2] == [
        "- Added event: [CENTCOM and Syrian Interior Ministry destroy ISIS weapons caches in Rif Dimashq]"
        "(events/2025-11-24-rif-dimashq-caches.md)",
        "- Added an event no longer in the briefing",
    ]
    assert "- Added the list of actors" in seed
    event = pages["events/2025-11-24-rif-dimashq-caches.md"]
    assert "First published 1 December 2025 · last changed 12 December 2025 · [what changed](../changes.md)" in event
    new = pages["events/2025-12-10-idlib-second-raid.md"]
    assert "First published 11 December 2025 · [what changed]" in new and "last changed" not in new


def test_the_page_is_bounded(history_project, monkeypatch):
    changes = collect_changes(history_project.root, history_project.sources, limit=3)
    assert len(changes.items) == 3 and changes.total > 3
    assert [c.day for c in changes.items] == ["13 December 2025", "12 December 2025", "11 December 2025"]
    assert LIMIT == 200


def test_outside_a_git_checkout_the_site_builds_and_says_why(project):
    changes = collect_changes(project.root, project.sources)
    assert not changes.available and "not a git checkout" in changes.reason
    pages = pages_of(project)
    assert "History unavailable" in pages["changes.md"] and "not a git checkout" in pages["changes.md"]
    event = pages["events/2025-12-03-idlib-arrests.md"]
    assert "First published" not in event and "## Cite this event" in event


def test_a_shallow_clone_builds_without_history(history_project, tmp_path):
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history_project.root}", str(clone))
    changes = collect_changes(clone, clone / "sources")
    assert not changes.available and "shallow clone" in changes.reason
    from conftest import Project

    shallow = Project(clone)
    pages = pages_of(shallow)
    assert "shallow clone" in pages["changes.md"]
    assert "First published" not in pages["events/2025-11-24-rif-dimashq-caches.md"]
    result = shallow.build(tmp_path / "site")  # the whole MkDocs build still succeeds
    assert result.exit_code == 0, result.output
    assert "shallow clone" in (tmp_path / "site" / "changes" / "index.html").read_text(encoding="utf-8")


def test_history_costs_at_most_two_git_processes(history_project, monkeypatch):
    import builder.history.changes
    import builder.history.git

    calls = []
    real = subprocess.run

    def counting(command, *args, **kwargs):
        if command and command[0] == "git":
            calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(builder.history.git.subprocess, "run", counting)
    monkeypatch.setattr(builder.history.changes.subprocess, "run", counting)
    collect_changes(history_project.root, history_project.sources)
    assert len(calls) <= 2


def test_a_commit_message_cannot_forge_a_change(history_project):
    """Issue 21 item 13: a subject holding the old record/field separators (\\x1e, \\x1f) and a
    newline invented a commit (its own date and text) and set an event's "last changed"."""
    root = history_project.root
    caches = history_project.sources / "events" / "2025-11-24-rif-dimashq-caches.yaml"
    caches.write_text(caches.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    forged = ("Tidy\x1e2099-01-01T00:00:00+00:00\x1fForged change\n"
              "sources/events/2025-11-24-rif-dimashq-caches.yaml")
    commit(root, forged, "2025-12-14T12:00:00+00:00")

    changes = collect_changes(root, history_project.sources)

    assert changes.available, changes.reason
    assert not any(c.when.startswith("2099") for c in changes.items)
    assert all("\x1e" not in c.subject and "\x1f" not in c.subject for c in changes.items)
    assert changes.event_history("2025-11-24-rif-dimashq-caches") == (
        "2025-12-01T10:00:00+00:00", "2025-12-14T12:00:00+00:00")
    latest = changes.items[0]
    assert latest.when == "2025-12-14T12:00:00+00:00" and latest.subject.startswith("Tidy")
