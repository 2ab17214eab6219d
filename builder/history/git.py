"""When files entered and changed in the project's git history — read with ONE `git log` call.

``file_history(project_root, paths)`` answers, for each requested path (relative to
*project_root*, or absolute), ``(first_iso, last_iso, [(iso, subject), …])``: the committer date
of the oldest commit that touched the file (≈ when it was added), of the newest, and every commit
touching it, newest first, as ``git log`` lists them. The feed (builder/data/export.py) uses the first
date as "added"; a "What changed" page can use the commit list.

One process, whatever the number of files: the pathspecs given to git are the paths' distinct
parent folders (never one argument per file), and the output is parsed once. Paths git does not
know (uncommitted files) are simply absent from the answer.

Tolerant by design, because a site must build anywhere:

* no git installed, not a repository, a repository without commits, git failing or taking longer
  than *timeout* seconds → ``{}`` (callers fall back to data-derived dates);
* a shallow clone (CI's usual ``fetch-depth: 1``) knows only its recent commits: every file
  appears to have been added by the oldest commit present. Dates are then lower-quality but
  valid; ``is_shallow(project_root)`` lets callers say so.

Renames are not followed: a renamed file's history starts at the rename (following renames needs
``--follow``, which git allows for a single path only, i.e. one process per file).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

History = tuple[str, str, list[tuple[str, str]]]

# `git log -z` ends every field with NUL, which no commit message and no path can contain: the
# format starts each commit with an empty field, then its date and subject, then its paths.
LOG_FORMAT = "--format=%x00%cI%x00%s"
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")  # shown on pages and in the feed: never raw
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")


def _relative(project_root: Path, path: str | os.PathLike) -> str:
    if (isinstance(path, str) and path and path[0] not in "/." and path[-1] != "/" and "//" not in path
            and "/." not in path and "\\" not in path and ":" not in path):
        return path  # already a clean relative POSIX path: what the Path round trip below gives
    candidate = Path(path)
    if candidate.is_absolute():
        try:  # cheap string test first; resolve (a system call per part) only when it fails
            candidate = candidate.relative_to(project_root)
        except ValueError:
            try:
                candidate = candidate.resolve().relative_to(project_root)
            except ValueError:
                return ""
    return candidate.as_posix()


def _prepare(root: Path, paths) -> tuple[dict[str, list], list[str]]:
    """(repo-relative path → the keys the caller used for it, the folders to ask git about)."""
    wanted: dict[str, list] = {}
    for path in paths:
        rel = _relative(root, path)
        if rel and not rel.startswith("../"):
            wanted.setdefault(rel, []).append(path)
    folders = sorted({posix.rpartition("/")[0] or "." for posix in wanted})
    # Collapse folders nested in others: fewer pathspecs, same files.
    kept: list[str] = []
    for folder in folders:
        if "." in kept or any(folder == k or folder.startswith(k + "/") for k in kept):
            continue
        kept.append(folder)
    return wanted, kept


# The last preparation, when the paths came as a tuple: `mkdocs serve` asks about the same
# ~10,000 event files at every rebuild (only git's answer can change).
_PREPARED: list = [None, None]


def file_history(project_root: str | os.PathLike, paths, timeout: float = 60.0) -> dict[str, History]:
    """Git history of *paths* (see the module docstring); ``{}`` when git cannot tell."""
    root = Path(project_root).resolve()
    if isinstance(paths, tuple):
        if _PREPARED[0] != (root, paths):
            _PREPARED[:] = [(root, paths), _prepare(root, paths)]
        wanted, kept = _PREPARED[1]
    else:
        wanted, kept = _prepare(root, paths)
    if not wanted:
        return {}
    command = [
        "git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-C", str(root),
        "log", "-z", "--relative", "--no-renames", "--name-only", "--no-color", LOG_FORMAT, "--", *kept,
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                                env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    found = _commits_by_file(result.stdout.decode("utf-8", errors="replace"), wanted)
    history: dict[str, History] = {}
    for rel, commits in found.items():
        entry = (commits[-1][0], commits[0][0], commits)  # git lists newest first
        for key in wanted[rel]:
            history[key] = entry
    return history


def log_entries(text: str):
    """(date, subject, path) for each path of each commit in `git log -z --name-only` output made
    with LOG_FORMAT: NUL, date, NUL, subject, NUL, then paths (the first after a newline), each
    ending with NUL. No commit message or path holds a NUL, and a field that is not where it should
    be (a date that is not git's ISO date) ends the parse: no message can invent a commit."""
    fields = text.split("\0")
    index = 0
    while index + 2 < len(fields):
        if fields[index] != "" or not _ISO.fullmatch(fields[index + 1]):
            if fields[index] == "" and fields[index + 1] == "":  # a commit listing no path
                index += 1
                continue
            return
        iso, subject = fields[index + 1], _CONTROLS.sub(" ", fields[index + 2])
        index += 3
        while index < len(fields) and fields[index] != "":
            yield iso, subject, fields[index].removeprefix("\n")
            index += 1


def _commits_by_file(text: str, wanted: dict) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for iso, subject, name in log_entries(text):
        if name in wanted:
            found.setdefault(name, []).append((iso, subject))
    return found


def is_shallow(project_root: str | os.PathLike) -> bool:
    """True when *project_root* is in a shallow clone (its history dates are then truncated)."""
    try:
        result = subprocess.run(["git", "-C", str(project_root), "rev-parse", "--is-shallow-repository"],
                                capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == b"true"
