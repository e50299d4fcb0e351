"""Choosing operations on the command line: names, globs, families, profiles, the default."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    out = tmp_path / "r"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "smcontract.cli", "run", "-t", "reference"),
            *("--report", "json", "--report-dir", str(out), *args),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    return done, report


def test_a_glob_selects_the_operations_it_matches(tmp_path: Path) -> None:
    done, report = _run(tmp_path, "-o", "Describe*CompilationJob*")
    assert done.returncode in (0, 1), done.stderr
    assert report["header"]["operations"] == ["DescribeCompilationJob"]


def test_a_family_selects_its_operations(tmp_path: Path) -> None:
    done, report = _run(tmp_path, "--family", "compilation-job", "-o", "ListTrialComponents")
    assert done.returncode in (0, 1), done.stderr
    assert report["header"]["operations"] == [
        "CreateCompilationJob",
        "DescribeCompilationJob",
        "ListCompilationJobs",
        "StopCompilationJob",
        "DeleteCompilationJob",
        "ListTrialComponents",
    ]


@pytest.mark.parametrize(
    ("args", "closest"),
    [
        (["--family", "endpont"], "endpoint"),
        (["--profile", "sed"], "seeds"),
        (["-o", "DescribeCompilationJobz"], "DescribeCompilationJob"),
        (["-o", "Nothing*Like*This"], "no operation matches"),
    ],
)
def test_a_choice_that_names_nothing_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], closest: str
) -> None:
    done, report = _run(tmp_path, *args)
    assert done.returncode == 2
    assert report == {}
    assert closest in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
