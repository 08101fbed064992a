"""Errors the fake server answers with, in the API's shape."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answer: raised anywhere while handling a request, written by the route layer.

    The body is `{"error": {"message", "type", "param", "code"}}`, as the API sends it.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        error_type: str = "invalid_request_error",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.error_type = error_type
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        return error_body(
            self.message, param=self.param, code=self.code, error_type=self.error_type
        )


def error_body(
    message: str,
    *,
    param: str | None = None,
    code: str | None = None,
    error_type: str = "invalid_request_error",
) -> dict[str, Any]:
    """`{"error": {...}}` with every field the API always sends (param and code may be null)."""
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}
