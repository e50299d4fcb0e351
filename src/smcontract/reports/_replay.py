"""The published report schema, and reading a report back for ``smcontract replay``."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from smcontract._hints import closest_hint
from smcontract.errors import UsageError

if TYPE_CHECKING:
    import jsonschema

__all__ = ["RecordedCase", "load_report", "recorded_cases", "report_schema"]

_SCHEMA_FILE = "report.schema.json"


@functools.cache
def _schema_text() -> str:
    return resources.files("smcontract.reports").joinpath(_SCHEMA_FILE).read_text("utf-8")


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every ``report.json`` validates against (a fresh copy)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def _pointer(parts: Any) -> str:
    """A JSON pointer (RFC 6901) from a path of keys and indexes; ``""`` is the whole file."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "".join("/" + part for part in escaped)


def _expected(error: jsonschema.ValidationError) -> str:
    """What the schema wanted at the failing place, in words."""
    keyword, value = error.validator, error.validator_value
    if keyword == "const":
        return f"the value {value!r}"
    if keyword == "enum":
        return "one of " + ", ".join(repr(v) for v in value)
    if keyword == "required":
        return "the members " + ", ".join(repr(v) for v in value)
    if keyword == "type":
        return f"a value of type {value}"
    if keyword == "additionalProperties":
        return "no members other than the documented ones"
    return f"{keyword} {value!r}"


def _not_a_report(path: str, pointer: str, message: str, expected: str) -> UsageError:
    where = f"{path} at {pointer or '/'}"
    return UsageError(
        f"{where} is not an smcontract report: {message}; expected {expected}. "
        "Pass the report.json an smcontract run wrote "
        "(its schema: smcontract report-schema)."
    )


def validate_report(data: Any, *, source: str = "<report>") -> None:
    """Raise :class:`UsageError` (file, JSON pointer, expectation) unless ``data`` is a report."""
    import jsonschema  # only reading a report back needs it, not writing one

    validator = jsonschema.Draft202012Validator(report_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise _not_a_report(source, _pointer(error.absolute_path), error.message, _expected(error))


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate a ``report.json``; raise :class:`UsageError` when it is not one."""
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(
            f"cannot read report {file}: {reason}. Pass the report.json of an smcontract run."
        ) from error
    try:
        data = json.loads(text)
    except RecursionError:
        raise _not_a_report(str(file), "", "JSON nested too deeply", "a report.json") from None
    except json.JSONDecodeError as error:
        raise _not_a_report(
            str(file),
            "",
            f"invalid JSON at line {error.lineno} column {error.colno} ({error.msg})",
            "a JSON document",
        ) from error
    validate_report(data, source=str(file))
    report: dict[str, Any] = data
    return report


class RecordedCase(NamedTuple):
    """One recorded request to send again, and what the target answered the first time.

    ``old_outcome`` is the recorded response (``status``, ``error_code``, ``message``, and
    ``layer``/``fault``/``detail``/``body`` when known) plus the result's ``verdict`` and
    ``reason``.
    """

    target: str
    operation: str
    constraint_id: str
    request: Any
    old_outcome: dict[str, Any]


def _unknown_constraint(constraint_id: str, known: list[str]) -> UsageError:
    hint = closest_hint(constraint_id, known, " Closest: {}.", n=5, cutoff=0.5)
    return UsageError(
        f"constraint ID {constraint_id!r} has no recorded request in this report.{hint} "
        "Only results with a whole recorded request can be replayed."
    )


def recorded_cases(
    report: Mapping[str, Any], constraint_id: str | None = None
) -> list[RecordedCase]:
    """The recorded requests of ``report`` (every result with evidence, or one constraint's).

    Raises :class:`UsageError`, with the closest IDs, when ``constraint_id`` has no recorded
    request in the report.
    """
    cases = []
    for result in report["results"]:
        evidence = result.get("evidence")
        request = evidence.get("request") if evidence else None
        if request is None or (isinstance(request, dict) and request.get("$truncated") is True):
            continue
        outcome = {**evidence["response"], "verdict": result["verdict"], "reason": result["reason"]}
        cases.append(
            RecordedCase(
                result["target"],
                result["operation"],
                result["constraint_id"],
                request,
                outcome,
            )
        )
    if constraint_id is None:
        return cases
    chosen = [case for case in cases if case.constraint_id == constraint_id]
    if not chosen:
        raise _unknown_constraint(constraint_id, sorted({c.constraint_id for c in cases}))
    return chosen
