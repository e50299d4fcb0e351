"""When an SDK sends something other than the generated request, say so, and blame it.

An adapter target reports the body its SDK put on the wire (:attr:`Outcome.sent`, set only
when it differs from the request). The AWS SDK for JavaScript, for one, turns a list where
its model has a structure into ``{}``. Then the server answered another request than the
one the case is about, and the verdict must not blame it:

* the sent body **still breaks** the rule: the server's answer is judged as usual; the
  reason of a finding adds what the SDK changed (an ENFORCED reason stays ``verified`` or
  ``unverified``);
* the sent body **no longer breaks** the rule: the SDK neither refused the bad input nor
  passed it on, it silently repaired it. The verdict is ``NOT ENFORCED`` on the ``client``
  layer (the SDK let a broken request through, whatever the server then answered), and the
  reason says that the server never saw the violation;
* a valid request the SDK rewrote keeps its verdict; the reason says what was changed.

The evidence of such a verdict carries the sent body next to the generated one
(``response.sent``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from smcontract.contracts import Constraint, ContractPack, breaks
from smcontract.suites._verdicts import Judgement
from smcontract.suites.events import ENFORCED, NOT_ENFORCED

__all__ = ["first_difference", "judge_rewritten", "note_rewrite"]

_SHOWN = 60


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "a list" if value else "[]"
    if isinstance(value, Mapping):
        return "a structure" if value else "{}"
    text = json.dumps(value, default=repr)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def first_difference(request: Any, sent: Any, path: str = "") -> str:
    """Where and how ``sent`` first differs from ``request``, in words."""
    where = path or "the body"
    if isinstance(request, Mapping) and isinstance(sent, Mapping):
        for key in sorted(set(request) | set(sent), key=str):
            inner = f"{path}.{key}" if path else str(key)
            if key not in sent:
                return f"{inner} left out"
            if key not in request:
                return f"{inner} added as {_show(sent[key])}"
            if request[key] != sent[key]:
                return first_difference(request[key], sent[key], inner)
        return f"{where} changed"
    if isinstance(request, list) and isinstance(sent, list) and len(request) == len(sent):
        for index, (left, right) in enumerate(zip(request, sent, strict=True)):
            if left != right:
                return first_difference(left, right, f"{path}[{index}]")
    return f"{where}: {_show(request)} sent as {_show(sent)}"


def judge_rewritten(
    pack: ContractPack,
    constraint: Constraint,
    request: Mapping[str, Any],
    outcome: Any,
    judgement: Judgement,
) -> Judgement:
    """The judgement of a rejection case whose request the SDK rewrote (module docstring)."""
    sent = getattr(outcome, "sent", None)
    if sent is None:
        return judgement
    changed = first_difference(request, sent)
    still = isinstance(sent, Mapping) and breaks(
        constraint.operation, constraint.id, dict(sent), pack=pack
    )
    if still and judgement.verdict == ENFORCED:
        return judgement  # the reason stays verified/unverified; the evidence shows what was sent
    if still:
        return Judgement(
            judgement.verdict,
            f"{judgement.reason} (the SDK rewrote the request, {changed}; what it sent still "
            "breaks the rule)",
            judgement.layer,
        )
    answered = outcome.error_code or f"HTTP {outcome.status}"
    return Judgement(
        NOT_ENFORCED,
        f"the SDK rewrote the request before sending ({changed}): the server got a request "
        f"that does not break the rule (it answered {answered}), so the SDK, not the server, "
        "let the broken value through",
        "client",
    )


def note_rewrite(request: Mapping[str, Any], outcome: Any, judgement: Judgement) -> Judgement:
    """A valid case's judgement, with what the SDK changed when it rewrote the request."""
    sent = getattr(outcome, "sent", None)
    if sent is None:
        return judgement
    return Judgement(
        judgement.verdict,
        f"{judgement.reason} (the SDK rewrote the request, {first_difference(request, sent)})",
        judgement.layer,
    )
