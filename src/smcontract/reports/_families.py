"""Resource families: which family an operation belongs to, and operations grouped by family.

The pack names each operation's family (``Header.families``); an operation it does not name
gets the noun of its name. The report's views list families in the pack's order and the
operations of each by verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["family_of", "grouped"]

_VERBS = ("Create", "Describe", "List", "Update", "Start", "Stop", "Delete")
_FIRST_WORD = re.compile(r"^[A-Z][a-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def family_of(operation: str, families: Mapping[str, str]) -> str:
    """The resource family of ``operation``: the pack's (``Header.families``), else the noun
    of its name (``ListTrialComponents`` -> ``trial-component``)."""
    if operation in families:
        return families[operation]
    noun = _FIRST_WORD.sub("", operation) or operation
    if operation.startswith("List") and noun.endswith("s"):
        noun = noun[:-1]
    return _CAMEL.sub("-", noun).lower()


def _verb_rank(operation: str) -> tuple[int, str]:
    verb = _FIRST_WORD.match(operation)
    word = verb.group() if verb else ""
    return (_VERBS.index(word) if word in _VERBS else len(_VERBS), operation)


def grouped(operations: Iterable[str], families: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """``(family, operations)`` pairs: families in the pack's order (then by name), and the
    operations of each by verb (Create, Describe, List, ..., Delete), then by name."""
    groups: dict[str, list[str]] = {}
    for operation in operations:
        groups.setdefault(family_of(operation, families), []).append(operation)
    known = list(dict.fromkeys(families.values()))
    order = sorted(groups, key=lambda f: (known.index(f) if f in known else len(known), f))
    return [(family, sorted(groups[family], key=_verb_rank)) for family in order]
