"""Configuration: arguments, environment variables, defaults, headers, with_options, closing."""

from __future__ import annotations

import httpx
import pytest
from scripted_server import TEST_KEY, Reply, ScriptedServer, list_body, run_body

from openai_evals_runs import Client, InvalidRequestError, __version__

JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start each test with none of the client's environment variables set."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_missing_key_is_a_clear_error_at_construction() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Client()
    assert caught.value.argument == "api_key"
    assert "OPENAI_API_KEY" in str(caught.value)


def test_configuration_from_the_environment(
    scripted: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", scripted.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    scripted.queue(Reply(200, list_body(["r1"])))
    with Client() as client:
        assert client.base_url == scripted.base_url
        client.runs.list("eval_1")
    headers = scripted.received[0].headers
    assert headers["Authorization"] == f"Bearer {TEST_KEY}"
    assert headers["OpenAI-Organization"] == "org-env"
    assert headers["OpenAI-Project"] == "proj-env"


def test_arguments_win_over_the_environment(
    scripted: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    scripted.queue(Reply(200, list_body(["r1"])))
    with Client(api_key=TEST_KEY, base_url=scripted.base_url, organization="org-arg") as client:
        client.runs.list("eval_1")
    headers = scripted.received[0].headers
    assert headers["Authorization"] == f"Bearer {TEST_KEY}"
    assert headers["OpenAI-Organization"] == "org-arg"
    assert "OpenAI-Project" not in headers


def test_defaults() -> None:
    client = Client(api_key=TEST_KEY)
    assert client.base_url == "https://api.openai.com/v1"
    assert client.max_retries == 2
    assert client.timeout.connect == 5.0
    assert client.timeout.read == 600.0  # finite: never "wait forever"
    client.close()


def test_headers_sent(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(201, run_body()))
    scripted_client.runs.create("eval_1", data_source=JSONL, extra_headers={"X-Trace": "t1"})
    headers = scripted.received[0].headers
    assert headers["User-Agent"].startswith(f"openai-evals-runs/{__version__}")
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Trace"] == "t1"
    assert headers["Idempotency-Key"]


def test_request_ids_are_exposed(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(
        Reply(200, list_body(["r1"]), headers={"x-request-id": "req_list"}),
        Reply(201, run_body(), headers={"x-request-id": "req_create"}),
    )
    page = scripted_client.runs.list("eval_1")
    assert page.request_id == "req_list"
    assert page.data[0].request_id == "req_list"
    assert scripted_client.runs.create("eval_1", data_source=JSONL).request_id == "req_create"


def test_raw_response(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(200, list_body(["r1"]), headers={"x-request-id": "req_raw"}))
    raw = scripted_client.runs.with_raw_response.list("eval_1")
    assert raw.status_code == 200
    assert raw.request_id == "req_raw"
    assert raw.headers["content-type"] == "application/json"
    assert raw.parse() is raw.parse()
    assert [run.id for run in raw.parse().data] == ["r1"]


def test_with_options_copies_and_shares_the_pool(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    copy = scripted_client.with_options(max_retries=0, timeout=3.0)
    assert copy.max_retries == 0
    assert copy.timeout == httpx.Timeout(3.0)
    assert scripted_client.max_retries == 2
    assert copy.base_url == scripted_client.base_url
    assert copy._http is scripted_client._http
    copy.close()  # does not close the pool it borrowed
    scripted.queue(Reply(200, list_body(["r1"])))
    assert scripted_client.runs.list("eval_1").data[0].id == "r1"


def test_per_call_timeout_and_timeout_with_custom_http_client(scripted: ScriptedServer) -> None:
    scripted.queue(Reply(200, list_body(["r1"]), delay=0.6))
    # A caller's http_client without any timeout still gets ours: never "wait forever".
    http = httpx.Client(timeout=None)
    client = Client(
        api_key=TEST_KEY, base_url=scripted.base_url, http_client=http, timeout=0.2, max_retries=0
    )
    with pytest.raises(Exception, match="timed out"):
        client.runs.list("eval_1")
    client.close()
    assert not http.is_closed  # not ours to close
    http.close()


def test_context_manager_closes_the_pool() -> None:
    with Client(api_key=TEST_KEY) as client:
        pass
    assert client._http.is_closed


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"base_url": "ftp://x"}, "base_url"),
        ({"base_url": "not a url"}, "base_url"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"organization": "org\r\nX: y"}, "organization"),
        ({"default_headers": {"X-A": "a\nb"}}, "extra_headers['X-A']"),
    ],
)
def test_bad_configuration(arguments: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        Client(api_key=TEST_KEY, **arguments)  # type: ignore[arg-type]
    assert caught.value.argument == name


def test_openai_evals_runs_log_switches_on_debug_logs(scripted: ScriptedServer) -> None:
    import subprocess
    import sys

    scripted.queue(Reply(200, list_body(["r1"]), headers={"x-request-id": "req_logged"}))
    code = (
        "from openai_evals_runs import Client\n"
        f"Client(api_key={TEST_KEY!r}, base_url={scripted.base_url!r}).runs.list('eval_1')\n"
    )
    quiet = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert quiet.stderr == ""
    scripted.queue(Reply(200, list_body(["r1"]), headers={"x-request-id": "req_logged"}))
    loud = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"OPENAI_EVALS_RUNS_LOG": "debug", "PATH": "/usr/bin:/bin"},
    )
    assert "GET http://127.0.0.1" in loud.stderr
    assert "/evals/eval_1/runs -> 200 request_id=req_logged" in loud.stderr
    assert TEST_KEY not in loud.stderr
