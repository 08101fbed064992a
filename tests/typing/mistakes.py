"""The issue's user script with its four mistakes: each line marked `# mistake` must be reported
by the type checkers (tests/test_typing.py); `corrected.py` is the same script with them fixed."""

from __future__ import annotations

from openai_evals_runs import Client


def main() -> list[str]:
    with Client(api_key="sk-x") as client:
        created = client.runs.create(
            "eval_123",
            data_source={"type": "jsonl", "source": {"type": "file_id", "idd": "f1"}},  # mistake
        )
        page = client.runs.list("eval_123", order="descending")  # mistake
        done = client.runs.list("eval_123", status="done")  # mistake
        run = page.data[0]
        return [created.id, run.statuss, *(each.id for each in done.data)]  # mistake
