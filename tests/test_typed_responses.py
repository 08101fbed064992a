"""An optional field of the generated models is `X | None`, never `Unset` (issue 11).

Reading: an absent or null optional field is None, over real HTTP against the local server.
Writing: `to_dict` leaves out an optional field that is None, so a model sends exactly the JSON it
was built from (without the nulls of optional fields), and `from_dict(to_dict())` round trips.
The typing side (`assert_type` on each read) is tests/typing/responses.py, checked with mypy and
pyright by tests/test_typing.py; this file runs that same script.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import openai_evals_runs_api
import openai_evals_runs_api.api.evals.create_eval_run
import openai_evals_runs_api.api.evals.get_eval_runs
import openai_evals_runs_api.models
import openai_evals_runs_api.types
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openai_evals_runs_api.models import (
    CompletionsSamplingParams,
    EvalStoredCompletionsSource,
    ResponsesSamplingParams,
)
from test_fuzz_responses import COMPONENTS, from_schema, inline

from openai_evals_runs import Client
from openai_evals_runs._nested import to_typed_data_source
from openai_evals_runs.testing import FakeEvalsServer

HERE = Path(__file__).resolve().parent
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _script() -> ModuleType:
    # tests/typing is no package (its name would shadow the standard `typing`): load by path.
    spec = importlib.util.spec_from_file_location(
        "typed_responses", HERE / "typing" / "responses.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- reading over HTTP ----------------------------------------------------------------------------


def test_optional_nested_fields_read_as_their_value_or_none(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    script = _script()
    created = script.create_runs(client, eval_id)
    listed = {run.id: run for run in client.runs.list(eval_id, limit=100)}
    assert set(listed) == {run.id for run in created}
    jsonl, full, bare = (listed[run.id] for run in created)

    assert script.read_jsonl(jsonl) == "file-abc"
    assert script.read_completions(full) == {
        "model": "o3-mini",
        "max_completion_tokens": 64,
        "temperature": 1.0,  # the spec's default, which the model sends
        "source_model": "gpt-4o-mini",
        "source_limit": None,
        "input_messages": None,
    }
    assert script.read_completions(bare) == {
        "model": None,
        "max_completion_tokens": None,
        "temperature": None,
        "source_model": None,
        "source_limit": None,
        "input_messages": None,
    }
    # The same run straight from the create response reads the same.
    assert script.read_completions(created[2]) == script.read_completions(bare)


def test_models_send_exactly_the_json_they_are_built_from(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    # The bodies the models sent before `Unset` was replaced by None (measured with the previous
    # generated package on these very models): the change is invisible on the wire.
    _script().create_runs(client, eval_id)
    sent = [json.loads(request.body) for request in server.requests if request.method == "POST"]
    assert [body["data_source"] for body in sent] == [
        {"type": "jsonl", "source": {"type": "file_id", "id": "file-abc"}},
        {
            "type": "completions",
            "source": {"type": "stored_completions", "model": "gpt-4o-mini"},
            "sampling_params": {
                "temperature": 1.0,
                "max_completion_tokens": 64,
                "top_p": 1.0,
                "seed": 42,
            },
            "model": "o3-mini",
        },
        {"type": "completions", "source": {"type": "stored_completions"}},
    ]
    assert all(set(body) == {"data_source"} for body in sent)


def test_a_null_optional_field_is_read_as_none_and_an_explicit_null_can_still_be_sent(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    stored = EvalStoredCompletionsSource.from_dict(
        {"type": "stored_completions", "model": None, "limit": None, "created_after": 5}
    )
    assert (stored.model, stored.limit, stored.created_after) == (None, None, 5)
    assert stored.to_dict() == {"type": "stored_completions", "created_after": 5}
    # A null the API must see goes through additional_properties, sent as given.
    sampling = CompletionsSamplingParams(temperature=None, top_p=None, seed=None)
    sampling["reasoning_effort"] = None
    run = client.runs.create(
        eval_id,
        data_source={
            "type": "completions",
            "source": stored.to_dict(),
            "sampling_params": sampling.to_dict(),
        },
    )
    body = json.loads(server.requests[-1].body)
    assert body["data_source"]["sampling_params"] == {"reasoning_effort": None}
    assert run.to_dict()["data_source"]["sampling_params"] == {"reasoning_effort": None}


# -- no Unset anywhere ----------------------------------------------------------------------------


def _generated_models() -> list[type[Any]]:
    models = openai_evals_runs_api.models
    return [getattr(models, name) for name in models.__all__ if attrs.has(getattr(models, name))]


def test_no_generated_model_or_operation_mentions_unset() -> None:
    assert not hasattr(openai_evals_runs_api.types, "Unset")
    assert not hasattr(openai_evals_runs_api.types, "UNSET")
    root = Path(openai_evals_runs_api.__file__).parent
    mentions = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "Unset" in path.read_text() or "UNSET" in path.read_text()
    ]
    assert mentions == []
    for operation in (
        openai_evals_runs_api.api.evals.get_eval_runs,
        openai_evals_runs_api.api.evals.create_eval_run,
    ):
        for function in (
            operation.sync,
            operation.sync_detailed,
            operation.asyncio,
            operation.asyncio_detailed,
        ):
            for parameter in inspect.signature(function).parameters.values():
                if parameter.default is not inspect.Parameter.empty and parameter.name != "client":
                    assert type(None) in typing.get_args(parameter.annotation), parameter


def test_every_optional_field_is_x_or_none() -> None:
    optional = [
        (model.__name__, field.name, field.type)
        for model in _generated_models()
        for field in attrs.fields(model)
        if field.default is None
    ]
    assert len(optional) >= 50
    assert [each for each in optional if not str(each[2]).endswith(" | None")] == []
    # Where the spec has a default, a model built in Python keeps sending it (as before).
    temperature = attrs.fields_dict(CompletionsSamplingParams)["temperature"]
    assert (temperature.type, temperature.default) == ("float | None", 1.0)
    assert CompletionsSamplingParams.from_dict({}).temperature is None


# -- round trips ----------------------------------------------------------------------------------

_DATA_SOURCE_SCHEMA = inline(COMPONENTS["EvalRunDataSource"], simplify=True)


def _without_optional_nulls(schema: Any) -> Any:
    """`schema` where no optional property may be null (a required one still may)."""
    if isinstance(schema, list):
        return [_without_optional_nulls(each) for each in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: _without_optional_nulls(value) for key, value in schema.items()}
    required = set(schema.get("required", []))
    for name, value in result.get("properties", {}).items():
        if name not in required:
            result["properties"][name] = _no_null(value)
    return result


def _no_null(schema: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in schema:
        branches = [_no_null(branch) for branch in schema["anyOf"] if branch.get("type") != "null"]
        if len(branches) > 1:
            return {**schema, "anyOf": branches}
        return {**{key: value for key, value in schema.items() if key != "anyOf"}, **branches[0]}
    if isinstance(schema.get("type"), list):
        return {**schema, "type": [kind for kind in schema["type"] if kind != "null"]}
    return schema


@SETTINGS
@given(from_schema(_without_optional_nulls(_DATA_SOURCE_SCHEMA)))
def test_a_data_source_model_sends_the_json_it_was_read_from(source: dict[str, Any]) -> None:
    typed = to_typed_data_source(source)
    assume(typed is not None)
    assert typed is not None
    assert typed.to_dict() == source


@SETTINGS
@given(from_schema(_DATA_SOURCE_SCHEMA))
def test_a_data_source_model_round_trips_through_to_dict(source: dict[str, Any]) -> None:
    typed = to_typed_data_source(source)
    assume(typed is not None)
    assert typed is not None
    assert to_typed_data_source(typed.to_dict()) == typed


@SETTINGS
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "temperature": st.none() | st.floats(0, 2),
            "top_p": st.none() | st.floats(0, 1),
            "seed": st.none() | st.integers(0, 2**31),
            "max_completion_tokens": st.none() | st.integers(1, 10_000),
        },
    )
)
def test_sampling_params_built_in_python_round_trip(arguments: dict[str, Any]) -> None:
    for model in (CompletionsSamplingParams, ResponsesSamplingParams):
        built = model(**arguments)
        assert model.from_dict(built.to_dict()) == built
        assert None not in built.to_dict().values()
