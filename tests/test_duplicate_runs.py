"""No duplicate runs: the Idempotency-Key however it is given, on every error of a create, and in a
note when a create is interrupted; headers that would corrupt a request are refused first.

The hostile answers come from the scripted server on 127.0.0.1 (canned replies, every request
recorded), so each test sees exactly what went over the wire.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from typing import Any

import pytest
from scripted_server import TEST_KEY, Reply, ScriptedServer, list_body, run_body

from openai_evals_runs import (
    APIResponseValidationError,
    APITimeoutError,
    AsyncClient,
    Client,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
)
from openai_evals_runs.testing import FakeEvalsServer

JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
FAST = {"retry-after-ms": "1"}


def _keys(scripted: ScriptedServer) -> list[list[str]]:
    """The Idempotency-Key values of each request, whatever their case."""
    return [
        [value for name, value in received.headers.items() if name.lower() == "idempotency-key"]
        for received in scripted.received
    ]


@pytest.mark.parametrize("name", ["Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY"])
def test_a_key_in_extra_headers_is_the_key_sent_once_on_every_attempt(
    scripted: ScriptedServer, scripted_client: Client, name: str
) -> None:
    scripted.queue(Reply(503, {"error": {"message": "busy"}}, headers=FAST))
    scripted.queue(Reply(201, run_body()))
    scripted_client.runs.create("eval_1", data_source=JSONL, extra_headers={name: "nightly-1"})
    assert _keys(scripted) == [["nightly-1"], ["nightly-1"]]


def test_the_same_key_as_argument_and_header_is_sent_once(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(201, run_body()))
    scripted_client.runs.create(
        "eval_1",
        data_source=JSONL,
        idempotency_key="k-1",
        extra_headers={"idempotency-key": "k-1"},
    )
    assert _keys(scripted) == [["k-1"]]


def test_two_different_keys_are_refused_before_sending(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    with pytest.raises(InvalidRequestError, match="idempotency_key: differs"):
        scripted_client.runs.create(
            "eval_1", data_source=JSONL, idempotency_key="a", extra_headers={"Idempotency-Key": "b"}
        )
    assert scripted.received == []


@pytest.mark.parametrize("name", ["Idempotency-Key", "idempotency-key"])
def test_a_key_in_default_headers_is_refused(scripted: ScriptedServer, name: str) -> None:
    with pytest.raises(InvalidRequestError, match="default_headers: must not set Idempotency-Key"):
        Client(api_key=TEST_KEY, base_url=scripted.base_url, default_headers={name: "fixed"})
    with (
        Client(api_key=TEST_KEY, base_url=scripted.base_url) as client,
        pytest.raises(InvalidRequestError, match="default_headers"),
    ):
        client.with_options(default_headers={name: "fixed"})


def test_a_header_given_twice_in_different_cases_is_sent_once(
    scripted: ScriptedServer,
) -> None:
    scripted.queue(Reply(200, list_body(["r1"])))
    with Client(
        api_key=TEST_KEY, base_url=scripted.base_url, default_headers={"X-Trace": "default"}
    ) as client:
        client.runs.list("eval_1", extra_headers={"x-trace": "call"})
    values = [v for k, v in scripted.received[0].headers.items() if k.lower() == "x-trace"]
    assert values == ["call"]


@pytest.mark.parametrize(
    "name", ["Content-Length", "transfer-encoding", "Host", "Connection", "Upgrade"]
)
def test_headers_that_frame_the_message_are_refused(
    scripted: ScriptedServer, scripted_client: Client, name: str
) -> None:
    with pytest.raises(InvalidRequestError, match="set by the HTTP client"):
        scripted_client.runs.create("eval_1", data_source=JSONL, extra_headers={name: "5"})
    with pytest.raises(InvalidRequestError, match="set by the HTTP client"):
        Client(api_key=TEST_KEY, base_url=scripted.base_url, default_headers={name: "5"})
    assert scripted.received == []


# -- every error of a create carries its key -----------------------------------------------------


def test_a_create_that_failed_after_sending_carries_its_key(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.default = Reply(503, {"error": {"message": "down"}}, headers=FAST)
    with pytest.raises(InternalServerError) as caught:
        scripted_client.runs.create("eval_1", data_source=JSONL, idempotency_key="mine")
    assert caught.value.idempotency_key == "mine"
    generated_key_error: Any
    with pytest.raises(InternalServerError) as generated_key_error:
        scripted_client.runs.create("eval_1", data_source=JSONL)
    key = generated_key_error.value.idempotency_key
    assert key is not None
    assert key.startswith("evalsruns-")
    assert _keys(scripted)[-1] == [key]


def test_a_create_answered_with_an_invalid_run_carries_its_key(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(201, {"id": "evalrun_1"}))
    with pytest.raises(APIResponseValidationError) as caught:
        scripted_client.runs.create("eval_1", data_source=JSONL, idempotency_key="k-2")
    assert caught.value.idempotency_key == "k-2"


def test_a_timed_out_create_carries_its_key(scripted: ScriptedServer) -> None:
    def slow(_: Any) -> Reply:
        time.sleep(1.0)
        return Reply(201, run_body())

    scripted.default = slow
    with (
        Client(api_key=TEST_KEY, base_url=scripted.base_url, max_retries=0) as client,
        pytest.raises(APITimeoutError) as caught,
    ):
        client.runs.create("eval_1", data_source=JSONL, idempotency_key="k-3", timeout=0.3)
    assert caught.value.idempotency_key == "k-3"


def test_list_errors_carry_no_key(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(404, {"error": {"message": "no eval"}}))
    with pytest.raises(NotFoundError) as caught:
        scripted_client.runs.list("eval_1")
    assert caught.value.idempotency_key is None


# -- interrupted creates ---------------------------------------------------------------------------


def test_an_interrupted_create_notes_its_key(scripted: ScriptedServer) -> None:
    def slow(_: Any) -> Reply:
        time.sleep(3.0)
        return Reply(201, run_body())

    scripted.default = slow
    main = threading.get_ident()
    timer = threading.Timer(0.3, lambda: signal.pthread_kill(main, signal.SIGINT))
    with Client(api_key=TEST_KEY, base_url=scripted.base_url) as client:
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt) as caught:
                client.runs.create("eval_1", data_source=JSONL, idempotency_key="k-int")
        finally:
            timer.cancel()
    notes = getattr(caught.value, "__notes__", [])
    assert any("idempotency_key='k-int'" in note for note in notes), notes


def test_a_cancelled_async_create_notes_its_key(scripted: ScriptedServer) -> None:
    def slow(_: Any) -> Reply:
        time.sleep(3.0)
        return Reply(201, run_body())

    scripted.default = slow

    async def main() -> BaseException:
        async with AsyncClient(api_key=TEST_KEY, base_url=scripted.base_url) as client:
            task = asyncio.create_task(
                client.runs.create("eval_1", data_source=JSONL, idempotency_key="k-cancel")
            )
            await asyncio.sleep(0.3)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError as exc:
                return exc
            raise AssertionError("the task was not cancelled")

    cancelled = asyncio.run(main())
    notes = getattr(cancelled, "__notes__", [])
    assert any("idempotency_key='k-cancel'" in note for note in notes), notes


def test_default_headers_replace_ours_of_the_same_name_in_any_case(
    server: FakeEvalsServer, eval_id: str
) -> None:
    # The local server joins a repeated header's values with ", ": one value means sent once.
    defaults = {"user-agent": "my-app/1.0", "ACCEPT": "application/json", "x-team": "evals"}
    with Client(
        api_key=server.api_key, base_url=server.base_url, default_headers=defaults
    ) as client:
        client.runs.list(eval_id)
        client.runs.create(eval_id, data_source=JSONL, extra_headers={"X-TEAM": "call"})
    for request, team in zip(server.requests, ("evals", "call"), strict=True):
        assert request.headers["user-agent"] == "my-app/1.0"
        assert request.headers["accept"] == "application/json"
        assert request.headers["x-team"] == team
        assert request.headers["authorization"] == f"Bearer {server.api_key}"
