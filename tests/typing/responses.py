"""A user building data sources from the generated models and reading a run's nested parts.

Type-checked with `mypy --strict` and pyright (tests/test_typing.py: `assert_type` fails the
check unless an optional field is exactly `X | None`, never the generator's `Unset`) and run
against the local server (tests/test_typed_responses.py).
"""

from __future__ import annotations

from typing import Any, assert_type

from openai_evals_runs_api.models import (
    CompletionsSamplingParams,
    CreateEvalCompletionsRunDataSource,
    CreateEvalJsonlRunDataSource,
    EvalJsonlFileIdSource,
    EvalStoredCompletionsSource,
)

from openai_evals_runs import Client, EvalRun

# The README's example, a completions run with sampling settings, and one with none of the
# optional fields.
SOURCES = (
    CreateEvalJsonlRunDataSource(
        type_="jsonl", source=EvalJsonlFileIdSource(type_="file_id", id="file-abc")
    ),
    CreateEvalCompletionsRunDataSource(
        source=EvalStoredCompletionsSource(type_="stored_completions", model="gpt-4o-mini"),
        model="o3-mini",
        sampling_params=CompletionsSamplingParams(max_completion_tokens=64),
    ),
    CreateEvalCompletionsRunDataSource(
        source=EvalStoredCompletionsSource(type_="stored_completions")
    ),
)


def create_runs(client: Client, eval_id: str) -> list[EvalRun]:
    """One run per data source of SOURCES."""
    return [client.runs.create(eval_id, data_source=source) for source in SOURCES]


def read_completions(run: EvalRun) -> dict[str, Any]:
    """The optional parts of a completions run's data source, each `X | None`."""
    source = run.data_source
    assert isinstance(source, CreateEvalCompletionsRunDataSource), source
    assert_type(source.model, str | None)
    assert_type(source.sampling_params, CompletionsSamplingParams | None)
    model: str | None = source.model
    sampling = source.sampling_params
    max_tokens = sampling.max_completion_tokens if sampling is not None else None
    assert_type(max_tokens, int | None)
    temperature = sampling.temperature if sampling is not None else None
    assert_type(temperature, float | None)
    stored = source.source
    assert isinstance(stored, EvalStoredCompletionsSource), stored
    assert_type(stored.model, str | None)
    assert_type(stored.limit, int | None)
    assert_type(stored.created_after, int | None)
    return {
        "model": model,
        "max_completion_tokens": max_tokens,
        "temperature": temperature,
        "source_model": stored.model,
        "source_limit": stored.limit,
        "input_messages": source.input_messages,
    }


def read_jsonl(run: EvalRun) -> str:
    """The file id of a jsonl run (required fields stay plain `X`)."""
    source = run.data_source
    assert isinstance(source, CreateEvalJsonlRunDataSource), source
    file = source.source
    assert isinstance(file, EvalJsonlFileIdSource), file
    assert_type(file.id, str)
    return file.id
