"""Resource families are inferred from the model, written into pack.json as data, and their
dependency edges are checked: an unknown family or operation, or a cycle, names the edge."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from click.testing import CliRunner

from smcontract.cli import main
from smcontract.contracts import ContractPack, Dependency, Resource, load_contracts
from smcontract.contracts._families import (
    KEPT_FAMILIES,
    check_dependencies,
    family_name,
    infer_families,
    plain_text,
    setup_order,
)
from smcontract.contracts._importer import load_service_model
from smcontract.errors import ContractError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def inferred() -> Any:
    model, _ = load_service_model()
    return infer_families(model, tuple(load_contracts().default_operations()))


def test_names_are_kebab_case_of_the_noun() -> None:
    assert family_name("EndpointConfig") == "endpoint-config"
    assert family_name("AutoMLJobV2") == "auto-ml-job-v2"
    assert family_name("AIBenchmarkJob") == "ai-benchmark-job"
    assert family_name("Model") == "model"


def test_the_seed_families_come_first_and_keep_their_entries(inferred: Any) -> None:
    assert list(inferred.families)[:4] == [
        "compilation-job",
        "optimization-job",
        "model",
        "trial-component",
    ]
    assert inferred.families["model"] == {
        "create": "CreateModel",
        "describe": "DescribeModel",
        "list": "ListModels",
        "delete": "DeleteModel",
        "name_member": "ModelName",
        "list_key": "Models",
        "arn_member": "ModelArn",
    }
    assert inferred.families["trial-component"] == dict(KEPT_FAMILIES["trial-component"])


def test_an_inferred_family_has_every_role_the_model_has(inferred: Any) -> None:
    assert inferred.families["endpoint"] == {
        "create": "CreateEndpoint",
        "describe": "DescribeEndpoint",
        "list": "ListEndpoints",
        "update": "UpdateEndpoint",
        "delete": "DeleteEndpoint",
        "name_member": "EndpointName",
        "list_key": "Endpoints",
        "arn_member": "EndpointArn",
        "depends_on": [
            {
                "resource": "endpoint-config",
                "member": "EndpointConfigName",
                "sentence": "The name of an endpoint configuration.",
            }
        ],
    }
    # a name member that is a suffix of the noun
    assert inferred.families["data-quality-job-definition"]["name_member"] == "JobDefinitionName"


def test_the_dependency_edges_of_the_issue(inferred: Any) -> None:
    def edges(name: str) -> set[tuple[str, str]]:
        return {(e["resource"], e["member"]) for e in inferred.families[name]["depends_on"]}

    assert edges("endpoint") == {("endpoint-config", "EndpointConfigName")}
    assert edges("endpoint-config") == {("model", "ProductionVariants[].ModelName")}
    assert edges("trial") == {("experiment", "ExperimentName")}
    assert "depends_on" not in inferred.families["experiment"]


def _member_doc(model: Any, operation: str, path: str) -> str:
    shape = model.operation_model(operation).input_shape
    for step in path.replace("[]", "").split("."):
        member = shape.members[step]
        doc = member.documentation
        shape = member.member if member.type_name == "list" else member
    return plain_text(doc)


def test_every_edge_quotes_its_member_documentation_verbatim(inferred: Any) -> None:
    model = botocore.session.get_session().get_service_model("sagemaker")
    count = 0
    for family in inferred.families.values():
        for edge in family.get("depends_on", ()):
            doc = _member_doc(model, family["create"], edge["member"])
            assert edge["sentence"], edge
            assert edge["sentence"] in doc, (family["create"], edge)
            assert not re.search(r"<[^>]+>", edge["sentence"])
            count += 1
    assert count >= 10


def test_what_cannot_be_inferred_is_listed_with_the_reason(inferred: Any) -> None:
    domain = inferred.unresolved["domain"]
    assert domain["operations"] == ["CreateDomain", "DescribeDomain"]
    assert "DomainId" in domain["reason"]
    assert "no DescribeLeaderboard" in inferred.unresolved["leaderboard"]["reason"]
    assert not set(inferred.unresolved) & set(inferred.families)


def test_the_shipped_pack_holds_the_inference(inferred: Any, pack: ContractPack) -> None:
    manifest = json.loads((ROOT / "contracts" / "pack.json").read_text("utf-8"))
    assert manifest["resources"] == inferred.families
    assert manifest["unresolved_families"] == inferred.unresolved
    assert pack.resources["endpoint"].depends_on[0] == Dependency(
        "endpoint-config", "EndpointConfigName", "The name of an endpoint configuration."
    )
    assert pack.unresolved_families["domain"].startswith("no name member")
    check_dependencies(pack.resources, tuple(pack.operations))


def test_setup_order_puts_dependencies_first(pack: ContractPack) -> None:
    assert setup_order(pack.resources, "endpoint") == ["model", "endpoint-config"]
    assert setup_order(pack.resources, "trial") == ["experiment"]
    assert setup_order(pack.resources, "model") == []


def _family(name: str, *edges: tuple[str, str]) -> Resource:
    noun = "".join(part.capitalize() for part in name.split("-"))
    return Resource(
        name=name,
        create=f"Create{noun}",
        name_member=f"{noun}Name",
        depends_on=tuple(Dependency(resource, member) for resource, member in edges),
    )


def test_a_cycle_names_the_edge_that_closes_it() -> None:
    families = {
        "a": _family("a", ("b", "BName")),
        "b": _family("b", ("c", "CName")),
        "c": _family("c", ("a", "AName")),
    }
    operations = ("CreateA", "CreateB", "CreateC")
    with pytest.raises(
        ContractError, match=r"edge c -> a \(AName\) closes a cycle: a -> b -> c -> a"
    ):
        check_dependencies(families, operations)
    selfish = {"a": _family("a", ("a", "AName"))}
    with pytest.raises(ContractError, match=r"edge a -> a \(AName\) closes a cycle: a -> a"):
        check_dependencies(selfish, ("CreateA",))


def test_an_unknown_family_or_operation_names_the_edge() -> None:
    families = {"a": _family("a", ("nope", "NopeName"))}
    with pytest.raises(ContractError, match=r"edge a -> nope \(NopeName\) names an unknown family"):
        check_dependencies(families, ("CreateA",))
    with pytest.raises(ContractError, match="unknown operation 'CreateA' as its create"):
        check_dependencies({"a": _family("a")}, ("CreateB",))


def _edit(root: Path, change: Any) -> None:
    manifest = json.loads((root / "pack.json").read_text("utf-8"))
    change(manifest)
    (root / "pack.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def test_contracts_check_reports_a_cycle_in_one_line(seed_pack: Path) -> None:
    def cycle(manifest: dict[str, Any]) -> None:
        families = manifest["resources"]
        families["model"]["depends_on"] = [{"resource": "compilation-job", "member": "JobName"}]
        families["compilation-job"]["depends_on"] = [{"resource": "model", "member": "ModelName"}]

    _edit(seed_pack, cycle)
    result = CliRunner().invoke(main, ["contracts", "check", str(seed_pack)])
    assert result.exit_code == 2
    assert "dependency edge" in result.output
    assert "closes a cycle: compilation-job -> model -> compilation-job" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_contracts_check_reports_an_unknown_operation(seed_pack: Path) -> None:
    _edit(seed_pack, lambda m: m["resources"]["model"].update(update="UpdateModel"))
    result = CliRunner().invoke(main, ["contracts", "check", str(seed_pack)])
    assert result.exit_code == 2
    assert "family 'model' names unknown operation 'UpdateModel'" in result.output
