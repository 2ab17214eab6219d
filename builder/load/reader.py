"""Stage 1 — load: files → typed records, with file:line:column for every value when a problem needs it.

YAML is parsed with PyYAML's C safe loader into nodes (which carry marks: where each value stands),
then turned into plain data by hand so that duplicate keys, anchors/aliases and excessive nesting
are refused with a clear message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz, process

from builder.model import records as model
from builder.problems import Problem, display_path

try:  # The C loader is much quicker and still gives marks on composed nodes.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

# The safe loader's implicit scalar types (null, bool, int, float, timestamp…), by first character.
_IMPLICIT = {first: tuple(resolvers) for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_SEQ, _MAP, _PLAIN_STR = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):
    """The safe loader with a lean tag resolver: the same tags, without path resolvers.

    The C composer calls back into Python to resolve every node's tag (~790,000 times at 10,000
    events); PyYAML's general resolver walks path-resolver stacks we never use.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _PLAIN_STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

# Resource bounds (see docs/guide/validation.md).
MAX_YAML_BYTES = 1_000_000
MAX_LIST_FILE_BYTES = 10_000_000  # actors.yaml and friends hold many records
MAX_DOCUMENT_BYTES = 5_000_000
MAX_DEPTH = 12
MAX_NODES = 200_000

Path_ = tuple  # a position inside a YAML file: keys and list indexes
KEY = "<key>"  # marks[path + (KEY,)]: where the key of the field at path stands (for unknown fields)
ANY_ID = "*"  # in LoadedSources.failed: every record of the kind is unknown (its file did not load)


class Located:
    """A record and where each of its values stands in its file."""

    __slots__ = ("base", "file", "marks", "record")

    def __init__(self, record: Any, file: str, marks: dict[Path_, tuple[int, int]], base: Path_ = ()):
        self.record, self.file, self.marks = record, file, marks
        self.base = base  # the record's own position in its file (for list files)

    def where(self, *path: Any) -> tuple[int, int]:
        return locate(self.marks, self.base + tuple(path))

    def __repr__(self) -> str:
        return f"Located({self.record!r}, {self.file!r}, base={self.base!r})"


@dataclass
class LoadedSources:
    """Everything under sources/: records by kind, document texts, and load problems."""

    root: Path
    records: dict[str, list[Located]] = field(default_factory=lambda: {k: [] for k in model.KINDS})
    texts: dict[str, str] = field(default_factory=dict)  # document id → stored text
    problems: list[Problem] = field(default_factory=list)
    # Ids of records that exist but failed to load (their problem is already reported): references
    # to them are not reported again as "unknown".
    failed: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in model.KINDS})
    # What each file gave (read_file's result), by (kind, path).
    by_file: dict[tuple, tuple] = field(default_factory=dict, repr=False)

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
_TEXT_TAGS = (_STR, _TIMESTAMP)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode, constructor: yaml.constructor.SafeConstructor) -> Any:
    if node.tag in _TEXT_TAGS:
        return node.value  # dates stay text: the date model parses them with their precision
    try:
        return constructor.construct_object(node)
    except yaml.YAMLError as error:
        reason = getattr(error, "problem", None) or str(error)  # without PyYAML's "in <unicode string>"
        raise _YamlProblem(*_mark(node), f"cannot read value: {reason}",
                           "write plain text, a number or a list, without a !tag") from None


def _to_data(root: yaml.Node, marks: dict[Path_, tuple[int, int]]) -> Any:
    """Turn a composed node tree into plain data, recording marks; refuse merge keys, duplicate keys
    and deep or huge trees.

    Aliases never get here: an alias needs a '*' in the text, and parse_yaml streams such a text
    through _scan first, which refuses it where it stands. This walk runs once per YAML node of
    every file, so a mapping's scalar values are handled inline, without a recursive call.
    """
    count = 0
    scalar, scalar_node, mapping_node = _scalar, yaml.ScalarNode, yaml.MappingNode
    # One per file: a constructor keeps every node it constructed (and so the file's tree) alive.
    constructor = yaml.constructor.SafeConstructor()

    def convert(node: yaml.Node, path: Path_, depth: int) -> Any:
        nonlocal count
        count += 1
        if depth > MAX_DEPTH:
            raise _YamlProblem(*_mark(node), f"nesting deeper than {MAX_DEPTH} levels",
                               "briefing records are shallow; check the indentation")
        if count > MAX_NODES:
            raise _YamlProblem(*_mark(node), f"more than {MAX_NODES:,} values in one file",
                               "split the file")
        start = node.start_mark
        marks[path] = (start.line + 1, start.column + 1)
        kind = node.__class__
        if kind is scalar_node:
            return scalar(node, constructor)
        if kind is not mapping_node:  # a sequence
            return [convert(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        inline = depth < MAX_DEPTH  # a scalar value one level down is still within the limit
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar_node:
                raise _YamlProblem(*_mark(key_node), "a key must be a plain word", "")
            key = key_node.value
            if key == "<<":
                raise _YamlProblem(*_mark(key_node), "YAML merge keys (<<) are not allowed",
                                   "write each value out in full")
            if key in result:
                first = marks[path + (key,)]
                raise _YamlProblem(*_mark(key_node), f"duplicate key '{key}' (first at line {first[0]})",
                                   "keep one of them")
            key_path = path + (key,)
            key_start = key_node.start_mark
            marks[path + (key, KEY)] = (key_start.line + 1, key_start.column + 1)
            if inline and value_node.__class__ is scalar_node and count < MAX_NODES:
                count += 1
                value_start = value_node.start_mark
                marks[key_path] = (value_start.line + 1, value_start.column + 1)
                result[key] = scalar(value_node, constructor)
            else:
                result[key] = convert(value_node, key_path, depth + 1)
        return result

    try:
        return convert(root, (), 0)
    finally:
        # convert refers to itself through its closure: a reference cycle per file, left to the
        # cyclic collector. Emptying the cell frees it now.
        convert = None


def _has_tab(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    nearby = lines[max(0, line_index - 1): line_index + 1]
    return any("\t" in line[: len(line) - len(line.lstrip())] for line in nearby)


# A text shorter than this cannot hold more than MAX_NODES values, so it needs no pre-scan for size.
_SCAN_ABOVE = MAX_NODES
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _scan(text: str) -> None:
    """Stream the YAML events once before composing anything: refuse an alias where it stands and
    stop at MAX_NODES values, so a hostile file (alias bomb, millions of values) costs
    milliseconds and no memory."""
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _YamlProblem(*_mark(event), f"YAML alias '*{_clip(event.anchor, 40)}' is not allowed",
                               "write each value out in full; anchors (&name) and aliases (*name) are refused")
        if isinstance(event, _NODE_EVENTS):
            count += 1
            if count > MAX_NODES:
                raise _YamlProblem(*_mark(event), f"more than {MAX_NODES:,} values in one file",
                                   "split the file")


def parse_yaml(text: str) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    """Parse YAML text into data and marks; raise _YamlProblem with a position on any error."""
    marks: dict[Path_, tuple[int, int]] = {}
    try:
        if "*" in text or len(text) > _SCAN_ABOVE:
            _scan(text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = (error.problem or str(error)).strip()
        hint = "fix the YAML syntax"
        context = error.context_mark
        if error.context and context is not None and mark is not None and context.line != mark.line:
            hint = f"fix the YAML syntax ({error.context.strip()} that starts at line {context.line + 1}, " \
                   f"column {context.column + 1})"
        if mark is not None and _has_tab(text, mark.line):
            message, hint = "tab character in indentation", "YAML indents with spaces, not tabs"
        raise _YamlProblem(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                           f"YAML syntax error: {message}", hint) from None
    except yaml.YAMLError as error:
        raise _YamlProblem(1, 1, f"YAML error: {error}", "fix the YAML syntax") from None
    if node is None:
        return None, marks
    return _to_data(node, marks), marks


def _read_bytes(path: Path | str, limit: int) -> bytes:
    """A file's bytes; a _YamlProblem, without reading it, for a file larger than *limit*."""
    # os.open/fstat/read: Path.stat + Path.read_bytes (a buffered file object) cost several times as
    # much (bench/RESULTS.md).
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise _too_large(size, limit)
        raw = os.read(fd, size + 1)
        if len(raw) > size:  # it grew since: read to the end, as read_bytes() would
            rest = [raw]
            while more := os.read(fd, 1 << 20):
                rest.append(more)
            raw = b"".join(rest)
    finally:
        os.close(fd)
    return raw


def _too_large(size: int, limit: int) -> _YamlProblem:
    return _YamlProblem(1, 1, f"file is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB",
                        "split it, or keep only the text that the briefing cites")


def _decode(raw: bytes, limit: int) -> str:
    """A file's text: UTF-8 without control characters, at most *limit* bytes (else a _YamlProblem)."""
    if len(raw) > limit:
        raise _too_large(len(raw), limit)
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows editors) is dropped
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors do; the bytes before the bad one decode cleanly.
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8-sig", "replace")) + 1
        raise _YamlProblem(line, column, f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded",
                           "save the file as UTF-8") from None
    # bytes.translate deleting every other byte leaves the control characters (as single bytes in
    # UTF-8): much quicker than a regular expression over the whole text (bench/RESULTS.md).
    control = _CONTROL.search(text) if raw.translate(None, _NOT_CONTROL) else None
    if control is not None:
        before = text[: control.start()]
        raise _YamlProblem(before.count("\n") + 1, control.start() - before.rfind("\n"),
                           *_control_message(control.group()))
    return text


# Control characters (but tab, line feed, carriage return): invisible in editors, and no feed,
# XML or CSV consumer accepts them. Refused in files as written and in YAML escapes ("\a", "\0").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_CONTROL = bytes(byte for byte in range(256) if not _CONTROL.match(chr(byte)))


def _control_message(character: str) -> tuple[str, str]:
    return (f"control character U+{ord(character):04X} is not allowed",
            "delete it (it is invisible in most editors; a page break from a PDF becomes a new line)")


def _control_path(data: Any, path: Path_ = ()) -> tuple[Path_, str] | None:
    """Where a parsed YAML value holds a control character (written as an escape), or None."""
    if isinstance(data, str):
        found = _CONTROL.search(data)
        return (path, found.group()) if found else None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        found = _control_path(key, path) if isinstance(key, str) else None
        found = found or _control_path(value, (*path, key))
        if found:
            return found
    return None


def _closest(word: str, choices: list[str]) -> str | None:
    # Plain edit-distance similarity: a typo ('knid') is nearer its word ('kind') than a short word
    # it happens to contain ('id'), which rapidfuzz's default WRatio would prefer.
    match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=60)
    return match[0] if match else None


def _suggest(word: str, choices: list[str]) -> str:
    match = _closest(word, choices)
    return f"did you mean '{match}'?" if match else ""


def _clip(value: Any, limit: int = 60) -> str:
    """A short, safe rendering of a value for a message (never a megabyte of text)."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: Any) -> str:
    """What an editor wrote, in words: 'a list', 'nothing', or the value itself (clipped)."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping (field: value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{_clip(value)}'"
    return _clip(value)


def _dotted(loc: Path_) -> str:
    return ".".join(str(p) for p in loc)


def _inside(loc: Path_, kind: str) -> str:
    """'event', or 'figures.0 of the event' for a nested part of a record."""
    return f"{_dotted(loc)} of the {kind}" if loc else kind


def schema_problems(error: ValidationError, kind: str, located: Located) -> list[Problem]:
    """Turn pydantic's errors into problems with positions and advice an editor can act on."""
    problems = []
    model_cls = model.KINDS[kind]
    items = error.errors(include_url=False)
    suggested = _suggested_fields(items, model_cls)
    for item in items:
        loc = tuple(item["loc"])
        kind_of = item["type"]
        ctx = item.get("ctx") or {}
        if kind_of == "value_error" and isinstance(ctx.get("error"), model.FieldError):
            loc = loc + (ctx["error"].field,)
        if kind_of == "missing" and loc in suggested:
            continue
        # An unknown field is pointed at by its key (the value may be far below, or fine).
        line, column = located.where(*loc, KEY) if kind_of == "extra_forbidden" else located.where(*loc)
        message, hint = _explain(item, loc, kind, model_cls)
        problems.append(Problem(located.file, line, column, message, hint))
    return problems


def _suggested_fields(items: list, model_cls) -> set[Path_]:
    """Fields a typo's suggestion names: a typo ('sumary') is reported once, as an unknown field
    with its suggestion; the "missing required field 'summary'" it causes is left out."""
    suggested: set[Path_] = set()
    for item in items:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            owner = _model_at(model_cls, loc[:-1])
            match = _closest(str(loc[-1]), list(owner.model_fields) if owner else [])
            if match:
                suggested.add(loc[:-1] + (match,))
    return suggested


def _explain(item: dict, loc: Path_, kind: str, model_cls) -> tuple[str, str]:
    """(message, hint) for one of pydantic's errors at *loc* of a *kind* record."""
    kind_of = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    field_name = _dotted(loc) or kind
    if kind_of == "extra_forbidden":
        owner = _model_at(model_cls, loc[:-1])
        known = list(owner.model_fields) if owner else []
        return (f"unknown field '{_clip(loc[-1])}' in {_inside(loc[:-1], kind)}",
                _suggest(str(loc[-1]), known) or f"allowed fields: {', '.join(known)}")
    if kind_of == "missing":
        return (f"missing required field '{loc[-1]}' in {_inside(loc[:-1], kind)}",
                "add it (see docs/guide/data-format.md)")
    if kind_of == "literal_error":
        expected = ctx.get("expected", "")
        hint = _suggest(str(value), [e.strip(" '") for e in expected.replace(" or ", ", ").split(",")])
        return f"{field_name}: {_describe(value)} is not allowed", hint or f"use one of {expected}"
    if kind_of in ("string_pattern_mismatch", "string_too_long", "string_too_short"):
        return _explain_text(kind_of, loc, ctx, value, field_name)
    if kind_of in ("too_long", "too_short"):
        return _explain_length(kind_of, loc, ctx, value, field_name)
    if kind_of == "value_error":
        reason = item["msg"].removeprefix("Value error, ")
        if isinstance(ctx.get("error"), model.FieldError):
            return (f"{_dotted(loc[:-1])}: {reason}" if loc[:-1] else reason), ""
        return f"{field_name}: {reason}", ""
    if kind_of == "model_type":
        return (f"{field_name}: expected fields (field: value), got {_describe(value)}",
                "see docs/guide/data-format.md for this part of the record")
    hint = ""
    if kind_of == "string_type" and isinstance(value, (int, float, bool)):
        hint = "put the value in quotes"
    elif kind_of == "list_type":
        hint = "write a list: [a, b] or one '- item' per line"
    return f"{field_name}: {item['msg']} (got {_describe(value)})", hint


def _explain_text(kind_of: str, loc: Path_, ctx: dict, value, field_name: str) -> tuple[str, str]:
    """(message, hint) for a text of the wrong form or length."""
    if kind_of == "string_pattern_mismatch" and (loc[-1] == "id" or ctx.get("pattern") == model.SLUG_PATTERN):
        return (f"{field_name}: '{_clip(value)}' is not a valid id",
                "use lowercase letters, digits and single hyphens, e.g. 'rif-dimashq'")
    if kind_of == "string_pattern_mismatch":
        return f"{field_name}: '{_clip(value)}' has the wrong form", _pattern_hint(loc)
    if kind_of == "string_too_long":
        return (f"{field_name}: {len(value):,} characters; the limit is {ctx.get('max_length', 0):,}",
                "shorten it (see the limits in docs/guide/validation.md)")
    if ctx.get("min_length") == 1 or not str(value).strip():  # string_too_short
        return f"{field_name}: is empty", "write the text, or remove the field if it is optional"
    return (f"{field_name}: '{_clip(value)}' is too short (at least {ctx.get('min_length')} characters)",
            "quote a whole phrase")


def _explain_length(kind_of: str, loc: Path_, ctx: dict, value, field_name: str) -> tuple[str, str]:
    """(message, hint) for a list with too many or too few entries."""
    if kind_of == "too_long":
        limit = ctx.get("max_length", 0)
        return (f"{field_name}: {ctx.get('actual_length', len(value or ())):,} entries; the limit is {limit:,}",
                "keep the entries that matter, or split the record")
    need = ctx.get("min_length", 1)
    return (f"{field_name}: needs at least {need} entr{'y' if need == 1 else 'ies'}",
            "cite a passage of a document that reports it" if loc[-1] == "sources"
            else "add an entry (see docs/guide/data-format.md)")


def _pattern_hint(loc: Path_) -> str:
    last = str(loc[-1]) if loc else ""
    if last in ("date", "published"):
        return "write an EDTF date such as 2025-11-24, 2025-12 or 2025-11-24/2025-11-27"
    if last in ("id", "measure", "attribute") or isinstance(loc[-1], int):
        return "use lowercase letters, digits and single hyphens, e.g. 'rif-dimashq'"
    if last == "url":
        return "write a full http(s):// address"
    if last == "language":
        return "use a language code such as en, ar or en-GB"
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
        article = "an" if kind[0] in "aeiou" else "a"
        got = "an empty file" if data is None and not located.base else _describe(data)
        problems.append(Problem(located.file, line, column,
                                f"expected {article} {kind} record (a mapping of field: value), got {got}",
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


class Loader:
    """Reads one sources/ tree: each file's bytes, given to read_file. ``load_sources`` is the entry point."""

    def __init__(self, sources: Path, project_root: Path | None = None, call=None):
        self.sources = sources
        self.root = project_root if project_root is not None else sources.parent
        self.result = LoadedSources(root=sources)
        self._folder_names: dict[str, str] = {}
        self._call = call if call is not None else _call_now

    def name(self, path: Path | str) -> str:
        # A symlinked file is still named by where it points.
        path = os.fspath(path)
        if os.path.islink(path):
            return display_path(Path(path), self.root)
        return self._file_name(path)

    def _file_name(self, path: str) -> str:
        """name() of a file that is not a link (every file loaded: _read refuses links). One
        resolve() per folder, not per file (it stats every component of the path)."""
        parent, name = os.path.split(path)
        folder = self._folder_names.get(parent)
        if folder is None:
            folder = self._folder_names[parent] = display_path(Path(parent), self.root)
        return f"{folder}/{name}" if folder not in ("", ".") else name

    def problem(self, path: Path | str, line: int, column: int, message: str, hint: str = "") -> None:
        self.result.problems.append(Problem(self.name(path), line, column, message, hint))

    def run(self) -> LoadedSources:
        if not self.sources.is_dir():
            self.problem(self.sources, 1, 1, "no sources/ folder here",
                         "run from the project folder, or pass --sources PATH")
            return self.result
        documents, events = self._folder("documents"), self._folder("events")
        for entry in documents:
            self._read("document", entry.path, entry)
        for entry in events:
            if not entry.name.endswith((".yaml", ".yml")):
                self.problem(entry.path, 1, 1, "not a .yaml file", "event files end in .yaml")
                continue
            self._read("event", entry.path, entry)
        for kind, filename in (("actor", "actors.yaml"), ("operation", "operations.yaml"),
                               ("place", "places.yaml"), ("term", "glossary.yaml")):
            path = self.sources / filename
            if path.exists():
                self._read(kind, os.path.abspath(path))
        return self.result

    def _folder(self, name: str) -> list[os.DirEntry]:
        """The files of sources/<name>/ to load. Whatever is not loaded is reported, never skipped
        silently: a folder that is a link or lies outside sources/ (its files, names included, are
        not read), and entries inside it that are folders, hidden files or not regular files."""
        folder = self.sources / name
        if os.path.islink(folder) or (folder.exists() and not _resolves_inside(folder, self.sources)):
            # A contributed link could publish (and quote in messages) any folder on the machine.
            self.problem(folder, 1, 1, "this folder is a symbolic link or lies outside sources/; nothing in it was read",
                         f"make sources/{name} a real folder holding the files themselves")
            return []
        files, others = _files(folder)
        for entry in others:
            if entry.is_symlink():
                self.problem(entry.path, 1, 1, "symbolic links are not allowed in sources/",
                             "replace the link with the file itself")
            elif entry.is_dir():
                self.problem(entry.path, 1, 1, f"folders inside sources/{name}/ are not read",
                             f"move the files it holds into sources/{name}/ itself")
            elif entry.name.startswith("."):
                self.problem(entry.path, 1, 1, "hidden file (its name starts with '.') is not read",
                             "rename it without the leading '.', or delete it")
            else:
                self.problem(entry.path, 1, 1, "not a regular file", "keep only files here")
        return files

    def _read(self, kind: str, path: str, entry: os.DirEntry | None = None) -> None:
        """Read one file (an absolute path) and add what read_file makes of its bytes."""
        if entry.is_symlink() if entry is not None else os.path.islink(path):
            # A contributed link could make the build read (and quote) any file on the machine.
            self.problem(path, 1, 1, "symbolic links are not allowed in sources/",
                         "replace the link with the file itself")
            return
        try:
            content = _read_bytes(path, _LIMITS[kind])
        except OSError as error:
            self.problem(path, 1, 1, f"cannot read file: {error.strerror}")
            return
        except _YamlProblem as error:  # too large to read
            content = None
            found = ([Problem(self.name(path), error.line, error.column, error.message, error.hint)], [], {},
                     {ANY_ID} if kind in _LIST_KINDS else set())
        if content is not None:
            found = self._call(read_file, kind, path, self._file_name(path), content)
        self.result.by_file[(kind, path)] = found
        problems, records, texts, failed = found
        self.result.problems.extend(problems)
        self.result.records[kind].extend(records)
        self.result.failed[kind].update(failed)
        for document_id, text in texts.items():
            self.result.texts.setdefault(document_id, text)


def _call_now(function, *args):
    return function(*args)


_LIST_KINDS = ("actor", "operation", "place", "term")
_LIMITS = {"event": MAX_YAML_BYTES, "document": MAX_DOCUMENT_BYTES, **dict.fromkeys(_LIST_KINDS, MAX_LIST_FILE_BYTES)}


def read_file(kind: str, path: str, name: str, content: bytes) -> tuple:
    """What one source file gives — (problems, records, texts, failed ids) — from its path, its name
    in messages and its bytes alone: a pure step (the loader's *call* may reuse it)."""
    reader = FileReader(kind, path, name, content)
    {"event": reader.load_single, "document": reader.load_document}.get(kind, reader.load_list)()
    result = reader.result
    return result.problems, result.records[kind], result.texts, result.failed[kind]


class FileReader:
    """Makes one file's records from its bytes (read_file)."""

    def __init__(self, kind: str, path: str, name: str, content: bytes):
        self.kind, self.path, self.file, self.content = kind, path, name, content
        self.result = LoadedSources(root=Path(path).parent)

    def problem(self, line: int, column: int, message: str, hint: str = "") -> None:
        self.result.problems.append(Problem(self.file, line, column, message, hint))

    def _keep(self, data: Any, located: Located) -> None:
        if located.record is not None:
            self.result.records[self.kind].append(located)
        elif isinstance(data, dict) and isinstance(data.get("id"), str):
            self.result.failed[self.kind].add(data["id"])

    def _parse(self):
        """(data, marks) of a YAML file, or None after reporting why it cannot be read."""
        try:
            text = _decode(self.content, _LIMITS[self.kind])
            data, marks = parse_yaml(text)
        except _YamlProblem as error:
            self.problem(error.line, error.column, error.message, error.hint)
            return None
        self._check_escapes(text, data, marks)
        return data, marks

    def _check_escapes(self, text: str, data: Any, marks) -> None:
        """A control character written as a YAML escape ("\\a", "\\x07") is refused where it stands."""
        found = _control_path(data) if "\\" in text else None
        if found is not None:
            line, column = Located(None, "", marks).where(*found[0])
            self.problem(line, column, *_control_message(found[1]))

    def load_single(self) -> None:
        parsed = self._parse()
        if parsed is None:
            return
        data, marks = parsed
        located = Located(None, self.file, marks)
        _build(self.kind, data, located, self.result.problems)
        self._keep(data, located)

    def load_list(self) -> None:
        parsed = self._parse()
        if parsed is None:
            self.result.failed[self.kind].add(ANY_ID)  # the whole file is unreadable: no "unknown" cascade
            return
        data, marks = parsed
        if data is None:
            return
        if not isinstance(data, list):
            self.result.failed[self.kind].add(ANY_ID)
            self.problem(1, 1, f"expected a list of {self.kind} records (each starting with '- id:')",
                         "see docs/guide/data-format.md")
            return
        for index, item in enumerate(data):
            located = Located(None, self.file, marks, base=(index,))
            _build(self.kind, item, located, self.result.problems)
            self._keep(item, located)

    def load_document(self) -> None:
        try:
            text = _decode(self.content, MAX_DOCUMENT_BYTES)
        except _YamlProblem as error:
            self.problem(error.line, error.column, error.message, error.hint)
            return
        split = _split_front_matter(text)
        if split is None:
            # Ids keep the file-name stem: quotes citing this document are not reported again.
            self.result.failed["document"].add(Path(self.path).stem)
            if text.startswith("---"):
                self.problem(1, 1, "document front matter is not closed",
                             "add a '---' line after the last field, before the text")
                return
            self.problem(1, 1, "document has no front matter",
                         "start the file with a '---' line, the YAML fields (id, title, published …), "
                         "another '---' line, then the text")
            return
        self._document(*split)

    def _document(self, front: str, body: str, _line: int) -> None:
        try:
            data, marks = parse_yaml(front)
        except _YamlProblem as error:
            # Front matter starts on the file's second line.
            self.result.failed["document"].add(Path(self.path).stem)
            self.problem(error.line + 1, error.column, error.message, error.hint)
            return
        shifted = {key: (line + 1, column) for key, (line, column) in marks.items()}
        self._check_escapes(front, data, shifted)
        located = Located(None, self.file, shifted)
        _build("document", data, located, self.result.problems)
        self._keep(data, located)
        if located.record is not None:
            if body.strip():
                self.result.texts.setdefault(located.record.id, body)
            else:  # no text: its quotes are not checked one by one against nothing
                self.problem(1, 1, "document has no text after its front matter",
                             "paste the document's text below the closing '---'")


def _files(folder: Path) -> tuple[list[os.DirEntry], list[os.DirEntry]]:
    """The visible files of a folder (links to files included, to be refused), sorted by name, as
    entries whose ``path`` is absolute (the file cache's key); and, sorted too, the other entries
    (folders, hidden files, others) but those that the system or git put there (_NEVER_CONTENT).

    One directory scan: the entries carry their type, and their stat is made once and kept
    (Path.glob + is_file + is_symlink + stat, and Path objects per file, cost far more: bench/RESULTS.md).
    """
    try:
        with os.scandir(os.path.abspath(folder)) as scan:
            entries = list(scan)
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    entries.sort(key=lambda e: e.name)
    files = [e for e in entries if not e.name.startswith(".") and e.is_file()]
    if len(files) == len(entries):
        return files, []
    others = [e for e in entries if (e.name.startswith(".") or not e.is_file()) and e.name not in _NEVER_CONTENT]
    return files, others


# Files an operating system or git leaves in folders, which never hold the briefing's content.
_NEVER_CONTENT = frozenset({".DS_Store", ".gitkeep", ".gitignore"})


def _resolves_inside(path: Path, folder: Path) -> bool:
    """Whether *path*, links resolved, lies inside *folder* (links resolved too)."""
    return path.resolve().is_relative_to(folder.resolve())



def load_sources(sources: Path, project_root: Path | None = None, call=None) -> LoadedSources:
    """Read every file under sources/ into records; problems are collected, never raised.

    *call(function, *args)* runs read_file for each file (builder/pipeline.py's step caller: the
    rebuilder's gives back what the same bytes gave before); by default each file is read afresh.
    """
    return Loader(Path(sources), project_root, call).run()


