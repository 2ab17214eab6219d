"""Any newsroom, any topic: nothing in the core assumes one country, one script or one region."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from builder.cli import main
from builder.model.countries import Countries
from builder.model.records import Place
from builder.pages.explore import focus_countries, map_region

# The authoring tests' small project (a fixture, copied per test) and their way of running a command.
from tests.test_authoring import project, run  # noqa: F401


@pytest.mark.parametrize(("name", "expected"), [
    ("თბილისი", "tbilisi"),  # Georgian
    ("Москва", "moskva"),  # Cyrillic
    ("دمشق", "dmshq"),  # Arabic
    ("Ørsted", "orsted"),
    ("Beira, Moçambique", "beira-mocambique"),
])
def test_a_new_records_id_is_a_readable_transliteration_of_its_name(project: Path, name: str, expected: str):
    assert run(project, "new", "place", "--name", name).exit_code == 0
    places = yaml.safe_load((project / "sources" / "places.yaml").read_text(encoding="utf-8"))
    assert places[-1]["id"] == expected


def test_an_events_id_is_its_date_and_its_transliterated_title(project: Path):
    result = run(project, "new", "event", "--name", "Протест в Тбилиси", "--date", "2026-03-09")
    assert result.exit_code == 0, result.output
    assert (project / "sources" / "events" / "2026-03-09-protest-v-tbilisi.yaml").is_file()


def test_a_place_has_no_country_unless_its_file_says_one():
    place = Place(id="berlin", name="Berlin", kind="city", lat=52.52, lon=13.405, precision="city")
    assert place.country is None


def test_countries_are_found_by_any_name_or_code():
    countries = Countries()
    assert countries.find("Georgia").alpha_2 == "GE"
    assert countries.find("GE").numeric == "268"
    assert countries.find("Türkiye").alpha_2 == countries.find("Turkey").alpha_2 == "TR"  # ISO's, Natural Earth's
    assert countries.find("Mozambique").label is not None  # where the map writes its name
    assert countries.find("Atlantis") is None and countries.find(None) is None


def _place(lat, lon, country=None):
    return SimpleNamespace(lat=lat, lon=lon, country=country)


def test_the_map_fits_the_briefings_places_wherever_they_are():
    tbilisi, batumi, kutaisi = _place(41.72, 44.79, "Georgia"), _place(41.64, 41.63, "Georgia"), \
        _place(42.27, 42.7, "Georgia")
    brussels = _place(50.85, 4.35, "Belgium")  # one statement made far away
    assert map_region([tbilisi, batumi, kutaisi, brussels]) == [[41.64, 41.63], [42.27, 44.79]]
    assert map_region([_place(-19.84, 34.84), _place(-25.97, 32.57)]) == [[-25.97, 32.57], [-19.84, 34.84]]
    assert map_region([_place(None, None)]) is None  # no place on the map: the map shows the world
    # Places spread around the world: none is an outlier, the view covers them all.
    spread = [_place(0, 0), _place(40, 100), _place(-30, -60)]
    assert map_region(spread) == [[-30, -60], [40, 100]]


def test_the_map_draws_stronger_the_countries_the_briefing_is_about():
    places = [_place(41.7, 44.8, "Georgia")] * 9 + [_place(50.85, 4.35, "Belgium")]
    assert focus_countries(places, Countries()) == ["268"]


def test_exports_give_a_places_country_as_written_or_nothing(project: Path, tmp_path: Path):
    places = project / "sources" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + (
        "\n- id: tbilisi\n  name: Tbilisi\n  aliases: [თბილისი]\n  kind: city\n  country: Georgia\n"
        "\n- id: somewhere\n  name: Somewhere\n  kind: town\n"), encoding="utf-8")
    result = run(project, "export", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    stix = json.loads((tmp_path / "out" / "briefing.stix.json").read_text(encoding="utf-8"))
    where = {o["name"]: o for o in stix["objects"] if o["type"] == "location"}
    assert where["Tbilisi"]["country"] == "GE"
    assert where["Somewhere"]["region"] == "unknown" and "country" not in where["Somewhere"]


def _with_settings(project: Path, **settings) -> None:
    """Give the test project's mkdocs.yml the briefing plugin with these options."""
    config = project / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"] = [{"briefing": settings}]
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_project_adds_its_own_event_types_roles_and_actor_kinds(project: Path, tmp_path: Path):
    event = project / "sources" / "events" / "2025-12-02-saraqib-attack.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("type: attack", "type: flooding"), encoding="utf-8")
    result = run(project, "validate")
    assert result.exit_code == 1
    assert "type: 'flooding' is not allowed" in result.output
    assert "add 'flooding' to event_types in the briefing plugin's settings" in result.output

    _with_settings(project, event_types=["flooding", "evacuation"], actor_kinds=["relief-agency"])
    result = run(project, "validate")
    assert result.exit_code == 0, result.output
    assert run(project, "schema").exit_code == 0
    schema = json.loads((project / "schema" / "event.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["type"]["enum"][-2:] == ["flooding", "evacuation"]
    assert run(project, "new", "event", "--id", "2025-12-05-x").exit_code == 0
    scaffold = (project / "sources" / "events" / "2025-12-05-x.yaml").read_text(encoding="utf-8")
    assert "| flooding | evacuation" in scaffold


def test_a_misspelt_vocabulary_setting_is_reported(project: Path):
    _with_settings(project, event_types=["Flash Flood"])
    result = run(project, "validate")
    assert result.exit_code == 1
    assert "option 'event_types'" in result.output and "'Flash Flood' is not a word" in result.output


def test_the_briefing_goes_under_a_path_of_an_existing_site(tmp_path: Path):
    site_root = tmp_path / "newsroom"
    (site_root / "docs").mkdir(parents=True)
    (site_root / "docs" / "index.md").write_text("# Our newsroom\n\n[The briefing](briefing/index.md)\n",
                                                encoding="utf-8")
    shutil.copytree(Path(__file__).parent / "bad_inputs" / "_base" / "sources", site_root / "sources")
    (site_root / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Our newsroom", "site_url": "https://news.example.org/",
        "theme": {"name": "material", "font": False},
        "plugins": [{"briefing": {"title": "Our briefing", "path": "briefing"}}],
        "nav": [{"Home": "index.md"}, {"Briefing": ["briefing/index.md", "briefing/map.md"]}],
    }), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(site_root / "mkdocs.yml"),
                                       "--site-dir", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # strict: every link resolves
    out = tmp_path / "out"
    assert "Our newsroom" in (out / "index.html").read_text(encoding="utf-8")  # the site's own home page
    assert (out / "briefing" / "timeline" / "index.html").is_file() and not (out / "timeline").exists()
    assert (out / "briefing" / "guide" / "index.html").is_file()
    map_page = out / "briefing" / "map" / "index.html"
    html = map_page.read_text(encoding="utf-8")
    for attribute in ("data-src", "data-outline"):
        target = (map_page.parent / re.search(fr'{attribute}="([^"]+)"', html).group(1)).resolve()
        assert target.is_file(), (attribute, target)
    script = re.search(r'<script src="([^"]*map\.js)"', html).group(1)
    assert (map_page.parent / script).resolve() == (out / "assets" / "javascripts" / "map.js").resolve()
    data = json.loads((out / "briefing" / "data" / "events.json").read_text(encoding="utf-8"))
    assert all(e["url"].startswith("https://news.example.org/briefing/events/") for e in data["events"])
