"""Prism, the independent mock server of the contract tests: install, start, read its log.

`scripts/prism.sh` installs the pinned Prism into .tools/prism (a no-op once done). A PrismServer
runs `prism mock openapi.yaml` on a free 127.0.0.1 port and keeps every line Prism logs, so a test
can take the lines one exchange produced and look for validation warnings and errors in them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "openapi.yaml"
INSTALL_SCRIPT = ROOT / "scripts" / "prism.sh"
# A first install may need apt-get (nodejs, npm) and npm: minutes on a slow mirror, not hours.
INSTALL_TIMEOUT = 900.0
READY_TIMEOUT = 60.0
# How long the log may lag behind an answer the client already has.
LOG_TIMEOUT = 10.0
AUTH = {"Authorization": "Bearer sk-prism-contract"}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Prism's log lines read "<time> > [COMPONENT] <symbol> <level>   <message>"; the level column is
# padded with spaces, which keeps words like "error" inside messages from matching.
_BAD_LEVEL = re.compile(r"\s(warning|error|fatal)\s{2,}")


def install() -> Path:
    """Run scripts/prism.sh and return the launcher it prints; fail the tests when it fails.

    Never skips: `make test` on a clean machine must run the contract tests, so a failed install
    is a test failure with the script's own explanation.
    """
    try:
        done = subprocess.run(
            ["bash", str(INSTALL_SCRIPT)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{INSTALL_SCRIPT.name} did not finish within {INSTALL_TIMEOUT:.0f} s")
    launcher = Path(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    if done.returncode != 0 or launcher is None or not launcher.is_file():
        pytest.fail(
            f"installing Prism failed (scripts/prism.sh exit {done.returncode}); "
            f"run `make prism` to see why.\n{done.stderr[-3000:]}"
        )
    return launcher


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def bad_lines(lines: list[str]) -> list[str]:
    """The lines logged at warning, error or fatal level."""
    return [line for line in lines if _BAD_LEVEL.search(line)]


class PrismServer:
    """One `prism mock openapi.yaml` process on 127.0.0.1, with its log kept in memory."""

    def __init__(self, launcher: Path, *, errors: bool) -> None:
        self.launcher = launcher
        self.errors = errors
        self.port = 0
        self._lines: list[str] = []
        self._lock = threading.Condition()
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._marks = 0

    @property
    def url(self) -> str:
        """The base URL: Prism serves the spec's paths at its root, without the /v1 of servers."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start Prism and wait until it listens (`launch` then `wait_ready`)."""
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the Prism process on a free port, without waiting for it."""
        self.port = _free_port()
        command = [str(self.launcher), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(self.port)]
        if self.errors:
            command.append("--errors")
        # No colours: the log is parsed. Its own session and no stdin: nothing of the terminal
        # reaches it, and stop() deals with it alone.
        env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
        self._process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, args=(self._process,), daemon=True)
        self._reader.start()

    def wait_ready(self) -> None:
        """Wait (at most READY_TIMEOUT) for Prism to listen; a port taken meanwhile gets a
        relaunch on another one. Fails the tests with Prism's log otherwise."""
        deadline = time.monotonic() + READY_TIMEOUT
        for _attempt in range(3):
            process = self._process
            assert process is not None, "launch() first"
            ready = f"Prism is listening on {self.url}"
            with self._lock:
                while not any(ready in line for line in self._lines):
                    if process.poll() is not None:
                        break
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        self.stop()
                        pytest.fail(
                            f"Prism not ready after {READY_TIMEOUT:.0f} s:\n{self.log_text()}"
                        )
                    self._lock.wait(min(remaining, 0.2))
                else:
                    return
            # Prism exited: let the reader take its last words before reading them.
            if self._reader is not None:
                self._reader.join(timeout=5)
            if "EADDRINUSE" not in self.log_text():
                break
            self.launch()
        pytest.fail(f"Prism exited with {process.returncode}:\n{self.log_text()}")

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._lock:
                self._lines.append(_ANSI.sub("", line.rstrip("\n")))
                self._lock.notify_all()

    def stop(self) -> None:
        """Stop Prism (SIGTERM, then SIGKILL after 10 s)."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def log_text(self) -> str:
        """Everything Prism logged so far."""
        with self._lock:
            return "\n".join(self._lines)

    def mark(self) -> int:
        """A position in the log: pass it to `lines_since` after the exchange."""
        with self._lock:
            return len(self._lines)

    def lines_since(self, start: int) -> list[str]:
        """The log lines of the exchanges made since `start`, complete.

        Prism handles requests one after another and logs everything about a request (request
        and response validation included) before it answers, so once a marker request sent now
        shows up in the log, every line before it is in. The marker is a valid request: its
        own lines never contain a warning.
        """
        self._marks += 1
        marker = f"prism-log-mark-{self._marks}"
        httpx.get(f"{self.url}/evals/{marker}/runs", headers=AUTH, timeout=LOG_TIMEOUT)
        received = f"/evals/{marker}/runs"
        deadline = time.monotonic() + LOG_TIMEOUT
        with self._lock:
            while True:
                for index in range(start, len(self._lines)):
                    if received in self._lines[index] and "Request received" in self._lines[index]:
                        return self._lines[start:index]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(f"marker {marker} never reached Prism's log:\n{self.log_text()}")
                self._lock.wait(min(remaining, 0.2))
