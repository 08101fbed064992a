"""The fault matrix: how both clients (sync, async) and both operations (list, create) answer
every way a response can go wrong, against the local FakeEvalsServer.

One `Row` per fault. For each row, sync and async, list and create:

- `test_persistent_fault`: the fault on every attempt. Asserts whether it is retried, the number
  of attempts (1 + max_retries = 3 when retried, else 1), what reaches the caller, how long it took
  and, for create, how many runs the server holds and that every attempt sent one Idempotency-Key.
- `test_fault_then_recovery` (retried rows only): the fault once, then a normal answer: the call
  succeeds after 2 attempts and a create leaves exactly one run.

docs/fault-matrix.md is the same table for readers; `test_docs_table_matches_the_rows` keeps the
two in step. Status faults carry `retry-after-ms` so the module stays fast; the rows without one
(connection faults) pay the real backoff, 0.5 s then 1 s, each minus up to 25 % jitter.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
from scripted_server import list_body, run_body

from openai_evals_runs import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncClient,
    Client,
    ConflictError,
    EvalRun,
    EvalsRunsError,
    InternalServerError,
    RateLimitError,
)
from openai_evals_runs.testing import FakeEvalsServer, Fault

MAX_RETRIES = 2  # the default
ATTEMPTS = 1 + MAX_RETRIES
SAFE_TIMEOUT = 5.0  # every row but "slow": a hang fails here rather than at pytest's timeout
SLOW_TIMEOUT = 0.3  # the client's timeout in the "slow" row...
SLOW_DELAY = 0.6  # ...and how late the server answers
FAST = {"retry-after-ms": "10"}
# A persistent fault that asks for 10 ms waits takes far less than the default backoff (at least
# 0.375 s + 0.75 s), so this upper bound also proves the server's wait was honoured.
QUICK = (0.0, 1.0)
BACKOFF = (1.0, 4.0)  # 0.375-0.5 s + 0.75-1.0 s of backoff
BACKOFF_ONCE = (0.3, 2.5)  # 0.375-0.5 s
DATA_SOURCE = {
    "type": "jsonl",
    "source": {"type": "file_content", "content": [{"item": {"x": 1}}]},
}
HTML_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "fault-matrix.md"


@dataclass(frozen=True)
class Case:
    """What a fault may depend on: the server, the route under test and an HTTP date."""

    server: FakeEvalsServer
    route: str
    eval_id: str
    retry_date: str  # 1-2 s from now, fixed for the whole test


@dataclass(frozen=True)
class Row:
    """One fault and what the client must make of it (with max_retries=2)."""

    id: str
    doc: str  # the row's first cell in docs/fault-matrix.md
    fault: Callable[[Case], Fault] | None  # None: connection refused (nothing listens)
    retried: bool
    error: type[EvalsRunsError] | None  # the exact type the caller gets; None: success
    status: int | None = None  # the error's status_code
    processes: bool = False  # the server still processes the request (a create makes its run)
    timeout: float = SAFE_TIMEOUT
    bounds: tuple[float, float] = QUICK  # seconds, fault on every attempt
    recovery_bounds: tuple[float, float] = QUICK  # seconds, fault once then success


def _status(code: int, **headers: str) -> Callable[[Case], Fault]:
    return lambda case: Fault.status(code, headers=headers or FAST)


def _valid_json(case: Case) -> bytes:
    body = list_body([]) if case.route == "list" else run_body("evalrun_canned")
    return json.dumps(body).encode()


def _server_error(code: int) -> Row:
    return Row(f"{code}", f"{code}", _status(code), True, InternalServerError, status=code)


ROWS = [
    Row(
        "429-retry-after-seconds",
        "429 + `Retry-After: 1`",
        _status(429, **{"retry-after": "1"}),
        True,
        RateLimitError,
        status=429,
        bounds=(1.9, 4.5),
        recovery_bounds=(0.95, 3.0),
    ),
    Row(
        "429-retry-after-ms",
        "429 + `retry-after-ms: 100`",
        _status(429, **{"retry-after-ms": "100"}),
        True,
        RateLimitError,
        status=429,
        bounds=(0.2, 1.0),
        recovery_bounds=(0.1, 1.0),
    ),
    Row(
        "429-retry-after-http-date",
        "429 + `Retry-After: <HTTP date 1-2 s ahead>`",
        lambda case: Fault.status(429, headers={"retry-after": case.retry_date}),
        True,
        RateLimitError,
        status=429,
        # Waits until the date; the next 429 finds it past, so the last wait is the backoff.
        bounds=(0.9, 5.0),
        recovery_bounds=(0.9, 3.5),
    ),
    Row("408", "408", _status(408), True, APIStatusError, status=408),
    Row("409", "409", _status(409), True, ConflictError, status=409),
    *(_server_error(code) for code in (500, 502, 503, 504, 520, 599)),
    Row(
        "connection-refused",
        "connection refused (closed port)",
        None,
        True,
        APIConnectionError,
        bounds=BACKOFF,
    ),
    Row(
        "reset-before-status",
        "connection closed before the status line",
        lambda case: Fault.drop_before_status(),
        True,
        APIConnectionError,
        bounds=BACKOFF,
        recovery_bounds=BACKOFF_ONCE,
    ),
    Row(
        "reset-mid-body",
        "connection closed mid-body",
        lambda case: Fault.drop_mid_body(),
        True,
        APIConnectionError,
        processes=True,
        bounds=BACKOFF,
        recovery_bounds=BACKOFF_ONCE,
    ),
    Row(
        "slower-than-timeout",
        "answer slower than the timeout (0.3 s)",
        lambda case: Fault.delay(SLOW_DELAY),
        True,
        APITimeoutError,
        processes=True,
        timeout=SLOW_TIMEOUT,
        bounds=(1.8, 5.0),  # 3 x 0.3 s + backoff
        recovery_bounds=(0.6, 3.0),
    ),
    Row(
        "truncated-json-200",
        "200, truncated JSON",
        lambda case: Fault.malformed_body(b'{"object": "list", "data": [{"id": "evalrun_'),
        False,
        APIResponseValidationError,
    ),
    Row(
        "html-502",
        "502, HTML error page (`text/html`)",
        lambda case: Fault.status(
            502, headers={**FAST, "content-type": "text/html; charset=utf-8"}, body=HTML_PAGE
        ),
        True,
        InternalServerError,
        status=502,
    ),
    Row(
        "html-200",
        "200, HTML page (`text/html`)",
        lambda case: Fault.malformed_body(HTML_PAGE.encode(), content_type="text/html"),
        False,
        APIResponseValidationError,
    ),
    Row(
        "empty-200",
        "200, empty body",
        lambda case: Fault.malformed_body(b""),
        False,
        APIResponseValidationError,
    ),
    Row(
        "json-as-text-plain",
        "200, valid JSON as `text/plain`",
        lambda case: Fault.malformed_body(_valid_json(case), content_type="text/plain"),
        False,
        None,
    ),
    Row(
        "non-json-text-plain",
        "200, non-JSON `text/plain`",
        lambda case: Fault.malformed_body(b"OK", content_type="text/plain"),
        False,
        APIResponseValidationError,
    ),
    Row(
        "redirect-302",
        "302 with `Location`",
        lambda case: Fault.status(
            302,
            headers={"location": f"{case.server.base_url}/evals/{case.eval_id}/runs"},
            body=b"",
        ),
        False,
        APIStatusError,
        status=302,
    ),
]
RETRIED_ROWS = [row for row in ROWS if row.retried and row.fault is not None]


def _ids(row: Row) -> str:
    return row.id


# -- calling the API ------------------------------------------------------------------------------


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _call(
    mode: str, route: str, *, base_url: str, api_key: str, eval_id: str, timeout: float
) -> tuple[Any, float]:
    """(the call's result or the EvalsRunsError it raised, seconds it took)."""
    options: dict[str, Any] = {
        "api_key": api_key,
        "base_url": base_url,
        "max_retries": MAX_RETRIES,
        "timeout": timeout,
    }
    if mode == "sync":
        with Client(**options) as client:
            runs = client.runs  # loads the generated models before the clock starts
            started = time.monotonic()
            try:
                if route == "list":
                    result: Any = runs.list(eval_id)
                else:
                    result = runs.create(eval_id, data_source=DATA_SOURCE)
            except EvalsRunsError as error:
                result = error
            return result, time.monotonic() - started

    async def main() -> tuple[Any, float]:
        async with AsyncClient(**options) as client:
            runs = client.runs
            started = time.monotonic()
            try:
                if route == "list":
                    result: Any = await runs.list(eval_id)
                else:
                    result = await runs.create(eval_id, data_source=DATA_SOURCE)
            except EvalsRunsError as error:
                result = error
            return result, time.monotonic() - started

    return asyncio.run(main())


def _case(server: FakeEvalsServer, route: str, eval_id: str) -> Case:
    return Case(server, route, eval_id, formatdate(int(time.time()) + 2, usegmt=True))


def _assert_one_key_per_call(server: FakeEvalsServer, route: str) -> None:
    keys = [request.headers.get("idempotency-key") for request in server.requests]
    if route == "create":
        assert keys[0], "a create must carry an Idempotency-Key"
        assert len(set(keys)) == 1, f"every attempt must reuse the key, got {keys}"
    else:
        assert set(keys) == {None}


def _assert_bounds(elapsed: float, bounds: tuple[float, float]) -> None:
    low, high = bounds
    assert low <= elapsed <= high, f"took {elapsed:.3f} s, expected {low}-{high} s"


MODES = pytest.mark.parametrize("mode", ["sync", "async"])
ROUTES = pytest.mark.parametrize("route", ["list", "create"])


# -- the matrix -----------------------------------------------------------------------------------


@ROUTES
@MODES
@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_persistent_fault(
    server: FakeEvalsServer, eval_id: str, row: Row, mode: str, route: str
) -> None:
    base_url = server.base_url
    if row.fault is None:
        base_url = _closed_port_url()
    else:
        case = _case(server, route, eval_id)
        server.inject(route, *(row.fault(case) for _ in range(ATTEMPTS)))

    outcome, elapsed = _call(
        mode, route, base_url=base_url, api_key=server.api_key, eval_id=eval_id, timeout=row.timeout
    )

    expected_attempts = ATTEMPTS if row.retried else 1
    if row.error is None:
        assert not isinstance(outcome, Exception), repr(outcome)
        if route == "list":
            assert outcome.data == []
        else:
            assert isinstance(outcome, EvalRun)
            assert outcome.id == "evalrun_canned"
    else:
        assert type(outcome) is row.error, repr(outcome)
        if row.status is not None:
            assert outcome.status_code == row.status
        if row.retried:
            assert f"after {ATTEMPTS} attempts" in str(outcome)
    if row.fault is None:  # nothing listens: only the client knows how often it tried
        assert "ConnectError" in str(outcome)
    else:
        assert len(server.requests) == expected_attempts
        _assert_one_key_per_call(server, route)
    _assert_bounds(elapsed, row.bounds)

    if row.id == "redirect-302":
        assert "not followed" in str(outcome)
        assert outcome.response.headers["location"].endswith(f"/evals/{eval_id}/runs")
    if row.id == "html-502":
        assert isinstance(outcome.body, str) and "502 Bad Gateway" in outcome.body

    if route == "create" and row.fault is not None:
        if row.timeout == SLOW_TIMEOUT:
            # The server ends the last attempt SLOW_DELAY - SLOW_TIMEOUT after the client gave up.
            time.sleep(SLOW_DELAY)
        # Faults that replace the request create nothing; those that let it through create one
        # run on the first attempt, and the same Idempotency-Key replays it on the others.
        assert len(server.runs(eval_id)) == (1 if row.processes else 0)


@ROUTES
@MODES
@pytest.mark.parametrize("row", RETRIED_ROWS, ids=_ids)
def test_fault_then_recovery(
    server: FakeEvalsServer, eval_id: str, row: Row, mode: str, route: str
) -> None:
    assert row.fault is not None
    server.inject(route, row.fault(_case(server, route, eval_id)))

    outcome, elapsed = _call(
        mode,
        route,
        base_url=server.base_url,
        api_key=server.api_key,
        eval_id=eval_id,
        timeout=row.timeout,
    )

    assert not isinstance(outcome, Exception), repr(outcome)
    assert len(server.requests) == 2
    _assert_one_key_per_call(server, route)
    _assert_bounds(elapsed, row.recovery_bounds)
    if route == "list":
        assert outcome.data == []
    else:
        if row.timeout == SLOW_TIMEOUT:
            time.sleep(SLOW_DELAY)  # let the abandoned first attempt finish on the server
        runs = server.runs(eval_id)
        assert [run["id"] for run in runs] == [outcome.id]


def test_redirect_target_is_not_requested(server: FakeEvalsServer, eval_id: str) -> None:
    """The 302 row points back at the real route: following it would have succeeded."""
    location = f"{server.base_url}/evals/{eval_id}/runs"
    server.inject("list", Fault.status(302, headers={"location": location}, body=b""))
    with Client(api_key=server.api_key, base_url=server.base_url) as client:
        with pytest.raises(APIStatusError):
            client.runs.list(eval_id)
        assert client.runs.list(eval_id).data == []  # the Location works when asked directly
    assert len(server.requests) == 2


# -- the documentation ----------------------------------------------------------------------------


def _docs_table() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|-") or line.startswith("| fault"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows[cells[0]] = cells
    return rows


def test_docs_table_matches_the_rows() -> None:
    table = _docs_table()
    assert sorted(table) == sorted(row.doc for row in ROWS)
    for row in ROWS:
        fault, retried, attempts, outcome, _typical = table[row.doc]
        assert retried.startswith("yes" if row.retried else "no"), fault
        assert attempts == str(ATTEMPTS if row.retried else 1), fault
        expected = "success" if row.error is None else f"`{row.error.__name__}`"
        assert outcome.startswith(expected), fault
        if row.status is not None:
            assert str(row.status) in outcome, fault
