"""A one-off build of a large briefing renders its pages and data files in a worker process while
MkDocs reads the pages before them (builder/site/ahead.py). The site must be the same, byte for byte,
as a build that renders everything in its own process; a worker that dies only costs time; an
error while rendering still fails the build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench.generate import generate
from builder.data.export import export_files
from builder.pages.explore import map_files
from builder.pipeline import build_briefing
from builder.settings import read_settings
from builder.site import ahead
from tests.conftest import make_project


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(150, out, seed=11)
    return out / "sources"


def _build(root: Path, site: Path, monkeypatch, parallel: str) -> dict:
    """`mkdocs build` in this process (Pagefind left out: it only reads the HTML); the hook's report."""
    monkeypatch.setenv("BRIEFING_PARALLEL", parallel)
    monkeypatch.setattr("builder.site.search_index.index_site", lambda site_dir: {"pages": 0})
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    hook = next(plugin for name, plugin in config.plugins.items() if name.endswith("site/plugin.py"))
    return hook._state.pop("ahead_report", None)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _assert_same_site(expected: Path, got: Path) -> None:
    want, have = _files(expected), _files(got)
    assert sorted(have) == sorted(want)
    differing = [path for path in want if want[path] != have[path]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"


_render_chunk = ahead._render_chunk


def _die(start: int, end: int):
    if start > 0:  # the first chunk arrives; the worker dies on the second
        os._exit(3)
    return _render_chunk(start, end)


def test_pages_rendered_ahead_give_the_same_site(tmp_path, corpus, monkeypatch):
    project = make_project(tmp_path / "project", sources=corpus)
    assert _build(project.root, tmp_path / "plain", monkeypatch, "0") is None  # rendered in this process
    report = _build(project.root, tmp_path / "ahead", monkeypatch, "1")
    assert report is not None and report["fallback"] is None
    assert report["worker_cpu_s"]["render"] > 0 and "export" in report["worker_cpu_s"]
    _assert_same_site(tmp_path / "plain", tmp_path / "ahead")
    # the data files (exports, map data) and the Data page that links them came from the worker
    assert (tmp_path / "ahead" / "data" / "events.csv").stat().st_size > 0
    assert 'href="events.csv"' in (tmp_path / "ahead" / "data" / "index.html").read_text(encoding="utf-8")


def test_a_worker_that_dies_leaves_the_build_to_render_by_itself(tmp_path, corpus, monkeypatch):
    project = make_project(tmp_path / "project", sources=corpus)
    _build(project.root, tmp_path / "plain", monkeypatch, "0")
    monkeypatch.setattr(ahead, "_render_chunk", _die)  # the forked worker inherits this
    report = _build(project.root, tmp_path / "ahead", monkeypatch, "1")
    assert report["fallback"] and "worker stopped" in report["fallback"]
    _assert_same_site(tmp_path / "plain", tmp_path / "ahead")


def test_an_error_while_rendering_ahead_fails_the_build(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    from builder.pages.render import PagePlan

    render = PagePlan.render

    def broken(plan, path):
        if path.startswith("events/"):
            raise RuntimeError(f"template failed on {path}")
        return render(plan, path)

    monkeypatch.setattr(PagePlan, "render", broken)
    with pytest.raises(RuntimeError, match="template failed on events/"):
        _build(project.root, tmp_path / "site", monkeypatch, "1")


def test_the_data_files_are_named_before_they_are_made():
    # The worker's data files are announced to MkDocs (so that links to them resolve) before
    # they exist: the names must be exactly what the builder makes.
    settings = read_settings(Path(__file__).resolve().parent.parent / "mkdocs.yml")
    briefing = build_briefing(settings.sources, settings.title, settings.project).briefing
    made = [*map_files(briefing, settings), *(f"data/{name}" for name in export_files(briefing, settings))]
    assert list(ahead.DATA_FILES) == made


def test_automatic_choice(monkeypatch):
    monkeypatch.delenv("BRIEFING_PARALLEL", raising=False)
    assert not ahead.wanted(50)  # a small briefing: the fork would cost more than it saves
    monkeypatch.setenv("BRIEFING_PARALLEL", "0")
    assert not ahead.wanted(10 ** 6)
    monkeypatch.setenv("BRIEFING_PARALLEL", "1")
    assert ahead.wanted(5)


def test_serve_renders_in_its_own_process(tmp_path, monkeypatch):
    # `mkdocs serve` runs threads (live reload, the background search index): no fork there.
    project = make_project(tmp_path / "project")
    monkeypatch.setenv("BRIEFING_PARALLEL", "1")
    monkeypatch.setattr("builder.site.search_index.index_site", lambda site_dir: {"pages": 0})
    config = load_config(str(project.config), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        hook = next(plugin for name, plugin in config.plugins.items() if name.endswith("site/plugin.py"))
        assert "ahead_report" not in hook._state
        assert (tmp_path / "served" / "data" / "events.csv").is_file()
    finally:
        config.plugins.on_shutdown()


# --- validation beside linking (builder/pipeline.py, ahead.Aside) ------------------------------

from builder.problems import BriefingError  # noqa: E402
from tests.test_bad_inputs import CASES, make_tree  # noqa: E402

_call_aside = ahead._call_aside


def _dead_worker():
    os._exit(3)


def _outcome(sources: Path, aside: bool):
    """What build_briefing gives: its problems, or the linked events and counts."""
    try:
        built = build_briefing(sources, "t", sources.parent, aside=aside)
    except BriefingError as error:
        return "problems", [str(problem) for problem in error.problems]
    return "built", [event.id for event in built.briefing.events], built.counts, built.worker_cpu


@pytest.mark.parametrize("case", [None, *CASES])
def test_validating_beside_linking_reports_the_same(case, tmp_path, monkeypatch):
    sources = make_tree(tmp_path, case)
    monkeypatch.setenv("BRIEFING_PARALLEL", "0")
    alone = _outcome(sources, aside=False)
    monkeypatch.setenv("BRIEFING_PARALLEL", "1")
    beside = _outcome(sources, aside=True)
    if alone[0] == "built":
        assert beside[:3] == alone[:3]
        assert beside[3]["validate"] > 0  # the worker did validate
    else:
        assert beside == alone


def test_a_link_failure_on_bad_sources_reports_their_problems(tmp_path, monkeypatch):
    # Linking a briefing that validation would have stopped may fail in any way: what the editor
    # sees is the problems, as when validation runs first.
    def broken_link(loaded, title, **options):
        raise KeyError("no such actor")

    monkeypatch.setenv("BRIEFING_PARALLEL", "1")
    monkeypatch.setattr("builder.pipeline.link", broken_link)
    with pytest.raises(BriefingError):
        build_briefing(make_tree(tmp_path / "bad", "unknown-actor"), "t", tmp_path / "bad", aside=True)
    with pytest.raises(KeyError):  # a valid tree: the failure is link's own
        build_briefing(make_tree(tmp_path / "good"), "t", tmp_path / "good", aside=True)


def test_validation_is_done_here_when_its_worker_dies(tmp_path, monkeypatch):
    sources = make_tree(tmp_path, "unknown-actor")
    monkeypatch.setenv("BRIEFING_PARALLEL", "0")
    alone = _outcome(sources, aside=False)
    monkeypatch.setenv("BRIEFING_PARALLEL", "1")
    monkeypatch.setattr(ahead, "_call_aside", _dead_worker)
    assert _outcome(sources, aside=True) == alone


def test_a_build_with_workers_keeps_the_same_parse_cache(tmp_path, corpus, monkeypatch):
    # The render worker saves what the load parsed (off the build's critical path); the next
    # process must find the same entries as after a build without workers, and a build stopped by
    # problems must keep them too.
    import marshal

    from builder.load import reader as load

    project = make_project(tmp_path / "project", sources=corpus)
    cache = project.root / load.PARSE_CACHE

    def cached_after(parallel: str, site: str) -> dict:
        monkeypatch.setattr(load, "_LOADED_TREES", set())  # as in a new process
        monkeypatch.setattr(load, "_FILE_CACHE", {})
        cache.unlink(missing_ok=True)
        try:
            _build(project.root, tmp_path / site, monkeypatch, parallel)
        except Exception:  # noqa: BLE001 - a build stopped by problems
            pass
        return marshal.loads(cache.read_bytes())[1]

    alone = cached_after("0", "plain")
    assert len(alone) >= 150
    assert cached_after("1", "ahead") == alone
    broken = next((project.sources / "events").glob("*.yaml"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("actor: ", "actor: nobody-", 1), encoding="utf-8")
    assert len(cached_after("1", "broken")) == len(alone)


def test_related_events_worked_out_later_are_the_same(corpus):
    # A one-off build links with related_later: the render worker works them out on first use.
    from builder.briefing import link as link_module
    from builder.load.reader import load_sources

    loaded = load_sources(corpus, corpus.parent)
    link_module.forget()
    eager = link_module.link(loaded, "t")
    link_module.forget()
    lazy = link_module.link(loaded, "t", related_later=True)
    assert isinstance(lazy.related_events, link_module.WorkedOutLater)
    assert sum(map(len, eager.related_events.values())) > 100
    assert list(lazy.related_events.items()) == list(eager.related_events.items())
    # a later link in the same process patches from the lazy one: the same related events
    patched = link_module.link(loaded, "t")
    assert link_module.last_mode == "patched"
    assert list(patched.related_events.items()) == list(eager.related_events.items())
    link_module.forget()


def test_work_done_meanwhile_on_bad_sources_reports_their_problems(tmp_path, monkeypatch):
    # The hook plans the pages while the worker validates; a plan that fails on sources with
    # problems must leave the editor with the problems, and a good plan comes back with the build.
    def plan(briefing):
        raise AttributeError("plan failed")

    monkeypatch.setenv("BRIEFING_PARALLEL", "1")
    with pytest.raises(BriefingError):
        build_briefing(make_tree(tmp_path / "bad", "unknown-actor"), "t", tmp_path / "bad", aside=True, meanwhile=plan)
    good = make_tree(tmp_path / "good")
    with pytest.raises(AttributeError):
        build_briefing(good, "t", tmp_path / "good", aside=True, meanwhile=plan)
    built = build_briefing(good, "t", tmp_path / "good", aside=True, meanwhile=lambda briefing: len(briefing.events))
    assert built.meanwhile == len(built.briefing.events) > 0
