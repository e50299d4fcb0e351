"""Pure helpers of the lifecycle checks: names, outcomes, differences, orders, filters.

Nothing here sends a request or records a verdict; the checks do.
"""

from __future__ import annotations

import itertools
import string
from typing import Any

from smcontract.contracts import parse_path
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import (
    ENFORCED,
    NOT_ENFORCED,
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    UNTESTED,
)

__all__ = [
    "MISSING",
    "TIME_SLACK",
    "comparable",
    "differences",
    "failure",
    "filter_problem",
    "judge_order",
    "lookup",
    "monotone",
    "names",
    "ok",
    "paging_problem",
    "pivots",
]

#: A name no scenario creates (short, so that it is valid for every name pattern).
MISSING = "smc-gone"

#: Timestamps are compared with this slack (seconds): an SDK may send whole seconds only
#: (botocore does), so an item within a second of the filter value may go either way.
TIME_SLACK = 1.0


def names(count: int) -> list[str]:
    """Short names whose creation order is not their alphabetical order (7 is prime to 26)."""
    letters = string.ascii_lowercase
    return [f"smc-{letters[(i * 7) % 26]}{i // 26 or ''}" for i in range(count)]


def ok(outcome: Any) -> bool:
    """Whether ``outcome`` is a well-formed 2xx answer."""
    return bool(
        outcome is not None
        and outcome.fault is None
        and outcome.status is not None
        and 200 <= outcome.status < 300
    )


def failure(outcome: Any, what: str, *, promised: bool = False) -> Judgement:
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


def lookup(body: Any, path: str) -> Any:
    """The value at ``path`` in ``body``; a list item step (``[]``) reads the first item."""
    for kind, name in parse_path(path):
        if kind == "items" and isinstance(body, list) and body:
            body = body[0]
        elif kind == "member" and isinstance(body, dict):
            body = body.get(name)
        else:
            return None
    return body


def differences(sent: Any, got: Any, path: str = "") -> list[str]:
    """Where ``got`` does not show what ``sent`` set (``got`` may hold more members)."""
    if isinstance(sent, dict):
        return _object_differences(sent, got, path)
    if isinstance(sent, list):
        if not isinstance(got, list) or len(got) != len(sent):
            return [f"{path}: expected {len(sent)} items, got {_short(got)}"]
        out: list[str] = []
        for index, (a, b) in enumerate(zip(sent, got, strict=True)):
            out.extend(differences(a, b, f"{path}[{index}]"))
        return out
    if isinstance(sent, bool) or isinstance(got, bool):
        same = sent is got or (sent == got and type(sent) is type(got))
    elif isinstance(sent, int | float) and isinstance(got, int | float):
        same = float(sent) == float(got)
    else:
        same = sent == got
    return [] if same else [f"{path}: sent {_short(sent)}, got {_short(got)}"]


def _object_differences(sent: dict[str, Any], got: Any, path: str) -> list[str]:
    if not isinstance(got, dict):
        return [f"{path or '.'}: expected an object, got {_short(got)}"]
    out: list[str] = []
    for key, value in sent.items():
        if value is None:
            continue
        if key not in got:
            out.append(f"{path + '.' if path else ''}{key}: missing")
        else:
            out.extend(differences(value, got[key], f"{path + '.' if path else ''}{key}"))
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def monotone(values: list[Any], order: str) -> bool:
    """Whether ``values`` are in ``order`` (``Ascending`` or ``Descending``, ties allowed)."""
    pairs = list(itertools.pairwise(values))
    if order == "Ascending":
        return all(a <= b for a, b in pairs)
    return all(a >= b for a, b in pairs)


def comparable(values: list[Any]) -> list[Any] | None:
    """``values`` as numbers or strings that compare, or None (a gap, mixed types)."""
    if not values or any(v is None for v in values):
        return None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return [float(v) for v in values]
    if all(isinstance(v, str) for v in values):
        return list(values)
    return None


def judge_order(
    sort_by: str, member: str | None, order: str, items: list[dict[str, Any]]
) -> Judgement:
    """Whether a list sorted by ``sort_by`` in ``order`` shows ``member`` in that order
    (``UNTESTED`` when the items do not show two different values of it)."""
    values = comparable([i.get(member or "") for i in items])
    if values is None or len(set(values)) < 2:
        return Judgement(UNTESTED, f"the listed items do not show distinct {member} values")
    if not monotone(values, order):
        return Judgement(
            NOT_ENFORCED, f"SortBy={sort_by} SortOrder={order}: {member} values are not {order}"
        )
    return Judgement(ENFORCED, f"{member} {order}")


def paging_problem(
    listed: list[Any], sizes: list[int], size: int, created: list[str]
) -> str | None:
    """What is wrong with a list paged by ``size``: a page too big, a name listed twice, a
    created name never listed; None when nothing is."""
    if any(n > size for n in sizes):
        return f"a page held {max(sizes)} items"
    seen: set[Any] = set()
    for name in listed:
        if name in seen:
            return f"{name} was listed twice"
        seen.add(name)
    missing = [n for n in created if n not in seen]
    if missing:
        return f"{len(missing)} of {len(created)} items never listed ({missing[0]} ...)"
    return None


def pivots(op: str, values: list[tuple[Any, Any]]) -> list[tuple[str, Any]]:
    """Filter values to try, each with a stable description: the middle item's value, and for
    numbers (timestamps) also one before every item and one after every item, which
    whole-second rounding cannot blur."""
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for _, v in values)
    ordered = sorted(values, key=lambda nv: nv[1] if numeric else str(nv[1]))
    name, middle = ordered[len(ordered) // 2]
    found: list[tuple[str, Any]] = [(f"{name}'s value", middle)]
    if op in (">=", "<=") and numeric:
        found.append(("a value before every item", ordered[0][1] - 2 * TIME_SLACK))
        found.append(("a value after every item", ordered[-1][1] + 2 * TIME_SLACK))
    return found


def _passes(op: str, pivot: Any, value: Any) -> bool | None:
    """Whether ``value`` passes the filter ``op pivot``; None when it cannot be called."""
    numeric = isinstance(pivot, int | float) and not isinstance(pivot, bool)
    if op == "contains":
        return isinstance(value, str) and str(pivot) in value
    if op == "==":
        return bool(value == pivot)
    if op not in (">=", "<="):
        return None
    if numeric and isinstance(value, int | float) and abs(value - pivot) <= TIME_SLACK:
        return None  # too close to call
    try:
        return bool(value >= pivot) if op == ">=" else bool(value <= pivot)
    except TypeError:  # a value of another type (its output type rule reports it)
        return None


def filter_problem(
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
    shown = where or repr(pivot)
    listed = set(got)
    for item, value in values:
        verdict = _passes(op, pivot, value)
        if verdict is None:
            continue
        if item in listed and not verdict:
            return f"{name} = {shown} listed {item}, which does not pass it"
        if item not in listed and verdict:
            return f"{name} = {shown} left out {item}, which passes it"
    return None
