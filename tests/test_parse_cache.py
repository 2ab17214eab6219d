"""The parse cache on disk (.cache/briefing/parsed.marshal): a second process — `briefing build`
after `briefing validate` in CI, or a second local build — reads unchanged files from it. It must
never change what a build sees: the same records, positions and problems as a fresh parse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.load import reader as load
from builder.load.reader import PARSE_CACHE, load_sources
from builder.load.validate import validate
from tests.test_bad_inputs import CASES, make_tree


def _fresh_process() -> None:
    """Forget what this process loaded, as a new `briefing` process would."""
    load._FILE_CACHE.clear()
    load._LOADED_TREES.clear()


def _load(root: Path):
    _fresh_process()
    loaded = load_sources(root / "sources", root)
    problems, _ = validate(loaded)
    records = {kind: [(item.file, item.base, item.marks, item.record.model_dump()) for item in items]
               for kind, items in loaded.records.items()}
    return records, [p.format() for p in loaded.problems + problems], loaded.texts


@pytest.mark.parametrize("case", [None, *CASES])
def test_a_warm_cache_gives_what_a_fresh_parse_gives(tmp_path, monkeypatch, case):
    make_tree(tmp_path, case)
    monkeypatch.setenv("BRIEFING_PARSE_CACHE", "0")
    fresh = _load(tmp_path)
    assert not (tmp_path / PARSE_CACHE).exists()
    monkeypatch.delenv("BRIEFING_PARSE_CACHE")
    assert _load(tmp_path) == fresh  # parses, writes the cache
    assert (tmp_path / PARSE_CACHE).exists()
    if case is None:  # a valid tree: every file comes from the cache, none is parsed
        monkeypatch.setattr(load, "parse_text", _no_parsing)
    assert _load(tmp_path) == fresh  # reads it


def _no_parsing(text):
    raise AssertionError("parsed although the cache holds the text")


def test_an_edited_file_is_parsed_again(tmp_path):
    make_tree(tmp_path)
    _load(tmp_path)
    event = next((tmp_path / "sources" / "events").glob("*.yaml"))
    text = event.read_text(encoding="utf-8")
    edited = text.replace("title: ", "title: Edited ", 1)
    assert edited != text
    event.write_text(edited, encoding="utf-8")
    records, problems, _ = _load(tmp_path)
    assert any(dump["title"].startswith("Edited ") for *_, dump in records["event"])
    assert problems == []


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\xe3" * 10])
def test_an_unreadable_cache_is_ignored_and_replaced(tmp_path, garbage):
    make_tree(tmp_path)
    expected = _load(tmp_path)
    (tmp_path / PARSE_CACHE).write_bytes(garbage)
    assert _load(tmp_path) == expected
    assert (tmp_path / PARSE_CACHE).read_bytes() != garbage


def test_the_cache_forgets_files_that_are_gone(tmp_path):
    make_tree(tmp_path)
    _load(tmp_path)
    size = (tmp_path / PARSE_CACHE).stat().st_size
    shutil.rmtree(tmp_path / "sources" / "events")
    _load(tmp_path)
    assert (tmp_path / PARSE_CACHE).stat().st_size < size


def test_a_value_marshal_cannot_keep_leaves_only_that_entry_out(tmp_path):
    from builder.load.reader import ParseCache

    cache = ParseCache(tmp_path / "parsed.marshal")
    kept, _ = cache.parse("title: kept\n")
    cache.used[b"unkeepable"] = {"value": object()}  # no YAML tag gives one today
    cache.save()
    again = ParseCache(tmp_path / "parsed.marshal")
    assert list(again.known.values()) == [kept]
