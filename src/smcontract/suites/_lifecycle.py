"""Stateful suites: create, describe, list, stop and delete one resource type, and judge the
``lifecycle``, ``error``, ``default`` and ``unique`` (across resources) constraints.

Each check is a small method with a fixed place in the scenario and judges the constraints it
finds by *kind and params* (``lifecycle`` by ``params.rule``, ``error`` by
``params.situation``, ``default`` by path), never by a list of IDs:

================================  ==========================================================
check                             constraints
================================  ==========================================================
``not_found``                     ``error`` not-found on Describe / Stop / Delete / List
``round_trip``                    ``lifecycle`` round-trip (Describe shows what Create set)
``duplicate``                     ``error`` duplicate-name, ``unique`` with a scope
``paging``                        ``lifecycle`` paging, for MaxResults 1..N
``sort_order`` / ``default_order`` ``lifecycle`` sort-order, ``default`` of SortBy/SortOrder
``filters``                       ``lifecycle`` filters
``default_page_size``             ``default`` of MaxResults (tops the items up to one more
                                  than the default, at most :data:`PAGE_CAP`)
``create_defaults``               ``default`` of a Create member (in a list: of its first
                                  item), read back with Describe
``delete_while_running``          ``lifecycle`` delete-only-in: a Delete of a new job in a
                                  status the rule does not allow must be refused
``stop``                          ``lifecycle`` stop-transitions
``delete``                        ``lifecycle`` delete-only-in (the allowed half) and
                                  not-found-after-delete
================================  ==========================================================

A check whose precondition cannot be reached says so (``UNTESTED`` with the reason): a
moto job is ``COMPLETED`` as soon as it is created, so "delete only in a terminal state" can
only be tried in the allowed state, and "stop goes through STOPPING" needs a running job.
When the Create that a scenario needs fails, every constraint of the resource gets the
failure's verdict (``NOT IMPLEMENTED``, ``SERVER ERROR``) or ``UNTESTED`` with the reason.

In ``certify`` mode the scenario is a fixed sequence. In ``fuzz`` mode, after the fixed
sequence, a Hypothesis ``RuleBasedStateMachine`` interleaves creates, describes, deletes and
paged lists in random order and checks the same invariants (see :class:`LifecycleMachine`).
"""

from __future__ import annotations

import copy
import functools
import itertools
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from smcontract.contracts import Constraint, ContractPack, Resource, parse_path, validate
from smcontract.suites._verdicts import Judgement, judge_error
from smcontract.suites.events import (
    ENFORCED,
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    UNTESTED,
)

if TYPE_CHECKING:
    from smcontract.suites._session import Session

__all__ = ["MAX_ITEMS", "Scenario", "lifecycle_resources", "run_lifecycle", "stateful"]

#: The most resources one scenario creates for its list checks.
MAX_ITEMS = 12
#: Items a scenario creates when no documented page size asks for more.
BASE_ITEMS = 5
#: The most resources the default page size check creates (a documented default page size
#: of up to ``PAGE_CAP - 1`` items can be observed).
PAGE_CAP = 101
#: Seconds between two creates, so that CreationTime orders them (ms precision).
SPACING = 0.004
_TERMINAL = ("COMPLETED", "FAILED", "STOPPED")
_TRIAL_COMPONENT_CREATE = "CreateTrialComponent"


def stateful(constraint: Constraint) -> bool:
    """Whether the lifecycle suites (not single requests) judge this constraint."""
    if constraint.kind == "unique":
        return "scope" in constraint.params
    return constraint.kind in ("lifecycle", "error", "default")


def _resource_ops(spec: Resource) -> list[str]:
    return list(spec.operations)


def lifecycle_resources(pack: ContractPack, operations: Iterable[str]) -> list[str]:
    """The resources with an active stateful constraint on one of ``operations``."""
    selected = set(operations)
    found = []
    for resource, spec in pack.resources.items():
        ops = [op for op in _resource_ops(spec) if op in selected and op in pack.operations]
        if any(stateful(c) and c.active for op in ops for c in pack.operation(op).constraints):
            found.append(resource)
    return found


#: A name no scenario creates (short, so that it is valid for every name pattern).
MISSING = "smc-gone"


def _names(count: int) -> list[str]:
    """Short names whose creation order is not their alphabetical order (7 is prime to 26)."""
    letters = string.ascii_lowercase
    return [f"smc-{letters[(i * 7) % 26]}{i // 26 or ''}" for i in range(count)]


def _ok(outcome: Any) -> bool:
    return bool(
        outcome is not None
        and outcome.fault is None
        and outcome.status is not None
        and 200 <= outcome.status < 300
    )


def _failure(outcome: Any, what: str, *, promised: bool = False) -> Judgement:
    """The verdict a failed precondition call gives the checks that needed it.

    With ``promised``, the call is one the constraint itself says must work (a Describe of a
    resource just created, a documented list), so a plain rejection is ``NOT_ENFORCED``, not
    ``UNTESTED``; faults keep their verdict either way."""
    if outcome.fault == "not-implemented":
        return Judgement(NOT_IMPLEMENTED, f"{what}: not implemented ({outcome.detail})")
    if outcome.fault is not None or (outcome.status or 0) >= 500:
        return Judgement(
            SERVER_ERROR, f"{what}: {outcome.fault or outcome.status} ({outcome.detail})"
        )
    return Judgement(
        NOT_ENFORCED if promised else UNTESTED,
        f"{what} failed: {outcome.error_code} ({outcome.status})"
        f"{': ' + outcome.message if outcome.message else ''}",
    )


def _lookup(body: Any, path: str) -> Any:
    """The value at ``path`` in ``body``; a list item step (``[]``) reads the first item."""
    for kind, name in parse_path(path):
        if kind == "items" and isinstance(body, list) and body:
            body = body[0]
        elif kind == "member" and isinstance(body, dict):
            body = body.get(name)
        else:
            return None
    return body


def _differences(sent: Any, got: Any, path: str = "") -> list[str]:
    """Where ``got`` does not show what ``sent`` set (``got`` may hold more members)."""
    if isinstance(sent, dict):
        if not isinstance(got, dict):
            return [f"{path or '.'}: expected an object, got {_short(got)}"]
        out: list[str] = []
        for key, value in sent.items():
            if value is None:
                continue
            if key not in got:
                out.append(f"{path + '.' if path else ''}{key}: missing")
            else:
                out.extend(_differences(value, got[key], f"{path + '.' if path else ''}{key}"))
        return out
    if isinstance(sent, list):
        if not isinstance(got, list) or len(got) != len(sent):
            return [f"{path}: expected {len(sent)} items, got {_short(got)}"]
        out = []
        for index, (a, b) in enumerate(zip(sent, got, strict=True)):
            out.extend(_differences(a, b, f"{path}[{index}]"))
        return out
    if isinstance(sent, bool) or isinstance(got, bool):
        same = sent is got or (sent == got and type(sent) is type(got))
    elif isinstance(sent, int | float) and isinstance(got, int | float):
        same = float(sent) == float(got)
    else:
        same = sent == got
    return [] if same else [f"{path}: sent {_short(sent)}, got {_short(got)}"]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _monotone(values: list[Any], order: str) -> bool:
    pairs = list(itertools.pairwise(values))
    if order == "Ascending":
        return all(a <= b for a, b in pairs)
    return all(a >= b for a, b in pairs)


def _comparable(values: list[Any]) -> list[Any] | None:
    if not values or any(v is None for v in values):
        return None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return [float(v) for v in values]
    if all(isinstance(v, str) for v in values):
        return list(values)
    return None


def _judge_order(
    sort_by: str, member: str | None, order: str, items: list[dict[str, Any]]
) -> Judgement:
    """Whether a list sorted by ``sort_by`` in ``order`` shows ``member`` in that order
    (``UNTESTED`` when the items do not show two different values of it)."""
    values = _comparable([i.get(member or "") for i in items])
    if values is None or len(set(values)) < 2:
        return Judgement(UNTESTED, f"the listed items do not show distinct {member} values")
    if not _monotone(values, order):
        return Judgement(
            NOT_ENFORCED, f"SortBy={sort_by} SortOrder={order}: {member} values are not {order}"
        )
    return Judgement(ENFORCED, f"{member} {order}")


class _Listing(NamedTuple):
    """One list call of a check judged over several lists (:meth:`Scenario.judge_lists`)."""

    #: What the request adds to a plain list (SortBy and SortOrder, a filter).
    extra: dict[str, Any]
    #: The call's label.
    label: str
    #: What the reason calls the list when it fails.
    what: str
    #: What the listed items say: ``ENFORCED``, ``NOT_ENFORCED`` or ``UNTESTED`` (not judged).
    judge: Callable[[list[dict[str, Any]]], Judgement]


class Scenario:
    """The fixed lifecycle scenario of one resource type against one target."""

    def __init__(self, session: Session, resource: str, *, spacing: float = SPACING) -> None:
        self.session = session
        self.pack = session.pack
        self.resource = resource
        self.spec = self.pack.resources[resource]
        self.spacing = spacing
        self.create = self.spec.create
        self.describe = self.spec.describe
        self.list = self.spec.list
        self.stop_op = self.spec.stop
        self.delete_op = self.spec.delete
        self.name_member = self.spec.name_member or "TrialComponentName"
        self.list_key = self.spec.list_key or ""
        self.constraints: list[Constraint] = [
            c
            for op in _resource_ops(self.spec)
            if op in self.pack.operations
            for c in self.pack.operation(op).constraints
            if stateful(c)
        ]
        self.judged: set[str] = set()
        self.base: dict[str, Any] | None = None
        self.created: list[str] = []
        self.arns: dict[str, str] = {}

    # -- plumbing ---------------------------------------------------------------------------------

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
            and all(c.params.get(k) == v for k, v in params.items())
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
        judgement = judge_error(
            outcome, constraint.params["code"], constraint.params.get("http_status")
        )
        self.observe(constraint, judgement, request, outcome)

    def call(self, operation: str, request: Mapping[str, Any], label: str) -> Any:
        return self.session.call(
            operation,
            request,
            expect="lifecycle",
            label=f"{self.resource}: {label}",
            classification="LIFECYCLE",
        )

    def new(self, name: str, label: str) -> Any:
        """Create one resource named ``name``; remember it when the create succeeds."""
        if self.create is None:
            outcome = self.call(_TRIAL_COMPONENT_CREATE, {"TrialComponentName": name}, label)
        else:
            assert self.base is not None
            outcome = self.call(str(self.create), {**self.base, self.name_member: name}, label)
        if _ok(outcome):
            self.created.append(name)
            body = outcome.body if isinstance(outcome.body, dict) else {}
            arn = next((v for k, v in body.items() if k.endswith("Arn")), None)
            if isinstance(arn, str):
                self.arns[name] = arn
        return outcome

    def list_all(
        self, extra: Mapping[str, Any], label: str, *, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], list[int], Any, dict[str, Any], str | None]:
        """Follow NextToken from the first page; returns (items, page sizes, last outcome,
        last request, problem)."""
        assert self.list is not None
        items: list[dict[str, Any]] = []
        sizes: list[int] = []
        request: dict[str, Any] = dict(extra)
        if limit is not None:
            request["MaxResults"] = limit
        outcome: Any = None
        for _ in range(len(self.created) + 6):
            outcome = self.call(str(self.list), request, label)
            if not _ok(outcome):
                return items, sizes, outcome, request, "failed"
            page = outcome.body.get(self.list_key) if isinstance(outcome.body, dict) else None
            if not isinstance(page, list):
                return items, sizes, outcome, request, f"no {self.list_key} list in the answer"
            items.extend(i for i in page if isinstance(i, dict))
            sizes.append(len(page))
            token = outcome.body.get("NextToken")
            if not token:
                return items, sizes, outcome, request, None
            request = {**request, "NextToken": token}
        return items, sizes, outcome, request, f"still a NextToken after {len(sizes)} pages"

    def name_of(self, item: Mapping[str, Any]) -> Any:
        return item.get(self.name_member)

    def judge_lists(
        self, constraint: Constraint, listings: Iterable[_Listing], *, counted: str, unjudged: str
    ) -> None:
        """Judge ``constraint`` over several lists, called one after another until one says no.

        A list that fails, or whose items its ``judge`` finds ``NOT_ENFORCED``, gives the
        verdict with its call as evidence and ends the check (``listings`` is drawn lazily, so
        no later list is called). Otherwise the verdict is ``ENFORCED`` with the number of lists
        judged (``"{n} {counted} checked"``), or ``UNTESTED`` with ``unjudged`` when no list
        could be judged (every ``judge`` said ``UNTESTED``, or there was no list to call)."""
        checked = 0
        for listing in listings:
            items, _, outcome, request, problem = self.list_all(listing.extra, listing.label)
            if problem is not None:
                verdict = (
                    _failure(outcome, listing.what, promised=True)
                    if problem == "failed"
                    else Judgement(NOT_ENFORCED, problem)
                )
                self.observe(constraint, verdict, request, outcome)
                return
            judgement = listing.judge(items)
            if judgement.verdict == NOT_ENFORCED:
                self.observe(constraint, judgement, request, outcome)
                return
            if judgement.verdict == ENFORCED:
                checked += 1
        self.observe(
            constraint,
            Judgement(ENFORCED, f"{checked} {counted} checked")
            if checked
            else Judgement(UNTESTED, unjudged),
        )

    # -- the scenario ---------------------------------------------------------------------

    def run(self) -> None:
        self.session.reset()
        self.not_found()
        if not self.prepare():
            return
        first = self.created[0]
        self.round_trip(first)
        self.duplicate(first)
        self.populate()
        if self.list is not None:
            self.paging()
            self.sort_order()
            self.default_order()
            self.filters()
            self.default_page_size()
        self.create_defaults()
        self.delete_while_running()
        self.stop(first)
        self.delete(first)
        self.leftovers()

    def prepare(self) -> bool:
        """Create the first resource; on failure, judge everything that needed it."""
        what: str
        if self.create is not None:
            self.base = self.session.state.valid_create(str(self.create))
            what = str(self.create)
            if self.base is None:
                self.fail_all(Judgement(UNTESTED, f"no valid {what} request could be drawn"))
                return False
        else:
            what = _TRIAL_COMPONENT_CREATE
        outcome = self.new(_names(1)[0], f"create ({what})")
        if not _ok(outcome):
            request = {**(self.base or {}), self.name_member: _names(1)[0]}
            self.fail_all(_failure(outcome, f"precondition {what}"), request, outcome)
            return False
        return True

    def fail_all(self, judgement: Judgement, request: Any = None, outcome: Any = None) -> None:
        for constraint in self.constraints:
            if constraint.active and constraint.id not in self.judged:
                self.observe(constraint, judgement, request, outcome)

    def not_found(self) -> None:
        missing = MISSING
        for op in (self.describe, self.stop_op, self.delete_op):
            for constraint in self.find(op, "error", situation="not-found"):
                request = {self.name_member: missing}
                outcome = self.call(str(op), request, "not-found")
                self.observe_error(constraint, request, outcome)
        for constraint in self.find(self.list, "error", situation="not-found"):
            types = self.pack.operation(str(self.list)).types()
            members = [m for m in ("TrialName", "ExperimentName") if m in types]
            if not members:
                self.observe(constraint, Judgement(UNTESTED, "no filter names a parent resource"))
            for member in members:
                request = {member: MISSING}
                outcome = self.call(str(self.list), request, f"not-found ({member})")
                self.observe_error(constraint, request, outcome)

    def round_trip(self, name: str) -> None:
        for constraint in self.find(self.describe, "lifecycle", rule="round-trip"):
            request = {self.name_member: name}
            outcome = self.call(str(self.describe), request, "round-trip")
            if not _ok(outcome):
                judgement = _failure(
                    outcome, f"{self.describe} of a just-created resource", promised=True
                )
                self.observe(constraint, judgement, request, outcome)
                continue
            assert self.base is not None
            sent = {
                m: self.base[m]
                for m in constraint.params.get("members", ())
                if self.base.get(m) is not None
            }
            sent[self.name_member] = name
            diffs = _differences(sent, outcome.body)
            arn_key = self.name_member.removesuffix("Name") + "Arn"
            if (
                name in self.arns
                and isinstance(outcome.body, dict)
                and arn_key in outcome.body
                and outcome.body[arn_key] != self.arns[name]
            ):
                diffs.append(
                    f"{arn_key}: Create said {self.arns[name]!r}, "
                    f"Describe says {outcome.body[arn_key]!r}"
                )
            if diffs:
                shown = "; ".join(diffs[:4]) + (
                    f" (+{len(diffs) - 4} more)" if len(diffs) > 4 else ""
                )
                self.observe(
                    constraint,
                    Judgement(NOT_ENFORCED, f"Describe differs: {shown}"),
                    request,
                    outcome,
                )
            else:
                self.observe(
                    constraint,
                    Judgement(ENFORCED, f"{len(sent)} members came back"),
                    request,
                    outcome,
                )

    def duplicate(self, name: str) -> None:
        errors = self.find(self.create, "error", situation="duplicate-name")
        unique = [
            c
            for c in self.find(self.create, "unique")
            if c.path == self.name_member and "scope" in c.params
        ]
        if not errors and not unique:
            return
        assert self.base is not None
        request = {**self.base, self.name_member: name}
        outcome = self.call(str(self.create), request, "duplicate name")
        for constraint in errors:
            self.observe_error(constraint, request, outcome)
        for constraint in unique:
            # Any rejection keeps the name unique; the error constraint judges the code.
            judgement = judge_error(outcome, outcome.error_code or "", None)
            if judgement.verdict == NOT_ENFORCED:
                judgement = Judgement(
                    NOT_ENFORCED,
                    f"a second {self.create} with the same {self.name_member} succeeded",
                )
            elif judgement.verdict == ENFORCED:
                judgement = Judgement(ENFORCED, f"rejected with {outcome.error_code}")
            self.observe(constraint, judgement, request, outcome)

    def item_count(self) -> int:
        count = BASE_ITEMS
        for constraint in self.find(self.list, "default"):
            if constraint.path == "MaxResults" and isinstance(constraint.params.get("value"), int):
                count = max(count, int(constraint.params["value"]) + 2)
        return min(count, MAX_ITEMS)

    def populate(self) -> None:
        if self.list is None:
            return
        for name in _names(self.item_count())[1:]:
            time.sleep(self.spacing)
            self.new(name, "create for list")

    def paging(self) -> None:
        for constraint in self.find(self.list, "lifecycle", rule="paging"):
            verdict: Judgement | None = None
            evidence: tuple[Any, Any] = (None, None)
            for size in range(1, len(self.created) + 1):
                items, sizes, outcome, request, problem = self.list_all(
                    {}, f"paging by {size}", limit=size
                )
                names = [self.name_of(i) for i in items]
                if problem == "failed":
                    verdict = _failure(outcome, f"{self.list} MaxResults={size}", promised=True)
                    evidence = (request, outcome)
                    break
                wrong = problem or _paging_problem(names, sizes, size, self.created)
                if wrong:
                    verdict = Judgement(NOT_ENFORCED, f"MaxResults={size}: {wrong}")
                    evidence = (request, outcome)
                    break
            if verdict is None:
                verdict = Judgement(
                    ENFORCED,
                    f"MaxResults 1..{len(self.created)} each listed "
                    f"the {len(self.created)} items once",
                )
            self.observe(constraint, verdict, *evidence)

    def default_page_size(self) -> None:
        for constraint in self.find(self.list, "default"):
            if constraint.path != "MaxResults":
                continue
            size = constraint.params.get("value")
            if not isinstance(size, int) or size < 1 or size >= PAGE_CAP:
                self.observe(
                    constraint,
                    Judgement(
                        UNTESTED,
                        f"needs more than {size} items; the scenario creates at most {PAGE_CAP}",
                    ),
                )
                continue
            topped = self.top_up(size + 1)
            if topped is not None:
                self.observe(
                    constraint,
                    _failure(topped, f"{self.create or _TRIAL_COMPONENT_CREATE} for a full page"),
                    None,
                    topped,
                )
                continue
            request: dict[str, Any] = {}
            outcome = self.call(str(self.list), request, "default page size")
            if not _ok(outcome):
                self.observe(constraint, _failure(outcome, str(self.list)), request, outcome)
                continue
            page = outcome.body.get(self.list_key) if isinstance(outcome.body, dict) else None
            got = len(page) if isinstance(page, list) else None
            if got == size and outcome.body.get("NextToken"):
                self.observe(
                    constraint,
                    Judgement(ENFORCED, f"first page held {size} of {len(self.created)} items"),
                    request,
                    outcome,
                )
            else:
                self.observe(
                    constraint,
                    Judgement(
                        NOT_ENFORCED,
                        f"with {len(self.created)} items and no MaxResults the first "
                        f"page held {got}, expected {size}",
                    ),
                    request,
                    outcome,
                )

    def top_up(self, count: int) -> Any:
        """Create resources until the scenario has ``count`` of them (for a default page size
        the first items do not reach); the failed create's outcome, or None."""
        names = iter(n for n in _names(count + len(self.created)) if n not in self.created)
        while len(self.created) < count:
            time.sleep(self.spacing)
            outcome = self.new(next(names), "create for a full page")
            if not _ok(outcome):
                return outcome
        return None

    def _sort_key(self, constraint: Constraint, sort_by: str) -> str | None:
        mapping = constraint.params.get("sort_by") or {}
        value = mapping.get(sort_by)
        return str(value) if value else None

    def sort_order(self) -> None:
        for constraint in self.find(self.list, "lifecycle", rule="sort-order"):
            self.judge_lists(
                constraint,
                self._orderings(constraint),
                counted="orderings",
                unjudged="every sort key had the same value on all items",
            )

    def _orderings(self, constraint: Constraint) -> Iterator[_Listing]:
        """A sorted list for every documented SortBy, in both orders."""
        for sort_by in sorted(constraint.params.get("sort_by") or {}):
            member = self._sort_key(constraint, sort_by)
            for order in ("Ascending", "Descending"):
                yield _Listing(
                    {"SortBy": sort_by, "SortOrder": order},
                    f"sort {sort_by} {order}",
                    f"{self.list} sorted",
                    functools.partial(_judge_order, sort_by, member, order),
                )

    def default_order(self) -> None:
        by = self.find(self.list, "default")
        sort_by = next((c for c in by if c.path == "SortBy"), None)
        sort_order = next((c for c in by if c.path == "SortOrder"), None)
        if sort_by is None and sort_order is None:
            return
        rule = next(iter(self.find(self.list, "lifecycle", rule="sort-order")), None)
        key_name = str(sort_by.params["value"]) if sort_by else "CreationTime"
        member = (self._sort_key(rule, key_name) if rule else None) or key_name
        order = str(sort_order.params["value"]) if sort_order else "Ascending"
        items, _, outcome, request, problem = self.list_all({}, "default order")
        targets = [c for c in (sort_by, sort_order) if c is not None]
        if problem is not None:
            judgement = (
                _failure(outcome, str(self.list))
                if problem == "failed"
                else Judgement(NOT_ENFORCED, problem)
            )
            for constraint in targets:
                self.observe(constraint, judgement, request, outcome)
            return
        values = _comparable([i.get(member) for i in items])
        if values is None or len(set(values)) < 2:
            for constraint in targets:
                self.observe(
                    constraint,
                    Judgement(UNTESTED, f"the listed items do not show distinct {member} values"),
                )
            return
        forward = _monotone(values, order)
        backward = _monotone(values, "Descending" if order == "Ascending" else "Ascending")
        if sort_by is not None:
            if forward or backward:
                self.observe(sort_by, Judgement(ENFORCED, f"ordered by {member}"), request, outcome)
            else:
                self.observe(
                    sort_by,
                    Judgement(
                        NOT_ENFORCED, f"without SortBy the items are not ordered by {member}"
                    ),
                    request,
                    outcome,
                )
        if sort_order is not None:
            if forward:
                self.observe(sort_order, Judgement(ENFORCED, f"{member} {order}"), request, outcome)
            elif backward:
                self.observe(
                    sort_order,
                    Judgement(
                        NOT_ENFORCED,
                        f"without SortOrder the items "
                        f"come {member} in the opposite "
                        f"order, expected {order}",
                    ),
                    request,
                    outcome,
                )
            else:
                self.observe(
                    sort_order,
                    Judgement(
                        UNTESTED,
                        f"the default order is not by {member}, so its direction cannot be judged",
                    ),
                )

    def filters(self) -> None:
        for constraint in self.find(self.list, "lifecycle", rule="filters"):
            everything, _, outcome, request, problem = self.list_all({}, "filters: all")
            if problem is not None:
                self.observe(
                    constraint,
                    _failure(outcome, str(self.list))
                    if problem == "failed"
                    else Judgement(NOT_ENFORCED, problem),
                    request,
                    outcome,
                )
                continue
            self.judge_lists(
                constraint,
                self._filterings(constraint, everything),
                counted="filter values",
                unjudged="no filter member is shown on the listed items",
            )

    def _filterings(
        self, constraint: Constraint, everything: list[dict[str, Any]]
    ) -> Iterator[_Listing]:
        """A filtered list for every documented filter whose member at least two of
        ``everything`` show, at each of its :func:`_pivots`."""
        for name, rule in sorted((constraint.params.get("filters") or {}).items()):
            member, op = str(rule.get("member")), str(rule.get("op"))
            values = [(self.name_of(i), _lookup(i, member)) for i in everything]
            values = [(n, v) for n, v in values if v is not None]
            if len(values) < 2:
                continue
            for where, pivot in _pivots(op, values):
                yield _Listing(
                    {name: pivot},
                    f"filter {name}",
                    f"{self.list} {name}",
                    functools.partial(self._judge_filter, name, op, pivot, values, where),
                )

    def _judge_filter(
        self,
        name: str,
        op: str,
        pivot: Any,
        values: list[tuple[Any, Any]],
        where: str,
        items: list[dict[str, Any]],
    ) -> Judgement:
        """Whether a list filtered by ``name`` = ``pivot`` shows just the items that pass it."""
        wrong = _filter_problem(name, op, pivot, values, [self.name_of(i) for i in items], where)
        return Judgement(NOT_ENFORCED, wrong) if wrong else Judgement(ENFORCED, f"{name} = {where}")

    def create_defaults(self) -> None:
        if self.create is None:
            return
        for index, constraint in enumerate(self.find(self.create, "default")):
            request = self._without(constraint.path)
            if request is None:
                self.observe(
                    constraint,
                    Judgement(
                        UNTESTED,
                        f"the valid {self.create} request has no place for {constraint.path}",
                    ),
                )
                continue
            if self.describe is None:
                self.observe(constraint, Judgement(UNTESTED, "no Describe to read it back"))
                continue
            name = f"smc-dflt{index}"
            request[self.name_member] = name
            created = self.call(str(self.create), request, f"default {constraint.path}")
            if not _ok(created):
                self.observe(
                    constraint,
                    _failure(created, f"{self.create} without {constraint.path}"),
                    request,
                    created,
                )
                continue
            described = self.call(
                str(self.describe), {self.name_member: name}, f"default {constraint.path}"
            )
            if not _ok(described):
                self.observe(
                    constraint, _failure(described, str(self.describe)), request, described
                )
                continue
            got = _lookup(described.body, constraint.path)
            want = constraint.params.get("value")
            if got == want:
                self.observe(
                    constraint, Judgement(ENFORCED, f"Describe shows {want!r}"), request, described
                )
            else:
                shown = "does not show it" if got is None else f"shows {got!r}"
                self.observe(
                    constraint,
                    Judgement(
                        NOT_ENFORCED,
                        f"created without {constraint.path}; Describe {shown}, expected {want!r}",
                    ),
                    request,
                    described,
                )

    def _without(self, path: str) -> dict[str, Any] | None:
        """A valid Create request with ``path`` left out and its parents present.

        A list item step (``Containers[]``) goes into the first item, so the request must
        already have one: the base Create request is tried first, then the pack's documented
        examples of the Create (for a list the base request leaves out, such as ``Containers``
        next to a ``PrimaryContainer``)."""
        assert self.base is not None
        steps = parse_path(path)
        if not steps or steps[-1][0] != "member":
            return None
        operation = str(self.create)
        examples = [dict(e.request) for e in self.pack.operation(operation).examples]
        for candidate in [self.base, *examples]:
            request = copy.deepcopy(candidate)
            node: Any = request
            for kind, name in steps[:-1]:
                if kind == "member" and isinstance(node, dict):
                    node = node.setdefault(name, {})
                elif kind == "items" and isinstance(node, list) and node:
                    node = node[0]
                else:
                    node = None
                    break
            if not isinstance(node, dict):
                continue
            node.pop(steps[-1][1], None)
            if not validate(operation, request, pack=self.pack):
                return request
        return None

    def status_of(self, name: str, member: str) -> tuple[Any, Any]:
        if self.describe is None:
            return None, None
        outcome = self.call(str(self.describe), {self.name_member: name}, "status")
        if not _ok(outcome):
            return None, outcome
        return _lookup(outcome.body, member), outcome

    def delete_while_running(self) -> None:
        """A ``delete-only-in`` rule's forbidden half: a Delete of a new resource whose status is
        not one of the rule's ``statuses`` (a job still STARTING or INPROGRESS) must be refused
        with the rule's expected rejection. :meth:`delete` tries the allowed half."""
        for index, constraint in enumerate(
            self.find(self.delete_op, "lifecycle", rule="delete-only-in")
        ):
            allowed = list(constraint.params.get("statuses") or ())
            name = f"smc-busy{index}"
            created = self.new(name, "create to delete while running")
            if not _ok(created):
                request = {**(self.base or {}), self.name_member: name}
                self.observe(constraint, _failure(created, f"{self.create}"), request, created)
                continue
            member = str(constraint.params.get("status_member"))
            status, described = self.status_of(name, member)
            if status is None:
                self.observe(
                    constraint,
                    _failure(described, str(self.describe))
                    if described is not None
                    else Judgement(UNTESTED, f"no {member} to tell the status by"),
                    {self.name_member: name},
                    described,
                )
                continue
            if status in allowed:
                self.observe(
                    constraint,
                    Judgement(
                        UNTESTED,
                        f"a new job is {status} as soon as it is created (jobs complete at once "
                        f"here), so a delete outside {', '.join(allowed)} cannot be tried",
                    ),
                )
                continue
            request = {self.name_member: name}
            outcome = self.call(str(self.delete_op), request, f"delete while {status}")
            if _ok(outcome) and name in self.created:
                self.created.remove(name)
            if outcome.fault is not None:
                self.observe(constraint, _failure(outcome, str(self.delete_op)), request, outcome)
                continue
            expect = self.pack.expected_rejection(constraint)
            code = str(expect.get("code"))
            judgement = judge_error(outcome, code, expect.get("http_status"))
            reason = f"refused with {code}" if judgement.verdict == ENFORCED else judgement.reason
            self.observe(
                constraint,
                Judgement(judgement.verdict, f"a delete of a {status} job: {reason}"),
                request,
                outcome,
            )

    def stop(self, name: str) -> None:
        for constraint in self.find(self.stop_op, "lifecycle", rule="stop-transitions"):
            member = str(constraint.params.get("status_member"))
            allowed = [constraint.params.get("via"), constraint.params.get("to")]
            status, _ = self.status_of(name, member)
            request = {self.name_member: name}
            outcome = self.call(str(self.stop_op), request, "stop")
            if outcome.fault is not None:
                self.observe(constraint, _failure(outcome, str(self.stop_op)), request, outcome)
                continue
            if status in _TERMINAL or status is None:
                self.observe(
                    constraint,
                    Judgement(
                        UNTESTED,
                        f"the job was {status} before the stop (jobs complete at once "
                        f"here), so no running job could be stopped; {self.stop_op} "
                        f"answered {outcome.error_code or outcome.status}",
                    ),
                )
                continue
            after, described = self.status_of(name, member)
            if not _ok(outcome):
                self.observe(
                    constraint,
                    Judgement(
                        NOT_ENFORCED, f"stopping a {status} job failed: {outcome.error_code}"
                    ),
                    request,
                    outcome,
                )
            elif after in allowed:
                self.observe(
                    constraint, Judgement(ENFORCED, f"{status} -> {after}"), request, described
                )
            else:
                self.observe(
                    constraint,
                    Judgement(NOT_ENFORCED, f"after stopping a {status} job its status is {after}"),
                    request,
                    described,
                )

    def delete(self, name: str) -> None:
        if self.delete_op is None:
            return
        only_in = self.find(self.delete_op, "lifecycle", rule="delete-only-in")
        after = self.find(self.delete_op, "lifecycle", rule="not-found-after-delete")
        status = None
        for constraint in only_in:
            status, _ = self.status_of(name, str(constraint.params.get("status_member")))
        request = {self.name_member: name}
        outcome = self.call(str(self.delete_op), request, "delete")
        for constraint in only_in:
            allowed = list(constraint.params.get("statuses") or ())
            if outcome.fault is not None:
                self.observe(constraint, _failure(outcome, str(self.delete_op)), request, outcome)
            elif status in allowed or status is None:
                # The forbidden half is judged by delete_while_running.
                if constraint.id in self.judged:
                    continue
                done = "succeeded" if _ok(outcome) else f"failed ({outcome.error_code})"
                self.observe(
                    constraint,
                    Judgement(
                        UNTESTED,
                        f"only the allowed half could be tried: a delete in {status} "
                        f"{done}; no job was ever seen outside {', '.join(allowed)}",
                    ),
                )
            else:
                expect = self.pack.expected_rejection(constraint)
                self.observe(
                    constraint,
                    judge_error(outcome, str(expect.get("code")), expect.get("http_status")),
                    request,
                    outcome,
                )
        for constraint in after:
            if not _ok(outcome):
                self.observe(
                    constraint,
                    _failure(outcome, f"{self.delete_op} of an existing resource"),
                    request,
                    outcome,
                )
                continue
            if name in self.created:
                self.created.remove(name)
            describe = str(constraint.params.get("describe") or self.describe)
            code = str(constraint.params.get("code") or "ResourceNotFound")
            probe = {self.name_member: name}
            described = self.call(describe, probe, "describe after delete")
            judgement = judge_error(described, code, None)
            if judgement.verdict == ENFORCED and self.list is not None:
                items, _, listed, list_request, problem = self.list_all({}, "list after delete")
                if problem is None and name in [self.name_of(i) for i in items]:
                    judgement, probe, described = (
                        Judgement(NOT_ENFORCED, f"{self.list} still shows {name} after the delete"),
                        list_request,
                        listed,
                    )
            self.observe(constraint, judgement, probe, described)

    def leftovers(self) -> None:
        """Constraints of this resource no check reached."""
        for constraint in self.constraints:
            if constraint.id in self.judged or not constraint.active:
                continue
            what = constraint.params.get("rule") or constraint.params.get("situation")
            self.session.state.untested(
                self.session.name,
                constraint.id,
                f"no lifecycle check for {constraint.kind} {what or constraint.path}".strip(),
            )


def _paging_problem(
    names: list[Any], sizes: list[int], size: int, created: list[str]
) -> str | None:
    if any(n > size for n in sizes):
        return f"a page held {max(sizes)} items"
    seen: set[Any] = set()
    for name in names:
        if name in seen:
            return f"{name} was listed twice"
        seen.add(name)
    missing = [n for n in created if n not in seen]
    if missing:
        return f"{len(missing)} of {len(created)} items never listed ({missing[0]} ...)"
    return None


#: Timestamps are compared with this slack (seconds): an SDK may send whole seconds only
#: (botocore does), so an item within a second of the filter value may go either way.
TIME_SLACK = 1.0


def _pivots(op: str, values: list[tuple[Any, Any]]) -> list[tuple[str, Any]]:
    """Filter values to try, each with a stable description: the middle item's value, and for
    numbers (timestamps) also one before every item and one after every item, which
    whole-second rounding cannot blur."""
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for _, v in values)
    ordered = sorted(values, key=lambda nv: nv[1] if numeric else str(nv[1]))
    name, middle = ordered[len(ordered) // 2]
    pivots: list[tuple[str, Any]] = [(f"{name}'s value", middle)]
    if op in (">=", "<=") and numeric:
        pivots.append(("a value before every item", ordered[0][1] - 2 * TIME_SLACK))
        pivots.append(("a value after every item", ordered[-1][1] + 2 * TIME_SLACK))
    return pivots


def _filter_problem(
    name: str,
    op: str,
    pivot: Any,
    values: list[tuple[Any, Any]],
    got: list[Any],
    where: str = "",
) -> str | None:
    """What is wrong with a filtered list: an item listed that fails the filter, or one left
    out that passes it (timestamps within :data:`TIME_SLACK` of the value are not judged).
    The text names items, not timestamps, so that it is the same on every run."""
    numeric = isinstance(pivot, int | float) and not isinstance(pivot, bool)
    slack = TIME_SLACK if numeric and op in (">=", "<=") else 0
    shown = where or repr(pivot)

    def passes(value: Any) -> bool | None:
        if op == "contains":
            return isinstance(value, str) and str(pivot) in value
        if op == "==":
            return bool(value == pivot)
        if op not in (">=", "<="):
            return None
        if numeric and isinstance(value, int | float) and abs(value - pivot) <= slack:
            return None  # too close to call
        try:
            return bool(value >= pivot) if op == ">=" else bool(value <= pivot)
        except TypeError:  # a value of another type (its output type rule reports it)
            return None

    listed = set(got)
    for item, value in values:
        verdict = passes(value)
        if verdict is None:
            continue
        if item in listed and not verdict:
            return f"{name} = {shown} listed {item}, which does not pass it"
        if item not in listed and verdict:
            return f"{name} = {shown} left out {item}, which passes it"
    return None


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
    Scenario(session, resource).run()
    if mode == "fuzz" and not stop():
        from smcontract.suites._machine import run_machine

        run_machine(session, resource, seed=seed, max_examples=max_examples, stop=stop)
