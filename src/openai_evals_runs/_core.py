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
import traceback
from collections.abc import Callable
from typing import NamedTuple, NoReturn

import httpx

from ._answers import connection_error, redact_response, status_error, undecodable_body
from ._credentials import MaskedHeaders
from ._exceptions import APIError, APIResponseValidationError, InvalidRequestError
from ._logs import logger
from ._options import ClientOptions
from ._request import Request
from ._retry import backoff_delay, should_retry_status
from ._secret import Secret


class Done(NamedTuple):
    """The call succeeded: `response` is the 2xx answer, after `retries_taken` retries; `secret`
    is what the attempt sent, to redact from what is read of the answer."""

    response: httpx.Response
    retries_taken: int
    secret: Secret


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

    __slots__ = (
        "_clock",
        "_now",
        "_random",
        "_reading",
        "_secret",
        "max_retries",
        "options",
        "request",
        "retries_done",
    )

    def __init__(
        self,
        request: Request,
        options: ClientOptions,
        *,
        rng: Callable[[], float] = random.random,
        now: Callable[[], float] = time.time,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.request = request
        self.options = options
        self.max_retries = (
            options.max_retries if request.max_retries is None else request.max_retries
        )
        self.retries_done = 0
        self._random = rng
        self._now = now
        self._clock = clock
        self._reading: httpx.Response | None = None
        # The secret of the latest attempt: what is redacted from what the server answers to it.
        self._secret: Secret = options.api_key

    def build(
        self, http: httpx.Client | httpx.AsyncClient, token: Secret | None = None
    ) -> httpx.Request:
        """The httpx request of the next attempt, with an absolute URL (a caller's http_client
        needs no base_url of its own). Building does no I/O; its secret is `token` (an async
        provider's, awaited by the driver), else the key, else a sync provider's, called here:
        once per attempt."""
        request, options = self.request, self.options
        credential = options.credential
        self._secret = credential.sync_token() if token is None else token
        # Masked from here on: a traceback with locals may show this frame. The fixed headers
        # have distinct names, so one dict holds them; what callers give is merged by name
        # whatever the case: `user-agent` in default_headers replaces ours rather than going
        # out beside it, and a call's `x-custom` replaces a default `X-Custom`.
        headers = MaskedHeaders({**credential.header_for(self._secret), **options.headers()})
        if options.default_headers:
            headers.update(options.default_headers)
        headers.update(request.headers)
        # The client's default query, then the call's parameters (extra_query included) over it.
        params = {**options.query(), **request.params}
        try:
            sent = http.build_request(
                request.method,
                options.base_url.rstrip("/") + request.path,
                params=params or None,
                content=request.content,
                headers=headers,
                timeout=request.timeout if request.timeout is not None else options.timeout,
            )
        except httpx.InvalidURL as exc:
            # default_query and extra_query were each checked; together they may still be too long.
            # httpx's frames hold the headers as locals: dropped, as for a transport error.
            _forget_locals(exc)
            raise InvalidRequestError(
                "query", f"{exc}: default_query and extra_query together are too long"
            ) from None
        if credential.header != "Authorization":
            sent.headers = MaskedHeaders(sent.headers)  # httpx's repr masks Authorization only
        return sent

    def timeout(self) -> httpx.Timeout:
        """The timeout of each attempt: the call's, else the client's."""
        request = self.request
        return request.timeout if request.timeout is not None else self.options.timeout

    def reader(self, response: httpx.Response) -> BodyReader:
        """What reads the body of `response`, within the size cap and the attempt's deadline
        (the deadline runs from here: the headers have arrived)."""
        self._reading = response
        redact_response(response, self._secret)
        limit = self.options.max_response_bytes
        whole = attempt_seconds(self.timeout())
        deadline = None if whole is None else self._clock() + whole
        return BodyReader(response, limit, deadline, self._clock)

    def interrupted(self, exc: BaseException) -> None:
        """Note on a KeyboardInterrupt or a task cancellation of a create how to retry it
        without making the run twice (it may have reached the server)."""
        key = self.request.headers.get("Idempotency-Key")
        if key is not None and not isinstance(exc, Exception):
            exc.add_note(
                f"openai_evals_runs: the create may have reached the server; retry it with "
                f"idempotency_key={key!r} to get that run instead of a second one"
            )

    def decide(
        self,
        sent: httpx.Request,
        outcome: httpx.Response | httpx.RequestError | APIResponseValidationError,
    ) -> Decision:
        """What to do after an attempt ended with `outcome`: the response (its body read), the
        transport error, or the body refused while reading (too large)."""
        decision = self._decide(sent, outcome)
        if isinstance(decision, Fail):
            decision.error.idempotency_key = self.request.headers.get("Idempotency-Key")
        return decision

    def _decide(
        self,
        sent: httpx.Request,
        outcome: httpx.Response | httpx.RequestError | APIResponseValidationError,
    ) -> Decision:
        attempt = self.retries_done + 1
        reading, self._reading = self._reading, None
        if isinstance(outcome, APIResponseValidationError):
            return Fail(outcome)
        if isinstance(outcome, httpx.DecodingError) and reading is not None:
            # A corrupt gzip or brotli body: the server answered, but with nothing readable.
            return Fail(undecodable_body(reading, outcome, self._secret), outcome)
        if isinstance(outcome, httpx.Response):
            _release_stream(outcome)
            if outcome.is_success:
                _log_outcome(sent, attempt, outcome, None)
                return Done(outcome, self.retries_done, self._secret)
            delay = self._delay(outcome)
            _log_outcome(sent, attempt, outcome, delay)
            if delay is None:
                return Fail(status_error(outcome, self._secret, attempt))
        else:
            delay = self._delay(None)
            _log_outcome(sent, attempt, type(outcome).__name__, delay)
            if delay is None:
                _forget_locals(outcome)
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


def attempt_seconds(timeout: httpx.Timeout) -> float | None:
    """How long one attempt may take as a whole, headers to last body byte: the longest of the
    timeout's parts (httpx bounds each read, not their sum), None when none is set."""
    parts = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
    return max(parts) if parts else None


class BodyReader:
    """Reads a streamed body within `limit` bytes (decoded) and before `deadline`.

    `feed` each decoded chunk; it returns False once the body is over the limit (stop reading)
    and raises httpx.ReadTimeout once the deadline has passed, which the call retries like any
    timeout. `outcome()` is then the response with its body, or the error saying it was too large.
    """

    __slots__ = ("_chunks", "_clock", "_deadline", "_limit", "_size", "response")

    def __init__(
        self,
        response: httpx.Response,
        limit: int,
        deadline: float | None,
        clock: Callable[[], float],
    ) -> None:
        self.response = response
        self._limit = limit
        self._deadline = deadline
        self._clock = clock
        self._chunks: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> bool:
        """Take one decoded chunk; False: the body is over the limit, read no more."""
        if self._deadline is not None and self._clock() > self._deadline:
            raise httpx.ReadTimeout(
                "the attempt's deadline passed while the body was arriving",
                request=self.response.request,
            )
        self._size += len(chunk)
        if self._size > self._limit:
            return False
        self._chunks.append(chunk)
        return True

    def outcome(self) -> httpx.Response | APIResponseValidationError:
        """The response with its body in place, or the error for a body over the limit."""
        response = self.response
        if self._size > self._limit:
            return APIResponseValidationError(
                f"body larger than the {self._limit:,}-byte limit (max_response_bytes); "
                "reading stopped there",
                response=response,
            )
        # What httpx.Response.read() sets; set here because the body was read in chunks.
        response._content = b"".join(self._chunks)
        return response


def _forget_locals(error: BaseException) -> None:
    # The transport error becomes the __cause__ of ours; the frames of httpx and httpcore it
    # carries hold the request headers, the key among them, as locals (`pytest --showlocals`,
    # `capture_locals=True`). Clearing them keeps the lines of the traceback and drops the locals;
    # frames still running (ours) are left as they are.
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        stack += [current.__cause__, current.__context__]


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
