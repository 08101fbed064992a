"""Client: the synchronous entry point."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Self

import httpx

from . import _config
from ._client_base import ClientBase
from ._drivers import SyncRequester

if TYPE_CHECKING:
    from .runs import Runs


class Client(ClientBase[httpx.Client, Callable[[], str]]):
    """Synchronous client for the Evals runs API.

    Configuration comes from the arguments, else OPENAI_API_KEY, OPENAI_BASE_URL,
    OPENAI_ORG_ID and OPENAI_PROJECT_ID. A missing key raises InvalidRequestError here.
    `api_key` may be a function returning a fresh token, called once per attempt (token
    refresh). Use it as a context manager (or call `close()`) to release its connections.
    """

    _http_class = httpx.Client
    _is_async = False

    def _new_http(self) -> httpx.Client:
        return httpx.Client(limits=_config.DEFAULT_CONNECTION_LIMITS, follow_redirects=False)

    @cached_property
    def runs(self) -> Runs:
        """List and create runs: `client.runs.list(...)`, `client.runs.create(...)`."""
        # Loaded on first use: a script that only configures a client never pays for it.
        from .runs import Runs  # noqa: PLC0415 - resources load on first use of .runs

        return Runs(SyncRequester(self._http, self._options))

    def close(self) -> None:
        """Close the connections (only those of a pool this client created)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
