"""The generated models of a run's nested parts, built from JSON already checked on arrival.

`data_source` is dispatched on its `type` to the generated variant; a type, enum value or shape
this package does not know keeps the raw dict instead of failing the run. Template messages get
the class of the first union branch they fit, because the generated union parser falls back to the
first branch unchecked (EvalItem-shaped messages would come back as EasyInputMessage).

Importing this module loads the generated models package (most of the SDK's import time), so the
run view calls into it only when a nested part is first read.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, TypeAlias

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

from . import _fastcheck
from ._spec import component

DataSource: TypeAlias = (
    CreateEvalJsonlRunDataSource
    | CreateEvalCompletionsRunDataSource
    | CreateEvalResponsesRunDataSource
)
"""The three data-source variants, told apart by `type` (jsonl, completions, responses)."""

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


def build_data_source(value: object) -> DataSource | dict[str, Any] | None:
    """The typed variant named by `type`, the raw dict when unknown, None when absent.

    `value` was checked on arrival to be an object or None.
    """
    if not isinstance(value, dict):
        return None
    # On decoded JSON the response-mode fast check is exact (see _fastcheck): no full walk.
    if not _fastcheck.component_predicate("EvalRunDataSource")(value):
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
        fits = _branch_checks(union)
        shell.input_messages.template = [  # type: ignore[union-attr]
            classes[_first_fitting(fits, message)].from_dict(message) for message in template
        ]
    except _GENERATED_PARSE_ERRORS:
        return None
    return shell


@cache
def _branch_checks(union: str) -> tuple[_fastcheck.Predicate, ...]:
    return tuple(_fastcheck.predicate(branch) for branch in component(union)["anyOf"])


def _first_fitting(fits: tuple[_fastcheck.Predicate, ...], value: object) -> int:
    for index, fit in enumerate(fits):
        if fit(value):
            return index
    return 0
