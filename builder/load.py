"""Stage 1 — load: files → typed records, keeping file:line:column for every value.

YAML is parsed with the C safe loader into nodes (which carry marks), then turned into plain
data by hand so that duplicate keys, anchors/aliases and excessive nesting are refused with a
clear message, and every value's position is kept for later error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rapidfuzz import process

from . import model
from .problems import Problem, display_path

try:  # The C loader is ~9x faster and still gives marks on composed nodes.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

# Resource bounds (see docs/guide/validation.md).
MAX_YAML_BYTES = 1_000_000
MAX_LIST_FILE_BYTES = 10_000_000  # actors.yaml and friends hold many records
MAX_DOCUMENT_BYTES = 5_000_000
MAX_DEPTH = 12
MAX_NODES = 200_000

Path_ = tuple  # a position inside a YAML file: keys and list indexes


@dataclass
class Located:
    """A record and where each of its values stands in its file."""

    record: Any
    file: str
    marks: dict[Path_, tuple[int, int]]
    base: Path_ = ()  # the record's own position in its file (for list files)

    def where(self, *path: Any) -> tuple[int, int]:
        return locate(self.marks, self.base + tuple(path))


@dataclass
class LoadedSources:
    """Everything under sources/: records by kind, document texts, and load problems."""

    root: Path
    records: dict[str, list[Located]] = field(default_factory=lambda: {k: [] for k in model.KINDS})
    texts: dict[str, str] = field(default_factory=dict)  # document id → stored text
    problems: list[Problem] = field(default_factory=list)

    def of(self, kind: str) -> list[Any]:
        return [item.record for item in self.records[kind]]


def locate(marks: dict[Path_, tuple[int, int]], path: Path_) -> tuple[int, int]:
    """The mark of the deepest known prefix of path (a missing field points at its parent)."""
    path = tuple(path)
    while path:
        if path in marks:
            return marks[path]
        path = path[:-1]
    return marks.get((), (1, 1))


class _YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_constructor = yaml.constructor.SafeConstructor()


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _to_data(root: yaml.Node, marks: dict[Path_, tuple[int, int]]) -> Any:
    """Turn a composed node tree into plain data, recording marks; refuse aliases and deep trees."""
    seen: set[int] = set()
    count = 0

    def convert(node: yaml.Node, path: Path_, depth: int) -> Any:
        nonlocal count
        count += 1
        if id(node) in seen:
            raise _YamlProblem(*_mark(node), "YAML anchors and aliases (&name / *name) are not allowed",
                               "write each value out in full")
        if depth > MAX_DEPTH:
            raise _YamlProblem(*_mark(node), f"nesting deeper than {MAX_DEPTH} levels",
                               "briefing records are shallow; check the indentation")
        if count > MAX_NODES:
            raise _YamlProblem(*_mark(node), f"more than {MAX_NODES:,} values in one file",
                               "split the file")
        marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            seen.add(id(node))
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _YamlProblem(*_mark(key_node), "a key must be a plain word", "")
                key = key_node.value
                if key == "<<":
                    raise _YamlProblem(*_mark(key_node), "YAML merge keys (<<) are not allowed",
                                       "write each value out in full")
                if key in result:
                    first = marks[path + (key,)]
                    raise _YamlProblem(*_mark(key_node), f"duplicate key '{key}' (first at line {first[0]})",
                                       "keep one of them")
                marks[path + (key,)] = _mark(key_node)
                result[key] = convert(value_node, path + (key,), depth + 1)
                marks[path + (key,)] = _mark(value_node) if isinstance(value_node, yaml.ScalarNode) \
                    else marks[path + (key,)]
            return result
        if isinstance(node, yaml.SequenceNode):
            seen.add(id(node))
            return [convert(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        seen.add(id(node))
        if node.tag in (_TIMESTAMP, _STR):
            return node.value  # dates stay text: the date model parses them with their precision
        try:
            return _constructor.construct_object(node)
        except yaml.YAMLError as error:
            raise _YamlProblem(*_mark(node), f"cannot read value: {error}", "") from None

    return convert(root, (), 0)


def _has_tab(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    nearby = lines[max(0, line_index - 1): line_index + 1]
    return any("\t" in line[: len(line) - len(line.lstrip())] for line in nearby)


def parse_yaml(text: str) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    """Parse YAML text into data and marks; raise _YamlProblem with a position on any error."""
    marks: dict[Path_, tuple[int, int]] = {}
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = (error.problem or str(error)).strip()
        hint = "fix the YAML syntax"
        if mark is not None and _has_tab(text, mark.line):
            message, hint = "tab character in indentation", "YAML indents with spaces, not tabs"
        raise _YamlProblem(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                           f"YAML syntax error: {message}", hint) from None
    except yaml.YAMLError as error:
        raise _YamlProblem(1, 1, f"YAML error: {error}", "fix the YAML syntax") from None
    if node is None:
        return None, marks
    return _to_data(node, marks), marks


def _read_text(path: Path, limit: int) -> str:
    size = path.stat().st_size
    if size > limit:
        raise _YamlProblem(1, 1, f"file is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB",
                           "split it, or keep only the text that the briefing cites")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise _YamlProblem(line, column, f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded",
                           "save the file as UTF-8") from None


def _suggest(word: str, choices: list[str]) -> str:
    match = process.extractOne(word, choices, score_cutoff=60)
    return f"did you mean '{match[0]}'?" if match else ""


def schema_problems(error: ValidationError, kind: str, located: Located) -> list[Problem]:
    """Turn pydantic's errors into problems with positions and advice an editor can act on."""
    problems = []
    model_cls = model.KINDS[kind]
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        line, column = located.where(*loc)
        kind_of = item["type"]
        field_name = ".".join(str(p) for p in loc) or kind
        hint = ""
        if kind_of == "extra_forbidden":
            owner = _model_at(model_cls, loc[:-1])
            known = list(owner.model_fields) if owner else []
            message = f"unknown field '{loc[-1]}' in {kind}"
            hint = _suggest(str(loc[-1]), known) or f"allowed fields: {', '.join(known)}"
        elif kind_of == "missing":
            message = f"missing required field '{loc[-1]}' in {kind}"
            hint = "add it (see docs/guide/data-format.md)"
        elif kind_of == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            message = f"{field_name}: '{item['input']}' is not allowed"
            hint = _suggest(str(item["input"]), [e.strip(" '") for e in expected.replace(" or ", ", ").split(",")])
            hint = hint or f"use one of {expected}"
        elif kind_of == "string_pattern_mismatch" and loc and loc[-1] in ("id",) or (
                kind_of == "string_pattern_mismatch" and "Slug" in str(item.get("ctx", ""))):
            message = f"{field_name}: '{item['input']}' is not a valid id"
            hint = "use lowercase letters, digits and single hyphens, e.g. 'rif-dimashq'"
        elif kind_of == "string_pattern_mismatch":
            message = f"{field_name}: '{item['input']}' has the wrong form"
            hint = _pattern_hint(loc)
        elif kind_of == "value_error":
            message = f"{field_name}: {item['msg'].removeprefix('Value error, ')}"
        else:
            message = f"{field_name}: {item['msg']}"
            if "input" in item and not isinstance(item["input"], (dict, list)):
                message += f" (got {item['input']!r})"
        problems.append(Problem(located.file, line, column, message, hint))
    return problems


def _pattern_hint(loc: Path_) -> str:
    last = str(loc[-1]) if loc else ""
    if last in ("date", "published"):
        return "write an EDTF date such as 2025-11-24, 2025-12 or 2025-11-24/2025-11-27"
    if last in ("id", "measure", "attribute") or isinstance(loc[-1], int):
        return "use lowercase letters, digits and single hyphens, e.g. 'rif-dimashq'"
    if last == "url":
        return "write a full http(s):// address"
    return ""


def _model_at(model_cls: type, loc: Path_):
    """The pydantic model class that owns the field at loc (to list its allowed fields)."""
    current = model_cls
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        annotation = info.annotation
        for candidate in getattr(annotation, "__args__", (annotation,)):
            inner = getattr(candidate, "__args__", (candidate,))
            for c in inner:
                if isinstance(c, type) and issubclass(c, model.Record):
                    current = c
                    break
    return current


def _build(kind: str, data: Any, located: Located, problems: list[Problem]) -> None:
    if not isinstance(data, dict):
        line, column = located.where()
        problems.append(Problem(located.file, line, column,
                                f"expected a {kind} record (a mapping of field: value), got {type(data).__name__}",
                                "see docs/guide/data-format.md"))
        return
    try:
        located.record = model.KINDS[kind].model_validate(data)
    except ValidationError as error:
        problems.extend(schema_problems(error, kind, located))


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, body's first line) or None when there is no front matter."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return None
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            return front, body, index + 2
    return None


# Parsed files, kept between builds in one process (`mkdocs serve`): an edit to one event re-reads
# that file only. Keyed by path, modification time and size, so any change invalidates the entry.
_FILE_CACHE: dict[tuple, tuple] = {}


class Loader:
    """Reads one sources/ tree. ``load_sources`` is the entry point."""

    def __init__(self, sources: Path, project_root: Path | None = None):
        self.sources = sources
        self.root = project_root if project_root is not None else sources.parent
        self.result = LoadedSources(root=sources)

    def name(self, path: Path) -> str:
        return display_path(path, self.root)

    def problem(self, path: Path, line: int, column: int, message: str, hint: str = "") -> None:
        self.result.problems.append(Problem(self.name(path), line, column, message, hint))

    def run(self) -> LoadedSources:
        if not self.sources.is_dir():
            self.problem(self.sources, 1, 1, "no sources/ folder here",
                         "run from the project folder, or pass --sources PATH")
            return self.result
        for path in sorted((self.sources / "documents").glob("*")):
            if path.is_file() and not path.name.startswith("."):
                self._cached("document", path, self.load_document)
        for path in sorted((self.sources / "events").glob("*")):
            if path.is_file() and not path.name.startswith("."):
                if path.suffix not in (".yaml", ".yml"):
                    self.problem(path, 1, 1, "not a .yaml file", "event files end in .yaml")
                    continue
                self._cached("event", path, self.load_single)
        for kind, filename in (("actor", "actors.yaml"), ("operation", "operations.yaml"),
                               ("place", "places.yaml"), ("term", "glossary.yaml")):
            path = self.sources / filename
            if path.exists():
                self._cached(kind, path, self.load_list)
        return self.result

    def _cached(self, kind: str, path: Path, load) -> None:
        """Load one file, or reuse what it gave last time if it has not changed since."""
        try:
            stat = path.stat()
        except OSError as error:
            self.problem(path, 1, 1, f"cannot read file: {error.strerror}")
            return
        key = (str(path.resolve()), str(self.root.resolve()), kind)
        stamp = (stat.st_mtime_ns, stat.st_size)
        hit = _FILE_CACHE.get(key)
        if hit is None or hit[0] != stamp:
            saved = (len(self.result.problems), len(self.result.records[kind]), set(self.result.texts))
            load(kind, path)
            problems = self.result.problems[saved[0]:]
            records = self.result.records[kind][saved[1]:]
            texts = {k: v for k, v in self.result.texts.items() if k not in saved[2]}
            _FILE_CACHE[key] = (stamp, problems, records, texts)
            return
        _, problems, records, texts = hit
        self.result.problems.extend(problems)
        self.result.records[kind].extend(records)
        for document_id, text in texts.items():
            self.result.texts.setdefault(document_id, text)

    def _parse(self, path: Path, limit: int, text: str | None = None):
        try:
            if text is None:
                text = _read_text(path, limit)
            return parse_yaml(text)
        except _YamlProblem as error:
            self.problem(path, error.line, error.column, error.message, error.hint)
            return None

    def load_single(self, kind: str, path: Path) -> None:
        parsed = self._parse(path, MAX_YAML_BYTES)
        if parsed is None:
            return
        data, marks = parsed
        located = Located(None, self.name(path), marks)
        _build(kind, data, located, self.result.problems)
        if located.record is not None:
            self.result.records[kind].append(located)

    def load_list(self, kind: str, path: Path) -> None:
        parsed = self._parse(path, MAX_LIST_FILE_BYTES)
        if parsed is None:
            return
        data, marks = parsed
        if data is None:
            return
        if not isinstance(data, list):
            self.problem(path, 1, 1, f"expected a list of {kind} records (each starting with '- id:')",
                         "see docs/guide/data-format.md")
            return
        for index, item in enumerate(data):
            located = Located(None, self.name(path), marks, base=(index,))
            _build(kind, item, located, self.result.problems)
            if located.record is not None:
                self.result.records[kind].append(located)

    def load_document(self, kind: str, path: Path) -> None:
        try:
            text = _read_text(path, MAX_DOCUMENT_BYTES)
        except _YamlProblem as error:
            self.problem(path, error.line, error.column, error.message, error.hint)
            return
        split = _split_front_matter(text)
        if split is None:
            self.problem(path, 1, 1, "document has no front matter",
                         "start the file with a '---' line, the YAML fields (id, title, published …), "
                         "another '---' line, then the text")
            return
        front, body, _ = split
        try:
            data, marks = parse_yaml(front)
        except _YamlProblem as error:
            # Front matter starts on the file's second line.
            self.problem(path, error.line + 1, error.column, error.message, error.hint)
            return
        shifted = {key: (line + 1, column) for key, (line, column) in marks.items()}
        located = Located(None, self.name(path), shifted)
        _build("document", data, located, self.result.problems)
        if located.record is not None:
            self.result.records["document"].append(located)
            self.result.texts.setdefault(located.record.id, body)
            if not body.strip():
                self.problem(path, 1, 1, "document has no text after its front matter",
                             "paste the document's text below the closing '---'")


def load_sources(sources: Path, project_root: Path | None = None) -> LoadedSources:
    """Read every file under sources/ into records; problems are collected, never raised."""
    return Loader(Path(sources), project_root).run()
