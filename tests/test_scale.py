"""Structure at synthetic scale: what keeps a 10,000-event briefing buildable and readable.

Runs the builder only (load → validate → link → render), not MkDocs, on a generated corpus of
3,000 events (bench/generate.py), so it stays fast; bench/ measures the full build.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from bench.generate import generate
from builder.load import reader as load_module
from builder.load.reader import load_sources
from builder.pages.plan import render_pages
from builder.pages.render import (
    LIST_LIMIT,
    MONTH_SPLIT_AT,
    SPLIT_AT,
    Names,
    abbreviations_for,
)
from builder.pipeline import build_briefing
from builder.settings import _ConfigSafeLoader, read_settings
from builder.site.incremental import Fingerprints, Reuse

REPO = Path(__file__).resolve().parent.parent
N = 3_000
# No generated page may exceed this much Markdown, whatever the briefing's size. The biggest at
# 3,000 events are bounded lists (100 latest events, a ten-day part of a month, a month of
# disagreements); at 1,000 events the biggest is ~37 KB.
PAGE_BOUND = 64 * 1024
# A timeline line: Markdown, or (long lists are raw HTML blocks) the same line as HTML.
ENTRY = re.compile(r"^(?:- \*\*.+\*\* · .+ — \[.+\]\(\.\./events/"
                   r"|<li[^>]*><strong>.+</strong> · .+ — <a href=\"\.\./\.\./events/)", re.MULTILINE)
# A link to an event page from a page one folder down: Markdown, or a final URL in raw HTML.
EVENT_LINK = re.compile(r"\]\(\.\./events/([^)]+)\.md\)|href=\"\.\./\.\./events/([^/\"]+)/\"")


def event_ids(text: str) -> list[str]:
    return [a or b for a, b in EVENT_LINK.findall(text)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("scale") / "briefing"
    generate(N, project, seed=3)
    return project


@pytest.fixture(scope="module")
def built(corpus):
    settings = read_settings(corpus / "mkdocs.yml")
    result = build_briefing(settings.sources, settings.title, settings.project)
    return settings, result.briefing


@pytest.fixture(scope="module")
def pages(built) -> dict[str, str]:
    settings, briefing = built
    return render_pages(briefing, settings)


def _nav_paths(nav) -> list[str]:
    paths: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            paths += _nav_paths(value)
        else:
            paths.append(value)
    return paths


@pytest.mark.parametrize("config", [REPO / "mkdocs.yml", "corpus"])
def test_nav_is_slim_sections_and_indexes_only(config, corpus):
    """Every MkDocs page carries the whole nav: one entry per record makes the build quadratic."""
    path = corpus / "mkdocs.yml" if config == "corpus" else config
    nav = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigSafeLoader)["nav"]
    paths = _nav_paths(nav)
    assert len(paths) < 40
    for entry in paths:
        folder, _, name = entry.rpartition("/")
        if folder in ("events", "actors", "places", "operations", "sources", "timeline"):
            assert name == "index.md", f"nav entry for one record: {entry}"


def test_timeline_is_split_by_year_month_and_ten_days(built, pages):
    _, briefing = built
    for year, events in briefing.events_by_year.items():
        year_page = pages[f"timeline/{year}.md"]
        if len(events) > SPLIT_AT:  # the year page becomes a month index: no event listed on it
            assert not event_ids(year_page)
            assert f"](../timeline/{year}-" in year_page
        else:
            assert not any(p.startswith(f"timeline/{year}-") for p in pages)
    month_pages = [p for p in pages if re.fullmatch(r"timeline/\d{4}-\d\d\.md", p)]
    assert month_pages
    parts = [p for p in pages if re.fullmatch(r"timeline/\d{4}-\d\d-(early|mid|late)\.md", p)]
    for path in month_pages + parts:
        assert len(ENTRY.findall(pages[path])) <= MONTH_SPLIT_AT, path
    # Every event is listed exactly once across the timeline pages.
    listed = [m for p, text in pages.items() if p.startswith("timeline/")
              for m in event_ids(text)]
    assert sorted(listed) == sorted(e.id for e in briefing.events)


def test_record_pages_list_at_most_the_latest_events_and_count_the_rest(built, pages):
    _, briefing = built
    busiest = max(briefing.events_by_actor, key=lambda a: len(briefing.events_by_actor[a]))
    total = len({e.id for e, _ in briefing.events_by_actor[busiest]})
    assert total > LIST_LIMIT  # the corpus is big enough to exercise the bound
    page = pages[f"actors/{busiest}.md"]
    assert f"**Events:** {total:,}" in page
    assert len(event_ids(page.split("## Events", 1)[1])) == LIST_LIMIT
    # Months link to the timeline filtered to the actor, and the counts add up.
    counts = re.findall(r"\]\(\.\./timeline/\d{4}(?:-\d\d)?\.md\?actor=" + re.escape(busiest)
                        + r"(?:#[^)]*)?\) \((\d[\d,]*)[:)]", page)
    counts += re.findall(r'href="\.\./\.\./timeline/\d{4}(?:-\d\d)?/\?actor=' + re.escape(busiest)
                         + r'(?:#[^"]*)?">[^<]*</a> \((\d[\d,]*)[:)]', page)
    assert sum(int(c.replace(",", "")) for c in counts) == total
    # A month split into ten-day pages also links each part, filtered.
    parts = re.findall(r"\]\(\.\./(timeline/\d{4}-\d\d-(?:early|mid|late)\.md)\?actor="
                       + re.escape(busiest) + r"\) (\d+)", page)
    parts += [(f"{part}.md", count) for part, count in re.findall(
        r'href="\.\./\.\./(timeline/\d{4}-\d\d-(?:early|mid|late))/\?actor=' + re.escape(busiest)
        + r'">[^<]*</a> (\d+)', page)]
    assert parts or "-early" not in page
    for part, count in parts:
        listed = set(event_ids(pages[part]))
        shown = [e for e in briefing.events_by_actor[busiest] if e[0].id in listed]
        assert len({e.id for e, _ in shown}) == int(count), part
    latest = briefing.events_by_actor[busiest][-1][0]
    assert latest.id in event_ids(page)
    for kind in ("places", "operations"):
        for path, text in pages.items():
            if path.startswith(f"{kind}/") and path != f"{kind}/index.md":
                events_part = text.split("## Events", 1)[-1].split("## Reported results", 1)[0]
                assert len(event_ids(events_part)) <= LIST_LIMIT, path


def test_indexes_are_grouped_and_disagreements_paged(built, pages):
    _, briefing = built
    if len(briefing.documents) > SPLIT_AT:
        assert not event_ids(pages["sources/index.md"])
        assert "](../sources/published-" in pages["sources/index.md"]
    assert pages["sources/index.md"].count("](../sources/") <= 200
    if len(briefing.actors) > SPLIT_AT:
        assert "actors/kind-armed-group.md" in pages
    dis = [p for p in pages if p.startswith("disagreements/")]
    assert dis, "3,000 events have more disagreements than fit one page"
    anchors = {m for p in dis for m in re.findall(r"\{ #([\w-]+) \}", pages[p])}
    assert {d.id for d in briefing.disagreements} <= anchors
    # Event pages link to the disagreement on the page that holds it.
    item = briefing.disagreements[len(briefing.disagreements) // 2]
    if item.subject_kind == "event":
        start = briefing.event_by_id[item.subject_id].when.start
        target = f"../disagreements/{start.year}-{start.month:02d}.md#{item.id}"
        assert target in pages[f"events/{item.subject_id}.md"]


def test_no_generated_page_exceeds_the_size_bound(pages):
    sizes = sorted(((len(text.encode("utf-8")), path) for path, text in pages.items()), reverse=True)
    assert sizes[0][0] <= PAGE_BOUND, f"largest pages: {sizes[:5]}"


def test_per_page_abbreviations_render_exactly_like_all_of_them(built, pages):
    """Each page gets only the definitions it can use; the HTML is the same as with all of them."""
    _, briefing = built
    names = Names(briefing)
    every = names.abbreviations
    assert every
    extensions = ["abbr", "attr_list", "def_list", "tables", "toc", "admonition", "md_in_html",
                  "pymdownx.details"]
    converter = markdown.Markdown(extensions=extensions)
    sample = [p for i, p in enumerate(sorted(pages)) if i % 97 == 0] + ["glossary.md", "index.md"]
    used = 0
    for path in sample:
        text = pages[path]
        some = abbreviations_for(names, text)
        assert set(some.splitlines()) <= set(every.splitlines())
        used += bool(some)
        converter.reset()
        expected = converter.convert(text + "\n\n" + every)
        converter.reset()
        got = converter.convert(text + "\n\n" + some if some else text)
        assert got == expected, path
    assert used, "no sampled page uses a glossary term"
    assert abbreviations_for(names, "Nothing to explain here.") == ""


def test_an_edit_re_reads_only_the_changed_file(corpus, monkeypatch):
    """`mkdocs serve` rebuilds in one process: the loader, given the rebuilder's `call`, reuses every
    unchanged file."""
    sources = corpus / "sources"
    kept: dict = {}  # serve's first build keeps what each file gave (the rebuilder's `call`)
    load_sources(sources, corpus, Reuse(Fingerprints({}), {}, kept))
    parsed: list[str] = []
    real = load_module.parse_yaml

    def counting(text):
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(load_module, "parse_yaml", counting)
    event_file = sorted((sources / "events").glob("*.yaml"))[N // 2]
    original = event_file.read_text(encoding="utf-8")
    try:
        event_file.write_text(original.replace("\nsummary: >-\n  ", "\nsummary: >-\n  Edited. ", 1),
                              encoding="utf-8")
        loaded = load_sources(sources, corpus, Reuse(Fingerprints({}), kept, {}))
    finally:
        event_file.write_text(original, encoding="utf-8")
    assert len(parsed) == 1 and "Edited. " in parsed[0]
    assert len(loaded.of("event")) == N
    assert any(e.summary.startswith("Edited. ") for e in loaded.of("event"))
