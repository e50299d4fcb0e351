"""smcontract: contract-testing and conformance harness for the Amazon SageMaker API.

The public API is small on purpose:

* :func:`load_contracts` and :func:`validate` (from :mod:`smcontract.contracts`),
* the Hypothesis strategies in :mod:`smcontract.strategies`,
* the suites and targets in :mod:`smcontract.suites`,
* the errors in :mod:`smcontract.errors`,
* strict mode for an application's own tests: :func:`strict`, :class:`ContractViolation`
  and its warnings (from :mod:`smcontract.strictmode`).

The names below are imported on first use, so that importing a submodule (the pytest plugin,
which loads in every pytest session) stays cheap.
"""

import typing as _typing

from smcontract._version import __version__

if _typing.TYPE_CHECKING:
    from smcontract.contracts import load_contracts, validate, validate_response
    from smcontract.strictmode import (
        ContractViolation,
        ContractViolationWarning,
        StrictWarning,
        UnknownMemberWarning,
        strict,
    )

__all__ = [
    "ContractViolation",
    "ContractViolationWarning",
    "StrictWarning",
    "UnknownMemberWarning",
    "__version__",
    "load_contracts",
    "strict",
    "validate",
    "validate_response",
]

#: Lazily imported names, and the module each comes from.
_LAZY = {
    "load_contracts": "smcontract.contracts",
    "validate": "smcontract.contracts",
    "validate_response": "smcontract.contracts",
    "strict": "smcontract.strictmode",
    "ContractViolation": "smcontract.strictmode",
    "ContractViolationWarning": "smcontract.strictmode",
    "StrictWarning": "smcontract.strictmode",
    "UnknownMemberWarning": "smcontract.strictmode",
}


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'smcontract' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
