"""A newsroom's first hour, from the built wheel, outside this repository: install into a fresh
venv, `briefing init` a briefing on Georgia (Georgian script in its names), add a document and an
event, build. The site must have a map covering Georgia, find the event in search, give the event
a readable id, and never mention Syria.

Marked `wheel` (runs in CI on every run: ~1 minute, most of it pip). Dependencies come from PyPI
once per run, pinned by requirements.txt, into a wheelhouse; the venv installs with --no-index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.wheel

DOCUMENT = """\
თბილისი, 27 ოქტომბერი 2026. The Central Election Commission said on 27 October 2026 that
turnout in Tbilisi reached 58 percent, the highest since 2012. Observers from the OSCE reported
long queues at polling stations in Batumi and Kutaisi.
"""


def run(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv, outside the repository, with the wheel built from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    assert REPO not in work.parents
    wheels, house = work / "wheel", work / "wheelhouse"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    # Built from a copy of what the wheel is made of (setuptools writes build/ into its source tree).
    source = work / "source"
    shutil.copytree(REPO / "builder", source / "builder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    run([*pip, "wheel", "--no-deps", "-q", "-w", wheels, source], cwd=work)
    (wheel,) = wheels.glob("briefing_site-*.whl")
    # The wheel's dependencies at the versions CI pins (the one step that needs the network).
    run([*pip, "wheel", "-q", "-w", house, "-c", REPO / "requirements.txt", wheel], cwd=work)
    run([sys.executable, "-m", "venv", work / "venv"], cwd=work)
    python = work / "venv" / "bin" / "python"
    run([python, "-m", "pip", "install", "--isolated", "-q", "--no-index", "--find-links", wheels,
         "--find-links", house, "briefing-site"], cwd=work)
    return work / "venv"


@pytest.fixture(scope="module")
def project(venv: Path) -> tuple[Path, dict, str]:
    """`briefing init`, a document and an event added the way an editor would, then a build."""
    briefing = venv / "bin" / "briefing"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    root = venv.parent / "georgia-elections"
    run([briefing, "init", root, "--title", "Elections in Georgia, 2026", "--region", "Georgia",
         "--language", "ka"], cwd=venv.parent, env=env)
    report = venv.parent / "cec-turnout.txt"
    report.write_text(DOCUMENT, encoding="utf-8")
    run([briefing, "add-document", report, "--title", "CEC: turnout in Tbilisi", "--publisher",
         "Central Election Commission", "--published", "2026-10-27", "--reliability", "B"], cwd=root, env=env)
    made = run([briefing, "new", "event", "--name", "არჩევნები თბილისში", "--date", "2026-10-26"], cwd=root, env=env)
    (path,) = [p for p in (root / "sources" / "events").glob("2026-10-26-*.yaml")]
    event_id = path.stem
    places = root / "sources" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + (
        "\n- id: tbilisi\n  name: Tbilisi\n  aliases: [თბილისი]\n  kind: city\n  country: Georgia\n"
        "  lat: 41.7151\n  lon: 44.8271\n  precision: city\n"), encoding="utf-8")
    path.write_text(f"""\
id: {event_id}
title: Turnout in Tbilisi reaches 58 percent
date: 2026-10-26
type: statement
summary: The Central Election Commission reported turnout of 58 percent in Tbilisi.
places: [tbilisi]
sources:
  - document: cec-turnout
    quote: "turnout in Tbilisi reached 58 percent"
credibility: 2
""", encoding="utf-8")
    run([briefing, "validate"], cwd=root, env=env)
    run([briefing, "build"], cwd=root, env=env)
    return root / "site", {"event": event_id}, made.stdout


def test_the_event_id_is_a_readable_transliteration(project):
    _, ids, _ = project
    assert ids["event"] == "2026-10-26-archevnebi-tbilisshi"


def test_the_map_covers_georgia(project):
    site, _, _ = project
    data = json.loads((site / "data" / "map.json").read_text(encoding="utf-8"))
    (south, west), (north, east) = data["region"]
    assert 41 <= south <= north <= 43.6 and 40 <= west <= east <= 46.8  # Georgia's extent
    assert {p["id"] for p in data["places"]} == {"georgia", "tbilisi"}
    page = (site / "map" / "index.html").read_text(encoding="utf-8")
    assert 'data-focus="268"' in page  # Georgia, ISO 3166-1 numeric
    outline = re.search(r'data-outline="([^"]+)"', page).group(1)
    outlines = json.loads((site / "map" / outline).resolve().read_text(encoding="utf-8"))
    assert "Georgia" in {f["properties"]["name"] for f in outlines["features"]}
    for asset in ("assets/javascripts/map.js", "assets/vendor/leaflet-1.9.4/leaflet.js",
                  "assets/stylesheets/explore.css"):
        assert (site / asset).is_file(), asset


def test_search_finds_the_event(project):
    import gzip

    site, ids, _ = project

    def unpack(path: Path) -> bytes:
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        return data[len(b"pagefind_dcd"):]

    fragments = [json.loads(unpack(p)) for p in (site / "pagefind" / "fragment").iterdir()]
    event = [f for f in fragments if f["url"].rstrip("/").endswith(f"events/{ids['event']}")]
    assert event and "Turnout in Tbilisi reaches 58 percent" in event[0]["content"]
    words = b"".join(unpack(p) for p in (site / "pagefind" / "index").glob("*.pf_index"))
    assert b"turnout" in words


def test_no_page_mentions_syria(project):
    # Pages and data files, that is: the world's outlines (assets/vendor/world/) name every country.
    site, _, _ = project
    mentions = [str(p.relative_to(site)) for p in site.rglob("*")
                if p.suffix in (".html", ".json", ".xml", ".csv", ".geojson", ".ics") and "vendor" not in p.parts
                and re.search(r"(?i)syria", p.read_text(encoding="utf-8", errors="replace"))]
    assert mentions == []
