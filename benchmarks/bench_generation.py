"""How fast smcontract's strategies generate, next to hypothesis-jsonschema and Schemathesis.

Run: ``python benchmarks/bench_generation.py [--quick] [--examples N] [--operations A,B]``.

Every tool draws through the same harness: one ``@given`` test with ``max_examples=N``,
only the generate phase, no database, health checks suppressed (so that a slow peer is
measured rather than stopped), after a short warm-up run that pays for one-time set-up
(strategy construction, schema canonicalisation, our witness search). The figure is test
calls per second of wall time.

* ours, valid: ``smcontract.strategies.valid(operation)``;
* ours, invalid: ``violating(operation, id)`` for every constraint it can break, drawn
  through one ``st.one_of`` so the measurement cycles over them;
* hypothesis-jsonschema: ``from_schema`` on a JSON Schema of the same request, built from
  the contract (types, required, lengths, enums, ranges, list and map sizes, and patterns
  translated to Python ``re`` with ``\\p{..}`` classes spelled out; a pattern Python cannot
  take is left out). Cross-field rules are not in it, which makes the peers' job easier;
* Schemathesis: ``schemathesis.openapi.from_dict`` on a minimal OpenAPI 3.0 document with
  one POST per operation whose request body is that schema, then ``as_strategy()`` for
  positive and ``as_strategy(generation_mode=NEGATIVE)`` for negative cases.

It also times the boundary corpus of every operation in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from smcontract.contracts import load_contracts
from smcontract.strategies import unviolatable, valid, violating
from smcontract.strategies._context import context
from smcontract.strategies._tree import Node

OPERATIONS = ("CreateCompilationJob", "CreateOptimizationJob", "CreateModel")
WARM_UP = 5

# -- measuring -------------------------------------------------------------------------------


def rate(strategy: st.SearchStrategy[Any], examples: int) -> float:
    """Examples per second drawn from ``strategy`` by one ``@given`` run (after warm-up)."""
    _run(strategy, WARM_UP)
    start = time.perf_counter()
    count = _run(strategy, examples)
    return count / (time.perf_counter() - start)


def _run(strategy: st.SearchStrategy[Any], examples: int) -> int:
    calls = [0]

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(value: Any) -> None:
        calls[0] += 1

    draw()
    return calls[0]


def attempt(measure: Callable[[], float]) -> float | str:
    """Run a peer's measurement; a peer that cannot run gives the reason instead."""
    try:
        return measure()
    except Exception as error:  # a peer failing is a result, not a crash
        text = f"{type(error).__name__}: {error}".splitlines()[0]
        return f"could not run ({text[:110]})"


# -- the same request as JSON Schema ------------------------------------------------------------

_PROPERTIES = {
    "L": "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u0400-\u044f",
    "N": "0-9\u0660-\u0669",
    "Z": " \u00a0\u2000-\u200a",
}
_ESCAPES = {"d": "0-9", "w": "a-zA-Z0-9_"}


def python_pattern(java: str) -> str | None:
    """A Python ``re`` (search-anchored) version of a Java pattern, or None."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(java):
        char = java[i]
        if char == "\\" and i + 1 < len(java):
            nxt = java[i + 1]
            if nxt in _ESCAPES:
                body = _ESCAPES[nxt]
                out.append(body if depth else f"[{body}]")
                i += 2
                continue
            if nxt == "p" and java[i + 2 : i + 3] == "{":
                end = java.index("}", i)
                prop = _PROPERTIES.get(java[i + 3 : end])
                if prop is None:
                    return None
                out.append(prop if depth else f"[{prop}]")
                i = end + 1
                continue
            out.append(java[i : i + 2])
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        out.append(char)
        i += 1
    text = f"^(?:{''.join(out)})$"
    try:
        re.compile(text)
    except re.error:
        return None
    return text


def json_schema(node: Node, *, property_names: bool = True) -> dict[str, Any]:
    """JSON Schema of a node of the request tree (structural rules only)."""
    kind = node.kind
    if kind == "structure":
        return {
            "type": "object",
            "properties": {
                name: json_schema(child, property_names=property_names)
                for name, child in node.members.items()
            },
            "required": list(node.required),
            "additionalProperties": False,
        }
    if kind == "list":
        schema: dict[str, Any] = {"type": "array"}
        if node.item is not None:
            schema["items"] = json_schema(node.item, property_names=property_names)
        return {**schema, **_bounds(node.size, "minItems", "maxItems")}
    if kind == "map":
        schema = {"type": "object"}
        if node.value is not None:
            schema["additionalProperties"] = json_schema(node.value, property_names=property_names)
        if node.key is not None and property_names:
            schema["propertyNames"] = json_schema(node.key)
        return {**schema, **_bounds(node.size, "minProperties", "maxProperties")}
    if kind == "string":
        return _string_schema(node)
    if kind in ("integer", "long"):
        return {"type": "integer", **_bounds(node.bounds, "minimum", "maximum")}
    if kind == "boolean":
        return {"type": "boolean"}
    return {"type": "number", **_bounds(node.bounds, "minimum", "maximum")}


def _string_schema(node: Node) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **_bounds(node.length, "minLength", "maxLength")}
    if node.enum is not None:
        schema["enum"] = list(node.enum)
    patterns = [p for p in map(python_pattern, node.patterns) if p is not None]
    if patterns:
        schema["pattern"] = patterns[0]
    return schema


def _bounds(bounds: tuple[float, float], low: str, high: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if bounds[0] > 0 or (low in ("minimum",) and math.isfinite(bounds[0])):
        out[low] = int(bounds[0]) if float(bounds[0]).is_integer() else bounds[0]
    if math.isfinite(bounds[1]):
        out[high] = int(bounds[1]) if float(bounds[1]).is_integer() else bounds[1]
    return out


def openapi_document(schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A minimal OpenAPI 3.0 document: one POST per operation, the schema as its body."""
    paths = {
        f"/{operation}": {
            "post": {
                "operationId": operation,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": schema}},
                },
                "responses": {"200": {"description": "OK"}, "400": {"description": "Invalid"}},
            }
        }
        for operation, schema in schemas.items()
    }
    return {"openapi": "3.0.3", "info": {"title": "SageMaker", "version": "1"}, "paths": paths}


# -- the tools ------------------------------------------------------------------------------


def ours(operation: str, examples: int, repeat: int) -> tuple[float, float]:
    """Median of ``repeat`` runs each (ours is cheap to repeat; the machine is shared)."""
    skip = unviolatable(operation)
    ids = [c.id for c in load_contracts().operation(operation).constraints if c.id not in skip]
    valid_rate = statistics.median(rate(valid(operation), examples) for _ in range(repeat))
    invalid = st.one_of([violating(operation, cid) for cid in ids])
    invalid_rate = statistics.median(rate(invalid, examples) for _ in range(repeat))
    return valid_rate, invalid_rate


def hypothesis_jsonschema(schema: dict[str, Any], examples: int) -> float | str:
    def measure() -> float:
        from hypothesis_jsonschema import from_schema

        return rate(from_schema(schema), examples)

    return attempt(measure)


def schemathesis_rates(
    document: dict[str, Any], operation: str, examples: int
) -> tuple[float | str, float | str]:
    def operation_of() -> Any:
        import schemathesis

        return schemathesis.openapi.from_dict(document)[f"/{operation}"]["POST"]

    def positive() -> float:
        return rate(operation_of().as_strategy(), examples)

    def negative() -> float:
        from schemathesis.generation import GenerationMode

        return rate(operation_of().as_strategy(generation_mode=GenerationMode.NEGATIVE), examples)

    return attempt(positive), attempt(negative)


_CORPUS_SCRIPT = """
import json, time
start = time.perf_counter()
from smcontract.contracts import load_contracts
pack = load_contracts()
loaded = time.perf_counter()
from smcontract.strategies import boundaries
cases = sum(len(boundaries(op)) for op in pack.default_operations())
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "corpus": done - loaded, "cases": cases}))
"""


def boundary_corpus() -> dict[str, float]:
    """Time the corpus of every operation in a fresh process (no warm caches)."""
    out = subprocess.run(
        [sys.executable, "-c", _CORPUS_SCRIPT], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


# -- report -----------------------------------------------------------------------------------


def _show(value: float | str) -> str:
    return f"{value:9.1f}" if isinstance(value, float) else value


def _ratio(mine: float, peer: float | str) -> str:
    return f"{mine / peer:6.1f}x" if isinstance(peer, float) and peer > 0 else "     -"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 examples per measurement")
    parser.add_argument("--examples", type=int, default=None, help="examples per measurement")
    parser.add_argument("--operations", default=",".join(OPERATIONS), help="comma-separated")
    parser.add_argument("--no-peers", action="store_true", help="measure smcontract only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (median shown)")
    args = parser.parse_args(argv)
    examples = args.examples or (100 if args.quick else 300)
    operations = [op for op in args.operations.split(",") if op]
    pack = load_contracts()
    schemas = {op: json_schema(context(pack, op).root) for op in operations}
    document = openapi_document(
        {op: json_schema(context(pack, op).root, property_names=False) for op in operations}
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{examples} examples per measurement after {WARM_UP} warm-up examples; ours: median"
        f" of {args.repeat} runs; {os.cpu_count()} CPUs, load average {load}\n"
    )
    print(f"{'operation':24} {'tool':36} {'examples/s':>10}  ratio ours/peer")
    for operation in operations:
        mine_valid, mine_invalid = ours(operation, examples, args.repeat)
        rows: list[tuple[str, float | str, str]] = [
            ("smcontract valid", mine_valid, ""),
            ("smcontract violating (all IDs)", mine_invalid, ""),
        ]
        if not args.no_peers:
            hjs = hypothesis_jsonschema(schemas[operation], examples)
            positive, negative = schemathesis_rates(document, operation, examples)
            rows += [
                ("hypothesis-jsonschema from_schema", hjs, _ratio(mine_valid, hjs)),
                ("schemathesis positive", positive, _ratio(mine_valid, positive)),
                ("schemathesis negative", negative, _ratio(mine_invalid, negative)),
            ]
        for tool, value, ratio in rows:
            print(f"{operation:24} {tool:36} {_show(value):>10}  {ratio}")
    corpus = boundary_corpus()
    print(
        f"\nboundary corpus, the {len(pack.default_operations())} operations of the default "
        "profile, fresh process: "
        f"{corpus['corpus']:.2f} s for {int(corpus['cases'])} cases "
        f"(plus {corpus['load']:.2f} s loading the pack)"
    )


if __name__ == "__main__":
    main()
