"""A plan sent as it is planned (PlanStream, Prefetch) is the plan build_plan computes: the
same units, cases, coverage and order, whoever computed each operation's corpus."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from smcontract.contracts import ContractPack
from smcontract.suites._build import build_plan
from smcontract.suites._corpus_cache import CorpusCache, CorpusKey
from smcontract.suites._generators import Generators, default_generators
from smcontract.suites._plan import Plan, Settings, Unit
from smcontract.suites._prefill import ENV_VAR, Prefetch
from smcontract.suites._stream import PlanStream

from .test_corpus_cache import OPS, _certify, _no_strategies

#: Operations of two families, so the plan has lifecycle units too.
STREAMED = ["CreateModel", "DescribeModel", "ListTrialComponents", "DeleteModel"]


def _shape(units: list[Unit]) -> list[Any]:
    return [
        (u.kind, u.operation, u.constraint_id, u.resource, [vars(c) for c in u.cases])
        for u in units
    ]


def _same(plan: Plan, whole: Plan) -> None:
    assert _shape(plan.units) == _shape(whole.units)
    assert _shape(plan.all_units) == _shape(whole.all_units)
    assert plan.unviolatable == whole.unviolatable
    assert plan.coverage == whole.coverage
    assert plan.lifecycle_resources == whole.lifecycle_resources
    assert plan.resource_operations == whole.resource_operations


def _streamed(pack: ContractPack, generators: Generators, prefetch: Prefetch) -> Plan:
    """The plan of STREAMED sent as planned with ``prefetch`` (closed after)."""
    try:
        stream = PlanStream(
            pack,
            generators,
            Settings(),
            STREAMED,
            True,
            stop=lambda: False,
            prefetch=prefetch,
        )
        list(stream)
    finally:
        prefetch.close(stopped=False)
    return stream.finish()


def test_a_stream_gives_the_plan_build_plan_gives(pack: ContractPack) -> None:
    settings = Settings()
    whole = build_plan(pack, default_generators(pack), settings, STREAMED, True)
    stream = PlanStream(
        pack, default_generators(pack), settings, STREAMED, True, cache=None, stop=lambda: False
    )
    given = list(stream)
    _same(stream.finish(), whole)
    assert _shape(given) == _shape(whole.units)
    assert [u.kind for u in given].count("lifecycle") == len(whole.lifecycle_resources) == 2


def test_corpora_the_workers_computed_give_the_same_plan(
    pack: ContractPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    whole = build_plan(pack, default_generators(pack), settings, STREAMED, True)
    store = CorpusCache(tmp_path, CorpusKey.of(pack.sha256, 0, settings.valid_examples))
    prefetch = Prefetch(pack, settings, STREAMED, store, 2, steal=False)
    generators = default_generators(pack)
    _no_strategies(monkeypatch)  # in this process: only the workers can plan
    _same(_streamed(pack, generators, prefetch), whole)
    assert sorted(p.stem for p in tmp_path.glob("corpus/*/*.json")) == sorted(STREAMED)
    assert multiprocessing.active_children() == []


def test_a_stopped_stream_gives_the_rest_units_without_cases(pack: ContractPack) -> None:
    stopped = []
    stream = PlanStream(
        pack,
        default_generators(pack),
        Settings(),
        STREAMED,
        False,
        cache=None,
        stop=lambda: bool(stopped),
    )
    first = next(iter(stream))  # the first operation is planned whole
    stopped.append(True)
    plan = stream.finish()
    assert first.operation == STREAMED[0]
    assert {u.operation for u in plan.units} == set(STREAMED)
    later = [u for u in plan.units if u.operation != STREAMED[0]]
    assert later
    assert all(u.cases == [] for u in later)
    assert all(u.cases for u in plan.units if u.operation == STREAMED[0] and u.kind == "valid")
    assert set(plan.unviolatable) == set(STREAMED)


def test_a_run_planned_as_it_sends_sends_what_one_process_sends(
    pack: ContractPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "1")
    alone, alone_hash = _certify(pack, cache=False)
    monkeypatch.setenv(ENV_VAR, "3")  # two workers beside this process
    streamed, streamed_hash = _certify(pack, cache=False)
    assert streamed == alone
    assert streamed_hash == alone_hash
    assert len(alone) > 50
    assert len(OPS) > 2
    assert multiprocessing.active_children() == []


def test_operations_taken_back_from_the_workers_give_the_same_plan(
    pack: ContractPack, tmp_path: Path
) -> None:
    """One worker, and this process takes back what it has not started (the last operation
    at once) and plans it ahead while it waits: the plan is still build_plan's."""
    settings = Settings()
    whole = build_plan(pack, default_generators(pack), settings, STREAMED, True)
    store = CorpusCache(tmp_path, CorpusKey.of(pack.sha256, 0, settings.valid_examples))
    prefetch = Prefetch(pack, settings, STREAMED, store, 1)
    assert prefetch.take_back() in STREAMED[1:]  # pending: no worker had started it
    _same(_streamed(pack, default_generators(pack), prefetch), whole)
    assert multiprocessing.active_children() == []
