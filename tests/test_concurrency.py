"""Concurrency: one Client shared by 16 threads, one AsyncClient shared by 200 tasks.

Every call succeeds (no retries allowed), every created run is listed exactly once afterwards
(walking every page), every create carries its own Idempotency-Key, and the connection pool limit
holds on the wire: the client talks to FakeEvalsServer through a small counting TCP proxy on
127.0.0.1 that records how many connections were open at once and how many were opened in all.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from openai_evals_runs import AsyncClient, Client, EvalRun
from openai_evals_runs.testing import FakeEvalsServer

THREADS = 16
CALLS_PER_THREAD = 6
TASKS = 200
SYNC_POOL = 6
ASYNC_POOL = 10
DATA_SOURCE = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}


class CountingProxy:
    """A TCP proxy on 127.0.0.1 in front of `port`: counts client connections (open at once, and
    opened in all). One thread accepts; two threads per connection copy bytes."""

    def __init__(self, port: int) -> None:
        self._target = port
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=512)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._sockets: list[socket.socket] = []
        self.open = 0
        self.peak = 0
        self.opened = 0
        self.client_ports: set[int] = set()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                downstream, address = self._listener.accept()
            except OSError:
                return
            if self._stopped.is_set():
                downstream.close()
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            for sock in (downstream, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets += [downstream, upstream]
                self.open += 1
                self.opened += 1
                self.peak = max(self.peak, self.open)
                self.client_ports.add(address[1])
            done = threading.Barrier(
                2, action=functools.partial(self._closed, downstream, upstream)
            )
            for source, sink in ((downstream, upstream), (upstream, downstream)):
                threading.Thread(target=self._pump, args=(source, sink, done), daemon=True).start()

    def _closed(self, downstream: socket.socket, upstream: socket.socket) -> None:
        # Both directions ended: the client's connection is gone.
        with self._lock:
            self.open -= 1
        downstream.close()
        upstream.close()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, done: threading.Barrier) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
        with contextlib.suppress(threading.BrokenBarrierError):
            done.wait(timeout=10)


@pytest.fixture
def proxy(server: FakeEvalsServer) -> Iterator[CountingProxy]:
    with CountingProxy(server.port) as running:
        yield running


def _base_url(proxy: CountingProxy) -> str:
    return f"http://127.0.0.1:{proxy.port}/v1"


def _check_listing(
    server: FakeEvalsServer, eval_id: str, created: list[str], listed: list[str]
) -> None:
    assert len(set(created)) == len(created), "two creates returned the same run"
    counts = Counter(listed)
    assert [run_id for run_id, n in counts.items() if n > 1] == [], "runs listed twice"
    assert set(listed) == set(created), "created and listed runs differ"
    assert [run["id"] for run in server.runs(eval_id)] == listed  # oldest first, as stored
    keys = [
        request.headers["idempotency-key"]
        for request in server.requests
        if request.method == "POST"
    ]
    assert len(keys) == len(created) == len(set(keys)), "an Idempotency-Key was reused"


def test_one_client_shared_by_threads(
    server: FakeEvalsServer, eval_id: str, proxy: CountingProxy
) -> None:
    limits = httpx.Limits(max_connections=SYNC_POOL, max_keepalive_connections=SYNC_POOL)
    start = threading.Barrier(THREADS)

    def worker(client: Client, index: int) -> list[str]:
        start.wait(timeout=10)
        mine: list[str] = []
        for call in range(CALLS_PER_THREAD):
            run = client.runs.create(eval_id, data_source=DATA_SOURCE, name=f"t{index}-{call}")
            assert isinstance(run, EvalRun)
            assert run.name == f"t{index}-{call}"
            mine.append(run.id)
            # Every run this thread made so far is on the server, once, whatever the others do.
            seen = Counter(listed.id for listed in client.runs.list(eval_id, limit=50))
            assert all(seen[run_id] == 1 for run_id in mine), seen
        return mine

    with (
        httpx.Client(limits=limits) as http,
        Client(
            api_key=server.api_key, base_url=_base_url(proxy), http_client=http, max_retries=0
        ) as client,
        ThreadPoolExecutor(THREADS) as pool,
    ):
        futures = [pool.submit(worker, client, index) for index in range(THREADS)]
        created = [run_id for future in futures for run_id in future.result(timeout=60)]
        listed = [run.id for run in client.runs.list(eval_id, limit=7)]

    assert len(created) == THREADS * CALLS_PER_THREAD
    _check_listing(server, eval_id, created, listed)
    assert 2 <= proxy.peak <= SYNC_POOL, (proxy.peak, proxy.opened)
    assert proxy.opened <= SYNC_POOL  # kept alive and reused, never replaced
    assert len(proxy.client_ports) == proxy.opened


def test_one_async_client_shared_by_tasks(
    server: FakeEvalsServer, eval_id: str, proxy: CountingProxy
) -> None:
    limits = httpx.Limits(max_connections=ASYNC_POOL, max_keepalive_connections=ASYNC_POOL)

    async def main() -> tuple[list[str], list[str]]:
        async with (
            httpx.AsyncClient(limits=limits) as http,
            AsyncClient(
                api_key=server.api_key, base_url=_base_url(proxy), http_client=http, max_retries=0
            ) as client,
        ):

            async def task(index: int) -> str:
                run = await client.runs.create(eval_id, data_source=DATA_SOURCE, name=f"a{index}")
                assert run.name == f"a{index}"
                page = await client.runs.list(eval_id, limit=100, order="desc")
                assert 1 <= len(page.data) <= 100
                return run.id

            created = await asyncio.gather(*(task(index) for index in range(TASKS)))
            listed = [run.id async for run in client.runs.list(eval_id, limit=23)]
            return list(created), listed

    created, listed = asyncio.run(main())
    assert len(created) == TASKS
    _check_listing(server, eval_id, created, listed)
    assert 2 <= proxy.peak <= ASYNC_POOL, (proxy.peak, proxy.opened)
    assert proxy.opened <= ASYNC_POOL
    assert len(proxy.client_ports) == proxy.opened


def test_the_proxy_counts_connections(server: FakeEvalsServer, proxy: CountingProxy) -> None:
    """The proxy's numbers are real: three clients that each keep a connection show 3 at once."""
    clients = [httpx.Client() for _ in range(3)]
    try:
        for http in clients:
            http.get(f"{_base_url(proxy)}/evals/none/runs")
        assert (proxy.open, proxy.peak, proxy.opened) == (3, 3, 3)
    finally:
        for http in clients:
            http.close()
