"""Figures summarised across sources on event pages ("22–25+ people (2 sources)")."""

from __future__ import annotations

from builder.briefing.figures import summarise
from builder.model.records import Figure


def _figure(document: str, **fields) -> Figure:
    return Figure(measure="killed", unit="people", document=document, quote="a quote", **fields)


def test_range_of_two_sources_with_an_open_bound():
    [summary] = summarise([_figure("a", value=22), _figure("b", min=25, qualifier="at-least")])
    assert (summary.text, summary.sources) == ("22–25+ people", 2)


def test_same_number_from_several_sources_counts_documents_once():
    figures = [_figure(doc, value=15, qualifier="over") for doc in ("a", "b", "b")]
    figures.append(_figure("c", value=15, qualifier="unqualified"))
    [summary] = summarise(figures)
    assert (summary.amount, summary.sources) == ("15+", 3)


def test_approximate_and_upper_limits_keep_their_words():
    assert summarise([_figure("a", value=3000, qualifier="about")])[0].amount == "about 3,000"
    assert summarise([_figure("a", max=10, qualifier="up-to")])[0].amount == "up to 10"
    assert summarise([_figure("a", value=12, qualifier="dozens")])[0].amount == "dozens"


def test_event_page_shows_the_summary_above_the_rows(project):
    import shutil

    from tests.conftest import REPO, make_project

    seed = make_project(project.root.parent / "seed", REPO / "sources")
    out = project.root.parent / "pages"
    result = seed.briefing("render", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "events" / "2025-06-22-mar-elias-church-bombing.md").read_text(encoding="utf-8")
    summary, rows = page.index("22–25\\+ people (2 sources)"), page.index("<strong>22 people</strong>")
    assert summary < rows
    shutil.rmtree(out)
