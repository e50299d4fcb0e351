"""Fuzz-mode lifecycle: a Hypothesis ``RuleBasedStateMachine`` per resource type.

The machine keeps a model (the set of names that exist) and lets Hypothesis interleave
creates, describes, deletes and paged lists over a small pool of names, in random order. Each
step judges the constraints it touches, through the same :class:`~._lifecycle.Scenario`
plumbing as the fixed certify scenario:

* create of a new name must succeed; of an existing one must fail with the documented
  duplicate-name error (``error`` duplicate-name, ``unique`` with a scope);
* describe of an existing name shows what the create set (``lifecycle`` round-trip); of a
  missing or deleted one answers the documented not-found error (``error`` not-found,
  ``lifecycle`` not-found-after-delete);
* a list paged by any MaxResults lists every existing name exactly once (``lifecycle`` paging).

Steps only observe; they never fail the Hypothesis test, so one run covers many sequences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from smcontract.suites._lifecycle import MISSING, Scenario, _names, _ok, _paging_problem
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED

if TYPE_CHECKING:
    from smcontract.suites._session import Session

__all__ = ["run_machine"]

_POOL = 4


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
    from hypothesis import strategies as st
    from hypothesis.stateful import (
        RuleBasedStateMachine,
        initialize,
        rule,
        run_state_machine_as_test,
    )

    from smcontract.strategies._seeded import run_seeded, with_seed

    scenario = Scenario(session, resource, spacing=0.0)
    if scenario.create is None and scenario.list is None:
        return
    if scenario.create is not None:
        scenario.base = session.state.valid_create(str(scenario.create))
        if scenario.base is None:
            return
    pool = [*_names(_POOL), MISSING]
    names = st.sampled_from(pool)

    class LifecycleMachine(RuleBasedStateMachine):
        """Creates, describes, deletes and lists over a pool of names."""

        def __init__(self) -> None:
            super().__init__()
            self.existing: list[str] = []

        @initialize()
        def start(self) -> None:
            session.reset()
            scenario.created.clear()

        @rule(name=names)
        def create(self, name: str) -> None:
            if stop() or name == MISSING:
                return
            duplicate = name in self.existing
            before = len(scenario.created)
            outcome = scenario.new(name, "machine: create")
            if duplicate:
                if len(scenario.created) > before:
                    scenario.created.pop()  # an accepted duplicate is not a new resource
                for constraint in scenario.find(
                    scenario.create, "error", situation="duplicate-name"
                ):
                    scenario.observe_error(constraint, {scenario.name_member: name}, outcome)
            elif _ok(outcome):
                self.existing.append(name)

        @rule(name=names)
        def describe(self, name: str) -> None:
            if stop() or scenario.describe is None:
                return
            request = {scenario.name_member: name}
            outcome = scenario.call(str(scenario.describe), request, "machine: describe")
            if name in self.existing:
                for constraint in scenario.find(scenario.describe, "lifecycle", rule="round-trip"):
                    if not _ok(outcome):
                        scenario.observe(
                            constraint,
                            Judgement(
                                NOT_ENFORCED,
                                f"Describe of an existing resource failed: "
                                f"{outcome.error_code or outcome.fault}",
                            ),
                            request,
                            outcome,
                        )
                return
            for constraint in scenario.find(scenario.describe, "error", situation="not-found"):
                scenario.observe_error(constraint, request, outcome)

        @rule(name=names)
        def delete(self, name: str) -> None:
            if stop() or scenario.delete_op is None:
                return
            request = {scenario.name_member: name}
            outcome = scenario.call(str(scenario.delete_op), request, "machine: delete")
            if name in self.existing:
                if _ok(outcome):
                    self.existing.remove(name)
                    if name in scenario.created:
                        scenario.created.remove(name)
                return
            for constraint in scenario.find(scenario.delete_op, "error", situation="not-found"):
                scenario.observe_error(constraint, request, outcome)

        @rule(size=st.integers(1, _POOL + 1))
        def list_paged(self, size: int) -> None:
            if stop() or scenario.list is None:
                return
            for constraint in scenario.find(scenario.list, "lifecycle", rule="paging"):
                items, sizes, outcome, request, problem = scenario.list_all(
                    {}, f"machine: paging by {size}", limit=size
                )
                if problem == "failed":
                    return
                names_seen = [scenario.name_of(i) for i in items]
                wrong = problem or _paging_problem(names_seen, sizes, size, self.existing)
                if wrong is None and len(names_seen) != len(self.existing):
                    wrong = f"listed {len(names_seen)} items, {len(self.existing)} exist"
                judgement = (
                    Judgement(NOT_ENFORCED, f"MaxResults={size}: {wrong}")
                    if wrong
                    else Judgement(
                        ENFORCED, f"MaxResults={size} listed the {len(self.existing)} items once"
                    )
                )
                scenario.observe(constraint, judgement, request, outcome)

    options: Any = settings(
        max_examples=max(1, min(max_examples, 50)),
        stateful_step_count=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    runner: Any = run_state_machine_as_test
    machine = with_seed(LifecycleMachine, seed)
    run_seeded(lambda: runner(machine, settings=options))
