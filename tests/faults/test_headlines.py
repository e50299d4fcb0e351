"""Headlines never contradict the verdicts: a target that refuses every request enforces
every constraint, but its REJECTS VALID is a finding in every format and in the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import junitparser
import pytest
from click.testing import CliRunner
from quietserver import GatedServer

from smcontract.cli import main


@pytest.mark.server
def test_a_target_that_rejects_everything_has_findings_everywhere(tmp_path: Path) -> None:
    with GatedServer(hold_at=0) as server:  # a ValidationException for every request
        result = CliRunner().invoke(
            main,
            ["run", "-t", server.url, "-o", "ListModels", "--report-dir", str(tmp_path)],
        )
    assert result.exit_code == 1, result.output
    data = json.loads((tmp_path / "report.json").read_text())
    (name,) = data["summary"]["targets"]
    (operation,) = data["operations"][name]
    assert operation["valid_verdict"] == "REJECTS VALID"
    found = data["summary"]["findings"]
    assert found >= 1
    assert data["summary"]["targets"][name]["findings"] == found
    assert data["summary"]["targets"][name]["operation_findings"] >= 1
    assert data["header"]["exit_code"] == 1
    markdown = (tmp_path / "report.md").read_text()
    assert "**0 findings**" not in markdown
    assert "No findings." not in markdown
    assert f"**{found} finding" in markdown
    assert f"smcontract: {found} finding" in (tmp_path / "report.html").read_text()
    xml = junitparser.JUnitXml.fromfile(str(tmp_path / "junit.xml"))
    xml.update_statistics()
    assert xml.failures + xml.errors >= 1
    assert f"{found} finding" in result.output
