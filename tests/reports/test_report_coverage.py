"""The member coverage of a certify run in report.json (schema-valid), report.md and merge."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from smcontract.contracts import ContractPack
from smcontract.reports import Report, ReportBuilder, merge_reports, report_schema, write_reports
from smcontract.suites import run

OPS = ["CreateModel", "DescribeModel"]


@pytest.fixture(scope="module")
def built(pack: ContractPack) -> Report:
    builder = ReportBuilder()
    run(pack, ["reference"], operations=OPS, lifecycle=False, sinks=[builder])
    return builder.report()


def test_report_json_carries_the_coverage_and_validates(built: Report, tmp_path: Path) -> None:
    (path,) = write_reports(built, tmp_path, formats=["json"])
    data = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    by_name = {op["operation"]: op["coverage"] for op in data["operations"]["reference"]}
    create = by_name["CreateModel"]
    assert create["members"][0] == create["members"][1] > 0
    assert by_name["DescribeModel"]["setups"] == create["requests"]
    judged, total = by_name["DescribeModel"]["outputs_judged"]
    assert total > 200
    assert judged >= 0.95 * total
    again = Report.from_dict(data)
    assert {op.operation: op.coverage for op in again.operations} == by_name


def test_report_md_has_a_member_coverage_table(built: Report, tmp_path: Path) -> None:
    (path,) = write_reports(built, tmp_path, formats=["md"])
    text = path.read_text("utf-8")
    assert "### Member coverage" in text
    row = next(line for line in text.splitlines() if "`CreateModel` |" in line and "of" in line)
    create = next(op.coverage for op in built.operations if op.operation == "CreateModel")
    assert create is not None
    assert f"{create['members'][0]} of {create['members'][1]}" in row


def test_merge_keeps_the_coverage_and_counts_judged_outputs(built: Report) -> None:
    merged = merge_reports([("only", built)])
    assert {op.operation: op.coverage for op in merged.operations} == {
        op.operation: op.coverage for op in built.operations
    }
