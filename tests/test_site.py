"""The published site: the real sources built by MkDocs in strict mode, read as a reader gets it."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.pipeline import build_briefing
from builder.settings import read_settings

REPO = Path(__file__).resolve().parent.parent
HREF = re.compile(r'(?:href|src)="([^"]+)"')


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    target = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(target)],
        cwd=REPO, capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert result.returncode == 0, "mkdocs build --strict failed:\n" + "\n".join(warnings or [result.stderr[-3000:]])
    return target


@pytest.fixture(scope="session")
def briefing():
    settings = read_settings(REPO / "mkdocs.yml")
    return build_briefing(settings.sources, settings.title, settings.project).briefing


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8") if path else (site / "index.html").read_text(
        encoding="utf-8")


def text_of(html_text: str) -> str:
    article = re.search(r"<article[^>]*>(.*)</article>", html_text, re.S)
    body = article.group(1) if article else html_text
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_every_page_kind_is_published(site, briefing):
    for path in ("", "timeline", "actors", "operations", "places", "sources", "disagreements", "glossary",
                 "guide"):
        assert (site / path / "index.html").is_file(), path
    for year in briefing.events_by_year:
        assert (site / "timeline" / str(year) / "index.html").is_file()
    for kind, ids in (("events", [e.id for e in briefing.events]), ("actors", briefing.actors),
                      ("operations", briefing.operations), ("places", briefing.places),
                      ("sources", briefing.documents)):
        for record_id in ids:
            assert (site / kind / record_id / "index.html").is_file(), f"{kind}/{record_id}"


def test_glossary_terms_and_acronyms_are_tooltips(site):
    for path in ("", "actors/isis", "disagreements"):
        assert re.search(r'<abbr title="[^"]+">', page(site, path)), path
    assert '<abbr title="U.S. Central Command">CENTCOM</abbr>' in page(site, "disagreements")


def test_disagreements_page_shows_both_sides(site):
    text = text_of(page(site, "disagreements"))
    church = text[text.index("Mar Elias"):]
    killed = church[:church.index("Brad Cooper") if "Brad Cooper" in church else len(church)]
    assert "22 people" in killed and "at least 25 people" in killed
    cooper = text[text.index("Brad Cooper"):]
    assert "Rank" in cooper and "Admiral" in cooper and "General" in cooper


def test_isis_page_is_found_by_its_other_names(site):
    text = text_of(page(site, "actors/isis"))
    assert "Also known as:" in text and "Daesh" in text


def test_event_page_links_back_to_its_records(site, briefing):
    event = briefing.event_by_id["2025-06-22-mar-elias-church-bombing"]
    body = page(site, f"events/{event.id}")
    for place_id in event.places:
        assert f'href="../../places/{place_id}/"' in body
    for participant in event.actors:
        assert f'href="../../actors/{participant.actor}/"' in body
    assert "disputed" in body


def test_relative_links_resolve_to_existing_files(site):
    checked = 0
    for file in site.rglob("index.html"):  # the pages (theme files copied as static files are not)
        if "pagefind" in file.parts or "overrides" in file.parts:
            continue
        for target in HREF.findall(file.read_text(encoding="utf-8")):
            target = html.unescape(target)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path:
                continue
            resolved = (file.parent / unquote(parts.path)).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), f"{file.relative_to(site)}: broken link {target}"
            checked += 1
    assert checked > 1000
