"""Which facts rest on a quoted passage and which on the editors' background knowledge.

Events are quoted by construction (every event cites passages). The other records carry facts
the documents rarely give: descriptions, glossary definitions, coordinates, aliases, a place's
governorate. Each such fact is

- **quoted** when a passage backs it: an alias or a governorate's name that occurs in a cited
  passage or in a document's text, a definition that is itself a quote, a description of a
  record that cites sources and is not marked background, an actor's titles (each has its quote);
- **background** when the record's `background:` names the fact with a reference (a URL, a
  Wikidata, GeoNames or OpenStreetMap id);
- **unmarked** otherwise: `briefing validate` warns of it, pages never present it as quoted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from builder.load.quotes import normalise
from builder.model.records import Background

WIKIDATA = "https://www.wikidata.org/wiki/"
GEONAMES = "https://www.geonames.org/"
OSM = "https://www.openstreetmap.org/"


@dataclass(frozen=True)
class Fact:
    kind: str  # actor | operation | place | term
    record_id: str
    fact: str  # description | definition | coordinates | alias | governorate | title
    label: str  # what the fact says, short
    status: str  # quoted | background | unmarked
    reference: str | None = None
    field: tuple = ()  # where it stands in the record (for a warning's line)


def reference_url(reference: str) -> str:
    """'wikidata:Q3766' → its Wikidata page; a URL stays as it is."""
    if reference.startswith("wikidata:"):
        return WIKIDATA + reference.split(":", 1)[1]
    if reference.startswith("geonames:"):
        return GEONAMES + reference.split(":", 1)[1]
    if reference.startswith("osm:"):
        return OSM + reference.split(":", 1)[1]
    return reference


def background_of(record, fact: str) -> Background | None:
    """The background entry that covers one fact of a record ('aliases' covers each alias)."""
    for entry in getattr(record, "background", None) or ():
        if fact in entry.facts:
            return entry
    return None


class Sourcing:
    """Every non-event fact of a briefing with its status, computed once."""

    def __init__(self, records: dict[str, list], texts: dict[str, str]):
        self._texts = "\n".join(normalise(text).casefold() for _, text in sorted(texts.items()))
        self._names = {place.id: [place.name, *place.aliases] for place in records.get("place", [])}
        self.facts: list[Fact] = []
        for kind in ("actor", "operation", "place", "term"):
            for record in records.get(kind, []):
                if record is not None:
                    self.facts += self._record_facts(kind, record)

    def counts(self) -> dict[str, int]:
        counted = Counter(fact.status for fact in self.facts)
        return {status: counted.get(status, 0) for status in ("quoted", "background", "unmarked")}

    def unmarked(self) -> list[Fact]:
        return [fact for fact in self.facts if fact.status == "unmarked"]

    def _record_facts(self, kind: str, record) -> list[Fact]:
        facts = []
        quotes = " ".join(normalise(c.quote).casefold() for c in record.sources)
        if getattr(record, "description", None):
            quoted = bool(record.sources)
            facts.append(self._fact(kind, record, "description", record.description[:60], quoted, ("description",)))
        if kind == "term":
            quoted = normalise(record.definition).casefold() in quotes
            facts.append(self._fact(kind, record, "definition", record.definition[:60], quoted, ("definition",)))
        if kind == "place" and record.lat is not None:
            facts.append(self._fact(kind, record, "coordinates", f"{record.lat:.4f}, {record.lon:.4f}", False,
                                    ("lat",)))
        if kind == "place" and record.governorate:
            names = self._names.get(record.governorate, [record.governorate])
            quoted = any(_occurs(name, quotes) for name in names)
            facts.append(self._fact(kind, record, "governorate", record.governorate, quoted, ("governorate",)))
        for index, alias in enumerate(getattr(record, "aliases", ())):
            quoted = _occurs(alias, self._texts)
            facts.append(self._fact(kind, record, "aliases", alias, quoted, ("aliases", index)))
        for index, title in enumerate(getattr(record, "titles", ())):
            facts.append(Fact(kind, record.id, "title", title.title, "quoted", field=("titles", index)))
        return facts

    @staticmethod
    def _fact(kind: str, record, fact: str, label: str, quoted: bool, field: tuple) -> Fact:
        marked = background_of(record, fact)
        if marked is not None:  # marked background wins: the editors say the quote does not carry it
            return Fact(kind, record.id, fact, label, "background", marked.reference, field)
        return Fact(kind, record.id, fact, label, "quoted" if quoted else "unmarked", None, field)


def _occurs(name: str, text: str) -> bool:
    """Whether a name occurs as whole words in a text (str.find: a regex per name over every
    document's text costs seconds at a few hundred documents)."""
    needle = normalise(name).casefold()
    if not needle:
        return False
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(needle, at + 1)
    return False


def record_facts(records: dict[str, list], texts: dict[str, str]) -> dict[str, int]:
    """How many facts of the non-event records (by kind) are quoted, background or unmarked."""
    return Sourcing(records, texts).counts()


def sourcing_inputs(briefing) -> tuple[dict[str, list], dict[str, str]]:
    """What record_facts reads of a linked briefing: its non-event records and the documents' texts."""
    return ({"actor": list(briefing.actors.values()), "operation": list(briefing.operations.values()),
             "place": list(briefing.places.values()), "term": list(briefing.terms.values())}, briefing.texts)


def briefing_facts(briefing) -> dict[str, int]:
    """Quoted and background facts of a linked briefing, for the home and Data pages.

    quoted: the events' quoted passages (sources, figures, claims) and the other records' quoted
    facts (``briefing.record_facts``: record_facts, counted once per build by the pipeline);
    background: facts marked with a reference; unmarked: neither (validate warns of them).
    """
    counts = dict(briefing.record_facts or record_facts(*sourcing_inputs(briefing)))
    counts["event_quotes"] = sum(len(e.sources) + len(e.figures) + len(e.claims) for e in briefing.events)
    counts["record_quoted"] = counts["quoted"]
    counts["quoted"] += counts["event_quotes"]
    return counts
