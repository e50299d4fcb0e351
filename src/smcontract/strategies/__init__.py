"""Hypothesis strategies and case corpora built from the contract documents.

* ``valid(operation)``: requests that keep every active single-request rule;
* ``violating(operation, constraint_id)``: near misses that break one rule and no other;
* ``violations(operation)``: near misses of any of its rules, each named (``Violation``);
* ``unviolatable(operation)``: the rules no single request can break alone, with why;
* ``boundaries(operation)``: a deterministic corpus of accept/reject cases on every bound;
* ``covering(operation, seed=...)``: valid requests that together set every optional
  member, enum value and union branch (a maximal request first);
* ``maximal_response(operation)``: a valid response body with every optional member;
  ``break_response(operation, id, body)`` that body with one output rule broken;
* ``sample(operation, count, seed=...)``: many seeded valid and one-violation requests
  without Hypothesis (for cross-checks);
* ``generate_cases(...)``: what ``smcontract generate`` prints, reproducible per seed.

>>> from hypothesis import given
>>> from smcontract.strategies import valid
>>> @given(valid("DescribeCompilationJob"))
... def test_accepts(request): ...

Strategies never send requests or write files; they only read the contract pack.
"""

from smcontract.strategies._cases import Case, boundaries, generate_cases
from smcontract.strategies._cover import Coverage, break_response, covering, maximal_response
from smcontract.strategies._errors import CannotViolate
from smcontract.strategies._sample import sample
from smcontract.strategies._strategies import (
    Violation,
    unviolatable,
    valid,
    violating,
    violations,
)

__all__ = [
    "CannotViolate",
    "Case",
    "Coverage",
    "Violation",
    "boundaries",
    "break_response",
    "covering",
    "generate_cases",
    "maximal_response",
    "sample",
    "unviolatable",
    "valid",
    "violating",
    "violations",
]
