"""The renderer: records → Markdown pages.

Synthetic briefings built here (no files) exercise escaping of hostile text, date precision, links
both ways, determinism and the split rule at scale.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from builder.briefing.link import link
from builder.load.reader import LoadedSources, Located
from builder.model.records import Actor, Document, Event, Operation, Place, Term
from builder.pages.explore import site_root as _site_root
from builder.pages.plan import render_pages
from builder.pages.render import SPLIT_AT, Names, environment, html_url, md_escape
from builder.settings import Settings

SETTINGS = Settings(project=Path("/nonexistent"), sources=Path("/nonexistent/sources"),
                    title="Test briefing", site_url="https://example.org/", site_name="Test briefing")

HOSTILE = "<script>alert(1)</script> **x** {{ 7*7 }} {% if 1 %}y{% endif %} | [a](javascript:x) _u_ `c` &amp; #h"


def cite(document="doc-a", quote="the quoted passage"):
    return {"document": document, "quote": quote}


def make_briefing(events=(), actors=(), places=(), operations=(), terms=(), documents=None, title="Test briefing"):
    """A linked briefing from plain dicts (validated by the pydantic models, not by validate.py)."""
    documents = documents or [
        {"id": "doc-a", "title": "Document A", "publisher": "Outlet A", "published": "2025-12",
         "reliability": "C"},
        {"id": "doc-b", "title": "Document B", "publisher": "Outlet B", "published": "2026-02-14",
         "reliability": "B"},
    ]
    loaded = LoadedSources(root=Path("."))
    for kind, model, items in (("document", Document, documents), ("event", Event, events),
                               ("actor", Actor, actors), ("place", Place, places),
                               ("operation", Operation, operations), ("term", Term, terms)):
        for item in items:
            record = item if not isinstance(item, dict) else model(**item)
            loaded.records[kind].append(Located(record, f"{kind}.yaml", {}))
    return link(loaded, title)


def small_briefing():
    return make_briefing(
        events=[
            {"id": "e-month", "title": "Month-only event", "date": "2025-12", "type": "raid",
             "summary": "A raid.", "places": ["idlib"], "actors": [{"actor": "isis", "role": "targeted"},
                                                                   {"actor": "centcom", "role": "conducted"}],
             "operation": "op-hawk", "sources": [cite()], "credibility": 3},
            {"id": "e-range", "title": "Range event", "date": "2025-11-24/2025-11-27", "type": "airstrike",
             "summary": "Strikes.", "places": ["rif-dimashq"], "actors": [{"actor": "centcom", "role": "conducted"}],
             "sources": [cite()],
             "figures": [{"measure": "killed", "value": 22, "document": "doc-a", "quote": "the quoted passage"},
                         {"measure": "killed", "min": 25, "qualifier": "at-least", "document": "doc-b",
                          "quote": "another passage"}]},
            {"id": "e-early", "title": "Early event", "date": "2025-12", "date_qualifier": "early",
             "type": "arrest", "summary": "Arrests.", "places": ["idlib-governorate"],
             "actors": [{"actor": "isis", "role": "targeted"}], "sources": [cite("doc-b", "another passage")]},
            {"id": "e-year", "title": "Year-only event", "date": "2026", "type": "statement",
             "summary": "A statement.", "sources": [cite("doc-b", "another passage")]},
        ],
        actors=[
            {"id": "isis", "name": "Islamic State", "aliases": ["ISIS", "Daesh"], "kind": "armed-group"},
            {"id": "centcom", "name": "U.S. Central Command", "aliases": ["CENTCOM"], "kind": "military-command"},
            {"id": "brad-cooper", "name": "Brad Cooper", "kind": "person", "part_of": "centcom",
             "claims": [{"attribute": "rank", "value": "Admiral", "document": "doc-a", "quote": "the quoted passage"},
                        {"attribute": "rank", "value": "General", "document": "doc-b", "quote": "another passage"}]},
        ],
        places=[
            {"id": "idlib-governorate", "name": "Idlib Governorate", "kind": "governorate",
             "lat": 35.8, "lon": 36.6, "precision": "governorate"},
            {"id": "idlib", "name": "Idlib", "aliases": ["Idleb"], "kind": "city",
             "governorate": "idlib-governorate", "lat": 35.93, "lon": 36.63, "precision": "city"},
            {"id": "rif-dimashq", "name": "Rif Dimashq", "kind": "governorate"},
        ],
        operations=[{"id": "op-hawk", "name": "Operation Hawkeye Strike", "date": "2025-12/2026-01",
                     "conducted_by": ["centcom"], "sources": [cite()]}],
        terms=[{"id": "ied", "term": "IED", "expansion": "improvised explosive device", "aliases": ["IEDs"],
                "definition": "A home-made bomb."}],
    )


# ---------------------------------------------------------------------------------------------
# Helpers

EXTENSIONS = ["abbr", "attr_list", "def_list", "tables", "toc", "admonition", "md_in_html",
              "pymdownx.details"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def to_html(markdown_text: str, briefing=None) -> str:
    """A page as MkDocs would convert it (same extensions as mkdocs.yml, abbreviations appended)."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(markdown_text)  # front matter, as MkDocs strips it
    text = body + ("\n\n" + Names(briefing).abbreviations if briefing is not None else "")
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def visible_text(html_text: str) -> str:
    """What a reader sees: tags dropped, entities decoded, white space collapsed."""
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def links(markdown_text: str) -> list[str]:
    return LINK.findall(markdown_text)


def resolve(page: str, target: str) -> tuple[str, str]:
    """A relative Markdown link from page → (path relative to the docs root, anchor)."""
    import posixpath

    target, _, anchor = target.partition("#")
    if not target:
        return page, anchor
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target)), anchor


HREF = re.compile(r'<a (?:class="[^"]*" )?href="([^"]*)"')


def assert_links_resolve(pages: dict[str, str], known=("guide/index.md", "data.md", "changes.md")):
    import posixpath

    dirs = SETTINGS.use_directory_urls
    urls = {html_url(path, dirs): path for path in [*pages, *known]}
    for path, text in pages.items():
        for target in links(text):
            if target.startswith(("http://", "https://")):
                continue
            resolved, _ = resolve(path, target)
            assert resolved in pages or resolved in known, f"{path}: broken link {target}"
        # Raw HTML blocks hold final URLs, relative to the page's own URL.
        base = html_url(path, dirs)
        for target in HREF.findall(text):
            if target.startswith(("http://", "https://", "#")):
                continue
            url = target.partition("#")[0].partition("?")[0]
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base) if not base.endswith("/") else base, url))
            resolved = "" if resolved == "." else resolved + ("/" if url.endswith("/") else "")
            assert resolved in urls, f"{path}: broken link {target}"


def hostile_briefing(text: str = HOSTILE):
    """Every text field of every record kind holds hostile text."""
    quote = "q " + text
    doc = {"id": "doc-a", "title": text, "publisher": text, "published": "2025-12", "published_note": text,
           "url": "https://example.org/a(b)<c>\"d", "reliability": "C"}
    return make_briefing(
        documents=[doc, {"id": "doc-b", "title": "B", "published": "2026", "reliability": "F"}],
        events=[{"id": "e-1", "title": text, "date": "2025-12", "date_note": text, "type": "attack",
                 "summary": text + "\n\n" + text, "places": ["p-town"], "actors": [{"actor": "a-1", "role": "conducted"}],
                 "operation": "op-1",
                 "figures": [{"measure": "killed", "value": 3, "unit": text, "document": "doc-a", "quote": quote},
                             {"measure": "killed", "value": 5, "document": "doc-a", "quote": quote + " 2"}],
                 "claims": [{"attribute": "perpetrator", "value": text, "document": "doc-a", "quote": quote}],
                 "sources": [{"document": "doc-a", "quote": quote}]},
                {"id": "e-2", "title": "Second", "date": "2025-12-02", "type": "raid", "summary": "S.",
                 "places": ["p-town"], "actors": [{"actor": "a-1", "role": "targeted"}],
                 "sources": [{"document": "doc-a", "quote": quote}]}],
        actors=[{"id": "a-1", "name": text, "aliases": [text, "EVL"], "kind": "armed-group", "description": text,
                 "titles": [{"title": text, "document": "doc-a", "quote": quote}],
                 "claims": [{"attribute": "rank", "value": text, "document": "doc-a", "quote": quote},
                            {"attribute": "rank", "value": "other", "document": "doc-b", "quote": quote}],
                 "sources": [{"document": "doc-a", "quote": quote}]}],
        places=[{"id": "p-gov", "name": text, "aliases": [text], "kind": "governorate", "country": text,
                 "description": text, "sources": [{"document": "doc-a", "quote": quote}]},
                {"id": "p-town", "name": text, "kind": "town", "governorate": "p-gov", "lat": 35.1,
                 "lon": 36.2, "precision": "town"}],
        operations=[{"id": "op-1", "name": text, "aliases": [text], "date": "2025-12", "conducted_by": ["a-1"],
                     "description": text, "sources": [{"document": "doc-a", "quote": quote}]}],
        terms=[{"id": "t-1", "term": text, "expansion": text, "aliases": [text, "ZZT"], "definition": text},
               {"id": "t-2", "term": "QQT", "expansion": text, "definition": text}],
    )


# ---------------------------------------------------------------------------------------------
# Escaping: data is shown as text, never interpreted.

def test_data_page_shows_the_briefing_title_as_text():
    """The Data page escapes the title with the pages' md_escape: a title holding markup characters
    reads exactly as written there, and none of it becomes an element."""
    from builder.data.export import data_page

    title = "Floods <b>now</b> | 1. ~x~ a\\b (2026)!"
    html_text = to_html(data_page(make_briefing(title=title), SETTINGS, {}, site_files={}))
    assert title in visible_text(html_text)
    assert "<b>" not in html_text


@pytest.mark.parametrize("text", [
    HOSTILE,
    "- not a list item",
    "1. not an ordered list",
    "# not a heading",
    "> not a quote",
    ": not a definition",
    "??? note \"not a details block\"",
    "!!! warning \"not an admonition\"",
    "*[ABBR]: not an abbreviation",
    "=== not a setext underline",
    "    not code",
    "<!-- not a comment -->",
    "\x02klzzwxh:0000\x03 placeholder markers",
    "[^1] [TOC] {: #id .class } ~~x~~",
])
def test_md_escape_shows_text_literally(text):
    html_text = to_html("Before.\n\n" + md_escape(text) + "\n\nAfter.")
    expected = " ".join("".join(c for c in text if ord(c) >= 32).split())
    assert expected in visible_text(html_text)
    for tag in ("<script", "<ul", "<ol", "<h1", "<blockquote", "<dl", "<details", "<div", "<code", "<strong",
                "<em", "<a ", "<abbr", "<pre", "<!--"):
        assert tag not in html_text, (tag, html_text)


def test_every_kind_of_template_output_escapes_data_once():
    # Templates write a value as finalize(value), finalize escaping all but markup: in plain output,
    # macros, {% set %} blocks, loops, a filter's plain-text result and a macro's markup passed on.
    template = environment().from_string(
        "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}"
        "{{ v }}|{{ m(v) }}|{% set s %}{{ v }}{% endset %}{{ s }}|{% for i in [v] %}{{ i }}{% endfor %}"
        "|{{ v|short(200) }}|{{ [v]|join }}|{{ n }}|{{ m(m(v)) }}")
    escaped = md_escape("<b>*x*</b> & [a](javascript:x)")
    assert escaped == r"&lt;b&gt;\*x\*&lt;/b&gt; &amp; \[a\]\(javascript:x\)"
    out = template.render(v="<b>*x*</b> & [a](javascript:x)", n=None)
    assert out == "|".join([escaped, f"<i>{escaped}</i>", escaped, escaped, escaped, escaped, "",
                            f"<i><i>{escaped}</i></i>"])


def test_hostile_text_in_every_field_is_shown_literally_on_every_page():
    briefing = hostile_briefing()
    pages = render_pages(briefing, SETTINGS, context={})
    expected = " ".join(HOSTILE.split())
    for path, text in pages.items():
        assert "49" not in text, f"{path}: template syntax in data was evaluated"
        html_text = to_html(text, briefing)
        for bad in ("<script>alert", "<strong>x</strong>", "<em>u</em>", "<code>c</code>", 'href="javascript',
                    "<h1 id=\"h", "<img", "<svg"):
            assert bad not in html_text, f"{path}: {bad!r} got through"
        assert len(re.findall(r"<h1[ >]", html_text)) == 1, f"{path}: one h1 per page"
    # The text shows literally on the pages of the records that hold it.
    for path in ("events/e-1.md", "actors/a-1.md", "places/p-gov.md", "places/p-town.md", "operations/op-1.md",
                 "sources/doc-a.md", "glossary.md", "disagreements.md", "timeline/2025.md", "index.md"):
        assert expected in visible_text(to_html(pages[path], briefing)), path
    event_html = visible_text(to_html(pages["events/e-1.md"]))
    assert event_html.count(expected) >= 6  # title, date note, summary ×2, unit, claim, quotes …
    # The URL is made inert inside the link target.
    assert "](https://example.org/a%28b%29%3Cc%3E%22d)" in pages["sources/doc-a.md"]


def test_hostile_page_title_gets_safe_front_matter():
    pages = render_pages(hostile_briefing(), SETTINGS, context={})
    from mkdocs.utils.meta import get_data

    front = pages["events/e-1.md"].split("---\n")[1]
    assert front.startswith("title: ")
    assert "<" not in front and ">" not in front
    _, meta = get_data(pages["events/e-1.md"])
    assert meta["title"] == " ".join(HOSTILE.split()).replace("<", "\u2039").replace(">", "\u203a")
    assert not pages["events/e-2.md"].startswith("---")  # plain titles need none


def test_abbreviations_escape_titles_twice_and_skip_undefinable_terms():
    briefing = hostile_briefing()
    names = Names(briefing)
    text = names.abbreviations
    assert text is names.abbreviations  # made once per briefing
    lines = text.splitlines()
    assert any(line.startswith("*[ZZT]: ") for line in lines)
    assert any(line.startswith("*[QQT]: ") for line in lines)
    assert any(line.startswith("*[EVL]: ") for line in lines)
    assert all("<" not in line and ">" not in line for line in lines)
    assert "&amp;lt;script&amp;gt;" in text  # the browser decodes once, Material's tooltip once more
    assert not any(HOSTILE in line for line in lines)  # the hostile term itself holds [ ] and is skipped
    html_text = to_html("QQT here", briefing)
    assert '<abbr title="&amp;lt;script&amp;gt;' in html_text


def test_abbreviations_cover_glossary_aliases_and_acronyms():
    text = Names(small_briefing()).abbreviations
    assert "*[IED]: improvised explosive device" in text
    assert "*[IEDs]: improvised explosive device" in text
    assert "*[CENTCOM]: U.S. Central Command" in text
    assert "*[ISIS]: Islamic State" in text
    assert "Daesh" not in text  # not acronym-like: the actor page's "Also known as" finds it
    assert text == "".join(sorted(text.splitlines(keepends=True)))


# ---------------------------------------------------------------------------------------------
# What the pages say.

def test_timeline_shows_dates_only_as_precise_as_known():
    pages = render_pages(small_briefing(), SETTINGS, context={})
    year = pages["timeline/2025.md"]
    shown = visible_text(to_html(year))
    assert "24–27 November 2025 · Airstrike · Rif Dimashq — Range event" in shown
    assert "<li><strong>early December 2025</strong> · Arrest" in re.sub(r"<li [^>]*>", "<li>", year)
    assert "December 2025 · Raid · Idlib — Month-only event" in shown
    assert links_to(pages, "timeline/2025.md", "events/e-range.md")
    assert links_to(pages, "timeline/2025.md", "events/e-month.md")
    assert year.index("## November 2025") < year.index("24–27 November") < year.index("## December 2025")
    later = pages["timeline/2026.md"]
    assert "## 2026, date within the year unknown" in later and "<strong>2026</strong> · Statement" in later
    index = pages["timeline/index.md"]
    assert "[November](../timeline/2025.md#2025-11) (1)" in index
    assert "[month unknown](../timeline/2026.md#2026-undated) (1)" in index


def test_a_page_for_every_record():
    briefing = small_briefing()
    pages = render_pages(briefing, SETTINGS, context={})
    expected = {"index.md", "timeline/index.md", "actors/index.md", "operations/index.md", "places/index.md",
                "sources/index.md", "glossary.md", "disagreements.md"}
    expected |= {f"events/{e.id}.md" for e in briefing.events}
    expected |= {f"actors/{a}.md" for a in briefing.actors}
    expected |= {f"places/{p}.md" for p in briefing.places}
    expected |= {f"operations/{o}.md" for o in briefing.operations}
    expected |= {f"sources/{d}.md" for d in briefing.documents}
    expected |= {f"timeline/{y}.md" for y in briefing.events_by_year}
    assert expected <= set(pages)
    assert "data.md" not in pages  # the exports stage writes it
    assert_links_resolve(pages)


def links_to(pages: dict[str, str], page: str, target: str) -> bool:
    """Whether *page* links to the docs path *target*: a Markdown link (MkDocs rewrites it) or, in
    a raw HTML block, the final relative URL MkDocs would have written."""
    text = pages[page]
    markdown_link = f"]({'../' * page.count('/')}{target})"
    html_link = f'href="{_site_root(page, SETTINGS.use_directory_urls)}{html_url(target, SETTINGS.use_directory_urls)}"'
    return markdown_link in text or html_link in text


def event_links(text: str) -> int:
    """Links to event pages from a page one folder down: Markdown, or final URLs in raw HTML."""
    return text.count("](../events/") + text.count('href="../../events/')


def test_links_both_ways_between_events_and_records():
    briefing = small_briefing()
    pages = render_pages(briefing, SETTINGS, context={})
    for event in briefing.events:
        page = f"events/{event.id}.md"
        for participant in event.actors:
            assert links_to(pages, page, f"actors/{participant.actor}.md")
            assert links_to(pages, f"actors/{participant.actor}.md", f"events/{event.id}.md")
        for place_id in event.places:
            assert links_to(pages, page, f"places/{place_id}.md")
            assert links_to(pages, f"places/{place_id}.md", f"events/{event.id}.md")
        if event.operation:
            assert links_to(pages, page, f"operations/{event.operation}.md")
            assert links_to(pages, f"operations/{event.operation}.md", f"events/{event.id}.md")
        for citation in event.sources:
            assert links_to(pages, page, f"sources/{citation.document}.md")
            assert links_to(pages, f"sources/{citation.document}.md", f"events/{event.id}.md")
    # A governorate lists the events of the places within it; parts and wholes link both ways.
    assert links_to(pages, "places/idlib-governorate.md", "events/e-month.md")
    assert links_to(pages, "places/idlib-governorate.md", "places/idlib.md")
    assert links_to(pages, "places/idlib.md", "places/idlib-governorate.md")
    assert links_to(pages, "actors/brad-cooper.md", "actors/centcom.md")
    assert links_to(pages, "actors/centcom.md", "actors/brad-cooper.md")


def test_actor_page_lists_aliases_roles_and_disagreements():
    pages = render_pages(small_briefing(), SETTINGS, context={})
    isis = pages["actors/isis.md"]
    assert "**Also known as:** ISIS, Daesh" in isis
    assert "· Targeted — Month-only event" in visible_text(to_html(isis))
    assert links_to(pages, "actors/isis.md", "events/e-month.md")
    cooper = pages["actors/brad-cooper.md"]
    assert '<a class="bf-flag" href="../../disagreements/#actor-brad-cooper-rank">disputed</a>' in cooper
    assert "<strong>Admiral</strong>" in cooper and "<strong>General</strong>" in cooper


def test_event_page_shows_figures_side_by_side_and_flags_the_disagreement():
    pages = render_pages(small_briefing(), SETTINGS, context={})
    event = pages["events/e-range.md"]
    event_html = to_html(event)
    assert "<strong>22</strong>" in event_html and "<strong>at least 25</strong>" in event_html
    assert '<a class="bf-flag" href="../../disagreements/#event-e-range-killed">disputed</a>' in event
    assert '!!! warning "Sources disagree"' in event
    disagreements = pages["disagreements.md"]
    assert "### Killed { #event-e-range-killed }" in disagreements
    assert "### Rank { #actor-brad-cooper-rank }" in disagreements
    html_text = to_html(disagreements)
    assert 'id="event-e-range-killed"' in html_text and 'id="actor-brad-cooper-rank"' in html_text


def test_every_page_has_one_h1():
    briefing = small_briefing()
    for path, text in render_pages(briefing, SETTINGS, context={}).items():
        assert len(re.findall(r"<h1[ >]", to_html(text))) == 1, path


def test_output_is_deterministic_and_independent_of_input_order():
    first = render_pages(small_briefing(), SETTINGS, context={})
    assert render_pages(small_briefing(), SETTINGS, context={}) == first
    assert list(first) == sorted(first)
    briefing = small_briefing()
    shuffled = make_briefing(events=list(reversed([e for e in briefing.events])),
                             actors=list(reversed(list(briefing.actors.values()))),
                             places=list(reversed(list(briefing.places.values()))),
                             operations=list(briefing.operations.values()),
                             terms=list(briefing.terms.values()),
                             documents=list(reversed(list(briefing.documents.values()))))
    assert render_pages(shuffled, SETTINGS, context={}) == first


# ---------------------------------------------------------------------------------------------
# Scale: split rule and speed.

def scale_briefing(n_events: int, n_actors: int, n_places: int, year_events: int | None = None):
    governorates = [{"id": f"gov-{g}", "name": f"Governorate {g}", "kind": "governorate"} for g in range(5)]
    places = governorates + [{"id": f"place-{i}", "name": f"Place {i:05d}", "kind": "town",
                              "governorate": f"gov-{i % 5}"} for i in range(n_places)]
    kinds = ["person", "armed-group", "ministry", "military"]
    actors = [Actor(id=f"actor-{i}", name=f"Actor {i:05d}", kind=kinds[i % 4], aliases=[f"A{i}"])
              for i in range(n_actors)]
    events = []
    for i in range(n_events):
        year = 2025 if year_events is None or i < year_events else 2024
        month, day = 1 + i % 12, 1 + i % 28
        date = [f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}-{month:02d}-01/{year}-{month:02d}-03"][i % 3]
        events.append(Event(
            id=f"event-{i}", title=f"Event number {i}", date=date, type="raid", summary="Something happened.",
            places=[f"place-{i % n_places}"], actors=[{"actor": f"actor-{i % n_actors}", "role": "conducted"},
                                                      {"actor": f"actor-{(i * 7 + 1) % n_actors}", "role": "targeted"}],
            figures=[{"measure": "killed", "value": i % 9, "document": "doc-a", "quote": "the quoted passage"},
                     {"measure": "killed", "value": i % 9 + (i % 2), "document": "doc-b", "quote": "another"}],
            sources=[{"document": "doc-a", "quote": "the quoted passage"}]))
    return make_briefing(events=events, actors=actors, places=places)


def test_split_rule_at_scale():
    briefing = scale_briefing(n_events=SPLIT_AT + 40, n_actors=SPLIT_AT + 5, n_places=SPLIT_AT + 5,
                              year_events=SPLIT_AT + 20)
    pages = render_pages(briefing, SETTINGS, context={})
    # A year with more than SPLIT_AT events: one page per month, the year page becomes a month index.
    assert "timeline/2025-01.md" in pages and "timeline/2025-12.md" in pages
    year = pages["timeline/2025.md"]
    assert "[January 2025](../timeline/2025-01.md)" in year and not event_links(year)
    assert event_links(pages["timeline/2025-01.md"])
    assert "timeline/2024-01.md" not in pages and "## January 2024 { #2024-01 }" in pages["timeline/2024.md"]
    assert "[January](../timeline/2025-01.md)" in pages["timeline/index.md"]
    month_events = sum(event_links(p) for k, p in pages.items() if k.startswith("timeline/2025-"))
    assert month_events == SPLIT_AT + 20
    # More than SPLIT_AT actors / places: one page per kind / governorate.
    assert {"actors/kind-person.md", "actors/kind-armed-group.md"} <= set(pages)
    assert "[People](../actors/kind-person.md)" in pages["actors/index.md"]
    assert "](../actors/actor-0.md)" not in pages["actors/index.md"]
    assert "](../actors/actor-0.md)" in pages["actors/kind-person.md"]
    assert "places/governorate-gov-0.md" in pages
    assert "](../places/place-0.md)" in pages["places/governorate-gov-0.md"]
    assert_links_resolve(pages)


def test_ten_thousand_events_give_bounded_pages():
    """At 10,000 events every event has its page and the timeline splits into months of bounded
    size (how long it takes is measured in bench/, not here)."""
    briefing = scale_briefing(n_events=10_000, n_actors=400, n_places=350)
    pages = render_pages(briefing, SETTINGS, context={})
    assert len([p for p in pages if p.startswith("events/")]) == 10_000
    assert sum(1 for p in pages if p.startswith("timeline/2025-") and len(p) == len("timeline/2025-01.md")) == 12
    assert max(len(t) for p, t in pages.items() if p.startswith("timeline/")) < 400_000


def test_raw_html_set_aside_gives_the_same_page():
    """The hook takes generated pages' raw HTML blocks out before Python-Markdown converts a page and
    puts them back after (half the conversion cost): every page must come out the same, hostile
    text included, and a placeholder written by a contributor is shown, never replaced."""
    from builder.pages.render import restore_raw_html, set_aside_raw_html

    settings = type("S", (), {"site_url": "https://example.org/b/", "use_directory_urls": True,
                              "title": "T", "project": None, "sources": None})()
    for briefing in (small_briefing(), hostile_briefing()):
        pages = render_pages(briefing, settings, context={})
        converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
        set_aside = 0
        for path, text in pages.items():
            converter.reset()
            expected = converter.convert(text)
            shortened, blocks = set_aside_raw_html(text)
            set_aside += len(blocks)
            converter.reset()
            assert restore_raw_html(converter.convert(shortened), blocks) == expected, path
        assert set_aside > 0
    hostile = hostile_briefing("<!--bf-raw-0--> and &lt;!--bf-raw-0--&gt;")
    for path, text in render_pages(hostile, settings, context={}).items():
        shortened, blocks = set_aside_raw_html(text)
        assert shortened.count("<!--bf-raw-") == len(blocks), path  # only our own placeholders
