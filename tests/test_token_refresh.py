"""`api_key=callable` (token refresh) on Client and AsyncClient, and the secrets rules for tokens:
the provider is called once per attempt, what it returns is checked, and no token shows in a
repr, an error, a log line, a pickle or a traceback's locals, even when a hostile server (raw
sockets on 127.0.0.1) echoes the very token of that attempt back."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import pickle
import secrets
import socket
import traceback
from collections.abc import Callable, Iterator

import pytest
from test_hostile_servers import RawServer

from openai_evals_runs import (
    APIError,
    AsyncAzureClient,
    AsyncClient,
    AzureClient,
    Client,
    EvalsRunsError,
    InvalidRequestError,
)
from openai_evals_runs.testing import FakeEvalsServer, Fault

DATA = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


class Tokens:
    """A provider of fresh, unguessable tokens that the server accepts; counts its calls."""

    def __init__(self, server: FakeEvalsServer | None = None) -> None:
        self.issued: list[str] = []
        self._server = server

    def __call__(self) -> str:
        token = f"tok-{len(self.issued) + 1}-{secrets.token_hex(12)}"
        if self._server is not None:
            self._server.accept_token(token)
        self.issued.append(token)
        return token


# -- token refresh on the wire ---------------------------------------------------------------------


def test_client_calls_the_key_function_once_per_attempt(
    server: FakeEvalsServer, eval_id: str
) -> None:
    tokens = Tokens(server)
    server.inject("create", Fault.status(500))  # then the real 201
    with Client(api_key=tokens, base_url=server.base_url, max_retries=1) as client:
        assert tokens.issued == []  # nothing is called until a request goes out
        client.runs.create(eval_id, data_source=DATA)
        assert len(tokens.issued) == 2
        client.runs.list(eval_id)
    assert len(tokens.issued) == 3
    sent = [received.headers["authorization"] for received in server.requests]
    assert sent == [f"Bearer {token}" for token in tokens.issued]


def test_every_page_of_a_listing_gets_a_fresh_token(server: FakeEvalsServer, eval_id: str) -> None:
    server.seed_runs(eval_id, 5)
    tokens = Tokens(server)
    with Client(api_key=tokens, base_url=server.base_url) as client:
        assert len(list(client.runs.list(eval_id, limit=2))) == 5
    assert len(tokens.issued) == 3
    assert len(set(tokens.issued)) == 3


def test_async_client_takes_a_plain_or_an_async_key_function(
    server: FakeEvalsServer, eval_id: str
) -> None:
    plain = Tokens(server)
    counter = itertools.count()

    async def async_tokens() -> str:
        await asyncio.sleep(0)
        next(counter)
        return plain()

    async def main() -> None:
        for provider in (plain, async_tokens):
            server.inject("list", Fault.status(503))
            async with AsyncClient(api_key=provider, base_url=server.base_url) as client:
                await client.runs.list(eval_id)

    asyncio.run(main())
    assert len(plain.issued) == 4
    assert next(counter) == 2  # the async one was awaited for both of its attempts
    sent = [received.headers["authorization"] for received in server.requests]
    assert sent == [f"Bearer {token}" for token in plain.issued]


def test_a_sync_client_refuses_an_async_key_function_at_construction() -> None:
    async def provider() -> str:
        return "tok"

    with pytest.raises(InvalidRequestError) as caught:
        Client(api_key=provider, base_url="http://127.0.0.1:9/v1")  # type: ignore[arg-type]
    assert caught.value.argument == "api_key"
    assert "AsyncClient" in str(caught.value)


def test_a_function_returning_an_awaitable_to_a_sync_client_is_refused_at_the_call(
    server: FakeEvalsServer, eval_id: str
) -> None:
    async def fetch() -> str:
        return server.api_key

    with (
        # A plain function returning a coroutine: not seen as async until it is called.
        Client(api_key=lambda: fetch(), base_url=server.base_url) as client,  # type: ignore[arg-type, return-value]  # noqa: PLW0108
        pytest.raises(InvalidRequestError, match="awaitable"),
    ):
        client.runs.list(eval_id)
    assert len(server.requests) == 0


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize(
    ("returned", "says"),
    [
        (Boom("the identity service is down"), "raised Boom: the identity service is down"),
        (None, "must return a str, got NoneType"),
        (b"bytes-token", "must return a str, got bytes"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("tok with space", "not printable ASCII"),
        ("tök-é", "not printable ASCII"),
        ("tok\r\nX-Injected: 1", "not printable ASCII"),
    ],
    ids=["raises", "none", "bytes", "empty", "blank", "space", "non-ascii", "crlf"],
)
def test_what_a_provider_returns_is_checked_and_nothing_is_sent_or_retried(
    server: FakeEvalsServer, eval_id: str, returned: object, says: str
) -> None:
    calls = []

    def provider() -> object:
        calls.append(1)
        if isinstance(returned, Exception):
            raise returned
        return returned

    for make in (
        lambda: Client(api_key=provider, base_url=server.base_url, max_retries=5),  # type: ignore[arg-type]
        lambda: AzureClient(
            azure_endpoint=server.azure_endpoint,
            api_version="v",
            azure_ad_token_provider=provider,  # type: ignore[arg-type]
            max_retries=5,
        ),
    ):
        with make() as client, pytest.raises(InvalidRequestError) as caught:
            client.runs.list(eval_id)
        assert says in str(caught.value)
        assert caught.value.argument in ("api_key", "azure_ad_token_provider")
        if isinstance(returned, str) and returned.strip():
            assert returned not in str(caught.value) and returned not in repr(caught.value)
        if isinstance(returned, Exception):
            assert caught.value.__cause__ is returned  # the provider's own traceback is kept
    assert calls == [1, 1]  # once per client: a failing provider is not retried
    assert len(server.requests) == 0


def test_an_async_provider_that_raises_is_a_typed_error(
    server: FakeEvalsServer, eval_id: str
) -> None:
    async def provider() -> str:
        raise Boom("no token today")

    async def main() -> None:
        async with AsyncAzureClient(
            azure_endpoint=server.azure_endpoint, api_version="v", azure_ad_token_provider=provider
        ) as client:
            await client.runs.list(eval_id)

    with pytest.raises(InvalidRequestError, match="raised Boom: no token today"):
        asyncio.run(main())


def test_the_function_never_shows_in_repr() -> None:
    def my_secret_provider() -> str:
        return "tok-repr-0123"

    client = Client(api_key=my_secret_provider, base_url="http://127.0.0.1:9/v1")
    for shown in (repr(client), repr(client._options), repr(client.with_options(max_retries=0))):
        assert "my_secret_provider" not in shown and "tok-repr" not in shown
    assert client.api_key == ""  # no token asked for yet


# -- a hostile server echoing the token of the attempt --------------------------------------------


class EchoServer(RawServer):
    """A raw-socket server that answers every request by echoing its credential (Bearer token or
    api-key) in the reason phrase, x-request-id, Location and the body, with `status`."""

    def __init__(self, status: int) -> None:
        super().__init__(self._echo)
        self.status = status
        self.seen: list[str] = []

    @property
    def endpoint(self) -> str:
        return self.base_url.removesuffix("/v1")

    def _echo(self, conn: socket.socket, head: bytes) -> None:
        token = "none"
        for line in head.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.lower() in ("authorization", "api-key"):
                token = value.strip().removeprefix("Bearer ")
        self.seen.append(token)
        body = json.dumps({"error": {"message": f"bad {token}", "code": token}}).encode()
        if self.status == 200:
            body = f"not json: {token}".encode()
        lines = [
            f"HTTP/1.1 {self.status} Echo {token}",
            f"x-request-id: req-{token}",
            f"Location: http://127.0.0.1:9/?t={token}",
            "Content-Type: application/json",
            f"Content-Length: {len(body)}",
            "Connection: close",
            "",
            "",
        ]
        conn.sendall("\r\n".join(lines).encode() + body)

    def __enter__(self) -> EchoServer:
        super().__enter__()
        return self


@pytest.fixture(params=[500, 401, 302, 200], ids=["500", "401", "302", "200-bad-body"])
def echo(request: pytest.FixtureRequest) -> Iterator[EchoServer]:
    with EchoServer(request.param) as server:
        yield server


def _clients(echo: EchoServer, provider: Callable[[], str]) -> list[Client]:
    return [
        Client(api_key=provider, base_url=echo.base_url, max_retries=1),
        AzureClient(
            azure_endpoint=echo.endpoint,
            api_version="v",
            azure_ad_token_provider=provider,
            max_retries=1,
        ),
        AzureClient(azure_endpoint=echo.endpoint, api_version="v", api_key=provider, max_retries=1),
    ]


def _everything_about(error: BaseException) -> str:
    locals_shown = traceback.TracebackException.from_exception(error, capture_locals=True)
    parts = [str(error), repr(error), "".join(locals_shown.format())]
    for name in ("body", "request", "response", "request_id", "message", "code"):
        parts.append(repr(getattr(error, name, None)))
    request = getattr(error, "request", None)
    if request is not None:
        parts.append(repr(request.headers))
    response = getattr(error, "response", None)
    if response is not None:
        parts += [repr(response.headers), response.reason_phrase, repr(response.request.headers)]
    parts.append(repr(pickle.loads(pickle.dumps(error)).__dict__))
    parts.append(pickle.dumps(error).decode("latin-1"))
    return "\n".join(parts)


def _assert_hidden(errors: list[EvalsRunsError], tokens: Tokens) -> None:
    # Checked here, not in the test: the test's own frame is in each traceback, and a loop
    # variable holding a token there would be the test's leak, not the package's.
    for error in errors:
        text = _everything_about(error)
        assert all(issued not in text for issued in tokens.issued)
        assert "[redacted]" in text  # the echo was there, and was redacted


def test_no_token_shows_anywhere_even_when_the_server_echoes_it(
    echo: EchoServer, caplog: pytest.LogCaptureFixture
) -> None:
    # This package's logger. httpx and httpcore log at DEBUG the status line and headers a
    # server sent, echo included: that is the transport logging what it received (see
    # test_debug_logs_of_every_logger_never_carry_a_token for what the client sends).
    caplog.set_level(logging.DEBUG, logger="openai_evals_runs")
    tokens = Tokens()
    errors: list[EvalsRunsError] = []
    for client in _clients(echo, tokens):
        with client, pytest.raises(APIError) as caught:
            client.runs.list("eval_1", extra_headers={"retry-after-ms": "1"})
        errors.append(caught.value)
    _assert_hidden(errors, tokens)
    retried = echo.status == 500
    assert len(tokens.issued) == (6 if retried else 3)
    assert echo.seen == tokens.issued  # each attempt sent (and got back) its own token
    assert any(record.name == "openai_evals_runs" for record in caplog.records)
    assert all(issued not in caplog.text for issued in tokens.issued)


def test_debug_logs_of_every_logger_never_carry_a_token(
    server: FakeEvalsServer, eval_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    tokens = Tokens(server)
    server.inject("list", Fault.status(503, headers={"retry-after-ms": "1"}))
    with Client(api_key=tokens, base_url=server.base_url) as client:
        client.runs.list(eval_id)
        client.runs.create(eval_id, data_source=DATA)
    with AzureClient(
        azure_endpoint=server.azure_endpoint, api_version="v", azure_ad_token_provider=tokens
    ) as client:
        client.runs.list(eval_id)
    assert len(tokens.issued) == 4
    assert any("retrying" in record.getMessage() for record in caplog.records)
    assert all(issued not in caplog.text for issued in tokens.issued)


def test_no_token_shows_in_the_async_clients_errors_either(echo: EchoServer) -> None:
    tokens = Tokens()

    async def provider() -> str:
        return tokens()

    async def main() -> list[EvalsRunsError]:
        errors: list[EvalsRunsError] = []
        for client in (
            AsyncClient(api_key=provider, base_url=echo.base_url, max_retries=1),
            AsyncAzureClient(
                azure_endpoint=echo.endpoint,
                api_version="v",
                azure_ad_token_provider=provider,
                max_retries=1,
            ),
        ):
            async with client:
                try:
                    await client.runs.list("eval_1", extra_headers={"retry-after-ms": "1"})
                except EvalsRunsError as error:
                    errors.append(error)
        return errors

    errors = asyncio.run(main())
    assert len(errors) == 2 and len(echo.seen) == len(tokens.issued) >= 2
    _assert_hidden(errors, tokens)


def test_the_api_key_header_is_masked_in_reprs_of_the_request(
    server: FakeEvalsServer, eval_id: str
) -> None:
    with AzureClient(
        azure_endpoint=server.azure_endpoint, api_version="v", api_key=server.api_key
    ) as client:
        raw = client.runs.with_raw_response.list(eval_id)
    assert raw.http_response.request.headers["api-key"] == server.api_key  # really sent
    assert server.api_key not in repr(raw.http_response.request.headers)
    assert server.api_key not in repr(raw) and server.api_key not in repr(client)
