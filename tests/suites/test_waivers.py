"""Waivers: loading and checking the file, and what the runner does with them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from smcontract.contracts import load_contracts
from smcontract.errors import UsageError
from smcontract.reference import ReferenceService
from smcontract.reports import ReportBuilder
from smcontract.suites import ListSink, PackIds, RunFinished, load_waivers, run
from smcontract.suites.targets import ReferenceTarget

OP = "CreateModel"
BROKEN = "CreateModel.ModelName.pattern"
TODAY = dt.date(2026, 11, 24)

TOML = """
[[waivers]]
constraint = "CreateModel.ModelName.pattern"
target = "reference"
reason = "fixed in release 4.2"
expires = 2026-12-31

[[waivers]]
constraint = "ListModels.*.length"
reason = "length checks land later"
expires = "2027-01-15"
"""


@pytest.fixture(scope="module")
def pack():
    return load_contracts()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_json_and_yaml_files_load_the_same_waivers(tmp_path: Path) -> None:
    entries = [
        {
            "constraint": "CreateModel.ModelName.pattern",
            "target": "reference",
            "reason": "fixed in release 4.2",
            "expires": "2026-12-31",
        },
        {
            "constraint": "ListModels.*.length",
            "reason": "length checks land later",
            "expires": "2027-01-15",
        },
    ]
    as_json = _write(tmp_path, "w.json", json.dumps({"waivers": entries}))
    import yaml

    as_yaml = _write(tmp_path, "w.yaml", yaml.safe_dump({"waivers": entries}))
    as_toml = _write(tmp_path, "w.toml", TOML)
    loaded = [load_waivers(p, today=TODAY).entries for p in (as_toml, as_json, as_yaml)]
    strip = [[(w.constraint, w.target, w.reason, w.expires) for w in e] for e in loaded]
    assert strip[0] == strip[1] == strip[2]
    assert strip[0][1] == (
        "ListModels.*.length",
        "*",
        "length checks land later",
        dt.date(2027, 1, 15),
    )
    assert loaded[0][0].source == "w.toml#1"


def test_a_waiver_holds_through_its_last_day_and_is_an_error_the_day_after(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "w.toml", TOML)
    assert len(load_waivers(path, today=dt.date(2026, 12, 31)).entries) == 2
    with pytest.raises(UsageError) as info:
        load_waivers(path, today=dt.date(2027, 1, 1))
    message = str(info.value)
    assert "1 expired waiver(s)" in message
    assert "w.toml#1 ('CreateModel.ModelName.pattern') expired on 2026-12-31" in message
    assert "renew the waiver" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[waivers]]\nconstraint = "A.b.c"\nexpires = 2027-01-01\n', "reason is missing"),
        (
            '[[waivers]]\nconstraint = "A"\nreason = "r"\nexpires = "next week"\n',
            "expected a date written YYYY-MM-DD",
        ),
        (
            '[[waivers]]\nconstraint = "A"\nreason = "r"\nexpires = 2027-01-01\nowner = "me"\n',
            "unknown member(s) 'owner'",
        ),
        ('waivers = "none"\n', "expected a list of waivers under the key 'waivers'"),
        ("[[waivers]\n", "is not valid TOML"),
        ("other = 1\nwaivers = []\n", "unknown top-level key(s) other"),
    ],
)
def test_a_bad_waivers_file_is_one_clear_usage_error(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = _write(tmp_path, "w.toml", text)
    with pytest.raises(UsageError, match=None) as info:
        load_waivers(path, today=TODAY)
    assert expected in str(info.value)
    assert "w.toml" in str(info.value)


def test_an_unknown_file_type_or_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"expected \.toml, \.json, \.yaml or \.yml"):
        load_waivers(_write(tmp_path, "w.ini", "x"), today=TODAY)
    with pytest.raises(UsageError, match="cannot read the waivers file"):
        load_waivers(tmp_path / "missing.toml", today=TODAY)


def test_a_plain_id_that_names_no_constraint_is_an_error_with_the_closest(
    tmp_path: Path, pack
) -> None:
    text = TOML.replace("CreateModel.ModelName.pattern", "CreateModel.ModelNme.pattern")
    path = _write(tmp_path, "w.toml", text)
    with pytest.raises(UsageError) as info:
        load_waivers(path, today=TODAY, known_ids=[c.id for c in pack.constraints()])
    assert "no constraint has the ID 'CreateModel.ModelNme.pattern'" in str(info.value)
    assert "Closest: CreateModel.ModelName.pattern" in str(info.value)


class _Reads:
    """A pack that records the constraint IDs looked up and the whole-pack reads."""

    def __init__(self, pack) -> None:
        self.pack, self.looked_up, self.all_read = pack, [], 0

    def constraint(self, constraint_id: str):
        self.looked_up.append(constraint_id)
        return self.pack.constraint(constraint_id)

    def constraints(self):
        self.all_read += 1
        return self.pack.constraints()


def test_pack_ids_check_a_waivers_file_reading_only_the_ids_it_names(tmp_path: Path, pack) -> None:
    reads = _Reads(pack)
    loaded = load_waivers(_write(tmp_path, "w.toml", TOML), today=TODAY, known_ids=PackIds(reads))
    assert loaded.entries[0].constraint == "CreateModel.ModelName.pattern"
    assert (reads.looked_up, reads.all_read) == (["CreateModel.ModelName.pattern"], 0)
    text = TOML.replace("CreateModel.ModelName.pattern", "CreateModel.ModelNme.pattern")
    with pytest.raises(UsageError, match=r"Closest: CreateModel\.ModelName\.pattern"):
        load_waivers(_write(tmp_path, "x.toml", text), today=TODAY, known_ids=PackIds(reads))
    assert reads.all_read == 1  # every ID, for the hint of the unknown one
    assert "NoSuchOperation.X.pattern" not in PackIds(pack)


def _broken(pack, name: str = "reference"):
    return ReferenceTarget(ReferenceService(pack, disabled=frozenset({BROKEN})), name=name)


def _run(pack, waivers, *targets):
    sink, builder = ListSink(), ReportBuilder(pack)
    result = run(pack, list(targets), operations=[OP], sinks=[sink, builder], waivers=waivers)
    return result, builder.report(), sink


def test_a_waived_finding_is_waived_with_its_reason_and_keeps_what_it_replaced(
    tmp_path: Path, pack
) -> None:
    waivers = load_waivers(_write(tmp_path, "w.toml", TOML), today=TODAY)
    without, _, _ = _run(pack, None, _broken(pack))
    assert {r.constraint_id: r.verdict for r in without.results}[BROKEN] == "NOT ENFORCED"
    assert without.exit_code == 1

    result, report, sink = _run(pack, waivers, _broken(pack))
    verdicts = {r.constraint_id: r for r in result.results}
    waived = verdicts[BROKEN]
    assert waived.verdict == "WAIVED"
    assert waived.reason == "waived until 2026-12-31: fixed in release 4.2"
    assert waived.waiver is not None
    assert waived.waiver["verdict"] == "NOT ENFORCED"
    assert waived.waiver["source"] == "w.toml#1"
    # Nothing else changed, and a waived finding is not a finding.
    others = {r.constraint_id: r.verdict for r in without.results if r.constraint_id != BROKEN}
    assert {cid: r.verdict for cid, r in verdicts.items() if cid != BROKEN} == others
    assert result.exit_code == 0
    # The report keeps the waiver, the replaced verdict and what each waiver waived.
    row = next(r for r in report.results if r.constraint_id == BROKEN)
    assert (row.verdict, row.observed) == ("WAIVED", "NOT ENFORCED")
    assert report.header.waivers[0]["waived"] == [f"reference:{BROKEN}"]
    # The ListModels waiver matched nothing in a CreateModel run: a warning, not an error.
    finished = next(e for e in sink.events if isinstance(e, RunFinished))
    # (A botocore other than the pack's, as in the lowest tested set, adds its own warning.)
    warnings = [n for n in finished.notes if n.startswith("warning: waiver")]
    assert len(warnings) == 1
    assert "'ListModels.*.length'" in warnings[0]
    assert "matches no constraint of this run" in warnings[0]


def test_a_waiver_for_another_target_or_a_passing_constraint_changes_nothing(
    tmp_path: Path, pack
) -> None:
    text = TOML.replace('target = "reference"', 'target = "moto*"')
    text += (
        '\n[[waivers]]\nconstraint = "CreateModel.ModelName.length"\n'
        'reason = "r"\nexpires = 2027-01-01\n'
    )
    waivers = load_waivers(_write(tmp_path, "w.toml", text), today=TODAY)
    result, _, sink = _run(pack, waivers, _broken(pack))
    verdicts = {r.constraint_id: r.verdict for r in result.results}
    assert verdicts[BROKEN] == "NOT ENFORCED"
    assert verdicts["CreateModel.ModelName.length"] == "ENFORCED"
    notes = next(e for e in sink.events if isinstance(e, RunFinished)).notes
    assert any("'CreateModel.ModelName.length'" in n and "none had a finding" in n for n in notes)
    assert any("target 'moto*'" in n and "matches no constraint" in n for n in notes)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "w.json",
            '{"waivers": [{"constraint": null, "reason": "r", "expires": "2027-01-01"}]}',
            "w.json#1: constraint is missing or empty",
        ),
        (
            "w.json",
            '[{"constraint": "  ", "reason": "r", "expires": "2027-01-01"}]',
            "w.json#1: constraint is missing or empty",
        ),
        ("w.json", '{"waivers": ["A.b.c"]}', "w.json#1: expected a table with constraint"),
        (
            "w.json",
            '{"waivers": [{"constraint": "A", "reason": 3, "expires": "2027-01-01"}]}',
            "w.json#1: reason must be a string, got 3",
        ),
        ("w.json", "{}", "expected a list of waivers under the key 'waivers'"),
        (
            "w.yaml",
            "waivers:\n- {constraint: A, reason: r, expires: '2027-02-30'}\n",
            "w.yaml#1: expires is '2027-02-30'; expected a date written YYYY-MM-DD",
        ),
        (
            "w.json",
            '[{"constraint": "A", "reason": "r", "expires": "2027-01-01"}, {"reason": "r"}]',
            "w.json#2: constraint is missing or empty",
        ),
    ],
)
def test_the_schema_finds_each_problem_and_names_the_file_and_entry(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    with pytest.raises(UsageError) as info:
        load_waivers(_write(tmp_path, name, text), today=TODAY)
    assert expected in str(info.value)


def test_a_bare_json_list_and_a_yaml_date_load(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.yaml", "- {constraint: A.b, reason: r, expires: 2027-01-01}\n")
    (waiver,) = load_waivers(path, today=TODAY).entries
    assert (waiver.constraint, waiver.target, waiver.expires) == ("A.b", "*", dt.date(2027, 1, 1))


def test_the_waivers_schema_is_a_valid_json_schema() -> None:
    from importlib import resources

    import jsonschema

    text = resources.files("smcontract.suites").joinpath("waivers.schema.json").read_text("utf-8")
    schema = json.loads(text)
    jsonschema.validators.validator_for(schema).check_schema(schema)
