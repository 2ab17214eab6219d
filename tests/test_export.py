"""Data out: every export read back with a real parser and checked against the briefing.

The briefing is built from a small fixture written into tmp_path (its facts are known here, so
checks are exact); one test also runs the checks that need no known facts on the seed data in
sources/ when it validates.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from builder.data.export import (
    CSV_COLUMNS,
    DESCRIPTIONS,
    FEED_SIZE,
    SCHEMA_FILE,
    SITE_DATA,
    data_page,
    export_files,
    schema_bytes,
)
from builder.history.git import file_history
from builder.pipeline import build_briefing
from builder.settings import read_settings

REPO = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.org/briefing/"

FIXTURE = {
    "mkdocs.yml": f"""
        site_name: Test briefing
        site_url: {SITE_URL}
        plugins:
          - briefing:
              title: "Test briefing: exports"
        """,
    "sources/documents/doc-a.txt": """
        ---
        id: doc-a
        title: "Coalition strike kills fighters near Deir ez-Zor"
        publisher: Example Wire
        published: 2025-12-05
        url: https://example.org/wire/a
        reliability: B
        ---
        A coalition air strike near Deir ez-Zor on 2 December killed five ISIS fighters, officials said.
        U.S. Central Command (CENTCOM) said the strike hit a hideout used by the group.
        Syrian security forces arrested three suspects in Idlib and Raqqa in early December.
        """,
    "sources/documents/doc-b.txt": """
        ---
        id: doc-b
        title: "Monitor: seven killed in Deir ez-Zor raid"
        publisher: Example Monitor
        published: 2025-12-09
        reliability: C
        ---
        The monitor said at least seven people were killed in the strike near Deir ez-Zor.
        Talks between Damascus and Washington took place around mid-November.
        Officials in Idleb said the arrests followed weeks of surveillance.
        """,
    "sources/actors.yaml": """
        - id: centcom
          name: U.S. Central Command
          aliases: [CENTCOM]
          kind: military-command
          sources:
            - document: doc-a
              quote: "U.S. Central Command (CENTCOM)"
        - id: syria-security
          name: Syrian security forces
          kind: security-force
        - id: isis
          name: Islamic State
          aliases: [ISIS]
          kind: armed-group
        """,
    "sources/places.yaml": """
        - id: deir-ez-zor-governorate
          name: Deir ez-Zor Governorate
          kind: governorate
          lat: 35.0
          lon: 40.5
          precision: governorate
        - id: deir-ez-zor
          name: Deir ez-Zor
          kind: city
          governorate: deir-ez-zor-governorate
          lat: 35.3359
          lon: 40.1408
          precision: city
        - id: idlib
          name: Idlib
          aliases: [Idleb]
          kind: city
          lat: 35.9306
          lon: 36.6339
          precision: city
        - id: raqqa
          name: Raqqa
          kind: city
          lat: 35.9594
          lon: 39.0078
          precision: city
        - id: damascus-talks-venue
          name: Talks venue
          kind: site
        """,
    "sources/operations.yaml": """
        - id: operation-test
          name: Operation Test
          date: 2025-12
          conducted_by: [centcom]
          description: A test operation.
        """,
    "sources/glossary.yaml": """
        - id: ied
          term: IED
          expansion: improvised explosive device
          definition: A home-made bomb.
        """,
    "sources/events/2025-12-02-deir-ez-zor-strike.yaml": """
        id: 2025-12-02-deir-ez-zor-strike
        title: Coalition strike near Deir ez-Zor
        date: 2025-12-02
        type: airstrike
        summary: A coalition air strike hit an ISIS hideout near Deir ez-Zor.
        places: [deir-ez-zor]
        actors:
          - actor: centcom
            role: conducted
          - actor: isis
            role: targeted
        operation: operation-test
        figures:
          - measure: killed
            value: 5
            document: doc-a
            quote: "killed five ISIS fighters"
          - measure: killed
            min: 7
            qualifier: at-least
            document: doc-b
            quote: "at least seven people were killed"
        sources:
          - document: doc-a
            quote: "A coalition air strike near Deir ez-Zor on 2 December"
        tags: [strike]
        credibility: 2
        """,
    "sources/events/2025-12-early-arrests.yaml": """
        id: 2025-12-early-arrests
        title: Arrests in Idlib and Raqqa
        date: 2025-12
        date_qualifier: early
        type: arrest
        summary: Syrian security forces arrested three suspects in two cities.
        places: [idlib, raqqa]
        actors:
          - actor: syria-security
            role: conducted
          - actor: isis
            role: targeted
        sources:
          - document: doc-a
            quote: "arrested three suspects in Idlib and Raqqa in early December"
        credibility: 3
        """,
    "sources/events/2025-11-talks.yaml": """
        id: 2025-11-talks
        title: Talks between Damascus and Washington
        date: 2025-11~
        type: meeting
        summary: Talks took place; the venue's location is unknown.
        places: [damascus-talks-venue]
        actors:
          - actor: centcom
            role: attended
        sources:
          - document: doc-b
            quote: "Talks between Damascus and Washington took place around mid-November"
        """,
}

EVENT_IDS = ["2025-11-talks", "2025-12-early-arrests", "2025-12-02-deir-ez-zor-strike"]


def write_fixture(root: Path) -> Path:
    for name, text in FIXTURE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("briefing"))


@pytest.fixture(scope="module")
def built(project):
    settings = read_settings(project / "mkdocs.yml")
    return settings, build_briefing(settings.sources, settings.title, settings.project).briefing


@pytest.fixture(scope="module")
def files(built) -> dict[str, bytes]:
    settings, briefing = built
    return export_files(briefing, settings)


def event_by_id(briefing, event_id):
    return briefing.event_by_id[event_id]


# ------------------------------------------------------------------------------------ contract


def test_export_files_names_and_bytes(files):
    assert list(files) == list(DESCRIPTIONS)
    assert all(isinstance(data, bytes) and data for data in files.values())


def test_exports_are_deterministic(built, files):
    settings, briefing = built
    again = export_files(briefing, settings)
    assert again == files


def test_exports_carry_no_build_time(files):
    """Timestamps come from the data (latest document: 2025-12-09), never from the clock."""
    from datetime import datetime, timezone

    today = datetime.now(timezone.utc)
    for stamp in {today.date().isoformat(), today.strftime("%Y%m%d")}:
        for path, data in files.items():
            assert stamp.encode() not in data, path


def test_published_schema_file_is_in_sync(files):
    """schema/events-export.schema.json is what the code generates (run write_export_schema())."""
    assert SCHEMA_FILE.read_bytes() == schema_bytes() == files["events.schema.json"]


# ----------------------------------------------------------------------------------- events.json


def test_events_json_validates_against_its_schema(files):
    import jsonschema

    data = json.loads(files["events.json"])
    schema = json.loads(files["events.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_events_json_schema_rejects_broken_data(files):
    import jsonschema

    data = json.loads(files["events.json"])
    schema = json.loads(files["events.schema.json"])
    del data["events"][0]["sources"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_events_json_matches_the_briefing(built, files):
    settings, briefing = built
    data = json.loads(files["events.json"])
    assert [e["id"] for e in data["events"]] == [e.id for e in briefing.events] == EVENT_IDS
    strike = next(e for e in data["events"] if e["id"] == "2025-12-02-deir-ez-zor-strike")
    assert strike["url"] == SITE_URL + "events/2025-12-02-deir-ez-zor-strike/"
    assert strike["date"]["start"] == strike["date"]["end"] == "2025-12-02"
    assert strike["date"]["precision"] == "day"
    assert strike["places"] == [{"id": "deir-ez-zor", "name": "Deir ez-Zor", "lat": 35.3359, "lon": 40.1408,
                                 "precision": "city", "governorate": "deir-ez-zor-governorate"}]
    assert {(a["id"], a["role"]) for a in strike["actors"]} == {("centcom", "conducted"), ("isis", "targeted")}
    assert strike["operation"] == {"id": "operation-test", "name": "Operation Test"}
    assert [(f["document"], f["value"], f["min"], f["text"]) for f in strike["figures"]] == [
        ("doc-a", 5, None, "5"), ("doc-b", None, 7, "at least 7")]
    assert strike["sources"][0] == {"document": "doc-a", "publisher": "Example Wire", "published": "2025-12-05",
                                    "quote": "A coalition air strike near Deir ez-Zor on 2 December"}
    assert strike["disagreements"] == ["killed"]
    arrests = next(e for e in data["events"] if e["id"] == "2025-12-early-arrests")
    assert arrests["date"] | {} == {**arrests["date"], "text": "2025-12", "qualifier": "early",
                                    "start": "2025-12-01", "end": "2025-12-10", "precision": "month",
                                    "display": "early December 2025"}
    assert {d["id"] for d in data["documents"]} == set(briefing.documents)
    assert all("text" not in d for d in data["documents"])  # never the full document text
    assert "killed five ISIS fighters" not in json.dumps(data["documents"])
    assert {a["id"] for a in data["actors"]} == set(briefing.actors)
    assert {p["id"] for p in data["places"]} == set(briefing.places)
    assert [o["events"] for o in data["operations"]] == [["2025-12-02-deir-ez-zor-strike"]]
    assert [t["term"] for t in data["glossary"]] == ["IED"]
    assert [(d["subject_id"], d["attribute"], len(d["values"])) for d in data["disagreements"]] == [
        ("2025-12-02-deir-ez-zor-strike", "killed", 2)]
    assert data["counts"]["events"] == 3 and data["data_stamp"] == "2025-12-09"


def test_json_files_hold_one_record_per_line(built, files):
    """events.json, events.geojson and the STIX bundle put each record of their lists on its own line
    (a changed record is a changed line)."""
    _settings, briefing = built
    for path in ("events.json", "events.geojson", "briefing.stix.json"):
        text = files[path].decode("utf-8")
        data = json.loads(text)
        records = [item for key in sorted(data) if isinstance(data[key], list) for item in data[key]]
        lines = [json.loads(line[2:].rstrip(",")) for line in text.splitlines() if line.startswith("  {")]
        assert lines == records and records, path
    assert len(json.loads(files["events.json"])["events"]) == len(briefing.events)


# ------------------------------------------------------------------------------------ events.csv


def read_csv(files) -> list[dict]:
    raw = files["events.csv"]
    assert raw.count(b"\r\n") >= 1 and b"\n" not in raw.replace(b"\r\n", b"")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_csv_rows_follow_acled_conventions(built, files):
    settings, briefing = built
    rows = read_csv(files)
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["event_id"] for r in rows] == EVENT_IDS
    by_id = {r["event_id"]: r for r in rows}
    strike = by_id["2025-12-02-deir-ez-zor-strike"]
    assert strike["event_date"] == "2025-12-02" and strike["time_precision"] == "1"
    assert (strike["actor1"], strike["actor2"]) == ("U.S. Central Command", "Islamic State")
    assert strike["admin1"] == "Deir ez-Zor Governorate" and strike["location"] == "Deir ez-Zor"
    assert (float(strike["latitude"]), float(strike["longitude"])) == (35.3359, 40.1408)
    assert strike["geo_precision"] == "1"
    assert strike["fatalities"] == "5"  # the most conservative figure …
    assert "Sources disagree" in strike["notes"] and "at least 7 (Example Monitor)" in strike["notes"]  # … disputes noted
    assert strike["source"] == "Example Wire"
    arrests = by_id["2025-12-early-arrests"]
    assert arrests["event_date"] == "2025-12-01" and arrests["time_precision"] == "2"
    assert arrests["end_date"] == "2025-12-10" and arrests["date_text"] == "early 2025-12"
    assert arrests["fatalities"] == ""  # no source gives a figure: unknown, not zero
    talks = by_id["2025-11-talks"]
    assert talks["latitude"] == talks["longitude"] == "" and talks["location"] == "Talks venue"


def test_huge_figures_still_export(built):
    """A figure beyond 64-bit integers (valid input) is exported as it is, not an error."""
    settings, briefing = built
    event = briefing.events[2]
    figure = event.figures[0].model_copy(update={"value": 1e30})
    event = event.model_copy(update={"figures": [figure, *event.figures[1:]]})
    changed = type(briefing)(**{**briefing.__dict__, "events": [*briefing.events[:2], event]})
    files = export_files(changed, settings, history={})
    record = json.loads(files["events.json"])["events"][2]
    assert record["figures"][0]["value"] == int(1e30)


def test_csv_quotes_commas_quotes_and_newlines(built):
    """RFC 4180: a summary with commas, quotes and a line break survives a round trip."""
    settings, briefing = built
    event = briefing.events[0].model_copy(update={"summary": 'He said "no", then\nleft, later.'})
    changed = type(briefing)(**{**briefing.__dict__, "events": [event, *briefing.events[1:]]})
    files = export_files(changed, settings, history={})
    rows = list(csv.DictReader(io.StringIO(files["events.csv"].decode("utf-8"), newline="")))
    assert rows[0]["notes"] == 'He said "no", then\nleft, later.'
    assert len(rows) == 3


def test_csv_cells_cannot_start_a_formula(built):
    """Issue 21 item 5 (OWASP CSV injection): a text cell starting with = + - @, a tab or a carriage
    return is prefixed with an apostrophe; numbers (a negative longitude) stay numbers."""
    settings, briefing = built
    hostile = {"summary": "=HYPERLINK(\"http://evil.example\",\"x\")", "title": "+1+cmd|' /C calc'!A0"}
    event = briefing.events[0].model_copy(update=hostile)
    actors = dict(briefing.actors)
    for index, (actor_id, actor) in enumerate(sorted(actors.items())):
        actors[actor_id] = actor.model_copy(update={"name": ["-2+3", "@SUM(A1)", "\tx", "\r=y"][index % 4]})
    places = {pid: p.model_copy(update={"name": "=cmd()", "lon": -abs(p.lon) if p.lon is not None else None})
              for pid, p in briefing.places.items()}
    changed = type(briefing)(**{**briefing.__dict__, "events": [event, *briefing.events[1:]],
                                "actors": actors, "places": places})
    files = export_files(changed, settings, history={})
    rows = list(csv.DictReader(io.StringIO(files["events.csv"].decode("utf-8"), newline="")))
    assert rows[0]["notes"].startswith("'=HYPERLINK(")
    for row in rows:
        for column, cell in row.items():
            if column in ("latitude", "longitude", "fatalities"):
                continue
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    located = [row for row in rows if row["longitude"]]
    assert located and all(float(row["longitude"]) < 0 for row in located)
    assert all(row["location"] == "'=cmd()" for row in located)


# -------------------------------------------------------------------------------- events.geojson


def test_geojson_has_a_point_per_event_and_located_place(built, files):
    settings, briefing = built
    data = json.loads(files["events.geojson"])
    assert data["type"] == "FeatureCollection"
    pairs = [(f["properties"]["event_id"], f["properties"]["place_id"]) for f in data["features"]]
    assert pairs == [("2025-12-early-arrests", "idlib"), ("2025-12-early-arrests", "raqqa"),
                     ("2025-12-02-deir-ez-zor-strike", "deir-ez-zor")]
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946 order: longitude first
        place = briefing.places[feature["properties"]["place_id"]]
        assert (lat, lon) == (place.lat, place.lon)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["id"] == f"{feature['properties']['event_id']}@{place.id}"
    assert "crs" not in data


# ------------------------------------------------------------------------------------ events.ics


def test_ics_round_trip(built, files):
    from icalendar import Calendar

    settings, briefing = built
    calendar = Calendar.from_ical(files["events.ics"])
    entries = calendar.walk("VEVENT")
    assert len(entries) == len(briefing.events)
    uids = [str(e["UID"]) for e in entries]
    assert len(set(uids)) == len(uids)
    for entry, event in zip(entries, briefing.events):
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day DATE values
        assert start == event.when.start
        assert end == event.when.end + timedelta(days=1)  # DTEND is exclusive
        assert str(entry["URL"]) == SITE_URL + f"events/{event.id}/"
        assert event.summary in str(entry["DESCRIPTION"])
        assert entry.decoded("DTSTAMP").isoformat() == "2025-12-09T00:00:00+00:00"
    talks = entries[0]
    assert str(talks["STATUS"]) == "TENTATIVE"  # 2025-11~ is approximate
    assert (talks.decoded("DTSTART"), talks.decoded("DTEND")) == (date(2025, 11, 1), date(2025, 12, 1))


def test_ics_folds_long_lines_without_breaking_characters(built):
    """RFC 5545: physical lines of at most 75 octets; unfolding gives back the exact text."""
    from icalendar import Calendar

    settings, briefing = built
    summary = "Ḥayāt Taḥrīr al-Shām; «قوات سوريا الديمقراطية», \"quoted\", back\\slash, C:\\New. " * 6
    event = briefing.events[0].model_copy(update={"summary": summary.strip()})
    changed = type(briefing)(**{**briefing.__dict__, "events": [event, *briefing.events[1:]]})
    raw = export_files(changed, settings, history={})["events.ics"]
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    raw.decode("utf-8")  # folding never splits a UTF-8 sequence
    entry = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert summary.strip() in str(entry["DESCRIPTION"])


# -------------------------------------------------------------------------------------- feed.xml


def test_atom_feed_without_git_uses_event_dates(built, files):
    settings, briefing = built
    root = ET.fromstring(files["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        SITE_URL + f"events/{i}/" for i in reversed(EVENT_IDS)]  # newest first
    assert entries[0].find(f"{ATOM}published").text.startswith("2025-12-02")
    assert root.find(f"{ATOM}updated").text.startswith("2025-12-02")
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 3


def test_atom_feed_uses_git_dates_and_keeps_the_latest_50(tmp_path):
    project = write_fixture(tmp_path)
    events = project / "sources" / "events"
    template = (events / "2025-12-02-deir-ez-zor-strike.yaml").read_text()
    for n in range(60):  # 60 more events, added over 60 commits
        event_id = f"2025-12-01-extra-{n:02d}"
        (events / f"{event_id}.yaml").write_text(
            template.replace("2025-12-02-deir-ez-zor-strike", event_id).replace("date: 2025-12-02", "date: 2025-12-01"))
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "mkdocs.yml", "sources/documents", "sources/actors.yaml", "sources/places.yaml",
                    "sources/operations.yaml", "sources/glossary.yaml", *[f"sources/events/{i}.yaml" for i in EVENT_IDS]],
                   check=True)
    env = {"GIT_COMMITTER_DATE": "2026-01-01T10:00:00+00:00", "GIT_AUTHOR_DATE": "2026-01-01T10:00:00+00:00"}
    subprocess.run([*git, "commit", "-q", "-m", "seed"], check=True, env={**_env(), **env})
    for n in range(60):
        stamp = f"2026-02-{1 + n // 24:02d}T{n % 24:02d}:00:00+00:00"
        subprocess.run([*git, "add", f"sources/events/2025-12-01-extra-{n:02d}.yaml"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", f"add extra {n}"], check=True,
                       env={**_env(), "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp})
    settings = read_settings(project / "mkdocs.yml")
    briefing = build_briefing(settings.sources, settings.title, settings.project).briefing
    feed = ET.fromstring(export_files(briefing, settings)["feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == FEED_SIZE
    links = [e.find(f"{ATOM}link").get("href").rstrip("/").rpartition("/")[2] for e in entries]
    assert links == [f"2025-12-01-extra-{n:02d}" for n in range(59, 9, -1)]  # latest added first
    assert entries[0].find(f"{ATOM}published").text == "2026-02-03T11:00:00+00:00"


def _env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


# ----------------------------------------------------------------------------------- history.py


def test_file_history_one_call_first_and_last_dates(tmp_path):
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("1")
    for n, (path, text) in enumerate([("a/x.yaml", "1"), ("a/y.yaml", "1"), ("a/x.yaml", "2")]):
        (tmp_path / path).write_text(text)
        stamp = f"2026-03-0{n + 1}T00:00:00+00:00"
        subprocess.run([*git, "add", path], check=True)
        subprocess.run([*git, "commit", "-q", "-m", f"step {n}"], check=True,
                       env={**_env(), "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp})
    (tmp_path / "a" / "new.yaml").write_text("uncommitted")
    found = file_history(tmp_path, ["a/x.yaml", str(tmp_path / "a" / "y.yaml"), "a/new.yaml"])
    assert found["a/x.yaml"] == ("2026-03-01T00:00:00+00:00", "2026-03-03T00:00:00+00:00",
                                 [("2026-03-03T00:00:00+00:00", "step 2"), ("2026-03-01T00:00:00+00:00", "step 0")])
    assert found[str(tmp_path / "a" / "y.yaml")][0] == "2026-03-02T00:00:00+00:00"
    assert "a/new.yaml" not in found


def test_file_history_outside_git_is_empty(tmp_path):
    assert file_history(tmp_path, ["x.yaml"]) == {}
    assert file_history(tmp_path / "missing", ["x.yaml"]) == {}


# ----------------------------------------------------------------------------- briefing.stix.json


def test_stix_bundle_parses_and_validates(built, files):
    import stix2
    from stix2validator import ValidationOptions, validate_string

    settings, briefing = built
    results = validate_string(files["briefing.stix.json"].decode("utf-8"), ValidationOptions(version="2.1"))
    assert results.is_valid, [str(e) for e in results.errors]
    assert not results.errors
    bundle = stix2.parse(files["briefing.stix.json"].decode("utf-8"), allow_custom=False)
    objects = {o.id: o for o in bundle.objects}
    by_type: dict[str, list] = {}
    for obj in bundle.objects:
        by_type.setdefault(obj.type, []).append(obj)
    reports = by_type["report"]
    event_reports = [r for r in reports if "event" in r.labels]
    document_reports = [r for r in reports if "source-document" in r.labels]
    assert sorted(r.name for r in event_reports) == sorted(e.title for e in briefing.events)
    assert len(document_reports) == len(briefing.documents)
    assert [c.name for c in by_type["campaign"]] == ["Operation Test"]
    assert [t.name for t in by_type["threat-actor"]] == ["Islamic State"]
    assert len(by_type["location"]) == len(briefing.places)
    assert all(ref in objects for r in reports for ref in r.object_refs)  # no dangling references
    strike = next(r for r in event_reports if r.name == "Coalition strike near Deir ez-Zor")
    assert strike.published.date() == date(2025, 12, 2) and strike.confidence == 70
    kinds = {objects[ref].type for ref in strike.object_refs}
    assert {"identity", "threat-actor", "location", "campaign", "report", "relationship"} <= kinds
    deir = next(o for o in by_type["location"] if o.name == "Deir ez-Zor")
    assert (deir.latitude, deir.longitude) == (35.3359, 40.1408)
    assert len({o.id for o in bundle.objects}) == len(bundle.objects)
    # The objects are built as plain dicts; each is exactly what the stix2 library makes of it.
    lines = [line.strip().rstrip(",") for line in files["briefing.stix.json"].decode("utf-8").splitlines()
             if line.startswith("  {")]
    assert len(lines) == len(bundle.objects)
    for line in lines:
        assert json.loads(stix2.parse(line, allow_custom=False).serialize()) == json.loads(line)


def test_stix_bundle_with_non_ascii_urls_validates(built):
    """Issue 21 item 8: a legitimate Arabic Wikipedia URL made the STIX bundle invalid."""
    from stix2validator import ValidationOptions, validate_string

    settings, briefing = built
    arabic = "https://ar.wikipedia.org/wiki/سوريا"
    documents = {key: document.model_copy(update={"url": arabic if n == 0 else "https://مثال.example/ا?q=ب"})
                 for n, (key, document) in enumerate(sorted(briefing.documents.items()))}
    changed = type(briefing)(**{**briefing.__dict__, "documents": documents})
    files = export_files(changed, settings, history={})
    text = files["briefing.stix.json"].decode("utf-8")
    results = validate_string(text, ValidationOptions(version="2.1"))
    assert results.is_valid, [str(e) for e in results.errors]
    assert "https://ar.wikipedia.org/wiki/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7" in text
    assert "https://xn--mgbh0fb.example/%D8%A7?q=%D8%A8" in text
    assert json.loads(files["events.json"])["documents"][0]["url"] == arabic  # as written elsewhere


def test_stix_ids_are_uuid_v4_and_other_uuids_v5(files):
    import uuid

    bundle = json.loads(files["briefing.stix.json"])
    assert uuid.UUID(bundle["id"].partition("--")[2]).version == 4
    for obj in bundle["objects"]:
        assert uuid.UUID(obj["id"].partition("--")[2]).version == 4
    from icalendar import Calendar

    for entry in Calendar.from_ical(files["events.ics"]).walk("VEVENT"):
        assert uuid.UUID(str(entry["UID"])).version == 5


# ------------------------------------------------------------------------------- Data page, CLI


def test_data_page_lists_every_export_with_size_and_link(built, files):
    settings, briefing = built
    page = data_page(briefing, settings, files)
    for path, data in files.items():
        assert f"](data/{path})" in page
        line = next(line for line in page.splitlines() if line.startswith(f"| [{path}]"))
        assert DESCRIPTIONS[path][1] in line
        from builder.data.export import human_size
        assert human_size(len(data)) in line
    from builder.pages.explore import map_files

    for path, data in map_files(briefing, settings).items():  # the site's other data files
        assert path in ("data/map.json", "data/timeline.json", "data/names.json")
        line = next(line for line in page.splitlines() if line.startswith(f"| [{path[5:]}]"))
        assert f"]({path})" in line and SITE_DATA[path[5:]][1] in line and human_size(len(data)) in line


def test_cli_export_writes_the_files(project, files):
    from click.testing import CliRunner

    from builder.cli import main

    out = project / "out"
    result = CliRunner().invoke(main, ["export", "--config", str(project / "mkdocs.yml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    for path, data in files.items():
        assert (out / path).read_bytes() == data


# ------------------------------------------------------------------------------------ seed data


def test_seed_data_exports_are_valid():
    """The real sources/ (when they validate): schema-valid JSON, valid STIX, parseable ICS/CSV."""
    import jsonschema
    from icalendar import Calendar
    from stix2validator import ValidationOptions, validate_string

    from builder.problems import BriefingError

    settings = read_settings(REPO / "mkdocs.yml")
    try:
        briefing = build_briefing(settings.sources, settings.title, settings.project).briefing
    except BriefingError:
        pytest.skip("the seed data does not validate at the moment")
    files = export_files(briefing, settings)
    data = json.loads(files["events.json"])
    jsonschema.validate(data, json.loads(files["events.schema.json"]))
    assert len(data["events"]) == len(briefing.events)
    assert validate_string(files["briefing.stix.json"].decode(), ValidationOptions(version="2.1")).is_valid
    assert len(Calendar.from_ical(files["events.ics"]).walk("VEVENT")) == len(briefing.events)
    assert len(list(csv.DictReader(io.StringIO(files["events.csv"].decode(), newline="")))) == len(briefing.events)


# ------------------------------------------------------------------------------- the built site


def site_config(project: Path) -> Path:
    """The project's real mkdocs.yml, pointed at the fixture's sources and an absolute hook path."""
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / "docs")
    config.pop("watch", None)
    theme = config.get("theme") or {}
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(REPO / theme["custom_dir"])
    config["site_url"] = SITE_URL
    config["plugins"] = [{"briefing": {"title": "Test briefing: exports", "sources": "sources"}}]
    path = project / "site-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_built_site_links_every_export_from_the_data_page(tmp_path):
    """mkdocs build: data/index.html links each file, and each link downloads the exported bytes."""
    from html.parser import HTMLParser
    from urllib.parse import urljoin, urlparse

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = write_fixture(tmp_path / "project")
    config_file = site_config(project)
    site = tmp_path / "site"
    build(load_config(str(config_file), site_dir=str(site), strict=False))

    settings = read_settings(config_file)
    briefing = build_briefing(settings.sources, settings.title, settings.project).briefing
    expected = export_files(briefing, settings, history={})

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs += [v for k, v in attrs if k == "href" and v]

    page = site / "data" / "index.html"
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    page_url = SITE_URL + "data/"
    downloads = {}
    for href in parser.hrefs:
        url = urljoin(page_url, href)
        if url.startswith(SITE_URL + "data/") and url != page_url and "#" not in href:
            relative = urlparse(url).path[len(urlparse(SITE_URL + "data/").path):]
            downloads[relative] = (site / "data" / relative).read_bytes()
    from builder.pages.explore import map_files

    expected.update({path[5:]: data for path, data in map_files(briefing, settings).items()})
    assert set(downloads) == set(expected)
    for path, data in downloads.items():
        if path == "feed.xml":  # the feed's dates may come from git history; the rest is identical
            assert ET.fromstring(data).tag == f"{ATOM}feed"
        else:
            assert data == expected[path], path
