"""The run as users see it: typed where the API is known, raw where it is not.

The nested parts are the generated models (`openai_evals_runs_api.models`); this class adds what
they lack: it never fails on fields the API may add or change (an unknown `status`, an unknown
`data_source.type`, unknown message types, extra fields), keeps every field the server sent
(`to_dict()`), and carries the `x-request-id` of the response it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias

from ._jsoncopy import copy_json

if TYPE_CHECKING:
    # Only for annotations: importing the generated models package loads every model module,
    # most of the import time, so runtime code imports them where it parses.
    from openai_evals_runs_api.models import (
        CreateEvalCompletionsRunDataSource,
        CreateEvalJsonlRunDataSource,
        CreateEvalResponsesRunDataSource,
        EvalApiError,
        EvalRunModelUsage,
        EvalRunResultCounts,
        EvalRunTestingCriteriaResult,
    )

    DataSource: TypeAlias = (
        CreateEvalJsonlRunDataSource
        | CreateEvalCompletionsRunDataSource
        | CreateEvalResponsesRunDataSource
    )
    """The three data-source variants, told apart by `type` (jsonl, completions, responses)."""


def __getattr__(name: str) -> Any:
    # `DataSource` at run time (isinstance checks, annotations evaluated by users), built lazily.
    if name == "DataSource":
        from openai_evals_runs_api.models import (
            CreateEvalCompletionsRunDataSource,
            CreateEvalJsonlRunDataSource,
            CreateEvalResponsesRunDataSource,
        )

        return (
            CreateEvalJsonlRunDataSource
            | CreateEvalCompletionsRunDataSource
            | CreateEvalResponsesRunDataSource
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


KNOWN_STATUSES = ("queued", "in_progress", "completed", "canceled", "failed")


class EvalRun:
    """One evaluation run.

    `status` is a plain string: the five known values are in `KNOWN_STATUSES`, and a new one the
    API may add still parses. `data_source` is one of the typed variants, or the raw dict when its
    `type` (or something inside it) is not one this package knows, or None when the server sent
    none (older runs use `run_data_source`, kept in `to_dict()`).

    A run is a read-only view over the JSON the server sent, checked against the spec when it
    arrived. The typed nested parts (`result_counts`, `data_source`, ...) are built on first
    access and kept, so listing thousands of runs costs little more than decoding them. A field
    the spec gains later (after `make generate`) is readable as an attribute at run time, without
    changes to this class; `to_dict()` has every field as sent.
    """

    __slots__ = (
        "_data_source",
        "_error",
        "_per_model_usage",
        "_per_testing_criteria_results",
        "_raw",
        "_result_counts",
        "request_id",
    )
    _raw: dict[str, Any]
    # Filled on first access of the matching property.
    _result_counts: EvalRunResultCounts
    _per_model_usage: list[EvalRunModelUsage] | None
    _per_testing_criteria_results: list[EvalRunTestingCriteriaResult] | None
    _error: EvalApiError | None
    _data_source: DataSource | dict[str, Any] | None
    request_id: str | None
    """The `x-request-id` of the response this run came from."""

    def __init__(self, raw: dict[str, Any], *, request_id: str | None = None) -> None:
        """Wrap a decoded EvalRun body; parsing (`runs.list`, `runs.create`) checks it first."""
        setter = object.__setattr__
        setter(self, "_raw", raw)
        setter(self, "request_id", request_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, request_id: str | None = None) -> EvalRun:
        """A run from its JSON (e.g. a stored `to_dict()`), checked against the spec like a
        response; InvalidRequestError names every problem. The dict is copied."""
        from ._parsing import ShapeError, parse_run
        from ._validation import raise_problems

        raw = copy_json(dict(data)) if isinstance(data, Mapping) else data
        try:
            return parse_run(raw, request_id=request_id)
        except ShapeError as error:
            raise_problems("data", error.problems)
            raise  # unreachable: raise_problems raised

    @property
    def id(self) -> str:
        """The run's id (`evalrun_...`)."""
        return self._raw["id"]  # type: ignore[no-any-return]  # checked when parsed

    @property
    def eval_id(self) -> str:
        """The id of the eval this run belongs to."""
        return self._raw["eval_id"]  # type: ignore[no-any-return]

    @property
    def status(self) -> str:
        """queued, in_progress, completed, canceled, failed (or a status added later)."""
        return self._raw["status"]  # type: ignore[no-any-return]

    @property
    def model(self) -> str:
        """The model evaluated."""
        return self._raw["model"]  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        """The run's name."""
        return self._raw["name"]  # type: ignore[no-any-return]

    @property
    def created_at(self) -> int:
        """Creation time, in seconds since the Unix epoch."""
        return self._raw["created_at"]  # type: ignore[no-any-return]

    @property
    def report_url(self) -> str:
        """The run's report on the OpenAI platform."""
        return self._raw["report_url"]  # type: ignore[no-any-return]

    @property
    def metadata(self) -> dict[str, str] | None:
        """Up to 16 string pairs attached to the run (the dict as sent), or None."""
        return self._raw["metadata"]  # type: ignore[no-any-return]

    @property
    def result_counts(self) -> EvalRunResultCounts:
        """Counts of passed, failed, errored and total items."""
        return self._built("result_counts", "build_result_counts")  # type: ignore[no-any-return]

    @property
    def per_model_usage(self) -> list[EvalRunModelUsage] | None:
        """Token usage per model, or None."""
        return self._built("per_model_usage", "build_model_usage")  # type: ignore[no-any-return]

    @property
    def per_testing_criteria_results(self) -> list[EvalRunTestingCriteriaResult] | None:
        """Passed and failed counts per testing criterion, or None."""
        return self._built(  # type: ignore[no-any-return]
            "per_testing_criteria_results", "build_criteria_results"
        )

    @property
    def error(self) -> EvalApiError | None:
        """Why the run failed (code and message), or None."""
        return self._built("error", "build_error")  # type: ignore[no-any-return]

    @property
    def data_source(self) -> DataSource | dict[str, Any] | None:
        """The typed variant, the raw dict when this package does not know it, or None."""
        return self._built("data_source", "parse_data_source")  # type: ignore[no-any-return]

    def _built(self, field: str, builder: str) -> Any:
        """The typed form of `field`, built by `_parsing.<builder>` on first read, then kept in
        the slot `_<field>`."""
        slot = "_" + field
        try:
            return getattr(self, slot)
        except AttributeError:
            from . import _parsing  # with the generated models: loaded on first use only

            value = getattr(_parsing, builder)(self._raw.get(field))
            object.__setattr__(self, slot, value)
            return value

    @property
    def is_finished(self) -> bool:
        """True once the run reached a final status (completed, canceled or failed)."""
        return self._raw["status"] in ("completed", "canceled", "failed")

    @property
    def data_source_type(self) -> str | None:
        """The data source's `type` as sent (also for variants this package does not know)."""
        source = self._raw.get("data_source")
        kind = source.get("type") if isinstance(source, dict) else None
        return kind if isinstance(kind, str) else None

    def to_dict(self) -> dict[str, Any]:
        """Every field exactly as the server sent it (a deep copy, safe to modify)."""
        return copy_json(self._raw)  # type: ignore[no-any-return]  # a dict stays a dict

    if not TYPE_CHECKING:
        # Hidden from type checkers on purpose: a misspelt attribute stays a type error, while a
        # field the spec gains later is still readable at run time without changing this class.
        def __getattr__(self, name: str) -> Any:
            # A declared property failing inside must not fall back to the raw field.
            declared = hasattr(type(self), name)
            if not name.startswith("_") and not declared and name in _spec_fields():
                return self._raw.get(name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"EvalRun is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"EvalRun is read-only (cannot delete {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EvalRun):
            return NotImplemented
        return self._raw == other._raw and self.request_id == other.request_id

    __hash__ = None  # type: ignore[assignment]  # mutable JSON inside, like a dict

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._raw, self.request_id))

    def __repr__(self) -> str:
        counts = self._raw["result_counts"]
        return (
            f"EvalRun(id={self.id!r}, eval_id={self.eval_id!r}, status={self.status!r}, "
            f"name={self.name!r}, model={self.model!r}, data_source={self.data_source_type!r}, "
            f"result_counts=(passed={counts['passed']}, failed={counts['failed']}, "
            f"errored={counts['errored']}, total={counts['total']}))"
        )


def _rebuild(raw: dict[str, Any], request_id: str | None) -> EvalRun:
    return EvalRun(raw, request_id=request_id)


@cache
def _spec_fields() -> frozenset[str]:
    """The EvalRun fields named by the spec the generated package ships."""
    from ._schema import component

    return frozenset(component("EvalRun").get("properties", {}))
