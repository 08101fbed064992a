"""The wire: an HTTP/1.1 server that reads requests, applies faults and writes answers.

Routing, authentication and validation live in `_routes`; this module only moves bytes. Every
answer carries `x-request-id: req_<hex>`, `Content-Type` and an exact `Content-Length`, so clients
can keep connections alive.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import socketserver
import sys
import threading
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ._errors import error_body
from ._faults import Fault, FaultQueues
from ._recording import RecordedRequest, RequestLog
from ._routes import Routes, match, not_found

logger = logging.getLogger("openai_evals_runs.testing")

MAX_BODY_BYTES = 32 * 1024 * 1024
"""Larger request bodies are refused with 413 (the API's limit is of the same order)."""
_TOO_LARGE = f"Request body is larger than {MAX_BODY_BYTES} bytes."
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"[0-9a-fA-F]{1,16}")
IDLE_TIMEOUT = 30.0
"""Seconds an idle keep-alive connection is kept before its thread gives up on it."""


class App:
    """What the handlers share: routes, faults, the request log and the stop signal."""

    def __init__(self, routes: Routes, faults: FaultQueues, requests: RequestLog) -> None:
        self.routes = routes
        self.faults = faults
        self.requests = requests
        self.stopping = threading.Event()


class HTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its open connections, so `stop()` can cut them."""

    daemon_threads = True
    # Many clients connecting at once (the concurrency tests) overflow the default backlog of 5.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: App, *, ipv6: bool = False) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, a DNS lookup that can take seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def track(self, connection: socket.socket, *, active: bool) -> None:
        """Note a connection as open (`active`) or closed."""
        with self._connections_lock:
            if active:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A handler failed: a client that hung up early (after a timeout) is routine, anything
        else is a bug worth a traceback, in the log rather than on stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            logger.debug("connection from %s ended early: %r", client_address, error)
        else:
            logger.exception("FakeEvalsServer failed handling a request from %s", client_address)

    def close_connections(self) -> None:
        """Shut down every open connection (idle keep-alive ones included)."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # the peer may have closed it already
                connection.shutdown(socket.SHUT_RDWR)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown Status"


def _encode(body: str | bytes | dict[str, Any] | None, status: int) -> bytes:
    if body is None:
        return json.dumps(error_body(f"Injected fault: status {status}.")).encode()
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


class Handler(BaseHTTPRequestHandler):
    """One connection: reads each request, then answers it (or misbehaves, when told to)."""

    server: HTTPServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    server_version = "FakeEvalsServer"
    # Headers and body leave in one segment: written apart, Nagle's algorithm and delayed ACKs
    # would stall every answer by ~40 ms.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, active=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, active=False)

    def do_GET(self) -> None:
        """GET: the list operation (other paths answer 404)."""
        self._handle()

    def do_POST(self) -> None:
        """POST: the create operation (other paths answer 404)."""
        self._handle()

    def _unsupported(self) -> None:
        self._handle()

    do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _unsupported

    # -- one request ------------------------------------------------------------------------------

    def _handle(self) -> None:
        request_id = f"req_{uuid.uuid4().hex}"
        raw_path, _, query = self.path.partition("?")
        headers = self._header_dict()
        body = self._read_body(headers, request_id)
        if body is None:
            return
        app = self.server.app
        app.requests.append(RecordedRequest(self.command, raw_path, query, headers, body))
        found = match(self.command, raw_path)
        if found is None:
            answer = not_found(self.command, raw_path)
            self._send(answer.status, json.dumps(answer.body).encode(), request_id)
            return
        fault = app.faults.pop(found.route)
        if fault is not None and not fault.processes_request:
            self._misbehave(fault, request_id)
            return
        if fault is not None and fault.kind == "delay" and app.stopping.wait(fault.seconds):
            self.close_connection = True  # stopped while waiting: nobody wants the answer
            return
        answer = app.routes.handle(found, query=query, headers=headers, body=body)
        self._send(
            answer.status,
            json.dumps(answer.body).encode(),
            request_id,
            extra=answer.headers,
            truncate=fault is not None and fault.kind == "drop_mid_body",
        )

    def _header_dict(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return headers

    def _read_body(self, headers: dict[str, str], request_id: str) -> bytes | None:
        """The request body, or None after answering a request whose body cannot be read."""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return self._read_chunked(request_id)
        length_text = headers.get("content-length", "0").strip() or "0"
        # ASCII digits only: str.isdigit() also accepts "²", which int() then rejects.
        if _DIGITS.fullmatch(length_text) is None:
            self._refuse(400, "Invalid Content-Length header.", request_id)
            return None
        # Beyond 18 significant digits it is over the cap anyway; int() of thousands of digits
        # would raise (Python's int-string limit), so such lengths never reach it.
        significant = length_text.lstrip("0")
        length = MAX_BODY_BYTES + 1 if len(significant) > 18 else int(significant or "0")
        if length > MAX_BODY_BYTES:
            self._refuse(413, _TOO_LARGE, request_id)
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self, request_id: str) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            # Hex digits only: int(..., 16) also takes "-1" (read(-1) reads to EOF, past the
            # body cap), "+", "_" and "0x".
            if _CHUNK_SIZE.fullmatch(size_line) is None:
                self._refuse(400, "Invalid chunked request body.", request_id)
                return None
            size = int(size_line, 16)
            if size == 0:
                # Skip any trailers, up to the blank line that ends the message.
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                self._refuse(413, _TOO_LARGE, request_id)
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline(3)  # the CRLF after each chunk

    def _refuse(self, status: int, message: str, request_id: str) -> None:
        # The unread body would be taken for the next request: this connection cannot go on.
        self.close_connection = True
        self._send(status, json.dumps(error_body(message)).encode(), request_id)

    def _misbehave(self, fault: Fault, request_id: str) -> None:
        if fault.kind == "drop_before_status":
            self.close_connection = True
            return
        if fault.kind == "malformed_body":
            body = fault.body if isinstance(fault.body, bytes) else b""
            self._send(fault.status_code, body, request_id, content_type=fault.content_type)
            return
        self._send(
            fault.status_code,
            _encode(fault.body, fault.status_code),
            request_id,
            extra=dict(fault.headers),
        )

    # -- writing ----------------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        request_id: str,
        *,
        extra: dict[str, str] | None = None,
        content_type: str = "application/json",
        truncate: bool = False,
    ) -> None:
        headers = {"x-request-id": request_id, "content-type": content_type}
        no_body = status in (204, 304)
        if not no_body:
            headers["content-length"] = str(len(body))
        # Extra headers (a fault's) win over the defaults, whatever their case.
        for name, value in (extra or {}).items():
            headers[name.lower()] = value
        self.send_response(status, _reason(status))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not no_body and self.command != "HEAD":
            self.wfile.write(body[: len(body) // 2] if truncate else body)
        self.wfile.flush()
        if truncate:
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors the base class detects itself (bad request line, headers too long...), answered
        in the API's JSON shape instead of HTML."""
        self.close_connection = True
        text = message or _reason(code)
        body = json.dumps(error_body(text)).encode()
        self._send(code, body, f"req_{uuid.uuid4().hex}", extra={"connection": "close"})

    def log_message(self, format: str, *args: Any) -> None:
        """Request lines go to the debug log (never headers: they hold the API key)."""
        logger.debug("%s - %s", self.address_string(), format % args)
