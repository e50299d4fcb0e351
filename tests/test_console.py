"""The terminal: a verdict table readable at 120 columns, a progress bar naming the operation
that runs, and fuzz mode's local folders."""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from smcontract._console import Progress, fuzz_storage, summary_table
from smcontract.contracts import load_contracts
from smcontract.suites import VERDICTS, CaseFinished


def _report() -> SimpleNamespace:
    pack = load_contracts()
    results = [
        SimpleNamespace(target="moto-server", operation=c.operation, verdict=VERDICTS[i % 7])
        for i, c in enumerate(
            c for op in pack.default_operations() for c in pack.operation(op).constraints
        )
    ]
    operations = [
        SimpleNamespace(
            target="moto-server",
            operation=name,
            valid_verdict="NOT IMPLEMENTED",
            response_verdict="RESPONSE CONFORMS",
        )
        for name in pack.default_operations()
    ]
    return SimpleNamespace(target_names=["moto-server"], results=results, operations=operations)


def test_the_table_fits_120_columns_without_cutting_names() -> None:
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    summary_table(_report(), console)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 120
    for name in load_contracts().default_operations():
        assert f" {name} " in text  # whole, on one line
    assert "…" not in text
    assert "NE NOT ENFORCED · WE WRONG ERROR" in text  # the legend of the short headers
    assert "not impl." in text


def _case(operation: str, expect: str) -> CaseFinished:
    return CaseFinished("moto", operation, None, expect, "label", {}, {})


def test_the_progress_bar_names_the_unit_not_its_setup_request() -> None:
    progress = Progress(Console(file=io.StringIO()))
    progress.handle(_case("DescribeModel", "accept"))
    progress.handle(_case("CreateModel", "setup"))  # the Create before a Describe
    task = progress.progress.tasks[0]
    assert task.description == "moto DescribeModel"
    assert task.completed == 2


def test_fuzz_mode_keeps_hypothesis_beside_its_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    database = tmp_path / "state" / "examples"
    top, new = fuzz_storage(str(database))
    assert (top, new) == (tmp_path / "state", True)
    assert os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] == str(tmp_path / "state" / "hypothesis")


def test_a_fuzz_run_leaves_one_folder_and_says_so_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    args = [sys.executable, "-m", "smcontract.cli", "run", "-o", "DescribeModel"]
    args += ["--mode", "fuzz", "--max-examples", "3", "--report-dir", "out"]

    def fuzz() -> str:
        done = subprocess.run(
            args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode in (0, 1), done.stderr[-2000:]
        return done.stderr

    first = fuzz()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".smcontract", "out"]
    kept = {p.name for p in (tmp_path / ".smcontract").iterdir()}
    # The example database always; Hypothesis's own cache only if it wrote one (a seeded run
    # may not), and then beside the database, never in the working folder.
    assert "examples" in kept
    assert kept <= {"examples", "hypothesis"}
    assert first.count("note: fuzz mode keeps found examples") == 1
    assert "note: fuzz mode" not in fuzz()  # the folder exists now: nothing new to say
