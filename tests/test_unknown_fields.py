"""Unknown fields of the objects the spec defines are refused before sending, helpfully (naming the
object, the closest field and how to send it anyway), and `runs.create(strict=False)` sends them,
and unknown enum values, as given: over real HTTP, with the scripted server recording requests."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest
from scripted_server import Reply, ScriptedServer, run_body

from openai_evals_runs import Client, InvalidRequestError

FILE = {"type": "file_id", "id": "file-1"}


def _completions(**changes: Any) -> dict[str, Any]:
    return {"type": "completions", "model": "gpt-4o-mini", "source": FILE, **changes}


# (data source, where the unknown field is, what the message must say besides "strict=False")
UNKNOWN_FIELDS = [
    pytest.param(
        {"type": "completions", "modle": "gpt-4o-mini", "source": FILE},
        "data_source.modle",
        ["CreateEvalCompletionsRunDataSource", "did you mean 'model'?"],
        id="modle",
    ),
    pytest.param(
        _completions(sampling_params={"top-p": 0.9}),
        "data_source.sampling_params.top-p",
        ["CompletionsSamplingParams", "did you mean 'top_p'?"],
        id="top-p",
    ),
    pytest.param(
        _completions(sampling_params={"max_tokens": 256}),
        "data_source.sampling_params.max_tokens",
        ["CompletionsSamplingParams", "did you mean 'max_completion_tokens'?"],
        id="max_tokens",
    ),
    pytest.param(
        {"type": "jsonl", "model": "gpt-4o-mini", "source": FILE},
        "data_source.model",
        ["CreateEvalJsonlRunDataSource", "known fields: source, type"],
        id="model-on-jsonl",
    ),
    pytest.param(
        {"type": "responses", "source": {"type": "responses", "modle": "gpt-4o"}},
        "data_source.source.modle",
        ["EvalResponsesSource", "did you mean 'model'?"],
        id="nested-source",
    ),
    pytest.param(
        _completions(
            input_messages={
                "type": "template",
                "template": [{"role": "user", "content": "{{item.q}}", "nmae": "x"}],
            }
        ),
        "data_source.input_messages.template[0].nmae",
        ["is not a field of"],
        id="template-message",
    ),
]


def _created(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(201, run_body()))


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize(("data_source", "path", "said"), UNKNOWN_FIELDS)
def test_an_unknown_field_is_refused_before_sending(
    scripted: ScriptedServer,
    scripted_client: Client,
    data_source: dict[str, Any],
    path: str,
    said: list[str],
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        scripted_client.runs.create("eval_1", data_source=data_source)
    assert caught.value.argument == path
    message = str(caught.value)
    for part in [*said, "to send it anyway, pass strict=False"]:
        assert part in message, message
    assert scripted.received == []


@pytest.mark.parametrize(("data_source", "path", "said"), UNKNOWN_FIELDS)
def test_strict_false_sends_unknown_fields_as_given_with_one_warning(
    scripted: ScriptedServer,
    scripted_client: Client,
    caplog: pytest.LogCaptureFixture,
    data_source: dict[str, Any],
    path: str,
    said: list[str],
) -> None:
    _created(scripted)
    sent = copy.deepcopy(data_source)
    with caplog.at_level(logging.WARNING, logger="openai_evals_runs"):
        run = scripted_client.runs.create("eval_1", data_source=data_source, strict=False)
    assert run.id == "evalrun_1"
    (request,) = scripted.received
    assert request.json() == {"data_source": sent}
    (warning,) = _warnings(caplog)
    assert path in warning
    assert "strict=False" in warning


def test_an_unknown_data_source_type_is_refused_unless_strict_is_false(
    scripted: ScriptedServer, scripted_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # A variant the API added after this package was generated.
    new_kind = {"type": "evals_dataset", "dataset_id": "ds_1", "sampling": {"n": 2}}
    with pytest.raises(InvalidRequestError, match=r"data_source\.type: must be one of"):
        scripted_client.runs.create("eval_1", data_source=new_kind)
    assert scripted.received == []
    _created(scripted)
    with caplog.at_level(logging.WARNING, logger="openai_evals_runs"):
        scripted_client.runs.create("eval_1", data_source=new_kind, strict=False)
    assert scripted.received[0].json() == {"data_source": new_kind}
    (warning,) = _warnings(caplog)
    assert "data_source.type" in warning


def test_an_unknown_enum_value_is_sent_with_strict_false(
    scripted: ScriptedServer, scripted_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    source = _completions(sampling_params={"reasoning_effort": "extreme"})
    with pytest.raises(InvalidRequestError, match="reasoning_effort"):
        scripted_client.runs.create("eval_1", data_source=source)
    _created(scripted)
    with caplog.at_level(logging.WARNING, logger="openai_evals_runs"):
        scripted_client.runs.create("eval_1", data_source=source, strict=False)
    assert scripted.received[0].json()["data_source"] == source
    assert len(_warnings(caplog)) == 1


def test_strict_false_still_refuses_a_wrong_type_or_a_missing_field(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    with pytest.raises(InvalidRequestError, match="temperature: expected number"):
        scripted_client.runs.create(
            "eval_1", data_source=_completions(sampling_params={"temperature": "hot"}), strict=False
        )
    with pytest.raises(InvalidRequestError, match=r"data_source\.source: is required"):
        scripted_client.runs.create("eval_1", data_source={"type": "jsonl"}, strict=False)
    with pytest.raises(InvalidRequestError, match="strict: must be True or False"):
        scripted_client.runs.create("eval_1", data_source={"type": "jsonl"}, strict="no")  # type: ignore[arg-type]
    assert scripted.received == []


def test_the_free_form_parts_take_any_field(
    scripted: ScriptedServer, scripted_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # Dataset items, `sample`, tool definitions, JSON schemas and a responses source's metadata
    # filter are free-form in the spec: their keys are the user's, never refused or warned about.
    source = {
        "type": "completions",
        "model": "gpt-4o-mini",
        "source": {
            "type": "file_content",
            "content": [{"item": {"anything": 1, "modle": "x"}, "sample": {"whatever": [1]}}],
        },
        "sampling_params": {
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "out", "schema": {"type": "object", "propertys": {}}},
            },
        },
    }
    responses = {
        "type": "responses",
        "source": {"type": "responses", "metadata": {"team": "search", "anything": 2}},
    }
    _created(scripted)
    _created(scripted)
    with caplog.at_level(logging.WARNING, logger="openai_evals_runs"):
        scripted_client.runs.create("eval_1", data_source=source)
        scripted_client.runs.create("eval_1", data_source=responses)
    assert [request.json()["data_source"] for request in scripted.received] == [source, responses]
    assert _warnings(caplog) == []


def test_a_known_data_source_sends_no_warning_with_strict_false(
    scripted: ScriptedServer, scripted_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    _created(scripted)
    with caplog.at_level(logging.WARNING, logger="openai_evals_runs"):
        scripted_client.runs.create("eval_1", data_source=_completions(), strict=False)
    assert _warnings(caplog) == []
    assert scripted.received[0].json() == {"data_source": _completions()}
