"""`briefing init`: a new project that validates, is safe to publish from GitHub, and never
overwrites anything. (Building it from an installed wheel: tests/test_wheel_install.py.)"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.cli import main


def init(folder: Path, *args: str):
    return CliRunner().invoke(main, ["init", str(folder), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "georgia-elections"
    result = init(folder, "--title", "Elections in Georgia, 2026", "--region", "Georgia", "--language", "ka")
    assert result.exit_code == 0, result.output
    return folder


def _tool(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def test_a_new_project_has_everything_and_its_example_validates(made: Path):
    for name in ("mkdocs.yml", "README.md", "requirements.txt", "docs/about.md", ".gitignore",
                 "sources/actors.yaml", "sources/places.yaml", ".vscode/settings.json",
                 ".pre-commit-config.yaml", ".github/workflows/check.yml", ".github/workflows/publish.yml",
                 "schema/event.schema.json"):
        assert (made / name).is_file(), name
    assert len(list((made / "sources" / "documents").glob("*.txt"))) == 1
    made_files = [p for p in made.rglob("*") if p.is_file() and ".cache" not in p.parts]
    assert not any("Syria" in p.read_text(encoding="utf-8") for p in made_files)
    assert len(list((made / "sources" / "events").glob("*.yaml"))) == 1
    result = CliRunner().invoke(main, ["validate", "--config", str(made / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "1 quotes verified" in result.output
    config = yaml.safe_load((made / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "ka"
    assert config["plugins"] == [{"briefing": {"title": "Elections in Georgia, 2026"}}]
    place = yaml.safe_load((made / "sources" / "places.yaml").read_text(encoding="utf-8"))[0]
    assert (place["id"], place["country"]) == ("georgia", "Georgia")
    assert 41 < place["lat"] < 43.6 and 40 < place["lon"] < 46.8  # inside Georgia: the map starts there


def test_editors_get_field_completion_from_the_projects_schemas(made: Path):
    settings = json.loads((made / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, globs in settings["yaml.schemas"].items():
        assert (made / schema).is_file(), schema
        assert globs and all(g.startswith("sources/") for g in globs)
    event = next((made / "sources" / "events").glob("*.yaml")).read_text(encoding="utf-8")
    assert event.startswith("# yaml-language-server: $schema=../../schema/event.schema.json\n")


def test_the_workflows_pin_actions_by_commit_with_least_privilege_and_full_history(made: Path):
    workflows = {p.name: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # safe: strings only
                 for p in (made / ".github" / "workflows").glob("*.yml")}
    assert set(workflows) == {"check.yml", "publish.yml"}
    assert "pull_request" in workflows["check.yml"]["on"]
    for name, workflow in workflows.items():
        text = (made / ".github" / "workflows" / name).read_text(encoding="utf-8")
        uses = re.findall(r"uses: (\S+)( # \S+)?", text)
        assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) and tag for u, tag in uses), uses
        assert workflow["permissions"] in ({}, "{}", {"contents": "read"}), name
        for job in workflow["jobs"].values():
            checkout = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
            for step in checkout:
                assert step["with"] == {"persist-credentials": "false", "fetch-depth": "0"}
    publish = workflows["publish.yml"]["jobs"]
    assert publish["build"]["permissions"] == {"contents": "read"}
    assert publish["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_workflows_pass_githubs_schema_and_zizmor(made: Path):
    files = sorted(str(p) for p in (made / ".github" / "workflows").glob("*.yml"))
    checker, zizmor = _tool("check-jsonschema"), _tool("zizmor")
    if checker is None or zizmor is None:
        pytest.skip("check-jsonschema or zizmor is not installed (pip install -e .[lint])")
    result = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows", *files],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([zizmor, "--offline", "--no-progress", "--persona=pedantic", "--format=json", *files],
                            capture_output=True, text=True, check=False)
    findings = json.loads(result.stdout or "[]")
    assert findings == [], [(f["ident"], f["determinations"]["severity"]) for f in findings]


def test_init_never_overwrites_and_says_what_is_in_the_way(tmp_path: Path):
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "README.md").write_text("ours\n", encoding="utf-8")
    result = init(folder, "--title", "Anything")
    assert result.exit_code == 1
    assert "README.md" in result.output and "never overwrites" in result.output
    assert [p.name for p in folder.iterdir()] == ["README.md"]  # nothing written
    assert (folder / "README.md").read_text(encoding="utf-8") == "ours\n"


def test_a_folder_with_only_a_git_checkout_is_fine(tmp_path: Path):
    folder = tmp_path / "cloned"
    (folder / ".git").mkdir(parents=True)
    assert init(folder, "--title", "Floods in Mozambique, 2026", "--region", "MZ").exit_code == 0
    assert "Mozambique" in (folder / "sources" / "places.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "Atlantis"], "--region 'Atlantis'"),
    (["--language", "klingon"], "--language 'klingon'"),
])
def test_a_mistyped_option_is_explained(tmp_path: Path, args, message):
    result = init(tmp_path / "new", "--title", "T", *args)
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "new").exists()


def test_help_speaks_to_an_editor():
    result = CliRunner().invoke(main, ["init", "--help"])
    assert result.exit_code == 0
    for words in ("new folder", "--title", "example document", "GitHub Pages", "never overwrites", "briefing serve"):
        assert words in " ".join(result.output.split())


HOSTILE_TITLE = "Q&A: \"quoted\" 'single' *bold* [link](javascript:x) ${{ github.token }} {{ 7*7 }} &lt;i&gt; !!python/object: #x"


def test_a_title_full_of_markup_and_yaml_stays_plain_text_everywhere(tmp_path: Path):
    import markdown

    folder = tmp_path / "hostile"
    assert init(folder, "--title", HOSTILE_TITLE).exit_code == 0
    plain = tmp_path / "plain"
    assert init(plain, "--title", "Plain").exit_code == 0

    config = yaml.load((folder / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert config["site_name"] == HOSTILE_TITLE
    assert '"' not in config["site_description"]  # Material writes it into an attribute unescaped
    for name in ("README.md", "docs/about.md"):
        line = (folder / name).read_text(encoding="utf-8").splitlines()[0 if name == "README.md" else 2]
        html = markdown.markdown(line)  # the line with the title, as the site (or GitHub) shows it
        assert html.startswith("<h1>" if name == "README.md" else "<p>"), html
        shown = re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&quot;", '"')
        assert shown.startswith(HOSTILE_TITLE), (name, html)
        assert not re.search(r"<(a|strong|em|i)\b", html), html
    for workflow in (".github/workflows/check.yml", ".github/workflows/publish.yml"):
        # the title never reaches a workflow, so no expression of it can run there
        assert (folder / workflow).read_text(encoding="utf-8") == (plain / workflow).read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["Briefing <script>alert(1)</script>", "Two\nlines", "bell \a", "  "])
def test_a_title_with_html_or_line_breaks_is_refused(tmp_path: Path, title: str):
    result = init(tmp_path / "new", "--title", title)
    assert result.exit_code == 1 and "--title" in result.output and "one line" in result.output
    assert "\n" not in result.output.strip()
    assert not (tmp_path / "new").exists()
