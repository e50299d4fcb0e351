"""The certify corpus cache: a warm run sends the same requests, byte for byte, as a cold one."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import smcontract.strategies
from smcontract.cli import main
from smcontract.contracts import ContractPack, load_contracts
from smcontract.reports import ReportBuilder
from smcontract.suites import run, shard_plan
from smcontract.suites._build import open_cache
from smcontract.suites._corpus_cache import (
    CorpusCache,
    CorpusKey,
    NotPlain,
    OperationCorpus,
    cache_dir,
    plain,
)
from smcontract.suites._plan import Settings
from smcontract.suites.events import CaseFinished, Event

OPS = ["DescribeModel", "CreateModel", "DeleteModel"]


@pytest.fixture(scope="module")
def pack() -> ContractPack:
    return load_contracts()


def _timeless(request: Any) -> Any:
    """A lifecycle step's request with its clock values (list filters by time) masked."""
    if isinstance(request, dict):
        return {k: "<time>" if "Time" in k else _timeless(v) for k, v in request.items()}
    return request


class _Sent:
    """Every request a run sent, as the bytes of its JSON, in the order sent (the clock
    values of lifecycle steps masked: they are not drawn but read from the clock)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None, str, str, str]] = []

    def handle(self, event: Event) -> None:
        if isinstance(event, CaseFinished):
            lifecycle = event.expect == "lifecycle"
            request = json.dumps(_timeless(event.request) if lifecycle else event.request)
            self.requests.append(
                (event.operation, event.constraint_id, event.expect, event.label, request)
            )


def _certify(pack: ContractPack, **kwargs: Any) -> tuple[list[Any], str]:
    """The requests sent by a certify run against moto, and the report's content hash."""
    sent, builder = _Sent(), ReportBuilder(pack)
    run(pack, ["moto"], operations=OPS, sinks=[sent, builder], **kwargs)
    report = json.loads(json.dumps(builder.report().to_dict()))
    digest = report["certification"]["targets"]["moto"]["hash"]
    assert isinstance(digest, str)
    assert len(digest) == 64
    return sent.requests, digest


def _files(folder: Path) -> dict[str, Path]:
    return {path.stem: path for path in folder.glob("corpus/*/*.json")}


def _no_strategies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every strategy the plan calls fail: a run that still has its corpus read it."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the strategies were called")

    for name in ("boundaries", "unviolatable", "covering", "valid", "violating"):
        monkeypatch.setattr(smcontract.strategies, name, fail)


def test_a_warm_run_sends_the_cold_runs_requests(
    pack: ContractPack, corpus_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, cold_hash = _certify(pack)
    assert sorted(_files(corpus_cache_dir)) == sorted(OPS)
    stamps = {op: path.stat().st_mtime_ns for op, path in _files(corpus_cache_dir).items()}
    _no_strategies(monkeypatch)
    warm, warm_hash = _certify(pack)
    assert warm == cold
    assert warm_hash == cold_hash
    assert len(cold) > 50
    assert {op: p.stat().st_mtime_ns for op, p in _files(corpus_cache_dir).items()} == stamps


def test_without_the_cache_nothing_is_read_or_written(
    pack: ContractPack, corpus_cache_dir: Path
) -> None:
    cached, cached_hash = _certify(pack)
    for path in _files(corpus_cache_dir).values():
        path.unlink()
    uncached, uncached_hash = _certify(pack, cache=False)
    assert _files(corpus_cache_dir) == {}
    assert (uncached, uncached_hash) == (cached, cached_hash)


def test_a_corrupt_file_is_ignored_and_rewritten(
    pack: ContractPack, corpus_cache_dir: Path
) -> None:
    cold, cold_hash = _certify(pack)
    files = _files(corpus_cache_dir)
    truncated = files["CreateModel"].read_bytes()
    files["CreateModel"].write_bytes(truncated[: len(truncated) // 2])
    edited = json.loads(files["DescribeModel"].read_bytes())
    edited["corpus"]["units"][0]["cases"][0]["label"] = "edited"  # the digest no longer fits
    files["DescribeModel"].write_text(json.dumps(edited))
    files["DeleteModel"].write_bytes(b"\x00\xff not json")
    warm, warm_hash = _certify(pack)
    assert (warm, warm_hash) == (cold, cold_hash)
    cache = open_cache(pack, Settings())
    for op in OPS:
        assert cache.load(op) is not None, op  # rewritten whole


def test_shards_read_the_corpus_shard_plan_stored(
    pack: ContractPack, corpus_cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = shard_plan(pack, 2, operations=OPS)
    assert sorted(_files(corpus_cache_dir)) == sorted(OPS)
    sent = []
    for i in (1, 2):
        requests, _ = _certify_shard(pack, (i, 2))
        sent.append(requests)
    _no_strategies(monkeypatch)
    assert shard_plan(pack, 2, operations=OPS) == parts
    assert [_certify_shard(pack, (i, 2))[0] for i in (1, 2)] == sent


def _certify_shard(pack: ContractPack, shard: tuple[int, int]) -> tuple[list[Any], None]:
    recorder = _Sent()
    run(pack, ["moto"], operations=OPS, sinks=[recorder], shard=shard)
    return recorder.requests, None


def test_the_cli_option_no_cache(corpus_cache_dir: Path, tmp_path: Path) -> None:
    args = ["run", "-o", "ListModels", "--report", "json", "--report-dir", str(tmp_path)]
    done = CliRunner().invoke(main, [*args, "--no-cache"])
    assert done.exit_code in (0, 1), done.output
    assert _files(corpus_cache_dir) == {}
    done = CliRunner().invoke(main, args)
    assert done.exit_code in (0, 1), done.output
    assert sorted(_files(corpus_cache_dir)) == ["ListModels"]


# -- the store ----------------------------------------------------------------------------


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SMCONTRACT_CACHE_DIR", str(tmp_path / "own"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "own"
    monkeypatch.delenv("SMCONTRACT_CACHE_DIR")
    assert cache_dir() == tmp_path / "xdg" / "smcontract"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "smcontract"


def _key(**changes: Any) -> CorpusKey:
    return dataclasses.replace(CorpusKey.of("0" * 64, 0, 5), **changes)


def test_every_part_of_the_key_names_another_folder() -> None:
    base = _key()
    others = [
        _key(pack_sha256="1" * 64),
        _key(smcontract_version="0.0.0"),
        _key(seed=1),
        _key(seed=None),
        _key(valid_examples=6),
        _key(hypothesis_version="0"),
        _key(code="x"),
    ]
    digests = {key.digest() for key in [base, *others]}
    assert len(digests) == 1 + len(others)


def test_a_stored_corpus_reads_back_identical(tmp_path: Path) -> None:
    request = {"Name": "é\u2028\ud800", "N": 10**20, "F": 0.1 + 0.2, "Z": -0.0, "B": True}
    request["L"] = [None, {"b": 1, "a": 2}]
    unit = {"kind": "valid", "constraint_id": None, "cases": []}
    case = {"expect": "accept", "request": request, "label": "x", "setup": None}
    corpus = OperationCorpus(
        "Op", {"c": "why"}, [unit], {"valid": {"cases": [case], "coverage": None}}
    )
    cache = CorpusCache(tmp_path, _key())
    cache.store(corpus)
    loaded = cache.load("Op")
    assert loaded is not None
    assert json.dumps(loaded.to_json()) == json.dumps(corpus.to_json())
    assert list(loaded.drawn["valid"]["cases"][0]["request"]) == list(request)
    assert CorpusCache(tmp_path, _key(seed=3)).load("Op") is None
    assert [p.name for p in cache.folder.iterdir()] == ["Op.json"]  # no temporary left


@pytest.mark.parametrize("value", [(1, 2), b"x", {1: "a"}, float("nan"), {"a": [set()]}])
def test_values_json_would_change_are_not_plain(value: Any) -> None:
    with pytest.raises(NotPlain):
        plain({"request": value})


def test_an_unwritable_cache_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "corpus").write_text("a file where the folder goes")
    cache = CorpusCache(tmp_path, _key())
    cache.store(OperationCorpus("Op", {}, []))
    assert cache.load("Op") is None
    assert "cannot write the corpus cache" in caplog.text
    assert os.listdir(tmp_path) == ["corpus"]
