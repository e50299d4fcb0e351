"""Strict mode: every SageMaker call an application's tests make, checked against the pack.

>>> import boto3, smcontract                                           # doctest: +SKIP
>>> client = boto3.client("sagemaker", region_name="us-east-1")
>>> smcontract.strict(client)            # mode="raise" | "warn" | "record"
>>> client.create_model(ModelName="bad_name", ...)  # raises smcontract.ContractViolation

The pytest option ``--smcontract-strict[=raise|warn|record]`` applies it to every client the
tests create and prints a summary (:class:`StrictPlugin`, imported on first use so that
strict mode without pytest does not import pytest; ``smcontract.pytest_plugin`` wires it).
"""

import typing as _typing

from smcontract._lazy import lazy_names as _lazy_names
from smcontract.strictmode._check import Checker
from smcontract.strictmode._everywhere import Everywhere
from smcontract.strictmode._hook import EVENT, StrictMode, strict
from smcontract.strictmode._ledger import Ledger, Row, UnknownMember
from smcontract.strictmode._model import (
    ContractViolation,
    ContractViolationWarning,
    Finding,
    Mode,
    StrictWarning,
    UnknownMemberWarning,
    provenance,
)

if _typing.TYPE_CHECKING:
    from smcontract.strictmode._pytest import StrictPlugin

__all__ = [
    "EVENT",
    "Checker",
    "ContractViolation",
    "ContractViolationWarning",
    "Everywhere",
    "Finding",
    "Ledger",
    "Mode",
    "Row",
    "StrictMode",
    "StrictPlugin",
    "StrictWarning",
    "UnknownMember",
    "UnknownMemberWarning",
    "provenance",
    "strict",
]


__getattr__, __dir__ = _lazy_names(
    "smcontract.strictmode", {"StrictPlugin": "smcontract.strictmode._pytest"}, globals()
)
