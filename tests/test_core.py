"""The request core's decisions, on the pure `Call`: no socket, no sleep.

Every outcome an attempt can end with (each status class, Retry-After in its forms,
x-should-retry, transport errors, the attempt limit) is fed to a `Call` and its answer checked.
The wire-level fault matrix (`test_fault_matrix.py`) keeps proving the same over real sockets.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

from openai_evals_runs import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from openai_evals_runs._core import Call, Done, Fail, Retry
from openai_evals_runs._options import ClientOptions
from openai_evals_runs._request import Request

KEY = "sk-core-test-0123456789"
NOW = 1_800_000_000.0
HTTP = httpx.Client()  # only builds requests here; nothing is sent


def _call(max_retries: int = 2, *, jitter: float = 0.0, per_call: int | None = None) -> Call:
    options = ClientOptions.resolve(
        api_key=KEY, base_url="http://127.0.0.1:9/v1", max_retries=max_retries
    )
    request = Request("GET", "/evals/e/runs", max_retries=per_call)
    return Call(request, options, rng=lambda: jitter, now=lambda: NOW)


def _answer(call: Call, status: int, headers: dict[str, str] | None = None, body: bytes = b"{}"):
    sent = call.build(HTTP)
    return call.decide(sent, httpx.Response(status, headers=headers, content=body, request=sent))


def _fail(call: Call, error: httpx.RequestError | None = None):
    sent = call.build(HTTP)
    return call.decide(sent, error or httpx.ConnectError("refused", request=sent))


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_a_success_is_done(status: int) -> None:
    decision = _answer(_call(), status)
    assert isinstance(decision, Done)
    assert decision.response.status_code == status


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 520, 599])
def test_retryable_statuses_retry_with_exponential_backoff(status: int) -> None:
    call = _call(max_retries=4)
    delays = [_answer(call, status) for _ in range(4)]
    assert delays == [Retry(0.5), Retry(1.0), Retry(2.0), Retry(4.0)]
    final = _answer(call, status)
    assert isinstance(final, Fail)
    assert final.error.status_code == status  # type: ignore[attr-defined]
    assert "after 5 attempts" in str(final.error)


def test_backoff_is_capped_and_jittered_down_by_at_most_a_quarter() -> None:
    call = _call(max_retries=8, jitter=0.999)
    delays = [_answer(call, 503) for _ in range(8)]
    assert [round(d.delay, 3) for d in delays if isinstance(d, Retry)] == [
        round(base * (1 - 0.25 * 0.999), 3) for base in (0.5, 1, 2, 4, 8, 8, 8, 8)
    ]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, NotFoundError),
        (418, None),
        (422, None),
        (302, None),
    ],
)
def test_other_statuses_fail_at_once(status: int, error: type | None) -> None:
    decision = _answer(_call(), status, body=b'{"error": {"message": "no", "code": "c"}}')
    assert isinstance(decision, Fail)
    if error is not None:
        assert type(decision.error) is error
    assert decision.error.status_code == status  # type: ignore[attr-defined]
    assert decision.cause is None


@pytest.mark.parametrize(
    ("headers", "delay"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": format_datetime(datetime.fromtimestamp(NOW + 7, UTC), usegmt=True)}, 7.0),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        # Out of range or unreadable: the backoff decides.
        ({"retry-after": "0"}, 0.5),
        ({"retry-after": "61"}, 0.5),
        ({"retry-after": "-1"}, 0.5),
        ({"retry-after": "soon"}, 0.5),
        ({"retry-after-ms": "x"}, 0.5),
        ({"retry-after": format_datetime(datetime.fromtimestamp(NOW - 5, UTC), usegmt=True)}, 0.5),
    ],
)
def test_retry_after_forms(headers: dict[str, str], delay: float) -> None:
    assert _answer(_call(), 429, headers) == Retry(delay)


@pytest.mark.parametrize(
    ("status", "header", "retried"),
    [(400, "true", True), (503, "false", False), (429, "FALSE", False), (404, " true ", True)],
)
def test_x_should_retry_overrides_the_status(status: int, header: str, retried: bool) -> None:
    decision = _answer(_call(), status, {"x-should-retry": header})
    assert isinstance(decision, Retry) is retried


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (httpx.ConnectError, APIConnectionError),
        (httpx.ReadError, APIConnectionError),
        (httpx.RemoteProtocolError, APIConnectionError),
        (httpx.ConnectTimeout, APITimeoutError),
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.PoolTimeout, APITimeoutError),
    ],
)
def test_transport_errors_retry_then_fail_with_their_cause(
    error: type[httpx.RequestError], expected: type
) -> None:
    call = _call(max_retries=1)
    assert _fail(call, error("boom", request=call.build(HTTP))) == Retry(0.5)
    cause = error("boom", request=call.build(HTTP))
    final = _fail(call, cause)
    assert isinstance(final, Fail)
    assert type(final.error) is expected
    assert final.cause is cause
    assert "after 2 attempts" in str(final.error)
    with pytest.raises(expected) as caught:
        final.raise_error()
    assert caught.value.__cause__ is cause


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_the_attempt_limit(max_retries: int) -> None:
    call = _call(max_retries=max_retries)
    decisions = [_answer(call, 500) for _ in range(max_retries + 1)]
    assert all(isinstance(d, Retry) for d in decisions[:-1])
    assert isinstance(decisions[-1], Fail)


def test_a_per_call_limit_overrides_the_clients() -> None:
    call = _call(max_retries=5, per_call=0)
    assert isinstance(_answer(call, 503), Fail)


def test_a_conflict_is_retried_and_then_raised_as_conflict() -> None:
    call = _call(max_retries=1)
    assert isinstance(_answer(call, 409), Retry)
    assert type(_answer(call, 409).error) is ConflictError  # type: ignore[union-attr]


def test_the_last_error_reports_rate_limits_and_server_errors_by_class() -> None:
    assert type(_answer(_call(0), 429).error) is RateLimitError  # type: ignore[union-attr]
    assert type(_answer(_call(0), 503).error) is InternalServerError  # type: ignore[union-attr]


def test_a_failure_echoing_the_key_is_redacted() -> None:
    body = f'{{"error": {{"message": "bad key {KEY}"}}}}'.encode()
    decision = _answer(_call(0), 401, body=body)
    assert isinstance(decision, Fail)
    assert KEY not in str(decision.error)
    assert KEY not in repr(decision.error.body)  # type: ignore[attr-defined]


def test_each_attempt_is_built_with_the_options_headers_and_url() -> None:
    call = _call()
    sent = call.build(HTTP)
    assert str(sent.url) == "http://127.0.0.1:9/v1/evals/e/runs"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(call.options)
