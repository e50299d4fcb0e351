"""Waivers: known findings a team accepts for a while, with a reason and an expiry date.

A waivers file (TOML, JSON or YAML) lists entries; each names a constraint ID or a glob over
IDs, optionally a target name (or glob; every target by default), a reason and the last day
it holds:

.. code-block:: toml

    [[waivers]]
    constraint = "CreateModel.ExecutionRoleArn.pattern"
    target = "moto"
    reason = "moto does not check role ARNs (tracked in our issue 12)"
    expires = 2027-03-31

    [[waivers]]
    constraint = "ListTrialComponents.*.length"
    reason = "length checks land in release 4.2"
    expires = 2027-01-15

The runner turns a finding (``NOT ENFORCED``, ``WRONG ERROR``, ``SERVER ERROR``,
``NOT IMPLEMENTED``) that a waiver matches into ``WAIVED``; the verdict and reason it
replaced stay in the result, so the report shows what was waived and why. A waiver never
touches a constraint that passes or was not tested.

Loading checks the file against ``waivers.schema.json`` (JSON Schema, with jsonschema; TOML
and YAML dates are written ``YYYY-MM-DD`` first): a missing or empty member, an unknown
member, a date that is not ``YYYY-MM-DD`` or an expired waiver is a
:class:`~smcontract.errors.UsageError` naming the file and the entry, so a forgotten waiver
fails the build on the day after it expires. A waiver that matches nothing in a run is
reported as a warning by :meth:`Waivers.unused`.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smcontract._hints import closest_hint
from smcontract.errors import UsageError
from smcontract.suites.events import Verdict

if TYPE_CHECKING:
    import jsonschema

    from smcontract.contracts import ContractPack

__all__ = ["PackIds", "Waiver", "Waivers", "load_waivers"]

_SCHEMA_FILE = "waivers.schema.json"
_FINDINGS = frozenset(
    {Verdict.NOT_ENFORCED, Verdict.WRONG_ERROR, Verdict.SERVER_ERROR, Verdict.NOT_IMPLEMENTED}
)
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Waiver:
    """One entry: which constraints (ID or glob), on which targets, why, and until when."""

    constraint: str
    reason: str
    expires: dt.date
    target: str = "*"
    #: Where it was written: ``file#index`` (1-based), for messages.
    source: str = ""

    def matches(self, target: str, constraint_id: str) -> bool:
        """Whether this waiver covers ``constraint_id`` on ``target``."""
        return fnmatch.fnmatchcase(constraint_id, self.constraint) and fnmatch.fnmatchcase(
            target, self.target
        )

    def expired(self, today: dt.date) -> bool:
        """True after the expiry date (a waiver holds through its last day)."""
        return today > self.expires

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: the entry as written, the date as ``YYYY-MM-DD``."""
        return {
            "constraint": self.constraint,
            "target": self.target,
            "reason": self.reason,
            "expires": self.expires.isoformat(),
            "source": self.source,
        }


@dataclass
class Waivers:
    """The waivers of a run; :meth:`waive` applies them and remembers what each one covered."""

    entries: Sequence[Waiver] = ()
    #: Per entry (by position): the (target, constraint ID) pairs it matched in this run.
    matched: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    #: Per entry: the findings it turned into WAIVED.
    waived: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def waive(self, target: str, constraint_id: str, verdict: str) -> Waiver | None:
        """The first waiver that turns this finding into WAIVED, if any.

        Every matching entry is recorded as matched; only the first one waives.
        """
        first: Waiver | None = None
        for index, waiver in enumerate(self.entries):
            if not waiver.matches(target, constraint_id):
                continue
            self.matched.setdefault(index, []).append((target, constraint_id))
            if first is None and verdict in _FINDINGS:
                first = waiver
                self.waived.setdefault(index, []).append((target, constraint_id))
        return first

    def unused(self, known_ids: Iterable[str] = ()) -> list[str]:
        """A warning for each waiver that matched nothing, or nothing it had to waive."""
        known = list(known_ids)
        warnings = []
        for index, waiver in enumerate(self.entries):
            where = f"waiver {waiver.source or index + 1} ({waiver.constraint!r}"
            where += f", target {waiver.target!r})" if waiver.target != "*" else ")"
            if index not in self.matched:
                hint = ""
                if known and not any(fnmatch.fnmatchcase(i, waiver.constraint) for i in known):
                    hint = closest_hint(
                        waiver.constraint, known, "; closest IDs: {}", n=3, cutoff=0.6
                    )
                warnings.append(
                    f"{where} matches no constraint of this run's targets and operations{hint}"
                )
            elif index not in self.waived:
                warnings.append(
                    f"{where} matched {len(self.matched[index])} constraint(s) but none had a "
                    "finding to waive; remove it if the implementation is fixed"
                )
        return warnings


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"cannot read the waivers file {path}: {exc.strerror or exc}; "
            "pass an existing TOML, JSON or YAML file to --waivers"
        ) from None
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"the waivers file {path} is not UTF-8 text (byte {exc.start} is "
            f"0x{exc.object[exc.start]:02x}); save it as UTF-8 TOML, JSON or YAML"
        ) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            import tomllib

            return tomllib.loads(text)
        if suffix in (".yaml", ".yml"):
            import yaml

            return yaml.safe_load(text)
        if suffix == ".json":
            return json.loads(text)
    except Exception as exc:  # each parser has its own error class; all mean "not parseable"
        raise UsageError(
            f"{path} is not valid {suffix[1:].upper()}: {exc}; fix the syntax and run again"
        ) from None
    raise UsageError(
        f"{path}: unknown waivers file type {suffix or '(no suffix)'!r}; "
        "expected .toml, .json, .yaml or .yml"
    )


@functools.cache
def _schema_validator() -> Any:
    text = resources.files("smcontract.suites").joinpath(_SCHEMA_FILE).read_text("utf-8")
    schema = json.loads(text)
    import jsonschema  # only a run with waivers needs it

    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _as_json(value: Any) -> Any:
    """The document as JSON would hold it: TOML and YAML dates become ``YYYY-MM-DD``."""
    if isinstance(value, Mapping):  # YAML keys may be numbers or dates: JSON's are strings
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _check(path: Path, document: Any) -> None:
    """Raise one UsageError for the first problem the schema finds (by entry, then kind)."""
    errors = list(_schema_validator().iter_errors(document))
    if not errors:
        return
    raise UsageError(_message(path, min(errors, key=_rank)))


def _rank(error: jsonschema.ValidationError) -> tuple[list[tuple[int, int, str]], int]:
    """The first entry first; within it, entry-level problems first, then by ``_ORDER``."""
    steps = [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.path]
    return steps, _ORDER.get(str(error.validator), len(_ORDER))


#: Which problem of an entry is reported first, as the checks were ordered by hand before.
_ORDER = {"additionalProperties": 0, "required": 1, "pattern": 2, "type": 3, "format": 4}
_NEEDS = "every waiver needs constraint (an ID or glob), reason and expires (YYYY-MM-DD)"


def _message(path: Path, error: jsonschema.ValidationError) -> str:
    """What is wrong, where (file and entry), what was expected and how to fix it."""
    steps = list(error.path)
    if not steps:
        return _top_message(path, error)
    if len(steps) == 1:
        return (
            f"{path}: expected a list of waivers under the key 'waivers' "
            '(TOML: [[waivers]] tables; JSON/YAML: {"waivers": [...]})'
        )
    where = f"{path.name}#{int(steps[1]) + 1}"
    instance = error.instance
    if len(steps) == 2:
        if error.validator == "type":
            return (
                f"{where}: expected a table with constraint, reason and expires, got {instance!r}"
            )
        if error.validator == "additionalProperties":
            unknown = sorted(set(instance) - set(error.schema["properties"]))
            return (
                f"{where}: unknown member(s) {', '.join(map(repr, unknown))}; "
                f"a waiver has {', '.join(sorted(error.schema['properties']))}"
            )
        missing = [n for n in error.schema["required"] if n not in instance]
        return f"{where}: {missing[0]} is missing or empty; {_NEEDS}"
    name = str(steps[2])
    if error.validator == "pattern" or instance is None:
        return f"{where}: {name} is missing or empty; {_NEEDS}"
    if error.validator == "format" or name == "expires":
        return (
            f"{where}: expires is {instance!r}; expected a date written YYYY-MM-DD "
            "(e.g. 2027-01-31)"
        )
    return f"{where}: {name} must be a string, got {instance!r}"


def _top_message(path: Path, error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        extra = ", ".join(sorted(set(error.instance) - {"waivers"}))
        return f"{path}: unknown top-level key(s) {extra}; expected only 'waivers'"
    return (
        f"{path}: expected a list of waivers under the key 'waivers' "
        '(TOML: [[waivers]] tables; JSON/YAML: {"waivers": [...]})'
    )


def _entry(raw: Mapping[str, str], where: str) -> Waiver:
    return Waiver(
        constraint=raw["constraint"].strip(),
        reason=raw["reason"].strip(),
        expires=dt.date.fromisoformat(raw["expires"]),
        target=(raw.get("target") or "*").strip(),
        source=where,
    )


class PackIds(Collection[str]):
    """The constraint IDs of a pack, looked up one at a time: ``id in PackIds(pack)`` reads the
    contracts of that ID's operation only (a waiver file names a few IDs; reading every
    operation's contracts to check them costs seconds). Iterating reads them all (only for
    the closest-ID hint of an unknown ID)."""

    def __init__(self, pack: ContractPack) -> None:
        self._pack = pack
        self._all: list[str] | None = None

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        try:
            self._pack.constraint(item)
        except UsageError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        if self._all is None:
            self._all = [c.id for c in self._pack.constraints()]
        return iter(self._all)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def load_waivers(
    path: str | Path,
    *,
    today: dt.date | None = None,
    known_ids: Iterable[str] | Collection[str] | None = None,
) -> Waivers:
    """The waivers in ``path`` (TOML, JSON or YAML), checked as the module describes.

    ``today`` (default: today's date in UTC) decides what has expired. ``known_ids``, when
    given, makes a plain ID (no glob characters) that names no constraint an error, with the
    closest IDs, since such a waiver can never match (a :class:`PackIds` checks only the IDs
    the file names).
    """
    path = Path(path)
    try:
        data = _as_json(_read(path))
        document = {"waivers": data} if isinstance(data, list) else data  # a bare list too
        _check(path, document)
    except RecursionError:
        raise UsageError(
            f"{path}: nested too deeply to check; a waivers file is a list of flat entries"
        ) from None
    entries = document["waivers"]
    waivers = [_entry(raw, f"{path.name}#{i}") for i, raw in enumerate(entries, start=1)]
    today = today or dt.datetime.now(dt.UTC).date()
    expired = [w for w in waivers if w.expired(today)]
    if expired:
        lines = "; ".join(
            f"{w.source} ({w.constraint!r}) expired on {w.expires.isoformat()}" for w in expired
        )
        raise UsageError(
            f"{path}: {len(expired)} expired waiver(s): {lines}. Fix the finding, or renew the "
            "waiver with a new expires date and a reason"
        )
    if known_ids is not None:
        known = known_ids if isinstance(known_ids, Collection) else set(known_ids)
        for waiver in waivers:
            if not _GLOB.search(waiver.constraint) and waiver.constraint not in known:
                hint = closest_hint(waiver.constraint, known, " Closest: {}.", n=3, cutoff=0.6)
                raise UsageError(
                    f"{waiver.source}: no constraint has the ID {waiver.constraint!r}.{hint} "
                    "List them with: smcontract contracts list"
                )
    return Waivers(waivers)
