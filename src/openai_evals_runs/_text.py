"""Text from outside (a server, a file, an argument) made safe to show: escaped and capped.

A terminal obeys escape sequences (ESC, the one-character CSI U+009B), bidi overrides reorder what
a reader sees, zero-width characters hide text, and a lone surrogate cannot even be written to a
UTF-8 stream. Every such character is shown as its Python escape (`\\x1b`, `\\u202e`) instead. The
unsafe characters are those of the Unicode categories in UNSAFE_CATEGORIES.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Cc control (C0, DEL, C1), Cf format (bidi controls, zero-width, BOM), Cs surrogate, Co private
# use, Zl line and Zp paragraph separator: invisible, or changing how the text around them shows.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})

# Runs of characters outside printable ASCII: the only places an unsafe character can be.
_NOT_PRINTABLE_ASCII = re.compile(r"[^ -~]+")


def is_unsafe(char: str) -> bool:
    """Whether one character is invisible or a control (its category is in UNSAFE_CATEGORIES)."""
    return unicodedata.category(char) in UNSAFE_CATEGORIES


def code_point(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character named for a message (controls have no name)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def first_unsafe(text: str) -> tuple[int, str] | None:
    """The position and the first unsafe character of `text`, or None when it has none."""
    if text.isprintable():  # a superset test in C: most text stops here
        return None
    for match in _NOT_PRINTABLE_ASCII.finditer(text):
        for offset, char in enumerate(match.group()):
            if is_unsafe(char):
                return match.start() + offset, char
    return None


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _python_escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    number = ord(char)
    if number < 0x100:
        return f"\\x{number:02x}"
    return f"\\u{number:04x}" if number < 0x10000 else f"\\U{number:08x}"


def _json_escape(char: str) -> str:
    number = ord(char)
    if number < 0x10000:
        return f"\\u{number:04x}"
    number -= 0x10000  # outside the BMP JSON spells a UTF-16 surrogate pair
    return f"\\u{0xD800 + (number >> 10):04x}\\u{0xDC00 + (number & 0x3FF):04x}"


def _escape(text: str, escape: Callable[[str], str], keep: str = "") -> str:
    if text.isprintable():
        return text

    def run(match: re.Match[str]) -> str:
        chars = match.group()
        if chars.isprintable():
            return chars
        return "".join(
            escape(char) if is_unsafe(char) and char not in keep else char for char in chars
        )

    return _NOT_PRINTABLE_ASCII.sub(run, text)


def escape_unsafe(text: str) -> str:
    """`text` with each unsafe character replaced by its Python escape (`\\x1b`, `\\u202e`).
    Backslashes are left alone: this is for showing, not for parsing back."""
    return _escape(text, _python_escape)


def escape_json_text(text: str) -> str:
    """JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) with each unsafe character
    spelled as a JSON `\\uXXXX` escape: the same JSON value, safe on a terminal. Outside strings
    JSON text is ASCII, so only characters inside strings change; the line breaks and tabs of
    indented JSON are left alone (inside strings JSON has escaped them already)."""
    return _escape(text, _json_escape, keep="\n\r\t")


def safe_text(text: str, limit: int | None = None) -> str:
    """`text` escaped (`escape_unsafe`) and, with a `limit`, at most `limit` characters long: a
    longer text keeps its start and its end around `…[cut: N characters in all]…` (the end of an
    error message often holds the request id)."""
    if limit is None:
        return escape_unsafe(text)
    if len(text) <= limit:
        escaped = escape_unsafe(text)
        if len(escaped) <= limit:
            return escaped
    marker = f"…[cut: {len(text):,} characters in all]…"
    budget = limit - len(marker)
    if budget < 2:
        return escape_unsafe(text[:limit])[:limit]
    # Only what can be kept is escaped, so a 10 MB text costs no more than a short one. An escape
    # cut in half at either edge is harmless: it is printable ASCII.
    head_size, tail_size = budget - budget // 2, budget // 2
    head = escape_unsafe(text[:head_size])[:head_size]
    tail = escape_unsafe(text[-tail_size:])[-tail_size:]
    return head + marker + tail
