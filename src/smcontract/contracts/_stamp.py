"""The shipped pack's stamp: the digest of its bytes (and the meta-schema's) when
``smcontract contracts check`` last passed, which lets a run skip the meta-schema check."""

from __future__ import annotations

import hashlib
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["STAMP_FILE", "read_stamp", "stamp_digest", "stamp_of_hashes", "write_stamp"]

STAMP_FILE = "checked.sha256"


def stamp_digest(blobs: list[tuple[str, bytes]], schema: bytes) -> str:
    """sha256 over every document (name and bytes) and the meta-schema they were checked by."""
    return stamp_of_hashes([(name, hashlib.sha256(data).digest()) for name, data in blobs], schema)


def stamp_of_hashes(hashes: list[tuple[str, bytes]], schema: bytes) -> str:
    """:func:`stamp_digest` from each document's name and sha256 (computed once by the loader)."""
    digest = hashlib.sha256(b"smcontract-stamp-1\0" + hashlib.sha256(schema).digest())
    for name, data in sorted(hashes):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def read_stamp(root: Traversable) -> str | None:
    """The recorded digest, or None when there is none (or it cannot be read)."""
    try:
        return (root / STAMP_FILE).read_text("ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def write_stamp(root: Traversable, digest: str) -> str:
    """Record ``digest``; one line saying whether it was written."""
    if not isinstance(root, Path):
        return f"stamp not written: {root} is not a folder"
    try:
        (root / STAMP_FILE).write_text(digest + "\n", encoding="ascii")
    except OSError as err:
        return f"stamp not written to {root / STAMP_FILE}: {err.strerror or err}"
    return f"wrote stamp {root / STAMP_FILE}"
