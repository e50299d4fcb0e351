"""The lifecycle registry: every rule the pack uses has a check, families differ only by
their data (Resource, constraints, depends_on), and the package stays small and acyclic."""

from __future__ import annotations

import ast
import dataclasses
import json
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from smcontract.contracts import ContractPack, Dependency, OperationContract, Resource
from smcontract.suites import RunResult, ServiceError, run
from smcontract.suites.lifecycle import (
    JUDGED_BY_THE_RUNNER,
    DependencyCycle,
    Family,
    key_of,
    parent_filters,
    registered_keys,
    setup_chain,
    stateful,
)

from . import toy
from .test_lifecycle import STATEFUL

PACKAGE = Path(__file__).parents[2] / "src" / "smcontract" / "suites" / "lifecycle"
SCHEMA = Path(__file__).parents[2] / "contracts" / "contract.schema.json"


def _keys_to_judge(pack: ContractPack) -> set[str]:
    return {
        key_of(c)
        for c in pack.constraints()
        if stateful(c)
        and c.active
        and not (c.kind == "lifecycle" and key_of(c) in JUDGED_BY_THE_RUNNER)
    }


@pytest.mark.parametrize("which", ["pack", "toy"])
def test_every_active_stateful_rule_has_a_registered_check(pack: ContractPack, which: str) -> None:
    used = _keys_to_judge(pack if which == "pack" else toy.PACK)
    assert used, "the pack has stateful rules"
    assert used - registered_keys() == set()


def test_every_lifecycle_rule_the_meta_schema_enumerates_is_known(pack: ContractPack) -> None:
    """If the meta-schema lists rule names (today it does not), each one an active constraint
    of the pack uses is judged by a check or by the runner."""
    enumerated: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            rule = node.get("properties", {}).get("rule")
            if isinstance(rule, dict):
                enumerated.update(rule.get("enum", ()))
                if "const" in rule:
                    enumerated.add(rule["const"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(SCHEMA.read_text()))
    known = registered_keys() | JUDGED_BY_THE_RUNNER
    active = {key_of(c) for c in pack.constraints() if c.kind == "lifecycle" and c.active}
    assert (enumerated & active) - known == set()


# -- families are data --------------------------------------------------------------------------


def _pack(resources: dict[str, Resource], operations: dict[str, OperationContract]) -> ContractPack:
    return dataclasses.replace(
        toy.PACK, resources=resources, operations={**toy.PACK.operations, **operations}
    )


def test_a_family_without_a_create_gets_the_one_its_list_implies() -> None:
    for listing, noun in [("ListWidgets", "Widget"), ("ListCodeRepositories", "CodeRepository")]:
        spec = Resource(name="w", list=listing, list_key="Summaries")
        family = Family.of(toy.PACK, spec)
        assert (family.create, family.name_member, family.arn_member) == (
            f"Create{noun}",
            f"{noun}Name",
            f"{noun}Arn",
        )
    declared = Family.of(toy.PACK, toy.PACK.resources["thing"])
    assert (declared.create, declared.name_member, declared.token, declared.limit) == (
        "CreateThing",
        "ThingName",
        "NextToken",
        "MaxResults",
    )


def test_the_list_filters_naming_a_parent_come_from_the_list_request(pack: ContractPack) -> None:
    family = Family.of(pack, pack.resources["trial-component"])
    rule = pack.constraint("ListTrialComponents.error.not-found")
    assert parent_filters(pack, family, rule) == ["TrialName", "ExperimentName"]
    given = dataclasses.replace(rule, params={**rule.params, "members": ["ExperimentName"]})
    assert parent_filters(pack, family, given) == ["ExperimentName"]


def _chain_pack(edges: dict[str, list[str]]) -> ContractPack:
    resources = {
        name: Resource(
            name=name,
            create=f"Create{name}",
            name_member=f"{name}Name",
            depends_on=tuple(Dependency(p, f"{p}Name", f"A {name} names a {p}.") for p in parents),
        )
        for name, parents in edges.items()
    }
    return _pack(resources, {})


def test_setup_chain_is_parents_first() -> None:
    pack = _chain_pack(
        {"Endpoint": ["EndpointConfig"], "EndpointConfig": ["Model"], "Model": [], "Other": []}
    )
    assert [r.name for r in setup_chain(pack, "Endpoint")] == ["Model", "EndpointConfig"]
    assert setup_chain(pack, "Model") == []
    diamond = _chain_pack({"D": ["B", "C"], "B": ["A"], "C": ["A"], "A": []})
    assert [r.name for r in setup_chain(diamond, "D")] == ["A", "B", "C"]


def test_setup_chain_names_the_edge_that_closes_a_cycle() -> None:
    pack = _chain_pack({"A": ["B"], "B": ["C"], "C": ["A"]})
    with pytest.raises(DependencyCycle, match=r"C -> A \(member AName\)"):
        setup_chain(pack, "A")
    with pytest.raises(KeyError, match="Nowhere"):
        setup_chain(_chain_pack({"A": ["Nowhere"]}), "A")


# -- a family whose Create names a parent -------------------------------------------------------


@dataclasses.dataclass
class BoxedService(toy.ToyService):
    """The toy service, where a thing can only be created in an existing box."""

    boxes: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)

    def reset(self) -> None:
        super().reset()
        self.boxes.clear()

    def __call__(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(operation)
        return super().__call__(operation, params)

    def CreateBox(self, params: dict[str, Any]) -> dict[str, Any]:
        self.boxes.add(params["BoxName"])
        return {"BoxArn": f"arn:toy:box/{params['BoxName']}"}

    def DeleteBox(self, params: dict[str, Any]) -> dict[str, Any]:
        self.boxes.discard(params["BoxName"])
        return {}

    def CreateThing(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("BoxName") not in self.boxes:
            raise ServiceError("ResourceNotFound", f"no box {params.get('BoxName')}")
        return super().CreateThing(params)


class BoxStrategies(toy.ToyStrategies):
    def valid(self, operation: str) -> st.SearchStrategy[dict[str, Any]]:
        if operation == "CreateBox":
            return st.fixed_dictionaries({"BoxName": st.just("box")})
        return super().valid(operation)


def _boxed_pack(*, edge: bool) -> ContractPack:
    thing = toy.PACK.resources["thing"]
    depends = (Dependency("box", "BoxName", "A thing is made in a box."),) if edge else ()
    box = Resource(name="box", create="CreateBox", delete="DeleteBox", name_member="BoxName")
    boxes = {op: OperationContract(name=op, constraints=()) for op in ("CreateBox", "DeleteBox")}
    return _pack({"box": box, "thing": dataclasses.replace(thing, depends_on=depends)}, boxes)


def _run_boxed(*, edge: bool, **options: Any) -> tuple[RunResult, BoxedService]:
    pack = _boxed_pack(edge=edge)
    service = BoxedService(pack=pack)
    operations = ["CreateThing", "DescribeThing", "ListThings", "DeleteThing"]
    target = toy.target(service)
    strategies = BoxStrategies()
    result = run(pack, [target], strategies=strategies, operations=operations, **options)
    return result, service


def test_the_parent_a_create_names_is_created_first_and_deleted_after() -> None:
    result, service = _run_boxed(edge=True, seed=0)
    assert toy.verdicts(result, STATEFUL) == dict.fromkeys(STATEFUL, "ENFORCED")
    assert service.calls.count("CreateBox") == 1
    # The runner's single requests come first; the scenario makes the box before its things.
    made = service.calls.index("CreateBox")
    assert service.calls[made + 1] == "CreateThing"
    assert service.calls[-1] == "DeleteBox"
    assert service.boxes == set()


def test_the_fuzz_machine_makes_the_parent_again_after_every_reset(tmp_path: Path) -> None:
    result, service = _run_boxed(
        edge=True, mode="fuzz", max_examples=5, database_dir=str(tmp_path / "db")
    )
    assert service.calls.count("CreateBox") > 1
    assert result.verdict("CreateThing.error.duplicate-name").verdict == "ENFORCED"
    assert result.verdict("ListThings.lifecycle.paging").verdict == "ENFORCED"


def test_without_the_edge_the_child_create_fails_and_says_so() -> None:
    result, service = _run_boxed(edge=False, seed=0)
    assert "CreateBox" not in service.calls
    paging = result.verdict("ListThings.lifecycle.paging")
    assert paging.verdict == "UNTESTED"
    assert paging.reason.startswith("precondition CreateThing failed: ResourceNotFound")


# -- the package's shape ------------------------------------------------------------------------


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text()) for path in sorted(PACKAGE.glob("*.py"))}


def test_modules_and_functions_stay_small() -> None:
    for name, tree in _modules().items():
        assert (tree.body[-1].end_lineno or 0) <= 500, name
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or 0) - node.lineno + 1
                assert length <= 60, f"{name}.{node.name}: {length} lines"


def test_the_package_imports_no_module_in_a_circle_and_not_the_runner() -> None:
    prefix = "smcontract.suites.lifecycle"
    edges: dict[str, set[str]] = {}
    for name, tree in _modules().items():
        found = edges.setdefault(name, set())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("smcontract.suites._runner"), name
                if node.module == prefix:
                    found.update(alias.name for alias in node.names if alias.name.startswith("_"))
                elif node.module.startswith(prefix + "."):
                    found.add(node.module.removeprefix(prefix + "."))
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for target in edges.get(module, ()):
            visit(target, (*path, module))
        done.add(module)

    for module in edges:
        if module != "__init__":
            visit(module, ())
