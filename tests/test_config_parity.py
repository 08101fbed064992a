"""Configuration rows openai-python has: `default_query`, `with_options(http_client=...)`,
`copy()`, and the OPENAI_LOG switch; over real HTTP against the local server."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import httpx
import pytest

from openai_evals_runs import AsyncClient, Client, InvalidRequestError
from openai_evals_runs._logs import log_level
from openai_evals_runs.testing import FakeEvalsServer

DATA = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


def test_default_query_goes_on_every_request_and_page_below_the_calls_own(
    server: FakeEvalsServer, eval_id: str
) -> None:
    server.seed_runs(eval_id, 5)
    query = {"team": "evals", "verbose": True, "ratio": 0.5, "limit": 99, "n": 3}
    with Client(api_key=server.api_key, base_url=server.base_url, default_query=query) as client:
        assert client.default_query == query
        ids = [run.id for run in client.runs.list(eval_id, limit=2, extra_query={"n": 4})]
        client.runs.create(eval_id, data_source=DATA)
    assert len(ids) == 5
    queries = [received.query for received in server.requests]
    # Three pages: the call's `limit` and `after` and its extra_query win over the defaults.
    assert queries[0] == "team=evals&verbose=true&ratio=0.5&limit=2&n=4"
    assert queries[1] == f"team=evals&verbose=true&ratio=0.5&limit=2&n=4&after={ids[1]}"
    assert queries[2] == f"team=evals&verbose=true&ratio=0.5&limit=2&n=4&after={ids[3]}"
    assert queries[3] == "team=evals&verbose=true&ratio=0.5&limit=99&n=3"  # the create


def test_the_async_client_sends_default_query_too(server: FakeEvalsServer, eval_id: str) -> None:
    async def main() -> None:
        async with AsyncClient(
            api_key=server.api_key, base_url=server.base_url, default_query={"k": "v"}
        ) as client:
            await client.runs.list(eval_id)
            await client.with_options(default_query={"k": "w"}).runs.list(eval_id)

    asyncio.run(main())
    assert [received.query for received in server.requests] == ["k=v", "k=w"]


@pytest.mark.parametrize(
    ("default_query", "argument", "says"),
    [
        (["a", "b"], "default_query", "must be a mapping, got list"),
        ({1: "a"}, "default_query", "keys must be non-empty strings"),
        ({"": "a"}, "default_query", "keys must be non-empty strings"),
        ({"a": None}, "default_query['a']", "got NoneType"),
        ({"a": [1, 2]}, "default_query['a']", "got list"),
        ({"a": float("nan")}, "default_query['a']", "finite number"),
        ({"a": {"b": 1}}, "default_query['a']", "got dict"),
    ],
)
def test_a_bad_default_query_is_refused_naming_it(
    default_query: object, argument: str, says: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Client(api_key="sk-x", base_url="http://127.0.0.1:9/v1", default_query=default_query)  # type: ignore[arg-type]
    assert caught.value.argument == argument
    assert says in str(caught.value)


def test_with_options_http_client_uses_that_pool_and_never_closes_it(
    server: FakeEvalsServer, eval_id: str
) -> None:
    seen: list[str] = []
    pool = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
    with Client(api_key=server.api_key, base_url=server.base_url) as client:
        copy = client.with_options(http_client=pool, max_retries=0)
        assert copy.max_retries == 0 and client.max_retries == 2
        copy.runs.list(eval_id)
        assert seen == [f"/v1/evals/{eval_id}/runs"]
        client.runs.list(eval_id)  # the original keeps its own pool
        assert len(seen) == 1
        copy.close()
        assert not pool.is_closed
    assert not pool.is_closed  # closing the original closed only its own pool
    copy.runs.list(eval_id)
    assert len(seen) == 2
    pool.close()


def test_with_options_refuses_a_pool_of_the_wrong_kind() -> None:
    with Client(api_key="sk-x", base_url="http://127.0.0.1:9/v1") as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.with_options(http_client=httpx.AsyncClient())  # type: ignore[arg-type]
        assert caught.value.argument == "http_client"
        assert "httpx.Client" in str(caught.value)
    with pytest.raises(InvalidRequestError, match=r"httpx\.AsyncClient"):
        AsyncClient(api_key="sk-x", http_client=httpx.Client())  # type: ignore[arg-type]


def test_copy_is_with_options(server: FakeEvalsServer, eval_id: str) -> None:
    with Client(api_key=server.api_key, base_url=server.base_url) as client:
        copy = client.copy(default_headers={"X-Copied": "yes"}, timeout=7.0)
        assert type(copy) is Client and copy.timeout == httpx.Timeout(7.0)
        copy.runs.list(eval_id)
        assert server.requests[-1].headers["x-copied"] == "yes"
        with pytest.raises(TypeError):
            client.copy(not_an_option=1)  # type: ignore[call-arg]
    assert Client.copy is Client.with_options


@pytest.mark.parametrize(
    ("environ", "level"),
    [
        ({}, ""),
        ({"OPENAI_LOG": "debug"}, "debug"),
        ({"OPENAI_LOG": "info"}, "info"),
        ({"OPENAI_EVALS_RUNS_LOG": "info", "OPENAI_LOG": "debug"}, "info"),
        ({"OPENAI_EVALS_RUNS_LOG": "off", "OPENAI_LOG": "debug"}, "off"),
        ({"OPENAI_EVALS_RUNS_LOG": " ", "OPENAI_LOG": "debug"}, "debug"),
    ],
)
def test_which_switch_wins(environ: dict[str, str], level: str) -> None:
    assert log_level(environ) == level


def _run_listing(server: FakeEvalsServer, eval_id: str, **env: str) -> str:
    code = (
        "from openai_evals_runs import Client\n"
        f"Client(api_key={server.api_key!r}, base_url={server.base_url!r})"
        f".runs.list({eval_id!r})\n"
    )
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=environ,
    )
    return result.stderr


def test_openai_log_debug_switches_on_debug_logs_in_a_child_process(
    server: FakeEvalsServer, eval_id: str
) -> None:
    assert _run_listing(server, eval_id) == ""
    loud = _run_listing(server, eval_id, OPENAI_LOG="debug")
    assert f"GET {server.base_url}/evals/{eval_id}/runs -> 200 request_id=req_" in loud
    assert server.api_key not in loud
    # Ours wins: set to something that is not a level, it keeps the logs off.
    assert _run_listing(server, eval_id, OPENAI_LOG="debug", OPENAI_EVALS_RUNS_LOG="off") == ""
