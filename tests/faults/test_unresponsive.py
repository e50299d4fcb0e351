"""A target that stops answering: after 3 timeouts in a row it is sent nothing more, its
remaining constraints are UNTESTED ("target unresponsive since case N"), the run says so once
(one HARNESS ERROR case and a note) and exits 1."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from quietserver import SilentServer

from smcontract.contracts import ContractPack
from smcontract.reports import ReportBuilder, load_report
from smcontract.suites import HARNESS_ERROR, ListSink, run
from smcontract.suites._watchdog import UNRESPONSIVE_AFTER
from smcontract.suites.targets import Outcome

OPERATIONS = ["DescribeModel", "CreateModel"]


class GoesSilent:
    """Answers ValidationException to its first ``answers`` requests, then only times out."""

    name = "silent-later"

    def __init__(self, answers: int) -> None:
        self.answers = answers
        self.sent = 0

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        self.sent += 1
        if self.sent <= self.answers:
            body = {"__type": "ValidationException", "message": "no"}
            return Outcome(400, "ValidationException", "no", body, "server", None)
        return Outcome(None, None, None, None, "transport", "timeout", "no answer within 1 s")

    def reset(self) -> None:
        return None

    def close(self) -> None:
        return None

    def identity(self) -> dict[str, Any]:
        return {"kind": "test"}


def test_silence_after_answers_ends_the_target(pack: ContractPack) -> None:
    target = GoesSilent(answers=40)
    sink = ListSink()
    builder = ReportBuilder(pack)
    result = run(pack, [target], operations=OPERATIONS, sinks=[sink, builder])
    assert target.sent == 40 + UNRESPONSIVE_AFTER  # nothing sent after the third timeout
    assert result.unresponsive == {"silent-later": 41}
    harness = [e for e in sink.events if getattr(e, "classification", None) == HARNESS_ERROR]
    assert len(harness) == 1
    assert "target unresponsive since case 41" in harness[0].outcome["detail"]
    reasons = {r.reason for r in result.results if r.verdict == "UNTESTED"}
    assert "target unresponsive since case 41" in reasons
    assert any("unresponsive since case 41" in note for note in result.notes)
    assert result.exit_code == 1
    assert not result.interrupted
    report = builder.report()
    assert report.header.exit_code == 1
    assert sum(s.harness_errors for s in report.summaries) == 1


def test_answers_between_timeouts_keep_the_target(pack: ContractPack) -> None:
    class Flaky(GoesSilent):
        """Times out twice, answers once, and so on: never 3 timeouts in a row."""

        def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
            self.answers = self.sent + 1 if (self.sent + 1) % UNRESPONSIVE_AFTER == 0 else 0
            return super().invoke(operation, params)

    target = Flaky(answers=0)
    result = run(pack, [target], operations=["DescribeModel"], lifecycle=False)
    assert result.unresponsive == {}
    assert target.sent > 3 * UNRESPONSIVE_AFTER


@pytest.mark.server
def test_cli_against_a_server_that_never_answers(tmp_path: Path, pack: ContractPack) -> None:
    with SilentServer() as server:
        command = [sys.executable, "-m", "smcontract.cli", "run", "-t", server.url]
        command += ["-o", "CreateModel", "-o", "DescribeModel", "--timeout", "0.2"]
        command += ["--report-dir", str(tmp_path), "--report", "json,md"]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "target unresponsive since case 1" in proc.stderr
    data = load_report(tmp_path / "report.json")
    (name,) = data["summary"]["targets"]
    assert data["summary"]["targets"][name]["harness_errors"] == 1
    assert data["summary"]["targets"][name]["cases"] <= UNRESPONSIVE_AFTER + 2
    untested = [r for r in data["results"] if r["reason"] == "target unresponsive since case 1"]
    assert len(untested) > 200  # every constraint the run had not reached
    judged = [r for r in data["results"] if r["verdict"] != "UNTESTED"]
    assert len(judged) <= UNRESPONSIVE_AFTER  # the cases that timed out, and nothing else
    assert data["header"]["exit_code"] == 1
    assert "unresponsive since case 1" in (tmp_path / "report.md").read_text()
    assert json.dumps(data["header"]["notes"]).count("unresponsive") == 1
