"""report.md: a summary table and the findings, capped for a pull request."""

from __future__ import annotations

import re

from smcontract.reports import write_reports
from smcontract.reports._markdown import MAX_FINDINGS
from smcontract.suites.events import ConstraintVerdict, RunStarted


def _markdown(report, tmp_path) -> str:
    (path,) = write_reports(report, tmp_path, formats=["md"])
    return path.read_text("utf-8")


def test_every_not_enforced_id_appears(stream, fold, tmp_path):
    report = fold(stream).report()
    text = _markdown(report, tmp_path)
    findings = report.findings()
    assert 0 < len(findings) <= MAX_FINDINGS
    for result in findings:
        assert f"`{result.constraint_id}`" in text
    operations = sum(len(op.finding_verdicts) for op in report.operations)
    assert operations > 0
    assert f"**{len(findings) + operations} findings**" in text


def test_rejecting_every_valid_request_is_a_finding(make_stream, fold, tmp_path):
    """A target that refuses everything enforces every constraint, yet has findings."""
    from smcontract.suites.events import ConstraintVerdict, OperationSummary

    enforced = [e for e in make_stream() if not isinstance(e, ConstraintVerdict | OperationSummary)]
    rejecting = OperationSummary("moto", "CreateModel", "REJECTS VALID", "UNTESTED", {})
    report = fold([*enforced, rejecting]).report()
    assert report.findings() == []
    text = _markdown(report, tmp_path)
    assert "**1 finding**" in text
    assert "No findings." not in text
    assert "REJECTS VALID" in text
    assert report.to_dict()["summary"]["findings"] == 1
    assert report.to_dict()["summary"]["targets"]["moto"]["findings"] == 1


def test_summary_table_has_one_row_per_target(stream, fold, tmp_path):
    report = fold(stream).report()
    text = _markdown(report, tmp_path)
    for summary in report.summaries:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{summary.target}`"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert sum(int(c) for c in cells[1:-1]) == sum(summary.verdicts.values())


def test_target_text_cannot_inject_markdown_or_html(stream, fold, tmp_path):
    text = _markdown(fold(stream).report(), tmp_path)
    assert "<script>" not in text
    assert "<b>" not in text
    assert not re.search(r"(?<!\\)\]\(http", text)  # no live link syntax
    findings = text.split("| Verdict | Target |", 1)[1].split("\n\n")[0]
    for row in ["| Verdict | Target |" + findings.splitlines()[0], *findings.splitlines()[1:]]:
        # escaped pipes keep every row at 4 cells
        assert len(re.split(r"(?<!\\)\|", row)) == 6, row


def test_findings_are_capped(fold, tmp_path):
    started = RunStarted(
        "r",
        "certify",
        0,
        [{"name": "t", "kind": "moto"}],
        ["Op"],
        "ab",
        "builtin",
        None,
        "0.1.0",
        "3.11",
        "now",
    )
    n = MAX_FINDINGS + 17
    verdicts = [
        ConstraintVerdict(
            "t",
            "Op",
            f"Op.M{i:03d}.length",
            "length",
            f"M{i:03d}",
            "input",
            "L2",
            "NOT ENFORCED",
            "accepted",
        )
        for i in range(n)
    ]
    text = _markdown(fold([started, *verdicts]).report(), tmp_path)
    rows = [line for line in text.splitlines() if line.startswith("| NOT ENFORCED")]
    assert len(rows) == MAX_FINDINGS
    assert "... and 17 more, see [report.html](report.html)." in text
    assert len(text.splitlines()) < MAX_FINDINGS + 60  # summaries, then the capped list


def test_interrupted_is_said(stream, fold, tmp_path):
    text = _markdown(fold(stream[:50]).report(), tmp_path)
    assert "**Interrupted:**" in text
