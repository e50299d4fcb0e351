"""`smcontract run` end to end: the report a CI reads, usage errors, Ctrl-C, no leaked secrets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import load_contracts
from smcontract.reports import report_schema

OPS = ["-o", "DescribeCompilationJob", "-o", "CreateCompilationJob", "-o", "CreateOptimizationJob"]


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 600):
    return subprocess.run(
        [sys.executable, "-m", "smcontract.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture(scope="module")
def moto_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict, Path]:
    out = tmp_path_factory.mktemp("run")
    result = _run("run", *OPS, "--report-dir", str(out))
    report = json.loads((out / "report.json").read_text())
    return result.returncode, report, out


def test_moto_run_writes_every_format_and_finds_what_moto_misses(moto_report) -> None:
    code, report, out = moto_report
    assert code == 1  # moto enforces almost nothing: findings
    for name in ("report.json", "junit.xml", "report.html", "report.md"):
        assert (out / name).stat().st_size > 0
    jsonschema.validate(report, report_schema())
    verdicts = {r["constraint_id"]: r for r in report["results"]}
    pack = load_contracts()
    expected = {
        c.id
        for op in ("DescribeCompilationJob", "CreateCompilationJob", "CreateOptimizationJob")
        for c in pack.operation(op).constraints
    }
    assert set(verdicts) == expected  # one result per constraint, none dropped
    # moto does not check names ...
    assert verdicts["CreateCompilationJob.CompilationJobName.pattern"]["verdict"] == "NOT ENFORCED"
    # ... but does reject both InputConfig and ModelPackageVersionArn.
    both = verdicts["CreateCompilationJob.(InputConfig|ModelPackageVersionArn).exactly-one"]
    assert both["verdict"] == "ENFORCED"
    # CreateOptimizationJob is not implemented by moto 5.x.
    assert verdicts["CreateOptimizationJob.OptimizationJobName.pattern"]["verdict"] == (
        "NOT IMPLEMENTED"
    )
    # Superseded and untestable rules are reported, not dropped.
    old = verdicts["CreateCompilationJob.OutputConfig.TargetDevice.enum.seed-2020"]
    assert old["verdict"] == "UNTESTED"
    # Evidence carries the request that shows the finding.
    finding = verdicts["CreateCompilationJob.CompilationJobName.pattern"]
    assert finding["evidence"]["request"]["CompilationJobName"]


def test_unknown_operation_exits_2_naming_the_known_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "-o", "CreateModle", "--report-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "Did you mean CreateModel" in result.output


def test_unreachable_url_exits_2_before_any_case(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["run", "-t", "http://127.0.0.1:9", "--report-dir", str(tmp_path / "r")]
    )
    assert result.exit_code == 2
    assert "127.0.0.1:9" in result.output
    assert not (tmp_path / "r" / "report.json").exists()


def test_unwritable_report_dir_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["run", "--report-dir", str(blocker / "sub")])
    assert result.exit_code == 2
    assert str(blocker) in result.output


def test_bad_report_format_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["run", "--report", "json,pdf", "--report-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_ctrl_c_writes_valid_partial_reports_and_exits_130(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smcontract.cli",
            "run",
            "--report",
            "json,junit,md,ndjson",
            "--report-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    events = tmp_path / "events.ndjson"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if events.exists() and events.read_text().count('"case-finished"') >= 20:
            break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the run produced no cases")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err.decode()[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    jsonschema.validate(report, report_schema())
    assert report["header"]["interrupted"] is True
    assert (tmp_path / "junit.xml").read_text().startswith("<?xml")
    assert not list(tmp_path.glob("*.tmp*"))


def test_credentials_never_reach_any_output(tmp_path: Path) -> None:
    secret = "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
    token = "TOKENFwoGZXIvYXdzEBYaDHhsbGxsbGxsbGxsEXAMPLETOKEN"
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="AKIAPLANTEDKEYID0000",
        AWS_SECRET_ACCESS_KEY=secret,
        AWS_SESSION_TOKEN=token,
    )
    result = _run(
        "run",
        "-t",
        "moto-server",
        "-o",
        "DescribeModel",
        "-o",
        "CreateModel",
        "--report",
        "json,junit,html,md,ndjson",
        "--report-dir",
        str(tmp_path),
        env=env,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    outputs = [result.stdout, result.stderr] + [p.read_text() for p in tmp_path.iterdir()]
    assert len(outputs) >= 7
    for text in outputs:
        assert secret not in text
        assert token not in text
