"""No credential reaches any output, whatever a target echoes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from smcontract.reports import FORMATS, NdjsonSink, ReportBuilder, redact, write_reports
from smcontract.reports._redact import MASK
from smcontract.suites.events import CaseFinished, ConstraintVerdict, OperationSummary


def _leaky_events(secret: str, token: str) -> list:
    request_headers = {
        "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIAPLANTEDKEYID0001/20261124/us-east-1/"
        f"sagemaker/aws4_request, SignedHeaders=host, Signature={'ab12' * 16}",
        "X-Amz-Security-Token": token,
    }
    outcome = {
        "status": 403,
        "error_code": "InvalidSignatureException",
        "message": (
            f"The request signature we calculated does not match; secret was {secret}; "
            "Credential=AKIAPLANTEDKEYID0001/20261124/us-east-1/sagemaker/aws4_request"
        ),
        "layer": "server",
        "fault": None,
        "detail": f"request headers: {request_headers}",
        "body": {"echo": {"headers": request_headers, "SessionToken": token}},
    }
    return [
        CaseFinished(
            "aws",
            "CreateModel",
            "CreateModel.ModelName.length",
            "reject",
            "leak",
            {"ModelName": "x", "Password": secret},
            outcome,
            [],
            "WRONG ERROR",
        ),
        ConstraintVerdict(
            "aws",
            "CreateModel",
            "CreateModel.ModelName.length",
            "length",
            "ModelName",
            "input",
            "L2",
            "WRONG ERROR",
            f"wrong error: {outcome['message']} token={token}",
            {"request": {"ModelName": "x", "note": token}, "outcome": outcome},
            1,
            "server",
        ),
        OperationSummary(
            "aws",
            "CreateModel",
            "REJECTS VALID",
            "UNTESTED",
            {"cases": 1},
            {"request": {"ModelName": secret}, "outcome": outcome},
        ),
    ]


def test_planted_secrets_appear_in_no_output(make_stream, fold, tmp_path, planted_secrets):
    secret, token = planted_secrets
    events = [*make_stream(), *_leaky_events(secret, token)]
    with NdjsonSink(tmp_path / "events.ndjson") as sink:
        for event in events:
            sink.handle(event)
    paths = write_reports(fold(events).report(), tmp_path, formats=FORMATS)
    assert {p.name for p in paths} == {
        "report.json",
        "junit.xml",
        "report.html",
        "report.md",
        "events.ndjson",
    }
    for path in tmp_path.iterdir():
        text = path.read_text("utf-8")
        for needle in (
            secret,
            token,
            "ab12" * 16,
            "AKIAPLANTEDKEYID0001",
            secret.replace("/", "\\/"),
        ):
            assert needle not in text, (path.name, needle)
    # the evidence is still there, only the secrets are gone
    report_text = (tmp_path / "report.json").read_text("utf-8")
    assert "The request signature we calculated does not match" in report_text
    assert "20261124/us-east-1/sagemaker/aws4_request" in report_text


def test_secret_keys_are_masked_case_insensitively_but_next_token_stays():
    data = {
        "authorization": "Bearer abc",
        "X-AMZ-SIGNATURE": "00ff",
        "Token": "t0k3n",
        "NextToken": "page-2",
        "nested": [{"SecretAccessKey": "s3cr3t", "password": None}],
    }
    assert redact(data) == {
        "authorization": MASK,
        "X-AMZ-SIGNATURE": MASK,
        "Token": MASK,
        "NextToken": "page-2",
        "nested": [{"SecretAccessKey": MASK, "password": None}],
    }


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        (
            "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261124%2Fus-east-1%2Fsagemaker",
            "%2F20261124%2Fus-east-1%2Fsagemaker",
            "AKIAIOSFODNN7EXAMPLE",
        ),
        ("Signature=" + "0f" * 32 + ", next", ", next", "0f" * 32),
        ("https://bob:hunter22@proxy.example:8080/", "proxy.example:8080", "hunter22"),
        ("aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCY", "aws_secret_access_key", "wJalr"),
        ("X-Amz-Security-Token=IQoJb3JpZ2lu&foo=1", "&foo=1", "IQoJb3JpZ2lu"),
    ],
)
def test_secret_looking_text_is_masked(text, kept, gone):
    masked = redact(text)
    assert kept in masked
    assert gone not in masked
    assert redact(masked) == masked  # idempotent


def test_shell_variables_in_commands_survive():
    command = (
        '--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" '
        '-H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"'
    )
    assert redact(command) == command


def test_environment_secrets_are_masked_anywhere(planted_secrets):
    secret, token = planted_secrets
    assert redact({"k": f"prefix {secret} suffix", "t": [token]}) == {
        "k": f"prefix {MASK} suffix",
        "t": [MASK],
    }


def test_builder_redacts_what_it_keeps(planted_secrets):
    secret, token = planted_secrets
    builder = ReportBuilder()
    for event in _leaky_events(secret, token):
        builder.handle(event)
    assert secret not in repr(builder.report())
    assert token not in repr(builder.report())


def test_short_environment_values_are_not_masked(monkeypatch):
    from smcontract.reports import _redact

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "a")
    _redact._env_secrets.cache_clear()
    try:
        assert redact("a banana") == "a banana"
    finally:
        _redact._env_secrets.cache_clear()


def test_paths_are_not_secrets(tmp_path: Path):
    assert redact(str(tmp_path)) == str(tmp_path)


def test_a_clean_value_is_not_copied_and_a_dirty_one_is_copied_not_changed():
    clean = {"results": [{"request": {"ModelName": "m", "Tags": [{"Key": "a"}]}}], "n": 3}
    assert redact(clean) is clean
    dirty = {"results": [{"request": {"Authorization": "AWS4-HMAC-SHA256 abc"}}], "n": 3}
    masked = redact(dirty)
    assert masked is not dirty
    assert masked["results"][0]["request"]["Authorization"] == MASK
    assert dirty["results"][0]["request"]["Authorization"] == "AWS4-HMAC-SHA256 abc"
    assert redact(("a", "b")) == ["a", "b"]
