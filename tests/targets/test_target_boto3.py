"""boto3 with its own client-side validation, in front of moto."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from faultserver import FaultServer

from smcontract.suites.targets import Boto3Target, MotoServerTarget, open_target
from smcontract.suites.targets._boto3 import to_wire

MODEL = {"ModelName": "b3", "PrimaryContainer": {"Image": "img:1"}}


@pytest.fixture
def boto3_moto() -> Iterator[Boto3Target]:
    target = open_target("boto3")
    assert isinstance(target, Boto3Target)
    target.reset()
    yield target
    target.reset()
    target.close()


def test_missing_required_member_is_rejected_by_the_client(boto3_moto: Boto3Target) -> None:
    outcome = boto3_moto.invoke("DescribeModel", {})
    assert (outcome.layer, outcome.error_code, outcome.status, outcome.fault) == (
        "client",
        "ParamValidationError",
        None,
        None,
    )
    assert outcome.message == (
        'Parameter validation failed:\nMissing required parameter in input: "ModelName"'
    )


def test_wrong_type_is_rejected_by_the_client(boto3_moto: Boto3Target) -> None:
    outcome = boto3_moto.invoke("CreateModel", {"ModelName": ["a"]})
    assert (outcome.layer, outcome.error_code) == ("client", "ParamValidationError")
    assert "Invalid type for parameter ModelName" in (outcome.message or "")


def test_over_long_name_reaches_moto(boto3_moto: Boto3Target) -> None:
    """botocore does not check max lengths: the server answers (and moto accepts)."""
    name = "n" * 64 + "x" * 100
    outcome = boto3_moto.invoke("CreateModel", {"ModelName": name})
    assert outcome.layer == "server"
    assert (outcome.status, outcome.fault) == (200, None)
    assert outcome.body["ModelArn"].endswith("/" + name)


def test_server_error_through_client_error(boto3_moto: Boto3Target) -> None:
    outcome = boto3_moto.invoke("DescribeCompilationJob", {"CompilationJobName": "nope"})
    assert (outcome.layer, outcome.status, outcome.error_code, outcome.fault) == (
        "server",
        400,
        "ResourceNotFound",
        None,
    )
    assert outcome.message == "Could not find compilation job 'nope'."
    assert outcome.body == {"__type": "ResourceNotFound", "Message": outcome.message}


def test_success_body_is_in_wire_form(boto3_moto: Boto3Target) -> None:
    assert boto3_moto.invoke("CreateModel", MODEL).ok
    outcome = boto3_moto.invoke("DescribeModel", {"ModelName": "b3"})
    assert outcome.ok
    assert "ResponseMetadata" not in outcome.body
    assert isinstance(outcome.body["CreationTime"], float)
    assert outcome.body["PrimaryContainer"] == {"Image": "img:1"}


def test_epoch_number_timestamps_are_accepted(boto3_moto: Boto3Target) -> None:
    outcome = boto3_moto.invoke("ListCompilationJobs", {"CreationTimeAfter": 1_700_000_000})
    assert outcome.ok, outcome


def test_not_implemented_and_unknown_operations(boto3_moto: Boto3Target) -> None:
    stop = boto3_moto.invoke("StopCompilationJob", {"CompilationJobName": "c"})
    assert (stop.fault, stop.layer) == ("not-implemented", "server")
    unknown = boto3_moto.invoke("CreateUnicorn", {})
    assert (unknown.fault, unknown.layer) == ("not-implemented", "client")


def test_crash_in_moto_is_an_exception(boto3_moto: Boto3Target) -> None:
    """moto.md: a valid job whose TargetPlatform has no Accelerator breaks every later List."""
    job = {
        "CompilationJobName": "c",
        "RoleArn": "arn:aws:iam::123456789012:role/r",
        "InputConfig": {"S3Uri": "s3://b/m.tar.gz", "Framework": "PYTORCH"},
        "OutputConfig": {
            "S3OutputLocation": "s3://b/out/",
            "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"},
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 60},
    }
    assert boto3_moto.invoke("CreateCompilationJob", job).ok
    crash = boto3_moto.invoke("ListCompilationJobs", {})
    assert (crash.fault, crash.layer, crash.status) == ("exception", "server", None)
    assert crash.detail == "KeyError: 'Accelerator'"


def test_backed_by_moto_server(moto_server: MotoServerTarget) -> None:
    target = open_target("boto3", backing=moto_server.url)
    try:
        moto_server.reset()
        assert target.invoke("CreateModel", MODEL).ok
        assert target.invoke("DescribeModel", {"ModelName": "b3"}).ok
        missing = target.invoke("DescribeModel", {"ModelName": "zz"})
        assert (missing.status, missing.error_code) == (400, "ValidationException")
        stop = target.invoke("StopCompilationJob", {"CompilationJobName": "c"})
        assert (stop.status, stop.fault, stop.layer) == (500, "not-implemented", "server")
        identity = target.identity()
        assert identity["backing"] == moto_server.url
        assert target.name == f"boto3:{moto_server.url}"
    finally:
        target.close()


def test_to_wire() -> None:
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.UTC)
    assert to_wire({"T": when, "L": [when], "B": b"\x00\xff", "N": 1}) == {
        "T": 1704164645.678,
        "L": [1704164645.678],
        "B": "AP8=",
        "N": 1,
    }


# (behaviour, status, fault, error_code, layer): the same answers as for the URL target
FAULTS = [
    ("Html500", 500, "http-5xx", None, "server"),
    ("NotImplemented500", 500, "not-implemented", None, "server"),
    ("Json500", 500, "http-5xx", "InternalFailure", "server"),
    ("Xml200", 200, "not-json", None, "server"),
    ("Array200", 200, "not-json", None, "server"),
    ("Error400", 400, None, "ValidationException", "server"),
    ("HeaderOnly400", 400, None, "ResourceNotFound", "server"),
    ("Reset", None, "connection", None, "transport"),
    ("Hang", None, "timeout", None, "transport"),
    ("Huge", 200, "too-large", None, "server"),
]


@pytest.mark.server
@pytest.mark.parametrize(
    ("behaviour", "status", "fault", "code", "layer"), FAULTS, ids=[f[0] for f in FAULTS]
)
def test_faults_behind_boto3(
    fault_server: FaultServer,
    behaviour: str,
    status: int | None,
    fault: str | None,
    code: str | None,
    layer: str,
) -> None:
    target = open_target("boto3", backing=fault_server.url, timeout=0.5)
    try:
        outcome = target.invoke("DescribeModel", {"ModelName": behaviour})
        assert (outcome.status, outcome.fault, outcome.error_code, outcome.layer) == (
            status,
            fault,
            code,
            layer,
        ), outcome
        assert target.invoke("DescribeModel", {"ModelName": "Ok"}).ok
    finally:
        target.close()
