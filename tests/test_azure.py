"""Azure OpenAI over real HTTP against the local server's Azure routes: the path, `api-version`,
the `api-key` header or a Bearer token from a provider called once per attempt, the environment
variables openai-python reads, and the combinations it refuses."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
from collections.abc import Callable, Iterator

import httpx
import pytest

from openai_evals_runs import (
    AsyncAzureClient,
    AuthenticationError,
    AzureClient,
    Client,
    InvalidRequestError,
    NotFoundError,
)
from openai_evals_runs.testing import FakeEvalsServer, Fault

VERSION = "2025-04-01-preview"
DATA = {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"q": "1"}}]}}
AZURE_ENV = (
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "OPENAI_API_VERSION",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)


@pytest.fixture(autouse=True)
def _no_azure_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in AZURE_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def azure(server: FakeEvalsServer) -> Iterator[AzureClient]:
    with AzureClient(
        azure_endpoint=server.azure_endpoint, api_version=VERSION, api_key=server.api_key
    ) as client:
        yield client


def _rotating(server: FakeEvalsServer, calls: list[str]) -> Callable[[], str]:
    """A provider handing out tok-1, tok-2, ... (each accepted by the server) and noting them."""
    counter = itertools.count(1)

    def provider() -> str:
        token = f"tok-{next(counter)}"
        server.accept_token(token)
        calls.append(token)
        return token

    return provider


def test_a_key_goes_in_the_api_key_header_to_the_azure_path_with_the_api_version(
    server: FakeEvalsServer, eval_id: str, azure: AzureClient
) -> None:
    run = azure.runs.create(eval_id, data_source=DATA, name="on azure")
    page = azure.runs.list(eval_id, limit=5)
    assert [r.id for r in page.data] == [run.id]
    for received in server.requests:
        assert received.path == f"/openai/evals/{eval_id}/runs"
        assert received.query.startswith(f"api-version={VERSION}")
        assert received.headers["api-key"] == server.api_key
        assert "authorization" not in received.headers
    assert server.requests[-1].query == f"api-version={VERSION}&limit=5"
    assert isinstance(azure, Client)


def test_a_wrong_key_is_refused_by_the_server(server: FakeEvalsServer, eval_id: str) -> None:
    with (
        AzureClient(
            azure_endpoint=server.azure_endpoint, api_version=VERSION, api_key="wrong-key"
        ) as client,
        pytest.raises(AuthenticationError),
    ):
        client.runs.list(eval_id)


def test_the_token_provider_is_called_once_per_attempt_and_rotation_shows_on_the_wire(
    server: FakeEvalsServer, eval_id: str
) -> None:
    calls: list[str] = []
    server.inject("create", Fault.status(500))  # then the real 201
    with AzureClient(
        azure_endpoint=server.azure_endpoint,
        api_version=VERSION,
        azure_ad_token_provider=_rotating(server, calls),
        max_retries=1,
    ) as client:
        client.with_options(max_retries=1)  # building a copy calls nothing
        assert calls == []
        run = client.runs.create(eval_id, data_source=DATA)
        assert calls == ["tok-1", "tok-2"]
        client.runs.list(eval_id)
        assert calls == ["tok-1", "tok-2", "tok-3"]
        assert client.api_key == "tok-3"  # the token sent last, as openai-python's api_key
    sent = [received.headers.get("authorization") for received in server.requests]
    assert sent == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-3"]
    assert all("api-key" not in received.headers for received in server.requests)
    assert server.runs(eval_id)[0]["id"] == run.id


def test_a_revoked_token_is_refused_and_a_rotated_one_goes_out_on_the_next_call(
    server: FakeEvalsServer, eval_id: str
) -> None:
    current = ["tok-a"]
    calls: list[str] = []

    def provider() -> str:
        calls.append(current[0])
        return current[0]

    server.accept_token("tok-a")
    with AzureClient(
        azure_endpoint=server.azure_endpoint,
        api_version=VERSION,
        azure_ad_token_provider=provider,
    ) as client:
        client.runs.list(eval_id)
        server.revoke_token("tok-a")  # it expired
        with pytest.raises(AuthenticationError):
            client.runs.list(eval_id)  # a 401 is not retried: one more call
        current[0] = "tok-b"
        server.accept_token("tok-b")
        client.runs.list(eval_id)
    assert calls == ["tok-a", "tok-a", "tok-b"]
    sent = [received.headers["authorization"] for received in server.requests]
    assert sent == ["Bearer tok-a", "Bearer tok-a", "Bearer tok-b"]


def test_a_fixed_azure_ad_token_is_a_bearer_token(server: FakeEvalsServer, eval_id: str) -> None:
    server.accept_token("entra-token-1")
    with AzureClient(
        azure_endpoint=server.azure_endpoint, api_version=VERSION, azure_ad_token="entra-token-1"
    ) as client:
        client.runs.list(eval_id)
    assert server.requests[-1].headers["authorization"] == "Bearer entra-token-1"


def test_an_api_key_function_is_refreshed_per_attempt_and_sent_as_api_key(
    server: FakeEvalsServer, eval_id: str
) -> None:
    calls: list[str] = []
    server.inject("list", Fault.status(503))
    with AzureClient(
        azure_endpoint=server.azure_endpoint,
        api_version=VERSION,
        api_key=_rotating(server, calls),
    ) as client:
        client.runs.list(eval_id)
    assert [r.headers["api-key"] for r in server.requests] == ["tok-1", "tok-2"]


def test_the_async_azure_client_awaits_an_async_provider_per_attempt(
    server: FakeEvalsServer, eval_id: str
) -> None:
    calls: list[str] = []
    rotate = _rotating(server, calls)

    async def provider() -> str:
        await asyncio.sleep(0)
        return rotate()

    async def main() -> list[str]:
        async with AsyncAzureClient(
            azure_endpoint=server.azure_endpoint,
            api_version=VERSION,
            azure_ad_token_provider=provider,
            max_retries=2,
        ) as client:
            await client.runs.create(eval_id, data_source=DATA)
            page = await client.runs.list(eval_id)
            return [run.id for run in page.data]

    server.inject("create", Fault.status(500), Fault.drop_before_status())
    assert len(asyncio.run(main())) == 1
    assert calls == ["tok-1", "tok-2", "tok-3", "tok-4"]
    assert [r.headers["authorization"] for r in server.requests] == [
        f"Bearer {token}" for token in calls
    ]
    assert all(r.path.startswith("/openai/evals/") for r in server.requests)


def test_the_environment_fills_what_is_not_passed(
    server: FakeEvalsServer, eval_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", server.azure_endpoint + "/")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", server.api_key)
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-env")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-for-azure")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    with AzureClient() as client:
        assert client.azure_endpoint == server.azure_endpoint
        assert client.base_url == server.azure_endpoint + "/openai"
        assert client.api_version == "2024-env"
        client.runs.list(eval_id)
    received = server.requests[-1]
    assert received.query == "api-version=2024-env"
    assert received.headers["api-key"] == server.api_key


def test_the_ad_token_from_the_environment_wins_over_the_key_and_arguments_win_over_both(
    server: FakeEvalsServer, eval_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.accept_token("env-token")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "env-token")
    with AzureClient(azure_endpoint=server.azure_endpoint, api_version=VERSION) as client:
        client.runs.list(eval_id)
    assert server.requests[-1].headers["authorization"] == "Bearer env-token"
    assert "api-key" not in server.requests[-1].headers
    with AzureClient(
        azure_endpoint=server.azure_endpoint, api_version=VERSION, api_key=server.api_key
    ) as client:
        client.runs.list(eval_id)
    assert server.requests[-1].headers["api-key"] == server.api_key
    assert "authorization" not in server.requests[-1].headers


@pytest.mark.parametrize(
    ("arguments", "argument", "named"),
    [
        ({"api_version": VERSION, "api_key": "k"}, "azure_endpoint", "AZURE_OPENAI_ENDPOINT"),
        (
            {"azure_endpoint": "http://127.0.0.1:9", "api_key": "k"},
            "api_version",
            "OPENAI_API_VERSION",
        ),
        (
            {"azure_endpoint": "http://127.0.0.1:9", "api_version": VERSION},
            "api_key",
            "AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN",
        ),
    ],
    ids=["endpoint", "api_version", "credentials"],
)
def test_what_is_missing_is_named_with_its_environment_variable(
    arguments: dict[str, str], argument: str, named: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        AzureClient(**arguments)  # type: ignore[arg-type]
    assert caught.value.argument == argument
    assert named in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "argument", "says"),
    [
        ({"api_key": "k", "azure_ad_token": "t"}, "api_key", "mutually exclusive"),
        ({"api_key": "k", "azure_ad_token_provider": lambda: "t"}, "api_key", "mutually exclusive"),
        (
            {"azure_ad_token": "t", "azure_ad_token_provider": lambda: "t"},
            "azure_ad_token",
            "mutually exclusive",
        ),
        ({"api_key": "k", "base_url": "http://127.0.0.1:9/openai"}, "base_url", "mutually"),
        ({"api_key": "k", "api_version": ""}, "api_version", "non-empty"),
        ({"api_key": "k", "azure_endpoint": "ftp://x"}, "azure_endpoint", "http(s)"),
        ({"azure_ad_token_provider": "not callable"}, "azure_ad_token_provider", "function"),
        ({"azure_ad_token": 42}, "azure_ad_token", "must be a str"),
        ({"api_key": "k", "default_query": {"a": [1]}}, "default_query['a']", "a boolean"),
    ],
)
def test_bad_combinations_are_refused_like_openai_python_does(
    arguments: dict[str, object], argument: str, says: str
) -> None:
    arguments = {"azure_endpoint": "http://127.0.0.1:9", "api_version": VERSION, **arguments}
    with pytest.raises(InvalidRequestError) as caught:
        AzureClient(**arguments)  # type: ignore[arg-type]
    assert caught.value.argument == argument
    assert says in str(caught.value)


def test_a_base_url_replaces_the_endpoint(server: FakeEvalsServer, eval_id: str) -> None:
    with AzureClient(
        base_url=server.azure_base_url, api_version=VERSION, api_key=server.api_key
    ) as client:
        assert client.azure_endpoint is None
        client.runs.list(eval_id)
    assert server.requests[-1].path == f"/openai/evals/{eval_id}/runs"


def test_the_async_client_refuses_nothing_the_sync_one_takes_and_the_sync_one_refuses_async() -> (
    None
):
    async def provider() -> str:
        return "t"

    with pytest.raises(InvalidRequestError) as caught:
        AzureClient(
            azure_endpoint="http://127.0.0.1:9",
            api_version=VERSION,
            azure_ad_token_provider=provider,  # type: ignore[arg-type]
        )
    assert caught.value.argument == "azure_ad_token_provider"
    assert "AsyncClient" in str(caught.value)
    client = AsyncAzureClient(
        azure_endpoint="http://127.0.0.1:9", api_version=VERSION, azure_ad_token_provider=provider
    )
    assert client.api_version == VERSION


def test_repr_shows_endpoint_and_version_never_the_credential() -> None:
    client = AzureClient(
        azure_endpoint="https://res.openai.azure.com/", api_version=VERSION, api_key="sk-az-123"
    )
    shown = repr(client)
    assert shown.startswith("AzureClient(azure_endpoint='https://res.openai.azure.com'")
    assert f"api_version={VERSION!r}" in shown
    assert "sk-az-123" not in shown and "sk-az-123" not in repr(client._options)

    def provider() -> str:
        return "tok"

    with_provider = client.with_options(azure_ad_token_provider=provider)
    assert "provider" not in repr(with_provider) and "tok" not in repr(with_provider)
    assert "function" not in repr(with_provider._options)


def test_with_options_and_copy_on_azure(server: FakeEvalsServer, eval_id: str) -> None:
    server.accept_token("t-copy")
    with httpx.Client() as pool:
        with AzureClient(
            azure_endpoint=server.azure_endpoint, api_version=VERSION, api_key=server.api_key
        ) as client:
            newer = client.with_options(api_version="2099-01-01", max_retries=0)
            token = client.copy(azure_ad_token="t-copy", http_client=pool)
            assert type(newer) is AzureClient and newer.max_retries == 0
            newer.runs.list(eval_id)
            assert server.requests[-1].query == "api-version=2099-01-01"
            assert server.requests[-1].headers["api-key"] == server.api_key
            token.runs.list(eval_id)  # the credential replaced, whichever kind it was
            assert server.requests[-1].headers["authorization"] == "Bearer t-copy"
            assert "api-key" not in server.requests[-1].headers
            assert server.requests[-1].query == f"api-version={VERSION}"
            with pytest.raises(InvalidRequestError):
                client.with_options(api_key="k", azure_ad_token="t")
            with pytest.raises(TypeError, match="azure_deployment"):
                client.with_options(azure_deployment="gpt")  # type: ignore[call-arg]
        assert not pool.is_closed  # the copy used it; nobody closed it


def test_the_server_answers_a_missing_api_version_as_azure_does(
    server: FakeEvalsServer, eval_id: str
) -> None:
    with (
        Client(api_key=server.api_key, base_url=server.azure_base_url) as client,
        pytest.raises(NotFoundError) as caught,
    ):
        client.runs.list(eval_id)
    assert "Resource not found" in str(caught.value)
    assert caught.value.code == "404"
    # With it, the same client gets through (Bearer is accepted on the Azure routes too).
    with Client(
        api_key=server.api_key, base_url=server.azure_base_url, default_query={"api-version": "x"}
    ) as client:
        assert client.runs.list(eval_id).data == []


def test_the_server_takes_api_key_only_on_the_azure_routes(
    server: FakeEvalsServer, eval_id: str
) -> None:
    for path, expected in (
        (f"/openai/evals/{eval_id}/runs?api-version=1", 200),
        (f"/v1/evals/{eval_id}/runs", 401),
    ):
        answer = httpx.get(
            server.azure_endpoint + path, headers={"api-key": server.api_key}, timeout=10
        )
        assert answer.status_code == expected, path
    missing = httpx.get(
        f"{server.azure_endpoint}/openai/evals/{eval_id}/runs?api-version=1", timeout=10
    )
    assert missing.status_code == 401
    assert "subscription key" in missing.json()["error"]["message"]


def test_the_azure_evals_client_fixture(
    evals_server: FakeEvalsServer, azure_evals_client: AzureClient
) -> None:
    eval_id = evals_server.create_eval("azure")
    evals_server.inject("list", Fault.status(503))
    azure_evals_client.runs.create(eval_id, data_source=DATA)
    assert len(azure_evals_client.runs.list(eval_id).data) == 1
    assert evals_server.requests[-1].headers["api-key"] == evals_server.api_key
    assert evals_server.requests[-1].query.startswith("api-version=")


def test_importing_the_package_loads_no_azure_client_and_the_azure_client_no_asyncio() -> None:
    code = (
        "import sys, openai_evals_runs; before = set(sys.modules); "
        "from openai_evals_runs import AzureClient; "
        "print('openai_evals_runs._azure' in before, 'asyncio' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


def test_api_version_wins_over_a_default_query_of_that_name_and_extra_query_over_both(
    server: FakeEvalsServer, eval_id: str
) -> None:
    with AzureClient(
        azure_endpoint=server.azure_endpoint,
        api_version=VERSION,
        api_key=server.api_key,
        default_query={"api-version": "ignored", "team": "evals"},
    ) as client:
        client.runs.list(eval_id)
        assert server.requests[-1].query == f"api-version={VERSION}&team=evals"
        client.runs.list(eval_id, extra_query={"api-version": "per-call"})
        assert server.requests[-1].query == "api-version=per-call&team=evals"
