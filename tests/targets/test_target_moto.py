"""moto in-process: round trips, not-implemented operations, crashes and reset."""

from __future__ import annotations

import time

import pytest

from smcontract.suites.targets import MotoTarget, Outcome

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
MODEL = {"ModelName": "m1", "ExecutionRoleArn": ROLE, "PrimaryContainer": {"Image": "img:1"}}


def test_create_then_describe_round_trip(moto: MotoTarget) -> None:
    created = moto.invoke("CreateModel", MODEL)
    assert created.ok, created
    assert created.body == {"ModelArn": "arn:aws:sagemaker:us-east-1:123456789012:model/m1"}

    described = moto.invoke("DescribeModel", {"ModelName": "m1"})
    assert (described.status, described.fault, described.layer) == (200, None, "server")
    assert described.body["ModelName"] == "m1"
    assert described.body["ExecutionRoleArn"] == ROLE
    assert described.body["PrimaryContainer"] == {"Image": "img:1"}
    # timestamps stay JSON numbers (the wire form), not strings or datetimes
    creation = described.body["CreationTime"]
    assert isinstance(creation, int | float)
    assert abs(creation - time.time()) < 600


@pytest.mark.parametrize(
    ("operation", "params", "action"),
    [
        ("CreateOptimizationJob", {"OptimizationJobName": "o"}, "create_optimization_job"),
        ("StopCompilationJob", {"CompilationJobName": "c"}, "stop_compilation_job"),
    ],
)
def test_unimplemented_operations(
    moto: MotoTarget, operation: str, params: dict[str, str], action: str
) -> None:
    outcome = moto.invoke(operation, params)
    assert outcome.fault == "not-implemented"
    assert outcome.status is None
    assert outcome.detail == f"NotImplementedError: The {action} action has not been implemented"


def test_unknown_operation_is_not_implemented(moto: MotoTarget) -> None:
    outcome = moto.invoke("CreateUnicorn", {})
    assert outcome.fault == "not-implemented"
    assert outcome.detail is not None
    assert "CreateUnicorn" in outcome.detail


@pytest.mark.parametrize(
    "params",
    [
        {"ModelName": ["a"]},
        {"ModelName": "m", "PrimaryContainer": "img"},
        {"ModelName": "m", "Tags": "x"},
        {"ModelName": "m", "Tags": ["x"]},
        {"ModelName": {"nested": True}},
    ],
    ids=["name-list", "container-string", "tags-string", "tags-list-of-string", "name-object"],
)
def test_wrong_types_never_raise(moto: MotoTarget, params: dict[str, object]) -> None:
    outcome = moto.invoke("CreateModel", params)
    assert isinstance(outcome, Outcome)
    assert outcome.fault in (None, "exception")
    if outcome.fault == "exception":
        assert outcome.status is None
        assert outcome.detail
        assert ":" in outcome.detail  # "TypeError: unhashable type: 'list'"
    # the target is still usable afterwards
    assert moto.invoke("CreateModel", MODEL).ok


def test_list_name_is_a_crash_with_its_exception(moto: MotoTarget) -> None:
    outcome = moto.invoke("CreateModel", {"ModelName": ["a"]})
    assert outcome.fault == "exception"
    assert outcome.detail == "TypeError: unhashable type: 'list'"


def test_params_json_cannot_encode_is_an_exception(moto: MotoTarget) -> None:
    outcome = moto.invoke("CreateModel", {"ModelName": object()})
    assert outcome.fault == "exception"
    assert outcome.detail is not None
    assert outcome.detail.startswith("TypeError: Object of type object is not JSON serializable")


def test_reset_forgets_state(moto: MotoTarget) -> None:
    assert moto.invoke("CreateModel", MODEL).ok
    assert moto.invoke("DescribeModel", {"ModelName": "m1"}).ok
    moto.reset()
    gone = moto.invoke("DescribeModel", {"ModelName": "m1"})
    assert (gone.status, gone.error_code, gone.fault) == (400, "ValidationException", None)


def test_missing_compilation_job_is_resource_not_found(moto: MotoTarget) -> None:
    outcome = moto.invoke("DescribeCompilationJob", {"CompilationJobName": "nope"})
    assert outcome.status == 400
    assert outcome.error_code == "ResourceNotFound"
    assert outcome.message == "Could not find compilation job 'nope'."
    assert outcome.fault is None
    assert outcome.layer == "server"
    assert outcome.body == {"__type": "ResourceNotFound", "Message": outcome.message}


def test_max_body_applies_in_process() -> None:
    tiny = MotoTarget(max_body=10)
    outcome = tiny.invoke("ListCompilationJobs", {})
    assert outcome.fault == "too-large"
    assert outcome.status == 200


def test_region_is_in_the_arns() -> None:
    target = MotoTarget(region="eu-west-1")
    try:
        outcome = target.invoke("CreateModel", MODEL)
        assert outcome.body["ModelArn"].startswith("arn:aws:sagemaker:eu-west-1:")
        assert target.identity()["region"] == "eu-west-1"
    finally:
        target.reset()


def test_identity() -> None:
    identity = MotoTarget().identity()
    assert identity["kind"] == "moto"
    assert identity["mode"] == "in-process"
    assert identity["moto_version"]
