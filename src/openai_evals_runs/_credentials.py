"""How requests authenticate: a fixed key, or a function called for a fresh token per attempt.

A `Credential` says which header carries the secret (`Authorization: Bearer ...` for OpenAI and
Azure AD tokens, `api-key` for Azure keys) and where the secret comes from. A provider (token
refresh: `api_key=callable`, `azure_ad_token_provider=`) is called once per attempt, so a retry
sends a fresh token; what it returns is checked like a key and wrapped as a `Secret` before any
frame local could spell it. The tokens it issued last are kept (`IssuedTokens`) so that what a
server echoes back is redacted whichever of them it repeats.
"""

from __future__ import annotations

import inspect
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import NamedTuple

import httpx

from ._exceptions import InvalidRequestError
from ._secret import Secret

TokenProvider = Callable[[], str]
"""A function returning a fresh token (str) each time it is called."""
AsyncTokenProvider = Callable[[], str | Awaitable[str]]
"""As TokenProvider, or an async function (AsyncClient and AsyncAzureClient only)."""

# Enough to cover the attempts in flight when a provider rotates its token on every call.
_KEPT_TOKENS = 64
_MAX_PROVIDER_MESSAGE = 200


class IssuedTokens(Secret):
    """The tokens a provider issued lately: `reveal()` is the newest, `texts()` all of them (for
    redaction). It never pickles and never shows, like every Secret."""

    __slots__ = ("_lock", "_recent")
    _recent: deque[str]
    _lock: threading.Lock

    def __init__(self) -> None:
        super().__init__("")
        object.__setattr__(self, "_recent", deque(maxlen=_KEPT_TOKENS))
        object.__setattr__(self, "_lock", threading.Lock())

    def record(self, token: Secret) -> None:
        """Remember `token` (newest last; the oldest beyond the limit are let go)."""
        with self._lock:
            if not self._recent or self._recent[-1] != token.reveal():
                self._recent.append(token.reveal())

    def reveal(self) -> str:
        """The newest token issued ("" before the first request)."""
        with self._lock:
            return self._recent[-1] if self._recent else ""

    def texts(self) -> tuple[str, ...]:
        """Every token kept, newest first."""
        with self._lock:
            return tuple(reversed(self._recent))

    # Two clients' ledgers are never "equal": each is its own record.
    __eq__ = object.__eq__
    __hash__ = object.__hash__


class AttemptSecret(Secret):
    """The token of one attempt (`reveal()`, what its header sends), redacting the provider's
    recent tokens as well (`texts()`): a server may echo an earlier attempt's token, and this
    attempt's is kept even once more than the recent ones were issued since."""

    __slots__ = ("_recent",)
    _recent: IssuedTokens

    def __init__(self, token: Secret, recent: IssuedTokens) -> None:
        super().__init__(token.reveal())
        object.__setattr__(self, "_recent", recent)

    def texts(self) -> tuple[str, ...]:
        """This attempt's token and the recent ones, longest first (a token that is part of
        another must not leave the rest of it shown)."""
        return tuple(sorted({*super().texts(), *self._recent.texts()}, key=len, reverse=True))


class Credential:
    """Where the secret of each attempt comes from and which header carries it."""

    __slots__ = ("_provider", "_static", "argument", "header", "prefix", "redacted")
    argument: str
    header: str
    prefix: str
    redacted: Secret
    _static: Secret | None
    _provider: AsyncTokenProvider | None

    def __init__(
        self,
        argument: str,
        header: str,
        prefix: str,
        *,
        static: Secret | None = None,
        provider: AsyncTokenProvider | None = None,
    ) -> None:
        self.argument = argument  # the constructor argument it came from, for messages
        self.header = header
        self.prefix = prefix
        self._static = static
        self._provider = provider
        # What redaction hides: the key, or the tokens the provider issued lately.
        self.redacted = static if static is not None else IssuedTokens()

    @property
    def provider(self) -> AsyncTokenProvider | None:
        """The token provider, None for a fixed key."""
        return self._provider

    def sync_token(self) -> Secret:
        """The secret of the next attempt; calls a provider (it must not be async here)."""
        if self._static is not None:
            return self._static
        token = self._call()
        if hasattr(token, "__await__"):
            close = getattr(token, "close", None)
            if close is not None:
                close()  # no "coroutine was never awaited" warning on top of this error
            raise InvalidRequestError(
                self.argument,
                "returned an awaitable: an async token provider needs AsyncClient "
                "(or AsyncAzureClient); Client takes a plain function",
            )
        return self._checked(token)

    async def async_token(self) -> Secret:
        """As `sync_token`, awaiting an async provider."""
        if self._static is not None:
            return self._static
        token = self._call()
        if hasattr(token, "__await__"):
            try:
                token = _as_token(await token)
            except Exception as exc:
                raise self._provider_failed(exc) from exc
        return self._checked(token)

    def _call(self) -> object:
        assert self._provider is not None
        try:
            # Wrapped at once: from here on no frame local holds the token, as text or not.
            return _as_token(self._provider())
        except Exception as exc:
            raise self._provider_failed(exc) from exc

    def _provider_failed(self, exc: Exception) -> InvalidRequestError:
        detail = str(exc)
        if len(detail) > _MAX_PROVIDER_MESSAGE:
            detail = detail[:_MAX_PROVIDER_MESSAGE] + "..."
        return InvalidRequestError(
            self.argument,
            f"the token provider raised {type(exc).__name__}: {detail} (request not sent)",
        )

    def _checked(self, token: object) -> Secret:
        # The messages never include the value: it is the secret (or something that looks like it).
        if not isinstance(token, Secret):
            kind = token.kind if isinstance(token, _NotAStr) else type(token).__name__
            raise InvalidRequestError(
                self.argument,
                f"the token provider must return a str, got {kind} (request not sent)",
            )
        problem = secret_problem(token)
        if problem is not None:
            raise InvalidRequestError(
                self.argument, f"the token provider returned a token that {problem}"
            )
        redacted = self.redacted
        if isinstance(redacted, IssuedTokens):
            redacted.record(token)
            return AttemptSecret(token, redacted)
        return token

    def header_for(self, secret: Secret) -> dict[str, str]:
        """The header that sends `secret`."""
        return {self.header: f"{self.prefix}{secret.reveal()}"}

    def __repr__(self) -> str:
        kind = "provider" if self._provider is not None else "fixed"
        return f"Credential({self.argument}, {kind}, header={self.header!r})"


def as_secret(value: object) -> object:
    """A string key wrapped as a Secret at once, so no frame local spells it from here on."""
    # type(...) is str: a str subclass could override what reveal() hands to the header.
    if isinstance(value, str):
        return Secret(str.__str__(value))
    return value


class _NotAStr(NamedTuple):
    """What a provider returned instead of a str, by its type's name only: bytes or an object
    may be the token all the same, and must not be a frame local when the error is raised."""

    kind: str


def _as_token(value: object) -> object:
    """A provider's answer: a str as a Secret, an awaitable as it is, anything else a _NotAStr."""
    if isinstance(value, str) or hasattr(value, "__await__"):
        return as_secret(value)
    return _NotAStr(type(value).__name__)


def secret_problem(secret: Secret) -> str | None:
    """What makes `secret` unfit for a header (empty, spaces, not ASCII), or None."""
    text = secret.reveal()
    if not text.strip():
        return "is empty (request not sent)"
    if not (text.isascii() and all(0x21 <= ord(char) != 0x7F for char in text)):
        return "is not printable ASCII without spaces (request not sent)"
    return None


# What a repr of request headers never shows: httpx's own two, and Azure's key header.
_MASKED = frozenset({"authorization", "proxy-authorization", "api-key"})


class MaskedHeaders(httpx.Headers):
    """Request headers whose repr hides `api-key` as well as Authorization and
    Proxy-Authorization (httpx masks only those two)."""

    def __repr__(self) -> str:
        shown = [
            (name, "[secure]" if name.lower() in _MASKED else value)
            for name, value in self.multi_items()
        ]
        return f"{type(self).__name__}({shown!r})"


def is_async_function(value: object) -> bool:
    """Whether `value` is an `async def` function (or an object whose `__call__` is one)."""
    return inspect.iscoroutinefunction(value) or inspect.iscoroutinefunction(
        getattr(value, "__call__", None)  # noqa: B004 - the method itself, not callable()
    )
