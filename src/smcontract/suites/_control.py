"""When a run stops sending: its deadline, an :class:`Interrupt`, or a target gone silent.

Workers ask :meth:`Control.out_of_time` between cases and :meth:`Control.gone` before every
request; neither ever blocks. Once the run is out of time it stays so (:attr:`Control.stop`).
"""

from __future__ import annotations

import threading
import time

from smcontract.suites._interrupt import Interrupt
from smcontract.suites._watchdog import Watchdog

__all__ = ["Control", "Stop"]


class Stop(BaseException):
    """Raised inside a worker when it must send nothing more (time, interrupt, silent target)."""


class Control:
    """The stop conditions every worker of a run shares."""

    def __init__(self, deadline: float | None, interrupt: Interrupt | None = None) -> None:
        self.deadline = deadline
        self.interrupt = interrupt or Interrupt()
        self.watchdog = Watchdog()
        self.stop = threading.Event()

    def out_of_time(self) -> bool:
        """Whether the run must stop (past its deadline, interrupted, or stopped)."""
        if self.stop.is_set():
            return True
        if self.interrupt.requested:
            self.stop.set()
            return True
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stop.set()
            return True
        return False

    def gone(self, target: str) -> bool:
        """Whether ``target`` stopped answering (see :mod:`._watchdog`)."""
        return self.watchdog.since(target) is not None
