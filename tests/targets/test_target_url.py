"""The URL target against a fault-injecting server: every fault classified, none fatal."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from faultserver import FaultServer

from smcontract.suites.targets import UrlTarget, open_target

pytestmark = pytest.mark.server

TIMEOUT = 0.5


@pytest.fixture
def target(fault_server: FaultServer) -> Iterator[UrlTarget]:
    opened = open_target(fault_server.url, timeout=TIMEOUT)
    assert isinstance(opened, UrlTarget)
    yield opened
    opened.close()


def _still_works(target: UrlTarget) -> None:
    outcome = target.invoke("Ok", {"ModelName": "after"})
    assert outcome.ok, outcome
    assert outcome.body == {"ok": True, "echo": {"ModelName": "after"}}


# (operation, expected status, fault, error_code, layer)
CASES: list[tuple[str, int | None, str | None, str | None, str]] = [
    ("Ok", 200, None, None, "server"),
    ("Empty200", 200, None, None, "server"),
    ("Html500", 500, "http-5xx", None, "server"),
    ("Json500", 500, "http-5xx", "InternalFailure", "server"),
    ("NotImplemented500", 500, "not-implemented", None, "server"),
    ("Xml200", 200, "not-json", None, "server"),
    ("BadJson", 200, "not-json", None, "server"),
    ("Array200", 200, "not-json", None, "server"),
    ("Text400", 400, "not-json", None, "server"),
    ("Error400", 400, None, "ValidationException", "server"),
    ("HeaderOnly400", 400, None, "ResourceNotFound", "server"),
    ("Unknown400", 400, "not-implemented", "UnknownOperationException", "server"),
    ("Reset", None, "connection", None, "transport"),
    ("Hang", None, "timeout", None, "transport"),
    ("Trickle", 200, "timeout", None, "transport"),
    ("Huge", 200, "too-large", None, "server"),
    ("HugeChunked", 200, "too-large", None, "server"),
]


@pytest.mark.parametrize(
    ("operation", "status", "fault", "code", "layer"), CASES, ids=[c[0] for c in CASES]
)
def test_fault_is_classified_and_target_keeps_working(
    target: UrlTarget,
    operation: str,
    status: int | None,
    fault: str | None,
    code: str | None,
    layer: str,
) -> None:
    outcome = target.invoke(operation, {"ModelName": "m"})
    assert (outcome.status, outcome.fault, outcome.error_code, outcome.layer) == (
        status,
        fault,
        code,
        layer,
    ), outcome
    if fault is not None:
        assert outcome.detail, "every fault says what happened"
    assert outcome.elapsed < TIMEOUT + 2.0
    _still_works(target)


def test_error_body_and_message_are_kept(target: UrlTarget) -> None:
    outcome = target.invoke("Error400", {})
    assert outcome.message == "1 validation"
    assert outcome.body == {
        "__type": "com.amazonaws.sagemaker#ValidationException",
        "message": "1 validation",
    }
    header_only = target.invoke("HeaderOnly400", {})
    assert header_only.message == "Could not find it"


def test_empty_success_body_reads_as_empty_object(target: UrlTarget) -> None:
    assert target.invoke("Empty200", {}).body == {}


def test_not_json_detail_names_content_type(target: UrlTarget) -> None:
    outcome = target.invoke("Xml200", {})
    assert outcome.body is None
    assert outcome.detail is not None
    assert "application/xml" in outcome.detail
    assert "ListAllMyBucketsResult" in outcome.detail


def test_json_500_keeps_code_and_message(target: UrlTarget) -> None:
    outcome = target.invoke("Json500", {})
    assert outcome.message == "try again"
    assert outcome.body == {"__type": "InternalFailure", "message": "try again"}


def test_timeout_is_bounded_by_the_target_timeout(target: UrlTarget) -> None:
    start = time.perf_counter()
    outcome = target.invoke("Hang", {})
    assert outcome.fault == "timeout"
    assert TIMEOUT * 0.9 <= time.perf_counter() - start < TIMEOUT + 1.0


def test_trickling_body_stops_at_the_total_timeout(target: UrlTarget) -> None:
    start = time.perf_counter()
    outcome = target.invoke("Trickle", {})
    assert outcome.fault == "timeout"
    assert outcome.detail is not None
    assert "body not complete" in outcome.detail
    assert time.perf_counter() - start < TIMEOUT + 1.0


def test_connection_reset_detail_names_the_cause(target: UrlTarget) -> None:
    outcome = target.invoke("Reset", {})
    assert outcome.fault == "connection"
    assert outcome.detail is not None
    assert re.search(r"ConnectionError \(.*(Reset|Aborted|RemoteDisconnected)", outcome.detail)


def test_content_length_over_max_body_is_not_read(target: UrlTarget) -> None:
    outcome = target.invoke("Huge", {})
    assert outcome.fault == "too-large"
    assert outcome.detail == (
        "body larger than max_body=5242880 bytes (Content-Length 10485777); stopped reading"
    )


def test_chunked_body_stops_just_past_max_body(fault_server: FaultServer) -> None:
    small = UrlTarget(fault_server.url, timeout=2.0, max_body=100_000)
    try:
        outcome = small.invoke("HugeChunked", {})
        assert outcome.fault == "too-large"
        assert outcome.detail is not None
        assert "max_body=100000" in outcome.detail
        assert small.invoke("Ok", {}).ok
    finally:
        small.close()


def test_request_is_awsjson11_and_sigv4_signed(
    target: UrlTarget, fault_server: FaultServer
) -> None:
    before = len(fault_server.requests)
    target.invoke("Ok", {"ModelName": "m", "Bad": [1, "x", None]})
    headers, body = fault_server.requests[before]
    assert body == b'{"ModelName": "m", "Bad": [1, "x", null]}'  # sent exactly as given
    assert headers["X-Amz-Target"] == "SageMaker.Ok"
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert re.fullmatch(
        r"AWS4-HMAC-SHA256 Credential=testing/\d{8}/us-east-1/sagemaker/aws4_request, "
        r"SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}",
        headers["Authorization"],
    ), headers["Authorization"]
    assert "x-amz-target" in headers["Authorization"]
    assert re.fullmatch(r"\d{8}T\d{6}Z", headers["X-Amz-Date"])


def test_region_is_in_the_credential_scope(fault_server: FaultServer) -> None:
    eu = UrlTarget(fault_server.url, region="eu-west-1", timeout=TIMEOUT)
    try:
        eu.invoke("Ok", {})
        assert "/eu-west-1/sagemaker/aws4_request" in fault_server.requests[-1][0]["Authorization"]
    finally:
        eu.close()


SECRET_KEY = "SECRETkeyDoNotLeak0123456789abcdefABCDEF"
SESSION_TOKEN = "TOKENdoNotLeak//ZXhhbXBsZS1zZXNzaW9uLXRva2Vu=="
ACCESS_KEY = "AKIAREDACTIONTEST001"


def _all_text(value: Any) -> str:
    return repr(value)


def test_planted_credentials_never_appear(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", SESSION_TOKEN)
    target = open_target(fault_server.url, timeout=TIMEOUT)
    try:
        before = len(fault_server.requests)
        outcomes = [target.invoke(op, {"ModelName": "m"}) for op in ("Ok", "Echo", "Error400")]
        outcomes.append(target.invoke("Reset", {}))
        # the planted credentials were really used ...
        sent = fault_server.requests[before][0]
        assert f"Credential={ACCESS_KEY}/" in sent["Authorization"]
        assert sent["X-Amz-Security-Token"] == SESSION_TOKEN
        # ... and the server echoed them back, but no outcome or identity holds them
        echo = outcomes[1]
        assert echo.error_code == "EchoException"
        assert "***" in echo.message
        assert echo.body["headers"]["X-Amz-Security-Token"] == "***"
        text = _all_text([*outcomes, target.identity(), target.name, repr(target)])
        for secret in (SECRET_KEY, SESSION_TOKEN, ACCESS_KEY):
            assert secret not in text
        assert target.identity()["credentials"] == "env"
    finally:
        target.close()


def test_identity_describes_without_credentials(
    target: UrlTarget, fault_server: FaultServer
) -> None:
    identity = target.identity()
    assert identity["kind"] == "url"
    assert identity["url"] == fault_server.url
    assert identity["region"] == "us-east-1"
    assert identity["signing"] == "sigv4"
    assert identity["credentials"] == "dummy"
    assert "testing" not in repr(identity)
