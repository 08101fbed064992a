"""The API key, held so that nothing prints it by accident.

A frame local, an attribute or a container holding a `Secret` shows `Secret('[redacted]')` in a
repr, a log line or a traceback with captured locals; only `reveal()` gives the text, at the one
place that writes the header.
"""

from __future__ import annotations

from typing import Any, NoReturn


class Secret:
    """A string that never shows itself: `repr` and `str` mask it; `reveal()` returns it."""

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The secret text (for the Authorization header and for redacting what servers echo)."""
        return self._value

    def texts(self) -> tuple[str, ...]:
        """Every text to redact from what servers echo: the key (a refreshed token keeps the
        recent ones)."""
        return (self._value,) if self._value else ()

    def __repr__(self) -> str:
        return "Secret('[redacted]')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("Secret is read-only")

    def __reduce__(self) -> NoReturn:
        # A pickle would carry the key in clear to wherever the bytes go.
        raise TypeError("an API key is not pickled; pass it to the client where it is used")
