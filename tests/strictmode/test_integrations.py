"""Strict mode with the tools application tests use: moto's mock_aws and botocore's Stubber."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto import mock_aws
from tests.strictmode.conftest import REGION

import smcontract
from smcontract.strictmode import ContractViolation, strict

ROLE = "arn:aws:iam::123456789012:role/FakeRole"
CONTAINER = {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/inference:latest"}


@pytest.fixture
def moto_client() -> Any:
    with mock_aws():
        yield boto3.client("sagemaker", region_name=REGION)


def test_mock_aws_gets_valid_calls_and_never_sees_invalid_ones(moto_client: Any) -> None:
    handle = strict(moto_client)
    moto_client.create_model(ModelName="good", ExecutionRoleArn=ROLE, PrimaryContainer=CONTAINER)
    with pytest.raises(ContractViolation):
        moto_client.create_model(
            ModelName="bad_name", ExecutionRoleArn=ROLE, PrimaryContainer=CONTAINER
        )
    names = [m["ModelName"] for m in moto_client.list_models()["Models"]]
    assert names == ["good"]  # moto accepts bad_name; strict mode stopped it before sending
    assert handle.ledger.checked == {"CreateModel": 2, "ListModels": 1}


def test_rules_that_need_server_state_are_never_raised(moto_client: Any) -> None:
    handle = strict(moto_client)
    for _ in range(2):  # the second create breaks name uniqueness: only a service can tell
        with contextlib.suppress(ClientError):  # the service's answer, not strict mode's
            moto_client.create_model(
                ModelName="twice", ExecutionRoleArn=ROLE, PrimaryContainer=CONTAINER
            )
    with pytest.raises(ClientError):  # not found: lifecycle and error rules are the server's
        moto_client.describe_model(ModelName="missing")
    assert handle.ledger.rows == {}
    assert sum(handle.ledger.checked.values()) == 3


def test_a_stubbed_client_is_checked_before_the_stub_answers(shared_session: Any) -> None:
    client = shared_session.client("sagemaker")
    handle = strict(client, mode="raise")
    described = {
        "ModelName": "good",
        "ModelArn": "arn:aws:sagemaker:us-east-1:123456789012:model/good",
        "CreationTime": "2024-01-01T00:00:00Z",
    }
    with Stubber(client) as stubber:
        # Stubber checks expected_params first (its handler is registered first); without
        # them, the invalid call reaches strict mode, which stops it before the stub answers.
        stubber.add_response("describe_model", described)
        with pytest.raises(ContractViolation):
            client.describe_model(ModelName="bad_name")
        assert client.describe_model(ModelName="good")["ModelName"] == "good"  # still queued
        stubber.assert_no_pending_responses()
    assert handle.ledger.checked == {"DescribeModel": 2}


def test_the_readme_example_as_written() -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    section = readme.read_text("utf-8").split("## Catch invalid SageMaker calls in your own tests")
    code = re.search(r"```python\n(.*?)```", section[1].split("\n## ", 1)[0], re.S)
    assert code is not None
    assert len(code.group(1).strip().splitlines()) == 2
    namespace: dict[str, Any] = {"boto3": boto3, "smcontract": smcontract}
    with mock_aws():
        exec(code.group(1), namespace)
        with pytest.raises(ContractViolation, match=r"DescribeModel\.ModelName\.pattern"):
            namespace["client"].describe_model(ModelName="bad_name")
