"""``pytest --smcontract-strict[=raise|warn|record]`` in real pytest sessions (pytester)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Needs

pytest_plugins = ["pytester"]

CONFTEST = """
import boto3
import moto  # noqa: F401  (its handler is in every session made from now on)

# Made when conftest loads, before the plugin is configured: "a session created before".
EARLY = boto3.session.Session(
    aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
)
"""

TESTS = """
import boto3
import pytest
from moto import mock_aws

from conftest import EARLY

ROLE = "arn:aws:iam::123456789012:role/FakeRole"
CONTAINER = {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/inference:latest"}


@pytest.fixture
def sm():
    with mock_aws():
        yield boto3.client("sagemaker", region_name="us-east-1")


def test_bad_name(sm):
    sm.create_model(ModelName="bad_name", ExecutionRoleArn=ROLE, PrimaryContainer=CONTAINER)


def test_bad_name_again(sm):
    sm.create_model(ModelName="bad_name", ExecutionRoleArn=ROLE, PrimaryContainer=CONTAINER)


def test_good(sm):
    sm.create_model(ModelName="good", ExecutionRoleArn=ROLE, PrimaryContainer=CONTAINER)
    sm.list_training_jobs()


def test_early_session():
    with mock_aws():
        client = EARLY.client("sagemaker")
        assert client.list_models(NameContains="my_model")["Models"] == []
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_app=TESTS)
    pytester.syspathinsert()
    return pytester


def _strict_json(pytester: pytest.Pytester, directory: str = "reports") -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (pytester.path / directory / "strict.json").read_text("utf-8")
    )
    return data


def test_record_summarises_every_call_and_writes_the_reports(
    project: pytest.Pytester, seed_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pack of the 15 seed operations: ListTrainingJobs is outside it.
    monkeypatch.setenv("SMCONTRACT_CONTRACTS", str(seed_pack))
    result = project.runpytest("-p", "no:cacheprovider", "--smcontract-strict=record")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        [
            "*- smcontract strict -*",
            "smcontract strict: 4 SageMaker call(s) checked against the contract pack (mode "
            "record), 3 broke a request rule; 1 call(s) to 1 operation(s) outside the pack*",
            "Operation *Constraint *Calls *First test",
            "CreateModel *CreateModel.ModelName.pattern *2 *test_app.py::test_bad_name",
            "ListModels *ListModels.NameContains.pattern *1 *test_app.py::test_early_session",
            "smcontract strict: wrote *strict.json, *strict.md",
        ]
    )
    data = _strict_json(project)
    assert data["mode"] == "record"
    assert data["outside_pack"] == {"ListTrainingJobs": 1}
    rows = {row["constraint_id"]: row for row in data["violations"]}  # type: ignore[attr-defined]
    assert rows["CreateModel.ModelName.pattern"]["value"] == '"bad_name"'
    markdown = (project.path / "reports" / "strict.md").read_text("utf-8")
    assert (
        "| CreateModel | `CreateModel.ModelName.pattern` | 2 | test\\_app.py::test\\_bad\\_name"
        in (markdown)
    )


def test_raise_fails_the_tests_that_make_invalid_calls(project: pytest.Pytester) -> None:
    report_dir = project.path / "out"
    result = project.runpytest(
        "-p",
        "no:cacheprovider",
        f"--smcontract-strict-report-dir={report_dir}",
        "--smcontract-strict",
    )
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines(
        [
            "*ContractViolation: CreateModel: the request breaks 1 rule(s) of the SageMaker*",
            "*CreateModel.ModelName.pattern at ModelName*",
        ]
    )
    assert _strict_json(project, "out")["mode"] == "raise"


def test_warn_lets_the_tests_pass_with_one_warning_per_rule(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "--smcontract-strict=warn")
    result.assert_outcomes(passed=4, warnings=2)
    result.stdout.fnmatch_lines(["*ContractViolationWarning: CreateModel*"])


def test_a_bad_mode_is_a_usage_error(project: pytest.Pytester) -> None:
    result = project.runpytest("--smcontract-strict", "tests/")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*'tests/' is not a strict mode (expected raise, warn, record); write "
            "--smcontract-strict=MODE, or put --smcontract-strict after the test paths*"
        ]
    )


@pytest.mark.slow  # two worker processes, each importing moto and loading the pack
def test_under_xdist_the_controller_sums_the_workers(
    project: pytest.Pytester, needs: Needs, seed_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs.module("xdist", "pip install -e '.[dev]' (pytest-xdist is in the [test] extra)")
    # A pack of the 15 seed operations: ListTrainingJobs is outside it.
    monkeypatch.setenv("SMCONTRACT_CONTRACTS", str(seed_pack))
    result = project.runpytest_subprocess(
        "-p", "no:cacheprovider", "-n", "2", "--smcontract-strict=record"
    )
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        ["CreateModel *CreateModel.ModelName.pattern *2 *test_app.py::test_bad_name*"]
    )
    assert _strict_json(project)["calls"]["checked"] == 4  # type: ignore[index]
