"""junit.xml loads in junitparser, and its counts are the results' counts per verdict class."""

from __future__ import annotations

import json
from collections import Counter

import junitparser
import pytest

from smcontract.reports import write_reports
from smcontract.reports._junit import junit_outcome
from smcontract.reports._text import printable
from smcontract.suites.events import VERDICTS


def _load(report, tmp_path) -> junitparser.JUnitXml:
    (path,) = write_reports(report, tmp_path, formats=["junit"])
    return junitparser.JUnitXml.fromfile(str(path))


def _outcome(case: junitparser.TestCase) -> str:
    kinds = {type(r) for r in case.result}
    if junitparser.Failure in kinds:
        return "failure"
    if junitparser.Error in kinds:
        return "error"
    if junitparser.Skipped in kinds:
        return "skipped"
    return "passed"


def test_every_verdict_has_a_junit_outcome():
    classes = {junit_outcome(v) for v in VERDICTS}
    assert classes == {"failure", "error", "skipped", "passed"}
    assert junit_outcome("A VERDICT FROM THE FUTURE") == "error"


@pytest.mark.parametrize("cut", [None, 60])
def test_counts_equal_results_per_verdict_class(make_stream, fold, tmp_path, cut):
    events = make_stream()
    report = fold(events if cut is None else events[:cut]).report()
    xml = _load(report, tmp_path)
    verdicts = [r.verdict for r in report.results]
    verdicts += [v for op in report.operations for v in (op.valid_verdict, op.response_verdict)]
    expected = Counter(junit_outcome(verdict) for verdict in verdicts)
    cases = [case for suite in xml for case in suite]
    assert len(cases) == len(report.results) + 2 * len(report.operations)
    assert Counter(_outcome(c) for c in cases) == {k: n for k, n in expected.items() if n}
    xml.update_statistics()
    assert xml.tests == len(verdicts)
    assert xml.failures == expected["failure"]
    assert xml.errors == expected["error"]
    assert xml.skipped == expected["skipped"]


def test_one_suite_per_target_and_testcase_names(stream, fold, tmp_path):
    report = fold(stream).report()
    xml = _load(report, tmp_path)
    assert [suite.name for suite in xml] == [f"smcontract.{t}" for t in report.target_names]
    by_key = {(r.target, r.constraint_id): r for r in report.results}
    for op in report.operations:
        by_key[(op.target, f"{op.operation} valid requests")] = op  # type: ignore[assignment]
        by_key[(op.target, f"{op.operation} responses")] = op  # type: ignore[assignment]
    for suite in xml:
        target = suite.name.removeprefix("smcontract.")
        for case in suite:
            result = by_key[(target, case.name)]
            assert case.classname == f"smcontract.{target}.{result.operation}"


def test_failures_carry_verdict_request_and_reproduce(stream, fold, tmp_path):
    report = fold(stream).report()
    xml = _load(report, tmp_path)
    by_key = {(r.target, r.constraint_id): r for r in report.results}
    checked = 0
    for suite in xml:
        target = suite.name.removeprefix("smcontract.")
        for case in suite:
            if (target, case.name) not in by_key:  # an operation's case
                continue
            result = by_key[(target, case.name)]
            for outcome in case.result:
                if isinstance(outcome, junitparser.Skipped):
                    assert printable(result.reason) in outcome.message
                    continue
                assert outcome.type == result.verdict
                assert result.verdict in outcome.message
                text = outcome.text
                request = json.dumps(result.evidence.request, indent=2, ensure_ascii=False)
                assert printable(request) in text
                assert result.reproduce[0] in text
                checked += 1
    assert checked == sum(junit_outcome(r.verdict) in ("failure", "error") for r in report.results)
    assert checked > 0


def test_control_characters_do_not_break_the_xml(make_stream, fold, tmp_path):
    from smcontract.suites.events import ConstraintVerdict

    bad = ConstraintVerdict(
        "moto",
        "Op",
        "Op.X.length",
        "length",
        "X",
        "input",
        "L2",
        "NOT ENFORCED",
        "nul \x00 esc \x1b surrogate \ud800 nonchar \uffff",
        {"request": {"X": "\x00\x01"}, "outcome": {"status": 200, "message": "\x0b"}},
    )
    xml = _load(fold([*make_stream()[:1], bad]).report(), tmp_path)
    (case,) = [c for s in xml for c in s if c.name == "Op.X.length"]
    assert "\\x00" in case.result[0].message


def test_an_operation_that_rejects_valid_requests_fails(make_stream, fold, tmp_path):
    from smcontract.suites.events import OperationSummary

    events = make_stream()
    rejecting = OperationSummary("moto", "CreateModel", "REJECTS VALID", "UNTESTED", {})
    report = fold([*events, rejecting]).report()
    xml = _load(report, tmp_path)
    suite = next(s for s in xml if s.name == "smcontract.moto")
    (case,) = [c for c in suite if c.name == "CreateModel valid requests"]
    assert _outcome(case) == "failure"
    assert case.result[0].type == "REJECTS VALID"
