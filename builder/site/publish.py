"""Stage 5 — publish: build the whole site in a temporary folder, then move it into place.

A failed or interrupted build never replaces a good published site with a broken or partial one.
"""

from __future__ import annotations

import os
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
    # Validate first: the editor sees every problem with file:line before MkDocs starts.
    built = build_briefing(settings.sources, settings.title, settings.project, vocabulary=settings.vocabulary)
    echo("✓ sources valid: " + ", ".join(f"{v} {k}" for k, v in built.counts.items()))
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    # mkdtemp makes the folder private (0700); the published site must stay readable by the web server.
    staging.chmod(0o777 & ~_umask())
    try:
        echo("… building pages with MkDocs")
        config = load_config(str(settings.config_file), site_dir=str(staging), strict=strict)
        mkdocs_build(config)
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"seconds": time.perf_counter() - started, "pages": pages}


def _swap(staging: Path, target: Path) -> None:
    """Replace target by staging with two renames (each atomic on one file system)."""
    retired = None
    if target.exists():
        retired = target.with_name(f".{target.name}.previous")
        shutil.rmtree(retired, ignore_errors=True)
        target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        if retired is not None:  # put the published site back where it was
            retired.rename(target)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
