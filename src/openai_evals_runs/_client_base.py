"""What Client and AsyncClient share: options resolved once, their properties, `with_options`,
`repr`. Everything here is free of I/O; the subclasses add the connection pool's lifecycle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar, Unpack

import httpx

from . import _config
from ._exceptions import InvalidRequestError
from ._logs import setup_from_env
from ._options import ClientOptions, QueryValue, Settings, as_secret

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
# What `api_key` may be besides a str: a function returning a fresh token per attempt (sync
# clients), or one that may also be async (async clients).
ProviderT = TypeVar("ProviderT", Callable[[], str], Callable[[], str | Awaitable[str]])


class ClientBase(Generic[HttpT, ProviderT]):
    """Resolves arguments and environment variables into one checked `ClientOptions`."""

    _options: ClientOptions
    _http: HttpT
    _owns_http: bool
    # The httpx client class this client sends with, and whether async token providers fit.
    _http_class: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]
    _is_async: ClassVar[bool] = False

    def __init__(
        self,
        *,
        api_key: str | ProviderT | None = None,
        base_url: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = _config.DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, QueryValue] | None = None,
        max_response_bytes: int = _config.MAX_RESPONSE_BYTES,
        http_client: HttpT | None = None,
    ) -> None:
        api_key = as_secret(api_key)  # type: ignore[assignment]  # no frame local spells the key
        setup_from_env()
        options = ClientOptions.resolve(
            allow_async=self._is_async,
            api_key=api_key,
            base_url=base_url,
            organization=organization,
            project=project,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            max_response_bytes=max_response_bytes,
        )
        self._configure(options, http_client)

    def _configure(self, options: ClientOptions, http_client: HttpT | None) -> None:
        """Take the resolved options and the connection pool (a new one when none is given)."""
        self._options = options
        self._owns_http = http_client is None
        self._http = self._new_http() if http_client is None else self._checked_http(http_client)

    def _checked_http(self, http_client: object) -> HttpT:
        if not isinstance(http_client, self._http_class):
            raise InvalidRequestError(
                "http_client",
                f"must be an {self._http_class.__module__}.{self._http_class.__name__} for "
                f"{type(self).__name__}, got {type(http_client).__name__}",
            )
        return http_client  # type: ignore[return-value]  # the class HttpT stands for

    def _new_http(self) -> HttpT:
        """The connection pool this client creates (and closes) when none is given."""
        raise NotImplementedError

    @property
    def api_key(self) -> str:
        """The API key in use (never shown by repr, logs or errors); with a token provider, the
        token it returned last ("" before the first request)."""
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

    @property
    def default_query(self) -> Mapping[str, QueryValue]:
        """Query parameters sent with every request (below a call's own and its extra_query)."""
        return self._options.default_query

    def with_options(
        self, *, http_client: HttpT | None = None, **changes: Unpack[Settings]
    ) -> Self:
        """A copy with the given options changed (`api_key`, `base_url`, `organization`,
        `project`, `timeout`, `max_retries`, `default_headers`, `default_query`,
        `max_response_bytes`); it shares this client's connection pool, or uses `http_client`
        (which neither client closes). As in openai-python, `default_headers` and
        `default_query` are added to this client's, and `set_default_headers` /
        `set_default_query` replace them. `copy` is the same method, as in openai-python."""
        return self._copy_with(self._evolve(changes), http_client)

    copy = with_options

    def _evolve(self, changes: Mapping[str, Any]) -> ClientOptions:
        """The options of a copy with `changes` (each client kind resolves its own)."""
        return self._options.evolve(allow_async=self._is_async, **changes)

    def _copy_with(self, options: ClientOptions, http_client: HttpT | None) -> Self:
        copy = object.__new__(type(self))
        copy._options = options
        copy._http = self._http if http_client is None else self._checked_http(http_client)
        copy._owns_http = False
        return copy

    def __repr__(self) -> str:
        options = getattr(self, "_options", None)
        if options is None:  # a half-built client, shown in a traceback of its constructor
            return f"<{type(self).__name__} (not configured)>"
        return f"{type(self).__name__}({self._shown(options)})"

    def _shown(self, options: ClientOptions) -> str:
        """What repr shows: where it sends and how, never a credential."""
        return (
            f"base_url={options.base_url!r}, organization={options.organization!r}, "
            f"project={options.project!r}, max_retries={options.max_retries}, "
            f"timeout={options.timeout!r}"
        )
