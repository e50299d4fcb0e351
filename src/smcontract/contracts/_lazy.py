"""A pack's operations as a mapping that reads each operation's documents on first access."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping

from smcontract.contracts._model import OperationContract

__all__ = ["LazyOperations"]


class LazyOperations(Mapping[str, OperationContract]):
    """Operation name -> contract, in pack order; ``build`` runs once per operation, on the
    first lookup (thread-safe). Membership, iteration and ``len`` read the names only."""

    def __init__(self, names: tuple[str, ...], build: Callable[[str], OperationContract]) -> None:
        self._names = names
        self._known = frozenset(names)
        self._build = build
        self._loaded: dict[str, OperationContract] = {}
        self._lock = threading.RLock()

    def __getitem__(self, name: str) -> OperationContract:
        found = self._loaded.get(name)
        if found is not None:
            return found
        if name not in self._known:
            raise KeyError(name)
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = self._build(name)
            return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    @property
    def loaded(self) -> tuple[str, ...]:
        """The operations read so far, in pack order."""
        return tuple(name for name in self._names if name in self._loaded)

    def __repr__(self) -> str:
        return f"<{len(self._names)} operations, {len(self._loaded)} loaded>"


def load_all(operations: Mapping[str, OperationContract]) -> None:
    """Read every operation now (what ``smcontract contracts check`` does)."""
    for name in operations:
        operations[name]
