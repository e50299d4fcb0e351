"""The checker's parts: the serialized form, offending values at concrete paths, new members."""

from __future__ import annotations

from typing import Any

import pytest
from tests.strictmode.conftest import session

from smcontract.contracts import ContractPack
from smcontract.strictmode import Checker
from smcontract.strictmode._check import botocore_paths, value_at


@pytest.fixture(scope="module")
def checker() -> Checker:
    from smcontract.contracts import load_contracts

    return Checker(load_contracts())


def _model(service: str, operation: str) -> Any:
    return session().client(service).meta.service_model.operation_model(operation)


def test_blobs_and_timestamps_are_judged_as_sent(checker: Checker) -> None:
    put = _model("kinesis", "PutRecord")  # JSON protocol with a blob member
    body = checker.body({"StreamName": "s", "Data": b"hi", "PartitionKey": "k"}, put)
    assert body == {"StreamName": "s", "Data": "aGk=", "PartitionKey": "k"}
    listed = _model("sagemaker", "ListModels")
    assert checker.body({"CreationTimeAfter": "2024-01-01T00:00:00Z"}, listed) == {
        "CreationTimeAfter": 1704067200
    }


def test_what_botocore_cannot_serialize_is_none(checker: Checker) -> None:
    model = _model("sagemaker", "CreateModel")
    assert checker.body({"ModelName": "m", "Bogus": 1}, model) is None
    assert checker.body({"ModelName": "m", "PrimaryContainer": "an image"}, model) is None


@pytest.mark.parametrize(
    ("path", "found", "value"),
    [
        ("", True, {"Tags": [{"Key": "a"}], "Env": {"A": "1"}}),
        ("Tags[0].Key", True, "a"),
        ('Env["A"]', True, "1"),
        ('Env{key="A"}', True, "A"),
        ("Tags[3].Key", False, None),
        ("Missing", False, None),
        ("Tags[0].Key.Deeper", False, None),
    ],
)
def test_value_at_reads_the_oracles_concrete_paths(path: str, found: bool, value: Any) -> None:
    document = {"Tags": [{"Key": "a"}], "Env": {"A": "1"}}
    assert value_at(document, path) == (found, value)


def test_the_walk_gives_the_importers_paths(pack: ContractPack) -> None:
    for operation in ("CreateCompilationJob", "ListModels", "DescribeModel"):
        walked = set(botocore_paths(_model("sagemaker", operation)))
        assert set(pack.operation(operation).types("input")) <= walked
