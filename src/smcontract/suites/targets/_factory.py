"""``open_target(spec)``: one string on the command line, one :class:`Target` back."""

from __future__ import annotations

from smcontract.errors import UsageError
from smcontract.suites.targets._base import Target

__all__ = ["SPEC_FORMS", "open_target"]

#: The accepted forms of a target spec, for help texts and error messages.
SPEC_FORMS = (
    "moto (in-process moto, the default)",
    "moto-server (moto's server started on a free 127.0.0.1 port)",
    "boto3 or boto3:BACKING (boto3 with client-side validation in front of in-process moto,"
    " or of BACKING: moto-server or a URL)",
    "http://HOST:PORT or https://HOST (any endpoint, SigV4-signed AWS JSON 1.1)",
    "adapter:COMMAND[#backing=moto-server|URL&reset=/PATH] (a JSON-lines adapter program,"
    " e.g. adapter:node adapters/js/adapter.mjs#backing=moto-server)",
    "reference (smcontract's strict reference implementation of the contracts, in process)",
)


def open_target(
    spec: str,
    *,
    region: str = "us-east-1",
    timeout: float = 10.0,
    max_body: int = 5 * 2**20,
    backing: str | None = None,
) -> Target:
    """Open the target that ``spec`` names; see :data:`SPEC_FORMS`.

    ``backing`` is what a ``boto3`` or ``adapter:`` target calls: ``"moto"`` (in-process,
    boto3 only, its default), ``"moto-server"``, or a URL; ``"boto3:BACKING"`` says the same
    in the spec, and is the name such a target reports, so names open again as specs. An
    adapter without a backing calls ``$SMCONTRACT_ENDPOINT`` as set in the environment.

    Raises :class:`UsageError` for a spec or backing of no accepted form, and
    :class:`TargetError` for a target that cannot be used (unreachable URL, adapter command
    not found, moto server that does not start).
    """
    if timeout <= 0:
        raise UsageError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if max_body <= 0:
        raise UsageError(f"max_body must be a positive number of bytes, got {max_body!r}")
    text, backing = _split_backing(spec, backing)
    _check_backing(backing)
    target = _construct(text, backing, region=region, timeout=timeout, max_body=max_body)
    if target is None:
        raise UsageError(f"unknown target {spec!r}; expected one of: " + "; ".join(SPEC_FORMS))
    return target


def _split_backing(spec: str, backing: str | None) -> tuple[str, str | None]:
    """The target's form and its backing, from ``boto3:BACKING`` or the ``backing`` argument."""
    text = spec.strip()
    if text.startswith("boto3:"):
        inline = text.removeprefix("boto3:")
        if backing is not None and backing != inline:
            raise UsageError(
                f"target {spec!r} names backing {inline!r} but backing {backing!r} was "
                "also given; pass one"
            )
        text, backing = "boto3", inline
    if backing is not None and not (text == "boto3" or text.startswith("adapter:")):
        raise UsageError(
            f"a backing ({backing!r}) only applies to the boto3 and adapter: targets, "
            f"not to {spec!r}"
        )
    return text, backing


def _construct(
    text: str, backing: str | None, *, region: str, timeout: float, max_body: int
) -> Target | None:
    """The target of form ``text`` (its module imported only now), or None for no form."""
    if text == "moto":
        from smcontract.suites.targets._moto import MotoTarget

        return MotoTarget(region=region, max_body=max_body)
    if text == "reference":
        from smcontract.suites.targets._reference import ReferenceTarget

        return ReferenceTarget(region=region)
    if text == "moto-server":
        from smcontract.suites.targets._moto_server import MotoServerTarget

        return MotoServerTarget(region=region, timeout=timeout, max_body=max_body)
    if text == "boto3":
        from smcontract.suites.targets._boto3 import Boto3Target

        return Boto3Target(backing=backing, region=region, timeout=timeout, max_body=max_body)
    if text.startswith(("http://", "https://")):
        from smcontract.suites.targets._http import UrlTarget

        return UrlTarget(text, region=region, timeout=timeout, max_body=max_body)
    if text.startswith("adapter:"):
        from smcontract.suites.targets._adapter import AdapterTarget

        return AdapterTarget(
            text.removeprefix("adapter:"),
            backing=backing,
            region=region,
            timeout=timeout,
            max_body=max_body,
        )
    return None


def _check_backing(backing: str | None) -> None:
    if backing is None or backing in ("moto", "moto-server"):
        return
    if backing.startswith(("http://", "https://")):
        return
    raise UsageError(
        f"unknown backing {backing!r}; expected moto, moto-server or an http(s):// URL"
    )
