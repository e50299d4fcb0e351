"""Noticing a target that stopped answering.

A target whose requests time out :data:`UNRESPONSIVE_AFTER` times in a row is taken as gone:
the runner sends it nothing more, records one ``HARNESS ERROR`` case saying since which case
it has been silent, and gives its remaining constraints ``UNTESTED`` with that reason. Without
this, a hung endpoint costs the whole timeout on every remaining case (about 2 hours for a
1-minute run at the default 10 s). Any answer (even an error) ends a streak; cases are counted
per target, across its workers, in the order they finish.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = ["UNRESPONSIVE_AFTER", "Watchdog", "unresponsive_reason"]

#: Consecutive timeouts after which a target is taken as unresponsive.
UNRESPONSIVE_AFTER = 3


def unresponsive_reason(since: int) -> str:
    """The reason given to every case and constraint the silence cut off."""
    return f"target unresponsive since case {since}"


@dataclass
class _Streak:
    cases: int = 0
    timeouts: int = 0
    since: int = 0
    gone: bool = False


class Watchdog:
    """Per-target streaks of timed-out requests; thread-safe."""

    def __init__(self, after: int = UNRESPONSIVE_AFTER) -> None:
        self.after = after
        self._lock = threading.Lock()
        self._targets: dict[str, _Streak] = {}

    def sent(self, target: str, *, timed_out: bool) -> int | None:
        """Record one request to ``target``; when it is the one that makes the target count as
        unresponsive (this happens once), return the case number the silence began at."""
        with self._lock:
            streak = self._targets.setdefault(target, _Streak())
            streak.cases += 1
            if not timed_out:
                streak.timeouts = 0
                return None
            if streak.timeouts == 0:
                streak.since = streak.cases
            streak.timeouts += 1
            if streak.gone or streak.timeouts < self.after:
                return None
            streak.gone = True
            return streak.since

    def since(self, target: str) -> int | None:
        """The case ``target`` went silent at, if it is unresponsive; else None."""
        streak = self._targets.get(target)
        return streak.since if streak is not None and streak.gone else None

    def unresponsive(self) -> dict[str, int]:
        """Every unresponsive target with the case it went silent at."""
        with self._lock:
            return {name: s.since for name, s in self._targets.items() if s.gone}
