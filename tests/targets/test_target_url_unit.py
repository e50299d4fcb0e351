"""The URL target's classification with ``responses`` in place of a server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import responses

from smcontract.suites.targets import UrlTarget

URL = "http://127.0.0.1:1/"


@pytest.fixture
def target() -> Iterator[UrlTarget]:
    opened = UrlTarget(URL, timeout=1.0, max_body=1000, check=False)
    yield opened
    opened.close()


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def test_namespaced_type_and_errortype_header(
    target: UrlTarget, mocked: responses.RequestsMock
) -> None:
    mocked.post(
        URL,
        status=400,
        json={"__type": "com.amazonaws.sagemaker#ResourceLimitExceeded", "Message": "too many"},
        headers={"X-Amzn-Errortype": "ResourceLimitExceeded:http://internal.amazon.com/"},
    )
    outcome = target.invoke("CreateModel", {})
    assert (outcome.status, outcome.error_code, outcome.message, outcome.fault) == (
        400,
        "ResourceLimitExceeded",
        "too many",
        None,
    )


def test_header_wins_over_body_type(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(
        URL,
        status=400,
        json={"__type": "SomethingElse"},
        headers={"X-Amzn-Errortype": "ValidationException"},
    )
    assert target.invoke("CreateModel", {}).error_code == "ValidationException"


def test_connection_error(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(URL, body=requests.exceptions.ConnectionError("connection refused"))
    outcome = target.invoke("CreateModel", {})
    assert (outcome.status, outcome.fault, outcome.layer) == (None, "connection", "transport")
    assert outcome.detail == "ConnectionError: connection refused"


def test_read_timeout(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(URL, body=requests.exceptions.ReadTimeout("read timed out"))
    outcome = target.invoke("CreateModel", {})
    assert (outcome.status, outcome.fault, outcome.layer) == (None, "timeout", "transport")


def test_any_other_exception(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(URL, body=RuntimeError("boom"))
    outcome = target.invoke("CreateModel", {})
    assert outcome.fault == "exception"
    assert outcome.detail == "RuntimeError: boom"


def test_body_over_max_body(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(
        URL, status=200, body=b'{"x": "' + b"y" * 5000 + b'"}', auto_calculate_content_length=False
    )
    outcome = target.invoke("ListModels", {})
    assert (outcome.status, outcome.fault, outcome.body) == (200, "too-large", None)


def test_s3_xml_success_is_not_json(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(URL, status=200, body="<ListAllMyBucketsResult/>", content_type="application/xml")
    outcome = target.invoke("CreateModel", {})
    assert (outcome.status, outcome.fault, outcome.body) == (200, "not-json", None)


def test_unknown_operation_json_500(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(URL, status=500, json={"__type": "UnknownOperationException"})
    assert target.invoke("Bogus", {}).fault == "not-implemented"


def test_5xx_json_not_a_not_implemented(target: UrlTarget, mocked: responses.RequestsMock) -> None:
    mocked.post(URL, status=503, json={"__type": "ServiceUnavailable", "message": "later"})
    outcome = target.invoke("CreateModel", {})
    assert (outcome.fault, outcome.error_code, outcome.message) == (
        "http-5xx",
        "ServiceUnavailable",
        "later",
    )


def test_success_body_fields_are_not_taken_for_errors(
    target: UrlTarget, mocked: responses.RequestsMock
) -> None:
    mocked.post(URL, status=200, json={"Message": "a member", "__type": "NotAnError"})
    outcome = target.invoke("DescribeThing", {})
    assert (outcome.fault, outcome.error_code, outcome.message) == (None, None, None)


def test_unserialisable_params_are_an_exception(target: UrlTarget) -> None:
    outcome = target.invoke("CreateModel", {"When": object()})
    assert outcome.fault == "exception"
    assert outcome.layer == "transport"
