"""`make update-spec`: openapi.yaml is exactly the official definitions plus spec/corrections.yaml.

The checked-in openapi.yaml is rebuilt byte for byte from spec/upstream.yaml (and from the official
reference file when it is around), so every difference from upstream is a listed correction. The
extraction works on a whole upstream file (hundreds of operations), upstream changes flow through,
and a correction that no longer applies stops the run naming it.
"""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "update_spec.py"
# The official definitions (openai/openai-openapi f85dbe22: the runs path item and its $ref
# closure, verbatim), kept with the tests so the byte-for-byte check runs everywhere; the shared
# reference folder, when present beside the repository, must hold the same file.
OFFICIAL = ROOT / "tests" / "data" / "openai-evals-runs.official.yaml"
SHARED_OFFICIAL = ROOT.parent / "shared" / "reference" / "openai-evals-runs.official.yaml"
EVAL_RUNS = "/evals/{eval_id}/runs"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_spec", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["update_spec"] = module
    spec.loader.exec_module(module)
    return module


update_spec = _load_script()
UPSTREAM: dict[str, Any] = update_spec.load_yaml(ROOT / "spec" / "upstream.yaml")
CORRECTIONS: dict[str, Any] = update_spec.load_yaml(ROOT / "spec" / "corrections.yaml")
CHECKED_IN = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
UPSTREAM_TEXT = (ROOT / "spec" / "upstream.yaml").read_text(encoding="utf-8")


def _build(upstream: dict[str, Any], corrections: dict[str, Any] | None = None) -> dict[str, Any]:
    _, text = update_spec.build(upstream, corrections or CORRECTIONS)
    spec: dict[str, Any] = yaml.safe_load(text)
    return spec


def _walk(node: Any) -> list[tuple[str, Any]]:
    """Every (key, value) pair of every mapping inside `node`."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((key, value))
            found.extend(_walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_walk(value))
    return found


# -- the checked-in files are what the tool builds ------------------------------------------------


def test_openapi_yaml_is_rebuilt_byte_for_byte_from_spec_upstream() -> None:
    upstream_text, spec_text = update_spec.build(copy.deepcopy(UPSTREAM), CORRECTIONS)
    assert upstream_text == UPSTREAM_TEXT
    assert spec_text == CHECKED_IN, (
        "openapi.yaml was edited: make the change in spec/corrections.yaml"
    )


def test_the_official_reference_file_is_extracted_unedited() -> None:
    # In the official file's own layout; what is extracted is its content, exactly.
    upstream_text, _ = update_spec.build_from_files(OFFICIAL)
    assert yaml.safe_load(upstream_text) == yaml.safe_load(OFFICIAL.read_text(encoding="utf-8"))


@pytest.mark.skipif(
    update_spec.load_yaml(OFFICIAL) != UPSTREAM,
    reason="spec/upstream.yaml comes from a newer upstream than the kept official file",
)
def test_the_official_reference_file_reproduces_the_checked_in_files() -> None:
    upstream_text, spec_text = update_spec.build_from_files(OFFICIAL)
    assert spec_text == CHECKED_IN
    assert upstream_text == UPSTREAM_TEXT


@pytest.mark.skipif(not SHARED_OFFICIAL.is_file(), reason="no shared reference folder here")
def test_the_kept_official_file_is_the_shared_reference() -> None:
    assert OFFICIAL.read_bytes() == SHARED_OFFICIAL.read_bytes()


def test_check_mode_on_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(ROOT / "spec" / "upstream.yaml"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "Usage"), (["/nonexistent/openapi.yaml"], "no such file")],
)
def test_command_line_usage_errors(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_the_result_is_free_of_what_the_corrections_drop() -> None:
    spec = yaml.safe_load(CHECKED_IN)
    keys = {key for key, _ in _walk(spec["paths"]) + _walk(spec["components"])}
    # `title` survives only as a field name: none of the schemas has one.
    schemas_with_title = [
        name
        for name, schema in spec["components"]["schemas"].items()
        if any(key == "title" and isinstance(value, str) for key, value in _walk(schema))
    ]
    assert schemas_with_title == []
    assert not {key for key in keys if key.startswith("x-")}
    # Free-form tools: none of the official tool union's 55 schemas is left.
    schemas = spec["components"]["schemas"]
    assert "Tool" not in schemas and "ChatCompletionTool" not in schemas
    assert "CompoundFilter" not in schemas  # its $recursiveRef went with the tools
    assert schemas["ToolDefinition"] == {
        "type": "object",
        "description": schemas["ToolDefinition"]["description"],
        "additionalProperties": True,
    }


def test_every_correction_has_a_one_line_reason() -> None:
    for entry in CORRECTIONS["corrections"]:
        assert isinstance(entry.get("why"), str) and entry["why"].strip(), entry
        assert "\n" not in entry["why"].strip(), entry
    for key in ("drop_everywhere",):
        for reason in CORRECTIONS[key].values():
            assert "\n" not in reason.strip()
    assert "\n" not in CORRECTIONS["lift_descriptions"].strip()


# -- a whole upstream file -------------------------------------------------------------------------


def _whole_upstream_file() -> dict[str, Any]:
    """The official subset inside a synthetic spec of hundreds of other operations and schemas."""
    upstream = copy.deepcopy(UPSTREAM)
    schemas = upstream["components"]["schemas"]
    paths: dict[str, Any] = {}
    for number in range(300):
        name = f"Widget{number:03d}"
        schemas[name] = {
            "type": "object",
            "title": name,
            "properties": {
                "id": {"type": "string"},
                "metadata": {"$ref": "#/components/schemas/Metadata"},
                "tool": {"$ref": "#/components/schemas/Tool"},
            },
            "x-oaiMeta": {"name": name},
        }
        paths[f"/widgets{number:03d}/{{widget_id}}"] = {
            "parameters": [{"$ref": "#/components/parameters/WidgetId"}],
            "get": {
                "operationId": f"getWidget{number:03d}",
                "tags": ["Widgets"],
                "responses": {
                    "200": {
                        "description": "A widget",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                    "429": {"$ref": "#/components/responses/TooManyRequests"},
                },
                "security": [{"AdminKey": []}],
            },
        }
    for number in range(400):  # referenced by nothing at all
        schemas[f"Unused{number:03d}"] = {"type": "string", "title": "Unused"}
    upstream["components"]["schemas"] = dict(sorted(schemas.items()))
    upstream["components"]["parameters"] = {
        "WidgetId": {
            "name": "widget_id",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
        }
    }
    upstream["components"]["securitySchemes"]["AdminKey"] = {"type": "http", "scheme": "bearer"}
    # Our path item in the middle of the others, with an operation of its own we do not wrap.
    ours = copy.deepcopy(upstream["paths"][EVAL_RUNS])
    ours["delete"] = {
        "operationId": "deleteEvalRuns",
        "tags": ["Evals"],
        "responses": {"204": {"description": "Deleted"}},
    }
    items = list(paths.items())
    upstream["paths"] = dict([*items[:150], (EVAL_RUNS, ours), *items[150:]])
    upstream["tags"] = [{"name": "Assistants"}, *upstream["tags"], {"name": "Widgets"}]
    upstream["webhooks"] = {"run.done": {"post": {"responses": {"200": {"description": "ok"}}}}}
    upstream["x-oaiMeta"] = {"navigationGroups": [{"id": "evals", "title": "Evals"}]}
    return upstream


def test_a_whole_upstream_file_gives_the_same_files() -> None:
    upstream = _whole_upstream_file()
    assert len(upstream["paths"]) == 301 and len(upstream["components"]["schemas"]) > 790
    upstream_text, spec_text = update_spec.build(upstream, CORRECTIONS)
    assert spec_text == CHECKED_IN
    assert upstream_text == UPSTREAM_TEXT  # what was extracted is the official subset, exactly


def test_the_command_line_extracts_from_a_whole_upstream_file(tmp_path: Path) -> None:
    whole = tmp_path / "openapi.yaml"
    whole.write_text(yaml.safe_dump(_whole_upstream_file(), sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(whole), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_extract_keeps_only_our_operations_and_what_they_reach() -> None:
    subset = update_spec.extract(_whole_upstream_file(), ["getEvalRuns", "createEvalRun"])
    assert list(subset["paths"]) == [EVAL_RUNS]
    assert list(subset["paths"][EVAL_RUNS]) == ["get", "post"]
    assert set(subset["components"]) == {"schemas", "responses", "securitySchemes"}
    assert list(subset["components"]["securitySchemes"]) == ["ApiKeyAuth"]
    assert [tag["name"] for tag in subset["tags"]] == ["Evals"]
    assert "webhooks" not in subset and "x-oaiMeta" not in subset
    assert not [
        name for name in subset["components"]["schemas"] if name.startswith(("Widget", "Unused"))
    ]
    assert subset == UPSTREAM


# -- upstream changes flow through -----------------------------------------------------------------


def _unused(name: str, taken: Any) -> str:
    """`name`, or a variant of it that `taken` does not hold (upstream may have added it since)."""
    while name in taken:
        name += "_next"
    return name


def test_a_new_eval_run_field_and_query_parameter_flow_through() -> None:
    upstream = _whole_upstream_file()
    schemas = upstream["components"]["schemas"]
    field = _unused("archived_at", schemas["EvalRun"]["properties"])
    parameter_name = _unused(
        "include_archived", {p["name"] for p in upstream["paths"][EVAL_RUNS]["get"]["parameters"]}
    )
    component = _unused("EvalRunArchive", schemas)
    archived_at = {
        "anyOf": [
            {"type": "integer", "description": "When the run was archived."},
            {"type": "null"},
        ]
    }
    schemas["EvalRun"]["properties"][field] = archived_at
    parameter = {
        "name": parameter_name,
        "in": "query",
        "required": False,
        "schema": {"type": "boolean", "default": False},
        "description": "Include archived runs.",
    }
    upstream["paths"][EVAL_RUNS]["get"]["parameters"].append(parameter)
    # A schema nobody used before, now referenced from a new field: it comes along.
    schemas[component] = {
        "type": "object",
        "title": "Archive",
        "properties": {"by": {"type": "string"}},
    }
    archive = _unused("archive", schemas["EvalRun"]["properties"])
    schemas["EvalRun"]["properties"][archive] = {"$ref": f"#/components/schemas/{component}"}
    # A change deep in the closure: a new image detail level.
    schemas["ImageDetail"]["enum"].append("ultra")

    spec = _build(upstream)
    new = spec["components"]["schemas"]
    assert new["EvalRun"]["properties"][field] == {
        "anyOf": [{"type": "integer"}, {"type": "null"}],
        "description": "When the run was archived.",
    }
    assert field not in new["EvalRun"]["required"]
    assert new[component] == {"type": "object", "properties": {"by": {"type": "string"}}}
    assert new["ImageDetail"]["enum"][-1] == "ultra"
    assert spec["paths"][EVAL_RUNS]["get"]["parameters"][-1] == parameter
    # Nothing else moved.
    old = yaml.safe_load(CHECKED_IN)
    del new["EvalRun"]["properties"][field], new["EvalRun"]["properties"][archive]
    del new[component]
    new["ImageDetail"]["enum"].pop()
    spec["paths"][EVAL_RUNS]["get"]["parameters"].pop()
    assert spec == old


def test_a_field_named_like_a_keyword_is_kept() -> None:
    upstream = copy.deepcopy(UPSTREAM)
    properties = upstream["components"]["schemas"]["EvalRun"]["properties"]
    properties["title"] = {"type": "string", "title": "Title"}
    properties["x-label"] = {"type": "string"}
    run = _build(upstream)["components"]["schemas"]["EvalRun"]["properties"]
    assert run["title"] == {"type": "string"}  # the field stays, its own `title` keyword goes
    assert run["x-label"] == {"type": "string"}


# -- corrections that no longer apply fail loudly --------------------------------------------------


def _schemas(upstream: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = upstream["components"]["schemas"]
    return schemas


def _drop_per_model_usage(upstream: dict[str, Any]) -> None:
    run = _schemas(upstream)["EvalRun"]
    del run["properties"]["per_model_usage"]
    run["required"].remove("per_model_usage")


def _error_already_nullable(upstream: dict[str, Any]) -> None:
    run = _schemas(upstream)["EvalRun"]
    run["properties"]["error"] = {
        "anyOf": [{"$ref": "#/components/schemas/EvalApiError"}, {"type": "null"}]
    }


def _result_counts_named(upstream: dict[str, Any]) -> None:
    schemas = _schemas(upstream)
    schemas["RunCounts"] = schemas["EvalRun"]["properties"]["result_counts"]
    schemas["EvalRun"]["properties"]["result_counts"] = {"$ref": "#/components/schemas/RunCounts"}


def _item_reference_shapes_diverge(upstream: dict[str, Any]) -> None:
    branch = _schemas(upstream)["CreateEvalResponsesRunDataSource"]["properties"]["input_messages"][
        "oneOf"
    ][1]
    branch["properties"]["mode"] = {"type": "string"}


def _tools_change(upstream: dict[str, Any]) -> None:
    params = _schemas(upstream)["CreateEvalCompletionsRunDataSource"]["properties"]
    params["sampling_params"]["properties"]["tools"]["items"] = {
        "$ref": "#/components/schemas/FunctionTool"
    }


def _metadata_limit_upstream(upstream: dict[str, Any]) -> None:
    _schemas(upstream)["Metadata"]["anyOf"][0]["maxProperties"] = 16


def _messages_any_of_upstream(upstream: dict[str, Any]) -> None:
    source = _schemas(upstream)["CreateEvalCompletionsRunDataSource"]["properties"]
    items = source["input_messages"]["oneOf"][0]["properties"]["template"]["items"]
    items["anyOf"] = items.pop("oneOf")


def _discriminator_gone(upstream: dict[str, Any]) -> None:
    del _schemas(upstream)["InputContent"]["discriminator"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            _drop_per_model_usage,
            "hoist EvalRun/properties/per_model_usage/items",
            id="target-gone",
        ),
        pytest.param(_error_already_nullable, "already admits null upstream", id="now-nullable"),
        pytest.param(_result_counts_named, "is not an inline schema any more", id="now-named"),
        pytest.param(
            _item_reference_shapes_diverge,
            "no longer has the shape of the component",
            id="merged-shapes-diverge",
        ),
        pytest.param(_tools_change, "is no longer", id="replaced-value-changed"),
        pytest.param(
            _metadata_limit_upstream, "upstream already has maxProperties: 16", id="set-is-a-no-op"
        ),
        pytest.param(_messages_any_of_upstream, "has no oneOf", id="now-anyOf"),
        pytest.param(
            _discriminator_gone, "delete InputContent/discriminator", id="deleted-key-gone"
        ),
    ],
)
def test_a_correction_that_no_longer_applies_fails_naming_it(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    upstream = copy.deepcopy(UPSTREAM)
    change(upstream)
    with pytest.raises(update_spec.SpecError, match="correction #") as caught:
        update_spec.build(upstream, CORRECTIONS)
    assert message in str(caught.value)
    assert "no longer applies" in str(caught.value)


def test_the_failure_quotes_the_reason_of_the_correction() -> None:
    upstream = copy.deepcopy(UPSTREAM)
    _error_already_nullable(upstream)
    number, entry = next(
        (number, entry)
        for number, entry in enumerate(CORRECTIONS["corrections"], start=1)
        if entry["do"] == "nullable" and entry["at"] == "EvalRun/properties/error"
    )
    with pytest.raises(update_spec.SpecError) as caught:
        update_spec.build(upstream, CORRECTIONS)
    assert f"correction #{number} (nullable EvalRun/properties/error: {entry['why']!r})" in str(
        caught.value
    )


def test_a_clean_up_that_finds_nothing_fails() -> None:
    def without_labels(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: without_labels(v) for k, v in node.items() if k != "x-oaiTypeLabel"}
        if isinstance(node, list):
            return [without_labels(v) for v in node]
        return node

    upstream = without_labels(UPSTREAM)
    with pytest.raises(update_spec.SpecError, match="drop_everywhere: x-oaiTypeLabel"):
        update_spec.build(upstream, CORRECTIONS)


def test_a_renamed_operation_fails() -> None:
    upstream = copy.deepcopy(UPSTREAM)
    upstream["paths"][EVAL_RUNS]["get"]["operationId"] = "listEvalRuns"
    with pytest.raises(update_spec.SpecError, match="operations not found upstream: getEvalRuns"):
        update_spec.build(upstream, CORRECTIONS)


def test_a_dangling_reference_fails() -> None:
    upstream = copy.deepcopy(UPSTREAM)
    _schemas(upstream)["EvalRun"]["properties"]["archive"] = {
        "$ref": "#/components/schemas/Missing"
    }
    with pytest.raises(update_spec.SpecError, match="Missing' does not resolve"):
        update_spec.build(upstream, CORRECTIONS)


def test_an_unknown_operation_or_a_missing_reason_fails() -> None:
    unknown = copy.deepcopy(CORRECTIONS)
    unknown["corrections"].append({"do": "rename", "at": "EvalRun", "why": "test"})
    with pytest.raises(update_spec.SpecError, match="unknown operation"):
        update_spec.build(copy.deepcopy(UPSTREAM), unknown)
    silent = copy.deepcopy(CORRECTIONS)
    silent["corrections"].append({"do": "delete", "at": "EvalRun/description"})
    with pytest.raises(update_spec.SpecError, match="needs a `why:`"):
        update_spec.build(copy.deepcopy(UPSTREAM), silent)
