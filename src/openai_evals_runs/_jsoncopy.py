"""Copy a decoded JSON value without recursion, and write one as text.

Free-form parts of a run (data source items, tool definitions) may nest as deep as the JSON
decoder allowed; a recursive copy (`copy.deepcopy`) or walk fails on them with RecursionError
long before that. This walks with an explicit stack instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ._exceptions import InvalidRequestError


def copy_json(value: Any, on_string: Callable[[str], str] | None = None) -> Any:
    """A deep copy of a JSON value (dicts, lists, scalars); `on_string` maps every string, keys
    included, when given."""

    def leaf(item: Any) -> Any:
        return on_string(item) if on_string is not None and isinstance(item, str) else item

    if not isinstance(value, (dict, list)):
        return leaf(value)
    root: Any = {} if isinstance(value, dict) else []
    # Each entry: a source container and the empty copy to fill from it.
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            if isinstance(item, (dict, list)):
                child: Any = {} if isinstance(item, dict) else []
                stack.append((item, child))
            else:
                child = leaf(item)
            if isinstance(target, dict):
                target[leaf(key)] = child
            else:
                target.append(child)
    return root


_SURROGATE = re.compile("[\ud800-\udfff]")


def dump_json(value: Any, *, indent: int | None = 2) -> str:
    """`value` as JSON text: non-ASCII characters as they are (UTF-8 when encoded; a lone
    surrogate, which UTF-8 cannot carry, as its `\\u` escape), `indent` spaces per level
    (None: one compact line). A NaN or infinity (not JSON, but a response may hold one: Python's
    decoder takes them) is written as `json` writes it, which `json.loads` reads back.
    InvalidRequestError for an `indent` that is not None or a whole number from 0 to 32."""
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 32
    ):
        raise InvalidRequestError(
            "indent", f"must be None or a whole number from 0 to 32, got {indent!r:.80}"
        )
    if indent is None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent)
    if text.isascii():
        return text
    # A lone surrogate (valid JSON as an escape, as a server may send half an emoji) stays one:
    # as a character it would make the text impossible to write as UTF-8.
    return _SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
