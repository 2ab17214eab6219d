"""Authoring commands: from a new document to reviewed events in minutes.

    briefing add-document FILE      store a source document with front matter (title/date guessed)
    briefing new event|actor|…      scaffold a record with every field present and explained
    briefing extract DOCUMENT_ID    draft events from a document into sources/drafts/<id>/
    briefing promote DRAFT          validate a reviewed draft against the tree and publish it

Drafts live in sources/drafts/, which the loader never reads (it reads sources/events/ only), so
nothing unreviewed reaches the site. Scaffolds are generated from builder/model/records.py — field lists
and vocabularies are never copied by hand — and their placeholders fail validation until filled.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click
import yaml
from pydantic import BaseModel, ValidationError

from builder.model import records as model
from builder.model.vocabulary import Vocabulary
from builder.problems import Problem, display_path
from builder.settings import Settings, read_settings

CONFIG_OPTION = click.option("--config", "-f", "config_file", default="mkdocs.yml", show_default=True,
                             type=click.Path(dir_okay=False), help="The project's mkdocs.yml.")
SOURCES_OPTION = click.option("--sources", type=click.Path(file_okay=False),
                              help="The sources/ folder (default: next to mkdocs.yml).")
GUIDE = "docs/guide/data-format.md"

# Draft notes: lines starting with '##' and the top-level `draft:` section. `promote` removes both.
DRAFT_NOTE = "##"
DRAFT_KEY = "draft"

# Where each kind lives: (file under sources/ for list kinds, JSON Schema file name).
LIST_FILES = {"actor": "actors.yaml", "place": "places.yaml", "operation": "operations.yaml",
              "term": "glossary.yaml"}
SCHEMA_FILES = {"event": "event.schema.json", "actor": "actors.schema.json", "place": "places.schema.json",
                "operation": "operations.schema.json", "term": "glossary.schema.json",
                "document": "document.schema.json"}


def register(main: click.Group) -> None:
    """Add the authoring commands to the `briefing` group."""
    from builder.authoring.init import init

    for command in (init, add_document, new, extract, promote):
        main.add_command(command)


def _fail(message: str, code: int = 1) -> typing.NoReturn:
    click.echo(f"✗ {message}", err=True)
    sys.exit(code)


def _slug(text: str, limit: int = 60) -> str:
    from builder.model.slugs import slug

    return slug(text, limit)


def _valid_id(candidate: str) -> bool:
    return bool(re.fullmatch(model.SLUG_PATTERN, candidate)) and len(candidate) <= model.MAX_ID \
        and candidate not in model.RESERVED_IDS


def _schema_modeline(target: Path, settings: Settings, kind: str) -> str:
    schema = settings.project / "schema" / SCHEMA_FILES[kind]
    relative = os.path.relpath(schema, target.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={relative}"


def _load_tree(settings: Settings):
    from builder.load.reader import load_sources

    return load_sources(settings.sources, settings.project)


def _problems_for(settings: Settings, file_name: str) -> tuple[list[Problem], int]:
    """Validate the whole tree; return the problems in one file and how many others there are."""
    from builder.load.validate import validate

    problems, _ = validate(_load_tree(settings), settings.vocabulary)
    mine = [p for p in problems if p.file == file_name]
    return mine, len(problems) - len(mine)


# === add-document =============================================================================

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_PUBLISHED_PATTERNS = [
    ("an 'Updated' line", re.compile(rf"(?im)^\s*(?:last\s+)?updated(?:\s+on)?\s*:?\s*(?P<d>{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}"
                                     rf"|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")),
    ("a 'Published' line", re.compile(rf"(?im)^\s*(?:first\s+)?(?:published|posted|date)(?:\s+on)?\s*:?\s*"
                                      rf"(?P<d>{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}"
                                      rf"|\d{{4}}-\d{{2}}-\d{{2}})")),
    ("a dateline", re.compile(rf"(?m)^\s*[A-Z][A-Z .'-]{{2,40}},?\s*(?:\w+\s*,\s*)?(?P<d>{_MONTHS}\s+\d{{1,2}}"
                              rf"(?:,?\s+\d{{4}})?)\s*(?:\([^)]{{2,30}}\)\s*)?[-–—]")),
    ("a dated first line", re.compile(rf"\A\s*(?P<d>(?:\w+day,\s+)?{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|"
                                      rf"\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*$", re.MULTILINE)),
]


@dataclass
class Guess:
    value: str
    note: str


def guess_published(text: str, fallback_year: int | None = None) -> Guess | None:
    """The publication date the text states ('Updated: February 14, 2026', a dateline …), or None."""
    from builder.authoring.extract import DateContext, find_dates
    from builder.model.dates import parse_date

    for label, pattern in _PUBLISHED_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        phrase = match["d"].strip()
        iso = _absolute_day(phrase, fallback_year)
        if iso is None:
            continue
        line = text[:match.start("d")].count("\n") + 1
        quoted = match.group(0).strip().splitlines()[0][:80]
        year_note = "" if re.search(r"\d{4}", phrase) else " The year is not stated: taken as the latest not in the future."
        return Guess(iso, f"Guessed by `briefing add-document` from {label}: '{quoted}' (line {line} of the "
                          f"text).{year_note} Check it: relative dates in the text are resolved against it.")
    # No statement of the date: the latest full date the text mentions is a lower bound.
    latest = None
    far_future = parse_date("2999")
    ctx = DateContext(far_future, "2999")
    for match in re.finditer(rf"{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}", text):
        for found in find_dates(match.group(0), ctx):
            if found.when.precision == "day" and (latest is None or found.when.end > latest[0].when.end):
                latest = (found, text[:match.start()].count("\n") + 1)
    if latest:
        found, line = latest
        day = found.when.end.isoformat()
        return Guess(f"{day}?", f"No publication date found in the text; the latest date it mentions is "
                                f"'{found.phrase}' (line {line}), so it was written on or after {day}. "
                                f"'{day}?' is a lower bound marked uncertain: correct it.")
    return None


def _absolute_day(phrase: str, fallback_year: int | None) -> str | None:
    from builder.authoring.extract import DateContext, find_dates
    from builder.model.dates import parse_date

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            parse_date(phrase)
        except ValueError:
            return None
        return phrase
    limit = date(fallback_year, 12, 31) if fallback_year else date.today()  # a dateline may omit the year
    ctx = DateContext(parse_date(limit.isoformat()), limit.isoformat())
    found = find_dates(phrase, ctx)
    if found and found[0].when.precision == "day" and not found[0].when.is_range:
        return found[0].edtf
    return None


def guess_title(text: str) -> Guess | None:
    """The first non-empty short line (a headline), or None."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().strip("#").strip()
        if not stripped or stripped.startswith(("•", "*", "-", "|")):
            continue
        if len(stripped) <= 200 and not re.match(r"(?i)^(?:updated|published|posted|by)\b", stripped):
            return Guess(stripped.rstrip(".") if stripped.endswith(".") and stripped.count(".") == 1 else stripped,
                         f"title guessed from the first short line (line {number})")
        break
    return None


def _document_id(file: Path, title: str, text: str, taken: set[str]) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    base = _slug(file.stem, 60)
    if len(base) < 3 or base in model.RESERVED_IDS or base.isdigit() or base in {"document", "article", "text",
                                                                                   "untitled", "new"}:
        base = _slug(title, 50) or "document"
    candidate = base
    if candidate in taken or not _valid_id(candidate):
        candidate = f"{base[:70]}-{digest}"
    return candidate


@click.command("add-document")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "document_id", help="The document's id (default: from the file name, else the title).")
@click.option("--title", help="Title (default: guessed from the first short line).")
@click.option("--publisher", default="unknown", show_default=True)
@click.option("--published", help="EDTF publication date, e.g. 2025-12-02 or 2025-12~ (default: guessed).")
@click.option("--url", help="Where the document was found.")
@click.option("--reliability", type=click.Choice(model.Reliability.__args__), default="F", show_default=True,
              help="Admiralty source reliability, A (reliable) … F (cannot be judged).")
@click.option("--language", default="en", show_default=True)
@CONFIG_OPTION
@SOURCES_OPTION
def add_document(file, document_id, title, publisher, published, url, reliability, language, config_file,
                 sources) -> None:
    """Store a source document under sources/documents/ with YAML front matter.

    The text is kept unchanged (quotes are verified against it). The title and the publication date
    are guessed from the text when not given, and the guesses are printed and recorded in
    published_note. Never overwrites an existing document.
    """
    settings = read_settings(config_file, sources)
    text = _document_text(file)
    documents = settings.sources / "documents"
    loaded = _load_tree(settings)
    existing = {item.record.id for item in loaded.records["document"]} | {p.stem for p in documents.glob("*.txt")}
    for other_id, other_text in loaded.texts.items():
        if other_text.strip() == text.strip():
            _fail(f"this text is already stored as document '{other_id}'")
    title = title or _guessed_title(text)
    published, published_note = (published, None) if published else _guessed_published(text)
    if document_id is None:
        document_id = _document_id(Path(file), title, text, existing)
        click.echo(f"  id: {document_id} (from the {'file name' if _slug(Path(file).stem) in document_id else 'title'})")
    front = {"id": document_id, "title": title, "publisher": publisher, "published": published,
             "published_note": published_note, "url": url, "language": language, "reliability": reliability}
    _check_document(front)
    target = documents / f"{document_id}.txt"
    if target.exists() or document_id in existing:
        _fail(f"{display_path(target, settings.project)} already exists; not overwriting it "
              "(pass another --id to add a second document)")
    documents.mkdir(parents=True, exist_ok=True)
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100)
    with open(target, "x", encoding="utf-8", newline="") as handle:
        handle.write(f"---\n{header}---\n{text}")
    name = display_path(target, settings.project)
    click.echo(f"✓ added {name}")
    _report_problems(settings, name)
    click.echo(f"  next: briefing extract {document_id}")


def _document_text(file: str) -> str:
    """The text of the document *file*: UTF-8 (a byte-order mark dropped), not blank."""
    raw = Path(file).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"{file} is not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); save it as UTF-8")
    if not text.strip():
        _fail(f"{file} is empty")
    return text


def _guessed_title(text: str) -> str:
    guess = guess_title(text)
    if guess is None:
        _fail("could not guess a title: pass --title")
    title = guess.value[: model.MAX_SHORT_TEXT]
    click.echo(f"  title: \"{title}\" ({guess.note}); pass --title to change it")
    return title


def _guessed_published(text: str) -> tuple[str, str]:
    """(the publication date guessed from *text*, the note saying how)."""
    guess = guess_published(text)
    if guess is None:
        _fail("could not find a publication date in the text: pass --published (e.g. 2025-12-02, 2025-12~)")
    click.echo(f"  published: {guess.value} — {guess.note}")
    return guess.value, guess.note


def _check_document(front: dict) -> None:
    """Stop, listing what is wrong, when *front* is not a valid document header."""
    try:
        model.Document.model_validate(front)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            where = ".".join(str(p) for p in item["loc"])
            click.echo(f"✗ {where}: {item['msg']} (got {item.get('input')!r})", err=True)
        _fail("the document was not added; fix the options above")


def _report_problems(settings, name: str) -> None:
    """Print the problems of the file *name* just written (stop if it has any) and count the rest."""
    problems, others = _problems_for(settings, name)
    for problem in problems:
        click.echo(problem.format(), err=True)
    if problems:
        _fail(f"{len(problems)} problem(s) in {name}; fix them, then run `briefing validate`")
    if others:
        click.echo(f"  (the rest of the tree has {others} problem(s); `briefing validate` lists them)")


# === new ======================================================================================

# What each field means (allowed values are read from the model's Literal types, never copied here).
FIELD_HELP: dict[str, str] = {
    "id": "unique slug: lowercase letters, digits, single hyphens; becomes the page address, never change it once published",
    "event.id": "unique slug, date first: YYYY-MM-DD-place-what; becomes the page address",
    "title": "one line, plain text",
    "date": "EDTF date: 2025-11-24, 2025-12, 2025, a range 2025-11-24/2025-11-27; add ~ if approximate, ? if uncertain",
    "date_qualifier": "narrows a month or year date (null for none)",
    "date_note": "how the date was worked out, e.g. \"'last month' in a document published 2025-12-10 → November 2025\"",
    "type": "what kind of happening",
    "summary": "two or three plain-text sentences saying what happened",
    "places": "place ids (see sources/places.yaml), most specific first",
    "actors": "who took part and how",
    "actor": "an actor id (see sources/actors.yaml)",
    "role": "how the actor took part",
    "operation": "an operation id (see sources/operations.yaml), or null",
    "figures": "quantities, each on one source's word; never merge two sources' numbers",
    "measure": "slug naming what is counted: killed, injured, arrested, sites-destroyed …",
    "value": "an exact number (or give min and/or max instead)",
    "Claim.value": "the value as this source states it",
    "Title.title": "the office or rank, as the source words it",
    "min": "lower bound ('at least 25' → min: 25, qualifier: at-least)",
    "max": "upper bound ('up to 40' → max: 40, qualifier: up-to)",
    "qualifier": "how the source words the number",
    "unit": "optional words shown after the number",
    "claims": "attributes sources may disagree on, one entry per source",
    "attribute": "slug naming the attribute, e.g. rank",
    "sources": "the passages that back this record",
    "document": "a document id (a file name in sources/documents/ without .txt)",
    "quote": "a passage copied word for word from that document",
    "tags": "free slugs for grouping",
    "credibility": "Admiralty information credibility: 1 (confirmed) … 6 (cannot be judged)",
    "name": "the name readers know it by",
    "aliases": "every other spelling a reader may search for (each spelling names one record only)",
    "kind": "what sort of record",
    "part_of": "id of the actor this one belongs to (a person: the body they serve), or null",
    "description": "one or two plain-text sentences",
    "titles": "offices and ranks held, each on a source's word",
    "conducted_by": "actor ids",
    "supported_by": "actor ids",
    "governorate": "id of the place (of kind governorate) this place lies in, or null",
    "country": "the country it lies in",
    "lat": "latitude in decimal degrees (give lat and lon together, or neither)",
    "lon": "longitude in decimal degrees",
    "precision": "how exact the coordinates are (required with coordinates)",
    "term": "the term as written, e.g. IED",
    "expansion": "what an abbreviation stands for, or null",
    "definition": "plain-text definition",
}
PLACEHOLDER_QUOTE = "PASTE A PASSAGE FROM THE DOCUMENT HERE, WORD FOR WORD"
PLACEHOLDER_DOCUMENT = "PASTE-DOCUMENT-ID"
PLACEHOLDER_DATE = "YYYY-MM-DD"
PLACEHOLDER_CHOICE = "CHOOSE-ONE"
_KIND_MODELS = {"event": model.Event, "actor": model.Actor, "place": model.Place, "operation": model.Operation,
                "term": model.Term}


def _unwrap(annotation: Any) -> tuple[Any, bool, bool]:
    """(inner type, optional?, list?) of a field annotation."""
    optional = is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, optional, is_list
        elif origin is list:
            is_list = True
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, optional, is_list


# Fields whose words come from the project's vocabulary (builder/model/vocabulary.py).
_WORDS = {("event", "type"): "event_types", ("Participant", "role"): "roles", ("actor", "kind"): "actor_kinds"}


def _choices(annotation: Any, owner: str = "", name: str = "", vocabulary: Vocabulary | None = None
             ) -> tuple[str, ...] | None:
    words = _WORDS.get((owner, name))
    if words:
        return getattr(vocabulary or Vocabulary(), words)
    inner, _, _ = _unwrap(annotation)
    if typing.get_origin(inner) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(inner))
    return None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    inner, _, _ = _unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _help(kind: str, name: str, info: Any, vocabulary: Vocabulary | None = None) -> str:
    text = FIELD_HELP.get(f"{kind}.{name}") or FIELD_HELP.get(name) or info.description or ""
    choices = _choices(info.annotation, kind, name, vocabulary)
    if choices:
        text = f"{text}. One of: {' | '.join(choices)}" if text else f"one of: {' | '.join(choices)}"
    if info.is_required():
        text = f"REQUIRED — {text}"
    else:
        text = f"optional — {text}"
    return text


def _wrap_comment(text: str, indent: str, width: int = 100) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(indent) + 2 + len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return [f"{indent}# {line}" for line in lines]


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


def _sub_example(sub: type[BaseModel], indent: str, commented: bool, values: dict[str, Any],
                 vocabulary: Vocabulary | None = None) -> list[str]:
    """A list item of a sub-record, each field with its meaning (commented out when only an example)."""
    lines = []
    prefix = f"{indent}# " if commented else indent
    first = True
    for name, info in sub.model_fields.items():
        if name in values:
            value = values[name]
        elif info.is_required():
            value = None
        else:
            value = info.default
        lead = "- " if first else "  "
        first = False
        help_text = _help(sub.__name__, name, info, vocabulary)
        lines.append(f"{prefix}{lead}{name}: {_scalar(value)}  # {help_text}")
    return lines


def scaffold_lines(kind: str, record_id: str, values: dict[str, Any] | None = None, indent: str = "",
                   vocabulary: Vocabulary | None = None) -> list[str]:
    """Every field of a record of this kind, each explained, with placeholders for the required ones."""
    values = dict(values or {})
    values.setdefault("id", record_id)
    record_model = _KIND_MODELS[kind]
    lines: list[str] = []
    for name, info in record_model.model_fields.items():
        lines.extend(_wrap_comment(_help(kind, name, info, vocabulary), indent))
        sub = _submodel(info.annotation)
        _, _, is_list = _unwrap(info.annotation)
        if name in values:
            lines.append(f"{indent}{name}: {_scalar(values[name])}")
        elif sub is not None and is_list:
            if info.is_required():  # e.g. an event's sources: one placeholder entry to fill
                lines.append(f"{indent}{name}:")
                lines.extend(_sub_example(sub, indent + "  ", False,
                                          {"document": PLACEHOLDER_DOCUMENT, "quote": PLACEHOLDER_QUOTE}, vocabulary))
            else:
                lines.append(f"{indent}{name}: []   # to add some, replace [] with entries like:")
                lines.extend(_sub_example(sub, indent + "  ", True, {}, vocabulary))
        elif is_list:
            lines.append(f"{indent}{name}: []")
        elif name in ("date", "published") and info.is_required():
            lines.append(f"{indent}{name}: {PLACEHOLDER_DATE}")
        elif info.is_required() and _choices(info.annotation, kind, name, vocabulary):
            lines.append(f"{indent}{name}: {PLACEHOLDER_CHOICE}")
        elif info.is_required():
            lines.append(f"{indent}{name}:")
        else:
            lines.append(f"{indent}{name}: {_scalar(info.default)}")
    return lines


def _list_item(lines: list[str]) -> list[str]:
    """Turn a block of `field: value` lines into one YAML list item (`- id: …`)."""
    result, started = [], False
    for line in lines:
        if not started and line.lstrip().startswith("#"):
            result.append(line)  # the first field's comment, above the item
        elif not started:
            result.append(f"- {line}")
            started = True
        else:
            result.append(f"  {line}")
    return result


def _fresh_id(base: str, taken: set[str]) -> str:
    base = base[: model.MAX_ID - 4].strip("-") or "new"
    candidate, number = base, 2
    while candidate in taken or candidate in model.RESERVED_IDS:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


@click.command()
@click.argument("kind", type=click.Choice(["event", "actor", "place", "operation", "term"]))
@click.option("--id", "record_id", help="The new record's id (default: generated and unique).")
@click.option("--name", "name", help="Name (actor/place/operation), term (glossary) or title (event).")
@click.option("--date", "when", help="Event date (EDTF); also prefixes the generated event id.")
@CONFIG_OPTION
@SOURCES_OPTION
def new(kind, record_id, name, when, config_file, sources) -> None:
    """Scaffold a new record with every field present and explained.

    Events get their own file in sources/events/; actors, places, operations and glossary terms are
    appended to their list file (existing content and comments are kept). Placeholders fail
    `briefing validate` until they are filled.
    """
    settings = read_settings(config_file, sources)
    loaded = _load_tree(settings)
    taken = {item.record.id for item in loaded.records[kind]}
    values: dict[str, Any] = {}
    if kind == "event":
        if name:
            values["title"] = name
        if when:
            values["date"] = when
        prefix = re.split(r"[/~?%]", when)[0] if when else date.today().isoformat()
        base = f"{prefix}-{_slug(name, 50) if name else 'new-event'}"
        taken |= {p.stem for p in (settings.sources / "events").glob("*.yaml")}
    else:
        if name:
            values["term" if kind == "term" else "name"] = name
        base = _slug(name, 60) if name else f"new-{kind}"
    if record_id:
        if not _valid_id(record_id):
            _fail(f"'{record_id}' is not a valid id: use lowercase letters, digits and single hyphens")
        if record_id in taken:
            _fail(f"a {kind} with id '{record_id}' already exists")
    else:
        record_id = _fresh_id(base, taken)
    if kind == "event":
        target, line = _write_event(settings, record_id, values)
    else:
        target, line = _append_to_list(settings, kind, record_id, values)
    name_shown = display_path(target, settings.project)
    click.echo(f"✓ new {kind} '{record_id}' in {name_shown}:{line}")
    click.echo(f"  fill the REQUIRED fields, then run `briefing validate` (reference: {GUIDE})")


def _write_event(settings: Settings, record_id: str, values: dict[str, Any]) -> tuple[Path, int]:
    """Write a new event file scaffolded with *values*; (its path, the line its record starts on)."""
    target = settings.sources / "events" / f"{record_id}.yaml"
    if target.exists():
        _fail(f"{display_path(target, settings.project)} already exists; not overwriting it")
    header = [
        _schema_modeline(target, settings, "event"),
        "# A new event, scaffolded by `briefing new event`. Every field is listed with its meaning;",
        "# fill the REQUIRED ones (the placeholders fail `briefing validate` until you do), delete",
        f"# nothing you may want later. Reference: {GUIDE}",
        "",
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write("\n".join(header + scaffold_lines("event", record_id, values,
                                                        vocabulary=settings.vocabulary)) + "\n")
    return target, 1


def _append_to_list(settings: Settings, kind: str, record_id: str, values: dict[str, Any]) -> tuple[Path, int]:
    """Append a new *kind* record scaffolded with *values* to its list file, keeping what is there;
    (the file's path, the line the record starts on)."""
    target = settings.sources / LIST_FILES[kind]
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    modeline = _schema_modeline(target, settings, kind)
    if "yaml-language-server:" not in existing[:2000]:
        existing = f"{modeline}\n{existing}"
    if existing and not existing.endswith("\n"):
        existing += "\n"
    block = ["", (f"# --- {record_id}: added by `briefing new {kind}`; fill the REQUIRED fields "
                  f"(reference: {GUIDE}) ---")]
    block += _list_item(scaffold_lines(kind, record_id, values, vocabulary=settings.vocabulary))
    target.write_text(existing + "\n".join(block) + "\n", encoding="utf-8")
    return target, existing.count("\n") + 3


# === extract ==================================================================================


def draft_text(draft, modeline: str) -> str:
    """A draft as YAML: review notes ('##' lines), the event fields, and the draft-only section."""
    notes = [
        (f"{DRAFT_NOTE} Draft extracted by `briefing extract` from document {draft.document}, "
         f"line {draft.line} of its text."),
        f"{DRAFT_NOTE} Review every field against the document (titles and roles are guesses), then run",
        f"{DRAFT_NOTE}   briefing promote <this file>",
        f"{DRAFT_NOTE} '##' lines and the `draft:` section are review notes: promote removes them.",
    ]
    if not draft.quote_verified:
        notes.append(f"{DRAFT_NOTE} WARNING: the quote was not found in the document text; copy it exactly.")
    if draft.date.open:
        notes.append(f"{DRAFT_NOTE} DATE OPEN: {draft.date.note}")
    for hint in draft.duplicates:
        notes.append(f"{DRAFT_NOTE} {hint}")
    if draft.candidates:
        notes.append(f"{DRAFT_NOTE} candidates: names not in the briefing (add with `briefing new actor|place`):")
        notes.extend(f"{DRAFT_NOTE}   - {name} ({kind}?)" for name, kind in draft.candidates)
    for note in draft.close_spellings:
        notes.append(f"{DRAFT_NOTE} close spelling: {note}")
    body = yaml.safe_dump(draft.event_data(), sort_keys=False, allow_unicode=True, width=100)
    extra = yaml.safe_dump({DRAFT_KEY: draft.draft_data()}, sort_keys=False, allow_unicode=True, width=100)
    notes = [" ".join(note.splitlines()) for note in notes]  # a note is one comment line, whatever a name holds
    return "\n".join(notes + [modeline, ""]) + body + extra


@click.command()
@click.argument("document_id")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder for drafts (default: sources/drafts); drafts go into <out>/<document-id>/.")
@click.option("--force", is_flag=True, help="Replace drafts already extracted from this document.")
@CONFIG_OPTION
@SOURCES_OPTION
def extract(document_id, out, force, config_file, sources) -> None:
    """Draft events from a document: one YAML file per reported happening, for review.

    Dates (also relative ones: 'on Monday', 'last month', 'the following day') are resolved against
    the document's published date; places and actors are matched through the briefing's names and
    aliases; figures keep their qualifiers; the sentence becomes the verified quote. Drafts are
    never published: review one, then `briefing promote` it.
    """
    from builder.authoring.extract import Extractor, UnsupportedLanguage

    settings = read_settings(config_file, sources)
    loaded = _load_tree(settings)
    documents = {item.record.id: item for item in loaded.records["document"]}
    if document_id not in documents:
        match = Path(document_id)
        if match.suffix == ".txt" and match.stem in documents:
            document_id = match.stem
        else:
            from rapidfuzz import process

            close = process.extractOne(document_id, list(documents), score_cutoff=60)
            hint = f"; did you mean '{close[0]}'?" if close else "; add it first with `briefing add-document`"
            _fail(f"no document '{document_id}' in {display_path(settings.sources / 'documents', settings.project)}"
                  + hint)
    records = {kind: loaded.of(kind) for kind in loaded.records}
    extractor = Extractor(records, loaded.texts)
    if extractor.clause_parser is None:
        click.echo(f"note: roles (who did what to whom) are read without the clause parser, by word rules "
                   f"alone; check them closely. {extractor.parser_note}", err=True)
    try:
        drafts = extractor.extract(document_id, progress=_reading_progress(document_id))
    except UnsupportedLanguage as error:
        _fail(f"{document_id}: {error}")
    folder = (Path(out) if out else settings.sources / "drafts") / document_id
    if folder.exists() and any(folder.glob("*.yaml")):
        if not force:
            _fail(f"{display_path(folder, settings.project)} already holds drafts; review or delete them, or pass "
                  "--force to replace them")
        for old in folder.glob("*.yaml"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    modeline = _schema_modeline(folder / "x.yaml", settings, "event")
    for draft in drafts:
        path = folder / f"{draft.id}.yaml"
        path.write_text(draft_text(draft, modeline), encoding="utf-8")
        flags = []
        if draft.duplicates:
            flags.append(draft.duplicates[0])
        if draft.candidates:
            flags.append(f"{len(draft.candidates)} unknown name(s)")
        shown = (draft.date.edtf or "date open") + (f" ({draft.date.qualifier})" if draft.date.qualifier else "")
        click.echo(f"  {display_path(path, settings.project)}  {shown}  {draft.type}"
                   + (f"  — {'; '.join(flags)}" if flags else ""))
    click.echo(f"✓ {len(drafts)} draft(s) from {document_id} in {display_path(folder, settings.project)}")
    if drafts:
        click.echo("  review each, then: briefing promote <draft file>")


def _reading_progress(document_id: str):
    """A progress bar over a long document's sentences (on standard error; a long report parsed sentence
    by sentence takes a while), nothing for a short one."""

    def over(sentences: list) -> Iterable:
        if len(sentences) < _LONG_DOCUMENT:
            return sentences
        return _bar(sentences, f"reading {len(sentences)} sentences of {document_id}")

    return over


def _bar(items: list, label: str) -> Iterator:
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


_LONG_DOCUMENT = 150  # sentences: from here on, reading is long enough to show progress


# === promote ==================================================================================


def strip_draft(text: str) -> str:
    """The draft's text without review notes ('##' lines) and the top-level `draft:` section."""
    lines = text.splitlines()
    result, skipping = [], False
    for line in lines:
        if skipping:
            if not line.strip() or line[:1] in (" ", "\t", "#"):
                continue
            skipping = False
        if re.match(rf"^{DRAFT_KEY}\s*:", line):
            skipping = True
            continue
        if line.startswith(DRAFT_NOTE):
            continue
        result.append(line)
    while result and not result[-1].strip():
        result.pop()
    return "\n".join(result) + "\n"


@dataclass
class _DraftFile:
    path: Path
    name: str  # as shown in messages
    text: str
    data: dict[str, Any]
    marks: Any


def _read_draft(path: Path, settings: Settings) -> _DraftFile:
    from builder.load.reader import _YamlProblem, parse_yaml

    name = display_path(path, settings.project)
    text = path.read_text(encoding="utf-8")
    try:
        data, marks = parse_yaml(text)
    except _YamlProblem as error:
        _fail(Problem(name, error.line, error.column, error.message, error.hint).format())
    if not isinstance(data, dict):
        _fail(f"{name}: expected an event (a mapping of field: value)")
    data.pop(DRAFT_KEY, None)
    return _DraftFile(path, name, text, data, marks)


def _checked_event(draft: _DraftFile, settings: Settings):
    """The draft as a valid event, checked against the whole tree; every problem at once, or exit."""
    from builder.load.reader import Located, schema_problems
    from builder.load.validate import validate

    located = Located(None, draft.name, draft.marks)
    problems: list[Problem] = []
    try:
        located.record = model.Event.model_validate(draft.data)
    except ValidationError as error:
        problems.extend(schema_problems(error, "event", located))
    loaded, others = None, 0
    if located.record is not None:
        loaded = _load_tree(settings)
        loaded.records["event"].append(located)
        all_problems, _ = validate(loaded, settings.vocabulary)
        problems.extend(p for p in all_problems if p.file == draft.name)
        others = len([p for p in all_problems if p.file != draft.name])
        loaded.records["event"].pop()  # the briefing as it is, for the comparison that follows
    if problems:
        for problem in sorted(set(problems)):
            click.echo(problem.format(), err=True)
        _fail(f"{len(set(problems))} problem(s) in {draft.name}; not promoted")
    return located.record, loaded, others


def _refuse_repeat(record: model.Event, loaded, draft: _DraftFile) -> None:
    """Stop before anything moves when the briefing already has an event that looks like this one."""
    from builder.authoring.repeats import EventMatcher, Happening

    matcher = EventMatcher.of({kind: loaded.of(kind) for kind in loaded.records})
    likely = [m for m in matcher.matches(Happening.of_event(record)) if m.likely]
    if not likely:
        return
    for match in likely[:3]:
        click.echo(f"  {match.event_id} (score {match.score:.1f}): {match.because}"
                   + ("; it already cites this document" if match.cites_document else ""), err=True)
    first = likely[0].event_id
    _fail(f"{draft.name} looks like an event the briefing already has ({first}); not promoted, nothing moved.\n"
          f"  to add this report as a further source of that event: briefing promote {draft.name} --into {first}\n"
          f"  if it is a different happening: briefing promote {draft.name} --new")


def _cleaned_event_text(draft: _DraftFile, record: model.Event, target: Path, settings: Settings) -> str:
    from builder.load.reader import parse_yaml

    cleaned = strip_draft(draft.text)
    modeline = _schema_modeline(target, settings, "event")
    cleaned = re.sub(r"(?m)^# yaml-language-server:.*$", modeline, cleaned, count=1)
    if "yaml-language-server:" not in cleaned:
        cleaned = f"{modeline}\n{cleaned}"
    try:  # the cleaned text must still be the same valid event
        again, _ = parse_yaml(cleaned)
        if model.Event.model_validate(again) != record:
            raise ValueError("changed")
    except Exception:  # noqa: BLE001 - refuse rather than publish something unchecked
        _fail(f"{draft.name}: could not remove the draft notes cleanly; delete the `draft:` section by hand and retry")
    return cleaned


def _remove_draft(path: Path) -> None:
    path.unlink()
    try:
        path.parent.rmdir()  # the document's draft folder, once empty
    except OSError:
        pass


@click.command()
@click.argument("draft_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--new", "as_new", is_flag=True,
              help="Promote it even though the briefing has an event that looks like the same happening.")
@click.option("--into", "into", metavar="EVENT",
              help="Do not create an event: add the draft's document and quote as a further source of EVENT.")
@CONFIG_OPTION
@SOURCES_OPTION
def promote(draft_path, as_new, into, config_file, sources) -> None:
    """Validate a reviewed draft against the whole tree, then move it to sources/events/<id>.yaml.

    Problems are reported with the draft's file:line. A draft that is a likely repeat of an event the
    briefing already has (dates, places, actors, type, words and counts weighed together; the message
    says why) is refused unless --new is given; --into EVENT adds its sources to that event instead.
    Nothing is written or moved until every check has passed, and an existing event is never overwritten.
    """
    if as_new and into:
        _fail("give --new or --into, not both")
    settings = read_settings(config_file, sources)
    draft = _read_draft(Path(draft_path), settings)
    if into:
        _promote_into(draft, into, settings)
        return
    record, loaded, others = _checked_event(draft, settings)
    if not as_new:
        _refuse_repeat(record, loaded, draft)
    target = settings.sources / "events" / f"{record.id}.yaml"
    if target.exists():
        _fail(f"{display_path(target, settings.project)} already exists; not overwriting it "
              f"(if this is the same event: briefing promote {draft.name} --into {record.id})")
    cleaned = _cleaned_event_text(draft, record, target, settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(cleaned)
    _remove_draft(draft.path)
    click.echo(f"✓ promoted {draft.name} → {display_path(target, settings.project)}")
    if others:
        click.echo(f"  (the rest of the tree has {others} problem(s); `briefing validate` lists them)")


# === promote --into ===========================================================================


def _draft_citations(draft: _DraftFile) -> list[model.Citation]:
    items = draft.data.get("sources")
    citations = []
    for item in items if isinstance(items, list) else []:
        try:
            citations.append(model.Citation.model_validate(item))
        except ValidationError:
            _fail(f"{draft.name}: each of `sources` needs a `document` and a `quote`; not promoted")
    if not citations:
        _fail(f"{draft.name}: no `sources` to add (each needs a `document` and a `quote`); not promoted")
    return citations


def add_sources_text(text: str, citations: list[model.Citation]) -> str | None:
    """An event file's text with citations appended to its block-style `sources:` list (comments kept).

    None when the list is not in block style (`sources: [...]`): the caller refuses rather than
    rewrite the file.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"^sources\s*:\s*(#.*)?$", line)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "-", "#")):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    item = next((line for line in lines[start + 1:end] if line.lstrip().startswith("- ")), "  - ")
    indent = item[: len(item) - len(item.lstrip())]
    added = []
    for citation in citations:
        quote = yaml.safe_dump(citation.quote, allow_unicode=True, width=10**6, default_style='"').strip()
        added += [f"{indent}- document: {citation.document}", f"{indent}  quote: {quote}"]
    result = lines[:end] + added + lines[end:]
    return "\n".join(result) + "\n"


def _promote_into(draft: _DraftFile, event_id: str, settings: Settings) -> None:
    """Add the draft's citations to an existing event; validate the whole tree first; then remove the draft."""
    from builder.load.reader import parse_yaml
    from builder.load.validate import validate

    citations = _draft_citations(draft)
    loaded = _load_tree(settings)
    target = next((item for item in loaded.records["event"] if item.record.id == event_id), None)
    if target is None:
        from rapidfuzz import process

        close = process.extractOne(event_id, [item.record.id for item in loaded.records["event"]], score_cutoff=60)
        _fail(f"no event '{event_id}' in the briefing" + (f"; did you mean '{close[0]}'?" if close else ""))
    path = settings.project / target.file
    old_text = path.read_text(encoding="utf-8")
    citations = [c for c in citations if c not in target.record.sources]
    if not citations:
        _fail(f"{target.file} already cites this quote; nothing to add (delete the draft if it is done)")
    new_text = add_sources_text(old_text, citations)
    data = parse_yaml(new_text)[0] if new_text else None
    expected = target.record.model_copy(update={"sources": [*target.record.sources, *citations]})
    if data is None or model.Event.model_validate(data) != expected:
        _fail(f"{target.file}: could not add the source without rewriting the file; add to its `sources` by hand:\n"
              + "\n".join(f"  - document: {c.document}\n    quote: {c.quote}" for c in citations))
    located = _relocated(target, new_text, expected)
    loaded.records["event"][loaded.records["event"].index(target)] = located
    problems = [p for p in validate(loaded, settings.vocabulary)[0] if p.file == target.file]
    if problems:
        for problem in sorted(set(problems)):
            click.echo(problem.format(), err=True)
        _fail(f"adding {draft.name}'s sources to {target.file} would give {len(set(problems))} problem(s); "
              "nothing changed")
    path.write_text(new_text, encoding="utf-8")
    _remove_draft(draft.path)
    click.echo(f"✓ added {len(citations)} source(s) from {draft.name} to {target.file} ({event_id})")


def _relocated(old, text: str, record):
    from builder.load.reader import Located, parse_yaml

    return Located(record, old.file, parse_yaml(text)[1])
