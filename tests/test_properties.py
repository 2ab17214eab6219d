"""Property tests: whatever bytes an editor (or an attacker) puts under sources/, the builder answers
with problems it can print — never a traceback; and the date model never claims more precision
than a date has."""

from __future__ import annotations

import atexit
import calendar
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from builder.load import reader as load
from builder.model.dates import MONTHS, DateError, FuzzyDate, parse_date
from builder.pipeline import build_briefing
from builder.problems import BriefingError, Problem

BASE = Path(__file__).parent / "bad_inputs" / "_base" / "sources"
# Thousands of tiny trees: in memory when the system offers a RAM-backed folder.
FAST_TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each loader example builds a whole (small) tree: fewer examples keep the suite fast.
LOADER_PROPERTY = settings(PROPERTY, max_examples=100)

# Where a random file may land: an event, a list file, a document (with or without front matter).
TARGETS = ["events/random.yaml", "events/2025-12-03-idlib-arrests.yaml", "actors.yaml", "places.yaml",
           "glossary.yaml", "operations.yaml", "documents/random.txt", "documents/idlib-raid-report.txt"]


_TREE: list[Path] = []


def _tree() -> Path:
    """One copy of the base tree for the whole module (copying one per example is the slow part)."""
    if not _TREE:
        root = Path(tempfile.mkdtemp(prefix="briefing-properties-", dir=FAST_TMP))
        atexit.register(shutil.rmtree, root, True)
        shutil.copytree(BASE, root / "sources")
        _TREE.append(root)
    return _TREE[0]


def build_with(files: dict[str, bytes]) -> list[Problem]:
    """Build the base tree with files replaced; return the problems (empty when it built)."""
    root = _tree()
    originals = {}
    for relative, data in files.items():
        target = root / "sources" / relative
        originals[target] = target.read_bytes() if target.exists() else None
        target.write_bytes(data)
    # Same paths, maybe the same size within one clock tick: never reuse a cached parse.
    try:
        build_briefing(root / "sources", "t", root)
    except BriefingError as error:
        problems = error.problems
        assert problems
        for problem in problems:
            assert isinstance(problem.message, str) and problem.message
            assert problem.line >= 1 and problem.column >= 1
            assert problem.file.startswith("sources/")
            assert len(problem.format()) < 2000  # a message never echoes a whole file
        return problems
    finally:
        for target, original in originals.items():
            if original is None:
                target.unlink()
            else:
                target.write_bytes(original)
    return []


def wrap(target: str, body: str) -> str:
    """Documents get front matter half of the time so the body's YAML is what is parsed."""
    return f"---\n{body}\n---\nText.\n" if target.startswith("documents/") else body


YAML_TOKENS = [
    "- ", ": ", "\n", "  ", "\t", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "<<: ", "!!str ", "!!python/object ",
    "!x ", "'", '"', "# c", "|", ">-", "---", "...", "? ", "%YAML 1.1\n", "~", "null", "true", "1e9", "-1", "0x1F",
    "id", "title", "date", "type", "sources", "document", "quote", "actors", "actor", "role", "figures", "min",
    "max", "value", "lat", "lon", "aliases", "name", "kind", "part_of", "governorate", "term", "definition",
    "2025-02-30", "2025-12-03", "2025-12~", "2025/2024", "idlib", "isis", "centcom", "idlib-raid-report",
    "raided a house", "é", "\u2028", "\x00", "\ufeff", "\x85", "=", "@", "`", "\\", "\r\n",
]
yamlish = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)

FIELD_NAMES = ["id", "title", "date", "type", "summary", "sources", "document", "quote", "actors", "actor",
               "role", "places", "figures", "measure", "value", "min", "max", "name", "kind", "aliases",
               "part_of", "lat", "lon", "precision", "term", "definition", "credibility", "published"]
scalars = (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True)
           | st.text(max_size=30) | st.sampled_from(["idlib", "isis", "2025-12-03", "2025-02-30", "idlib-raid-report",
                                                      "arrest", "conducted", "raided a house in Idlib city"]))
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=6),
    max_leaves=30,
)


@LOADER_PROPERTY
@given(target=st.sampled_from(TARGETS), data=st.binary(max_size=300))
@example(target="events/random.yaml", data=b"\xff\xfe\x00a")
@example(target="documents/random.txt", data=b"---\n\xc3(\n---\n")
def test_any_bytes_load_or_yield_problems(target, data):
    build_with({target: data})


@LOADER_PROPERTY
@given(target=st.sampled_from(TARGETS), text=st.text(max_size=300))
def test_any_text_loads_or_yields_problems(target, text):
    build_with({target: wrap(target, text).encode("utf-8", "surrogatepass")})


@LOADER_PROPERTY
@given(target=st.sampled_from(TARGETS), text=yamlish)
@example(target="events/random.yaml", text="a: &a [1]\nb: *a\n")
@example(target="actors.yaml", text="- <<: {id: x}\n")
def test_yaml_like_text_loads_or_yields_problems(target, text):
    build_with({target: wrap(target, text).encode("utf-8", "surrogatepass")})


@LOADER_PROPERTY
@given(target=st.sampled_from(TARGETS), value=structures)
def test_random_structures_load_or_yield_problems(target, value):
    text = yaml.safe_dump(value, allow_unicode=True)
    build_with({target: wrap(target, text).encode("utf-8", "surrogatepass")})


@LOADER_PROPERTY
@given(changes=st.dictionaries(st.sampled_from(["id", "date", "type", "places", "actors", "figures", "sources",
                                                "credibility", "operation", "summary", "date_qualifier"]),
                               structures, min_size=1, max_size=3))
def test_an_event_with_random_field_values_loads_or_yields_problems(changes):
    event = yaml.safe_load((BASE / "events" / "2025-12-03-idlib-arrests.yaml").read_text())
    event.update(changes)
    problems = build_with({"events/2025-12-03-idlib-arrests.yaml":
                           yaml.safe_dump(event, allow_unicode=True).encode("utf-8", "surrogatepass")})
    for problem in problems:
        assert problem.file != "sources/events/2025-12-03-idlib-arrests.yaml" or problem.line <= 200


# --- dates ------------------------------------------------------------------------------------

MONTH_NAMES = set(MONTHS[1:])


def check_honest(parsed: FuzzyDate) -> None:
    assert parsed.start <= parsed.end
    shown = parsed.display()
    named_months = {m for m in MONTH_NAMES if m in shown}
    points = [parsed.begin] + ([parsed.finish] if parsed.finish else [])
    if all(p.month is None for p in points):
        assert not named_months, shown  # a year is never shown as a month
    if not any(p.day for p in points):
        # No day is invented: the only numbers shown are years.
        assert all(len(number) == 4 for number in re.findall(r"\d+", shown)), shown
    assert ("around" in shown) == parsed.approximate
    assert ("uncertain" in shown) == parsed.uncertain
    if parsed.qualifier:
        assert parsed.qualifier in shown
        assert parsed.precision in ("month", "year")


date_text = st.text(alphabet="0123456789-/~?% Xe", max_size=25)


@PROPERTY
@given(text=date_text | st.text(max_size=25), qualifier=st.sampled_from([None, "early", "mid", "late", "soon", ""]))
@example(text="2025-02-29", qualifier=None)
@example(text="2024-02-29", qualifier="late")
@example(text="2025-12-05/2025-12-03", qualifier=None)
def test_parse_date_returns_an_honest_date_or_a_date_error(text, qualifier):
    try:
        parsed = parse_date(text, qualifier)
    except DateError as error:
        assert str(error)
        return
    check_honest(parsed)


@st.composite
def date_points(draw):
    year = draw(st.integers(1900, 2100))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    month = draw(st.integers(1, 12)) if precision != "year" else None
    day = draw(st.integers(1, calendar.monthrange(year, month)[1])) if precision == "day" else None
    flag = draw(st.sampled_from(["", "~", "?", "%"]))
    text = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "") + flag
    first = date(year, month or 1, day or 1)
    last = date(year, month or 12, day or calendar.monthrange(year, month or 12)[1])
    return text, first, last


@PROPERTY
@given(begin=date_points(), finish=st.none() | date_points(), qualifier=st.sampled_from([None, "early", "mid", "late"]))
def test_valid_dates_round_trip(begin, finish, qualifier):
    if finish is not None:
        assume(finish[2] >= begin[1])
        qualifier = None
        text = f"{begin[0]}/{finish[0]}"
        first, last = begin[1], finish[2]
    else:
        text, first, last = begin
        if begin[1] == begin[2]:  # a single day takes no qualifier
            qualifier = None
    parsed = parse_date(text, qualifier)
    assert parsed.text == text
    check_honest(parsed)
    if qualifier is None:
        assert (parsed.start, parsed.end) == (first, last)
    else:  # early/mid/late narrow the span, never widen it
        assert first <= parsed.start <= parsed.end <= last
    # The same text always means the same date.
    again = parse_date(text, qualifier)
    assert (again.start, again.end, again.display()) == (parsed.start, parsed.end, parsed.display())


@pytest.mark.parametrize("text", ["0000", "0001", "0025-11-24", "2025-11-24/0026-01-01"])
def test_implausible_years_are_date_errors_not_crashes(text):
    with pytest.raises(DateError, match="not plausible"):
        parse_date(text)
