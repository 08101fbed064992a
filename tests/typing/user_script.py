"""A user's script, type-checked with `mypy --strict` by tests/test_typing.py (never run)."""

from __future__ import annotations

import asyncio

import httpx
from openai_evals_runs_api.models import (
    CreateEvalJsonlRunDataSource,
    EvalJsonlFileIdSource,
    EvalRunResultCounts,
)

from openai_evals_runs import (
    APIStatusError,
    AsyncClient,
    AsyncPage,
    Client,
    EvalRun,
    InvalidRequestError,
    Page,
    RateLimitError,
    RawResponse,
)


def sync_usage() -> list[str]:
    with Client(api_key="sk-x", timeout=30.0, max_retries=3, http_client=httpx.Client()) as client:
        page: Page = client.runs.list("eval_123", status="completed", order="desc", limit=50)
        first: str | None = page.first_id
        ids = [run.id for run in page.data] + [first or ""]
        for run in client.runs.list("eval_123"):
            counts: EvalRunResultCounts = run.result_counts
            passed: int = counts.passed
            ids.append(f"{run.id} {run.status} {passed}")
        for each in page.iter_pages():
            more: bool = each.has_more
            ids.append(str(more))
        typed = CreateEvalJsonlRunDataSource(
            type_="jsonl", source=EvalJsonlFileIdSource(type_="file_id", id="file-1")
        )
        created: EvalRun = client.runs.create(
            "eval_123", data_source=typed, name="nightly", metadata={"team": "search"}
        )
        from_dict: EvalRun = client.runs.create(
            "eval_123",
            data_source={"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}},
            idempotency_key="nightly-2026-11-26",
            timeout=httpx.Timeout(10.0),
            extra_headers={"X-Trace": "1"},
            extra_query={"dry_run": True},
            extra_body={"priority": "low"},
            strict=False,
        )
        raw: RawResponse[Page] = client.runs.with_raw_response.list("eval_123")
        status_code: int = raw.status_code
        request_id: str | None = raw.request_id
        parsed: Page = raw.parse()
        ids += [created.id, from_dict.id, str(status_code), request_id or "", str(parsed.has_more)]
        fast = client.with_options(max_retries=0)
        try:
            fast.runs.list("eval_123")
        except RateLimitError as error:
            ids.append(str(error.status_code))
        except APIStatusError as error:
            ids.append(f"{error.status_code} {error.request_id} {error.code} {error.param}")
        except InvalidRequestError as error:
            ids.append(error.argument)
        return ids


async def async_usage() -> list[str]:
    async with AsyncClient(api_key="sk-x") as client:
        ids = [run.id async for run in client.runs.list("eval_123", limit=10)]
        page: AsyncPage = await client.runs.list("eval_123")
        async for each in page.iter_pages():
            ids.extend(run.id for run in each.data)
        run: EvalRun = await client.runs.create(
            "eval_123", data_source={"type": "jsonl", "source": {"type": "file_id", "id": "f"}}
        )
        raw = await client.runs.with_raw_response.create(
            "eval_123", data_source={"type": "jsonl", "source": {"type": "file_id", "id": "f"}}
        )
        created: EvalRun = raw.parse()
        return [*ids, run.id, created.id]


if __name__ == "__main__":
    print(sync_usage(), asyncio.run(async_usage()))
