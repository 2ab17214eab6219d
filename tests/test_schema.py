"""The JSON Schemas in schema/ (for editors' autocomplete and red squiggles) match the model and
catch the mistakes an editor makes while typing."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from builder.load.reader import _split_front_matter, parse_yaml
from builder.model.schema import schemas, write_schemas

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
BASE = REPO / "tests" / "bad_inputs" / "_base" / "sources"
EVENT = BASE / "events" / "2025-12-03-idlib-arrests.yaml"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def yaml_data(text: str):
    """Data as the builder reads it (dates stay text), which is what an editor's YAML plugin sees."""
    return parse_yaml(text)[0]


def errors(name: str, data) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data))


def test_committed_schemas_are_up_to_date(tmp_path):
    written = write_schemas(tmp_path)
    assert set(schemas()) <= {p.name for p in written}
    for path in written:
        committed = SCHEMA_DIR / path.name
        assert committed.exists(), f"schema/{path.name} is missing: run `briefing schema`"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), \
            f"schema/{path.name} is out of date with builder/model/records.py: run `briefing schema`"


def test_a_good_event_passes():
    assert errors("event.schema.json", yaml_data(EVENT.read_text())) == []


def test_a_typo_and_a_bad_enum_are_caught():
    text = EVENT.read_text().replace("summary:", "sumary:").replace("type: arrest", "type: arest")
    found = errors("event.schema.json", yaml_data(text))
    assert any("'sumary' was unexpected" in e for e in found), found
    assert any(e.startswith("type: 'arest' is not one of") for e in found), found
    assert any("'summary' is a required property" in e for e in found), found


@pytest.mark.parametrize("change, where", [
    (("credibility: 3", "credibility: 7"), "credibility"),
    (("id: 2025-12-03-idlib-arrests", "id: ../x"), "id"),
    (("date: 2025-12-03", "date: 3 December 2025"), "date"),
    (("    role: targeted", "    role: target"), "actors/1/role"),
    (("    min: 2", "    min: 2\n    minimum: 2"), "figures/0"),
])
def test_field_level_mistakes_are_caught_where_they_stand(change, where):
    text = EVENT.read_text()
    assert change[0] in text
    found = errors("event.schema.json", yaml_data(text.replace(change[0], change[1], 1)))
    assert found and all(e.startswith(where + ":") for e in found), found


@pytest.mark.parametrize("file, schema", [
    ("actors.yaml", "actors.schema.json"), ("places.yaml", "places.schema.json"),
    ("operations.yaml", "operations.schema.json"), ("glossary.yaml", "glossary.schema.json"),
])
def test_list_files_pass(file, schema):
    assert errors(schema, yaml_data((BASE / file).read_text())) == []


def test_document_front_matter_passes_and_a_bad_reliability_does_not():
    front, _, _ = _split_front_matter((BASE / "documents" / "idlib-raid-report.txt").read_text())
    assert errors("document.schema.json", yaml_data(front)) == []
    found = errors("document.schema.json", yaml_data(front.replace("reliability: B", "reliability: G")))
    assert found and found[0].startswith("reliability:")


def test_the_seed_data_passes_its_schemas():
    """What the builder accepts, the editor's schema does not flag (no false red squiggles)."""
    sources = REPO / "sources"
    checked = 0
    for path in sorted((sources / "events").glob("*.yaml")):
        assert errors("event.schema.json", yaml_data(path.read_text(encoding="utf-8"))) == [], path.name
        checked += 1
    for file, schema in (("actors.yaml", "actors.schema.json"), ("places.yaml", "places.schema.json"),
                         ("operations.yaml", "operations.schema.json"), ("glossary.yaml", "glossary.schema.json")):
        if (sources / file).exists():
            assert errors(schema, yaml_data((sources / file).read_text(encoding="utf-8"))) == [], file
            checked += 1
    for path in sorted((sources / "documents").glob("*")):
        split = _split_front_matter(path.read_text(encoding="utf-8"))
        assert split is not None, path.name
        assert errors("document.schema.json", yaml_data(split[0])) == [], path.name
        checked += 1
    assert checked > 0
