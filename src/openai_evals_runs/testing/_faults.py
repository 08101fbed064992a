"""Injected faults: one-shot misbehaviours, queued per route and consumed in order.

Each fault applies to exactly one request of its route, before anything else happens to that
request (even before the API key is checked). What the request does to the server's state:

- `status`, `malformed_body`, `drop_before_status`: nothing. The request is answered (or dropped)
  instead of being processed, so a faulted create creates no run and stores no idempotency key.
- `delay`, `drop_mid_body`: the request is processed normally (a create does create its run), only
  the answer is late or cut short. This is the case retries with an Idempotency-Key exist for.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Mapping
from typing import Any, Literal

import attrs

Route = Literal["list", "create"]
"""A route of the fake server: "list" (GET .../runs) or "create" (POST .../runs)."""
ROUTES: tuple[Route, ...] = ("list", "create")

FaultKind = Literal["status", "delay", "drop_before_status", "drop_mid_body", "malformed_body"]


@attrs.frozen
class Fault:
    """One misbehaviour for one request. Build it with a constructor: `Fault.status(503)`,
    `Fault.delay(2.0)`, `Fault.drop_before_status()`, `Fault.drop_mid_body()`,
    `Fault.malformed_body(b"{")`."""

    kind: FaultKind
    status_code: int = 200
    headers: Mapping[str, str] = attrs.field(factory=dict)
    body: str | bytes | dict[str, Any] | None = None
    seconds: float = 0.0
    content_type: str = "application/json"

    @classmethod
    def status(
        cls,
        code: int,
        *,
        headers: Mapping[str, str] | None = None,
        body: str | bytes | dict[str, Any] | None = None,
    ) -> Fault:
        """Answer with status `code` (200..599, including unnamed ones such as 520 or 599)
        instead of processing the request. `body` defaults to an API error body; a dict is sent
        as JSON, str as UTF-8, bytes as they are. `headers` are added last (they win), e.g.
        `{"retry-after-ms": "10"}` to keep a client's retry short."""
        if isinstance(code, bool) or not isinstance(code, int) or not 200 <= code <= 599:
            raise ValueError(f"status code must be an integer from 200 to 599, got {code!r}")
        return cls("status", status_code=code, headers=_checked_headers(headers), body=body)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait `seconds` of real time, then process the request and answer normally."""
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, (int, float))
            or not math.isfinite(seconds)
            or seconds < 0
        ):
            raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")
        return cls("delay", seconds=float(seconds))

    @classmethod
    def drop_before_status(cls) -> Fault:
        """Close the connection without writing a byte; the request is not processed."""
        return cls("drop_before_status")

    @classmethod
    def drop_mid_body(cls) -> Fault:
        """Process the request, send the status line and headers (with the full Content-Length)
        and the first half of the body, then close the connection."""
        return cls("drop_mid_body")

    @classmethod
    def malformed_body(
        cls, body: bytes, *, status: int = 200, content_type: str = "application/json"
    ) -> Fault:
        """Answer with exactly `body` (any bytes, e.g. truncated or non-JSON) and `status`, with
        the given Content-Type; the request is not processed."""
        if not isinstance(body, bytes):
            raise TypeError(f"body must be bytes, got {type(body).__name__}")
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise ValueError(f"status must be an integer from 200 to 599, got {status!r}")
        return cls("malformed_body", status_code=status, body=body, content_type=content_type)

    @property
    def processes_request(self) -> bool:
        """Whether the request is still processed (state changes happen) under this fault."""
        return self.kind in ("delay", "drop_mid_body")


def _checked_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    checked: dict[str, str] = {}
    for name, value in (headers or {}).items():
        text = f"{name}{value}"
        if any(char in text for char in "\r\n\0"):
            raise ValueError(f"header {name!r} must not contain CR, LF or NUL")
        checked[str(name)] = str(value)
    return checked


class FaultQueues:
    """A FIFO of faults per route, safe to use from the test thread and handler threads."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Fault]] = {route: deque() for route in ROUTES}
        self._lock = threading.Lock()

    def add(self, route: str, faults: tuple[Fault, ...]) -> None:
        """Queue `faults` for the next requests of `route`, in order."""
        queue = self._queue(route)
        for fault in faults:
            if not isinstance(fault, Fault):
                raise TypeError(f"expected Fault, got {type(fault).__name__}")
        with self._lock:
            queue.extend(faults)

    def pop(self, route: str) -> Fault | None:
        """The next fault of `route`, removed from its queue, or None."""
        queue = self._queue(route)
        with self._lock:
            return queue.popleft() if queue else None

    def pending(self, route: str) -> int:
        """How many faults of `route` are still waiting for a request."""
        queue = self._queue(route)
        with self._lock:
            return len(queue)

    def clear(self, route: str | None = None) -> int:
        """Drop the waiting faults of `route` (every route when None); returns how many."""
        queues = list(self._queues.values()) if route is None else [self._queue(route)]
        with self._lock:
            dropped = sum(len(queue) for queue in queues)
            for queue in queues:
                queue.clear()
        return dropped

    def _queue(self, route: str) -> deque[Fault]:
        if route not in self._queues:
            raise ValueError(f"route must be one of {', '.join(ROUTES)}, got {route!r}")
        return self._queues[route]
