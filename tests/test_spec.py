"""openapi.yaml: valid OpenAPI 3.1, faithful to the official operations, and free of the traps
NOTES.md lists (title collisions, non-nullable fields the live API sends as null)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parent.parent
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
OPERATIONS = SPEC["paths"]["/evals/{eval_id}/runs"]


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_walk(value))
    return found


def test_spec_passes_the_openapi_validator() -> None:
    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


def test_no_title_collisions() -> None:
    titles = Counter(node["title"] for node in _walk(SCHEMAS) if isinstance(node.get("title"), str))
    assert [title for title, count in titles.items() if count > 1] == []


def test_every_ref_resolves() -> None:
    refs = {node["$ref"] for node in _walk(SPEC) if "$ref" in node}
    for ref in refs:
        kind, name = ref.split("/")[-2:]
        assert name in SPEC["components"][kind], ref


def test_list_parameters_match_the_official_definition() -> None:
    # Rules, not today's values: a new status or order upstream must not fail here (the tests
    # below check that the client offers what the spec lists).
    params = {param["name"]: param for param in OPERATIONS["get"]["parameters"]}
    assert params["eval_id"]["in"] == "path" and params["eval_id"]["required"] is True
    assert params["after"]["schema"]["type"] == "string"
    assert params["limit"]["schema"]["type"] == "integer"
    for name in ("order", "status"):
        enum = params[name]["schema"]["enum"]
        assert enum and len(set(enum)) == len(enum), name
        assert all(isinstance(value, str) for value in enum), name
    assert all(param["in"] in ("path", "query") for param in params.values())
    responses = OPERATIONS["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/EvalRunList"
    )
    assert responses["429"]["$ref"].endswith("/TooManyRequests")


def test_create_operation_matches_the_official_definition() -> None:
    post = OPERATIONS["post"]
    assert post["requestBody"]["required"] is True
    assert set(post["responses"]) == {"201", "400", "429"}
    assert post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/EvalRun"
    )
    assert post["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorResponse"
    )
    retry_after = SPEC["components"]["responses"]["TooManyRequests"]["headers"]["Retry-After"]
    assert retry_after["schema"]["type"] == "integer"
    assert SPEC["servers"] == [{"url": "https://api.openai.com/v1"}]
    assert SPEC["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


@pytest.mark.parametrize("field", ["error", "per_model_usage", "per_testing_criteria_results"])
def test_fields_the_live_api_sends_as_null_are_nullable(field: str) -> None:
    branches = SCHEMAS["EvalRun"]["properties"][field]["anyOf"]
    assert {"type": "null"} in branches


@pytest.mark.parametrize(
    "variant", ["CreateEvalCompletionsRunDataSource", "CreateEvalResponsesRunDataSource"]
)
def test_sampling_params_are_nullable_and_use_the_real_field_name(variant: str) -> None:
    branches = SCHEMAS[variant]["properties"]["sampling_params"]["anyOf"]
    assert {"type": "null"} in branches
    params = SCHEMAS[branches[0]["$ref"].rsplit("/", 1)[-1]]["properties"]
    assert "max_completion_tokens" in params
    assert "max_completions_tokens" not in params


def _union(name: str) -> list[str]:
    return [ref["$ref"].rsplit("/", 1)[-1] for ref in SCHEMAS[name]["oneOf"]]


def _type_constant(name: str) -> str:
    (value,) = SCHEMAS[name]["properties"]["type"]["enum"]
    return str(value)


@pytest.mark.parametrize(
    "union",
    [
        "EvalRunDataSource",
        "CreateEvalRunDataSource",
        "JsonlRunSource",
        "CompletionsRunSource",
        "ResponsesRunSource",
    ],
)
def test_data_source_unions_dispatch_on_a_distinct_type(union: str) -> None:
    # The parser and the request checks pick a variant by its `type` constant: each variant must
    # have exactly one, and no two the same.
    variants = _union(union)
    assert variants, union
    constants = [_type_constant(name) for name in variants]
    assert len(set(constants)) == len(constants), (union, constants)
    assert "type" in SCHEMAS[variants[0]]["required"]


def test_runs_and_requests_have_separate_data_source_unions() -> None:
    # So an upstream change to one does not break the correction of the other.
    run = SCHEMAS["EvalRun"]["properties"]["data_source"]
    request = SCHEMAS["CreateEvalRunRequest"]["properties"]["data_source"]
    assert run == {"$ref": "#/components/schemas/EvalRunDataSource"}
    assert request == {"$ref": "#/components/schemas/CreateEvalRunDataSource"}


def test_core_schemas_are_real_objects() -> None:
    for name in ("EvalRun", "EvalRunList", "CreateEvalRunRequest", "EvalApiError", "Error"):
        assert SCHEMAS[name]["type"] == "object" and SCHEMAS[name]["properties"], name
    # Rules, not today's content: an optional field upstream adds later must not fail here.
    for name, schema in SCHEMAS.items():
        if "required" in schema:
            assert set(schema["required"]) <= set(schema.get("properties", {})), name


def test_metadata_limits_are_schema_constraints() -> None:
    metadata = SCHEMAS["Metadata"]["anyOf"][0]
    assert metadata["maxProperties"] == 16
    assert metadata["propertyNames"] == {"maxLength": 64}
    assert metadata["additionalProperties"] == {"type": "string", "maxLength": 512}


def test_shipped_openapi_json_is_the_spec() -> None:
    shipped = ROOT / "generated" / "openai_evals_runs_api" / "openapi.json"
    assert json.loads(shipped.read_text()) == SPEC
