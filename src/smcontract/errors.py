"""Errors smcontract raises for things a user can fix.

Every message says, in this order: what was found, where, what was expected, and how to fix
it. The CLI prints ``str(error)`` without a traceback and exits with ``error.exit_code``.

Like jsonschema's ``ValidationError``, an error keeps what it is about as fields, not only in
its text: :class:`ContractError` has ``file``, ``pointer`` (a JSON pointer into that file),
``value`` (the offending value), ``line``/``column`` (for a document that does not parse)
and ``reason`` (the message without the location); :class:`UsageError` has ``value``, the
argument it refuses, when it names one.

>>> err = ContractError("not a string", file="model/X.json", pointer="/operation", value=3)
>>> str(err), err.pointer, err.value
('model/X.json at /operation: not a string', '/operation', 3)
"""

from __future__ import annotations

__all__ = ["ContractError", "SmcontractError", "TargetError", "TargetTimeout", "UsageError"]


class SmcontractError(Exception):
    """Base class of the errors a user can act on."""

    exit_code = 2


class UsageError(SmcontractError):
    """A bad flag, an unknown operation or constraint ID, an unwritable directory.

    ``value``: the argument refused (an operation name, a target spec ...), None when the
    error names none.
    """

    def __init__(self, message: str, *, value: object = None) -> None:
        self.value = value
        super().__init__(message)


class ContractError(SmcontractError):
    """A contract document that does not load or does not follow the meta-schema.

    ``file``: the document (as the pack names it); ``pointer``: the JSON pointer of the
    offending member; ``value``: the offending value (None when the error has none, for
    example a file that does not parse); ``line``/``column``: where a document that is not
    JSON stops parsing; ``reason``: the message without the location. Each is None when
    unknown.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        pointer: str | None = None,
        value: object = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.pointer = pointer
        self.value = value
        self.line = line
        self.column = column
        where = ""
        if file is not None:
            where = f"{file}" + (f" at {pointer}" if pointer else "") + ": "
        super().__init__(where + message)


class TargetError(SmcontractError):
    """A target that cannot be used at all (unreachable URL, missing adapter command)."""


class TargetTimeout(TargetError):
    """A target that gave no answer within its timeout to a harness request (a reset)."""
