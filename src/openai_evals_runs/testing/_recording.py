"""What the server received, kept for tests to inspect."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from typing import overload

import attrs


@attrs.frozen(repr=False)
class RecordedRequest:
    """One request as it arrived.

    `path` is the raw request target from the request line without its query (no percent-decoding),
    `query` the raw query string ("" when none), `headers` the headers with lower-cased names (a
    repeated header's values joined with ", "), `body` the bytes read after the headers.
    """

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    @property
    def target(self) -> str:
        """The request target exactly as on the request line (path and query)."""
        return f"{self.path}?{self.query}" if self.query else self.path

    def __repr__(self) -> str:
        # The Authorization header holds the API key: keep it out of test reports and logs.
        return (
            f"RecordedRequest(method={self.method!r}, target={self.target!r}, "
            f"body={len(self.body)} bytes)"
        )


MAX_LOGGED_REQUESTS = 10_000
"""The request log keeps at most this many requests (the latest)..."""
MAX_LOGGED_BODY_BYTES = 64 * 1024 * 1024
"""... and at most this many bytes of their bodies, so a server nobody reads stays bounded."""


class RequestLog(Sequence[RecordedRequest]):
    """A thread-safe list of RecordedRequest in arrival order; `clear()` empties it.

    It keeps the latest `max_requests` requests and at most `max_body_bytes` of bodies (the
    newest request always stays); older ones are dropped first and counted in `dropped`. Reads
    take a snapshot, so a test can iterate while handler threads keep appending.
    """

    def __init__(
        self,
        *,
        max_requests: int = MAX_LOGGED_REQUESTS,
        max_body_bytes: int = MAX_LOGGED_BODY_BYTES,
    ) -> None:
        self._items: deque[RecordedRequest] = deque()
        self._bytes = 0
        self._max_requests = max_requests
        self._max_body_bytes = max_body_bytes
        self._lock = threading.Lock()
        self.dropped: int = 0
        """How many requests were dropped to stay within the limits."""

    def append(self, request: RecordedRequest) -> None:
        """Record one request (dropping the oldest ones beyond the limits)."""
        with self._lock:
            self._items.append(request)
            self._bytes += len(request.body)
            while len(self._items) > self._max_requests or (
                self._bytes > self._max_body_bytes and len(self._items) > 1
            ):
                self._bytes -= len(self._items.popleft().body)
                self.dropped += 1

    def clear(self) -> None:
        """Forget every recorded request."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def snapshot(self) -> list[RecordedRequest]:
        """A copy of the requests recorded so far."""
        with self._lock:
            return list(self._items)

    @overload
    def __getitem__(self, index: int) -> RecordedRequest: ...

    @overload
    def __getitem__(self, index: slice) -> list[RecordedRequest]: ...

    def __getitem__(self, index: int | slice) -> RecordedRequest | list[RecordedRequest]:
        with self._lock:
            return list(self._items)[index] if isinstance(index, slice) else self._items[index]

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __repr__(self) -> str:
        return f"RequestLog({self.snapshot()!r})"
