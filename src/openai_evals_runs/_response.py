"""RawResponse: the HTTP answer of a call, parsed only when asked (`with_raw_response`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

T = TypeVar("T")


class RawResponse(Generic[T]):
    """The HTTP response of a successful call; `.parse()` gives what the plain call returns."""

    def __init__(
        self,
        http_response: httpx.Response,
        parser: Callable[[httpx.Response], T],
        *,
        retries_taken: int = 0,
    ) -> None:
        self.http_response: httpx.Response = http_response
        """The httpx response (its body already read)."""
        self.retries_taken: int = retries_taken
        """How many times the call was retried before this answer (0: the first attempt)."""
        self._parser = parser
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        """The HTTP status code (200 for list, 201 for create)."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id`, to quote when asking for support."""
        request_id: str | None = self.http_response.headers.get("x-request-id")
        return request_id

    @property
    def elapsed_seconds(self) -> float:
        """Time from sending the (last) request to reading the whole response."""
        return self.http_response.elapsed.total_seconds()

    def parse(self) -> T:
        """The parsed result (a Page or an EvalRun); APIResponseValidationError if invalid."""
        if not self._parsed:
            self._parsed.append(self._parser(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        return (
            f"<RawResponse [{self.status_code}] request_id={self.request_id!r} "
            f"retries_taken={self.retries_taken}>"
        )
