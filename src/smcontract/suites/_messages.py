"""Read AWS validation messages: which member broke which kind of rule?

AWS answers a request that breaks model constraints with a ``ValidationException`` whose
message lists every violation it found::

    1 validation error detected: Value 'x' at 'outputConfig.targetDevice' failed to satisfy
    constraint: Member must satisfy enum value set: [jetson_tx1, ...]

    2 validation errors detected: Value 'a b' at 'compilationJobName' failed to satisfy
    constraint: Member must satisfy regular expression pattern: ...; Value null at 'roleArn'
    failed to satisfy constraint: Member must not be null

:func:`parse_validation_message` turns such a message into :class:`Cited` items (the AWS member
path and the constraint kinds it names); :func:`cites` compares them with the violations a
request really has. Paths are compared without case and without list indices, so
``tags.1.member.key`` is the same place as ``Tags[0].Key``.

:func:`answered_situation` recognises a message that is not in that format but plainly answers
another situation than a broken rule: a missing resource (``Could not find model 'x'.``,
``Trial 'x' does not exist.``). AWS validates a request before it looks anything up, so such an
answer to a request that breaks a rule means the value was looked up, not validated. Pure
functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from smcontract.contracts import SPECS

__all__ = [
    "AWS_KINDS",
    "NOT_FOUND",
    "SIZE_KINDS",
    "Cited",
    "answered_situation",
    "cites",
    "normalise_path",
    "parse_validation_message",
]

#: The kinds AWS spells "Member must have length ..." (string length, list size, map size).
SIZE_KINDS = frozenset({"length", "items", "entries"})

_HEADER = re.compile(r"^\s*(\d+)\s+validation errors?\s+detected\s*:\s*", re.IGNORECASE)
_ANCHOR = re.compile(r" at '([^']*)' failed to satisfy constraint:\s*")
_VALUE_START = re.compile(r"(?:^|;\s*)Value\s")

# Phrase -> kind. Order matters: the first phrase found in a constraint text wins.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("Member must not be null", "required"),
    ("Member must satisfy regular expression pattern", "pattern"),
    ("Member must satisfy enum value set", "enum"),
    ("Member must have length less than or equal to", "length"),
    ("Member must have length greater than or equal to", "length"),
    ("Member must have value less than or equal to", "range"),
    ("Member must have value greater than or equal to", "range"),
)
_NESTED = re.compile(
    r"^(Member must satisfy constraint|Map value must satisfy constraint|"
    r"Map keys must satisfy constraint)\s*:\s*\[(.*)\]\s*$",
    re.DOTALL,
)
_NESTED_SUFFIX = {
    "Member must satisfy constraint": "[]",
    "Map value must satisfy constraint": "{value}",
    "Map keys must satisfy constraint": "{key}",
}


@dataclass(frozen=True, slots=True)
class Cited:
    """One violation an AWS message names.

    ``path`` is the AWS path as written (``tags.1.member.key``), with ``[]``, ``{key}`` or
    ``{value}`` appended when the message speaks of the items, keys or values of a list or
    map. ``kinds`` are the smcontract kinds the constraint text names (several for a nested
    ``Member must satisfy constraint: [...]``); empty when the text is not one AWS uses.
    ``value`` is the offending value as printed (``None`` for ``Value null``).
    """

    path: str
    kinds: tuple[str, ...]
    constraint: str
    value: str | None


def _kinds_of(text: str, value: str | None) -> tuple[str, ...]:
    kinds: list[str] = []
    for phrase, kind in _PHRASES:
        if phrase.lower() in text.lower() and kind not in kinds:
            if kind == "length" and value is not None:
                kind = _size_kind(value)
            kinds.append(kind)
    return tuple(kinds)


def _size_kind(value: str) -> str:
    """AWS prints lists as ``[a, b]`` and maps as ``{k=v}``: their length is a size."""
    if value.startswith("[") and value.endswith("]"):
        return "items"
    if value.startswith("{") and value.endswith("}") and ("=" in value or value == "{}"):
        return "entries"
    return "length"


def _value_text(chunk: str) -> str | None:
    """The printed value from ``Value 'x'`` / ``Value null`` (``chunk`` starts after Value)."""
    chunk = chunk.strip()
    if chunk == "null":
        return None
    if len(chunk) >= 2 and chunk[0] == "'" and chunk[-1] == "'":
        return chunk[1:-1]
    return chunk


def parse_validation_message(message: str | None) -> tuple[Cited, ...]:
    """Every violation ``message`` names, in order; ``()`` when it is not in the AWS format.

    >>> parse_validation_message(
    ...     "1 validation error detected: Value null at 'roleArn' failed to satisfy "
    ...     "constraint: Member must not be null")
    (Cited(path='roleArn', kinds=('required',), constraint='Member must not be null', value=None),)
    """
    if not message:
        return ()
    header = _HEADER.match(message)
    text = message[header.end() :] if header else message
    anchors = list(_ANCHOR.finditer(text))
    if not anchors:
        return ()
    cited: list[Cited] = []
    value_chunk = text[: anchors[0].start()]
    for index, anchor in enumerate(anchors):
        last = index + 1 == len(anchors)
        rest = text[anchor.end() : len(text) if last else anchors[index + 1].start()]
        constraint, next_value = rest, ""
        if not last:
            # The next violation's "Value ..." starts at the last "; Value " before its anchor.
            cuts = [m.start() for m in _VALUE_START.finditer(rest) if m.start() > 0]
            if cuts:
                constraint, next_value = rest[: cuts[-1]], rest[cuts[-1] :]
        start = _VALUE_START.search(value_chunk)
        value = _value_text(value_chunk[start.end() :]) if start else None
        value_chunk = next_value
        constraint = constraint.strip().rstrip(";").strip()
        path = anchor.group(1)
        nested = _NESTED.match(constraint)
        if nested:
            path += _NESTED_SUFFIX[nested.group(1)]
            kinds = _kinds_of(nested.group(2), None)
        else:
            kinds = _kinds_of(constraint, value)
        cited.append(Cited(path=path, kinds=kinds, constraint=constraint, value=value))
    return tuple(cited)


_CONCRETE_GROUP = re.compile(r"\[[^\]]*\]|\{[^}]*\}")


def normalise_path(path: str) -> tuple[str, ...]:
    """A path as lower-case member names only, for AWS paths and smcontract paths alike.

    ``tags.1.member.key``, ``Tags[0].Key``, ``Tags[].Key`` -> ``("tags", "key")``;
    ``Environment{key="A"}`` and ``environment{value}`` -> ``("environment",)``.
    """
    flat = _CONCRETE_GROUP.sub("", path)
    parts = []
    for part in flat.split("."):
        part = part.strip()
        if not part or part.isdigit() or part.lower() in ("member", "entry"):
            continue
        parts.append(part.lower())
    return tuple(parts)


def _kind_matches(cited_kinds: Iterable[str], kind: str) -> bool:
    family = SIZE_KINDS if kind in SIZE_KINDS else {kind}
    return any(cited in family for cited in cited_kinds)


def cites(cited: Iterable[Cited], expected: Iterable[tuple[str, str]]) -> bool:
    """Whether any cited violation is one of the ``expected`` ``(path, kind)`` pairs.

    Paths compare with :func:`normalise_path`; the kinds ``length``, ``items`` and
    ``entries`` are one family (AWS says "length" for all three). The kind ``"*"`` stands for a
    rule AWS messages cannot name (``type``, cross-field kinds, ``prefix`` ...): it matches any
    cited violation at that path or below it.
    """
    wanted = [(normalise_path(path), kind) for path, kind in expected]
    for item in cited:
        where = normalise_path(item.path)
        for path, kind in wanted:
            if kind == "*":
                if where[: len(path)] == path:
                    return True
            elif where == path and _kind_matches(item.kinds, kind):
                return True
    return False


#: The kinds an AWS validation message can name (``aws_named`` in the kind table); any other
#: kind is matched by path alone.
AWS_KINDS = frozenset(kind for kind, spec in SPECS.items() if spec.aws_named)


#: The situation :func:`answered_situation` names for a missing-resource answer.
NOT_FOUND = "not-found"

# How implementations word a missing resource: "Could not find model 'x'." (SageMaker, moto),
# "Trial 'x' does not exist.", "Resource not found", "No such entity". "not found in" and
# "not found among" are left out: "'C' not found in [A, B]" is how a validation may word an enum.
_NOT_FOUND_PHRASE = re.compile(
    r"\b(?:could\s+not\s+(?:be\s+)?find|can(?:not|'t)\s+find|"
    r"(?:could|can)\s*(?:not|n't)\s+be\s+found|"
    r"does\s+not\s+exist|do\s+not\s+exist|doesn't\s+exist|no\s+such|"
    r"not\s+found(?!\s+(?:in|among|within)\b))",
    re.IGNORECASE,
)


def answered_situation(message: str | None) -> str | None:
    """The other situation ``message`` answers (:data:`NOT_FOUND`), or None.

    Only for messages :func:`parse_validation_message` cannot read: an AWS validation message
    (which may quote a value such as ``'not found'``) is judged by what it cites.

    >>> answered_situation("Could not find model 'a b'.")
    'not-found'
    >>> answered_situation("Invalid pagination token") is None
    True
    """
    if not message or parse_validation_message(message):
        return None
    return NOT_FOUND if _NOT_FOUND_PHRASE.search(message) else None
