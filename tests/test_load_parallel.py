"""Parsing ahead in a forked worker (builder/load/reader.py, _ParseAhead) on a process's first load of a
tree. It must never change what a build sees: the same records, positions, texts and problems, in
the same order, and the same parse cache saved — whether the worker runs, dies or hangs."""

from __future__ import annotations

import marshal
import mmap
import os
import shutil
import time
from pathlib import Path

import pytest

from bench.generate import generate
from builder.load import reader as load
from builder.load.reader import PARSE_CACHE, load_sources
from builder.load.validate import validate
from tests.test_bad_inputs import CASES, make_tree

REPO = Path(__file__).resolve().parent.parent


class _Counted:
    """parse_text, counting the calls made in this process (a forked worker counts in its copy)."""

    def __init__(self, die_after: int | None = None, hang: bool = False):
        self.parent, self.calls, self.child_calls = os.getpid(), 0, 0
        self.die_after, self.hang = die_after, hang
        self.parse = load.parse_text

    def __call__(self, text):
        if os.getpid() == self.parent:
            self.calls += 1
        else:
            self.child_calls += 1
            if self.hang:
                time.sleep(3600)
            if self.die_after is not None and self.child_calls > self.die_after:
                os._exit(7)
        return self.parse(text)


def _load(root: Path, monkeypatch, parallel: str, counted: _Counted | None = None, cache: bool = True,
          patience: float | None = 60.0):
    """Load a tree as a new `briefing` process would, without a parse cache on disk. The parent
    waits for the worker's chunks (builds never do), so that what each one parses does not depend
    on how busy the machine is."""
    monkeypatch.setattr(load, "_AHEAD_PATIENCE", patience)
    load._FILE_CACHE.clear()
    load._LOADED_TREES.clear()
    shutil.rmtree(root / ".cache", ignore_errors=True)
    monkeypatch.setenv("BRIEFING_PARALLEL", parallel)
    monkeypatch.setenv("BRIEFING_PARSE_CACHE", "1" if cache else "0")
    counted = counted or _Counted()
    original, load.parse_text = load.parse_text, counted
    try:
        loaded = load_sources(root / "sources", root)
    finally:
        load.parse_text = original
    problems, _ = validate(loaded)
    records = {kind: [(item.file, item.base, item.marks, item.record.model_dump()) for item in items]
               for kind, items in loaded.records.items()}
    saved = (root / PARSE_CACHE).read_bytes() if (root / PARSE_CACHE).exists() else None
    return {"records": records, "problems": [p.format() for p in loaded.problems + problems],
            "texts": loaded.texts, "failed": loaded.failed,
            "cache": marshal.loads(saved) if saved is not None else None}, counted.calls


def _yaml_files(sources: Path) -> int:
    """Files a sequential load parses: events, document front matter and the list files."""
    return sum(1 for p in sources.rglob("*") if p.is_file() and not p.is_symlink()
               and p.suffix in (".yaml", ".yml", ".txt", ".md"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated briefing of a few hundred events, with broken and odd files among the last ones
    (the worker's share): each must be reported as without the worker."""
    root = tmp_path_factory.mktemp("corpus")
    generate(300, root, seed=3, copy_site=False)
    events = root / "sources" / "events"
    some = max(events.iterdir()).read_text(encoding="utf-8")
    odd = {
        "zz-01-syntax.yaml": "id: zz-syntax\ntitle: [unclosed\n",
        "zz-02-alias.yaml": "a: &x [1, 2]\nb: *x\n",
        "zz-03-empty.yaml": "",
        "zz-04-list.yaml": "- 1\n- 2\n",
        "zz-05-tag.yaml": "id: !!python/name:os.system x\n",
        "zz-06-duplicate-key.yaml": "id: a\nid: b\n",
        "zz-07-same-text.yaml": some,  # the same text as another file: one entry, reported twice
        "zz-08-binary.yaml": some.replace("\ntitle:", "\nnote: !!binary aGVsbG8=\ntitle:", 1),
        "zz-09-deep.yaml": "a: " + "[" * (load.MAX_DEPTH + 2) + "]" * (load.MAX_DEPTH + 2) + "\n",
        "zz-10-notes.txt": "not an event\n",
    }
    for name, text in odd.items():
        (events / name).write_text(text, encoding="utf-8")
    (events / "zz-11-not-utf8.yaml").write_bytes(b"id: caf\xe9\n")
    (events / "zz-12-huge.yaml").write_bytes(b"# " + b"x" * load.MAX_YAML_BYTES + b"\n")
    (events / "zz-13-link.yaml").symlink_to(events / "zz-07-same-text.yaml")
    return root


def test_the_worker_changes_nothing_on_a_generated_briefing(corpus, monkeypatch):
    sequential, parsed = _load(corpus, monkeypatch, "0")
    parallel, parsed_here = _load(corpus, monkeypatch, "1")
    assert parallel == sequential
    # Both processes parsed: the parent its share and the files the worker could not parse.
    assert 50 < parsed_here < parsed - 100
    reported = {line.split(":")[0].rsplit("/", 1)[-1] for line in sequential["problems"]}
    odd = {path.name for path in (corpus / "sources" / "events").glob("zz-*")}
    assert odd <= reported


def test_the_worker_changes_nothing_on_the_seed_sources(tmp_path, monkeypatch):
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    sequential, _ = _load(tmp_path, monkeypatch, "0")
    parallel, parsed_here = _load(tmp_path, monkeypatch, "1")
    assert parallel == sequential
    assert parsed_here < _yaml_files(tmp_path / "sources")


@pytest.mark.parametrize("case", CASES)
def test_the_worker_changes_nothing_on_bad_input(tmp_path, monkeypatch, case):
    make_tree(tmp_path, case)
    sequential, _ = _load(tmp_path, monkeypatch, "0")
    assert _load(tmp_path, monkeypatch, "1")[0] == sequential


@pytest.mark.parametrize(("failure", "patience"), [
    (_Counted(die_after=0), 60.0),  # dies before sending anything
    (_Counted(die_after=40), 60.0),  # dies after a few chunks
    (_Counted(hang=True), 1.0),  # stuck: the parent stops waiting for it
    (_Counted(hang=True), None),  # stuck, in a build: the parent never waited
    (_Counted(die_after=40), None),
], ids=["dies-at-once", "dies-midway", "hangs", "hangs-no-wait", "dies-midway-no-wait"])
def test_a_worker_that_fails_leaves_the_parent_to_parse(corpus, monkeypatch, failure, patience):
    sequential, parsed = _load(corpus, monkeypatch, "0")
    monkeypatch.setattr(load, "_AHEAD_CHUNK", 16)
    started = time.monotonic()
    failure.parse = load.parse_text
    failure.parent = os.getpid()
    result, parsed_here = _load(corpus, monkeypatch, "1", failure, patience=patience)
    assert result == sequential
    assert time.monotonic() - started < 30
    if patience is None:
        return
    if failure.die_after == 40:
        assert parsed_here < parsed  # what it sent before dying was used
    else:
        assert parsed_here == parsed


def test_a_slow_worker_is_overtaken_and_changes_nothing(corpus, monkeypatch):
    sequential, _ = _load(corpus, monkeypatch, "0")
    slow = _Counted()
    real = slow.parse

    def slowly(text):
        time.sleep(0.003)
        return real(text)

    slow.parse = slowly  # both processes parse slowly: the parent overtakes the worker at times
    monkeypatch.setattr(load, "_AHEAD_CHUNK", 4)
    monkeypatch.setattr(load, "_AHEAD_LEAD", 8)
    assert _load(corpus, monkeypatch, "1", slow, patience=None)[0] == sequential


def test_an_overtaken_worker_moves_ahead_of_the_parent(tmp_path):
    """The worker's loop, run here: the parent has parsed files up to index 40 itself."""
    paths = []
    for index in range(200):
        path = tmp_path / f"{index:03}.yaml"
        path.write_text(f"id: e{index}\n", encoding="utf-8")
        paths.append((index, str(path)))
    data, (notes, note_out) = os.memfd_create("test"), os.pipe()
    position = mmap.mmap(-1, load._POSITION.size)
    load._POSITION.pack_into(position, 0, 40)
    try:
        load._parse_share(paths[30:], 200, {}, data, note_out, position)
        os.close(note_out)
        received, covered = [], []
        while note := os.read(notes, load._NOTE.size):
            upto, offset, size = load._NOTE.unpack(note)
            covered.append(upto)
            received.extend(marshal.loads(os.pread(data, size, offset)).values())
    finally:
        os.close(data)
        os.close(notes)
    first = 40 + load._AHEAD_LEAD + 1
    assert received == [{"id": f"e{index}"} for index in range(first, 200)]
    assert covered == sorted(covered) and covered[-1] == 200


def test_without_the_disk_cache_the_worker_still_parses(corpus, monkeypatch):
    sequential, parsed = _load(corpus, monkeypatch, "0", cache=False)
    parallel, parsed_here = _load(corpus, monkeypatch, "1", cache=False)
    assert parallel == sequential
    assert parallel["cache"] is None
    assert parsed_here < parsed


@pytest.mark.parametrize("parallel", ["", "1"])
def test_no_worker_when_the_cache_knows_the_files(tmp_path, monkeypatch, parallel):
    generate(1200, tmp_path, seed=1, copy_site=False)
    monkeypatch.setattr(load, "usable_cpus", lambda: 2)
    cold, _ = _load(tmp_path, monkeypatch, parallel)  # automatic: 1,200 events are enough
    load._FILE_CACHE.clear()
    load._LOADED_TREES.clear()

    def no_fork():
        raise AssertionError("forked a worker although the parse cache knows every file")

    monkeypatch.setattr(os, "fork", no_fork)
    monkeypatch.setenv("BRIEFING_PARALLEL", parallel)
    counted = _Counted()
    monkeypatch.setattr(load, "parse_text", counted)
    warm = load_sources(tmp_path / "sources", tmp_path)
    assert counted.calls == 0
    assert sum(map(len, warm.records.values())) == sum(map(len, cold["records"].values()))


def test_automatic_needs_a_large_tree_and_a_spare_cpu(corpus, monkeypatch):
    forks = []
    real_fork = os.fork

    def fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(load, "usable_cpus", lambda: 2)
    _load(corpus, monkeypatch, "")  # 300 events: below _AHEAD_AT
    assert not forks
    monkeypatch.setattr(load, "_AHEAD_AT", 100)
    monkeypatch.setattr(load, "usable_cpus", lambda: 1)
    _load(corpus, monkeypatch, "")
    assert not forks
    monkeypatch.setattr(load, "usable_cpus", lambda: 2)
    _load(corpus, monkeypatch, "0")
    assert not forks
    _load(corpus, monkeypatch, "")
    assert forks == [1]
