"""Stage 4 — render: the linked briefing → Markdown pages (path relative to docs/ → text).

One Jinja2 template per page kind lives in ``builder/pages/templates/``. The environment is built once
per process and every template compiled once; a page costs one ``render()`` call.

Untrusted text. Every value that comes from the YAML sources is plain text (docs/guide/data-format.md).
The environment runs with autoescaping switched on and a ``finalize`` hook that escapes any value
that is not already markup for *both* HTML and Markdown (:func:`md_escape`), so a template that
forgets a filter is still safe. Markup is made by templates only: page templates and the macros in
``templates/_macros.md.j2`` (links, event lists, tables, citations). Template authors: never build
markup by concatenating data with ``~``; call the ``link`` macro & co., which escape their label.

Links between generated pages are relative Markdown links (``../events/<id>.md``) so MkDocs checks
them; ids are slugs (model.SLUG_PATTERN), so paths need no escaping. Long, repetitive parts (event
lists, tables, citations) are raw HTML blocks instead (several times cheaper for Python-Markdown to
convert), every value through the ``html`` filter (:func:`html_text`, glossary tooltips marked) and
links written as the final relative URLs MkDocs would have made of them (``html_href``);
tests/test_links.py checks them on the built site.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import jinja2
from markupsafe import Markup

from builder.briefing.link import Briefing, Disagreement, figure_text
from builder.briefing.sourcing import background_of, reference_url
from builder.model.dates import MONTHS, ORDER_RULE, parse_date
from builder.model.records import Event, Figure
from builder.pages.passages import passage_id

TEMPLATES = Path(__file__).parent / "templates"

# Above this many records a list page is split (DESIGN.md, Scale): a year's timeline into months,
# the actor index into one page per kind, the place index into one page per governorate.
SPLIT_AT = 300
# Bounds that keep every generated page a few hundred kilobytes at most, whatever the number of
# events (bench/RESULTS.md): a month above MONTH_SPLIT_AT events gets a page per ten days; a record
# page (actor, place, operation) lists its latest LIST_LIMIT events and counts the rest per month,
# each month linking to the timeline filtered to that record; above DISAGREEMENTS_SPLIT_AT records
# with disagreements, the Disagreements page gets one page per month (of the event) instead.
MONTH_SPLIT_AT = 120
LIST_LIMIT = 100
DISAGREEMENTS_SPLIT_AT = 40
# Ten-day parts of a split month, by the day an event starts: the same words as date qualifiers.
MONTH_PARTS = (("early", 1, 10), ("mid", 11, 20), ("late", 21, 31))

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
PRECISION = {
    "exact": "exact point",
    "site": "the site itself",
    "town": "centre of the town",
    "city": "centre of the city",
    "district": "centre of the district",
    "region": "centre of the region",
    "governorate": "centre of the governorate",
    "country": "centre of the country",
}
KIND_TITLES = {
    "state": "States",
    "government": "Governments",
    "ministry": "Ministries",
    "military": "Armed forces",
    "military-command": "Military commands",
    "security-force": "Security forces",
    "intelligence": "Intelligence services",
    "armed-group": "Armed groups",
    "political-group": "Political groups",
    "person": "People",
    "media": "Media",
    "international-organisation": "International organisations",
    "coalition": "Coalitions",
    "think-tank": "Think tanks",
    "other": "Other actors",
}
LANGUAGES = {"en": "English", "ar": "Arabic", "fr": "French", "de": "German", "tr": "Turkish",
             "ku": "Kurdish", "ru": "Russian", "fa": "Persian", "he": "Hebrew", "es": "Spanish"}
CITING_LABELS = {"event": "Events", "actor": "Actors", "operation": "Operations", "place": "Places",
                 "term": "Glossary terms"}
RECORD_DIRS = {"event": "events", "actor": "actors", "operation": "operations", "place": "places",
               "document": "sources"}


# --------------------------------------------------------------------------------------------
# Escaping: data is text, never markup.

# Characters Python-Markdown would read as markup anywhere in a line: backslash-escape the ones it
# knows (core ESCAPED_CHARS), use entities for HTML and for '|' (table cells).
# C0 controls (Python-Markdown uses STX/ETX as placeholder markers) and DEL go; line breaks are
# collapsed by split() before translation.
_TABLE = str.maketrans({c: "\\" + c for c in "\\`*_[](){}#+!"}
                       | {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}
                       | {chr(c): None for c in (*range(32), 0x7F)})
# At the start of a line more characters mean something: lists, headings, definition lists,
# pymdownx.details (???), setext underlines. Entities are safe everywhere.
_LEADING = {"-": "\\-", ":": "&#58;", "?": "&#63;", "=": "&#61;", "~": "&#126;", "%": "&#37;"}
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(value: Any) -> str:
    """Plain text → Markdown that renders exactly that text, on one line.

    Escapes for HTML (& < >) and for Markdown (\\ ` * _ [ ] ( ) { } # + ! |, a leading - : ? = ~
    or "1."), drops control characters and collapses white space (line breaks included).
    """
    if value is None:
        return ""
    text = " ".join(str(value).split()).translate(_TABLE)
    if text:
        first = text[0]
        if first in _LEADING:
            text = _LEADING[first] + text[1:]
        elif first.isdigit():
            text = _ORDERED.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] == "." else f"{m[1]}&#41;", text, 1)
    return text


def md(value: Any) -> Markup:
    """Jinja filter: escaped text as markup (so it is not escaped twice)."""
    if isinstance(value, Markup):
        return value
    return Markup(md_escape(value))


def paragraphs(value: Any) -> Markup:
    """Jinja filter: multi-paragraph plain text (blank-line separated) → escaped paragraphs."""
    if value is None:
        return Markup("")
    parts = [md_escape(p) for p in re.split(r"\n\s*\n", str(value))]
    return Markup("\n\n".join(p for p in parts if p))


def quote_block(value: Any) -> Markup:
    """Jinja filter: a quoted passage as a Markdown blockquote."""
    return Markup("> " + md_escape(value))


def _finalize(value: Any) -> Any:
    # Runs on every {{ … }} before autoescape: anything not already markup is escaped for Markdown
    # and HTML. Markup passes (autoescape then leaves it alone).
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(md_escape(value))


def _join(values: Iterable[Any], separator: str = ", ") -> Markup:
    """Jinja's join, made Markdown-safe (the stock one only HTML-escapes under autoescape)."""
    return Markup(separator).join(md(v) for v in values)


def _refuse(value: Any) -> Markup:
    raise jinja2.TemplateRuntimeError("'safe' is not available: data is text; build markup in render.py")


def _title_text(value: str) -> str:
    """A page title for front matter / the header: angle brackets as look-alikes.

    Material copies an overflowing header title's innerText into a tooltip with innerHTML, so a
    title must not carry '<' even as text; the page's own h1 shows the exact text.
    """
    return " ".join(value.split()).replace("<", "\u2039").replace(">", "\u203a")


def _url(value: str | None) -> str | None:
    """An external URL made inert inside a Markdown link target (schema allows http(s) only)."""
    if not value or not re.match(r"^https?://", value):
        return None
    return url_quote(value, safe=":/?#@!$&'*+,;=%-._~")


# --------------------------------------------------------------------------------------------
# Paths and links (all relative to the docs root; `root` is "../" on pages one folder down).

def event_path(event_id: str) -> str:
    return f"events/{event_id}.md"


def record_path(kind: str, record_id: str) -> str:
    if kind == "term":
        return f"glossary.md#{record_id}"
    return f"{RECORD_DIRS[kind]}/{record_id}.md"



@jinja2.pass_context
def _href(context, path: str) -> str:
    return Markup(context["root"] + path)


# What the "What changed" page calls each list file of sources/ (readers never see file names).
LIST_NAMES = {"actors.yaml": "actors", "places.yaml": "places", "operations.yaml": "operations",
              "glossary.yaml": "glossary terms", "reviews.yaml": "reviews of findings"}

_DOCUMENT_REFS = re.compile(r"\b[Dd]ocuments? ((?:\d{3}(?:-[0-9a-f]{6,})?(?:, | and | or |,? and )?)+)")
_FILE_REFS = re.compile(r"\b(?:sources/)?([\w-]+\.ya?ml)\b")


def reader_note(briefing: Briefing, text: str) -> str:
    """An editor's note (a commit message) as readers may read it: documents named by publisher or
    title instead of their number, lists by what they hold instead of their file name."""
    def document(number: str) -> str:
        found = next((d for d in briefing.documents.values() if d.id.split("-", 1)[0] == number[:3]), None)
        if found is None:
            return "a source"
        return found.publisher if found.publisher and found.publisher != "unknown" else f"“{found.title}”"

    def documents(match: re.Match) -> str:
        names = [document(n) for n in re.findall(r"\d{3}", match[1])]
        tail = match[1][len(match[1].rstrip(", andor")):]  # the separator after the last number
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return joined + tail

    text = _DOCUMENT_REFS.sub(documents, text)
    return _FILE_REFS.sub(lambda m: "the " + LIST_NAMES.get(m[1], "source files"), text)


def _kind_label(value: str) -> str:
    return value.replace("-", " ").capitalize()


def _number(value: int) -> str:
    return f"{value:,}"


def _plural(count: int, one: str, many: str | None = None) -> Markup:
    return Markup(f"{count:,} {one if count == 1 else (many or one + 's')}")


def _short(value: str, limit: int = 70) -> str:
    value = " ".join(str(value).split())
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


# --------------------------------------------------------------------------------------------
# Raw HTML blocks for long, repetitive parts (record lists, tables, citations).
#
# Python-Markdown stashes a raw HTML block whole, with no inline processing, which makes it several
# times cheaper to convert than the same content as Markdown links, emphasis and tables; MkDocs
# converts ~12,000 pages at 10,000 events. A block is one line per element, with no blank line,
# built by the macros from values escaped for HTML (:func:`html_text`, which also drops control characters,
# Python-Markdown's placeholder markers among them). Links are final relative URLs (MkDocs only
# rewrites links in Markdown), as MkDocs writes them for ``use_directory_urls``. Headings stay
# Markdown, so the table of contents and permalinks are unchanged.

# Text nodes only (never an attribute value): & < > as entities, control characters dropped.
_HTML_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{chr(c): None for c in range(32)},
                             "\x7f": None})
_ABBR_LINE = re.compile(r"^\*\[(?P<term>[^\]]*)\]: (?P<title>.*)$")


def html_text(value: Any) -> str:
    """Plain text → HTML that shows exactly that text, on one line (white space collapsed)."""
    if value is None:
        return ""
    return " ".join(str(value).split()).translate(_HTML_TABLE)


class _AbbrHtml:
    """The page's abbreviation tooltips inside raw HTML (Python-Markdown's abbr extension does not
    see raw HTML): the same terms and titles as :func:`abbreviations`, matched as it matches them
    (``\\b(?:longest|…)\\b`` over each text node) and written as it writes them."""

    def __init__(self, text: str):
        self.titles: dict[str, str] = {}
        for line in text.splitlines():
            match = _ABBR_LINE.match(line)
            if match and match["term"].strip() and match["title"].strip():
                self.titles[match["term"].strip()] = match["title"].strip().replace('"', "&quot;")
        terms = sorted(self.titles, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b") if terms else None
        self._seen: dict[str, str] = {}
        # A match of a term starting with a word character begins with a whole word of the text
        # equal to the term's first word: when none of those words is in the text (most text), the
        # term regex need not run. A term starting otherwise is always looked for.
        self.first_words: set[str] | None = set()
        for term in terms:
            first = _WORD.match(term)
            if first is None:
                self.first_words = None
                break
            self.first_words.add(first[0])

    def text(self, value: Any) -> str:
        """*value* as HTML text, abbreviations marked (memoised: names and labels repeat on every
        page that lists their events)."""
        found = self._seen.get(value)
        if found is None:
            if value is None:
                return ""
            found = self._seen[value] = self._text(str(value))
        return found

    def _text(self, value: str) -> str:
        text = " ".join(value.split())
        if (self.pattern is None or (self.first_words is not None and self.first_words.isdisjoint(_WORD.findall(text)))
                or not self.pattern.search(text)):
            return text.translate(_HTML_TABLE)
        parts, last = [], 0
        for match in self.pattern.finditer(text):
            parts.append(text[last:match.start()].translate(_HTML_TABLE))
            parts.append(f'<abbr title="{self.titles[match[0]]}">{match[0].translate(_HTML_TABLE)}</abbr>')
            last = match.end()
        parts.append(text[last:].translate(_HTML_TABLE))
        return "".join(parts)


class Names:
    """What any page may show of records besides its own values: the names and titles of actors,
    places, operations, documents and glossary terms (links, tooltips). Made of those records only,
    never of events: a page's events come in its values (builder/site/incremental.py relies on it).
    """

    def __init__(self, briefing: Briefing):
        self.title = briefing.title
        self.actors = briefing.actors
        self.places = briefing.places
        self.operations = briefing.operations
        self.documents = briefing.documents
        self.terms = briefing.terms

    def document_date(self, document_id: str):
        return parse_date(self.documents[document_id].published)

    @cached_property
    def abbreviations(self) -> str:
        return _abbreviations(self)

    @cached_property
    def abbr_html(self) -> _AbbrHtml:
        return _AbbrHtml(self.abbreviations)

    @cached_property
    def abbr_index(self) -> _AbbrIndex:
        return _AbbrIndex(self.abbreviations)


def html_url(path: str, use_directory_urls: bool = True) -> str:
    """A docs-relative Markdown path (``events/x.md``, ``timeline/2025.md?actor=a#2025-03``) → the
    site-relative URL MkDocs gives it (``events/x/``, ``timeline/2025/?actor=a#2025-03``)."""
    page, hash_, anchor = path.partition("#")
    page, mark, query = page.partition("?")
    name = page.rsplit("/", 1)[-1]
    if not use_directory_urls:
        url = page[:-3] + ".html" if page.endswith(".md") else page
    elif name in ("index.md", "README.md"):
        url = page[:-len(name)]
    else:
        url = page[:-3] + "/" if page.endswith(".md") else page
    return f"{url}{mark}{query}{hash_}{anchor}"


@jinja2.pass_context
def _html_href(context, path: str) -> Markup:
    """The final URL of a docs-relative path, from a page's URL (for links in raw HTML blocks)."""
    return Markup((context["url_root"] + html_url(path, context["use_dirs"])) or "./")


@jinja2.pass_context
def _html(context, value: Any) -> Markup:
    """Jinja filter: text for a raw HTML block (HTML-escaped, glossary tooltips marked)."""
    return Markup(context["names"].abbr_html.text(value))


def by_year(items: list[tuple[Event, list[str]]]) -> list[tuple[int, list]]:
    """(event, roles) items in runs of one start year, in order."""
    runs: list[tuple[int, list]] = []
    for item in items:
        year = item[0].when.start.year
        if not runs or runs[-1][0] != year:
            runs.append((year, []))
        runs[-1][1].append(item)
    return runs


def citing_groups(citing: list) -> list[tuple[str, list]]:
    """A document's citing records (in order) in runs of one kind, with the kind's heading label."""
    runs: list[tuple[str, list]] = []
    for item in citing:
        if not runs or runs[-1][1][0].kind != item.kind:
            runs.append((CITING_LABELS[item.kind], []))
        runs[-1][1].append(item)
    return runs


def by_document(citations) -> list[tuple[str, list[str]]]:
    """A record's citations as (document, its quotes), documents in order of first citation."""
    grouped: dict[str, list[str]] = {}
    for item in citations:
        grouped.setdefault(item.document, []).append(item.quote)
    return list(grouped.items())


def templates_version() -> bytes:
    """A hash of every page template's source (a template may include any other)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def environment(version: bytes = b"") -> jinja2.Environment:
    """A Jinja environment for the page templates: each template compiled once for the environment's
    life (*version*, templates_version(), names the templates it is for; its caller holds it)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters.update(
        md=md, paragraphs=paragraphs, blockquote=quote_block, join=_join, e=md, escape=md,
        forceescape=md, safe=_refuse, kind=_kind_label, number=_number, short=_short,
        figure=figure_text, title_text=_title_text, html=_html,
    )
    env.globals.update(
        href=_href, html_href=_html_href, by_year=by_year, citing_groups=citing_groups,
        by_document=by_document, plural=_plural, RELIABILITY=RELIABILITY, CREDIBILITY=CREDIBILITY,
        PRECISION=PRECISION, KIND_TITLES=KIND_TITLES, LANGUAGES=LANGUAGES, MONTHS=MONTHS, record_path=record_path,
        url=_url, background=background_of, reference_url=reference_url, passage_id=passage_id,
        ORDER_RULE=ORDER_RULE, LIST_NAMES=LIST_NAMES, reader_note=reader_note,
    )
    return env


# --------------------------------------------------------------------------------------------
# Page plans: what each page shows, prepared once in Python (linear in the briefing's size).

@dataclass
class TimelineYear:
    year: int
    events: list[Event]
    months: list[tuple[int, list[Event]]]  # month → events (start month), in date order
    undated: list[Event]  # known only to the year
    split: bool
    # month → (events known only to the month, [(part, first day, last day, events)]) for a month
    # above MONTH_SPLIT_AT events (only in a split year)
    parts: dict[int, tuple[list[Event], list[tuple[str, int, int, list[Event]]]]] = None

    def month_path(self, month: int) -> str:
        if self.split:
            return f"timeline/{self.year}-{month:02d}.md"
        return f"timeline/{self.year}.md#{self.year}-{month:02d}"

    def part_path(self, month: int, part: str) -> str:
        return f"timeline/{self.year}-{month:02d}-{part}.md"

    def event_path(self, event: Event) -> str:
        """The timeline page (and anchor) that lists *event*."""
        when = event.when
        if when.begin.month is None and not when.qualifier:
            return f"timeline/{self.year}.md#{self.year}-undated"
        month = when.start.month
        parts = (self.parts or {}).get(month)
        if parts is not None and when.begin.day is not None:
            for part, first, last, _ in parts[1]:
                if first <= when.start.day <= last:
                    return self.part_path(month, part)
        return self.month_path(month)


def _month_parts(events: list[Event], month_last: int) -> tuple[list[Event], list[tuple[str, int, int, list[Event]]]]:
    """A large month: events known only to the month (or early/mid/late of it) stay on the month
    page; events with a day go to the ten-day part their first day falls in."""
    loose: list[Event] = []
    parts = {name: [] for name, _, _ in MONTH_PARTS}
    for event in events:
        when = event.when
        if when.begin.day is None:
            loose.append(event)
            continue
        day = when.start.day
        for name, first, last in MONTH_PARTS:
            if first <= day <= last:
                parts[name].append(event)
                break
    return loose, [(name, first, min(last, month_last), parts[name]) for name, first, last in MONTH_PARTS
                   if parts[name]]


def timeline(briefing: Briefing) -> list[TimelineYear]:
    """The timeline's years, each with its months (and ten-day parts of a busy month)."""
    years = []
    for year, events in sorted(briefing.events_by_year.items()):
        months: dict[int, list[Event]] = defaultdict(list)
        undated = []
        for event in events:
            when = event.when
            if when.begin.month is None and not when.qualifier:
                undated.append(event)
            else:
                months[when.start.month].append(event)
        split = len(events) > SPLIT_AT
        parts = {month: _month_parts(items, calendar.monthrange(year, month)[1]) for month, items in months.items()
                 if split and len(items) > MONTH_SPLIT_AT}
        years.append(TimelineYear(year, events, sorted(months.items()), undated, split=split, parts=parts))
    return years


@dataclass
class EventList:
    """A record page's events. Up to LIST_LIMIT: all, in date order. Above: the latest LIST_LIMIT,
    newest first, and per year the number of events in each month, each month linking to the
    timeline page of that month filtered to this record (``?actor=<id>``: the timeline filter reads
    it), so no record page grows with the briefing."""

    total: int
    shown: list  # the items (an event, or an (event, roles) pair) shown on the page
    truncated: bool
    # (year, events, [(month label, events, path, [(ten-day label, events, path)])])
    years: list[tuple[int, int, list[tuple[str, int, str, list[tuple[str, int, str]]]]]]


def _with_query(path: str, query: str) -> str:
    page, hash_, anchor = path.partition("#")
    return f"{page}?{query}{hash_}{anchor}"


def _event_list(items: list, timeline: dict[int, TimelineYear], key: str, record_id: str) -> EventList:
    if len(items) <= LIST_LIMIT:
        return EventList(len(items), items, False, [])
    event_of = (lambda item: item[0]) if items and isinstance(items[0], tuple) else (lambda item: item)
    query = f"{key}={record_id}"
    # year → month label → [events, path, {part path: [label, events]}]
    counts: dict[int, dict[str, list]] = {}
    for item in items:
        event = event_of(item)
        when = event.when
        year = timeline[when.start.year]
        undated = when.begin.month is None and not when.qualifier
        label = "month unknown" if undated else MONTHS[when.start.month][:3]
        path = f"timeline/{year.year}.md#{year.year}-undated" if undated else year.month_path(when.start.month)
        slot = counts.setdefault(year.year, {}).setdefault(label, [0, _with_query(path, query), {}])
        slot[0] += 1
        where = year.event_path(event)
        if not undated and where.endswith(("-early.md", "-mid.md", "-late.md")):
            name = where[:-3].rsplit("-", 1)[1]
            first, last = next((a, b) for n, a, b, _ in year.parts[when.start.month][1] if n == name)
            part = slot[2].setdefault(_with_query(where, query), [f"{first}–{last}", 0])
            part[1] += 1
    years = []
    for year, months in sorted(counts.items()):
        cells = []
        for label, (n, path, parts) in months.items():
            # A month split into ten-day pages: its filtered events are on those pages.
            cells.append((label, n, path, sorted(((days, c, p) for p, (days, c) in parts.items()),
                                                 key=lambda part: int(part[0].split("–")[0]))))
        years.append((year, sum(cell[1] for cell in cells), cells))
    return EventList(len(items), list(reversed(items[-LIST_LIMIT:])), True, years)


def _actor_events(briefing: Briefing, actor_id: str, timeline: dict[int, TimelineYear]) -> EventList:
    return _event_list(_roles_by_event(briefing, actor_id), timeline, "actor", actor_id)


def _roles_by_event(briefing: Briefing, actor_id: str) -> list[tuple[Event, list[str]]]:
    merged: dict[str, tuple[Event, list[str]]] = {}
    for event, role in briefing.events_by_actor.get(actor_id, ()):
        entry = merged.setdefault(event.id, (event, []))
        if role not in entry[1]:
            entry[1].append(role)
    return list(merged.values())


def _figure_rows(figures: list[Figure], disputed: set[str]) -> list[dict]:
    order: dict[str, list[Figure]] = {}
    for figure in figures:
        order.setdefault(figure.measure, []).append(figure)
    rows = []
    for measure, items in order.items():
        for index, figure in enumerate(items):
            rows.append({"group": measure, "first": index == 0, "cited": figure,
                         "value": figure_text(figure), "disputed": measure in disputed})
    return rows


def _claim_rows(claims, disputed: set[str]) -> list[dict]:
    order: dict[str, list] = {}
    for claim in claims:
        order.setdefault(claim.attribute, []).append(claim)
    return [{"group": attribute, "first": i == 0, "cited": claim, "value": claim.value, "disputed": attribute in disputed}
            for attribute, items in order.items() for i, claim in enumerate(items)]


def _site_description(settings) -> str:
    return str(getattr(settings, "description", "") or "")


def _front_matter(title: str) -> str:
    return "---\ntitle: " + _yaml_string(_title_text(title)) + "\n---\n\n"


def _yaml_string(value: str) -> str:
    # JSON-style double-quoted scalar, valid YAML; only printable text reaches here.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------------------------
# The entry point.

def _citing_order(briefing: Briefing, citing) -> tuple:
    if citing.kind == "event" and citing.id in briefing.event_by_id:
        return briefing.event_by_id[citing.id].when.sort_key()
    return (citing.title.casefold(),)


def _documents_by_month(briefing: Briefing) -> dict[tuple[int, int], list] | None:
    """Above SPLIT_AT documents: (year, month published) → documents, for one page per month."""
    if len(briefing.documents) <= SPLIT_AT:
        return None
    months: dict[tuple[int, int], list] = defaultdict(list)
    for document in briefing.documents.values():
        start = briefing.document_date(document.id).start
        months[(start.year, start.month)].append(document)
    return dict(sorted(months.items()))


def _disagreement_pages(briefing: Briefing, groups) -> dict[tuple[str, str], str]:
    """Above DISAGREEMENTS_SPLIT_AT records: (kind, id) → its page, disagreements/<YYYY-MM>.md by
    the event's first month, disagreements/actors.md for actors. Empty: everything on one page."""
    if len(groups) <= DISAGREEMENTS_SPLIT_AT:
        return {}
    pages = {}
    for kind, record_id, _, _ in groups:
        if kind == "event":
            start = briefing.event_by_id[record_id].when.start
            pages[(kind, record_id)] = f"disagreements/{start.year}-{start.month:02d}.md"
        else:
            pages[(kind, record_id)] = f"disagreements/{kind}s.md"
    return pages


def _disagreement_groups(briefing: Briefing) -> list[tuple[str, str, str, list[Disagreement]]]:
    """(kind, id, title, disagreements) per record: events in date order, then actors by name."""
    groups: dict[tuple[str, str], list[Disagreement]] = {}
    for item in briefing.disagreements:
        groups.setdefault((item.subject_kind, item.subject_id), []).append(item)
    return [(kind, record_id, items[0].subject_title, items) for (kind, record_id), items in groups.items()]


# --------------------------------------------------------------------------------------------
# Abbreviations: glossary terms and acronym-like names become tooltips on every page.

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]{1,9}$")


def _acronym(value: str) -> bool:
    return bool(_ACRONYM.match(value)) and sum(c.isalpha() for c in value) >= 2 and not value.endswith("-")


def _abbr_term(value: str) -> str | None:
    """A term usable in `*[TERM]: …` (Python-Markdown cannot define one holding \\ [ ] or a break;
    one holding < or > is left out too: the definitions are part of the page's Markdown)."""
    value = " ".join(value.split())
    if not value or any(c in value for c in "\\[]<>") or any(ord(c) < 32 for c in value):
        return None
    return value


def _abbr_title(value: str) -> str:
    """The tooltip text, HTML-escaped twice.

    Python-Markdown writes the title into an attribute keeping entities as they are; the browser
    decodes them once; Material's tooltip then inserts the title with innerHTML, which decodes
    again. Escaping twice makes the reader see exactly the text, and no markup can come through.
    """
    text = " ".join(value.split())
    text = "".join(c for c in text if ord(c) >= 32)
    return html.escape(html.escape(text, quote=False), quote=False)


def _first_sentence(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return _short(sentence, limit)


def _abbreviations(names: Names) -> str:
    """Python-Markdown `abbr` definitions for every glossary term and alias and for acronym-like
    actor and operation names/aliases, one per line, sorted."""
    briefing = names
    found: dict[str, str] = {}
    for term in sorted(briefing.terms.values(), key=lambda t: t.id):
        title = term.expansion or _first_sentence(term.definition)
        for spelling in [term.term, *term.aliases]:
            key = _abbr_term(spelling)
            if key and key not in found:
                found[key] = title
    records = [*sorted(briefing.actors.values(), key=lambda a: a.id),
               *sorted(briefing.operations.values(), key=lambda o: o.id)]
    for record in records:
        spellings = [record.name, *record.aliases]
        expansion = next((s for s in spellings if not _acronym(s)), None)
        if expansion is None:
            continue
        for spelling in spellings:
            key = _abbr_term(spelling)
            if key and _acronym(key) and key not in found:
                found[key] = expansion
    lines = [f"*[{key}]: {_abbr_title(title)}" for key, title in sorted(found.items())
             if _abbr_title(title)]
    return "\n".join(lines) + ("\n" if lines else "")


# Per page: only the definitions whose term occurs on it. Appending all of them to every page made
# Python-Markdown's abbr extension (one block per definition, one regex over every text node) cost
# several times the rest of the page's conversion; most pages use none or a few.
_DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]*)\]: ", re.MULTILINE)


_WORD = re.compile(r"\w+")


class _AbbrIndex:
    """All definition lines, and each term's words indexed by its first word. A term is kept for
    a page when every one of its words occurs on it: a cheap superset of where Python-Markdown's
    ``\\bTERM\\b`` can match (never fewer definitions than the page can show)."""

    def __init__(self, text: str):
        self.lines: dict[str, str] = {}
        for line in text.splitlines():
            match = _DEFINITION.match(line)
            if match:
                self.lines[match["term"]] = line
        self.always: set[str] = set()
        self.by_word: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
        for term in self.lines:
            words = _WORD.findall(term)
            if words:
                self.by_word[words[0]].append((term, set(words)))
            else:
                self.always.add(term)


_CHUNKS = re.compile(r"\n[ \t]*\n")
# A chunk that starts with a block-level tag at its first column is a raw HTML block, unless it asks
# for Markdown inside (md_in_html's markdown attribute).
_RAW_HTML_BLOCK = re.compile(r"<(?:ul|ol|div|table|dl|figure|section|details|blockquote|p)\b(?![^>\n]*\bmarkdown\b)")


_PLACEHOLDER = re.compile(r"<!--bf-raw-(\d+)-->")


def set_aside_raw_html(markdown: str) -> tuple[str, list[str]]:
    """A generated page's raw HTML blocks, each replaced by a placeholder comment, and the blocks.

    Python-Markdown passes raw HTML blocks through unchanged, but parses every tag of them first
    (with md_in_html and MkDocs' anchor scan, ~half of converting an event page). The hook sets
    them aside before conversion and puts them back into the HTML (:func:`restore_raw_html`): the
    same page, at half the cost. Contributor text cannot make a placeholder: it is escaped, so it
    never holds ``<!--``.
    """
    blocks: list[str] = []
    kept: list[str] = []
    for chunk in _CHUNKS.split(markdown):
        if _RAW_HTML_BLOCK.match(chunk):
            blocks.append(chunk.rstrip("\n"))
            kept.append(f"<!--bf-raw-{len(blocks) - 1}-->")
        else:
            kept.append(chunk)
    return ("\n\n".join(kept), blocks) if blocks else (markdown, blocks)


_ABBR_TAG = re.compile(r'<abbr title="([^"]*)">')


def focusable_abbreviations(html: str) -> str:
    """The first tooltip of each term on a page is a tab stop (tabindex="0"), so keyboard users see
    its definition too (Material shows an abbr's tooltip on focus as on hover); later ones are not,
    so a page does not gain a tab stop per mention."""
    if "<abbr" not in html:
        return html
    seen: set[str] = set()

    def first_focusable(match: re.Match) -> str:
        if match[1] in seen:
            return match[0]
        seen.add(match[1])
        return f'<abbr tabindex="0" title="{match[1]}">'

    return _ABBR_TAG.sub(first_focusable, html)


def restore_raw_html(html_text: str, blocks: list[str]) -> str:
    """Put back the blocks :func:`set_aside_raw_html` took out of a page."""
    if not blocks:
        return html_text
    return _PLACEHOLDER.sub(lambda m: blocks[int(m[1])] if int(m[1]) < len(blocks) else m[0], html_text)


def abbreviations_for(names: Names, markdown: str) -> str:
    """The :func:`abbreviations` lines whose term occurs in *markdown* (as rendered text: Markdown
    backslash escapes and HTML entities undone first), in the same order; "" when none does."""
    index = names.abbr_index
    if not index.lines:
        return ""
    # Python-Markdown's abbr never looks inside raw HTML blocks (the long lists and tables of
    # generated pages, which carry their own <abbr> tags): leave them out of the scan.
    markdown = "\n\n".join(chunk for chunk in _CHUNKS.split(markdown) if not _RAW_HTML_BLOCK.match(chunk))
    text = html.unescape(markdown.replace("\\", "")) if ("\\" in markdown or "&" in markdown) else markdown
    words = set(_WORD.findall(text))
    found = set(index.always)
    for first in words & index.by_word.keys():
        for term, needed in index.by_word[first]:
            if needed <= words:
                found.add(term)
    if not found:
        return ""
    return "".join(line + "\n" for term, line in index.lines.items() if term in found)
