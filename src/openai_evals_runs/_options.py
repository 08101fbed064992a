"""Client configuration as data: arguments and environment variables resolved once, checked.

`ClientOptions.resolve(...)` reads the arguments, falls back to the environment, checks every
value and returns a frozen value; `evolve(...)` is how `with_options` makes a changed copy. The
request core reads what it needs from it (base URL, headers, timeout, retries, the key to redact).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple, TypedDict, Unpack

import httpx

from . import _config
from . import _validation as check
from ._exceptions import InvalidRequestError
from ._secret import Secret


class Settings(TypedDict, total=False):
    """The client options as keyword arguments (`resolve`, `evolve`, `with_options`)."""

    api_key: str | Secret | None
    base_url: str | None
    organization: str | None
    project: str | None
    timeout: float | httpx.Timeout | None
    max_retries: int
    default_headers: Mapping[str, str] | None
    max_response_bytes: int


def _check_base_url(value: str) -> str:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidRequestError("base_url", f"is not a valid URL: {exc}") from None
    if url.userinfo:
        # httpx would turn them into Basic auth in place of the key, and repr/logs would show them.
        bare = str(url.copy_with(username=None, password=None))
        shown = bare.replace("://", "://[redacted]@", 1)
        raise InvalidRequestError(
            "base_url", f"must not hold credentials (user:password@), got {shown!r}"
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError("base_url", f"must be an http(s) URL with a host, got {value!r}")
    return value.rstrip("/")


def as_secret(value: object) -> object:
    """A string key wrapped as a Secret at once, so no frame local spells it from here on."""
    return Secret(value) if isinstance(value, str) else value


def _check_api_key(value: object) -> Secret:
    # Messages here never include the value: it is the secret.
    value = as_secret(value)
    if not isinstance(value, Secret) or not value.reveal().strip():
        raise InvalidRequestError(
            "api_key",
            f"missing: pass api_key=... or set the {_config.ENV_API_KEY} environment variable",
        )
    if not _printable_ascii(value.reveal()):
        raise InvalidRequestError("api_key", "must be printable ASCII without spaces")
    return value


def _printable_ascii(text: str) -> bool:
    return text.isascii() and all(0x21 <= ord(char) != 0x7F for char in text)


class ClientOptions(NamedTuple):
    """Everything a client sends with: resolved, checked and frozen."""

    api_key: Secret
    base_url: str
    organization: str | None
    project: str | None
    timeout: httpx.Timeout
    max_retries: int
    default_headers: Mapping[str, str]
    max_response_bytes: int

    @classmethod
    def resolve(cls, **settings: Unpack[Settings]) -> ClientOptions:
        """Arguments first, then OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and
        OPENAI_PROJECT_ID, then the defaults; InvalidRequestError names a bad value."""
        env = os.environ.get
        given, base_url = settings.get("api_key"), settings.get("base_url")
        key = _check_api_key(given if given is not None else as_secret(env(_config.ENV_API_KEY)))
        url = _check_base_url(base_url or env(_config.ENV_BASE_URL) or _config.DEFAULT_BASE_URL)
        organization = settings.get("organization") or env(_config.ENV_ORGANIZATION) or None
        project = settings.get("project") or env(_config.ENV_PROJECT) or None
        for name, value in (("organization", organization), ("project", project)):
            if value is not None:
                check.check_header_value(name, value)
        timeout = settings.get("timeout")
        return cls(
            api_key=key,
            base_url=url,
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
        )

    def evolve(self, **changes: Unpack[Settings]) -> ClientOptions:
        """A copy with `changes`, resolved and checked like the first (None falls back to the
        environment and defaults, as in the constructor)."""
        merged = Settings(
            api_key=self.api_key,
            base_url=self.base_url,
            organization=self.organization,
            project=self.project,
            timeout=self.timeout,
            max_retries=self.max_retries,
            default_headers=self.default_headers,
            max_response_bytes=self.max_response_bytes,
        )
        merged.update(changes)
        return ClientOptions.resolve(**merged)

    def headers(self) -> dict[str, str]:
        """The headers every request carries, the key's included."""
        return {
            "Authorization": f"Bearer {self.api_key.reveal()}",
            "User-Agent": _config.USER_AGENT,
            "Accept": "application/json",
            **({"OpenAI-Organization": self.organization} if self.organization else {}),
            **({"OpenAI-Project": self.project} if self.project else {}),
            **self.default_headers,
        }
