"""Argument checks, run before anything is sent. Each failure names the argument and the rule."""

from __future__ import annotations

import math
import operator
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from itertools import chain, compress, repeat
from json.encoder import encode_basestring
from typing import Any

import httpx

from . import _fastcheck, _schema
from ._config import MAX_REQUEST_BYTES
from ._exceptions import InvalidRequestError, problems_error
from ._logs import logger
from ._spec import Parameter, resolve
from ._text import code_point, first_unsafe

MAX_ID_LENGTH = 512


# What may not appear in a header value: ASCII controls except tab, and everything not ASCII.
_NOT_HEADER_TEXT = re.compile("[^\t -~]")


def _refuse_unsafe_characters(argument: str, value: str) -> None:
    """InvalidRequestError naming the first invisible or control character of `value` (the
    categories of `_text.UNSAFE_CATEGORIES`: C0/C1 controls, bidi and zero-width format
    characters, line and paragraph separators, surrogates, private use)."""
    found = first_unsafe(value)
    if found is None:
        return
    position, char = found
    if 0xD800 <= ord(char) <= 0xDFFF:
        raise InvalidRequestError(
            argument,
            f"must be valid text (it holds a lone surrogate, U+{ord(char):04X}, "
            f"at position {position})",
        )
    raise InvalidRequestError(
        argument,
        f"must not contain invisible or control characters; found {code_point(char)} "
        f"at position {position}",
    )


def check_id(argument: str, value: object) -> str:
    """An identifier used in a path or a cursor: a non-empty string that cannot change the URL.

    `/` and the dot segments `.` and `..` would move the request to another path even when
    percent-encoded (servers and proxies decode them); control and invisible characters (a C1
    control, a bidi override, a line separator, a zero-width space...) are never part of an id
    and would show one id as another. Everything else is percent-encoded by the generated request
    builder.
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
    _refuse_unsafe_characters(argument, value)
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
    check_json_size("metadata", value)  # before a message could echo a huge or circular value
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


def check_data_source_dict(value: Mapping[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """A plain-dict data source, checked against the variant its `type` names (openapi.yaml).

    An unknown field of an object the spec defines is refused, like any other problem; with
    `strict=False`, unknown fields and enum values (a data-source `type` the API added after this
    package was generated) are sent as given, with one WARNING naming them."""
    data = dict(value)
    # First: the schema walk and the JSON encoder would loop on a cycle or expand shared parts.
    check_json_size("data_source", value if isinstance(value, dict) else data)
    if strict:
        _conform("data_source", "CreateEvalRunDataSource", data, typos=True)
        return data
    if _fastcheck.component_predicate("CreateEvalRunDataSource", strict=True, typos=True)(data):
        return data
    waived: list[_schema.Problem] = []
    schema = _schema.component("CreateEvalRunDataSource")
    raise_problems(
        "data_source", _schema.check(schema, data, path="data_source", typos=True, waived=waived)
    )
    if waived:
        # One record per call, never the values: a data source may hold anything.
        logger.warning(
            "strict=False: sending what this package's spec does not know, as given: %s",
            "; ".join(f"{path}: {_without_hint(message)}" for path, message in waived),
        )
    return data


# What a query value may be: httpx writes each as text (True as "true"); a list repeats the key.
_QUERY_SCALARS = (str, int, float, bool)
# The longest query httpx writes, percent-encoded; a longer one raises httpx.InvalidURL.
MAX_QUERY_CHARS = 65_536


def check_query_text(argument: str, value: str) -> None:
    """A query parameter's name or text: no invisible or control character, and no lone
    surrogate, which no URL can carry (httpx would raise UnicodeEncodeError)."""
    _refuse_unsafe_characters(argument, value)


def check_query_length(argument: str, query: Mapping[str, Any]) -> None:
    """Refuse a query longer, percent-encoded, than httpx writes (MAX_QUERY_CHARS)."""
    size = len(str(httpx.QueryParams(query)))
    if size > MAX_QUERY_CHARS:
        raise InvalidRequestError(
            argument,
            f"is {size:,} characters once percent-encoded; a URL's query carries at most "
            f"{MAX_QUERY_CHARS:,}",
        )


def check_query(argument: str, value: object, *, lists: bool) -> dict[str, object]:
    """A query mapping (`extra_query`, `default_query`): non-empty string names to strings,
    finite numbers or booleans (or, with `lists`, lists of them, the name repeated), none with a
    character a URL cannot carry, and not longer than a query can be."""
    if not isinstance(value, Mapping):
        raise InvalidRequestError(argument, f"must be a mapping, got {type(value).__name__}")
    kinds = (
        "a string, a finite number, a boolean or a list of them"
        if lists
        else "a string, a finite number or a boolean"
    )
    query: dict[str, object] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise InvalidRequestError(argument, f"keys must be non-empty strings, got {key!r}")
        check_query_text(argument, key)
        items = item if lists and isinstance(item, (list, tuple)) else [item]
        for each in items:
            if not isinstance(each, _QUERY_SCALARS) or (
                isinstance(each, float) and not (math.isfinite(each))
            ):
                raise InvalidRequestError(
                    f"{argument}[{key!r}]", f"must be {kinds}, got {type(each).__name__}"
                )
            if isinstance(each, str):
                check_query_text(f"{argument}[{key!r}]", each)
        query[key] = list(item) if isinstance(item, tuple) else item
    check_query_length(argument, query)
    return query


def check_extra_query(value: object) -> dict[str, object]:
    """`extra_query`: a mapping of parameter names to strings, numbers, booleans or lists of
    them, sent as given."""
    return check_query("extra_query", value, lists=True)


def check_extra_body(value: object) -> dict[str, Any]:
    """`extra_body`: a mapping with string keys whose values JSON can carry, sent as given."""
    if not isinstance(value, Mapping):
        raise InvalidRequestError("extra_body", f"must be a mapping, got {type(value).__name__}")
    body = dict(value)
    check_json_size("extra_body", body)
    check_json("extra_body", body)
    return body


def _without_hint(message: str) -> str:
    return message.removesuffix(_schema.SEND_ANYWAY)[:200]


# RFC 9110 token characters: what a header name may hold.
_TOKEN_CHARACTERS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def check_header_value(argument: str, value: object) -> str:
    """A header value supplied by the caller: printable ASCII (inner spaces and tabs allowed), no
    CR/LF/NUL (header injection), no surrounding white space (HTTP/1.1 forbids it)."""
    if not isinstance(value, str):
        raise InvalidRequestError(argument, f"must be a string, got {type(value).__name__}")
    bad = _NOT_HEADER_TEXT.search(value)
    if bad is not None:
        found = code_point(bad.group())
        if bad.group().isascii():
            raise InvalidRequestError(
                argument, f"must not contain CR, LF or other control characters; found {found}"
            )
        raise InvalidRequestError(
            argument, f"must be ASCII (HTTP header values are ASCII); found {found}"
        )
    if value != value.strip(" \t"):
        raise InvalidRequestError(argument, "must not start or end with white space")
    return value


def check_header_name(argument: str, value: object) -> str:
    """A header name supplied by the caller: a non-empty HTTP token."""
    if not isinstance(value, str) or not value or not _TOKEN_CHARACTERS.issuperset(value):
        raise InvalidRequestError(argument, f"invalid header name {value!r}")
    return value


# Headers that frame the message or the connection: the HTTP client sets them, and a caller's
# value would corrupt the request (h11 refuses a Content-Length that disagrees with the body).
FRAMING_HEADERS = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "keep-alive",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
    }
)


def check_headers(value: object) -> dict[str, str]:
    """`extra_headers` (and `default_headers`): a mapping of header names to safe string values,
    none of them a header that frames the message."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidRequestError("extra_headers", "must be a mapping of strings")
    headers: dict[str, str] = {}
    for key, item in value.items():
        name = check_header_name("extra_headers", key)
        if name.lower() in FRAMING_HEADERS:
            raise InvalidRequestError(
                f"extra_headers[{name!r}]", "is set by the HTTP client and cannot be overridden"
            )
        headers[name] = check_header_value(f"extra_headers[{name!r}]", item)
    return headers


def check_default_headers(value: object) -> dict[str, str]:
    """`default_headers`: like `extra_headers`, but never an Idempotency-Key, which would make
    every create of the client the same one (the server replays the first run)."""
    headers = check_headers(value)
    if any(name.lower() == "idempotency-key" for name in headers):
        raise InvalidRequestError(
            "default_headers",
            "must not set Idempotency-Key: every create would share it and the server would "
            "answer each with the first run; pass idempotency_key= to each create instead",
        )
    return headers


def pop_idempotency_key(headers: dict[str, str], given: str | None) -> str | None:
    """The Idempotency-Key of a create: `given`, or one set in `extra_headers` (any case; taken
    out of `headers` so it is sent once). Two different keys are refused."""
    found = [name for name in headers if name.lower() == "idempotency-key"]
    if not found:
        return given
    values = {headers.pop(name) for name in found}
    if given is not None:
        values.add(given)
    if len(values) > 1:
        raise InvalidRequestError(
            "idempotency_key", "differs from the Idempotency-Key of extra_headers: pass one"
        )
    (key,) = values
    return key


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
        raise InvalidRequestError(
            "max_response_bytes", f"must be a positive integer, got {value!r}"
        )
    return value


def check_json(argument: str, value: object) -> None:
    """Everything in `value` can travel as JSON: no NaN or infinity, no lone surrogate, only
    dicts with string keys, lists, strings, numbers, booleans and None. Free-form parts of a
    data source (dataset items, tool definitions) are not covered by the spec's types. A part
    shared in several places, or inside itself, is looked at once (`check_json_size` refuses
    cycles and sizes)."""
    seen: set[int] = set()
    stack: list[tuple[str, object]] = [(argument, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            if id(item) in seen:
                continue
            seen.add(id(item))
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


# -- size and cycles ------------------------------------------------------------------------------


# How the message of a circular value starts (the CLI words it for YAML anchors).
CONTAINS_ITSELF = "contains itself"


def check_json_size(argument: str, value: object, limit: int = MAX_REQUEST_BYTES) -> None:
    """Refuse (InvalidRequestError) a dict or list that contains itself, which JSON cannot hold,
    and a value whose compact UTF-8 JSON is certainly more than `limit` bytes (default
    MAX_REQUEST_BYTES), before any JSON is built.

    A part shared in several places counts each time it appears, as it would be sent, but is
    walked once, and the count stops at `limit`: a list built as `l = [l, l]` 26 times (2**26
    leaves, exabytes of JSON) is refused after 26 steps. A plain tree (no part reached twice) is
    looked at in C, level by level, and refused when even a lower bound of its size (its
    strings' lengths, a byte per number) passes `limit`; its JSON is then at most a few times the
    memory the value already takes, and `check_encoded_size` checks the bytes exactly once built.
    What is not JSON counts as nothing here (`check_json` names it)."""
    # Most requests: a small plain tree, whose JSON is at most a few times the memory it takes.
    verdict = _small_tree_verdict(value, limit)
    if verdict is None:
        verdict = _quick_verdict(value, limit)
    if verdict is None:
        _measure_shared(argument, value, limit)
    elif not verdict:
        raise InvalidRequestError(argument, _too_large(limit))


def check_encoded_size(argument: str, size: int, limit: int = MAX_REQUEST_BYTES) -> None:
    """Refuse an encoded request body of `size` bytes when it passes `limit`."""
    if size > limit:
        raise InvalidRequestError(argument, _too_large(limit))


# The types of a plain JSON value; anything else (a subclass, a model object) takes the walk.
_PLAIN_CONTAINERS = frozenset({dict, list, tuple})
_PLAIN_TYPES = _PLAIN_CONTAINERS | {str, int, float, bool, type(None)}
_is_sequence = frozenset({list, tuple}).__contains__


# A tree with more members than this takes the level-by-level pass, which costs less per member.
_SMALL_TREE_MEMBERS = 512
_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


def _small_tree_verdict(value: object, limit: int) -> bool | None:
    """`_quick_verdict` for a plain JSON tree of at most `_SMALL_TREE_MEMBERS` members (plain
    types only, string keys, no dict or list reached twice), by a direct walk: several times
    cheaper on the few dozen members of a typical data source. None (take the full check) for
    anything else; otherwise a lower bound of the JSON size at least the level pass's (numbers
    counted one by one), so it refuses whatever that pass refuses and nothing that fits."""
    if type(value) not in _PLAIN_CONTAINERS:
        return None
    stack: list[Any] = [value]
    seen: set[int] = set()
    members = 0
    lower_bound = 1  # the outer container's second bracket (each one's first is counted below)
    while stack:
        container = stack.pop()
        if id(container) in seen:
            return None  # shared, or inside itself
        seen.add(id(container))
        members += len(container)
        if members > _SMALL_TREE_MEMBERS:
            return None
        # A bracket (the parent counted a byte for this member), and a byte per member at least.
        lower_bound += 1 + len(container)
        if type(container) is dict:
            for key in container:
                if type(key) is not str:
                    return None
                lower_bound += len(key) + 3  # quotes and colon
            items: Any = container.values()
        else:
            items = container
        for item in items:
            kind = type(item)
            if kind in _PLAIN_CONTAINERS:
                stack.append(item)
            elif kind is str:
                lower_bound += len(item) + 1  # with the member's byte: two quotes
            elif kind is float:
                lower_bound += 2  # three bytes at least ("0.0")
            elif kind is int:
                # Digits beyond the first: at least floor(0.3 * (bit_length - 1)), none below 16.
                # Never below the level pass's count: huge numbers are refused here as there.
                bits = item.bit_length()
                if bits > 4:
                    lower_bound += (3 * (bits - 1)) // 10
            elif kind not in _PLAIN_SCALARS:
                return None
    return lower_bound <= limit


def _of_kind(kinds: list[type], kind: type) -> Iterator[bool]:
    """For `compress`: whether each of `kinds` is `kind` (one C loop, no Python call per item)."""
    return map(operator.is_, kinds, repeat(kind))


def _quick_verdict(value: object, limit: int) -> bool | None:
    """False when the JSON of `value` is certainly above `limit`; True when `value` is a tree of
    plain JSON types with string keys (no dict or list reached twice: shared, or inside itself)
    not certainly above it; None when only the walk can tell.

    Level by level, every loop over members in C (`map`, `chain`, `compress`; about twice the
    cost of encoding), counting a lower bound of the JSON size: each key and string its length and
    quotes, each number its least digits, each member at least a byte. A plain tree's JSON is then
    at most about eight times that bound (escapes, floats); `check_encoded_size` checks the
    encoder's bytes exactly."""
    if type(value) not in _PLAIN_CONTAINERS:
        return True  # a scalar: at most a few times the memory it takes
    level: list[Any] = [value]
    seen = {id(value)}
    lower_bound = 2  # the outer brackets
    while level:
        kinds = list(map(type, level))
        dicts = list(compress(level, _of_kind(kinds, dict)))
        keys = list(chain.from_iterable(dicts))
        if operator.countOf(map(type, keys), str) != len(keys):
            return None  # JSON turns 1 or None keys into strings: the walk counts those
        members = list(chain.from_iterable(map(dict.values, dicts)))
        members += chain.from_iterable(compress(level, map(_is_sequence, kinds)))
        kinds = list(map(type, members))
        if not _PLAIN_TYPES.issuperset(kinds):
            return None
        level = list(compress(members, map(_PLAIN_CONTAINERS.__contains__, kinds)))
        strings = list(compress(members, _of_kind(kinds, str)))
        ints = list(compress(members, _of_kind(kinds, int)))
        # Digits of n beyond the first: at least floor(0.3 * (bit_length - 1)), summed low.
        int_digits = (3 * (sum(map(int.bit_length, ints)) - len(ints))) // 10 - len(ints)
        lower_bound += (
            sum(map(len, keys))
            + 3 * len(keys)  # quotes and colon
            + len(members)  # a byte each, at least
            + len(level)  # a container: two brackets
            + sum(map(len, strings))
            + len(strings)  # a string: two quotes
            + 2 * operator.countOf(kinds, float)  # a float: three bytes at least ("0.0")
            + max(int_digits, 0)
        )
        if lower_bound > limit:
            return False  # each occurrence of a shared part is in the count, as in the JSON
        held = _held_elsewhere(level)
        ids = set(map(id, held))
        if len(ids) != len(held) or not seen.isdisjoint(ids):
            return None
        seen |= ids
    return True


def _held_elsewhere(level: list[Any]) -> list[Any]:
    """The containers of `level` that something besides their parent holds: only these can be
    shared or inside themselves, so only these are looked up by identity (a set of every id costs
    more than all the rest of the quick pass). Without reference counts (not CPython): all."""
    count_references = getattr(sys, "getrefcount", None)
    if count_references is None:
        return level
    # Calibrated on the spot: a fresh list held by `level` alone, counted by the same call, gives
    # the count of "no parent"; a container of the tree is also in the caller's `members` list
    # and in one parent.
    level.append([])
    counts = list(map(count_references, level))
    level.pop()
    only_parent = counts.pop() + 2
    return list(compress(level, map(operator.gt, counts, repeat(only_parent))))


def _too_large(limit: int) -> str:
    return (
        f"is more than {limit:,} bytes as JSON ({limit / 2**20:g} MiB), the most one request "
        "may carry (a part used in several places counts each time); send large data as an "
        "uploaded file (a `file_id` source)"
    )


def _measure_shared(argument: str, value: object, limit: int) -> int:
    """`check_json_size` for a value with shared parts (or cycles, or unusual types): each dict
    or list is walked once and its size remembered."""
    if not isinstance(value, (dict, list, tuple)):
        return _leaf_size(value)
    sizes: dict[int, int] = {}  # containers already measured, by id
    walking: dict[int, _Frame] = {}  # containers being measured, by id
    frame = _Frame(None, argument, value, limit)
    walking[id(value)] = frame
    while True:
        found = frame.measure(sizes)
        if found is None:  # done: its size goes to its parent
            del walking[id(frame.container)]
            sizes[id(frame.container)] = frame.size
            if frame.parent is None:
                return frame.size
            frame.parent.add(frame.size)
            frame = frame.parent
            continue
        label, child = found
        if id(child) in walking:
            raise InvalidRequestError(
                frame.path_of(label),
                f"{CONTAINS_ITSELF}: it is {walking[id(child)].path} again (a circular "
                "reference), which JSON cannot hold",
            )
        frame = _Frame(frame, label, child, limit)
        walking[id(child)] = frame


_Container = dict[Any, Any] | list[Any] | tuple[Any, ...]


class _Frame:
    """One dict or list being measured: the members still to count and the bytes so far. Its
    path is built only for a message (most containers never need one)."""

    def __init__(
        self, parent: _Frame | None, label: object, container: _Container, limit: int
    ) -> None:
        self.parent = parent
        self.label = label  # the key or index in the parent; the argument name at the top
        self.container = container
        self.limit = limit
        self.is_dict = isinstance(container, dict)
        # Brackets, and a comma between members (a dict also has a colon per member).
        self.size = 2 + max(len(container) - 1, 0) + (len(container) if self.is_dict else 0)
        self._members: Iterator[tuple[Any, Any]] = (
            iter(container.items()) if isinstance(container, dict) else enumerate(container)
        )

    @property
    def path(self) -> str:
        """`data_source.source.content[0]`: where this container is."""
        return str(self.label) if self.parent is None else self.parent.path_of(self.label)

    def path_of(self, label: object) -> str:
        """The path of a member: `path.key` or `path[index]`."""
        return f"{self.path}.{label}" if self.is_dict else f"{self.path}[{label}]"

    def add(self, size: int) -> None:
        """Count `size` more bytes; InvalidRequestError once past the limit (the whole value then
        is too)."""
        self.size += size
        if self.size > self.limit:
            raise InvalidRequestError(self.path, _too_large(self.limit))

    def measure(self, sizes: dict[int, int]) -> tuple[object, _Container] | None:
        """Count members up to the first dict or list not measured yet, and return its label and
        itself; None once every member is counted. The loop is the hot path of a large data
        source: plain strings and numbers are counted inline."""
        is_dict = self.is_dict
        size, limit = self.size, self.limit
        for label, item in self._members:
            if is_dict:
                if type(label) is str and label.isascii():
                    size += len(encode_basestring(label))
                else:
                    size += _leaf_size(label if type(label) is str else str(label))
            kind = type(item)
            if kind is str:
                size += len(encode_basestring(item)) if item.isascii() else _leaf_size(item)
            elif kind is int and -(10**15) < item < 10**15:
                size += len(int.__repr__(item))
            elif isinstance(item, (dict, list, tuple)):
                known = sizes.get(id(item))
                if known is None:
                    self.size = size
                    self.add(0)
                    return label, item
                size += known
            else:
                size += _leaf_size(item)
            if size > limit:
                break
        self.size = size
        self.add(0)
        return None


def _leaf_size(item: object) -> int:
    """Bytes of a scalar as compact UTF-8 JSON (as `_transport.encode_json` writes it)."""
    if isinstance(item, str):
        return len(encode_basestring(item).encode("utf-8", "surrogatepass"))
    if item is None or item is True:
        return 4
    if item is False:
        return 5
    if isinstance(item, int):
        # Digits from the bit length: str() of a huge int is slow, and refused past 4,300 digits.
        bits = item.bit_length()
        return len(int.__repr__(item)) if bits < 1000 else bits * 3 // 10 + 2
    if isinstance(item, float):
        return len(float.__repr__(item))
    return 0
