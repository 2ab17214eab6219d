"""Work done beside the build, in a second process (one-off builds of large briefings): pages
rendered ahead of MkDocs, and validation while the build links.

MkDocs converts and writes pages one at a time, on one core (~10 ms a page at 10,000 events);
rendering a page's Markdown takes ~0.4 ms. So after linking, a worker forked from the build renders
the generated pages in the order MkDocs reads them, then the data files (map, exports, Data page),
on the second core. The MkDocs process waits only for a page the worker has not reached yet: the
render, map and export stages leave its critical path (~8 s at 10,000 events).

The worker inherits the linked briefing and the page plan through fork (nothing is pickled on the
way in); it sends back Markdown strings in chunks. If it cannot start or dies, the build renders in
its own process, as without it: the output is the same either way (tests/test_ahead.py).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from builder.data.export import EXPORT_NAMES
from builder.load.reader import gc_paused, save_parse_cache, usable_cpus
from builder.pages.explore import MAP_DATA, NAMES_DATA, TIMELINE_DATA

# Below this many pages (or events, for validation) the fork and the round trips cost more than
# they save.
AUTO_AT = 1000
FIRST_CHUNK = 32  # small, so that MkDocs' first generated page waits little
CHUNK = 256

# The data files a build makes (site root → path), named before they are made.
DATA_FILES = (MAP_DATA, TIMELINE_DATA, NAMES_DATA, *(f"data/{name}" for name in EXPORT_NAMES))

# Set in the build process just before the worker is forked; the worker reads its copy.
_JOB: dict[str, Any] = {}


def wanted(size: int) -> bool:
    """Use a worker? BRIEFING_PARALLEL=0 never, =1 always (tests), unset: for large briefings (size:
    pages or events) on a machine with a core to spare."""
    setting = os.environ.get("BRIEFING_PARALLEL", "")
    if setting == "0" or not hasattr(os, "fork"):
        return False
    if setting == "1":
        return True
    return size >= AUTO_AT and usable_cpus() >= 2


def _render_chunk(start: int, end: int) -> tuple[list[str], float]:
    plan, cpu = _JOB["plan"], time.process_time()
    with gc_paused():
        texts = [plan.render(path) for path in _JOB["paths"][start:end]]
    return texts, time.process_time() - cpu


def _data_files() -> tuple[dict, dict, str, dict[str, float]]:
    cpu: dict[str, float] = {}
    made = data_files(_JOB["briefing"], _JOB["settings"], cpu)
    if _JOB.get("loaded") is not None:  # what the load parsed, kept for the next build
        started = time.process_time()
        save_parse_cache(_JOB["loaded"])
        cpu["load"] = time.process_time() - started
    return (*made, cpu)


def data_files(briefing, settings, cpu: dict[str, float] | None = None) -> tuple[dict, dict, str]:
    """The map's data, the exports and the Data page (cpu: CPU seconds by stage, filled in)."""
    from builder.data.export import data_page, export_files
    from builder.pages.explore import map_files

    cpu = {} if cpu is None else cpu
    with gc_paused():
        started = time.process_time()
        site_files = map_files(briefing, settings)  # data/map.json, data/timeline.json
        cpu["map"] = time.process_time() - started
        started = time.process_time()
        exports = export_files(briefing, settings)  # once per build: files and Data page share them
        page = data_page(briefing, settings, exports, site_files=site_files)
        cpu["export"] = time.process_time() - started
    return site_files, exports, page


_ASIDE: dict[str, Any] = {}  # Aside's function and arguments, set just before the fork


def _call_aside() -> tuple[Any, float]:
    cpu = time.process_time()
    with gc_paused():
        value = _ASIDE["fn"](*_ASIDE["args"])
    return value, time.process_time() - cpu


class Aside:
    """fn(*args) computed in a forked worker while this process goes on (validation while the
    build links); result() waits for it. A worker that cannot start or dies leaves result() to
    compute it here; an exception fn raises is raised by result(), as without the worker."""

    def __init__(self, fn, *args):
        self._fn, self._args = fn, args
        self.cpu = 0.0  # the worker's CPU seconds
        self._value: tuple | None = None  # (value,) once known
        self._future: Future | None = None
        self._pool: ProcessPoolExecutor | None = None
        _ASIDE.update(fn=fn, args=args)
        try:
            with gc_paused():  # (see PagesAhead)
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                self._future = self._pool.submit(_call_aside)
        except (OSError, RuntimeError):
            self._close()

    def result(self) -> Any:
        if self._value is None and self._future is not None:
            try:
                value, self.cpu = self._future.result()
                self._value = (value,)
            except (BrokenProcessPool, CancelledError):
                pass  # computed here, below
            finally:
                self._future = None
                self._close()
        if self._value is None:
            self._value = (self._fn(*self._args),)
        return self._value[0]

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _ASIDE.clear()


class PagesAhead:
    """The worker and its results: ``markdown(path)`` for a page, ``data()`` for the data files."""

    def __init__(self, plan, paths: list[str], briefing, settings, loaded=None):
        """loaded: a load whose parse cache is still to be saved (the worker saves it last)."""
        self.plan, self.paths, self.briefing, self.settings = plan, paths, briefing, settings
        self.loaded = loaded
        self.waited = 0.0  # seconds the build process spent waiting for the worker
        self.worker_cpu: dict[str, float] = {"render": 0.0}
        self.fallback: str | None = None  # why the build process rendered by itself, if it did
        self._texts: dict[str, str] = {}
        self._chunk_of: dict[str, int] = {}
        self._chunks: list[tuple[int, int, Future | None]] = []
        self._data: Future | None = None
        self._done: tuple[dict, dict, str] | None = None
        self._pool: ProcessPoolExecutor | None = None
        _JOB.update(plan=plan, paths=paths, briefing=briefing, settings=settings, loaded=loaded)
        bounds, start = [], 0
        while start < len(paths):
            end = min(len(paths), start + (FIRST_CHUNK if not bounds else CHUNK))
            bounds.append((start, end))
            start = end
        for index, (start, end) in enumerate(bounds):
            for path in paths[start:end]:
                self._chunk_of[path] = index
        try:
            # gc stays off in the worker (forked while it is off): a collection there would touch
            # every inherited object and copy the build's whole heap.
            with gc_paused():
                self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                self._chunks = [(start, end, self._pool.submit(_render_chunk, start, end)) for start, end in bounds]
                self._data = self._pool.submit(_data_files)
        except (OSError, RuntimeError) as error:  # no process could be started: render here
            self._give_up(f"worker not started: {error}")
            self._chunks = [(start, end, None) for start, end in bounds]

    def markdown(self, path: str) -> str:
        text = self._texts.pop(path, None)
        if text is not None:
            return text
        index = self._chunk_of[path]
        start, end, future = self._chunks[index]
        if future is not None:
            texts = self._result(future)
            if texts is not None:
                rendered, cpu = texts
                self.worker_cpu["render"] += cpu
                self._chunks[index] = (start, end, None)
                self._texts.update(zip(self.paths[start:end], rendered))
                return self._texts.pop(path)
        with gc_paused():
            return self.plan.render(path)

    def data(self) -> tuple[dict, dict, str]:
        if self._data is not None:
            result = self._result(self._data)
            self._data = None
            if result is not None:
                site_files, exports, page, cpu = result
                self.worker_cpu.update({stage: self.worker_cpu.get(stage, 0.0) + seconds
                                        for stage, seconds in cpu.items()})
                self._done = (site_files, exports, page)
                if self.loaded is not None:
                    self.loaded.parse_cache = None  # the worker saved it
        if self._done is None:
            self._done = data_files(self.briefing, self.settings)
        if self.loaded is not None:
            save_parse_cache(self.loaded)  # (unless the worker did)
        return self._done

    def content(self, path: str) -> str | bytes:
        """A generated page's Markdown, the Data page's, or a data file's bytes (DATA_FILES)."""
        if path in self._chunk_of:
            return self.markdown(path)
        site_files, exports, page = self.data()
        if path == "data.md":
            return page
        return site_files[path] if path in site_files else exports[path.removeprefix("data/")]

    def close(self) -> None:
        """Stop the worker (at the end of the build, or when it failed: unfinished work is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _JOB.clear()

    def _result(self, future: Future):
        """The worker's result, or None when it died (the caller then renders in this process).
        An error raised by the rendering itself is raised here, as it would be without a worker."""
        started = time.perf_counter()
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError) as error:
            self._give_up(f"worker stopped: {error}")
            return None
        finally:
            self.waited += time.perf_counter() - started

    def _give_up(self, reason: str) -> None:
        self.fallback = self.fallback or reason
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
