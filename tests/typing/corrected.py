"""`mistakes.py` with its mistakes fixed: clean under the type checkers (tests/test_typing.py)."""

from __future__ import annotations

from openai_evals_runs import Client


def main() -> list[str]:
    with Client(api_key="sk-x") as client:
        page = client.runs.list("eval_123", order="desc")
        done = client.runs.list("eval_123", status="completed")
        run = page.data[0]
        return [run.status, *(each.id for each in done.data)]
