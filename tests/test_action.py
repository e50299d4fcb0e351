"""The GitHub Action (action.yml) and the example workflow (docs/examples/conformance.yml).

actionlint (with shellcheck for the ``run:`` scripts) checks the example workflow, with the
action resolved locally so the inputs it passes are checked against action.yml, and the
composite's steps as the job of a reusable workflow (same inputs), so their expressions and
scripts are checked too. Then the composite's shell steps run here as plain bash, the way the
runner runs them (``bash --noprofile --norc -eo pipefail FILE``), with the GITHUB_* files in
a temporary folder, against the reference and moto targets on one operation. The upload step
(``actions/upload-artifact``) is GitHub's and does not run here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from conftest import Needs

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / "docs" / "examples" / "conformance.yml"
PUBLISHED = "smcontract/smcontract@v0.1.0"
BIN = Path(sys.executable).parent
OP = "DescribeCompilationJob"


@pytest.fixture(scope="module")
def linters(needs: Needs) -> tuple[str, str]:
    """actionlint and shellcheck (the test extra); skipped locally, a failure under CI=true."""
    hint = "pip install -e '.[dev]'"
    return needs.tool("actionlint", hint=hint), needs.tool("shellcheck", hint=hint)


def _actionlint(
    project: Path, workflow: str, linters: tuple[str, str]
) -> subprocess.CompletedProcess[str]:
    actionlint, shellcheck = linters
    return subprocess.run(
        [actionlint, "-oneline", "-no-color", "-shellcheck", shellcheck, workflow],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _project(tmp_path: Path, workflow_text: str) -> Path:
    """A repository holding action.yml and one workflow that uses it as ``./``."""
    (tmp_path / ".git").mkdir()
    shutil.copy(ACTION, tmp_path / "action.yml")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "conformance.yml").write_text(workflow_text, encoding="utf-8")
    return tmp_path


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


# -- actionlint ------------------------------------------------------------------------------


def test_the_example_workflow_passes_actionlint_with_no_warning(
    tmp_path: Path, linters: tuple[str, str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(f"uses: {PUBLISHED}") == 2
    project = _project(tmp_path, text.replace(PUBLISHED, "./"))
    done = _actionlint(project, ".github/workflows/conformance.yml", linters)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_checks_the_inputs_against_action_yml(
    tmp_path: Path, linters: tuple[str, str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(PUBLISHED, "./")
    text = text.replace("shard: ${{ matrix.shard }}/4", "shards: ${{ matrix.shard }}/4")
    done = _actionlint(_project(tmp_path, text), ".github/workflows/conformance.yml", linters)
    assert done.returncode == 1
    assert 'input "shards" is not defined in action "smcontract conformance"' in done.stdout


def _as_reusable_workflow(action: Mapping[str, Any]) -> dict[str, Any]:
    inputs = {
        name: {"type": "string", "required": False, "default": spec.get("default", "")}
        for name, spec in action["inputs"].items()
    }
    return {
        "name": "the composite's steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }


def test_the_composite_steps_pass_actionlint_and_shellcheck(
    tmp_path: Path, linters: tuple[str, str]
) -> None:
    text = yaml.safe_dump(_as_reusable_workflow(_action()), sort_keys=False)
    project = _project(tmp_path, text)
    done = _actionlint(project, ".github/workflows/conformance.yml", linters)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    # The same check sees a script mistake (so a clean run means something).
    broken = text.replace("set -euo pipefail", 'set -euo pipefail\n      echo $RUNNER_TEMP "', 1)
    (project / ".github" / "workflows" / "conformance.yml").write_text(broken, encoding="utf-8")
    assert _actionlint(project, ".github/workflows/conformance.yml", linters).returncode == 1


def test_no_run_script_expands_an_expression() -> None:
    """Inputs reach the scripts only through env: (no ${{ }} inside run:, no injection)."""
    for step in _action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


# -- the composite's steps as plain shell ----------------------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*(inputs|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?\s*\}\}")


@dataclass
class Runner:
    """The GitHub runner's side of a composite action: its files, env and step outputs."""

    root: Path
    inputs: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)

    def file(self, name: str) -> Path:
        return self.root / name

    def _value(self, match: re.Match[str]) -> str:
        scope, name, output = match.groups()
        if scope == "inputs":
            return self.inputs.get(name, _action()["inputs"][name].get("default", ""))
        return self.outputs.get(name, {}).get(output, "")

    def expand(self, text: str) -> str:
        expanded = _EXPRESSION.sub(self._value, text)
        assert "${{" not in expanded, f"an expression this test cannot evaluate: {text}"
        return expanded

    def run(self, step: Mapping[str, Any]) -> subprocess.CompletedProcess[str]:
        """Run one ``run:`` step as the runner does, then read what it wrote to the files."""
        for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH"):
            self.file(name).touch()
        self.file("GITHUB_OUTPUT").write_text("", encoding="utf-8")
        script = self.root / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "RUNNER_TEMP": str(self.root / "runner-temp"),
            "GITHUB_ACTION_PATH": str(ROOT),
            **{name: str(self.file(name)) for name in ("GITHUB_ENV", "GITHUB_OUTPUT")},
            "GITHUB_STEP_SUMMARY": str(self.file("GITHUB_STEP_SUMMARY")),
            "GITHUB_PATH": str(self.file("GITHUB_PATH")),
            **self.env,
            **{k: self.expand(str(v)) for k, v in (step.get("env") or {}).items()},
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.env.update(_pairs(self.file("GITHUB_ENV")))
        if "id" in step:
            self.outputs[step["id"]] = _pairs(self.file("GITHUB_OUTPUT"))
        return done


def _pairs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _step(name_or_id: str) -> dict[str, Any]:
    for step in _action()["runs"]["steps"]:
        if name_or_id in (step.get("id"), step.get("name")):
            return step
    raise AssertionError(f"no step {name_or_id!r} in action.yml")


def _shell_steps() -> list[dict[str, Any]]:
    return [s for s in _action()["runs"]["steps"] if "run" in s]


def _run_action(tmp_path: Path, **inputs: str) -> tuple[Runner, int]:
    """Every shell step in order, as a job would (installing nothing: smcontract is on PATH)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "runner-temp").mkdir(exist_ok=True)
    runner = Runner(tmp_path, {"install": "false", **inputs})
    code = 0
    steps = _shell_steps()
    for step in steps:
        done = runner.run(step)
        assert done.returncode == 0 or step is steps[-1], done.stderr
        code = done.returncode
        runner.outputs.setdefault("last", {})["log"] = done.stdout + done.stderr
    return runner, code


def test_findings_fail_the_step_after_the_summary_and_badge(tmp_path: Path) -> None:
    runner, code = _run_action(tmp_path, target="moto", operations=OP)
    assert code == 1
    assert runner.outputs["run"]["exit-code"] == "1"
    assert runner.outputs["run"]["artifact-name"] == "smcontract-report"
    assert "::error title=smcontract::findings" in runner.outputs["last"]["log"]
    reports = tmp_path / "smcontract-report"
    summary = runner.file("GITHUB_STEP_SUMMARY").read_text(encoding="utf-8")
    assert summary == (reports / "report.md").read_text(encoding="utf-8")
    assert "NOT ENFORCED" in summary
    badge = json.loads((reports / "badge-moto.json").read_text(encoding="utf-8"))
    assert badge["schemaVersion"] == 1
    assert badge["color"] == "red"
    assert runner.env["SMCONTRACT"] == shutil.which("smcontract", path=str(BIN))


def test_fail_on_findings_false_keeps_the_step_green(tmp_path: Path) -> None:
    runner = Runner(tmp_path, {"fail-on-findings": "false"}, env={"SMCONTRACT_EXIT_CODE": "1"})
    runner.outputs["run"] = {"artifact-name": "smcontract-report-shard-1-of-4"}
    done = runner.run(_step("Pass or fail by smcontract's exit code"))
    assert done.returncode == 0
    assert "::warning title=smcontract::findings" in done.stdout
    assert "smcontract-report-shard-1-of-4" in done.stdout


@pytest.mark.parametrize("code", ["0", "2", "130", "3"])
def test_the_last_step_exits_with_smcontracts_code(tmp_path: Path, code: str) -> None:
    runner = Runner(tmp_path, {"fail-on-findings": "false"}, env={"SMCONTRACT_EXIT_CODE": code})
    assert runner.run(_step("Pass or fail by smcontract's exit code")).returncode == int(code)


def test_a_passing_target_and_level_pass_the_step(tmp_path: Path) -> None:
    runner, code = _run_action(tmp_path, target="reference", operations=OP, level="L4")
    assert code == 0
    assert runner.outputs["run"]["exit-code"] == "0"
    report = json.loads((tmp_path / "smcontract-report" / "report.json").read_text("utf-8"))
    assert report["header"]["settings"]["require_level"] == "L4"
    assert [t["name"] for t in report["header"]["targets"]] == ["reference"]
    assert report["header"]["operations"] == [OP]


def test_a_usage_error_fails_with_2_and_says_so_in_the_summary(tmp_path: Path) -> None:
    runner, code = _run_action(tmp_path, target="moto", operations="NoSuchOperation")
    assert code == 2
    summary = runner.file("GITHUB_STEP_SUMMARY").read_text(encoding="utf-8")
    assert "No report was written (exit code 2)" in summary


def test_shards_then_merge(tmp_path: Path) -> None:
    ops = f"{OP}, ListModels"
    for index in (1, 2):
        runner, code = _run_action(
            tmp_path / f"job{index}", target="reference", operations=ops, shard=f"{index}/2"
        )
        assert code == 0
        assert runner.outputs["run"]["artifact-name"] == f"smcontract-report-shard-{index}-of-2"
        # what actions/download-artifact would lay out in the merge job
        shutil.copytree(
            tmp_path / f"job{index}" / "smcontract-report",
            tmp_path / "merge" / "shards" / f"s{index}",
        )
    runner, code = _run_action(tmp_path / "merge", merge="shards/*/report.json")
    assert code == 0
    merged = json.loads(
        (tmp_path / "merge" / "smcontract-report" / "report.json").read_text("utf-8")
    )
    assert merged["header"].get("shard") is None
    assert sorted(merged["header"]["operations"]) == ["DescribeCompilationJob", "ListModels"]
    assert merged["certification"]["targets"]["reference"]["level"] == "L4"
    assert (tmp_path / "merge" / "smcontract-report" / "badge-reference.json").is_file()


@pytest.mark.slow
def test_the_install_step_installs_the_tested_set(tmp_path: Path) -> None:
    """The real install: a venv in RUNNER_TEMP, pip install -c constraints.txt of the action."""
    (tmp_path / "runner-temp").mkdir()
    runner = Runner(tmp_path, {"python": sys.executable})
    done = runner.run(_step("install"))
    assert done.returncode == 0, done.stderr
    installed = Path(runner.env["SMCONTRACT"])
    assert installed.is_relative_to(tmp_path / "runner-temp" / "smcontract-venv")
    version = subprocess.run([str(installed), "--version"], capture_output=True, text=True)
    assert "smcontract" in version.stdout
