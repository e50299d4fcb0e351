"""Operation selection: globs, families and profiles, resolved from pack.json alone; a name
that selects nothing is one UsageError naming the closest names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smcontract.contracts import (
    ContractPack,
    PackIndex,
    load_contracts,
    read_index,
    select_operations,
)
from smcontract.contracts._select import check_profiles
from smcontract.errors import ContractError, UsageError

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [
    "CreateCompilationJob",
    "DescribeCompilationJob",
    "ListCompilationJobs",
    "StopCompilationJob",
    "DeleteCompilationJob",
    "CreateOptimizationJob",
    "DescribeOptimizationJob",
    "ListOptimizationJobs",
    "StopOptimizationJob",
    "DeleteOptimizationJob",
    "CreateModel",
    "DescribeModel",
    "ListModels",
    "DeleteModel",
    "ListTrialComponents",
]


@pytest.fixture(scope="module")
def index() -> PackIndex:
    return read_index()


def test_the_default_is_the_seeds_profile_in_its_order(index: PackIndex) -> None:
    assert index.default_profile == "seeds"
    assert select_operations(index) == SEEDS
    assert select_operations(index, profile="seeds") == SEEDS
    assert load_contracts().default_operations() == SEEDS


def test_the_all_profile_is_every_operation(index: PackIndex) -> None:
    every = select_operations(index, profile="all")
    assert every == list(index.operations)
    assert len(every) == 453


def test_globs_match_in_pack_order_and_exact_names_keep_theirs(index: PackIndex) -> None:
    assert select_operations(index, ["*CompilationJob*"]) == [
        "CreateCompilationJob",
        "DeleteCompilationJob",
        "DescribeCompilationJob",
        "ListCompilationJobs",
        "StopCompilationJob",
    ]
    assert select_operations(index, ["ListModels", "CreateModel", "ListModels"]) == [
        "ListModels",
        "CreateModel",
    ]
    assert select_operations(index, ["Describe?odel"]) == ["DescribeModel"]


def test_a_family_selects_its_operations_in_lifecycle_order(index: PackIndex) -> None:
    assert select_operations(index, families=["endpoint"]) == [
        "CreateEndpoint",
        "DescribeEndpoint",
        "ListEndpoints",
        "UpdateEndpoint",
        "DeleteEndpoint",
    ]


def test_profile_then_families_then_patterns_each_once(index: PackIndex) -> None:
    chosen = select_operations(index, ["CreateModel", "CreateTrial"], ["trial"], "seeds")
    assert chosen[:15] == SEEDS
    assert chosen[15:] == [
        "CreateTrial",
        "DescribeTrial",
        "ListTrials",
        "UpdateTrial",
        "DeleteTrial",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"profile": "seed"},
            r"unknown profile 'seed'\. Did you mean seeds\? Profiles: all, seeds\.",
        ),
        (
            {"families": ["endpoint-conf"]},
            r"unknown family 'endpoint-conf'\. Did you mean endpoint-config",
        ),
        (
            {"families": ["domain"]},
            r"'domain' is not a resource family of the pack: no name member",
        ),
        (
            {"patterns": ["*CompilatonJob*"]},
            r"no operation matches '\*CompilatonJob\*'\. Closest: ",
        ),
        (
            {"patterns": ["CreateModle"]},
            r"unknown operation 'CreateModle'\. Did you mean CreateModel",
        ),
    ],
)
def test_a_selection_of_nothing_is_one_line_with_the_closest_names(
    index: PackIndex, kwargs: dict, message: str
) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        select_operations(index, **kwargs)
    assert "\n" not in str(caught.value)
    assert len(str(caught.value)) < 1200
    assert caught.value.exit_code == 2


def test_the_index_of_a_loaded_pack_selects_the_same(pack: ContractPack, index: PackIndex) -> None:
    from smcontract.contracts._select import pack_index

    assert pack_index(pack) == index


def test_selection_reads_pack_json_only() -> None:
    probe = (
        "import sys; from smcontract.contracts import read_index, select_operations; "
        "print(len(select_operations(read_index(), ['*Endpoint*']))); "
        "names = ('jsonschema', 'regex', 'botocore', 'smcontract.contracts._loader'); "
        "print(sorted(m for m in names if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert int(out[0]) > 10
    assert out[1] == "['smcontract.contracts._loader']"  # no jsonschema, regex nor botocore


def test_loading_one_operation_reads_only_its_documents() -> None:
    probe = (
        "import sys; from smcontract.contracts import load_contracts; p = load_contracts(); "
        "p.operation('CreateModel'); print(p.operations.loaded); "
        "print(sorted(m for m in ('jsonschema', 'regex', 'botocore') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["('CreateModel',)", "[]"]


def test_check_refuses_a_bad_default_or_a_profile_of_nothing(index: PackIndex) -> None:
    bad = PackIndex(index.operations, profiles={"seeds": ("CreateModel",)}, default_profile="x")
    with pytest.raises(ContractError, match="default_profile 'x' is not one of the profiles"):
        check_profiles(bad)
    empty = PackIndex(index.operations, profiles={"gone": ("Nope*",)})
    with pytest.raises(ContractError, match=r"profile 'gone' names 'Nope\*', which matches no"):
        check_profiles(empty)


def test_an_unreadable_pack_json_is_a_contract_error(tmp_path: Path) -> None:
    (tmp_path / "pack.json").write_text(json.dumps({"document": "pack"}))
    with pytest.raises(ContractError, match="lacks 'operations'"):
        read_index(tmp_path)
