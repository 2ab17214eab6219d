"""Authoring commands: add-document, new, extract, promote — on a copy of a small test project."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.cli import main
from builder.load.reader import load_sources
from builder.model import records as model

FIXTURES = Path(__file__).parent / "fixtures" / "authoring"
REPORT = FIXTURES / "desert-cells-report.txt"  # a document NOT in the shipped briefing


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    return root


def run(project: Path, *args: str):
    result = CliRunner().invoke(main, [*args, "--config", str(project / "mkdocs.yml")], catch_exceptions=False)
    return result


def validate(project: Path):
    return run(project, "validate")


def drafts_by_phrase(project: Path, document: str) -> dict[str, tuple[Path, dict]]:
    result = {}
    for path in sorted((project / "sources" / "drafts" / document).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result[data["draft"]["date_phrase"]] = (path, data)
    return result


# --- the draft folder is never published ------------------------------------------------------


def test_drafts_are_never_loaded(project: Path):
    drafts = project / "sources" / "drafts" / "some-document"
    drafts.mkdir(parents=True)
    (drafts / "broken.yaml").write_text("id: [not, valid\n", encoding="utf-8")
    loaded = load_sources(project / "sources", project)
    assert loaded.problems == []
    assert [item.record.id for item in loaded.records["event"]] == ["2025-12-02-saraqib-attack"]


# --- add-document -----------------------------------------------------------------------------


def test_add_document_guesses_title_and_date_and_keeps_text(project: Path):
    result = run(project, "add-document", str(REPORT))
    assert result.exit_code == 0, result.output
    assert "published: 2025-12-11" in result.output  # the guess is said out loud
    assert "Published: December 11, 2025" in result.output
    stored = project / "sources" / "documents" / "desert-cells-report.txt"
    text = stored.read_text(encoding="utf-8")
    assert text.endswith("---\n" + REPORT.read_text(encoding="utf-8"))  # the text, unchanged
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["id"] == "desert-cells-report"
    assert front["title"] == "Syrian forces detain ISIS suspects in the Idleb countryside"
    assert front["published"] == "2025-12-11"
    assert "Published: December 11, 2025" in front["published_note"]
    assert validate(project).exit_code == 0


def test_add_document_refuses_to_overwrite(project: Path, tmp_path: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    again = run(project, "add-document", str(REPORT))
    assert again.exit_code == 1
    assert "already stored as document 'desert-cells-report'" in again.output
    other = tmp_path / "other.txt"
    other.write_text("A different text.\nUpdated: February 14, 2026, 5:36 AM\n", encoding="utf-8")
    clash = run(project, "add-document", str(other), "--id", "desert-cells-report")
    assert clash.exit_code == 1
    assert "already exists; not overwriting" in clash.output


def test_add_document_reads_an_updated_line_and_slugs_the_id(project: Path, tmp_path: Path):
    source = tmp_path / "Article 17 (copy).txt"
    source.write_text("'Game-changing': a headline\n\nBody text of the article.\n\nUpdated: February 14, 2026, 5:36 AM",
                      encoding="utf-8")
    result = run(project, "add-document", str(source), "--publisher", "The National", "--reliability", "B")
    assert result.exit_code == 0, result.output
    stored = project / "sources" / "documents" / "article-17-copy.txt"
    front = yaml.safe_load(stored.read_text(encoding="utf-8").split("---\n")[1])
    assert front["published"] == "2026-02-14"
    assert front["publisher"] == "The National" and front["reliability"] == "B"
    assert "'Updated' line" in front["published_note"]


def test_add_document_without_any_date_asks_for_one(project: Path, tmp_path: Path):
    source = tmp_path / "undated.txt"
    source.write_text("A headline\n\nNothing in here says when.\n", encoding="utf-8")
    result = run(project, "add-document", str(source))
    assert result.exit_code == 1
    assert "--published" in result.output
    assert not (project / "sources" / "documents" / "undated.txt").exists()


# --- new --------------------------------------------------------------------------------------

FILLS = {
    # kind: (replacements that fill the placeholders)
    "event": [("type: CHOOSE-ONE", "type: raid"), ("summary:\n", "summary: Security forces raided a cell.\n"),
              ("document: PASTE-DOCUMENT-ID", "document: saraqib-brief"),
              ("quote: PASTE A PASSAGE FROM THE DOCUMENT HERE, WORD FOR WORD",
               "quote: The Syrian Ministry of Interior said it had opened an investigation.")],
    "actor": [("  name:\n", "  name: Khaled Hamdan\n"), ("kind: CHOOSE-ONE", "kind: person")],
    "place": [("  name:\n", "  name: Raqqa\n"), ("kind: CHOOSE-ONE", "kind: city")],
    "operation": [("  name:\n", "  name: Operation Test\n")],
    "term": [("  term:\n", "  term: VBIED\n"), ("  definition:\n", "  definition: A vehicle-borne bomb.\n")],
}
LIST_FILES = {"actor": "actors.yaml", "place": "places.yaml", "operation": "operations.yaml",
              "term": "glossary.yaml"}
MODELS = {"event": model.Event, "actor": model.Actor, "place": model.Place, "operation": model.Operation,
          "term": model.Term}


@pytest.mark.parametrize("kind", ["event", "actor", "place", "operation", "term"])
def test_new_scaffolds_a_record_that_validates_once_filled(project: Path, kind: str):
    args = ["new", kind] + (["--date", "2025-12-03"] if kind == "event" else [])
    if kind == "event":
        args += ["--name", "Raid near Saraqib"]
    before = None if kind == "event" else (project / "sources" / LIST_FILES[kind]).read_text(encoding="utf-8")
    result = run(project, *args)
    assert result.exit_code == 0, result.output
    if kind == "event":
        path = project / "sources" / "events" / "2025-12-03-raid-near-saraqib.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/event.schema.json"
        block = text
    else:
        path = project / "sources" / LIST_FILES[kind]
        text = path.read_text(encoding="utf-8")
        schema = {"term": "glossary"}.get(kind, kind + "s")
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schema/{schema}.schema.json"
        assert before in text  # existing records and comments kept, byte for byte
        block = text[len(before) + text.index(before):]
    assert "docs/guide/data-format.md" in block
    for field in MODELS[kind].model_fields:  # every field present …
        assert f"{field}:" in block, field
    if kind == "event":  # … and the vocabularies come from the model
        assert all(value in block for value in model.EVENT_TYPES + model.ROLES)
    if kind == "actor":
        assert all(value in block for value in model.ACTOR_KINDS)

    unfilled = validate(project)
    assert unfilled.exit_code == 1  # placeholders fail until filled
    for old, new in FILLS[kind]:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    filled = validate(project)
    assert filled.exit_code == 0, filled.output


def test_new_event_placeholder_quote_is_rejected_by_the_quote_check(project: Path):
    assert run(project, "new", "event", "--id", "2025-12-03-test").exit_code == 0
    path = project / "sources" / "events" / "2025-12-03-test.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title:\n", "title: Test\n").replace("date: YYYY-MM-DD", "date: 2025-12-03")
    text = text.replace("type: CHOOSE-ONE", "type: raid").replace("summary:\n", "summary: A raid.\n")
    text = text.replace("document: PASTE-DOCUMENT-ID", "document: saraqib-brief")
    path.write_text(text, encoding="utf-8")
    result = validate(project)
    assert result.exit_code == 1
    assert "sources/events/2025-12-03-test.yaml" in result.output
    assert "quote not found in document 'saraqib-brief'" in result.output


def test_new_ids_are_fresh(project: Path):
    assert run(project, "new", "actor", "--name", "ISIS").exit_code == 0  # 'isis' is taken
    text = (project / "sources" / "actors.yaml").read_text(encoding="utf-8")
    assert "- id: isis-2\n" in text
    assert run(project, "new", "actor", "--id", "isis").exit_code == 1


# --- extract ----------------------------------------------------------------------------------


def test_extract_resolves_relative_dates_against_the_publication_date(project: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    result = run(project, "extract", "desert-cells-report")
    assert result.exit_code == 0, result.output
    drafts = drafts_by_phrase(project, "desert-cells-report")
    # Published Thursday 11 December 2025.
    monday = drafts["on Monday"][1]
    assert monday["date"] == "2025-12-08"
    assert "published 2025-12-11 → 2025-12-08" in monday["date_note"]
    assert drafts["last month"][1]["date"] == "2025-11"
    assert "→ November 2025" in drafts["last month"][1]["date_note"]
    assert drafts["November 18, 2025"][1]["date"] == "2025-11-18"
    following = drafts["The following day"][1]
    assert following["date"] == "2025-11-19"
    assert "after 'November 18, 2025'" in following["date_note"]
    earlier = drafts["Earlier that month"][1]
    assert earlier["date"] == "2025-11-01/2025-11-18"
    early = drafts["early December"][1]
    assert (early["date"], early["date_qualifier"]) == ("2025-12", "early")


def test_extract_matches_names_figures_quotes_and_duplicates(project: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    assert run(project, "extract", "desert-cells-report").exit_code == 0
    drafts = drafts_by_phrase(project, "desert-cells-report")
    monday = drafts["on Monday"][1]
    assert monday["type"] == "arrest"
    assert monday["places"] == ["idlib"]  # 'Idleb' is a close spelling of 'Idlib'
    assert {"actor": "isis", "role": "targeted"} in monday["actors"]
    assert {"name": "Khaled Hamdan", "kind": "actor"} in monday["draft"]["candidates"]
    assert monday["sources"][0]["quote"].startswith("Syrian security forces arrested five suspected ISIS members")
    assert monday["draft"]["quote_verified"] is True
    assert monday["figures"][0]["value"] == 5
    killed = drafts["last month"][1]["figures"][0]
    assert (killed["measure"], killed["min"], killed["qualifier"]) == ("killed", 3, "at-least")
    assert "value" not in killed
    assert drafts["last month"][1]["places"] == ["deir-ez-zor"]
    rockets = drafts["early December"][1]["figures"][0]
    assert (rockets["value"], rockets["qualifier"]) == (40, "over")
    _, saraqib = drafts["December 2, 2025"]
    assert any(hint.startswith("possible duplicate of 2025-12-02-saraqib-attack: add this document as a source")
               for hint in saraqib["draft"]["duplicates"])
    assert "## possible duplicate of 2025-12-02-saraqib-attack" in drafts["December 2, 2025"][0].read_text()


def test_extract_shows_progress_on_a_long_document_only(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CLAUSE_PARSER", "off")  # the same bar either way; faster without
    body = REPORT.read_text(encoding="utf-8")
    long_report = tmp_path / "long-report.txt"
    long_report.write_text(body + ("\n\n" + body.split("\n", 1)[1]) * 25, encoding="utf-8")
    for report in (REPORT, long_report):
        assert run(project, "add-document", str(report)).exit_code == 0
    short = run(project, "extract", "desert-cells-report")
    assert short.exit_code == 0 and "sentences of" not in short.stderr
    long = run(project, "extract", "long-report")
    assert long.exit_code == 0, long.output
    assert re.search(r"reading \d{3,} sentences of long-report", long.stderr)


def test_extract_does_not_clobber_reviewed_drafts(project: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    assert run(project, "extract", "desert-cells-report").exit_code == 0
    again = run(project, "extract", "desert-cells-report")
    assert again.exit_code == 1 and "--force" in again.output
    assert run(project, "extract", "desert-cells-report", "--force").exit_code == 0
    assert run(project, "extract", "no-such-document").exit_code == 1


# --- promote ----------------------------------------------------------------------------------


def test_promote_moves_a_valid_draft_and_strips_draft_notes(project: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    assert run(project, "extract", "desert-cells-report").exit_code == 0
    path, draft = drafts_by_phrase(project, "desert-cells-report")["The following day"]
    result = run(project, "promote", str(path))
    assert result.exit_code == 0, result.output
    target = project / "sources" / "events" / f"{draft['id']}.yaml"
    assert target.exists() and not path.exists()
    text = target.read_text(encoding="utf-8")
    assert "draft:" not in text and "\n##" not in text and not text.startswith("##")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/event.schema.json"
    assert yaml.safe_load(text)["date"] == "2025-11-19"
    assert validate(project).exit_code == 0


def test_promote_refuses_an_invalid_draft_with_file_and_line(project: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    assert run(project, "extract", "desert-cells-report").exit_code == 0
    path, _ = drafts_by_phrase(project, "desert-cells-report")["on Monday"]
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("type:"))
    lines[number - 1] = "type: arest"
    quote_line = next(i for i, line in enumerate(lines) if line.strip().startswith("quote:"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project, "promote", str(path))
    assert result.exit_code == 1
    assert f"{path.relative_to(project).as_posix()}:{number}:" in result.output
    assert "did you mean 'arrest'" in result.output
    assert "not promoted" in result.output
    assert path.exists() and not list((project / "sources" / "events").glob("*idlib*"))
    # A quote that is not in the document is refused too (checked against the whole tree).
    lines[number - 1] = "type: arrest"
    lines[quote_line] = "  quote: Words the document never said."
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project, "promote", str(path))
    assert result.exit_code == 1
    assert "quote not found in document 'desert-cells-report'" in result.output


def test_promote_refuses_to_overwrite_an_event(project: Path):
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    assert run(project, "extract", "desert-cells-report").exit_code == 0
    path, _ = drafts_by_phrase(project, "desert-cells-report")["December 2, 2025"]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: 2025-12-02-saraqib-attack-2", "id: 2025-12-02-saraqib-attack"), encoding="utf-8")
    result = run(project, "promote", str(path))
    assert result.exit_code == 1
    assert "2025-12-02-saraqib-attack" in result.output
    original = (project / "sources" / "events" / "2025-12-02-saraqib-attack.yaml").read_text(encoding="utf-8")
    assert "saraqib-brief" in original and "desert-cells-report" not in original


def _saraqib_draft(project: Path) -> tuple[Path, dict]:
    assert run(project, "add-document", str(REPORT)).exit_code == 0
    assert run(project, "extract", "desert-cells-report").exit_code == 0
    return drafts_by_phrase(project, "desert-cells-report")["December 2, 2025"]


def _tree(project: Path) -> dict[str, str]:
    return {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((project / "sources").rglob("*")) if p.is_file()}


def test_promote_refuses_a_likely_duplicate_before_moving_anything(project: Path):
    path, draft = _saraqib_draft(project)  # the same attack as 2025-12-02-saraqib-attack, from another report
    before = _tree(project)
    result = run(project, "promote", str(path))
    assert result.exit_code == 1
    assert "looks like an event the briefing already has (2025-12-02-saraqib-attack)" in result.output
    assert "nothing moved" in result.output
    assert "--into 2025-12-02-saraqib-attack" in result.output and "--new" in result.output
    assert _tree(project) == before  # not moved, not written, not deleted
    assert not (project / "sources" / "events" / f"{draft['id']}.yaml").exists()


def test_promote_new_overrides_the_duplicate_check(project: Path):
    path, draft = _saraqib_draft(project)
    result = run(project, "promote", str(path), "--new")
    assert result.exit_code == 0, result.output
    assert (project / "sources" / "events" / f"{draft['id']}.yaml").exists() and not path.exists()
    assert validate(project).exit_code == 0


def test_promote_into_adds_the_draft_quote_as_a_further_source(project: Path):
    path, draft = _saraqib_draft(project)
    event_file = project / "sources" / "events" / "2025-12-02-saraqib-attack.yaml"
    before = event_file.read_text(encoding="utf-8")
    result = run(project, "promote", str(path), "--into", "2025-12-02-saraqib-attack")
    assert result.exit_code == 0, result.output
    assert not path.exists() and not (project / "sources" / "events" / f"{draft['id']}.yaml").exists()
    after = event_file.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # appended; the rest of the file (comments too) kept
    sources = yaml.safe_load(after)["sources"]
    assert sources[0]["document"] == "saraqib-brief"
    assert sources[1] == {"document": "desert-cells-report",
                          "quote": "On December 2, 2025, ISIS attacked two Syrian army soldiers in Saraqib."}
    assert validate(project).exit_code == 0
    assert "sources/events/2025-12-02-saraqib-attack.yaml" in result.output


def test_promote_into_checks_the_event_and_the_quote_before_writing(project: Path):
    path, _ = _saraqib_draft(project)
    before = _tree(project)
    result = run(project, "promote", str(path), "--into", "2025-12-02-saraqib-atack")
    assert result.exit_code == 1 and "did you mean '2025-12-02-saraqib-attack'" in result.output
    text = path.read_text(encoding="utf-8").replace("ISIS attacked two Syrian", "ISIS hit two Syrian")
    path.write_text(text, encoding="utf-8")
    before = _tree(project)
    result = run(project, "promote", str(path), "--into", "2025-12-02-saraqib-attack")
    assert result.exit_code == 1
    assert "quote not found in document 'desert-cells-report'" in result.output
    assert "nothing changed" in result.output
    assert _tree(project) == before


def test_extract_refuses_a_language_it_cannot_read(project: Path):
    assert run(project, "add-document", str(REPORT), "--language", "fr").exit_code == 0
    result = run(project, "extract", "desert-cells-report")
    assert result.exit_code == 1
    assert "declares language 'fr', and extraction reads English only" in result.output
    assert not (project / "sources" / "drafts" / "desert-cells-report").exists()
