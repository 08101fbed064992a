"""FakeEvalsServer over real HTTP: routes, validation, idempotency, clock, pagination, faults.

Most tests go through the public Client; raw httpx (or a raw socket) is used where the client
would refuse to send the request, or where the bytes on the wire are the point.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from openai_evals_runs import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    _schema,
)
from openai_evals_runs.testing import (
    COMPLETED_AFTER,
    DEFAULT_ITEM_COUNT,
    IN_PROGRESS_AFTER,
    MAX_LIMIT,
    FakeEvalsServer,
    Fault,
    item_passes,
)

pytestmark = pytest.mark.timeout(20)

FAST_RETRY = {"retry-after-ms": "1"}
ITEMS = [{"item": {"question": f"q{index}", "answer": str(index % 3)}} for index in range(13)]
JSONL = {"type": "jsonl", "source": {"type": "file_content", "content": ITEMS}}
COMPLETIONS = {
    "type": "completions",
    "model": "gpt-4o-mini",
    "input_messages": {
        "type": "template",
        "template": [{"role": "user", "content": "{{item.question}}"}],
    },
    "sampling_params": {"temperature": 0.5, "seed": 7},
    "source": {"type": "file_id", "id": "file-abc"},
}
ERROR_KEYS = {"message", "type", "param", "code"}


@pytest.fixture
def http(server: FakeEvalsServer) -> Iterator[httpx.Client]:
    """Raw httpx, authenticated, for requests the Client would refuse to send."""
    with httpx.Client(
        base_url=server.base_url,
        headers={"Authorization": f"Bearer {server.api_key}"},
        timeout=5.0,
    ) as raw:
        yield raw


def fast_client(server: FakeEvalsServer, **options: Any) -> Client:
    return Client(api_key=server.api_key, base_url=server.base_url, **options)


def assert_api_error(response: httpx.Response, status: int, param: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert re.fullmatch(r"req_[0-9a-f]+", response.headers["x-request-id"])
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == ERROR_KEYS
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


def wait_for(condition: Any, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


# -- lifecycle ------------------------------------------------------------------------------------


def test_addresses_and_ids_have_the_documented_shapes(server: FakeEvalsServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", server.base_url)
    assert server.port > 0
    assert re.fullmatch(r"sk-test-[0-9a-f]+", server.api_key)
    assert FakeEvalsServer().api_key != server.api_key
    assert re.fullmatch(r"eval_[0-9a-f]{32}", server.create_eval(name="a"))
    assert server.api_key not in repr(server)


def test_given_api_key_is_the_only_one_accepted() -> None:
    with FakeEvalsServer(api_key="sk-mine") as server, fast_client(server) as client:
        assert server.api_key == "sk-mine"
        eval_id = server.create_eval()
        assert client.runs.list(eval_id).data == []


def test_importing_the_sdk_does_not_import_the_testing_package() -> None:
    code = (
        "import sys, openai_evals_runs; "
        "print(any(m.startswith('openai_evals_runs.testing') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == "False"


def test_explicit_start_and_stop() -> None:
    server = FakeEvalsServer()
    with pytest.raises(RuntimeError):
        _ = server.base_url
    assert server.start() is server
    base_url = server.base_url
    eval_id = server.create_eval()
    with fast_client(server) as client:
        assert client.runs.list(eval_id).has_more is False
    server.stop()
    server.stop()  # idempotent
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/evals/{eval_id}/runs", timeout=2.0)
    with pytest.raises(RuntimeError):
        server.start()


def test_stop_cuts_idle_keep_alive_connections(server: FakeEvalsServer, eval_id: str) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(_raw_get(server, eval_id))
        _read_response(sock)
        started = time.monotonic()
        server.stop()
        assert sock.recv(1) == b""  # the server closed the idle connection
        assert time.monotonic() - started < 2


def _raw_get(server: FakeEvalsServer, eval_id: str, query: str = "") -> bytes:
    return (
        f"GET /v1/evals/{eval_id}/runs{query} HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {server.api_key}\r\n\r\n"
    ).encode()


def _read_response(sock: socket.socket) -> tuple[bytes, dict[str, str], bytes]:
    """One response from a raw socket, read exactly by its Content-Length."""
    reader = sock.makefile("rb")
    status_line = reader.readline()
    headers: dict[str, str] = {}
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    body = reader.read(int(headers["content-length"]))
    return status_line, headers, body


def test_keep_alive_serves_several_requests_on_one_connection(
    server: FakeEvalsServer, eval_id: str
) -> None:
    server.seed_runs(eval_id, 3)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(_raw_get(server, eval_id, "?limit=1"))
        first = _read_response(sock)
        sock.sendall(_raw_get(server, eval_id, "?limit=2"))
        second = _read_response(sock)
    assert first[0].startswith(b"HTTP/1.1 200")
    assert second[0].startswith(b"HTTP/1.1 200")
    assert len(json.loads(first[2])["data"]) == 1
    assert len(json.loads(second[2])["data"]) == 2
    assert first[1]["x-request-id"] != second[1]["x-request-id"]


@pytest.mark.parametrize(
    "case",
    [
        ("GET", "/evals/{eval_id}/runs", True, None, 200),
        ("POST", "/evals/{eval_id}/runs", True, {"data_source": JSONL}, 201),
        ("POST", "/evals/{eval_id}/runs", True, {"data_source": {}}, 400),
        ("GET", "/evals/{eval_id}/runs", False, None, 401),
        ("GET", "/evals/eval_missing/runs", True, None, 404),
        ("GET", "/nothing/here", True, None, 404),
        ("DELETE", "/evals/{eval_id}/runs", True, None, 404),
    ],
)
def test_every_answer_has_a_request_id_and_json_content_type(
    server: FakeEvalsServer, eval_id: str, case: tuple[str, str, bool, Any, int]
) -> None:
    method, path, auth, body, status = case
    headers = {"Authorization": f"Bearer {server.api_key}"} if auth else {}
    response = httpx.request(
        method,
        server.base_url + path.format(eval_id=eval_id),
        headers=headers,
        json=body,
        timeout=5,
    )
    assert response.status_code == status
    assert re.fullmatch(r"req_[0-9a-f]{32}", response.headers["x-request-id"])
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["content-length"]) == len(response.content)
    json.loads(response.content)


# -- create ---------------------------------------------------------------------------------------


def test_create_returns_a_full_queued_run(
    server: FakeEvalsServer, eval_id: str, http: httpx.Client
) -> None:
    response = http.post(
        f"/evals/{eval_id}/runs",
        json={"data_source": COMPLETIONS, "name": "nightly", "metadata": {"team": "qa"}},
    )
    assert response.status_code == 201
    run = response.json()
    spec = _schema.component("EvalRun")
    # Every required field, nothing the spec does not define (an optional field it gains later
    # need not be sent).
    assert set(spec["required"]) <= set(run) <= set(spec["properties"])
    assert _schema.check(spec, run, strict=False) == []
    assert run["object"] == "eval.run"
    assert re.fullmatch(r"evalrun_[0-9a-f]{32}", run["id"])
    assert run["eval_id"] == eval_id
    assert run["status"] == "queued"
    assert run["model"] == "gpt-4o-mini"
    assert run["name"] == "nightly"
    assert run["created_at"] == int(server.now())
    assert run["report_url"] == (
        f"https://platform.openai.com/evaluations/{eval_id}?run_id={run['id']}"
    )
    assert run["result_counts"] == {"total": 0, "errored": 0, "failed": 0, "passed": 0}
    assert run["per_model_usage"] is None
    assert run["per_testing_criteria_results"] is None
    assert run["data_source"] == COMPLETIONS
    assert run["metadata"] == {"team": "qa"}
    assert run["error"] is None
    assert server.runs(eval_id) == [run]


def test_create_through_the_client_parses_the_run(client: Client, eval_id: str) -> None:
    run = client.runs.create(eval_id, data_source=JSONL)
    assert run.eval_id == eval_id
    assert run.status == "queued"
    assert run.model == ""  # jsonl data sources name no model
    assert run.name == "run"
    assert run.metadata == {}
    assert run.data_source_type == "jsonl"
    assert run.to_dict()["data_source"] == JSONL
    assert run.request_id is not None
    assert run.request_id.startswith("req_")


def test_default_name_is_the_model(client: Client, eval_id: str) -> None:
    assert client.runs.create(eval_id, data_source=COMPLETIONS).name == "gpt-4o-mini"


def test_returned_runs_are_copies(server: FakeEvalsServer, client: Client, eval_id: str) -> None:
    client.runs.create(eval_id, data_source=JSONL)
    server.runs(eval_id)[0]["data_source"]["type"] = "changed"
    assert server.runs(eval_id)[0]["data_source"] == JSONL


# -- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"\xff\xfe", b'{"data_source": NaN}', b"[" * 100_000],
)
def test_unparseable_body_is_400(http: httpx.Client, eval_id: str, content: bytes) -> None:
    response = http.post(
        f"/evals/{eval_id}/runs", content=content, headers={"content-type": "application/json"}
    )
    assert_api_error(response, 400, None)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "data_source"),
        ([], None),
        ({"data_source": {"type": "csv", "source": {}}}, "data_source.type"),
        (
            {"data_source": {"type": "jsonl", "source": {"type": "file_content", "content": [1]}}},
            "data_source.source.content[0]",
        ),
        ({"data_source": JSONL, "name": 5}, "name"),
        ({"data_source": JSONL, "metadata": {"k": 1}}, "metadata.k"),
        ({"data_source": JSONL, "metadata": {"k" * 65: "v"}}, "metadata." + "k" * 65),
        ({"data_source": JSONL, "metadata": {f"k{i}": "v" for i in range(17)}}, "metadata"),
    ],
)
def test_body_is_checked_against_the_spec(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str, body: Any, param: str | None
) -> None:
    response = http.post(f"/evals/{eval_id}/runs", json=body)
    assert_api_error(response, 400, param)
    assert server.runs(eval_id) == []


def test_unknown_fields_are_accepted_like_the_spec_allows(http: httpx.Client, eval_id: str) -> None:
    # The near-miss check (`max_completions_tokens`) is the client's courtesy, not the API's rule:
    # the server, like the real API, accepts fields it does not know.
    source = {**COMPLETIONS, "sampling_params": {"max_completions_tokens": 5}}
    response = http.post(f"/evals/{eval_id}/runs", json={"data_source": source})
    assert response.status_code == 201
    assert response.json()["data_source"]["sampling_params"] == {"max_completions_tokens": 5}


def test_metadata_null_is_accepted_as_empty(http: httpx.Client, eval_id: str) -> None:
    response = http.post(f"/evals/{eval_id}/runs", json={"data_source": JSONL, "metadata": None})
    assert response.status_code == 201
    assert response.json()["metadata"] == {}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "-3"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"order": "sideways"}, "order"),
        ({"order": "ASC"}, "order"),
        ({"status": "done"}, "status"),
        ({"after": "evalrun_unknown"}, "after"),
        ([("limit", "1"), ("limit", "2")], "limit"),
    ],
)
def test_query_is_checked_against_the_spec(
    http: httpx.Client, eval_id: str, query: Any, param: str
) -> None:
    response = http.get(f"/evals/{eval_id}/runs", params=query)
    assert_api_error(response, 400, param)


def test_unknown_after_through_the_client_is_a_bad_request(client: Client, eval_id: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        client.runs.list(eval_id, after="evalrun_nope")
    assert caught.value.param == "after"
    assert caught.value.status_code == 400


def test_unknown_query_parameters_are_ignored(http: httpx.Client, eval_id: str) -> None:
    response = http.get(f"/evals/{eval_id}/runs", params={"include": "everything"})
    assert response.status_code == 200


def test_limit_is_capped(server: FakeEvalsServer, http: httpx.Client, eval_id: str) -> None:
    server.seed_runs(eval_id, MAX_LIMIT + 5)
    body = http.get(f"/evals/{eval_id}/runs", params={"limit": 1000}).json()
    assert len(body["data"]) == MAX_LIMIT
    assert body["has_more"] is True


def test_default_limit_is_the_spec_default(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str
) -> None:
    server.seed_runs(eval_id, 25)
    default = next(
        p["schema"]["default"]
        for p in _schema.spec()["paths"]["/evals/{eval_id}/runs"]["get"]["parameters"]
        if p["name"] == "limit"
    )
    assert len(http.get(f"/evals/{eval_id}/runs").json()["data"]) == default == 20


# -- authentication and unknown things -----------------------------------------------------------


def test_missing_key_is_401(server: FakeEvalsServer, eval_id: str) -> None:
    response = httpx.get(f"{server.base_url}/evals/{eval_id}/runs", timeout=5)
    assert_api_error(response, 401, None)


@pytest.mark.parametrize(
    "authorization", ["Basic abc", "Bearer", "Bearer sk-test-wrong", "sk-test-no-scheme"]
)
def test_malformed_or_wrong_key_is_401(
    server: FakeEvalsServer, eval_id: str, authorization: str
) -> None:
    response = httpx.get(
        f"{server.base_url}/evals/{eval_id}/runs",
        headers={"Authorization": authorization},
        timeout=5,
    )
    error = assert_api_error(response, 401, None)
    assert authorization.rsplit(maxsplit=1)[-1] not in error["message"]


def test_wrong_key_through_the_client(server: FakeEvalsServer, eval_id: str) -> None:
    with (
        Client(api_key="sk-wrong-key", base_url=server.base_url, max_retries=2) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.runs.create(eval_id, data_source=JSONL)
    assert caught.value.code == "invalid_api_key"
    assert "sk-wrong-key" not in str(caught.value)
    assert len(server.requests) == 1  # 401 is final
    assert server.runs(eval_id) == []


def test_auth_is_checked_before_the_eval(server: FakeEvalsServer) -> None:
    response = httpx.get(f"{server.base_url}/evals/eval_missing/runs", timeout=5)
    assert response.status_code == 401


def test_unknown_eval_is_404(client: Client) -> None:
    with pytest.raises(NotFoundError):
        client.runs.list("eval_0123")
    with pytest.raises(NotFoundError):
        client.runs.create("eval_0123", data_source=JSONL)


def test_unknown_url_is_404(http: httpx.Client) -> None:
    error = assert_api_error(http.get("/evals"), 404, None)
    assert "/v1/evals" in error["message"]


def test_server_never_logs_the_api_key(
    server: FakeEvalsServer, eval_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with fast_client(server, max_retries=0) as client:
        client.runs.create(eval_id, data_source=JSONL)
        client.runs.list(eval_id)
    with (
        Client(api_key="sk-wrong-key", base_url=server.base_url, max_retries=0) as client,
        pytest.raises(AuthenticationError),
    ):
        client.runs.list(eval_id)
    assert any(r.name == "openai_evals_runs.testing" for r in caplog.records)
    assert server.api_key not in caplog.text
    assert "sk-wrong-key" not in caplog.text
    assert server.api_key not in repr(server.requests[0])


# -- idempotency ----------------------------------------------------------------------------------


def test_same_key_same_body_returns_the_same_run(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    first = client.runs.create(eval_id, data_source=JSONL, idempotency_key="k1")
    again = client.runs.with_raw_response.create(eval_id, data_source=JSONL, idempotency_key="k1")
    assert again.status_code == 201
    assert again.parse().id == first.id
    assert [run["id"] for run in server.runs(eval_id)] == [first.id]


def test_same_key_other_body_is_a_conflict(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    client.runs.create(eval_id, data_source=JSONL, idempotency_key="k1")
    before = len(server.requests)
    with pytest.raises(ConflictError) as caught:
        client.runs.create(eval_id, data_source=JSONL, name="other", idempotency_key="k1")
    assert caught.value.status_code == 409
    assert caught.value.type == "invalid_request_error"
    assert len(server.requests) == before + 1  # x-should-retry: false stops the retries
    assert len(server.runs(eval_id)) == 1


def test_keys_are_scoped_per_eval(server: FakeEvalsServer, client: Client, eval_id: str) -> None:
    other = server.create_eval(name="other")
    first = client.runs.create(eval_id, data_source=JSONL, idempotency_key="shared")
    second = client.runs.create(other, data_source=JSONL, idempotency_key="shared")
    assert first.id != second.id


def test_a_rejected_create_does_not_use_up_its_key(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str
) -> None:
    headers = {"Idempotency-Key": "k"}
    bad = http.post(f"/evals/{eval_id}/runs", json={"data_source": {}}, headers=headers)
    assert bad.status_code == 400
    good = http.post(f"/evals/{eval_id}/runs", json={"data_source": JSONL}, headers=headers)
    assert good.status_code == 201
    assert len(server.runs(eval_id)) == 1


def test_concurrent_creates_with_one_key_make_one_run(
    server: FakeEvalsServer, eval_id: str
) -> None:
    ids: list[str] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        with fast_client(server, max_retries=0) as client:
            barrier.wait()
            ids.append(client.runs.create(eval_id, data_source=JSONL, idempotency_key="same").id)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(ids) == 8
    assert len(set(ids)) == 1
    assert len(server.runs(eval_id)) == 1


# -- clock ----------------------------------------------------------------------------------------


def test_runs_progress_with_the_server_clock(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    run = client.runs.create(eval_id, data_source=JSONL)
    assert run.status == "queued"
    server.advance(IN_PROGRESS_AFTER - 0.01)
    assert client.runs.list(eval_id).data[0].status == "queued"
    server.advance(0.01)
    assert client.runs.list(eval_id).data[0].status == "in_progress"
    assert client.runs.list(eval_id).data[0].result_counts.total == 0
    server.advance(COMPLETED_AFTER - IN_PROGRESS_AFTER - 0.01)
    assert client.runs.list(eval_id).data[0].status == "in_progress"
    server.advance(0.01)
    done = client.runs.list(eval_id).data[0]
    assert done.status == "completed"
    assert done.created_at == run.created_at


def test_completed_counts_follow_the_items(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    client.runs.create(eval_id, data_source=JSONL)
    server.advance(COMPLETED_AFTER)
    run = client.runs.list(eval_id, status="completed").data[0]
    passed = sum(item_passes(item) for item in ITEMS)
    assert 0 < passed < len(ITEMS)  # the fixture data exercises both outcomes
    counts = run.result_counts
    assert (counts.total, counts.passed, counts.failed, counts.errored) == (
        len(ITEMS),
        passed,
        len(ITEMS) - passed,
        0,
    )
    assert run.per_model_usage == []  # a jsonl run samples no model
    assert run.per_testing_criteria_results is not None
    [criteria] = run.per_testing_criteria_results
    assert (criteria.passed, criteria.failed) == (passed, len(ITEMS) - passed)


def test_completed_run_of_a_model_reports_usage(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    client.runs.create(eval_id, data_source=COMPLETIONS)
    client.runs.create(eval_id, data_source=COMPLETIONS, name="again")
    server.advance(COMPLETED_AFTER)
    first, second = client.runs.list(eval_id).data
    assert first.result_counts.total == DEFAULT_ITEM_COUNT
    assert first.result_counts.to_dict() == second.result_counts.to_dict()  # deterministic
    assert first.per_model_usage is not None
    [usage] = first.per_model_usage
    assert usage.model_name == "gpt-4o-mini"
    assert usage.invocation_count == DEFAULT_ITEM_COUNT
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert _schema.check(_schema.component("EvalRun"), first.to_dict(), strict=False) == []


def test_speed_runs_the_clock_in_real_time(eval_id: str) -> None:
    with FakeEvalsServer(speed=200.0) as server, fast_client(server) as client:
        eval_id = server.create_eval()
        start = server.now()
        client.runs.create(eval_id, data_source=JSONL)
        wait_for(lambda: server.runs(eval_id)[0]["status"] == "completed")
        assert server.now() - start >= COMPLETED_AFTER


def test_frozen_clock_does_not_move(server: FakeEvalsServer) -> None:
    before = server.now()
    time.sleep(0.02)
    assert server.now() == before
    server.advance(2.5)
    assert server.now() == before + 2.5


@pytest.mark.parametrize("seconds", [-1, float("nan"), float("inf"), True])
def test_advance_rejects_bad_values(server: FakeEvalsServer, seconds: Any) -> None:
    with pytest.raises(ValueError, match="seconds"):
        server.advance(seconds)


def test_negative_speed_is_rejected() -> None:
    with pytest.raises(ValueError, match="speed"):
        FakeEvalsServer(speed=-1)


# -- seeding and pagination -----------------------------------------------------------------------


def test_seed_runs_cycles_statuses_with_increasing_times(
    server: FakeEvalsServer, eval_id: str
) -> None:
    ids = server.seed_runs(eval_id, 5, statuses=["queued", "failed"])
    runs = server.runs(eval_id)
    assert [run["id"] for run in runs] == ids
    assert all(re.fullmatch(r"evalrun_[0-9a-f]{32}", run_id) for run_id in ids)
    assert [run["status"] for run in runs] == ["queued", "failed", "queued", "failed", "queued"]
    times = [run["created_at"] for run in runs]
    assert times == sorted(set(times))
    assert runs[1]["error"] is not None
    server.advance(COMPLETED_AFTER * 10)
    assert [run["status"] for run in server.runs(eval_id)][:2] == ["queued", "failed"]
    for run in server.runs(eval_id):
        assert _schema.check(_schema.component("EvalRun"), run, strict=False) == []


def test_seed_runs_defaults_to_completed_and_keeps_creation_order(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    first = server.seed_runs(eval_id, 3)
    second = server.seed_runs(eval_id, 3)
    created = client.runs.create(eval_id, data_source=JSONL).id
    runs = server.runs(eval_id)
    assert {run["status"] for run in runs[:6]} == {"completed"}
    assert [run["id"] for run in runs] == [*first, *second, created]
    times = [run["created_at"] for run in runs]
    # Seeding an eval that has runs used to give the new ones future timestamps, so a later
    # create sorted before them: no time is in the future, and listing is creation order.
    assert times == sorted(times)
    assert max(times) <= server.now()
    listed = [run.id for run in client.runs.list(eval_id, limit=100)]
    assert listed == [*first, *second, created]
    newest_first = [run.id for run in client.runs.list(eval_id, limit=100, order="desc")]
    assert newest_first == [created, *reversed(second), *reversed(first)]


def test_seed_runs_rejects_bad_arguments(server: FakeEvalsServer, eval_id: str) -> None:
    with pytest.raises(KeyError):
        server.seed_runs("eval_missing", 1)
    with pytest.raises(ValueError, match="n must"):
        server.seed_runs(eval_id, -1)
    with pytest.raises(ValueError, match="statuses"):
        server.seed_runs(eval_id, 1, statuses=[])


def test_unknown_seeded_status_reaches_the_client(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    server.seed_runs(eval_id, 1, statuses=["paused"])
    assert client.runs.list(eval_id).data[0].status == "paused"


def test_iterating_a_page_walks_every_run_in_order(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    ids = server.seed_runs(eval_id, 45)
    server.requests.clear()
    assert [run.id for run in client.runs.list(eval_id, limit=10)] == ids
    assert len(server.requests) == 5
    assert [run.id for run in client.runs.list(eval_id, limit=10, order="desc")] == ids[::-1]


def test_page_fields(server: FakeEvalsServer, client: Client, eval_id: str) -> None:
    ids = server.seed_runs(eval_id, 5)
    page = client.runs.list(eval_id, limit=2)
    assert (page.first_id, page.last_id, page.has_more) == (ids[0], ids[1], True)
    last = client.runs.list(eval_id, limit=2, after=ids[2])
    assert (last.first_id, last.last_id, last.has_more) == (ids[3], ids[4], False)
    desc = client.runs.list(eval_id, limit=2, order="desc", after=ids[2])
    assert [run.id for run in desc.data] == [ids[1], ids[0]]
    assert desc.has_more is False


def test_empty_list(http: httpx.Client, eval_id: str) -> None:
    body = http.get(f"/evals/{eval_id}/runs").json()
    assert body == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    assert _schema.check(_schema.component("EvalRunList"), body, strict=False) == []


def test_status_filter(server: FakeEvalsServer, client: Client, eval_id: str) -> None:
    ids = server.seed_runs(eval_id, 9, statuses=["queued", "completed", "canceled"])
    canceled = [run.id for run in client.runs.list(eval_id, status="canceled", limit=2)]
    assert canceled == ids[2::3]
    assert client.runs.list(eval_id, status="failed").data == []


def test_status_filter_follows_the_clock(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    run = client.runs.create(eval_id, data_source=JSONL)
    assert client.runs.list(eval_id, status="completed").data == []
    server.advance(COMPLETED_AFTER)
    assert [r.id for r in client.runs.list(eval_id, status="completed").data] == [run.id]
    assert client.runs.list(eval_id, status="queued").data == []


def test_cursor_stays_valid_when_its_run_leaves_the_filter(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    first = client.runs.create(eval_id, data_source=JSONL)
    server.advance(COMPLETED_AFTER)
    second = client.runs.create(eval_id, data_source=JSONL)
    page = client.runs.list(eval_id, status="queued", after=first.id)
    assert [run.id for run in page.data] == [second.id]


def test_equal_created_at_keeps_insertion_order(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    ids = [client.runs.create(eval_id, data_source=JSONL).id for _ in range(4)]
    assert len({run["created_at"] for run in server.runs(eval_id)}) == 1
    assert [run.id for run in client.runs.list(eval_id, limit=3)] == ids
    assert [run.id for run in client.runs.list(eval_id, limit=3, order="desc")] == ids[::-1]


def test_concurrent_clients_see_consistent_pages(server: FakeEvalsServer, eval_id: str) -> None:
    seeded = server.seed_runs(eval_id, 60)
    errors: list[BaseException] = []
    walks: list[list[str]] = []

    def walk() -> None:
        try:
            with fast_client(server, max_retries=0) as client:
                walks.append([run.id for run in client.runs.list(eval_id, limit=7)])
        except BaseException as error:
            errors.append(error)

    def create() -> None:
        try:
            with fast_client(server, max_retries=0) as client:
                for _ in range(5):
                    client.runs.create(eval_id, data_source=JSONL)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=walk) for _ in range(8)]
    threads += [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    assert errors == []
    assert len(walks) == 8
    order = [run["id"] for run in server.runs(eval_id)]
    assert len(order) == 60 + 20
    for ids in walks:
        assert len(ids) == len(set(ids))
        assert ids[:60] == seeded
        assert ids == order[: len(ids)]


# -- faults ---------------------------------------------------------------------------------------


def test_status_faults_are_retried_then_the_request_succeeds(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    server.inject(
        "list", Fault.status(503, headers=FAST_RETRY), Fault.status(429, headers=FAST_RETRY)
    )
    assert server.pending_faults("list") == 2
    assert client.runs.list(eval_id).data == []
    assert server.pending_faults("list") == 0
    assert len(server.requests) == 3


@pytest.mark.parametrize("code", [520, 599])
def test_unnamed_status_codes(
    server: FakeEvalsServer, client: Client, eval_id: str, code: int
) -> None:
    server.inject("list", *[Fault.status(code, headers=FAST_RETRY)] * 3)
    with pytest.raises(InternalServerError) as caught:
        client.runs.list(eval_id)
    assert caught.value.status_code == code
    assert server.pending_faults("list") == 0


def test_status_fault_default_body_is_an_api_error(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str
) -> None:
    server.inject("list", Fault.status(429))
    assert_api_error(http.get(f"/evals/{eval_id}/runs"), 429, None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": {"message": "slow down"}}, b'{"error": {"message": "slow down"}}'),
        ("plain text", b"plain text"),
        (b"\x00raw", b"\x00raw"),
    ],
)
def test_status_fault_bodies_and_headers(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str, body: Any, expected: bytes
) -> None:
    server.inject("list", Fault.status(418, body=body, headers={"X-Extra": "1"}))
    response = http.get(f"/evals/{eval_id}/runs")
    assert response.status_code == 418
    assert response.content == expected
    assert response.headers["x-extra"] == "1"
    assert response.headers["x-request-id"].startswith("req_")


def test_status_fault_through_the_client_is_typed(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    server.inject(
        "create",
        Fault.status(
            429,
            body={"error": {"message": "slow down", "code": "rate_limit"}},
            headers={"x-should-retry": "false"},
        ),
    )
    with pytest.raises(RateLimitError) as caught:
        client.runs.create(eval_id, data_source=JSONL)
    assert caught.value.code == "rate_limit"
    assert "slow down" in str(caught.value)
    server.inject("list", Fault.status(418))
    with pytest.raises(APIStatusError) as other:  # any code maps to a status error
        client.runs.list(eval_id)
    assert other.value.status_code == 418


def test_faulted_create_creates_nothing(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    server.inject(
        "create",
        Fault.status(500, headers={"x-should-retry": "false"}),
        Fault.malformed_body(b"{", status=201),
    )
    with pytest.raises(InternalServerError):
        client.runs.create(eval_id, data_source=JSONL)
    with pytest.raises(APIResponseValidationError):
        client.runs.create(eval_id, data_source=JSONL)
    assert server.runs(eval_id) == []
    assert client.runs.create(eval_id, data_source=JSONL).status == "queued"


def test_faults_apply_before_authentication(server: FakeEvalsServer, eval_id: str) -> None:
    server.inject("list", Fault.status(503))
    response = httpx.get(f"{server.base_url}/evals/{eval_id}/runs", timeout=5)
    assert response.status_code == 503


def test_faults_are_consumed_in_order_per_route(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str
) -> None:
    server.inject("list", Fault.status(500), Fault.status(502))
    server.inject("create", Fault.status(504))
    assert http.get(f"/evals/{eval_id}/runs").status_code == 500
    assert server.pending_faults("list") == 1
    assert server.pending_faults("create") == 1
    assert http.get(f"/evals/{eval_id}/runs").status_code == 502
    assert http.get(f"/evals/{eval_id}/runs").status_code == 200
    assert http.post(f"/evals/{eval_id}/runs", json={"data_source": JSONL}).status_code == 504
    assert http.post(f"/evals/{eval_id}/runs", json={"data_source": JSONL}).status_code == 201


def test_delay_then_normal_answer(server: FakeEvalsServer, client: Client, eval_id: str) -> None:
    server.inject("create", Fault.delay(0.2))
    started = time.monotonic()
    client.runs.create(eval_id, data_source=JSONL)
    assert time.monotonic() - started >= 0.2
    assert len(server.runs(eval_id)) == 1


def test_delay_past_the_timeout_still_creates_the_run(
    server: FakeEvalsServer, eval_id: str
) -> None:
    server.inject("create", Fault.delay(0.5))
    with fast_client(server, max_retries=0, timeout=0.1) as client, pytest.raises(APITimeoutError):
        client.runs.create(eval_id, data_source=JSONL)
    wait_for(lambda: len(server.runs(eval_id)) == 1)


def test_drop_before_status(server: FakeEvalsServer, eval_id: str) -> None:
    server.inject("create", Fault.drop_before_status())
    with fast_client(server, max_retries=0) as client, pytest.raises(APIConnectionError) as caught:
        client.runs.create(eval_id, data_source=JSONL)
    assert not isinstance(caught.value, APITimeoutError)
    assert server.runs(eval_id) == []


def test_drop_before_status_is_retried(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    server.inject("list", Fault.drop_before_status())
    assert client.runs.list(eval_id).data == []
    assert len(server.requests) == 2


def test_drop_mid_body_processes_the_request(server: FakeEvalsServer, eval_id: str) -> None:
    server.inject("create", Fault.drop_mid_body())
    with fast_client(server, max_retries=0) as client, pytest.raises(APIConnectionError):
        client.runs.create(eval_id, data_source=JSONL)
    assert len(server.runs(eval_id)) == 1


def test_drop_mid_body_retry_replays_by_idempotency_key(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    server.inject("create", Fault.drop_mid_body())
    run = client.runs.create(eval_id, data_source=JSONL)
    assert [r["id"] for r in server.runs(eval_id)] == [run.id]
    first, second = server.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]


def test_drop_mid_body_sends_half_of_a_full_length_body(
    server: FakeEvalsServer, eval_id: str
) -> None:
    server.seed_runs(eval_id, 2)
    server.inject("list", Fault.drop_mid_body())
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(_raw_get(server, eval_id))
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: (\d+)", head)[1])  # type: ignore[index]
    assert head.startswith(b"HTTP/1.1 200")
    assert len(body) == length // 2
    assert length > 100


def test_malformed_body(server: FakeEvalsServer, client: Client, eval_id: str) -> None:
    server.inject("list", Fault.malformed_body(b'{"object": "list", "data": ['))
    with pytest.raises(APIResponseValidationError) as caught:
        client.runs.list(eval_id)
    assert caught.value.status_code == 200
    assert len(server.requests) == 1  # a 200 is not retried


def test_malformed_body_content_type(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str
) -> None:
    server.inject("list", Fault.malformed_body(b"<html>", status=502, content_type="text/html"))
    response = http.get(f"/evals/{eval_id}/runs")
    assert (response.status_code, response.content) == (502, b"<html>")
    assert response.headers["content-type"] == "text/html"


def test_bad_fault_arguments(server: FakeEvalsServer) -> None:
    with pytest.raises(ValueError, match="route"):
        server.inject("delete", Fault.status(500))
    with pytest.raises(ValueError, match="route"):
        server.pending_faults("delete")
    with pytest.raises(TypeError):
        server.inject("list", "500")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="status code"):
        Fault.status(99)
    with pytest.raises(ValueError, match="seconds"):
        Fault.delay(-1)
    with pytest.raises(TypeError):
        Fault.malformed_body("text")  # type: ignore[arg-type]
    assert server.pending_faults("list") == 0


# -- request log ----------------------------------------------------------------------------------


def test_requests_record_the_raw_wire_form(
    server: FakeEvalsServer, http: httpx.Client, eval_id: str
) -> None:
    http.get(f"/evals/{eval_id}/runs", params={"limit": "5", "after": "a b"})
    http.get("/evals/eval%5Fx%2Fy/runs")
    body = json.dumps({"data_source": JSONL}).encode()
    http.post(
        f"/evals/{eval_id}/runs",
        content=body,
        headers={"content-type": "application/json", "Idempotency-Key": "k-1"},
    )
    listed, encoded, created = server.requests
    assert (listed.method, listed.path, listed.query) == (
        "GET",
        f"/v1/evals/{eval_id}/runs",
        "limit=5&after=a+b",
    )
    assert encoded.path == "/v1/evals/eval%5Fx%2Fy/runs"
    assert encoded.query == ""
    assert created.method == "POST"
    assert created.body == body
    assert created.headers["idempotency-key"] == "k-1"
    assert created.headers["authorization"] == f"Bearer {server.api_key}"
    assert listed.body == b""
    server.requests.clear()
    assert len(server.requests) == 0
