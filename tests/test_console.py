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
        for i, c in enumerate(pack.constraints())
    ]
    operations = [
        SimpleNamespace(
            target="moto-server",
            operation=name,
            valid_verdict="NOT IMPLEMENTED",
            response_verdict="RESPONSE CONFORMS",
        )
        for name in pack.operations
    ]
    return SimpleNamespace(target_names=["moto-server"], results=results, operations=operations)


def test_the_table_fits_120_columns_without_cutting_names() -> None:
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    summary_table(_report(), console)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 120
    for name in load_contracts().operations:
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
