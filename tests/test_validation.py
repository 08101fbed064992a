"""Argument checks: each bad argument raises InvalidRequestError naming it, and nothing is sent."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from typing import Any

import pytest
from openai_evals_runs_api.models import (
    CreateEvalJsonlRunDataSource,
    EvalJsonlFileIdSource,
)
from scripted_server import Reply, ScriptedServer, run_body

from openai_evals_runs import Client, InvalidRequestError

JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


@pytest.fixture(autouse=True)
def nothing_sent(scripted: ScriptedServer) -> Iterator[None]:
    """Every test here must leave the server untouched unless it says otherwise."""
    yield
    assert [request for request in scripted.received if "allowed" not in request.path] == []


@pytest.mark.parametrize(
    ("eval_id", "rule"),
    [
        ("", "non-empty"),
        ("   ", "non-empty"),
        (None, "must be a string"),
        (42, "must be a string"),
        ("a/b", "'/'"),
        ("..", "dot segment"),
        (".", "dot segment"),
        ("%2e%2e", "dot segment"),
        ("eval\r\nX-Injected: 1", "control characters"),
        ("eval\x00", "control characters"),
        ("e" * 10_000, "at most 512"),
    ],
)
def test_bad_eval_ids(scripted_client: Client, eval_id: Any, rule: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        scripted_client.runs.list(eval_id)
    assert caught.value.argument == "eval_id"
    assert rule in str(caught.value)
    with pytest.raises(InvalidRequestError):
        scripted_client.runs.create(eval_id, data_source=JSONL)


@pytest.mark.parametrize("limit", [0, -1, True, False, 2.5, "10", "x"])
def test_bad_limits(scripted_client: Client, limit: Any) -> None:
    with pytest.raises(InvalidRequestError, match="limit: must be a positive integer"):
        scripted_client.runs.list("eval_1", limit=limit)


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"order": "newest"}, "order"),
        ({"order": "ASC"}, "order"),
        ({"status": "done"}, "status"),
        ({"status": 1}, "status"),
        ({"after": "../x"}, "after"),
        ({"after": ""}, "after"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": "5"}, "timeout"),
        ({"extra_headers": {"X-A": "ok\r\nX-B: injected"}}, "extra_headers['X-A']"),
        ({"extra_headers": {"Bad Name": "v"}}, "extra_headers"),
    ],
)
def test_bad_list_arguments(scripted_client: Client, arguments: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        scripted_client.runs.list("eval_1", **arguments)
    assert caught.value.argument == name
    assert str(caught.value).startswith(name)


@pytest.mark.parametrize(
    ("arguments", "name", "rule"),
    [
        ({"name": 5}, "name", "must be a string"),
        ({"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata", "at most 16 keys"),
        ({"metadata": {"k" * 65: "v"}}, "metadata.", "at most 64 characters"),
        ({"metadata": {"k": "v" * 513}}, "metadata.k", "at most 512 characters"),
        ({"metadata": {"k": 1}}, "metadata.k", "expected string"),
        ({"metadata": ["k"]}, "metadata", "expected"),
        ({"idempotency_key": "a\nb"}, "idempotency_key", "control"),
        ({"idempotency_key": " "}, "idempotency_key", "non-empty"),
        ({"data_source": "jsonl"}, "data_source", "must be a data source"),
        ({"data_source": {"type": "video"}}, "data_source.type", "must be one of 'jsonl'"),
        ({"data_source": {"source": {}}}, "data_source.type", "is required"),
        ({"data_source": {"type": "jsonl"}}, "data_source.source", "is required"),
        (
            {"data_source": {"type": "jsonl", "source": {"type": "file_id", "id": 3}}},
            "data_source.source.id",
            "expected string",
        ),
        (
            {
                "data_source": {
                    "type": "completions",
                    "source": {"type": "file_id", "id": "f"},
                    "input_messages": {
                        "type": "template",
                        "template": [{"role": "critic", "content": "hi"}],
                    },
                }
            },
            "data_source.input_messages.template[0].role",
            "must be one of",
        ),
        (
            {
                "data_source": {
                    "type": "completions",
                    "source": {"type": "file_id", "id": "f"},
                    "sampling_params": {"max_completions_tokens": 2048},
                }
            },
            "data_source.sampling_params.max_completions_tokens",
            "did you mean 'max_completion_tokens'",
        ),
    ],
)
def test_bad_create_arguments(
    scripted_client: Client, arguments: dict[str, Any], name: str, rule: str
) -> None:
    call = {"data_source": JSONL, **arguments}
    with pytest.raises(InvalidRequestError) as caught:
        scripted_client.runs.create("eval_1", **call)
    assert caught.value.argument.startswith(name)
    assert rule in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_typed_models_and_dicts_send_the_same_body(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.default = Reply(201, run_body())
    typed = CreateEvalJsonlRunDataSource(
        type_="jsonl", source=EvalJsonlFileIdSource(type_="file_id", id="file-1")
    )
    scripted_client.runs.create("allowed", data_source=typed, name="n", metadata={"a": "b"})
    scripted_client.runs.create("allowed", data_source=JSONL, name="n", metadata={"a": "b"})
    first, second = (request.json() for request in scripted.received)
    assert first == second == {"data_source": JSONL, "name": "n", "metadata": {"a": "b"}}


def test_a_full_completions_data_source_is_sent_unchanged(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    data_source = {
        "type": "completions",
        "model": "gpt-4o-mini",
        "input_messages": {
            "type": "template",
            "template": [
                {"role": "developer", "content": "Categorize the headline."},
                {
                    "role": "user",
                    "type": "message",
                    "content": {"type": "input_text", "text": "{{item.input}}"},
                },
                {"role": "user", "content": [{"type": "input_text", "text": "x"}]},
            ],
        },
        "sampling_params": {
            "temperature": 1,
            "max_completion_tokens": 2048,
            "top_p": 1,
            "seed": 42,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "topic", "schema": {"type": "object"}},
            },
            "tools": [{"type": "function", "function": {"name": "f"}}],
        },
        "source": {"type": "file_content", "content": [{"item": {"input": "a"}, "sample": {}}]},
    }
    scripted.default = Reply(201, run_body())
    scripted_client.runs.create("allowed", data_source=data_source)
    assert scripted.received[0].json() == {"data_source": data_source}


def test_eval_ids_are_percent_encoded(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.default = Reply(
        200, {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    )
    for eval_id in ("allowed?x=y", "allowed#frag", "allowed%2F..", "allowed é", "allowed;.."):
        scripted_client.runs.list(eval_id)
    paths = [request.path for request in scripted.received]
    assert paths == [
        "/v1/evals/allowed%3Fx%3Dy/runs",
        "/v1/evals/allowed%23frag/runs",
        "/v1/evals/allowed%252F../runs",
        "/v1/evals/allowed%20%C3%A9/runs",
        "/v1/evals/allowed%3B../runs",
    ]


def test_every_problem_is_listed_with_its_path(scripted_client: Client) -> None:
    data_source = {
        "type": "completions",
        "source": {"type": "file_id", "id": 7},
        "input_messages": {"type": "template", "template": [{"role": "critic", "content": "x"}]},
    }
    with pytest.raises(InvalidRequestError) as caught:
        scripted_client.runs.create("eval_1", data_source=data_source)
    paths = [path for path, _ in caught.value.problems]
    assert "data_source.source.id" in paths
    assert "data_source.input_messages.template[0].role" in paths
    assert caught.value.argument == caught.value.problems[0][0]


def _with_item(item: Any) -> dict[str, Any]:
    return {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": item}]}}


@pytest.mark.parametrize(
    ("item", "where", "rule"),
    [
        ({"x": math.nan}, ".item.x", "finite number"),
        ({"x": [math.inf]}, ".item.x[0]", "finite number"),
        ({"x": datetime.date(2026, 1, 1)}, ".item.x", "cannot be sent as JSON (date)"),
        ({"x": {1, 2}}, ".item.x", "cannot be sent as JSON (set)"),
        ({"x": "\udc00"}, ".item.x", "lone surrogate"),
        ({3: "y"}, ".item", "keys must be strings"),
    ],
)
def test_what_json_cannot_carry_is_refused_with_its_path(
    scripted_client: Client, item: Any, where: str, rule: str
) -> None:
    # Dataset items are free-form in the spec, so only the JSON encoding can catch these; the
    # error must still name the value, never surface as a bare ValueError/TypeError from httpx.
    with pytest.raises(InvalidRequestError) as caught:
        scripted_client.runs.create("eval_1", data_source=_with_item(item))
    assert caught.value.argument == "data_source.source.content[0]" + where
    assert rule in str(caught.value)


def test_an_item_nested_too_deeply_for_json_is_refused(scripted_client: Client) -> None:
    item: dict[str, Any] = {}
    inner = item
    for _ in range(100_000):
        inner["a"] = {}
        inner = inner["a"]
    with pytest.raises(InvalidRequestError, match="nested too deeply"):
        scripted_client.runs.create("eval_1", data_source=_with_item(item))


def test_tuples_in_free_form_items_are_sent_as_arrays(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.default = Reply(201, run_body())
    scripted_client.runs.create("allowed", data_source=_with_item({"x": (1, "a")}))
    assert scripted.received[0].json()["data_source"] == _with_item({"x": [1, "a"]})
