"""Rebuilds for `briefing serve`: pipeline.build_site's output, reusing only what cannot have changed.

Everything the builder does for speed lives here, behind one method (Rebuilder.build):

- Source files are reused by content: the loader reads each file's bytes and makes its records through
  `call(read_file, kind, path, name, bytes)` (below), so a file whose bytes are unchanged gives back
  its records, problems and texts. The key is the bytes' hash, in memory: nothing is read back from
  disk, so no file can supply what the sources do not say. A record is keyed by its file's key.
- Pages are reused by fingerprint. A page is a template and the values it receives
  (builder/pages/plan.py); its key is a hash of those values, of what every page may show besides
  them (settings, templates, the records other than events — builder.pages.render.Names —, git
  history, where disagreements are listed) and, for the few templates that read the whole briefing
  (`b`, found in the templates' source), of every source file. A record's page gives its values as a
  pure function and its arguments (Page.make/args): it is keyed by those arguments, and its values are
  made only when it is rendered. Nothing is keyed by hand: a new field or record kind is in the hash
  because it is in the values or the arguments. The templates are compiled once while they are unchanged.
- Pure pipeline steps are reused by the fingerprint of their function and arguments (Reuse, the
  `call` that builder/pipeline.py runs its steps through): the non-event records' sourcing counts,
  and each event's export pieces (data.export.event_parts, which reads only the event, its
  disagreements and an EventScope that holds no events).
- The cyclic garbage collector is paused while the builder runs (the builder makes few cycles; a
  serving process's heap is large, and every full collection walks it): see gc_paused.

Correct by construction as long as records are values (pydantic models are frozen: nothing changes
a record after load) and templates see only their values, the shared context and `b`.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any

from jinja2 import TemplateError, meta
from pydantic import BaseModel

from builder.load.reader import LoadedSources, load_sources
from builder.pages import plan
from builder.pages.render import environment, templates_version
from builder.pipeline import SiteOutput, check_and_link, data_files


class Rebuilder:
    """Builds the site's generated content; a later build reuses the earlier ones' work."""

    def __init__(self):
        self._pages: dict[str, tuple[bytes, str]] = {}  # path → (key, Markdown)
        self._records: dict[bytes, dict[int, bytes]] = {}  # a file's key (read_file's) → its records' keys
        self._templates: tuple | None = None  # (template sources, those reading `b`, their environment)
        self._results: dict[bytes, Any] = {}  # fingerprint of (pure step, its arguments) → its result
        self.rendered = 0  # pages rendered by the last build (the others were reused)

    def build(self, settings) -> SiteOutput:
        with gc_paused():
            keys = Fingerprints({})
            results, self._results = self._results, {}
            call = Reuse(keys, results, self._results)
            loaded = load_sources(settings.sources, settings.project, call)
            files = [(call.key_of(found) or keys.of(found), found) for found in loaded.by_file.values()]
            self._records = {key: self._records.get(key) or record_keys(key, found[1]) for key, found in files}
            keys.add_records({i: digest for found in self._records.values() for i, digest in found.items()})
            built = check_and_link(loaded, settings.title, settings.vocabulary, call)
            pages = self._render(built.briefing, settings, loaded, keys, keys.of([key for key, _ in files]))
            data, pages["data.md"] = data_files(built.briefing, settings, call)
            return SiteOutput(built.briefing, built.counts, pages, data)

    def _render(self, briefing, settings, loaded: LoadedSources, keys: Fingerprints,
                every_source: bytes) -> dict[str, str]:
        renderer = plan.Renderer(briefing, settings)
        site = plan.make_site(briefing, settings, renderer.shared.get("changes"))
        sources = templates_version()
        if self._templates is None or self._templates[0] != sources:
            env = environment(sources)
            self._templates = (sources, templates_reading("b", env), env)
        _, reads_briefing, renderer.env = self._templates  # templates compiled once while serving
        shared = keys.of((settings, sources, briefing.title, site.changes, site.dis_pages,
                          [keys.of(loaded.of(kind)) for kind in loaded.records if kind != "event"]))
        fresh, self.rendered = {}, 0
        for page in plan.site_pages(site):
            made = (page.make.__module__, page.make.__qualname__, page.args) if page.make is not None else None
            key = keys.of((shared, every_source if page.template in reads_briefing else None,
                           page.path, page.template, page.title, page.values, made))
            hit = self._pages.get(page.path)
            if hit is None or hit[0] != key:
                hit = (key, renderer.render(page))
                self.rendered += 1
            fresh[page.path] = hit
        self._pages = fresh
        return {path: text for path, (_, text) in fresh.items()}


class Reuse:
    """call(function, *args): *function*'s result for these arguments, from the last build when its
    fingerprint (the function, and every argument, deep) is the same. For pure functions only: the
    pipeline passes this for its steps (builder/pipeline.py), no domain function sees it."""

    def __init__(self, keys: Fingerprints, earlier: dict[bytes, Any], kept: dict[bytes, Any]):
        self._keys, self._earlier, self._kept = keys, earlier, kept
        self._key_of: dict[int, bytes] = {}  # id(result) → its key (the results are kept alive)

    def __call__(self, function, *args):
        key = self._keys.of((function.__module__, function.__qualname__, args))
        if key in self._earlier:
            result = self._earlier[key]
        else:
            result = function(*args)
        self._kept[key] = result
        self._key_of[id(result)] = key
        return result

    def key_of(self, result: Any) -> bytes | None:
        """The key of a result this call gave (None for anything else)."""
        return self._key_of.get(id(result))


def record_keys(file_key: tuple, located: list) -> dict[int, bytes]:
    """id(record) → what it was made from (its file's content key, its place in the file), for a
    file's records and the records nested in them (figures, claims, citations…)."""
    keys: dict[int, bytes] = {}

    def walk(value, where: tuple) -> None:
        if isinstance(value, BaseModel):
            keys[id(value)] = hashlib.blake2b(repr((file_key, where)).encode(), digest_size=16).digest()
            for name in value.__class__.model_fields:
                walk(getattr(value, name), (*where, name))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(item, (*where, index))

    for index, item in enumerate(located):
        walk(item.record, (index,))
    return keys


class Fingerprints:
    """Hashes of values, deep: records by what they were made from, everything else by content.

    A value of a type it does not know is an error, never a guess: add the type here."""

    def __init__(self, records: dict[int, bytes]):
        self._records = records
        self._seen: dict[int, tuple[Any, bytes]] = {}  # this build's shared objects, by id (kept alive)
        self._fields: dict[type, tuple[str, ...]] = {}  # a model's or dataclass's field names

    def add_records(self, records: dict[int, bytes]) -> None:
        """Records' keys, by id (given once they are known: before any record is fingerprinted)."""
        self._records.update(records)

    def of(self, value: Any) -> bytes:
        digest = hashlib.blake2b(digest_size=16)
        self._feed(value, digest)
        return digest.digest()

    def _feed(self, value: Any, digest) -> None:
        kind = value.__class__
        if kind is bytes:  # (file contents: as they are)
            digest.update(b"y:%d:%s;" % (len(value), value))
        elif kind in _PLAIN:
            text = str(value).encode()
            digest.update(b"%s:%d:%s;" % (_PLAIN[kind], len(text), text))
        elif kind is list or kind is tuple or isinstance(value, tuple):
            digest.update(b"[%d" % len(value))
            for item in value:
                self._item(item, digest)
            digest.update(b"]")
        elif kind is dict:
            digest.update(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(key, digest)
                self._item(item, digest)
            digest.update(b"}")
        else:
            digest.update(b"#" + self._shared(value))

    def _item(self, item: Any, digest) -> None:
        """An item of a list or dict: plain values and small tuples and lists inline (made afresh
        for each page, they would not be shared), anything else by its own digest, made once."""
        kind = item.__class__
        if kind in _PLAIN or ((kind is tuple or kind is list) and len(item) <= _INLINE):
            self._feed(item, digest)
        elif isinstance(item, tuple) and len(item) <= _INLINE:  # a NamedTuple: its class, then its items
            digest.update(kind.__qualname__.encode())
            self._feed(item, digest)
        else:
            digest.update(b"#" + self._shared(item))

    def _shared(self, value: Any) -> bytes:
        """The digest of an object (its own, made once per build for objects pages share)."""
        found = self._seen.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        record = self._records.get(id(value))
        made = record if record is not None else self._made(value)
        self._seen[id(value)] = (value, made)
        return made

    def _made(self, value: Any) -> bytes:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(value.__class__.__qualname__.encode())
        if isinstance(value, str | int | float | bytes | list | tuple | dict) or value is None:
            self._feed(value if value.__class__ in (str, int, float, bytes) else _plain(value), digest)
        elif isinstance(value, set | frozenset):
            self._feed(sorted(self.of(item) for item in value), digest)
        elif isinstance(value, BaseModel) or dataclasses.is_dataclass(value):
            names = self._fields.get(value.__class__)
            if names is None:
                names = self._fields[value.__class__] = tuple(
                    value.__class__.model_fields if isinstance(value, BaseModel) else
                    (f.name for f in dataclasses.fields(value)))
            self._feed([getattr(value, name) for name in names], digest)
        elif isinstance(value, datetime.date):
            self._feed(value.isoformat(), digest)
        elif isinstance(value, PurePath):
            self._feed(str(value), digest)
        else:
            raise TypeError(f"builder/site/incremental.py cannot fingerprint a {value.__class__.__qualname__}: "
                            "give pages plain values, records or dataclasses")
        return digest.digest()


_INLINE = 8  # longer lists and tuples get a digest of their own (pages share them)
_PLAIN = {str: b"s", int: b"i", float: b"f", bool: b"b", type(None): b"n", bytes: b"y"}


def _plain(value: Any) -> Any:
    """A str/int/… subclass (Markup, NamedTuple…) as its base type."""
    for base in (str, int, float, bytes, tuple, list, dict):
        if isinstance(value, base):
            return base(value)
    return value


def templates_reading(name: str, env) -> set[str]:
    """The page templates that use the variable *name*, themselves or through templates they include."""
    uses: dict[str, tuple[set[str], set[str]]] = {}
    for template in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        source = env.loader.get_source(env, template)[0]
        try:
            tree = env.parse(source)
            uses[template] = (meta.find_undeclared_variables(tree), set(meta.find_referenced_templates(tree)))
        except TemplateError:  # not one of this environment's (data.md.j2): assume it reads everything
            uses[template] = ({name}, set())
    return {template for template in uses if _reads(template, name, uses, set())}


def _reads(template: str | None, name: str, uses: dict, seen: set) -> bool:
    if template in seen:
        return False
    if template not in uses:  # an include named at render time, or not a page template: assume it does
        return True
    seen.add(template)
    variables, included = uses[template]
    return name in variables or any(_reads(other, name, uses, seen) for other in included)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the builder runs (it makes few reference cycles),
    then hand what the build made to the oldest generation unscanned: freeze() and unfreeze() move
    the lists of tracked objects, where the first young collection after the pause would walk every
    one of them. Nothing stays frozen, so a later full collection still finds every cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()

