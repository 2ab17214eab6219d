"""The straight-line pipeline: load → validate → link. Render and publish read its result."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .link import Briefing, link
from .load import LoadedSources, gc_paused, load_sources, save_parse_cache
from .problems import BriefingError
from .validate import validate


@dataclass
class Built:
    briefing: Briefing
    loaded: LoadedSources
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    worker_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of forked workers, by stage


def build_briefing(sources: Path, title: str = "Briefing", project_root: Path | None = None,
                   aside: bool = False) -> Built:
    """Load, validate and link sources/; raise BriefingError with every problem found.

    aside: validate in a forked worker while this process links, on a large briefing (one-off
    builds; builder/ahead.py decides). Link never sees a briefing with problems it was not built
    for: if it fails, the worker's problems are what is reported. The parse cache is then left to
    the caller to save (load.save_parse_cache; the hook's render worker does it), unless the
    sources have problems.
    """
    timings = {}
    with gc_paused():
        started = time.perf_counter()
        loaded = load_sources(Path(sources), project_root, save_cache=not aside)
        timings["load"] = time.perf_counter() - started
        try:
            return _checked_and_linked(loaded, title, aside, timings)
        except BaseException:
            save_parse_cache(loaded)  # the next run parses only what the editor fixes
            raise


def _checked_and_linked(loaded: LoadedSources, title: str, aside: bool, timings: dict) -> Built:
    """Validate (here, or in a worker while this process links), then link."""
    checking = _validation_aside(loaded) if aside else None
    if checking is None:
        started = time.perf_counter()
        problems, counts = validate(loaded)
        timings["validate"] = time.perf_counter() - started
        if problems:
            raise BriefingError(problems)
    started = time.perf_counter()
    try:
        briefing = link(loaded, title, related_later=aside)
    except Exception:
        if checking is not None:  # broken sources: report their problems, as without the worker
            problems, _ = checking.result()
            if problems:
                raise BriefingError(problems) from None
        raise
    timings["link"] = time.perf_counter() - started
    worker_cpu = {}
    if checking is not None:
        problems, counts = checking.result()
        worker_cpu["validate"] = checking.cpu
        if problems:
            raise BriefingError(problems)
    return Built(briefing, loaded, counts, timings, worker_cpu)


def _validation_aside(loaded: LoadedSources):
    from . import ahead

    if loaded.problems or not ahead.wanted(len(loaded.records["event"])):
        return None  # (a tree that failed to load is reported at once)
    return ahead.Aside(validate, loaded)
