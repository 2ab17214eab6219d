"""The straight-line pipeline: load → validate → link. Render and publish read its result."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .link import Briefing, link
from .load import LoadedSources, gc_paused, load_sources
from .problems import BriefingError
from .validate import validate


@dataclass
class Built:
    briefing: Briefing
    loaded: LoadedSources
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)


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
