"""What strict mode reports: the modes, one finding, the exception and the warnings."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ParamValidationError

from smcontract.contracts import Constraint
from smcontract.errors import UsageError

__all__ = [
    "ContractViolation",
    "ContractViolationWarning",
    "Finding",
    "Mode",
    "StrictWarning",
    "UnknownMemberWarning",
    "parse_mode",
    "provenance",
]


class Mode(enum.StrEnum):
    """What strict mode does with a call that breaks a rule (it records every one in all modes)."""

    RAISE = "raise"  # raise ContractViolation before the call is sent
    WARN = "warn"  # one ContractViolationWarning per distinct violation; the call goes on
    RECORD = "record"  # only record; read them from StrictMode.ledger


def parse_mode(mode: Mode | str) -> Mode:
    """``mode`` as a :class:`Mode`; a :class:`UsageError` naming the choices otherwise."""
    try:
        return Mode(mode)
    except ValueError:
        choices = ", ".join(m.value for m in Mode)
        raise UsageError(f"unknown strict mode {mode!r}; expected one of {choices}") from None


def provenance(constraint: Constraint) -> str:
    """Where a rule comes from, in one line: the quoted sentence and its document, or the model.

    >>> provenance(pack.constraint("CreateModel.ModelName.pattern"))  # doctest: +SKIP
    'botocore 1.44.18 service model, shape ModelName'
    """
    source: Mapping[str, Any] = constraint.source
    origin = source.get("origin")
    if origin == "seed":
        return f'"{source["quote"]}" (seed document {source["file"]})'
    shape = str(source.get("shape", ""))
    member = source.get("member")
    where = f"{shape}.{member}" if member else shape
    version = source.get("botocore_version", "?")
    if origin == "model-doc":
        return f'"{source["quote"]}" (botocore {version} documentation of {where})'
    return f"botocore {version} service model, shape {where}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule of the pack one call breaks, at one member path."""

    operation: str
    constraint_id: str
    kind: str
    path: str  # the concrete member path ("Tags[2].Key"); "" is the request itself
    value: str | None  # the offending value as JSON text (cut at 120 characters); None: absent
    reason: str
    source: str  # provenance(): the quoted sentence or the model shape the rule comes from
    confidence: str  # documented or inferred

    def to_dict(self) -> dict[str, str | None]:
        return {
            "operation": self.operation,
            "constraint_id": self.constraint_id,
            "kind": self.kind,
            "path": self.path,
            "value": self.value,
            "reason": self.reason,
            "source": self.source,
            "confidence": self.confidence,
        }

    def describe(self) -> str:
        """Three lines: rule and place, the offending value, the source."""
        where = self.path or "(the request)"
        value = "absent" if self.value is None else self.value
        return (
            f"  {self.constraint_id} at {where}: {self.reason}\n"
            f"    value: {value}\n"
            f"    source: {self.source} [{self.confidence}]"
        )


def _report(operation: str, findings: Sequence[Finding]) -> str:
    lines = [f"{operation}: the request breaks {len(findings)} rule(s) of the SageMaker contract:"]
    lines += [finding.describe() for finding in findings]
    lines.append(
        "The real service rejects such a request. Fix the call; every rule of the operation: "
        f"smcontract contracts list --operation {operation}"
    )
    return "\n".join(lines)


class ContractViolation(ParamValidationError):  # type: ignore[misc]  # botocore is untyped
    """A SageMaker call broke rules of the contract pack; raised before the call is sent.

    A subclass of botocore's ``ParamValidationError``: code and tests that expect botocore's
    client-side validation error (a missing required member, say) still get one, since strict
    mode checks, and raises, before botocore validates. ``findings`` names each rule, member
    path, offending value and the rule's source.
    """

    fmt = "{report}"

    def __init__(self, operation: str, findings: Sequence[Finding]) -> None:
        self.operation = operation
        self.findings = tuple(findings)
        super().__init__(report=_report(operation, self.findings))

    @property
    def constraint_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.constraint_id for f in self.findings))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.operation, self.findings))


class StrictWarning(UserWarning):
    """Base class of strict mode's warnings (``-W error::smcontract.StrictWarning``)."""


class ContractViolationWarning(StrictWarning):
    """mode="warn": a call broke a rule (one warning per rule and member path)."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(_report(finding.operation, [finding]))


class UnknownMemberWarning(StrictWarning):
    """A call set a member botocore knows but the contract pack does not (a newer botocore)."""

    def __init__(self, operation: str, member: str, pack_botocore: str | None) -> None:
        self.operation = operation
        self.member = member
        built = f" (built from botocore {pack_botocore})" if pack_botocore else ""
        super().__init__(
            f"{operation}: member {member} is not in smcontract's contract pack{built}, so "
            "strict mode does not check it. See what the installed botocore adds with: "
            "smcontract contracts diff"
        )
