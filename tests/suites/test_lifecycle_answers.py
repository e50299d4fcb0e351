"""The lifecycle step that lists and describes what a scenario made, so that the output rules
of a List item, a paging token and a Describe are judged on answers that have them."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from smcontract.contracts import ContractPack, OperationContract
from smcontract.suites import RunResult, run
from smcontract.suites.lifecycle import lifecycle_resources, stateful
from smcontract.suites.lifecycle._answers import RICH

from . import toy

#: Output rules only an answer listing the created things has a place for.
OUTPUTS = [
    toy._c(
        "ListThings#out.Things[].ThingName.pattern",
        "pattern",
        "Things[].ThingName",
        "output",
        pattern=toy.NAME,
        dialect="java",
    ),
    toy._c("ListThings#out.NextToken.pattern", "pattern", "NextToken", "output", pattern="[0-9]+"),
    toy._c("ListThings#out.Things[].Beta.length", "length", "Things[].Beta", "output", max=3),
]
IDS = [c.id for c in OUTPUTS]


def _plain_pack(*, stateful_rules: bool, keyed: bool = False) -> ContractPack:
    """The toy pack with the output rules above; without its stateful rules (a family whose
    List and Describe have no lifecycle rule) unless ``stateful_rules``; with ``keyed``, a
    thing is known by its name and its ``Kind`` (Describe and Delete require both)."""
    operations = {}
    for name, contract in toy.PACK.operations.items():
        kept = [c for c in contract.constraints if stateful_rules or not stateful(c)]
        if name == "ListThings":
            kept += OUTPUTS
        if keyed and name in ("DescribeThing", "DeleteThing"):
            kept += [toy._c(f"{name}.Kind.required", "required", "Kind")]
        operations[name] = OperationContract(name=name, constraints=tuple(kept))
    return dataclasses.replace(toy.PACK, operations=operations)


@dataclasses.dataclass(frozen=True)
class Coverage:
    """A covering corpus of one request (what ``strategies.covering`` returns, in short)."""

    requests: tuple[dict[str, Any], ...]
    missed: dict[str, str] = dataclasses.field(default_factory=dict)

    def counts(self) -> dict[str, tuple[int, int]]:
        return {}


class Covering(toy.ToyStrategies):
    """Toy strategies with a covering corpus: the Create's sets the optional ``Beta``."""

    def covering(self, operation: str, seed: int) -> Coverage | None:
        if operation != "CreateThing":
            return None
        request = {**toy.BASE["CreateThing"], "Beta": "b"}
        del request["Alpha"]
        return Coverage((request,))


@dataclasses.dataclass
class Service(toy.ToyService):
    """The toy service whose list items show ``Beta``, optionally breaking the rules above,
    recording every request."""

    broken: str = ""
    sent: list[tuple[str, dict[str, Any]]] = dataclasses.field(default_factory=list)

    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def __call__(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        self.sent.append((operation, dict(params)))
        try:
            return super().__call__(operation, params)
        except toy.ServiceError as err:
            self.failed.append((operation, err.code))
            raise

    def ListThings(self, params: dict[str, Any]) -> dict[str, Any]:
        body = super().ListThings(params)
        for item in body["Things"]:
            beta = self.things[item["ThingName"]].get("Beta")
            if beta is not None:
                item["Beta"] = beta * 5 if self.broken == "Beta" else beta
            if self.broken == "ThingName":
                item["ThingName"] = item["ThingName"].upper()
        if self.broken == "NextToken" and "NextToken" in body:
            body["NextToken"] = f"tok-{body['NextToken']}"
        return body


def _run(pack: ContractPack, service: Service, operations: list[str]) -> RunResult:
    return run(pack, [toy.target(service)], operations=operations, strategies=Covering(), seed=0)


def test_a_list_with_no_stateful_rule_gets_a_scenario() -> None:
    pack = _plain_pack(stateful_rules=False)
    assert lifecycle_resources(pack, ["ListThings"]) == ["thing"]
    assert lifecycle_resources(pack, ["DescribeThing"]) == []


def test_the_items_of_a_list_no_rule_lists_are_judged() -> None:
    service = Service(pack=_plain_pack(stateful_rules=False))
    result = _run(service.pack, service, ["ListThings"])
    assert toy.verdicts(result, IDS) == dict.fromkeys(IDS, "ENFORCED")
    created = [p["ThingName"] for op, p in service.sent if op == "CreateThing"]
    assert created == ["smc-a", "smc-h", "smc-o", "smc-v", "smc-c", RICH]
    # Pages of one less than the six things: the first holds a token, the second the rest.
    listed = [p for op, p in service.sent if op == "ListThings" and p.get("MaxResults") == 5]
    assert listed == [{"MaxResults": 5}, {"MaxResults": 5, "NextToken": "5"}]
    assert ("DescribeThing", {"ThingName": RICH}) in service.sent


@pytest.mark.parametrize("broken", ["ThingName", "NextToken", "Beta"])
def test_a_list_answer_breaking_an_output_rule_is_found(broken: str) -> None:
    service = Service(pack=_plain_pack(stateful_rules=False), broken=broken)
    verdicts = toy.verdicts(_run(service.pack, service, ["ListThings"]), IDS)
    assert {cid for cid, v in verdicts.items() if v != "ENFORCED"} == {
        next(cid for cid in IDS if f".{broken}." in cid)
    }
    assert "NOT ENFORCED" in verdicts.values()


def test_a_family_whose_rules_list_and_describe_sends_nothing_more() -> None:
    service = Service(pack=_plain_pack(stateful_rules=True))
    result = _run(service.pack, service, list(service.pack.operations))
    assert ("CreateThing", {**toy.BASE["CreateThing"], "ThingName": RICH}) not in service.sent
    assert all(p.get("ThingName") != RICH for _, p in service.sent)
    # The paging rule's lists showed the items and a token; their rules are judged all the same.
    verdicts = toy.verdicts(result, IDS[:2])
    assert verdicts == dict.fromkeys(IDS[:2], "ENFORCED")


def test_a_thing_known_by_two_members_is_described_and_deleted_by_both() -> None:
    service = Service(pack=_plain_pack(stateful_rules=False, keyed=True))
    _run(service.pack, service, ["ListThings"])
    kind = next(p["Kind"] for op, p in service.sent if op == "CreateThing")  # the base's
    named = [p for op, p in service.sent if op in ("DescribeThing", "DeleteThing")]
    assert {"ThingName": RICH, "Kind": kind} in named
    assert all(p.get("Kind") == kind for p in named)
    assert [op for op, _ in service.failed if op != "ListThings"] == []  # its boundary cases
