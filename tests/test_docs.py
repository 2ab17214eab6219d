"""What the README, the editors' guide and the CI files promise is true: the two commands exist and
behave, the guide names every word of the vocabulary, pins agree, and workflows are well formed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from builder.model import records as model

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "guide" / "editing.md"
SCREENSHOT = ROOT / "docs" / "assets" / "images" / "screenshot.png"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _shell_lines(markdown: str) -> list[str]:
    """Command lines of the fenced bash/shell blocks, comments stripped."""
    lines = []
    for block in re.findall(r"```(?:bash|sh|shell|console)\n(.*?)```", markdown, re.DOTALL):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip().removeprefix("$ ")
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


# --------------------------------------------------------------------------- the two commands


def test_readme_gives_the_two_commands_each_on_one_line():
    lines = _shell_lines(_readme())
    assert "make site" in lines, "README: the command that sets up and builds the site"
    assert "make test" in lines, "README: the command that sets up and runs the tests"


@pytest.mark.parametrize("target", ["site", "test", "serve", "validate", "lint"])
def test_makefile_has_the_targets_the_docs_name(target):
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run([make, "-n", target, "SETUP=true"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_setup_script_is_executable_bash():
    script = ROOT / "scripts" / "setup.sh"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    assert "set -euo pipefail" in script.read_text(encoding="utf-8")


def test_make_test_fails_when_pytest_collects_nothing():
    """pytest exits 5 when no test ran; `make test` (and so CI) must fail then, not pass."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        [make, "--no-print-directory", "test", "SETUP=true",
         "PYTEST_ARGS=-p no:xdist -p no:cacheprovider tests/test_docs.py -k no_test_has_this_name"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode != 0
    assert "collected no tests" in result.stderr


def test_ci_runs_the_readme_test_command():
    run = ROOT / ".ci" / "run"
    text = run.read_text(encoding="utf-8")
    assert os.access(run, os.X_OK)
    assert text.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in text
    assert re.search(r"^make test\b", text, re.MULTILINE)
    assert subprocess.run(["bash", "-n", str(run)], check=False).returncode == 0


# --------------------------------------------------------------------------- README


def test_readme_links_and_images_resolve():
    targets = re.findall(r"\]\(([^)\s]+)\)", _readme())
    local = [t.split("#", 1)[0] for t in targets if not re.match(r"^[a-z]+:", t) and not t.startswith("#")]
    assert local, "the README links to nothing in the repository"
    missing = [t for t in local if t and not (ROOT / t).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_readme_screenshot_is_small_enough():
    assert SCREENSHOT.is_file()
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size < 300_000


def test_readme_cli_overview_names_every_command():
    from click.testing import CliRunner

    from builder.cli import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = re.findall(r"^  ([a-z][a-z-]+)\s", result.output.split("Commands:", 1)[1], re.MULTILINE)
    assert commands
    missing = [c for c in commands if f"briefing {c}" not in _readme()]
    assert not missing, f"README's CLI overview lacks: {missing}"


# --------------------------------------------------------------------------- editors' guide


@pytest.mark.parametrize(("name", "words"), [
    ("event type", model.EVENT_TYPES), ("role", model.ROLES), ("actor kind", model.ACTOR_KINDS),
])
def test_editors_guide_names_every_word_of_the_vocabulary(name, words):
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [w for w in words if f"`{w}`" not in guide]
    assert not missing, f"docs/guide/editing.md does not explain the {name}(s) {missing} (builder/model/records.py)"


def test_editors_guide_links_the_reference_pages():
    guide = GUIDE.read_text(encoding="utf-8")
    for page in ("data-format.md", "validation.md"):
        assert f"]({page}" in guide
        assert (GUIDE.parent / page).is_file(), f"docs/guide/{page} is linked from the guide but missing"


def test_editors_guide_is_apart_from_the_readers_navigation_and_search():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # BaseLoader is safe: strings only
    nav = yaml.safe_dump(config["nav"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("guide/editing.md", "guide/data-format.md", "guide/validation.md", "guide/start.md",
                 "guide/engine.md", "architecture.md"):
        assert page not in nav
        assert f"/{page}" in config["not_in_nav"]
        assert f"(docs/{page})" in readme  # editors find it from the README
        assert (ROOT / "docs" / page).read_text(encoding="utf-8").startswith("---\nsearch:\n  exclude: true\n") \
            or "search:\n  exclude: true\n---" in (ROOT / "docs" / page).read_text(encoding="utf-8"), page


# --------------------------------------------------------------------------- pins and CI files


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.split("[", 1)[0]).lower()


def _requirements() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not pinned with =="
            pins[_norm(name)] = version
    return pins


def test_requirements_pins_satisfy_pyproject_ranges():
    """The package's metadata gives ranges (it installs next to other packages); requirements.txt,
    what CI installs, pins one version of each, inside its range."""
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    declared = [*project["dependencies"], *extras.get("test", []), *extras.get("lint", [])]
    pins = _requirements()
    wrong = {}
    for spec in map(Requirement, declared):
        assert spec.specifier and all(s.operator in (">=", "<") for s in spec.specifier), \
            f"pyproject.toml: give {spec.name} a range (>=, <), not {spec.specifier or 'nothing'}"
        pinned = pins.get(_norm(spec.name))
        if pinned is None or not spec.specifier.contains(pinned, prereleases=True):
            wrong[spec.name] = (str(spec.specifier), pinned)
    assert not wrong, f"pyproject.toml range vs requirements.txt pin (range, pin): {wrong}"
    assert project["name"] not in pins and "briefing" not in pins, "requirements.txt must not pin the project itself"


def test_every_package_in_the_venv_is_pinned():
    """A package installed by hand into .venv (and used by a test) would pass here and fail on a
    fresh clone: pin it in requirements.txt (and pyproject.toml) instead."""
    from importlib.metadata import distributions

    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("not running in the project's .venv")
    pins = _requirements()
    ignored = {"pip", "setuptools", "wheel", "briefing", "briefing-site"}
    installed = {_norm(d.metadata["Name"]): d.version for d in distributions()}
    differ = sorted(f"{name}=={version} (requirements.txt: {pins.get(name, 'absent')})"
                    for name, version in installed.items() if name not in ignored and pins.get(name) != version)
    assert not differ, f"the .venv differs from requirements.txt: {differ}"


def test_pre_commit_hooks_use_the_pinned_tool_versions():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    pins = _requirements()
    tools = {"check-jsonschema": "check-jsonschema", "yamllint": "yamllint", "ruff-pre-commit": "ruff"}
    seen = set()
    for repo in config["repos"]:
        name = repo["repo"].rstrip("/").rsplit("/", 1)[-1]
        if name in tools:
            assert repo["rev"].removeprefix("v") == pins[tools[name]], f"{name}: {repo['rev']}"
            seen.add(name)
    assert seen == set(tools)
    local = [hook["entry"] for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert any("briefing validate" in entry for entry in local)


def _workflow(name: str) -> dict:
    # BaseLoader keeps `on:` a string key (YAML 1.1 would make it True).
    return yaml.load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # safe: strings only


def test_workflows_match_the_github_schema():
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or \
        shutil.which("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema is not installed")
    files = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows", *files],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_workflow_validates_tests_and_builds_strictly():
    ci = _workflow("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    steps = [step for job in ci["jobs"].values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "briefing validate" in runs
    assert "make test" in runs
    assert "mkdocs build --strict" in runs
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"


def test_pages_workflow_deploys_main_with_least_privilege():
    pages = _workflow("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {}  # nothing by default: each job asks for its own
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["concurrency"]["group"]
    uses = [step.get("uses", "") for job in pages["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert all(re.search(r"@[0-9a-f]{40}$", u) for u in uses if u), f"actions not pinned by commit: {uses}"
