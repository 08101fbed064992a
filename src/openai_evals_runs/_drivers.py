"""The drivers of the request core: send, ask the `Call` what next, sleep, repeat.

A requester is what a resource gets instead of the client: `send(request)` and the options (for
redacting what servers echo back). The sync and async drivers differ only in how they wait.
"""

from __future__ import annotations

import time

import httpx

from ._core import Call, Decision, Done, Retry
from ._options import ClientOptions
from ._request import Request


class SyncRequester:
    """Sends requests over an `httpx.Client` with the client's options."""

    __slots__ = ("_http", "options")

    def __init__(self, http: httpx.Client, options: ClientOptions) -> None:
        self._http = http
        self.options = options

    def send(self, request: Request) -> httpx.Response:
        """Send with retries; return the 2xx response or raise the typed error."""
        call = Call(request, self.options)
        while True:
            sent = call.build(self._http)
            try:
                decision: Decision = call.decide(sent, self._http.send(sent))
            except httpx.RequestError as exc:
                decision = call.decide(sent, exc)
            if isinstance(decision, Done):
                return decision.response
            if not isinstance(decision, Retry):
                decision.raise_error()
            time.sleep(decision.delay)

    def __repr__(self) -> str:
        return f"SyncRequester(base_url={self.options.base_url!r})"


class AsyncRequester:
    """Sends requests over an `httpx.AsyncClient` with the client's options."""

    __slots__ = ("_http", "options")

    def __init__(self, http: httpx.AsyncClient, options: ClientOptions) -> None:
        self._http = http
        self.options = options

    async def send(self, request: Request) -> httpx.Response:
        """The async twin of `SyncRequester.send`."""
        import asyncio  # noqa: PLC0415 - import openai_evals_runs never loads asyncio

        call = Call(request, self.options)
        while True:
            sent = call.build(self._http)
            try:
                response = await self._http.send(sent)
            except httpx.RequestError as exc:
                decision: Decision = call.decide(sent, exc)
            else:
                decision = call.decide(sent, response)
            match decision:
                case Done(response):
                    return response
                case Retry(delay):
                    await asyncio.sleep(delay)
                case _:
                    decision.raise_error()

    def __repr__(self) -> str:
        return f"AsyncRequester(base_url={self.options.base_url!r})"
