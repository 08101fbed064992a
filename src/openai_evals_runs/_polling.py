"""Waiting for a run to finish, sans-IO: a plan that says which page to fetch or how long to sleep.

The API has no "get one run" operation, only the list. Re-listing the eval on every poll would cost
a page per 100 runs, so the plan finds the run through cursors instead (`after` takes any run id,
and the list is ordered by creation, so "after X" means older than X with `order=desc` and newer
with `order=asc`):

1. locate (first poll, 2 requests): `list(order="desc", after=RUN, limit=1)` names the run just
   older than RUN (the anchor; none when RUN is the oldest), then `list(order="asc", after=ANCHOR,
   limit=1)` (no `after` when there is no anchor) returns the run right after it: RUN itself.
2. every later poll (1 request): the same `list(order="asc", after=ANCHOR, limit=1)`. Runs are only
   ever added as the newest, so the run after the anchor stays RUN however many runs are created.

Every answer is checked: the run returned must have RUN's id. When it does not (the anchor is gone,
or a server orders or takes cursors differently) the plan locates again; when locating fails too, or
the server refuses RUN as a cursor (400), it falls back to scanning the list newest first, 100 runs
a page, which is correct on any server (slower: one page per 100 newer runs) and is the scan that
decides `RunNotFoundError`. The status filter cannot help: it narrows a listing but cannot pin one
run without a cursor next to it.

Errors while polling: the client already retries each request; an error that is still transient
after that (connection, timeout, 408, 409, 429, 5xx) only costs this poll, and the wait goes on
until its timeout. Any other error (401, 404 for the eval, an invalid answer) ends the wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Generator, Sequence
from typing import NamedTuple

import httpx

from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    EvalsRunsError,
    InvalidRequestError,
    PollTimeoutError,
    RunNotFoundError,
)
from ._models import EvalRun
from ._operations import ListRunsParams
from ._validation import check_id

__all__ = ["Fetch", "Listing", "PollSettings", "Sleep", "poll_plan"]

SCAN_PAGE_SIZE = 100
"""Runs per page when scanning (the API's largest page)."""

MIN_REQUEST_TIMEOUT = 0.1
"""The shortest timeout a request of a wait gets, however little of the wait is left."""


class Fetch(NamedTuple):
    """Fetch this page and send its Listing back (or throw the error the call raised).

    `timeout` (seconds, None: the client's) bounds each attempt: the time left of the wait.
    """

    params: ListRunsParams
    timeout: float | None = None


class Sleep(NamedTuple):
    """Sleep this long, then send None back."""

    seconds: float


class Listing(NamedTuple):
    """What the plan needs of a page."""

    data: Sequence[EvalRun]
    has_more: bool


Plan = Generator[Fetch | Sleep, Listing | None, EvalRun]


class PollSettings(NamedTuple):
    """`poll_interval` and `timeout` of a wait, checked."""

    poll_interval: float = 5.0
    timeout: float | None = None

    @classmethod
    def of(cls, poll_interval: object, timeout: object) -> PollSettings:
        """Checked settings; InvalidRequestError names a bad one."""
        return cls(_seconds("poll_interval", poll_interval, positive=True), _timeout(timeout))


def _seconds(name: str, value: object, *, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidRequestError(name, f"must be a finite number of seconds, got {value!r}")
    if value < 0 or (positive and value == 0):
        bound = "> 0" if positive else ">= 0"
        raise InvalidRequestError(name, f"must be {bound}, got {value!r}")
    return float(value)


def _timeout(value: object) -> float | None:
    return None if value is None else _seconds("timeout", value, positive=False)


def request_timeout(client_timeout: httpx.Timeout, step: Fetch) -> httpx.Timeout | None:
    """The timeout of a Fetch's request: the client's, each part cut to the time the wait has
    left (None: the client's as it is)."""
    left = step.timeout
    if left is None:
        return None

    def cut(part: float | None) -> float:
        return left if part is None else min(part, left)

    return httpx.Timeout(
        connect=cut(client_timeout.connect),
        read=cut(client_timeout.read),
        write=cut(client_timeout.write),
        pool=cut(client_timeout.pool),
    )


def is_transient(error: EvalsRunsError) -> bool:
    """Whether an error that outlived the client's retries is still worth the next poll."""
    if isinstance(error, APIConnectionError):
        return True
    if isinstance(error, APIStatusError):
        return error.status_code in (408, 409, 429) or error.status_code >= 500
    return False


def poll_plan(
    eval_id: str,
    run_id: str,
    settings: PollSettings,
    *,
    clock: Callable[[], float] = time.monotonic,
    on_state: Callable[[EvalRun], object] | None = None,
) -> Plan:
    """The plan of one wait: returns the run once it is finished (`EvalRun.is_finished`).

    Raises PollTimeoutError once `settings.timeout` seconds have passed (the run is read one
    last time at the deadline), RunNotFoundError when the eval has no such run. `on_state` sees
    every state read (progress reports).
    """
    check_id("eval_id", eval_id)
    check_id("run_id", run_id)
    deadline = None if settings.timeout is None else clock() + settings.timeout

    def time_left() -> float | None:
        # A request must not outlive the wait: each attempt gets at most the time left.
        return None if deadline is None else max(deadline - clock(), MIN_REQUEST_TIMEOUT)

    finder = _Finder(eval_id, run_id, time_left)
    last: EvalRun | None = None
    while True:
        try:
            last = yield from finder.find()
        except EvalsRunsError as error:
            if not is_transient(error):
                raise
            if deadline is not None and clock() >= deadline:
                raise PollTimeoutError(eval_id, run_id, settings.timeout or 0.0, last) from error
        else:
            if on_state is not None:
                on_state(last)
            if last.is_finished:
                return last
        if deadline is not None:
            remaining = deadline - clock()
            if remaining <= 0:
                raise PollTimeoutError(eval_id, run_id, settings.timeout or 0.0, last)
            yield Sleep(min(settings.poll_interval, remaining))
        else:
            yield Sleep(settings.poll_interval)


class _Finder:
    """Reads one run's current state in as few requests as the server allows (module doc)."""

    def __init__(self, eval_id: str, run_id: str, time_left: Callable[[], float | None]) -> None:
        self.eval_id = eval_id
        self.run_id = run_id
        self.time_left = time_left
        self.located = False
        self.anchor: str | None = None  # the run just older than run_id; None: run_id is oldest
        self.scanning = False  # the cursor strategy failed on this server: scan from now on

    def find(self) -> Generator[Fetch | Sleep, Listing | None, EvalRun]:
        """The run's current state."""
        if not self.scanning:
            if self.located:
                run = yield from self._next_after_anchor()
                if run is not None:
                    return run
            run = yield from self._locate()
            if run is not None:
                return run
            self.scanning = True
        return (yield from self._scan())

    def _next_after_anchor(self) -> Generator[Fetch | Sleep, Listing | None, EvalRun | None]:
        params = ListRunsParams(self.eval_id, after=self.anchor, limit=1, order="asc")
        listing = yield Fetch(params, self.time_left())
        assert listing is not None  # a Fetch is always answered with a Listing
        if listing.data and listing.data[0].id == self.run_id:
            return listing.data[0]
        return None

    def _locate(self) -> Generator[Fetch | Sleep, Listing | None, EvalRun | None]:
        params = ListRunsParams(self.eval_id, after=self.run_id, limit=1, order="desc")
        try:
            before = yield Fetch(params, self.time_left())
        except BadRequestError:
            # The server refuses run_id as a cursor: an unknown id, or cursors it does not take.
            return None
        assert before is not None
        self.anchor = before.data[0].id if before.data else None
        self.located = True
        run = yield from self._next_after_anchor()
        self.located = run is not None
        return run

    def _scan(self) -> Generator[Fetch | Sleep, Listing | None, EvalRun]:
        after: str | None = None
        seen: set[str] = set()
        while True:
            params = ListRunsParams(self.eval_id, after=after, limit=SCAN_PAGE_SIZE, order="desc")
            listing = yield Fetch(params, self.time_left())
            assert listing is not None
            for run in listing.data:
                if run.id == self.run_id:
                    return run
            # A server that repeats a page would keep this loop going: a seen cursor ends it.
            if not listing.has_more or not listing.data or listing.data[-1].id in seen:
                raise RunNotFoundError(self.eval_id, self.run_id)
            after = listing.data[-1].id
            seen.add(after)


def drive_sync(
    plan: Plan, fetch: Callable[[Fetch], Listing], sleep: Callable[[float], object]
) -> EvalRun:
    """Run a plan with blocking calls."""
    try:
        step = next(plan)
        while True:
            if isinstance(step, Sleep):
                sleep(step.seconds)
                step = plan.send(None)
                continue
            try:
                listing = fetch(step)
            except EvalsRunsError as error:
                step = plan.throw(error)
            else:
                step = plan.send(listing)
    except StopIteration as stop:
        result: EvalRun = stop.value
        return result


async def drive_async(
    plan: Plan,
    fetch: Callable[[Fetch], Awaitable[Listing]],
    sleep: Callable[[float], Awaitable[object]],
) -> EvalRun:
    """Run a plan with awaited calls."""
    try:
        step = next(plan)
        while True:
            if isinstance(step, Sleep):
                await sleep(step.seconds)
                step = plan.send(None)
                continue
            try:
                listing = await fetch(step)
            except EvalsRunsError as error:
                step = plan.throw(error)
            else:
                step = plan.send(listing)
    except StopIteration as stop:
        result: EvalRun = stop.value
        return result
