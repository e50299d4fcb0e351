"""Ending a run early from outside it: a signal handler or another thread asks, the run stops.

:class:`Interrupt` is what ``run(..., interrupt=)`` polls between cases. Asking is a plain
attribute assignment (no lock), so a signal handler may call :meth:`Interrupt.request` at any
moment, including while the main thread is inside the run. The run then stops sending, gives
every constraint it did not reach ``UNTESTED`` (interrupted), and its
:class:`~smcontract.suites.RunResult` and ``RunFinished`` event carry the exit code asked for.
"""

from __future__ import annotations

__all__ = ["SIGNAL_EXIT_CODES", "Interrupt"]

#: The conventional exit code of a process ended by a signal: 128 + the signal's number.
SIGNAL_EXIT_CODES = {"SIGINT": 130, "SIGTERM": 143}


class Interrupt:
    """A request to stop a run early; the first request wins (its exit code and reason)."""

    __slots__ = ("exit_code", "reason")

    def __init__(self) -> None:
        self.reason = ""
        #: None until a stop is requested; then the process exit code the caller will use.
        self.exit_code: int | None = None

    def request(self, exit_code: int = SIGNAL_EXIT_CODES["SIGINT"], reason: str = "") -> bool:
        """Ask the run to stop; True for the first request, False when one came already."""
        if self.exit_code is not None:
            return False
        self.reason = reason
        self.exit_code = exit_code
        return True

    @property
    def requested(self) -> bool:
        """Whether a stop was asked for."""
        return self.exit_code is not None
