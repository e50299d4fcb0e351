"""``events.ndjson``: every event of a run, one JSON object a line, as the run goes.

Lines are flushed one by one, so a run that is killed leaves every event it emitted up to
then; each line is ``event.to_dict()``, redacted, in ASCII JSON (no character in a line can
be taken for a line break by any reader).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType
from typing import IO

from smcontract.reports._io import ReportDirError
from smcontract.reports._redact import redact
from smcontract.suites.events import Event

__all__ = ["NdjsonSink"]


class NdjsonSink:
    """An :class:`~smcontract.suites.EventSink` writing ``path`` (truncated when opened).

    The file is opened here, so an unwritable place fails before the run starts
    (:class:`~smcontract.reports.ReportDirError`). Use it as a context manager, or call
    :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[str] | None = self.path.open("w", encoding="utf-8", newline="\n")
        except OSError as error:
            reason = (error.strerror or type(error).__name__).lower()
            raise ReportDirError(self.path.parent, reason) from error

    def handle(self, event: Event) -> None:
        """Append ``event`` as one line and flush it."""
        if self._file is None:
            raise ValueError(f"NdjsonSink({self.path}) is closed; events after close are lost")
        line = json.dumps(redact(event.to_dict()), ensure_ascii=True, allow_nan=False)
        self._file.write(line + "\n")
        self._file.flush()

    def close(self) -> None:
        """Close the file (closing twice is harmless)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> NdjsonSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
