"""The record of a strict session: calls counted per operation, broken rules per operation and
constraint (how many calls, the first test, the first finding), members the pack lacks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smcontract.strictmode._model import Finding

__all__ = ["Ledger", "Row", "UnknownMember"]


@dataclass(slots=True)
class Row:
    """One broken rule of one operation over the session."""

    first: Finding  # the first call's finding (member path, offending value, source)
    count: int = 0  # calls that broke the rule
    first_test: str | None = None  # the test that made the first such call (pytest node ID)

    @property
    def key(self) -> tuple[str, str]:
        return self.first.operation, self.first.constraint_id

    def to_dict(self) -> dict[str, Any]:
        return {**self.first.to_dict(), "count": self.count, "first_test": self.first_test}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Row:
        fields = {name: data[name] for name in Finding.__slots__}
        return cls(Finding(**fields), int(data["count"]), data.get("first_test"))


@dataclass(frozen=True, slots=True)
class UnknownMember:
    """A member a call set that botocore knows and the pack does not."""

    operation: str
    member: str
    first_test: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"operation": self.operation, "member": self.member, "first_test": self.first_test}


@dataclass
class Ledger:
    """Everything strict mode saw; what the summary table and strict.json are made of."""

    checked: Counter[str] = field(default_factory=Counter)  # operation -> calls judged
    violating: Counter[str] = field(default_factory=Counter)  # operation -> calls breaking rules
    outside: Counter[str] = field(default_factory=Counter)  # not in the pack: passed through
    unjudged: Counter[str] = field(default_factory=Counter)  # botocore refused to serialize
    rows: dict[tuple[str, str], Row] = field(default_factory=dict)
    unknown: dict[tuple[str, str], UnknownMember] = field(default_factory=dict)

    def add(self, operation: str, findings: Iterable[Finding], test: str | None) -> None:
        """One judged call and the rules it broke."""
        self.checked[operation] += 1
        seen: set[str] = set()
        for finding in findings:
            if finding.constraint_id in seen:
                continue  # a call counts once per rule, whatever the number of places
            seen.add(finding.constraint_id)
            row = self.rows.get((operation, finding.constraint_id))
            if row is None:
                row = self.rows[(operation, finding.constraint_id)] = Row(finding, 0, test)
            row.count += 1
        if seen:
            self.violating[operation] += 1

    def add_unknown(self, operation: str, member: str, test: str | None) -> bool:
        """Note a member the pack lacks; whether it is new to this ledger."""
        if (operation, member) in self.unknown:
            return False
        self.unknown[(operation, member)] = UnknownMember(operation, member, test)
        return True

    def sorted_rows(self) -> list[Row]:
        """Most calls first, then by operation and constraint ID."""
        return sorted(self.rows.values(), key=lambda r: (-r.count, r.key))

    def merge(self, other: Ledger) -> None:
        """Add ``other`` (a pytest-xdist worker's ledger) to this one."""
        for mine, theirs in (
            (self.checked, other.checked),
            (self.violating, other.violating),
            (self.outside, other.outside),
            (self.unjudged, other.unjudged),
        ):
            mine.update(theirs)
        for key, row in other.rows.items():
            if key in self.rows:
                self.rows[key].count += row.count
            else:
                self.rows[key] = Row(row.first, row.count, row.first_test)
        for key, member in other.unknown.items():
            self.unknown.setdefault(key, member)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (strict.json's ``calls``, ``violations`` and ``unknown_members``)."""
        return {
            "calls": {
                "checked": sum(self.checked.values()),
                "violating": sum(self.violating.values()),
                "outside_pack": sum(self.outside.values()),
                "not_serializable": sum(self.unjudged.values()),
            },
            "checked": dict(sorted(self.checked.items())),
            "violating": dict(sorted(self.violating.items())),
            "outside_pack": dict(sorted(self.outside.items())),
            "not_serializable": dict(sorted(self.unjudged.items())),
            "violations": [row.to_dict() for row in self.sorted_rows()],
            "unknown_members": [m.to_dict() for _, m in sorted(self.unknown.items())],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ledger:
        rows = (Row.from_dict(item) for item in data.get("violations", ()))
        members = (UnknownMember(**item) for item in data.get("unknown_members", ()))
        return cls(
            checked=Counter(data.get("checked", {})),
            violating=Counter(data.get("violating", {})),
            outside=Counter(data.get("outside_pack", {})),
            unjudged=Counter(data.get("not_serializable", {})),
            rows={row.key: row for row in rows},
            unknown={(m.operation, m.member): m for m in members},
        )
