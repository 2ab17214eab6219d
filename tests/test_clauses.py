"""The clause parser's wrapper (builder/authoring/clauses.py), and extraction without the parser.

The parser is Debian's python3-link-grammar with link-grammar-dictionaries-en (scripts/setup.sh
installs it and links it into .venv). Without it the wrapper's tests are skipped, saying why; the
fallback tests run everywhere.
"""

from __future__ import annotations

import builtins
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.authoring import clauses
from builder.authoring.clauses import Clause, load_parser
from builder.cli import main

PARSER, WHY_NOT = load_parser()
needs_parser = pytest.mark.skipif(PARSER is None, reason=f"no clause parser: {WHY_NOT}")
FIXTURES = Path(__file__).parent / "fixtures" / "authoring"


def _parts(text: str, names=()) -> dict[str, dict]:
    """Each verb's clause as words: {verb: {subject, objects, agent, passive, how}}."""
    def words(phrase):
        return None if phrase is None else text[phrase.span[0]:phrase.span[1]]

    found = PARSER.clauses(text, names)
    assert found is not None, f"not parsed: {text}"
    return {text[c.verb[0]:c.verb[1]]: {"subject": words(c.subject), "objects": [words(o) for o in c.objects],
                                          "agent": words(c.agent), "passive": c.passive, "how": c.how}
            for c in found}


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(name), text.index(name) + len(name)) for name in names]


@needs_parser
def test_an_active_clause_gives_its_subject_and_object():
    text = "US forces killed two ISIS leaders in a raid near Deir ez-Zor on Monday."
    killed = _parts(text, _spans(text, "US forces", "ISIS", "Deir ez-Zor"))["killed"]
    assert killed == {"subject": "US forces", "objects": ["two ISIS leaders"], "agent": None, "passive": False,
                      "how": ""}


@needs_parser
def test_a_passive_gives_its_subject_as_the_one_acted_upon_and_its_agent():
    text = "Two US soldiers and an interpreter were killed by an ISIS gunman near Palmyra on Saturday."
    killed = _parts(text, _spans(text, "ISIS", "Palmyra"))["killed"]
    assert killed["passive"] and killed["subject"] == "Two US soldiers and an interpreter"
    assert killed["agent"] == "an ISIS gunman" and killed["objects"] == []


@needs_parser
def test_reported_speech_gives_the_speaker_and_the_clause_said():
    text = "Cooper, the CENTCOM commander, said that Syrian troops had led the assault."
    parts = _parts(text, _spans(text, "Cooper", "CENTCOM", "Syrian troops"))
    assert parts["said"]["subject"] == "Cooper"  # the apposition is not the speaker
    assert parts["led"]["subject"] == "Syrian troops" and parts["led"]["objects"] == ["the assault"]


@needs_parser
def test_an_attribution_after_the_clause_is_read_apart():
    """The parser alone hangs '…, CENTCOM said' on the clause's subject: the wrapper splits it off."""
    text = "US forces and Syrian troops captured a senior ISIS financier in Latakia on Wednesday, CENTCOM said."
    parts = _parts(text, _spans(text, "US forces", "Syrian troops", "ISIS", "Latakia", "CENTCOM"))
    assert parts["captured"]["subject"] == "US forces and Syrian troops"
    assert parts["captured"]["objects"] == ["a senior ISIS financier"]
    assert parts["said"]["subject"] == "CENTCOM"


@needs_parser
def test_a_relative_clause_and_a_participle_are_marked():
    text = "The gunman, who had attacked the base, was arrested by security forces."
    parts = _parts(text)
    assert parts["attacked"]["subject"] == "The gunman" and parts["attacked"]["how"] == "relative"
    assert parts["arrested"] == {"subject": "The gunman", "objects": [], "agent": "security forces", "passive": True,
                                 "how": ""}
    text = "Syrian troops, backed by U.S. drones, stormed the village."
    parts = _parts(text)  # (given the names, the wrapper would blank the apposition after 'Syrian troops')
    assert parts["backed"]["how"] == "reduced" and parts["backed"]["agent"] == "U.S. drones"
    assert parts["stormed"]["subject"] == "Syrian troops"


@needs_parser
def test_verbs_joined_by_and_share_subject_and_object():
    text = "Internal Security forces raided and dismantled an ISIS cell in Idlib."
    parts = _parts(text, _spans(text, "Internal Security forces", "ISIS", "Idlib"))
    for verb in ("raided", "dismantled"):
        assert parts[verb]["subject"] == "Internal Security forces" and parts[verb]["objects"] == ["an ISIS cell"]


@needs_parser
def test_spans_are_offsets_into_the_text_given():
    text = "   Damascus said the strikes violated its sovereignty."  # a blanked dateline keeps its width
    found = PARSER.clauses(text, _spans(text, "Damascus"))
    said = next(c for c in found if text[c.verb[0]:c.verb[1]] == "said")
    assert said.subject.span == (3, 11) and said.subject.heads == ((3, 11),)


@needs_parser
def test_the_same_text_parses_the_same_way_every_time():
    texts = ["Syrian security forces, backed by US forces, raided an ISIS hideout near Palmyra and seized weapons.",
             "Lambert told Abu Qasra that the United States would keep supporting operations against ISIS.",
             "A convoy of the Syrian army was ambushed near Palmyra on Monday by Islamic State fighters."]
    first = [PARSER.clauses(t) for t in texts]
    again = [PARSER.clauses(t) for t in reversed(texts)][::-1]
    assert first == again and all(first)


@needs_parser
def test_a_sentence_over_the_length_cap_is_not_parsed():
    long = "Syrian forces raided a farm near Palmyra and " + "seized weapons and " * 30 + "left."
    assert PARSER.clauses(long) is None
    assert PARSER.clauses("   ") is None


def _without_linkgrammar(monkeypatch) -> None:
    real_import = builtins.__import__

    def no_linkgrammar(name, *args, **kwargs):
        if name == "linkgrammar" or name.startswith("linkgrammar."):
            raise ImportError("No module named 'linkgrammar'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_linkgrammar)
    monkeypatch.delenv("BRIEFING_CLAUSE_PARSER", raising=False)


def test_without_the_parser_package_load_parser_says_why_and_how_to_install(monkeypatch):
    _without_linkgrammar(monkeypatch)
    parser, why = load_parser()
    assert parser is None
    assert "not installed" in why and "apt-get install python3-link-grammar link-grammar-dictionaries-en" in why


def test_the_parser_can_be_switched_off():
    parser, why = load_parser({"BRIEFING_CLAUSE_PARSER": "off"})
    assert parser is None and "switched off" in why


def test_briefing_extract_without_the_parser_notes_it_once_and_drafts_by_the_word_rules(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    drafts = project / "sources" / "drafts"

    def run(*args):
        return CliRunner().invoke(main, [*args, "--config", str(project / "mkdocs.yml")], catch_exceptions=False)

    assert run("add-document", str(FIXTURES / "desert-cells-report.txt")).exit_code == 0
    with monkeypatch.context() as patch:
        _without_linkgrammar(patch)
        result = run("extract", "desert-cells-report")
    assert result.exit_code == 0, result.output
    assert result.output.count("roles (who did what to whom) are read without the clause parser") == 1
    assert "not installed" in result.output and "apt-get install python3-link-grammar" in result.output
    without = {p.name: p.read_text(encoding="utf-8") for p in drafts.rglob("*.yaml")}
    monkeypatch.setenv("BRIEFING_CLAUSE_PARSER", "off")  # the word rules alone, as before the parser
    result = run("extract", "desert-cells-report", "--force")
    assert "switched off" in result.output
    assert without and without == {p.name: p.read_text(encoding="utf-8") for p in drafts.rglob("*.yaml")}


def test_a_clause_is_plain_data():
    clause = Clause((0, 4), None, (), None, False)
    assert clause.how == "" and not clause.perfect
