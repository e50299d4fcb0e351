"""Every kind, on a small synthetic pack: the strategies are generic, not tuned to SageMaker.

The pack is written to a temporary folder and loaded like any other, so the kinds the
current SageMaker documents happen not to use (strict compare, float ranges, at-most-one of
three, format with a prefix, timestamps, unions) are exercised all the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from strategy_checks import assert_breaks_only, assert_valid

from smcontract.contracts import ContractPack, load_contracts
from smcontract.strategies import boundaries, unviolatable, valid, violating

OP = "CreateWidget"
SOURCE = {"origin": "model", "botocore_version": "0.0.0", "shape": "Widget"}


def _c(path: str, kind: str, qualifier: str = "", **params: Any) -> dict[str, Any]:
    suffix = f".{qualifier}" if qualifier else ""
    return {
        "id": f"{OP}.{path or 'root'}.{kind}{suffix}",
        "kind": kind,
        "direction": "input",
        "path": path,
        "params": params,
        "source": SOURCE,
        "confidence": "documented",
    }


def _t(path: str, type_: str) -> dict[str, Any]:
    return _c(path, "type", type=type_)


CONSTRAINTS = [
    _c("Name", "required"),
    _t("Name", "string"),
    _c("Name", "length", min=1, max=20),
    _c("Name", "pattern", pattern="[a-z][a-z0-9-]*", dialect="java"),
    _t("Config", "structure"),
    _c("Config", "required"),
    _c("Config", "exactly-one", members=["A", "B"]),
    _t("Config.A", "string"),
    _c("Config.A", "length", max=5),
    _t("Config.B", "integer"),
    _c("Config.B", "range", min=1, max=10),
    _t("Mode", "string"),
    _c("Mode", "enum", values=["On", "Off", "Auto"]),
    _t("Level", "long"),
    _c("", "present-only-if", "level", member="Level", **{"if": {"path": "Mode", "in": ["On"]}}),
    _t("Threshold", "double"),
    _c("Threshold", "range", min=0.5, max=2.5),
    _t("Limit", "float"),
    _c("", "compare", "limit", left="Limit", op=">", right="Threshold"),
    _t("Body", "string"),
    _c("Body", "length", min=2, max=100),
    _c("Body", "format", format="json"),
    _c("Body", "prefix", value="{"),
    _t("Where", "string"),
    _c("Where", "pattern", pattern="s3://[a-z]+/.*", dialect="java"),
    _c("Where", "suffix", value="/"),
    _t("Items", "list"),
    _c("Items", "items", min=1, max=3),
    _t("Items[]", "structure"),
    _c("Items[].Id", "required"),
    _t("Items[].Id", "string"),
    _c("Items[].Id", "pattern", pattern="[A-Z]{3}", dialect="java"),
    _t("Items[].Label", "string"),
    _c("Items", "all-or-none", member="Label"),
    _c("Items", "unique", key="Id"),
    _t("Env", "map"),
    _c("Env", "entries", min=1, max=2),
    _t("Env{key}", "string"),
    _c("Env{key}", "length", min=1, max=8),
    _c("Env{key}", "pattern", pattern="[A-Z_]+", dialect="java"),
    _t("Env{value}", "string"),
    _t("Flag", "boolean"),
    _t("Reason", "string"),
    _c("", "required-if", "reason", member="Reason", **{"if": {"path": "Flag", "in": [True]}}),
    _t("X", "string"),
    _t("Y", "string"),
    _t("Z", "string"),
    _c("", "at-most-one", members=["X", "Y", "Z"]),
    _t("Stamp", "timestamp"),
    _c("Stamp", "range", min=1_600_000_000, max=1_700_000_000),
    _t("Pick", "structure"),
    _c("Pick", "union", members=["P", "Q"]),
    _t("Pick.P", "string"),
    _t("Pick.Q", "boolean"),
    _c("Name", "unique", "per-account", scope=["account"]),
    _c("Name", "default", value="w"),
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> ContractPack:
    root: Path = tmp_path_factory.mktemp("pack")
    (root / "model").mkdir()
    (root / "prose").mkdir()
    manifest = json.loads((Path(__file__).parents[2] / "contracts" / "pack.json").read_text())
    manifest.update(operations=[OP], resources={})
    (root / "pack.json").write_text(json.dumps(manifest))
    document = {
        "document": "operation",
        "operation": OP,
        "origin": "model",
        "constraints": CONSTRAINTS,
    }
    (root / "model" / f"{OP}.json").write_text(json.dumps(document))
    return load_contracts(root)


def test_valid_on_every_kind(synthetic: ContractPack) -> None:
    @settings(max_examples=200, deadline=None)
    @given(valid(OP, pack=synthetic))
    def check(request: dict[str, Any]) -> None:
        assert_valid(OP, request, synthetic)

    check()


def test_only_stateful_rules_are_unviolatable(synthetic: ContractPack) -> None:
    assert set(unviolatable(OP, pack=synthetic)) == {
        f"{OP}.Name.unique.per-account",
        f"{OP}.Name.default",
        f"{OP}.Env{{key}}.type",
    }


@pytest.mark.parametrize("constraint_id", [c["id"] for c in CONSTRAINTS])
def test_violating_on_every_kind(synthetic: ContractPack, constraint_id: str) -> None:
    if constraint_id in unviolatable(OP, pack=synthetic):
        return

    @settings(max_examples=15, deadline=None)
    @given(violating(OP, constraint_id, pack=synthetic))
    def check(request: dict[str, Any]) -> None:
        assert_breaks_only(OP, constraint_id, request, synthetic)

    check()


def test_boundaries_on_every_kind(synthetic: ContractPack) -> None:
    cases = boundaries(OP, pack=synthetic)
    labels = {(c.constraint_id, c.expect, c.label) for c in cases}
    for case in cases:
        if case.expect == "accept":
            assert_valid(OP, case.request, synthetic)
        else:
            assert case.constraint_id is not None
            assert_breaks_only(OP, case.constraint_id, case.request, synthetic)
    assert (f"{OP}.Threshold.range", "accept", "range=max") in labels
    assert (f"{OP}.root.compare.limit", "reject", "compare: Limit equal to Threshold") in labels
    assert (f"{OP}.root.at-most-one", "accept", "at-most-one: none") in labels
    assert (f"{OP}.Env.entries", "reject", "entries=max+1") in labels
    rejected = {c.constraint_id for c in cases if c.expect == "reject"}
    expected = {c["id"] for c in CONSTRAINTS} - set(unviolatable(OP, pack=synthetic))
    assert rejected == expected
