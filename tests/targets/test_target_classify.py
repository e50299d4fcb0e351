"""The shared classification and redaction rules, one by one."""

from __future__ import annotations

import pytest

from smcontract.suites.targets import Outcome
from smcontract.suites.targets._classify import classify_http, normalise_code, unrouted
from smcontract.suites.targets._redact import redact


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ValidationException", "ValidationException"),
        ("com.amazonaws.sagemaker#ValidationException", "ValidationException"),
        ("ValidationException:http://internal.amazon.com/coral/", "ValidationException"),
        ("aws.protocoltests.restjson#FooError:http://internal.amazon.com/", "FooError"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_code(raw: str | None, expected: str | None) -> None:
    assert normalise_code(raw) == expected


def test_body_code_field_before_type() -> None:
    outcome = classify_http(400, {}, b'{"code": "A", "__type": "B", "Message": "m"}')
    assert (outcome.error_code, outcome.message, outcome.fault) == ("A", "m", None)


def test_header_lookup_ignores_case() -> None:
    outcome = classify_http(400, {"x-amzn-errortype": "Throttling"}, b"{}")
    assert outcome.error_code == "Throttling"


def test_5xx_text_marker_is_not_implemented_only_on_5xx() -> None:
    text = b"<p>The x action has not been implemented</p>"
    assert classify_http(500, {}, text).fault == "not-implemented"
    assert classify_http(400, {}, text).fault == "not-json"


def test_an_empty_404_is_a_missing_operation_only_for_moto() -> None:
    """moto 5.2.6 answers an operation it has no route for with 404 and no body."""
    missing = unrouted("CreateUnicorn", 404, b"", 0.0)
    assert missing is not None
    assert (missing.status, missing.fault) == (404, "not-implemented")
    assert missing.detail is not None
    assert "SageMaker.CreateUnicorn" in missing.detail
    assert unrouted("CreateUnicorn", 404, b'{"__type": "ResourceNotFound"}', 0.0) is None
    assert unrouted("CreateUnicorn", 400, b"", 0.0) is None
    # Any other endpoint: an empty 404 is more likely a wrong path, and stays not-json.
    assert classify_http(404, {}, b"").fault == "not-json"


def test_empty_error_body_is_not_json() -> None:
    outcome = classify_http(400, {}, b"")
    assert (outcome.fault, outcome.detail) == (
        "not-json",
        "HTTP 400, no Content-Type, 0 bytes, empty body: ''",
    )


def _outcome(**fields: object) -> Outcome:
    base: dict[str, object] = {
        "status": 400,
        "error_code": None,
        "message": None,
        "body": None,
        "layer": "server",
        "fault": None,
    }
    return Outcome(**{**base, **fields})  # type: ignore[arg-type]


def test_redact_masks_every_text_field_and_body_keys() -> None:
    secret = "s3cr3t-value-123"
    outcome = _outcome(
        error_code=f"E{secret}",
        message=f"token {secret} here",
        detail=f"detail {secret}",
        body={"list": [f"x{secret}", 1], secret: {"deep": secret}},
    )
    masked = redact(outcome, [secret, None, ""])
    assert secret not in repr(masked)
    assert masked.message == "token *** here"
    assert masked.body == {"list": ["x***", 1], "***": {"deep": "***"}}


def test_redact_without_secrets_is_the_same_object() -> None:
    outcome = _outcome(message="nothing to hide")
    assert redact(outcome, []) is outcome
    assert redact(outcome, ["absent-secret"]) is outcome
    short = _outcome(message="abc is a short word")
    assert redact(short, ["abc"]) is short  # too short to mask safely
