"""The runner's pipeline piece by piece: the pure setup tables and plan, the thread-pool
executor (one target instance per thread), and the Verdict enum's strings."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

import pytest

from smcontract.contracts import load_contracts
from smcontract.suites import CallableTarget, RunResult, run
from smcontract.suites._build import build_plan
from smcontract.suites._plan import Seen, Settings, shard_units, unit_cost, unit_key
from smcontract.suites._setup import PARENT_FILTERS, Setup, setup_table, stop_table
from smcontract.suites.events import (
    NOT_ENFORCED,
    VALID_VERDICTS,
    VERDICTS,
    ConstraintVerdict,
    Verdict,
)
from smcontract.suites.targets import Outcome

from . import toy

STRATEGIES = toy.ToyStrategies()


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_contracts()


# -- setup: pure tables over the pack -----------------------------------------------------------


def test_setup_tables_name_the_create_and_the_stop(pack: Any) -> None:
    table = setup_table(pack)
    name = ("CreateCompilationJob", "CompilationJobName")
    assert table["DescribeCompilationJob"] == name
    assert table["DeleteCompilationJob"] == name
    assert "CreateCompilationJob" not in table
    # Only a delete that a delete-only-in rule restricts is sent after a Stop.
    assert stop_table(pack) == {"DeleteCompilationJob": "StopCompilationJob"}
    setup = Setup(pack)
    assert setup.stop_before("DescribeCompilationJob") is None
    assert setup.stop_before("DeleteCompilationJob") == "StopCompilationJob"
    assert setup.stop_before("DeleteModel") is None  # a Delete with no Stop
    assert set(setup.stops) == {"DescribeCompilationJob", "DeleteCompilationJob", "DeleteModel"}


def test_a_token_goes_unless_the_case_tests_it(pack: Any) -> None:
    setup = Setup(pack)
    op = "ListModels"
    request = {"NextToken": "x" * 10, "MaxResults": 5}
    assert setup.without_token(op, request, None) == {"MaxResults": 5}
    token_rule = next(c for c in pack.operation(op).constraints if c.path == "NextToken")
    assert setup.without_token(op, request, token_rule) is request
    assert setup.without_token("DescribeModel", {"ModelName": "m"}, None) == {"ModelName": "m"}


def test_parent_filters_go_only_where_a_missing_parent_is_an_error(pack: Any) -> None:
    setup = Setup(pack)
    request = {"TrialName": "t", "MaxResults": 3}
    assert setup.without_parents("ListTrialComponents", request) == {"MaxResults": 3}
    assert setup.without_parents("ListModels", request) is request
    assert set(PARENT_FILTERS) == {"TrialName", "ExperimentName"}


# -- the plan: pure, and the same every time ----------------------------------------------------


def _keys(units: Any) -> list[tuple[str, str, str]]:
    return [unit_key(u) for u in units]


def test_the_plan_is_pure_and_repeatable() -> None:
    settings = Settings(seed=2, valid_examples=2)
    ops = list(toy.PACK.operations)
    first = build_plan(toy.PACK, STRATEGIES, settings, ops, lifecycle=True)
    again = build_plan(toy.PACK, STRATEGIES, settings, ops, lifecycle=True)
    assert _keys(first.units) == _keys(again.units)
    assert [[c.request for c in u.cases] for u in first.units] == [
        [c.request for c in u.cases] for u in again.units
    ]
    assert ("lifecycle", "thing", "") in _keys(first.units)
    assert {u.kind for u in first.units} == {"valid", "reject", "lifecycle"}
    bare = build_plan(toy.PACK, STRATEGIES, settings, ops, lifecycle=False, draw=False)
    assert sum(len(u.cases) for u in bare.units) < sum(len(u.cases) for u in first.units)


def test_shards_split_the_plan_and_each_decides_its_own_rejections() -> None:
    settings = Settings()
    ops = list(toy.PACK.operations)
    whole = build_plan(toy.PACK, STRATEGIES, settings, ops, lifecycle=True, draw=False)
    setups = setup_table(toy.PACK)
    costs = [unit_cost(u, settings, setups) for u in whole.units]
    parts = shard_units(_keys(whole.units), costs, 3)
    shards = [
        build_plan(toy.PACK, STRATEGIES, settings, ops, lifecycle=True, shard=(i, 3), draw=False)
        for i in (1, 2, 3)
    ]
    # Each shard runs its part of the split, in plan order.
    assert [sorted(_keys(s.units)) for s in shards] == [sorted(p) for p in parts]
    assert sorted(k for s in shards for k in _keys(s.units)) == sorted(_keys(whole.units))
    for unit in whole.units:
        if unit.kind != "reject":
            continue
        constraint = toy.PACK.constraint(str(unit.constraint_id))
        deciders = [i for i, s in enumerate(shards) if s.decides(constraint, Seen())]
        assert len(deciders) == 1, unit.constraint_id


# -- the executor: one instance per thread -----------------------------------------------------


def test_every_worker_thread_keeps_its_own_instance() -> None:
    lock = threading.Lock()
    opened: list[CallableTarget] = []
    threads: dict[int, set[int]] = {}  # instance -> threads that used it
    closed: list[int] = []

    def factory() -> CallableTarget:
        service = toy.ToyService()
        index = len(opened)

        def handler(operation: str, params: Mapping[str, Any]) -> Any:
            with lock:
                threads.setdefault(index, set()).add(threading.get_ident())
            return service(operation, params)

        target = CallableTarget(handler, name="toy", reset=service.reset)
        close = target.close

        def closing() -> None:
            closed.append(index)
            close()

        target.close = closing  # type: ignore[method-assign]
        opened.append(target)
        return target

    result = run(toy.PACK, [factory], strategies=STRATEGIES, seed=0, workers=3, lifecycle=False)
    assert isinstance(result, RunResult)
    assert len(opened) == 3
    assert sorted(closed) == [0, 1, 2]
    assert all(len(used) == 1 for used in threads.values()), threads


def test_a_unit_that_raises_is_a_harness_error_and_the_run_goes_on() -> None:
    class Raising(toy.ToyStrategies):
        def violating(self, operation: str, constraint_id: str) -> Any:
            raise RuntimeError("boom")

    calls: list[str] = []

    def handler(operation: str, params: Mapping[str, Any]) -> Outcome:
        calls.append(operation)
        return toy.ToyService()(operation, params)

    result = run(
        toy.PACK,
        [CallableTarget(handler, name="toy")],
        strategies=Raising(),
        mode="fuzz",
        max_examples=2,
        database_dir=None,
        lifecycle=False,
    )
    assert result.harness_errors > 0
    assert calls, "the other units were sent"


# -- verdicts ----------------------------------------------------------------------------------


def test_verdicts_are_their_strings() -> None:
    assert [str(v) for v in VERDICTS] == [
        "NOT ENFORCED",
        "WRONG ERROR",
        "SERVER ERROR",
        "NOT IMPLEMENTED",
        "ENFORCED",
        "UNTESTED",
        "WAIVED",
    ]
    assert VALID_VERDICTS[0] == "REJECTS VALID"
    assert Verdict("NOT ENFORCED") is NOT_ENFORCED
    event = ConstraintVerdict(
        target="t",
        operation="Op",
        constraint_id="Op.X.required",
        kind="required",
        path="X",
        direction="input",
        level="L1",
        verdict=Verdict.NOT_ENFORCED,
        reason=f"{Verdict.NOT_ENFORCED}",
    )
    text = json.dumps(event.to_dict())
    assert '"verdict": "NOT ENFORCED"' in text
    assert '"reason": "NOT ENFORCED"' in text
