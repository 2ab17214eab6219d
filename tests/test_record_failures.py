"""Issue 21 item 10: any failure making the site's data or pages names the record and its file:line.

Each test makes one stage fail on one record (a function of that stage is replaced by one that
raises for that record), then builds as `briefing build` does: the build must stop with one line
naming the record (kind and id) and where it is written, exit 1, print no traceback, and leave the
site published earlier exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from builder.data import export
from builder.pages import explore, plan, render


class Injected(Exception):
    """The failure a test puts into a stage."""


def failing_for(original, matches):
    """*original*, but raising Injected when ``matches(*args)`` holds (the record under test)."""
    def replaced(*args, **kwargs):
        if matches(*args, **kwargs):
            raise Injected("injected for this record")
        return original(*args, **kwargs)
    return replaced


def _feed_title(entry, value=None):
    return value is not None and "Rif Dimashq" in value


# (what fails, where it is replaced, how it fails for one record, the message expected)
STAGES = {
    "events.json actor line": (
        export.EventScope, "url", lambda ctx, section, record_id: (section, record_id) == ("actors", "isis"),
        r"exporting to events\.json actor 'isis' \(sources/actors\.yaml:36\)"),
    "STIX actor": (
        export, "_external", lambda ctx, section, record_id, *rest: (section, record_id) == ("actors", "centcom"),
        r"exporting to briefing\.stix\.json actor 'centcom' \(sources/actors\.yaml:6\)"),
    "STIX place": (
        export, "_external", lambda ctx, section, record_id, *rest: (section, record_id) == ("places", "idlib"),
        r"exporting to briefing\.stix\.json place 'idlib' \(sources/places\.yaml:22\)"),
    "STIX operation": (
        export, "_external", lambda ctx, section, record_id, *rest: section == "operations",
        r"exporting to briefing\.stix\.json operation 'operation-hawkeye-strike' \(sources/operations\.yaml:1\)"),
    "STIX document": (
        export, "_external", lambda ctx, section, record_id, *rest: (section, record_id) == ("sources", "idlib-raid-report"),
        r"exporting to briefing\.stix\.json document 'idlib-raid-report' \(sources/documents/idlib-raid-report\.txt:2\)"),
    "CSV row": (
        export, "_csv_row", lambda ctx, event, located, *rest: event.id == "2025-12-03-idlib-arrests",
        r"exporting event '2025-12-03-idlib-arrests' \(sources/events/2025-12-03-idlib-arrests\.yaml:1\)"),
    "Atom feed entry": (
        None, "feedgen.entry.FeedEntry.title", _feed_title,
        (r"exporting to feed\.xml event '2025-11-24-rif-dimashq-caches' "
         r"\(sources/events/2025-11-24-rif-dimashq-caches\.yaml:1\)")),
    "map data": (
        explore, "_map_place", lambda place, *rest: place.id == "idlib",
        r"making data/map\.json for place 'idlib' \(sources/places\.yaml:22\)"),
    "timeline data": (
        explore, "_timeline_row", lambda briefing, event, *rest: event.id == "2025-12-03-idlib-arrests",
        (r"making data/timeline\.json for event '2025-12-03-idlib-arrests' "
         r"\(sources/events/2025-12-03-idlib-arrests\.yaml:1\)")),
    "event page values": (
        render, "event_path", lambda record_id: record_id == "2025-12-03-idlib-arrests",
        r"working out the page of event '2025-12-03-idlib-arrests' \(sources/events/2025-12-03-idlib-arrests\.yaml:1\)"),
    "actor page values": (
        render, "_actor_events", lambda b, actor_id, by_year: actor_id == "brad-cooper",
        r"working out the page of actor 'brad-cooper' \(sources/actors\.yaml:16\)"),
    "operation page values": (
        render, "_event_list", lambda events, by_year, kind, record_id: kind == "operation",
        r"working out the page of operation 'operation-hawkeye-strike' \(sources/operations\.yaml:1\)"),
    "place page values": (
        render, "_event_list", lambda events, by_year, kind, record_id: (kind, record_id) == ("place", "rif-dimashq"),
        r"working out the page of place 'rif-dimashq' \(sources/places\.yaml:9\)"),
    "document page values": (
        plan, "passages", lambda text, quoted, mode: any("Idlib city" in quote for quote in quoted),
        r"working out the page of document 'idlib-raid-report' \(sources/documents/idlib-raid-report\.txt:2\)"),
}


def snapshot(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_failure_on_one_record_names_it_and_publishes_nothing(project, monkeypatch, stage):
    owner, name, matches, expected = STAGES[stage]
    if owner is None:
        module_name, _, attribute = name.rpartition(".")
        module_path, _, class_name = module_name.rpartition(".")
        owner, name = getattr(__import__(module_path, fromlist=[class_name]), class_name), attribute
    monkeypatch.setattr(owner, name, failing_for(getattr(owner, name), matches))
    site = project.root / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>published yesterday</h1>\n")
    before = snapshot(site)

    result = project.build(site)

    assert result.exit_code == 1, result.output
    assert re.search(expected + r" failed: Injected: injected for this record", result.output), result.output
    assert "Traceback" not in result.output
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site.")) == []


def test_a_failure_rendering_a_listing_page_names_the_page(project, monkeypatch):
    monkeypatch.setattr(explore, "filter_attrs", failing_for(explore.filter_attrs, lambda briefing, event, *rest: True))
    site = project.root / "site"

    result = project.build(site)

    assert result.exit_code == 1, result.output
    assert re.search(r"rendering timeline/2025\.md failed: Injected: injected for this record — please report",
                     result.output), result.output
    assert "Traceback" not in result.output and not site.exists()
