"""moto's server in a process of its own, reached with signed AWS JSON 1.1."""

from __future__ import annotations

import json

import pytest
import requests

from smcontract.suites.targets import MotoServerTarget, MotoTarget

pytestmark = pytest.mark.server

MODEL = {"ModelName": "srv", "PrimaryContainer": {"Image": "img:1"}}


@pytest.fixture(autouse=True)
def clean(moto_server: MotoServerTarget) -> None:
    moto_server.reset()


def test_signed_requests_get_json(moto_server: MotoServerTarget) -> None:
    created = moto_server.invoke("CreateModel", MODEL)
    assert created.ok, created
    assert created.body == {"ModelArn": "arn:aws:sagemaker:us-east-1:123456789012:model/srv"}
    described = moto_server.invoke("DescribeModel", {"ModelName": "srv"})
    assert described.ok
    assert isinstance(described.body["CreationTime"], int | float)


def test_unsigned_request_never_reaches_sagemaker(moto_server: MotoServerTarget) -> None:
    """Why the URL target signs: the same request unsigned goes to moto's S3, not SageMaker.

    moto 5.2.1 answers it with S3's ListAllMyBucketsResult (200, XML), moto 5.2.6 with a
    500 page (S3 cannot serialise a POST to /); neither is an AWS JSON answer, and the model
    is never created.
    """
    answer = requests.post(
        moto_server.url + "/",
        data=json.dumps(MODEL),
        headers={
            "X-Amz-Target": "SageMaker.CreateModel",
            "Content-Type": "application/x-amz-json-1.1",
        },
        timeout=10,
    )
    assert not answer.headers.get("Content-Type", "").startswith("application/x-amz-json")
    assert answer.text.lstrip().startswith("<")
    if answer.status_code == 200:
        assert "ListAllMyBucketsResult" in answer.text
    else:
        assert answer.status_code == 500
    missing = moto_server.invoke("DescribeModel", {"ModelName": MODEL["ModelName"]})
    assert (missing.status, missing.error_code) == (400, "ValidationException")
    assert moto_server.invoke("CreateModel", MODEL).ok  # the signed one does reach it


def test_unknown_operation_is_not_implemented(moto_server: MotoServerTarget) -> None:
    """moto 5.2.1: a 500 page naming OperationNotFoundError; 5.2.6: 404, empty body."""
    outcome = moto_server.invoke("CreateUnicorn", {})
    assert (outcome.status, outcome.fault) in ((500, "not-implemented"), (404, "not-implemented"))


def test_not_implemented_is_told_apart_from_a_crash(moto_server: MotoServerTarget) -> None:
    stop = moto_server.invoke("StopCompilationJob", {"CompilationJobName": "c"})
    assert (stop.status, stop.fault) == (500, "not-implemented")
    crash = moto_server.invoke("CreateModel", {"ModelName": ["a"]})
    assert (crash.status, crash.fault) == (500, "http-5xx")
    assert crash.detail is not None
    assert "TypeError" in crash.detail
    assert moto_server.invoke("CreateModel", MODEL).ok


def test_errors_match_in_process_moto(moto_server: MotoServerTarget, moto: MotoTarget) -> None:
    """moto.md: both give the same status and code; check a few."""
    cases = [
        ("DescribeCompilationJob", {"CompilationJobName": "nope"}),
        ("DescribeModel", {"ModelName": "nope"}),
        ("CreateOptimizationJob", {"OptimizationJobName": "o"}),
        ("ListCompilationJobs", {"MaxResults": "10"}),
    ]
    for operation, params in cases:
        over_http = moto_server.invoke(operation, params)
        in_process = moto.invoke(operation, params)
        assert (over_http.error_code, over_http.fault) == (
            in_process.error_code,
            in_process.fault,
        ), operation
        if in_process.status is not None:
            assert over_http.status == in_process.status


def test_state_is_its_own(moto_server: MotoServerTarget, moto: MotoTarget) -> None:
    """The server runs in another process: in-process resets do not touch it."""
    assert moto_server.invoke("CreateModel", MODEL).ok
    moto.reset()
    assert moto_server.invoke("DescribeModel", {"ModelName": "srv"}).ok
    assert moto.invoke("DescribeModel", {"ModelName": "srv"}).status == 400


def test_reset_forgets_state(moto_server: MotoServerTarget) -> None:
    assert moto_server.invoke("CreateModel", MODEL).ok
    moto_server.reset()
    gone = moto_server.invoke("DescribeModel", {"ModelName": "srv"})
    assert (gone.status, gone.error_code) == (400, "ValidationException")


def test_identity(moto_server: MotoServerTarget) -> None:
    identity = moto_server.identity()
    assert identity["kind"] == "moto-server"
    assert identity["url"].startswith("http://127.0.0.1:")
    assert identity["credentials"] == "dummy"
    assert identity["moto_version"]


def test_close_stops_the_process() -> None:
    target = MotoServerTarget()
    assert target.server.running
    target.close()
    assert not target.server.running
    outcome = target.invoke("ListCompilationJobs", {})
    assert outcome.fault == "connection"


def test_the_launcher_names_an_exception_and_passes_moto_errors_through() -> None:
    from werkzeug.exceptions import NotFound

    from smcontract.suites.targets._moto_launch import error_page

    not_found = NotFound()
    assert error_page(not_found) is not_found
    answer = error_page(NotImplementedError("The <x> action"))
    assert isinstance(answer, tuple)
    page, status, headers = answer
    assert status == 500
    assert "NotImplementedError: The &lt;x&gt; action" in page
    assert headers["Content-Type"].startswith("text/html")
