"""Pages of runs, and lazy iteration across them.

A page holds one answer of the list call. Iterating a page yields every run from it and the pages
after it, fetching `after=<last id>` (with the caller's limit, order and status) only when needed,
while `has_more` is true. Iteration stops, with a warning in the log, if a page is empty or the
cursor does not advance, so a misbehaving server cannot make it loop forever.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from ._exceptions import InvalidRequestError
from ._jsoncopy import copy_json, dump_json
from ._logs import logger
from ._models import EvalRun

if TYPE_CHECKING:
    import httpx

    from ._parsing import RunListBody

FetchT = TypeVar("FetchT")
PageT = TypeVar("PageT", bound="_PageFields[Any]")


class _PageFields(Generic[FetchT]):
    """What sync and async pages share: the fields of an EvalRunList, how to fetch the next page
    (`FetchT`: a function of the cursor, sync or async) and the next cursor."""

    def __init__(
        self,
        data: list[EvalRun],
        *,
        has_more: bool,
        first_id: str | None,
        last_id: str | None,
        request_id: str | None = None,
        fetch: FetchT | None = None,
    ) -> None:
        self.data = data
        self.has_more = has_more
        self.first_id = first_id
        self.last_id = last_id
        self.request_id = request_id
        self._fetch = fetch
        self._raw: dict[str, Any] | None = None  # the body as sent, when the page came from one
        self._cursor_depths: dict[str, int] = {}
        self._depth = 0

    @classmethod
    def of(cls, body: RunListBody, response: httpx.Response, fetch: FetchT) -> Self:
        """The page of a parsed list answer, fetching the next one with `fetch(cursor)`."""
        page = cls(
            body.data,
            has_more=body.has_more,
            first_id=body.first_id,
            last_id=body.last_id,
            request_id=response.headers.get("x-request-id"),
            fetch=fetch,
        )
        page._raw = body.raw
        return page

    def to_dict(self) -> dict[str, Any]:
        """This page's body exactly as the server sent it (`object`, `data` with every run's
        fields, `first_id`, `last_id`, `has_more`, and any field added later); a deep copy."""
        if self._raw is not None:
            return copy_json(self._raw)  # type: ignore[no-any-return]  # a dict stays a dict
        return {
            "object": "list",
            "data": [run.to_dict() for run in self.data],
            "first_id": self.first_id,
            "last_id": self.last_id,
            "has_more": self.has_more,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (`indent` spaces per level, None for one line)."""
        # The body as sent needs no copy to be written.
        return dump_json(self._raw if self._raw is not None else self.to_dict(), indent=indent)

    def has_next_page(self) -> bool:
        """Whether another page can be fetched."""
        return self._fetch is not None and self.next_cursor() is not None

    def next_cursor(self) -> str | None:
        """The `after` value for the next page, or None when this is the last one."""
        if not self.has_more:
            return None
        if not self.data:
            logger.warning("list page has has_more=true but no runs; stopping pagination")
            return None
        cursor = self.last_id or self.data[-1].id
        if self._cursor_depths.get(cursor, self._depth + 1) <= self._depth:
            logger.warning("list cursor did not advance (%s); stopping pagination", cursor)
            return None
        return cursor

    def _follow(self, page: PageT, cursor: str) -> PageT:
        """Link `page`, fetched with `cursor` from this one, into the chain of pages.

        The chain shares one dict of the cursors used and the depth of the page each fetched: a
        cursor that fetched this page or one before it means the server is looping. Sharing it
        keeps the check O(1) per page however many pages are walked; fetching the same next page
        twice records the same depth, so it is not mistaken for a loop.
        """
        self._cursor_depths.setdefault(cursor, self._depth + 1)
        page._cursor_depths = self._cursor_depths
        page._depth = self._depth + 1
        return page

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(runs={len(self.data)}, has_more={self.has_more}, "
            f"first_id={self.first_id!r}, last_id={self.last_id!r})"
        )


def _budget(max_pages: int | None) -> Iterator[bool]:
    """For each page allowed, whether another may follow it (`max_pages` None: always)."""
    if max_pages is None:
        return itertools.repeat(True)
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise InvalidRequestError("max_pages", f"must be a positive integer, got {max_pages!r}")
    return (index < max_pages - 1 for index in range(max_pages))


class Page(_PageFields[Callable[[str], "Page"]]):
    """One page of runs. `for run in page` walks every run of this and the following pages."""

    def next_page(self) -> Page | None:
        """Fetch the next page (one request), or None after the last one."""
        cursor = self.next_cursor()
        if cursor is None or self._fetch is None:
            return None
        return self._follow(self._fetch(cursor), cursor)

    def iter_pages(self, *, max_pages: int | None = None) -> Iterator[Page]:
        """This page, then each following page, fetched one request at a time; with
        `max_pages`, at most that many pages in all (this one included)."""
        page = self
        for another in _budget(max_pages):
            yield page
            following = page.next_page() if another else None
            if following is None:
                return
            page = following

    def __iter__(self) -> Iterator[EvalRun]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageFields[Callable[[str], Awaitable["AsyncPage"]]]):
    """One page of runs (async). `async for run in page` walks this and the following pages."""

    async def next_page(self) -> AsyncPage | None:
        """Fetch the next page (one request), or None after the last one."""
        cursor = self.next_cursor()
        if cursor is None or self._fetch is None:
            return None
        return self._follow(await self._fetch(cursor), cursor)

    async def iter_pages(self, *, max_pages: int | None = None) -> AsyncIterator[AsyncPage]:
        """This page, then each following page, fetched one request at a time; with
        `max_pages`, at most that many pages in all (this one included)."""
        page = self
        for another in _budget(max_pages):
            yield page
            following = await page.next_page() if another else None
            if following is None:
                return
            page = following

    async def __aiter__(self) -> AsyncIterator[EvalRun]:
        async for page in self.iter_pages():
            for run in page.data:
                yield run


class AsyncPaginator:
    """What `AsyncClient.runs.list()` returns: `await` it for the first page, or `async for`
    over it for every run across all pages."""

    def __init__(self, first_page: Callable[[], Awaitable[AsyncPage]]) -> None:
        self._first_page = first_page

    def __await__(self) -> Generator[object, None, AsyncPage]:
        return self._first_page().__await__()

    async def iter_pages(self, *, max_pages: int | None = None) -> AsyncIterator[AsyncPage]:
        """Every page, starting with the first; with `max_pages`, at most that many."""
        _budget(max_pages)  # checked before the first request
        page = await self._first_page()
        async for each in page.iter_pages(max_pages=max_pages):
            yield each

    async def __aiter__(self) -> AsyncIterator[EvalRun]:
        page = await self._first_page()
        async for run in page:
            yield run
