"""`briefing serve` keeps pages (render.py's page memo) and per-event pieces of data/map.json and
data/timeline.json (explore.py) between builds in one process. After every kind of edit, what it
gives must be exactly what a fresh build gives: every page, and the data files byte for byte.

Runs the builder on a generated corpus of 1,000 events (bench/generate.py): one year above
SPLIT_AT (a page per month), a month at exactly MONTH_SPLIT_AT events, record pages above
LIST_LIMIT events (month counts linking into the timeline) and disagreements split by month.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from bench.generate import generate
from builder.pages import explore, render
from builder.pages.explore import map_files
from builder.pages.render import MONTH_SPLIT_AT, render_pages
from builder.pipeline import build_briefing
from builder.settings import read_settings
from tests.conftest import REPO, make_project


@pytest.fixture
def serving(monkeypatch):
    """The memos on, as `briefing serve` turns them on (render.remember_pages), and empty."""
    monkeypatch.setattr(render, "_REMEMBER", {"pages": True})
    monkeypatch.setattr(render, "_PAGE_MEMO", render._PageMemo())
    monkeypatch.setattr(explore, "_MEMO", explore._Memo(True))
    monkeypatch.setattr(explore, "_MAP_CACHE", {})


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.settings = read_settings(root / "mkdocs.yml")
        self.events = root / "sources" / "events"
        self.stamp = 0

    def write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        self.stamp += 1  # a new modification time whatever the clock's resolution
        os.utime(path, ns=(10**18 + self.stamp, 10**18 + self.stamp))

    def edit(self, path: Path, old: str, new: str, pattern: bool = False) -> None:
        text = path.read_text(encoding="utf-8")
        edited = re.sub(old, new, text, count=1, flags=re.MULTILINE) if pattern else text.replace(old, new, 1)
        assert edited != text, (path.name, old)
        self.write(path, edited)

    def event(self, event_id: str) -> Path:
        return self.events / f"{event_id}.yaml"

    def build(self):
        return build_briefing(self.settings.sources, self.settings.title, self.settings.project).briefing

    def warm(self):
        """Pages and data files as the serving process computes them (reusing the last build's)."""
        briefing = self.build()
        return briefing, render_pages(briefing, self.settings), map_files(briefing, self.settings)

    def fresh(self, briefing):
        """The same briefing rendered with nothing remembered; the serving memos are left as they were."""
        caches = [explore._MAP_CACHE, render._ABBR_CACHE, render._ABBR_HTML_CACHE, render._ABBR_PAGE_CACHE,
                  render._ABBR_LAST]
        saved = render._REMEMBER["pages"], explore._MEMO, [dict(cache) for cache in caches]
        render._REMEMBER["pages"], explore._MEMO = False, explore._Memo(False)
        for cache in caches:
            cache.clear()
        try:
            return render_pages(briefing, self.settings), map_files(briefing, self.settings)
        finally:
            render._REMEMBER["pages"], explore._MEMO = saved[0], saved[1]
            for cache, kept in zip(caches, saved[2]):
                cache.clear()
                cache.update(kept)

    def check(self) -> tuple:
        """A warm build equals a fresh one, page for page and byte for byte; returns it."""
        briefing, pages, files = self.warm()
        fresh_pages, fresh_files = self.fresh(briefing)
        assert sorted(pages) == sorted(fresh_pages)
        differ = [path for path in pages if pages[path] != fresh_pages[path]]
        assert not differ, f"{len(differ)} stale pages, e.g. {differ[:5]}"
        assert files.keys() == fresh_files.keys()
        for path in files:
            assert files[path] == fresh_files[path], path
        return briefing, pages, files


@pytest.fixture
def project(tmp_path, serving) -> Project:
    root = tmp_path / "briefing"
    generate(1_000, root, seed=0)
    return Project(root)


def _changed(before: dict, after: dict) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def a_day_before(day) -> str:
    return (day - datetime.timedelta(days=1)).isoformat()


def _busiest_month(briefing) -> tuple[int, int, list]:
    """(year, month, events) of the month with most events on the timeline."""
    return max(((year.year, month, events) for year in render._timeline(briefing) for month, events in year.months),
               key=lambda item: len(item[2]))


def test_event_edits_give_fresh_pages_and_data(project):
    briefing, pages, files = project.check()
    assert project.check()[1:] == (pages, files)  # nothing changed: the same pages and data

    # A record with more than LIST_LIMIT events (month counts on its page) and one of its events.
    actor = max(briefing.events_by_actor, key=lambda a: len(briefing.events_by_actor[a]))
    event = briefing.events_by_actor[actor][len(briefing.events_by_actor[actor]) // 2][0]
    path = project.event(event.id)

    # The summary: the event's page only (and what lists its text).
    project.edit(path, r"^(summary: (?:>-?\n +|\"|')?)", r"\1Edited. ", pattern=True)
    _, after, _ = project.check()
    assert f"events/{event.id}.md" in _changed(pages, after)

    # The title: every list that shows it.
    project.edit(path, r"^title: .*$", "title: A retitled event", pattern=True)
    _, pages, _ = project.check()
    assert sum("A retitled event" in text for text in pages.values()) > 3

    # The latest event's title (the home page lists it).
    latest = briefing.latest(1)[0]
    project.edit(project.event(latest.id), r"^title: .*$", "title: The latest event, retitled", pattern=True)
    _, pages, _ = project.check()
    assert "The latest event, retitled" in pages["index.md"]

    # Places, actors, operation.
    project.edit(path, r"^places: \[.*\]$", "places: [damascus, aleppo]", pattern=True)
    project.check()
    # A town's event that names its governorate too: the governorate's own count on the map
    # changes, not its total (which already counted the town's events).
    town = next(e for e in briefing.events if len(e.places) == 1 and e is not event
                and briefing.places[e.places[0]].governorate
                and briefing.places[briefing.places[e.places[0]].governorate].lat is not None)
    governorate = briefing.places[town.places[0]].governorate
    project.edit(project.event(town.id), f"places: [{town.places[0]}]",
                 f"places: [{town.places[0]}, {governorate}]")
    project.check()
    few = min(briefing.events_by_actor, key=lambda a: len(briefing.events_by_actor[a]))  # all listed
    project.edit(path, r"^actors:\n", f"actors:\n  - actor: {few}\n    role: reported\n", pattern=True)
    _, pages, _ = project.check()
    assert "Reported" in pages[f"actors/{few}.md"]
    project.edit(path, "    role: reported\n", "    role: stated\n")  # the same actor, another role
    _, pages, _ = project.check()
    assert "Stated" in pages[f"actors/{few}.md"]
    operations = sorted(briefing.operations)
    project.edit(path, r"^operation: .*$", f"operation: {operations[0]}", pattern=True)
    _, pages, _ = project.check()
    assert f"events/{event.id}.md" in pages[f"operations/{operations[0]}.md"]

    # A figure's value (the disagreements may change) and a quote dropped with its source.
    with_figures = next(e for e in briefing.events if e.figures and e.figures[0].value is not None
                        and len(e.sources) > 1)
    figures_path = project.event(with_figures.id)
    value = with_figures.figures[0].value
    project.edit(figures_path, f"value: {value:g}\n", f"value: {value + 7:g}\n")
    project.check()
    text = figures_path.read_text(encoding="utf-8")
    last_source = text.rindex("  - document:", text.index("\nsources:"))
    end = text.index("\n", text.index("quote:", last_source))
    project.write(figures_path, text[:last_source] + text[end + 1:])
    project.check()


def test_dates_that_move_events_and_split_months(project):
    briefing, pages, _ = project.check()
    year, month, events = _busiest_month(briefing)
    assert len(events) >= MONTH_SPLIT_AT - 5
    # Single days after that month (an event may not be dated after its sources: moves go earlier).
    others = [e for e in briefing.events if e.when.begin.day is not None and e.when.end == e.when.start
              and e.when.start.month > month and e.when.start.year == year and e.when.start.day > 1]
    assert len(others) > 10

    # Events moved into the busiest month until it is split into ten-day pages, then out again.
    moved = []
    part = f"timeline/{year}-{month:02d}-early.md"
    while part not in pages:
        event = others[len(moved)]
        project.edit(project.event(event.id), f'date: "{event.date}"', f'date: "{year}-{month:02d}-05"')
        moved.append(event)
        briefing, pages, _ = project.check()
    assert len(moved) >= 1
    for event in moved:
        project.edit(project.event(event.id), f'date: "{year}-{month:02d}-05"', f'date: "{event.date}"')
    briefing, pages, _ = project.check()
    assert part not in pages

    # An event moved to another year (a new, small timeline year) and back.
    event = others[-1]
    project.edit(project.event(event.id), f'date: "{event.date}"', f'date: "{year - 1}-06-15"')
    _, pages, _ = project.check()
    assert f"timeline/{year - 1}.md" in pages
    project.edit(project.event(event.id), f'date: "{year - 1}-06-15"', f'date: "{event.date}"')
    _, pages, _ = project.check()
    assert f"timeline/{year - 1}.md" not in pages

    # A document's citing events change order (the later one moved before the earlier).
    days = {e.id: e for e in briefing.events if e.when.begin.day is not None and e.when.end == e.when.start
            and not e.date_qualifier and e.id not in {m.id for m in moved}}
    first, second = next(
        (a, b) for citing in briefing.citing_document.values()
        for a, b in zip([days.get(c.id) for c in citing if c.kind == "event"],
                        [days.get(c.id) for c in citing if c.kind == "event"][1:])
        if a is not None and b is not None and a.when.start.day > 1 and a.when.start < b.when.start)
    earlier = a_day_before(first.when.start)
    project.edit(project.event(second.id), f'date: "{second.date}"', f'date: "{earlier}"')
    project.check()

    # An event with disagreements a day earlier, still in the same place among them (the
    # Disagreements pages show its date).
    starts = [e.when.start for e in briefing.events if ("event", e.id) in briefing.disagreements_by_subject]
    disputed = next(days[record_id] for kind, record_id in briefing.disagreements_by_subject
                    if kind == "event" and record_id in days and days[record_id].when.start.day > 1
                    and record_id != second.id and starts.count(days[record_id].when.start) == 1
                    and days[record_id].when.start - datetime.timedelta(days=1) not in starts)
    project.edit(project.event(disputed.id), f'date: "{disputed.date}"',
                 f'date: "{a_day_before(disputed.when.start)}"')
    briefing, pages, _ = project.check()
    assert disputed.when.display() not in "".join(v for k, v in pages.items() if k.startswith("disagreements"))

    # Within the month: only its order changes.
    event = next(e for e in others[1:] if e.id not in {second.id, disputed.id})
    project.edit(project.event(event.id), f'date: "{event.date}"', f'date: "{event.date[:8]}01"')
    project.check()


def test_new_deleted_and_renamed_records_give_fresh_pages_and_data(project):
    briefing, pages, _ = project.check()
    source = project.event(briefing.events[len(briefing.events) // 3].id)

    # A new event file: a copy of another event under a new id.
    text = source.read_text(encoding="utf-8")
    old_id = re.search(r"^id: (.*)$", text, re.MULTILINE)[1]
    copy = project.events / "2025-06-30-a-new-event.yaml"
    project.write(copy, text.replace(f"id: {old_id}", "id: 2025-06-30-a-new-event", 1))
    _, pages, _ = project.check()
    assert "events/2025-06-30-a-new-event.md" in pages

    # A deleted one.
    deleted = briefing.events[len(briefing.events) // 2]
    deleted_text = project.event(deleted.id).read_text(encoding="utf-8")
    project.event(deleted.id).unlink()
    _, pages, _ = project.check()
    assert f"events/{deleted.id}.md" not in pages

    # An actor renamed, a place moved to another governorate: pages everywhere show them.
    actors = project.root / "sources" / "actors.yaml"
    project.edit(actors, "name: Syrian Arab News Agency\n", "name: A news agency (SANA)\n")  # sorts first
    _, pages, _ = project.check()
    assert "A news agency (SANA)" in "".join(pages.values())
    project.edit(project.root / "sources" / "places.yaml", "governorate: damascus-governorate\n",
                 "governorate: rif-dimashq-governorate\n")
    project.check()
    glossary = project.root / "sources" / "glossary.yaml"
    project.edit(glossary, r"^(  expansion: )(.*)$", r"\1\2, redefined", pattern=True)
    _, pages, _ = project.check()
    assert ", redefined" in pages["glossary.md"]

    # The deleted event back, the new one gone.
    project.write(project.event(deleted.id), deleted_text)
    copy.unlink()
    _, pages, _ = project.check()
    assert f"events/{deleted.id}.md" in pages


def test_small_splits_follow_edits(tmp_path, serving, monkeypatch):
    """The seed briefing with the page-splitting bounds lowered: months split into ten-day pages
    that appear and go, short record lists that turn into month counts, disagreements by month."""
    monkeypatch.setattr(render, "SPLIT_AT", 5)
    monkeypatch.setattr(render, "MONTH_SPLIT_AT", 3)
    monkeypatch.setattr(render, "LIST_LIMIT", 2)
    monkeypatch.setattr(render, "DISAGREEMENTS_SPLIT_AT", 1)
    project = Project(make_project(tmp_path / "project", REPO / "sources").root)
    _, pages, _ = project.check()
    assert {"timeline/2025-11-early.md", "timeline/2025-11-mid.md", "timeline/2025-11-late.md"} <= pages.keys()

    # The only event of 11–20 November moves to the 9th: that part goes, the others link to one part fewer.
    path = project.event("2025-11-13-syria-joins-global-coalition")
    project.edit(path, 'date: "2025-11-13"', 'date: "2025-11-09"')
    _, pages, _ = project.check()
    assert "timeline/2025-11-mid.md" not in pages
    project.edit(path, 'date: "2025-11-09"', 'date: "2025-11-13"')
    _, pages, _ = project.check()
    assert "timeline/2025-11-mid.md" in pages

    # November falls back under the bound (no ten-day pages), and over it again.
    path = project.event("2025-11-30-cooper-statement-on-operation")
    project.edit(path, 'date: "2025-11-30"', 'date: "2025-10-30"')
    project.edit(project.event("2025-11-25-afrin-isis-cell-arrested"), 'date: "2025-11-25"', 'date: "2025-10-25"')
    project.edit(project.event("2025-11-24-latakia-isis-cell-captured"), 'date: "2025-11-24"', 'date: "2025-10-24"')
    _, pages, _ = project.check()
    assert "timeline/2025-11-late.md" not in pages
    project.edit(path, 'date: "2025-10-30"', 'date: "2025-11-30"')
    project.check()

    # A summary and a title.
    path = project.event("2025-12-02-saraqib-attack")
    project.edit(path, r"^title: .*$", "title: Saraqib attack, retitled", pattern=True)
    project.check()
