"""Every report header names the contracts' botocore and the installed one, apart.

The stream of conftest ran with botocore 1.44.20 installed and contracts from 1.44.18.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import junitparser

from smcontract.reports import Report, load_report, write_reports

INSTALLED, CONTRACTS = "1.44.20", "1.44.18"


class _Meta(HTMLParser):
    """The <dt>/<dd> pairs of the HTML header."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[list[str]] = []
        self.open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.open = tag if tag in ("dt", "dd") else None

    def handle_data(self, data):
        if self.open == "dt":
            self.pairs.append([data])
        elif self.open == "dd":
            self.pairs[-1].append(data)
        self.open = None


def test_every_format_names_both_versions(stream, fold, tmp_path):
    write_reports(fold(stream).report(), tmp_path, ["json", "junit", "html", "md"])
    header = json.loads((tmp_path / "report.json").read_text("utf-8"))["header"]
    assert header["botocore_version"] == INSTALLED
    assert header["contracts"]["botocore_version"] == CONTRACTS

    markdown = (tmp_path / "report.md").read_text("utf-8")
    assert f"botocore {INSTALLED} installed, contracts from botocore {CONTRACTS}" in markdown

    meta = _Meta()
    meta.feed((tmp_path / "report.html").read_text("utf-8"))
    pairs = dict(meta.pairs)
    assert pairs["botocore installed"] == INSTALLED
    assert pairs["Contracts from botocore"] == CONTRACTS

    for suite in junitparser.JUnitXml.fromfile(str(tmp_path / "junit.xml")):
        properties = {p.name: p.value for p in suite.properties()}
        assert properties["botocore_version"] == INSTALLED
        assert properties["contracts_botocore_version"] == CONTRACTS


def test_an_older_report_still_loads_with_its_version_as_the_contracts(stream, fold, tmp_path):
    """Reports written before both were recorded: botocore_version was the contracts' one."""
    data = json.loads(json.dumps(fold(stream).report().to_dict()))
    del data["header"]["contracts"]["botocore_version"]
    data["header"]["botocore_version"] = CONTRACTS
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), "utf-8")
    header = Report.from_dict(load_report(path)).header  # validates against the schema
    assert header.contracts_botocore_version == CONTRACTS
    assert header.botocore_version is None
    out = tmp_path / "out"
    write_reports(Report.from_dict(data), out, ["md"])
    line = (out / "report.md").read_text("utf-8")
    assert re.search(rf"botocore unknown installed, contracts from botocore {CONTRACTS}", line)


def test_a_new_report_round_trips_both_versions(stream, fold):
    report = fold(stream).report()
    again = Report.from_dict(json.loads(json.dumps(report.to_dict()))).header
    assert (again.botocore_version, again.contracts_botocore_version) == (INSTALLED, CONTRACTS)


def test_a_merge_of_shards_with_different_botocore_says_so(stream, fold):
    import dataclasses

    from smcontract.reports._merge import _mixed

    header = fold(stream).report().header
    other = dataclasses.replace(header, botocore_version="1.43.11")
    (note,) = _mixed([header, other])
    assert "1.43.11" in note
    assert INSTALLED in note
    assert _mixed([header, header]) == []
