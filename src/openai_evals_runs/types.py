"""Request types for `runs.create` and `runs.list`, generated from openapi.yaml.

    from openai_evals_runs.types import DataSourceParam

    source: DataSourceParam = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
    client.runs.create("eval_123", data_source=source)

Every object of the create body is a TypedDict (`<Schema>Param`, named after the spec's schema),
so type checkers and editors know each key and its type; the spec's enums are Literal types. This
module is for type checking and completion: `import openai_evals_runs` never loads it, and a plain
dict works the same at run time (it is checked against the spec before sending).
"""

from __future__ import annotations

from typing import TypeAlias

from openai_evals_runs_api.models.get_eval_runs_order import GetEvalRunsOrder
from openai_evals_runs_api.models.get_eval_runs_status import GetEvalRunsStatus
from openai_evals_runs_api.params import *  # noqa: F403 - every generated TypedDict is public
from openai_evals_runs_api.params import CreateEvalRunDataSourceParam

DataSourceParam: TypeAlias = CreateEvalRunDataSourceParam
"""A data source of `runs.create` as a dict: the jsonl, completions or responses variant."""

ListOrder: TypeAlias = GetEvalRunsOrder
"""`runs.list(order=...)`: the orders the spec allows."""

ListStatus: TypeAlias = GetEvalRunsStatus
"""`runs.list(status=...)`: the run statuses the spec lets a listing filter on."""
