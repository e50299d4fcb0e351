"""What ``smcontract run`` shows on the terminal: the progress bar, the verdict table, notes.

The table fits 120 columns: verdicts are short column headers explained by a legend line
under the table, and operation names are never cut (the longest is 23 characters).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from smcontract.suites import VERDICTS

__all__ = ["Progress", "fuzz_storage", "summary_table"]

#: Column header of each constraint verdict, and the legend under the table.
SHORT = {
    "NOT ENFORCED": "NE",
    "WRONG ERROR": "WE",
    "SERVER ERROR": "SE",
    "NOT IMPLEMENTED": "NI",
    "ENFORCED": "OK",
    "UNTESTED": "UT",
    "WAIVED": "WV",
}
_VALID = {
    "ACCEPTS VALID": "accepts",
    "REJECTS VALID": "REJECTS",
    "SERVER ERROR": "server error",
    "NOT IMPLEMENTED": "not impl.",
    "UNTESTED": "untested",
}
_RESPONSE = {
    "RESPONSE CONFORMS": "conforms",
    "RESPONSE VIOLATES": "VIOLATES",
    "UNTESTED": "untested",
}


class Progress:
    """An event sink that drives a rich progress bar (one tick per case).

    The description names the operation whose unit is running: a setup request (the Create
    before a Describe) advances the bar without renaming it.
    """

    def __init__(self, console: Any) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} cases"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("starting", total=None)

    def handle(self, event: Any) -> None:
        name = getattr(event, "event", "")
        if name == "case-finished":
            if event.expect == "setup":
                self.progress.update(self.task, advance=1)
                return
            what = "lifecycle of " if event.expect == "lifecycle" else ""
            description = f"{event.target} {what}{event.operation}"
            self.progress.update(self.task, advance=1, description=description)
        elif name == "run-started":
            self.progress.start()
        elif name == "run-finished":
            self.progress.stop()


def summary_table(report: Any, console: Any) -> None:
    """Per target, one row per operation: valid and response verdicts and verdict counts."""
    from rich.table import Table

    for target in report.target_names:
        table = Table(title=f"{target}: verdicts per operation", title_justify="left")
        table.add_column("operation", no_wrap=True)
        table.add_column("valid", no_wrap=True)
        table.add_column("response", no_wrap=True)
        for verdict in VERDICTS:
            table.add_column(SHORT.get(verdict, verdict), justify="right", no_wrap=True)
        counts: dict[str, dict[str, int]] = {}
        for result in report.results:
            if result.target == target:
                row = counts.setdefault(result.operation, {})
                row[result.verdict] = row.get(result.verdict, 0) + 1
        for operation in report.operations:
            if operation.target != target:
                continue
            row = counts.get(operation.operation, {})
            table.add_row(
                operation.operation,
                _VALID.get(operation.valid_verdict, operation.valid_verdict),
                _RESPONSE.get(operation.response_verdict, operation.response_verdict),
                *(str(row.get(v, 0) or "") for v in VERDICTS),
            )
        console.print(table)
    legend = " · ".join(f"{SHORT.get(v, v)} {v}" for v in VERDICTS)
    console.print(f"[dim]{legend}[/dim]", soft_wrap=False)


def fuzz_storage(database: str) -> tuple[Path, bool]:
    """Where a fuzz run keeps Hypothesis's own cache, and whether that folder is new.

    Hypothesis writes ``.hypothesis/`` in the working folder unless told otherwise; a fuzz run
    puts it beside its example database (``.smcontract/hypothesis`` for the default
    ``--database``) through Hypothesis's documented ``HYPOTHESIS_STORAGE_DIRECTORY``, unless
    that is set already. Call before Hypothesis first writes.
    """
    plain = not database.startswith(("redis://", "rediss://", "readonly:", "multi:"))
    database_dir = Path(database) if plain else None
    home = (database_dir.parent if database_dir is not None else Path(".smcontract")) / "hypothesis"
    chosen = Path(os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(home)))
    top = database_dir.parent if database_dir is not None else chosen.parent
    return top, not top.exists()
