"""What the lifecycle checks use of the runner: a structural :class:`Session` type.

The runner's session satisfies these protocols by shape; the lifecycle package never imports
the runner, so the two can change apart as long as these few members stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from smcontract.contracts import ContractPack

if TYPE_CHECKING:
    from smcontract.suites._tallies import Tally
    from smcontract.suites.targets import Outcome

__all__ = ["RunState", "Session"]


class RunState(Protocol):
    """The shared state of a run, as far as the lifecycle checks read and write it."""

    @property
    def lock(self) -> AbstractContextManager[Any]: ...

    def tally(self, target: str, constraint_id: str) -> Tally: ...

    def untested(self, target: str, constraint_id: str, reason: str) -> None: ...

    def valid_create(self, create: str) -> dict[str, Any] | None: ...

    def covering_create(self, create: str) -> dict[str, Any] | None: ...


class Session(Protocol):
    """One target in one worker: sends requests and records what they show."""

    @property
    def name(self) -> str: ...

    @property
    def pack(self) -> ContractPack: ...

    @property
    def state(self) -> RunState: ...

    def call(
        self,
        operation: str,
        request: Mapping[str, Any],
        *,
        expect: str,
        label: str,
        classification: str | None = None,
    ) -> Outcome: ...

    def reset(self) -> None: ...
