"""Issue 21: what a hostile contributor tried, and what the builder now does about it.

Each test names its item of the issue. Inputs are written into a copy of the small project
(tests/conftest.py's ``project``); outputs are read as a reader or a CI runner would read them.
"""

from __future__ import annotations

import re

import pytest

EVENT = """\
id: {id}
title: {title}
date: 2025-12-03
type: raid
summary: {summary}
places: [idlib]
actors:
  - actor: syria-interior-ministry
    role: conducted
sources:
  - document: idlib-raid-report
    quote: "raided a house in Idlib city and arrested two ISIS suspects"
"""


def event_text(record_id: str, title: str = "A raid", summary: str = "A raid in Idlib.") -> str:
    return EVENT.format(id=record_id, title=title, summary=summary)


def output_lines(result) -> list[str]:
    return result.output.splitlines()


# --- item 4: folders that are links ------------------------------------------------------------


def test_a_linked_events_folder_is_refused_without_reading_it(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2025-12-09-secret-name.yaml").write_text(
        event_text("2025-12-09-secret-name", summary="SECRET-VALUE"), encoding="utf-8")
    events = project.sources / "events"
    kept = tmp_path / "kept-events"
    events.rename(kept)
    events.symlink_to(outside, target_is_directory=True)

    result = project.validate()

    assert result.exit_code == 1
    assert ("sources/events:1:1: this folder is a symbolic link or lies outside sources/; nothing in it "
            "was read") in result.output
    assert "secret-name" not in result.output and "SECRET-VALUE" not in result.output
    assert "elsewhere" not in result.output


def test_a_linked_documents_folder_is_refused_and_nothing_is_published(project, tmp_path):
    documents = project.sources / "documents"
    outside = tmp_path / "private-documents"
    documents.rename(outside)
    documents.symlink_to(outside, target_is_directory=True)

    result = project.build()

    assert result.exit_code == 1
    assert "sources/documents:1:1: this folder is a symbolic link" in result.output
    assert "private-documents" not in result.output
    assert not (project.root / "site").exists()


def test_a_linked_folder_inside_events_is_refused(project, tmp_path):
    outside = tmp_path / "more"
    outside.mkdir()
    (outside / "x.yaml").write_text(event_text("2025-12-09-x"), encoding="utf-8")
    (project.sources / "events" / "more").symlink_to(outside, target_is_directory=True)

    result = project.validate()

    assert result.exit_code == 1
    assert "sources/events/more:1:1: symbolic links are not allowed in sources/" in result.output
    assert "2025-12-09-x" not in result.output


# --- item 14: subfolders and hidden files are reported, never skipped silently ----------------------


def test_event_files_in_subfolders_and_hidden_files_are_reported(project):
    events = project.sources / "events"
    (events / "2026").mkdir()
    (events / "2026" / "2026-01-02-raid.yaml").write_text(event_text("2026-01-02-raid"), encoding="utf-8")
    (events / ".2025-12-09-hidden.yaml").write_text(event_text("2025-12-09-hidden"), encoding="utf-8")
    (events / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # what Finder leaves: never content
    (project.sources / "documents" / "old").mkdir()

    result = project.validate()

    assert result.exit_code == 1
    assert "sources/events/2026:1:1: folders inside sources/events/ are not read" in result.output
    assert ("sources/events/.2025-12-09-hidden.yaml:1:1: hidden file (its name starts with '.') is not read"
            in result.output)
    assert "sources/documents/old:1:1: folders inside sources/documents/ are not read" in result.output
    assert ".DS_Store" not in result.output
    assert "3 problem(s)" in result.output


# --- item 6: no message lets data start a line (CI reads '::error' lines as commands) ------------


def test_validate_never_lets_data_start_a_line(project):
    events = project.sources / "events"
    (events / "2025-12-09-x\n::error title=Pwned::owned.yaml").write_text(
        event_text("2025-12-09-x").replace("type: raid", "type: nonsense"), encoding="utf-8")
    hostile = event_text("2025-12-10-y").replace(
        "actor: syria-interior-ministry", 'actor: "nobody\\n::add-mask::secret\\r::warning::x"')
    (events / "2025-12-10-y.yaml").write_text(hostile, encoding="utf-8")

    result = project.validate()

    assert result.exit_code == 1
    lines = output_lines(result)
    assert not [line for line in lines if line.lstrip().startswith("::")], lines
    assert r"2025-12-09-x\n::error title=Pwned::owned.yaml" in result.output
    assert r"nobody\n::add-mask::secret\r::warning::x" in result.output


# --- item 9: control characters are refused where they stand -----------------------------------


def test_control_characters_are_refused_with_file_and_line(project):
    events = project.sources / "events"
    (events / "2025-12-09-bell.yaml").write_text(
        event_text("2025-12-09-bell", title='"A raid\\a in Idlib"'), encoding="utf-8")
    (events / "2025-12-10-raw.yaml").write_text(
        event_text("2025-12-10-raw", summary="Raw \x1b[31m escape and \x0b tab."), encoding="utf-8")
    (events / "2025-12-11-nul.yaml").write_text(
        event_text("2025-12-11-nul", summary='"NUL \\0 and \\e and \\v"'), encoding="utf-8")

    result = project.validate()

    assert result.exit_code == 1
    assert "sources/events/2025-12-09-bell.yaml:2:8: control character U+0007 is not allowed" in result.output
    assert "sources/events/2025-12-10-raw.yaml:5:14: control character U+001B is not allowed" in result.output
    assert "sources/events/2025-12-11-nul.yaml:5:10: control character U+0000 is not allowed" in result.output
    assert "Traceback" not in result.output


def test_a_title_with_a_line_break_is_refused_with_file_and_line(project):
    # A name or title is one line: a line break in one would end the one-line places it is written to
    # (a draft's '##' review notes, a terminal's message) and start a line of its own there.
    (project.sources / "events" / "2025-12-09-broken.yaml").write_text(
        event_text("2025-12-09-broken", title='"A raid\\noperation: injected"'), encoding="utf-8")

    result = project.validate()

    assert result.exit_code == 1
    assert "sources/events/2025-12-09-broken.yaml:2:8: title: a name or title is one line" in result.output


def test_control_characters_in_a_document_are_refused(project):
    document = min((project.sources / "documents").glob("*.txt"))
    text = document.read_text(encoding="utf-8")
    document.write_text(text + "\nPage two\x0c follows.\n", encoding="utf-8")

    result = project.validate()

    assert result.exit_code == 1
    line = (text + "\n").count("\n") + 1
    assert f"sources/documents/{document.name}:{line}:9: control character U+000C is not allowed" in result.output


# --- item 3: a build whose search index is incomplete fails, and publishes nothing ---------------


def test_a_full_disk_during_search_indexing_fails_the_build(project, tmp_path, monkeypatch):
    from tests.test_search_index import full_disk_pagefind

    site = project.root / "site"
    (site / "events").mkdir(parents=True)
    (site / "index.html").write_text("published yesterday")
    monkeypatch.setattr("builder.site.search_index._pagefind_binary", lambda: full_disk_pagefind(tmp_path))

    result = project.build(site)

    assert result.exit_code == 1
    assert "✓ site built" not in result.output
    assert "is incomplete" in result.output and "pagefind-entry.json is empty" in result.output
    assert (site / "index.html").read_text() == "published yesterday"
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site.")) == []


# --- item 12: the closest-passage search for failing quotes has a cost cap -----------------------


def test_the_search_for_closest_passages_is_bounded(project, monkeypatch):
    """400 distinct failing quotes against a 4.6 MB document took 19.7 s of CPU: each searched the
    whole document. The searches of one validation now share a budget; past it, quotes are still
    reported, with plain advice instead of a closest passage."""
    import rapidfuzz.fuzz

    searched = []
    real = rapidfuzz.fuzz.partial_ratio_alignment

    def counted(needle, text, *args, **kwargs):
        searched.append(len(text))
        return real(needle, text[:2000], *args, **kwargs)  # (the count matters here, not the search)

    monkeypatch.setattr(rapidfuzz.fuzz, "partial_ratio_alignment", counted)
    sentence = "The coalition said the strike near Deir ez-Zor killed five fighters. "
    body = (sentence * 66_000)[:4_600_000]
    (project.sources / "documents" / "big.txt").write_text(
        "---\nid: big\ntitle: Big\npublished: 2025-12-20\n---\n" + body, encoding="utf-8")
    events = project.sources / "events"
    for n in range(400):
        text = event_text(f"2025-12-{n % 20 + 10:02d}-q{n}").replace(
            'document: idlib-raid-report\n    quote: "raided a house in Idlib city and arrested two ISIS suspects"',
            f'document: big\n    quote: "a sentence number {n} that is in no document"')
        (events / f"2025-12-{n % 20 + 10:02d}-q{n}.yaml").write_text(text, encoding="utf-8")

    result = project.validate()

    assert result.exit_code == 1
    assert result.output.count("quote not found in document 'big'") == 400
    assert 0 < len(searched) < 400, "every failing quote searched the whole document"
    assert "(no closest passage looked for: so many quotes fail" in result.output
    from builder.load.quotes import CLOSEST_BUDGET, QuoteIndex

    assert sum(searched) <= CLOSEST_BUDGET
    fresh = QuoteIndex({"big": body})  # one failing quote alone gets its closest passage
    assert fresh.not_found_hint("big", "the strike near Deir ez-Zor killed six fighters") == (
        'closest passage: "the strike near Deir ez-Zor killed five fighters"')


# --- item 7: two generated pages at one path fail the build --------------------------------------


def test_record_ids_that_would_replace_a_listing_page_are_refused(project):
    """With more than 300 actors, actor 'kind-state' replaced the page listing the states; with more
    than 300 places, 'governorate-idlib-governorate' replaced Idlib Governorate's list of places."""
    with (project.sources / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write("\n- id: kind-state\n  name: Kind State\n  kind: state\n")
    with (project.sources / "places.yaml").open("a", encoding="utf-8") as places:
        places.write("\n- id: governorate-idlib-governorate\n  name: Idlib's places\n  kind: city\n")

    result = project.validate()

    assert result.exit_code == 1
    assert re.search(r"sources/actors\.yaml:\d+:7: actor id 'kind-state' would have the page "
                     r"actors/kind-state\.md, which is the page listing actors of kind 'state'", result.output)
    assert re.search(r"sources/places\.yaml:\d+:7: place id 'governorate-idlib-governorate' would have the page "
                     r"places/governorate-idlib-governorate\.md, which is the page listing the places of "
                     r"governorate 'idlib-governorate' \(sources/places\.yaml:\d+\)", result.output)


def test_two_pages_at_one_path_fail_the_render(project, monkeypatch):
    """Whatever validation misses: the render refuses to plan two pages at one path, naming both."""
    from builder.pages import render
    from builder.pages.plan import render_pages
    from builder.pipeline import build_briefing
    from builder.settings import read_settings

    settings = read_settings(project.config)
    briefing = build_briefing(settings.sources, settings.title, settings.project).briefing
    actors = dict(briefing.actors)
    actors["kind-state"] = actors["united-states"].model_copy(update={"id": "kind-state"})
    changed = type(briefing)(**{**briefing.__dict__, "actors": actors})
    monkeypatch.setattr(render, "SPLIT_AT", 3)  # (listing pages per kind from 4 actors on)

    with pytest.raises(RuntimeError, match=r"two pages at actors/kind-state\.md: "
                       r"actors_kind\.md\.j2 for kind 'state' and actor\.md\.j2 for actor 'kind-state'"):
        render_pages(changed, settings)


# --- item 10: far-future dates; failures in export or render name the record and its file -------


def test_a_far_future_range_end_is_a_validation_problem(project):
    event = project.sources / "events" / "2025-11-24-rif-dimashq-caches.yaml"
    event.write_text(re.sub(r"(?m)^date: .*$", "date: 2025-11-24/9999-12-31", event.read_text(encoding="utf-8")),
                     encoding="utf-8")

    result = project.validate()

    assert result.exit_code == 1
    assert ("sources/events/2025-11-24-rif-dimashq-caches.yaml:3:7: date: '9999-12-31': year 9999 is not "
            "plausible") in result.output


def test_an_export_failure_names_the_event_and_its_file(project, monkeypatch):
    def overflow(ctx, event):
        raise OverflowError("date value out of range")

    import builder.data.export

    monkeypatch.setattr(builder.data.export, "_stix_event", overflow)
    result = project.briefing("export", "-o", str(project.root / "out"))

    assert result.exit_code == 1
    assert re.search(r"✗ exporting event '2025-1[12]-\d\d-[a-z-]+' \(sources/events/2025-1[12]-\d\d-[a-z-]+\.yaml:\d+\) "
                     r"failed: OverflowError: date value out of range", result.output), result.output


def test_a_render_failure_names_the_record_and_its_file(project, monkeypatch):
    def broken(self, document_id):  # called for every citation's source line
        raise ValueError("something in this record broke the page")

    monkeypatch.setattr("builder.pages.render.Names.document_date", broken)
    result = project.briefing("render", "-o", str(project.root / "out"))

    assert result.exit_code == 1
    assert re.search(r"✗ rendering [a-z]+/[a-z0-9-]+\.md for (actor|event|operation|place|document) '[a-z0-9-]+' "
                     r"\(sources/[a-z0-9/.-]+\.(yaml|txt):\d+\) failed: ValueError: something in this record broke the page",
                     result.output), result.output

    built = project.build()  # the same, through MkDocs (what `briefing serve` shows too): no traceback
    assert built.exit_code == 1
    assert ") failed: ValueError: something in this record" in built.output and "Traceback" not in built.output


# --- item 2 (fixed by the redesign engineer: no parse cache on disk): a committed cache forges nothing


FORGED = "FORGED-TEXT-IN-NO-SOURCE-FILE"


def _forge_parse_cache(project) -> None:
    """Write .cache/briefing/parsed.marshal as today's loader reads it (header, then blake2b-16 of a
    file's text → its data), claiming an event file holds a title it does not hold. Built here from
    the format's description, not the loader's internals, so the test outlives a rewrite."""
    import hashlib
    import marshal
    import sys

    import yaml

    event = project.sources / "events" / "2025-11-24-rif-dimashq-caches.yaml"
    text = event.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["title"] = FORGED
    header = (f"briefing parsed YAML 2; Python {sys.version_info[0]}.{sys.version_info[1]}; "
              f"PyYAML {yaml.__version__}; ryaml -")
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    cache = project.root / ".cache" / "briefing" / "parsed.marshal"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(marshal.dumps((header, {key: _plain(data)})))


def _plain(value):
    """YAML data as marshal stores it (dates as ISO text, as the loader keeps them)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_a_committed_parse_cache_cannot_put_text_on_the_site(project, monkeypatch):
    from builder.pages.plan import render_pages
    from builder.pipeline import build_briefing
    from builder.settings import read_settings

    monkeypatch.delenv("BRIEFING_PARSE_CACHE", raising=False)
    _forge_parse_cache(project)
    settings = read_settings(project.config)
    built = build_briefing(settings.sources, settings.title, settings.project)
    pages = render_pages(built.briefing, settings)

    assert not [path for path, text in pages.items() if FORGED in text]


# --- accessibility of messages: a name repeated on many records --------------------------------


def test_a_name_on_many_records_lists_a_few_and_counts_the_rest(project):
    """One spelling on 61 actors made each of 61 messages list 60 records."""
    with (project.sources / "actors.yaml").open("a", encoding="utf-8") as actors:
        for n in range(61):
            actors.write(f"\n- id: copy-{n:02d}\n  name: Copy {n:02d}\n  aliases: [The Same Name]\n  kind: other\n")

    result = project.validate()

    assert result.exit_code == 1
    lines = [line for line in output_lines(result) if "the name 'The Same Name' also names" in line]
    assert len(lines) == 61
    assert ("the name 'The Same Name' also names actor 'copy-01', actor 'copy-02', actor 'copy-03', "
            "actor 'copy-04', actor 'copy-05' and 55 more") in lines[0]
    assert all(line.count("actor '") == 5 for line in lines)
