"""The one measuring harness of ``bench_generation.py``, run as a subprocess for every tool.

Run: ``PYTHON benchmarks/_gen_harness.py < job.json > result.json``. The job names a tool
(``smcontract-valid``, ``smcontract-invalid``, ``hypothesis-jsonschema``,
``schemathesis-positive``, ``schemathesis-negative``, or ``hypothesis-floor``: one integer
an example, what ``@given`` itself costs), an operation, ``examples``,
``repeat``, ``warmup`` and, for the peers, the JSON Schema and OpenAPI document. It imports
only the tool it measures: the peers' interpreter (``.bench-venv``, their own Hypothesis) has
no smcontract, and smcontract's has no need of the peers.

Every tool draws through the same ``@given`` test: ``max_examples=examples``, only the
generate phase, no database, no deadline, health checks suppressed (a slow peer is measured,
not stopped), after one warm-up run of ``warmup`` examples that pays for one-time set-up. The
figure of a run is test calls per second of wall time (and the process's CPU time a call,
which a loaded machine disturbs less); the result has every run's figure and
the values drawn by the last run (for the oracle, which judges them in the parent).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

PACKAGES = {
    "smcontract-valid": "smcontract",
    "smcontract-invalid": "smcontract",
    "hypothesis-jsonschema": "hypothesis-jsonschema",
    "schemathesis-positive": "schemathesis",
    "schemathesis-negative": "schemathesis",
    "hypothesis-floor": "hypothesis",
}


def timed(
    strategy: Any, examples: int, keep: list[Any] | None, cpu: list[float] | None = None
) -> float:
    """Examples per second of one ``@given`` run of ``strategy``; values go into ``keep``,
    the CPU seconds a call (this process's) into ``cpu``."""
    from hypothesis import HealthCheck, Phase, given, settings

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
        if keep is not None:
            keep.append(value)

    start, used = time.perf_counter(), time.process_time()
    draw()
    if cpu is not None:
        cpu.append((time.process_time() - used) / max(calls[0], 1))
    return calls[0] / (time.perf_counter() - start)


def strategy_of(job: dict[str, Any]) -> tuple[Any, Any]:
    """The strategy a job measures, and how to take the request body out of a drawn value."""
    tool, operation = job["tool"], job["operation"]
    if tool == "smcontract-valid":
        from smcontract.strategies import valid

        return valid(operation), None
    if tool == "smcontract-invalid":
        from smcontract.strategies import violations

        return violations(operation), _request
    if tool == "hypothesis-floor":
        from hypothesis import strategies as st

        return st.integers(0, 2**32), None
    if tool == "hypothesis-jsonschema":
        from hypothesis_jsonschema import from_schema

        return from_schema(job["schema"]), None
    if tool.startswith("schemathesis-"):
        import schemathesis
        from schemathesis.generation import GenerationMode

        api_operation = schemathesis.openapi.from_dict(job["document"])[f"/{operation}"]["POST"]
        mode = GenerationMode.NEGATIVE if tool.endswith("negative") else GenerationMode.POSITIVE
        return api_operation.as_strategy(generation_mode=mode), _body
    raise SystemExit(f"unknown tool {tool!r}")


def _body(case: Any) -> Any:
    return case.body


def _request(violation: Any) -> Any:
    return violation.request


def measure(job: dict[str, Any]) -> dict[str, Any]:
    """Run the job's strategy ``repeat`` times; every rate, the versions, the last values."""
    from importlib.metadata import version

    strategy, body = strategy_of(job)
    timed(strategy, job["warmup"], None)
    rates: list[float] = []
    cpu: list[float] = []
    values: list[Any] = []
    for _ in range(job["repeat"]):
        values = []
        rates.append(timed(strategy, job["examples"], values, cpu))
    if body is not None:
        values = [body(v) for v in values]
    package = PACKAGES[job["tool"]]
    return {
        "rates": rates,
        "cpu": cpu,
        "values": values,
        "versions": {"hypothesis": version("hypothesis"), package: version(package)},
    }


def main() -> None:
    job = json.load(sys.stdin)
    json.dump(measure(job), sys.stdout, default=repr)


if __name__ == "__main__":
    main()
