"""The straight-line pipeline: load → validate → link. Render and publish read its result."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .link import Briefing, link
from .load import LoadedSources, load_sources
from .problems import BriefingError
from .validate import validate


@dataclass
class Built:
    briefing: Briefing
    loaded: LoadedSources
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the builder runs a stage.

    The stages allocate millions of small objects and make no reference cycles, so the collector's
    full passes find nothing to free, yet each walks the whole heap: under `briefing serve` at
    10,000 events, where the heap holds the last build and MkDocs' pages too, linking took 1.7 s
    instead of 0.8 s. Collection resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_briefing(sources: Path, title: str = "Briefing", project_root: Path | None = None) -> Built:
    """Load, validate and link sources/; raise BriefingError with every problem found."""
    timings = {}
    with gc_paused():
        started = time.perf_counter()
        loaded = load_sources(Path(sources), project_root)
        timings["load"] = time.perf_counter() - started
        started = time.perf_counter()
        problems, counts = validate(loaded)
        timings["validate"] = time.perf_counter() - started
        if problems:
            raise BriefingError(problems)
        started = time.perf_counter()
        briefing = link(loaded, title)
        timings["link"] = time.perf_counter() - started
    return Built(briefing, loaded, counts, timings)
