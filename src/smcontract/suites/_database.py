"""Where fuzz mode keeps the examples Hypothesis found: ``--database SPEC``.

A failure found on one CI job replays first on the next when both point at the same
database. ``SPEC`` is one of:

* a directory (``.smcontract/examples``): ``DirectoryBasedExampleDatabase``;
* ``redis://HOST:PORT[/DB]``: ``hypothesis.extra.redis.RedisExampleDatabase`` (needs the
  ``redis`` package: ``pip install "smcontract[redis]"``);
* ``readonly:SPEC``: ``ReadOnlyDatabase`` (replays, never writes: for pull requests);
* ``multi:SPEC,SPEC,...``: ``MultiplexedDatabase`` (reads all, writes all), for example
  ``multi:.smcontract/examples,readonly:redis://cache:6379``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smcontract.errors import UsageError

if TYPE_CHECKING:
    from hypothesis.database import ExampleDatabase

__all__ = ["open_database", "split_specs"]


def split_specs(text: str) -> list[str]:
    """The parts of ``multi:`` (comma-separated; a nested ``multi:`` takes the rest)."""
    parts: list[str] = []
    rest = text
    while rest:
        if rest.startswith("multi:"):
            parts.append(rest)
            break
        head, sep, rest = rest.partition(",")
        if head.strip():
            parts.append(head.strip())
        if not sep:
            break
    return parts


def open_database(spec: str) -> ExampleDatabase:
    """The Hypothesis example database that ``spec`` names (see the module docstring)."""
    from hypothesis.database import (
        DirectoryBasedExampleDatabase,
        MultiplexedDatabase,
        ReadOnlyDatabase,
    )

    spec = spec.strip()
    if not spec:
        raise UsageError("--database needs a directory or a database spec, got ''")
    if spec.startswith("readonly:"):
        return ReadOnlyDatabase(open_database(spec[len("readonly:") :]))
    if spec.startswith("multi:"):
        parts = split_specs(spec[len("multi:") :])
        if not parts:
            raise UsageError(f"multi: needs at least one database spec, got {spec!r}")
        return MultiplexedDatabase(*(open_database(part) for part in parts))
    if spec.startswith(("redis://", "rediss://")):
        return _redis(spec)
    if "://" in spec:
        scheme = spec.split("://", 1)[0]
        raise UsageError(
            f"unknown database scheme {scheme!r} in {spec!r}; expected a directory, "
            "redis://HOST:PORT, readonly:SPEC or multi:SPEC,SPEC"
        )
    return DirectoryBasedExampleDatabase(spec)


def _redis(url: str) -> ExampleDatabase:
    try:
        import redis
        from hypothesis.extra.redis import RedisExampleDatabase
    except ImportError as exc:
        raise UsageError(
            f"--database {url} needs the redis package: pip install 'smcontract[redis]' ({exc})"
        ) from None
    client = redis.Redis.from_url(url)
    return RedisExampleDatabase(client, key_prefix=b"smcontract:")
