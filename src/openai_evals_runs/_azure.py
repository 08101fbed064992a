"""Azure OpenAI: `AzureClient` and `AsyncAzureClient`, and how their settings resolve.

As openai-python's `AzureOpenAI`: requests go to `{azure_endpoint}/openai/evals/{eval_id}/runs`
with `?api-version=...` on every request, authenticated by an `api-key` header (a key) or
`Authorization: Bearer` (an Azure AD token, fixed or from a provider called once per attempt).
Arguments first, then AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION, AZURE_OPENAI_AD_TOKEN and
AZURE_OPENAI_API_KEY (the token wins when both are set and no credential is passed);
OPENAI_API_KEY and OPENAI_BASE_URL are not read, as openai-python does not for Azure.

There is no `azure_deployment`: the evals endpoints are not deployment-scoped (openai-python
itself sends them to `{endpoint}/openai/evals/...` whatever deployment a client names).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self, Unpack

import httpx

from . import _config
from . import _validation as check
from ._async_client import AsyncClient
from ._client import Client
from ._client_base import ClientBase, HttpT, ProviderT
from ._credentials import Credential
from ._exceptions import InvalidRequestError
from ._logs import setup_from_env
from ._options import (
    ClientOptions,
    QueryValue,
    Settings,
    as_secret,
    check_base_url,
    check_option_names,
    check_provider,
    check_secret,
    merge_defaults,
)
from ._secret import Secret

__all__ = ["AsyncAzureClient", "AzureClient", "AzureSettings"]

_CREDENTIALS = ("api_key", "azure_ad_token", "azure_ad_token_provider")
_SHARED = (
    "organization",
    "project",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "max_response_bytes",
)
_EXAMPLE_VERSION = "2025-04-01-preview"


class AzureSettings(Settings, total=False):
    """The Azure client options as keyword arguments (`with_options`)."""

    azure_endpoint: str | None
    api_version: str | None
    azure_ad_token: str | None
    azure_ad_token_provider: Any


def _credential(given: Mapping[str, Any], *, allow_async: bool) -> Credential:
    """The one credential among api_key, azure_ad_token and azure_ad_token_provider (else the
    environment); InvalidRequestError when there are several or none."""
    passed = [name for name in _CREDENTIALS if given.get(name) is not None]
    if len(passed) > 1:
        raise InvalidRequestError(
            passed[0],
            f"{', '.join(passed)} were all given: api_key, azure_ad_token and "
            "azure_ad_token_provider are mutually exclusive; pass one",
        )
    if not passed:
        token = as_secret(os.environ.get(_config.ENV_AZURE_AD_TOKEN) or None)
        if token is not None:
            return _token(token, f"{_config.ENV_AZURE_AD_TOKEN} (environment)")
        key = as_secret(os.environ.get(_config.ENV_AZURE_API_KEY) or None)
        missing = (
            "pass api_key=..., azure_ad_token=... or azure_ad_token_provider=..., or set the "
            f"{_config.ENV_AZURE_API_KEY} or {_config.ENV_AZURE_AD_TOKEN} environment variable"
        )
        return Credential("api_key", "api-key", "", static=check_secret("api_key", key, missing))
    name = passed[0]
    value = as_secret(given[name])
    if isinstance(value, Credential):
        return value  # a copy keeps its credential (and the tokens it issued)
    if name == "azure_ad_token":
        return _token(value, name)
    header, prefix = ("api-key", "") if name == "api_key" else ("Authorization", "Bearer ")
    if isinstance(value, Secret):
        if name != "api_key":
            raise InvalidRequestError(name, "must be a function returning a token, got str")
        return Credential(
            name, header, prefix, static=check_secret(name, value, "pass a non-empty key")
        )
    provider = check_provider(name, value, allow_async=allow_async)
    return Credential(name, header, prefix, provider=provider)


def _token(value: object, argument: str) -> Credential:
    if not isinstance(value, Secret):
        raise InvalidRequestError(argument, f"must be a str, got {type(value).__name__}")
    secret = check_secret(argument, value, "pass a non-empty token")
    return Credential(argument, "Authorization", "Bearer ", static=secret)


def _api_version(value: object) -> str:
    value = value if value is not None else os.environ.get(_config.ENV_API_VERSION) or None
    if value is None:
        raise InvalidRequestError(
            "api_version",
            f"missing: pass api_version=... (e.g. {_EXAMPLE_VERSION!r}) or set the "
            f"{_config.ENV_API_VERSION} environment variable",
        )
    if not isinstance(value, str) or not value.strip() or " " in value:
        raise InvalidRequestError(
            "api_version", f"must be a non-empty string without spaces, got {value!r}"
        )
    check.check_query_length("api_version", {"api-version": value})
    return check.check_header_value("api_version", value)


def _where(azure_endpoint: object, base_url: object) -> tuple[str, str | None]:
    """(base URL, endpoint): `{endpoint}/openai`, or a `base_url` given as it is."""
    if azure_endpoint is not None and base_url is not None:
        raise InvalidRequestError(
            "base_url", "base_url and azure_endpoint are mutually exclusive; pass one"
        )
    if base_url is not None:
        return check_base_url(str(base_url)), None
    if azure_endpoint is None:
        azure_endpoint = os.environ.get(_config.ENV_AZURE_ENDPOINT) or None
    if azure_endpoint is None:
        raise InvalidRequestError(
            "azure_endpoint",
            "missing: pass azure_endpoint=... (https://<resource>.openai.azure.com) or set the "
            f"{_config.ENV_AZURE_ENDPOINT} environment variable",
        )
    if not isinstance(azure_endpoint, str):
        raise InvalidRequestError(
            "azure_endpoint", f"must be a str, got {type(azure_endpoint).__name__}"
        )
    endpoint = check_base_url(azure_endpoint, "azure_endpoint")
    return f"{endpoint}/openai", endpoint


def resolve(settings: AzureSettings, *, allow_async: bool) -> tuple[ClientOptions, str | None]:
    """The options of a new Azure client and its endpoint (None when `base_url` was given)."""
    credential = _credential(settings, allow_async=allow_async)
    api_version = _api_version(settings.get("api_version"))
    base_url, endpoint = _where(settings.get("azure_endpoint"), settings.get("base_url"))
    shared = {name: settings[name] for name in _SHARED if name in settings}  # type: ignore[literal-required]
    return ClientOptions.assemble(credential, base_url, shared, api_version), endpoint


def evolve(
    options: ClientOptions,
    endpoint: str | None,
    changes: Mapping[str, Any],
    *,
    allow_async: bool,
) -> tuple[ClientOptions, str | None]:
    """The options of a copy: what `changes` names replaces the current value (a credential
    replaces the current one, whichever kind it is), the rest is kept."""
    check_option_names(changes, AzureSettings.__optional_keys__)
    changes = merge_defaults(options, changes)
    given = {name: changes[name] for name in _CREDENTIALS if changes.get(name) is not None}
    credential = _credential(given, allow_async=allow_async) if given else options.credential
    new_endpoint, new_base = changes.get("azure_endpoint"), changes.get("base_url")
    if new_endpoint is None and new_base is None:
        base_url = options.base_url
    else:
        base_url, endpoint = _where(new_endpoint, new_base)
    api_version = _api_version(changes.get("api_version") or options.api_version)
    shared = {
        **options.shared_settings(),
        **{name: changes[name] for name in _SHARED if name in changes},
    }
    return ClientOptions.assemble(credential, base_url, shared, api_version), endpoint


class _AzureBase(ClientBase[HttpT, ProviderT]):
    """What AzureClient and AsyncAzureClient share: their arguments, copies and repr."""

    _azure_endpoint: str | None

    def __init__(
        self,
        *,
        azure_endpoint: str | None = None,
        api_version: str | None = None,
        api_key: str | ProviderT | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: ProviderT | None = None,
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
        # No frame local spells a key or a token from here on.
        api_key = as_secret(api_key)  # type: ignore[assignment]
        azure_ad_token = as_secret(azure_ad_token)  # type: ignore[assignment]
        setup_from_env()
        options, self._azure_endpoint = resolve(
            AzureSettings(
                azure_endpoint=azure_endpoint,
                api_version=api_version,
                api_key=api_key,
                azure_ad_token=azure_ad_token,
                azure_ad_token_provider=azure_ad_token_provider,
                base_url=base_url,
                organization=organization,
                project=project,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                default_query=default_query,
                max_response_bytes=max_response_bytes,
            ),
            allow_async=self._is_async,
        )
        self._configure(options, http_client)

    @property
    def azure_endpoint(self) -> str | None:
        """The Azure resource endpoint (None when the client was given a `base_url`)."""
        return self._azure_endpoint

    @property
    def api_version(self) -> str:
        """The `api-version` query parameter sent with every request."""
        assert self._options.api_version is not None  # always set for Azure clients
        return self._options.api_version

    def with_options(
        self, *, http_client: HttpT | None = None, **changes: Unpack[AzureSettings]
    ) -> Self:
        """A copy with the given options changed: those of the constructor but `http_client`
        (the copy shares this client's pool, or uses the one given, closed by neither). A
        credential given replaces the current one, whichever kind it was. `copy` is the same
        method, as in openai-python."""
        options, endpoint = evolve(
            self._options, self._azure_endpoint, changes, allow_async=self._is_async
        )
        copy = self._copy_with(options, http_client)
        copy._azure_endpoint = endpoint
        return copy

    copy = with_options

    def _shown(self, options: ClientOptions) -> str:
        where = (
            f"azure_endpoint={self._azure_endpoint!r}"
            if self._azure_endpoint is not None
            else f"base_url={options.base_url!r}"
        )
        return (
            f"{where}, api_version={options.api_version!r}, "
            f"max_retries={options.max_retries}, timeout={options.timeout!r}"
        )


class AzureClient(_AzureBase[httpx.Client, Callable[[], str]], Client):
    """Synchronous client for the Evals runs API of Azure OpenAI.

        client = AzureClient(azure_endpoint="https://my-resource.openai.azure.com",
                             api_version="2025-04-01-preview", api_key="...")

    Pass one credential: `api_key` (sent as `api-key`; a function is called per attempt),
    `azure_ad_token`, or `azure_ad_token_provider` (a function returning a Microsoft Entra ID
    token, called once per attempt: a retry gets a fresh one). Unset arguments come from
    AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION, AZURE_OPENAI_AD_TOKEN / AZURE_OPENAI_API_KEY,
    OPENAI_ORG_ID and OPENAI_PROJECT_ID; something missing raises InvalidRequestError naming it
    and its environment variable. `base_url` (the full prefix, ending in `/openai`) replaces
    `azure_endpoint`. Everything else is as in `Client`.
    """


class AsyncAzureClient(
    _AzureBase[httpx.AsyncClient, Callable[[], str | Awaitable[str]]], AsyncClient
):
    """Asyncio client for the Evals runs API of Azure OpenAI: `AzureClient`'s arguments, and
    `AsyncClient`'s behaviour. A token provider may be an async function."""
