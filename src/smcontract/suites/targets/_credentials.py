"""Where URL targets get credentials to sign with, and how they talk about them.

The usual boto3/botocore chain (environment, shared files, SSO, process, container and instance
roles) is asked first. A loopback endpoint (127.0.0.0/8, ``localhost``, ``::1``) with no
credentials found gets the dummy pair ``testing``/``testing``: local emulators only read the
credential scope. For loopback endpoints the chain skips the instance-metadata and container
providers, which can stall for a second or more off EC2 and never apply to a local emulator.

Credentials never leave this module except to sign: :func:`describe` names their *source*
only, and :meth:`Creds.secrets` lists the strings :mod:`._redact` must mask.
"""

from __future__ import annotations

import contextlib
import ipaddress
from dataclasses import dataclass
from typing import Any

__all__ = ["DUMMY", "Creds", "dummy_credentials", "is_loopback", "resolve_credentials"]

DUMMY = ("testing", "testing")

_REMOTE_ONLY_PROVIDERS = ("iam-role", "container-role")


def is_loopback(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ``::1``."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Creds:
    """A botocore credentials object with where it came from; ``repr`` shows no secret."""

    provider: Any  # botocore.credentials.Credentials (maybe refreshable)
    source: str  # "env", "shared-credentials-file", ..., or "dummy"

    def __repr__(self) -> str:
        return f"Creds(source={self.source!r})"

    @property
    def dummy(self) -> bool:
        return self.source == "dummy"

    def frozen(self) -> Any:
        """A fresh ``ReadOnlyCredentials`` (refreshable credentials refresh here)."""
        return self.provider.get_frozen_credentials()

    def secrets(self) -> tuple[str, ...]:
        """The strings to mask in outcomes: none for the dummy pair."""
        if self.dummy:
            return ()
        frozen = self.frozen()
        return tuple(s for s in (frozen.access_key, frozen.secret_key, frozen.token) if s)


def dummy_credentials() -> Creds:
    from botocore.credentials import Credentials

    return Creds(Credentials(*DUMMY), "dummy")


def resolve_credentials(*, loopback: bool) -> Creds | None:
    """Credentials from the boto3 chain; the dummy pair for loopback when the chain has none."""
    try:
        found = _from_chain(loopback=loopback)
    except Exception as exc:  # a missing or broken profile, an expired SSO session, ...
        from smcontract.errors import TargetError

        raise TargetError(
            f"could not load AWS credentials ({type(exc).__name__}: {exc}); fix the profile "
            "or the AWS_* environment variables"
        ) from None
    if found is not None:
        return Creds(found, str(getattr(found, "method", None) or "chain"))
    return dummy_credentials() if loopback else None


def _from_chain(*, loopback: bool) -> Any:
    import botocore.session

    session = botocore.session.get_session()
    if loopback:
        resolver = session.get_component("credential_provider")
        for name in _REMOTE_ONLY_PROVIDERS:
            with contextlib.suppress(Exception):  # a provider this botocore does not have
                resolver.remove(name)
    return session.get_credentials()
