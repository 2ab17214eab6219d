"""Findings in `briefing validate` and `briefing review`, their review in sources/reviews.yaml,
facts marked as background, and quotes shown in their context on document pages."""

from __future__ import annotations

import re

import yaml

from builder.pages.passages import full_text, passage_id, passages

DOC_A = "---\nid: doc-a\ntitle: A\npublished: \"2025-06-23\"\n---\nA bomber killed 22 people at the church.\n"
DOC_B = "---\nid: doc-b\ntitle: B\npublished: \"2026-02-14\"\n---\nThe bombing at the church killed at least 25 people.\n"
EVENT = """id: 2025-06-22-bombing
title: Bombing
date: "2025-06-22"
type: bombing
summary: A bombing.
places: [syria]
actors: [{actor: isis, role: claimed}]
sources:
  - document: doc-a
    quote: "A bomber killed 22 people at the church."
  - document: doc-b
    quote: "killed at least 25 people"
"""


def _disagreeing(project) -> str:
    (project.sources / "documents" / "doc-a.txt").write_text(DOC_A, encoding="utf-8")
    (project.sources / "documents" / "doc-b.txt").write_text(DOC_B, encoding="utf-8")
    (project.sources / "events" / "2025-06-22-bombing.yaml").write_text(EVENT, encoding="utf-8")
    result = project.validate()
    found = re.findall(r"\[(number-vs-number:2025-06-22-bombing:[0-9a-f]{8})\]", result.output)
    assert len(found) == 1, result.output
    return found[0]


def test_validate_warns_of_findings_without_failing_and_strict_review_fails(project):
    finding = _disagreeing(project)
    result = project.validate()
    assert result.exit_code == 0
    assert "warning: sources/events/2025-06-22-bombing.yaml:1: number-vs-number:" in result.output
    assert "sources/documents/doc-a.txt:6 says 22 people" in result.output
    assert "1 unreviewed, 0 recorded, 0 dismissed" in result.output
    strict = project.briefing("validate", "--strict-review")
    assert strict.exit_code == 1 and "not reviewed (--strict-review)" in strict.output
    listing = project.briefing("review")
    assert f"- finding: {finding}\n  decision: recorded" in listing.output


def test_a_dismissed_finding_is_reviewed_once_and_its_reason_kept(project):
    finding = _disagreeing(project)
    reviews = [{"finding": finding, "decision": "dismissed", "reason": "doc-b counts the injured who died later"}]
    (project.sources / "reviews.yaml").write_text(yaml.safe_dump(reviews), encoding="utf-8")
    result = project.briefing("validate", "--strict-review")
    assert result.exit_code == 0, result.output
    assert "0 unreviewed, 0 recorded, 1 dismissed" in result.output
    assert finding not in project.briefing("review").output
    assert "doc-b counts the injured" in project.briefing("review", "--all").output


def test_a_review_with_no_reason_or_of_a_finding_no_longer_made(project):
    finding = _disagreeing(project)
    text = f"- finding: {finding}\n  decision: dismissed\n- finding: outcome:gone-event:0123abcd\n  decision: recorded\n"
    (project.sources / "reviews.yaml").write_text(text, encoding="utf-8")
    result = project.validate()
    assert result.exit_code == 1
    assert "sources/reviews.yaml:1:" in result.output and "needs a 'reason'" in result.output
    (project.sources / "reviews.yaml").write_text(f"- finding: {finding}\n  decision: dismissed\n  reason: same\n"
                                                  "- finding: outcome:gone-event:0123abcd\n  decision: recorded\n",
                                                  encoding="utf-8")
    result = project.validate()
    assert result.exit_code == 0
    assert "sources/reviews.yaml:4: finding 'outcome:gone-event:0123abcd' is no longer made" in result.output


def test_recorded_needs_a_disagreement_the_site_shows(project):
    finding = _disagreeing(project)
    (project.sources / "reviews.yaml").write_text(f"- finding: {finding}\n  decision: recorded\n", encoding="utf-8")
    assert "no record's figures or claims show this disagreement" in project.validate().output


def test_unmarked_facts_are_warned_of_and_background_ones_shown_as_such(project, tmp_path):
    places = yaml.safe_load((project.sources / "places.yaml").read_text(encoding="utf-8"))
    located = [p for p in places if p.get("lat") is not None]
    assert located
    result = project.validate()
    assert f"place '{located[0]['id']}': coordinates" in result.output and "unmarked" in result.output
    for place in located:
        place["background"] = [{"facts": ["coordinates", "aliases", "governorate"],
                                "reference": "wikidata:Q3766"}]
    (project.sources / "places.yaml").write_text(yaml.safe_dump(places, sort_keys=False), encoding="utf-8")
    result = project.validate()
    assert f"place '{located[0]['id']}': coordinates" not in result.output
    out = tmp_path / "pages"
    assert project.briefing("render", "-o", str(out)).exit_code == 0
    page = (out / "places" / f"{located[0]['id']}.md").read_text(encoding="utf-8")
    assert "background, not from the documents: [wikidata:Q3766](https://www.wikidata.org/wiki/Q3766)" in page
    home = (out / "index.md").read_text(encoding="utf-8")
    assert re.search(r"\d+ facts quoted from them .*\d+ background facts with a reference", home)


def test_passages_in_context_full_or_alone():
    text = "Heading\nFirst sentence. The army destroyed 15 sites, officials said. Last sentence here.\n"
    [context] = passages(text, ["destroyed 15 sites"], "context")
    assert (context.before, context.after) == ("First sentence. The army", ", officials said. Last sentence here.")
    [alone] = passages(text, ["destroyed 15 sites"], "none")
    assert (alone.before, alone.after, alone.id) == ("", "", passage_id("destroyed 15 sites"))
    pieces = full_text(text, ["destroyed 15 sites"])
    assert [(p.text, p.anchor) for p in pieces[1]] == [
        ("First sentence. The army ", None), ("destroyed 15 sites", alone.id), (", officials said. Last sentence here.", None)]


def test_citations_link_to_their_passage_and_the_setting_chooses_the_context(project, tmp_path):
    _disagreeing(project)
    out = tmp_path / "pages"
    assert project.briefing("render", "-o", str(out)).exit_code == 0
    event = (out / "events" / "2025-06-22-bombing.md").read_text(encoding="utf-8")
    anchor = passage_id("killed at least 25 people")
    assert f'href="../../sources/doc-b/#{anchor}">in context</a>' in event
    source = (out / "sources" / "doc-b.md").read_text(encoding="utf-8")
    assert f'The bombing at the church <span id="{anchor}"></span><strong>killed at least 25 people</strong>' in source
    text = project.config.read_text(encoding="utf-8")
    assert "    quote_context: context\n" in text  # the shipped setting, documented in mkdocs.yml
    text = text.replace("    quote_context: context\n", "    quote_context: none\n", 1)
    project.config.write_text(text, encoding="utf-8")
    out2 = tmp_path / "pages2"
    assert project.briefing("render", "-o", str(out2)).exit_code == 0
    source = (out2 / "sources" / "doc-b.md").read_text(encoding="utf-8")
    assert f'<span id="{anchor}"></span><strong>killed at least 25 people</strong></p>\n' in source
    assert "The bombing at the church" not in source


def test_a_reason_cannot_start_a_line_of_the_review_listing(project):
    """A reason is data: `briefing review --all` shows it on its entry's line, line breaks escaped,
    so it cannot start a line a CI runner reads as a command (issue 21 item 6, for reviews.yaml)."""
    finding = _disagreeing(project)
    reasons = [{"finding": finding, "decision": "dismissed",
                "reason": "fine\n::error file=ci.yml::forged\n::add-mask::x \x1b[31m"}]
    (project.sources / "reviews.yaml").write_text(yaml.safe_dump(reasons), encoding="utf-8")

    listing = project.briefing("review", "--all")

    assert listing.exit_code == 0, listing.output
    assert not [line for line in listing.output.splitlines() if line.lstrip().startswith("::")], listing.output
    assert "\x1b" not in listing.output
    assert "dismissed (sources/reviews.yaml:1): fine\\n::error file=ci.yml::forged\\n::add-mask::x" in listing.output


def test_recorded_must_point_to_the_disagreement_shown_not_another_one(project):
    finding = _disagreeing(project)  # doc-a says 22 killed, doc-b at least 25
    (project.sources / "documents" / "doc-c.txt").write_text(
        "---\nid: doc-c\ntitle: C\npublished: \"2025-06-24\"\n---\nA gunman attacked the church.\n", encoding="utf-8")
    claims = ("claims:\n"
              "  - {attribute: attacker, value: a bomber, document: doc-a, quote: \"A bomber\"}\n"
              "  - {attribute: attacker, value: a gunman, document: doc-c, quote: \"A gunman\"}\n")
    event = project.sources / "events" / "2025-06-22-bombing.yaml"
    event.write_text(EVENT.replace("sources:\n", claims + "sources:\n", 1), encoding="utf-8")
    (project.sources / "reviews.yaml").write_text(f"- finding: {finding}\n  decision: recorded\n  reason: both shown\n",
                                                  encoding="utf-8")
    result = project.validate()
    # The event shows a disagreement (who attacked: doc-a vs doc-c), but not the finding's count.
    assert finding in result.output or "0 unreviewed" in result.output
    assert "no record's figures or claims show this disagreement (the values of doc-a, doc-b)" in result.output
    figures = ("figures:\n"
               "  - {measure: killed, value: 22, qualifier: unqualified, document: doc-a, quote: \"killed 22 people\"}\n"
               "  - {measure: killed, value: 25, qualifier: at-least, document: doc-b, "
               "quote: \"killed at least 25 people\"}\n")
    event.write_text(EVENT.replace("sources:\n", claims + figures + "sources:\n", 1), encoding="utf-8")
    result = project.validate()
    assert "0 unreviewed, 1 recorded" in result.output, result.output
    assert "show this disagreement" not in result.output, result.output


def test_build_prints_the_number_of_open_findings_and_does_not_fail(project, tmp_path):
    _disagreeing(project)
    result = project.build(tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "⚠ 1 open (unreviewed) finding(s) on the quotes: `briefing review` lists them" in result.output


def test_every_finding_on_the_shipped_briefing_is_reviewed():
    """The seed's sources/reviews.yaml answers every finding the builder makes on its quotes. A change
    to the quote-reading rules that changes a finding's id (its reading of what a document says)
    shows up here, not as an open finding on the published briefing."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-m", "builder", "validate", "--strict-review"], cwd=repo,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 unreviewed" in result.stdout + result.stderr
