"""Resource families are parsed once into typed records, and the meta-schema holds their shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smcontract.contracts import Dependency, Resource, Role, load_contracts
from smcontract.errors import ContractError


def test_the_shipped_families_are_typed_records() -> None:
    pack = load_contracts()
    job = pack.resources["compilation-job"]
    assert isinstance(job, Resource)
    assert job.operation(Role.STOP) == "StopCompilationJob"
    assert job.role_of("ListCompilationJobs") is Role.LIST
    assert job.operations == (
        "CreateCompilationJob",
        "DescribeCompilationJob",
        "ListCompilationJobs",
        "StopCompilationJob",
        "DeleteCompilationJob",
    )
    assert pack.resources["model"].stop is None


def test_dependencies_are_parsed_with_their_sentence() -> None:
    spec = {
        "create": "CreateEndpoint",
        "name_member": "EndpointName",
        "depends_on": [{"resource": "endpoint-config", "member": "EndpointConfigName"}],
    }
    endpoint = Resource.from_dict("endpoint", spec)
    assert endpoint.depends_on == (Dependency("endpoint-config", "EndpointConfigName", ""),)


def test_an_unknown_family_key_is_refused_where_it_is(seed_pack: Path) -> None:
    root = seed_pack
    manifest = json.loads((root / "pack.json").read_text(encoding="utf-8"))
    manifest["resources"]["model"]["destroy"] = "DeleteModel"
    (root / "pack.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ContractError, match="destroy"):
        load_contracts(root)
