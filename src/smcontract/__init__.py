"""smcontract: contract-testing and conformance harness for the Amazon SageMaker API.

The public API is small on purpose:

* :func:`load_contracts` and :func:`validate` (from :mod:`smcontract.contracts`),
* the Hypothesis strategies in :mod:`smcontract.strategies`,
* the suites and targets in :mod:`smcontract.suites`,
* the errors in :mod:`smcontract.errors`.

The names below are imported on first use, so that importing a submodule (the pytest plugin,
which loads in every pytest session) stays cheap.
"""

import typing as _typing

from smcontract._version import __version__

if _typing.TYPE_CHECKING:
    from smcontract.contracts import load_contracts, validate, validate_response

__all__ = ["__version__", "load_contracts", "validate", "validate_response"]

_LAZY = frozenset({"load_contracts", "validate", "validate_response"})


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        import smcontract.contracts

        value = getattr(smcontract.contracts, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'smcontract' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY)
