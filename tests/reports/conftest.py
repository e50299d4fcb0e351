"""Event streams built by hand from the event dataclasses, for the reports tests.

Verdicts are spread over targets and constraints by cycling through VERDICTS, so every
verdict appears; tests derive what they expect from the events, never from a typed table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from smcontract.reports import ReportBuilder
from smcontract.reports import _redact as redact_module
from smcontract.suites.events import (
    VERDICTS,
    CaseFinished,
    ConstraintVerdict,
    Event,
    OperationSummary,
    RunFinished,
    RunStarted,
)

TARGETS: list[dict[str, Any]] = [
    {"name": "moto", "kind": "moto", "mode": "in-process", "region": "us-east-1"},
    {
        "name": "aws",
        "kind": "url",
        "url": "https://api.sagemaker.eu-west-1.amazonaws.com",
        "region": "eu-west-1",
        "credentials": "environment",
    },
    {
        "name": "local<&>",
        "kind": "moto-server",
        "url": "http://127.0.0.1:5123",
        "region": "us-east-1",
    },
]
OPERATIONS = ["CreateModel", "DescribeModel", "ListModels"]
MEMBERS = [("ModelName", "length"), ("ModelName", "pattern"), ("Tags.Key", "length"), ("X", "enum")]
# Messages a target might send: HTML, quotes, unicode, a bidi override, a control character.
MESSAGES = [
    "1 validation error detected: Value '<script>alert(\"x\")</script>' at 'modelName'",
    "Valeur « ModèleÉtrange » refusée — 名前が長すぎます 🚫 & <b>bold</b>",
    "line one\nline two\x07 with bell and \u202eoverride",
    "plain message | with | pipes and `ticks` and [link](http://evil.example)",
]


def constraints() -> list[tuple[str, str, str, str]]:
    """``(operation, constraint_id, path, kind)`` for every constraint the streams test."""
    return [(op, f"{op}.{path}.{kind}", path, kind) for op in OPERATIONS for path, kind in MEMBERS]


def _outcome(index: int, message: str) -> dict[str, Any]:
    status = (400, 200, 500, 501)[index % 4]
    return {
        "status": status,
        "error_code": "ValidationException" if status == 400 else None,
        "message": message,
        "layer": "server",
        "fault": None,
        "detail": None,
        "elapsed": 0.01,
    }


def _cases(target: str, op: str, cid: str, n: int, offset: int) -> Iterator[CaseFinished]:
    for case in range(n):
        message = MESSAGES[(offset + case) % len(MESSAGES)]
        yield CaseFinished(
            target=target,
            operation=op,
            constraint_id=cid,
            expect="reject",
            label=f"case {case} ünïcödé",
            request={"ModelName": f"m-{case}-<&>-é", "Tags": [{"Key": "k" * (case + 1)}]},
            outcome=_outcome(offset + case, message),
            classification="HARNESS ERROR" if case == 2 else "ENFORCED",
        )


def _verdict(target: str, index: int, op: str, cid: str, path: str, kind: str) -> ConstraintVerdict:
    verdict = VERDICTS[index % len(VERDICTS)]
    message = MESSAGES[index % len(MESSAGES)]
    return ConstraintVerdict(
        target=target,
        operation=op,
        constraint_id=cid,
        kind=kind,
        path=path,
        direction="input",
        level="L2",
        verdict=verdict,
        reason=f"{verdict.lower()}: {message}",
        evidence={"request": {"ModelName": f"bad<{index}>"}, "outcome": _outcome(index, message)},
        cases=3,
        layer="server",
    )


def build_stream(*, targets: list[dict[str, Any]] | None = None, cases: int = 3) -> list[Event]:
    """A whole run: every verdict, several targets, unicode and HTML in every message."""
    targets = TARGETS if targets is None else targets
    events: list[Event] = [
        RunStarted(
            run_id="run-1",
            mode="certify",
            seed=1234,
            targets=targets,
            operations=OPERATIONS,
            contracts_sha256="0123456789abcdef" * 4,
            contracts_origin="builtin",
            botocore_version="1.44.20",
            smcontract_version="0.1.0",
            python_version="3.11.9",
            started_at="2026-11-24T13:00:00Z",
            contracts_botocore_version="1.44.18",
        )
    ]
    for t_index, target in enumerate(targets):
        for c_index, (op, cid, _, _) in enumerate(constraints()):
            events += _cases(target["name"], op, cid, cases, t_index + c_index)
    for t_index, target in enumerate(targets):
        for c_index, (op, cid, path, kind) in enumerate(constraints()):
            events.append(_verdict(target["name"], t_index + c_index, op, cid, path, kind))
    for target in targets:
        for op in OPERATIONS:
            events.append(
                OperationSummary(
                    target["name"],
                    op,
                    "REJECTS VALID" if op == "ListModels" else "ACCEPTS VALID",
                    "RESPONSE CONFORMS",
                    {"cases": cases * len(MEMBERS)},
                )
            )
    events.append(RunFinished("2026-11-24T13:05:00Z", interrupted=False, exit_code=1))
    return events


def fold(events: list[Event], **kwargs: Any) -> ReportBuilder:
    """A builder that has seen ``events``."""
    builder = ReportBuilder(**kwargs)
    for event in events:
        builder.handle(event)
    return builder


@pytest.fixture
def stream() -> list[Event]:
    return build_stream()


@pytest.fixture
def make_stream() -> Callable[..., list[Event]]:
    return build_stream


@pytest.fixture
def planted_secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """Recognisable AWS secrets in this process's environment (and the redactor's cache)."""
    secret = "wJalrXUtnFEMI/K7MDENG/PLANTEDsecretKEY0123"
    token = "IQoJb3JpZ2luX2VjEPLANTEDsessionTOKEN/abc+def=="
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAPLANTEDKEYID0001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    monkeypatch.setenv("AWS_SESSION_TOKEN", token)
    redact_module._env_secrets.cache_clear()
    yield secret, token
    redact_module._env_secrets.cache_clear()


@pytest.fixture(name="fold")
def fold_fixture() -> Callable[..., ReportBuilder]:
    return fold


@pytest.fixture(name="constraints")
def constraints_fixture() -> list[tuple[str, str, str, str]]:
    return constraints()
