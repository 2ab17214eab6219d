"""What changed: the briefing's sources as git recorded them — events added, corrected, removed.

Two git processes at most, whatever the number of files:

1. one ``git log --diff-filter=D`` for files deleted from sources/ (*removed* records);
2. :func:`builder.history.git.file_history` (one ``git log``) over every file under sources/ that
   exists now or was deleted: a file's oldest commit is when the record was *added*, a deleting
   commit its *removal*, any other commit a *correction*.

Outside a git checkout, without git, before the first commit or in a shallow clone (whose history
is cut off, so every file would seem added by its oldest commit present), :func:`collect_changes`
says history is unavailable and why; pages then say so instead of showing wrong dates, and event
pages omit their "first published / last changed" line. No git process runs when the project is
not in a git checkout at all.

Deterministic: entries are sorted by commit time (newest first), then path; only committed
history is read (never the clock, never uncommitted edits).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from builder.history.git import LOG_FORMAT, log_entries
from builder.model.dates import MONTHS

LIMIT = 200  # entries on the What changed page: the page must not grow without bound

LIST_FILES = {
    "actors.yaml": "Actors",
    "operations.yaml": "Operations",
    "places.yaml": "Places",
    "glossary.yaml": "Glossary",
}


@dataclass(frozen=True)
class Change:
    when: str  # committer date, ISO 8601 with offset
    action: str  # added | corrected | removed
    kind: str  # event | document | list | other
    id: str  # event or document id; list file name otherwise
    path: str  # relative to the project root
    subject: str  # the commit's subject line

    @property
    def day(self) -> str:
        return display_day(self.when)


@dataclass
class Changes:
    available: bool
    reason: str = ""  # why history is unavailable (empty when available)
    items: list[Change] = field(default_factory=list)  # newest first, at most LIMIT
    total: int = 0  # before the limit
    events: dict[str, tuple[str, str]] = field(default_factory=dict)  # event id → (first, last) ISO

    def event_history(self, event_id: str) -> tuple[str, str] | None:
        return self.events.get(event_id) if self.available else None

    def commits(self) -> list[tuple[str, str, list[Change]]]:
        """The listed changes grouped by commit: (date-time, subject, changes), newest first."""
        groups: list[tuple[str, str, list[Change]]] = []
        for change in self.items:
            if groups and groups[-1][0] == change.when and groups[-1][1] == change.subject:
                groups[-1][2].append(change)
            else:
                groups.append((change.when, change.subject, [change]))
        return groups


def display_day(iso: str) -> str:
    """'2025-11-26T06:33:17+00:00' → '26 November 2025' (the committer's calendar day)."""
    try:
        day = datetime.fromisoformat(iso).date()
    except ValueError:
        return iso[:10]
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def _instant(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0


# --------------------------------------------------------------------------------------------
# Where git is.

def _git_dir(start: Path) -> Path | None:
    """The git directory of the checkout holding *start*, found without running git."""
    for folder in [start, *start.parents]:
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():  # a worktree or submodule: "gitdir: <path>"
            try:
                text = dot.read_text(encoding="utf-8").strip()
            except OSError:
                return None
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:"):].strip())
                return target if target.is_absolute() else (folder / target)
            return None
    return None


def _shallow(git_dir: Path) -> bool:
    if (git_dir / "shallow").exists():
        return True
    common = git_dir / "commondir"  # worktrees keep 'shallow' in the common directory
    if common.is_file():
        try:
            target = Path(common.read_text(encoding="utf-8").strip())
        except OSError:
            return False
        target = target if target.is_absolute() else git_dir / target
        return (target / "shallow").exists()
    return False


def _unavailable_reason(project: Path) -> str | None:
    if os.environ.get("GIT_DIR"):
        return None  # an explicit repository: let git answer
    if shutil.which("git") is None:
        return "git is not installed where the site was built"
    git_dir = _git_dir(project)
    if git_dir is None:
        return "the site was built from a copy of the files that is not a git checkout"
    if _shallow(git_dir):
        return ("the site was built from a shallow clone, whose history is cut off; a build from a full "
                "clone (fetch-depth 0 in CI) lists the changes")
    return None


# --------------------------------------------------------------------------------------------
# Reading history.

def _classify(rel: str, sources_rel: str) -> tuple[str, str]:
    """(kind, id) of a file under sources/."""
    inner = rel[len(sources_rel) + 1:] if sources_rel and rel.startswith(sources_rel + "/") else rel
    folder, _, name = inner.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if folder == "events" and name.endswith((".yaml", ".yml")):
        return "event", stem
    if folder == "documents":
        return "document", stem
    if not folder and name in LIST_FILES:
        return "list", name
    return "other", inner


def _deleted(project: Path, folder: str, timeout: float) -> list[tuple[str, str, str]]:
    """(iso, subject, path) of every deletion under *folder*, newest first; [] when git fails."""
    command = [
        "git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-C", str(project),
        "log", "-z", "--relative", "--no-renames", "--diff-filter=D", "--name-only", "--no-color",
        LOG_FORMAT, "--", folder,
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                                env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []
    return list(log_entries(result.stdout.decode("utf-8", errors="replace")))


def _tracked_files(sources: Path, project: Path) -> list[str]:
    """Files under sources/ now, relative to the project (sorted, so the git call is stable)."""
    files = []
    for path in sorted(sources.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(sources).parts):
            try:
                files.append(path.resolve().relative_to(project).as_posix())
            except ValueError:
                continue
    return files


def collect_changes(project_root, sources=None, limit: int = LIMIT, timeout: float = 60.0) -> Changes:
    """The sources' history (see the module docstring)."""
    from builder.history.git import file_history

    if project_root is None:
        return Changes(False, "the builder was not told where the project is")
    project = Path(project_root).resolve()
    sources_dir = Path(sources) if sources else project / "sources"
    if not sources_dir.is_absolute():
        sources_dir = project / sources_dir
    sources_dir = sources_dir.resolve()
    try:
        sources_rel = sources_dir.relative_to(project).as_posix()
    except ValueError:
        return Changes(False, "the sources folder is outside the project folder")
    reason = _unavailable_reason(project)
    if reason:
        return Changes(False, reason)

    deletions = _deleted(project, sources_rel, timeout)
    # Files deleted since are asked for too, so a removed event shows when it was added as well.
    paths = sorted(set(_tracked_files(sources_dir, project)) | {path for _, _, path in deletions})
    history = file_history(project, paths, timeout=timeout)
    if not history and not deletions:
        return Changes(False, "git knows no committed history of the sources folder (not committed yet, "
                              "or git could not be read)")

    deleted_keys = {(path, iso, subject) for iso, subject, path in deletions}
    items: list[Change] = []
    events: dict[str, tuple[str, str]] = {}
    for rel, (first, last, commits) in history.items():
        kind, record_id = _classify(rel, sources_rel)
        if kind == "other":
            continue
        present = False  # walk oldest → newest: an add, corrections, maybe a removal and a re-add
        for iso, subject in reversed(commits):
            if (rel, iso, subject) in deleted_keys:
                action, present = "removed", False
            elif not present:
                action, present = "added", True
            else:
                action = "corrected"
            items.append(Change(iso, action, kind, record_id, rel, subject))
        if kind == "event":
            events[record_id] = (first, last)
    for iso, subject, rel in deletions:
        if rel in history:
            continue  # re-added later: already walked above
        kind, record_id = _classify(rel, sources_rel)
        if kind != "other":
            items.append(Change(iso, "removed", kind, record_id, rel, subject))
    kind_order = {"event": 0, "document": 1, "list": 2}
    items.sort(key=lambda c: (-_instant(c.when), c.when, c.subject, kind_order.get(c.kind, 3), c.action, c.path))
    return Changes(True, "", items[:limit], len(items), events)
