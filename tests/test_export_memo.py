"""Exports made again in one process (`briefing serve`) equal a fresh export, byte for byte.

builder/data/export.py keeps what an export made (each event's pieces of every file, other records'
lines, the feed, the STIX objects and their order) and reuses it after an edit. Here the seed
sources are edited one way after another in the same process, as an author does while serving;
after each edit every file (and the Data page) must be exactly what an export from a clean state
gives for the same sources.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from builder.data import export
from builder.data.export import data_page, export_files, feed_entries, forget
from builder.pipeline import build_briefing
from builder.settings import read_settings
from tests.conftest import REPO, make_project

EVENT = "2025-12-02-saraqib-attack"


class Sources:
    """The copied project; edits move each file's mtime on, so the loader sees every one."""

    def __init__(self, root: Path):
        self.project = make_project(root, REPO / "sources")
        self.settings = read_settings(self.project.config)
        self.tick = 0

    def path(self, name: str) -> Path:
        return self.project.sources / name

    def write(self, name: str, text: str) -> None:
        path = self.path(name)
        path.write_text(text, encoding="utf-8")
        self.tick += 1
        stamp = 2_000_000_000_000_000_000 + self.tick * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        text = self.path(name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        self.write(name, text.replace(old, new, count))

    def briefing(self):
        return build_briefing(self.settings.sources, self.settings.title, self.settings.project).briefing


def _fresh(briefing, settings, history):
    """What a clean process exports (the memo of the warm exports is put back afterwards)."""
    kept = export._MEMO
    forget()
    try:
        return export_files(briefing, settings, history=history)
    finally:
        export._MEMO = kept


def _history(briefing) -> dict[str, str]:
    """Git-like dates added for half the events, some of them the same instant (ties)."""
    ids = sorted(e.id for e in briefing.events)
    return {event_id: f"2025-12-{1 + index % 3:02d}T10:00:00+01:00" for index, event_id in enumerate(ids[::2])}


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Sources:
    return Sources(tmp_path_factory.mktemp("memo") / "project")


def _summary(text: str, words: str) -> str:
    return re.sub(r"^summary: >-\n", f"summary: >-\n  {words}\n", text, count=1, flags=re.MULTILINE)


EDITS = {
    # name: (how, what must show in the new files)
    "nothing": (lambda s: None, None),
    "summary": (lambda s: s.write(f"events/{EVENT}.yaml", _summary(
        s.path(f"events/{EVENT}.yaml").read_text(encoding="utf-8"), "Edited; with, \"specials\" & <tags>.")),
        b"Edited; with"),
    "same text saved again": (lambda s: s.write(f"events/{EVENT}.yaml",
                                                s.path(f"events/{EVENT}.yaml").read_text(encoding="utf-8")), None),
    "date to another year": (lambda s: s.edit(f"events/{EVENT}.yaml", 'date: "2025-12-02"', 'date: "2024-06-15"'),
                             b"20240615"),
    "date to a month": (lambda s: s.edit(f"events/{EVENT}.yaml", 'date: "2024-06-15"', 'date: "2025-10"'),
                        b"2025-10"),
    "places": (lambda s: s.edit(f"events/{EVENT}.yaml", "places: [saraqib, idlib-governorate]",
                                "places: [idlib-governorate]"), None),
    "actors": (lambda s: s.edit(f"events/{EVENT}.yaml", "  - actor: syrian-army\n    role: targeted\n", ""), None),
    "actor role": (lambda s: s.edit(f"events/{EVENT}.yaml", "  - actor: amaq\n    role: reported\n",
                                    "  - actor: amaq\n    role: targeted\n"), None),
    "target changed": (lambda s: s.edit(f"events/{EVENT}.yaml", "  - actor: amaq\n    role: targeted\n",
                                        "  - actor: sana\n    role: targeted\n"), None),
    "figure value": (lambda s: s.edit(f"events/{EVENT}.yaml", "    value: 2\n", "    value: 3\n"), None),
    "figures disagree": (lambda s: s.edit(f"events/{EVENT}.yaml", "sources:\n", (
        "  - measure: soldiers-attacked\n    value: 5\n    qualifier: about\n    unit: Syrian army soldiers\n"
        "    document: 002-fc5708ad4b3e0b1e\n"
        "    quote: \"an assault on two Syrian army soldiers in Saraqib\"\nsources:\n")), b"soldiers-attacked"),
    "another source": (lambda s: s.edit(f"events/{EVENT}.yaml", "tags: [isis-attacks]\n", (
        "  - document: 000-1689b0584ac3bd6c\n"
        "    quote: \"Collaboration between U.S. Central Command (CENTCOM) forces and the Syrian Ministry\"\n"
        "tags: [isis-attacks]\n")), None),
    "new event": (lambda s: s.write("events/2025-12-03-saraqib-attack-again.yaml", s.path(
        f"events/{EVENT}.yaml").read_text(encoding="utf-8").replace(f"id: {EVENT}", "id: 2025-12-03-saraqib-attack-again")
        .replace("date: \"2025-10\"", "date: \"2025-12-03\"")), b"2025-12-03-saraqib-attack-again"),
    "deleted event": (lambda s: s.path("events/2025-12-idlib-isis-raids.yaml").unlink(), None),
    "actor renamed": (lambda s: s.edit("actors.yaml", "name: United States\n", "name: United States of America\n"),
                      b"United States of America"),
    "place renamed": (lambda s: s.edit("places.yaml", "name: Saraqib", "name: Saraqeb"), b"Saraqeb"),
    "place moved": (lambda s: s.edit("places.yaml", "  governorate: idlib-governorate\n", "  governorate: aleppo-governorate\n"),
                    None),
    "document publisher": (lambda s: s.edit("documents/002-fc5708ad4b3e0b1e.txt", 'publisher: "Al-Estiklal"',
                                            'publisher: "Al-Estiklal Daily"'), b"Al-Estiklal Daily"),
    "glossary": (lambda s: s.edit("glossary.yaml", "definition: ", "definition: Edited. "), b"Edited. "),
    "document published": (lambda s: _republish(s), None),
    "back to the first event": (lambda s: s.write(f"events/{EVENT}.yaml", s.original), None),
}


def _republish(s: Sources) -> None:
    """The latest document moves later: the data stamp (in every file) changes."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in s.path("documents").iterdir()}
    name = max(texts, key=lambda n: re.search(r"^published: \"?([^\"\n]*)", texts[n], re.MULTILINE).group(1))
    s.write(f"documents/{name}", re.sub(r"^published: .*$", 'published: "2026-12-15"', texts[name], count=1,
                                         flags=re.MULTILINE))


def test_every_edit_exports_what_a_fresh_export_gives(sources):
    sources.original = sources.path(f"events/{EVENT}.yaml").read_text(encoding="utf-8")
    briefing = sources.briefing()
    history = _history(briefing)
    previous = export_files(briefing, sources.settings, history=history)
    assert previous == _fresh(briefing, sources.settings, history)
    for name, (edit, shows) in EDITS.items():
        edit(sources)
        briefing = sources.briefing()
        history = _history(briefing)
        warm = export_files(briefing, sources.settings, history=history)
        fresh = _fresh(briefing, sources.settings, history)
        assert list(warm) == list(fresh)
        for path in fresh:
            assert warm[path] == fresh[path], f"after the edit '{name}', {path} is not what a fresh export gives"
        assert data_page(briefing, sources.settings, warm, site_files={}) == \
            data_page(briefing, sources.settings, fresh, site_files={})
        if shows is not None:
            assert any(shows in data for data in warm.values()) and warm != previous, name
        if name in ("nothing", "same text saved again"):
            assert warm == previous
        else:
            assert warm != previous, f"the edit '{name}' changed no file"
        previous = warm
    assert b'"data_stamp":"2026-12-15"' in previous["events.json"]


def test_reused_pieces_are_the_same_as_before(sources):
    """Unchanged events are not made again: their pieces are the very objects kept."""
    briefing = sources.briefing()
    export_files(briefing, sources.settings, history={})
    kept = {event_id: hit[2] for event_id, hit in export._MEMO.events.items()}
    export_files(sources.briefing(), sources.settings, history={})
    assert all(export._MEMO.events[event_id][2] is parts for event_id, parts in kept.items())


def test_feed_entries_are_the_latest_added_in_a_stable_order(sources):
    """The heap that picks the feed's entries gives what sorting all of them gives, ties included."""
    briefing = sources.briefing()
    history = {e.id: "2025-12-01T00:00:00Z" for e in briefing.events[::3]}
    history.update({e.id: "2025-12-01T01:00:00+01:00" for e in briefing.events[1::3]})  # the same instant
    export_files(briefing, sources.settings, history=history)
    parts = [export._MEMO.events[e.id][2] for e in briefing.events]

    def reference(size):
        dated = []
        for event in briefing.events:
            if event.id in history:
                added = export._iso_datetime(history[event.id])
            else:
                start = event.when.start
                added = export.datetime(start.year, start.month, start.day, tzinfo=export.UTC)
            dated.append((added, event))
        dated.sort(key=lambda pair: (pair[0], pair[1].when.sort_key(), pair[1].id), reverse=True)
        return dated[:size]

    for size in (1, 5, len(briefing.events) - 1, len(briefing.events) + 5):
        assert feed_entries(briefing, history, size) == reference(size)
        assert feed_entries(briefing, history, size, parts=parts) == reference(size)


def test_the_feed_follows_edits_to_dates_added_and_event_dates(tmp_path, monkeypatch):
    """With fewer feed entries than events, an edited date can bring an event into the feed or
    push one out while every event keeps its place in the timeline; the feed must follow."""
    monkeypatch.setattr(export, "FEED_SIZE", 5)
    sources = Sources(tmp_path / "project")
    briefing = sources.briefing()
    # Every event but EVENT was "added" at noon on 2 December; EVENT has no date added, so its
    # own date (2 December, midnight) counts and puts it below all of them.
    history = {e.id: "2025-12-02T12:00:00Z" for e in briefing.events if e.id != EVENT}
    order = [e.id for e in briefing.events]

    def check(history, inside: bool):
        briefing = sources.briefing()
        warm = export_files(briefing, sources.settings, history=history)
        assert warm == _fresh(briefing, sources.settings, history)
        assert (f"/events/{EVENT}/".encode() in warm["feed.xml"]) is inside
        return briefing

    check(history, inside=False)
    sources.edit(f"events/{EVENT}.yaml", 'date: "2025-12-02"', 'date: "2025-12-03"')  # now above them all
    assert [e.id for e in check(history, inside=True).events] == order  # the timeline's order is the same
    sources.edit(f"events/{EVENT}.yaml", 'date: "2025-12-03"', 'date: "2025-12-02"')
    check(history, inside=False)
    check({**history, EVENT: "2025-12-31T00:00:00Z"}, inside=True)  # git says it was added later
    check(history, inside=False)
    sources.write(f"events/{EVENT}.yaml", _summary(sources.path(f"events/{EVENT}.yaml").read_text(encoding="utf-8"),
                                                    "Edited."))
    check(history, inside=False)
    check({}, inside=False)
    # A new event dated after them all comes in; deleted, it goes.
    text = sources.path(f"events/{EVENT}.yaml").read_text(encoding="utf-8")
    sources.write("events/2025-12-03-later-event.yaml", text.replace(f"id: {EVENT}", "id: 2025-12-03-later-event")
                  .replace('date: "2025-12-02"', 'date: "2025-12-03"'))
    assert b"/events/2025-12-03-later-event/" in export_files(sources.briefing(), sources.settings,
                                                              history=history)["feed.xml"]
    check(history, inside=False)
    sources.path("events/2025-12-03-later-event.yaml").unlink()
    check(history, inside=False)


def test_dates_added_follow_new_commits_in_one_process(tmp_path):
    """The paths asked of git are prepared once for the same events; git's answer is read anew at
    every export, so a commit made while serving shows in the next feed."""
    import subprocess

    sources = Sources(tmp_path / "project")
    root = sources.project.root
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]

    def commit(paths, stamp):
        subprocess.run([*git, "add", *paths], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "x"], check=True,
                       env={**environment, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp})

    subprocess.run([*git, "init", "-q"], check=True)
    events = sorted(p.name for p in sources.path("events").iterdir())
    commit(["mkdocs.yml", *[f"sources/events/{name}" for name in events if name != f"{EVENT}.yaml"]],
           "2026-01-01T10:00:00+00:00")

    def feed():
        briefing = sources.briefing()
        warm = export_files(briefing, sources.settings)
        assert warm == _fresh(briefing, sources.settings, export.added_dates(briefing, sources.settings))
        return warm["feed.xml"]

    assert b"2026-03-01" not in feed()
    assert b"2026-03-01" not in feed()
    commit([f"sources/events/{EVENT}.yaml"], "2026-03-01T10:00:00+00:00")
    assert b"<published>2026-03-01T10:00:00+00:00</published>" in feed()
