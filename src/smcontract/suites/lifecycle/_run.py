"""The fixed scenario: the registry's checks in the order of their steps, each on the
active constraints of its keys, with what each step needs made first.

============================  ==============================================================
step                          checks (registered keys)
============================  ==============================================================
``NOT_FOUND``                 ``error:not-found`` on Describe / Stop / Delete
``LIST_NOT_FOUND``            ``error:not-found`` on List (a parent filter naming nothing)
*prepare*                     the parents (``depends_on``), then the first resource
``ROUND_TRIP``                ``round-trip`` (Describe shows what Create set)
``DUPLICATE``                 ``error:duplicate-name``, scoped ``unique`` of the name
*populate*                    a few more resources, enough for a documented page size
``PAGING``                    ``paging``, for MaxResults 1..N
``SORT_ORDER``                ``sort-order``, both orders of each SortBy
``DEFAULT_ORDER``             ``default`` of SortBy / SortOrder
``FILTERS``                   ``filters``
``DEFAULT_PAGE_SIZE``         ``default`` of MaxResults (tops up to one item more, at most
                              :data:`~._paging.PAGE_CAP`)
``CREATE_DEFAULTS``           ``default`` of a Create member, read back with Describe
``ANSWERS``                   no key: one List (page limit 1, the parents' names) and one
                              Describe of the first resource, each only when no step before
                              sent one, so that the output rules of a List item, a paging
                              token and a Describe are judged on an answer that has them
``DELETE_WHILE_RUNNING``      ``delete-only-in``, the forbidden half
``STOP``                      ``stop-transitions``
``DELETE``                    ``delete-only-in`` (allowed half), ``not-found-after-delete``
============================  ==============================================================

When the Create a scenario needs fails, every constraint of the resource gets the failure's
verdict (``NOT IMPLEMENTED``, ``SERVER ERROR``) or ``UNTESTED`` with the reason; what no
check reached is ``UNTESTED`` ("no lifecycle check for ...").
"""

from __future__ import annotations

from collections.abc import Callable

from smcontract.contracts import Constraint
from smcontract.suites.lifecycle import (
    _answers,
    _defaults,
    _ending,
    _errors,
    _filters,
    _ordering,
    _paging,
    _roundtrip,
)
from smcontract.suites.lifecycle._registry import Check, Need, Step, checks, key_of
from smcontract.suites.lifecycle._scenario import SPACING, Scenario
from smcontract.suites.lifecycle._session import Session
from smcontract.suites.lifecycle._setup import populate, prepare, teardown

__all__ = ["CHECK_MODULES", "run_lifecycle", "run_scenario"]

#: The modules whose functions the registry holds (importing them registers them).
CHECK_MODULES = (
    _errors,
    _roundtrip,
    _paging,
    _ordering,
    _filters,
    _defaults,
    _answers,
    _ending,
)


def constraints_for(scenario: Scenario, check: Check) -> list[Constraint] | None:
    """The active constraints ``check`` judges in this scenario, operation by operation;
    None when the family has none of the check's operations."""
    operations = [op for op in map(scenario.operation, check.roles) if op is not None]
    if not operations:
        return None
    return [
        c
        for op in operations
        for c in scenario.constraints
        if c.operation == op and c.active and key_of(c) in check.keys
    ]


def _reach(scenario: Scenario, need: Need) -> bool:
    if need is Need.FIRST:
        return prepare(scenario)
    if need is Need.ITEMS:
        populate(scenario)
    return True


def run_scenario(session: Session, resource: str, *, spacing: float = SPACING) -> Scenario:
    """Run the fixed lifecycle scenario of ``resource`` on one target; its state after."""
    scenario = Scenario(session, resource, spacing=spacing)
    session.reset()
    registered = list(checks())
    reached = Need.NOTHING
    for step in Step:
        while reached < step.needs:
            reached = Need(reached + 1)
            if not _reach(scenario, reached):
                teardown(scenario)
                return scenario
        for check in (c for c in registered if c.step is step):
            constraints = constraints_for(scenario, check)
            if constraints is not None and (constraints or check.always):
                check.run(scenario, constraints)
    scenario.leftovers()
    teardown(scenario)
    return scenario


def run_lifecycle(
    session: Session,
    resource: str,
    *,
    mode: str,
    seed: int | None,
    max_examples: int,
    stop: Callable[[], bool],
) -> None:
    """Run the lifecycle scenario of ``resource`` (and, in fuzz mode, its state machine)."""
    run_scenario(session, resource)
    if mode == "fuzz" and not stop():
        from smcontract.suites.lifecycle._machine import run_machine

        run_machine(session, resource, seed=seed, max_examples=max_examples, stop=stop)
