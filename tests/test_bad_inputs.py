"""Bad input: every mistake an editor (or a hostile file) can make is reported with its file, line,
column and a message that says what to do — all problems at once, exit status 1, nothing built.

The corpus lives in tests/bad_inputs/<case>/: files that replace or join the valid tree in
tests/bad_inputs/_base/, and an expected.txt listing, one per line, every problem the case must
produce ("file:line:column: message substring"; lines starting with # describe the case).
"""

from __future__ import annotations

import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.load.reader import MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_NODES, MAX_YAML_BYTES, load_sources
from builder.load.validate import validate
from builder.model.records import MAX_LONG_TEXT

CORPUS = Path(__file__).parent / "bad_inputs"
BASE = CORPUS / "_base" / "sources"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def expected_problems(case: str) -> list[tuple[str, str]]:
    """(location, message substring) pairs from a case's expected.txt."""
    result = []
    for line in (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        file, row, column, message = line.split(":", 3)
        result.append((f"{file}:{row}:{column}", message.strip()))
    return result


def make_tree(root: Path, case: str | None = None) -> Path:
    shutil.copytree(BASE, root / "sources")
    if case:
        shutil.copytree(CORPUS / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root / "sources"


def run_validate(root: Path):
    return CliRunner().invoke(main, ["validate", "-f", str(root / "mkdocs.yml")], catch_exceptions=False)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("sources/")]


def test_corpus_is_large_and_every_case_states_its_errors():
    assert len(CASES) >= 40
    for case in CASES:
        assert expected_problems(case), f"{case}/expected.txt lists no problem"


def test_base_tree_is_valid(tmp_path):
    make_tree(tmp_path)
    result = run_validate(tmp_path)
    assert result.exit_code == 0, result.output
    assert "sources are valid" in result.output


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_with_location_and_message(case, tmp_path):
    make_tree(tmp_path, case)
    result = run_validate(tmp_path)
    assert result.exit_code == 1, result.output
    reported = problem_lines(result.output)
    expected = expected_problems(case)
    for location, message in expected:
        at_location = [line for line in reported if line.startswith(location + ": ")]
        assert at_location, f"no problem at {location}; reported:\n" + "\n".join(reported)
        assert any(message in line for line in at_location), \
            f"at {location} expected {message!r}; reported:\n" + "\n".join(at_location)
    # Exactly the stated problems: no cascade of follow-on errors burying the real one.
    assert len(reported) == len(expected), "\n".join(reported)
    summary = result.output.strip().splitlines()[-1]
    files = len({location.split(":")[0] for location, _ in expected})
    assert summary.startswith(f"✗ {len(expected)} problem(s) in {files} file(s)."), summary


def test_all_problems_of_a_tree_are_reported_in_one_run(tmp_path):
    make_tree(tmp_path, "multi-error")
    result = run_validate(tmp_path)
    reported = problem_lines(result.output)
    assert len({line.split(":")[0] for line in reported}) >= 5
    assert len(reported) >= 5
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("✗ 8 problem(s) in 8 file(s). Checked:")
    assert sum(1 for line in result.output.splitlines() if line.startswith("✗")) == 1


def test_build_refuses_bad_sources_with_the_same_report(tmp_path):
    make_tree(tmp_path, "multi-error")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    result = CliRunner().invoke(main, ["build", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "sources/events/2025-11-24-rif-dimashq-caches.yaml:9:12: unknown actor 'centcomm'" in result.output
    assert "8 problem(s) in 8 file(s); nothing was built." in result.output
    assert not (tmp_path / "site").exists()


# --- inputs that are odd but valid: accepted, not reported -------------------------------------


def test_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path):
    sources = make_tree(tmp_path)
    for path in [*sources.rglob("*.txt"), *sources.rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    problems, counts = validate(load_sources(sources, tmp_path))
    assert problems == []
    assert counts["quotes verified"] == 11


def test_an_unquoted_year_is_a_date(tmp_path):
    sources = make_tree(tmp_path)
    path = sources / "operations.yaml"
    path.write_text(path.read_text().replace("date: 2025-12/2026-02", "date: 2025"))
    problems, _ = validate(load_sources(sources, tmp_path))
    assert problems == []


# --- resource bounds: hostile files fail fast, in little memory, with a clear message ----------


# Times are CPU seconds of this process (time.process_time): a busy machine does not fail the tests,
# a quadratic or exploding loader does.


def _timed_load(sources: Path, root: Path):
    tracemalloc.start()
    started = time.process_time()
    try:
        problems, _ = validate(load_sources(sources, root))
        return problems, time.process_time() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_alias_bomb_fails_fast_in_little_memory(tmp_path):
    sources = make_tree(tmp_path)
    # Billion laughs: 30 levels of ten aliases each would expand to 10^30 values.
    lines = ["lol0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 30)]
    (sources / "events" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    problems, _, peak = _timed_load(sources, tmp_path)
    assert [p.format() for p in problems] == [
        "sources/events/bomb.yaml:2:12: YAML alias '*a0' is not allowed — write each value out in full; "
        "anchors (&name) and aliases (*name) are refused"]
    assert peak < 20e6


@pytest.mark.parametrize("where, limit", [("events/huge.yaml", MAX_YAML_BYTES),
                                          ("documents/huge.txt", MAX_DOCUMENT_BYTES),
                                          ("places.yaml", 10_000_000)])
def test_a_50_mb_file_is_refused_unread(tmp_path, where, limit):
    sources = make_tree(tmp_path)
    path = sources / where
    with path.open("wb") as handle:  # 50 MB of plausible YAML, written in 1 MB blocks
        block = b"- id: x\n  name: " + b"y" * (1_000_000 - 20) + b"\n"
        for _ in range(50):
            handle.write(block)
    problems, _, peak = _timed_load(sources, tmp_path)
    messages = [p.format() for p in problems]
    assert messages[0].startswith(f"sources/{where}:1:1: file is 50.0 MB; the limit is {limit / 1e6:.0f} MB")
    assert peak < 10e6
    if where == "places.yaml":  # events naming places are not reported: the real problem is the file
        assert len(messages) == 1


def test_too_many_values_in_one_file_stop_early(tmp_path):
    sources = make_tree(tmp_path)
    (sources / "glossary.yaml").write_text("- [" + "1, " * (MAX_NODES + 10) + "1]\n")
    problems, _ = validate(load_sources(sources, tmp_path))
    assert [p.message for p in problems] == [f"more than {MAX_NODES:,} values in one file"]
    assert problems[0].file == "sources/glossary.yaml" and problems[0].line == 1


def test_deep_nesting_is_refused(tmp_path):
    sources = make_tree(tmp_path)
    (sources / "events" / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    (sources / "events" / "deep2.yaml").write_text(
        "a:" + "".join("\n" + "  " * (i + 1) + f"k{i}:" for i in range(MAX_DEPTH + 5)) + " x\n")
    problems, _, _ = _timed_load(sources, tmp_path)
    assert [(p.file, p.message) for p in problems] == [
        ("sources/events/deep.yaml", "YAML syntax error: exceeded maximum nesting depth"),
        ("sources/events/deep2.yaml", f"nesting deeper than {MAX_DEPTH} levels"),
    ]


def test_an_overlong_text_is_reported_by_size_not_echoed(tmp_path):
    sources = make_tree(tmp_path)
    path = sources / "events" / "2025-12-03-idlib-arrests.yaml"
    text = path.read_text()
    summary_line = next(line for line in text.splitlines() if line.startswith("summary:"))
    path.write_text(text.replace(summary_line, "summary: " + "x" * 900_000))
    problems, _, _ = _timed_load(sources, tmp_path)
    assert [p.format() for p in problems] == [
        f"sources/events/2025-12-03-idlib-arrests.yaml:5:10: summary: 900,000 characters; the limit is "
        f"{MAX_LONG_TEXT:,} — shorten it (see the limits in docs/guide/validation.md)"]


def test_closest_passage_stays_fast_on_a_large_document(tmp_path):
    sources = make_tree(tmp_path)
    document = sources / "documents" / "idlib-raid-report.txt"
    filler = "Security officials said the situation in the province remained calm on Tuesday. " * 55_000
    document.write_text(document.read_text() + filler)  # ≈ 4.5 MB
    event = sources / "events" / "2025-12-03-idlib-arrests.yaml"
    long_quote = "raided a home in Idlib city and detained two suspects " * 30
    event.write_text(event.read_text().replace(
        "raided a house in Idlib city and arrested two ISIS suspects", long_quote.strip()))
    started = time.process_time()
    problems, _ = validate(load_sources(sources, tmp_path))
    assert time.process_time() - started < 3
    assert len(problems) == 1 and "quote not found in document 'idlib-raid-report'" in problems[0].message


def test_the_editors_guide_states_the_limits_the_code_enforces():
    from builder.load import reader as load
    from builder.model import records as model

    guide = (Path(__file__).parent.parent / "docs" / "guide" / "validation.md").read_text(encoding="utf-8")
    limits = guide.split("## Limits", 1)[1]
    expected = {
        "An event file": f"{load.MAX_YAML_BYTES / 1e6:.0f} MB",
        "A list file": f"{load.MAX_LIST_FILE_BYTES / 1e6:.0f} MB",
        "A document": f"{load.MAX_DOCUMENT_BYTES / 1e6:.0f} MB",
        "Values in one file": f"{load.MAX_NODES:,}",
        "Nesting depth": f"{load.MAX_DEPTH} levels",
        "An id": f"{model.MAX_ID} characters",
        "A name, alias": f"{model.MAX_SHORT_TEXT:,} characters",
        "A summary": f"{model.MAX_LONG_TEXT:,} characters",
        "A quote": f"to {model.MAX_QUOTE:,} characters",
        "Entries in one list": f"| {model.MAX_LIST} |",
    }
    for row_start, value in expected.items():
        row = next(line for line in limits.splitlines() if line.startswith(f"| {row_start}"))
        assert value in row, (row, value)
    # Every message quoted in the guide's tables is one the code can produce (no stale entries).
    sources = "".join((Path(__file__).parent.parent / "builder" / name).read_text()
                      for name in ("load/reader.py", "load/validate.py", "load/quotes.py", "model/records.py",
                                   "model/dates.py"))
    for phrase in ("is not a valid id", "is a reserved name", "has the wrong form", "is not allowed",
                   "needs at least", " entries; ", "characters; the limit is", "is empty",
                   "only if case is ignored", "closest passage", "is part of a cycle", "also names",
                   "is after its sources were published", "document front matter is not closed",
                   "not UTF-8", "more than", "nesting deeper than", "merge keys", "is listed twice"):
        assert phrase in guide and phrase in sources, phrase
