"""boundaries(): a deterministic corpus, every case as labelled."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from strategy_checks import OPERATIONS, PACK, assert_breaks_only, assert_valid

from smcontract.strategies import Case, boundaries, unviolatable

SCRIPT = (
    "import json, sys\n"
    "from smcontract.strategies import boundaries\n"
    "from smcontract.contracts import load_contracts\n"
    "ops = load_contracts().default_operations()\n"
    "sys.stdout.write(json.dumps([[c.to_dict() for c in boundaries(op)] for op in ops],"
    " sort_keys=True))\n"
)


def _dump(cases_by_operation: list[list[Case]]) -> str:
    return json.dumps(
        [[c.to_dict() for c in cases] for cases in cases_by_operation], sort_keys=True
    )


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Case]]:
    return {operation: boundaries(operation) for operation in OPERATIONS}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_accept_cases_validate_clean(corpus: dict[str, list[Case]], operation: str) -> None:
    for case in corpus[operation]:
        if case.expect == "accept":
            assert_valid(operation, case.request)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_reject_cases_break_exactly_their_constraint(
    corpus: dict[str, list[Case]], operation: str
) -> None:
    for case in corpus[operation]:
        if case.expect == "reject":
            assert case.constraint_id is not None
            assert case.implies == PACK.constraint(case.constraint_id).implies
            assert_breaks_only(operation, case.constraint_id, case.request)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_violatable_constraint_has_a_reject_case(
    corpus: dict[str, list[Case]], operation: str
) -> None:
    rejected = {c.constraint_id for c in corpus[operation] if c.expect == "reject"}
    skipped = unviolatable(operation)
    for constraint in PACK.operation(operation).constraints:
        assert (constraint.id in rejected) != (constraint.id in skipped), constraint.id


def test_no_accept_case_is_dropped(corpus: dict[str, list[Case]]) -> None:
    """Every bound and set value of the current pack has a valid request on it."""
    from smcontract.strategies._context import context

    dropped = {op: context(PACK, op).cache["dropped-accepts"] for op in OPERATIONS}
    assert all(not items for items in dropped.values()), dropped


def test_bounds_have_both_sides(corpus: dict[str, list[Case]]) -> None:
    labels = {(c.constraint_id, c.expect, c.label) for c in corpus["CreateCompilationJob"]}
    cid = "CreateCompilationJob.StoppingCondition.MaxPendingTimeInSeconds.range"
    for expect, label in [
        ("accept", "range=min"),
        ("accept", "range=max"),
        ("reject", "range=min-1"),
        ("reject", "range=max+1"),
    ]:
        assert (cid, expect, label) in labels
    name = "CreateCompilationJob.CompilationJobName.length"
    assert (name, "accept", "length=max") in labels
    assert (name, "reject", "length=max+1") in labels
    enum = "CreateCompilationJob.OutputConfig.TargetPlatform.Os.enum"
    assert (enum, "accept", 'enum="ANDROID"') in labels
    assert (enum, "reject", "enum: lower case") in labels


def test_the_corpus_is_the_same_twice() -> None:
    first = _dump([boundaries(op) for op in OPERATIONS])
    second = _dump([boundaries(op) for op in OPERATIONS])
    assert first == second


def test_the_corpus_is_the_same_in_a_fresh_process() -> None:
    here = _dump([boundaries(op) for op in OPERATIONS])
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
        )
        assert out.stdout == here


def test_the_corpus_is_a_copy() -> None:
    cases = boundaries("DescribeModel")
    cases[0].request.clear()
    assert boundaries("DescribeModel")[0].request


def test_case_to_dict_has_the_cli_fields() -> None:
    case = boundaries("DescribeModel")[-1]
    assert list(case.to_dict()) == ["operation", "constraint_id", "expect", "request", "label"]
