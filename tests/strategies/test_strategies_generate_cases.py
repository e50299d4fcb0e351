"""generate_cases(): what `smcontract generate` prints, reproducible per seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from strategy_checks import assert_breaks_only, assert_valid

from smcontract.errors import UsageError
from smcontract.strategies import CannotViolate, boundaries, generate_cases

COMPARE = "CreateCompilationJob.StoppingCondition.MaxWaitTimeInSeconds.compare"


def _lines(operation: str, **kwargs: object) -> list[str]:
    return [json.dumps(c.to_dict(), sort_keys=True) for c in generate_cases(operation, **kwargs)]  # type: ignore[arg-type]


def test_same_seed_same_valid_cases() -> None:
    first = _lines("CreateModel", mode="valid", n=15, seed=5)
    assert len(first) == 15
    assert first == _lines("CreateModel", mode="valid", n=15, seed=5)
    assert first != _lines("CreateModel", mode="valid", n=15, seed=6)


def test_same_seed_same_violations() -> None:
    first = _lines("CreateCompilationJob", mode="violate", constraint_id=COMPARE, n=8, seed=2)
    assert first == _lines(
        "CreateCompilationJob", mode="violate", constraint_id=COMPARE, n=8, seed=2
    )
    assert first != _lines(
        "CreateCompilationJob", mode="violate", constraint_id=COMPARE, n=8, seed=3
    )


def test_same_seed_in_a_fresh_process() -> None:
    script = (
        "import json\n"
        "from smcontract.strategies import generate_cases\n"
        "for c in generate_cases('CreateOptimizationJob', mode='valid', n=10, seed=11):\n"
        "    print(json.dumps(c.to_dict(), sort_keys=True))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "3"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.splitlines() == _lines("CreateOptimizationJob", mode="valid", n=10, seed=11)


def test_cases_are_what_they_say() -> None:
    for case in generate_cases("CreateModel", mode="valid", n=10):
        assert case.expect == "accept"
        assert case.constraint_id is None
        assert_valid("CreateModel", case.request)
    for case in generate_cases("CreateCompilationJob", mode="violate", constraint_id=COMPARE, n=10):
        assert case.expect == "reject"
        assert case.constraint_id == COMPARE
        assert case.label.startswith("compare: ")
        assert_breaks_only("CreateCompilationJob", COMPARE, case.request)


def test_boundaries_mode_is_the_corpus() -> None:
    cases = list(generate_cases("DescribeModel", mode="boundaries"))
    assert [c.to_dict() for c in cases] == [c.to_dict() for c in boundaries("DescribeModel")]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mode": "violate"}, "needs a constraint ID"),
        ({"mode": "valid", "constraint_id": COMPARE}, "goes with --violate"),
        ({"mode": "valid", "n": 0}, "at least 1"),
        ({"mode": "fuzz"}, "unknown mode"),
        ({"mode": "violate", "constraint_id": "CreateCompilationJob.Nope"}, "unknown constraint"),
    ],
)
def test_usage_errors_are_raised_at_the_call(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(UsageError, match=match):
        generate_cases("CreateCompilationJob", **kwargs)  # type: ignore[arg-type]


def test_unviolatable_constraint_raises_cannot_violate() -> None:
    with pytest.raises(CannotViolate, match="output rule"):
        list(
            generate_cases(
                "CreateCompilationJob",
                mode="violate",
                constraint_id="CreateCompilationJob#out.CompilationJobArn.pattern",
            )
        )
