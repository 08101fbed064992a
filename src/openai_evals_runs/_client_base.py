"""What Client and AsyncClient share: options resolved once, their properties, `with_options`,
`repr`. Everything here is free of I/O; the subclasses add the connection pool's lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, Self, TypeVar, Unpack

import httpx

from . import _config
from ._logs import setup_from_env
from ._options import ClientOptions, Settings, as_secret

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


class ClientBase(Generic[HttpT]):
    """Resolves arguments and environment variables into one checked `ClientOptions`."""

    _options: ClientOptions
    _http: HttpT
    _owns_http: bool

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
        max_response_bytes: int = _config.MAX_RESPONSE_BYTES,
        http_client: HttpT | None = None,
    ) -> None:
        api_key = as_secret(api_key)  # type: ignore[assignment]  # no frame local spells the key
        setup_from_env()
        self._options = ClientOptions.resolve(
            api_key=api_key,
            base_url=base_url,
            organization=organization,
            project=project,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
        )
        self._owns_http = http_client is None
        self._http = self._new_http() if http_client is None else http_client

    def _new_http(self) -> HttpT:
        """The connection pool this client creates (and closes) when none is given."""
        raise NotImplementedError

    @property
    def api_key(self) -> str:
        """The API key in use (never shown by repr, logs or errors)."""
        return self._options.api_key.reveal()

    @property
    def base_url(self) -> str:
        """The API's base URL, without a trailing slash."""
        return self._options.base_url

    @property
    def organization(self) -> str | None:
        """The OpenAI-Organization header's value, if any."""
        return self._options.organization

    @property
    def project(self) -> str | None:
        """The OpenAI-Project header's value, if any."""
        return self._options.project

    @property
    def timeout(self) -> httpx.Timeout:
        """The default timeout of every request."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried by default."""
        return self._options.max_retries

    def with_options(self, **changes: Unpack[Settings]) -> Self:
        """A copy with the given options changed (`api_key`, `base_url`, `organization`,
        `project`, `timeout`, `max_retries`, `default_headers`); it shares this client's
        connection pool."""
        copy = object.__new__(type(self))
        copy._options = self._options.evolve(**changes)
        copy._http = self._http
        copy._owns_http = False
        return copy

    def __repr__(self) -> str:
        options = getattr(self, "_options", None)
        if options is None:  # a half-built client, shown in a traceback of its constructor
            return f"<{type(self).__name__} (not configured)>"
        return (
            f"{type(self).__name__}(base_url={options.base_url!r}, "
            f"organization={options.organization!r}, "
            f"project={options.project!r}, max_retries={options.max_retries}, "
            f"timeout={options.timeout!r})"
        )
