"""An edit in `briefing serve` patches the last link instead of linking afresh: the patched briefing
must be the very briefing a full link gives (same events in the same order, every index with the
same keys in the same order, the same related lists and disagreements), after every kind of edit.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

import builder.briefing.link as link_module
from bench.generate import generate
from builder.briefing.link import Briefing, link
from builder.load.reader import load_sources
from builder.load.validate import validate


def _shape(value):
    """A comparable picture of a value: records by identity, containers (and dict order) by content."""
    if isinstance(value, BaseModel):
        return ("record", id(value))
    if isinstance(value, dict):
        return ("dict", [(key, _shape(item)) for key, item in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_shape(item) for item in value])
    return value  # strings, numbers, and the frozen Citing / Disagreement values


def _picture(briefing: Briefing) -> dict:
    return {f.name: _shape(getattr(briefing, f.name)) for f in dataclasses.fields(Briefing)}


def _fresh(loaded):
    """A full link of the same records and what it remembers, leaving the remembered link as it was."""
    saved = link_module._LAST
    link_module.forget()
    try:
        briefing = link(loaded, "Test")
        assert link_module.last_mode == "full"
        return briefing, link_module._LAST
    finally:
        link_module._LAST = saved


def _memory(linked) -> dict:
    """What a link remembers for the next patch (key order matters only where a full link's does)."""
    return {
        "inputs": _shape(linked.inputs),
        "keyed": sorted((key, _shape(events)) for key, events in linked.keyed.items()),
        "position": dict(linked.position),
        "co": {a: dict(counts) for a, counts in linked.co.items()},
        "event_citing": _shape(linked.event_citing),
        "other_citing": _shape(linked.other_citing),
        "event_disagreements": dict(linked.event_disagreements),
        "actor_disagreements": linked.actor_disagreements,
        "rank": linked.rank,
        "first_cited": linked.first_cited,
    }


class Corpus:
    def __init__(self, root: Path):
        self.sources = root / "sources"
        self.events = self.sources / "events"
        self.stamp = 1_700_000_000_000_000_000
        self.previous: Briefing | None = None
        self.previous_picture: dict | None = None

    def write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        # A distinct modification time for every write, so the loader never mistakes an edit.
        self.stamp += 1_000_000_000
        os.utime(path, ns=(self.stamp, self.stamp))

    def edit(self, path: Path, pattern: str, replacement: str) -> None:
        text = path.read_text(encoding="utf-8")
        edited = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert edited != text, pattern
        self.write(path, edited)

    def set(self, path: Path, name: str, value: str) -> None:
        """Set a top-level field (the line may already say so)."""
        text = path.read_text(encoding="utf-8")
        self.write(path, re.sub(rf"^{name}: .*$", lambda _: f"{name}: {value}", text, count=1, flags=re.MULTILINE))

    def event_files(self) -> list[Path]:
        return sorted(self.events.glob("*.yaml"))

    def relink(self, mode: str = "patched") -> Briefing:
        """Link again; check it was done as `mode`, equals a full link, and left the last one alone."""
        loaded = load_sources(self.sources)
        problems, _ = validate(loaded)
        assert not problems, [str(p) for p in problems[:3]]
        briefing = link(loaded, "Test")
        assert link_module.last_mode == mode
        memory = _memory(link_module._LAST)
        if self.previous is not None:
            assert briefing is not self.previous
            assert _picture(self.previous) == self.previous_picture, "the previous briefing was changed"
        picture = _picture(briefing)
        fresh_briefing, fresh_memory = _fresh(loaded)
        fresh = _picture(fresh_briefing)
        for name in picture:
            assert picture[name] == fresh[name], f"{name} differs from a full link"
        fresh_memory = _memory(fresh_memory)
        for name in memory:  # what the next patch starts from
            assert memory[name] == fresh_memory[name], f"the remembered {name} differs from a full link's"
        self.previous, self.previous_picture = briefing, picture
        return briefing


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    generate(400, tmp_path / "c", seed=3, copy_site=False)
    link_module.forget()
    made = Corpus(tmp_path / "c")
    made.relink("full")
    yield made
    link_module.forget()


def _field(path: Path, name: str) -> str:
    return re.search(rf"^{name}: (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)


def test_a_summary_edit_is_patched(corpus):
    path = corpus.event_files()[200]
    corpus.edit(path, r"^(summary: (?:>-?\n +)?)", r"\1Edited. ")
    briefing = corpus.relink()
    event_id = _field(path, "id")
    assert "Edited." in briefing.event_by_id[event_id].summary
    # Lists that hold the edited event hold the new record, wherever they are.
    assert all(e is briefing.event_by_id[e.id] for related in briefing.related_events.values() for e in related)
    corpus.edit(path, r"Edited\. ", "")
    corpus.relink()


def test_nothing_changed_gives_a_new_equal_briefing(corpus):
    corpus.relink()


def test_a_date_moved_to_another_year(corpus):
    files = corpus.event_files()
    path = files[-3]  # one of the latest events, moved to before the first
    first_year = int(_field(files[0], "date").strip('"')[:4])
    corpus.set(path, "date", f'"{first_year - 1}-06-15"')
    corpus.set(path, "date_qualifier", "null")
    briefing = corpus.relink()
    event = briefing.event_by_id[_field(path, "id")]
    assert briefing.events[0] is event
    assert next(iter(briefing.events_by_year)) == first_year - 1
    assert briefing.events_by_year[first_year - 1] == [event]
    # Back into the middle of the range.
    corpus.set(path, "date", f'"{first_year}-07-01"')
    corpus.relink()


def test_a_date_equal_to_another_events_keeps_file_order(corpus):
    files = corpus.event_files()
    # Each moved earlier: no event may be dated after the documents that report it.
    for path, other in ((files[300], files[10]), (files[350], files[20]), (files[6], files[5])):
        corpus.set(path, "date", _field(other, "date"))
        corpus.set(path, "date_qualifier", _field(other, "date_qualifier"))
        corpus.relink()


def test_actors_changed(corpus):
    files = corpus.event_files()
    briefing = corpus.previous
    actor_ids = list(briefing.actors)
    path = files[120]
    event_id = _field(path, "id")
    before = {p.actor for p in briefing.event_by_id[event_id].actors}
    newcomer = next(a for a in actor_ids if a not in before)
    corpus.edit(path, r"^actors:\n", f"actors:\n  - actor: {newcomer}\n    role: supported\n")
    briefing = corpus.relink()
    assert any(other.id in before for other, _ in briefing.related_actors[newcomer])
    # An actor dropped from an event, and one who took part in no event before.
    idle = [a for a in actor_ids if a not in briefing.events_by_actor]
    corpus.edit(path, r"^  - actor: .*\n    role: .*\n", "")
    if idle:
        corpus.edit(files[121], r"^actors:\n", f"actors:\n  - actor: {idle[0]}\n    role: supported\n")
    briefing = corpus.relink()
    if idle:
        assert idle[0] in briefing.events_by_actor
    # The first event of the whole briefing loses its actors' first appearance.
    first = corpus.event_files()[0]
    corpus.edit(first, r"^  - actor: .*\n    role: .*\n", "")
    corpus.relink()


def test_places_and_operation_changed(corpus):
    briefing = corpus.previous
    files = corpus.event_files()
    place_ids = list(briefing.places)
    operation_ids = list(briefing.operations)
    corpus.edit(files[50], r"^places: \[", f"places: [{place_ids[-1]}, ")
    corpus.relink()
    corpus.edit(files[0], r"^places: \[", f"places: [{place_ids[0]}, ")
    corpus.relink()
    corpus.edit(files[60], r"^operation: .*$", f"operation: {operation_ids[-1]}")
    corpus.relink()
    # The earliest event joins the operation that started last: that operation now comes first.
    latest = max(corpus.previous.events_by_operation.items(), key=lambda kv: corpus.previous.events.index(kv[1][0]))[0]
    earliest = next(p for p in files if _field(p, "id") == corpus.previous.events[0].id)
    corpus.set(earliest, "operation", latest)
    briefing = corpus.relink()
    assert next(iter(briefing.events_by_operation)) == latest
    with_operation = next(p for p in files if _field(p, "operation") != "null")
    corpus.edit(with_operation, r"^operation: .*$", "operation: null")
    corpus.relink()


def test_figures_and_quotes_changed(corpus):
    files = corpus.event_files()
    # A figure's value: makes or unmakes a disagreement.
    with_value = [p for p in files if re.search(r"^    (value|max|min): \d+$", p.read_text(), re.MULTILINE)]
    for path in with_value[:3]:
        corpus.edit(path, r"^(    (?:value|max|min): )(\d+)$", lambda m: f"{m.group(1)}{int(m.group(2)) + 7}")
        corpus.relink()
    disagreeing = corpus.previous.disagreements[0].subject_id
    path = next(p for p in files if _field(p, "id") == disagreeing)
    corpus.edit(path, r"^figures:\n(  - .*\n(    .*\n)*)+", "figures: []\n")
    briefing = corpus.relink()
    assert ("event", disagreeing) not in briefing.disagreements_by_subject
    # A source's quote cut short (still a passage of its document): the citing passages change.
    path = files[77]
    corpus.edit(path, r'^(sources:\n  - document: .*\n    quote: ")(\S+ )', r"\1")
    corpus.relink()


def test_an_event_added_and_deleted(corpus):
    files = corpus.event_files()
    source = files[150]
    copy = corpus.events / ("zzz-" + source.name)  # last in file order: ties go after the original
    text = re.sub(r"^id: .*$", "id: zzz-added-event", source.read_text(), count=1, flags=re.MULTILINE)
    text = re.sub(r"^title: (.*)$", r"title: Another \1", text, count=1, flags=re.MULTILINE)
    corpus.write(copy, text)
    briefing = corpus.relink()
    assert "zzz-added-event" in briefing.event_by_id
    first = corpus.events / ("000-" + source.name)  # first in file order: ties go before the others
    corpus.write(first, text.replace("zzz-added-event", "000-added-event"))
    briefing = corpus.relink()
    day = briefing.event_by_id[_field(source, "id")].when.sort_key()
    same_day = [e.id for e in briefing.events if e.when.sort_key() == day]
    assert same_day[0] == "000-added-event" and same_day[-1] == "zzz-added-event"
    files[151].unlink()
    corpus.relink()
    files[0].unlink()
    copy.unlink()
    first.unlink()
    briefing = corpus.relink()
    assert "zzz-added-event" not in briefing.related_events


def test_several_events_at_once_and_many(corpus):
    files = corpus.event_files()
    for path in files[100:104]:
        corpus.edit(path, r"^(summary: (?:>-?\n +)?)", r"\1Edited. ")
    corpus.relink()
    for path in files[:100]:  # too many to patch: linked afresh
        corpus.edit(path, r"^(summary: (?:>-?\n +)?)", r"\1Edited. ")
    corpus.relink("full")


def test_other_records_changed_link_afresh(corpus):
    actors = corpus.sources / "actors.yaml"
    corpus.edit(actors, r"^(- id: .*\n  name: )", r"\1Renamed ")
    corpus.relink("full")
    places = corpus.sources / "places.yaml"
    governorates = re.findall(r"^  governorate: (\S+)$", places.read_text(), re.MULTILINE)
    other = next(g for g in governorates if g != governorates[0])
    corpus.edit(places, r"^  governorate: \S+$", f"  governorate: {other}")
    corpus.relink("full")
    corpus.edit(corpus.event_files()[9], r"^(summary: (?:>-?\n +)?)", r"\1Edited. ")
    corpus.relink()


def test_an_earliest_event_citing_documents_first_cited_later(corpus):
    """Documents are keyed in order of first citation, and within one event in the order it cites them."""
    briefing = corpus.previous
    earliest_document = next(iter(briefing.citing_document))
    files = corpus.event_files()
    source = next(p for p in files[200:] if earliest_document not in p.read_text())
    other = next(p for p in files if earliest_document in p.read_text())
    record = yaml.safe_load(other.read_text())
    cited = next(s for s in record["sources"] if s["document"] == earliest_document)
    text = re.sub(r"^id: .*$", "id: 000-earliest", source.read_text(), count=1, flags=re.MULTILINE)
    text = re.sub(r"^date: .*$", f'date: "{briefing.events[0].when.start.year - 1}-01-10"', text, count=1,
                  flags=re.MULTILINE)
    text = re.sub(r"^date_qualifier: .*$", "date_qualifier: null", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^tags:", f"  - document: {earliest_document}\n    quote: {json.dumps(cited['quote'])}\ntags:",
                  text, count=1, flags=re.MULTILINE)
    corpus.write(corpus.events / "000-earliest.yaml", text)
    briefing = corpus.relink()
    assert briefing.events[0].id == "000-earliest"
    assert list(briefing.citing_document).index(earliest_document) > 0
