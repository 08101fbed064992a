"""Waiting for runs: `runs.poll` and `runs.create_and_poll`, sync and async, over real HTTP against
the local Evals server. No real waiting: the client's sleep moves the server clock (and the clock
the wait reads) instead, so a run finishes after as many polls as its server time needs.
"""

from __future__ import annotations

import asyncio
import json
import pickle
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

import pytest

from openai_evals_runs import (
    APITimeoutError,
    AsyncClient,
    Client,
    EvalRun,
    EvalsRunsError,
    InvalidRequestError,
    PollTimeoutError,
    RunNotFoundError,
)
from openai_evals_runs.testing import COMPLETED_AFTER, FakeEvalsServer, Fault, Outcome

DATA_SOURCE = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


class ServerTime:
    """The clock a wait reads, moved with the server's clock by the wait's own sleeps."""

    def __init__(self, server: FakeEvalsServer) -> None:
        self.server = server
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert len(self.sleeps) < 1000, "a wait that never ends"
        self.sleeps.append(seconds)
        self.now += seconds
        self.server.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def time_(evals_server: FakeEvalsServer, evals_client: Client) -> ServerTime:
    time_ = ServerTime(evals_server)
    evals_client.runs._clock = time_.clock  # type: ignore[method-assign]
    evals_client.runs._sleep = time_.sleep  # type: ignore[method-assign]
    return time_


@pytest.fixture
def async_time(evals_server: FakeEvalsServer, async_evals_client: AsyncClient) -> ServerTime:
    time_ = ServerTime(evals_server)
    async_evals_client.runs._clock = time_.clock  # type: ignore[method-assign]
    async_evals_client.runs._sleep = time_.async_sleep  # type: ignore[method-assign]
    return time_


def _list_requests(server: FakeEvalsServer) -> list[dict[str, list[str]]]:
    return [parse_qs(r.query) for r in server.requests if r.method == "GET"]


# -- the Python API, sync -------------------------------------------------------------------------


def test_poll_returns_the_finished_run(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.set_outcome(Outcome(passed=9, failed=1))
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    run = evals_client.runs.poll(eval_id, created.id, poll_interval=1.0)
    assert (run.id, run.status, run.is_finished) == (created.id, "completed", True)
    assert run.pass_rate == 0.9
    assert sum(time_.sleeps) == COMPLETED_AFTER  # polled once a second until it completed


def test_create_and_poll(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    run = evals_client.runs.create_and_poll(
        eval_id, data_source=DATA_SOURCE, name="nightly", poll_interval=2.0
    )
    assert (run.name, run.status) == ("nightly", "completed")
    assert [r.id for r in evals_client.runs.list(eval_id)] == [run.id]


def test_create_and_poll_takes_every_keyword_of_create(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    source = {**DATA_SOURCE, "source": {**DATA_SOURCE["source"], "revision": 3}}  # unknown field
    with pytest.raises(InvalidRequestError, match="revision"):
        evals_client.runs.create_and_poll(eval_id, data_source=source, poll_interval=1.0)
    evals_server.requests.clear()
    run = evals_client.runs.create_and_poll(
        eval_id,
        data_source=source,
        strict=False,
        idempotency_key="ci-run-7",
        extra_headers={"X-Trace": "t1"},
        extra_query={"dry": "no"},
        extra_body={"priority": "low"},
        poll_interval=1.0,
    )
    assert run.status == "completed"
    posts = [r for r in evals_server.requests if r.method == "POST"]
    assert len(posts) == 1
    body = json.loads(posts[0].body)
    assert body["data_source"]["source"]["revision"] == 3
    assert body["priority"] == "low"
    assert posts[0].headers["x-trace"] == "t1"
    assert posts[0].headers["idempotency-key"] == "ci-run-7"
    assert parse_qs(posts[0].query) == {"dry": ["no"]}
    # The extras go with the create only, not with the polls.
    gets = [r for r in evals_server.requests if r.method == "GET"]
    assert gets and all("x-trace" not in r.headers and "dry" not in r.query for r in gets)


def test_poll_timeout_error_carries_the_last_state(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    with pytest.raises(PollTimeoutError) as caught:
        evals_client.runs.poll(eval_id, created.id, poll_interval=1.0, timeout=2.5)
    error = caught.value
    assert isinstance(error, EvalsRunsError)
    assert (error.eval_id, error.run_id) == (eval_id, created.id)
    assert isinstance(error.run, EvalRun)
    assert error.run.status == "in_progress"
    # Polled at 0, 1, 2 and at the deadline (2.5), never past it.
    assert time_.sleeps == [1.0, 1.0, 0.5]
    assert "not finished after 2.5 s" in str(error)


def test_run_not_found(evals_server: FakeEvalsServer, evals_client: Client) -> None:
    eval_id = evals_server.create_eval()
    evals_server.seed_runs(eval_id, 150)
    with pytest.raises(RunNotFoundError) as caught:
        evals_client.runs.poll(eval_id, "evalrun_missing", poll_interval=1.0)
    assert isinstance(caught.value, LookupError)
    assert (caught.value.eval_id, caught.value.run_id) == (eval_id, "evalrun_missing")


def test_an_unknown_final_status_returns(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.set_outcome(Outcome(status="paused"))
    run = evals_client.runs.create_and_poll(eval_id, data_source=DATA_SOURCE, poll_interval=1.0)
    assert (run.status, run.is_finished) == ("paused", True)


def test_transient_503s_are_survived(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    evals_server.advance(COMPLETED_AFTER)
    # Seven 503s: more than one call's retries (3 attempts) can absorb, twice over.
    evals_server.inject("list", *[Fault.status(503)] * 7)
    run = evals_client.runs.poll(eval_id, created.id, poll_interval=1.0, timeout=60)
    assert run.status == "completed"
    assert len(time_.sleeps) == 2  # two polls lost to the 503s, then the run
    assert evals_server.pending_faults("list") == 0


def test_a_lasting_outage_ends_in_poll_timeout_error(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    evals_server.inject("list", *[Fault.status(503)] * 9)
    with pytest.raises(PollTimeoutError) as caught:
        evals_client.runs.poll(eval_id, created.id, poll_interval=1.0, timeout=2)
    assert caught.value.run is None
    assert caught.value.__cause__ is not None


def test_a_request_never_outlives_the_wait(
    evals_server: FakeEvalsServer, evals_client: Client
) -> None:
    # Real time here: the answers come 1.5 s late, the wait has 0.3 s. Each attempt is cut to
    # the time left, so the wait ends on the request timeouts, not on slow answers.
    eval_id = evals_server.create_eval()
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    evals_server.inject("list", *[Fault.delay(1.5)] * 3)
    with pytest.raises(PollTimeoutError) as caught:
        evals_client.runs.poll(eval_id, created.id, poll_interval=0.1, timeout=0.3)
    assert isinstance(caught.value.__cause__, APITimeoutError)
    assert caught.value.run is None


def test_a_non_transient_error_ends_the_wait(evals_client: Client) -> None:
    from openai_evals_runs import NotFoundError

    with pytest.raises(NotFoundError):
        evals_client.runs.poll("eval_missing", "evalrun_1", poll_interval=1.0)


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"poll_interval": 0}, "poll_interval"),
        ({"poll_interval": float("nan")}, "poll_interval"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": "5"}, "timeout"),
    ],
)
def test_bad_settings_are_refused_before_sending(
    evals_server: FakeEvalsServer, evals_client: Client, arguments: dict[str, Any], argument: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        evals_client.runs.poll("eval_1", "evalrun_1", **arguments)
    assert caught.value.argument == argument
    assert len(evals_server.requests) == 0


# -- cost -----------------------------------------------------------------------------------------


def test_each_poll_costs_at_most_two_requests_however_many_runs(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.seed_runs(eval_id, 1000)  # finished, older than the polled run
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    evals_server.seed_runs(eval_id, 300)  # newer
    evals_server.requests.clear()
    run = evals_client.runs.poll(eval_id, created.id, poll_interval=1.0)
    assert run.status == "completed"
    polls = len(time_.sleeps) + 1
    queries = _list_requests(evals_server)
    # 2 requests on the first poll (locate), 1 on every later one.
    assert len(queries) == polls + 1 <= 2 * polls
    assert all(q["limit"] == ["1"] for q in queries)
    assert queries[0] == {"after": [created.id], "limit": ["1"], "order": ["desc"]}


def test_the_oldest_run_is_polled_without_an_anchor(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    evals_server.seed_runs(eval_id, 300)
    evals_server.requests.clear()
    evals_client.runs.poll(eval_id, created.id, poll_interval=1.0)
    queries = _list_requests(evals_server)
    assert len(queries) == len(time_.sleeps) + 2
    assert queries[1:] == [{"limit": ["1"], "order": ["asc"]}] * (len(queries) - 1)


def test_a_server_refusing_the_cursor_falls_back_to_scanning(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.seed_runs(eval_id, 50)
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    evals_server.seed_runs(eval_id, 250)
    evals_server.advance(COMPLETED_AFTER)
    evals_server.requests.clear()
    evals_server.inject("list", Fault.status(400, body={"error": {"message": "bad cursor"}}))
    run = evals_client.runs.poll(eval_id, created.id, poll_interval=1.0)
    assert run.id == created.id
    queries = _list_requests(evals_server)
    # The refused locate, then newest first: 100 + 100 + the page holding the run.
    assert len(queries) == 4
    assert queries[-1]["limit"] == ["100"]


# -- async twins ----------------------------------------------------------------------------------


def _run(make: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(make())  # type: ignore[arg-type]


def test_async_poll_and_create_and_poll(
    evals_server: FakeEvalsServer, async_evals_client: AsyncClient, async_time: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.seed_runs(eval_id, 1000)
    created = _run(lambda: async_evals_client.runs.create(eval_id, data_source=DATA_SOURCE))
    evals_server.seed_runs(eval_id, 300)
    evals_server.requests.clear()
    run = _run(lambda: async_evals_client.runs.poll(eval_id, created.id, poll_interval=1.0))
    assert (run.id, run.status) == (created.id, "completed")
    assert len(_list_requests(evals_server)) == len(async_time.sleeps) + 2
    again = _run(
        lambda: async_evals_client.runs.create_and_poll(
            eval_id, data_source=DATA_SOURCE, poll_interval=1.0
        )
    )
    assert again.status == "completed"


def test_async_poll_timeout_and_not_found(
    evals_server: FakeEvalsServer, async_evals_client: AsyncClient, async_time: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = _run(lambda: async_evals_client.runs.create(eval_id, data_source=DATA_SOURCE))
    with pytest.raises(PollTimeoutError) as caught:
        _run(lambda: async_evals_client.runs.poll(eval_id, created.id, timeout=0.5))
    assert caught.value.run is not None and caught.value.run.status == "queued"
    with pytest.raises(RunNotFoundError):
        _run(lambda: async_evals_client.runs.poll(eval_id, "evalrun_nope"))


def test_async_transient_503s_are_survived(
    evals_server: FakeEvalsServer, async_evals_client: AsyncClient, async_time: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = _run(lambda: async_evals_client.runs.create(eval_id, data_source=DATA_SOURCE))
    evals_server.inject("list", *[Fault.status(503)] * 4)
    run = _run(lambda: async_evals_client.runs.poll(eval_id, created.id, poll_interval=1.0))
    assert run.status == "completed"


# -- the run's own answers, and the errors --------------------------------------------------------


def test_pass_rate_and_is_finished(evals_server: FakeEvalsServer, evals_client: Client) -> None:
    eval_id = evals_server.create_eval()
    evals_server.set_outcome(Outcome(passed=3, failed=0, errored=1))
    run = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    assert (run.is_finished, run.pass_rate) == (False, None)  # queued: no items counted yet
    evals_server.advance(COMPLETED_AFTER)
    run = evals_client.runs.list(eval_id).data[0]
    assert (run.is_finished, run.pass_rate) == (True, 0.75)  # errored counts as not passed


def test_the_poll_errors_pickle(
    evals_server: FakeEvalsServer, evals_client: Client, time_: ServerTime
) -> None:
    eval_id = evals_server.create_eval()
    created = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    with pytest.raises(PollTimeoutError) as caught:
        evals_client.runs.poll(eval_id, created.id, timeout=0)
    data = pickle.dumps(caught.value)
    assert evals_server.api_key.encode() not in data
    copy = pickle.loads(data)
    assert (type(copy), str(copy), copy.eval_id, copy.run_id) == (
        PollTimeoutError,
        str(caught.value),
        eval_id,
        created.id,
    )
    assert copy.run == caught.value.run
    missing = pickle.loads(pickle.dumps(RunNotFoundError(eval_id, "evalrun_x")))
    assert (type(missing), missing.run_id, str(missing)) == (
        RunNotFoundError,
        "evalrun_x",
        f"eval {eval_id!r} has no run with id 'evalrun_x'",
    )
