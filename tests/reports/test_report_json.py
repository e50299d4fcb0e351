"""report.json validates against the published schema, and load_report refuses non-reports."""

from __future__ import annotations

import json

import jsonschema
import pytest

from smcontract.errors import UsageError
from smcontract.reports import (
    ReportBuilder,
    load_report,
    recorded_cases,
    report_schema,
    write_reports,
)


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(report_schema())


def test_report_schema_returns_a_fresh_copy():
    report_schema()["title"] = "changed"
    assert report_schema()["title"] != "changed"


@pytest.mark.parametrize("cut", [None, 40, 1])
def test_written_report_json_validates(make_stream, fold, tmp_path, cut):
    events = make_stream()
    if cut is not None:
        events = events[:cut]
    (path,) = write_reports(fold(events).report(), tmp_path, formats=["json"])
    data = json.loads(path.read_text("utf-8"))
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    assert data["header"]["interrupted"] is (cut is not None)


def test_an_empty_report_validates(tmp_path):
    (path,) = write_reports(ReportBuilder().report(), tmp_path, formats=["json"])
    assert load_report(path)["results"] == []


def test_lone_surrogates_and_nan_stay_strict_json(make_stream, fold, tmp_path):
    from smcontract.suites.events import ConstraintVerdict

    odd = ConstraintVerdict(
        "moto",
        "Op",
        "Op.X.length",
        "length",
        "X",
        "input",
        "L2",
        "NOT ENFORCED",
        "lone \ud800 surrogate",
        {"request": {"X": "\udfff", "N": float("nan")}, "outcome": {"status": 200}},
    )
    (path,) = write_reports(fold([*make_stream()[:1], odd]).report(), tmp_path, ["json"])
    data = load_report(path)
    result = next(r for r in data["results"] if r["constraint_id"] == "Op.X.length")
    assert result["evidence"]["request"] == {"X": "\udfff", "N": "NaN"}
    assert result["reason"] == "lone \ud800 surrogate"


def test_load_report_round_trips(stream, fold, tmp_path):
    report = fold(stream).report()
    (path,) = write_reports(report, tmp_path, formats=["json"])
    assert load_report(path)["results"] == json.loads(json.dumps(report.to_dict()))["results"]


def _write(tmp_path, data) -> str:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, "utf-8")
    return str(path)


def test_load_report_names_file_pointer_and_expectation(stream, fold, tmp_path):
    data = json.loads(json.dumps(fold(stream).report().to_dict()))
    data["results"][3]["verdict"] = "PROBABLY FINE"
    path = _write(tmp_path, data)
    with pytest.raises(UsageError) as info:
        load_report(path)
    message = str(info.value)
    assert path in message
    assert "/results/3/verdict" in message
    assert "'NOT ENFORCED'" in message  # what was expected: the verdicts


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "invalid JSON at line 1"),
        ({"hello": "world"}, "expected"),
        ([1, 2], "type object"),
    ],
)
def test_load_report_refuses_files_that_are_not_reports(tmp_path, content, fragment):
    path = _write(tmp_path, content)
    with pytest.raises(UsageError, match="is not an smcontract report") as info:
        load_report(path)
    assert fragment in str(info.value)
    assert path in str(info.value)


def test_load_report_on_a_missing_file(tmp_path):
    with pytest.raises(UsageError, match="cannot read report"):
        load_report(tmp_path / "nope.json")


def test_recorded_cases_are_the_results_with_evidence(stream, fold, tmp_path):
    (path,) = write_reports(fold(stream).report(), tmp_path, formats=["json"])
    data = load_report(path)
    cases = recorded_cases(data)
    with_evidence = [r for r in data["results"] if r["evidence"]]
    assert len(cases) == len(with_evidence)
    target, operation, constraint_id, request, old = cases[0]
    first = with_evidence[0]
    assert (target, operation, constraint_id) == (
        first["target"],
        first["operation"],
        first["constraint_id"],
    )
    assert request == first["evidence"]["request"]
    assert old["status"] == first["evidence"]["response"]["status"]
    assert old["verdict"] == first["verdict"]


def test_recorded_cases_for_one_constraint(stream, fold):
    data = fold(stream).report().to_dict()
    constraint_id = data["results"][0]["constraint_id"]
    cases = recorded_cases(data, constraint_id)
    assert cases
    assert {c.constraint_id for c in cases} == {constraint_id}
    assert len({c.target for c in cases}) == len(cases)


def test_recorded_cases_suggests_close_ids(stream, fold):
    data = fold(stream).report().to_dict()
    real = data["results"][0]["constraint_id"]
    with pytest.raises(UsageError, match="Closest: ") as info:
        recorded_cases(data, real[:-1])
    assert real in str(info.value)
