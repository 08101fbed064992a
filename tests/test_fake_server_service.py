"""`openai-evals-runs fake-server` as a service for scripts and CI: --json, --api-key, --eval
NAME=ID, --state across restarts, and many clients at once against a --state server."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openai_evals_runs import AuthenticationError, AzureClient, Client

pytestmark = pytest.mark.timeout(60)

CLI = [sys.executable, "-m", "openai_evals_runs"]
JSONL = {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"q": 1}}]}}


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the machine's OPENAI_* variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")}
    return {**env, **extra}


class Service:
    """`fake-server --port 0 --json ...` in the background; `info` is its JSON line."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [*CLI, "fake-server", "--port", "0", "--json", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env or clean_env(),
        )
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=20)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
            raise AssertionError(f"no JSON line on stdout; stderr: {err}")
        self.info: dict[str, Any] = json.loads(line)

    def client(self) -> Client:
        """A client for this server."""
        return Client(api_key=self.info["api_key"], base_url=self.info["base_url"])

    def stop(self) -> tuple[str, str]:
        """SIGTERM; the rest of stdout and stderr (the exit status must be 0)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=20)
        assert self.proc.returncode == 0, err
        return out, err


@pytest.fixture
def services() -> Iterator[list[Service]]:
    """Services a test starts; any left running are killed after it."""
    started: list[Service] = []
    yield started
    for service in started:
        if service.proc.poll() is None:
            service.proc.kill()
            service.proc.wait(timeout=10)


def start(services: list[Service], *args: str, **env: str) -> Service:
    """Start a service and keep it for the `services` fixture's cleanup."""
    service = Service(*args, env=clean_env(**env) if env else None)
    services.append(service)
    return service


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line to its end."""
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=30, env=clean_env(), check=False
    )


def test_json_line_api_key_and_fixed_eval_ids(services: list[Service]) -> None:
    service = start(
        services, "--api-key", "sk-local-1", "--eval", "smoke=eval_smoke", "--eval", "b"
    )
    info = service.info
    assert set(info) == {"base_url", "azure_endpoint", "api_key", "evals", "speed", "state", "pid"}
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", info["base_url"])
    assert info["azure_endpoint"] == info["base_url"].removesuffix("/v1")
    assert info["api_key"] == "sk-local-1"
    assert list(info["evals"]) == ["smoke", "b"]
    assert info["evals"]["smoke"] == "eval_smoke"
    assert re.fullmatch(r"eval_[0-9a-f]{32}", info["evals"]["b"])
    assert (info["speed"], info["state"], info["pid"]) == (1.0, None, service.proc.pid)
    with service.client() as client:
        run = client.runs.create("eval_smoke", data_source=JSONL)
        assert client.runs.list("eval_smoke").data[0].id == run.id
    with (
        Client(api_key="sk-other", base_url=info["base_url"], max_retries=0) as wrong,
        pytest.raises(AuthenticationError),
    ):
        wrong.runs.list("eval_smoke")
    with AzureClient(
        azure_endpoint=info["azure_endpoint"],
        api_version="2025-04-01-preview",
        api_key="sk-local-1",
    ) as azure:
        assert [r.id for r in azure.runs.list("eval_smoke")] == [run.id]
    out, err = service.stop()
    assert out == ""  # the JSON line is all a script reads on stdout
    assert "Traceback" not in err


def test_the_global_api_key_option_counts_but_not_the_environment(
    services: list[Service],
) -> None:
    from_env = start(services, OPENAI_API_KEY="sk-real-key-from-env")
    assert from_env.info["api_key"] != "sk-real-key-from-env"
    assert from_env.info["api_key"].startswith("sk-test-")
    proc = subprocess.Popen(
        [*CLI, "--api-key", "sk-global", "fake-server", "--port", "0", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    try:
        assert proc.stdout is not None
        assert json.loads(proc.stdout.readline())["api_key"] == "sk-global"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--eval", "smoke=bad/id"], "argument --eval: eval_id must be"),
        (["--eval", "a", "--eval", "a"], "argument --eval: 'a' given more than once"),
        (["--eval", "=eval_x"], "argument --eval: expected NAME or NAME=ID"),
        (["--eval", "smoke="], "argument --eval: expected NAME or NAME=ID"),
        (["--api-key", "has space"], "argument --api-key: api_key must be"),
    ],
)
def test_bad_service_options_are_usage_errors(args: list[str], message: str) -> None:
    result = run_cli("fake-server", "--port", "0", "--json", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_state_survives_a_restart_of_the_command(services: list[Service], tmp_path: Path) -> None:
    state = str(tmp_path / "evals.db")
    first = start(services, "--api-key", "sk-k", "--eval", "smoke=eval_smoke", "--state", state)
    assert first.info["state"] == state
    with first.client() as client:
        created = [
            client.runs.create("eval_smoke", data_source=JSONL, idempotency_key=f"k{index}").id
            for index in range(3)
        ]
    first.stop()
    # No --eval: the stored evals are served; --eval NAME would reuse the stored one too.
    second = start(services, "--api-key", "sk-k", "--state", state)
    assert second.info["evals"] == {"smoke": "eval_smoke"}
    with second.client() as client:
        assert [run.id for run in client.runs.list("eval_smoke")] == created
        again = client.runs.create("eval_smoke", data_source=JSONL, idempotency_key="k1")
        assert again.id == created[1]
    # A second server on the same file is refused while the first one runs.
    busy = run_cli("fake-server", "--port", "0", "--state", state)
    assert busy.returncode == 1
    assert "another fake server" in busy.stderr
    second.stop()
    third = start(services, "--api-key", "sk-k", "--eval", "smoke", "--state", state)
    assert third.info["evals"] == {"smoke": "eval_smoke"}
    third.stop()


# -- many clients at once -------------------------------------------------------------------------

THREADS = 16
DURATION = 10.0  # seconds of creating and listing, as the issue asks
MAX_ROUNDS = 5_000  # per thread: a bound on the loop whatever the machine's speed
CHECK_EVERY = 4


def _pages_after(client: Client, eval_id: str, after: str | None) -> list[Any]:
    """Every run after `after` (all when None), in listing order."""
    runs: list[Any] = []
    for page in client.runs.list(eval_id, limit=100, after=after).iter_pages():
        runs.extend(page.data)
        if len(runs) > THREADS * MAX_ROUNDS:
            raise AssertionError("more runs listed than could have been created")
    return runs


def _check_order(runs: list[Any], mine: list[str]) -> None:
    ids = [run.id for run in runs]
    assert len(ids) == len(set(ids)), "a run was listed twice"
    times = [run.created_at for run in runs]
    assert times == sorted(times), "created_at goes backwards"
    wanted = set(mine)
    own = [run_id for run_id in ids if run_id in wanted]
    assert own == mine, "this thread's runs are missing or out of order"


@pytest.mark.timeout(120)
def test_sixteen_threads_creating_and_listing_on_a_state_server(
    services: list[Service], tmp_path: Path
) -> None:
    state = str(tmp_path / "busy.db")
    service = start(services, "--eval", "busy=eval_busy", "--state", state)
    deadline = time.monotonic() + DURATION
    created: list[list[str]] = [[] for _ in range(THREADS)]
    failures: list[BaseException] = []

    def work(index: int) -> None:
        try:
            with service.client() as client:
                checkpoint: str | None = None
                since: list[str] = []
                for round_ in range(MAX_ROUNDS):
                    if time.monotonic() > deadline:
                        break
                    run = client.runs.create(
                        "eval_busy", data_source=JSONL, idempotency_key=f"t{index}-{round_}"
                    )
                    created[index].append(run.id)
                    since.append(run.id)
                    if round_ % CHECK_EVERY == CHECK_EVERY - 1:
                        # Everything after this thread's last checked run: its newer runs are
                        # all there, once each, in the order it created them.
                        _check_order(_pages_after(client, "eval_busy", checkpoint), since)
                        checkpoint, since = run.id, []
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DURATION + 60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    with service.client() as client:
        listed = _pages_after(client, "eval_busy", None)
    every = [run_id for mine in created for run_id in mine]
    assert len(every) >= THREADS  # each thread got at least one run in
    assert sorted(run.id for run in listed) == sorted(every)  # each exactly once
    for mine in created:
        _check_order(listed, mine)
    service.stop()
    again = start(services, "--state", state)
    with again.client() as client:
        assert [run.id for run in _pages_after(client, "eval_busy", None)] == [
            run.id for run in listed
        ]
