"""`smcontract replay`: the printed command works where the run started; the new verdict and
the exit code say whether the finding stands."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

CONSTRAINT = "CreateModel.ModelName.pattern"  # moto accepts any name: NOT ENFORCED


def _smcontract(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smcontract.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run started in its own folder, writing its reports to a sub-folder."""
    folder = tmp_path_factory.mktemp("project")
    done = _smcontract("run", "-o", "CreateModel", "--report-dir", "out/reports", cwd=folder)
    assert done.returncode == 1, done.stderr[-2000:]
    return folder


def _printed_replay(folder: Path) -> list[str]:
    report = json.loads((folder / "out/reports/report.json").read_text("utf-8"))
    result = next(r for r in report["results"] if r["constraint_id"] == CONSTRAINT)
    assert result["verdict"] == "NOT ENFORCED"
    command = result["reproduce"][0]
    assert command.startswith("smcontract replay ")
    markdown = (folder / "out/reports/report.md").read_text("utf-8")
    assert "smcontract replay out/reports/report.json" in markdown
    return shlex.split(command)


def test_the_printed_command_works_from_the_run_folder_and_the_finding_stands(
    run_folder: Path,
) -> None:
    argv = _printed_replay(run_folder)
    assert argv[2] == "out/reports/report.json"  # relative to where the run started
    done = _smcontract(*argv[1:], cwd=run_folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "new: 200" in done.stdout
    assert "-> NOT ENFORCED: accepted (HTTP 200)" in done.stdout
    assert "1 of 1 replayed finding(s) stand" in done.stdout


def test_replay_against_a_target_that_fixed_it_exits_0(run_folder: Path) -> None:
    argv = _printed_replay(run_folder)
    done = _smcontract(*argv[1:-2], "--target", "reference", cwd=run_folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "new: 400 ValidationException -> ENFORCED: verified" in done.stdout
    assert "none of the 1 replayed request(s) shows a finding now" in done.stdout


def test_a_lifecycle_rule_is_not_judged_from_one_request_and_still_stands(
    run_folder: Path,
) -> None:
    report = json.loads((run_folder / "out/reports/report.json").read_text("utf-8"))
    stateful = [
        r
        for r in report["results"]
        if r["kind"] in ("lifecycle", "error") and r["evidence"] and r["verdict"] != "ENFORCED"
    ]
    assert stateful, "moto (5.2.x) has stateful findings with evidence for CreateModel"
    cid = stateful[0]["constraint_id"]
    done = _smcontract("replay", "out/reports/report.json", cid, cwd=run_folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "not judged" in done.stdout
    assert "needs its scenario" in done.stdout
