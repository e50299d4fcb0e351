"""Strict mode on every botocore session and SageMaker client of the process (the pytest option).

* Sessions created from now on: every new ``botocore.session.Session`` registers the entries
  of ``botocore.handlers.BUILTIN_HANDLERS`` when it is created (boto3 sessions, and so
  boto3's default session, wrap one); strict mode appends its handler there, as moto's
  ``mock_aws`` does for its own. That list is botocore's, not documented API: this module is
  the only place that touches it, and ``tests/strictmode/test_everywhere.py`` fails loudly if
  a new session stops picking the handler up.
* Sessions and clients that exist already (a default session or a client a conftest made at
  import): found once, with :func:`gc.get_objects`, and attached like ``strict(session)``.
"""

from __future__ import annotations

import gc
from typing import Any

from smcontract.strictmode._hook import EVENT, StrictMode

__all__ = ["Everywhere"]


class Everywhere:
    """Attach one :class:`StrictMode` to every session and SageMaker client, present and future."""

    def __init__(self, handle: StrictMode) -> None:
        from botocore.handlers import REGISTER_LAST

        self.handle = handle
        self._spec: tuple[Any, ...] = (EVENT, handle.on_params, REGISTER_LAST)
        self.existing = 0  # sessions and clients found when installed

    def install(self) -> None:
        from botocore.handlers import BUILTIN_HANDLERS

        if self._spec not in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.append(self._spec)
        self.existing = 0
        for emitter in _existing_emitters():
            self.handle.register(emitter)
            self.existing += 1

    def uninstall(self) -> None:
        """Stop: sessions made meanwhile keep a handler that does nothing (``active`` is off)."""
        from botocore.handlers import BUILTIN_HANDLERS

        while self._spec in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.remove(self._spec)
        self.handle.close()


def _existing_emitters() -> list[Any]:
    import botocore.client
    import botocore.session

    emitters = []
    for obj in gc.get_objects():
        if isinstance(obj, botocore.session.Session):
            emitters.append(obj.get_component("event_emitter"))
        elif (
            isinstance(obj, botocore.client.BaseClient)
            and obj.meta.service_model.service_name == "sagemaker"
        ):
            emitters.append(obj.meta.events)
    return emitters
