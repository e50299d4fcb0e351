"""The moto hook: moto's per-request action lookup, cached, changes no answer of moto's."""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator
from typing import Any

import pytest
from moto.core import responses, utils
from moto.core.responses import BaseResponse

from smcontract.strategies import boundaries
from smcontract.suites.targets import MotoTarget, Outcome
from smcontract.suites.targets import _moto_hook as hook


@pytest.fixture
def restored() -> Iterator[None]:
    """Whatever a test does to the hook, the process gets it back installed, as the target
    leaves it."""
    yield
    hook.install()


def _response_classes() -> list[type]:
    seen: list[type] = []
    todo: list[type] = [BaseResponse]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(c for c in cls.__subclasses__() if c not in seen)
    return seen


def test_moto_still_looks_actions_up_the_way_the_hook_replaces() -> None:
    """Fails when moto changes what the hook relies on: revisit ``_moto_hook`` then."""
    source = inspect.getsource(BaseResponse.call_action)
    assert "method_names_from_class(self.__class__)" in source
    assert "inspect.getmembers" in inspect.getsource(utils.method_names_from_class)
    hook.install()
    assert hook.installed()
    assert hook._original is utils.method_names_from_class


def test_cached_names_equal_moto_s_for_every_response_class() -> None:
    import moto.sagemaker.responses  # noqa: F401  (registers SageMakerResponse)

    hook.install()
    classes = _response_classes()
    assert len(classes) > 1
    with hook.active():
        for cls in classes:
            first = responses.method_names_from_class(cls)
            assert first == utils.method_names_from_class(cls), cls
            first.append("mutated by a caller")  # a caller's list is its own
            assert responses.method_names_from_class(cls) == utils.method_names_from_class(cls)


def test_outside_the_target_moto_s_own_function_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    hook.install()
    calls: list[object] = []
    monkeypatch.setattr(hook, "_original", lambda clazz: calls.append(clazz) or ["x"])

    class Fresh(BaseResponse):
        pass

    assert responses.method_names_from_class(Fresh) == ["x"]
    assert responses.method_names_from_class(Fresh) == ["x"]
    assert len(calls) == 2  # not cached: a user's own mock_aws is left as it is
    with hook.active():
        responses.method_names_from_class(Fresh)
        responses.method_names_from_class(Fresh)
    assert len(calls) == 3  # cached inside the target's dispatch


def test_the_target_introspects_once(
    moto: MotoTarget, monkeypatch: pytest.MonkeyPatch, restored: None
) -> None:
    counted = [0]
    real = inspect.getmembers

    def getmembers(*args: Any, **kwargs: Any) -> Any:
        counted[0] += 1
        return real(*args, **kwargs)

    moto.invoke("ListModels", {})  # the target's first request installs the hook
    monkeypatch.setattr(inspect, "getmembers", getmembers)
    hook.uninstall()
    for _ in range(5):
        moto.invoke("ListModels", {})
    assert counted[0] >= 5
    counted[0] = 0
    hook.install()
    for _ in range(5):
        moto.invoke("ListModels", {})
    assert counted[0] <= 1


def _stable(value: Any, key: str = "") -> Any:
    """An outcome's body with the clock taken out (times differ between two runs)."""
    if isinstance(value, dict):
        return {k: _stable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if key.endswith("Time") and isinstance(value, int | float) and math.isfinite(value):
        return "<time>"
    return value


def _answers(moto: MotoTarget, requests: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    moto.reset()
    out: list[Any] = []
    for operation, params in requests:
        o: Outcome = moto.invoke(operation, params)
        out.append((o.status, o.error_code, o.message, _stable(o.body), o.layer, o.fault, o.detail))
    return out


def test_answers_are_the_same_with_and_without_the_hook(moto: MotoTarget, restored: None) -> None:
    requests: list[tuple[str, dict[str, Any]]] = [
        (case.operation, dict(case.request)) for case in boundaries("CreateModel")
    ]
    names = [p["ModelName"] for _, p in requests if isinstance(p.get("ModelName"), str)][:20]
    requests += [("DescribeModel", {"ModelName": n}) for n in names]
    requests += [
        ("ListModels", {}),
        ("ListModels", {"MaxResults": 2}),
        ("DeleteModel", {"ModelName": names[0]}),
        ("DescribeModel", {"ModelName": names[0]}),
        ("DescribeCompilationJob", {"CompilationJobName": "absent"}),
        ("ListTrialComponents", {}),
        ("StopCompilationJob", {"CompilationJobName": "c"}),
        ("CreateUnicorn", {}),
    ]
    moto.invoke("ListModels", {})  # the target's first request installs the hook
    assert hook.installed()
    with_hook = _answers(moto, requests)
    hook.uninstall()
    without = _answers(moto, requests)
    assert len(with_hook) == len(requests) > 700
    assert with_hook == without
    assert {a[0] for a in with_hook} >= {200, 400}  # successes and rejections both compared
