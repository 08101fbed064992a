"""The API key never shows: not in reprs, error messages, logs at DEBUG, or tracebacks."""

from __future__ import annotations

import logging
import secrets
import traceback
from collections.abc import Callable

import pytest
from scripted_server import Reply, ScriptedServer, list_body, run_body

from openai_evals_runs import APIError, AsyncClient, Client, EvalsRunsError, InvalidRequestError

SECRET = "sk-secret-" + secrets.token_hex(16)
JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


def _everything_about(error: BaseException) -> str:
    parts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    for name in ("body", "request", "response", "message"):
        parts.append(repr(getattr(error, name, None)))
    return "\n".join(parts)


def test_client_reprs_hide_the_key(scripted: ScriptedServer) -> None:
    client = Client(api_key=SECRET, base_url=scripted.base_url)
    assert SECRET not in repr(client) and SECRET not in str(client)
    assert SECRET not in repr(client.with_options(max_retries=0))
    assert SECRET not in repr(client._options)
    assert SECRET not in repr(AsyncClient(api_key=SECRET, base_url=scripted.base_url))
    client.close()


@pytest.mark.parametrize(
    "reply",
    [
        Reply(
            401,
            {
                "error": {
                    "message": f"Incorrect API key provided: {SECRET}",
                    "code": SECRET,
                    "param": SECRET,
                    "type": "auth",
                }
            },
        ),
        Reply(500, f"<html>token {SECRET} rejected</html>", headers={"x-should-retry": "false"}),
        Reply(302, b"", headers={"Location": f"https://x.example/?key={SECRET}"}),
        Reply(200, f"not json {SECRET}"),
        Reply(
            200,
            {
                "object": "list",
                "data": [{"id": SECRET}],
                "first_id": None,
                "last_id": None,
                "has_more": False,
            },
        ),
    ],
    ids=["echoed-in-error-json", "echoed-in-html", "in-redirect", "in-bad-body", "in-bad-shape"],
)
def test_errors_never_carry_the_key_even_when_the_server_echoes_it(
    scripted: ScriptedServer, reply: Reply
) -> None:
    scripted.queue(reply)
    with (
        Client(api_key=SECRET, base_url=scripted.base_url, max_retries=0) as client,
        pytest.raises(APIError) as caught,
    ):
        client.runs.list("eval_1")
    text = _everything_about(caught.value)
    assert SECRET not in text


def test_argument_errors_never_carry_the_key(scripted: ScriptedServer) -> None:
    for bad_key in (SECRET + " with space", SECRET + "\n", SECRET + "é"):
        with pytest.raises(InvalidRequestError) as caught:
            Client(api_key=bad_key, base_url=scripted.base_url)
        assert SECRET not in _everything_about(caught.value)


def test_connection_errors_never_carry_the_key() -> None:
    with (
        Client(api_key=SECRET, base_url="http://127.0.0.1:9/v1", max_retries=0) as client,
        pytest.raises(EvalsRunsError) as caught,
    ):
        client.runs.list("eval_1")
    assert SECRET not in _everything_about(caught.value)


def test_debug_logs_never_carry_the_key(
    scripted: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    scripted.queue(
        Reply(503, {}, headers={"retry-after-ms": "5"}),
        Reply(200, list_body(["r1"])),
        Reply(201, run_body()),
        Reply(401, {"error": {"message": f"bad key {SECRET}"}}),
    )
    with Client(api_key=SECRET, base_url=scripted.base_url) as client:
        client.runs.list("eval_1")
        client.runs.create("eval_1", data_source=JSONL)
        with pytest.raises(APIError):
            client.runs.list("eval_1")
    records = [record.getMessage() for record in caplog.records]
    assert any(record.name == "openai_evals_runs" for record in caplog.records)
    assert any("retrying" in message for message in records)
    assert all(SECRET not in message for message in records)
    assert SECRET not in caplog.text


def test_raw_responses_do_not_show_the_key(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(200, list_body(["r1"])))
    with Client(api_key=SECRET, base_url=scripted.base_url) as client:
        raw = client.runs.with_raw_response.list("eval_1")
        shown: list[Callable[[], str]] = [
            lambda: repr(raw),
            lambda: str(raw),
            lambda: repr(raw.http_response),
            lambda: repr(raw.http_response.request),
            lambda: repr(raw.http_response.request.headers),
            lambda: repr(raw.parse()),
        ]
        for show in shown:
            assert SECRET not in show()
    # The key was really sent: the test would be empty otherwise.
    assert scripted.received[0].headers["Authorization"] == f"Bearer {SECRET}"
