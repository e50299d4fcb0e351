"""Clients for strict-mode tests: a SageMaker client that answers every call with an empty 200
itself (nothing is sent), so a test sees only what strict mode and botocore do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse

REGION = "us-east-1"


def session() -> boto3.session.Session:
    return boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
    )


def _answer(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
    return AWSResponse(params["url"], 200, {}, None), {}


def offline(client: Any) -> Any:
    """``client``, answering every SageMaker call with ``{}`` before it would be sent."""
    client.meta.events.register("before-call.sagemaker", _answer)
    return client


@pytest.fixture(scope="session")
def shared_session() -> boto3.session.Session:
    """One session for the plain clients: its loader caches the model, so clients are cheap."""
    return session()


@pytest.fixture
def client(shared_session: boto3.session.Session) -> Iterator[Any]:
    made = offline(shared_session.client("sagemaker"))
    yield made
    made.close()
