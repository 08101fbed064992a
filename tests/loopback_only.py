"""Refuse every connection and name lookup beyond loopback while active.

In-process: `with loopback_only() as refused:` (the list collects what was refused, so a refusal
that some code catches is still seen). As a pytest plugin (`-p loopback_only`, with tests/ on the
path), it guards a whole session and fails it when anything was refused.

It is a `sys.addaudithook` hook: it sees every `socket.connect` and `getaddrinfo`, from any
thread and any library (httpx, asyncio's executor threads), before a packet leaves. Audit hooks
cannot be removed, so one is added per process and does nothing while inactive.
"""

from __future__ import annotations

import contextlib
import ipaddress
import sys
from collections.abc import Iterator
from typing import Any

import pytest

_HOST_EVENTS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
    }
)
_ADDRESS_EVENTS = frozenset({"socket.connect", "socket.sendto"})

# A module global, not a context variable: executor threads (asyncio's getaddrinfo) must see it.
_refused: list[str] | None = None
_installed = False


def is_loopback(host: object) -> bool:
    """True for a host that cannot leave the machine: a loopback address or "localhost"."""
    if host is None:  # getaddrinfo(None, port): the local host
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple[Any, ...]) -> None:
    refused = _refused
    if refused is None:
        return
    if event in _HOST_EVENTS:
        host = args[0]
    elif event in _ADDRESS_EVENTS:
        address = args[-1]
        if not isinstance(address, tuple):  # an AF_UNIX path: local by nature
            return
        host = address[0]
    else:
        return
    if not is_loopback(host):
        refused.append(f"{event} {host!r}")
        raise PermissionError(f"only loopback is allowed here, not {host!r} ({event})")


@contextlib.contextmanager
def loopback_only() -> Iterator[list[str]]:
    """Refuse non-loopback hosts inside the block; yields the list of what was refused."""
    global _refused, _installed  # noqa: PLW0603 - one process-wide switch for the one hook
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    refused: list[str] = []
    previous, _refused = _refused, refused
    try:
        yield refused
    finally:
        _refused = previous


_session_guard: contextlib.ExitStack | None = None
_session_refused: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """As a plugin: guard the whole session."""
    global _session_guard, _session_refused  # noqa: PLW0603 - the session's one guard
    _session_guard = contextlib.ExitStack()
    _session_refused = _session_guard.enter_context(loopback_only())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session when anything beyond loopback was tried, even if a test caught it."""
    if _session_refused:
        sys.stderr.write(f"\nrefused beyond loopback: {_session_refused}\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if _session_guard is not None:
        _session_guard.close()
