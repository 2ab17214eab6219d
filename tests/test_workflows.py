"""The GitHub workflows as an attacker would read them (issue 21): zizmor's audit, offline, finds
nothing of medium or high severity; every action is pinned by commit with its release named;
tokens are scoped per job and never left on disk; Dependabot keeps actions and pip current."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def _workflow(name: str) -> dict:
    # BaseLoader keeps `on:` a string key (YAML 1.1 would make it True).
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # safe: strings only


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_zizmor_finds_nothing_of_medium_or_high_severity():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is not installed: scripts/setup.sh installs requirements.txt"
    # The strictest persona, no configuration and no ignore comments: nothing can be waved through.
    result = subprocess.run([zizmor, "--offline", "--persona=auditor", "--no-config", "--no-ignores",
                             "--format=json", str(WORKFLOWS)], capture_output=True, text=True, check=False,
                            cwd=ROOT)
    findings = json.loads(result.stdout)
    serious = [f"{f['ident']} ({f['determinations']['severity']}): "
               f"{f['locations'][0]['concrete']['feature']}" for f in findings
               if f["determinations"]["severity"] in ("Medium", "High")]
    assert not serious, serious


def test_every_action_is_pinned_by_commit_with_its_release_named():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$", line), (path.name, line)


def test_tokens_are_scoped_per_job_and_never_left_on_disk():
    for name in ("ci.yml", "pages.yml"):
        workflow = _workflow(name)
        assert workflow["permissions"] == {}, name
        for job_name, job in workflow["jobs"].items():
            granted = job.get("permissions", {})
            if job_name != "deploy":
                assert set(granted) <= {"contents"} and set(granted.values()) <= {"read"}, (name, job_name)
        for step in _steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false", name
    deploy = _workflow("pages.yml")["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_checkouts_fetch_the_history_the_site_shows():
    """'What changed' and event dates come from git: a shallow clone would say history is unavailable."""
    for name in ("ci.yml", "pages.yml"):
        checkouts = [s for s in _steps(_workflow(name)) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts and all(s["with"]["fetch-depth"] == "0" for s in checkouts), name


def test_dependabot_updates_actions_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"github-actions", "pip"}
    assert all(update["directory"] == "/" and update["schedule"]["interval"] for update in ecosystems.values())
