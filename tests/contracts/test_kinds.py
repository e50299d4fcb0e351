"""The kind table is complete: every kind of the meta-schema has a full ``KindSpec`` (contracts
half) and, when one request can break it, a full ``KindGeneration`` (strategies half); a new
kind registered in both tables is checked and broken without editing any other module."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest

from smcontract.contracts import (
    CROSS_FIELD_KINDS,
    KINDS,
    SINGLE_REQUEST_KINDS,
    STATEFUL_KINDS,
    Constraint,
    ContractPack,
    OperationContract,
    load_contracts,
    read_schema,
    validate,
)
from smcontract.contracts.kinds import SPECS, Direction, Kind, KindSpec, Level, Params, Status
from smcontract.strategies import sample
from smcontract.strategies._edit import Job, Made, Mutation
from smcontract.strategies._opcontext import OpContext
from smcontract.strategies._slots import Slot, find_slot
from smcontract.strategies.kinds import GENERATION, KindGeneration

SCHEMA_KINDS: list[str] = read_schema()["$defs"]["constraint"]["properties"]["kind"]["enum"]


def _enum(name: str) -> list[str]:
    return list(read_schema()["$defs"]["constraint"]["properties"][name]["enum"])


def test_the_enums_are_the_meta_schema_strings() -> None:
    assert [k.value for k in Kind] == SCHEMA_KINDS
    assert [d.value for d in Direction] == _enum("direction")
    assert [s.value for s in Status] == _enum("status")


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_kind_has_a_complete_spec(kind: str) -> None:
    assert kind in SPECS, f"no KindSpec for kind {kind!r}: add one to smcontract.contracts.kinds"
    spec = SPECS[kind]
    assert spec.kind == kind
    assert spec.reference.strip(), f"{kind}: KindSpec.reference says nothing"
    assert bool(spec.openapi) != bool(spec.no_openapi), (
        f"{kind}: KindSpec needs its OpenAPI keywords or, instead, why it has none"
    )
    if not spec.stateful and not spec.reads_parent:
        assert spec.check is not None, f"{kind}: a single-request kind needs an oracle check"
    assert not (spec.stateful and spec.cross_field), kind


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_kind_one_request_can_break_has_a_complete_generation(kind: str) -> None:
    spec = SPECS[kind]
    if spec.stateful:
        assert kind not in GENERATION, f"{kind} is stateful: one request cannot break it"
        return
    assert kind in GENERATION, (
        f"no KindGeneration for kind {kind!r}: add one to smcontract.strategies.kinds"
    )
    row = GENERATION[kind]
    for field in dataclasses.fields(KindGeneration):
        assert getattr(row, field.name) is not None, f"{kind}: KindGeneration.{field.name}"


def test_every_rule_of_the_pack_is_parsed_into_its_kind_s_params() -> None:
    pack = load_contracts()
    for c in pack.constraints():
        assert isinstance(c.kind, Kind), c.id
        assert isinstance(c.direction, Direction), c.id
        assert isinstance(c.status, Status), c.id
        assert isinstance(c.rule, Params), c.id
        assert c.rule == SPECS[c.kind].parse(c.params), c.id
        assert SPECS[c.kind].level(c.rule) in Level, c.id


def test_the_kind_sets_are_views_of_the_table() -> None:
    assert frozenset(SCHEMA_KINDS) == KINDS
    stateful = {"default", "error", "lifecycle"}
    cross = {
        "union",
        "exactly-one",
        "at-most-one",
        "all-or-none",
        "present-only-if",
        "required-if",
        "compare",
    }
    assert stateful == STATEFUL_KINDS
    assert cross == CROSS_FIELD_KINDS
    assert KINDS - STATEFUL_KINDS - {"unique"} == SINGLE_REQUEST_KINDS


def test_typed_params_say_which_kind_they_belong_to() -> None:
    rule = load_contracts().operation("CreateModel").constraints[0]
    with pytest.raises(TypeError, match="not"):
        rule.rule_as(type("Other", (Params,), {}))


# -- a new kind, registered in the two tables only ------------------------------------------


EVEN = "even"


@dataclasses.dataclass(frozen=True, slots=True)
class EvenParams(Params):
    """No parameters: the number must be even."""


def _parse(params: Mapping[str, Any]) -> EvenParams:
    return EvenParams()


def _check(p: EvenParams, nodes: list[tuple[str, Any]]) -> Any:
    for path, value in nodes:
        if isinstance(value, int) and not isinstance(value, bool) and value % 2:
            yield path, f"{value} is odd"


def _shape(ctx: OpContext, c: Constraint) -> None:
    ctx.ensure(c.path)


def _mutations(ctx: OpContext, c: Constraint, site: Slot) -> list[Mutation]:
    def make(ctx: OpContext, request: Any, slot: Slot, chooser: Any) -> Made | None:
        if not isinstance(slot.value, int):
            return None
        slot.set(slot.value + 1 if slot.value % 2 == 0 else slot.value)
        return "even: plus one", ((slot.path, True),)

    return [Mutation("even: plus one", make)]


def _repair(job: Job) -> bool:
    slot = find_slot(job.request, job.constraint.path, job.violation.path)
    if slot is None or not isinstance(slot.value, int):
        return False
    slot.set(slot.value + 1)
    return True


def _spec() -> KindSpec:
    return KindSpec(
        EVEN,  # type: ignore[arg-type]  # a kind the meta-schema does not have (yet)
        parse=_parse,
        check=_check,
        level=lambda p: Level.L2,
        single_request=lambda p: True,
        no_openapi="test kind",
        reference="oracle",
    )


def _generation() -> KindGeneration:
    return KindGeneration(EVEN, _shape, _mutations, _repair)  # type: ignore[arg-type]


def _pack() -> ContractPack:
    source = {"origin": "model", "botocore_version": "0", "shape": "S"}

    def rule(kind: str, **params: Any) -> Constraint:
        return Constraint(f"Op.N.{kind}", "Op", kind, "input", "N", params, source, "documented")  # type: ignore[arg-type]

    operation = OperationContract(
        "Op", (rule("required"), rule("type", type="integer"), rule(EVEN))
    )
    reject = {"code": "ValidationException", "http_status": 400}
    return ContractPack("toy", {}, {"Op": operation}, {"reject": reject}, {}, "test", "0")


def test_a_new_kind_is_checked_and_broken_through_the_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(SPECS, EVEN, _spec())
    monkeypatch.setitem(GENERATION, EVEN, _generation())
    pack = _pack()
    assert [v.reason for v in validate("Op", {"N": 3}, pack=pack)] == ["3 is odd"]
    assert validate("Op", {"N": 4}, pack=pack) == []
    drawn = list(sample("Op", 6, seed=1, pack=pack))
    broken = [request for rule, request in drawn if rule == "Op.N.even"]
    valid = [request for rule, request in drawn if rule is None]
    assert broken
    assert valid
    assert all(request["N"] % 2 for request in broken)
    assert all(validate("Op", request, pack=pack) == [] for request in valid)


def test_the_spec_s_level_is_the_verdicts_level() -> None:
    """``suites._verdicts.level_of`` can read the table: the same level for every rule."""
    from smcontract.suites._verdicts import level_of

    for c in load_contracts().constraints():
        assert c.spec.level(c.rule) == level_of(c), c.id


def test_the_spec_s_aws_kinds_are_the_messages_kinds() -> None:
    from smcontract.suites._messages import AWS_KINDS

    assert {k for k, s in SPECS.items() if s.aws_named} == AWS_KINDS
