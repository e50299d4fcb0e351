"""The hand-written prose contracts quote their sources exactly and refer to rules that exist.

Every ``seed`` quote is a verbatim substring of its seed file, and every ``model-doc`` quote a
verbatim substring of the installed botocore's documentation of that shape (or member, or
``operation:<Name>``), both compared with whitespace runs collapsed and HTML tags stripped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest

ROOT = Path(__file__).resolve().parents[1]
PROSE = ROOT / "contracts" / "prose"
MODEL = ROOT / "contracts" / "model"
FILES = sorted(PROSE.glob("*.json"))


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _sources(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, source) for every source and corroboration of every constraint and example."""
    for item in document["constraints"]:
        yield item["id"], item["source"]
        for index, extra in enumerate(item.get("corroborated_by", ())):
            yield f"{item['id']} corroborated_by[{index}]", extra
    for example in document.get("examples", ()):
        yield f"example {example['id']}", example["source"]


_MODEL = None


def _model_doc(shape: str, member: str | None) -> str:
    global _MODEL
    if _MODEL is None:
        _MODEL = botocore.session.get_session().get_service_model("sagemaker")
    if shape.startswith("operation:"):
        raw = _MODEL.operation_model(shape.split(":", 1)[1]).documentation
    else:
        node = _MODEL.shape_for(shape)
        raw = node.members[member].documentation if member else node.documentation
    return _ws(html.unescape(re.sub(r"<[^>]+>", " ", raw or "")))


def test_there_are_prose_documents() -> None:
    assert FILES, f"no prose contracts in {PROSE}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_document_is_canonical(path: Path) -> None:
    document = _load(path)
    assert document["document"] == "operation"
    assert document["origin"] == "prose"
    assert document["operation"] == path.stem
    ids = [item["id"] for item in document["constraints"]]
    assert ids == sorted(ids), "constraints must be sorted by id"
    text = path.read_text("utf-8")
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n", (
        "write the file with indent 2 and a trailing newline"
    )


def test_ids_are_unique_and_name_their_operation() -> None:
    seen: dict[str, str] = {}
    for path in FILES:
        document = _load(path)
        operation = document["operation"]
        for item in document["constraints"]:
            cid = item["id"]
            assert cid.startswith((f"{operation}.", f"{operation}#out.")), (
                f"{path.name}: {cid} does not start with {operation}"
            )
            assert ("#out." in cid) == (item["direction"] == "output"), cid
            assert cid not in seen, f"{cid} is in both {seen[cid]} and {path.name}"
            seen[cid] = path.name
        example_ids = [example["id"] for example in document.get("examples", ())]
        assert len(example_ids) == len(set(example_ids)), f"{path.name}: duplicate example ids"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_seed_quotes_are_verbatim(path: Path, seeds: Path) -> None:
    texts: dict[str, str] = {}
    wrong = []
    for label, source in _sources(_load(path)):
        if source["origin"] != "seed":
            continue
        file = seeds / source["file"]
        if not file.is_file():
            wrong.append(f"{label}: no seed file {source['file']}")
            continue
        text = texts.setdefault(file.name, _ws(file.read_text("utf-8")))
        if _ws(source["quote"]) not in text:
            wrong.append(f"{label}: not in {file.name}: {source['quote']!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_model_doc_quotes_are_verbatim(path: Path) -> None:
    wrong = []
    for label, source in _sources(_load(path)):
        if source["origin"] != "model-doc":
            continue
        try:
            doc = _model_doc(source["shape"], source.get("member"))
        except (KeyError, botocore.exceptions.BotoCoreError) as err:
            wrong.append(
                f"{label}: no documentation for {source['shape']}.{source.get('member')}: {err}"
            )
            continue
        if _ws(source["quote"]) not in doc:
            wrong.append(
                f"{label}: not in the doc of {source['shape']}"
                f"{'.' + source['member'] if source.get('member') else ''} (quoted from "
                f"botocore {source['botocore_version']}, installed {botocore.__version__}): "
                f"{source['quote']!r}"
            )
    assert not wrong, "\n".join(wrong)


def _all_prose_ids() -> set[str]:
    return {item["id"] for path in FILES for item in _load(path)["constraints"]}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_references_name_existing_rules(path: Path) -> None:
    """superseded_by / implies name a prose rule or a rule of contracts/model/<Op>.json."""
    document = _load(path)
    model_file = MODEL / path.name
    assert model_file.is_file(), f"prose/{path.name} has no contracts/model/{path.name}"
    model_ids = {item["id"] for item in _load(model_file)["constraints"]}
    prose_ids = _all_prose_ids()
    wrong = []
    for item in document["constraints"]:
        if item.get("status") == "superseded":
            assert "superseded_by" in item, f"{item['id']}: superseded without superseded_by"
        if item.get("status") == "untestable":
            assert item.get("note"), f"{item['id']}: untestable without a note"
        refs = [*item.get("implies", ()), *filter(None, [item.get("superseded_by")])]
        for ref in refs:
            if ref not in prose_ids and ref not in model_ids:
                wrong.append(
                    f"{item['id']} refers to {ref}, "
                    f"which is in neither prose/ nor model/{model_file.name}"
                )
    assert not wrong, "\n".join(wrong)


def test_examples_satisfy_the_contract() -> None:
    """Every documented example request passes the oracle (model and prose rules)."""
    from smcontract.contracts import load_contracts, validate

    pack = load_contracts()
    wrong = []
    for path in FILES:
        document = _load(path)
        for example in document.get("examples", ()):
            for violation in validate(document["operation"], example["request"], pack=pack):
                wrong.append(f"{document['operation']} example {example['id']}: {violation}")
    assert not wrong, "\n".join(wrong)
