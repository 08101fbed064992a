"""The request core, apart from I/O: one call's retry, timeout and error-mapping decisions.

In the spirit of h11 and httpcore, a `Call` never touches a socket or sleeps. The driver
(`_drivers`) asks it for the httpx request to send, sends it, and feeds back the outcome (a
response or a transport error); the call answers `Done` (the 2xx response), `Retry` (wait this
long, then send again) or `Fail` (the typed error to raise). The sync and async drivers are a few
lines each, and the policy is tested without sockets or sleeps.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import NamedTuple, NoReturn

import httpx

from ._answers import connection_error, status_error
from ._exceptions import APIError
from ._logs import logger
from ._options import ClientOptions
from ._request import Request
from ._retry import backoff_delay, should_retry_status


class Done(NamedTuple):
    """The call succeeded: `response` is the 2xx answer."""

    response: httpx.Response


class Retry(NamedTuple):
    """Send again after `delay` seconds."""

    delay: float


class Fail(NamedTuple):
    """The call failed for good: raise `error` (from `cause`, a transport error, if any)."""

    error: APIError
    cause: BaseException | None = None

    def raise_error(self) -> NoReturn:
        """Raise the error, chained to its transport cause."""
        raise self.error from self.cause


Decision = Done | Retry | Fail


class Call:
    """One API call: the request, the client's options, and how many attempts were made."""

    __slots__ = ("_now", "_random", "max_retries", "options", "request", "retries_done")

    def __init__(
        self,
        request: Request,
        options: ClientOptions,
        *,
        rng: Callable[[], float] = random.random,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.request = request
        self.options = options
        self.max_retries = (
            options.max_retries if request.max_retries is None else request.max_retries
        )
        self.retries_done = 0
        self._random = rng
        self._now = now

    def build(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The httpx request of the next attempt, with an absolute URL (a caller's http_client
        needs no base_url of its own). Building does no I/O."""
        request, options = self.request, self.options
        return http.build_request(
            request.method,
            options.base_url.rstrip("/") + request.path,
            params=dict(request.params) or None,
            content=request.content,
            headers={**options.headers(), **request.headers},
            timeout=request.timeout if request.timeout is not None else options.timeout,
        )

    def decide(self, sent: httpx.Request, outcome: httpx.Response | httpx.RequestError) -> Decision:
        """What to do after an attempt ended with `outcome`."""
        attempt = self.retries_done + 1
        if isinstance(outcome, httpx.Response):
            _release_stream(outcome)
            if outcome.is_success:
                _log_outcome(sent, attempt, outcome, None)
                return Done(outcome)
            delay = self._delay(outcome)
            _log_outcome(sent, attempt, outcome, delay)
            if delay is None:
                return Fail(status_error(outcome, self.options.api_key, attempt))
        else:
            delay = self._delay(None)
            _log_outcome(sent, attempt, type(outcome).__name__, delay)
            if delay is None:
                return Fail(connection_error(outcome, sent, attempt), outcome)
        self.retries_done += 1
        return Retry(delay)

    def _delay(self, response: httpx.Response | None) -> float | None:
        """Seconds to wait before the next attempt, or None when this outcome is final."""
        if self.retries_done >= self.max_retries:
            return None
        if response is not None and not should_retry_status(response):
            return None
        headers = response.headers if response is not None else None
        return backoff_delay(self.retries_done, headers, rng=self._random, now=self._now())


def _release_stream(response: httpx.Response) -> None:
    # httpx links a response and its (already read and closed) stream both ways; the cycle keeps
    # every page's body alive until the garbage collector runs, so lazy iteration over many pages
    # would grow with the page count. The body stays available as `response.content`.
    response.stream = httpx.ByteStream(b"")


def _log_outcome(
    request: httpx.Request, attempt: int, outcome: str | httpx.Response, delay: float | None
) -> None:
    if delay is None and not logger.isEnabledFor(logging.DEBUG):
        return  # the common case: nothing to say, so nothing to format
    if isinstance(outcome, httpx.Response):
        request_id = outcome.headers.get("x-request-id")
        outcome = f"{outcome.status_code}" + (f" request_id={request_id}" if request_id else "")
    if delay is None:
        logger.debug("%s %s -> %s (attempt %d)", request.method, request.url, outcome, attempt)
    else:
        logger.info(
            "%s %s -> %s (attempt %d); retrying in %.2fs",
            request.method,
            request.url,
            outcome,
            attempt,
            delay,
        )
