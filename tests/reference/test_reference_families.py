"""Beyond the seeds: the reference accepts the valid requests of non-seed families.

Families with an Update and a Create that names another family's resource (endpoint), and
the experiment/trial pair, run through the CLI as a user would. A reference that refused a
valid request (an Update of a resource it never created, an operation it does not implement)
makes an operation's valid verdict something other than ACCEPTS VALID and the exit code 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FAMILIES = ("endpoint", "experiment", "trial")


def _run_reference(
    tmp_path: Path, chosen: list[str]
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """``smcontract run -t reference`` over ``chosen`` as a user runs it; its report.json."""
    out = tmp_path / "r"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "smcontract.cli", "run", "-t", "reference", *chosen),
            *("--report", "json", "--report-dir", str(out)),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    report: dict[str, Any] = json.loads((out / "report.json").read_text())
    return done, report


@pytest.mark.slow
def test_the_reference_accepts_every_valid_request_of_non_seed_families(tmp_path: Path) -> None:
    families = [arg for name in FAMILIES for arg in ("--family", name)]
    done, report = _run_reference(tmp_path, [*families, "-o", "AddTags"])
    verdicts = {op["operation"]: op["valid_verdict"] for op in report["operations"]["reference"]}
    assert "UpdateEndpoint" in verdicts
    assert "AddTags" in verdicts
    assert len(verdicts) >= 13
    assert {op: v for op, v in verdicts.items() if v != "ACCEPTS VALID"} == {}
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


#: Operations whose answers once broke their own output rules: an ARN pattern that wants
#: another form than ``<type>/<name>`` (``cluster/[a-z0-9]{12}``, ``job/<id>/<name>``, a
#: region without digits, ``iam::`` for a device fleet, a Create that answers no ARN), a Stop
#: that must answer the ARN, a required member inside list items, a list that must hold items;
#: and an Update that names its resource by ARN (the setup creates it and sends its ARN).
OWN_OUTPUT = (
    "*Cluster",
    "*EdgeDeploymentPlan",
    "*EdgePackagingJob",
    "DescribeDeviceFleet",
    "StopAIBenchmarkJob",
    "StopInferenceExperiment",
    "DescribeInferenceExperiment",
    "UpdateWorkteam",
    "DescribeJob",
    "UpdateModelPackage",  # names its package by ARN; CreateModelPackage's name is optional
)


@pytest.mark.slow
def test_the_reference_answers_keep_their_own_output_rules(tmp_path: Path) -> None:
    done, report = _run_reference(tmp_path, [arg for name in OWN_OUTPUT for arg in ("-o", name)])
    operations = report["operations"]["reference"]
    assert len(operations) >= 15
    verdicts = {op["operation"]: op["valid_verdict"] for op in operations}
    assert {op: v for op, v in verdicts.items() if v != "ACCEPTS VALID"} == {}
    broken = {op["operation"]: op["response_violations"] for op in operations}
    assert {op: v for op, v in broken.items() if v} == {}
    findings = [r["constraint_id"] for r in report["results"] if r["verdict"] == "NOT ENFORCED"]
    assert findings == []
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
