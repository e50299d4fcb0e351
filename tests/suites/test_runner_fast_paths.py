"""The runner's shortcuts give what the slow path gives: the oracle's answer for one rule,
the check of a repeated 2xx body, the presence of output places, the size of a small body."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

import smcontract.strategies as strategies
from smcontract.contracts import breaks, load_contracts, parse_path, validate, validate_response
from smcontract.suites._fold import Fold
from smcontract.suites._session import Violations
from smcontract.suites._tallies import BodyPlaces, OutputTally, _exists, _present
from smcontract.suites.events import jsonable, measured_body, small_body


@pytest.fixture(scope="module")
def pack() -> Any:
    return load_contracts()


def test_breaks_is_the_oracle_for_one_rule(pack: Any) -> None:
    checked = 0
    for operation in pack.default_operations():
        requests = [case.request for case in strategies.boundaries(operation, pack=pack)]
        requests += [{}, {"Unknown": 1}, [], "text"]
        for request in requests:
            broken = {v.constraint_id for v in validate(operation, request, pack=pack)}
            for constraint in pack.operation(operation).constraints:
                assert breaks(operation, constraint.id, request, pack=pack) == (
                    constraint.id in broken
                )
                checked += 1
    assert checked > 10_000


def test_lazy_violations_are_validate(pack: Any) -> None:
    operation = pack.default_operations()[0]
    request = {"Bad": ["x"]}
    lazy = Violations(pack, operation, request)
    assert list(lazy) == validate(operation, request, pack=pack)
    assert list(lazy) == validate(operation, request, pack=pack)  # computed once, kept


def _state(pack: Any) -> Fold:
    return Fold(pack, ())


@pytest.mark.parametrize(
    "body",
    [
        {"ModelName": "m", "ModelArn": 7},
        {"ModelName": "m", "ModelArn": 7.0},
        {"ModelName": "m", "ModelArn": True},
        {"ModelName": "m", "Tags": [{"Key": "k"}]},
        {"ModelName": "m", "Tags": ({"Key": "k"},)},  # a tuple: JSON alike, not the same body
        {"ModelName": "m", "Values": {1: "a"}},
        {"ModelName": "m", "Values": {"1": "a"}},
        {"ModelName": "m", "Score": math.nan},
        {"ModelName": "m", "Score": "NaN"},
    ],
)
def test_check_response_answers_what_validate_response_does(pack: Any, body: Any) -> None:
    state = _state(pack)
    operation = "DescribeModel"
    for _ in range(2):  # the second answer may come from the memo
        _, text = measured_body(body)
        found, _ = state.check_response(operation, body, text)
        assert found == validate_response(operation, body, pack=pack)
    # A body whose JSON is the same as one seen, but which is another body.
    other = json.loads(json.dumps(jsonable(body)))
    found, _ = state.check_response(operation, other, measured_body(other)[1])
    assert found == validate_response(operation, other, pack=pack)


def test_output_tally_with_shared_places_is_the_same(pack: Any) -> None:
    class Outcome:
        def __init__(self, body: Any) -> None:
            self.body, self.status, self.error_code, self.message = body, 200, None, None
            self.fault, self.detail, self.layer = None, None, "server"

    for operation in pack.default_operations():
        constraints = tuple(pack.operation(operation).select(direction="output"))
        if not constraints:
            continue
        bodies = [{}] + [_body_at(c.path) for c in constraints[:12]]
        plain, memo = OutputTally(), OutputTally()
        places: dict[str, BodyPlaces] = {}
        for body in bodies * 3:
            found = validate_response(operation, body, pack=pack)
            plain.add(constraints, {"r": 1}, Outcome(body), found)
            shared = places.setdefault(json.dumps(body), BodyPlaces())
            memo.add(constraints, {"r": 1}, Outcome(body), found, shared)
        assert memo == plain
        assert plain.per_constraint  # some places were there


def _body_at(path: str) -> Any:
    """A body with a string at ``path`` (one item per list, one entry per map)."""
    body: Any = "x"
    for kind, name in reversed(parse_path(path)):
        if kind == "member":
            body = {name: body}
        elif kind == "items":
            body = [body]
        else:
            body = {"k": body}
    return body


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"A": {"B": [{"C": 1}, None]}}, "A.B[].C"),
        ({"A": {"B": [None]}}, "A.B[].C"),
        ({"A": {"k": {"C": None}}}, "A{value}.C"),
        ({"A": {"k": 1}}, "A{key}"),
        ({"A": []}, "A[]"),
        ({"A": [1]}, "A[]"),
        (None, ""),
        ([], "A"),
    ],
)
def test_exists_is_iter_nodes_not_empty(body: Any, path: str) -> None:
    from smcontract.contracts import iter_nodes

    steps = parse_path(path)
    assert _exists(body, steps) == any(True for _ in iter_nodes(body, steps))


def test_present_reads_the_parent_of_a_required_rule(pack: Any) -> None:
    for constraint in pack.constraints():
        if constraint.direction == "output" and constraint.kind == "required":
            parent = constraint.path.rpartition(".")[0]
            body: dict[str, Any] = {}
            assert _present(body, constraint) == (parent == "")
            return


@pytest.mark.parametrize(
    "body",
    [
        {"a": "é" * 3000},
        {"a": "x" * 4090},
        {"a": "x" * 4100},
        {1: (1, 2.5, math.inf, -math.inf, math.nan, None, True)},
        object(),
    ],
)
def test_small_body_measures_like_before(body: Any) -> None:
    try:
        text = json.dumps(jsonable(body), ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(body)
    size = len(text.encode("utf-8"))
    if size > 4096:
        assert small_body(body) == {"$truncated": True, "bytes": size, "head": text[:200]}
    elif type(body) is object:
        assert small_body(body) == repr(body)
    else:
        assert small_body(body) == jsonable(body)
