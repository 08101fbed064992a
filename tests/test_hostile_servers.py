"""Servers that misbehave on purpose, as raw sockets on 127.0.0.1: huge, endless, compressed,
dripping, redirecting, corrupt or key-echoing answers. Each must end in a typed error, within its
bounds of memory and time, and never spell the key.

Memory is measured in a child process (its peak RSS), so one test's allocations cannot hide in
another's.
"""

from __future__ import annotations

import functools
import json
import socket
import subprocess
import sys
import textwrap
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterator

import httpx
import pytest

from openai_evals_runs import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncClient,
    Client,
    InternalServerError,
)

KEY = "sk-hostile-servers-0123456789"
RUN = {
    "object": "eval.run",
    "id": "evalrun_1",
    "eval_id": "eval_1",
    "status": "queued",
    "model": "m",
    "name": "n",
    "created_at": 1,
    "report_url": "https://example.invalid/r",
    "result_counts": {"total": 0, "errored": 0, "failed": 0, "passed": 0},
    "per_model_usage": None,
    "per_testing_criteria_results": None,
    "data_source": {"type": "jsonl", "source": {"type": "file_id", "id": "f"}},
    "metadata": None,
    "error": None,
}
PAGE = json.dumps(
    {
        "object": "list",
        "data": [RUN],
        "first_id": "evalrun_1",
        "last_id": "evalrun_1",
        "has_more": False,
    }
).encode()
Handler = Callable[[socket.socket, bytes], None]


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each (after reading the request head and body)
    to `handler`, which writes whatever bytes it likes. Counts the requests it saw."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[bytes] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    head += chunk
                header, _, body = head.partition(b"\r\n\r\n")
                length = 0
                for line in header.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(body) < length:
                    body += conn.recv(65536)
                self.requests.append(header)
                self.handler(conn, header)
            except OSError:
                return

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()


def _reply(status: str, body: bytes, *headers: str) -> bytes:
    # One request per connection (the server closes it after answering), and says so.
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close", *headers]
    lines += ["", ""]
    return "\r\n".join(lines).encode() + body


def _send(reply: bytes) -> Handler:
    def handler(conn: socket.socket, head: bytes) -> None:
        conn.sendall(reply)

    return handler


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        server = RawServer(handler).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__()


def _client(server: RawServer, **options: object) -> Client:
    return Client(api_key=KEY, base_url=server.base_url, max_retries=0, **options)  # type: ignore[arg-type]


# -- size ----------------------------------------------------------------------------------------


def test_a_body_over_the_cap_is_refused_naming_the_limit(
    serve: Callable[[Handler], RawServer],
) -> None:
    big = b'{"pad": "' + b"x" * 300_000 + b'"}'
    server = serve(_send(_reply("200 OK", big, "Content-Type: application/json")))
    with (
        _client(server, max_response_bytes=100_000) as client,
        pytest.raises(
            APIResponseValidationError,
            match=r"larger than the 100,000-byte limit \(max_response_bytes\)",
        ),
    ):
        client.runs.list("eval_1")
    assert len(server.requests) == 1  # refused, not retried


def test_the_default_cap_reads_a_page_of_many_runs(serve: Callable[[Handler], RawServer]) -> None:
    runs = [dict(RUN, id=f"evalrun_{i}") for i in range(100)]
    body = json.dumps(
        {
            "object": "list",
            "data": runs,
            "first_id": "evalrun_0",
            "last_id": "evalrun_99",
            "has_more": False,
        }
    ).encode()
    server = serve(_send(_reply("200 OK", body)))
    with _client(server) as client:
        assert len(client.runs.list("eval_1", limit=100).data) == 100


MEMORY_PROBE = textwrap.dedent(
    """
    import sys
    from openai_evals_runs import Client, APIResponseValidationError
    try:
        Client(api_key="sk-x", base_url=sys.argv[1], max_retries=0).runs.list("eval_1", timeout=30)
    except APIResponseValidationError as exc:
        print("refused:", str(exc)[:120])
    # VmHWM: this process's own peak (ru_maxrss would include the forking test worker's).
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print("peak_kb", peak)
    """
)


def _peak_kb_of_a_listing(base_url: str) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, base_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    return lines[0], int(lines[-1].split()[1])


def _endless_chunks(conn: socket.socket, head: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 1_000_000
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    deadline = time.monotonic() + 60  # bounded: the client hangs up long before
    while time.monotonic() < deadline:
        conn.sendall(framed)


def _huge_content_length(conn: socket.socket, head: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 300000000\r\n\r\n")
    chunk = b"x" * 1_000_000
    for _ in range(300):
        conn.sendall(chunk)


@functools.cache
def _bomb() -> bytes:
    # 256 MiB of zeros in one gzip member, about 1 MB on the wire: four times the cap. (Built
    # in steps: compressing 1 GiB here would cost the suite seconds for no stronger proof.)
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    zeros = b"\0" * (4 * 1024 * 1024)
    return b"".join([*(compressor.compress(zeros) for _ in range(64)), compressor.flush()])


def _gzip_bomb(conn: socket.socket, head: bytes) -> None:
    conn.sendall(_reply("200 OK", _bomb(), "Content-Encoding: gzip"))


@pytest.mark.parametrize(
    "handler", [_endless_chunks, _huge_content_length, _gzip_bomb], ids=lambda h: h.__name__
)
def test_huge_endless_or_inflating_bodies_stop_at_the_cap_in_bounded_memory(
    serve: Callable[[Handler], RawServer], handler: Handler
) -> None:
    server = serve(handler)
    started = time.monotonic()
    verdict, peak_kb = _peak_kb_of_a_listing(server.base_url)
    assert verdict.startswith("refused: invalid response: body larger than the 67,108,864-byte")
    # The cap (64 MiB) plus the interpreter and httpx: far below the 300 MB / 1 GiB sent.
    assert peak_kb < 250_000, peak_kb
    assert time.monotonic() - started < 60


# -- time ----------------------------------------------------------------------------------------


def _drip(conn: socket.socket, head: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(200):  # 100 s at most, the client gives up after ~1 s
        conn.sendall(b" ")
        time.sleep(0.5)


def test_a_dripping_body_is_cut_at_the_attempts_deadline(
    serve: Callable[[Handler], RawServer],
) -> None:
    server = serve(_drip)
    started = time.monotonic()
    with _client(server) as client, pytest.raises(APITimeoutError):
        client.runs.list("eval_1", timeout=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 4, elapsed  # one attempt: its 1 s deadline plus one 0.5 s drip


def test_each_retry_gets_its_own_deadline(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(_drip)
    started = time.monotonic()
    with (
        Client(api_key=KEY, base_url=server.base_url, max_retries=1) as client,
        pytest.raises(APITimeoutError, match="after 2 attempts"),
    ):
        client.runs.list("eval_1", timeout=1.0)
    assert len(server.requests) == 2
    assert time.monotonic() - started < 8


def test_the_async_client_cuts_a_dripping_body_too(serve: Callable[[Handler], RawServer]) -> None:
    import asyncio

    server = serve(_drip)

    async def main() -> None:
        async with AsyncClient(api_key=KEY, base_url=server.base_url, max_retries=0) as client:
            await client.runs.list("eval_1", timeout=1.0)

    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        asyncio.run(main())
    assert time.monotonic() - started < 4


# -- redirects, closed clients, corrupt bodies -----------------------------------------------------


def test_redirects_are_not_followed_even_by_a_following_http_client(
    serve: Callable[[Handler], RawServer],
) -> None:
    other = serve(_send(_reply("200 OK", PAGE)))
    redirect = _reply(
        "307 Temporary Redirect", b"", f"Location: {other.base_url}/evals/eval_1/runs"
    )
    server = serve(_send(redirect))
    http = httpx.Client(follow_redirects=True)
    with (
        Client(
            api_key=KEY,
            base_url=server.base_url,
            http_client=http,
            organization="org-secret",
            default_headers={"X-Custom-Key": "custom-secret"},
            max_retries=0,
        ) as client,
        pytest.raises(APIStatusError) as caught,
    ):
        client.runs.list("eval_1")
    http.close()
    assert caught.value.status_code == 307
    assert "redirect to" in str(caught.value)
    assert "not followed" in str(caught.value)
    assert other.requests == []  # nothing, and so no header, reached the other host


def test_a_call_on_a_closed_client_is_a_typed_error(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(_send(_reply("200 OK", PAGE)))
    client = _client(server)
    client.close()
    with pytest.raises(APIConnectionError, match="client was closed"):
        client.runs.list("eval_1")
    assert server.requests == []


def test_a_corrupt_gzip_body_is_an_invalid_response_not_a_connection_error(
    serve: Callable[[Handler], RawServer],
) -> None:
    server = serve(
        _send(_reply("200 OK", b"\x1f\x8b\x08\x00garbage-not-gzip", "Content-Encoding: gzip"))
    )
    with (
        Client(api_key=KEY, base_url=server.base_url, max_retries=2) as client,
        pytest.raises(
            APIResponseValidationError, match=r"could not be decoded \(content encoding gzip\)"
        ),
    ):
        client.runs.list("eval_1")
    assert len(server.requests) == 1  # a corrupt body is not retried


# -- the key, echoed back --------------------------------------------------------------------------


def test_a_key_echoed_in_the_reason_phrase_and_request_id_never_shows(
    serve: Callable[[Handler], RawServer], caplog: pytest.LogCaptureFixture
) -> None:
    echo = _reply(
        f"500 Oops {KEY}",
        json.dumps({"error": {"message": f"bad {KEY}"}}).encode(),
        f"x-request-id: req-{KEY}",
        "Content-Type: application/json",
    )
    server = serve(_send(echo))
    caplog.set_level("DEBUG", logger="openai_evals_runs")
    with (
        Client(api_key=KEY, base_url=server.base_url, max_retries=1) as client,
        pytest.raises(InternalServerError) as caught,
    ):
        client.runs.list("eval_1", extra_headers={"retry-after-ms": "1"}, timeout=5)
    error = caught.value
    shown = [str(error), repr(error), str(error.request_id), str(error.body), caplog.text]
    for text in shown:
        assert KEY not in text
    assert "[redacted]" in str(error)
    assert error.request_id == "req-[redacted]"


def test_tracebacks_with_locals_never_spell_the_key(serve: Callable[[Handler], RawServer]) -> None:
    server = serve(_send(_reply("404 Not Found", b'{"error": {"message": "no"}}')))
    texts = []
    for attempt in (
        lambda: Client(api_key=KEY, base_url=server.base_url, max_retries=0).runs.list("eval_1"),
        lambda: Client(api_key=KEY, base_url="ftp://nowhere"),
        lambda: Client(api_key=KEY + "\n"),
        lambda: Client(api_key=KEY, base_url="http://127.0.0.1:9/v1", max_retries=0).runs.list("e"),
    ):
        try:
            attempt()
        except Exception as exc:
            rendered = traceback.TracebackException.from_exception(exc, capture_locals=True)
            texts.append("".join(rendered.format()))
        else:
            pytest.fail("expected a failure")
    for text in texts:
        assert KEY not in text, text[-2000:]


def test_a_base_url_with_credentials_is_refused_without_showing_them() -> None:
    from openai_evals_runs import InvalidRequestError

    with pytest.raises(InvalidRequestError, match="must not hold credentials") as caught:
        Client(api_key=KEY, base_url="http://user:hunter2@127.0.0.1:9/v1")
    assert "hunter2" not in str(caught.value)
    assert "[redacted]" in str(caught.value)


# -- pagination ------------------------------------------------------------------------------------


def _endless_pages() -> Handler:
    count = iter(range(10**9))

    def handler(conn: socket.socket, head: bytes) -> None:
        run_id = f"evalrun_{next(count)}"
        page = {
            "object": "list",
            "data": [dict(RUN, id=run_id)],
            "first_id": run_id,
            "last_id": run_id,
            "has_more": True,
        }
        conn.sendall(_reply("200 OK", json.dumps(page).encode()))

    return handler


def test_max_pages_bounds_a_server_that_always_has_more(
    serve: Callable[[Handler], RawServer],
) -> None:
    server = serve(_endless_pages())
    with _client(server) as client:
        first = client.runs.list("eval_1")
        pages = list(first.iter_pages(max_pages=5))
    assert [page.data[0].id for page in pages] == [f"evalrun_{n}" for n in range(5)]
    assert len(server.requests) == 5  # the sixth page is never asked for


def test_async_max_pages_bounds_it_too(serve: Callable[[Handler], RawServer]) -> None:
    import asyncio

    server = serve(_endless_pages())

    async def main() -> list[str]:
        async with AsyncClient(api_key=KEY, base_url=server.base_url, max_retries=0) as client:
            return [
                page.data[0].id async for page in client.runs.list("eval_1").iter_pages(max_pages=3)
            ]

    assert asyncio.run(main()) == ["evalrun_0", "evalrun_1", "evalrun_2"]
    assert len(server.requests) == 3


@pytest.mark.parametrize("max_pages", [0, -1, 1.5, True, "2"])
def test_max_pages_must_be_a_positive_integer(
    serve: Callable[[Handler], RawServer], max_pages: object
) -> None:
    from openai_evals_runs import InvalidRequestError

    server = serve(_send(_reply("200 OK", PAGE)))
    with _client(server) as client:
        page = client.runs.list("eval_1")
        with pytest.raises(InvalidRequestError, match="max_pages: must be a positive integer"):
            list(page.iter_pages(max_pages=max_pages))  # type: ignore[arg-type]


def test_a_server_cursor_that_is_not_an_id_is_an_invalid_response(
    serve: Callable[[Handler], RawServer],
) -> None:
    page = {
        "object": "list",
        "data": [dict(RUN, id="x/../admin")],
        "first_id": "x/../admin",
        "last_id": "x/../admin",
        "has_more": True,
    }
    server = serve(_send(_reply("200 OK", json.dumps(page).encode())))
    with _client(server) as client:
        first = client.runs.list("eval_1")
        with pytest.raises(APIResponseValidationError, match="next-page cursor") as caught:
            first.next_page()
    assert "x/../admin" in str(caught.value)
    assert len(server.requests) == 1  # the bad cursor was never sent
