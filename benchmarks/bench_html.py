"""report.html: its size and how fast it opens in headless Chromium (issues 17 and 19).

Run: ``python benchmarks/bench_html.py [--three] [--runs N] [--screenshot docs/report.png]``.

Runs the quick start (``smcontract run``: in-process moto, every operation) in a fresh
process, and with ``--three`` the same with ``-t moto -t reference -t boto3``; or takes
recorded reports with ``--report REPORT.json`` (repeatable). For each it prints the size of
report.html (and of report.json beside it), the time ``render_html`` takes, and, over
``--runs`` page loads in a fresh browser page each, the median first paint, first
contentful paint and the time until the result rows are shown (``<html data-ready>``), as
Chromium's own performance entries report them. Aims: under 1 MB and first paint under 1 s
for one target over the 15 operations. ``--screenshot`` keeps a 1,280 x 900 picture of the
first report (the one in the docs).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, table

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_TIMES = """() => {
  const paint = Object.fromEntries(performance.getEntriesByType("paint")
    .map(e => [e.name, e.startTime]));
  return [paint["first-paint"], paint["first-contentful-paint"], window.__ready];
}"""
_MARK_READY = """new MutationObserver((_, observer) => {
  if (document.documentElement && document.documentElement.dataset.ready) {
    window.__ready = performance.now(); observer.disconnect();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-ready"]});"""


def quick_start(out: Path, targets: list[str]) -> Path:
    """``smcontract run`` with ``targets`` into ``out``; the path of its report.json."""
    command = [sys.executable, "-m", "smcontract.cli", "run", "--report-dir", str(out)]
    for target in targets:
        command += ["-t", target]
    print(f"$ smcontract run {' '.join('-t ' + t for t in targets)}", flush=True)
    subprocess.run(command, capture_output=True, check=False, timeout=1800)
    return out / "report.json"


def render_seconds(report_json: Path) -> float:
    from smcontract.reports import Report, load_report
    from smcontract.reports._html import render_html

    report = Report.from_dict(load_report(report_json))
    start = time.perf_counter()
    render_html(report)
    return time.perf_counter() - start


def page_times(browser: Any, html: Path, runs: int) -> list[list[float]]:
    """Per load: first paint, first contentful paint, rows shown (ms since navigation)."""
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.add_init_script(_MARK_READY)
        page.goto(html.as_uri())
        page.wait_for_selector("html[data-ready=true]", timeout=60_000)
        deadline = time.monotonic() + 60
        while page.evaluate("window.__ready") is None:  # the page's CSP forbids eval'd waits
            if time.monotonic() > deadline:
                raise SystemExit(f"{html}: the rows were not shown within 60 s")
            time.sleep(0.01)
        times.append([float(x) for x in page.evaluate(_TIMES)])
        context.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="append", type=Path, default=[])
    parser.add_argument("--three", action="store_true", help="also moto, reference and boto3")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, default=None)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args(argv)
    print(machine())
    work = Path(tempfile.mkdtemp(prefix="bench-html-"))
    reports: list[tuple[str, Path]] = [(str(p), p) for p in args.report]
    if not reports:
        reports.append(("moto, 15 operations", quick_start(work / "one", ["moto"])))
        if args.three:
            three = ["moto", "reference", "boto3"]
            reports.append(("moto+reference+boto3", quick_start(work / "three", three)))
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
        for name, report_json in reports:
            html = report_json.parent / "report.html"
            loads = page_times(browser, html, args.runs)
            median = [statistics.median(column) for column in zip(*loads, strict=True)]
            rows.append(
                [
                    name,
                    f"{html.stat().st_size / 1e6:.2f}",
                    f"{report_json.stat().st_size / 1e6:.2f}",
                    f"{render_seconds(report_json):.2f}",
                    *(f"{ms:.0f}" for ms in median),
                ]
            )
        if args.screenshot is not None:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((reports[0][1].parent / "report.html").as_uri())
            page.wait_for_selector("html[data-ready=true]")
            page.screenshot(path=str(args.screenshot))
            print(f"wrote {args.screenshot}")
        browser.close()
    head = ["report", "html MB", "json MB", "render s", "first paint ms", "FCP ms", "rows ms"]
    print(f"median of {args.runs} loads, each in a fresh page (1,280 x 900)")
    print(table(head, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
