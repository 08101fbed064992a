"""What the server received, kept for tests to inspect."""

from __future__ import annotations

import threading
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


class RequestLog(Sequence[RecordedRequest]):
    """A thread-safe, append-only list of RecordedRequest (in arrival order); `clear()` empties it.

    Reads take a snapshot, so a test can iterate while handler threads keep appending.
    """

    def __init__(self) -> None:
        self._items: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def append(self, request: RecordedRequest) -> None:
        """Record one request."""
        with self._lock:
            self._items.append(request)

    def clear(self) -> None:
        """Forget every recorded request."""
        with self._lock:
            self._items.clear()

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
            return self._items[index]

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __repr__(self) -> str:
        return f"RequestLog({self.snapshot()!r})"
