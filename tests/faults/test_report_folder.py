"""One writer per report folder; a new run leaves no previous report beside its own."""

from __future__ import annotations

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


def test_a_new_run_removes_the_previous_report_set(tmp_path: Path) -> None:
    for name in FILE_NAMES.values():
        (tmp_path / name).write_text("from an older run")
    (tmp_path / "notes.txt").write_text("not a report")
    with report_folder(tmp_path):
        assert not any((tmp_path / name).exists() for name in FILE_NAMES.values())
    assert (tmp_path / "notes.txt").read_text() == "not a report"
