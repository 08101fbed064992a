"""The drivers of the request core: send, ask the `Call` what next, sleep, repeat.

A requester is what a resource gets instead of the client: `send(request)` and the options (for
redacting what servers echo back). The sync and async drivers differ only in how they wait.
"""

from __future__ import annotations

import time

import httpx

from ._answers import closed_client_error
from ._core import Call, Decision, Done, Retry
from ._exceptions import APIResponseValidationError
from ._options import ClientOptions
from ._request import Request

Outcome = httpx.Response | APIResponseValidationError


class SyncRequester:
    """Sends requests over an `httpx.Client` with the client's options."""

    __slots__ = ("_http", "options")

    def __init__(self, http: httpx.Client, options: ClientOptions) -> None:
        self._http = http
        self.options: ClientOptions = options

    def send(self, request: Request) -> Done:
        """Send with retries; return the 2xx response (and the retries it took) or raise the
        typed error."""
        call = Call(request, self.options)
        try:
            while True:
                sent = call.build(self._http)
                try:
                    decision = call.decide(sent, self._attempt(call, sent))
                except httpx.RequestError as exc:
                    decision = call.decide(sent, exc)
                if isinstance(decision, Done):
                    return decision
                if not isinstance(decision, Retry):
                    decision.raise_error()
                time.sleep(decision.delay)
        except BaseException as exc:
            call.interrupted(exc)
            raise

    def _attempt(self, call: Call, sent: httpx.Request) -> Outcome:
        if self._http.is_closed:
            raise closed_client_error(sent)
        # Never redirected, whatever the caller's http_client says: the key and the organization
        # headers must not reach another host.
        response = self._http.send(sent, stream=True, follow_redirects=False, auth=None)
        try:
            reader = call.reader(response)
            for chunk in response.iter_bytes():
                if not reader.feed(chunk):
                    break
        finally:
            response.close()
        return reader.outcome()

    def __repr__(self) -> str:
        return f"SyncRequester(base_url={self.options.base_url!r})"


class AsyncRequester:
    """Sends requests over an `httpx.AsyncClient` with the client's options."""

    __slots__ = ("_http", "options")

    def __init__(self, http: httpx.AsyncClient, options: ClientOptions) -> None:
        self._http = http
        self.options: ClientOptions = options

    async def send(self, request: Request) -> Done:
        """The async twin of `SyncRequester.send`."""
        import asyncio  # noqa: PLC0415 - import openai_evals_runs never loads asyncio

        call = Call(request, self.options)
        credential = self.options.credential
        try:
            while True:
                # An async token provider is awaited here, once per attempt.
                sent = call.build(self._http, await credential.async_token())
                try:
                    outcome = await self._attempt(call, sent)
                except httpx.RequestError as exc:
                    decision: Decision = call.decide(sent, exc)
                else:
                    decision = call.decide(sent, outcome)
                match decision:
                    case Done():
                        return decision
                    case Retry(delay):
                        await asyncio.sleep(delay)
                    case _:
                        decision.raise_error()
        except BaseException as exc:
            call.interrupted(exc)
            raise

    async def _attempt(self, call: Call, sent: httpx.Request) -> Outcome:
        if self._http.is_closed:
            raise closed_client_error(sent)
        response = await self._http.send(sent, stream=True, follow_redirects=False, auth=None)
        try:
            reader = call.reader(response)
            async for chunk in response.aiter_bytes():
                if not reader.feed(chunk):
                    break
        finally:
            await response.aclose()
        return reader.outcome()

    def __repr__(self) -> str:
        return f"AsyncRequester(base_url={self.options.base_url!r})"
