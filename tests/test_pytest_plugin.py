"""The pytest plugin, in real pytest sessions (pytester) against in-process moto."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

DESCRIBE = (
    "--smcontract-target=moto",
    "--smcontract-operation=DescribeModel",
    "-p",
    "no:cacheprovider",
)


def test_the_plugin_is_registered_through_the_entry_point(pytester: pytest.Pytester) -> None:
    config = pytester.parseconfig()
    assert config.pluginmanager.has_plugin("smcontract")
    assert config.getoption("smcontract_target") is None


def test_without_the_option_the_plugin_adds_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_one():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "smcontract::" not in result.stdout.str()


def test_without_the_option_smcontract_is_not_imported(tmp_path: Path) -> None:
    import subprocess

    code = (
        "import sys, pytest\n"
        "pytest.main(['--co', '-q', '-p', 'no:cacheprovider', '--rootdir', '.', 'nothing_here'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('smcontract')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    ).stdout
    loaded = out.strip().splitlines()[-1]
    assert loaded == "['smcontract', 'smcontract._version', 'smcontract.pytest_plugin']"


def test_items_are_named_after_the_constraint_ids(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--collect-only", "-q", *DESCRIBE)
    lines = [line for line in result.stdout.lines if line.startswith("smcontract::")]
    assert "smcontract::DescribeModel.ModelName.pattern" in lines
    assert "smcontract::DescribeModel.error.not-found" in lines
    # Only the selected operation: the CreateModel the suite needs as setup gets no items.
    assert all(line.startswith("smcontract::DescribeModel") for line in lines)


def test_a_session_gives_every_constraint_its_verdict(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("-rfs", *DESCRIBE)
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] > 0
    assert outcomes["skipped"] > 0
    out = result.stdout.str()
    # ENFORCED passes, UNTESTED is skipped with its reason.
    assert "FAILED smcontract::DescribeModel.error.not-found" not in out
    # moto looks a malformed ModelName up instead of validating it: its not-found answer
    # (ValidationException "Could not find model '...'.") is a WRONG ERROR, and fails.
    assert "FAILED smcontract::DescribeModel.ModelName.pattern" in out
    assert "WRONG ERROR: DescribeModel.ModelName.pattern on moto" in out
    assert (
        "UNTESTED DescribeModel#out.DeploymentRecommendation.RecommendationStatus.type: "
        "no 2xx response had" in out
    )
    # A NOT ENFORCED constraint fails with the verdict, the reason and the request.
    assert "FAILED smcontract::DescribeModel#out.VpcConfig.Subnets.required" in out
    assert "NOT ENFORCED: DescribeModel#out.VpcConfig.Subnets.required on moto" in out
    assert "reason: response breaks it at VpcConfig.Subnets" in out
    assert "request (DescribeModel):" in out
    assert '"ModelName": "' in out
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_keyword_selection_applies_to_the_items(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("-k", "ModelName and pattern and not out", *DESCRIBE)
    result.assert_outcomes(failed=1)  # moto answers it as not-found: WRONG ERROR


def test_an_unknown_operation_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--smcontract-target=moto", "--smcontract-operation=DescribeMode")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "DescribeModel" in result.stderr.str()


FAILING = "DescribeModel#out.VpcConfig.Subnets.required"  # moto's response breaks it


def test_a_waived_finding_passes_and_the_others_still_fail(pytester: pytest.Pytester) -> None:
    before = pytester.runpytest("-k", "Subnets", *DESCRIBE)
    assert f"FAILED smcontract::{FAILING}" in before.stdout.str()
    pytester.makefile(
        ".toml",
        waivers=f'[[waivers]]\nconstraint = "{FAILING}"\nreason = "moto #123"\n'
        "expires = 2099-01-01\n",
    )
    after = pytester.runpytest("-k", "Subnets", "--smcontract-waivers=waivers.toml", *DESCRIBE)
    out = after.stdout.str()
    assert f"FAILED smcontract::{FAILING}" not in out
    assert before.parseoutcomes()["failed"] - after.parseoutcomes().get("failed", 0) == 1
    assert after.parseoutcomes()["passed"] - before.parseoutcomes().get("passed", 0) == 1


def test_an_expired_waiver_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        waivers=f'[[waivers]]\nconstraint = "{FAILING}"\nreason = "r"\nexpires = 2020-01-01\n',
    )
    result = pytester.runpytest("--smcontract-waivers=waivers.toml", *DESCRIBE)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "expired on 2020-01-01" in result.stderr.str()


def test_the_header_names_both_botocore_versions(pytester: pytest.Pytester) -> None:
    from smcontract.contracts import installed_botocore_version, load_contracts, model_drift

    result = pytester.runpytest("--collect-only", *DESCRIBE)
    pack = load_contracts()
    result.stdout.fnmatch_lines(
        [
            f"smcontract: contracts {pack.sha256[:16]} from botocore {pack.botocore_version}; "
            f"botocore {installed_botocore_version()} installed"
        ]
    )
    drifted = model_drift(pack, ["DescribeModel"]) is not None  # True on the lowest botocore
    assert ("smcontract contracts diff" in result.stdout.str()) == drifted


def test_an_unreachable_target_is_one_failure(pytester: pytest.Pytester) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = pytester.runpytest(
        f"--smcontract-target=http://127.0.0.1:{port}",
        "--smcontract-operation=DescribeModel",
        "-p",
        "no:cacheprovider",
        "-rN",  # no short summary: under CI=true pytest does not shorten its lines
    )
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 1
    assert outcomes["skipped"] > 10
    assert "passed" not in outcomes
    text = result.stdout.str()
    assert text.count("cannot reach") == 1
