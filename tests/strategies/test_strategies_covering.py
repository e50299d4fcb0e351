"""covering(): valid requests that together set every optional member, enum value and branch."""

from __future__ import annotations

import json

import pytest

from smcontract.contracts import ContractPack, validate, validate_response
from smcontract.strategies import covering, maximal_response
from smcontract.strategies._context import context
from smcontract.strategies._cover import COVER_TEXT, Item, ItemKind, coverage_items


@pytest.mark.parametrize(
    "operation",
    ["CreateCompilationJob", "CreateOptimizationJob", "CreateModel", "ListTrialComponents"],
)
def test_every_item_is_held_by_a_valid_request(pack: ContractPack, operation: str) -> None:
    found = covering(operation, pack=pack)
    assert found.requests
    for request in found.requests:
        assert validate(operation, request, pack=pack) == []
    items = list(coverage_items(context(pack, operation)))
    assert items == list(found.items)
    assert found.missed == {}
    for item in items:
        assert any(item.held_by(r) for r in found.requests), item.label
    counts = found.counts()
    assert counts["member"][0] == counts["member"][1] > 0


def test_the_first_request_is_maximal(pack: ContractPack) -> None:
    """Every optional top-level member that no group excludes is in the first request."""
    found = covering("CreateModel", pack=pack)
    first = found.requests[0]
    ctx = context(pack, "CreateModel")
    grouped = {m for rule in ctx.root.cross for m in rule.params.get("members", ())}
    for name in ctx.root.members:
        if name not in grouped:
            assert name in first, name


def test_every_enum_value_and_branch_is_an_item(pack: ContractPack) -> None:
    items = covering("CreateCompilationJob", pack=pack).items
    devices = {
        i.value for i in items if i.kind is ItemKind.ENUM and i.path.endswith("TargetDevice")
    }
    assert "ml_c5" in devices
    assert len(devices) > 20
    branches = {i.path for i in items if i.kind is ItemKind.BRANCH}
    assert {"InputConfig", "ModelPackageVersionArn"} <= branches


def test_an_overlapping_group_does_not_hide_a_branch(pack: ContractPack) -> None:
    """SourceArn is in a group that overlaps another: a request still holds it alone."""
    found = covering("ListTrialComponents", pack=pack)
    holding = [r for r in found.requests if "SourceArn" in r]
    assert holding
    assert all("TrialName" not in r and "ExperimentName" not in r for r in holding)


def test_same_seed_same_requests_other_seed_other_requests(pack: ContractPack) -> None:
    def dump(seed: int) -> str:
        return json.dumps(covering("CreateModel", seed=seed, pack=pack).requests, sort_keys=True)

    assert dump(3) == dump(3)
    assert dump(3) != dump(4)


def test_held_by_tells_values_apart() -> None:
    item = Item(ItemKind.ENUM, "A[].B", "x")
    assert item.held_by({"A": [{"B": "y"}, {"B": "x"}]})
    assert not item.held_by({"A": [{"B": "y"}]})
    assert Item(ItemKind.MEMBER, "A[].C").held_by({"A": [{"C": 0}]})
    assert not Item(ItemKind.MEMBER, "A[].C").held_by({"A": [{"C": None}]})


@pytest.mark.parametrize("operation", ["DescribeModel", "ListTrialComponents"])
def test_the_maximal_response_is_valid_and_full(pack: ContractPack, operation: str) -> None:
    body = maximal_response(operation, pack=pack)
    assert validate_response(operation, body, pack=pack) == []
    ctx = context(pack, operation, "output")
    optional = [n for n in ctx.root.members if n not in ctx.root.required]
    present = [n for n in optional if n in body]
    assert len(present) >= len(optional) - 2, sorted(set(optional) - set(present))


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_covering_requests_keep_free_text_short_and_still_cover_everything() -> None:
    # ModelCard.ModelCardContent may be 100,000 characters: covering is about members and
    # enum values, so a covering request never carries such a string (the corpus was 16 MB)
    coverage = covering("CreateModelPackage")
    assert coverage.missed == {}
    longest = max(len(s) for request in coverage.requests for s in _strings(request))
    assert longest <= 4 * COVER_TEXT
