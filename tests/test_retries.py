"""Retries: what is retried, how often, how long it waits, and that creates stay idempotent."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from scripted_server import (
    TEST_KEY,
    Reply,
    ScriptedServer,
    list_body,
    run_body,
)

from openai_evals_runs import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    Client,
    ConflictError,
    InternalServerError,
    RateLimitError,
)
from openai_evals_runs._retry import backoff_delay, retry_after

FAST = {"retry-after-ms": "5"}
JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 520, 599])
def test_retryable_statuses_are_retried(
    scripted: ScriptedServer, scripted_client: Client, status: int
) -> None:
    scripted.queue(Reply(status, {"error": {"message": "busy"}}, headers=FAST))
    scripted.queue(Reply(200, list_body(["r1"])))
    assert [run.id for run in scripted_client.runs.list("eval_1")] == ["r1"]
    assert len(scripted.received) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 418])
def test_other_client_errors_are_not_retried(
    scripted: ScriptedServer, scripted_client: Client, status: int
) -> None:
    scripted.default = Reply(status, {"error": {"message": "no"}}, headers=FAST)
    with pytest.raises(APIStatusError) as caught:
        scripted_client.runs.list("eval_1")
    assert caught.value.status_code == status
    assert len(scripted.received) == 1


def test_retries_are_bounded_by_max_retries(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.default = Reply(503, {"error": {"message": "down"}}, headers=FAST)
    with pytest.raises(InternalServerError) as caught:
        scripted_client.runs.list("eval_1")
    assert len(scripted.received) == 3  # 1 + max_retries (2)
    assert "after 3 attempts" in str(caught.value)
    scripted.received.clear()
    with pytest.raises(InternalServerError):
        scripted_client.with_options(max_retries=0).runs.list("eval_1")
    assert len(scripted.received) == 1


def test_x_should_retry_overrides_the_decision(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(500, {}, headers={**FAST, "x-should-retry": "false"}))
    with pytest.raises(InternalServerError):
        scripted_client.runs.list("eval_1")
    assert len(scripted.received) == 1
    scripted.queue(Reply(400, {}, headers={**FAST, "x-should-retry": "true"}))
    scripted.queue(Reply(200, list_body(["r1"])))
    assert scripted_client.runs.list("eval_1").data[0].id == "r1"
    assert len(scripted.received) == 3


def test_retry_after_seconds_is_honoured(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(429, {}, headers={"retry-after": "1"}), Reply(200, list_body(["r1"])))
    started = time.monotonic()
    scripted_client.runs.list("eval_1")
    assert time.monotonic() - started >= 0.95


def test_rate_limit_error_after_retries(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.default = Reply(
        429, {"error": {"message": "slow down", "type": "rate_limit"}}, headers=FAST
    )
    with pytest.raises(RateLimitError) as caught:
        scripted_client.runs.list("eval_1")
    assert caught.value.type == "rate_limit"


def test_dropped_connections_are_retried(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(action="drop"), Reply(200, list_body(["r1"]), action="drop_mid_body"))
    scripted.queue(Reply(200, list_body(["r1"])))
    assert scripted_client.runs.list("eval_1").data[0].id == "r1"
    assert len(scripted.received) == 3


def test_connection_errors_after_retries_raise_api_connection_error(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.default = Reply(action="drop")
    with pytest.raises(APIConnectionError) as caught:
        scripted_client.runs.list("eval_1")
    assert not isinstance(caught.value, APITimeoutError)
    assert "after 3 attempts" in str(caught.value)


def test_connection_refused_raises_api_connection_error() -> None:
    with (
        Client(api_key=TEST_KEY, base_url="http://127.0.0.1:9/v1", max_retries=1) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.runs.list("eval_1")
    assert "ConnectError" in str(caught.value)


def test_a_slow_response_times_out(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(200, list_body(["r1"]), delay=1.0))
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        scripted_client.with_options(max_retries=0).runs.list("eval_1", timeout=0.2)
    assert time.monotonic() - started < 0.9


def test_create_retries_reuse_one_idempotency_key(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(
        Reply(500, {}, headers=FAST), Reply(action="drop"), Reply(201, run_body("evalrun_new"))
    )
    run = scripted_client.runs.create("eval_1", data_source=JSONL)
    assert run.id == "evalrun_new"
    keys = [request.headers.get("Idempotency-Key") for request in scripted.received]
    assert len(keys) == 3
    assert keys[0] and len(set(keys)) == 1
    bodies = {request.body for request in scripted.received}
    assert len(bodies) == 1


def test_each_create_call_gets_its_own_key_unless_given(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.default = Reply(201, run_body())
    scripted_client.runs.create("eval_1", data_source=JSONL)
    scripted_client.runs.create("eval_1", data_source=JSONL)
    scripted_client.runs.create("eval_1", data_source=JSONL, idempotency_key="mine-1")
    keys = [request.headers["Idempotency-Key"] for request in scripted.received]
    assert keys[0] != keys[1]
    assert keys[2] == "mine-1"


def test_conflict_is_retried_then_raised(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.default = Reply(
        409, {"error": {"message": "key reused", "code": "idempotency"}}, headers=FAST
    )
    with pytest.raises(ConflictError) as caught:
        scripted_client.runs.create("eval_1", data_source=JSONL)
    assert caught.value.code == "idempotency"
    assert len(scripted.received) == 3


def test_bad_request_is_raised_at_once(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.default = Reply(
        400,
        {"message": "bad", "type": "invalid_request_error", "param": "data_source", "code": None},
    )
    with pytest.raises(BadRequestError) as caught:
        scripted_client.runs.create("eval_1", data_source=JSONL)
    assert caught.value.param == "data_source"
    assert len(scripted.received) == 1


# -- the policy itself ------------------------------------------------------------------------


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    for retries_done, (low, high) in enumerate(
        [(0.375, 0.5), (0.75, 1.0), (1.5, 2.0), (3.0, 4.0), (6.0, 8.0), (6.0, 8.0)]
    ):
        delays = [backoff_delay(retries_done) for _ in range(50)]
        assert all(low <= delay <= high for delay in delays), (retries_done, delays)
        assert len(set(delays)) > 1  # jittered


def test_retry_after_parsing() -> None:
    now = 1_700_000_000.0
    assert retry_after(httpx.Headers({"retry-after-ms": "250"}), now=now) == 0.25
    assert retry_after(httpx.Headers({"retry-after": "3"}), now=now) == 3.0
    date = format_datetime(datetime.fromtimestamp(now, UTC) + timedelta(seconds=5), usegmt=True)
    assert retry_after(httpx.Headers({"retry-after": date}), now=now) == pytest.approx(5.0)
    assert retry_after(httpx.Headers({"retry-after": "120"}), now=now) is None  # unreasonable
    assert retry_after(httpx.Headers({"retry-after": "-1"}), now=now) is None
    assert retry_after(httpx.Headers({"retry-after": "soon"}), now=now) is None
    assert retry_after(httpx.Headers({"retry-after-ms": "x", "retry-after": "2"}), now=now) == 2.0
    assert retry_after(httpx.Headers({}), now=now) is None
    assert backoff_delay(0, httpx.Headers({"retry-after": "7"})) == 7.0
