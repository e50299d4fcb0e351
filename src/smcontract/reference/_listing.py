"""List: ``lifecycle`` ``filters`` (member and comparison), ``sort-order`` (sort keys and the
documented default order), ``paging`` (MaxResults/NextToken) and ``not-found`` of a parent."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from smcontract.contracts.kinds import BoundParams, DefaultParams, Kind, LifecycleParams
from smcontract.reference._answers import Answers
from smcontract.reference._core import lookup
from smcontract.reference._messages import ApiError

__all__ = ["Listing"]

_TOKEN = re.compile(r"smc1-(\d+)")


class Listing(Answers):
    """The List operation of every resource."""

    def _list(self, operation: str, resource: str, body: dict[str, Any]) -> dict[str, Any]:
        spec = self._spec(resource)
        list_key = str(spec.list_key)
        if self._names_a_parent(operation, body):
            return {list_key: []}
        records = list(self._items(resource).values())
        for record in records:
            self._settle(resource, record)
        for c, rule in self._lifecycle(operation, "filters"):
            if self.on(c):
                records = [r for r in records if self._passes(rule, r, body)]
        records = self._sorted(operation, records, body)
        start = 0
        token = body.get("NextToken")
        paging = self._lifecycle(operation, "paging")
        if token is not None and all(self.on(c) for c, _ in paging):
            match = _TOKEN.fullmatch(str(token))
            if match is None:
                raise ApiError("ValidationException", "Invalid pagination token")
            start = int(match.group(1))
        size = body.get("MaxResults")
        if size is None:
            size = self._page_size(operation)
        page = records[start : start + int(size)]
        answer: dict[str, Any] = {list_key: [self._summary(operation, list_key, r) for r in page]}
        if start + int(size) < len(records):
            answer["NextToken"] = f"smc1-{start + int(size)}"
        return answer

    def _names_a_parent(self, operation: str, body: Mapping[str, Any]) -> bool:
        """Whether ``body`` filters by a trial or experiment; none exists here, so that is
        the documented not-found error (or, with the rule switched off, an empty list)."""
        for member in ("TrialName", "ExperimentName"):
            if body.get(member) is not None:
                rules = self._errors(operation, "not-found")
                if rules and all(on for on, _ in rules):
                    code, status = self._error_code(operation, "not-found", "ResourceNotFound")
                    raise ApiError(code, f"{member} '{body[member]}' does not exist.", status)
                return True
        return False

    def _page_size(self, operation: str) -> int:
        for c in self._find(operation, Kind.DEFAULT):
            value = c.rule_as(DefaultParams).value
            if c.path == "MaxResults" and isinstance(value, int):
                return int(value) + (0 if self.on(c) else 1)
        for c in self._find(operation, Kind.RANGE):
            high = c.rule_as(BoundParams).max
            if c.path == "MaxResults" and isinstance(high, int):
                return min(int(high), 100)
        return 100

    def _passes(
        self, rule: LifecycleParams, record: Mapping[str, Any], body: Mapping[str, Any]
    ) -> bool:
        for name, spec in rule.filters.items():
            wanted = body.get(name)
            if wanted is None:
                continue
            value = lookup(record, str(spec.get("member")))
            op = spec.get("op")
            if value is None:
                return False
            if op == "contains" and str(wanted) not in str(value):
                return False
            if op == "==" and value != wanted:
                return False
            if op == ">=" and not value >= wanted:
                return False
            if op == "<=" and not value <= wanted:
                return False
        return True

    def _sorted(
        self, operation: str, records: list[dict[str, Any]], body: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        rules = self._lifecycle(operation, "sort-order")
        keys: Mapping[str, Any] = rules[0][1].sort_by if rules else {}
        honoured = all(self.on(c) for c, _ in rules)
        sort_by = body.get("SortBy") if honoured else None
        order = body.get("SortOrder") if honoured else None
        if sort_by is None:
            sort_by = self._default(operation, "SortBy") or "CreationTime"
            sort_by_rules = self._find(operation, Kind.DEFAULT)
            if not all(self.on(c) for c in sort_by_rules if c.path == "SortBy"):
                sort_by = next((k for k in keys if k != "CreationTime"), sort_by)
        if order is None:
            defaults = [c for c in self._find(operation, Kind.DEFAULT) if c.path == "SortOrder"]
            order = str(defaults[0].rule_as(DefaultParams).value) if defaults else "Ascending"
            if not all(self.on(c) for c in defaults):  # the other order than documented
                order = "Ascending" if order == "Descending" else "Descending"
        member = str(keys.get(sort_by, sort_by))
        ordered = sorted(records, key=lambda r: (str(type(r.get(member))), r.get(member) or 0))
        return list(reversed(ordered)) if order == "Descending" else ordered
