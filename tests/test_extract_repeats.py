"""Repeats of the briefing's events: a draft told in other words is recognised and `briefing promote`
refuses it before moving anything; a near-miss (another happening days later) is not refused.

Each case is a reviewed draft of a wire report, promoted into a small briefing whose places and actors
have a hierarchy (Saraqib in Idlib Governorate, the army part of the Syrian government, Damascus its
capital).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "authoring"

REPORT = """---
id: wire-report
title: Attacks and a condemnation in Idlib
publisher: Test Wire
published: "2025-12-05"
reliability: C
---
Islamic State fighters attacked two government soldiers in the Idlib countryside on Wednesday, the group said.
Damascus condemned the assault on the soldiers in Saraqib on Tuesday, calling it a terrorist crime.
On Thursday, gunmen opened fire on an army checkpoint at the northern entrance of Saraqib, wounding a conscript.
Islamic State gunmen also struck an army post in Maarrat Misrin on Tuesday, killing a soldier.
Separately, Syrian security forces raided an Islamic State hideout in Saraqib on Tuesday, arresting three men.
"""

STATEMENT_BRIEF = """---
id: statement-brief
title: Government condemns Saraqib attack
publisher: Test Wire
published: "2025-12-03"
reliability: C
---
The Syrian government on Tuesday condemned the attack on two army soldiers in Saraqib as a terrorist crime.
"""

CONDEMNATION = """id: 2025-12-02-government-condemns-saraqib-attack
title: Syrian government condemns the attack on soldiers in Saraqib
date: "2025-12-02"
type: statement
summary: The Syrian government condemned the attack on two army soldiers in Saraqib as a terrorist crime.
places: []
actors:
  - actor: syrian-government
    role: stated
sources:
  - document: statement-brief
    quote: "The Syrian government on Tuesday condemned the attack on two army soldiers in Saraqib"
"""


def _draft(record_id: str, date: str, kind: str, places: list[str], actors: list[tuple[str, str]], title: str,
           quote: str) -> dict:
    return {"id": record_id, "title": title, "date": date, "type": kind, "summary": quote, "places": places,
            "actors": [{"actor": a, "role": r} for a, r in actors],
            "sources": [{"document": "wire-report", "quote": quote}], "credibility": 6}


# The same attack as 2025-12-02-saraqib-attack: the governorate for the town, 'government soldiers' for the
# army, 'Islamic State' for ISIS, and the day after (the group's claim dated it by its own day).
GOVERNORATE_DAY_OFF = _draft(
    "2025-12-03-idlib-governorate-attack", "2025-12-03", "attack", ["idlib-governorate"],
    [("isis", "conducted"), ("syrian-government", "victim")], "Islamic State attacks government soldiers in Idlib",
    "Islamic State fighters attacked two government soldiers in the Idlib countryside on Wednesday, the group said.")
# The government's condemnation, with the capital read as a place and no actor.
CAPITAL = _draft(
    "2025-12-02-damascus-statement", "2025-12-02", "statement", ["damascus"], [], "Statement in Damascus",
    "Damascus condemned the assault on the soldiers in Saraqib on Tuesday, calling it a terrorist crime.")
# Another happening: the same town and sides two days after the briefing's attack, in other words.
NEAR_MISS = _draft(
    "2025-12-04-saraqib-attack", "2025-12-04", "attack", ["saraqib"], [("isis", "conducted"), ("syrian-army", "victim")],
    "Gunmen fire on an army checkpoint in Saraqib",
    "On Thursday, gunmen opened fire on an army checkpoint at the northern entrance of Saraqib, wounding a conscript.")
# Another happening: the same day and sides, in another town of the governorate.
NEIGHBOURING_TOWN = _draft(
    "2025-12-02-maarrat-misrin-attack", "2025-12-02", "attack", ["maarrat-misrin"],
    [("isis", "conducted"), ("syrian-army", "victim")], "ISIS attacks the Syrian army in Maarrat Misrin",
    "Islamic State gunmen also struck an army post in Maarrat Misrin on Tuesday, killing a soldier.")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The authoring test briefing with a place and actor hierarchy, a second event, and the wire report."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    sources = root / "sources"
    places = (sources / "places.yaml").read_text(encoding="utf-8")
    places = places.replace("- id: saraqib\n  name: Saraqib\n  kind: town",
                            "- id: saraqib\n  name: Saraqib\n  kind: town\n  governorate: idlib-governorate")
    places += ("\n- id: idlib-governorate\n  name: Idlib Governorate\n  aliases: [Idlib province]\n  kind: governorate\n"
               "\n- id: damascus\n  name: Damascus\n  kind: city\n"
               "\n- id: maarrat-misrin\n  name: Maarrat Misrin\n  kind: town\n  governorate: idlib-governorate\n")
    (sources / "places.yaml").write_text(places, encoding="utf-8")
    actors = (sources / "actors.yaml").read_text(encoding="utf-8")
    actors = actors.replace("- id: syrian-army\n  name: Syrian army\n  kind: military",
                            "- id: syrian-army\n  name: Syrian army\n  kind: military\n  part_of: syrian-government")
    actors += "\n- id: syrian-government\n  name: Syrian government\n  kind: government\n"
    (sources / "actors.yaml").write_text(actors, encoding="utf-8")
    (sources / "documents" / "wire-report.txt").write_text(REPORT, encoding="utf-8")
    (sources / "documents" / "statement-brief.txt").write_text(STATEMENT_BRIEF, encoding="utf-8")
    (sources / "events" / "2025-12-02-government-condemns-saraqib-attack.yaml").write_text(CONDEMNATION,
                                                                                            encoding="utf-8")
    assert _run(root, "validate").exit_code == 0, _run(root, "validate").output
    return root


def _run(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--config", str(project / "mkdocs.yml")], catch_exceptions=False)


def _write_draft(project: Path, draft: dict) -> Path:
    path = project / "sources" / "drafts" / "wire-report" / f"{draft['id']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(draft, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _tree(project: Path) -> dict[str, str]:
    return {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((project / "sources").rglob("*")) if p.is_file()}


@pytest.mark.parametrize("draft, event, why", [
    (GOVERNORATE_DAY_OFF, "2025-12-02-saraqib-attack", ["Saraqib is in Idlib Governorate", "a day apart",
                                                        "Syrian army, part of Syrian government"]),
    (CAPITAL, "2025-12-02-government-condemns-saraqib-attack", ["the same day", "Syrian government (as Damascus)"]),
], ids=["governorate-unit-alias-day-off", "capital-as-government"])
def test_a_repeat_told_differently_is_refused_before_anything_moves(project: Path, draft: dict, event: str,
                                                                     why: list[str]):
    path = _write_draft(project, draft)
    before = _tree(project)
    result = _run(project, "promote", str(path))
    assert result.exit_code == 1, result.output
    assert f"looks like an event the briefing already has ({event})" in result.output
    assert "nothing moved" in result.output and f"--into {event}" in result.output and "--new" in result.output
    for words in why:  # the refusal says why, in words
        assert words in result.output
    assert _tree(project) == before
    assert _run(project, "promote", str(path), "--into", event).exit_code == 0  # the way out it offers works


# Another happening: the same day and town, another deed, ISIS on the other side.
OTHER_DEED = _draft(
    "2025-12-02-saraqib-raid", "2025-12-02", "raid", ["saraqib"],
    [("syrian-security-forces", "conducted"), ("isis", "targeted")], "Syrian security forces raid ISIS in Saraqib",
    "Separately, Syrian security forces raided an Islamic State hideout in Saraqib on Tuesday, arresting three men.")


@pytest.mark.parametrize("draft", [NEAR_MISS, NEIGHBOURING_TOWN, OTHER_DEED],
                         ids=["two-days-later", "another-town", "another-deed-same-day"])
def test_a_near_miss_is_not_refused(project: Path, draft: dict):
    path = _write_draft(project, draft)
    result = _run(project, "promote", str(path))
    assert result.exit_code == 0, result.output
    assert (project / "sources" / "events" / f"{draft['id']}.yaml").exists() and not path.exists()


def test_extract_hints_name_the_event_say_why_and_give_the_command(project: Path):
    assert _run(project, "extract", "wire-report").exit_code == 0
    drafts = {}
    for path in (project / "sources" / "drafts" / "wire-report").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        drafts[data["draft"]["date_phrase"]] = data["draft"]["duplicates"]
    wednesday = drafts["on Wednesday"]
    assert wednesday and wednesday[0].startswith("possible duplicate of 2025-12-02-saraqib-attack: add this document")
    assert "briefing promote <draft> --into 2025-12-02-saraqib-attack" in wednesday[0]
    assert "likely repeat" in wednesday[0] and "a day apart" in wednesday[0]
    assert not any("likely repeat" in hint for hint in drafts["On Thursday"])  # the near-miss
