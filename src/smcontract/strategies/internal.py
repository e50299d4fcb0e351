"""What the suites share of the strategies' internals; not part of the public API.

The one module other smcontract layers import for the strategies' seeded Hypothesis runs
(:mod:`._seeded`) and the one private Hypothesis hook they need (:mod:`._hypothesis_private`),
as Hypothesis keeps its own helpers in ``hypothesis.internal``. Users call the names in
:mod:`smcontract.strategies`; these may change in any release.
"""

from smcontract.strategies._hypothesis_private import set_database_key
from smcontract.strategies._seeded import draw_examples, run_seeded, with_seed

__all__ = ["draw_examples", "run_seeded", "set_database_key", "with_seed"]
