"""Attacks on issue 11's promises that found defects: keys and tokens reaching a traceback's
locals or an error, requests that could not be built, and the small-tree size check. Each test is
the failing case that found its defect (over real HTTP on 127.0.0.1 where it is about the wire).

Secrets are checked in helpers, never in the test's own frame: that frame is in every traceback,
and a local of the test holding a token would be the test's leak, not the package's."""

from __future__ import annotations

import asyncio
import datetime
import json
import math
import re
import secrets
import socket
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_servers import RUN, RawServer, _reply

from openai_evals_runs import (
    APIResponseValidationError,
    APIStatusError,
    AsyncClient,
    AzureClient,
    Client,
    EvalRun,
    EvalsRunsError,
    InvalidRequestError,
)
from openai_evals_runs._credentials import MaskedHeaders
from openai_evals_runs._validation import _quick_verdict, _small_tree_verdict, check_json_size
from openai_evals_runs.testing import FakeEvalsServer


class Tokens:
    """A provider of fresh tokens, as `kind` (str or bytes); keeps what it issued as text."""

    def __init__(self, kind: type = str, server: FakeEvalsServer | None = None) -> None:
        self.issued: list[str] = []
        self._kind = kind
        self._server = server

    def __call__(self) -> object:
        token = f"tok-{len(self.issued) + 1}-{secrets.token_hex(12)}"
        self.issued.append(token)
        if self._server is not None:
            self._server.accept_token(token)
        return token.encode() if self._kind is bytes else token


def _shown(error: BaseException) -> str:
    """Everything a user, a log or an error tracker may see of `error`, locals included."""
    locals_shown = traceback.TracebackException.from_exception(error, capture_locals=True)
    return "\n".join([str(error), repr(error), "".join(locals_shown.format())])


def _assert_hidden(error: BaseException, texts: list[str]) -> None:
    shown = _shown(error)
    leaked = [text for text in texts if text in shown]
    assert not leaked, f"{len(leaked)} secret(s) shown"


# -- the Authorization header in Call.build's frame -----------------------------------------------


def test_masked_headers_hide_authorization_as_httpx_does() -> None:
    headers = MaskedHeaders({"Authorization": "Bearer sk-hidden-1", "api-key": "sk-hidden-2"})
    assert "sk-hidden" not in repr(headers)
    assert headers["authorization"] == "Bearer sk-hidden-1"  # only the repr is masked


def _fail_to_build(client: Client) -> BaseException:
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.list("eval_1", extra_query={"b": "y" * 40_000})
    return caught.value


def test_a_request_that_fails_to_build_shows_no_key_or_token_in_its_locals(
    server: FakeEvalsServer,
) -> None:
    # Each fits; together they are more than httpx writes in a query (found in Call.build).
    huge = {"a": "x" * 40_000}
    key = server.api_key
    with Client(api_key=key, base_url=server.base_url, default_query=huge) as client:
        _assert_hidden(_fail_to_build(client), [key])
    tokens = Tokens()
    with Client(api_key=tokens, base_url=server.base_url, default_query=huge) as client:
        _assert_hidden(_fail_to_build(client), tokens.issued)
    assert len(tokens.issued) == 1
    assert len(server.requests) == 0


# -- a query httpx cannot write -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "call", "argument"),
    [
        ({"default_query": {"q": "x" * 70_000}}, {}, "default_query"),
        ({}, {"extra_query": {"q": "x" * 70_000}}, "extra_query"),
        ({"default_query": {"q": "a\ud800"}}, {}, "default_query['q']"),
        ({"default_query": {"a\ud800": "q"}}, {}, "default_query"),
        ({}, {"extra_query": {"a\ud800": "q"}}, "extra_query"),
        ({"default_query": {"a": "x" * 40_000}}, {"extra_query": {"b": "y" * 40_000}}, "query"),
    ],
    ids=[
        "long-default",
        "long-extra",
        "surrogate-value",
        "surrogate-key",
        "surrogate-extra-key",
        "long-together",
    ],
)
def test_a_query_that_cannot_be_sent_is_invalid_request_error_naming_it(
    server: FakeEvalsServer,
    eval_id: str,
    settings: dict[str, object],
    call: dict[str, object],
    argument: str,
) -> None:
    # Refused at construction (default_query) or by the call (extra_query), before sending.
    with (
        pytest.raises(InvalidRequestError) as caught,
        Client(api_key=server.api_key, base_url=server.base_url, **settings) as client,  # type: ignore[arg-type]
    ):
        client.runs.list(eval_id, **call)  # type: ignore[arg-type]
    assert caught.value.argument.startswith(argument)
    assert len(server.requests) == 0


def test_an_api_version_longer_than_a_query_is_refused_at_construction(
    server: FakeEvalsServer,
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        AzureClient(azure_endpoint=server.azure_endpoint, api_version="v" * 70_000, api_key="k")
    assert caught.value.argument == "api_version"


# -- a provider returning bytes -------------------------------------------------------------------


def test_a_provider_returning_bytes_is_refused_without_them_in_any_frame(
    server: FakeEvalsServer, eval_id: str
) -> None:
    tokens = Tokens(bytes)
    with Client(api_key=tokens, base_url=server.base_url) as client:
        with pytest.raises(InvalidRequestError, match="must return a str, got bytes"):
            client.runs.list(eval_id)
        _assert_provider_error_hidden(client, eval_id, tokens)
    assert len(server.requests) == 0


def _assert_provider_error_hidden(client: Client, eval_id: str, tokens: Tokens) -> None:
    try:
        client.runs.list(eval_id)
    except InvalidRequestError as error:
        _assert_hidden(error, tokens.issued)
    else:
        raise AssertionError("not refused")


def test_an_async_provider_returning_bytes_is_refused_without_them_in_any_frame(
    server: FakeEvalsServer, eval_id: str
) -> None:
    tokens = Tokens(bytes)

    async def provider() -> object:
        return tokens()

    async def main() -> list[BaseException]:
        caught: list[BaseException] = []
        for api_key in (provider, tokens):
            async with AsyncClient(api_key=api_key, base_url=server.base_url) as client:  # type: ignore[arg-type]
                try:
                    await client.runs.list(eval_id)
                except InvalidRequestError as error:
                    caught.append(error)
        return caught

    errors = asyncio.run(main())
    assert len(errors) == 2 and len(tokens.issued) == 2
    for error in errors:
        _assert_hidden(error, tokens.issued)
    assert len(server.requests) == 0


# -- a 2xx body of the wrong shape echoing the credential -----------------------------------------


class EchoingServer(RawServer):
    """Answers `status` with a JSON body that echoes the credential of the request (with
    `cumulative`, every one it has been sent so far), as a list answer of the wrong shape
    (`data` a str) or an error body."""

    def __init__(self, status: int, *, cumulative: bool = False) -> None:
        super().__init__(self._echo)
        self.status = status
        self.cumulative = cumulative
        self.seen: list[str] = []

    def _echo(self, conn: socket.socket, head: bytes) -> None:
        found = re.search(rb"(?im)^(?:authorization: *bearer|api-key:) *(\S+)", head)
        self.seen.append(found[1].decode() if found else "none")
        echoed = " ".join(self.seen) if self.cumulative else self.seen[-1]
        document: object = {"error": {"message": f"bad {echoed}", "code": "x"}}
        if self.status == 200:
            document = {"object": "list", "data": echoed, "has_more": False}
            document.update(first_id=None, last_id=None)
        body = json.dumps(document).encode()
        status = f"{self.status} Echo"
        conn.sendall(_reply(status, body, "Content-Type: application/json", "retry-after-ms: 1"))

    def __enter__(self) -> EchoingServer:
        super().__enter__()
        return self


@pytest.fixture
def echo_200() -> Iterator[EchoingServer]:
    with EchoingServer(200) as server:
        yield server


def test_a_wrong_shape_2xx_echoing_the_key_keeps_it_out_of_the_locals(
    echo_200: EchoingServer,
) -> None:
    key = "sk-echoed-" + secrets.token_hex(12)
    with Client(api_key=key, base_url=echo_200.base_url) as client:
        error = _list_error(client)
    assert isinstance(error, APIResponseValidationError)
    assert echo_200.seen == [key]
    _assert_hidden(error, [key])


def _list_error(client: Client) -> EvalsRunsError:
    try:
        client.runs.list("eval_1")
    except EvalsRunsError as error:
        return error
    raise AssertionError("no error")


# -- a server echoing a token of an earlier attempt ----------------------------------------------


def test_a_token_of_an_earlier_attempt_echoed_later_is_redacted_too() -> None:
    tokens = Tokens()
    with (
        EchoingServer(500, cumulative=True) as echo,
        Client(api_key=tokens, base_url=echo.base_url, max_retries=2) as client,
    ):
        error = _list_error(client)
    assert isinstance(error, APIStatusError)
    assert echo.seen == tokens.issued and len(tokens.issued) == 3
    _assert_hidden(error, tokens.issued)
    assert "[redacted]" in str(error)


def test_many_concurrent_calls_each_redact_their_own_token(echo_200: EchoingServer) -> None:
    # More calls in flight than the client keeps recent tokens of: each attempt still redacts
    # the token it sent, whatever was issued since.
    tokens = Tokens()

    async def main() -> list[BaseException | object]:
        async with AsyncClient(api_key=tokens, base_url=echo_200.base_url) as client:
            calls = [client.runs.list("eval_1") for _ in range(80)]
            return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(main())
    assert len(tokens.issued) == 80
    for result in results:
        assert isinstance(result, APIResponseValidationError)
        _assert_hidden(result, tokens.issued)


# -- the small-tree size check --------------------------------------------------------------------


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**60, max_value=2**600)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


def _json_size(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(value=JSON_VALUES, slack=st.integers(min_value=-300, max_value=20))
def test_the_small_tree_walk_refuses_what_the_level_pass_refuses_and_nothing_that_fits(
    value: object, slack: int
) -> None:
    limit = max(_json_size(value) + slack, 0)
    small = _small_tree_verdict(value, limit)
    if small is not None:
        assert small is False or _quick_verdict(value, limit) is not False
        assert small is True or _json_size(value) > limit


def test_a_small_tree_of_huge_numbers_is_refused_before_any_digit_is_written() -> None:
    huge = 1 << 10_000_000  # about 3 million digits, one object (1.25 MB)
    with pytest.raises(InvalidRequestError, match="more than 52,428,800 bytes"):
        check_json_size("data_source", {"items": [huge] * 20})  # 60 MB of digits


# -- NaN and other values JSON has not -------------------------------------------------------------


def _run_with_item(value: object) -> dict[str, object]:
    content = [{"item": {"x": value}}]
    source = {"type": "jsonl", "source": {"type": "file_content", "content": content}}
    return dict(RUN, data_source=source)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_run_holding_nan_is_written_by_to_json_not_refused(constant: str) -> None:
    # Python's decoder takes these (a run holding one parses: tests/fuzz_corpus), so to_json must
    # write them rather than raise json's bare ValueError.
    run = _run_with_item("HOLE")
    page = {"object": "list", "data": [run], "first_id": None, "last_id": None, "has_more": False}

    def answer(conn: socket.socket, head: bytes) -> None:
        document = run if head.startswith(b"POST") else page
        body = json.dumps(document).replace('"HOLE"', constant).encode()
        status = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        conn.sendall(status + b"Content-Length: %d\r\n\r\n" % len(body) + body)

    source = {"type": "jsonl", "source": {"type": "file_id", "id": "f"}}
    with RawServer(answer) as raw, Client(api_key="sk-x", base_url=raw.base_url) as client:
        listed = client.runs.list("eval_1")
        created = client.runs.create("eval_1", data_source=source)
    for text in (listed.to_json(), listed.data[0].to_json(indent=None), created.to_json()):
        assert not math.isfinite(_item_of(json.loads(text))["x"])


def _item_of(document: dict[str, Any]) -> dict[str, Any]:
    run = document["data"][0] if "data" in document else document
    return run["data_source"]["source"]["content"][0]["item"]  # type: ignore[no-any-return]


def test_to_json_of_a_run_holding_a_lone_surrogate_can_be_written_as_utf8() -> None:
    # Half an emoji, escaped: valid JSON, and such a run parses; the text to_json gives must
    # still be writable to a file (UTF-8) and read back to the same run.
    run = dict(RUN, name="half \ud83d an emoji, é")
    page = {"object": "list", "data": [run], "first_id": None, "last_id": None, "has_more": False}
    body = json.dumps(page).encode()

    def answer(conn: socket.socket, head: bytes) -> None:
        conn.sendall(_reply("200 OK", body, "Content-Type: application/json"))

    with RawServer(answer) as raw, Client(api_key="sk-x", base_url=raw.base_url) as client:
        listed = client.runs.list("eval_1")
    for text in (listed.to_json(), listed.data[0].to_json(indent=None)):
        again = json.loads(text.encode("utf-8"))
        assert again.get("data", [again])[0]["name"] == "half \ud83d an emoji, é"
        assert "é" in text  # other non-ASCII kept as is
    assert EvalRun.from_dict(json.loads(listed.data[0].to_json())) == listed.data[0]


def test_from_dict_refuses_what_to_json_could_not_write() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        EvalRun.from_dict(_run_with_item(datetime.datetime(2026, 1, 1)))
    assert caught.value.argument == "data" and "JSON" in str(caught.value)
    run = EvalRun.from_dict(_run_with_item(0.5))
    assert EvalRun.from_dict(json.loads(run.to_json())) == run


# -- a base URL with a query or fragment -----------------------------------------------------------


@pytest.mark.parametrize("tail", ["?x=1", "?", "#frag", "/?x=1"])
def test_a_base_url_with_a_query_or_fragment_is_refused_not_sent_to_the_wrong_path(
    server: FakeEvalsServer, eval_id: str, tail: str
) -> None:
    # The request paths are appended to the base URL: after "?x=1" they went into the query, and
    # every call was a 404 for GET /v1.
    with pytest.raises(InvalidRequestError) as caught:
        Client(api_key=server.api_key, base_url=server.base_url + tail).runs.list(eval_id)
    assert caught.value.argument == "base_url" and "query" in str(caught.value)
    with pytest.raises(InvalidRequestError) as caught:
        AzureClient(
            azure_endpoint=server.azure_endpoint + tail, api_version="v", api_key=server.api_key
        ).runs.list(eval_id)
    assert caught.value.argument == "azure_endpoint"
    assert len(server.requests) == 0


# -- with_options(default_headers=...) as openai-python's copy -------------------------------------


def test_with_options_adds_default_headers_and_query_to_the_clients_as_openai_python(
    server: FakeEvalsServer, eval_id: str
) -> None:
    # openai-python's copy(default_headers=...) merges them into the client's own (its
    # set_default_headers= replaces them): a copy adding a trace header must keep the others.
    with Client(
        api_key=server.api_key,
        base_url=server.base_url,
        default_headers={"X-Gateway": "g", "X-Trace": "old"},
        default_query={"team": "a", "n": 1},
    ) as client:
        copy = client.with_options(default_headers={"x-trace": "new"}, default_query={"n": 2})
        copy.runs.list(eval_id)
        replaced = client.copy(set_default_headers={"X-Only": "1"}, set_default_query={})
        replaced.runs.list(eval_id)
        kept = client.with_options(default_headers=None, max_retries=0)
        kept.runs.list(eval_id)
        with pytest.raises(InvalidRequestError, match="mutually exclusive"):
            client.with_options(default_query={"a": "b"}, set_default_query={"c": "d"})
    first, second, third = server.requests
    assert (first.headers["x-gateway"], first.headers["x-trace"]) == ("g", "new")
    assert first.query == "team=a&n=2"
    assert second.headers["x-only"] == "1" and "x-gateway" not in second.headers
    assert second.query == ""
    assert (third.headers["x-trace"], third.query) == ("old", "team=a&n=1")


def test_azure_with_options_adds_default_headers_too(server: FakeEvalsServer, eval_id: str) -> None:
    with AzureClient(
        azure_endpoint=server.azure_endpoint,
        api_version="v1",
        api_key=server.api_key,
        default_headers={"X-Gateway": "g"},
    ) as client:
        client.with_options(default_headers={"X-Trace": "t"}).runs.list(eval_id)
    (received,) = server.requests
    assert (received.headers["x-gateway"], received.headers["x-trace"]) == ("g", "t")
    assert received.query == "api-version=v1"
