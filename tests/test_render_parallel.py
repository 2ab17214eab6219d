"""Pages rendered on every core (builder/pages/parallel.py) are the pages rendered one by one.

A one-off build deals its pages out to forked copies of the process; a reader relies on the site
being the same whichever way it was made, and on a page that cannot be rendered stopping the build
with the message that names its record, as it would alone.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import pytest

from builder.pages import parallel
from builder.pages.plan import Renderer, plan_pages
from tests.test_render import SETTINGS, small_briefing

pytestmark = pytest.mark.skipif("fork" not in parallel.multiprocessing.get_all_start_methods(),
                                reason="no fork on this platform: pages are rendered one by one")


@dataclass
class FakePage:
    path: str


def render_with_pid(page: FakePage) -> str:
    return f"{page.path} by {os.getpid()}"


@pytest.fixture
def alone(monkeypatch):
    """As in a one-off build, no other thread runs (a test runner's worker may have its own)."""
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def test_forked_rendering_gives_every_page_in_order(monkeypatch, alone):
    monkeypatch.setattr(parallel, "FORK_FROM", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    pages = [FakePage(f"p{n:03d}.md") for n in range(50)]
    texts = parallel.render_all(render_with_pid, pages)
    assert list(texts) == [page.path for page in pages]
    assert all(text.startswith(path + " by ") for path, text in texts.items())
    # the pages really were dealt out: three processes rendered them
    assert len({text.rsplit(" ", 1)[1] for text in texts.values()}) == 3


def test_a_briefing_rendered_on_two_cores_equals_one_by_one(monkeypatch, alone):
    briefing = small_briefing()
    renderer = Renderer(briefing, SETTINGS)
    pages = plan_pages(briefing, SETTINGS, renderer.shared.get("changes"))
    alone = {page.path: renderer.render(page) for page in pages}
    monkeypatch.setattr(parallel, "FORK_FROM", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert parallel._workers(len(pages)) == 2
    together = parallel.render_all(renderer.render, pages)
    assert list(together) == list(alone)
    assert together == alone


class PageFailure(RuntimeError):
    pass


def failing_render(page: FakePage) -> str:
    if page.path in ("p007.md", "p030.md"):
        raise PageFailure(f"cannot render {page.path}")
    return page.path


@pytest.mark.parametrize("workers", [2, 3])
def test_a_failing_page_raises_the_first_error_in_page_order(monkeypatch, workers):
    # p007 falls to a forked copy (7 % workers != 0), p030 to this process when workers is 2 or 3.
    monkeypatch.setattr(parallel, "FORK_FROM", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: set(range(workers)), raising=False)
    pages = [FakePage(f"p{n:03d}.md") for n in range(40)]
    with pytest.raises(PageFailure, match="p007"):
        parallel.render_all(failing_render, pages)


def test_no_fork_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr(parallel, "FORK_FROM", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel._workers(100) == 1
        texts = parallel.render_all(render_with_pid, [FakePage("a.md"), FakePage("b.md")])
        assert {text.rsplit(" ", 1)[1] for text in texts.values()} == {str(os.getpid())}
    finally:
        stop.set()
        thread.join()


def test_small_builds_are_not_forked():
    assert parallel._workers(parallel.FORK_FROM - 1) == 1
