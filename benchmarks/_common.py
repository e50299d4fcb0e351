"""Helpers shared by the end-to-end benchmarks (overhead, scaling, certify, workers).

Nothing here changes what the harness does: the proxies only forward to a real target (and
keep a list of the calls, or keep the target open after ``run`` closes it), and the sinks only
look at the events.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Mapping, Sequence
from typing import Any

from smcontract.suites import CaseFinished, Event, RunFinished, RunStarted
from smcontract.suites.targets import Outcome, Target


def machine() -> str:
    """Cores, Python, moto and the load average, for the head of every benchmark's output."""
    try:
        import moto

        moto_version = str(moto.__version__)
    except ImportError:  # pragma: no cover
        moto_version = "absent"
    load = "/".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, moto {moto_version}, "
        f"load average {load}, {bytecode()}"
    )


def bytecode() -> str:
    """Whether the installed packages' bytecode is compiled, which a cold process's imports
    depend on: ``pip install`` compiles it, ``uv pip install`` only with
    ``--compile-bytecode``, and with ``PYTHONDONTWRITEBYTECODE`` set nothing writes it later."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("moto")
    origin = spec.origin if spec is not None else None
    if origin is None:  # pragma: no cover
        return "bytecode unknown"
    compiled = Path(importlib.util.cache_from_source(origin)).is_file()
    return "bytecode compiled" if compiled else "bytecode NOT compiled (every import compiles)"


def sent(event: Event) -> bool:
    """Whether a CaseFinished event stands for a request that reached the target.

    Cases skipped because their setup failed, and harness errors, carry no ``elapsed``.
    """
    return isinstance(event, CaseFinished) and "elapsed" in event.outcome


class Clock:
    """An event sink that counts the requests of a run and times its phases.

    ``plan`` is RunStarted -> first request answered (building the corpus, plus one case);
    ``sending`` is first -> last request answered, over ``requests - 1`` requests.
    """

    def __init__(self) -> None:
        self.requests = 0
        self.events = 0
        self.started = self.first = self.last = self.finished = 0.0

    def handle(self, event: Event) -> None:
        now = time.perf_counter()
        self.events += 1
        if isinstance(event, RunStarted):
            self.started = now
        elif sent(event):
            self.requests += 1
            if self.requests == 1:
                self.first = now
            self.last = now
        elif isinstance(event, RunFinished):
            self.finished = now

    @property
    def plan(self) -> float:
        return self.first - self.started

    @property
    def sending_rate(self) -> float:
        """Requests per second between the first and the last request answered."""
        span = self.last - self.first
        return (self.requests - 1) / span if span > 0 and self.requests > 1 else 0.0


class Recorder:
    """A target that forwards to ``inner`` and records every call (for a bare replay)."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[tuple[str, Mapping[str, Any]] | None] = []  # None = a reset

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        self.calls.append((operation, dict(params)))
        return self.inner.invoke(operation, params)

    def reset(self) -> None:
        self.calls.append(None)
        self.inner.reset()

    def close(self) -> None:
        """Left open: the benchmark closes the real target itself."""

    def identity(self) -> dict[str, Any]:
        return dict(self.inner.identity())


class KeepOpen:
    """A target that forwards to ``inner`` and is not closed by ``run`` (one shared server)."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner
        self.name = inner.name
        self.invoke = inner.invoke
        self.reset = inner.reset
        self.identity = inner.identity

    def close(self) -> None:
        """Left open: the benchmark closes the real target itself."""


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def spread(values: Sequence[float], fmt: str = "{:.0f}") -> str:
    return "/".join(fmt.format(v) for v in values)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (the README takes the figures as they are printed)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def save(path: str | None, figures: Any) -> None:
    """Write ``figures`` as JSON to ``path`` (for ``run_all.py``); nothing when None."""
    if path:
        import json

        with open(path, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=1, default=str)
