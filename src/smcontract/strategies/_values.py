"""Leaf values: strings (pattern, length, enum, affixes, JSON), numbers and booleans.

Every function takes a ``Chooser`` and returns a value for one node, or None when it cannot
produce one within the asked length. A string is built from the node's first pattern with
the length budget of the node (or of the caller, for a near miss such as ``max+1``); a prefix
or suffix rule is met by prepending/appending the affix to the generated core, or by
overwriting the core's head/tail with it, whichever keeps every rule of the node.
"""

from __future__ import annotations

import json
import math
from typing import Any

from smcontract.strategies._choosers import FREE_TEXT, Chooser, chance
from smcontract.strategies._regexgen import UNIVERSE, Infeasible, Plan, Unsupported, compile_plan
from smcontract.strategies._tree import Node, local_broken

__all__ = [
    "REALISTIC",
    "draws_mode",
    "leaf_value",
    "number_value",
    "pattern_allows",
    "string_span",
    "string_value",
]

#: Realistic samples offered to every string node whose rules they satisfy.
REALISTIC = (
    "arn:aws:iam::123456789012:role/service-role/SageMakerRole",
    "arn:aws:iam::111122223333:role/AmazonSageMaker-ExecutionRole",
    "arn:aws:sagemaker:us-west-2:123456789012:model-package/my-model-package/1",
    "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "alias/my-sagemaker-key",
    "s3://amzn-s3-demo-bucket/models/model.tar.gz",
    "s3://amzn-s3-demo-bucket/compilation/output",
    "s3://amzn-s3-demo-bucket/training-data/",
    "https://s3.us-west-2.amazonaws.com/amzn-s3-demo-bucket/model.tar.gz",
    "123456789012.dkr.ecr.us-west-2.amazonaws.com/my-inference-image:latest",
    "sg-0123456789abcdef0",
    "subnet-0a1b2c3d4e5f67890",
    "my-model",
    "my-compilation-job-1",
    "Project",
    "cost-center:ml/team=vision",
    '{"input": [1, 3, 224, 224]}',
    '{"data": [1, 224, 224, 3]}',
    "1.15",
)
_JSON_KEYS = ("input", "data", "input_1", "input0", "var1", "dtype", "mcpu")
_JSON_WORDS = ("float32", "int64", "NCHW", "cortex-a72", "+neon")


def string_span(node: Node) -> tuple[int, float]:
    """The lengths a valid value of ``node`` can have: its length rule and first pattern."""
    if node.span is None:
        node.span = _span(node)
    return node.span


def _span(node: Node) -> tuple[int, float]:
    low, high = node.length
    plan = _plan(node)
    if plan is not None:
        low = max(low, plan.min_len)
        if plan.max_len is not None:
            high = min(high, plan.max_len + len(node.prefix) + len(node.suffix))
    low = max(low, len(node.prefix), len(node.suffix))
    return low, high


def pattern_allows(node: Node, size: int) -> bool:
    """False when ``string_value`` can never give ``node`` a string of ``size`` characters:
    its first pattern has no string that long or short, with or without the affixes."""
    if "json" in node.formats:
        return size > 0  # a JSON document has at least one character
    plan = _plan(node)
    if plan is None:
        return True
    added = len(node.prefix) + len(node.suffix)
    return plan.min_len <= size and (plan.max_len is None or size - added <= plan.max_len)


def _plan(node: Node) -> Plan | None:
    if not node.patterns:
        return None
    try:
        return compile_plan(node.patterns[0])
    except Unsupported:
        return None


def string_value(
    node: Node,
    chooser: Chooser,
    lo: int | None = None,
    hi: float | None = None,
    *,
    allowed: frozenset[str] = frozenset(),
    mode: int | None = None,
) -> str | None:
    """A string that keeps every rule of ``node``; None if none fits ``[lo, hi]``.

    Without ``lo``/``hi`` the length is the node's own: free most of the time, exactly the
    shortest or the longest one time in sixteen each, and a documented or realistic seed
    three times in sixteen (the simplest choice: what a failing example shrinks to).
    ``allowed`` names rules of the node the value may break (a near miss); ``mode`` is
    that one-in-sixteen choice when the caller drew it already (see ``draws_mode``).
    """
    targeted = lo is not None or hi is not None
    span_lo, span_hi = string_span(node)
    low = span_lo if lo is None else lo
    high = span_hi if hi is None else hi
    enum_free = any(r.kind == "enum" and r.id in allowed for r in node.rules)
    if node.enum is not None and not enum_free:
        return _enum_string(node, chooser, low, high, allowed)
    if not targeted:
        mode = chooser.integer(0, 15) if mode is None else mode
        if mode < 3 and node.seeds:
            return str(node.seeds[chooser.integer(0, len(node.seeds) - 1)])
        if mode == 15 and math.isfinite(high):
            low = int(high)
        elif mode == 14:
            high = low
    for _ in range(2):
        value = _candidate(node, chooser, low, high, allowed)
        if value is not None:
            return value
    if not targeted and (low, high) != (span_lo, span_hi):
        # The shortest or longest length of the span may be out of the pattern's reach
        # (an affix longer than the pattern's shortest string): any length then.
        return _candidate(node, chooser, span_lo, span_hi, allowed)
    return None


def _keeps(node: Node, value: str, allowed: frozenset[str]) -> bool:
    return all(rule.id in allowed for rule in local_broken(node, value))


def _enum_string(
    node: Node, chooser: Chooser, low: float, high: float, allowed: frozenset[str]
) -> str | None:
    if node.valid_enum is None:
        node.valid_enum = [
            v for v in node.enum or () if isinstance(v, str) and _keeps(node, v, frozenset())
        ]
    pool = node.valid_enum if not allowed else (node.enum or [])
    values = [v for v in pool if isinstance(v, str) and low <= len(v) <= high]
    if allowed:
        values = [v for v in values if _keeps(node, v, allowed)]
    if not values:
        return None
    return values[chooser.integer(0, len(values) - 1)]


def _candidate(
    node: Node, chooser: Chooser, low: int, high: float, allowed: frozenset[str]
) -> str | None:
    """One attempt: a value of ``low``..``high`` characters keeping the rules, or None."""
    if "json" in node.formats:
        text = json_text(chooser, low, high)
        return text if text is not None and _keeps(node, text, allowed) else None
    prefix, suffix = node.prefix, node.suffix
    added = len(prefix) + len(suffix)
    core = _core(node, chooser, max(0, low - added), high - added)
    if core is None:
        core = _core(node, chooser, low, high)
        if core is None:
            return None
    options = [prefix + core + suffix]
    if prefix or suffix:
        head = core[len(prefix) :] if prefix else core
        options.append(prefix + (head[: len(head) - len(suffix)] if suffix else head) + suffix)
    for option in options:
        if low <= len(option) <= high and _keeps(node, option, allowed):
            return option
    return None


def _core(node: Node, chooser: Chooser, low: int, high: float) -> str | None:
    if high < low or high < 0:
        return None
    plan = _plan(node)
    try:
        if plan is None:
            top = high if math.isfinite(high) else low + FREE_TEXT
            return chooser.text(UNIVERSE[:-8], low, int(top))
        return plan.generate(chooser, low, high)
    except Infeasible:
        return None


def json_text(chooser: Chooser, low: int, high: float) -> str | None:
    """A JSON document of ``low`` to ``high`` characters (object, list of shapes, ...)."""
    shape = chooser.integer(0, 2)
    obj: Any
    if shape == 0:
        obj = {
            _JSON_KEYS[chooser.integer(0, len(_JSON_KEYS) - 1)]: _dims(chooser)
            for _ in range(chooser.integer(1, 2))
        }
    elif shape == 1:
        obj = [_dims(chooser) for _ in range(chooser.integer(1, 2))]
    else:
        obj = {"dtype": _JSON_WORDS[chooser.integer(0, len(_JSON_WORDS) - 1)]}
    text = json.dumps(obj)
    if len(text) < low:
        text = _pad_json(obj, low)
    if len(text) > high:
        text = next((t for t in ("{}", "[]", "0") if len(t) <= high), "")
    return text if text and low <= len(text) <= high else None


def _dims(chooser: Chooser) -> list[int]:
    return [1, chooser.integer(1, 4), chooser.integer(1, 1024), chooser.integer(1, 1024)]


def _pad_json(obj: Any, low: int) -> str:
    if isinstance(obj, dict):
        bare = json.dumps({**obj, "pad": ""})
        return json.dumps({**obj, "pad": "x" * max(0, low - len(bare))})
    bare = json.dumps([*obj, ""])
    return json.dumps([*obj, "x" * max(0, low - len(bare))])


def number_value(node: Node, chooser: Chooser) -> int | float:
    """A number within the node's range (an enum member if the node has an enum)."""
    if node.enum is not None:
        numbers = [v for v in node.enum if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers:
            return numbers[chooser.integer(0, len(numbers) - 1)]
    low, high = node.number_bounds()
    if node.kind in ("integer", "long", "timestamp"):
        return chooser.integer(math.ceil(low), math.floor(high))
    return chooser.real(low, high)


def draws_mode(node: Node) -> bool:
    """Whether ``leaf_value`` of ``node`` starts with a mode choice (a string, no enum)."""
    return node.kind == "string" and node.enum is None


def leaf_value(node: Node, chooser: Chooser, mode: int | None = None) -> Any:
    """A valid scalar for ``node`` (None if the node cannot be satisfied); ``mode``: see
    ``string_value``."""
    kind = node.kind
    if kind == "boolean":
        if node.enum is not None:
            flags = [v for v in node.enum if isinstance(v, bool)]
            if flags:
                return flags[chooser.integer(0, len(flags) - 1)]
        return chooser.integer(0, 1) == 1
    if kind in ("integer", "long", "float", "double", "timestamp"):
        if node.seeds and chance(chooser, 0.125):
            return node.seeds[chooser.integer(0, len(node.seeds) - 1)]
        return number_value(node, chooser)
    return string_value(node, chooser, mode=mode)
