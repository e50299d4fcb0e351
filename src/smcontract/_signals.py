"""SIGINT and SIGTERM in ``smcontract run``: stop between cases, always write whole reports.

:class:`SignalGuard` replaces the handlers of both signals while the command runs. A handler
never raises (no ``KeyboardInterrupt`` lands in the middle of start-up, the run's wrap-up or
a report being written): the first signal asks the run to stop (an
:class:`~smcontract.suites.Interrupt`) and fixes the exit code, 130 for SIGINT and 143 for
SIGTERM; later signals are acknowledged on stderr and change nothing. A signal during
start-up lets start-up finish, then the run stops before its first case, so even then every
report is written, each constraint ``UNTESTED`` (interrupted).

:func:`write_final` writes the reports with the header the process exits with: marked
interrupted with the signal's exit code when a signal came, and written again if the first
signal arrives while they are being written (a signal after the last write is too late to
change anything: the process exits with the code the reports hold).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from smcontract.reports import Report
from smcontract.suites import SIGNAL_EXIT_CODES, Interrupt

__all__ = ["SignalGuard", "stamped", "write_final"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class SignalGuard:
    """``with SignalGuard() as guard: run(..., interrupt=guard.interrupt)``."""

    def __init__(self) -> None:
        self.interrupt = Interrupt()
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> SignalGuard:
        for signum in _SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.interrupt.request(SIGNAL_EXIT_CODES[name], name):
            text = f"{name}: stopping after the cases in flight; writing the reports of what ran"
        else:
            text = f"{name}: already stopping; the reports are being finished, please wait"
        # os.write, not print: a handler may run while the main thread is inside a print.
        with contextlib.suppress(OSError):
            os.write(2, f"\n{text}\n".encode())


def stamped(report: Report, exit_code: int | None) -> Report:
    """``report`` marked interrupted with ``exit_code``, when a signal asked for one."""
    if exit_code is None or (report.interrupted and report.header.exit_code == exit_code):
        return report
    header = dataclasses.replace(report.header, interrupted=True, exit_code=exit_code)
    return dataclasses.replace(report, header=header)


def write_final(
    report: Report, write: Callable[[Report], list[Path]], interrupt: Interrupt
) -> tuple[Report, list[Path]]:
    """Write ``report`` (with ``write``) as the process will end: return it and the paths.

    The first signal decides the exit code, so at most one more write is ever needed.
    """
    while True:
        code = interrupt.exit_code
        final = stamped(report, code)
        written = write(final)
        if interrupt.exit_code == code:
            return final, written
