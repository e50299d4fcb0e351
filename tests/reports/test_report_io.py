"""Atomic writes, the report directory check, and write_reports' formats."""

from __future__ import annotations

import os

import pytest

from smcontract.errors import UsageError
from smcontract.reports import (
    DEFAULT_FORMATS,
    FILE_NAMES,
    FORMATS,
    ReportDirError,
    check_writable,
    write_reports,
)
from smcontract.reports._io import atomic_write


def test_writes_every_default_format_and_leaves_no_temp_files(stream, fold, tmp_path):
    paths = write_reports(fold(stream).report(), tmp_path)
    assert [p.name for p in paths] == [FILE_NAMES[f] for f in DEFAULT_FORMATS]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in paths)
    assert all(p.stat().st_size > 0 for p in paths)


def test_an_existing_file_is_replaced_whole(stream, fold, tmp_path):
    old = tmp_path / "report.md"
    old.write_text("OLD CONTENT\n" * 100_000, "utf-8")
    old.chmod(0o640)
    (path,) = write_reports(fold(stream).report(), tmp_path, formats=["md"])
    text = path.read_text("utf-8")
    assert "OLD CONTENT" not in text
    assert text.startswith("## smcontract conformance report")
    assert (path.stat().st_mode & 0o777) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["report.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old", "utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ReportDirError, match="no space left on device"):
        atomic_write(target, b"new")
    assert target.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_new_files_are_readable_by_others(stream, fold, tmp_path):
    (path,) = write_reports(fold(stream).report(), tmp_path, formats=["json"])
    assert (path.stat().st_mode & 0o777) == 0o644


def test_check_writable_creates_the_directory(tmp_path):
    target = tmp_path / "a" / "b"
    assert check_writable(target) == target
    assert target.is_dir()
    assert os.listdir(target) == []


def test_unwritable_directory_raises_report_dir_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    with pytest.raises(ReportDirError) as info:
        check_writable(blocker)
    assert isinstance(info.value, UsageError)
    assert info.value.path == str(blocker)
    assert "not a directory" in info.value.reason
    with pytest.raises(ReportDirError, match="not a directory"):
        check_writable(blocker / "sub")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only directory")
def test_read_only_directory_raises_report_dir_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ReportDirError, match="permission denied"):
            check_writable(tmp_path)
    finally:
        tmp_path.chmod(0o700)


def test_write_reports_into_an_unwritable_place(stream, fold, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    with pytest.raises(ReportDirError, match=str(blocker)):
        write_reports(fold(stream).report(), blocker / "reports")


def test_unknown_format_lists_the_known_ones(stream, fold, tmp_path):
    with pytest.raises(UsageError, match="expected some of json, junit, html, md, ndjson"):
        write_reports(fold(stream).report(), tmp_path, formats=["json", "pdf"])
    assert os.listdir(tmp_path) == []


def test_ndjson_is_streamed_not_written_from_a_report(stream, fold, tmp_path):
    assert "ndjson" in FORMATS
    with pytest.raises(UsageError, match="NdjsonSink"):
        write_reports(fold(stream).report(), tmp_path, formats=["ndjson"])
