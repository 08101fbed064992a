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
    params = {param["name"]: param for param in OPERATIONS["get"]["parameters"]}
    assert params["eval_id"]["in"] == "path" and params["eval_id"]["required"] is True
    assert params["after"]["schema"] == {"type": "string"}
    assert params["limit"]["schema"] == {"type": "integer", "default": 20}
    assert params["order"]["schema"] == {
        "type": "string",
        "enum": ["asc", "desc"],
        "default": "asc",
    }
    assert params["status"]["schema"]["enum"] == [
        "queued",
        "in_progress",
        "completed",
        "canceled",
        "failed",
    ]
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
        "/Error"
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


def test_data_source_union_has_the_three_variants_with_their_sources() -> None:
    union = [ref["$ref"].rsplit("/", 1)[-1] for ref in SCHEMAS["EvalRunDataSource"]["oneOf"]]
    assert union == [
        "CreateEvalJsonlRunDataSource",
        "CreateEvalCompletionsRunDataSource",
        "CreateEvalResponsesRunDataSource",
    ]

    def sources(name: str) -> list[str]:
        return [ref["$ref"].rsplit("/", 1)[-1] for ref in SCHEMAS[name]["oneOf"]]

    assert sources("JsonlRunSource") == ["EvalJsonlFileContentSource", "EvalJsonlFileIdSource"]
    assert "EvalStoredCompletionsSource" in sources("CompletionsRunSource")
    assert "EvalResponsesSource" in sources("ResponsesRunSource")


def test_core_schemas_are_real_objects() -> None:
    for name in ("EvalRun", "EvalRunList", "CreateEvalRunRequest", "EvalApiError", "Error"):
        assert SCHEMAS[name]["type"] == "object" and SCHEMAS[name]["properties"], name
    assert set(SCHEMAS["EvalRun"]["required"]) == set(SCHEMAS["EvalRun"]["properties"])
    counts = SCHEMAS["EvalRunResultCounts"]
    assert set(counts["required"]) == {"total", "errored", "failed", "passed"}


def test_metadata_limits_are_schema_constraints() -> None:
    metadata = SCHEMAS["Metadata"]["anyOf"][0]
    assert metadata["maxProperties"] == 16
    assert metadata["propertyNames"] == {"maxLength": 64}
    assert metadata["additionalProperties"] == {"type": "string", "maxLength": 512}


def test_shipped_openapi_json_is_the_spec() -> None:
    shipped = ROOT / "generated" / "openai_evals_runs_api" / "openapi.json"
    assert json.loads(shipped.read_text()) == SPEC
