"""`extra_query=` and `extra_body=` on `runs.list` and `runs.create`: sent as given, merged at the
top level of the query and the JSON body, on every page and every attempt; bad ones are refused
before anything is sent. Over real HTTP, the scripted server recording each request."""

from __future__ import annotations

import asyncio
import math
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scripted_server import TEST_KEY, Received, Reply, ScriptedServer, list_body, run_body

from openai_evals_runs import AsyncClient, Client, InvalidRequestError

JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


def _query(request: Received) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.path).query)


def test_list_sends_extra_query_merged_with_its_arguments(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(200, list_body(["evalrun_1"])))
    scripted_client.runs.list(
        "eval_1", limit=2, extra_query={"include_archived": True, "tag": ["a", "b"], "n": 3}
    )
    (request,) = scripted.received
    assert request.method == "GET"
    assert _query(request) == {
        "limit": ["2"],
        "include_archived": ["true"],
        "tag": ["a", "b"],
        "n": ["3"],
    }
    assert request.body == b""


def test_extra_query_wins_over_an_argument_of_the_same_name(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    # The way to send an order or a status the API accepts before this package knows it.
    scripted.queue(Reply(200, list_body([])))
    scripted_client.runs.list("eval_1", order="asc", extra_query={"order": "newest_first"})
    assert _query(scripted.received[0]) == {"order": ["newest_first"]}


def test_extra_query_goes_with_every_page(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(
        Reply(200, list_body(["evalrun_1"], has_more=True)), Reply(200, list_body(["evalrun_2"]))
    )
    ids = [run.id for run in scripted_client.runs.list("eval_1", extra_query={"region": "eu"})]
    assert ids == ["evalrun_1", "evalrun_2"]
    first, second = (_query(request) for request in scripted.received)
    assert first == {"region": ["eu"]}
    assert second == {"region": ["eu"], "after": ["evalrun_1"]}


def test_list_sends_extra_body_as_a_json_body(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(200, list_body([])))
    scripted_client.runs.list("eval_1", extra_body={"filter": {"tag": "x"}})
    (request,) = scripted.received
    assert request.json() == {"filter": {"tag": "x"}}
    assert request.headers["Content-Type"] == "application/json"


def test_create_merges_extra_body_at_the_top_level_and_sends_extra_query(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(201, run_body()))
    scripted_client.runs.create(
        "eval_1",
        data_source=JSONL,
        name="mine",
        extra_body={"name": "theirs", "shuffle": True, "limits": {"items": 10}},
        extra_query={"dry_run": "1"},
    )
    (request,) = scripted.received
    assert request.method == "POST"
    assert request.json() == {
        "data_source": JSONL,
        "name": "theirs",
        "shuffle": True,
        "limits": {"items": 10},
    }
    assert _query(request) == {"dry_run": ["1"]}


def test_every_attempt_of_a_create_sends_the_same_extra_body(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(500, {"error": {"message": "try again"}}), Reply(201, run_body()))
    scripted_client.runs.create("eval_1", data_source=JSONL, extra_body={"shuffle": True})
    first, second = scripted.received
    assert first.body == second.body
    assert first.json()["shuffle"] is True
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]


def test_async_list_and_create_send_the_extras(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(200, list_body([])), Reply(201, run_body()))

    async def main() -> None:
        async with AsyncClient(api_key=TEST_KEY, base_url=scripted.base_url) as client:
            await client.runs.list("eval_1", extra_query={"region": "eu"})
            await client.runs.create("eval_1", data_source=JSONL, extra_body={"shuffle": True})

    asyncio.run(main())
    listing, creation = scripted.received
    assert _query(listing) == {"region": ["eu"]}
    assert creation.json() == {"data_source": JSONL, "shuffle": True}


@pytest.mark.parametrize(
    ("extras", "argument", "rule"),
    [
        ({"extra_query": "region=eu"}, "extra_query", "must be a mapping"),
        ({"extra_query": {"x": object()}}, "extra_query['x']", "must be a string"),
        ({"extra_query": {"x": [1, None]}}, "extra_query['x']", "got NoneType"),
        ({"extra_query": {"x": math.inf}}, "extra_query['x']", "finite number"),
        ({"extra_query": {"": "1"}}, "extra_query", "non-empty strings"),
        ({"extra_body": ["shuffle"]}, "extra_body", "must be a mapping"),
        ({"extra_body": {"x": math.nan}}, "extra_body.x", "finite number"),
        ({"extra_body": {"when": object()}}, "extra_body.when", "cannot be sent as JSON"),
    ],
)
@pytest.mark.parametrize("call", ["list", "create"])
def test_bad_extras_are_refused_before_sending(
    scripted: ScriptedServer,
    scripted_client: Client,
    call: str,
    extras: dict[str, Any],
    argument: str,
    rule: str,
) -> None:
    runs = scripted_client.runs
    send = (
        (lambda: runs.list("eval_1", **extras))
        if call == "list"
        else (lambda: runs.create("eval_1", data_source=JSONL, **extras))
    )
    with pytest.raises(InvalidRequestError) as caught:
        send()
    assert caught.value.argument == argument
    assert rule in str(caught.value)
    assert scripted.received == []
