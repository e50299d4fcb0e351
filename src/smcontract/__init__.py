"""smcontract: contract-testing and conformance harness for the Amazon SageMaker API.

The public API is small on purpose:

* :func:`load_contracts` and :func:`validate` (from :mod:`smcontract.contracts`),
* the Hypothesis strategies in :mod:`smcontract.strategies`,
* the suites and targets in :mod:`smcontract.suites`,
* the errors in :mod:`smcontract.errors`.
"""

from smcontract._version import __version__
from smcontract.contracts import load_contracts, validate, validate_response

__all__ = ["__version__", "load_contracts", "validate", "validate_response"]
