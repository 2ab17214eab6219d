"""Nothing internal reaches a reader: every built page (the editors' guide apart) is scanned for the
forms that once leaked — documents named by number, file names, doubled words from templates,
doubled full stops — and the CSV export names documents by publisher or title, never by id.

Uses the seed site built once by tests/browser_support.py (no browser needed).
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_support import ROOT

from builder.load.reader import load_sources
from builder.settings import read_settings

pytest_plugins = ["browser_support"]

LEAKS = {
    "a document named by its number": re.compile(r"\bdocuments? \d{3}\b", re.I),
    "a file name": re.compile(r"\b[\w-]+\.ya?ml\b"),
    "a doubled kind": re.compile(r"\b(Governorate governorate|Country country|City city|Town town|Region region)\b"),
    "a doubled full stop": re.compile(r"(?<![.\s])\.\.(?!\.)"),
}
EDITORS = ("guide/", "architecture/")  # the editors' and developers' documentation may name files


class _Text(HTMLParser):
    """What a reader reads: text outside <script>/<style>, plus titles and accessible names."""

    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def reader_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def test_the_scan_finds_each_known_form():
    """The patterns catch what readers were once shown (so a clean scan means something)."""
    shown = ["Dated by document 002", "Documents 000, 001 and 002 give his rank", "Added list: actors.yaml",
             "Aleppo Governorate governorate: 1 event", "Outside the area drawn: Washington, D.C.."]
    assert all(any(p.search(text) for p in LEAKS.values()) for text in shown)
    assert not any(p.search("Wait... and then. U.S. Central Command. Syria's country-wide events")
                   for p in LEAKS.values())


def test_editors_notes_name_documents_and_lists_as_readers_know_them():
    from builder.pages.render import reader_note

    class Doc:
        def __init__(self, id, publisher, title):
            self.id, self.publisher, self.title = id, publisher, title

    class Briefing:
        documents = {d.id: d for d in (Doc("001-aa", "unknown", "Raids in Idlib"), Doc("002-bb", "Al-Estiklal", "T"),
                                        Doc("003-cc", "The National", "U"))}

    note = "documents 001 and 002 dated; document 003's 15 and document 002-bbbbbbbb; sources/reviews.yaml, actors.yaml"
    assert reader_note(Briefing, note) == ("“Raids in Idlib” and Al-Estiklal dated; The National's 15 and "
                                           "Al-Estiklal; the reviews of findings, the actors")


def test_no_page_shows_ids_file_names_or_doubled_words(built_site: Path):
    pages = [p for p in built_site.rglob("*.html")
             if not p.relative_to(built_site).as_posix().startswith(EDITORS)]
    assert len(pages) > 50
    found = []
    for page in pages:
        text = reader_text(page)
        for what, pattern in LEAKS.items():
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 50):match.end() + 30]
                found.append(f"{page.relative_to(built_site)}: {what}: …{around}…")
    assert found == [], "\n".join(found[:40])


@pytest.fixture(scope="module")
def document_ids() -> set[str]:
    settings = read_settings(ROOT / "mkdocs.yml")
    return {d.id for d in load_sources(settings.sources, settings.project).of("document")}


def test_the_csv_names_documents_by_publisher_or_title(built_site: Path, document_ids):
    rows = list(csv.DictReader(io.StringIO((built_site / "data" / "events.csv").read_text(encoding="utf-8"))))
    assert rows
    for row in rows:
        for column in ("source", "notes"):
            assert not any(i in row[column] for i in document_ids), (row["event_id"], column, row[column])
        assert row["source"].strip()
