"""The briefing's schema: one typed definition of every record.

Pydantic models are the single source of truth: the loader validates YAML against them, and
``briefing schema`` generates the JSON Schema in ``schema/`` from them for editors' autocomplete.
Every model forbids unknown fields, so a typo ("sumary") is an error, never silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from builder.model.dates import DateError, FuzzyDate, parse_date

# Resource bounds (documented in docs/guide/validation.md): they keep a hostile file from
# exhausting memory or producing unreadable pages.
MAX_ID = 80
MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 5000
MAX_QUOTE = 2000
MAX_LIST = 200

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Ids become file names and URLs: refuse names that mean something else to a file system or site.
RESERVED_IDS = {"index", "con", "prn", "aux", "nul", "assets", "search", "pagefind", "data", "tags"} | {
    f"{base}{n}" for base in ("com", "lpt") for n in range(1, 10)
}


class FieldError(ValueError):
    """A record-level check about one field: the loader points the editor at that field's line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _check_id(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"'{value}' is a reserved name and cannot be an id; choose a more specific slug")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID),
    AfterValidator(_check_id),
    Field(description="Lowercase letters, digits and single hyphens, e.g. 'centcom'."),
]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID),
                Field(description="The id of another record.")]


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("a name or title is one line: remove the line break (in YAML, write it on one line, "
                         "or fold it with '>')")
    return value


ShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHORT_TEXT, strip_whitespace=True),
                      AfterValidator(_one_line)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LONG_TEXT, strip_whitespace=True)]
Quote = Annotated[
    str,
    StringConstraints(min_length=3, max_length=MAX_QUOTE, strip_whitespace=True),
    Field(description="A passage that occurs word for word in the cited document."),
]


def _check_date(value: str) -> str:
    try:
        parse_date(value)
    except DateError as error:
        raise ValueError(str(error)) from None
    return value


def _year_as_text(value):
    # YAML reads an unquoted `date: 2025` as the number 2025; a year is a valid briefing date.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


EdtfDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?[~?%]?(/\d{4}(-\d{2}(-\d{2})?)?[~?%]?)?$"),
    AfterValidator(_check_date),
    BeforeValidator(_year_as_text),  # last, so it wraps the rest and the JSON Schema keeps the pattern
    Field(description="EDTF date: 2025-11-24, 2025-12, 2025, 2025-11-24/2025-11-27, 2025-12~ (approximate)."),
]

EventType = Literal[
    "airstrike", "raid", "arrest", "attack", "bombing", "armed-clash", "seizure", "weapons-destroyed",
    "diplomatic", "agreement", "statement", "meeting", "withdrawal", "deployment", "report",
    "organisation", "political-change", "other",
]
Role = Literal[
    "conducted", "supported", "targeted", "claimed", "stated", "reported", "attended", "joined",
    "victim", "mentioned",
]
ActorKind = Literal[
    "state", "government", "ministry", "military", "military-command", "security-force", "intelligence",
    "armed-group", "political-group", "person", "media", "international-organisation", "coalition",
    "think-tank", "other",
]
PlaceKind = Literal[
    "country", "governorate", "region", "city", "town", "village", "district", "site", "facility",
]
GeoPrecision = Literal["exact", "site", "town", "city", "district", "region", "governorate", "country"]
# unqualified: the source gives the number bare ("15"), which is not the same as "exactly 15".
Qualifier = Literal["exactly", "unqualified", "over", "at-least", "about", "up-to", "several", "dozens"]
Reliability = Literal["A", "B", "C", "D", "E", "F"]

# The default vocabulary; a project extends it in its settings (builder/model/vocabulary.py), so
# records hold any word here and validation checks it against the project's lists.
EVENT_TYPES: tuple[str, ...] = EventType.__args__
ROLES: tuple[str, ...] = Role.__args__
ACTOR_KINDS: tuple[str, ...] = ActorKind.__args__
Word = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class Record(BaseModel):
    # Frozen: a record is a value, never changed after load (builder/site/incremental.py relies on it).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Citation(Record):
    """A passage of a source document that backs a fact."""

    document: Ref
    quote: Quote


class Figure(Record):
    """A quantity on one source's word: a value, or a min/max range, with its qualifier."""

    measure: Slug = Field(description="What is counted: killed, injured, arrested, sites-destroyed …")
    value: float | None = Field(None, ge=0)
    min: float | None = Field(None, ge=0)
    max: float | None = Field(None, ge=0)
    qualifier: Qualifier = "exactly"
    unit: ShortText | None = None
    document: Ref
    quote: Quote

    @model_validator(mode="after")
    def _one_form(self) -> Figure:
        if self.value is None and self.min is None and self.max is None:
            raise ValueError("a figure needs 'value', or 'min' and/or 'max'")
        if self.value is not None and (self.min is not None or self.max is not None):
            raise FieldError("value", "a figure has either 'value' or 'min'/'max', not both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise FieldError("min", f"figure min ({self.min:g}) is greater than max ({self.max:g})")
        return self

    @property
    def citation(self) -> Citation:
        return Citation(document=self.document, quote=self.quote)


class Claim(Record):
    """An attribute as one source states it; several claims on one attribute may disagree."""

    attribute: Slug
    value: ShortText
    document: Ref
    quote: Quote


class Title(Record):
    """An office or rank an actor holds, on a source's word."""

    title: ShortText
    document: Ref
    quote: Quote


BackgroundFact = Literal["description", "definition", "coordinates", "aliases", "governorate"]
REFERENCE_PATTERN = r"^(?:https?://\S+|wikidata:Q\d+|geonames:\d+|osm:(?:node|way|relation)/\d+)$"


class Background(Record):
    """Facts of a record the editors know from outside the documents, with where to check them."""

    facts: list[BackgroundFact] = Field(min_length=1, max_length=5,
                                        description="Which facts: description, definition, coordinates, aliases, governorate.")
    reference: Annotated[str, StringConstraints(pattern=REFERENCE_PATTERN, max_length=2000)] = Field(
        description="A URL, or a gazetteer id: wikidata:Q3766, geonames:170654, osm:relation/123.")
    note: ShortText | None = None


class Participant(Record):
    actor: Ref
    role: Word = Field(description="The actor's part in the event: conducted, targeted, stated …")


class Document(Record):
    """Front matter of a source document; its text is kept beside it for quote checks."""

    id: Slug
    title: ShortText
    publisher: ShortText = "unknown"
    published: EdtfDate
    published_note: LongText | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")] = "en"
    reliability: Reliability = "F"


class Event(Record):
    id: Slug
    title: ShortText
    date: EdtfDate
    date_qualifier: Literal["early", "mid", "late"] | None = None
    date_note: LongText | None = None
    type: Word = Field(description="What kind of event: airstrike, arrest, statement, meeting …")
    summary: LongText
    places: list[Ref] = Field(default_factory=list, max_length=MAX_LIST)
    actors: list[Participant] = Field(default_factory=list, max_length=MAX_LIST)
    operation: Ref | None = None
    figures: list[Figure] = Field(default_factory=list, max_length=MAX_LIST)
    claims: list[Claim] = Field(default_factory=list, max_length=MAX_LIST)
    sources: list[Citation] = Field(min_length=1, max_length=MAX_LIST)
    tags: list[Slug] = Field(default_factory=list, max_length=50)
    credibility: int = Field(6, ge=1, le=6, description="Admiralty information credibility, 1 (confirmed) … 6")

    @model_validator(mode="after")
    def _qualified_date(self) -> Event:
        if self.date_qualifier:
            try:
                parse_date(self.date, self.date_qualifier)
            except DateError as error:
                raise FieldError("date_qualifier", str(error)) from None
        return self

    @property
    def when(self) -> FuzzyDate:
        return parse_date(self.date, self.date_qualifier)


class Actor(Record):
    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST)
    kind: Word = Field(description="What kind of actor: state, armed-group, person, media …")
    part_of: Ref | None = None
    description: LongText | None = None
    titles: list[Title] = Field(default_factory=list, max_length=MAX_LIST)
    claims: list[Claim] = Field(default_factory=list, max_length=MAX_LIST)
    sources: list[Citation] = Field(default_factory=list, max_length=MAX_LIST)
    background: list[Background] = Field(default_factory=list, max_length=20)


class Operation(Record):
    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST)
    date: EdtfDate | None = None
    conducted_by: list[Ref] = Field(default_factory=list, max_length=MAX_LIST)
    supported_by: list[Ref] = Field(default_factory=list, max_length=MAX_LIST)
    description: LongText | None = None
    sources: list[Citation] = Field(default_factory=list, max_length=MAX_LIST)
    background: list[Background] = Field(default_factory=list, max_length=20)

    @property
    def when(self) -> FuzzyDate | None:
        return parse_date(self.date) if self.date else None


class Place(Record):
    id: Slug
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST)
    kind: PlaceKind
    governorate: Ref | None = None
    country: ShortText | None = None  # free text: a name ("Georgia", "Türkiye") or ISO code
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    precision: GeoPrecision | None = None
    description: LongText | None = None
    sources: list[Citation] = Field(default_factory=list, max_length=MAX_LIST)
    background: list[Background] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _both_coordinates(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise FieldError("lat" if self.lat is not None else "lon", "give both 'lat' and 'lon', or neither")
        if self.lat is not None and self.precision is None:
            raise FieldError("lat", "coordinates need a 'precision' (exact, town, governorate …)")
        return self


class Term(Record):
    id: Slug
    term: ShortText
    expansion: ShortText | None = None
    aliases: list[ShortText] = Field(default_factory=list, max_length=MAX_LIST)
    definition: LongText
    sources: list[Citation] = Field(default_factory=list, max_length=MAX_LIST)
    background: list[Background] = Field(default_factory=list, max_length=20)


FINDING_ID_PATTERN = r"^[a-z]+(?:-[a-z]+)*:[a-z0-9]+(?:-[a-z0-9]+)*:[0-9a-f]{8}$"


class Review(Record):
    """An editor's decision on one finding of `briefing validate` (sources/reviews.yaml).

    recorded: the disagreement is now recorded (claims or figures, one per source), so the site
    shows it; dismissed: the sources do not really disagree, and the reason says why.
    """

    finding: Annotated[str, StringConstraints(pattern=FINDING_ID_PATTERN, max_length=200)] = Field(
        description="The finding's id as `briefing validate` prints it, e.g. 'outcome:<event-id>:1744f415'.")
    decision: Literal["recorded", "dismissed"]
    reason: LongText | None = Field(None, description="Why it is dismissed, or what was recorded where.")

    @model_validator(mode="after")
    def _dismissal_has_reason(self) -> Review:
        if self.decision == "dismissed" and not self.reason:
            raise FieldError("decision", "a dismissed finding needs a 'reason' saying why the sources agree")
        return self


# Where each kind of record lives, and whether the file holds one record or a list.
KINDS: dict[str, type[Record]] = {
    "document": Document,
    "event": Event,
    "actor": Actor,
    "operation": Operation,
    "place": Place,
    "term": Term,
}

_WORD = re.compile(r"\w+")


def field_names(model: type[Record]) -> list[str]:
    return list(model.model_fields)
