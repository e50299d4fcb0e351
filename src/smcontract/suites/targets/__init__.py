"""Targets: the implementations of the SageMaker API the harness calls.

One seam, :class:`Target` (``invoke(operation, params) -> Outcome``), and one factory,
:func:`open_target`, for the specs ``moto``, ``moto-server``, ``boto3``, a URL,
``adapter:COMMAND`` and ``reference`` (the strict reference implementation). A target never
raises from ``invoke``: every answer, crash and transport
failure comes back as an :class:`Outcome` with a ``fault`` from :data:`FAULTS`.
"""

import typing as _typing

from smcontract._lazy import lazy_names as _lazy_names
from smcontract.suites.targets._base import FAULTS, LAYERS, Fault, Layer, Outcome, Target
from smcontract.suites.targets._credentials import is_loopback, resolve_credentials
from smcontract.suites.targets._factory import SPEC_FORMS, open_target

if _typing.TYPE_CHECKING:
    from smcontract.suites.targets._adapter import AdapterTarget
    from smcontract.suites.targets._boto3 import Boto3Target
    from smcontract.suites.targets._http import UrlTarget
    from smcontract.suites.targets._moto import MotoTarget
    from smcontract.suites.targets._moto_server import MotoServerTarget
    from smcontract.suites.targets._reference import ReferenceTarget

#: The target classes, imported on first use: a run against in-process moto does not import
#: requests (the URL targets) or the reference.
_LAZY = {
    "AdapterTarget": "smcontract.suites.targets._adapter",
    "Boto3Target": "smcontract.suites.targets._boto3",
    "UrlTarget": "smcontract.suites.targets._http",
    "MotoTarget": "smcontract.suites.targets._moto",
    "MotoServerTarget": "smcontract.suites.targets._moto_server",
    "ReferenceTarget": "smcontract.suites.targets._reference",
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, globals())

__all__ = [
    "FAULTS",
    "LAYERS",
    "SPEC_FORMS",
    "AdapterTarget",
    "Boto3Target",
    "Fault",
    "Layer",
    "MotoServerTarget",
    "MotoTarget",
    "Outcome",
    "ReferenceTarget",
    "Target",
    "UrlTarget",
    "is_loopback",
    "open_target",
    "resolve_credentials",
]
