"""The straight-line pipeline: load → validate → link. Render and publish read its result."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.briefing.link import Briefing, link
from builder.load.reader import LoadedSources, gc_paused, load_sources, save_parse_cache
from builder.load.validate import validate
from builder.problems import BriefingError


@dataclass
class Built:
    briefing: Briefing
    loaded: LoadedSources
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    worker_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of forked workers, by stage
    meanwhile: Any = None  # what build_briefing's `meanwhile` gave


def build_briefing(sources: Path, title: str = "Briefing", project_root: Path | None = None,
                   aside: bool = False, meanwhile: Callable[[Briefing], Any] | None = None) -> Built:
    """Load, validate and link sources/; raise BriefingError with every problem found.

    aside: validate in a forked worker while this process links, on a large briefing (one-off
    builds; builder/site/ahead.py decides). Link never sees a briefing with problems it was not built
    for: if it fails, the worker's problems are what is reported. The parse cache is then left to
    the caller to save (load.save_parse_cache; the hook's render worker does it), unless the
    sources have problems.

    meanwhile: work on the linked briefing, done before the worker's verdict is awaited (the hook
    plans the pages); its result is Built.meanwhile. Like link, it may fail on sources with
    problems: then the problems are what is reported.
    """
    timings = {}
    with gc_paused():
        started = time.perf_counter()
        loaded = load_sources(Path(sources), project_root, save_cache=not aside)
        timings["load"] = time.perf_counter() - started
        try:
            return _checked_and_linked(loaded, title, aside, timings, meanwhile)
        except BaseException:
            save_parse_cache(loaded)  # the next run parses only what the editor fixes
            raise


def _checked_and_linked(loaded: LoadedSources, title: str, aside: bool, timings: dict, meanwhile) -> Built:
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
        timings["link"] = time.perf_counter() - started
        done_meanwhile = meanwhile(briefing) if meanwhile is not None else None
    except Exception:
        if checking is not None:  # broken sources: report their problems, as without the worker
            problems, _ = checking.result()
            if problems:
                raise BriefingError(problems) from None
        raise
    worker_cpu = {}
    if checking is not None:
        problems, counts = checking.result()
        worker_cpu["validate"] = checking.cpu
        if problems:
            raise BriefingError(problems)
    return Built(briefing, loaded, counts, timings, worker_cpu, done_meanwhile)


def _validation_aside(loaded: LoadedSources):
    from builder.site import ahead

    if loaded.problems or not ahead.wanted(len(loaded.records["event"])):
        return None  # (a tree that failed to load is reported at once)
    return ahead.Aside(validate, loaded)
