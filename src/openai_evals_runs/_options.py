"""Client configuration as data: arguments and environment variables resolved once, checked.

`ClientOptions.resolve(...)` reads the arguments, falls back to the environment, checks every
value and returns a frozen value; `evolve(...)` is how `with_options` makes a changed copy. The
request core reads what it needs from it (base URL, headers, timeout, retries, the key to redact).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple, TypedDict, Unpack, cast

import httpx

from . import _config
from . import _validation as check
from ._credentials import (
    AsyncTokenProvider,
    Credential,
    as_secret,
    is_async_function,
    secret_problem,
)
from ._exceptions import InvalidRequestError
from ._secret import Secret

__all__ = [
    "ClientOptions",
    "QueryValue",
    "Settings",
    "as_secret",
    "check_base_url",
    "check_default_query",
    "check_option_names",
    "check_provider",
    "check_secret",
    "merge_defaults",
]


QueryValue = str | int | float | bool
"""What a `default_query` value may be (sent as text; booleans as true/false)."""


class Settings(TypedDict, total=False):
    """The client options as keyword arguments (`resolve`, `evolve`, `with_options`)."""

    api_key: str | Secret | Credential | AsyncTokenProvider | None
    base_url: str | None
    organization: str | None
    project: str | None
    timeout: float | httpx.Timeout | None
    max_retries: int
    default_headers: Mapping[str, str] | None
    default_query: Mapping[str, QueryValue] | None
    max_response_bytes: int
    # `with_options` only, as in openai-python's `copy`: replace the defaults, not add to them.
    set_default_headers: Mapping[str, str] | None
    set_default_query: Mapping[str, QueryValue] | None


def check_base_url(value: str, argument: str = "base_url") -> str:
    """An http(s) URL with a host and no credentials, without its trailing slash."""
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidRequestError(argument, f"is not a valid URL: {exc}") from None
    if url.userinfo:
        # httpx would turn them into Basic auth in place of the key, and repr/logs would show them.
        bare = str(url.copy_with(username=None, password=None))
        shown = bare.replace("://", "://[redacted]@", 1)
        raise InvalidRequestError(
            argument, f"must not hold credentials (user:password@), got {shown!r}"
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError(argument, f"must be an http(s) URL with a host, got {value!r}")
    if "?" in value or "#" in value:
        # The paths are appended to this text: they would land in its query or fragment.
        raise InvalidRequestError(
            argument,
            f"must not have a query (?...) or fragment (#...), got {value!r}; pass "
            "default_query= for query parameters on every request",
        )
    return value.rstrip("/")


def check_secret(argument: str, value: object, missing: str) -> Secret:
    """A fixed key or token: a non-empty printable ASCII str (`missing` says where to set one)."""
    # Messages here never include the value: it is the secret.
    value = as_secret(value)
    if not isinstance(value, Secret) or not value.reveal().strip():
        raise InvalidRequestError(argument, f"missing: {missing}")
    if secret_problem(value) is not None:
        raise InvalidRequestError(argument, "must be printable ASCII without spaces")
    return value


def check_provider(argument: str, value: object, *, allow_async: bool) -> AsyncTokenProvider:
    """A token provider: a function of no arguments returning a str (async: AsyncClient only)."""
    if not callable(value):
        raise InvalidRequestError(
            argument, f"must be a str or a function returning one, got {type(value).__name__}"
        )
    if not allow_async and is_async_function(value):
        raise InvalidRequestError(
            argument, "is an async function: use AsyncClient (or AsyncAzureClient) for it"
        )
    return value  # a callable; what it returns is checked at each attempt


def _openai_credential(value: object, *, allow_async: bool) -> Credential:
    if isinstance(value, Credential):
        return value  # an evolved copy keeps its credential (and the tokens it issued)
    value = as_secret(value)
    if value is None:
        value = as_secret(os.environ.get(_config.ENV_API_KEY))
    if value is None or isinstance(value, Secret):
        missing = f"pass api_key=... or set the {_config.ENV_API_KEY} environment variable"
        key = check_secret("api_key", value, missing)
        return Credential("api_key", "Authorization", "Bearer ", static=key)
    provider = check_provider("api_key", value, allow_async=allow_async)
    return Credential("api_key", "Authorization", "Bearer ", provider=provider)


def check_option_names(changes: Mapping[str, object], known: frozenset[str]) -> None:
    """TypeError for a name `with_options` does not take, as Python says it for a function."""
    unknown = sorted(set(changes) - known)
    if unknown:
        raise TypeError(f"with_options() got unexpected keyword arguments: {', '.join(unknown)}")


def merge_defaults(options: ClientOptions, changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` for a copy, read as openai-python's `copy` reads them: `default_headers` and
    `default_query` are added to the client's (a header of the same name in any case replaced),
    `set_default_headers` and `set_default_query` replace them whole."""
    result = dict(changes)
    current: Mapping[str, object]
    for name, current in (
        ("default_headers", options.default_headers),
        ("default_query", options.default_query),
    ):
        added, replacing = result.pop(name, None), result.pop(f"set_{name}", None)
        if added is not None and replacing is not None:
            raise InvalidRequestError(name, f"and set_{name} are mutually exclusive; pass one")
        if replacing is not None:
            result[name] = replacing
        elif isinstance(added, Mapping):
            fold = str.lower if name == "default_headers" else str
            names = {fold(key) for key in added if isinstance(key, str)}
            kept = {key: value for key, value in current.items() if fold(key) not in names}
            result[name] = {**kept, **added}
        elif added is not None:
            result[name] = added  # not a mapping: refused by its check, naming it
    return result


def check_default_query(value: object) -> dict[str, QueryValue]:
    """`default_query`: string keys to strings, finite numbers or booleans."""
    if value is None:
        return {}
    # lists=False: every value was checked to be a scalar.
    return cast(dict[str, QueryValue], check.check_query("default_query", value, lists=False))


class ClientOptions(NamedTuple):
    """Everything a client sends with: resolved, checked and frozen."""

    credential: Credential
    base_url: str
    organization: str | None
    project: str | None
    timeout: httpx.Timeout
    max_retries: int
    default_headers: Mapping[str, str]
    max_response_bytes: int
    default_query: Mapping[str, QueryValue]
    # Azure's `api-version` query parameter, sent on every request (None: not sent).
    api_version: str | None = None

    @property
    def api_key(self) -> Secret:
        """What is redacted from whatever a server echoes: the key, or the tokens issued."""
        return self.credential.redacted

    @classmethod
    def resolve(cls, *, allow_async: bool = False, **settings: Unpack[Settings]) -> ClientOptions:
        """Arguments first, then OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and
        OPENAI_PROJECT_ID, then the defaults; InvalidRequestError names a bad value.
        `allow_async`: an async token provider is accepted (the async clients)."""
        credential = _openai_credential(settings.get("api_key"), allow_async=allow_async)
        base_url = settings.get("base_url") or os.environ.get(_config.ENV_BASE_URL)
        url = check_base_url(base_url or _config.DEFAULT_BASE_URL)
        return cls.assemble(credential, url, settings)

    @classmethod
    def assemble(
        cls,
        credential: Credential,
        base_url: str,
        settings: Mapping[str, Any],
        api_version: str | None = None,
    ) -> ClientOptions:
        """The options from a resolved credential and base URL and the `settings` every client
        shares (organization, project, timeout, ...; env and defaults where missing)."""
        env = os.environ.get
        organization = settings.get("organization") or env(_config.ENV_ORGANIZATION) or None
        project = settings.get("project") or env(_config.ENV_PROJECT) or None
        for name, value in (("organization", organization), ("project", project)):
            if value is not None:
                check.check_header_value(name, value)
        timeout = settings.get("timeout")
        return cls(
            credential=credential,
            base_url=base_url,
            organization=organization,
            project=project,
            timeout=_config.DEFAULT_TIMEOUT if timeout is None else check.check_timeout(timeout),
            max_retries=check.check_max_retries(
                settings.get("max_retries", _config.DEFAULT_MAX_RETRIES)
            ),
            default_headers=check.check_default_headers(settings.get("default_headers")),
            max_response_bytes=check.check_max_response_bytes(
                settings.get("max_response_bytes", _config.MAX_RESPONSE_BYTES)
            ),
            default_query=check_default_query(settings.get("default_query")),
            api_version=api_version,
        )

    def shared_settings(self) -> Settings:
        """The settings every client shares, as they are now (for a changed copy)."""
        return Settings(
            organization=self.organization,
            project=self.project,
            timeout=self.timeout,
            max_retries=self.max_retries,
            default_headers=self.default_headers,
            default_query=self.default_query,
            max_response_bytes=self.max_response_bytes,
        )

    def evolve(self, *, allow_async: bool = False, **changes: Unpack[Settings]) -> ClientOptions:
        """A copy with `changes`, resolved and checked like the first (None falls back to the
        environment and defaults, as in the constructor; `default_headers` and `default_query`
        add to the current ones, see `merge_defaults`). TypeError for an unknown option."""
        check_option_names(changes, Settings.__optional_keys__)
        merged = Settings(api_key=self.credential, base_url=self.base_url)
        merged.update(self.shared_settings())
        merged.update(merge_defaults(self, changes))  # type: ignore[typeddict-item]
        return ClientOptions.resolve(allow_async=allow_async, **merged)

    def headers(self) -> dict[str, str]:
        """The headers every request carries but the credential's (added per attempt) and
        `default_headers` (merged over these by name, whatever their case)."""
        return {
            "User-Agent": _config.USER_AGENT,
            "Accept": "application/json",
            **({"OpenAI-Organization": self.organization} if self.organization else {}),
            **({"OpenAI-Project": self.project} if self.project else {}),
        }

    def query(self) -> dict[str, QueryValue]:
        """The query every request carries, below the call's own parameters."""
        if self.api_version is None:
            return dict(self.default_query)
        return {**self.default_query, "api-version": self.api_version}
