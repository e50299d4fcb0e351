"""A profile's patterns against the pack's operations (shared by ``ContractPack`` and the
selection of ``_select.py``; imports nothing of the package)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

__all__ = ["GLOB", "expand"]

GLOB = frozenset("*?[")


def expand(operations: Sequence[str], patterns: Iterable[str]) -> list[str]:
    """The operations the patterns name, each once: an exact name itself, a glob its matches
    in pack order."""
    found: list[str] = []
    for pattern in patterns:
        if not GLOB & set(pattern):
            found += [pattern] if pattern in operations else []
        else:
            found += [op for op in operations if fnmatch.fnmatchcase(op, pattern)]
    return list(dict.fromkeys(found))
