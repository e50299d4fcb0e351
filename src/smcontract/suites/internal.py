"""What the reports share of the suites' internals; not part of the public API.

The one module a higher layer imports for suite helpers users do not call (as Hypothesis
keeps its helpers in ``hypothesis.internal``); importing it does not import the runner.
Users call the names in :mod:`smcontract.suites`; these may change in any release.
"""

from smcontract.suites._unimplemented import relabel_unimplemented

__all__ = ["relabel_unimplemented"]
