"""The state and plumbing every lifecycle check shares: one family against one target.

:class:`Scenario` finds constraints, sends requests (each a ``LIFECYCLE`` case of the run),
creates and remembers resources, follows list pages and records verdicts. It holds no check:
the checks are functions in the registry (:mod:`._registry`) that take a scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any, NamedTuple

from smcontract.contracts import Constraint, Role
from smcontract.contracts.kinds import ErrorParams
from smcontract.suites._verdicts import Judgement, judge_error, rule_name
from smcontract.suites.events import ENFORCED, NOT_ENFORCED, UNTESTED
from smcontract.suites.lifecycle._family import Family, stateful
from smcontract.suites.lifecycle._session import Session
from smcontract.suites.lifecycle._values import failure, lookup, ok

__all__ = ["SPACING", "Listing", "Page", "Scenario"]

#: Seconds between two creates, so that CreationTime orders them (ms precision).
SPACING = 0.004


class Listing(NamedTuple):
    """One list call of a check judged over several lists (:meth:`Scenario.judge_lists`)."""

    #: What the request adds to a plain list (SortBy and SortOrder, a filter).
    extra: dict[str, Any]
    #: The call's label.
    label: str
    #: What the reason calls the list when it fails.
    what: str
    #: What the listed items say: ``ENFORCED``, ``NOT_ENFORCED`` or ``UNTESTED`` (not judged).
    judge: Callable[[list[dict[str, Any]]], Judgement]


class Page(NamedTuple):
    """What following NextToken from the first page found (:meth:`Scenario.list_all`)."""

    items: list[dict[str, Any]]
    sizes: list[int]
    outcome: Any
    request: dict[str, Any]
    #: ``"failed"`` (a call failed), another text (the pages are wrong), or None.
    problem: str | None


class Scenario:
    """The lifecycle state of one resource family against one target."""

    def __init__(self, session: Session, resource: str, *, spacing: float = SPACING) -> None:
        self.session = session
        self.pack = session.pack
        self.resource = resource
        self.spec = self.pack.resources[resource]
        self.family = Family.of(self.pack, self.spec)
        self.spacing = spacing
        self.create = self.family.create
        self.describe = self.spec.describe
        self.list = self.spec.list
        self.stop_op = self.spec.stop
        self.delete_op = self.spec.delete
        self.name_member = self.family.name_member
        self.list_key = self.family.list_key
        self.constraints: list[Constraint] = [
            c
            for op in self.spec.operations
            if op in self.pack.operations
            for c in self.pack.operation(op).constraints
            if stateful(c)
        ]
        self.judged: set[str] = set()
        #: The valid Create request every create of the scenario starts from.
        self.base: dict[str, Any] | None = None
        #: The first resource the scenario created (its checks' subject), once created.
        self.first = ""
        self.created: list[str] = []
        self.arns: dict[str, str] = {}
        #: The parent resources created for this family's Create, in creation order.
        self.parents: list[tuple[Family, str]] = []
        #: Whether a step already sent a List that can show an item and a paging token (a
        #: page limit below the number of resources created, or no limit member), and a
        #: Describe of a created resource: :func:`~._answers.answers` sends them otherwise.
        self.listed = False
        self.described = False

    # -- constraints and verdicts -----------------------------------------------------------

    def operation(self, role: Role) -> str | None:
        """The family's operation playing ``role`` (the Create may be implied by the name)."""
        return self.create if role is Role.CREATE else self.spec.operation(role)

    def find(self, operation: str | None, kind: str, **params: Any) -> list[Constraint]:
        """Active constraints of ``operation`` with this kind whose params include ``params``."""
        if operation is None:
            return []
        return [
            c
            for c in self.constraints
            if c.operation == operation
            and c.kind == kind
            and c.active
            and all(getattr(c.rule, k, None) == v for k, v in params.items())
        ]

    def observe(
        self, constraint: Constraint, judgement: Judgement, request: Any = None, outcome: Any = None
    ) -> None:
        """Record what one check says about ``constraint``."""
        self.judged.add(constraint.id)
        state = self.session.state
        if judgement.verdict == UNTESTED:
            state.untested(self.session.name, constraint.id, judgement.reason)
            return
        with state.lock:
            state.tally(self.session.name, constraint.id).add(judgement, request, outcome)

    def observe_error(self, constraint: Constraint, request: Any, outcome: Any) -> None:
        """Record whether ``outcome`` is the rejection an ``error`` constraint documents (its
        ``code`` and, when given, ``http_status``)."""
        rule = constraint.rule_as(ErrorParams)
        judgement = judge_error(outcome, rule.code, rule.http_status)
        self.observe(constraint, judgement, request, outcome)

    def fail_all(self, judgement: Judgement, request: Any = None, outcome: Any = None) -> None:
        """Give every constraint no check judged yet the verdict of a failed precondition."""
        for constraint in self.constraints:
            if constraint.active and constraint.id not in self.judged:
                self.observe(constraint, judgement, request, outcome)

    def leftovers(self) -> None:
        """Constraints of this resource no check reached."""
        for constraint in self.constraints:
            if constraint.id in self.judged or not constraint.active:
                continue
            what = rule_name(constraint)
            self.session.state.untested(
                self.session.name,
                constraint.id,
                f"no lifecycle check for {constraint.kind} {what or constraint.path}".strip(),
            )

    # -- requests ----------------------------------------------------------------------------

    def call(self, operation: str, request: Mapping[str, Any], label: str) -> Any:
        self._note_sent(operation, request)
        return self.session.call(
            operation,
            request,
            expect="lifecycle",
            label=f"{self.resource}: {label}",
            classification="LIFECYCLE",
        )

    def _note_sent(self, operation: str, request: Mapping[str, Any]) -> None:
        """Remember a List or Describe whose answer shows the created resources (what was
        sent, not what came back: a target that ignores MaxResults is not asked again)."""
        if not self.created:
            return
        if operation == self.list:
            limit = request.get(self.family.limit)
            pages = self.family.limit in self.list_members
            self.listed |= not pages or (isinstance(limit, int) and limit < len(self.created))
        elif operation == self.describe:
            self.described |= request.get(self.name_member) in self.created

    @cached_property
    def list_members(self) -> dict[str, str]:
        """The List request's members and their model types (``{}`` outside the pack)."""
        if self.list is None or self.list not in self.pack.operations:
            return {}
        return self.pack.operation(self.list).types()

    @cached_property
    def list_required(self) -> set[str]:
        """The List request's required members."""
        if self.list is None or self.list not in self.pack.operations:
            return set()
        rules = self.pack.operation(self.list).select(direction="input")
        return {c.path for c in rules if c.kind == "required"}

    @cached_property
    def key_members(self) -> tuple[str, ...]:
        """Top-level members besides the name that a Describe, Stop or Delete requires: a
        resource known by its name within another (an app by its domain and type)."""
        operations = [self.describe, self.stop_op, self.delete_op]
        found = {
            c.path
            for op in operations
            if op is not None and op in self.pack.operations
            for c in self.pack.operation(op).select(direction="input")
            if c.kind == "required" and c.path.isidentifier() and c.path != self.name_member
        }
        return tuple(sorted(found))

    def named(self, name: str) -> dict[str, Any]:
        """The request that names one resource (Describe, Stop, Delete): its name, and the
        :attr:`key_members` the base Create request set."""
        base = self.base or {}
        keys = {member: base[member] for member in self.key_members if member in base}
        return {**keys, self.name_member: name}

    def create_request(self, name: str) -> dict[str, Any]:
        """The scenario's valid Create request, naming ``name``."""
        return {**(self.base or {}), self.name_member: name}

    def new(self, name: str, label: str, request: Mapping[str, Any] | None = None) -> Any:
        """Create one resource named ``name`` (from ``request``, else the base request);
        remember it when the create succeeds."""
        sent = self.create_request(name) if request is None else {**request, self.name_member: name}
        outcome = self.call(str(self.create), sent, label)
        if ok(outcome):
            self.created.append(name)
            body = outcome.body if isinstance(outcome.body, dict) else {}
            arn = next((v for k, v in body.items() if k.endswith("Arn")), None)
            if isinstance(arn, str):
                self.arns[name] = arn
        return outcome

    def forget(self, name: str) -> None:
        """``name`` no longer exists (deleted)."""
        if name in self.created:
            self.created.remove(name)

    def status_of(self, name: str, member: str) -> tuple[Any, Any]:
        """The value of ``member`` in a Describe of ``name``, and the Describe's outcome."""
        if self.describe is None:
            return None, None
        outcome = self.call(str(self.describe), self.named(name), "status")
        if not ok(outcome):
            return None, outcome
        return lookup(outcome.body, member), outcome

    def name_of(self, item: Mapping[str, Any]) -> Any:
        return item.get(self.name_member)

    # -- lists -------------------------------------------------------------------------------

    def list_all(self, extra: Mapping[str, Any], label: str, *, limit: int | None = None) -> Page:
        """Follow the paging token from the first page."""
        assert self.list is not None
        items: list[dict[str, Any]] = []
        sizes: list[int] = []
        request: dict[str, Any] = dict(extra)
        if limit is not None:
            request[self.family.limit] = limit
        outcome: Any = None
        for _ in range(len(self.created) + 6):
            outcome = self.call(str(self.list), request, label)
            if not ok(outcome):
                return Page(items, sizes, outcome, request, "failed")
            page = outcome.body.get(self.list_key) if isinstance(outcome.body, dict) else None
            if not isinstance(page, list):
                return Page(
                    items, sizes, outcome, request, f"no {self.list_key} list in the answer"
                )
            items.extend(i for i in page if isinstance(i, dict))
            sizes.append(len(page))
            token = outcome.body.get(self.family.token)
            if not token:
                return Page(items, sizes, outcome, request, None)
            request = {**request, self.family.token: token}
        return Page(items, sizes, outcome, request, f"still a NextToken after {len(sizes)} pages")

    def judge_lists(
        self, constraint: Constraint, listings: Iterable[Listing], *, counted: str, unjudged: str
    ) -> None:
        """Judge ``constraint`` over several lists, called one after another until one says no.

        A list that fails, or whose items its ``judge`` finds ``NOT_ENFORCED``, gives the
        verdict with its call as evidence and ends the check (``listings`` is drawn lazily, so
        no later list is called). Otherwise the verdict is ``ENFORCED`` with the number of lists
        judged (``"{n} {counted} checked"``), or ``UNTESTED`` with ``unjudged`` when no list
        could be judged (every ``judge`` said ``UNTESTED``, or there was no list to call)."""
        checked = 0
        for listing in listings:
            page = self.list_all(listing.extra, listing.label)
            if page.problem is not None:
                verdict = self.page_failure(page, listing.what, promised=True)
                self.observe(constraint, verdict, page.request, page.outcome)
                return
            judgement = listing.judge(page.items)
            if judgement.verdict == NOT_ENFORCED:
                self.observe(constraint, judgement, page.request, page.outcome)
                return
            if judgement.verdict == ENFORCED:
                checked += 1
        self.observe(
            constraint,
            Judgement(ENFORCED, f"{checked} {counted} checked")
            if checked
            else Judgement(UNTESTED, unjudged),
        )

    @staticmethod
    def page_failure(page: Page, what: str, promised: bool = False) -> Judgement:
        """The verdict of a list that could not be followed to its end."""
        if page.problem == "failed":
            return failure(page.outcome, what, promised=promised)
        return Judgement(NOT_ENFORCED, str(page.problem))
