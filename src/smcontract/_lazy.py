"""PEP 562 lazy names for a package's ``__init__``: the package lists, for each name it
exports without importing, the module that defines it; the first access imports that module.

Used by ``smcontract.contracts``, ``smcontract.suites`` and ``smcontract.strictmode``.
(``smcontract/__init__.py`` keeps its own few lines: the pytest plugin's import-free check
allows no module besides ``smcontract`` and ``smcontract._version`` there.)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, table: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's ``__getattr__`` and ``__dir__``: ``table`` maps a name to its module;
    a name once imported is kept in ``namespace`` (the package's globals)."""

    def __getattr__(name: str) -> Any:
        if name in table:
            value = getattr(importlib.import_module(table[name]), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(table))

    return __getattr__, __dir__
