"""Configuration shared by Client and AsyncClient: everything that is not I/O."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Self

import httpx

from . import _config
from . import _validation as check
from ._exceptions import InvalidRequestError
from ._logs import setup_from_env
from ._transport import Connection


class NotGiven:
    """Marks an argument of `with_options` the caller did not pass (None is a real value)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = NotGiven()


def _check_base_url(value: str) -> str:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InvalidRequestError("base_url", f"is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError("base_url", f"must be an http(s) URL with a host, got {value!r}")
    return value.rstrip("/")


def _check_api_key(value: object) -> str:
    # Messages here never include the value: it is the secret.
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(
            "api_key",
            f"missing: pass api_key=... or set the {_config.ENV_API_KEY} environment variable",
        )
    if not value.isascii() or any(ord(char) < 0x21 or ord(char) == 0x7F for char in value):
        raise InvalidRequestError("api_key", "must be printable ASCII without spaces")
    return value


class BaseClient:
    """Resolves arguments and environment variables into one checked configuration."""

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
    ) -> None:
        setup_from_env()
        key = _check_api_key(
            api_key if api_key is not None else os.environ.get(_config.ENV_API_KEY)
        )
        self.base_url = _check_base_url(
            base_url or os.environ.get(_config.ENV_BASE_URL) or _config.DEFAULT_BASE_URL
        )
        self.organization = organization or os.environ.get(_config.ENV_ORGANIZATION) or None
        self.project = project or os.environ.get(_config.ENV_PROJECT) or None
        self.timeout = _config.DEFAULT_TIMEOUT if timeout is None else check.check_timeout(timeout)
        self.max_retries = check.check_max_retries(max_retries)
        self._default_headers = check.check_headers(default_headers)
        for name, value in (("organization", self.organization), ("project", self.project)):
            if value is not None:
                check.check_header_value(name, value)
        self._api_key = key
        # Set by the subclass: the httpx client, shared with copies made by with_options.
        self._http: Any = None

    @property
    def api_key(self) -> str:
        """The API key in use (never shown by repr, logs or errors)."""
        return self._api_key

    @cached_property
    def _connection(self) -> Connection:
        headers = {
            "Authorization": f"Bearer {self._api_key}",
            "User-Agent": _config.USER_AGENT,
            "Accept": "application/json",
            **({"OpenAI-Organization": self.organization} if self.organization else {}),
            **({"OpenAI-Project": self.project} if self.project else {}),
            **self._default_headers,
        }
        return Connection(
            base_url=self.base_url,
            headers=headers,
            timeout=self.timeout,
            max_retries=self.max_retries,
            secret=self._api_key,
        )

    def with_options(
        self,
        *,
        api_key: str | None = NOT_GIVEN,
        base_url: str | None = NOT_GIVEN,
        organization: str | None = NOT_GIVEN,
        project: str | None = NOT_GIVEN,
        timeout: float | httpx.Timeout | None = NOT_GIVEN,
        max_retries: int = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = NOT_GIVEN,
    ) -> Self:
        """A copy with the given options changed; it shares this client's connection pool."""

        def pick(given: Any, current: Any) -> Any:
            return current if given is NOT_GIVEN else given

        return type(self)(
            api_key=pick(api_key, self._api_key),
            base_url=pick(base_url, self.base_url),
            organization=pick(organization, self.organization),
            project=pick(project, self.project),
            timeout=pick(timeout, self.timeout),
            max_retries=pick(max_retries, self.max_retries),
            default_headers=pick(default_headers, self._default_headers),
            http_client=self._http,  # type: ignore[call-arg]  # both subclasses take it
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, "
            f"organization={self.organization!r}, "
            f"project={self.project!r}, max_retries={self.max_retries}, timeout={self.timeout!r})"
        )
