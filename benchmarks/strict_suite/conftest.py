"""A SageMaker test suite in the style of moto's own (``tests/test_sagemaker``): one mocked
client per test, creates, describes, lists and deletes, some calls outside smcontract's pack,
and some of moto's habits that break the contract (a SageMaker ARN as role, names with ``_``).
``benchmarks/bench_strict.py`` runs it with and without ``--smcontract-strict``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/FakeRole"
MOTO_ARN = "arn:aws:sagemaker:eu-west-1:000000000000:x-x/foobar"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/inference:latest"
VARIANTS = list(range(5))


@pytest.fixture
def sm() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("sagemaker", region_name=REGION)
