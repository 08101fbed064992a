"""Turn decoded JSON into runs and pages, forward-compatibly.

What a response must have is checked against openapi.yaml (response mode: types, required fields,
enums) when it arrives, by the compiled check (`_fastcheck`); only a body it refuses is walked
again by `_schema.check`, which names every problem for `ShapeError`. Runs are views over the
checked JSON (`EvalRun`): the generated models of their nested parts are built here, on first
read (`build_*`, `parse_data_source`).

`data_source` must only be an object (or absent): it is dispatched on its `type` to the generated
variant, and a type, enum value or shape this package does not know keeps the raw dict instead of
failing the run or the page. Template messages get the class of the first union branch they fit,
because the generated union parser falls back to the first branch unchecked (EvalItem-shaped
messages would come back as EasyInputMessage).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import attrs
from openai_evals_runs_api.models import (
    ChatMessage,
    CompletionsTemplateInputMessages,
    CreateEvalCompletionsRunDataSource,
    CreateEvalJsonlRunDataSource,
    CreateEvalResponsesRunDataSource,
    EasyInputMessage,
    EvalApiError,
    EvalItem,
    EvalRunModelUsage,
    EvalRunResultCounts,
    EvalRunTestingCriteriaResult,
    ResponsesTemplateInputMessages,
)

from . import _fastcheck, _schema
from ._models import DataSource, EvalRun

_VARIANTS: dict[str, type[DataSource]] = {
    "jsonl": CreateEvalJsonlRunDataSource,
    "completions": CreateEvalCompletionsRunDataSource,
    "responses": CreateEvalResponsesRunDataSource,
}
# The template message unions: the spec's union, and the generated class of each of its branches.
_MESSAGE_UNIONS: dict[type[Any], tuple[str, tuple[type[Any], ...]]] = {
    CompletionsTemplateInputMessages: ("CompletionsTemplateMessage", (EasyInputMessage, EvalItem)),
    ResponsesTemplateInputMessages: ("ResponsesTemplateMessage", (ChatMessage, EvalItem)),
}
# Exceptions the generated from_dict raises on data it does not expect.
_GENERATED_PARSE_ERRORS = (TypeError, ValueError, KeyError, AttributeError)


class ShapeError(Exception):
    """A decoded body does not have the shape of the expected response."""

    def __init__(self, problems: list[_schema.Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(shown + more)


@attrs.frozen
class RunListBody:
    """The parsed fields of an EvalRunList."""

    data: list[EvalRun]
    has_more: bool
    first_id: str | None
    last_id: str | None


@cache
def _run_schema() -> _schema.Schema:
    """EvalRun as checked on arrival: everything but the contents of `data_source`, which need
    only be an object (or absent). They are checked when first read, and a shape this package
    does not know keeps the raw dict rather than failing the run."""
    schema = dict(_schema.component("EvalRun"))
    source = {"anyOf": [{"type": "object"}, {"type": "null"}]}
    schema["properties"] = {**schema["properties"], "data_source": source}
    schema["required"] = [key for key in schema["required"] if key != "data_source"]
    return schema


@cache
def _list_envelope_schema() -> _schema.Schema:
    schema = dict(_schema.component("EvalRunList"))
    schema["properties"] = {**schema["properties"], "data": {"type": "array"}}
    return schema


@cache
def _list_schema() -> _schema.Schema:
    """EvalRunList with every run checked as `_run_schema()`: the fast path of `parse_run_list`."""
    schema = dict(_schema.component("EvalRunList"))
    runs = {"type": "array", "items": _run_schema()}
    schema["properties"] = {**schema["properties"], "data": runs}
    return schema


def parse_run(raw: object, *, request_id: str | None = None, path: str = "") -> EvalRun:
    """One EvalRun from decoded JSON; raises ShapeError when it is not one."""
    schema = _run_schema()
    if not _fastcheck.predicate(schema)(raw):
        problems = _schema.check(schema, raw, path=path, strict=False)
        if problems:
            raise ShapeError(problems)
    return EvalRun(raw, request_id=request_id)  # type: ignore[arg-type]  # proven a dict


def build_result_counts(raw: dict[str, Any]) -> EvalRunResultCounts:
    """The typed `result_counts` of a checked run."""
    return EvalRunResultCounts.from_dict(raw)


def build_model_usage(items: list[Any] | None) -> list[EvalRunModelUsage] | None:
    """The typed `per_model_usage` of a checked run."""
    return None if items is None else [EvalRunModelUsage.from_dict(item) for item in items]


def build_criteria_results(
    items: list[Any] | None,
) -> list[EvalRunTestingCriteriaResult] | None:
    """The typed `per_testing_criteria_results` of a checked run."""
    if items is None:
        return None
    return [EvalRunTestingCriteriaResult.from_dict(item) for item in items]


def build_error(raw: dict[str, Any] | None) -> EvalApiError | None:
    """The typed `error` of a checked run."""
    return None if raw is None else EvalApiError.from_dict(raw)


def parse_run_list(raw: object, *, request_id: str | None = None) -> RunListBody:
    """An EvalRunList from decoded JSON; raises ShapeError (with every bad run's path) otherwise."""
    if _fastcheck.predicate(_list_schema())(raw):
        assert isinstance(raw, dict)
        return RunListBody(
            data=[EvalRun(run, request_id=request_id) for run in raw["data"]],
            has_more=raw["has_more"],
            first_id=raw["first_id"],
            last_id=raw["last_id"],
        )
    problems = _schema.check(_list_envelope_schema(), raw, strict=False)
    if problems:
        raise ShapeError(problems)
    assert isinstance(raw, dict)
    runs: list[EvalRun] = []
    for index, item in enumerate(raw["data"]):
        try:
            runs.append(parse_run(item, request_id=request_id, path=f"data[{index}]"))
        except ShapeError as error:
            problems.extend(error.problems)
    if problems:
        raise ShapeError(problems)
    return RunListBody(
        data=runs, has_more=raw["has_more"], first_id=raw["first_id"], last_id=raw["last_id"]
    )


def parse_data_source(
    value: object, *, path: str = "data_source"
) -> DataSource | dict[str, Any] | None:
    """The typed variant named by `type`, the raw dict when unknown, None when absent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ShapeError([_schema.Problem(path, f"expected object, got {type(value).__name__}")])
    # On decoded JSON the response-mode fast check is exact (see _fastcheck): no full walk.
    if not _fastcheck.predicate(_schema.component("EvalRunDataSource"))(value):
        return value
    typed = to_typed_data_source(value)
    return value if typed is None else typed


def to_typed_data_source(value: Mapping[str, Any]) -> DataSource | None:
    """Build the generated variant for a data source that conforms to the spec."""
    variant = _VARIANTS.get(str(value.get("type")))
    if variant is None:
        return None
    try:
        messages = value.get("input_messages")
        if not isinstance(messages, dict) or not messages.get("template"):
            return variant.from_dict(value)
        template = messages["template"]
        # The generated parser gives every template message its union's first branch,
        # unchecked: build the variant without them, then each message once, as the class of the
        # first branch it really fits.
        shell = variant.from_dict({**value, "input_messages": {**messages, "template": []}})
        entry = _MESSAGE_UNIONS.get(type(shell.input_messages))  # type: ignore[union-attr]
        if entry is None:
            return None
        union, classes = entry
        branches = _schema.component(union)["anyOf"]
        shell.input_messages.template = [  # type: ignore[union-attr]
            classes[_first_fitting(branches, message)].from_dict(message) for message in template
        ]
    except _GENERATED_PARSE_ERRORS:
        return None
    return shell


def _first_fitting(branches: list[_schema.Schema], value: object) -> int:
    for index, branch in enumerate(branches):
        if _fastcheck.predicate(branch)(value):
            return index
    return 0
