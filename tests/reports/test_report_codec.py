"""The one codec of the report records: key order, omitted and derived members, defaults."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from smcontract.reports import Corpus, Evidence, Header, OperationResult, Result, TargetSummary
from smcontract.reports._codec import from_json, member, to_json


@dataclass(frozen=True)
class _Toy:
    owner: str = field(metadata=member(omit=True))
    first: int = field(default=0, kw_only=True, metadata=member(when_set=True))
    name: str = field(metadata=member(key="title"))
    a: str | None = field(default=None, metadata=member(group="nested"))
    twice: int = field(init=False)
    b: tuple[int, ...] = field(default=(), metadata=member(group="nested", key="bs"))
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "twice", 2 * len(self.name))


def test_members_are_written_in_declaration_order_with_their_declared_shape() -> None:
    toy = _Toy("me", name="abc", a="x", b=(1, 2), extra={"k": (3,)}, first=5)
    text = json.dumps(to_json(toy))
    assert text == (
        '{"first": 5, "title": "abc", "nested": {"a": "x", "bs": [1, 2]}, "twice": 6, '
        '"extra": {"k": [3]}}'
    )


def test_when_set_leaves_out_none_only() -> None:
    assert "first" not in to_json(_Toy("me", name="n", first=None))  # type: ignore[arg-type]
    assert to_json(_Toy("me", name="n"))["first"] == 0


def test_reading_back_needs_the_omitted_member_and_ignores_derived_ones() -> None:
    toy = _Toy("me", name="abc", a="x", b=(1, 2), first=5)
    data = json.loads(json.dumps(to_json(toy)))
    data["twice"] = 999  # derived: never read
    assert from_json(_Toy, data, owner="me") == toy
    with pytest.raises(TypeError):
        from_json(_Toy, data)  # owner is not in the JSON


def test_absent_or_null_members_take_the_default_and_a_required_one_is_an_error() -> None:
    assert from_json(_Toy, {"title": "t", "nested": None}, owner="o") == _Toy("o", name="t")
    with pytest.raises(KeyError, match="title"):
        from_json(_Toy, {}, owner="o")


def test_report_records_keep_the_report_json_key_order() -> None:
    evidence = Evidence({"A": 1}, {"status": 400})
    result = Result(
        "moto", "Op", "Op.A.length", "length", "A", "input",
        verdict="ENFORCED", reason="r", level="L2", evidence=evidence,
    )  # fmt: skip
    assert list(result.to_dict()) == [
        "target", "operation", "constraint_id", "kind", "path", "direction", "level",
        "verdict", "reason", "layer", "cases", "evidence", "reproduce", "waiver",
    ]  # fmt: skip
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    operation = OperationResult("moto", "Op", "ACCEPTS VALID", "RESPONSE CONFORMS")
    assert "target" not in operation.to_dict()
    assert OperationResult.from_dict("moto", operation.to_dict()) == operation
    summary = TargetSummary("moto", {"ENFORCED": 2, "NOT ENFORCED": 1}, 7, 0)
    assert summary.to_dict() == {
        "verdicts": {"ENFORCED": 2, "NOT ENFORCED": 1},
        "constraints": 3,
        "findings": 1,
        "operation_findings": 0,
        "cases": 7,
        "harness_errors": 0,
    }
    assert Corpus(2, 255).to_dict() == {"cases": 2, "digest": f"{255:064x}"}
    assert Corpus.from_dict(Corpus(2, 255).to_dict()) == Corpus(2, 255)


def test_the_header_groups_the_contracts_and_lists_a_shard_first() -> None:
    header = Header(
        run_id="r", smcontract_version="1", contracts_sha256="s", contracts_origin="o",
        contracts_botocore_version="b1", botocore_version="b2", mode="certify", seed=0,
        targets=(), operations=("Op",), python_version="3.11", started_at=None,
        finished_at=None, interrupted=False, exit_code=0, shard=(2, 3),
    )  # fmt: skip
    data = header.to_dict()
    assert list(data)[:4] == ["shard", "run_id", "smcontract_version", "contracts"]
    assert data["shard"] == {"index": 2, "count": 3}
    assert data["contracts"] == {"sha256": "s", "origin": "o", "botocore_version": "b1"}
    assert Header.from_dict(json.loads(json.dumps(data))) == header
    unsharded = Header.from_dict({**data, "shard": None})
    assert unsharded.shard is None
    assert "shard" not in unsharded.to_dict()
