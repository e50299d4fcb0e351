"""valid(): every draw keeps every active single-request rule, with variety."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from strategy_checks import OPERATIONS, PACK, assert_valid

from smcontract.contracts import iter_nodes, parse_path
from smcontract.errors import UsageError
from smcontract.strategies import valid, violating


@pytest.mark.parametrize("operation", OPERATIONS)
def test_valid_requests_have_no_violation(operation: str) -> None:
    @settings(max_examples=120, deadline=None)
    @given(valid(operation))
    def check(request: dict[str, Any]) -> None:
        assert_valid(operation, request)

    check()


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fixed_seed", [0, 1])
def test_two_thousand_valid_requests_per_operation(operation: str, fixed_seed: int) -> None:
    @seed(fixed_seed)
    @settings(max_examples=1000, deadline=None, database=None)
    @given(valid(operation))
    def check(request: dict[str, Any]) -> None:
        assert_valid(operation, request)

    check()


def _collect(strategy: st.SearchStrategy[Any], n: int = 300) -> list[Any]:
    out: list[Any] = []

    @seed(7)
    @settings(max_examples=n, deadline=None, database=None)
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(value)

    collect()
    return out


def test_optional_members_are_both_present_and_absent() -> None:
    requests = _collect(valid("CreateCompilationJob"))
    for member in ("VpcConfig", "Tags", "InputConfig", "ModelPackageVersionArn"):
        present = sum(member in r for r in requests)
        assert 0 < present < len(requests), member


def test_lists_reach_their_maximum_and_stay_empty_sometimes() -> None:
    sizes = [len(r.get("Tags", [])) for r in _collect(valid("CreateModel"), 400)]
    assert 0 in sizes
    assert 50 in sizes  # Tags has at most 50 items


def test_strings_reach_their_length_bounds() -> None:
    names = [r["CompilationJobName"] for r in _collect(valid("DescribeCompilationJob"), 400)]
    assert any(len(n) == 63 for n in names)
    assert any(len(n) == 1 for n in names)


def test_role_arns_have_ascii_digits_only() -> None:
    """Java's \\d is ASCII; Python's matches Arabic-Indic digits too (perf.md)."""
    arns = [r["RoleArn"] for r in _collect(valid("CreateCompilationJob"))]
    account = [a.split(":")[4] for a in arns]
    assert all(a.isascii() and a.isdigit() and len(a) == 12 for a in account)


def test_unicode_classes_yield_non_ascii_letters() -> None:
    """\\p{L} in the tag pattern is Unicode: some tag keys carry non-ASCII letters."""
    keys = [tag["Key"] for r in _collect(valid("CreateModel"), 400) for tag in r.get("Tags", [])]
    assert any(not k.isascii() for k in keys)


def test_realistic_values_appear() -> None:
    requests = _collect(valid("CreateCompilationJob"))
    uris = [v for r in requests for _, v in iter_nodes(r, parse_path("InputConfig.S3Uri"))]
    assert any(u.startswith("s3://") and u.endswith("/model.tar.gz") for u in uris)


def test_documented_examples_are_drawn() -> None:
    examples = [
        json.dumps(e.request, sort_keys=True) for e in PACK.operation("CreateModel").examples
    ]
    drawn = {json.dumps(r, sort_keys=True) for r in _collect(valid("CreateModel"))}
    assert drawn & set(examples)


def test_unknown_operation_names_the_closest() -> None:
    with pytest.raises(UsageError, match="CreateModel"):
        valid("CreateModle")


def test_repr_is_readable() -> None:
    assert repr(valid("CreateModel")) == "valid_requests(OpContext('CreateModel'))"
    assert repr(violating("CreateModel", "CreateModel.ModelName.pattern")) == (
        "near_misses(ctx=OpContext('CreateModel'), constraint_id='CreateModel.ModelName.pattern')"
    )
