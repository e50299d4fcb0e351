"""One writer per report folder; a new run leaves no previous report beside its own."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.reports import FILE_NAMES, ReportFolderBusy, report_folder

HOLD = textwrap.dedent(
    """
    import sys
    from smcontract.reports import report_folder
    with report_folder(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.readline()
    """
)


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        result = CliRunner().invoke(
            main, ["run", "-o", "DescribeModel", "--report-dir", str(tmp_path)]
        )
        assert result.exit_code == 2
        assert "another smcontract command is writing reports to" in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "report.json").exists()  # nothing written by the refused run
        with pytest.raises(ReportFolderBusy), report_folder(tmp_path):
            pass
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    with report_folder(tmp_path) as folder:  # released when the holder ended
        assert folder == tmp_path


def _older_reports(folder: Path) -> None:
    for name in FILE_NAMES.values():
        (folder / name).write_text("from an older run")
    (folder / "notes.txt").write_text("not a report")


def test_a_run_that_starts_removes_the_previous_report_set(tmp_path: Path) -> None:
    _older_reports(tmp_path)
    result = CliRunner().invoke(
        main, ["run", "-o", "DescribeModel", "--report", "json", "--report-dir", str(tmp_path)]
    )
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "report.md").exists()  # not asked for this time: gone, not stale
    assert not (tmp_path / "events.ndjson").exists()
    assert (tmp_path / "report.json").read_text().startswith("{")
    assert (tmp_path / "notes.txt").read_text() == "not a report"


def test_a_run_that_cannot_start_leaves_the_previous_reports(tmp_path: Path) -> None:
    _older_reports(tmp_path)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = CliRunner().invoke(main, ["run", "-t", url, "--report-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot reach" in result.output
    assert all((tmp_path / n).read_text() == "from an older run" for n in FILE_NAMES.values())
