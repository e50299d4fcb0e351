"""The error the strategies raise when asked for a violation no single request can show."""

from __future__ import annotations

from smcontract.errors import UsageError

__all__ = ["CannotViolate"]


class CannotViolate(UsageError):
    """A constraint that no single request breaks alone (see ``unviolatable()`` for why).

    Raised when a ``violating()`` strategy is drawn from, not when it is built, so that a
    bad constraint ID fails the test that uses it (Hypothesis style).
    """

    def __init__(self, constraint_id: str, reason: str) -> None:
        self.constraint_id = constraint_id
        self.reason = reason
        super().__init__(
            f"cannot generate a request that breaks {constraint_id} alone: {reason}. "
            "List every such constraint with smcontract.strategies.unviolatable(operation)"
        )
