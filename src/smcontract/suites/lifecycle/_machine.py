"""Fuzz-mode lifecycle: a Hypothesis ``RuleBasedStateMachine`` per resource type.

The machine keeps a model (the set of names that exist) and lets Hypothesis interleave
creates, describes, deletes and paged lists over a small pool of names, in random order. Each
step judges the constraints it touches, through the same :class:`~._scenario.Scenario`
plumbing as the fixed certify scenario:

* create of a new name must succeed; of an existing one must fail with the documented
  duplicate-name error (``error`` duplicate-name, ``unique`` with a scope);
* describe of an existing name shows what the create set (``lifecycle`` round-trip); of a
  missing or deleted one answers the documented not-found error (``error`` not-found,
  ``lifecycle`` not-found-after-delete);
* a list paged by any MaxResults lists every existing name exactly once (``lifecycle`` paging).

The parents a family's Create names are created again after every reset. Steps only
observe; they never fail the Hypothesis test, so one run covers many sequences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED
from smcontract.suites.lifecycle._scenario import Scenario
from smcontract.suites.lifecycle._session import Session
from smcontract.suites.lifecycle._setup import draw_base, make_parents
from smcontract.suites.lifecycle._values import MISSING, names, ok, paging_problem

__all__ = ["run_machine"]

_POOL = 4


def _paging_judgement(scenario: Scenario, size: int, existing: list[str]) -> Any:
    """The verdict (with its evidence) of one list paged by ``size``; None when it failed."""
    page = scenario.list_all({}, f"machine: paging by {size}", limit=size)
    if page.problem == "failed":
        return None
    listed = [scenario.name_of(i) for i in page.items]
    wrong = page.problem or paging_problem(listed, page.sizes, size, existing)
    if wrong is None and len(listed) != len(existing):
        wrong = f"listed {len(listed)} items, {len(existing)} exist"
    limit = scenario.family.limit
    judgement = (
        Judgement(NOT_ENFORCED, f"{limit}={size}: {wrong}")
        if wrong
        else Judgement(ENFORCED, f"{limit}={size} listed the {len(existing)} items once")
    )
    return judgement, page.request, page.outcome


def _machine_class(scenario: Scenario, stop: Callable[[], bool]) -> Any:
    """The state machine of ``scenario``'s family."""
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

    pool = st.sampled_from([*names(_POOL), MISSING])

    class LifecycleMachine(RuleBasedStateMachine):
        """Creates, describes, deletes and lists over a pool of names."""

        def __init__(self) -> None:
            super().__init__()
            self.existing: list[str] = []
            self.ready = True

        @initialize()
        def start(self) -> None:
            scenario.session.reset()
            scenario.created.clear()
            self.ready = make_parents(scenario)

        def _act(self, action: Callable[[Scenario, list[str], Any], None], value: Any) -> None:
            if self.ready and not stop():
                action(scenario, self.existing, value)

        @rule(name=pool)
        def create(self, name: str) -> None:
            self._act(_create, name)

        @rule(name=pool)
        def describe(self, name: str) -> None:
            self._act(_describe, name)

        @rule(name=pool)
        def delete(self, name: str) -> None:
            self._act(_delete, name)

        @rule(size=st.integers(1, _POOL + 1))
        def list_paged(self, size: int) -> None:
            self._act(_list_paged, size)

    return LifecycleMachine


def _create(scenario: Scenario, existing: list[str], name: str) -> None:
    if name == MISSING:
        return
    duplicate = name in existing
    before = len(scenario.created)
    outcome = scenario.new(name, "machine: create")
    if duplicate:
        if len(scenario.created) > before:
            scenario.created.pop()  # an accepted duplicate is not a new resource
        for constraint in scenario.find(scenario.create, "error", situation="duplicate-name"):
            scenario.observe_error(constraint, scenario.named(name), outcome)
    elif ok(outcome):
        existing.append(name)


def _describe(scenario: Scenario, existing: list[str], name: str) -> None:
    if scenario.describe is None:
        return
    request = scenario.named(name)
    outcome = scenario.call(str(scenario.describe), request, "machine: describe")
    if name in existing:
        for constraint in scenario.find(scenario.describe, "lifecycle", rule="round-trip"):
            if not ok(outcome):
                reason = (
                    f"Describe of an existing resource failed: "
                    f"{outcome.error_code or outcome.fault}"
                )
                scenario.observe(constraint, Judgement(NOT_ENFORCED, reason), request, outcome)
        return
    for constraint in scenario.find(scenario.describe, "error", situation="not-found"):
        scenario.observe_error(constraint, request, outcome)


def _delete(scenario: Scenario, existing: list[str], name: str) -> None:
    if scenario.delete_op is None:
        return
    request = scenario.named(name)
    outcome = scenario.call(str(scenario.delete_op), request, "machine: delete")
    if name in existing:
        if ok(outcome):
            existing.remove(name)
            scenario.forget(name)
        return
    for constraint in scenario.find(scenario.delete_op, "error", situation="not-found"):
        scenario.observe_error(constraint, request, outcome)


def _list_paged(scenario: Scenario, existing: list[str], size: int) -> None:
    if scenario.list is None:
        return
    for constraint in scenario.find(scenario.list, "lifecycle", rule="paging"):
        found = _paging_judgement(scenario, size, existing)
        if found is None:
            return
        scenario.observe(constraint, *found)


def run_machine(
    session: Session,
    resource: str,
    *,
    seed: int | None,
    max_examples: int,
    stop: Callable[[], bool],
) -> None:
    """Run the state machine of ``resource`` for ``max_examples`` sequences (a few steps each)."""
    from hypothesis import HealthCheck, settings
    from hypothesis.stateful import run_state_machine_as_test

    from smcontract.strategies._seeded import run_seeded, with_seed

    scenario = Scenario(session, resource, spacing=0.0)
    if scenario.create is None or draw_base(scenario) is not None:
        return
    options: Any = settings(
        max_examples=max(1, min(max_examples, 50)),
        stateful_step_count=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    runner: Any = run_state_machine_as_test
    machine = with_seed(_machine_class(scenario, stop), seed)
    run_seeded(lambda: runner(machine, settings=options))
