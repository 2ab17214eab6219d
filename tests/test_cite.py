"""'Cite this event': permanent URL, plain-text citation and BibTeX on every event page, with the
event's text escaped for HTML and for BibTeX whatever it contains; and the same care for the data
the map and the timeline filters embed in pages."""

from __future__ import annotations

import html
import re

import markdown
import yaml

from builder.pages.explore import bibtex_escape, cite
from builder.pages.plan import render_pages
from builder.pipeline import build_briefing
from builder.settings import read_settings, site_url_warning

HOSTILE = 'Raid on "Camp {X}" & <script>alert(1)</script> 100% _done_ #1 \\ ~^$ </code></pre>'
EXTENSIONS = ["abbr", "attr_list", "def_list", "tables", "toc", "admonition", "md_in_html", "pymdownx.details"]


def _event_page_html(project, title: str) -> tuple[str, str]:
    path = project.sources / "events" / "2025-12-03-idlib-arrests.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = title
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = read_settings(project.config)
    built = build_briefing(settings.sources, settings.title, settings.project)
    text = render_pages(built.briefing, settings)["events/2025-12-03-idlib-arrests.md"]
    return text, markdown.markdown(text, extensions=EXTENSIONS)


def _publish_at(project, site_url: str) -> None:
    text = project.config.read_text(encoding="utf-8")
    project.config.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {site_url}", text), encoding="utf-8")


def test_every_event_page_has_a_cite_box_with_permanent_url_and_bibtex(project):
    _publish_at(project, "https://briefing.news.invalid-host.net/syria/")
    settings = read_settings(project.config)
    _, page = _event_page_html(project, "Syrian security forces arrest two ISIS suspects in Idlib")
    url = settings.site_url + "events/2025-12-03-idlib-arrests/"
    assert '<h2 id="cite-this-event">Cite this event' in page
    assert f'<a href="{url}">{url}</a>' in page
    bib = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1))
    assert bib.startswith("@misc{briefing-2025-12-03-idlib-arrests,\n")
    assert "  title = {Syrian security forces arrest two ISIS suspects in Idlib},\n" in bib
    assert f"  organization = {{{settings.title}}},\n" in bib
    assert "  year = 2025,\n" in bib
    assert f"  url = {{{url}}},\n" in bib
    assert "  note = {Event date: 3 December 2025. Accessed [date]}\n" in bib
    assert "(accessed [date])" in page


def test_a_placeholder_site_url_gives_no_example_link_and_a_warning(project):
    _publish_at(project, "https://example.org/briefing/")
    settings = read_settings(project.config)
    text, page = _event_page_html(project, "Syrian security forces arrest two ISIS suspects in Idlib")
    assert "example.org" not in page
    assert "Permanent link" not in page
    assert "[address of this page]" in page
    assert "site_url" in site_url_warning(settings) and "placeholder" in site_url_warning(settings)
    _publish_at(project, "https://briefing.news.invalid-host.net/")
    assert site_url_warning(read_settings(project.config)) is None


def test_hostile_titles_are_escaped_for_html_and_bibtex(project):
    _, page = _event_page_html(project, HOSTILE)
    assert "<script>" not in page and "alert(1)</script>" not in page
    # The box is still one box: the title could not close the <pre>/<code> early.
    assert page.count("<pre><code>") == page.count("</code></pre>") == 1
    bib = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1))
    assert ("title = {Raid on \"Camp \\{X\\}\" \\& <script>alert(1)</script> 100\\% \\_done\\_ \\#1 "
            "\\textbackslash{} \\textasciitilde{}\\textasciicircum{}\\$ </code></pre>}") in bib
    citation = re.search(r"<dt>Citation</dt>\s*<dd>(.*?)</dd>", page, re.S).group(1)
    assert html.unescape(citation).startswith(f"{read_settings(project.config).title}. “{HOSTILE}”")


def test_bibtex_escape_leaves_no_special_character_unescaped():
    escaped = bibtex_escape("a{b}c\\d$e&f#g%h_i^j~k\nl")
    assert escaped == r"a\{b\}c\textbackslash{}d\$e\&f\#g\%h\_i\textasciicircum{}j\textasciitilde{}k l"
    # Braces balance, so no field can end early.
    depth = 0
    for i, char in enumerate(escaped):
        if char in "{}" and (i == 0 or escaped[i - 1] != "\\"):
            depth += 1 if char == "{" else -1
            assert depth >= 0
    assert depth == 0


def test_citation_without_site_url_falls_back_to_the_site_relative_path():
    class Event:
        id = "x"
        title = "T"

        class when:  # noqa: N801 - mimics FuzzyDate
            @staticmethod
            def display():
                return "2025"

            class start:  # noqa: N801
                year = 2025

    result = cite(Event, "Briefing", "", True)
    assert result["url"] == "events/x/"
    assert "year = 2025" in result["bibtex"]


def test_names_embedded_for_the_filters_and_maps_cannot_break_out(project):
    """Actor and place names end up in an inline JSON blob and in HTML attributes."""
    hostile = '</script><script>alert(1)</script> "quoted" & <b>'
    actors = project.sources / "actors.yaml"
    data = yaml.safe_load(actors.read_text(encoding="utf-8"))
    next(a for a in data if a["id"] == "centcom")["name"] = hostile  # an actor in an event
    actors.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    places = project.sources / "places.yaml"
    data = yaml.safe_load(places.read_text(encoding="utf-8"))
    located = next(p for p in data if p.get("lat") is not None)
    located["name"] = hostile + " (place)"
    places.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = read_settings(project.config)
    built = build_briefing(settings.sources, settings.title, settings.project)
    pages = render_pages(built.briefing, settings)
    timeline = next(text for path, text in pages.items() if re.fullmatch(r"timeline/\d{4}\.md", path)
                    and "bf-filter-names" in text)
    blob = re.search(r'<script type="application/json" class="bf-filter-names">(.*?)</script>', timeline).group(1)
    assert "<" not in blob and ">" not in blob and "&" not in blob
    import json
    assert hostile in json.loads(blob)["actor"].values()
    place_page = markdown.markdown(pages[f"places/{located['id']}.md"], extensions=EXTENSIONS)
    assert "<script>alert(1)" not in place_page
    assert ('data-name="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;b&gt; (place)"'
            in place_page)
