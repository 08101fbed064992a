"""pytest fixtures for code that calls the Evals runs API: a local server and clients for it.

Installing `openai-evals-runs` registers this module with pytest (the `pytest11` entry point),
so these fixtures are there without a conftest.py:

- `evals_server`: a started `FakeEvalsServer` for one test (frozen clock: runs move only with
  `evals_server.advance(...)`), stopped after it. Each test gets its own server on a free port,
  so tests stay independent, also under `pytest -n` (xdist).
- `evals_client` / `async_evals_client`: a `Client` / `AsyncClient` pointed at it. Their retries
  do not wait (no backoff sleep; a `Retry-After` the test injects is still honoured).
- `azure_evals_client`: an `AzureClient` pointed at its Azure routes (`api-key` header,
  `api-version` AZURE_API_VERSION), retrying like `evals_client`.

Options, per test: `@pytest.mark.evals_server(speed=..., api_key=..., allow_unused_faults=...)`
(or indirect parametrization of `evals_server` with a dict of the same). `speed=1.0` runs the
server clock in real time. At teardown a passing test fails when faults it injected were never
used (a test that expected a retry which never happened); `allow_unused_faults=True` opts out,
and `evals_server.clear_faults()` drops them explicitly.

Nothing heavy is imported until a fixture is used: pytest loads this module in every session.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from openai_evals_runs import AsyncClient, AzureClient, Client

    from ._server import FakeEvalsServer

MARKER = "evals_server"
AZURE_API_VERSION = "2025-04-01-preview"
"""The `api-version` the `azure_evals_client` fixture sends."""
_OPTIONS = ("speed", "api_key", "allow_unused_faults")
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker (so `--strict-markers` accepts it)."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(speed=0.0, api_key=None, allow_unused_faults=False): options of the "
        "evals_server fixture (openai-evals-runs)",
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item: the fault check runs only after a passing test."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options: dict[str, Any] = {}
    # Closest marker last, so a test's own marker wins over its class's or module's.
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes keyword arguments only")
        options.update(marker.kwargs)
    param = getattr(request, "param", None)
    if param is not None:
        if not isinstance(param, dict):
            raise pytest.UsageError(f"an indirect {MARKER} parameter must be a dict of options")
        options.update(param)
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise pytest.UsageError(
            f"unknown {MARKER} option(s) {', '.join(unknown)}; known: {', '.join(_OPTIONS)}"
        )
    return options


@pytest.fixture
def evals_server(request: pytest.FixtureRequest) -> Iterator[FakeEvalsServer]:
    """A started FakeEvalsServer for this test (clock frozen unless `speed` is set)."""
    from ._faults import ROUTES  # noqa: PLC0415 - pytest loads this module in every session: load on use
    from ._server import FakeEvalsServer  # noqa: PLC0415 - as above

    options = _options(request)
    allow_unused = bool(options.pop("allow_unused_faults", False))
    with FakeEvalsServer(**options) as server:
        yield server
        call = request.node.stash.get(_REPORTS, {}).get("call")
        if allow_unused or call is None or not call.passed:
            return
        pending = {route: server.pending_faults(route) for route in ROUTES}
        if any(pending.values()):
            left = ", ".join(f"{count} on {route!r}" for route, count in pending.items() if count)
            pytest.fail(
                f"injected faults were never used ({left}): the requests they were meant for "
                "did not happen. Call evals_server.clear_faults() if that is expected, or mark "
                f"the test @pytest.mark.{MARKER}(allow_unused_faults=True).",
                pytrace=False,
            )


def _no_retry_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK has no per-client backoff option yet: its exponential backoff starts from this
    # module constant, so zero makes every wait zero (Retry-After headers still count).
    from openai_evals_runs import _retry  # noqa: PLC0415 - as above

    monkeypatch.setattr(_retry, "INITIAL_RETRY_DELAY", 0.0)


@pytest.fixture
def evals_client(
    evals_server: FakeEvalsServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Client]:
    """A Client for `evals_server`; retries do not wait. Closed after the test."""
    from openai_evals_runs import Client  # noqa: PLC0415 - as above

    _no_retry_waits(monkeypatch)
    with Client(api_key=evals_server.api_key, base_url=evals_server.base_url) as client:
        yield client


@pytest.fixture
def azure_evals_client(
    evals_server: FakeEvalsServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AzureClient]:
    """An AzureClient for `evals_server`'s Azure routes; retries do not wait. Closed after the
    test."""
    from openai_evals_runs import AzureClient  # noqa: PLC0415 - as above

    _no_retry_waits(monkeypatch)
    with AzureClient(
        azure_endpoint=evals_server.azure_endpoint,
        api_version=AZURE_API_VERSION,
        api_key=evals_server.api_key,
    ) as client:
        yield client


@pytest.fixture
def async_evals_client(
    evals_server: FakeEvalsServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AsyncClient]:
    """An AsyncClient for `evals_server`; retries do not wait.

    A plain (not async) fixture, so it works with any way of running async tests (pytest-asyncio,
    anyio, `asyncio.run` in the test). Its connections are not kept alive between requests: they
    would belong to the test's event loop, which is gone by the time the fixture tears down.
    """
    import asyncio  # noqa: PLC0415 - as above

    import httpx  # noqa: PLC0415 - as above

    from openai_evals_runs import AsyncClient  # noqa: PLC0415 - as above

    _no_retry_waits(monkeypatch)
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_keepalive_connections=0), follow_redirects=False
    )
    client = AsyncClient(
        api_key=evals_server.api_key, base_url=evals_server.base_url, http_client=http
    )
    yield client
    # Nothing is pooled, so closing needs no particular loop; inside a running one (a plugin
    # that tears down from async code) there is nothing to release either.
    with contextlib.suppress(RuntimeError):
        asyncio.run(http.aclose())
