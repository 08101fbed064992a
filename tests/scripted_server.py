"""A tiny scriptable HTTP server on 127.0.0.1: answers with queued canned replies, records requests.

Used where a test needs a server to say something precise or wrong (odd bodies, status codes,
dropped connections); the stateful behaviour of the API is the job of FakeEvalsServer.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs
import pytest

from openai_evals_runs import Client


@attrs.frozen
class Reply:
    """One canned answer. `body` may be bytes, str or a JSON-able value; `action` may be
    "drop" (close without answering), "drop_mid_body" (send headers and half the body) or
    "stall" (wait `delay` seconds before answering)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = attrs.field(factory=dict)
    action: str | None = None
    delay: float = 0.0

    def encoded(self) -> bytes:
        """The body as bytes (JSON-encoded unless already bytes or str)."""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


@attrs.frozen
class Received:
    """One request as the server saw it; `path` is the raw request target from the wire."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


class ScriptedServer:
    """Answers each request with the next queued Reply (or `default`, or a 500 when none)."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.received: list[Received] = []
        self.default: Reply | Callable[[Received], Reply] | None = None
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as separate writes: without this each answer stalls ~40 ms.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                received = Received(self.command, self.path, dict(self.headers.items()), body)
                with server._lock:
                    server.received.append(received)
                    reply = server.replies.popleft() if server.replies else None
                if reply is None:
                    default = server.default
                    reply = default(received) if callable(default) else default
                if reply is None:
                    reply = Reply(500, {"error": {"message": "no scripted reply"}})
                # The client may give up first (a timeout test): nothing to report then.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server._answer(self, reply)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.action == "drop":
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        if reply.delay:
            time.sleep(reply.delay)
        payload = reply.encoded()
        handler.send_response(reply.status)
        headers = {"Content-Type": "application/json", **reply.headers}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if reply.action == "drop_mid_body":
            handler.wfile.write(payload[: len(payload) // 2])
            handler.wfile.flush()
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        handler.wfile.write(payload)

    @property
    def base_url(self) -> str:
        """Where the client should send requests (paths under /v1)."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def queue(self, *replies: Reply) -> None:
        """Queue replies, answered in order."""
        self.replies.extend(replies)

    def start(self) -> ScriptedServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def scripted_server() -> Iterator[ScriptedServer]:
    """A started ScriptedServer, stopped afterwards."""
    server = ScriptedServer().start()
    try:
        yield server
    finally:
        server.stop()


def run_body(
    run_id: str = "evalrun_1", *, status: str = "completed", **extra: Any
) -> dict[str, Any]:
    """A minimal valid EvalRun body (jsonl data source), for canned replies."""
    body: dict[str, Any] = {
        "object": "eval.run",
        "id": run_id,
        "eval_id": "eval_1",
        "status": status,
        "model": "gpt-4o-mini",
        "name": "run",
        "created_at": 1743092069,
        "report_url": "https://platform.openai.com/evaluations/eval_1?run_id=" + run_id,
        "result_counts": {"total": 2, "errored": 0, "failed": 1, "passed": 1},
        "per_model_usage": None,
        "per_testing_criteria_results": None,
        "data_source": {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}},
        "metadata": {},
        "error": None,
    }
    body.update(extra)
    return body


def list_body(run_ids: list[str], *, has_more: bool = False) -> dict[str, Any]:
    """An EvalRunList body holding minimal runs with the given ids."""
    return {
        "object": "list",
        "data": [run_body(run_id) for run_id in run_ids],
        "first_id": run_ids[0] if run_ids else None,
        "last_id": run_ids[-1] if run_ids else None,
        "has_more": has_more,
    }


TEST_KEY = "sk-test-scripted-0123456789abcdef"


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    """A started ScriptedServer (import this fixture into a test module to use it)."""
    with scripted_server() as server:
        yield server


@pytest.fixture
def scripted_client(scripted: ScriptedServer) -> Iterator[Client]:
    """A Client pointed at the scripted server, with fast retries available."""
    with Client(api_key=TEST_KEY, base_url=scripted.base_url, max_retries=2) as client:
        yield client
