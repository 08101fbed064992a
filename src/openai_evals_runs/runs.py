"""`client.runs`: list and create eval runs, and wait for them.

Every signature is written once, in `_Runs` (and `_PollingRuns` for the waits, which the
`with_raw_response` twins do not offer); the four resources (`Runs`, `AsyncRuns` and their
`with_raw_response` twins) differ only in what a call returns, derived from the one definition of
each operation in `_operations` (its params, checks, request and parsing). A wait is a plan of list
calls and sleeps (`_polling`), run by a blocking or an awaiting driver.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Generic, TypeVar

import httpx

from ._drivers import AsyncRequester, SyncRequester
from ._exceptions import APIResponseValidationError, InvalidRequestError
from ._models import EvalRun
from ._operations import (
    CREATE_RUN,
    LIST_RUNS,
    CallOptions,
    CreateRunParams,
    DataSourceParam,
    ListRunsParams,
)
from ._pagination import AsyncPage, AsyncPaginator, Page
from ._polling import (
    Fetch,
    Listing,
    PollSettings,
    drive_async,
    drive_sync,
    poll_plan,
    request_timeout,
)
from ._response import RawResponse
from ._validation import check_id

if TYPE_CHECKING:
    # The spec's enums as Literal types, generated from it; for the type checker only, so listing
    # never loads the generated package.
    from .types import ListOrder, ListStatus

__all__ = [
    "AsyncRuns",
    "AsyncRunsWithRawResponse",
    "DataSourceParam",
    "Runs",
    "RunsWithRawResponse",
]

ListT = TypeVar("ListT")
CreateT = TypeVar("CreateT")


class _Runs(Generic[ListT, CreateT]):
    """The public signatures of `runs.list` and `runs.create`, written once; each resource
    says what a call returns (`_list`, `_create`)."""

    def list(
        self,
        eval_id: str,
        *,
        after: str | None = None,
        limit: int | None = None,
        order: ListOrder | None = None,
        status: ListStatus | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
    ) -> ListT:
        """One page of runs (default 20, oldest first); iterate it to walk every page lazily.

        `order` is "asc" or "desc"; `status` one of the spec's statuses (queued, in_progress,
        completed, canceled, failed). Raises InvalidRequestError before sending on a bad
        argument. On an async client, `await` it for one page or `async for` over it.
        `extra_query` (and `extra_body`, a JSON body) are sent as given on every page, merged at
        the top level over the arguments: a query parameter the API added after this package.
        """
        params = ListRunsParams(eval_id, after=after, limit=limit, order=order, status=status)
        return self._list(params, CallOptions(timeout, extra_headers, extra_query, extra_body))

    def create(
        self,
        eval_id: str,
        *,
        data_source: DataSourceParam,
        name: str | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        strict: bool = True,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
    ) -> CreateT:
        """Start a run. Safe to retry: every attempt sends the same Idempotency-Key.

        `data_source` is checked against the spec before sending: an unknown field of an object
        the spec defines is refused (the API would ignore it), naming it and the closest field.
        `strict=False` sends unknown fields and enum values as given (a field or data-source
        `type` the API added after this package), logged once at WARNING; other problems (a wrong
        type, a missing field) are still refused. `extra_body` is merged at the top level of the
        JSON body (over `name`, `metadata`, even `data_source`) and `extra_query` into the query,
        both sent as given.
        """
        params = CreateRunParams(
            eval_id,
            data_source=data_source,
            name=name,
            metadata=metadata,
            idempotency_key=idempotency_key,
            strict=strict,
        )
        return self._create(params, CallOptions(timeout, extra_headers, extra_query, extra_body))

    def _list(self, params: ListRunsParams, options: CallOptions) -> ListT:
        raise NotImplementedError

    def _create(self, params: CreateRunParams, options: CallOptions) -> CreateT:
        raise NotImplementedError


class _PollingRuns(_Runs[ListT, CreateT]):
    """The waits, `runs.poll` and `runs.create_and_poll`, written once; each resource says how a
    wait runs (`_poll`, `_create_and_poll`)."""

    def poll(
        self,
        eval_id: str,
        run_id: str,
        *,
        poll_interval: float = 5.0,
        timeout: float | None = None,
    ) -> CreateT:
        """The run once it is finished: any status but queued and in_progress (an unknown one
        counts as finished).

        `timeout` bounds the whole wait in seconds (None: no limit; each attempt of a request
        is cut to the time left); when it passes,
        PollTimeoutError (`.run` is the last state seen). RunNotFoundError when the eval has no
        such run. Each poll costs one list request (two on the first), however many runs the eval
        holds; transient errors are retried until the timeout.
        """
        settings = PollSettings.of(poll_interval, timeout)
        return self._poll(eval_id, run_id, settings)

    def create_and_poll(
        self,
        eval_id: str,
        *,
        data_source: DataSourceParam,
        name: str | None = None,
        metadata: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        strict: bool = True,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        poll_interval: float = 5.0,
        timeout: float | None = None,
    ) -> CreateT:
        """Start a run (`create`, with the same keywords), then wait for it (`poll`). `timeout`
        bounds the wait, not the create (which has the client's timeout per attempt); the extras
        go with the create only."""
        settings = PollSettings.of(poll_interval, timeout)
        params = CreateRunParams(eval_id, data_source, name, metadata, idempotency_key, strict)
        options = CallOptions(None, extra_headers, extra_query, extra_body)
        return self._create_and_poll(params, options, settings)

    def _poll(self, eval_id: str, run_id: str, settings: PollSettings) -> CreateT:
        raise NotImplementedError

    def _create_and_poll(
        self, params: CreateRunParams, options: CallOptions, settings: PollSettings
    ) -> CreateT:
        raise NotImplementedError


def _next_page(params: ListRunsParams, cursor: str, response: httpx.Response) -> ListRunsParams:
    """The params of the page after the one `response` answered: the server's cursor as `after`,
    refused as an invalid answer (not as the caller's argument) when it is not a valid id."""
    try:
        check_id("after", cursor)
    except InvalidRequestError as error:
        raise APIResponseValidationError(
            f"the next-page cursor (last_id) {cursor[:80]!r} cannot be sent back: {error}",
            response=response,
        ) from None
    return params._replace(after=cursor)


async def _asyncio_sleep(seconds: float) -> None:
    """`asyncio.sleep`, imported on first use: the sync client (and the CLI) never load asyncio,
    about 20 ms of a cold start."""
    import asyncio  # noqa: PLC0415 - the sync client and the CLI never load asyncio

    await asyncio.sleep(seconds)


# -- sync -----------------------------------------------------------------------------------------


class RunsWithRawResponse(_Runs[RawResponse[Page], RawResponse[EvalRun]]):
    """`client.runs.with_raw_response`: list/create returning RawResponse objects (status,
    headers, request id); `.parse()` gives the Page or EvalRun."""

    def __init__(self, requester: SyncRequester) -> None:
        self._requester = requester

    def _list(self, params: ListRunsParams, options: CallOptions) -> RawResponse[Page]:
        requester = self._requester
        done = requester.send(LIST_RUNS.request(params, options))
        response = done.response

        def fetch(cursor: str) -> Page:
            return self._list(_next_page(params, cursor, response), options).parse()

        def to_page(response: httpx.Response) -> Page:
            body = LIST_RUNS.parse(response, done.secret)
            return Page.of(body, response, fetch)

        return RawResponse(response, to_page, retries_taken=done.retries_taken)

    def _create(self, params: CreateRunParams, options: CallOptions) -> RawResponse[EvalRun]:
        done = self._requester.send(CREATE_RUN.request(params, options))
        parse = partial(CREATE_RUN.parse, secret=done.secret)
        return RawResponse(done.response, parse, retries_taken=done.retries_taken)


class Runs(_PollingRuns[Page, EvalRun]):
    """Runs of an eval: `client.runs.list(...)`, `.create(...)`, `.poll(...)`,
    `.create_and_poll(...)`."""

    # How a wait tells time and sleeps (tests swap in a clock they move themselves).
    _clock: Callable[[], float] = staticmethod(time.monotonic)
    _sleep: Callable[[float], object] = staticmethod(time.sleep)

    def __init__(self, requester: SyncRequester) -> None:
        self.with_raw_response: RunsWithRawResponse = RunsWithRawResponse(requester)
        """The same calls, returning a RawResponse (status, headers, request id, `.parse()`)."""

    def _list(self, params: ListRunsParams, options: CallOptions) -> Page:
        return self.with_raw_response._list(params, options).parse()

    def _create(self, params: CreateRunParams, options: CallOptions) -> EvalRun:
        return self.with_raw_response._create(params, options).parse()

    def _poll(self, eval_id: str, run_id: str, settings: PollSettings) -> EvalRun:
        plan = poll_plan(eval_id, run_id, settings, clock=self._clock)

        client_timeout = self.with_raw_response._requester.options.timeout

        def fetch(step: Fetch) -> Listing:
            page = self._list(step.params, CallOptions(request_timeout(client_timeout, step)))
            return Listing(page.data, page.has_more)

        return drive_sync(plan, fetch, self._sleep)

    def _create_and_poll(
        self, params: CreateRunParams, options: CallOptions, settings: PollSettings
    ) -> EvalRun:
        run = self._create(params, options)
        return run if run.is_finished else self._poll(run.eval_id, run.id, settings)


# -- async ----------------------------------------------------------------------------------------


class AsyncRunsWithRawResponse(
    _Runs[Awaitable[RawResponse[AsyncPage]], Awaitable[RawResponse[EvalRun]]]
):
    """`aclient.runs.with_raw_response`: list/create returning RawResponse objects."""

    def __init__(self, requester: AsyncRequester) -> None:
        self._requester = requester

    async def _list(self, params: ListRunsParams, options: CallOptions) -> RawResponse[AsyncPage]:
        requester = self._requester
        done = await requester.send(LIST_RUNS.request(params, options))
        response = done.response

        async def fetch(cursor: str) -> AsyncPage:
            return (await self._list(_next_page(params, cursor, response), options)).parse()

        def to_page(response: httpx.Response) -> AsyncPage:
            body = LIST_RUNS.parse(response, done.secret)
            return AsyncPage.of(body, response, fetch)

        return RawResponse(response, to_page, retries_taken=done.retries_taken)

    async def _create(self, params: CreateRunParams, options: CallOptions) -> RawResponse[EvalRun]:
        done = await self._requester.send(CREATE_RUN.request(params, options))
        parse = partial(CREATE_RUN.parse, secret=done.secret)
        return RawResponse(done.response, parse, retries_taken=done.retries_taken)


class AsyncRuns(_PollingRuns[AsyncPaginator, Awaitable[EvalRun]]):
    """Runs of an eval, async: `await aclient.runs.create(...)`,
    `async for run in aclient.runs.list(...)`, `await aclient.runs.poll(...)`."""

    # How a wait tells time and sleeps (tests swap in a clock they move themselves).
    _clock: Callable[[], float] = staticmethod(time.monotonic)
    _sleep: Callable[[float], Awaitable[object]] = staticmethod(_asyncio_sleep)

    def __init__(self, requester: AsyncRequester) -> None:
        self.with_raw_response: AsyncRunsWithRawResponse = AsyncRunsWithRawResponse(requester)
        """The same calls, returning a RawResponse (status, headers, request id, `.parse()`)."""

    def _list(self, params: ListRunsParams, options: CallOptions) -> AsyncPaginator:
        LIST_RUNS.request(params, options)  # check now, so a bad argument fails at the call site

        async def first_page() -> AsyncPage:
            return (await self.with_raw_response._list(params, options)).parse()

        return AsyncPaginator(first_page)

    async def _create(self, params: CreateRunParams, options: CallOptions) -> EvalRun:
        return (await self.with_raw_response._create(params, options)).parse()

    async def _poll(self, eval_id: str, run_id: str, settings: PollSettings) -> EvalRun:
        plan = poll_plan(eval_id, run_id, settings, clock=self._clock)

        client_timeout = self.with_raw_response._requester.options.timeout

        async def fetch(step: Fetch) -> Listing:
            options = CallOptions(request_timeout(client_timeout, step))
            raw = await self.with_raw_response._list(step.params, options)
            page = raw.parse()
            return Listing(page.data, page.has_more)

        return await drive_async(plan, fetch, self._sleep)

    async def _create_and_poll(
        self, params: CreateRunParams, options: CallOptions, settings: PollSettings
    ) -> EvalRun:
        run = await self._create(params, options)
        return run if run.is_finished else await self._poll(run.eval_id, run.id, settings)
