"""Rendering every page of a one-off build on all the machine's cores.

Rendering is pure (a page's text depends only on the page and the renderer), so the page list is
dealt out between this process and forked copies of it, and the texts are put back in the pages'
order: the same result as rendering them one by one. Only for whole builds (`briefing serve`
renders the few pages an edit changed in its own process), and only where a fork is safe: a
platform that has it, a process running no other thread, more than one core and pages enough to
pay for the fork. Anything else, or any failure, renders one by one in this process, which also
raises the error a page gives exactly as it would have alone.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

# Pages a process must have before rendering is forked: a small site renders in well under a second,
# where the fork's fixed costs (copying the process, sending the texts back) weigh most.
FORK_FROM = 1000


def render_all(render: Callable[[Any], str], pages: Sequence[Any]) -> dict[str, str]:
    """{page.path: render(page)} for every page, in order; the pages dealt out to the cores."""
    workers = _workers(len(pages))
    if workers > 1:
        shares = [pages[n::workers] for n in range(workers)]
        children = [_Child(render, share) for share in shares[1:]]
        try:
            texts = [[render(page) for page in shares[0]]]
        except Exception:  # noqa: BLE001 - rendered again one by one below, which raises it
            texts = None
        results = [child.result() for child in children]
        if texts is not None and None not in results:
            texts += results
            return {page.path: texts[n % workers][n // workers] for n, page in enumerate(pages)}
    return {page.path: render(page) for page in pages}


def _workers(count: int) -> int:
    if count < FORK_FROM or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, count // FORK_FROM))


class _Child:
    """A forked copy of this process rendering *share*; result() gives its texts, or None."""

    def __init__(self, render: Callable[[Any], str], share: Sequence[Any]):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_render_share, args=(render, share, send), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> list[str] | None:
        try:
            texts = self._receive.recv()
        except (EOFError, OSError):
            texts = None
        self._process.join()
        self._receive.close()
        return texts


def _render_share(render: Callable[[Any], str], share: Sequence[Any], send) -> None:
    # A short-lived copy: the collector would only walk (and so copy) the inherited heap.
    gc.disable()
    try:
        texts = [render(page) for page in share]
    except Exception:  # noqa: BLE001 - the parent renders these pages again and raises it
        texts = None
    send.send(texts)
    send.close()
