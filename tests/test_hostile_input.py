"""Hostile caller input: ids that try to move the request elsewhere, headers that try to add
headers, data sources that contain themselves or expand enormously. Each is either refused with
InvalidRequestError before anything is sent, or sent safely: the raw request target the
FakeEvalsServer received shows exactly where it went.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_evals_runs import Client, InvalidRequestError, NotFoundError
from openai_evals_runs._config import MAX_REQUEST_BYTES
from openai_evals_runs._text import is_unsafe
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
    # Invisible and control characters beyond ASCII, by Unicode category (Cc, Cf, Zl, Zp, Co).
    pytest.param("eval\x85x", id="c1-nel"),
    pytest.param("eval\x9b31m", id="c1-csi"),
    pytest.param("eval_\u202eabc", id="bidi-override"),
    pytest.param("eval_\u2066abc", id="bidi-isolate"),
    pytest.param("eval\u2028x", id="line-separator"),
    pytest.param("eval\u2029x", id="paragraph-separator"),
    pytest.param("eval\u200bx", id="zero-width-space"),
    pytest.param("eval\u200dx", id="zero-width-joiner"),
    pytest.param("\ufeffeval", id="bom"),
    pytest.param("eval\ue000", id="private-use"),
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
        or any(is_unsafe(char) for char in value)
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


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("eval\x85x", "U+0085 at position 4"),
        ("eval_\u202eabc", "U+202E RIGHT-TO-LEFT OVERRIDE at position 5"),
        ("eval\u2028x", "U+2028 LINE SEPARATOR"),
        ("eval\u200bx", "U+200B ZERO WIDTH SPACE"),
        ("a\x1b[31m", "U+001B at position 1"),
    ],
)
def test_a_refused_id_names_the_character(client: Client, value: str, named: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.list(value)
    assert named in str(caught.value)
    assert "invisible or control" in str(caught.value)
    assert value not in str(caught.value)  # the message itself shows no raw control character


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


def test_a_refused_header_value_names_the_character(client: Client, eval_id: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.list(eval_id, extra_headers={"X-Trace": "a\u2028b"})
    assert "U+2028 LINE SEPARATOR" in str(caught.value)
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.list(eval_id, extra_headers={"X-Trace": "a\x1bb"})
    assert "U+001B" in str(caught.value)


# -- circular and exploding data sources -----------------------------------------------------------
# Each is refused with InvalidRequestError before anything is sent. A hang would be caught by the
# per-test timeout (no timed asserts); memory is measured in a child process below.


def _file_content(item: object) -> dict[str, Any]:
    return {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": item}]}}


def _self_containing_dict() -> dict[str, Any]:
    data_source = _file_content({"question": "q"})
    data_source["source"]["content"][0]["item"]["again"] = data_source
    return data_source


def _self_containing_list() -> dict[str, Any]:
    loop: list[Any] = [1]
    loop.append(loop)
    return _file_content({"loop": loop})


def _self_containing_item() -> dict[str, Any]:
    item: dict[str, Any] = {"question": "q"}
    item["nested"] = {"deeper": [item]}
    return _file_content(item)


def _doubled(times: int) -> list[Any]:
    """`l = [l, l]` `times` times: 2**times leaves, a few hundred bytes of memory."""
    value: list[Any] = []
    for _ in range(times):
        value = [value, value]
    return value


CYCLES = [
    pytest.param(_self_containing_dict, "data_source.source.content[0].item.again", id="dict"),
    pytest.param(_self_containing_list, "data_source.source.content[0].item.loop[1]", id="list"),
    pytest.param(
        _self_containing_item,
        "data_source.source.content[0].item.nested.deeper[0]",
        id="item",
    ),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize(("make", "path"), CYCLES)
def test_a_circular_data_source_is_refused_before_sending(
    client: Client, eval_id: str, sent: Callable[[], int], make: Callable[[], Any], path: str
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.create(eval_id, data_source=make())
    assert caught.value.argument == path
    assert "circular reference" in str(caught.value)
    assert sent() == 0


@pytest.mark.timeout(20)
def test_a_circular_metadata_is_refused_before_sending(
    client: Client, eval_id: str, sent: Callable[[], int]
) -> None:
    metadata: dict[str, Any] = {"a": "b"}
    metadata["self"] = metadata
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.create(eval_id, data_source=DATA_SOURCE, metadata=metadata)
    assert caught.value.argument == "metadata.self"
    assert sent() == 0


@pytest.mark.timeout(20)
@pytest.mark.parametrize("where", ["data_source", "metadata"])
def test_shared_parts_that_expand_enormously_are_refused_before_sending(
    client: Client, eval_id: str, sent: Callable[[], int], where: str
) -> None:
    exploding = _doubled(26)  # 2**26 leaves: about 400 MB of JSON
    arguments: dict[str, Any] = (
        {"data_source": _file_content({"x": exploding})}
        if where == "data_source"
        else {"data_source": DATA_SOURCE, "metadata": {"x": exploding}}
    )
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.create(eval_id, **arguments)
    assert caught.value.argument.startswith(where)
    assert f"more than {MAX_REQUEST_BYTES:,} bytes as JSON" in str(caught.value)
    assert sent() == 0


@pytest.mark.timeout(60)
def test_a_plain_data_source_over_the_cap_is_refused_before_sending(
    client: Client, eval_id: str, sent: Callable[[], int]
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client.runs.create(eval_id, data_source=_file_content({"text": "x" * MAX_REQUEST_BYTES}))
    assert caught.value.argument == "data_source"
    assert "more than" in str(caught.value)
    assert sent() == 0


def test_shared_parts_within_the_cap_are_sent_in_full(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    """Control: sharing is legal; a shared part is sent at each place it appears."""
    template = {"role": "user", "content": "shared"}
    items = [{"item": {"messages": [template, template], "n": n}} for n in range(3)]
    data_source = {"type": "jsonl", "source": {"type": "file_content", "content": items}}
    client.runs.create(eval_id, data_source=data_source)
    (request,) = server.requests
    assert json.loads(request.body)["data_source"]["source"]["content"][2]["item"]["messages"] == [
        template,
        template,
    ]


# Peak memory of refusing a 2**26-leaf shared structure, in a fresh interpreter capped at 1 GiB of
# address space, so a client that expands it fails fast instead of eating the machine.
_MEMORY_PROBE = """
import json, resource, sys
from openai_evals_runs import Client, InvalidRequestError
limit = 1 << 30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
value = []
for _ in range(26):
    value = [value, value]
source = {"type": "file_content", "content": [{"item": {"x": value}}]}
data_source = {"type": "jsonl", "source": source}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with Client(api_key="sk-probe", base_url="http://127.0.0.1:9/v1", max_retries=0) as client:
    try:
        client.runs.create("eval_1", data_source=data_source)
        outcome = "sent"
    except InvalidRequestError:
        outcome = "refused"
    except MemoryError:
        outcome = "out of memory"
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "grown_kib": after - before}))
"""


@pytest.mark.timeout(90)
def test_refusing_an_exploding_data_source_costs_little_memory() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    probe = json.loads(result.stdout)
    assert probe["outcome"] == "refused"
    assert probe["grown_kib"] < 20 * 1024, probe  # peak RSS grew by less than 20 MiB
