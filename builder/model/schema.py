"""JSON Schemas for editors, generated from the one model definition (builder/model/records.py)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from builder.model import records as model
from builder.model.vocabulary import Vocabulary

# File name → (title, schema source). List files hold many records.
_SCHEMAS = {
    "event.schema.json": ("Briefing event (sources/events/*.yaml)", model.Event),
    "actors.schema.json": ("Briefing actors (sources/actors.yaml)", list[model.Actor]),
    "operations.schema.json": ("Briefing operations (sources/operations.yaml)", list[model.Operation]),
    "places.schema.json": ("Briefing places (sources/places.yaml)", list[model.Place]),
    "glossary.schema.json": ("Briefing glossary (sources/glossary.yaml)", list[model.Term]),
    "document.schema.json": ("Briefing document front matter (sources/documents/*.txt)", model.Document),
    "reviews.schema.json": ("Briefing reviews of findings (sources/reviews.yaml)", list[model.Review]),
}


# Where each vocabulary's words go: (model name, field) → Vocabulary attribute.
_WORDS = {("Event", "type"): "event_types", ("Participant", "role"): "roles", ("Actor", "kind"): "actor_kinds"}


def schemas(vocabulary: Vocabulary | None = None) -> dict[str, dict]:
    """File name → JSON Schema; event types, roles and actor kinds listed from *vocabulary* (the
    project's; the defaults when None), so editors' tools complete them."""
    vocabulary = vocabulary or Vocabulary()
    result = {}
    for name, (title, source) in _SCHEMAS.items():
        schema = TypeAdapter(source).json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
        _list_words(schema, vocabulary)
        result[name] = schema
    return result


def _list_words(schema: dict, vocabulary: Vocabulary) -> None:
    models = {**schema.get("$defs", {}), schema.get("title", ""): schema}
    for (model_name, field), words in _WORDS.items():
        for key, definition in models.items():
            if key == model_name or definition.get("title") == model_name:
                prop = definition.get("properties", {}).get(field)
                if prop is not None:
                    prop["enum"] = list(getattr(vocabulary, words))


def write_schemas(out: Path, vocabulary: Vocabulary | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(vocabulary).items():
        path = out / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    # The published format of data/events.json is defined beside its exporter.
    from builder.data.export import write_export_schema

    written.append(write_export_schema(out / "events-export.schema.json"))
    return written
