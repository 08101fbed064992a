"""`client.runs`: list and create eval runs, nothing else.

Each call validates its arguments (`_validation`), builds the request with the generated operation
module, sends it (`_transport`) and parses the answer (`_parsing`) into a page or a run.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import httpx
from openai_evals_runs_api.api.evals import create_eval_run, get_eval_runs
from openai_evals_runs_api.models import CreateEvalRunRequest
from openai_evals_runs_api.types import UNSET

from . import _validation as check
from ._exceptions import APIResponseValidationError, InvalidRequestError
from ._models import DataSource, EvalRun
from ._pagination import AsyncPage, AsyncPaginator, Page
from ._parsing import RunListBody, ShapeError, parse_run, parse_run_list
from ._response import RawResponse
from ._transport import RequestSpec, decode_json, redact

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._client import Client

DataSourceParam = DataSource | Mapping[str, Any]
"""A data source: one of the generated variant models, or a plain dict of the same JSON shape."""


# -- request preparation (shared by sync and async) -----------------------------------------------


def _call_options(
    timeout: float | httpx.Timeout | None, extra_headers: Mapping[str, str] | None
) -> dict[str, Any]:
    return {
        "timeout": None if timeout is None else check.check_timeout(timeout),
        "headers": check.check_headers(extra_headers),
    }


def list_request(
    eval_id: str,
    *,
    after: str | None,
    limit: int | None,
    order: str | None,
    status: str | None,
    timeout: float | httpx.Timeout | None,
    extra_headers: Mapping[str, str] | None,
) -> RequestSpec:
    """The checked GET /evals/{eval_id}/runs request."""
    kwargs = get_eval_runs._get_kwargs(
        check.check_id("eval_id", eval_id),
        after=UNSET if after is None else check.check_id("after", after),
        limit=UNSET if limit is None else check.check_limit(limit),
        order=UNSET if order is None else check.check_choice("order", order, check.ORDERS),  # type: ignore[arg-type]
        status=UNSET if status is None else check.check_choice("status", status, check.STATUSES),  # type: ignore[arg-type]
    )
    return RequestSpec.from_generated(kwargs, **_call_options(timeout, extra_headers))


def _data_source_dict(data_source: object) -> dict[str, Any]:
    """The data source as JSON (a dict, or a generated variant model), checked against the spec."""
    if isinstance(data_source, Mapping):
        return check.check_data_source_dict(data_source)
    if hasattr(data_source, "to_dict") and hasattr(data_source, "from_dict"):
        return check.check_data_source_dict(data_source.to_dict())
    raise InvalidRequestError(
        "data_source",
        "must be a data source model (jsonl, completions or responses) or a dict, "
        f"got {type(data_source).__name__}",
    )


class _CheckedBody:
    """A request body already checked against the spec, in the form the generated `_get_kwargs`
    takes (it only calls `to_dict()`): building the generated models just to turn them back into
    the same JSON would cost more than the rest of the call."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> dict[str, Any]:
        return self._data


def create_request(
    eval_id: str,
    *,
    data_source: DataSourceParam,
    name: str | None,
    metadata: Mapping[str, str] | None,
    idempotency_key: str | None,
    timeout: float | httpx.Timeout | None,
    extra_headers: Mapping[str, str] | None,
) -> RequestSpec:
    """The checked POST /evals/{eval_id}/runs request, with its Idempotency-Key."""
    body: dict[str, Any] = {"data_source": _data_source_dict(data_source)}
    if name is not None:
        body["name"] = check.check_name(name)
    if metadata is not None:
        body["metadata"] = check.check_metadata(metadata) or {}
    if idempotency_key is None:
        key = f"evalsruns-{uuid.uuid4()}"
    elif isinstance(idempotency_key, str) and not idempotency_key.strip():
        raise InvalidRequestError("idempotency_key", "must be a non-empty string")
    else:
        key = check.check_header_value("idempotency_key", idempotency_key)
    kwargs = create_eval_run._get_kwargs(
        check.check_id("eval_id", eval_id),
        body=cast(CreateEvalRunRequest, _CheckedBody(body)),
    )
    options = _call_options(timeout, extra_headers)
    # Every attempt of this call carries the same key, so a retried create cannot run twice.
    options["headers"] = {**options["headers"], "Idempotency-Key": key}
    try:
        return RequestSpec.from_generated(kwargs, **options)
    except RecursionError:
        raise InvalidRequestError(
            "data_source", "is nested too deeply to be sent as JSON"
        ) from None
    except (TypeError, ValueError) as exc:
        # What the spec leaves free-form (dataset items, tools) may hold what JSON cannot carry.
        for argument, part in body.items():
            check.check_json(argument, part)
        raise InvalidRequestError("data_source", f"cannot be sent as JSON: {exc}") from None


# -- response parsing (shared by sync and async) --------------------------------------------------


def _parsed(response: httpx.Response, secret: str, parse: Any) -> Any:
    body = decode_json(response, secret)
    try:
        return parse(body, request_id=response.headers.get("x-request-id"))
    except ShapeError as error:
        raise APIResponseValidationError(
            redact(str(error), secret), response=response, body=redact(body, secret)
        ) from None


def run_from_response(response: httpx.Response, secret: str) -> EvalRun:
    """The EvalRun of a create answer."""
    run: EvalRun = _parsed(response, secret, parse_run)
    return run


def list_body_from_response(response: httpx.Response, secret: str) -> RunListBody:
    """The parsed EvalRunList of a list answer."""
    body: RunListBody = _parsed(response, secret, parse_run_list)
    return body


# -- sync -----------------------------------------------------------------------------------------


class Runs:
    """Runs of an eval: `client.runs.list(...)` and `client.runs.create(...)`."""

    def __init__(self, client: Client) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> RunsWithRawResponse:
        """The same calls, returning a RawResponse (status, headers, request id, `.parse()`)."""
        return RunsWithRawResponse(self)

    def list(
        self,
        eval_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: str | None = None,
        status: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Page:
        """One page of runs (default 20, oldest first); iterate it to walk every page lazily.

        `order` is "asc" or "desc"; `status` one of queued, in_progress, completed, canceled,
        failed. Raises InvalidRequestError before sending on a bad argument.
        """
        return self.with_raw_response.list(
            eval_id,
            after=after,
            limit=limit,
            order=order,
            status=status,
            timeout=timeout,
            extra_headers=extra_headers,
        ).parse()

    def create(
        self,
        eval_id: str,
        *,
        data_source: DataSourceParam,
        name: str | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EvalRun:
        """Start a run. Safe to retry: every attempt sends the same Idempotency-Key."""
        return self.with_raw_response.create(
            eval_id,
            data_source=data_source,
            name=name,
            metadata=metadata,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        ).parse()


class RunsWithRawResponse:
    """`client.runs.with_raw_response`: list/create returning RawResponse objects."""

    def __init__(self, runs: Runs) -> None:
        self._client = runs._client

    def list(
        self,
        eval_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: str | None = None,
        status: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> RawResponse[Page]:
        """Like `runs.list`, but returns the raw response; `.parse()` gives the Page."""
        spec = list_request(
            eval_id,
            after=after,
            limit=limit,
            order=order,
            status=status,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        client = self._client
        secret = client._connection.secret

        def fetch(cursor: str) -> Page:
            return self.list(
                eval_id,
                after=cursor,
                limit=limit,
                order=order,
                status=status,
                timeout=timeout,
                extra_headers=extra_headers,
            ).parse()

        def to_page(response: httpx.Response) -> Page:
            body = list_body_from_response(response, secret)
            return Page(
                body.data,
                has_more=body.has_more,
                first_id=body.first_id,
                last_id=body.last_id,
                request_id=response.headers.get("x-request-id"),
                fetch=fetch,
            )

        return RawResponse(client._send(spec), to_page)

    def create(
        self,
        eval_id: str,
        *,
        data_source: DataSourceParam,
        name: str | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> RawResponse[EvalRun]:
        """Like `runs.create`, but returns the raw response; `.parse()` gives the EvalRun."""
        spec = create_request(
            eval_id,
            data_source=data_source,
            name=name,
            metadata=metadata,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        secret = self._client._connection.secret
        return RawResponse(
            self._client._send(spec), lambda response: run_from_response(response, secret)
        )


# -- async ----------------------------------------------------------------------------------------


class AsyncRuns:
    """Runs of an eval, async: `await aclient.runs.create(...)`,
    `async for run in aclient.runs.list(...)`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncRunsWithRawResponse:
        """The same calls, returning a RawResponse (status, headers, request id, `.parse()`)."""
        return AsyncRunsWithRawResponse(self)

    def list(
        self,
        eval_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: str | None = None,
        status: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> AsyncPaginator:
        """`await` it for one page, or `async for` over it for every run across all pages.

        Arguments are checked at once (InvalidRequestError), before anything is awaited.
        """
        list_request(  # check now, so a bad argument fails at the call site
            eval_id,
            after=after,
            limit=limit,
            order=order,
            status=status,
            timeout=timeout,
            extra_headers=extra_headers,
        )

        async def first_page() -> AsyncPage:
            raw = await self.with_raw_response.list(
                eval_id,
                after=after,
                limit=limit,
                order=order,
                status=status,
                timeout=timeout,
                extra_headers=extra_headers,
            )
            return raw.parse()

        return AsyncPaginator(first_page)

    async def create(
        self,
        eval_id: str,
        *,
        data_source: DataSourceParam,
        name: str | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> EvalRun:
        """Start a run. Safe to retry: every attempt sends the same Idempotency-Key."""
        raw = await self.with_raw_response.create(
            eval_id,
            data_source=data_source,
            name=name,
            metadata=metadata,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return raw.parse()


class AsyncRunsWithRawResponse:
    """`aclient.runs.with_raw_response`: list/create returning RawResponse objects."""

    def __init__(self, runs: AsyncRuns) -> None:
        self._client = runs._client

    async def list(
        self,
        eval_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: str | None = None,
        status: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> RawResponse[AsyncPage]:
        """Like `runs.list`, but returns the raw response; `.parse()` gives the AsyncPage."""
        spec = list_request(
            eval_id,
            after=after,
            limit=limit,
            order=order,
            status=status,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        secret = self._client._connection.secret

        async def fetch(cursor: str) -> AsyncPage:
            raw = await self.list(
                eval_id,
                after=cursor,
                limit=limit,
                order=order,
                status=status,
                timeout=timeout,
                extra_headers=extra_headers,
            )
            return raw.parse()

        def to_page(response: httpx.Response) -> AsyncPage:
            body = list_body_from_response(response, secret)
            return AsyncPage(
                body.data,
                has_more=body.has_more,
                first_id=body.first_id,
                last_id=body.last_id,
                request_id=response.headers.get("x-request-id"),
                fetch=fetch,
            )

        return RawResponse(await self._client._send(spec), to_page)

    async def create(
        self,
        eval_id: str,
        *,
        data_source: DataSourceParam,
        name: str | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> RawResponse[EvalRun]:
        """Like `runs.create`, but returns the raw response; `.parse()` gives the EvalRun."""
        spec = create_request(
            eval_id,
            data_source=data_source,
            name=name,
            metadata=metadata,
            idempotency_key=idempotency_key,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        secret = self._client._connection.secret
        return RawResponse(
            await self._client._send(spec), lambda response: run_from_response(response, secret)
        )
