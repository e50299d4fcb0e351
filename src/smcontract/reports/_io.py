"""Atomic file writes and the report directory check.

A report file is either the previous one or the new one, never half of each: every writer
writes a temporary file next to the destination and renames it over the destination with
:func:`os.replace`, which is atomic on POSIX and Windows within one file system.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from smcontract.errors import UsageError

__all__ = ["ReportDirError", "atomic_write", "check_writable"]

_NEW_FILE_MODE = 0o644  # reports are meant to be read by others (CI artefacts, reviewers)


class ReportDirError(UsageError):
    """The report directory cannot be created or written to."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(
            f"cannot write reports to {self.path}: {reason}. "
            "Reports need a directory this user can create files in; "
            "choose another report directory or fix its permissions."
        )


def _reason(error: OSError) -> str:
    """A short human reason for ``error`` (``"permission denied"``, ``"not a directory"``)."""
    text = error.strerror or error.__class__.__name__
    return text[:1].lower() + text[1:]


def check_writable(directory: str | os.PathLike[str]) -> Path:
    """Create ``directory`` if needed and prove a file can be created in it.

    Returns the directory as a :class:`~pathlib.Path`. Raises :class:`ReportDirError` naming
    the directory and the reason (it exists as a file, permission denied, read-only file
    system ...). The CLI calls this before a run starts, so a long run never ends without a
    place to put its report.
    """
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise ReportDirError(path, "it exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path, prefix=".smcontract-check-"):
            pass
    except OSError as error:
        raise ReportDirError(path, _reason(error)) from error
    return path


def _mode_for(destination: Path) -> int:
    """The permission bits the new file gets: the old file's, or ``0o644`` for a new file."""
    try:
        return stat.S_IMODE(destination.stat().st_mode)
    except OSError:
        return _NEW_FILE_MODE


def atomic_write(destination: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``destination`` atomically and return its path.

    The temporary file lives in the destination's directory (so the rename never crosses a
    file system) and is removed if anything fails. Raises :class:`ReportDirError` when the
    directory cannot be written.
    """
    path = Path(destination)
    directory = path.parent
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            dir=directory, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise ReportDirError(directory, _reason(error)) from error
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise ReportDirError(directory, _reason(error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return path
