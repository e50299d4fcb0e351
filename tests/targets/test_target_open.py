"""open_target: the accepted specs, and the errors a user sees for the others."""

from __future__ import annotations

import inspect
import socket
from pathlib import Path

import pytest
from faultserver import FaultServer

import smcontract.suites.targets as targets
from smcontract.errors import TargetError, UsageError
from smcontract.suites.targets import Boto3Target, MotoTarget, Target, open_target


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_exported_names_are_the_public_names() -> None:
    public = {  # dir(): the names imported at once and those named lazily
        name
        for name in dir(targets)
        if not name.startswith(("_", "@"))  # "@": pytest's assertion rewriting
        and not inspect.ismodule(getattr(targets, name))
    }
    public -= {"annotations"}
    assert sorted(targets.__all__) == sorted(public)


def test_default_is_moto_in_process() -> None:
    target = open_target("moto")
    assert isinstance(target, MotoTarget)
    assert isinstance(target, Target)
    assert target.name == "moto"


def test_unreachable_url_is_a_target_error() -> None:
    port = _closed_port()
    with pytest.raises(TargetError) as info:
        open_target(f"http://127.0.0.1:{port}")
    assert str(info.value) == (
        f"cannot reach http://127.0.0.1:{port} (connection refused); is the service running? "
        "start it or pass another --target"
    )
    assert info.value.exit_code == 2


def test_unresolvable_host_is_a_target_error() -> None:
    with pytest.raises(TargetError, match=r"^cannot reach http://no-such-host\.invalid \(host"):
        open_target("http://no-such-host.invalid")


@pytest.mark.parametrize("spec", ["mtoo", "ftp://example.com", "", "adapter", "BOTO3"])
def test_bad_spec_is_a_usage_error_listing_the_forms(spec: str) -> None:
    with pytest.raises(UsageError) as info:
        open_target(spec)
    text = str(info.value)
    assert text.startswith(f"unknown target {spec!r}; expected one of: moto (")
    for form in ("moto-server", "boto3", "http://HOST:PORT", "adapter:COMMAND"):
        assert form in text


def test_url_without_host_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="is not an http:// or https:// URL with a host"):
        open_target("http://")


def test_empty_adapter_command_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="adapter target needs a command"):
        open_target("adapter:")


def test_missing_adapter_program_is_a_target_error() -> None:
    with pytest.raises(TargetError, match=r"cannot start adapter 'no-such-program-xyz'"):
        open_target("adapter:no-such-program-xyz --flag")


@pytest.mark.parametrize(
    ("spec", "backing", "message"),
    [
        ("moto", "moto-server", "only applies to the boto3 and adapter: targets"),
        ("boto3", "localstack", "unknown backing 'localstack'"),
        ("adapter:python x.py", "moto", "cannot reach in-process moto"),
    ],
)
def test_bad_backing_is_a_usage_error(spec: str, backing: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        open_target(spec, backing=backing)


@pytest.mark.parametrize(("timeout", "max_body"), [(0, 10), (-1.0, 10), (1.0, 0)])
def test_bad_limits_are_usage_errors(timeout: float, max_body: int) -> None:
    with pytest.raises(UsageError):
        open_target("moto", timeout=timeout, max_body=max_body)


def test_url_without_credentials_off_loopback_is_a_target_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from smcontract.suites.targets import _http

    monkeypatch.setattr(_http, "check_reachable", lambda url, timeout: None)
    with pytest.raises(TargetError, match="no AWS credentials found to sign requests to"):
        open_target("https://api.sagemaker.us-east-1.amazonaws.com")


def test_url_with_userinfo_is_refused_without_echoing_it() -> None:
    with pytest.raises(UsageError) as info:
        open_target("http://user:hunter2secret@127.0.0.1:5000/")
    assert "hunter2secret" not in str(info.value)
    assert "'http://127.0.0.1:5000/' carries a user name or password" in str(info.value)


def test_boto3_backing_in_the_spec(fault_server: FaultServer) -> None:
    target = open_target(f"boto3:{fault_server.url}")
    try:
        assert isinstance(target, Boto3Target)
        assert target.identity()["backing"] == fault_server.url
        again = open_target(target.name)  # a name opens again as a spec
        assert again.identity()["backing"] == fault_server.url
        again.close()
    finally:
        target.close()


def test_boto3_backing_twice_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="pass one"):
        open_target("boto3:moto", backing="moto-server")


def test_broken_credentials_config_is_a_target_error(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile broken]\ncredential_process = \n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_PROFILE", "missing-profile")
    with pytest.raises(TargetError, match=r"^could not load AWS credentials \(ProfileNotFound"):
        open_target(fault_server.url)
