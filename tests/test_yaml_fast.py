"""The fast YAML path (builder/load/yaml_fast.py): ryaml's data is used only where it is what the exact
parser (load.parse_yaml, PyYAML) gives. Every test here compares the two: on each kind of scalar in
each place a scalar can stand, on the structures the loader refuses, on random documents, and on
whole trees, the seed briefing and every bad-input case included (same records, positions and
problems, with or without the fast path)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from builder.load import reader as load
from builder.load import yaml_fast
from builder.load.reader import load_sources
from builder.load.validate import validate
from tests.test_bad_inputs import CASES, make_tree

REPO = Path(__file__).resolve().parent.parent
PROBLEM = "problem"

# Scalars as an editor may type them: where YAML 1.1 (PyYAML) and 1.2 (ryaml) agree, and where not.
SCALARS = [
    # agreed: the fast path must take these
    "attack", "Attack on a checkpoint", "2", "-3", "+12", "0", "-0", "0x1F", "-0x1F", "0b101", "2.5", "-2.5",
    "1.", "0.", ".5", "1.5e-3", "1.0e+3", ".inf", "-.inf", "+.inf", ".Inf", ".nan", ".NaN", "true", "True",
    "TRUE", "false", "null", "Null", "NULL", "~", "2025-12-03", "2025-12", "2025-12-03T10:00:00Z", "2025-12~",
    "'quoted'", '"double"', "'2'", '"yes"', "''", '""', "'it''s'", '"\\u00e9t\\u00e9"', '"tab\\there"',
    "0000-417a8f9e121404f2", "Raqqa: east", "a#b", "a - b", "y", "n", "nan", "inf", "infinity", "NaN",
    "09", "0X1f", "0O17", "tRUE", "nULL", "0x", "1e400", "1.7976931348623157e309",
    # disputed: YAML 1.1 reads these otherwise
    "yes", "No", "on", "OFF", "010", "00", "+010", "-010", "0o17", "+0o7", "-0o7", "1_000", "-1_0", "1__0",
    "0x_1", "0b_1", "1_0.5", "1:20", "190:20:30.15", "1e3", "1E3", "1E+3", "1.5e3", ".5e3", "1.e3", "0e0", "-.5",
    "+.5", "-.nan", "=", "<<", "123456789012345678901234", "-9223372036854775809", "18446744073709551615",
]
CONTEXTS = [
    "a: {s}\n", "- {s}\n", "[{s}, 1]\n", "{{a: {s}}}\n", "{s}: 1\n", "{s}\n", "a: {s} # note\n",
    "a:\n  - b: {s}\n    c: 2.5\n", "? {s}\n: 1\n", "a: [x, {s}]\nb: 1.5\n", "a: {s}\nb: -.5\n",
]
STRUCTURES = [
    "", "# only a comment\n", "---\na: 1\n", "---\na: 1\n...\n", "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n",
    "\ufeffa: 1\n", "a: 1\r\nb: [x, y]\r\n", "a: 1\na: 2\n", "a: 1\n'a': 2\n", "a: &x 1\nb: *x\n",
    "a: &x 1\nb: 2\n", "<<: {b: 1}\n", "a: {<<: {b: 1}}\n", "a: !!str 1\n", "a: !!int '3'\n", "a: !foo x\n",
    "a: !!binary aGVsbG8=\n", "a: !!python/name:os.system x\n", "a:\n\tb: 1\n", "a: 'x\tb'\n", "a: |\n  x\n  y\n",
    "a: >-\n  x\n  y\n", "a: |+\n  x\n\n", "a: b\n  c\n", "[1, 2\n", "a: 'x\n", "? [a]\n: b\n", "1: a\n",
    "true: a\n", "~: a\n", "1.5: a\n", "null: a\n", "'1': a\n", "a:\n  b:\n    c: [1, {d: e}]\n",
    "a: \"\\x41\\N\\/\"\n", "a: \"\\ud800\"\n", "a: b: c\n", "- - - x\n", "{a: 1, b: [2, 3], c: {d: 4.5}}\n",
    "a: 'Stop!'\n", "a: Stop!\n", "a: x*y\n", "a: 5 * 3\n", "a: AT&T\n", "a: Q & A\n", "- &a\n- &a\n",
    "\ufeff&a x\n", "[&a 1, *a]\n", "{a: !t x}\n", "a: [x,&b y]\n",
    "a: " + "[" * 11 + "x" + "]" * 11 + "\n", "a: " + "[" * 12 + "x" + "]" * 12 + "\n",
    "a: " + "[" * 12 + "]" * 12 + "\n", "a: " + "[" * 13 + "]" * 13 + "\n", "a: " + "[" * 200 + "]" * 200 + "\n",
    "k: " + "{a: " * 12 + "1" + "}" * 12 + "\n", "a: [" + "1, " * 70_000 + "1]\n",
]


def _typed(value):
    """A value with its types spelt out (1, 1.0 and True compare equal in Python) and key order kept."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _exact(text: str):
    try:
        return load.parse_yaml(text)[0]
    except load._YamlProblem:
        return PROBLEM


def _agrees(text: str) -> bool:
    """The fast path gives up, or gives what the exact parser gives; True when it gave."""
    fast = yaml_fast.parse(text)
    if fast is yaml_fast.UNSURE:
        return False
    exact = _exact(text)
    assert exact is not PROBLEM, f"the fast path read a text the exact parser refuses: {text!r}"
    assert _typed(fast) == _typed(exact), f"{text!r}: fast {fast!r}, exact {exact!r}"
    return True


def test_the_bounds_are_the_loaders():
    assert (yaml_fast.MAX_DEPTH, yaml_fast.MAX_NODES) == (load.MAX_DEPTH, load.MAX_NODES)


def test_large_files_take_the_fast_path_up_to_the_value_limit():
    # A list file of many records (places.yaml at 10,000 events is 120 KB) is read the fast way...
    records = "".join(f"- id: p{i}\n  lat: {i}.5\n" for i in range(load.MAX_NODES // 6))
    assert _agrees(records)
    # ...and past the limit on values the exact parser decides (it refuses the file).
    flat = "- [" + ", ".join(["1"] * (load.MAX_NODES + 10)) + "]\n"
    assert yaml_fast.parse(flat) is yaml_fast.UNSURE and _exact(flat) is PROBLEM


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_scalar_in_every_place_reads_as_the_exact_parser_reads_it(context):
    taken = {s for s in SCALARS if _agrees(context.format(s=s))}
    if context in ("a: {s}\n", "- {s}\n", "[{s}, 1]\n"):
        # The common forms go the fast way (else the fast path is broken, or not installed).
        assert {"attack", "2", "-3", "2.5", "true", "null", "2025-12-03", "'quoted'", "0000-417a8f9e121404f2",
                "Attack on a checkpoint"} <= taken


@pytest.mark.parametrize("text", STRUCTURES)
def test_structures_the_loader_refuses_or_reads_its_own_way(text):
    _agrees(text)


def test_what_only_the_exact_parser_can_judge_is_left_to_it():
    for text in ("a: 1\na: 2\n", "a: &x 1\nb: *x\n", "- &a\n- &a\n", "<<: {b: 1}\n", "a: !!str 1\n", "a: yes\n", "a: 010\n",
                 "a: 0o17\n", "a: 1e3\nb: 2.5\n", "a: -.5\n", "1: a\n", "a: " + "[" * 13 + "x" + "]" * 13 + "\n"):
        assert yaml_fast.parse(text) is yaml_fast.UNSURE, text
    for text in ("a: AT&T\n", "a: Stop!\n", "a: 5*3\n", "a: [x, 'y!']\n"):  # text to both parsers
        assert _agrees(text), text


_WORDS = st.sampled_from(SCALARS + ["x", "a b", "a: b", "- x", "#", "'", '"', "[", "]", "{", "}", ",", "?", "|",
                                    ">", "&a", "*a", "!t", "%", "@", "`", "\t", " ", "  ", "\n", "\n  ", "é"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_random_texts_read_alike(words):
    _agrees("".join(words))
    _agrees("a: " + " ".join(words) + "\n")
    _agrees("- " + "\n- ".join(words) + "\n")


_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20) | st.sampled_from(SCALARS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DATA, st.sampled_from([None, True, False]))
def test_dumped_data_reads_alike(data, flow):
    _agrees(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))


def _load_tree(root: Path, monkeypatch, fast: bool, positions: bool = True):
    """Load and validate a tree as a new process would (no caches), with or without the fast path;
    with every record's positions (worked out now, by the same parser either way: LazyMarks)."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yaml_fast, "ryaml", None)
        loaded = load_sources(root / "sources", root)
        problems, counts = validate(loaded)
        records = {kind: [(item.file, item.base, item.marks if positions else None, item.record.model_dump())
                          for item in items]
                   for kind, items in loaded.records.items()}
    return {"records": records, "problems": [p.format() for p in loaded.problems + problems],
            "texts": loaded.texts, "failed": loaded.failed, "counts": counts}


@pytest.mark.parametrize("case", [None, *CASES])
def test_a_tree_loads_the_same_with_the_fast_path(tmp_path, monkeypatch, case):
    make_tree(tmp_path, case)
    assert _load_tree(tmp_path, monkeypatch, fast=True) == _load_tree(tmp_path, monkeypatch, fast=False)


def test_the_seed_briefing_loads_the_same_with_the_fast_path(tmp_path, monkeypatch):
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    assert _load_tree(tmp_path, monkeypatch, fast=True) == _load_tree(tmp_path, monkeypatch, fast=False)


def test_a_generated_briefing_loads_without_the_exact_parser_until_a_problem_needs_a_position(tmp_path, monkeypatch):
    generate(200, tmp_path, seed=5, copy_site=False)
    exact_calls: list[str] = []
    real = load.parse_yaml

    def counted(text):
        exact_calls.append(text)
        return real(text)

    monkeypatch.setattr(load, "parse_yaml", counted)
    fast = _load_tree(tmp_path, monkeypatch, fast=True, positions=False)
    assert fast["problems"] == [] and exact_calls == []  # loaded without it
    monkeypatch.setattr(load, "parse_yaml", real)
    assert fast == _load_tree(tmp_path, monkeypatch, fast=False, positions=False)

    # One event with an unknown field: the exact parser runs for that file only, for its position.
    event = sorted((tmp_path / "sources" / "events").glob("*.yaml"))[7]
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("\ntype:", "\nsumary: a typo\ntype:", 1), encoding="utf-8")
    line = text[: text.index("\ntype:")].count("\n") + 2
    monkeypatch.setattr(load, "parse_yaml", counted)
    broken = _load_tree(tmp_path, monkeypatch, fast=True, positions=False)
    assert len(exact_calls) == 1 and "sumary" in exact_calls[0]
    assert any(p.startswith(f"sources/events/{event.name}:{line}:1:") and "sumary" in p for p in broken["problems"])
