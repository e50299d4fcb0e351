"""strict.json and strict.md (pytest --smcontract-strict): complete, escaped, redacted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smcontract.reports import ReportDirError, render_strict_md, strict_lines, write_strict

SCOPE = "20240101/us-east-1/sagemaker/aws4_request"
SIGNED = f"Credential=AKIAIOSFODNN7EXAMPLE/{SCOPE}, Signature=" + "ab" * 32


def _data(value: str = '"a|b"', first_test: str | None = "t.py::test_x") -> dict[str, Any]:
    row = {
        "operation": "CreateModel",
        "constraint_id": "CreateModel.ModelName.pattern",
        "kind": "pattern",
        "path": "ModelName",
        "value": value,
        "reason": "does not match",
        "source": "botocore 1.43.11 service model, shape ModelName",
        "confidence": "documented",
        "count": 3,
        "first_test": first_test,
    }
    return {
        "format": "smcontract-strict/1",
        "mode": "record",
        "calls": {"checked": 5, "violating": 3, "outside_pack": 2, "not_serializable": 0},
        "outside_pack": {"ListTrainingJobs": 2},
        "violations": [row],
        "unknown_members": [
            {"operation": "CreateModel", "member": "VpcConfig", "first_test": "t.py::test_y"}
        ],
    }


def test_the_terminal_table_has_a_row_per_rule_and_names_unknown_members() -> None:
    lines = strict_lines(_data())
    assert lines[0].startswith("smcontract strict: 5 SageMaker call(s) checked")
    assert lines[1].split() == ["Operation", "Constraint", "Calls", "First", "test"]
    assert lines[2].split() == ["CreateModel", "CreateModel.ModelName.pattern", "3", "t.py::test_x"]
    assert "CreateModel member VpcConfig is not in the pack" in lines[3]
    assert strict_lines(_data(first_test=None))[2].endswith("(outside a test)")


def test_markdown_cells_cannot_add_columns() -> None:
    text = render_strict_md(_data(value='"x | y | z"'))
    (row,) = [line for line in text.splitlines() if line.startswith("| CreateModel")]
    assert row.replace("\\|", "").count("|") == 7  # six cells


def test_both_files_are_written_and_redacted(tmp_path: Path) -> None:
    paths = write_strict(_data(value=json.dumps(SIGNED)), tmp_path / "out")
    assert [p.name for p in paths] == ["strict.json", "strict.md"]
    for path in paths:
        text = path.read_text("utf-8")
        assert "ab" * 32 not in text
        assert "AKIAIOSFODNN7EXAMPLE" not in text
    data = json.loads(paths[0].read_text("utf-8"))
    assert data["violations"][0]["count"] == 3


def test_an_unwritable_directory_is_a_report_dir_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReportDirError, match="it exists and is not a directory"):
        write_strict(_data(), blocker)
