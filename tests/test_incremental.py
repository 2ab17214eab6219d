"""`briefing serve` is never stale: in one serving process (the plugin's rebuild path,
builder/site/incremental.py), after each of many random edits — any field of any record kind,
records added, deleted and renamed, documents and list files included — every page and data file
equals what a fresh build gives (or both report the same problems)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.model.records import Actor, Document, Event, Operation, Place, Term
from builder.pipeline import build_site
from builder.problems import BriefingError
from builder.settings import read_settings
from builder.site.incremental import Rebuilder
from tests.conftest import make_project

MODELS = {"event": Event, "actor": Actor, "place": Place, "operation": Operation, "term": Term,
          "document": Document}
LISTS = {"actor": "actors.yaml", "place": "places.yaml", "operation": "operations.yaml", "term": "glossary.yaml"}

TEXT = st.text(alphabet="abc XYZ<>&*_[]#'\"é-", min_size=1, max_size=14)
DATES = st.sampled_from(["2025-11-24", "2025-12", "2025", "2025-11-20/2025-11-22", "2025-12~", "2024-01-05",
                         "not a date"])
VALUES = {  # a field's likely values (valid ones mostly); any other field gets TEXT
    "date": DATES, "published": DATES,
    "type": st.sampled_from(["arrest", "raid", "airstrike", "weapons-destroyed", "no-such-type"]),
    "kind": st.sampled_from(["state", "person", "city", "governorate", "armed-group", "town"]),
    "reliability": st.sampled_from(["A", "B", "C", "F"]), "credibility": st.integers(1, 6),
    "date_qualifier": st.sampled_from(["early", "mid", "late", None]),
    "places": st.lists(st.sampled_from(["idlib", "rif-dimashq", "raqqa", "damascus"]), max_size=3),
    "tags": st.lists(st.sampled_from(["a", "weapons-caches", "b-c"]), max_size=2),
    "aliases": st.lists(TEXT | st.sampled_from(["Homs", "Aleppo", "Deir ez-Zor"]), max_size=2),  # (some in texts)
    "operation": st.sampled_from(["operation-hawkeye-strike", None]),
    "part_of": st.sampled_from(["united-states", "centcom", None]),
    "governorate": st.sampled_from(["idlib", "rif-dimashq", None]),
    "lat": st.sampled_from([35.9, 33.5, None]), "lon": st.sampled_from([36.6, 36.3, None]),
    "language": st.sampled_from(["en", "ar"]),
}


class Tree:
    """The project's sources/ as YAML data, read and written back a file at a time."""

    def __init__(self, sources: Path):
        self.sources = sources

    def records(self, kind: str) -> list[tuple[Path, int | None]]:
        """(file, index in a list file or None) of every record of the kind."""
        if kind in LISTS:
            path = self.sources / LISTS[kind]
            return [(path, i) for i in range(len(self._read(path) or []))]
        folder = "events" if kind == "event" else "documents"
        return [(p, None) for p in sorted((self.sources / folder).iterdir())]

    def get(self, path: Path, index: int | None) -> dict:
        data = self._read(path)
        return data[index] if index is not None else data

    def put(self, path: Path, index: int | None, record: dict | None) -> None:
        """Write one record back (None: delete it)."""
        if index is None:
            if record is None:
                path.unlink()
            else:
                self._write(path, record)
            return
        data = self._read(path)
        if record is None:
            del data[index]
        else:
            data[index] = record
        self._write(path, data)

    def _read(self, path: Path):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":
            _, front, body = text.split("---\n", 2)
            return {**yaml.safe_load(front), "_body": body}
        return yaml.safe_load(text)

    def _write(self, path: Path, data) -> None:
        if path.suffix == ".txt":
            front = {k: v for k, v in data.items() if k != "_body"}
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + data["_body"]
        else:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")


def _pick(data, tree: Tree, kind: str):
    found = tree.records(kind)
    return data.draw(st.sampled_from(found)) if found else None


def edit_field(tree: Tree, data) -> None:
    kind = data.draw(st.sampled_from(sorted(MODELS)))
    where = _pick(data, tree, kind)
    if where is None:
        return
    record = tree.get(*where)
    name = data.draw(st.sampled_from(sorted(set(MODELS[kind].model_fields) - {"id"})))
    value = data.draw(VALUES.get(name, TEXT) | st.none())
    if value is None:
        record.pop(name, None)
    else:
        record[name] = value
    tree.put(*where, record)


NAMES = {"event": "title", "document": "title", "actor": "name", "place": "name", "operation": "name",
         "term": "term"}


def edit_name(tree: Tree, data) -> None:
    """Rename what a record is called (shown on other records' pages, in tooltips and exports)."""
    kind = data.draw(st.sampled_from(sorted(MODELS)))
    where = _pick(data, tree, kind)
    if where is not None:
        record = tree.get(*where)
        record[NAMES[kind]] = data.draw(TEXT) + " " + str(record.get(NAMES[kind], ""))
        tree.put(*where, record)


def edit_figure(tree: Tree, data) -> None:
    """Change or add a figure or a claim: sources then agree or disagree."""
    where = _pick(data, tree, "event")
    if where is None:
        return
    record = tree.get(*where)
    figures = record.setdefault("figures", [])
    if figures and data.draw(st.booleans()):
        figures[0] = {**figures[0], "min": data.draw(st.integers(0, 40)), "qualifier": "at-least"}
        figures[0].pop("value", None)
    elif figures:
        figures.append({**figures[0], "value": data.draw(st.integers(0, 40)), "qualifier": "exactly"})
        figures[-1].pop("min", None)
    else:
        record["claims"] = [{"attribute": "leader", "value": data.draw(TEXT), **record["sources"][0]}]
    tree.put(*where, record)


def add_record(tree: Tree, data) -> None:
    kind = data.draw(st.sampled_from(sorted(MODELS)))
    where = _pick(data, tree, kind)
    if where is None:
        return
    record = dict(tree.get(*where))
    record["id"] = new_id = f"{record['id'][:40]}-{data.draw(st.integers(2, 9))}"
    if kind in LISTS:
        path = where[0]
        items = tree._read(path) or []
        tree._write(path, [*items, record])
    else:
        path = where[0].with_name(new_id + where[0].suffix)
        if not path.exists():
            tree.put(path, None, record)


def delete_record(tree: Tree, data) -> None:
    kind = data.draw(st.sampled_from(sorted(MODELS)))
    where = _pick(data, tree, kind)
    if where is not None:
        tree.put(*where, None)


def rename_record(tree: Tree, data) -> None:
    kind = data.draw(st.sampled_from(sorted(MODELS)))
    where = _pick(data, tree, kind)
    if where is None:
        return
    record = tree.get(*where)
    record["id"] = new_id = f"renamed-{data.draw(st.integers(1, 3))}"
    if where[1] is not None:
        tree.put(*where, record)
        return
    target = where[0].with_name(new_id + where[0].suffix)
    if not target.exists():
        tree.put(*where, None)
        tree.put(target, None, record)


def edit_document_text(tree: Tree, data) -> None:
    where = _pick(data, tree, "document")
    if where is None:
        return
    record = tree.get(*where)
    words = record["_body"].split(" ")
    at = data.draw(st.integers(0, len(words) - 1))
    words[at] = data.draw(st.sampled_from(["", "changed", words[at] + " more", "Homs", "Aleppo"]))
    record["_body"] = " ".join(words)
    tree.put(*where, record)


def mention_in_document(tree: Tree, data) -> None:
    """A record gets a new alias, which the documents then start or stop naming (whether it is quoted)."""
    given = [where for kind in ("actor", "place") for where in tree.records(kind)
             if any(a.startswith("Zorblax") for a in tree.get(*where).get("aliases") or [])]
    named, documents = given[0] if given else _pick(data, tree, "actor"), tree.records("document")
    if named is None or not documents:
        return
    record = tree.get(*named)
    alias = next((a for a in record.get("aliases") or [] if a.startswith("Zorblax")), None)
    if alias is None:
        record["aliases"] = [*(record.get("aliases") or []), f"Zorblax {record['id']}"]
        tree.put(*named, record)
        return
    mention = data.draw(st.booleans())
    for where in documents if not mention else [data.draw(st.sampled_from(documents))]:
        document = tree.get(*where)
        text = document["_body"].replace(f"\n{alias}.\n", "")
        document["_body"] = f"{text}\n{alias}.\n" if mention else text
        tree.put(*where, document)


EDITS = [edit_field, edit_field, edit_name, edit_name, edit_figure, add_record, delete_record, rename_record,
         edit_document_text, mention_in_document, mention_in_document, mention_in_document]


def _outcome(build) -> tuple:
    try:
        site = build()
    except BriefingError as error:
        return ("problems", error.report())
    return ("built", site.pages, site.data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_every_rebuild_equals_a_fresh_build(data):
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project")
        options = read_settings(project.config)
        tree, rebuilder = Tree(project.sources), Rebuilder()
        assert _outcome(lambda: rebuilder.build(options))[0] == "built"
        for _ in range(data.draw(st.integers(4, 12), label="edits")):
            data.draw(st.sampled_from(EDITS), label="edit")(tree, data)
            served = _outcome(lambda: rebuilder.build(options))
            fresh = _outcome(lambda: build_site(options))
            assert served[0] == fresh[0], (served[:2], fresh[:2])
            if served[0] == "problems":
                assert served == fresh
                continue
            assert served[2] == fresh[2], "a data file differs from a fresh build's"
            stale = [path for path in fresh[1] if served[1].get(path) != fresh[1][path]]
            assert set(served[1]) == set(fresh[1]) and not stale, f"stale pages: {stale[:5]}"
