"""Generate strings that fully match an AWS (Java) pattern, within a length budget.

Hypothesis's ``from_regex`` needs a Python ``re`` pattern, draws Unicode digits for ``\\d``
(Java's is ASCII) and knows nothing about the member's length bounds, so a name of 63
characters is rare and one of 64 impossible. This module walks the contracts' parse of the
Java pattern (``smcontract.contracts.regex_ast``, the tree the oracle's translation walks
too) into a small plan (sequence, alternation, repetition, literal, character set,
zero-width assertion) and generates from it with a target length range. A repetition, or a
sequence, made only of character sets, literals and repetitions of sets is one text choice
walked through its automaton (``_flatgen``); other repetitions take one choice each.

Character sets are never interpreted here. The *generation alphabet* of every set node
(``[...]``, ``\\S``, ``\\p{L}``, ``.``) is the subset of a fixed universe of characters that
the contract's own translation of that node (``smcontract.contracts.compile_node``)
accepts. Generation and the oracle therefore agree by construction. The universe mixes
ASCII with a few non-ASCII letters, digits and spaces, so ``\\p{L}`` yields ``é`` and ``Ж``
as well as ``a``. Java's ``.`` excludes every line terminator, not only ``\\n``; the
generation alphabet of ``.`` leaves them all out.

Assertions (``(?!\\s*$)``, ``(?<!-)``, ``\\b``, anchors) generate nothing; the caller checks
the result with the real pattern and falls back when an assertion fails.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from smcontract.contracts import PatternError, compile_node
from smcontract.contracts.regex_ast import (
    Alternation,
    Anchor,
    Backref,
    Char,
    CharClass,
    ClassEscape,
    Dot,
    Group,
    GroupKind,
    InlineFlags,
    Node,
    Property,
    Quote,
    Repeat,
    Sequence,
    parse_pattern,
)
from smcontract.strategies._choosers import FREE_TEXT, Chooser
from smcontract.strategies._flatgen import FLAT_MAX, Atom, Flat, Segment

__all__ = ["UNIVERSE", "Infeasible", "Plan", "Unsupported", "alphabet_of", "compile_plan"]

#: Characters generation may use, simplest first. No astral characters: Java counts UTF-16
#: units and Python code points, so they would make the two disagree on lengths.
UNIVERSE = (
    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "-_./:@+=, ;!#$%&'()*<>?[]^`{|}~\"\\"
    "\t\n\r\x0b\x0c"
    "éüßçñåøЖжΩλ漢字日本한글ア"  # letters (\p{L})
    "٣५"  # non-ASCII decimal digits (\p{N}, not Java's \d)
    "\u00a0\u2003\u3000\u2028"  # non-ASCII separators (\p{Z})
    "\x85"  # NEL: a line terminator for Java's "."
)
_JAVA_LINE_TERMINATORS = "\n\r\x85\u2028\u2029"
#: Extra repetitions an unbounded quantifier nested in another one plans for.
_NESTED_SOFT = 3
#: Repetitions of a group drawn with the caller's chooser; the rest come from ``bulk()``.
_SHRINKABLE_REPS = 2
#: A wide repetition count is drawn in ``low .. low + 14``, or is its maximum.
_FREE_REPS = 15


class Unsupported(ValueError):
    """A pattern construct this generator does not handle (backreferences, inline flags)."""


class Infeasible(ValueError):
    """No string of the requested length matches this part of the pattern."""


@functools.lru_cache(maxsize=1024)
def alphabet_of(set_text: str) -> str:
    """The universe characters that the one-character Java pattern ``set_text`` matches."""
    node = parse_pattern(set_text)
    if not isinstance(node, Dot | ClassEscape | Property | CharClass):
        raise Unsupported(f"{set_text!r} is not one character set")
    return _alphabet(node)


@dataclass(frozen=True)
class Plan:
    """One node of a parsed pattern, with the lengths it can produce.

    ``kind`` is ``lit`` (``text``), ``set`` (``text`` is the alphabet), ``seq``, ``alt``,
    ``rep`` (``parts[0]`` repeated ``lo``..``hi`` times, ``hi`` None for unbounded) or
    ``assert``. ``min_len``/``max_len`` are exact (``max_len`` None when unbounded);
    ``plan_max`` is what generation aims for (nested unbounded repetitions kept short).
    """

    kind: str
    text: str = ""
    parts: tuple[Plan, ...] = ()
    lo: int = 0
    hi: int | None = None
    min_len: int = 0
    max_len: int | None = 0
    plan_max: int | None = 0
    _suffix: tuple[tuple[int, float, float], ...] = field(default=(), repr=False)
    #: A ``rep`` or ``seq`` made only of character sets: its automaton (one draw, _flatgen).
    flat: Flat | None = field(default=None, repr=False, compare=False)

    def generate(self, chooser: Chooser, lo: int = 0, hi: float = math.inf) -> str:
        """A string this node matches with a length in ``[lo, hi]``; raise Infeasible."""
        if lo > hi or (self.max_len is not None and lo > self.max_len) or self.min_len > hi:
            raise Infeasible(f"no length in [{lo}, {hi}] for {self.kind}")
        return _GENERATE[self.kind](self, chooser, lo, hi)


def _cap(value: int | None) -> float:
    return math.inf if value is None else float(value)


def _lit(text: str) -> Plan:
    return Plan("lit", text=text, min_len=len(text), max_len=len(text), plan_max=len(text))


def _set(alphabet: str) -> Plan:
    if not alphabet:
        raise Unsupported("a character set that no generation character matches")
    return Plan("set", text=alphabet, min_len=1, max_len=1, plan_max=1)


_ASSERT = Plan("assert")


def _seq(parts: list[Plan]) -> Plan:
    merged: list[Plan] = []
    for part in parts:
        if part.kind == "lit" and merged and merged[-1].kind == "lit":
            merged[-1] = _lit(merged[-1].text + part.text)
        elif part.kind == "seq":
            merged.extend(part.parts)
        else:
            merged.append(part)
    if len(merged) == 1:
        return merged[0]
    suffix: list[tuple[int, float, float]] = [(0, 0.0, 0.0)]
    for part in reversed(merged):
        low, high, plan = suffix[-1]
        suffix.append((low + part.min_len, high + _cap(part.max_len), plan + _cap(part.plan_max)))
    suffix.reverse()
    total_max = suffix[0][1]
    total_plan = suffix[0][2]
    return Plan(
        "seq",
        parts=tuple(merged),
        min_len=suffix[0][0],
        max_len=None if math.isinf(total_max) else int(total_max),
        plan_max=None if math.isinf(total_plan) else int(total_plan),
        _suffix=tuple(suffix),
        flat=_flat_seq(merged),
    )


def _flat_seq(parts: list[Plan]) -> Flat | None:
    """The automaton of a sequence of sets, literals and flat repetitions, or None."""
    segments: list[Segment] = []
    for part in parts:
        if part.kind == "rep":
            atoms = _atoms(part.parts[0]) if part.flat is not None else _atoms(part)
            if atoms is None:
                return None
            segments.append(Segment(atoms, part.lo, part.hi) if part.flat else Segment(atoms))
            continue
        atoms = _atoms(part)
        if atoms is None:
            return None
        segments.append(Segment(atoms))
    return Flat.build(tuple(segments), UNIVERSE)


def _alt(options: list[Plan]) -> Plan:
    if len(options) == 1:
        return options[0]
    maxima = [_cap(o.max_len) for o in options]
    plans = [_cap(o.plan_max) for o in options]
    return Plan(
        "alt",
        parts=tuple(options),
        min_len=min(o.min_len for o in options),
        max_len=None if math.isinf(max(maxima)) else int(max(maxima)),
        plan_max=None if math.isinf(max(plans)) else int(max(plans)),
    )


def _rep(part: Plan, lo: int, hi: int | None, nested: bool) -> Plan:
    if hi == 0 or part.max_len == 0:
        return _lit("")
    max_len = None if hi is None or part.max_len is None else hi * part.max_len
    if hi is None and nested:
        plan_max: int | None = (lo + _NESTED_SOFT) * _cap_int(part.plan_max, _NESTED_SOFT)
    elif hi is None or part.plan_max is None:
        plan_max = None
    else:
        plan_max = hi * part.plan_max
    atoms = None if part.kind == "set" else _atoms(part)
    return Plan(
        "rep",
        parts=(part,),
        lo=lo,
        hi=hi,
        min_len=lo * part.min_len,
        max_len=max_len,
        plan_max=plan_max,
        flat=None if atoms is None else Flat.build((Segment(atoms, lo, hi),), UNIVERSE),
    )


def _atoms(body: Plan) -> tuple[Atom, ...] | None:
    """The body of a repetition as atoms, or None (a single set, alternatives, groups)."""
    parts = body.parts if body.kind == "seq" else (body,)
    atoms: list[Atom] = []
    for part in parts:
        if part.kind == "lit":
            atoms.extend(Atom(char) for char in part.text)
        elif part.kind == "set":
            atoms.append(Atom(part.text))
        elif part.kind == "rep" and _one_char(part.parts[0]):
            atoms.append(Atom(part.parts[0].text, part.lo, part.hi))
        else:
            return None
    return tuple(atoms) or None


def _cap_int(value: int | None, default: int) -> int:
    return default if value is None else value


# -- generation ---------------------------------------------------------------------------


def _gen_lit(plan: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    return plan.text


def _gen_set(plan: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    return chooser.text(plan.text, 1, 1)


def _gen_assert(plan: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    return ""


def _gen_alt(plan: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    options = [o for o in plan.parts if o.min_len <= hi and _cap(o.max_len) >= lo]
    if not options:
        raise Infeasible("no alternative fits the length")
    return options[chooser.integer(0, len(options) - 1)].generate(chooser, lo, hi)


def _gen_seq(plan: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    if plan.flat is not None:
        text = _gen_flat(plan.flat, chooser, lo, hi)
        if text is not None:
            return text
    out: list[str] = []
    used = 0
    for index, part in enumerate(plan.parts):
        rest_min, rest_max, rest_plan = plan._suffix[index + 1]
        low = max(part.min_len, lo - used - rest_plan)
        high = min(_cap(part.max_len), hi - used - rest_min)
        if low > high:
            low = max(part.min_len, lo - used - rest_max)
        low = int(low)
        high_target = min(high, max(low, _cap(part.plan_max)))
        text = part.generate(chooser, low, high_target)
        used += len(text)
        out.append(text)
    return "".join(out)


def _gen_rep(plan: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    part = plan.parts[0]
    if part.kind == "set":
        low = max(plan.lo, lo)
        upper = _cap(plan.hi)
        high = min(upper, hi)
        if math.isinf(high):
            high = low + FREE_TEXT
        if low > high:
            raise Infeasible("repetition cannot fit the length")
        return chooser.text(part.text, low, int(high))
    if plan.flat is not None:
        text = _gen_flat(plan.flat, chooser, lo, hi)
        if text is not None:
            return text
    return _gen_rep_general(plan, part, chooser, lo, hi)


def _one_char(plan: Plan) -> bool:
    return plan.kind == "set" or (plan.kind == "lit" and len(plan.text) == 1)


def _gen_flat(flat: Flat, chooser: Chooser, lo: int, hi: float) -> str | None:
    """One text draw walked through the repetition's automaton; None: use the general walk."""
    top = lo + FREE_TEXT if math.isinf(hi) else int(hi)
    if top > FLAT_MAX:
        return None
    text = chooser.text(flat.alphabet, lo, top)
    size = flat.length(len(text), lo, top)
    return None if size is None else flat.walk(text, size)


def _gen_rep_general(plan: Plan, part: Plan, chooser: Chooser, lo: int, hi: float) -> str:
    kmin = plan.lo
    kmax: float = _cap(plan.hi)
    if math.isinf(kmax):
        kmax = kmin + (_NESTED_SOFT if math.isinf(hi) else max(_NESTED_SOFT, hi))
    if part.min_len > 0 and not math.isinf(hi):
        kmax = min(kmax, hi // part.min_len)
    if lo > 0:
        aim = _cap(part.plan_max) if part.plan_max else _cap(part.max_len)
        kmin = max(kmin, 1 if math.isinf(aim) else math.ceil(lo / aim))
        if kmin > kmax and part.max_len:
            kmin = max(plan.lo, math.ceil(lo / part.max_len))
    if kmin > kmax:
        raise Infeasible("repetition count cannot fit the length")
    count = _count(chooser, int(kmin), int(kmax))
    out: list[str] = []
    used = 0
    source = chooser
    for index in range(count):
        if index == _SHRINKABLE_REPS:
            source = chooser.bulk()
        rest = count - index - 1
        low = max(part.min_len, lo - used - _times(rest, part.plan_max))
        high = min(_cap(part.max_len), hi - used - rest * part.min_len)
        if low > high:
            low = max(part.min_len, lo - used - _times(rest, part.max_len))
        high_target = min(high, max(low, _cap(part.plan_max)))
        text = part.generate(source, int(low), high_target)
        used += len(text)
        out.append(text)
    if used < lo:
        raise Infeasible("repetition fell short of the length")
    return "".join(out)


def _count(chooser: Chooser, low: int, high: int) -> int:
    """A repetition count: ``low`` to ``low + 14`` mostly, ``high`` one time in sixteen."""
    if high - low <= _FREE_REPS:
        return chooser.integer(low, high)
    roll = chooser.integer(0, _FREE_REPS)
    return high if roll == _FREE_REPS else low + roll


def _times(count: int, length: int | None) -> float:
    return 0.0 if count == 0 else count * _cap(length)


_GENERATE = {
    "lit": _gen_lit,
    "set": _gen_set,
    "assert": _gen_assert,
    "alt": _gen_alt,
    "seq": _gen_seq,
    "rep": _gen_rep,
}


# -- the walk over the parsed pattern ----------------------------------------------------


@functools.lru_cache(maxsize=1024)
def compile_plan(pattern: str) -> Plan:
    """Parse the Java pattern ``pattern`` into a generation plan (cached).

    Raises Unsupported for constructs the generator cannot produce (backreferences,
    inline flags) and for patterns that do not parse; callers then rely on documented
    examples and seed values.
    """
    try:
        return _plan(parse_pattern(pattern), nested=False)
    except PatternError as err:
        raise Unsupported(str(err)) from None


def _plan(node: Node, *, nested: bool) -> Plan:
    """The plan of ``node``; ``nested``: inside a group repeated by ``*``, ``+`` or ``{}``."""
    match node:
        case Char():
            return _lit(node.char)
        case Quote():
            return _lit(node.text)
        case Dot() | ClassEscape() | Property() | CharClass():
            return _set(_alphabet(node))
        case Anchor():
            return _ASSERT
        case Backref():
            raise Unsupported("backreference")
        case InlineFlags():
            raise Unsupported(f"inline flags (?{node.flags})")
        case Group():
            return _group(node, nested=nested)
        case Repeat():
            return _repeat(node, nested=nested)
        case Sequence() if not node.items:
            return _lit("")
        case Sequence():
            return _seq([_plan(item, nested=nested) for item in node.items])
        case Alternation():
            return _alt([_plan(option, nested=nested) for option in node.options])


def _group(node: Group, *, nested: bool) -> Plan:
    if node.kind.zero_width:
        return _ASSERT
    if node.kind in (GroupKind.ATOMIC, GroupKind.FLAGS):
        raise Unsupported(f"group construct {node.opening!r}")
    return _plan(node.body, nested=nested)


def _repeat(node: Repeat, *, nested: bool) -> Plan:
    # Repetitions inside a group repeated by '*', '+' or '{}' (not '?') plan to stay short.
    inner = nested or (isinstance(node.body, Group) and node.raw[0] != "?")
    body = _plan(node.body, nested=inner)
    if body.kind == "assert":
        return body
    return _rep(body, node.low, node.high, nested=nested)


def _alphabet(node: Dot | ClassEscape | Property | CharClass) -> str:
    """The universe characters that the one-character node matches (cached per node)."""
    if isinstance(node, Dot):
        return "".join(c for c in UNIVERSE if c not in _JAVA_LINE_TERMINATORS)
    compiled = compile_node(node)
    return "".join(c for c in UNIVERSE if compiled.fullmatch(c) is not None)
