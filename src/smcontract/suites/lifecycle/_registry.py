"""One table of lifecycle checks: a rule key -> the functions that judge it.

A check is a small function ``check(scenario, constraints)`` registered with
:func:`register` for one or more *keys* (see :func:`key_of`: a ``lifecycle`` rule by its
``params.rule``, an ``error`` by its ``situation``, ``default``, a scoped ``unique``), the
:class:`Role` of the family operations whose constraints it judges, and the :class:`Step` of
the scenario it runs at. The scenario hands each check the active constraints of those
operations with one of its keys; a check with none is not called (unless it is ``always``,
like the Delete at the end, which also cleans up, or the step with no key that lists and
describes what the scenario made so that the answers' output rules get judged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar

from smcontract.contracts import Constraint, Role
from smcontract.contracts.kinds import ErrorParams, LifecycleParams

if TYPE_CHECKING:
    from smcontract.suites.lifecycle._scenario import Scenario

__all__ = [
    "JUDGED_BY_THE_RUNNER",
    "Check",
    "Need",
    "Step",
    "checks",
    "key_of",
    "register",
    "registered_keys",
]

#: ``lifecycle`` rules the runner judges on the answers of single requests, not a scenario.
JUDGED_BY_THE_RUNNER = frozenset({"success-status"})


class Need(IntEnum):
    """What must exist before a step can run."""

    NOTHING = 0
    #: The scenario's first resource (and the parents its Create names).
    FIRST = 1
    #: The first resource and enough more of them to list.
    ITEMS = 2


class Step(IntEnum):
    """The scenario's fixed order: a check runs at its step, in this order."""

    NOT_FOUND = 1
    LIST_NOT_FOUND = 2
    ROUND_TRIP = 3
    DUPLICATE = 4
    PAGING = 5
    SORT_ORDER = 6
    DEFAULT_ORDER = 7
    FILTERS = 8
    DEFAULT_PAGE_SIZE = 9
    CREATE_DEFAULTS = 10
    ANSWERS = 11
    DELETE_WHILE_RUNNING = 12
    STOP = 13
    DELETE = 14

    @property
    def needs(self) -> Need:
        if self <= Step.LIST_NOT_FOUND:
            return Need.NOTHING
        if Step.PAGING <= self <= Step.DEFAULT_PAGE_SIZE:
            return Need.ITEMS
        return Need.FIRST


CheckFunction = Callable[["Scenario", list[Constraint]], None]
F = TypeVar("F", bound=CheckFunction)


@dataclass(frozen=True, slots=True)
class Check:
    """One registered check."""

    keys: tuple[str, ...]
    #: The family operations whose constraints the check judges, in this order.
    roles: tuple[Role, ...]
    step: Step
    run: CheckFunction
    #: Run even when the family has no constraint with one of ``keys`` (but has the roles).
    always: bool = False


_CHECKS: list[Check] = []


def key_of(constraint: Constraint) -> str:
    """The registry key of a stateful constraint."""
    if constraint.kind == "lifecycle":
        return constraint.rule_as(LifecycleParams).rule
    if constraint.kind == "error":
        return f"error:{constraint.rule_as(ErrorParams).situation}"
    return constraint.kind


def register(
    *keys: str, roles: tuple[Role, ...], step: Step, always: bool = False
) -> Callable[[F], F]:
    """Register the decorated function as the check of ``keys`` on the constraints of the
    operations playing ``roles``, at ``step``."""

    def decorate(function: F) -> F:
        _CHECKS.append(Check(keys, roles, step, function, always))
        return function

    return decorate


def checks() -> Iterator[Check]:
    """Every registered check, in the order of the scenario's steps (the package's
    ``__init__`` imports every check module, which registers its checks)."""
    yield from sorted(_CHECKS, key=lambda check: check.step)


def registered_keys() -> set[str]:
    """Every key some check judges."""
    return {key for check in checks() for key in check.keys}
