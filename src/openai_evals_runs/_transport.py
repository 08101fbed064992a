"""One request, end to end: headers, retries, error mapping, logging.

Requests are built by the generated operation modules (`_get_kwargs`: method, path with the id
percent-encoded, query parameters, JSON body). Sending and reading the answer happen here rather
than in the generated `sync_detailed`, which returns 4xx instead of raising, decodes bodies
unguarded (JSONDecodeError, KeyError) and fails with ValueError on statuses outside
`http.HTTPStatus` such as 520.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    error_fields,
    status_error_class,
)
from ._jsoncopy import copy_json
from ._logs import logger
from ._retry import backoff_delay, should_retry_status

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class RequestSpec(NamedTuple):
    """What one API call sends: the generated `_get_kwargs` plus per-call options."""

    method: str
    path: str
    params: Mapping[str, Any] = _EMPTY
    # The JSON body, encoded once: every attempt of a call sends the same bytes.
    content: bytes | None = None
    headers: Mapping[str, str] = _EMPTY
    timeout: httpx.Timeout | None = None
    max_retries: int | None = None

    @classmethod
    def from_generated(cls, kwargs: Mapping[str, Any], **options: Any) -> RequestSpec:
        """From the dict a generated `_get_kwargs` returns (method, url, params, json, headers);
        a `json` body is encoded here, once (`encode_json`)."""
        body = kwargs.get("json")
        return cls(
            method=str(kwargs["method"]).upper(),
            path=str(kwargs["url"]),
            params=dict(kwargs.get("params", {})),
            content=None if body is None else encode_json(body),
            headers={**kwargs.get("headers", {}), **options.pop("headers", {})},
            **options,
        )


def encode_json(value: Any) -> bytes:
    """JSON bytes as httpx would send them (UTF-8, compact, no NaN). Raises ValueError,
    TypeError or RecursionError for what JSON cannot carry (`_validation.check_json` names
    where)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


class Connection:
    """Where and how to send: base URL, default headers (with the key), timeout, retries."""

    __slots__ = ("base_url", "headers", "max_retries", "secret", "timeout")

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str],
        timeout: httpx.Timeout,
        max_retries: int,
        secret: str,
    ) -> None:
        self.base_url = base_url
        self.headers = headers
        self.timeout = timeout
        self.max_retries = max_retries
        self.secret = secret

    def __repr__(self) -> str:
        return f"Connection(base_url={self.base_url!r}, max_retries={self.max_retries})"


def redact(value: Any, secret: str) -> Any:
    """`value` with every occurrence of `secret` in its strings replaced by '[redacted]'."""
    if not secret:
        return value
    return copy_json(value, lambda text: text.replace(secret, "[redacted]"))


def build_request(
    http: httpx.Client | httpx.AsyncClient, connection: Connection, spec: RequestSpec
) -> httpx.Request:
    """The httpx request for `spec`, with an absolute URL (a caller's http_client needs no
    base_url of its own)."""
    timeout = spec.timeout if spec.timeout is not None else connection.timeout
    return http.build_request(
        spec.method,
        connection.base_url.rstrip("/") + spec.path,
        params=dict(spec.params) or None,
        content=spec.content,
        headers={**connection.headers, **spec.headers},
        timeout=timeout,
    )


def connection_error(exc: httpx.RequestError, request: httpx.Request, attempts: int) -> APIError:
    """The typed error for a transport failure (refused, reset, timed out...)."""
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    where = f"{request.method} {request.url.copy_with(query=None)}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out {tries}: {where}", request=request)
    detail = type(exc).__name__
    return APIConnectionError(f"connection error {tries} ({detail}): {where}", request=request)


def _decoded_body(response: httpx.Response, secret: str) -> object:
    try:
        return redact(json.loads(response.content), secret)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return redact(response.content.decode("utf-8", "replace"), secret)


def status_error(response: httpx.Response, secret: str, attempts: int) -> APIStatusError:
    """The typed error for a non-success answer; fields read from bare or wrapped error bodies."""
    body = _decoded_body(response, secret)
    fields = error_fields(body)

    def text_field(name: str) -> str | None:
        value = fields.get(name)
        return None if value is None else str(value)

    detail = text_field("message")
    if detail is None:
        snippet = body if isinstance(body, str) else json.dumps(body)[:200]
        # An HTML error page from a proxy reads better without its tags.
        snippet = re.sub(r"<[^>]*>", " ", snippet) if snippet.lstrip().startswith("<") else snippet
        detail = " ".join(snippet.split())[:200] or "(empty body)"
    if 300 <= response.status_code < 400:
        location = redact(response.headers.get("location", "?"), secret)
        detail = f"redirect to {location} not followed; {detail}"
    request_id = response.headers.get("x-request-id")
    reason = response.reason_phrase or "Unknown Status"
    message = f"{response.status_code} {reason}: {detail}"
    if request_id:
        message += f" (request id {request_id})"
    if attempts > 1:
        message += f" after {attempts} attempts"
    return status_error_class(response.status_code)(
        message,
        response=response,
        body=body,
        code=text_field("code"),
        param=text_field("param"),
        type=text_field("type"),
    )


def decode_json(response: httpx.Response, secret: str) -> object:
    """The JSON body of a success answer, or APIResponseValidationError saying what it is."""
    if not response.content:
        raise APIResponseValidationError(
            f"empty body with status {response.status_code}", response=response
        )
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        content_type = response.headers.get("content-type", "(none)")
        snippet = " ".join(response.content[:80].decode("utf-8", "replace").split())
        raise APIResponseValidationError(
            f"body is not valid JSON (content type {content_type}; {type(exc).__name__}): "
            f"{redact(snippet, secret)!r}",
            response=response,
            body=redact(snippet, secret),
        ) from None


def _retry_delay(
    retries_done: int, max_retries: int, response: httpx.Response | None
) -> float | None:
    """Seconds to wait before the next attempt, or None when this outcome is final."""
    if retries_done >= max_retries:
        return None
    if response is not None and not should_retry_status(response):
        return None
    return backoff_delay(retries_done, response.headers if response is not None else None)


def _log_outcome(
    request: httpx.Request, attempt: int, outcome: str | httpx.Response, delay: float | None
) -> None:
    if delay is None and not logger.isEnabledFor(logging.DEBUG):
        return  # the common case: nothing to say, so nothing to format
    if isinstance(outcome, httpx.Response):
        outcome = _outcome(outcome)
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


def _release_stream(response: httpx.Response) -> None:
    # httpx links a response and its (already read and closed) stream both ways; the cycle keeps
    # every page's body alive until the garbage collector runs, so lazy iteration over many pages
    # would grow with the page count. The body stays available as `response.content`.
    response.stream = httpx.ByteStream(b"")


def _outcome(response: httpx.Response) -> str:
    request_id = response.headers.get("x-request-id")
    return f"{response.status_code}" + (f" request_id={request_id}" if request_id else "")


def send(http: httpx.Client, connection: Connection, spec: RequestSpec) -> httpx.Response:
    """Send with retries; return the 2xx response or raise the typed error."""
    max_retries = connection.max_retries if spec.max_retries is None else spec.max_retries
    retries_done = 0
    while True:
        request = build_request(http, connection, spec)
        try:
            response = http.send(request)
        except httpx.RequestError as exc:
            delay = _retry_delay(retries_done, max_retries, None)
            _log_outcome(request, retries_done + 1, type(exc).__name__, delay)
            if delay is None:
                raise connection_error(exc, request, retries_done + 1) from exc
        else:
            delay = (
                None if response.is_success else _retry_delay(retries_done, max_retries, response)
            )
            _log_outcome(request, retries_done + 1, response, delay)
            _release_stream(response)
            if response.is_success:
                return response
            if delay is None:
                raise status_error(response, connection.secret, retries_done + 1)
        time.sleep(delay)
        retries_done += 1


async def send_async(
    http: httpx.AsyncClient, connection: Connection, spec: RequestSpec
) -> httpx.Response:
    """The async twin of `send`."""
    import asyncio

    max_retries = connection.max_retries if spec.max_retries is None else spec.max_retries
    retries_done = 0
    while True:
        request = build_request(http, connection, spec)
        try:
            response = await http.send(request)
        except httpx.RequestError as exc:
            delay = _retry_delay(retries_done, max_retries, None)
            _log_outcome(request, retries_done + 1, type(exc).__name__, delay)
            if delay is None:
                raise connection_error(exc, request, retries_done + 1) from exc
        else:
            delay = (
                None if response.is_success else _retry_delay(retries_done, max_retries, response)
            )
            _log_outcome(request, retries_done + 1, response, delay)
            _release_stream(response)
            if response.is_success:
                return response
            if delay is None:
                raise status_error(response, connection.secret, retries_done + 1)
        await asyncio.sleep(delay)
        retries_done += 1
