"""One API request as data: what an operation builds and the request core sends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import httpx

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class Request(NamedTuple):
    """What one API call sends: method, path below the base URL, query, body and per-call
    options (None: the client's)."""

    method: str
    path: str
    params: Mapping[str, Any] = _EMPTY
    # The JSON body, encoded once: every attempt of a call sends the same bytes.
    content: bytes | None = None
    headers: Mapping[str, str] = _EMPTY
    timeout: httpx.Timeout | None = None
    max_retries: int | None = None


def encode_json(value: Any) -> bytes:
    """JSON bytes as httpx would send them (UTF-8, compact, no NaN). Raises ValueError,
    TypeError or RecursionError for what JSON cannot carry (`_validation.check_json` names
    where)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")
