"""A toy service for the runner's tests: a four-operation pack, its strategies, and an
in-memory implementation whose enforcement can be switched off rule by rule.

The implementation answers like AWS: ``ValidationException`` with an AWS-shaped message that
names the first violation's member (camelCase, ``tags.1.member.key``) and kind, computed by
the oracle (``validate``), so every verdict the tests see is computed, never typed in.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from smcontract.contracts import (
    Constraint,
    ContractPack,
    OperationContract,
    Resource,
    Violation,
    validate,
)
from smcontract.suites import CallableTarget, ServiceError

SRC = {"origin": "seed", "file": "toy.txt", "quote": "toy"}


def _c(cid: str, kind: str, path: str, direction: str = "input", **params: Any) -> Constraint:
    operation = cid.split(".", 1)[0].split("#", 1)[0]
    status = params.pop("_status", "active")
    superseded_by = params.pop("_superseded_by", None)
    note = params.pop("_note", None)
    return Constraint(
        id=cid,
        operation=operation,
        kind=kind,
        direction=direction,
        path=path,
        params=params,
        source=SRC,
        confidence="documented",
        status=status,
        superseded_by=superseded_by,
        note=note,
    )


NAME = "[a-z][a-z0-9-]*"


def _name_rules(op: str) -> list[Constraint]:
    return [
        _c(f"{op}.ThingName.required", "required", "ThingName"),
        _c(f"{op}.ThingName.type", "type", "ThingName", type="string"),
        _c(f"{op}.ThingName.length", "length", "ThingName", min=1, max=10),
        _c(f"{op}.ThingName.pattern", "pattern", "ThingName", pattern=NAME, dialect="java"),
    ]


CONSTRAINTS = {
    "CreateThing": [
        *_name_rules("CreateThing"),
        _c("CreateThing.Size.type", "type", "Size", type="integer"),
        _c("CreateThing.Size.range", "range", "Size", min=1, max=5),
        _c("CreateThing.Kind.type", "type", "Kind", type="string"),
        _c("CreateThing.Kind.enum", "enum", "Kind", values=["A", "B"]),
        _c(
            "CreateThing.Kind.enum.old",
            "enum",
            "Kind",
            values=["A"],
            _status="superseded",
            _superseded_by="CreateThing.Kind.enum",
        ),
        _c("CreateThing.Tags.type", "type", "Tags", type="list"),
        _c("CreateThing.Tags.items", "items", "Tags", max=2),
        _c("CreateThing.Tags[].Key.required", "required", "Tags[].Key"),
        _c("CreateThing.Tags[].Key.length", "length", "Tags[].Key", min=1, max=5),
        _c("CreateThing.(Alpha|Beta).exactly-one", "exactly-one", "", members=["Alpha", "Beta"]),
        _c(
            "CreateThing.Role.lifecycle.permission",
            "lifecycle",
            "Role",
            rule="permission",
            _status="untestable",
            _note="needs IAM",
        ),
        _c("CreateThing.ThingName.unique", "unique", "ThingName", scope=["account", "region"]),
        _c(
            "CreateThing.error.duplicate-name",
            "error",
            "",
            situation="duplicate-name",
            code="ResourceInUse",
            http_status=400,
        ),
        _c("CreateThing.Size.default", "default", "Size", value=3),
        _c("CreateThing#out.ThingArn.required", "required", "ThingArn", "output"),
        _c(
            "CreateThing#out.ThingArn.pattern",
            "pattern",
            "ThingArn",
            "output",
            pattern="arn:toy:.*",
            dialect="java",
        ),
    ],
    "DescribeThing": [
        *_name_rules("DescribeThing"),
        _c(
            "DescribeThing.error.not-found",
            "error",
            "",
            situation="not-found",
            code="ResourceNotFound",
            http_status=400,
        ),
        _c(
            "DescribeThing.lifecycle.round-trip",
            "lifecycle",
            "",
            rule="round-trip",
            create="CreateThing",
            members=["Size", "Kind", "Alpha", "Beta", "Tags"],
        ),
        _c("DescribeThing#out.ThingName.required", "required", "ThingName", "output"),
        _c(
            "DescribeThing#out.ThingName.pattern",
            "pattern",
            "ThingName",
            "output",
            pattern=NAME,
            dialect="java",
        ),
        _c("DescribeThing#out.Size.range", "range", "Size", "output", min=1, max=5),
        _c("DescribeThing#out.Extra.length", "length", "Extra", "output", max=3),
    ],
    "ListThings": [
        _c("ListThings.MaxResults.type", "type", "MaxResults", type="integer"),
        _c("ListThings.MaxResults.range", "range", "MaxResults", min=1, max=100),
        _c("ListThings.SortOrder.type", "type", "SortOrder", type="string"),
        _c("ListThings.SortOrder.enum", "enum", "SortOrder", values=["Ascending", "Descending"]),
        _c("ListThings.SortBy.type", "type", "SortBy", type="string"),
        _c("ListThings.SortBy.enum", "enum", "SortBy", values=["Name", "CreationTime"]),
        _c("ListThings.MaxResults.default", "default", "MaxResults", value=3),
        _c("ListThings.SortBy.default", "default", "SortBy", value="CreationTime"),
        _c("ListThings.SortOrder.default", "default", "SortOrder", value="Descending"),
        _c(
            "ListThings.lifecycle.paging",
            "lifecycle",
            "",
            rule="paging",
            list_key="Things",
            token="NextToken",
            limit="MaxResults",
        ),
        _c(
            "ListThings.lifecycle.sort-order",
            "lifecycle",
            "",
            rule="sort-order",
            list_key="Things",
            sort_by={"Name": "ThingName", "CreationTime": "CreationTime"},
            default_sort_by="CreationTime",
            default_sort_order="Descending",
        ),
        _c(
            "ListThings.lifecycle.filters",
            "lifecycle",
            "",
            rule="filters",
            list_key="Things",
            filters={
                "NameContains": {"member": "ThingName", "op": "contains"},
                "CreatedAfter": {"member": "CreationTime", "op": ">="},
            },
        ),
    ],
    "DeleteThing": [
        *_name_rules("DeleteThing"),
        _c(
            "DeleteThing.error.not-found",
            "error",
            "",
            situation="not-found",
            code="ResourceNotFound",
            http_status=400,
        ),
        _c(
            "DeleteThing.lifecycle.not-found-after-delete",
            "lifecycle",
            "",
            rule="not-found-after-delete",
            resource="thing",
            describe="DescribeThing",
            code="ResourceNotFound",
        ),
    ],
}

PACK = ContractPack(
    name="toy",
    service={"serviceId": "Toy"},
    operations={
        op: OperationContract(name=op, constraints=tuple(items))
        for op, items in CONSTRAINTS.items()
    },
    defaults={"reject": {"code": "ValidationException", "http_status": 400}},
    resources={
        "thing": Resource(
            name="thing",
            create="CreateThing",
            describe="DescribeThing",
            list="ListThings",
            delete="DeleteThing",
            name_member="ThingName",
            list_key="Things",
        )
    },
    origin="tests/suites/toy.py",
    sha256="0" * 64,
)

# -- strategies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    operation: str
    constraint_id: str | None
    expect: str
    request: dict[str, Any]
    label: str
    implies: tuple[str, ...] = ()


BASE: dict[str, dict[str, Any]] = {
    "CreateThing": {
        "ThingName": "thing-a",
        "Size": 2,
        "Kind": "A",
        "Alpha": "x",
        "Tags": [{"Key": "k", "Value": "v"}],
    },
    "DescribeThing": {"ThingName": "thing-a"},
    "ListThings": {},
    "DeleteThing": {"ThingName": "thing-a"},
}

# Requests breaking exactly one rule, per constraint.
BROKEN: dict[str, list[dict[str, Any]]] = {}
for _op in ("CreateThing", "DescribeThing", "DeleteThing"):
    BROKEN[f"{_op}.ThingName.required"] = [{k: v for k, v in BASE[_op].items() if k != "ThingName"}]
    BROKEN[f"{_op}.ThingName.type"] = [{**BASE[_op], "ThingName": 7}]
    BROKEN[f"{_op}.ThingName.length"] = [{**BASE[_op], "ThingName": "a" * 11}]
    BROKEN[f"{_op}.ThingName.pattern"] = [{**BASE[_op], "ThingName": "Bad_name"}]
BROKEN.update(
    {
        "CreateThing.Size.type": [{**BASE["CreateThing"], "Size": "2"}],
        "CreateThing.Size.range": [
            {**BASE["CreateThing"], "Size": 0},
            {**BASE["CreateThing"], "Size": 6},
        ],
        "CreateThing.Kind.type": [{**BASE["CreateThing"], "Kind": 1}],
        "CreateThing.Kind.enum": [{**BASE["CreateThing"], "Kind": "C"}],
        "CreateThing.Tags.type": [{**BASE["CreateThing"], "Tags": "k"}],
        "CreateThing.Tags.items": [
            {**BASE["CreateThing"], "Tags": [{"Key": "a"}, {"Key": "b"}, {"Key": "c"}]}
        ],
        "CreateThing.Tags[].Key.required": [{**BASE["CreateThing"], "Tags": [{"Value": "v"}]}],
        "CreateThing.Tags[].Key.length": [
            {**BASE["CreateThing"], "Tags": [{"Key": "a"}, {"Key": "toolong"}]}
        ],
        "CreateThing.(Alpha|Beta).exactly-one": [
            {**BASE["CreateThing"], "Beta": "y"},
            {k: v for k, v in BASE["CreateThing"].items() if k != "Alpha"},
        ],
        "ListThings.MaxResults.type": [{"MaxResults": "5"}],
        "ListThings.MaxResults.range": [{"MaxResults": 0}, {"MaxResults": 101}],
        "ListThings.SortOrder.type": [{"SortOrder": 1}],
        "ListThings.SortOrder.enum": [{"SortOrder": "Up"}],
        "ListThings.SortBy.type": [{"SortBy": 1}],
    }
)
_NAMES = st.from_regex(r"[a-z][a-z0-9-]{0,9}", fullmatch=True)


class ToyStrategies:
    """The four functions the runner needs, for the toy pack."""

    def __init__(
        self, *, unviolatable: dict[str, str] | None = None, bogus: str | None = None
    ) -> None:
        self._unviolatable = unviolatable or {"ListThings.SortBy.enum": "toy: left out"}
        self._bogus = bogus

    def valid(self, operation: str) -> st.SearchStrategy[dict[str, Any]]:
        if operation == "CreateThing":
            return st.fixed_dictionaries(
                {
                    "ThingName": _NAMES,
                    "Size": st.integers(1, 5),
                    "Kind": st.sampled_from("AB"),
                    "Alpha": st.just("x"),
                },
                optional={
                    "Tags": st.lists(
                        st.fixed_dictionaries(
                            {"Key": st.from_regex(r"[a-z]{1,5}", fullmatch=True)}
                        ),
                        max_size=2,
                    )
                },
            )
        if operation == "ListThings":
            return st.fixed_dictionaries(
                {},
                optional={
                    "MaxResults": st.integers(1, 100),
                    "SortOrder": st.sampled_from(["Ascending", "Descending"]),
                },
            )
        return st.fixed_dictionaries({"ThingName": _NAMES})

    def violating(self, operation: str, constraint_id: str) -> st.SearchStrategy[dict[str, Any]]:
        if constraint_id.endswith("ThingName.length"):
            return st.builds(
                lambda name: {**BASE[operation], "ThingName": name},
                st.from_regex(r"[a-z]{11,30}", fullmatch=True) | st.just(""),
            )
        return st.sampled_from(BROKEN[constraint_id])

    def boundaries(self, operation: str) -> list[Case]:
        cases = [Case(operation, None, "accept", BASE[operation], "base")]
        for cid, requests in sorted(BROKEN.items()):
            if cid.startswith(operation + "."):
                cases.extend(
                    Case(operation, cid, "reject", r, f"{cid} #{i}") for i, r in enumerate(requests)
                )
        if self._bogus and self._bogus.startswith(operation + "."):
            # A case that claims to break a rule but does not: a harness bug.
            cases.append(Case(operation, self._bogus, "reject", BASE[operation], "bogus"))
        return cases

    def unviolatable(self, operation: str) -> dict[str, str]:
        return {k: v for k, v in self._unviolatable.items() if k.startswith(operation + ".")}


# -- the service --------------------------------------------------------------------------------

_PHRASE = {
    "length": "Member must have length less than or equal to {max}",
    "items": "Member must have length less than or equal to {max}",
    "pattern": "Member must satisfy regular expression pattern: {pattern}",
    "enum": "Member must satisfy enum value set: [{values}]",
    "range": "Member must have value less than or equal to {max}",
    "required": "Member must not be null",
}


def aws_path(path: str) -> str:
    """``Tags[0].Key`` -> ``tags.1.member.key`` (AWS validation-message paths)."""
    path = re.sub(r"\[(\d+)\]", lambda m: f".{int(m.group(1)) + 1}.member", path)
    return ".".join(p[:1].lower() + p[1:] if p and not p.isdigit() else p for p in path.split("."))


def aws_message(pack: ContractPack, violation: Violation, request: dict[str, Any]) -> str:
    constraint = pack.constraint(violation.constraint_id)
    if violation.kind not in _PHRASE:
        return f"{violation.reason}"
    params = dict(constraint.params)
    params["values"] = ", ".join(map(str, params.get("values", [])))
    phrase = _PHRASE[violation.kind].format(**{"max": "", "pattern": "", **params})
    value = "null" if violation.kind == "required" else "'...'"
    return (
        f"1 validation error detected: Value {value} at '{aws_path(violation.path)}' "
        f"failed to satisfy constraint: {phrase}"
    )


@dataclass
class ToyService:
    """An in-memory thing store that enforces the toy pack (with switches to break it)."""

    pack: ContractPack = PACK
    skip: frozenset[str] = frozenset()
    code: str = "ValidationException"
    misquote: bool = False
    crash: bool = False
    unimplemented: frozenset[str] = frozenset()
    duplicates_ok: bool = False
    default_order: str = "Descending"
    page_size: int = 3
    repeat_page: bool = False
    bad_arn: bool = False
    things: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.things.clear()

    def __call__(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        if self.crash:
            raise RuntimeError("boom")
        if operation in self.unimplemented:
            raise NotImplementedError(operation)
        violations = [
            v
            for v in validate(operation, params, pack=self.pack)
            if v.constraint_id not in self.skip
        ]
        if violations:
            message = aws_message(self.pack, violations[0], params)
            if self.misquote:
                message = (
                    "1 validation error detected: Value 'x' at 'unrelated.member' failed "
                    "to satisfy constraint: Member must have length less than or equal "
                    "to 3"
                )
            raise ServiceError(self.code, message)
        return getattr(self, operation)(params)

    def CreateThing(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params["ThingName"]
        with self.lock:
            if name in self.things and not self.duplicates_ok:
                raise ServiceError("ResourceInUse", f"Thing {name} exists")
            self.things[name] = {
                **params,
                "Size": params.get("Size", 3),
                "CreationTime": time.time(),
            }
        arn = "bad" if self.bad_arn else f"arn:toy:thing/{name}"
        return {"ThingArn": arn}

    def _get(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            thing = self.things.get(params["ThingName"])
        if thing is None:
            raise ServiceError("ResourceNotFound", f"Thing {params['ThingName']} not found")
        return thing

    def DescribeThing(self, params: dict[str, Any]) -> dict[str, Any]:
        return dict(self._get(params))

    def DeleteThing(self, params: dict[str, Any]) -> dict[str, Any]:
        self._get(params)
        with self.lock:
            del self.things[params["ThingName"]]
        return {}

    def ListThings(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            items = [
                {"ThingName": n, "CreationTime": t["CreationTime"]} for n, t in self.things.items()
            ]
        key = "ThingName" if params.get("SortBy") == "Name" else "CreationTime"
        order = params.get("SortOrder", self.default_order)
        items.sort(key=lambda i: i[key], reverse=order == "Descending")
        if "NameContains" in params:
            items = [i for i in items if params["NameContains"] in i["ThingName"]]
        if "CreatedAfter" in params:
            items = [i for i in items if i["CreationTime"] >= params["CreatedAfter"]]
        start = int(params.get("NextToken", 0))
        size = int(params.get("MaxResults", self.page_size))
        page = items[start : start + size]
        body: dict[str, Any] = {"Things": page}
        if start + size < len(items):
            body["NextToken"] = str(start + size - (1 if self.repeat_page and start else 0))
        return body


def target(service: ToyService | None = None, **switches: Any) -> CallableTarget:
    service = service or ToyService(**switches)
    return CallableTarget(service, name="toy", reset=service.reset)


def violatable(pack: ContractPack, strategies: ToyStrategies) -> list[str]:
    """The input constraints single requests can break (what the runner must judge)."""
    out = []
    for op in pack.operations.values():
        skip = strategies.unviolatable(op.name)
        out.extend(
            c.id
            for c in op.constraints
            if c.direction == "input" and c.active and c.single_request and c.id not in skip
        )
    return out


def verdicts(result: Any, ids: Iterable[str] | None = None) -> dict[str, str]:
    wanted = set(ids) if ids is not None else None
    return {
        r.constraint_id: r.verdict
        for r in result.results
        if wanted is None or r.constraint_id in wanted
    }


Factory = Callable[[], CallableTarget]
