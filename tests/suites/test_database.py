"""``--database SPEC``: directory, redis://, readonly:, multi: (and a real redis-server)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis.database import (
    DirectoryBasedExampleDatabase,
    MultiplexedDatabase,
    ReadOnlyDatabase,
)

from smcontract.contracts import load_contracts
from smcontract.errors import UsageError
from smcontract.suites import ListSink, open_database, run
from smcontract.suites._database import split_specs

if TYPE_CHECKING:
    from conftest import Needs

REDIS_HINT = "pip install -e '.[dev]' (the redis package is the [redis] extra)"

OP = "CreateCompilationJob"
CONSTRAINT = "CreateCompilationJob.CompilationJobName.pattern"


def test_a_directory(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "examples"))
    assert isinstance(db, DirectoryBasedExampleDatabase)


def test_readonly_and_multi(tmp_path: Path) -> None:
    db = open_database(f"readonly:{tmp_path / 'a'}")
    assert isinstance(db, ReadOnlyDatabase)
    multi = open_database(f"multi:{tmp_path / 'a'}, readonly:{tmp_path / 'b'}")
    assert isinstance(multi, MultiplexedDatabase)
    assert [type(d) for d in multi._wrapped] == [DirectoryBasedExampleDatabase, ReadOnlyDatabase]


def test_split_specs_keeps_a_nested_multi_whole() -> None:
    assert split_specs("a,b") == ["a", "b"]
    assert split_specs("a, ,b,") == ["a", "b"]
    assert split_specs("a,multi:b,c") == ["a", "multi:b,c"]


def test_redis_url_needs_no_server_to_open(needs: Needs) -> None:
    needs.module("redis", REDIS_HINT)
    from hypothesis.extra.redis import RedisExampleDatabase

    db = open_database("redis://127.0.0.1:1/0")
    assert isinstance(db, RedisExampleDatabase)
    assert isinstance(open_database("readonly:redis://127.0.0.1:1"), ReadOnlyDatabase)


@pytest.mark.parametrize("spec", ["", "   ", "s3://bucket/x", "multi:"])
def test_bad_specs_are_usage_errors(spec: str) -> None:
    with pytest.raises(UsageError):
        open_database(spec)


def test_cli_refuses_a_bad_database_before_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from smcontract.cli import main

    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    result = CliRunner().invoke(
        main,
        ["run", "--mode", "fuzz", "--database", "ftp://x", "--report-dir", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "unknown database scheme 'ftp'" in result.output
    # nothing was pointed at the bad spec: Hypothesis would write to ./ftp:/hypothesis
    assert "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ


# -- a real redis-server -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path, needs: Needs) -> Iterator[str]:
    redis: Any = needs.module("redis", REDIS_HINT)
    server = needs.tool(
        "redis-server", hint="apt-get install -y redis-server (Debian/Ubuntu), brew install redis"
    )
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            needs.missing(
                f"redis-server did not answer on 127.0.0.1:{port}",
                f"run {server} --port {port} by hand to see why",
            )
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _fuzz(database: str, seed: int) -> tuple[object, list[dict]]:
    sink = ListSink()
    result = run(
        load_contracts(),
        ["moto"],
        operations=[OP],
        mode="fuzz",
        seed=seed,
        max_examples=5,
        database_dir=database,
        sinks=[sink],
        lifecycle=False,
    )
    sent = [
        event.request
        for event in sink.events
        if getattr(event, "label", None) == "fuzz"
        and getattr(event, "constraint_id", 0) == CONSTRAINT
    ]
    return result.verdict(CONSTRAINT), sent


@pytest.mark.server
def test_a_finding_saved_in_redis_replays_first_on_the_next_job(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import redis

    import smcontract.suites._runner as runner  # run() opens the database

    # Job 1 finds that moto accepts a CompilationJobName off the pattern; Hypothesis saves it.
    verdict, _ = _fuzz(redis_url, seed=0)
    assert verdict.verdict == "NOT ENFORCED"
    assert verdict.evidence is not None
    assert verdict.evidence["shrunk"] is True
    found = verdict.evidence["request"]
    key = f"smcontract:moto:{OP}:{CONSTRAINT}".encode()
    assert redis.Redis.from_url(redis_url).keys(b"smcontract:*"), "nothing saved in redis"
    assert list(open_database(redis_url).fetch(key)), "the finding was not saved"

    # Job 2: another machine (a fresh .smcontract directory, another seed), the same redis,
    # read only. Its first request for the constraint is the one job 1 saved, read from redis.
    replayed_from: list[bytes] = []
    opened = runner.open_database

    def spy(spec: str):
        db = opened(spec)
        fetch = db.fetch

        def fetching(k: bytes):
            for value in fetch(k):
                if k == key:
                    replayed_from.append(value)
                yield value

        db.fetch = fetching  # type: ignore[method-assign]
        return db

    monkeypatch.setattr(runner, "open_database", spy)
    _, replayed = _fuzz(f"multi:{tmp_path / 'fresh'},readonly:{redis_url}", seed=1)
    assert replayed_from, "job 2 did not read job 1's finding from redis"
    assert replayed[0] == found
