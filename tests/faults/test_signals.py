"""SIGINT and SIGTERM at start-up, mid-run and during wrap-up: exit 130 or 143, and whole
reports marked interrupted whose ``header.exit_code`` is the process's exit code.

The CLI runs as a subprocess against :class:`GatedServer`, which holds one request until the
test releases it, so each signal lands at a known moment without sleeping.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from quietserver import GatedServer

from smcontract._signals import SignalGuard, write_final
from smcontract.contracts import ContractPack
from smcontract.reports import Report, ReportBuilder, load_report, write_reports
from smcontract.suites import CallableTarget, run

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/PID/status (Linux)"),
]

OPERATION = "DescribeModel"


def _start(url: str, report_dir: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "smcontract.cli", "run", "-t", url, "-o", OPERATION]
    command += ["--timeout", "30", "--report-dir", str(report_dir), "--report", "json,md,ndjson"]
    return subprocess.Popen(
        [*command, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _handles_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (the SignalGuard is installed)."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:"))[7:], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


def _wait_for(predicate: Any, proc: subprocess.Popen[str]) -> None:
    import time

    deadline = time.monotonic() + 60
    while not predicate():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the CLI never got there"
        time.sleep(0.01)


def _read_until(stream: IO[str], text: str) -> list[str]:
    lines = []
    for line in stream:
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} never printed; stderr: {''.join(lines)}")


def _finished(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    assert "Aborted!" not in err, err
    return proc.returncode, err


def _sigterm_while_held(server: GatedServer, proc: subprocess.Popen[str]) -> int:
    """SIGTERM while the server holds a request, then let it go; the exit code."""
    assert server.held.wait(60)
    proc.send_signal(signal.SIGTERM)
    assert proc.stderr is not None
    _read_until(proc.stderr, "SIGTERM: stopping")
    server.release.set()
    code, _ = _finished(proc)
    return code


def _assert_whole(report_dir: Path, pack: ContractPack, exit_code: int) -> dict[str, Any]:
    data = load_report(report_dir / "report.json")
    header = data["header"]
    assert header["interrupted"] is True
    assert header["exit_code"] == exit_code
    ids = {c.id for c in pack.operation(OPERATION).constraints}
    assert {r["constraint_id"] for r in data["results"]} == ids  # nothing silently missing
    assert len(data["results"]) == len(ids)
    assert "Interrupted" in (report_dir / "report.md").read_text()
    lines = (report_dir / "events.ndjson").read_text().splitlines()
    events = [json.loads(line) for line in lines]  # no torn line
    assert events[-1]["event"] == "run-finished"
    assert events[-1]["interrupted"] is True
    return data


def test_sigint_during_startup_writes_untested_reports(tmp_path: Path, pack: ContractPack) -> None:
    # Start-up blocks on opening the waivers file (a FIFO) until the test writes it.
    waivers = tmp_path / "waivers.toml"
    os.mkfifo(waivers)
    with GatedServer(hold_at=0) as server:
        proc = _start(server.url, tmp_path / "r", "--waivers", str(waivers))
        _wait_for(lambda: _handles_sigterm(proc.pid), proc)
        proc.send_signal(signal.SIGINT)
        with waivers.open("w") as fifo:
            fifo.write(
                '[[waivers]]\nconstraint = "DescribeModel.*"\nreason = "r"\nexpires = 2999-01-01\n'
            )
        code, err = _finished(proc)
        assert server.posts == 0  # no case was sent
    assert code == 130
    assert "SIGINT: stopping" in err
    data = _assert_whole(tmp_path / "r", pack, 130)
    assert {r["verdict"] for r in data["results"]} == {"UNTESTED"}


def test_sigterm_mid_run_stops_after_the_case_in_flight(tmp_path: Path, pack: ContractPack) -> None:
    with GatedServer(hold_at=5) as server:
        code = _sigterm_while_held(server, _start(server.url, tmp_path / "r"))
        sent = server.posts
    assert code == 143
    data = _assert_whole(tmp_path / "r", pack, 143)
    assert sent == 5  # the held case ended, and nothing was sent after the signal
    assert "UNTESTED" in {r["verdict"] for r in data["results"]}


def _alive_with(mark: str) -> list[int]:
    """The processes whose environment holds ``mark`` (a run and the workers it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def test_sigterm_while_workers_plan_ends_them_and_the_run(
    tmp_path: Path, pack: ContractPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run planned as it is sent (SMCONTRACT_PLAN_WORKERS=2: a worker plans the second
    operation while the first is sent): SIGTERM mid-run, exit 143, whole reports for both
    operations, and no worker left behind."""
    mark = f"smcontract-signal-test-{os.getpid()}"
    monkeypatch.setenv("SMCONTRACT_PLAN_WORKERS", "2")
    monkeypatch.setenv("SMCONTRACT_TEST_MARK", mark)
    with GatedServer(hold_at=5) as server:
        code = _sigterm_while_held(server, _start(server.url, tmp_path / "r", "-o", "CreateModel"))
    assert code == 143
    data = load_report(tmp_path / "r" / "report.json")
    assert data["header"]["exit_code"] == 143
    ids = {c.id for op in (OPERATION, "CreateModel") for c in pack.operation(op).constraints}
    assert {r["constraint_id"] for r in data["results"]} == ids
    assert _alive_with(mark) == []


def test_second_signal_during_wrap_up_changes_nothing(tmp_path: Path, pack: ContractPack) -> None:
    with GatedServer(hold_at=3) as server:
        proc = _start(server.url, tmp_path / "r")
        assert server.held.wait(60)
        proc.send_signal(signal.SIGINT)
        assert proc.stderr is not None
        _read_until(proc.stderr, "SIGINT: stopping")
        proc.send_signal(signal.SIGTERM)  # while the run waits for the case in flight
        _read_until(proc.stderr, "SIGTERM: already stopping")
        server.release.set()
        code, _ = _finished(proc)
    assert code == 130  # the first signal decides
    _assert_whole(tmp_path / "r", pack, 130)


def test_signal_while_reports_are_written_rewrites_them(tmp_path: Path, pack: ContractPack) -> None:
    builder = ReportBuilder(pack)
    target = CallableTarget(lambda operation, params: {})
    with SignalGuard() as guard:
        run(pack, [target], operations=[OPERATION], sinks=[builder], interrupt=guard.interrupt)
        complete = builder.report()
        assert not complete.interrupted
        calls: list[Report] = []

        def write(report: Report) -> list[Path]:
            calls.append(report)
            if len(calls) == 1:
                os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of the write
            return write_reports(report, tmp_path, ("json",))

        final, _ = write_final(complete, write, guard.interrupt)
    assert len(calls) == 2
    assert final.header.exit_code == 143
    assert final.interrupted
    data = load_report(tmp_path / "report.json")
    assert data["header"]["exit_code"] == 143
    assert len(data["results"]) == len(complete.results)


def test_a_stream_cut_during_wrap_up_lists_every_constraint(pack: ContractPack) -> None:
    """A second KeyboardInterrupt while run() emits its verdicts (a library caller's Ctrl-C):
    the report built from what came still has every constraint, UNTESTED (interrupted)."""
    from smcontract.suites import ConstraintVerdict, ListSink, RunFinished

    sink = ListSink()
    run(pack, [CallableTarget(lambda operation, params: {})], operations=[OPERATION], sinks=[sink])
    verdicts = [i for i, e in enumerate(sink.events) if isinstance(e, ConstraintVerdict)]
    cut = sink.events[: verdicts[len(verdicts) // 2]]
    assert not any(isinstance(e, RunFinished) for e in cut)
    builder = ReportBuilder(pack)
    for event in cut:
        builder.handle(event)
    report = builder.report()
    assert report.interrupted
    ids = {c.id for c in pack.operation(OPERATION).constraints}
    assert {r.constraint_id for r in report.results} == ids
    assert len(report.results) == len(ids)
    assert sum(r.reason == "interrupted" for r in report.results) >= len(verdicts) // 2
