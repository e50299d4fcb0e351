"""report.html: self-contained, escaped, and its filters work in a real headless Chromium."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from smcontract.reports import write_reports
from smcontract.suites._events import NOT_ENFORCED, ConstraintVerdict

if TYPE_CHECKING:
    from conftest import Needs


@pytest.fixture(scope="module")
def chromium(needs: Needs) -> str:
    return needs.tool(
        "chromium", "chromium-browser", hint="apt-get install chromium (Debian/Ubuntu)"
    )


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


def _html(report, tmp_path) -> Path:
    (path,) = write_reports(report, tmp_path, formats=["html"])
    return path


def test_nothing_is_fetched_from_the_network(stream, fold, tmp_path):
    parsed = _parse(_html(fold(stream).report(), tmp_path).read_text("utf-8"))
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
        assert "src" not in attrs, (tag, attrs)
        if tag == "script":
            assert not attrs
    csp = next(a for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp["content"] or "")


def test_target_text_is_escaped(stream, fold, tmp_path):
    text = _html(fold(stream).report(), tmp_path).read_text("utf-8")
    parsed = _parse(text)
    assert [t for t, _ in parsed.tags].count("script") == 1  # only ours
    assert "b" not in {t for t, _ in parsed.tags}
    assert "<script>alert" not in text
    assert "local&lt;&amp;&gt;" in text  # a target name with HTML characters
    assert "名前が長すぎます" in "".join(parsed.text)
    assert "\u202e" not in text  # a bidi override cannot reorder the page


def test_every_finding_and_its_reproduce_commands_are_in_the_document(stream, fold, tmp_path):
    report = fold(stream).report()
    text = "".join(_parse(_html(report, tmp_path).read_text("utf-8")).text)
    for result in report.findings():
        assert result.constraint_id in text
        for command in result.reproduce:
            assert command in text


def test_matrix_only_with_several_targets(make_stream, fold, tmp_path):
    one = make_stream(targets=[{"name": "solo", "kind": "moto"}])
    assert 'id="matrix"' not in _html(fold(one).report(), tmp_path).read_text("utf-8")
    assert 'id="matrix"' in _html(fold(make_stream()).report(), tmp_path).read_text("utf-8")


def test_matrix_rows_say_whether_targets_agree(make_stream, fold, tmp_path):
    targets = [{"name": "a", "kind": "moto"}, {"name": "b", "kind": "moto"}]
    events = make_stream(targets=targets)
    verdicts = [e for e in events if isinstance(e, ConstraintVerdict)]
    expected = {}
    for event in verdicts:
        expected.setdefault(event.constraint_id, set()).add(event.verdict)
    tags = _parse(_html(fold(events).report(), tmp_path).read_text("utf-8")).tags
    rows = [a for t, a in tags if t == "tr" and "data-agree" in a]
    assert len(rows) == len(expected)
    assert sum(a["data-agree"] == "yes" for a in rows) == sum(
        len(v) == 1 for v in expected.values()
    )


def _chromium(chromium: str, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def test_chromium_renders_findings_and_runs_the_filters(stream, fold, tmp_path, chromium):
    report = fold(stream).report()
    path = _html(report, tmp_path / "out")
    dom = _chromium(chromium, "--dump-dom", path.as_uri(), profile=tmp_path / "profile").stdout
    parsed = _parse(dom)
    html_attrs = next(a for t, a in parsed.tags if t == "html")
    assert html_attrs.get("data-ready") == "true", "the filter script did not run"

    results = [a for t, a in parsed.tags if t == "details" and "data-id" in a]
    assert len(results) == len(report.results)
    shown_ids = {a["data-id"] for a in results if "hidden" not in a}
    hidden = [a for a in results if "hidden" in a]
    # The default filter shows exactly the findings.
    assert shown_ids == {r.constraint_id for r in report.findings()}
    assert len(hidden) == len(report.results) - len(report.findings())
    assert all(a["data-finding"] == "no" for a in hidden)
    not_enforced = {r.constraint_id for r in report.results if r.verdict == NOT_ENFORCED}
    assert not_enforced <= shown_ids

    text = "".join(parsed.text)
    assert f"Showing {len(report.findings())} of {len(report.results)} results" in text
    for summary in report.summaries:
        assert str(summary.verdicts[NOT_ENFORCED]) in text
    copy_buttons = [a for t, a in parsed.tags if t == "button" and a.get("class") == "copy"]
    assert len(copy_buttons) == sum(len(r.reproduce) for r in report.results)


def test_chromium_takes_a_screenshot(stream, fold, tmp_path, chromium):
    path = _html(fold(stream).report(), tmp_path / "out")
    png = tmp_path / "report.png"
    _chromium(
        chromium,
        f"--screenshot={png}",
        "--window-size=1280,1600",
        path.as_uri(),
        profile=tmp_path / "p",
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
