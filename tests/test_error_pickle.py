"""Every error pickles: a worker process can raise it to its parent, and the bytes that cross hold
no API key. Errors come from real calls on 127.0.0.1 (a ScriptedServer, a FakeEvalsServer, a
closed port), then go through pickle.
"""

from __future__ import annotations

import multiprocessing
import pickle
import socket
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from scripted_server import TEST_KEY, Reply, ScriptedServer

import openai_evals_runs as sdk
from openai_evals_runs import Client
from openai_evals_runs.testing import FakeEvalsServer

NO_RETRY = {"x-should-retry": "false"}
ERROR_BODY = {"error": {"message": "nope", "type": "some_type", "param": "limit", "code": "c1"}}
DATA_SOURCE = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
# Attributes compared before and after pickling (those an error has).
FIELDS = ("args", "message", "status_code", "request_id", "body", "code", "param", "type")
FIELDS += ("argument", "problems", "__notes__")


def _caught(call: Callable[[], object]) -> sdk.EvalsRunsError:
    with pytest.raises(sdk.EvalsRunsError) as caught:
        call()
    return caught.value


def _client(scripted: ScriptedServer, **options: Any) -> Client:
    return Client(
        api_key=TEST_KEY,
        base_url=scripted.base_url,
        max_retries=0,
        organization="org-pickle",
        default_headers={"X-Custom-Key": TEST_KEY},
        **options,
    )


def _same_fields(before: BaseException, after: BaseException) -> None:
    assert type(after) is type(before)
    assert str(after) == str(before)
    assert repr(after) == repr(before)
    for name in FIELDS:
        assert getattr(after, name, None) == getattr(before, name, None), name


STATUS_CLASSES = [
    (400, sdk.BadRequestError),
    (401, sdk.AuthenticationError),
    (403, sdk.PermissionDeniedError),
    (404, sdk.NotFoundError),
    (409, sdk.ConflictError),
    (418, sdk.APIStatusError),
    (422, sdk.UnprocessableEntityError),
    (429, sdk.RateLimitError),
    (500, sdk.InternalServerError),
]


@pytest.mark.parametrize(("status", "error_class"), STATUS_CLASSES)
def test_status_errors_round_trip_without_the_key(
    scripted: ScriptedServer, status: int, error_class: type[sdk.APIStatusError]
) -> None:
    # The server echoes the key in a header of its own: that header must not travel either.
    headers = {**NO_RETRY, "x-request-id": "req_123", "x-echo": TEST_KEY}
    scripted.queue(Reply(status, ERROR_BODY, headers=headers))
    with _client(scripted) as client:
        error = _caught(lambda: client.runs.create("eval_1", data_source=DATA_SOURCE))
    assert type(error) is error_class
    error.add_note("seen in a worker")
    data = pickle.dumps(error)
    assert TEST_KEY.encode() not in data
    assert b"org-pickle" not in data  # request headers stay behind, not only Authorization
    copy = pickle.loads(data)
    _same_fields(error, copy)
    assert isinstance(copy, sdk.APIStatusError)
    assert copy.status_code == status and copy.request_id == "req_123"
    assert copy.body == ERROR_BODY
    assert (copy.code, copy.param, copy.type) == ("c1", "limit", "some_type")
    # The stand-ins: a status code, the request id, the method, URL and Idempotency-Key.
    assert copy.response.status_code == status
    assert copy.response.headers["x-request-id"] == "req_123"
    assert "x-echo" not in copy.response.headers
    assert copy.response.content == b""
    assert copy.request.method == "POST"
    assert copy.request.url == error.request.url
    assert copy.request.headers["idempotency-key"] == error.request.headers["idempotency-key"]
    assert "authorization" not in copy.request.headers
    assert "x-custom-key" not in copy.request.headers
    # The original keeps everything: only the pickled copy is stripped.
    assert error.request.headers["authorization"] == f"Bearer {TEST_KEY}"


def test_response_validation_error_round_trips(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(200, b"not json", headers={"x-request-id": "req_9"}))
    with _client(scripted) as client:
        error = _caught(lambda: client.runs.list("eval_1"))
    assert type(error) is sdk.APIResponseValidationError
    data = pickle.dumps(error)
    assert TEST_KEY.encode() not in data
    copy = pickle.loads(data)
    _same_fields(error, copy)
    assert copy.response.status_code == 200


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_and_timeout_errors_round_trip(scripted: ScriptedServer) -> None:
    base_url = f"http://127.0.0.1:{_closed_port()}/v1"
    with Client(api_key=TEST_KEY, base_url=base_url, max_retries=0) as client:
        refused = _caught(lambda: client.runs.list("eval_1"))
    scripted.queue(Reply(200, {}, delay=1.0))
    with _client(scripted, timeout=0.2) as client:
        timed_out = _caught(lambda: client.runs.list("eval_1"))
    assert type(refused) is sdk.APIConnectionError
    assert type(timed_out) is sdk.APITimeoutError
    for error in (refused, timed_out):
        data = pickle.dumps(error)
        assert TEST_KEY.encode() not in data
        copy = pickle.loads(data)
        _same_fields(error, copy)
        assert copy.request.url == error.request.url
        assert "authorization" not in copy.request.headers


def test_invalid_request_error_round_trips() -> None:
    with Client(api_key=TEST_KEY, max_retries=0) as client:
        error = _caught(lambda: client.runs.list("eval_1", limit=0))
    assert type(error) is sdk.InvalidRequestError
    copy = pickle.loads(pickle.dumps(error))
    _same_fields(error, copy)
    assert isinstance(copy, ValueError)


# -- a real worker process ------------------------------------------------------------------------


def list_in_worker(base_url: str, api_key: str, eval_id: str) -> int:
    """Run in a child process: list the runs of an eval that does not exist."""
    with Client(api_key=api_key, base_url=base_url, max_retries=0) as client:
        return len(client.runs.list(eval_id).data)


def test_not_found_in_a_process_pool_worker_reaches_the_parent() -> None:
    # spawn: a fresh interpreter, so the error really crosses a process boundary as bytes.
    context = multiprocessing.get_context("spawn")
    with FakeEvalsServer() as server, ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(list_in_worker, server.base_url, server.api_key, "eval_missing")
        with pytest.raises(sdk.NotFoundError) as caught:
            future.result(timeout=60)
        # The pool survived: it still runs work after the error.
        eval_id = server.create_eval(name="after the error")
        assert (
            pool.submit(list_in_worker, server.base_url, server.api_key, eval_id).result(timeout=60)
            == 0
        )
    error = caught.value
    assert error.status_code == 404
    assert "eval_missing" in str(error) or "not found" in str(error).lower()
    assert "authorization" not in error.request.headers
    assert server.api_key not in repr(vars(error))
