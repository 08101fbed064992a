"""AsyncClient: the same behaviour through asyncio."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from scripted_server import TEST_KEY, Received, Reply, ScriptedServer, list_body, run_body

from openai_evals_runs import (
    APIConnectionError,
    APITimeoutError,
    AsyncClient,
    AsyncPage,
    EvalRun,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
)

T = TypeVar("T")
FAST = {"retry-after-ms": "5"}
JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


def run_with(server: ScriptedServer, scenario: Callable[[AsyncClient], Awaitable[T]]) -> T:
    """Run `scenario` with an AsyncClient on the scripted server, closing the client after."""

    async def main() -> T:
        async with AsyncClient(api_key=TEST_KEY, base_url=server.base_url) as client:
            return await scenario(client)

    return asyncio.run(main())


def _paged(server: ScriptedServer, pages: list[list[str]]) -> None:
    starts = {None: 0} | {page[-1]: index + 1 for index, page in enumerate(pages)}

    def answer(request: Received) -> Reply:
        after = parse_qs(urlsplit(request.path).query).get("after", [None])[0]
        index = starts[after]
        return Reply(200, list_body(pages[index], has_more=index < len(pages) - 1))

    server.default = answer


def test_await_list_gives_one_page(scripted: ScriptedServer) -> None:
    _paged(scripted, [["r1", "r2"], ["r3"]])

    async def scenario(client: AsyncClient) -> AsyncPage:
        return await client.runs.list("eval_1", limit=2)

    page = run_with(scripted, scenario)
    assert isinstance(page, AsyncPage)
    assert [run.id for run in page.data] == ["r1", "r2"]
    assert page.has_more is True
    assert len(scripted.received) == 1


def test_async_for_walks_every_page(scripted: ScriptedServer) -> None:
    _paged(scripted, [["r1", "r2"], ["r3", "r4"], ["r5"]])

    async def scenario(client: AsyncClient) -> list[str]:
        return [run.id async for run in client.runs.list("eval_1", limit=2, status="queued")]

    assert run_with(scripted, scenario) == ["r1", "r2", "r3", "r4", "r5"]
    queries = [parse_qs(urlsplit(request.path).query) for request in scripted.received]
    assert all(query["limit"] == ["2"] and query["status"] == ["queued"] for query in queries)


def test_iter_pages(scripted: ScriptedServer) -> None:
    _paged(scripted, [["r1"], ["r2"]])

    async def scenario(client: AsyncClient) -> list[list[str]]:
        pages = client.runs.list("eval_1").iter_pages()
        return [[run.id for run in page.data] async for page in pages]

    assert run_with(scripted, scenario) == [["r1"], ["r2"]]


def test_create_with_retries_keeps_the_key(scripted: ScriptedServer) -> None:
    scripted.queue(
        Reply(502, {}, headers=FAST), Reply(action="drop"), Reply(201, run_body("evalrun_9"))
    )

    async def scenario(client: AsyncClient) -> EvalRun:
        return await client.runs.create("eval_1", data_source=JSONL, name="n")

    run = run_with(scripted, scenario)
    assert run.id == "evalrun_9"
    keys = {request.headers["Idempotency-Key"] for request in scripted.received}
    assert len(scripted.received) == 3
    assert len(keys) == 1


def test_errors_are_typed(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(404, {"error": {"message": "no such eval"}}))

    async def scenario(client: AsyncClient) -> None:
        await client.runs.list("eval_missing")

    with pytest.raises(NotFoundError, match="no such eval"):
        run_with(scripted, scenario)


def test_retries_are_bounded(scripted: ScriptedServer) -> None:
    scripted.default = Reply(500, {}, headers=FAST)

    async def scenario(client: AsyncClient) -> None:
        await client.with_options(max_retries=1).runs.list("eval_1")

    with pytest.raises(InternalServerError):
        run_with(scripted, scenario)
    assert len(scripted.received) == 2


def test_timeout_and_connection_errors(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(200, list_body(["r1"]), delay=1.0))

    async def refused(client: AsyncClient) -> None:
        await client.with_options(base_url="http://127.0.0.1:9/v1", max_retries=0).runs.list("e")

    async def no_retry(client: AsyncClient) -> None:
        await client.with_options(max_retries=0).runs.list("eval_1", timeout=0.2)

    with pytest.raises(APITimeoutError):
        run_with(scripted, no_retry)
    with pytest.raises(APIConnectionError):
        run_with(scripted, refused)


def test_bad_arguments_fail_at_the_call_site(scripted: ScriptedServer) -> None:
    async def scenario(client: AsyncClient) -> None:
        with pytest.raises(InvalidRequestError, match="limit"):
            client.runs.list("eval_1", limit=0)  # no await needed to see the error
        with pytest.raises(InvalidRequestError, match="eval_id"):
            await client.runs.create("..", data_source=JSONL)

    run_with(scripted, scenario)
    assert scripted.received == []


def test_raw_response(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(201, run_body("evalrun_raw"), headers={"x-request-id": "req_raw"}))

    async def scenario(client: AsyncClient) -> tuple[int, str | None, str]:
        raw = await client.runs.with_raw_response.create("eval_1", data_source=JSONL)
        return raw.status_code, raw.request_id, raw.parse().id

    assert run_with(scripted, scenario) == (201, "req_raw", "evalrun_raw")


def test_context_manager_closes_its_pool(scripted: ScriptedServer) -> None:
    async def scenario() -> tuple[bool, bool]:
        client = AsyncClient(api_key=TEST_KEY, base_url=scripted.base_url)
        async with client:
            pass
        mine = httpx.AsyncClient()
        borrowed = AsyncClient(api_key=TEST_KEY, base_url=scripted.base_url, http_client=mine)
        await borrowed.close()
        closed_borrowed = mine.is_closed
        await mine.aclose()
        return client._http.is_closed, closed_borrowed

    assert asyncio.run(scenario()) == (True, False)
