"""The run as users see it: typed where the API is known, raw where it is not.

The nested parts are the generated models (`openai_evals_runs_api.models`); this class adds what
they lack: it never fails on fields the API may add or change (an unknown `status`, an unknown
`data_source.type`, unknown message types, extra fields), keeps every field the server sent
(`to_dict()`), and carries the `x-request-id` of the response it came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

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


@attrs.frozen(repr=False)
class EvalRun:
    """One evaluation run.

    `status` is a plain string: the five known values are in `KNOWN_STATUSES`, and a new one the
    API may add still parses. `data_source` is one of the typed variants, or the raw dict when its
    `type` (or something inside it) is not one this package knows, or None when the server sent
    none (older runs use `run_data_source`, kept in `to_dict()`).
    """

    id: str
    eval_id: str
    status: str
    model: str
    name: str
    created_at: int
    report_url: str
    result_counts: EvalRunResultCounts
    per_model_usage: list[EvalRunModelUsage] | None
    per_testing_criteria_results: list[EvalRunTestingCriteriaResult] | None
    data_source: DataSource | dict[str, Any] | None
    metadata: dict[str, str] | None
    error: EvalApiError | None
    request_id: str | None = None
    _raw: dict[str, Any] = attrs.field(factory=dict, alias="raw")

    @property
    def is_finished(self) -> bool:
        """True once the run reached a final status (completed, canceled or failed)."""
        return self.status in ("completed", "canceled", "failed")

    @property
    def data_source_type(self) -> str | None:
        """The data source's `type` as sent (also for variants this package does not know)."""
        source = self._raw.get("data_source")
        kind = source.get("type") if isinstance(source, dict) else None
        return kind if isinstance(kind, str) else None

    def to_dict(self) -> dict[str, Any]:
        """Every field exactly as the server sent it (a deep copy, safe to modify)."""
        return copy_json(self._raw)  # type: ignore[no-any-return]  # a dict stays a dict

    def __repr__(self) -> str:
        counts = self.result_counts
        return (
            f"EvalRun(id={self.id!r}, eval_id={self.eval_id!r}, status={self.status!r}, "
            f"name={self.name!r}, model={self.model!r}, data_source={self.data_source_type!r}, "
            f"result_counts=(passed={counts.passed}, failed={counts.failed}, "
            f"errored={counts.errored}, total={counts.total}))"
        )
