"""Errors smcontract raises for things a user can fix.

Every message says, in this order: what was found, where, what was expected, and how to fix
it. The CLI prints ``str(error)`` without a traceback and exits with ``error.exit_code``.
"""

from __future__ import annotations

__all__ = ["ContractError", "SmcontractError", "TargetError", "TargetTimeout", "UsageError"]


class SmcontractError(Exception):
    """Base class of the errors a user can act on."""

    exit_code = 2


class UsageError(SmcontractError):
    """A bad flag, an unknown operation or constraint ID, an unwritable directory."""


class ContractError(SmcontractError):
    """A contract document that does not load or does not follow the meta-schema."""

    def __init__(self, message: str, *, file: str | None = None, pointer: str | None = None):
        self.file = file
        self.pointer = pointer
        where = ""
        if file is not None:
            where = f"{file}" + (f" at {pointer}" if pointer else "") + ": "
        super().__init__(where + message)


class TargetError(SmcontractError):
    """A target that cannot be used at all (unreachable URL, missing adapter command)."""


class TargetTimeout(TargetError):
    """A target that gave no answer within its timeout to a harness request (a reset)."""
