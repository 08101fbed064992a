"""Every error this package raises, in one flat hierarchy.

    EvalsRunsError
    ├── InvalidRequestError (also ValueError)   bad arguments, raised before anything is sent
    ├── PollTimeoutError                         a wait for a run outlasted its timeout
    ├── RunNotFoundError (also LookupError)      the eval holds no run with that id
    └── APIError
        ├── APIStatusError                       the server answered with a non-success status
        │   ├── BadRequestError              400
        │   ├── AuthenticationError          401
        │   ├── PermissionDeniedError        403
        │   ├── NotFoundError                404
        │   ├── ConflictError                409
        │   ├── UnprocessableEntityError     422
        │   ├── RateLimitError               429
        │   └── InternalServerError          >= 500
        ├── APIConnectionError                   no usable answer reached us
        │   └── APITimeoutError
        └── APIResponseValidationError           an answer that is not a valid response

No message, repr or attribute built here holds the API key: messages are made from the status,
the request id and the server's error body, never from request headers. Every message is shown
safely (`_text.safe_text`): control, bidi and invisible characters escaped, at most
MAX_MESSAGE_CHARS long; the full error body stays on `body`.

Every error pickles (a worker of a ProcessPoolExecutor can raise it to its parent). The pickled
copy keeps the class, message and every attribute, but `request` and `response` travel as bare
stand-ins (`_stand_in_request`, `_stand_in_response`) holding no header or body that could carry
the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from ._config import MAX_MESSAGE_CHARS
from ._text import safe_text

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "EvalsRunsError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "RateLimitError",
    "RunNotFoundError",
    "UnprocessableEntityError",
]


class EvalsRunsError(Exception):
    """Root of every error raised by openai_evals_runs."""

    def __reduce__(self) -> tuple[Any, ...]:
        # The default pickles (class, args) and calls class(*args) on load, which the keyword-only
        # constructors below refuse; this rebuilds without calling __init__ instead.
        state = {name: _picklable(value, self) for name, value in self.__dict__.items()}
        return (_unpickle, (type(self), self.args), state)


_MAX_ARGUMENT_CHARS = 200


class InvalidRequestError(EvalsRunsError, ValueError):
    """An argument breaks a rule; nothing was sent. `argument` names it (a field path for data
    sources and metadata); `problems` lists every (path, message) found, first one first."""

    def __init__(
        self, argument: str, message: str, *, problems: list[tuple[str, str]] | None = None
    ) -> None:
        self.argument = argument
        self.problems: list[tuple[str, str]] = problems or [(argument, message)]
        # `argument` may echo a caller's 10,000-character metadata key: shown shortened.
        shown = safe_text(argument, _MAX_ARGUMENT_CHARS)
        super().__init__(safe_text(f"{shown}: {message}", MAX_MESSAGE_CHARS))


# -- waiting for a run ---------------------------------------------------------------------------


class PollTimeoutError(EvalsRunsError):
    """`runs.poll` waited `timeout` seconds and the run was not finished. `run` is the last state
    seen (an EvalRun, or None if none was read), with `eval_id` and `run_id`."""

    def __init__(self, eval_id: str, run_id: str, timeout: float, run: Any = None) -> None:
        self.eval_id = eval_id
        self.run_id = run_id
        self.timeout = timeout
        # An EvalRun (typed loosely: this bottom layer cannot import the models).
        self.run = run
        last = f"; last status {run.status!r}" if run is not None else ""
        message = f"run {run_id!r} of eval {eval_id!r} not finished after {timeout:g} s{last}"
        super().__init__(safe_text(message, MAX_MESSAGE_CHARS))


class RunNotFoundError(EvalsRunsError, LookupError):
    """The eval holds no run with this id (`eval_id`, `run_id`)."""

    def __init__(self, eval_id: str, run_id: str) -> None:
        self.eval_id = eval_id
        self.run_id = run_id
        message = f"eval {eval_id!r} has no run with id {run_id!r}"
        super().__init__(safe_text(message, MAX_MESSAGE_CHARS))


# -- errors about a request that was sent ---------------------------------------------------------


class APIError(EvalsRunsError):
    """A request was sent and did not give a usable result. `request` is the httpx request.

    `idempotency_key` is the key a failed `create` was sent with (None for `list`): the run may
    exist, and retrying with `idempotency_key=` that key cannot make a second one.
    """

    idempotency_key: str | None = None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        message = safe_text(message, MAX_MESSAGE_CHARS)
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The request could not be sent, or no complete answer came back (refused, reset, ...)."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class APIResponseValidationError(APIError):
    """The server answered with a success status but the body is not a valid response."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object = None,
    ) -> None:
        self.response = response
        self.status_code: int = response.status_code
        self.request_id: str | None = response.headers.get("x-request-id")
        self.body = body
        suffix = f" (request id {self.request_id})" if self.request_id else ""
        super().__init__(f"invalid response: {message}{suffix}", request=response.request)


# -- HTTP status errors ---------------------------------------------------------------------------


class APIStatusError(APIError):
    """The server answered with a status that is not a success (any code, 300 to 599 and beyond).

    `body` is the decoded JSON body (or text when it is not JSON); `code`, `param` and `type` come
    from the error object, whether sent bare or wrapped as {"error": {...}}.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        code: str | None = None,
        param: str | None = None,
        type: str | None = None,
    ) -> None:
        self.response = response
        self.status_code: int = response.status_code
        self.request_id: str | None = response.headers.get("x-request-id")
        self.body = body
        self.code = code
        self.param = param
        self.type = type
        super().__init__(message, request=response.request)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"request_id={self.request_id!r}, code={self.code!r}, message={self.message!r})"
        )


class BadRequestError(APIStatusError):
    """400: the server rejected the request as malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this (organization, project or role)."""


class NotFoundError(APIStatusError):
    """404: no such eval (or route)."""


class ConflictError(APIStatusError):
    """409: conflicting request, e.g. an idempotency key reused with another body."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, raised once retries are spent."""


class InternalServerError(APIStatusError):
    """>= 500: the server failed; retried automatically, raised once retries are spent."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The most specific APIStatusError subclass for a status code (any integer)."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


def error_fields(body: object) -> dict[str, Any]:
    """The error object of a body, bare (`Error`) or wrapped (`{"error": Error}`); {} otherwise."""
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict):
            return inner
        if "message" in body:
            return body
    return {}


def problems_error(argument: str, problems: Sequence[tuple[str, str]]) -> InvalidRequestError:
    """The InvalidRequestError for (path, message) `problems`, the first naming the argument."""
    first, others = problems[0], problems[1:5]
    details = first[1] + "".join(
        f"; {path}: {message}" if path else f"; {message}" for path, message in others
    )
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return InvalidRequestError(
        first[0] or argument,
        f"{details}{more}",
        problems=[(path or argument, message) for path, message in problems],
    )


# -- pickling -------------------------------------------------------------------------------------


def _unpickle(cls: type[EvalsRunsError], args: tuple[Any, ...]) -> EvalsRunsError:
    # BaseException.__new__ sets `args`; pickle then restores the attributes from the state.
    return cls.__new__(cls, *args)


# Request headers that cannot hold a secret and help when reading a pickled error.
_KEPT_REQUEST_HEADERS = ("content-type", "idempotency-key")


def _stand_in_request(request: httpx.Request) -> httpx.Request:
    """`request` without its body and with only _KEPT_REQUEST_HEADERS (Authorization, the
    organization, project and any custom header stay behind); no credentials in the URL."""
    headers = {
        name: request.headers[name] for name in _KEPT_REQUEST_HEADERS if name in request.headers
    }
    url = request.url.copy_with(username=None, password=None)
    return httpx.Request(request.method, url, headers=headers)


def _stand_in_response(response: httpx.Response, request_id: str | None) -> httpx.Response:
    """The status code and the request id of `response` (as the error holds it): a server can echo
    anything into its headers, reason phrase and body, so none of them travel."""
    headers = {"x-request-id": request_id} if request_id else {}
    request = _stand_in_request(response.request)
    return httpx.Response(response.status_code, headers=headers, request=request)


def _picklable(value: object, error: EvalsRunsError) -> object:
    if isinstance(value, httpx.Request):
        return _stand_in_request(value)
    if isinstance(value, httpx.Response):
        return _stand_in_response(value, getattr(error, "request_id", None))
    return value
