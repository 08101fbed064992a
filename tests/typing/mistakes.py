"""The issue's user script with its mistakes: each line marked `# mistake` must be reported by
the type checkers (tests/test_typing.py); `corrected.py` is the same script with them fixed."""

from __future__ import annotations

from openai_evals_runs import Client


def main() -> list[str]:
    with Client(api_key="sk-x") as client:
        page = client.runs.list("eval_123", order="descending")  # mistake
        done = client.runs.list("eval_123", status="done")  # mistake
        run = page.data[0]
        return [run.statuss, *(each.id for each in done.data)]  # mistake
