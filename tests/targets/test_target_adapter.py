"""The adapter target against a fake adapter: answers, faults and restarts."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer

from smcontract.suites.targets import AdapterTarget, open_target

FAKE = Path(__file__).with_name("fake_adapter.py")
COMMAND = f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))}"
TIMEOUT = 1.0


@pytest.fixture
def adapter() -> Iterator[AdapterTarget]:
    target = open_target(f"adapter:{COMMAND}", timeout=TIMEOUT)
    assert isinstance(target, AdapterTarget)
    yield target
    target.close()


def _pid(adapter: AdapterTarget) -> int:
    outcome = adapter.invoke("Pid", {})
    assert outcome.ok, outcome
    return int(outcome.body["pid"])


def test_answer_line_becomes_the_outcome(adapter: AdapterTarget) -> None:
    outcome = adapter.invoke("Echo", {"ModelName": ["odd", 1]})
    assert (outcome.status, outcome.fault, outcome.layer) == (200, None, "server")
    assert outcome.body["echo"] == {"ModelName": ["odd", 1]}
    assert outcome.body["AWS_REGION"] == "us-east-1"
    assert outcome.body["SMCONTRACT_ENDPOINT"] is None


def test_process_is_started_once(adapter: AdapterTarget) -> None:
    assert _pid(adapter) == _pid(adapter)


def test_client_layer(adapter: AdapterTarget) -> None:
    outcome = adapter.invoke("Client", {})
    assert (outcome.layer, outcome.status, outcome.error_code, outcome.fault) == (
        "client",
        None,
        "ValidationError",
        None,
    )


@pytest.mark.parametrize(
    ("operation", "status", "fault", "code"),
    [
        ("Raw500", 500, "not-implemented", None),
        ("Json500", 500, "http-5xx", "InternalFailure"),
        ("Unknown", 400, "not-implemented", "UnknownOperationException"),
    ],
)
def test_faults_derived_from_the_answer(
    adapter: AdapterTarget, operation: str, status: int, fault: str, code: str | None
) -> None:
    outcome = adapter.invoke(operation, {})
    assert (outcome.status, outcome.fault, outcome.error_code) == (status, fault, code)


@pytest.mark.parametrize(
    ("operation", "fault", "detail"),
    [
        ("Die", "connection", "adapter exited with code 3; stderr: dying on purpose"),
        ("Garbage", "not-json", "adapter answer is not JSON: 'this is not json'"),
        (
            "WrongShape",
            "not-json",
            "adapter answer has status '200', not an integer or null: '{\"status\": \"200\"}'",
        ),
        ("Hang", "timeout", "no answer from the adapter within 1 s"),
    ],
)
def test_broken_adapter_is_a_fault_and_is_restarted(
    adapter: AdapterTarget, operation: str, fault: str, detail: str
) -> None:
    first = _pid(adapter)
    outcome = adapter.invoke(operation, {})
    assert (outcome.fault, outcome.layer, outcome.status) == (fault, "transport", None)
    assert outcome.detail == detail
    second = _pid(adapter)
    assert second != first
    assert adapter.identity()["restarts"] == 1


def test_backing_url_is_passed_as_endpoint(fault_server: FaultServer) -> None:
    url = fault_server.url
    target = open_target(f"adapter:{COMMAND}", backing=url, region="eu-west-1")
    try:
        outcome = target.invoke("Echo", {})
        assert outcome.body["SMCONTRACT_ENDPOINT"] == url
        assert outcome.body["AWS_REGION"] == "eu-west-1"
        assert target.identity()["endpoint"] == url
    finally:
        target.close()


def test_secrets_in_adapter_answers_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "ADAPTERsecretKEYdoNotLeak0123456789"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAADAPTERTEST00001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    target = open_target(f"adapter:{COMMAND}")
    try:
        outcome = target.invoke("Secret", {})
        assert outcome.message == "key=***"
        assert outcome.body == {"k": "***"}
        assert secret not in repr(target.identity())
    finally:
        target.close()


def test_close_ends_the_process(adapter: AdapterTarget) -> None:
    pid = _pid(adapter)
    adapter.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
