"""``smcontract export openapi``: the document, and Schemathesis sending it to a moto server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from smcontract.contracts import ContractPack
from smcontract.contracts._openapi import ecma_pattern, openapi_document

if TYPE_CHECKING:
    from conftest import Needs

SCHEMATHESIS_HINT = "pip install -e '.[dev]' (Schemathesis is in the [bench] extra)"

# -- the pattern translation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("java", "ecma"),
    [
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$"),
        (r"(?!\s*$).+", r"^(?:(?![\t\n\v\f\r ]*$).+)$"),
        (r"[\S\s]*", r"^(?:[\S\t\n\v\f\r ]*)$"),
        (r"\S+", r"^(?:[^\t\n\v\f\r ]+)$"),
        (r"arn:aws[a-z\-]*:iam::\d{12}:role/?", r"^(?:arn:aws[a-z\-]*:iam::\d{12}:role/?)$"),
        ("[]a]", r"^(?:[\]a])$"),
    ],
)
def test_java_patterns_that_ecma_can_express(java: str, ecma: str) -> None:
    assert ecma_pattern(java) == (ecma, None)
    assert re.fullmatch(ecma, "") is None or re.fullmatch(java.replace(r"\s", " "), "")


@pytest.mark.parametrize(
    ("java", "why"),
    [
        (r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)", r"\p{...}"),
        ("[a-z&&[^b]]", "intersection"),
        ("[a-z[0-9]]", "nested or intersected"),
        ("a*+", "possessive"),
        ("(?>a)", "atomic"),
        ("${1,128}", "quantified anchor"),
        (r"\Qa\E", "quoting"),
    ],
)
def test_java_patterns_that_ecma_cannot_express(java: str, why: str) -> None:
    translated, reason = ecma_pattern(java)
    assert translated is None
    assert reason is not None
    assert why in reason


# -- the document ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document(pack: ContractPack) -> dict[str, Any]:
    return openapi_document(pack)


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"]
    assert document["info"]["version"]
    for item in document["paths"].values():
        operation = item["post"]
        assert set(operation["responses"]) >= {"200", "default"}
        assert operation["requestBody"]["content"]["application/json"]["schema"]["type"] == "object"
    json.dumps(document, allow_nan=False)  # strict JSON
    try:
        from openapi_spec_validator import validate
        from openapi_spec_validator.versions.shortcuts import get_spec_version
    except ImportError:  # the structural checks above are what is left
        return
    validate(document)
    assert str(get_spec_version(document)).startswith("OpenAPIV3.1")


def test_one_path_per_operation(document: dict[str, Any], pack: ContractPack) -> None:
    assert list(document["paths"]) == [f"/_/{name}" for name in pack.default_operations()]
    describe = document["paths"]["/_/DescribeModel"]["post"]
    assert describe["operationId"] == "DescribeModel"
    assert describe["x-amz-target"] == "SageMaker.DescribeModel"
    assert set(describe["responses"]) == {"200", "400", "default"}


def test_request_schemas_carry_the_model_rules(document: dict[str, Any]) -> None:
    create = document["paths"]["/_/CreateModel"]["post"]
    schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert schema["type"] == "object"
    assert "ModelName" in schema["required"]
    name = schema["properties"]["ModelName"]
    assert name == {
        "type": "string",
        "minLength": 0,
        "maxLength": 63,
        "pattern": "^(?:[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?)$",
    }
    tags = schema["properties"]["Tags"]
    assert tags["type"] == "array"
    assert tags["maxItems"] == 50
    assert tags["items"]["required"] == ["Key", "Value"]
    environment = schema["properties"]["PrimaryContainer"]["properties"]["Environment"]
    assert environment["type"] == "object"
    assert environment["maxProperties"] == 100
    assert environment["propertyNames"]["maxLength"] == 1024
    assert environment["additionalProperties"]["type"] == "string"
    # Cross-field rules have no JSON Schema form: they are named instead.
    assert (
        "CreateModel.(PrimaryContainer|Containers).exactly-one"
        in (create["x-smcontract-unexpressed"])
    )


def test_ranges_and_enums(document: dict[str, Any]) -> None:
    listing = document["paths"]["/_/ListModels"]["post"]
    schema = listing["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["MaxResults"]["minimum"] == 1
    assert schema["properties"]["MaxResults"]["maximum"] == 100
    assert schema["properties"]["SortOrder"]["enum"] == ["Ascending", "Descending"]


def test_unicode_property_patterns_are_left_out_with_a_note(document: dict[str, Any]) -> None:
    create = document["paths"]["/_/CreateModel"]["post"]
    schema = create["requestBody"]["content"]["application/json"]["schema"]
    key = schema["properties"]["Tags"]["items"]["properties"]["Key"]
    assert "pattern" not in key
    assert "\\p{" in key["x-smcontract-note"]
    assert "left out" in key["x-smcontract-note"]


def test_response_schemas_come_from_the_output_rules(document: dict[str, Any]) -> None:
    describe = document["paths"]["/_/DescribeModel"]["post"]
    schema = describe["responses"]["200"]["content"]["application/x-amz-json-1.1"]["schema"]
    assert {"ModelName", "CreationTime", "ModelArn"} <= set(schema["required"])
    assert schema["properties"]["CreationTime"]["type"] == "number"


def test_the_cli_writes_the_document(tmp_path: Path) -> None:
    from smcontract.cli import main

    out = tmp_path / "openapi.json"
    result = CliRunner().invoke(
        main, ["export", "openapi", "--out", str(out), "-o", "DescribeModel"]
    )
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert list(written["paths"]) == ["/_/DescribeModel"]
    assert "SCHEMATHESIS_HOOKS=smcontract.schemathesis_hooks" in result.output


def test_the_cli_prints_to_stdout_and_refuses_unknown_operations() -> None:
    from smcontract.cli import main

    result = CliRunner().invoke(main, ["export", "openapi", "-o", "ListModels"])
    assert result.exit_code == 0
    assert json.loads(result.output)["openapi"] == "3.1.0"
    result = CliRunner().invoke(main, ["export", "openapi", "-o", "DescribeModle"])
    assert result.exit_code == 2
    assert "DescribeModel" in result.output


# -- the hooks, against a moto server ------------------------------------------------------


def test_the_auth_rewrites_the_request_and_signs_it() -> None:
    import requests
    from botocore.credentials import Credentials

    from smcontract.schemathesis_hooks import AwsJsonAuth

    auth = AwsJsonAuth(region="eu-west-1", credentials=Credentials("AKIDEXAMPLE", "secret"))
    prepared = requests.Request(
        "POST", "http://127.0.0.1:9/base/_/DescribeModel", json={"ModelName": "m"}, auth=auth
    ).prepare()
    assert prepared.url == "http://127.0.0.1:9/base/"
    assert prepared.headers["X-Amz-Target"] == "SageMaker.DescribeModel"
    assert prepared.headers["Content-Type"] == "application/x-amz-json-1.1"
    authorization = prepared.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/sagemaker/aws4_request" in authorization
    assert "secret" not in authorization
    # A path the document does not define is left alone.
    other = requests.Request("GET", "http://127.0.0.1:9/health", auth=auth).prepare()
    assert other.url == "http://127.0.0.1:9/health"
    assert "Authorization" not in other.headers


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    from smcontract.suites.targets import MotoServerTarget, open_target

    target = open_target("moto-server")
    assert isinstance(target, MotoServerTarget)
    try:
        yield target.url
    finally:
        target.close()


@pytest.mark.server
def test_schemathesis_sends_signed_aws_json_to_moto(
    moto_url: str, pack: ContractPack, monkeypatch: pytest.MonkeyPatch, needs: Needs
) -> None:
    import requests
    from hypothesis import HealthCheck, given, settings

    schemathesis: Any = needs.module("schemathesis", SCHEMATHESIS_HINT)

    from smcontract.schemathesis_hooks import AwsJsonAuth

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    # Without the hook moto's server takes the request for S3 and answers XML.
    plain = requests.post(f"{moto_url}/_/DescribeModel", json={"ModelName": "m"}, timeout=10)
    assert not plain.headers.get("Content-Type", "").startswith("application/x-amz-json")

    document = openapi_document(pack, operations=["CreateModel", "DescribeModel"])
    schema = schemathesis.openapi.from_dict(document)
    auth = AwsJsonAuth(region="us-east-1")
    answers: list[tuple[str, int, Any]] = []

    def sender(path: str) -> Any:
        @settings(
            max_examples=5,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=schema[path]["POST"].as_strategy())
        def send(case: Any) -> None:
            response = case.call(base_url=moto_url, auth=auth)
            headers = {k.lower(): v for k, v in response.headers.items()}
            content_type = headers.get("content-type") or [""]
            if isinstance(content_type, list):
                content_type = content_type[0]
            answers.append((path, response.status_code, content_type))
            json.loads(response.content or b"{}")  # moto answered JSON, not S3's XML

        return send

    for path in ("/_/CreateModel", "/_/DescribeModel"):
        sender(path)()

    assert {path for path, _, _ in answers} == {"/_/CreateModel", "/_/DescribeModel"}
    for path, status, content_type in answers:
        assert status < 500, (path, status)
        assert "json" in str(content_type), (path, status, content_type)
    # Describe of a model that does not exist: moto's JSON error, so signed and targeted.
    assert any(path == "/_/DescribeModel" and status == 400 for path, status, _ in answers)


@pytest.mark.server
def test_the_schemathesis_cli_runs_with_the_hooks(
    moto_url: str, pack: ContractPack, tmp_path: Path, needs: Needs
) -> None:
    import os
    import subprocess

    needs.module("schemathesis", SCHEMATHESIS_HINT)
    st = needs.tool("st", hint=SCHEMATHESIS_HINT)
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(openapi_document(pack, operations=["DescribeModel"])))
    har = tmp_path / "run.har"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "SCHEMATHESIS_HOOKS": "smcontract.schemathesis_hooks",
        "NO_COLOR": "1",
    }
    args = [st, "run", str(spec), "--url", moto_url, "--phases", "fuzzing", "--mode", "positive"]
    args += ["--max-examples", "5", "--seed", "1", "--report", "har"]
    args += ["--report-har-path", str(har)]
    done = subprocess.run(
        args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    out = done.stdout + done.stderr
    assert "missing deserializers" not in out
    assert har.exists(), out[-3000:]
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert entries, out[-3000:]
    for entry in entries:
        sent = {h["name"].lower(): h["value"] for h in entry["request"]["headers"]}
        assert sent["x-amz-target"] == "SageMaker.DescribeModel"
        assert entry["request"]["url"] == moto_url + "/"
        assert (
            sent["authorization"].startswith("AWS4-HMAC-SHA256 ")
            or "Filtered" in (sent["authorization"])
        )
        got = {h["name"].lower(): h["value"] for h in entry["response"]["headers"]}
        # moto's SageMaker answered (a JSON 200 or error), not its S3 fallback's XML.
        assert got["content-type"].startswith("application/x-amz-json"), entry["response"]


# -- the bridge leaves methods alone and declares the documented errors ------------------------


def test_the_400_response_names_the_documented_errors(document: dict[str, Any]) -> None:
    rejected = document["paths"]["/_/DescribeCompilationJob"]["post"]["responses"]["400"]
    codes = {(e["code"], e["situation"]) for e in rejected["x-amz-errors"]}
    assert codes == {("ValidationException", "a broken rule"), ("ResourceNotFound", "not-found")}
    assert "ResourceNotFound (not-found)" in rejected["description"]


def test_the_schemathesis_config_accepts_the_documented_400s(document: dict[str, Any]) -> None:
    import tomllib

    from smcontract.contracts._openapi import schemathesis_config

    config = tomllib.loads(schemathesis_config(document))
    by_id = {entry["include-operation-id"]: entry for entry in config["operations"]}
    describe = by_id["DescribeCompilationJob"]["checks"]["positive_data_acceptance"]
    assert "400" in describe["expected-statuses"]
    assert "2xx" in describe["expected-statuses"]


def test_the_auth_keeps_the_method() -> None:
    import requests
    from botocore.credentials import Credentials

    from smcontract.schemathesis_hooks import AwsJsonAuth

    auth = AwsJsonAuth(credentials=Credentials("AKIDEXAMPLE", "secret"))
    for method in ("PUT", "TRACE", "POST"):
        prepared = requests.Request(
            method, "http://127.0.0.1:9/_/DescribeModel", json={"ModelName": "m"}, auth=auth
        ).prepare()
        assert prepared.method == method
        assert prepared.url == "http://127.0.0.1:9/"
        assert prepared.headers["X-Amz-Target"] == "SageMaker.DescribeModel"


@pytest.mark.server
def test_schemathesis_over_the_bridge_blames_no_method_and_no_documented_400(
    moto_url: str, pack: ContractPack, tmp_path: Path, needs: Needs
) -> None:
    import os
    import subprocess

    from smcontract.contracts._openapi import schemathesis_config

    needs.module("schemathesis", SCHEMATHESIS_HINT)
    st = needs.tool("st", hint=SCHEMATHESIS_HINT)
    document = openapi_document(pack, operations=["DescribeCompilationJob", "DeleteModel"])
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document))
    config = tmp_path / "schemathesis.toml"
    config.write_text(schemathesis_config(document))
    har = tmp_path / "run.har"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "SCHEMATHESIS_HOOKS": "smcontract.schemathesis_hooks",
        "NO_COLOR": "1",
    }
    args = [st, "--config-file", str(config), "run", str(spec), "--url", moto_url]
    args += ["--phases", "coverage,fuzzing", "--max-examples", "10", "--seed", "1"]
    args += ["--report", "har", "--report-har-path", str(har)]
    done = subprocess.run(
        args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    out = done.stdout + done.stderr
    assert har.exists(), out[-3000:]
    # Every method goes out as Schemathesis chose it (undeclared ones included) ...
    methods = {e["request"]["method"] for e in json.loads(har.read_text())["log"]["entries"]}
    assert methods - {"POST"}, methods
    assert "Unsupported method POST" not in out
    # ... and a documented not-found answer to a schema-valid name is no rejected valid data.
    assert "ST202" not in out, out[-3000:]
