"""``junit.xml``: one ``<testsuite>`` per target, one ``<testcase>`` per (target, constraint).

``NOT ENFORCED`` and ``WRONG ERROR`` are ``<failure>``s (the implementation is wrong),
``SERVER ERROR`` and ``NOT IMPLEMENTED`` are ``<error>``s (it could not answer), ``UNTESTED``
and ``WAIVED`` are ``<skipped>`` with the reason, ``ENFORCED`` passes. Every failure and error
carries the verdict, the minimal request as JSON, the response and the reproduce commands.

Each operation adds two test cases, ``<Operation> valid requests`` and ``<Operation>
responses``: ``REJECTS VALID`` and ``RESPONSE VIOLATES`` are failures, ``SERVER ERROR`` and
``NOT IMPLEMENTED`` on valid requests errors, so a target that refuses everything fails here
as it fails the run.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from smcontract.reports._model import OperationResult, Result
from smcontract.reports._report import Report
from smcontract.reports._text import pretty_json, printable, response_line
from smcontract.suites.events import (
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    UNTESTED,
    WAIVED,
    WRONG_ERROR,
)

__all__ = ["junit_outcome", "render_junit"]

_FAILURE = {NOT_ENFORCED, WRONG_ERROR, "REJECTS VALID", "RESPONSE VIOLATES"}
_PASSED = {"ENFORCED", "ACCEPTS VALID", "RESPONSE CONFORMS"}
_ERROR = {SERVER_ERROR, NOT_IMPLEMENTED}
_SKIPPED = {UNTESTED, WAIVED}


def junit_outcome(verdict: str) -> str:
    """``"failure"``, ``"error"``, ``"skipped"`` or ``"passed"`` for a constraint verdict or
    an operation's verdict on valid requests or on responses.

    An unknown verdict is an ``"error"``: a report must not pass what it does not understand.
    """
    if verdict in _FAILURE:
        return "failure"
    if verdict in _ERROR:
        return "error"
    if verdict in _SKIPPED:
        return "skipped"
    return "passed" if verdict in _PASSED else "error"


def _element(tag: str, **attributes: Any) -> ET.Element:
    return ET.Element(tag, {k: printable(v) for k, v in attributes.items() if v is not None})


def _finding_text(result: Result) -> str:
    """The body of a ``<failure>`` or ``<error>``: verdict, request, response, commands."""
    lines = [
        f"Verdict: {result.verdict} ({result.reason})",
        f"Constraint: {result.constraint_id} ({result.kind} at {result.path or '-'}, "
        f"{result.direction})",
        f"Target: {result.target}; cases: {result.cases}; layer: {result.layer or '-'}",
    ]
    if result.evidence is not None:
        title = "Request (minimal, shrunk):" if result.evidence.shrunk else "Request:"
        lines += [title, pretty_json(result.evidence.request)]
        lines += ["Response: " + response_line(result.evidence.response)]
    if result.reproduce:
        lines += ["Reproduce:", *result.reproduce]
    return printable("\n".join(lines))


def _testcase(result: Result) -> ET.Element:
    case = _element(
        "testcase",
        classname=f"smcontract.{result.target}.{result.operation}",
        name=result.constraint_id,
        time="0",
    )
    outcome = junit_outcome(result.verdict)
    if outcome in ("failure", "error"):
        child = _element(outcome, type=result.verdict, message=f"{result.verdict}: {result.reason}")
        child.text = _finding_text(result)
        case.append(child)
    elif outcome == "skipped":
        case.append(_element("skipped", message=f"{result.verdict}: {result.reason}"))
    return case


def _operation_cases(op: OperationResult) -> list[ET.Element]:
    """The ``valid requests`` and ``responses`` test cases of one operation."""
    cases = []
    classname = f"smcontract.{op.target}.{op.operation}"
    for what, verdict in (("valid requests", op.valid_verdict), ("responses", op.response_verdict)):
        case = _element("testcase", classname=classname, name=f"{op.operation} {what}", time="0")
        outcome = junit_outcome(verdict)
        if outcome in ("failure", "error"):
            child = _element(outcome, type=verdict, message=f"{verdict}: {op.operation} {what}")
            lines = [f"Verdict: {verdict}", f"Target: {op.target}"]
            if what == "responses" and op.response_violations:
                lines.append("Violated: " + ", ".join(op.response_violations))
            if what == "valid requests" and op.evidence is not None:
                lines += ["Request:", pretty_json(op.evidence.request)]
                lines.append("Response: " + response_line(op.evidence.response))
            child.text = printable("\n".join(lines))
            case.append(child)
        elif outcome == "skipped":
            case.append(_element("skipped", message=f"{verdict}: {op.note or 'not tested'}"))
        cases.append(case)
    return cases


def _properties(report: Report, target: str) -> ET.Element:
    header = report.header
    values: dict[str, object] = {
        "smcontract_version": header.smcontract_version,
        "contracts_sha256": header.contracts_sha256,
        "contracts_origin": header.contracts_origin,
        "botocore_version": header.botocore_version,
        "contracts_botocore_version": header.contracts_botocore_version,
        "mode": header.mode,
        "seed": header.seed,
        "run_id": header.run_id,
        "interrupted": str(header.interrupted).lower(),
    }
    for key, value in sorted(header.identity_of(target).items()):
        if isinstance(value, str | int | float | bool):
            values[f"target.{key}"] = value
    properties = ET.Element("properties")
    for name, value in values.items():
        if value is not None:
            properties.append(_element("property", name=name, value=value))
    return properties


def _counts(results: list[Result], operations: list[OperationResult]) -> dict[str, str]:
    verdicts = [r.verdict for r in results]
    verdicts += [v for op in operations for v in (op.valid_verdict, op.response_verdict)]
    outcomes = Counter(junit_outcome(verdict) for verdict in verdicts)
    return {
        "tests": str(len(verdicts)),
        "failures": str(outcomes["failure"]),
        "errors": str(outcomes["error"]),
        "skipped": str(outcomes["skipped"]),
        "time": "0",
    }


def _testsuite(report: Report, target: str) -> ET.Element:
    results = [result for result in report.results if result.target == target]
    operations = [op for op in report.operations if op.target == target]
    suite = _element(
        "testsuite",
        name=f"smcontract.{target}",
        timestamp=report.header.started_at,
        **_counts(results, operations),
    )
    suite.append(_properties(report, target))
    for result in results:
        suite.append(_testcase(result))
    for op in operations:
        suite.extend(_operation_cases(op))
    return suite


def render_junit(report: Report) -> str:
    """``junit.xml`` for ``report`` (a redacted report: writers redact before rendering)."""
    root = _element(
        "testsuites", name="smcontract", **_counts(list(report.results), list(report.operations))
    )
    for target in report.target_names:
        root.append(_testsuite(report, target))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
