"""AsyncClient: the asyncio entry point (imported only when used)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Self

import httpx

from . import _config
from ._client_base import ClientBase
from ._drivers import AsyncRequester

if TYPE_CHECKING:
    from .runs import AsyncRuns


class AsyncClient(ClientBase[httpx.AsyncClient, Callable[[], str | Awaitable[str]]]):
    """Asyncio client for the Evals runs API.

    Configuration comes from the arguments, else OPENAI_API_KEY, OPENAI_BASE_URL,
    OPENAI_ORG_ID and OPENAI_PROJECT_ID. A missing key raises InvalidRequestError here.
    `api_key` may be a function (plain or async) returning a fresh token, called once per
    attempt (token refresh). Use it as a `async with` block (or await `close()`) to release its
    connections.
    """

    _http_class = httpx.AsyncClient
    _is_async = True

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(limits=_config.DEFAULT_CONNECTION_LIMITS, follow_redirects=False)

    @cached_property
    def runs(self) -> AsyncRuns:
        """List and create runs: `aclient.runs.list(...)`, `await aclient.runs.create(...)`."""
        from .runs import AsyncRuns  # noqa: PLC0415 - resources load on first use of .runs

        return AsyncRuns(AsyncRequester(self._http, self._options))

    async def close(self) -> None:
        """Close the connections (only those of a pool this client created)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
