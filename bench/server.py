"""A minimal, fast Evals runs server for the benchmark, run in its own process.

Run as a script (`server.py [TOTAL LIMIT]` to pre-render eval_bench<TOTAL> in pages of LIMIT)
it serves HTTP/1.1 with keep-alive on 127.0.0.1 (a random port, printed on the
first line of stdout) until stdin closes or it is killed. `BenchServer` starts and always stops
it. It does only what the four clients need, from pre-rendered bytes, so its cost stays far
below any client's parse time:

- GET  /v1/evals/eval_bench<N>/runs?limit=&after=  a page of the eval's N runs (cursor
  pagination: `after` is the last id seen; ids are `evalrun_000000`...; limit capped at 100)
- POST /v1/evals/eval_bench<N>/runs                201 with a queued run (a fresh id each time)

It runs in a separate process so that serving never competes with the client for its GIL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import data  # noqa: E402

MAX_LIMIT = 100
# Rendered pages are kept up to this many bytes: a whole 10,000-run eval in pages of 100 fits
# (~27 MB), so repetitions are served from memory; beyond it pages are rendered each time
# (a 270 KB page takes well under a millisecond to join).
CACHE_BYTES = 64 * 1024 * 1024


class Renderer:
    """Builds response bodies by filling ids into the pre-rendered run template."""

    def __init__(self) -> None:
        self._listed = data.run_template(created=False)
        self._created = data.run_template(created=True)
        self._per_eval: dict[str, list[bytes]] = {}
        self._pages: dict[tuple[str, int, int], bytes] = {}
        self._cached_bytes = 0
        self._created_count = 0

    @staticmethod
    def _fill(template: list[bytes], eval_id: bytes) -> list[bytes]:
        # Fill the eval id once per eval and merge neighbouring literal pieces: what is left
        # alternates literal text and a run-id slot, so a run costs one join.
        pieces: list[bytes] = [b""]
        for index, piece in enumerate(template):
            if index % 2 == 0:
                pieces[-1] += piece
            elif piece == b"eval":
                pieces[-1] += eval_id
            else:  # a run-id slot
                pieces.append(b"")
        return pieces

    def page(self, eval_id: str, start: int, end: int, total: int) -> bytes:
        """The EvalRunList body of runs [start, end) of an eval holding `total` runs."""
        key = (eval_id, start, end)
        cached = self._pages.get(key)
        if cached is not None:
            return cached
        literal = self._per_eval.get(eval_id)
        if literal is None:
            literal = self._per_eval[eval_id] = self._fill(self._listed, eval_id.encode())
        ids = [data.run_id(index).encode() for index in range(start, end)]
        runs = [run_id.join(literal) for run_id in ids]
        first = b'"' + ids[0] + b'"' if ids else b"null"
        last = b'"' + ids[-1] + b'"' if ids else b"null"
        more = b"true" if end < total else b"false"
        body = b"".join(
            (
                b'{"object":"list","data":[',
                b",".join(runs),
                b'],"first_id":',
                first,
                b',"last_id":',
                last,
                b',"has_more":',
                more,
                b"}",
            )
        )
        if self._cached_bytes + len(body) <= CACHE_BYTES:
            self._pages[key] = body
            self._cached_bytes += len(body)
        return body

    def prerender(self, total: int, limit: int) -> None:
        """Render and cache every page of `limit` runs of eval_bench<total> ahead of time."""
        eval_id = data.eval_id(total)
        for start in range(0, total, limit):
            self.page(eval_id, start, min(start + limit, total), total)

    def created(self, eval_id: str) -> bytes:
        """A 201 EvalRun body with a run id never used before."""
        self._created_count += 1
        run_id = f"evalrun_new{self._created_count:06d}".encode()
        return run_id.join(self._fill(self._created, eval_id.encode()))


def _error(status: int, message: str) -> tuple[int, bytes]:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None}}
    return status, json.dumps(body).encode()


def route(renderer: Renderer, method: bytes, target: bytes) -> tuple[int, bytes]:
    """The status and JSON body answering one request."""
    parts = urlsplit(target.decode("latin-1"))
    segments = parts.path.split("/")
    # ["", "v1", "evals", "<eval_id>", "runs"]
    if len(segments) != 5 or segments[1:3] != ["v1", "evals"] or segments[4] != "runs":
        return _error(404, f"no route for {parts.path}")
    eval_id = unquote(segments[3])
    try:
        total = data.eval_size(eval_id)
    except ValueError:
        return _error(404, f"no eval {eval_id}")
    if method == b"POST":
        return 201, renderer.created(eval_id)
    if method != b"GET":
        return _error(405, "method not allowed")
    query = parse_qs(parts.query)
    try:
        limit = min(int(query.get("limit", ["20"])[0]), MAX_LIMIT)
        after = query.get("after")
        start = data.run_index(after[0]) + 1 if after else 0
    except ValueError:
        return _error(400, "bad limit or after")
    end = min(start + limit, total)
    return 200, renderer.page(eval_id, start, max(start, end), total)


_REASONS = {200: b"OK", 201: b"Created", 400: b"Bad Request", 404: b"Not Found", 405: b"No"}


async def _serve_connection(
    renderer: Renderer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # Header and body go out in one write anyway; no Nagle delay on small answers.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    count = 0
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            request_line, _, header_block = head.partition(b"\r\n")
            method, target, _ = request_line.split(b" ", 2)
            length = 0
            for line in header_block.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            status, body = route(renderer, method, target)
            count += 1
            writer.write(
                b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                b"x-request-id: req_bench_%d\r\n\r\n%s"
                % (status, _REASONS.get(status, b"Status"), len(body), count, body)
            )
            await writer.drain()
    finally:
        writer.close()


async def _main(prerender: list[int]) -> None:
    renderer = Renderer()
    if prerender:
        renderer.prerender(*prerender)
    server = await asyncio.start_server(
        lambda reader, writer: _serve_connection(renderer, reader, writer), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Stop when the parent goes away (stdin closes), even if it could not kill us.
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


class BenchServer:
    """The benchmark server in a child process; a context manager that always stops it."""

    def __init__(self, prerender: tuple[int, int] | None = None) -> None:
        """`prerender=(total, limit)` renders every page of that eval before serving, so even
        the first pass over it is served from memory."""
        self._process: subprocess.Popen[str] | None = None
        self._prerender = [] if prerender is None else [str(number) for number in prerender]
        self.port = 0

    @property
    def base_url(self) -> str:
        """The API root the clients use (paths under /v1), on 127.0.0.1."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> BenchServer:
        """Start the process and wait (at most 30 s) for its port."""
        self._process = subprocess.Popen(
            [sys.executable, str(BENCH / "server.py"), *self._prerender],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = _readline_within(self._process, 30.0)
        self.port = int(line)
        return self

    def stop(self) -> None:
        """Stop the process: close its stdin, then terminate, then kill."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            assert process.stdin is not None
            process.stdin.close()
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if process.stdout is not None:
            process.stdout.close()

    def __enter__(self) -> BenchServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _readline_within(process: subprocess.Popen[str], seconds: float) -> str:
    import selectors

    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(seconds):
            process.kill()
            raise RuntimeError("the benchmark server did not start")
    line = process.stdout.readline()
    if not line.strip():
        raise RuntimeError("the benchmark server exited before printing its port")
    return line


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main([int(argument) for argument in sys.argv[1:3]]))
