"""report.html without a browser: self-contained, escaped, its figures and embedded rows.

The browser half (filters, keyboard, width) is test_report_browser.py.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smcontract.reports import Baseline, certification, write_reports
from smcontract.reports._families import family_of
from smcontract.reports._html_data import _clean, printable_json, read_embedded
from smcontract.reports._text import printable
from smcontract.suites.events import NOT_ENFORCED, VERDICTS, ConstraintVerdict


class _Elements(HTMLParser):
    """Every start tag and its attributes, and the text (for checks on the document)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


def _html(report, tmp_path) -> str:
    (path,) = write_reports(report, tmp_path, formats=["html"])
    return path.read_text("utf-8")


def test_nothing_is_fetched_from_the_network(stream, fold, tmp_path):
    parsed = _parse(_html(fold(stream).report(), tmp_path))
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "iframe", "img", "object", "embed", "image", "use"), tag
        assert "src" not in attrs, (tag, attrs)
        assert (attrs.get("href") or "#").startswith("#"), (tag, attrs)
        if tag == "script":
            assert attrs in ({}, {"type": "application/json", "id": "smc-data"})
    csp = next(a for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp["content"] or "")


def test_target_text_is_escaped_in_the_page_and_the_rows(stream, fold, tmp_path):
    text = _html(fold(stream).report(), tmp_path)
    parsed = _parse(text)
    assert [t for t, _ in parsed.tags].count("script") == 2  # the data and the script
    assert "b" not in {t for t, _ in parsed.tags}
    assert "<script>alert" not in text
    assert "local&lt;&amp;&gt;" in text  # a target name with HTML characters, in the figures
    data = read_embedded(text)
    reasons = " ".join(row["reason"] for row in data["rows"])
    assert "名前が長すぎます" in reasons
    assert "\u202e" not in reasons  # no bidi override reaches the page
    assert "\\u202e" in reasons
    assert "\x07" not in reasons
    assert "\\x07" in reasons


def test_every_result_and_its_reproduce_commands_are_embedded(stream, fold, tmp_path):
    report = fold(stream).report()
    rows = read_embedded(_html(report, tmp_path))["rows"]
    assert len(rows) == len(report.results)
    findings = report.findings()
    # Findings first, worst first, as report.findings() orders them.
    assert [(r["target"], r["id"]) for r in rows[: len(findings)]] == [
        (f.target, f.constraint_id) for f in findings
    ]
    by_key = {(r["target"], r["id"]): r for r in rows}
    for result in report.results:
        row = by_key[(result.target, result.constraint_id)]
        assert row["verdict"] == result.verdict
        assert row["reproduce"] == list(result.reproduce)
        assert row["request"] == (result.evidence.request if result.evidence else None)


def test_the_embedded_rows_are_compact_and_deterministic(stream, fold, tmp_path):
    report = fold(stream).report()
    first = _html(report, tmp_path / "a")
    assert first == _html(report, tmp_path / "b")
    packed = re.search(r'"rows":"([A-Za-z0-9+/=]+)"', first)
    assert packed is not None
    assert "ModelName" not in packed.group(1)  # compressed, not plain JSON


def test_matrix_only_with_several_targets(make_stream, fold, tmp_path):
    one = make_stream(targets=[{"name": "solo", "kind": "moto"}])
    assert 'id="matrix"' not in _html(fold(one).report(), tmp_path)
    assert 'id="matrix"' in _html(fold(make_stream()).report(), tmp_path)


def test_matrix_rows_say_whether_targets_agree(make_stream, fold, tmp_path):
    targets = [{"name": "a", "kind": "moto"}, {"name": "b", "kind": "moto"}]
    events = make_stream(targets=targets)
    expected: dict[str, set[str]] = {}
    for event in events:
        if isinstance(event, ConstraintVerdict):
            expected.setdefault(event.constraint_id, set()).add(event.verdict)
    rows = read_embedded(_html(fold(events).report(), tmp_path))["matrix"]["rows"]
    assert {r["id"] for r in rows} == set(expected)
    assert sum(r["agree"] for r in rows) == sum(len(v) == 1 for v in expected.values())


def _heatmap_cells(text: str, target: str) -> list[dict[str, str | None]]:
    svg = re.search(r'<svg class="heatmap"[^>]*data-target="' + target + '".*?</svg>', text, re.S)
    assert svg is not None
    return [a for t, a in _parse(svg.group()).tags if t == "a" and a.get("aria-label")]


def test_the_heatmap_counts_every_verdict_of_every_operation(stream, fold, tmp_path):
    report = fold(stream).report()
    cells = _heatmap_cells(_html(report, tmp_path), "moto")
    counts = Counter((r.operation, r.verdict) for r in report.results if r.target == "moto")
    totals = Counter(r.operation for r in report.results if r.target == "moto")
    for operation in totals:
        for verdict in VERDICTS:
            n = counts[(operation, verdict)]
            label = f"{operation} on moto: {n} of {totals[operation]} constraints {verdict}"
            # a verdict no constraint got is an empty rectangle, not a link
            assert any(c["aria-label"] == label for c in cells) == (n > 0), label


def test_every_level_not_met_names_what_blocks_it(stream, fold, tmp_path):
    report = fold(stream).report()
    text = _html(report, tmp_path)
    table = certification(report)["targets"]["moto"]["operations"]
    labels = [c["aria-label"] or "" for c in _heatmap_cells(text, "moto")]
    not_met = 0
    for operation, entry in table.items():
        for level, info in entry["levels"].items():
            label = next(x for x in labels if x.startswith(f"{operation} on moto: {level} "))
            if info["met"]:
                assert label.startswith(f"{operation} on moto: {level} met")
                continue
            not_met += 1
            assert "not met: " in label
            assert all(cid in label for cid in info["blocking"]), label
            if not info["blocking"]:  # L1 without blockers: valid requests are not accepted
                assert "valid requests: REJECTS VALID" in label
    assert not_met
    # The certification table names the blockers in every cell that is not met, all targets.
    every = certification(report)["targets"].values()
    expected = sum(
        not i["met"] for e in every for o in e["operations"].values() for i in o["levels"].values()
    )
    cells = re.findall(r'<td class="bad">not met<small>(.*?)</small></td>', text)
    assert len(cells) == expected
    assert all(" it: " in c or "valid requests" in c for c in cells)


def test_operations_group_by_the_resource_the_pack_declares(pack, tmp_path):
    from smcontract.reports import ReportBuilder
    from smcontract.suites import run
    from smcontract.suites.targets import open_target

    builder = ReportBuilder(pack)
    operations = ["DescribeModel", "ListTrialComponents", "DescribeCompilationJob"]
    run(pack, [open_target("reference")], operations=operations, sinks=[builder])
    report = builder.report()
    assert report.header.families == {
        "DescribeModel": "model",
        "ListTrialComponents": "trial-component",
        "DescribeCompilationJob": "compilation-job",
    }
    text = _html(report, tmp_path)
    families = re.findall(r'class="family">([^<]+)<', text)
    assert families[:3] == ["compilation-job", "model", "trial-component"]  # the pack's order
    # A report without families (an older one) falls back to the noun of each name.
    assert family_of("ListTrialComponents", {}) == "trial-component"
    assert family_of("CreateCompilationJob", {}) == "compilation-job"


def test_a_baseline_adds_the_changes_since_it(stream, fold, tmp_path):
    report = fold(stream).report()
    assert 'id="changes"' not in _html(report, tmp_path)
    moto = [r for r in report.results if r.target == "moto"]
    fixed = next(r for r in moto if r.verdict == "ENFORCED")
    regressed = next(r for r in moto if r.verdict == NOT_ENFORCED)
    verdicts = {r.constraint_id: r.verdict for r in moto}
    verdicts[fixed.constraint_id] = NOT_ENFORCED
    verdicts[regressed.constraint_id] = "ENFORCED"
    with_base = dataclasses.replace(
        report, baseline=Baseline("old (baseline)", "old.json", verdicts)
    )
    text = _html(with_base, tmp_path / "b")
    assert 'id="changes"' in text
    rows = {(r["target"], r["id"]): r for r in read_embedded(text)["rows"]}
    assert rows[("moto", fixed.constraint_id)]["change"] == "fixed"
    assert rows[("moto", regressed.constraint_id)]["change"] == "regressed"
    assert Counter(r["change"] for k, r in rows.items() if k[0] == "moto") == Counter(
        {"same": len(moto) - 2, "fixed": 1, "regressed": 1}
    )
    assert f"{fixed.operation} on moto: 1 constraints fixed since the baseline" in text


def test_the_counts_are_labelled_figures_not_a_dump(stream, fold, tmp_path):
    report = fold(stream).report()
    text = _html(report, tmp_path)
    assert "accept: " not in text
    assert "cases: " not in text
    summary = next(s for s in report.summaries if s.target == "moto")
    figures = dict(
        re.findall(r'<span class="n">([^<]+)</span><figcaption>([^<]+)</figcaption>', text)[:8]
    )
    assert figures[str(summary.findings)] == "findings"
    assert figures[str(summary.cases)] == "requests sent"


def test_each_target_has_its_badge(stream, fold, tmp_path):
    report = fold(stream).report()
    labels = re.findall(r'<svg class="badge"[^>]*aria-label="([^"]+)"', _html(report, tmp_path))
    assert len(labels) == len(report.target_names)
    for summary, label in zip(report.summaries, labels, strict=True):
        assert label.endswith(f"{summary.findings} findings")


def test_read_embedded_refuses_a_page_without_data():
    with pytest.raises(ValueError, match="no embedded smcontract data"):
        read_embedded("<html></html>")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@given(_json_values)
def test_printable_json_reads_as_printable_values(value):
    """The text transform of the rows equals making every string printable, then encoding."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert json.loads(printable_json(raw)) == _clean(value)


@pytest.mark.parametrize(
    "text", ["\\u0007", "\\\u0007", "\\\\\r", "a\u202e\\", "\ud800\\b", "\x85\x7f\t\n"]
)
def test_printable_json_keeps_backslashes_apart_from_escapes(text):
    raw = json.dumps([text], ensure_ascii=False)
    assert json.loads(printable_json(raw)) == [printable(text)]


def test_planted_secrets_reach_neither_the_page_nor_its_packed_rows(
    make_stream, fold, tmp_path, planted_secrets
):
    """The rows are compressed, so a plain-text search of report.html proves nothing: unpack."""
    from tests.reports.test_report_redact import _leaky_events

    secret, token = planted_secrets
    events = [*make_stream(), *_leaky_events(secret, token)]
    text = _html(fold(events).report(), tmp_path)
    data = read_embedded(text)
    unpacked = json.dumps(data, ensure_ascii=False)
    for needle in (secret, token, "AKIAPLANTEDKEYID0001"):
        assert needle not in text
        assert needle not in unpacked
    assert "The request signature we calculated does not match" in unpacked
