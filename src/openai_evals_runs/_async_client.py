"""AsyncClient: the asyncio entry point (imported only when used)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from . import _config
from ._base_client import BaseClient
from ._transport import RequestSpec, send_async

if TYPE_CHECKING:
    from .runs import AsyncRuns


class AsyncClient(BaseClient):
    """Asyncio client for the Evals runs API.

    Configuration comes from the arguments, else OPENAI_API_KEY, OPENAI_BASE_URL,
    OPENAI_ORG_ID and OPENAI_PROJECT_ID. A missing key raises InvalidRequestError here. Use it as a
    `async with` block (or await `close()`) to release its connections.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = _config.DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            organization=organization,
            project=project,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            limits=_config.DEFAULT_CONNECTION_LIMITS, follow_redirects=False
        )

    @cached_property
    def runs(self) -> AsyncRuns:
        """List and create runs: `aclient.runs.list(...)`, `await aclient.runs.create(...)`."""
        # Loaded on first use: the generated models cost more to import than the rest.
        from .runs import AsyncRuns

        return AsyncRuns(self)

    async def _send(self, spec: RequestSpec) -> httpx.Response:
        return await send_async(self._http, self._connection, spec)

    async def close(self) -> None:
        """Close the connections (only those of a pool this client created)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
