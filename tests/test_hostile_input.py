"""Hostile caller input: ids that try to move the request elsewhere, headers that try to add
headers. Each is either refused with InvalidRequestError before anything is sent, or sent safely:
the raw request target the FakeEvalsServer received shows exactly where it went.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_evals_runs import Client, InvalidRequestError, NotFoundError
from openai_evals_runs.testing import FakeEvalsServer

DATA_SOURCE = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
# What may appear in a path segment the client built: unreserved characters and %XX escapes.
SAFE_SEGMENT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%")

# -- ids in the path and the cursor ---------------------------------------------------------------

REJECTED_IDS = [
    pytest.param("..", id="dotdot"),
    pytest.param(".", id="dot"),
    pytest.param("a/b", id="slash"),
    pytest.param("/", id="only-slash"),
    pytest.param("../other", id="dotdot-slash"),
    pytest.param("a\\b", id="backslash"),
    pytest.param("%2e%2e", id="pct-dotdot"),
    pytest.param("%2E%2E", id="pct-dotdot-upper"),
    pytest.param(".%2e", id="dot-pct-dot"),
    pytest.param("%2E.", id="pct-dot-dot"),
    pytest.param("%2e", id="pct-dot"),
    pytest.param("a\r\nX-Evil: 1", id="crlf"),
    pytest.param("a\rb", id="cr"),
    pytest.param("a\nb", id="lf"),
    pytest.param("a\x00b", id="nul"),
    pytest.param("a\x7fb", id="del"),
    pytest.param("\t", id="tab"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("x" * 513, id="513-chars"),
    pytest.param("x" * 10_000, id="10k-chars"),
    pytest.param(
        "eval_\ud800",
        id="lone-surrogate",
    ),
]

# Accepted ids and the exact path segment they must arrive as.
ACCEPTED_IDS = [
    pytest.param("?x=y", "%3Fx%3Dy", id="query"),
    pytest.param("#", "%23", id="fragment"),
    pytest.param("a#b?c=d&e", "a%23b%3Fc%3Dd%26e", id="fragment-query"),
    pytest.param("%2F", "%252F", id="pct-slash"),
    pytest.param("%2e%2e%2f", "%252e%252e%252f", id="pct-dotdot-slash"),
    pytest.param("%252e%252e", "%25252e%25252e", id="double-pct-dotdot"),
    pytest.param("%", "%25", id="percent"),
    pytest.param("...", "...", id="three-dots"),
    pytest.param("é中😀", "%C3%A9%E4%B8%AD%F0%9F%98%80", id="unicode"),
    pytest.param("\u2024\u2024", "%E2%80%A4%E2%80%A4", id="one-dot-leaders"),
    pytest.param("\uff0f", "%EF%BC%8F", id="fullwidth-slash"),
    pytest.param("a b+c;d", "a%20b%2Bc%3Bd", id="space-plus-semicolon"),
    pytest.param("a:b@c", "a%3Ab%40c", id="userinfo"),
    pytest.param("x" * 512, "x" * 512, id="512-chars"),
]


# One server for the module (these tests only read what it received): the conftest fixtures
# `server`, `eval_id` and `client` are overridden with module-scoped ones.
@pytest.fixture(scope="module")
def server() -> Iterator[FakeEvalsServer]:
    with FakeEvalsServer() as running:
        yield running


@pytest.fixture(scope="module")
def eval_id(server: FakeEvalsServer) -> str:
    return server.create_eval(name="hostile input")


@pytest.fixture(scope="module")
def client(server: FakeEvalsServer) -> Iterator[Client]:
    with Client(api_key=server.api_key, base_url=server.base_url, max_retries=0) as api:
        yield api


@pytest.fixture(autouse=True)
def _fresh_request_log(server: FakeEvalsServer) -> None:
    server.requests.clear()


@pytest.fixture
def sent(server: FakeEvalsServer) -> Callable[[], int]:
    """How many requests the server received since the test started."""
    return lambda: len(server.requests)


def _call(client: Client, op: str, eval_id: str, **kwargs: Any) -> Any:
    if op == "list":
        return client.runs.list(eval_id, **kwargs)
    return client.runs.create(eval_id, data_source=DATA_SOURCE, **kwargs)


@pytest.mark.parametrize("op", ["list", "create"])
@pytest.mark.parametrize("value", REJECTED_IDS)
def test_hostile_eval_id_is_rejected_before_sending(
    client: Client, sent: Callable[[], int], op: str, value: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        _call(client, op, value)
    assert caught.value.argument == "eval_id"
    assert sent() == 0


@pytest.mark.parametrize("value", REJECTED_IDS)
def test_hostile_after_is_rejected_before_sending(
    client: Client, eval_id: str, sent: Callable[[], int], value: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.list(eval_id, after=value)
    assert caught.value.argument == "after"
    assert sent() == 0


@pytest.mark.parametrize("op", ["list", "create"])
@pytest.mark.parametrize(("value", "segment"), ACCEPTED_IDS)
def test_accepted_eval_id_stays_one_encoded_path_segment(
    server: FakeEvalsServer, client: Client, op: str, value: str, segment: str
) -> None:
    with pytest.raises(NotFoundError):  # no such eval: what matters is where it was asked
        _call(client, op, value)
    (request,) = server.requests
    assert request.method == ("GET" if op == "list" else "POST")
    assert request.path == f"/v1/evals/{segment}/runs"
    assert request.query == ""  # nothing of the id became a query


@pytest.mark.parametrize(("value", "segment"), ACCEPTED_IDS)
def test_accepted_after_stays_one_query_value(
    server: FakeEvalsServer, client: Client, eval_id: str, value: str, segment: str
) -> None:
    server.seed_runs(eval_id, 1)
    with pytest.raises(Exception) as caught:  # noqa: PT011  # an unknown cursor: 400
        client.runs.list(eval_id, after=value)
    assert getattr(caught.value, "status_code", None) == 400, repr(caught.value)
    (request,) = server.requests
    assert request.path == f"/v1/evals/{eval_id}/runs"
    assert parse_qsl(request.query, keep_blank_values=True) == [("after", value)]


def _refusal(server: FakeEvalsServer, eval_id: str) -> InvalidRequestError | None:
    """The InvalidRequestError of listing `eval_id`, or None when it was sent (and not found)."""
    with Client(api_key=server.api_key, base_url=server.base_url, max_retries=0) as client:
        try:
            client.runs.list(eval_id)
        except InvalidRequestError as error:
            return error
        except NotFoundError:
            return None
    raise AssertionError(f"an unknown eval was found: {eval_id!r}")


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    value=st.text(
        st.characters(codec="utf-8")
        | st.sampled_from(["/", "\\", ".", "%", "2", "e", "E", "f", "?", "#", "&", "="]),
        max_size=12,
    )
)
def test_any_eval_id_is_refused_or_lands_in_its_own_segment(
    server: FakeEvalsServer, value: str
) -> None:
    """For any text: InvalidRequestError with nothing sent, or one request whose path segment
    holds only safe characters and decodes back to the id. An id that would change the path
    (a slash, a dot segment, a control character) is never sent."""
    dangerous = (
        "/" in value
        or "\\" in value
        or unquote(value) in (".", "..")
        or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value)
        or not value.strip()
    )
    before = len(server.requests)
    refused = _refusal(server, value)
    if refused is not None:
        assert refused.argument == "eval_id"
        assert len(server.requests) == before
        return
    assert not dangerous, f"a dangerous id was sent: {value!r}"
    request = server.requests[before]
    assert request.path.startswith("/v1/evals/") and request.path.endswith("/runs")
    segment = request.path.removeprefix("/v1/evals/").removesuffix("/runs")
    assert set(segment) <= SAFE_SEGMENT, segment
    assert unquote(segment, errors="strict") == value
    assert request.query == ""


def test_plain_ids_are_accepted(server: FakeEvalsServer, client: Client) -> None:
    """The checks above must not refuse real ids (a client refusing everything passes them)."""
    fresh = server.create_eval(name="plain ids")
    run = client.runs.create(fresh, data_source=DATA_SOURCE)
    assert [listed.id for listed in client.runs.list(fresh)] == [run.id]
    assert client.runs.list(fresh, after=run.id).data == []
    assert [request.path for request in server.requests] == [f"/v1/evals/{fresh}/runs"] * 3
    assert parse_qsl(server.requests[2].query) == [("after", run.id)]


# -- header values ---------------------------------------------------------------------------------

CONTROL_VALUES = [
    pytest.param("abc\r\nX-Evil: 1", id="crlf-injection"),
    pytest.param("abc\nX-Evil: 1", id="lf-injection"),
    pytest.param("abc\rX-Evil: 1", id="cr"),
    pytest.param("abc\x00", id="nul"),
    pytest.param("abc\x7f", id="del"),
    pytest.param("abc\x1b[31m", id="escape"),
    pytest.param("abc\x0b\x0c", id="vt-ff"),
]
BUGGY_VALUES = [
    pytest.param("caf\u00e9", id="latin1"),
    pytest.param("\u4e2d", id="cjk"),
    pytest.param("a\x85b", id="nel"),
    pytest.param(
        "a\u2028b",
        id="line-separator",
    ),
    pytest.param(
        "a\ud800",
        id="lone-surrogate",
    ),
    pytest.param(" padded ", id="padded"),
]
HOSTILE_VALUES = CONTROL_VALUES + BUGGY_VALUES


def _with_header(server: FakeEvalsServer, eval_id: str, argument: str, value: str) -> None:
    """Make a call that carries `value` in the header `argument` names (max_retries=0)."""
    common: dict[str, Any] = {"api_key": server.api_key, "base_url": server.base_url}
    if argument == "extra_headers":
        with Client(**common, max_retries=0) as client:
            client.runs.list(eval_id, extra_headers={"X-Trace": value})
    elif argument == "idempotency_key":
        with Client(**common, max_retries=0) as client:
            client.runs.create(eval_id, data_source=DATA_SOURCE, idempotency_key=value)
    else:
        with Client(**common, max_retries=0, **{argument: value}) as client:
            client.runs.list(eval_id)


HEADER_ARGUMENTS = [
    "extra_headers",
    "idempotency_key",
    "default_headers",
    "organization",
    "project",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
@pytest.mark.parametrize("argument", HEADER_ARGUMENTS)
def test_hostile_header_value_is_rejected_before_sending(
    server: FakeEvalsServer, eval_id: str, sent: Callable[[], int], argument: str, value: str
) -> None:
    if argument == "default_headers":
        value_argument: Any = {"X-Trace": value}
        common = {"api_key": server.api_key, "base_url": server.base_url}
        with pytest.raises(InvalidRequestError) as caught:
            Client(**common, default_headers=value_argument)
    else:
        with pytest.raises(InvalidRequestError) as caught:
            _with_header(server, eval_id, argument, value)
    assert caught.value.argument.startswith(argument.replace("default_headers", "extra_headers"))
    assert sent() == 0


def _list_with_header_name(server: FakeEvalsServer, eval_id: str, where: str, name: str) -> None:
    common: dict[str, Any] = {"api_key": server.api_key, "base_url": server.base_url}
    if where == "default_headers":
        with Client(**common, max_retries=0, default_headers={name: "1"}) as client:
            client.runs.list(eval_id)
    else:
        with Client(**common, max_retries=0) as client:
            client.runs.list(eval_id, extra_headers={name: "1"})


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("X-Evil\r\nX-Other", id="crlf"),
        pytest.param("X-Evil:", id="colon"),
        pytest.param("X Evil", id="space"),
        pytest.param("", id="empty"),
        pytest.param("X\tEvil", id="tab"),
        pytest.param(
            "X-\u00e9",
            id="non-ascii",
        ),
    ],
)
@pytest.mark.parametrize("where", ["extra_headers", "default_headers"])
def test_hostile_header_name_is_rejected_before_sending(
    server: FakeEvalsServer, eval_id: str, sent: Callable[[], int], where: str, name: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        _list_with_header_name(server, eval_id, where, name)
    assert caught.value.argument.startswith("extra_headers")
    assert sent() == 0


@pytest.mark.parametrize("variable", ["OPENAI_ORG_ID", "OPENAI_PROJECT_ID"])
def test_hostile_header_from_the_environment_is_rejected(
    server: FakeEvalsServer, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "org\r\nX-Evil: 1")
    with pytest.raises(InvalidRequestError) as caught:
        Client(api_key=server.api_key, base_url=server.base_url)
    assert caught.value.argument in ("organization", "project")


def test_hostile_default_headers_in_with_options_are_rejected(
    server: FakeEvalsServer, client: Client
) -> None:
    with pytest.raises(InvalidRequestError):
        client.with_options(default_headers={"X-Trace": "a\r\nX-Evil: 1"})
    with pytest.raises(InvalidRequestError):
        client.with_options(organization="org\nX-Evil: 1")


def test_safe_header_values_arrive_intact(server: FakeEvalsServer, eval_id: str) -> None:
    """Control: values with inner spaces and tabs are legal and are sent as given."""
    with Client(
        api_key=server.api_key,
        base_url=server.base_url,
        organization="org a",
        project="proj\tb",
        default_headers={"X-Default": "d e"},
    ) as client:
        client.runs.create(
            eval_id,
            data_source=DATA_SOURCE,
            idempotency_key="key with spaces",
            extra_headers={"X-Trace": "t\tu v"},
        )
    (request,) = server.requests
    headers = request.headers
    assert headers["openai-organization"] == "org a"
    assert headers["openai-project"] == "proj\tb"
    assert headers["x-default"] == "d e"
    assert headers["x-trace"] == "t\tu v"
    assert headers["idempotency-key"] == "key with spaces"
    assert "x-evil" not in headers
