"""A strict reference implementation of the pack's operations, built from the contracts.

:class:`ReferenceService` answers every operation of a :class:`~smcontract.contracts.ContractPack`
as AWS would if it enforced every documented rule: single-request rules through the oracle
(``validate``), state per resource from ``pack.resources``, error codes, defaults, sort orders,
filters and status transitions from the ``error``, ``default`` and ``lifecycle`` constraints.
It is the harness's positive control (``smcontract run -t reference``) and, with one
constraint switched off (``disabled``), its mutation test (``smcontract selftest``).
"""

from smcontract.reference._server import make_server
from smcontract.reference._service import Answer, ReferenceService, aws_path

__all__ = ["Answer", "ReferenceService", "aws_path", "make_server"]
