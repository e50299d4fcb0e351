"""Commands that reproduce one finding: ``smcontract replay`` always, ``curl`` for URL targets.

Commands name environment variables for credentials (``$AWS_ACCESS_KEY_ID``), never their
values, and quote every value for a POSIX shell.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smcontract.suites.events import jsonable

__all__ = [
    "curl_command",
    "replay_command",
    "replay_path",
    "reproduce_commands",
    "target_url",
]

_DEFAULT_REGION = "us-east-1"
_TARGET_PREFIX = "SageMaker"
_HEREDOC = "EOF"


def _field(result: Any, name: str) -> Any:
    """``result.name`` for a :class:`~smcontract.reports.Result`, ``result[name]`` for a dict."""
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


def _request_of(result: Any) -> Any:
    """The recorded request, or ``None`` when there is none or only a truncation marker."""
    evidence = _field(result, "evidence")
    if evidence is None:
        return None
    if isinstance(evidence, Mapping):
        request = evidence.get("request")
    else:
        request = getattr(evidence, "request", None)
    if isinstance(request, Mapping) and request.get("$truncated") is True:
        return None
    return request


def target_url(identity: Mapping[str, Any] | None) -> str | None:
    """The HTTP endpoint a target's requests go to, or ``None`` when there is none to curl.

    ``url`` targets (and moto-server) carry ``url``; a boto3 target talking to a real endpoint
    carries ``endpoint``. An in-process moto endpoint is fake and is not returned.
    """
    if not identity:
        return None
    url = identity.get("url")
    if url is None and identity.get("backing") != "moto":
        url = identity.get("endpoint")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return url
    return None


def replay_command(constraint_id: str, target: str, *, report_path: str = "report.json") -> str:
    """``smcontract replay REPORT CONSTRAINT_ID --target TARGET``, shell-quoted."""
    parts = ["smcontract", "replay", report_path, constraint_id, "--target", target]
    return shlex.join(parts)


def curl_command(operation: str, request: Any, url: str, region: str) -> str:
    """A SigV4-signed ``curl`` that sends ``request`` as ``operation`` to ``url``.

    The body goes through a quoted here-document, one line of ASCII JSON, so the shell
    expands nothing in it. A session token is sent only when ``$AWS_SESSION_TOKEN`` is set.
    """
    body = json.dumps(jsonable(request), ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    lines = [
        f"curl --aws-sigv4 {shlex.quote(f'aws:amz:{region}:sagemaker')}"
        ' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"'
        ' ${AWS_SESSION_TOKEN:+-H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"}'
        f" -H {shlex.quote(f'X-Amz-Target: {_TARGET_PREFIX}.{operation}')}"
        " -H 'Content-Type: application/x-amz-json-1.1'"
        f" --data-binary @- {shlex.quote(url)} <<'{_HEREDOC}'",
        body,
        _HEREDOC,
    ]
    return "\n".join(lines)


def reproduce_commands(
    result: Any, target_identity: Mapping[str, Any] | None, *, report_path: str = "report.json"
) -> list[str]:
    """Shell commands that reproduce ``result`` (a ``Result`` or its JSON dict).

    The first is always ``smcontract replay``; a ``curl`` follows when the target has an HTTP
    endpoint and the result has a recorded request.
    """
    constraint_id = str(_field(result, "constraint_id"))
    target = str(_field(result, "target"))
    commands = [replay_command(constraint_id, target, report_path=report_path)]
    request = _request_of(result)
    url = target_url(target_identity)
    if url is not None and request is not None:
        region = (target_identity or {}).get("region") or _DEFAULT_REGION
        operation = str(_field(result, "operation"))
        commands.append(curl_command(operation, request, url, str(region)))
    return commands


def replay_path(directory: str | os.PathLike[str], *, cwd: str | None = None) -> str:
    """The ``report.json`` in ``directory`` as the printed commands name it: relative to
    ``cwd`` (default: the working folder the run was started from), so that a command pasted
    there works; absolute when no relative path exists (another drive)."""
    file = Path(directory) / "report.json"
    try:
        return os.path.relpath(file, cwd if cwd is not None else os.getcwd())
    except ValueError:
        return str(file.resolve())
