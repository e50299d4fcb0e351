"""report.html in a real headless Chromium (Playwright driving the system's browser).

The pages are a hand-built three-target report (every verdict, hostile messages) and the
quick start's own report (`smcontract run`, moto, the 15 operations). The tests click and
type into the filters, reach the heatmap with the keyboard, and measure the layout at
1,280 px. Without Chromium they skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Needs

from smcontract.reports import write_reports
from smcontract.reports._html_data import read_embedded

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FINDINGS = ("NOT ENFORCED", "WRONG ERROR", "SERVER ERROR", "NOT IMPLEMENTED")
WIDTH = 1280


@pytest.fixture(scope="module")
def browser(needs: Needs) -> Iterator[Any]:
    chromium = needs.tool("chromium", "chromium-browser", hint="apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    opened = browser.new_page(viewport={"width": WIDTH, "height": 900})
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    opened.close()
    assert not errors, errors


def _open(page: Any, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]", timeout=20_000)


@pytest.fixture
def synthetic(stream, fold, tmp_path) -> tuple[Any, Path]:
    report = fold(stream).report()
    (path,) = write_reports(report, tmp_path, formats=["html"])
    return report, path


@pytest.fixture(scope="module")
def quick_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's quick start: `smcontract run` (moto, every operation), its report.html."""
    out = tmp_path_factory.mktemp("quick-start")
    done = subprocess.run(
        [sys.executable, "-m", "smcontract.cli", "run", "--report-dir", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr  # moto has findings
    return out / "report.html"


def _shown(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "#result-list details.result",
        "els => els.map(e => ({id: e.dataset.id, verdict: e.dataset.verdict,"
        " target: e.dataset.target}))",
    )


# -- size: no browser needed ---------------------------------------------------------------


def test_the_quick_start_report_is_under_one_megabyte(quick_start: Path) -> None:
    assert quick_start.stat().st_size < 1_000_000
    rows = read_embedded(quick_start.read_text("utf-8"))["rows"]
    assert len(rows) > 1000  # and it holds every result of the 15 operations


# -- the synthetic three-target report -------------------------------------------------------


def test_the_default_view_shows_exactly_the_findings(page, synthetic) -> None:
    report, path = synthetic
    _open(page, path)
    shown = _shown(page)
    expected = [(r.target, r.constraint_id) for r in report.findings()]
    assert [(s["target"], s["id"]) for s in shown] == expected
    assert all(s["verdict"] in FINDINGS for s in shown)
    text = page.text_content("#shown")
    total = len(report.results)
    assert text == f"Showing {len(expected)} of {len(expected)} matching results ({total} in all)"
    # Hostile text is shown as text: no script of a target ran or was added.
    assert page.eval_on_selector_all("script", "els => els.length") == 2
    page.select_option("select[name=verdict]", "all")
    reasons = " ".join(page.eval_on_selector_all(".reason", "els => els.map(e => e.textContent)"))
    assert "<script>alert" in reasons
    assert "\u202e" not in reasons


def test_the_filters_select_by_verdict_target_and_text(page, synthetic) -> None:
    report, path = synthetic
    _open(page, path)
    page.select_option("select[name=verdict]", "ENFORCED")
    expected = {(r.target, r.constraint_id) for r in report.results if r.verdict == "ENFORCED"}
    assert {(s["target"], s["id"]) for s in _shown(page)} == expected
    page.select_option("select[name=target]", "aws")
    assert {(s["target"], s["id"]) for s in _shown(page)} == {e for e in expected if e[0] == "aws"}
    page.select_option("select[name=verdict]", "all")
    page.select_option("select[name=target]", "")
    page.fill("input[name=text]", "tags.key.length")
    expected = {
        (r.target, r.constraint_id)
        for r in report.results
        if r.kind == "length" and "Tags.Key" in r.path
    }
    assert {(s["target"], s["id"]) for s in _shown(page)} == expected
    page.click("button[type=reset]")  # the list is drawn again just after the reset event
    deadline = time.monotonic() + 10
    while len(_shown(page)) != len(report.findings()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [s["id"] for s in _shown(page)] == [r.constraint_id for r in report.findings()]


def test_opening_a_result_shows_its_evidence_and_copy_buttons(page, synthetic) -> None:
    report, path = synthetic
    _open(page, path)
    first = report.findings()[0]
    page.click("#result-list details.result summary")
    request = page.text_content("#result-list details.result pre.request")
    assert json.loads(request) == first.evidence.request
    buttons = page.eval_on_selector_all("#result-list details.result button.copy", "e => e.length")
    assert buttons == len(first.reproduce)
    assert first.reproduce[0] in page.text_content("#result-list details.result pre.cmd")


def test_the_matrix_shows_the_disagreements_then_every_constraint(page, synthetic) -> None:
    report, path = synthetic
    _open(page, path)
    by_id: dict[str, set[str]] = {}
    for r in report.results:
        by_id.setdefault(r.constraint_id, set()).add(r.observed)
    disagree = sum(len(v) > 1 for v in by_id.values())
    rows = "#matrix-body tr"
    assert page.eval_on_selector_all(rows, "e => e.length") == disagree
    assert page.eval_on_selector_all(rows + "[data-agree=yes]", "e => e.length") == 0
    page.uncheck("#disagree-only")
    assert page.eval_on_selector_all(rows, "e => e.length") == len(by_id)


def _max_right(page: Any) -> float:
    return page.evaluate(
        "Math.max(...[...document.querySelectorAll('body *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )


def test_three_targets_fit_in_1280_pixels(page, synthetic) -> None:
    _, path = synthetic
    _open(page, path)
    page.select_option("select[name=verdict]", "all")
    for index in range(1, 6):
        page.click(f"#result-list details.result:nth-of-type({index}) summary")
    page.uncheck("#disagree-only")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert _max_right(page) <= WIDTH


# -- the quick start's report ----------------------------------------------------------------


def test_the_quick_start_report_fits_in_1280_pixels(page, quick_start: Path) -> None:
    _open(page, quick_start)
    for index in range(1, 4):
        page.click(f"#result-list details.result:nth-of-type({index}) summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert _max_right(page) <= WIDTH


def test_the_keyboard_reaches_the_heatmap_and_enter_filters(page, quick_start: Path) -> None:
    _open(page, quick_start)
    data = read_embedded(quick_start.read_text("utf-8"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('svg.heatmap')"):
            break
    else:
        pytest.fail("Tab never reached a heatmap cell")
    # Walk on to the first cell of an operation's NOT ENFORCED column with a count.
    for _ in range(200):
        spec = json.loads(page.evaluate("document.activeElement.getAttribute('data-filter')"))
        label = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if spec.get("verdict") == "NOT ENFORCED" and " 0 of " not in label:
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("no NOT ENFORCED cell with a count was reached")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    expected = [
        r["id"]
        for r in data["rows"]
        if r["operation"] == spec["operation"] and r["verdict"] == "NOT ENFORCED"
    ]
    assert expected
    assert [s["id"] for s in _shown(page)] == expected[:100]
    assert page.input_value("select[name=operation]") == spec["operation"]


def test_a_level_cell_lists_what_blocks_the_level(page, quick_start: Path) -> None:
    _open(page, quick_start)
    report = json.loads((quick_start.parent / "report.json").read_text("utf-8"))
    level = report["certification"]["targets"]["moto"]["operations"]["CreateCompilationJob"][
        "levels"
    ]["L1"]
    assert not level["met"]
    label = page.get_attribute(
        'svg.heatmap a.cell[aria-label^="CreateCompilationJob on moto: L1 not met"]', "aria-label"
    )
    assert all(cid in label for cid in level["blocking"])
    page.click('svg.heatmap a.cell[aria-label^="CreateCompilationJob on moto: L1 not met"]')
    shown = {s["id"] for s in _shown(page)}
    blocking = {
        r["constraint_id"]
        for r in report["results"]
        if r["operation"] == "CreateCompilationJob"
        and r["level"] == "L1"
        and r["verdict"] in FINDINGS
    }
    assert shown == blocking
    assert len(shown) == level["findings"]
    assert set(level["blocking"]) <= shown


def test_show_more_adds_a_page_of_results(page, quick_start: Path) -> None:
    _open(page, quick_start)
    page.select_option("select[name=verdict]", "all")
    assert len(_shown(page)) == 100
    page.click("#more")
    assert len(_shown(page)) == 200


def test_a_screenshot_of_the_report(page, quick_start: Path, tmp_path: Path) -> None:
    _open(page, quick_start)
    png = tmp_path / "report.png"
    page.screenshot(path=str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
