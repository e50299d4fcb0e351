"""Hypothesis strategies built from the contract documents.

``valid(operation)`` draws requests that keep every active single-request rule of the
operation; ``violating(operation, constraint_id)`` draws near misses that break one rule
and nothing else; ``unviolatable(operation)`` says which rules no single request can break
alone, and why.

>>> from hypothesis import given
>>> from smcontract.strategies import valid
>>> @given(valid("DescribeCompilationJob"))
... def test_accepts(request): ...
"""

from smcontract.strategies._errors import CannotViolate
from smcontract.strategies._strategies import unviolatable, valid, violating

__all__ = ["CannotViolate", "unviolatable", "valid", "violating"]
