"""Stage 2 — validate: what the schema alone cannot check.

Cross-references (with a nearest-match suggestion), event types, roles and actor kinds against the
project's vocabulary, duplicate ids, quotes against document text,
dates against publication dates, and names or aliases that two records share. Every problem in
the tree is collected, so an editor fixes them all in one pass.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import process

from builder.load.quotes import QuoteIndex, normalise
from builder.load.reader import ANY_ID, LoadedSources, Located, _clip, _suggest
from builder.model.dates import parse_date
from builder.model.vocabulary import Vocabulary
from builder.problems import Problem

_PUBLISHED_PAGE = re.compile(r"published-\d{4}-\d{2}")  # sources/published-2025-12.md: a month's documents

# Which kind a reference field points to.
_KIND_NAMES = {"document": "document", "event": "event", "actor": "actor", "operation": "operation",
               "place": "place", "term": "glossary term"}


class Validator:
    def __init__(self, loaded: LoadedSources, vocabulary: Vocabulary | None = None):
        self.loaded = loaded
        self.vocabulary = vocabulary or Vocabulary()
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, Located]] = {}
        self.quotes = QuoteIndex(loaded.texts)
        self.quotes_checked = 0
        self._aliases: dict[str, dict[str, str]] = {}

    def report(self, located: Located, path: tuple, message: str, hint: str = "") -> None:
        line, column = located.where(*path)
        self.problems.append(Problem(located.file, line, column, message, hint))

    # --- public -------------------------------------------------------------------------------

    def run(self) -> list[Problem]:
        for kind in self.loaded.records:
            self.ids[kind] = self._check_unique_ids(kind)
        self._aliases = self._names_by_kind()
        self._check_events()
        for item in self.loaded.records["actor"]:
            self._check_word(item, ("kind",), item.record.kind, "actor_kinds")
            self._check_refs(item, "actor", ("part_of",), [item.record.part_of])
            if item.record.part_of == item.record.id:
                self.report(item, ("part_of",), f"actor '{item.record.id}' cannot be part of itself")
        for item in self.loaded.records["operation"]:
            for field in ("conducted_by", "supported_by"):
                for index, ref in enumerate(getattr(item.record, field)):
                    self._check_ref(item, "actor", (field, index), ref)
        for item in self.loaded.records["place"]:
            self._check_place(item)
        for kind in ("actor", "operation", "place", "term"):
            for item in self.loaded.records[kind]:
                self._check_citations(item)
        self._check_part_of_cycles()
        self._check_name_collisions()
        self._check_page_paths()
        return self.problems

    def _check_events(self) -> None:
        """Check each event: references, date, quotes (never against other events)."""
        for item in self.loaded.records["event"]:
            self._check_event(item)
            self._check_citations(item)

    # --- ids and references -------------------------------------------------------------------

    def _check_unique_ids(self, kind: str) -> dict[str, Located]:
        seen: dict[str, Located] = {}
        for item in self.loaded.records[kind]:
            record_id = item.record.id
            if record_id in seen:
                first = seen[record_id]
                line, _ = first.where("id")
                self.report(item, ("id",), f"duplicate {_KIND_NAMES[kind]} id '{record_id}'",
                            f"also defined at {first.file}:{line}; ids must be unique")
            else:
                seen[record_id] = item
        return seen

    def _names_by_kind(self) -> dict[str, dict[str, str]]:
        """For suggestions: every spelling (casefolded) of every record → its id."""
        table: dict[str, dict[str, str]] = {}
        for kind in ("actor", "operation", "place", "term"):
            names: dict[str, str] = {}
            for record_id, item in self.ids[kind].items():
                for spelling in _spellings(kind, item.record):
                    names.setdefault(spelling.casefold(), record_id)
            table[kind] = names
        return table

    def _check_ref(self, item: Located, kind: str, path: tuple, ref: str | None) -> bool:
        if ref is None or ref in self.ids[kind]:
            return True
        failed = self.loaded.failed.get(kind, ())
        if ref in failed or ANY_ID in failed:
            return False  # the record exists but failed to load; its own problem says why
        label = _KIND_NAMES[kind]
        alias_of = self._aliases.get(kind, {}).get(ref.casefold())
        if alias_of:
            hint = f"'{ref}' is a name of '{alias_of}'; refer to records by id: '{alias_of}'"
        else:
            known = list(self.ids[kind]) + sorted(self.loaded.failed.get(kind, set()) - {ANY_ID})
            match = process.extractOne(ref, known, score_cutoff=70)
            if match:
                hint = f"did you mean '{match[0]}'?"
            elif kind == "document":
                hint = "add the document under sources/documents/ first"
            else:
                hint = f"add it to sources/{_list_file(kind)} or fix the spelling"
        self.report(item, path, f"unknown {label} '{ref}'", hint)
        return False

    def _check_refs(self, item: Located, kind: str, path: tuple, refs: list[str | None]) -> None:
        for ref in refs:
            self._check_ref(item, kind, path, ref)

    def _check_word(self, item: Located, path: tuple, word: str, vocabulary: str) -> None:
        """*word* is one of the project's *vocabulary* (event_types, roles, actor_kinds)."""
        allowed = getattr(self.vocabulary, vocabulary)
        if word not in allowed:
            hint = _suggest(word, list(allowed)) or f"use one of {', '.join(allowed)}, " \
                f"or add '{word}' to {vocabulary} in the briefing plugin's settings (mkdocs.yml)"
            self.report(item, path, f"{'.'.join(map(str, path))}: '{_clip(word)}' is not allowed", hint)

    def _check_event(self, item: Located) -> None:
        event = item.record
        self._check_word(item, ("type",), event.type, "event_types")
        for index, place in enumerate(event.places):
            self._check_ref(item, "place", ("places", index), place)
        seen_actors = set()
        for index, participant in enumerate(event.actors):
            self._check_ref(item, "actor", ("actors", index, "actor"), participant.actor)
            self._check_word(item, ("actors", index, "role"), participant.role, "roles")
            key = (participant.actor, participant.role)
            if key in seen_actors:
                self.report(item, ("actors", index), f"actor '{participant.actor}' is listed twice "
                            f"with role '{participant.role}'", "remove the repeat")
            seen_actors.add(key)
        self._check_ref(item, "operation", ("operation",), event.operation)
        self._check_event_date(item)

    def _check_event_date(self, item: Located) -> None:
        """An event cannot be reported before it happens: its date precedes its sources' publication."""
        event = item.record
        when = event.when
        latest = None
        for citation in event.sources:
            document = self.ids["document"].get(citation.document)
            if document is None:
                continue
            published = parse_date(document.record.published)
            if latest is None or published.end > latest[0].end:
                latest = (published, document.record.id)
        if latest and when.start > latest[0].end:
            self.report(item, ("date",),
                        f"event date {event.date} is after its sources were published "
                        f"(latest: '{latest[1]}', {latest[0].text})",
                        "check the date, or resolve the relative date against the publication date")

    def _check_place(self, item: Located) -> None:
        place = item.record
        if place.governorate is None:
            return
        if self._check_ref(item, "place", ("governorate",), place.governorate):
            target = self.ids["place"][place.governorate].record
            if target.kind != "governorate":
                self.report(item, ("governorate",),
                            f"'{place.governorate}' is a {target.kind}, not a governorate",
                            "point governorate at a place of kind 'governorate'")

    def _check_part_of_cycles(self) -> None:
        """Report each actor that stands on a part_of cycle (a self-reference is reported apart)."""
        actors = self.ids["actor"]
        for actor_id, item in actors.items():
            chain = [actor_id]
            current = item.record.part_of
            while current in actors and current not in chain:
                chain.append(current)
                current = actors[current].record.part_of
            if current == actor_id and len(chain) > 1:
                self.report(item, ("part_of",),
                            f"actor '{actor_id}' is part of a cycle: {' → '.join(chain + [actor_id])}",
                            "part_of must lead upwards to a top-level actor")

    # --- quotes -------------------------------------------------------------------------------

    def _check_citations(self, item: Located) -> None:
        for path, citation in _citations(item.record):
            if not self._check_ref(item, "document", path + ("document",), citation.document):
                continue
            if citation.document not in self.loaded.texts:
                continue
            self.quotes_checked += 1
            if self.quotes.occurs(citation.document, citation.quote):
                continue
            if self.quotes.occurs_ignoring_case(citation.document, citation.quote):
                self.report(item, path + ("quote",),
                            f"quote matches '{citation.document}' only if case is ignored",
                            "copy the passage exactly, with its capitals")
                continue
            self.report(item, path + ("quote",), f"quote not found in document '{citation.document}'",
                        self.quotes.not_found_hint(citation.document, citation.quote))

    # --- pages --------------------------------------------------------------------------------

    def _check_page_paths(self) -> None:
        """A record's page must not stand where a listing page does (actors/kind-state.md lists the
        states once there are more than 300 actors): one would silently replace the other."""
        for kind in ("actor", "place", "operation", "document"):
            folder = "sources" if kind == "document" else f"{kind}s"
            for record_id, item in self.ids[kind].items():
                listing = self._listing_at(kind, record_id)
                if listing is not None:
                    self.report(item, ("id",), f"{_KIND_NAMES[kind]} id '{record_id}' would have the page "
                                f"{folder}/{record_id}.md, which is {listing}", "choose another id")

    def _listing_at(self, kind: str, record_id: str) -> str | None:
        """The listing page a record of *kind* with *record_id* would replace, or None. (Positions
        are looked up only for a hit: working them out costs a second parse of the file.)"""
        if record_id == "index":
            return "the index page of the folder"
        if kind == "actor" and record_id.startswith("kind-") and record_id[5:] in self.vocabulary.actor_kinds:
            return f"the page listing actors of kind '{record_id[5:]}'"
        governorate = self.ids["place"].get(record_id[12:]) if record_id.startswith("governorate-") else None
        if kind == "place" and governorate is not None and governorate.record.kind == "governorate":
            return (f"the page listing the places of governorate '{governorate.record.id}' "
                    f"({governorate.file}:{governorate.where('id')[0]})")
        if kind == "document" and _PUBLISHED_PAGE.fullmatch(record_id):
            return f"the page listing documents {record_id.replace('-', ' ', 1)}"
        return None

    # --- names --------------------------------------------------------------------------------

    def _check_name_collisions(self) -> None:
        """One spelling, one record: 'Idleb' cannot name both a city and a governorate."""
        owners: dict[str, list[tuple[str, str, Located, tuple]]] = defaultdict(list)
        for kind in ("actor", "operation", "place", "term"):
            for item in self.ids[kind].values():
                seen_here = set()
                for path, spelling in _spelling_paths(kind, item.record):
                    key = normalise(spelling).casefold()
                    if key in seen_here:
                        continue
                    seen_here.add(key)
                    owners[key].append((kind, item.record.id, item, path))
        for key, claimants in owners.items():
            if len(claimants) < 2:
                continue
            for kind, record_id, item, path in claimants:
                others = [f"{_KIND_NAMES[k]} '{i}'" for k, i, _, _ in claimants if (k, i) != (kind, record_id)]
                self.report(item, path, f"the name '{_spelling_at(item.record, path)}' also names "
                            f"{_some(others)}",
                            "a spelling may belong to one record only; remove it from one of them")


LISTED = 5  # records a message names before "and N more"


def _some(names: list[str]) -> str:
    """'a, b, c' — or, past LISTED names, the first LISTED and how many more."""
    if len(names) <= LISTED:
        return ", ".join(names)
    return f"{', '.join(names[:LISTED])} and {len(names) - LISTED} more"


def _list_file(kind: str) -> str:
    return {"actor": "actors.yaml", "operation": "operations.yaml", "place": "places.yaml",
            "term": "glossary.yaml"}.get(kind, f"{kind}s/")


def _spelling_paths(kind: str, record) -> Iterator[tuple[tuple, str]]:
    main = "term" if kind == "term" else "name"
    yield (main,), getattr(record, main)
    for index, alias in enumerate(record.aliases):
        yield ("aliases", index), alias


def _spellings(kind: str, record) -> Iterator[str]:
    yield record.id
    for _, spelling in _spelling_paths(kind, record):
        yield spelling


def _spelling_at(record, path: tuple) -> str:
    value = record
    for part in path:
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def _citations(record) -> Iterator[tuple[tuple, object]]:
    """Every (path, citation-like) in a record: sources, figures, claims and titles all quote."""
    for field in ("sources", "figures", "claims", "titles"):
        for index, citation in enumerate(getattr(record, field, ()) or ()):
            yield (field, index), citation


def validate(loaded: LoadedSources, vocabulary: Vocabulary | None = None) -> tuple[list[Problem], dict[str, int]]:
    """All problems in the tree (load problems included) and counts for the summary line;
    *vocabulary*: the project's event types, roles and actor kinds (the defaults when None)."""
    validator = Validator(loaded, vocabulary)
    problems = list(loaded.problems) + validator.run()
    counts = {
        "documents": len(loaded.records["document"]),
        "events": len(loaded.records["event"]),
        "actors": len(loaded.records["actor"]),
        "operations": len(loaded.records["operation"]),
        "places": len(loaded.records["place"]),
        "terms": len(loaded.records["term"]),
        "quotes verified": validator.quotes_checked,
    }
    return sorted(set(problems)), counts
