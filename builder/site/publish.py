"""Stage 5 — publish: build the whole site in a temporary folder, then move it into place.

A failed or interrupted build never replaces a good published site with a broken or partial one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from builder.pipeline import build_briefing
from builder.settings import Settings


def publish_site(settings: Settings, target: Path, strict: bool = True, echo=print) -> dict:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    started = time.perf_counter()
    target = target.resolve()
    if target.parent.is_dir():
        _clear_leftovers(target)
    # Validate first: the editor sees every problem with file:line before MkDocs starts.
    built = build_briefing(settings.sources, settings.title, settings.project, vocabulary=settings.vocabulary)
    echo("✓ sources valid: " + ", ".join(f"{v} {k}" for k, v in built.counts.items()))
    echo(_open_findings(built, settings))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
    # mkdtemp makes the folder private (0700); the published site must stay readable by the web server.
    staging.chmod(0o777 & ~_umask())
    try:
        echo("… building pages with MkDocs")
        config = load_config(str(settings.config_file), site_dir=str(staging), strict=strict)
        # The plugin events `mkdocs build` fires around a build: MkDocs keeps one plugin instance per
        # process, so one that served before must hear that this is a one-off build.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"seconds": time.perf_counter() - started, "pages": pages}


def _open_findings(built, settings: Settings) -> str:
    """One line: how many findings on the quotes are still to review. It never fails the build
    (`briefing validate --strict-review` does); a problem in reviews.yaml is only named here."""
    from builder.review.reviews import review_sources

    try:
        state, problems = review_sources(built.loaded, settings.project)
    except Exception as error:  # noqa: BLE001 - the count is a notice; validate reports the cause
        return f"⚠ findings on the quotes not counted ({type(error).__name__}): run `briefing validate`"
    mark = "⚠" if state.unreviewed or problems else "✓"
    extra = f"; {len(problems)} problem(s) in reviews.yaml" if problems else ""
    return (f"{mark} {len(state.unreviewed)} open (unreviewed) finding(s) on the quotes{extra}"
            + (": `briefing review` lists them" if state.unreviewed else ""))


def _swap(staging: Path, target: Path) -> None:
    """Put staging in target's place so that, whenever the process is killed, target is a whole
    site (the old or the new): one rename when there is no site yet; otherwise one atomic exchange
    of the two folders (Linux), after which staging holds the old site, removed. Where the system
    cannot exchange folders, two renames; a build killed between them leaves the old site retired
    under a name holding its process id, which the next build puts back (_clear_leftovers)."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)
        return
    retired = target.with_name(f".{target.name}.previous-{os.getpid()}")
    shutil.rmtree(retired, ignore_errors=True)
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)  # put the published site back where it was
        raise
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (renameat2 with RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc ≥ 2.28 (macOS, Windows, musl before 1.2.5)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _clear_leftovers(target: Path) -> None:
    """Remove what builds killed before they could clean up left next to target (staging folders,
    retired sites), and put a retired site back if a killed build left no target. Folders of a
    build still running (its process id is alive) are left alone."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(building|previous)(?:-(\d+))?(?:-.*)?")
    for entry in sorted(target.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink():
            continue
        if match.group(2) and _alive(int(match.group(2))):
            continue
        if match.group(1) == "previous" and not target.exists():
            entry.rename(target)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # (an earlier build in this process: finished, or it would not be here)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
