"""One writer per report folder, and no previous report beside a new one.

:func:`report_folder` holds an OS-level lock on ``<folder>/.smcontract.lock`` (``filelock``:
``flock`` on POSIX, released by the kernel if the process dies) for as long as a command
writes the folder. A second command into the same folder does not wait: it refuses at once
with a :class:`ReportFolderBusy` (a usage error, exit code 2), so two runs never interleave
``events.ndjson``. :func:`clear_reports`, called by the holder once it is about to write
(a run: once its targets are open), removes the previous report set (every file of
:data:`FILE_NAMES`), so a run that is killed before it writes its reports never leaves an
older run's complete-looking reports beside its own partial ``events.ndjson``, and a run that
cannot start (an unreachable target) leaves the older reports alone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from smcontract.errors import UsageError
from smcontract.reports._io import ReportDirError, check_writable
from smcontract.reports._text import FILE_NAMES

__all__ = ["LOCK_NAME", "ReportFolderBusy", "clear_reports", "report_folder"]

#: The lock file a writing command holds in its report folder.
LOCK_NAME = ".smcontract.lock"


class ReportFolderBusy(UsageError):
    """Another smcontract command is writing the report folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"another smcontract command is writing reports to {path} (it holds "
            f"{path / LOCK_NAME}); wait until it ends, or give this one another --report-dir"
        )


def clear_reports(directory: str | os.PathLike[str]) -> None:
    """Remove the report files of every format from ``directory`` (other files stay)."""
    path = Path(directory)
    for name in FILE_NAMES.values():
        try:
            (path / name).unlink(missing_ok=True)
        except OSError as error:
            raise ReportDirError(path, f"cannot remove the previous {name}: {error}") from error


@contextlib.contextmanager
def report_folder(directory: str | os.PathLike[str]) -> Iterator[Path]:
    """Lock ``directory`` for writing and yield it as a Path.

    Raises :class:`ReportFolderBusy` when another process holds the lock and
    :class:`~smcontract.reports.ReportDirError` when the folder is not writable.
    """
    path = check_writable(directory)
    lock = FileLock(path / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise ReportFolderBusy(path) from None
    except OSError as error:
        raise ReportDirError(path, f"cannot lock it: {error}") from error
    try:
        yield path
    finally:
        lock.release()
