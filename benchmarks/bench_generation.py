"""How fast smcontract's strategies generate, next to hypothesis-jsonschema and Schemathesis.

Run: ``python benchmarks/bench_generation.py [--quick] [--examples N] [--repeat R]
[--operations A,B] [--no-peers]``. Exit status 1 when a tool fails (its message is printed).

Every tool runs in a fresh process through one harness (``_gen_harness.py``): one ``@given``
test with ``max_examples=N``, only the generate phase, no database, health checks suppressed
(so that a slow peer is measured rather than stopped), after a short warm-up run that pays
for one-time set-up; then ``R`` timed runs, the median shown, the same ``R`` for every tool.
The peers run in ``.bench-venv`` (made with uv on first use) on the Hypothesis they support
(``PEERS`` below); smcontract runs in the interpreter that runs this script. The values of
the last run are judged by smcontract's oracle (``smcontract.contracts.validate``), and the
share it disagrees with is printed beside every speed.

* ours, valid: ``smcontract.strategies.valid(operation)``;
* ours, invalid: ``violations(operation)``, the near misses of every rule that one request
  can break (the operation's negative cases as one strategy, as Schemathesis' negative mode
  is; its first draw finds which rules those are, and the warm-up run pays for it);
* the floor: ``st.integers(0, 2**32)`` in smcontract's interpreter, what one ``@given``
  example costs before any strategy work. Each goal's line prints the ceiling, the peer's
  time an example over the floor's: no strategy run by ``@given`` can beat that ratio;
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
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smcontract.contracts import load_contracts, validate
from smcontract.strategies._context import context
from smcontract.strategies._tree import Node

OPERATIONS = (
    "CreateCompilationJob",
    "CreateOptimizationJob",
    "CreateModel",
    "DescribeCompilationJob",
    "ListTrialComponents",
)
WARM_UP = 5

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


# -- the peers' own environment ---------------------------------------------------------------

HERE = Path(__file__).resolve().parent
VENV = HERE.parent / ".bench-venv"
# hypothesis-jsonschema 0.23.1 calls ``many.more()`` of Hypothesis' conjecture utils, gone
# since Hypothesis 6.170.10 (it fails with AttributeError there): 6.170.9 is the newest
# Hypothesis it runs on, and Schemathesis 4.32.5 (hypothesis>=6.130.12,<7) runs on it too.
PEERS = ("hypothesis==6.170.9", "hypothesis-jsonschema==0.23.1", "schemathesis==4.32.5")


def peer_python() -> Path:
    """The interpreter of ``.bench-venv`` (made with uv on first use, remade if the pins move)."""
    python = VENV / "bin" / "python"
    stamp = VENV / "smcontract-peers.txt"
    wanted = "\n".join(PEERS)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("bench_generation.py needs uv to make the peers' .bench-venv")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    subprocess.run([uv, "venv", "-q", "--clear", str(VENV), "--python", version], check=True)
    subprocess.run([uv, "pip", "install", "-q", "--python", str(python), *PEERS], check=True)
    stamp.write_text(wanted)
    return python


# -- one tool, one operation ------------------------------------------------------------------


@dataclass
class Row:
    """What one tool did on one operation: every run's rate, the oracle's verdict, or an error."""

    operation: str
    tool: str
    rates: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds a call, every run
    judged: int = 0
    wrong: int = 0  # a 'valid' value the oracle rejects, or a 'negative' one it accepts
    versions: dict[str, str] = field(default_factory=dict)
    error: str = ""

    @property
    def rate(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0

    @property
    def cpu_us(self) -> float:
        return statistics.median(self.cpu) * 1e6 if self.cpu else 0.0


NEGATIVE = ("smcontract-invalid", "schemathesis-negative")
FLOOR = "hypothesis-floor"


def run_tool(python: Path, job: dict[str, Any], row: Row) -> None:
    """Run the harness once for ``job`` in a fresh ``python`` process; add to ``row``.

    The values the run drew are judged by the oracle (each run's replace the last's).
    """
    done = subprocess.run(
        [str(python), str(HERE / "_gen_harness.py")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        row.error = lines[-1] if lines else f"exit {done.returncode}, no message"
        return
    result = json.loads(done.stdout)
    row.rates += result["rates"]
    row.cpu += result["cpu"]
    row.versions = result["versions"]
    if job["tool"] == FLOOR:
        return
    pack = load_contracts()
    negative = job["tool"] in NEGATIVE
    row.judged = row.wrong = 0
    for value in result["values"]:
        broken = bool(validate(job["operation"], value, pack=pack))
        row.judged += 1
        row.wrong += broken != negative


def jobs(operation: str, args: argparse.Namespace, pack: Any) -> list[dict[str, Any]]:
    """The five measurements of one operation, each with what its tool needs."""
    base = {
        "operation": operation,
        "examples": args.examples,
        "repeat": 1,
        "warmup": WARM_UP,
    }
    root = context(pack, operation).root
    document = openapi_document({operation: json_schema(root, property_names=False)})
    ours = [
        {**base, "tool": "smcontract-valid"},
        {**base, "tool": "smcontract-invalid"},
        {**base, "tool": FLOOR},
    ]
    if args.no_peers:
        return ours
    return [
        *ours,
        {**base, "tool": "hypothesis-jsonschema", "schema": json_schema(root)},
        {**base, "tool": "schemathesis-positive", "document": document},
        {**base, "tool": "schemathesis-negative", "document": document},
    ]


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

# (peer, our tool it is compared with, the ratio the goal asks for)
GOALS = {
    "hypothesis-jsonschema": ("smcontract-valid", 30.0),
    "schemathesis-positive": ("smcontract-valid", 10.0),
    "schemathesis-negative": ("smcontract-invalid", 20.0),
}


HEADER = (
    f"{'operation':23} {'tool':22} {'examples/s':>10}  {'runs':24} {'CPU us/ex':>9}"
    f"  {'oracle says wrong':>17}  ratio ours/peer: wall (goal), CPU, ceiling (floor/peer)"
)


def report(rows: list[Row]) -> list[str]:
    """Print one line per tool and operation; return the goals missed and the errors."""
    ours = {(r.operation, r.tool): r for r in rows}
    problems: list[str] = []
    for row in rows:
        if row.error:
            print(f"{row.operation:23} {row.tool:22} ERROR: {row.error}")
            problems.append(f"{row.operation} {row.tool}: ERROR {row.error}")
            continue
        runs = "/".join(f"{r:.0f}" for r in row.rates)
        share = f"({row.wrong / max(row.judged, 1):.0%})"
        wrong = "" if row.tool == FLOOR else f"{row.wrong}/{row.judged} {share}"
        ratio = ""
        if row.tool in GOALS:
            ratio, problem = _judge(row, ours)
            problems += [problem] if problem else []
        line = (
            f"{row.operation:23} {row.tool:22} {row.rate:10.1f}  {runs:24} {row.cpu_us:9.0f}"
            f"  {wrong:>17}  {ratio}"
        )
        print(line.rstrip())
    return problems


def _judge(peer: Row, rows: dict[tuple[str, str], Row]) -> tuple[str, str]:
    """The ratio column of a peer's line, and the missed goal (or "")."""
    mine, goal = GOALS[peer.tool]
    our, floor = rows[(peer.operation, mine)], rows.get((peer.operation, FLOOR))
    wall = our.rate / peer.rate if peer.rate and not our.error else 0.0
    cpu = peer.cpu_us / our.cpu_us if our.cpu_us and not our.error else 0.0
    ceiling = floor.rate / peer.rate if floor and floor.rate and peer.rate else math.inf
    verdict = "ok" if wall >= goal else "MISSES"
    column = f"{wall:6.1f}x ({goal:.0f}x {verdict}), {cpu:5.1f}x, ceiling {ceiling:5.1f}x"
    if wall >= goal:
        return column, ""
    beyond = " (beyond the @given ceiling)" if ceiling < goal else ""
    return column, (
        f"{peer.operation} {peer.tool}: {wall:.1f}x wall ({cpu:.1f}x CPU), goal {goal:.0f}x,"
        f" ceiling {ceiling:.1f}x{beyond}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 examples per measurement")
    parser.add_argument("--examples", type=int, default=None, help="examples per measurement")
    parser.add_argument("--operations", default=",".join(OPERATIONS), help="comma-separated")
    parser.add_argument("--no-peers", action="store_true", help="measure smcontract only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of every tool (median)")
    parser.add_argument("--no-corpus", action="store_true", help="skip the boundary corpus")
    args = parser.parse_args(argv)
    args.examples = args.examples or (100 if args.quick else 300)
    operations = [op for op in args.operations.split(",") if op]
    pack = load_contracts()
    peers = None if args.no_peers else peer_python()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{args.examples} examples per run after {WARM_UP} warm-up examples, median of"
        f" {args.repeat} runs for every tool, every run a fresh process, the tools of an"
        f" operation alternating run by run; {os.cpu_count()}"
        f" CPUs, load average {load}\n'oracle says wrong': values of a valid/positive"
        " generator that smcontract.contracts.validate rejects, or of an invalid/negative"
        " one that it accepts (last run)\n"
    )
    rows: list[Row] = []
    problems: list[str] = []
    print(HEADER, flush=True)
    for operation in operations:
        todo = [(job, Row(operation, job["tool"])) for job in jobs(operation, args, pack)]
        for _ in range(args.repeat):  # rounds: every tool once per round, under the same load
            for job, row in todo:
                ours = job["tool"].startswith("smcontract") or job["tool"] == FLOOR
                python = Path(sys.executable) if ours else peers
                if python is not None and not row.error:
                    run_tool(python, job, row)
        rows += [row for _, row in todo]
        problems += report([row for _, row in todo])
        sys.stdout.flush()
    versions = {
        " ".join(
            f"{k} {v}"
            for k, v in sorted(row.versions.items(), key=lambda kv: kv[0] == "hypothesis")
        )
        for row in rows
    }
    print("\nversions: " + "; ".join(sorted(versions)))
    if not args.no_corpus:
        corpus = boundary_corpus()
        print(
            f"boundary corpus, the {len(pack.default_operations())} operations of the default "
            "profile, fresh process: "
            f"{corpus['corpus']:.2f} s for {int(corpus['cases'])} cases "
            f"(plus {corpus['load']:.2f} s loading the pack)"
        )
    if problems:
        print(
            f"\n{len(problems)} goals missed or tools failed (the goals are judged on wall"
            " time):\n  " + "\n  ".join(problems)
        )
    return 1 if any("ERROR" in p for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
