"""Strict mode on every session and client of the process (what the pytest option installs).

``Everywhere`` relies on ``botocore.handlers.BUILTIN_HANDLERS``, which botocore does not
document: these tests fail loudly if a new session stops picking the handler up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.handlers
import pytest
from tests.strictmode.conftest import offline, session

from smcontract.strictmode import Everywhere, StrictMode


@pytest.fixture
def everywhere() -> Iterator[Everywhere]:
    installed = Everywhere(StrictMode("record"))
    before = list(botocore.handlers.BUILTIN_HANDLERS)
    yield installed
    installed.uninstall()
    assert before == botocore.handlers.BUILTIN_HANDLERS


def _call(client: Any) -> None:
    client.describe_model(ModelName="a_b")


def test_sessions_and_clients_made_before_and_after_are_checked(everywhere: Everywhere) -> None:
    early_session = session()
    early_client = offline(session().client("sagemaker"))
    everywhere.install()
    assert everywhere.existing >= 2
    _call(offline(early_session.client("sagemaker")))  # a client of an older session
    _call(early_client)  # a client made before
    _call(offline(session().client("sagemaker")))  # a new session (BUILTIN_HANDLERS)
    row = everywhere.handle.ledger.rows[("DescribeModel", "DescribeModel.ModelName.pattern")]
    assert row.count == 3


def test_installing_twice_checks_a_call_once(everywhere: Everywhere) -> None:
    everywhere.install()
    everywhere.install()
    _call(offline(session().client("sagemaker")))
    assert everywhere.handle.ledger.checked == {"DescribeModel": 1}


def test_after_uninstall_nothing_is_checked(everywhere: Everywhere) -> None:
    everywhere.install()
    old = offline(session().client("sagemaker"))
    everywhere.uninstall()
    _call(old)
    _call(offline(session().client("sagemaker")))
    assert everywhere.handle.ledger.checked == {}
