"""The two operations, each defined once: its parameters as a frozen value, how they are
checked, the request they produce and how the answer is parsed.

The method, path template and query parameters come from the spec data (`_spec`), like the local
server's routes; the generated package is used only through its public models. A query parameter
the spec gains is sent as soon as `ListRunsParams` has a field for it (and `runs.list` a keyword),
checked against its schema from the spec. The next page of a listing is the same params with
another `after`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar
from urllib.parse import quote

import httpx

from . import _spec
from . import _validation as check
from ._answers import decode_json, redact
from ._exceptions import APIResponseValidationError, InvalidRequestError
from ._models import EvalRun
from ._parsing import RunListBody, ShapeError, parse_run, parse_run_list
from ._request import Request, encode_json
from ._secret import Secret

if TYPE_CHECKING:
    from ._nested import DataSource
    from .types import DataSourceParam as DataSourceDict

    # A generated model or a dict of the spec's shape (TypedDicts: a misspelled key in a literal
    # is a type error); at run time any mapping, checked against the spec.
    DataSourceParam = DataSource | DataSourceDict
else:
    DataSourceParam = Mapping[str, Any]

P = TypeVar("P", bound=tuple[Any, ...])
T = TypeVar("T")


class CallOptions(NamedTuple):
    """Per-call options every operation takes (the extras as openai-python names them)."""

    timeout: float | httpx.Timeout | None = None
    extra_headers: Mapping[str, str] | None = None
    # Merged at the top level of the query and of the JSON body, over what the call sends.
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None


class ListRunsParams(NamedTuple):
    """The arguments of `runs.list` (None: not sent, the API's default applies)."""

    eval_id: str
    after: str | None = None
    limit: int | None = None
    order: str | None = None
    status: str | None = None


class CreateRunParams(NamedTuple):
    """The arguments of `runs.create`."""

    eval_id: str
    data_source: DataSourceParam
    name: str | None = None
    metadata: Mapping[str, str] | None = None
    idempotency_key: str | None = None
    strict: bool = True


class Operation(Generic[P, T]):
    """One operation: builds its checked request from params, parses its 2xx answer."""

    __slots__ = ("build", "operation_id", "parse_body")

    def __init__(
        self,
        operation_id: str,
        build: Callable[[_spec.Operation, P, CallOptions], Request],
        parse_body: Callable[..., T],
    ) -> None:
        self.operation_id = operation_id
        self.build = build
        self.parse_body = parse_body

    def request(self, params: P, options: CallOptions) -> Request:
        """The checked request; InvalidRequestError names a bad argument, nothing is sent."""
        return self.build(_spec.operation(self.operation_id), params, options)

    def parse(self, response: httpx.Response, secret: Secret) -> T:
        """The parsed answer; APIResponseValidationError (redacted) when it is not valid."""
        try:
            body = decode_json(response, secret)
            try:
                parsed: T = self.parse_body(body, request_id=response.headers.get("x-request-id"))
            except ShapeError as error:
                message, shown = redact(str(error), secret), redact(body, secret)
                # The body as sent, echoed key included, must not stay a local of this frame: a
                # traceback with locals shows it.
                del body
                raise APIResponseValidationError(message, response=response, body=shown) from None
        except APIResponseValidationError as error:
            # The server answered 2xx: a create may have made the run; the key retries it safely.
            error.idempotency_key = response.request.headers.get("idempotency-key")
            raise
        return parsed


def _path(operation: _spec.Operation, params: tuple[Any, ...]) -> str:
    values = params._asdict()  # type: ignore[attr-defined]  # a NamedTuple
    encoded = {
        parameter.name: quote(check.check_id(parameter.name, values[parameter.name]), safe="")
        for parameter in operation.parameters
        if parameter.location == "path"
    }
    return operation.path.format(**encoded)


def _request(
    operation: _spec.Operation,
    path: str,
    options: CallOptions,
    *,
    query: Mapping[str, Any] | None = None,
    content: bytes | None = None,
    extra_headers: dict[str, str] | None = None,
    idempotency_key: str | None = None,
) -> Request:
    # Header order as sent: the body's type, the caller's extra headers, then the key.
    headers = {"Content-Type": "application/json"} if content is not None else {}
    headers.update(
        check.check_headers(options.extra_headers) if extra_headers is None else extra_headers
    )
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    if options.extra_query is not None:
        query = {**(query or {}), **check.check_extra_query(options.extra_query)}
    return Request(
        method=operation.method,
        path=path,
        params=query or {},
        content=content,
        headers=headers,
        timeout=None if options.timeout is None else check.check_timeout(options.timeout),
    )


def _list_request(
    operation: _spec.Operation, params: ListRunsParams, options: CallOptions
) -> Request:
    path = _path(operation, params)
    values = params._asdict()
    query = {
        parameter.name: check.check_query_parameter(parameter, values[parameter.name])
        for parameter in operation.query()
        if values.get(parameter.name) is not None
    }
    content = None
    if options.extra_body is not None:
        # A listing has no body of its own: the caller's, as given (openai-python sends it too).
        content = _encoded_body(check.check_extra_body(options.extra_body))
        check.check_encoded_size("extra_body", len(content))
    return _request(operation, path, options, query=query, content=content)


def _data_source_dict(data_source: object, strict: bool) -> dict[str, Any]:
    """The data source as JSON (a dict, or a generated variant model), checked against the spec."""
    if isinstance(data_source, Mapping):
        return check.check_data_source_dict(data_source, strict=strict)
    if hasattr(data_source, "to_dict") and hasattr(data_source, "from_dict"):
        return check.check_data_source_dict(data_source.to_dict(), strict=strict)
    raise InvalidRequestError(
        "data_source",
        "must be a data source model (jsonl, completions or responses) or a dict, "
        f"got {type(data_source).__name__}",
    )


def new_idempotency_key() -> str:
    """A fresh Idempotency-Key, as a create without one gets."""
    return f"evalsruns-{uuid.uuid4()}"


def _idempotency_key(value: object) -> str:
    if value is None:
        return new_idempotency_key()
    if isinstance(value, str) and not value.strip():
        raise InvalidRequestError("idempotency_key", "must be a non-empty string")
    return check.check_header_value("idempotency_key", value)


def _encoded_body(body: dict[str, Any]) -> bytes:
    try:
        return encode_json(body)
    except RecursionError:
        raise InvalidRequestError(
            "data_source", "is nested too deeply to be sent as JSON"
        ) from None
    except (TypeError, ValueError) as exc:
        # What the spec leaves free-form (dataset items, tools) may hold what JSON cannot carry.
        for argument, part in body.items():
            check.check_json(argument, part)
        raise InvalidRequestError("data_source", f"cannot be sent as JSON: {exc}") from None


def _create_request(
    operation: _spec.Operation, params: CreateRunParams, options: CallOptions
) -> Request:
    if not isinstance(params.strict, bool):
        raise InvalidRequestError("strict", f"must be True or False, got {params.strict!r}")
    body: dict[str, Any] = {"data_source": _data_source_dict(params.data_source, params.strict)}
    if params.name is not None:
        body["name"] = check.check_name(params.name)
    if params.metadata is not None:
        body["metadata"] = check.check_metadata(params.metadata) or {}
    if options.extra_body is not None:
        # Sent as given, over the checked arguments (a field the spec does not have yet).
        body.update(check.check_extra_body(options.extra_body))
    # Every attempt of this call carries the same key, so a retried create cannot run twice. A
    # key passed as an extra header (as openai-python users do) is the key, not a second one.
    extra = check.check_headers(options.extra_headers)
    key = _idempotency_key(check.pop_idempotency_key(extra, params.idempotency_key))
    path = _path(operation, params)
    content = _encoded_body(body)
    check.check_encoded_size("data_source", len(content))
    return _request(
        operation, path, options, content=content, extra_headers=extra, idempotency_key=key
    )


LIST_RUNS: Operation[ListRunsParams, RunListBody] = Operation(
    _spec.LIST_RUNS, _list_request, parse_run_list
)
"""GET /evals/{eval_id}/runs: one page of runs."""

CREATE_RUN: Operation[CreateRunParams, EvalRun] = Operation(
    _spec.CREATE_RUN, _create_request, parse_run
)
"""POST /evals/{eval_id}/runs: start a run (with an Idempotency-Key)."""
