"""What the server's answers mean: a success body decoded, a failure as its typed error.

Every text that came from the server is passed through `redact` before it reaches a message, an
attribute or a log line, so a server that echoes the key back cannot leak it.
"""

from __future__ import annotations

import json
import re
from typing import Any

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
from ._secret import Secret


def redact(value: Any, secret: Secret) -> Any:
    """`value` with every occurrence of `secret` in its strings replaced by '[redacted]'.

    The key is revealed only inside the replacement, so no frame of a traceback holds it as text.
    """
    if not secret.texts():
        return value
    return copy_json(value, lambda text: _scrub(text, secret))


def _scrub(text: str, secret: Secret) -> str:
    for each in secret.texts():
        text = text.replace(each, "[redacted]")
    return text


def redact_response(response: httpx.Response, secret: Secret) -> None:
    """Redact the key wherever a server may echo it before anything reads the response: header
    values (x-request-id, Location, ...) and the reason phrase. Bodies are redacted where an error
    or a message takes them."""
    for name, value in response.headers.multi_items():
        if _scrub(value, secret) != value:
            response.headers[name] = _scrub(value, secret)
    reason = response.extensions.get("reason_phrase")
    if isinstance(reason, bytes):
        for key in secret.texts():
            reason = reason.replace(key.encode(), b"[redacted]")
        response.extensions["reason_phrase"] = reason


def connection_error(exc: httpx.RequestError, request: httpx.Request, attempts: int) -> APIError:
    """The typed error for a transport failure (refused, reset, timed out...)."""
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    where = f"{request.method} {request.url.copy_with(query=None)}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out {tries}: {where}", request=request)
    detail = type(exc).__name__
    return APIConnectionError(f"connection error {tries} ({detail}): {where}", request=request)


def closed_client_error(request: httpx.Request) -> APIConnectionError:
    """The error for a call made after `close()` (or after its `with` block ended)."""
    return APIConnectionError(
        "the client was closed: make a new one, or call it inside its `with` block "
        f"({request.method} {request.url.copy_with(query=None)} not sent)",
        request=request,
    )


def _decoded_body(response: httpx.Response, secret: Secret) -> object:
    try:
        return redact(json.loads(response.content), secret)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return redact(response.content.decode("utf-8", "replace"), secret)


def status_error(response: httpx.Response, secret: Secret, attempts: int) -> APIStatusError:
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


def undecodable_body(
    response: httpx.Response, error: httpx.DecodingError, secret: Secret
) -> APIResponseValidationError:
    """The error for a body whose content encoding (gzip, brotli...) cannot be decoded."""
    encoding = response.headers.get("content-encoding", "(none)")
    return APIResponseValidationError(
        f"body could not be decoded (content encoding {redact(encoding, secret)}): "
        f"{redact(str(error), secret)}",
        response=response,
    )


def decode_json(response: httpx.Response, secret: Secret) -> object:
    """The JSON body of a success answer, or APIResponseValidationError saying what it is."""
    if not response.content:
        raise APIResponseValidationError(
            f"empty body with status {response.status_code}", response=response
        )
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        content_type = response.headers.get("content-type", "(none)")
        # Redacted before it is a local: a traceback with locals shows this frame.
        snippet = redact(" ".join(response.content[:80].decode("utf-8", "replace").split()), secret)
        raise APIResponseValidationError(
            f"body is not valid JSON (content type {content_type}; {type(exc).__name__}): "
            f"{snippet!r}",
            response=response,
            body=snippet,
        ) from None
