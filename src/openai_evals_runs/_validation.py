"""Argument checks, run before anything is sent. Each failure names the argument and the rule."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import httpx

from . import _fastcheck, _schema
from ._exceptions import InvalidRequestError, problems_error
from ._spec import Parameter, resolve

MAX_ID_LENGTH = 512


_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")


def _has_control_character(value: str) -> bool:
    return _CONTROL_CHARACTER.search(value) is not None


def check_id(argument: str, value: object) -> str:
    """An identifier used in a path or a cursor: a non-empty string that cannot change the URL.

    `/` and the dot segments `.` and `..` would move the request to another path even when
    percent-encoded (servers and proxies decode them); control characters are never part of an id.
    Everything else is percent-encoded by the generated request builder.
    """
    if not isinstance(value, str):
        raise InvalidRequestError(argument, f"must be a string, got {type(value).__name__}")
    if not value.strip():
        raise InvalidRequestError(argument, "must be a non-empty string")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidRequestError(
            argument, f"must be at most {MAX_ID_LENGTH} characters, got {len(value)}"
        )
    if "/" in value or "\\" in value:
        raise InvalidRequestError(argument, f"must not contain '/' or '\\', got {value[:80]!r}")
    if value in (".", "..") or value.lower() in ("%2e", "%2e%2e", ".%2e", "%2e."):
        raise InvalidRequestError(argument, f"must not be a dot segment, got {value!r}")
    if _has_control_character(value):
        raise InvalidRequestError(argument, "must not contain control characters (CR, LF, NUL...)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequestError(
            argument, "must be valid text (it holds a lone surrogate)"
        ) from None
    return value


def check_limit(value: object) -> int:
    """`limit`: a positive integer (a bool is not an integer here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError("limit", f"must be a positive integer, got {value!r}")
    if value < 1:
        raise InvalidRequestError("limit", f"must be a positive integer, got {value}")
    return value


def check_choice(argument: str, value: object, allowed: tuple[str, ...]) -> str:
    """A value from an enum of the spec (`order`, `status`)."""
    if value not in allowed or not isinstance(value, str):
        choices = ", ".join(repr(choice) for choice in allowed)
        raise InvalidRequestError(argument, f"must be one of {choices}, got {value!r}")
    return value


# Rules of query parameters beyond what their schema says: a cursor is an id, a page has a size.
_QUERY_RULES: dict[str, Callable[[object], object]] = {
    "after": partial(check_id, "after"),
    "limit": check_limit,
}


def check_query_parameter(parameter: Parameter, value: object) -> object:
    """A query parameter of the spec: its own rule if it has one, else its enum, else its schema
    (request mode), so a parameter the spec gains is checked without a hand-written rule."""
    rule = _QUERY_RULES.get(parameter.name)
    if rule is not None:
        return rule(value)
    schema = resolve(parameter.schema)
    if "enum" in schema:
        return check_choice(parameter.name, value, tuple(schema["enum"]))
    raise_problems(parameter.name, _schema.check(schema, value, path=parameter.name))
    return value


def check_name(value: object) -> str:
    """`name`: a string."""
    if not isinstance(value, str):
        raise InvalidRequestError("name", f"must be a string, got {type(value).__name__}")
    return value


def check_metadata(value: object) -> dict[str, str] | None:
    """`metadata`: at most 16 string keys of <= 64 characters, string values of <= 512 (the
    Metadata schema of openapi.yaml), or None."""
    if isinstance(value, Mapping) and not isinstance(value, dict):
        value = dict(value)
    _conform("metadata", "Metadata", value)
    return value  # type: ignore[return-value]  # the schema check proved the shape


def _conform(argument: str, component: str, value: object, *, typos: bool = False) -> None:
    """Raise InvalidRequestError unless `value` fits the spec's `component` (request mode): the
    compiled check first, the full walk only to name the problems."""
    if not _fastcheck.component_predicate(component, strict=True, typos=typos)(value):
        schema = _schema.component(component)
        raise_problems(argument, _schema.check(schema, value, path=argument, typos=typos))


def raise_problems(argument: str, problems: list[_schema.Problem]) -> None:
    """Raise InvalidRequestError for `problems` (the first names the argument); none: return."""
    if problems:
        raise problems_error(argument, problems)


def check_data_source_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    """A plain-dict data source, checked against the variant its `type` names (openapi.yaml)."""
    data = dict(value)
    _conform("data_source", "EvalRunDataSource", data, typos=True)
    return data


# RFC 9110 token characters: what a header name may hold.
_TOKEN_CHARACTERS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def check_header_value(argument: str, value: object) -> str:
    """A header value supplied by the caller: printable ASCII (inner spaces and tabs allowed), no
    CR/LF/NUL (header injection), no surrounding white space (HTTP/1.1 forbids it)."""
    if not isinstance(value, str):
        raise InvalidRequestError(argument, f"must be a string, got {type(value).__name__}")
    if _has_control_character(value.replace("\t", " ")):
        raise InvalidRequestError(argument, "must not contain CR, LF or other control characters")
    if not value.isascii():
        raise InvalidRequestError(argument, "must be ASCII (HTTP header values are ASCII)")
    if value != value.strip(" \t"):
        raise InvalidRequestError(argument, "must not start or end with white space")
    return value


def check_header_name(argument: str, value: object) -> str:
    """A header name supplied by the caller: a non-empty HTTP token."""
    if not isinstance(value, str) or not value or not _TOKEN_CHARACTERS.issuperset(value):
        raise InvalidRequestError(argument, f"invalid header name {value!r}")
    return value


def check_headers(value: object) -> dict[str, str]:
    """`extra_headers`: a mapping of header names to safe string values."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidRequestError("extra_headers", "must be a mapping of strings")
    headers: dict[str, str] = {}
    for key, item in value.items():
        name = check_header_name("extra_headers", key)
        headers[name] = check_header_value(f"extra_headers[{name!r}]", item)
    return headers


def check_timeout(value: object) -> httpx.Timeout:
    """`timeout`: seconds (> 0) or an httpx.Timeout."""
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InvalidRequestError(
            "timeout", f"must be a positive number or httpx.Timeout, got {value!r}"
        )
    return httpx.Timeout(float(value))


def check_max_retries(value: object) -> int:
    """`max_retries`: an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidRequestError("max_retries", f"must be an integer >= 0, got {value!r}")
    return value


def check_max_response_bytes(value: object) -> int:
    """`max_response_bytes`: a positive integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRequestError("max_response_bytes", f"must be a positive integer, got {value!r}")
    return value


def check_json(argument: str, value: object) -> None:
    """Everything in `value` can travel as JSON: no NaN or infinity, no lone surrogate, only
    dicts with string keys, lists, strings, numbers, booleans and None. Free-form parts of a
    data source (dataset items, tool definitions) are not covered by the spec's types."""
    stack: list[tuple[str, object]] = [(argument, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise InvalidRequestError(path, f"keys must be strings, got {key!r}")
                stack.append((f"{path}.{key}", inner))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{index}]", inner) for index, inner in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidRequestError(path, f"must be a finite number, got {item!r}")
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidRequestError(
                    path, "must be valid text (it holds a lone surrogate)"
                ) from None
        elif item is not None and not isinstance(item, (bool, int, float)):
            raise InvalidRequestError(
                path, f"cannot be sent as JSON ({type(item).__name__}); use JSON types"
            )
