"""The house rules for builder/'s code, checked so that they still hold tomorrow.

- no function or method longer than 60 lines (templates are not Python: they are not counted);
- no `global` statement;
- no module-level name bound to a mutable container (dict, list, set, …) that the module then
  changes: state lives on objects the caller owns, not in module globals;
- no cache on a module-level function (functools.lru_cache / cache): the same rule for state
  Python keeps on the module's behalf;
- module docstrings are short (at most 25 lines) and carry no timing figures (those are in
  bench/RESULTS.md).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parent.parent / "builder"
MAX_LINES = 60
MAX_DOCSTRING_LINES = 25

# Calls that make a mutable container, and methods that change one in place.
_MAKERS = {"dict", "list", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque", "ChainMap",
           "WeakValueDictionary", "WeakKeyDictionary", "WeakSet"}
_CHANGERS = {"append", "add", "update", "setdefault", "pop", "popitem", "clear", "extend", "insert", "remove",
             "discard", "sort", "reverse", "appendleft", "extendleft", "popleft", "move_to_end",
             "intersection_update", "difference_update", "symmetric_difference_update", "__setitem__",
             "__delitem__"}
_CACHES = {"lru_cache", "cache"}
# Caches measured to pay (bench/RESULTS.md), each on a pure function of immutable values: the only
# ones allowed. parse_date: ~450,000 calls for the same few thousand dates in a 10,000-event build.
_MEASURED_CACHES = {"builder/model/dates.py": {"parse_date"}}
# "~0.4 s", "12 ms", "0.26 ms per file", "at 10,000 events", "in 3.5 s".
_TIMING = re.compile(r"~\s*\d[\d.,]*\s*(?:s|ms|µs)\b|\b\d[\d.,]*\s*(?:ms|µs)\b|\b\d+\.\d+\s*s\b"
                     r"|\bat \d{1,3}(?:,\d{3})+ (?:events|files|pages|documents)\b")


def _modules() -> list[Path]:
    return sorted(BUILDER.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(BUILDER.parent).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _makes_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.BinOp):  # {…} | {…}, [...] + [...]
        return _makes_container(value.left) or _makes_container(value.right)
    if isinstance(value, ast.Call):
        func = value.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return called in _MAKERS
    return False


def _module_containers(tree: ast.Module) -> set[str]:
    """Names the module binds, at its top level, to a mutable container."""
    names = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and _makes_container(statement.value):
            names |= {target.id for target in statement.targets if isinstance(target, ast.Name)}
        elif (isinstance(statement, ast.AnnAssign) and _makes_container(statement.value)
              and isinstance(statement.target, ast.Name)):
            names.add(statement.target.id)
    return names


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names a function binds itself (its parameters and assignments): they hide module names."""
    args = function.args
    names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _changed_name(node: ast.AST) -> tuple[str, int] | None:
    """(name, line) when *node* changes the container a plain name refers to."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CHANGERS
            and isinstance(node.func.value, ast.Name)):
        return node.func.value.id, node.lineno
    targets = (node.targets if isinstance(node, (ast.Assign, ast.Delete))
               else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
    for target in targets:
        if isinstance(target, (ast.Subscript, ast.Attribute)) and isinstance(target.value, ast.Name):
            return target.value.id, node.lineno
        if isinstance(node, ast.AugAssign) and isinstance(target, ast.Name):
            return target.id, node.lineno
    return None


def _mutations(tree: ast.Module) -> list[tuple[str, int]]:
    """Places where the module changes a container bound to one of its module-level names."""
    containers = _module_containers(tree)
    found = []

    def visit(node: ast.AST, hidden: frozenset[str]) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            hidden = hidden | _locals(node)
        changed = _changed_name(node)
        if changed and changed[0] in containers and changed[0] not in hidden:
            found.append(changed)
        for child in ast.iter_child_nodes(node):
            visit(child, hidden)

    visit(tree, frozenset())
    return found


def test_the_rules_see_what_they_forbid():
    bad = ast.parse(
        "CACHE = {}\nSEEN: list = []\nFROZEN = {'a': 1}\nimport functools\n"
        "def f(x):\n    global COUNT\n    CACHE[x] = 1\n    SEEN.append(x)\n    FROZEN.get(x)\n"
        "def g(CACHE):\n    CACHE[1] = 2\n"
        "@functools.lru_cache(maxsize=1)\ndef h():\n    return 1\n")
    assert sorted(name for name, _ in _mutations(bad)) == ["CACHE", "SEEN"]
    assert any(isinstance(node, ast.Global) for node in ast.walk(bad))
    assert [f.name for f in _cached_functions(bad)] == ["h"]
    assert _TIMING.search("costs ~0.4 s at 10,000 events") and _TIMING.search("12 ms an object")
    assert not _TIMING.search("a 60-line function; 2025-12-02; RFC 5545")


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_functions_are_at_most_60_lines(path):
    long = [f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
            for node in ast.walk(_tree(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_LINES]
    assert not long, f"split into well-named helpers: {long}"


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_global_statements(path):
    lines = [node.lineno for node in ast.walk(_tree(path)) if isinstance(node, ast.Global)]
    assert not lines, f"`global` at lines {lines}: keep the state on an object the caller owns"


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_mutable_module_state(path):
    changed = _mutations(_tree(path))
    assert not changed, (f"module-level containers changed at {changed}: build them in one expression "
                         "if they are constants, else keep them on an object the caller owns")


def _cached_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    def cache(decorator: ast.expr) -> bool:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return (target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")) in _CACHES

    return [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and any(cache(decorator) for decorator in node.decorator_list)]


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_caches_on_module_functions(path):
    allowed = _MEASURED_CACHES.get(_name(path), set())
    cached = [f"{node.name} (line {node.lineno})" for node in _cached_functions(_tree(path))
              if node.name not in allowed]
    assert not cached, f"a cache kept by the module: {cached}; keep it on an object the caller owns"


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_module_docstrings_carry_no_timings(path):
    doc = ast.get_docstring(_tree(path)) or ""
    found = [match.group() for match in _TIMING.finditer(doc)]
    assert not found, f"timing figures {found} belong in bench/RESULTS.md, not the module docstring"


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_module_docstrings_are_short(path):
    """What the module does and why, not a manual: details belong in docs/ (see docs/architecture.md)."""
    doc = ast.get_docstring(_tree(path)) or ""
    assert len(doc.splitlines()) <= MAX_DOCSTRING_LINES, f"{len(doc.splitlines())} lines; move the detail to docs/"
