"""The implementation-coverage table, and operations a target does not implement named once."""

from __future__ import annotations

import jsonschema

from smcontract.reports import report_schema, write_reports
from smcontract.reports._html_data import read_embedded
from smcontract.suites.events import (
    ConstraintVerdict,
    Event,
    OperationSummary,
    RunFinished,
    RunStarted,
)

#: operation -> (valid verdict, constraint verdicts)
PLAN: dict[str, tuple[str, list[str]]] = {
    "CreateThing": ("ACCEPTS VALID", ["ENFORCED"] * 4),
    "DescribeThing": ("ACCEPTS VALID", ["ENFORCED", "NOT ENFORCED", "NOT ENFORCED"]),
    "CreateGadget": ("NOT IMPLEMENTED", ["NOT IMPLEMENTED"] * 120),
    "DeleteGadget": ("REJECTS VALID", ["ENFORCED", "WRONG ERROR"]),
    "ListGadgets": ("UNTESTED", ["NOT IMPLEMENTED"] * 7),
}


def _events() -> list[Event]:
    events: list[Event] = [
        RunStarted(
            "r", "certify", 0, [{"name": "t"}], list(PLAN), "ab", "x", None, "0.1", "3.11", "now"
        )
    ]
    for op, (valid, verdicts) in PLAN.items():
        for i, verdict in enumerate(verdicts):
            kind = ("length", "pattern")[i % 2]
            events.append(
                ConstraintVerdict(
                    "t", op, f"{op}.M{i}.{kind}", kind, f"M{i}", "input", "L1", verdict, "r"
                )
            )
        events.append(OperationSummary("t", op, valid, "RESPONSE CONFORMS", {"cases": 1}))
    events.append(RunFinished("later", interrupted=False, exit_code=1))
    return events


def test_the_table_counts_operations_per_target_and_family(fold):
    data = fold(_events()).report().to_dict()
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    entry = data["implementation"]["targets"]["t"]
    assert entry["not_implemented"] == ["CreateGadget", "ListGadgets"]
    assert (entry["operations"], entry["implemented"], entry["accepting_valid"]) == (5, 3, 2)
    # CreateThing meets every level; DescribeThing has L1 findings; the others do not accept.
    assert entry["levels"] == {"L1": 1, "L2": 1, "L3": 1, "L4": 1}
    thing, gadget = entry["families"]["thing"], entry["families"]["gadget"]
    assert (thing["operations"], thing["implemented"], thing["accepting_valid"]) == (2, 2, 2)
    assert (gadget["operations"], gadget["implemented"], gadget["accepting_valid"]) == (3, 1, 0)


def test_an_older_report_without_the_section_still_validates(fold):
    data = fold(_events()).report().to_dict()
    del data["implementation"]
    jsonschema.Draft202012Validator(report_schema()).validate(data)


def test_markdown_names_an_unimplemented_operation_once(fold, tmp_path):
    write_reports(fold(_events()).report(), tmp_path, formats=("md",))
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    head = text.split("### Certification", 1)[0]
    assert "### Implementation coverage" in head
    assert head.index("### Implementation coverage") < head.index("### Findings")
    assert "`t` does not implement 2: `CreateGadget`, `ListGadgets`." in head
    assert "| NOT IMPLEMENTED | `t`" not in text  # not one row per constraint
    assert "`CreateGadget.M" not in text
    # Findings grouped by operation then kind; the operation-level table skips CreateGadget.
    assert "| `t` | `DescribeThing` | 2 | `pattern` 1 NOT ENFORCED; `length` 1 NOT ENFORCED |" in (
        head
    ) or "| `t` | `DescribeThing` | 2 | `length` 1 NOT ENFORCED; `pattern` 1 NOT ENFORCED |" in (
        head
    )
    assert "| `t` | `DeleteGadget` | REJECTS VALID |" in head
    assert "| `t` | `CreateGadget` | NOT IMPLEMENTED" not in head


def test_html_shows_the_table_and_puts_unimplemented_rows_last(fold, tmp_path):
    write_reports(fold(_events()).report(), tmp_path, formats=("html",))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.index('id="implementation"') < html.index('id="heatmaps"')
    assert "does not implement 2 operations" in html
    rows = read_embedded(html)["rows"]
    verdicts = [row["verdict"] for row in rows]
    last_other = max(i for i, v in enumerate(verdicts) if v in ("NOT ENFORCED", "WRONG ERROR"))
    first_missing = verdicts.index("NOT IMPLEMENTED")
    assert last_other < first_missing


def test_the_cli_totals_line_counts_unimplemented_operations_once(fold):
    from smcontract.cli._common import totals_line

    line = totals_line(fold(_events()).report())
    assert "2 operation(s) NOT IMPLEMENTED" in line
    assert "CreateGadget" not in line
    assert "DeleteGadget REJECTS VALID" in line
