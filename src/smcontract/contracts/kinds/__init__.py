"""The kind table, contracts half: one ``KindSpec`` per constraint kind, in ``SPECS``.

Each module states a family of kinds (its typed parameters, its oracle check, its level,
its OpenAPI form, what the reference does); this registry collects them. The generation
half (valid values, near misses, repairs, accept cases) is ``smcontract.strategies.kinds``,
keyed by the same ``Kind``. Adding a kind: a ``Kind`` member, one module (or one spec in the
family's module) here and one in the strategies' table; the tests fail naming what is missing.
"""

from __future__ import annotations

from smcontract.contracts.kinds._base import (
    Check,
    Direction,
    Kind,
    KindSpec,
    Level,
    Nodes,
    Params,
    Reasons,
    Status,
    yes,
)
from smcontract.contracts.kinds._cross import (
    CROSS_SPECS,
    CompareParams,
    ConditionParams,
    MemberParams,
    MembersParams,
)
from smcontract.contracts.kinds._shape import (
    REQUIRED,
    TYPE,
    RequiredParams,
    TypeParams,
    matches_type,
)
from smcontract.contracts.kinds._stateful import (
    STATEFUL_SPECS,
    DefaultParams,
    ErrorParams,
    LifecycleParams,
    UniqueParams,
)
from smcontract.contracts.kinds._values import (
    VALUE_SPECS,
    AffixParams,
    BoundParams,
    EnumParams,
    FormatParams,
    PatternParams,
    breaks_enum,
)

__all__ = [
    "CROSS_FIELD_KINDS",
    "KINDS",
    "SINGLE_REQUEST_KINDS",
    "SPECS",
    "STATEFUL_KINDS",
    "AffixParams",
    "BoundParams",
    "Check",
    "CompareParams",
    "ConditionParams",
    "DefaultParams",
    "Direction",
    "EnumParams",
    "ErrorParams",
    "FormatParams",
    "Kind",
    "KindSpec",
    "Level",
    "LifecycleParams",
    "MemberParams",
    "MembersParams",
    "Nodes",
    "Params",
    "PatternParams",
    "Reasons",
    "RequiredParams",
    "Status",
    "TypeParams",
    "UniqueParams",
    "breaks_enum",
    "matches_type",
    "spec",
]

#: Kind -> its spec; the one place that lists the kinds. Keys are ``Kind`` members (which
#: are strings, so a plain string looks a kind up as well).
SPECS: dict[str, KindSpec] = {
    s.kind: s for s in (REQUIRED, TYPE, *VALUE_SPECS, *CROSS_SPECS, *STATEFUL_SPECS)
}


def spec(kind: str) -> KindSpec:
    """The spec of ``kind``; KeyError naming the kind when none is registered."""
    try:
        return SPECS[kind]
    except KeyError:
        raise KeyError(f"no KindSpec registered for kind {kind!r}") from None


#: Kinds a single request (or response) can show; the oracle checks these. (``unique``
#: only with a ``key``: see ``Constraint.single_request``.)
SINGLE_REQUEST_KINDS = frozenset(k for k, s in SPECS.items() if s.single_request is yes)
#: Kinds that relate several members of one object (certification level L3).
CROSS_FIELD_KINDS = frozenset(k for k, s in SPECS.items() if s.cross_field)
#: Kinds that need state or behaviour over several calls.
STATEFUL_KINDS = frozenset(k for k, s in SPECS.items() if s.stateful)
KINDS = frozenset(SPECS)
