"""`mistakes.py` with its mistakes fixed: clean under the type checkers (tests/test_typing.py)."""

from __future__ import annotations

from openai_evals_runs import Client
from openai_evals_runs.types import DataSourceParam, ResponsesSamplingParamsParam


def main() -> list[str]:
    with Client(api_key="sk-x") as client:
        created = client.runs.create(
            "eval_123",
            data_source={
                "type": "completions",
                "model": "gpt-4o-mini",
                "source": {"type": "file_id", "id": "file-1"},
                "sampling_params": {"temperature": 0.2, "max_completion_tokens": 200},
            },
        )
        sampling: ResponsesSamplingParamsParam = {"top_p": 0.9, "seed": 7}
        source: DataSourceParam = {
            "type": "responses",
            "source": {"type": "responses", "model": "gpt-4o", "created_after": 1},
            "sampling_params": sampling,
        }
        again = client.runs.create("eval_123", data_source=source)
        page = client.runs.list("eval_123", order="desc")
        done = client.runs.list("eval_123", status="completed")
        run = page.data[0]
        return [created.id, again.id, run.status, *(each.id for each in done.data)]
