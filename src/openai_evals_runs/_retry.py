"""When to retry, and how long to wait first.

Retried: connection errors and timeouts, 408, 409, 429 and every status >= 500. Never retried:
other statuses. A server's `x-should-retry: true|false` overrides the decision. The wait honours
`retry-after-ms`, then `Retry-After` (seconds or an HTTP date) when 0 < wait <= 60 s; otherwise it
is exponential backoff with jitter (0.5 s doubling, capped at 8 s, minus up to 25 %).
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable

import httpx

from ._config import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY

RETRYABLE_STATUS_CODES = frozenset({408, 409, 429})


def should_retry_status(response: httpx.Response) -> bool:
    """Whether a non-success response is worth another attempt."""
    override = response.headers.get("x-should-retry", "").strip().lower()
    if override == "true":
        return True
    if override == "false":
        return False
    return response.status_code in RETRYABLE_STATUS_CODES or response.status_code >= 500


def retry_after(headers: httpx.Headers | None, *, now: float | None = None) -> float | None:
    """The wait the server asks for, in seconds, if it asks for a usable one (0 < s <= 60)."""
    if headers is None:
        return None
    seconds: float | None = None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            seconds = float(milliseconds) / 1000.0
        except ValueError:
            seconds = None
    header = headers.get("retry-after")
    if seconds is None and header is not None:
        seconds = _parse_retry_after(header, time.time() if now is None else now)
    if seconds is None or not 0 < seconds <= MAX_RETRY_AFTER:
        return None
    return seconds


def _parse_retry_after(value: str, now: float) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.timestamp() - now


def backoff_delay(
    retries_done: int,
    headers: httpx.Headers | None = None,
    *,
    rng: Callable[[], float] = random.random,
    now: float | None = None,
) -> float:
    """Seconds to sleep before retry number `retries_done + 1`; `rng` (in [0, 1)) draws the
    jitter and `now` is the time an HTTP-date Retry-After is measured from (tests pin both)."""
    asked = retry_after(headers, now=now)
    if asked is not None:
        return asked
    delay = min(INITIAL_RETRY_DELAY * 2.0**retries_done, MAX_RETRY_DELAY)
    # Jitter spreads out clients that failed together; random() is fine, this is not security.
    return delay * (1.0 - 0.25 * rng())
