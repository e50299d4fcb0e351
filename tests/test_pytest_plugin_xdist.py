"""The pytest plugin under pytest-xdist: one suite run per group of operations, same verdicts."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from smcontract.contracts import load_contracts
from smcontract.pytest_plugin import operation_groups

if TYPE_CHECKING:
    from conftest import Needs


@pytest.fixture(autouse=True, scope="module")
def _xdist(needs: Needs) -> None:
    needs.module("xdist", "pip install -e '.[dev]' (pytest-xdist is in the [test] extra)")


pytest_plugins = ["pytester"]

#: pytest-xdist and the plugin loaded by hand: the workers then start in a fraction of the
#: time they take to import every installed plugin (autoload is off, see the ``fast`` fixture).
PLUGINS = ("-p", "xdist.plugin", "-p", "smcontract.pytest_plugin")

TWO_GROUPS_THREE_OPERATIONS = (
    *PLUGINS,
    "--smcontract-target=moto",
    "--smcontract-operation=DescribeModel",
    "--smcontract-operation=ListTrialComponents",
    "--smcontract-operation=ListModels",
    "-p",
    "no:cacheprovider",
)

#: Records every suite run (the worker and the operations) in runs.jsonl next to it.
RECORDING_CONFTEST = """
import json, os
from pathlib import Path

import smcontract.suites

_original = smcontract.suites.run
_log = Path(__file__).with_name("runs.jsonl")


def _recording(pack, targets, **kwargs):
    with _log.open("a") as out:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "controller")
        out.write(json.dumps({"worker": worker, "operations": kwargs["operations"]}) + "\\n")
    return _original(pack, targets, **kwargs)


def pytest_configure(config):
    smcontract.suites.run = _recording


def pytest_unconfigure(config):
    smcontract.suites.run = _original
"""


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """No plugin autoload, in the session and its xdist workers (they inherit the variable).

    Also no trace of an xdist worker this test may itself run in, so that the inner session
    is a controller (or a plain session) as it would be on its own.
    """
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)


def _outcomes(result: pytest.RunResult) -> dict[str, str]:
    """Item -> passed/skipped/failed, without the ``@group`` suffix of loadgroup's node IDs."""
    passed, skipped, failed = result.reprec.listoutcomes()  # type: ignore[attr-defined]
    found: dict[str, str] = {}
    for outcome, reports in (("passed", passed), ("skipped", skipped), ("failed", failed)):
        for report in reports:
            found[report.nodeid.split("@")[0]] = outcome
    return found


def _runs(pytester: pytest.Pytester) -> list[dict[str, object]]:
    log = pytester.path / "runs.jsonl"
    runs = [json.loads(line) for line in log.read_text().splitlines()]
    log.unlink()
    return runs


def test_operations_that_share_a_resource_form_one_group() -> None:
    pack = load_contracts()
    groups = operation_groups(pack, pack.default_operations())
    assert groups["smcontract-model"] == [
        "CreateModel",
        "DescribeModel",
        "ListModels",
        "DeleteModel",
    ]
    assert groups["smcontract-trial-component"] == ["ListTrialComponents"]
    assert sorted(op for ops in groups.values() for op in ops) == sorted(pack.default_operations())
    # A selection keeps its order and only its operations.
    assert operation_groups(pack, ["ListModels", "ListTrialComponents", "CreateModel"]) == {
        "smcontract-model": ["ListModels", "CreateModel"],
        "smcontract-trial-component": ["ListTrialComponents"],
    }


@pytest.mark.usefixtures("fast")
def test_under_xdist_each_group_runs_once_and_every_item_keeps_its_verdict(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(RECORDING_CONFTEST)
    pytester.makepyfile(test_ordinary="def test_ordinary():\n    pass\n")

    alone = pytester.runpytest_inprocess(*TWO_GROUPS_THREE_OPERATIONS)
    assert _runs(pytester) == [
        {
            "worker": "controller",
            "operations": ["DescribeModel", "ListTrialComponents", "ListModels"],
        }
    ]

    spread = pytester.runpytest_inprocess("-n", "2", *TWO_GROUPS_THREE_OPERATIONS)
    runs = _runs(pytester)
    # One run per group in the whole session: not one per worker, item or operation.
    assert sorted(str(run["operations"]) for run in runs) == [
        "['DescribeModel', 'ListModels']",
        "['ListTrialComponents']",
    ]
    assert {str(run["worker"]) for run in runs} <= {"gw0", "gw1"}
    assert "smcontract: --dist load -> loadgroup, 2 group(s)" in spread.stdout.str()

    expected = _outcomes(alone)
    assert set(Counter(expected.values())) == {"passed", "skipped", "failed"}
    assert expected["test_ordinary.py::test_ordinary"] == "passed"
    assert len(expected) > 300
    assert _outcomes(spread) == expected
    assert spread.ret == alone.ret == pytest.ExitCode.TESTS_FAILED
