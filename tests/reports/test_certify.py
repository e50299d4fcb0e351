"""Certification levels, the content hash and the target matrix, from real runs.

The targets are the strict reference and references with one rule switched off, so every
level, hash and matrix cell below is computed from what a run observed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smcontract.contracts import load_contracts
from smcontract.reference import ReferenceService
from smcontract.reports import (
    Baseline,
    Report,
    ReportBuilder,
    certification,
    compare_certified,
    matrix,
    merge_reports,
)
from smcontract.suites import load_waivers, run
from smcontract.suites.targets import ReferenceTarget

OP = "CreateCompilationJob"
L1_RULE = "CreateCompilationJob.RoleArn.required"
L2_RULE = "CreateCompilationJob.CompilationJobName.pattern"
L3_RULE = "CreateCompilationJob.StoppingCondition.MaxWaitTimeInSeconds.compare"


@pytest.fixture(scope="module")
def pack():
    return load_contracts()


def _target(pack, *disabled: str, name: str = "reference") -> ReferenceTarget:
    return ReferenceTarget(ReferenceService(pack, disabled=frozenset(disabled)), name=name)


def _report(pack, *targets, baseline=None, **options) -> Report:
    builder = ReportBuilder(pack, baseline=baseline)
    options.setdefault("operations", [OP])
    run(pack, list(targets), sinks=[builder], **options)
    return builder.report()


@pytest.fixture(scope="module")
def strict(pack) -> Report:
    return _report(pack, _target(pack))


def test_the_levels_are_the_contract_levels(pack) -> None:
    levels = {c.id: c for c in pack.operation(OP).constraints}
    report_levels = {r.constraint_id: r.level for r in _report(pack, _target(pack)).results}
    assert report_levels[L1_RULE] == "L1"
    assert report_levels[L2_RULE] == "L2"
    assert report_levels[L3_RULE] == "L3"
    assert {levels[cid].kind for cid, lv in report_levels.items() if lv == "L3"} >= {"compare"}


def test_the_strict_reference_meets_every_level(strict: Report) -> None:
    table = certification(strict)
    entry = table["targets"]["reference"]
    assert table["complete"] is True
    assert entry["level"] == "L4"
    op = entry["operations"][OP]
    assert op["level"] == "L4"
    assert op["waived"] is False
    assert all(level["met"] and not level["blocking"] for level in op["levels"].values())
    assert sum(level["constraints"] for level in op["levels"].values()) == len(
        [r for r in strict.results if r.operation == OP]
    )


@pytest.mark.parametrize(
    ("rule", "level", "blocked"),
    [(L1_RULE, "none", "L1"), (L2_RULE, "L1", "L2"), (L3_RULE, "L2", "L3")],
)
def test_one_broken_rule_caps_the_level_below_its_own(
    pack, rule: str, level: str, blocked: str
) -> None:
    report = _report(pack, _target(pack, rule))
    verdict = next(r.verdict for r in report.results if r.constraint_id == rule)
    assert verdict == "NOT ENFORCED"
    op = certification(report)["targets"]["reference"]["operations"][OP]
    assert op["level"] == level
    assert op["levels"][blocked]["met"] is False
    assert op["levels"][blocked]["blocking"] == [rule]
    assert op["levels"][blocked]["findings"] == 1


def test_a_waived_finding_meets_the_level_and_says_so(pack, tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        f'[[waivers]]\nconstraint = "{L2_RULE}"\nreason = "known"\nexpires = 2027-01-01\n'
    )
    waivers = load_waivers(path, today=dt.date(2026, 11, 24))
    report = _report(pack, _target(pack, L2_RULE), waivers=waivers)
    op = certification(report)["targets"]["reference"]["operations"][OP]
    assert (op["level"], op["waived"]) == ("L4", True)
    assert op["levels"]["L2"]["waived"] == 1


def test_valid_requests_refused_keep_an_operation_below_l1(pack, strict: Report) -> None:
    from smcontract.suites import CallableTarget, ServiceError

    def refuse(operation: str, body: dict) -> dict:
        raise ServiceError("ValidationException", "1 validation error detected: nope")

    report = _report(pack, CallableTarget(refuse, name="refuser"))
    op = certification(report)["targets"]["refuser"]["operations"][OP]
    assert op["level"] == "none"
    assert "REJECTS VALID" in op["note"]


# -- the content hash ------------------------------------------------------------------------


def _hash(report: Report, target: str = "reference") -> str:
    value = certification(report)["targets"][target]["hash"]
    assert isinstance(value, str)
    assert len(value) == 64
    return value


def test_the_same_implementation_gives_the_same_hash(pack, strict: Report) -> None:
    again = _report(pack, _target(pack))
    assert again.header.run_id != strict.header.run_id
    assert _hash(again) == _hash(strict)
    assert compare_certified(strict, "reference", again, "reference") == []


def test_one_changed_verdict_changes_the_hash_and_is_named(pack, strict: Report) -> None:
    broken = _report(pack, _target(pack, L2_RULE))
    assert _hash(broken) != _hash(strict)
    differences = compare_certified(strict, "reference", broken, "reference")
    assert differences == [f"{L2_RULE}: recorded ENFORCED, now NOT ENFORCED"]


def test_a_waiver_does_not_change_the_hash(pack, tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(
        f'{{"waivers": [{{"constraint": "{L2_RULE}", "reason": "r", "expires": "2027-01-01"}}]}}'
    )
    waivers = load_waivers(path, today=dt.date(2026, 11, 24))
    plain = _report(pack, _target(pack, L2_RULE))
    waived = _report(pack, _target(pack, L2_RULE), waivers=waivers)
    assert any(r.verdict == "WAIVED" for r in waived.results)
    assert _hash(waived) == _hash(plain)


def test_another_seed_is_another_corpus(pack, strict: Report) -> None:
    other = _report(pack, _target(pack), seed=7)
    old = certification(strict)["targets"]["reference"]["corpus"]
    new = certification(other)["targets"]["reference"]["corpus"]
    assert old["digest"] != new["digest"]
    assert _hash(other) != _hash(strict)
    assert any(
        line.startswith("corpus: ")
        for line in compare_certified(strict, "reference", other, "reference")
    )


def test_merged_shards_give_the_hash_of_the_whole_run(pack, strict: Report) -> None:
    parts = [_report(pack, _target(pack), shard=(i, 2)) for i in (1, 2)]
    for part in parts:
        assert certification(part)["targets"]["reference"]["hash"] is None  # one shard
    merged = merge_reports([(f"part{i}", part) for i, part in enumerate(parts, 1)])
    assert (
        certification(merged)["targets"]["reference"]["corpus"]
        == certification(strict)["targets"]["reference"]["corpus"]
    )
    assert _hash(merged) == _hash(strict)
    # And through report.json: the corpus survives a round trip.
    again = Report.from_dict(merged.to_dict())
    assert _hash(again) == _hash(strict)


def test_an_interrupted_run_has_no_hash_and_no_level(pack) -> None:
    report = _report(pack, _target(pack), max_time=0)
    table = certification(report)
    assert table["complete"] is False
    assert table["targets"]["reference"]["hash"] is None
    assert table["targets"]["reference"]["level"] == "none"


def test_a_fuzz_run_has_no_hash(pack) -> None:
    report = _report(pack, _target(pack), mode="fuzz", max_examples=3, database_dir=None)
    assert "hash" not in certification(report)["targets"]["reference"]


# -- the matrix ------------------------------------------------------------------------------


def test_one_column_has_no_matrix(strict: Report) -> None:
    assert matrix(strict) is None
    assert strict.to_dict()["matrix"] is None


def test_three_targets_give_a_matrix_compared_with_the_reference(pack) -> None:
    report = _report(
        pack,
        _target(pack, L2_RULE, name="vendor"),
        _target(pack),
        _target(pack, L2_RULE, L3_RULE, name="emulator"),
    )
    table = matrix(report)
    assert table is not None
    assert table["columns"] == ["vendor", "reference", "emulator"]
    assert table["baseline"] == {"column": "reference", "source": "this run"}
    rows = {row["constraint_id"]: row for row in table["rows"]}
    assert rows[L2_RULE]["verdicts"] == {
        "vendor": "NOT ENFORCED",
        "reference": "ENFORCED",
        "emulator": "NOT ENFORCED",
    }
    assert rows[L2_RULE]["differ_from_baseline"] == ["vendor", "emulator"]
    assert rows[L3_RULE]["differ_from_baseline"] == ["emulator"]
    assert rows[L1_RULE]["agree"] is True
    assert not rows[L2_RULE]["agree"]
    assert table["differ_from_baseline"] == {"vendor": 1, "emulator": 2}
    assert table["disagree"] == 2
    assert table["agree"] == table["constraints"] - 2 == len(rows) - 2
    # The same numbers in report.json.
    assert report.to_dict()["matrix"] == table


def test_a_recorded_run_is_the_baseline(pack, strict: Report) -> None:
    baseline = Baseline.from_report(Report.from_dict(strict.to_dict()), "strict.json")
    report = _report(pack, _target(pack, L3_RULE, name="vendor"), baseline=baseline)
    table = matrix(report)
    assert table is not None
    assert table["columns"] == ["vendor"]
    assert table["baseline"] == {"column": "reference (baseline)", "source": "strict.json"}
    assert table["differ_from_baseline"] == {"vendor": 1}
    assert [r["constraint_id"] for r in table["rows"] if not r["agree"]] == [L3_RULE]
    # report.json keeps the baseline column, so the matrix is rebuilt from the file.
    assert matrix(Report.from_dict(report.to_dict())) == table


def test_below_level_names_the_operations_short_of_a_required_level(pack) -> None:
    from smcontract.reports import below_level

    report = _report(pack, _target(pack, L2_RULE))
    assert below_level(report, "L1") == []
    assert below_level(report, "L2") == [("reference", OP, "L1")]
    assert below_level(report, "L4") == [("reference", OP, "L1")]
    with pytest.raises(ValueError, match="unknown level 'L5'"):
        below_level(report, "L5")
    interrupted = _report(pack, _target(pack), max_time=0)
    assert below_level(interrupted, "L1") == [("reference", OP, "none")]


def test_merged_shards_list_what_each_waiver_waived_as_the_whole_run_does(
    pack, tmp_path: Path
) -> None:
    path = tmp_path / "w.toml"
    path.write_text(
        f'[[waivers]]\nconstraint = "{L2_RULE}"\nreason = "known"\nexpires = 2027-01-01\n'
    )

    def waivers():
        return load_waivers(path, today=dt.date(2026, 11, 24))

    whole = _report(pack, _target(pack, L2_RULE), waivers=waivers())
    parts = [_report(pack, _target(pack, L2_RULE), waivers=waivers(), shard=(i, 2)) for i in (1, 2)]
    merged = merge_reports([(f"part{i}", part) for i, part in enumerate(parts, 1)])
    assert whole.header.waivers[0]["waived"] == [f"reference:{L2_RULE}"]
    assert merged.header.waivers == whole.header.waivers
