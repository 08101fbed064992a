"""A package index on loopback for the publishing tests: pypiserver (pinned in
requirements-dev.txt) on 127.0.0.1 with an htpasswd file. Uploads need the password; reading and
downloading do not. With `dependencies`, it also serves wheels of the runtime dependencies (at this
virtualenv's versions), as an internal index would, so a fresh virtualenv installs from it alone.
"""

from __future__ import annotations

import importlib.metadata
import secrets
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LocalIndex:
    """A running pypiserver."""

    url: str  # the upload URL (TWINE_REPOSITORY_URL)
    simple_url: str  # what pip takes as --index-url
    packages: Path
    username: str
    password: str

    def release_files(self) -> list[str]:
        """The files of openai-evals-runs on the index (any version)."""
        return sorted(p.name for p in self.packages.iterdir() if p.name.startswith("openai_evals"))

    def credentials(self, password: str | None = None) -> dict[str, str]:
        """The environment naming this index by URL."""
        return {
            "TWINE_REPOSITORY_URL": self.url,
            "TWINE_USERNAME": self.username,
            "TWINE_PASSWORD": password or self.password,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _download_dependencies(dest: Path) -> None:
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [
        f"{name}=={importlib.metadata.version(name)}"
        for name in (Requirement(dep).name for dep in project["dependencies"])
    ]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--only-binary=:all:",
            "-d",
            dest,
            *pins,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@contextmanager
def running_index(home: Path, *, dependencies: bool) -> Iterator[LocalIndex]:
    """Start pypiserver with its files under `home`; stop it on exit."""
    with warnings.catch_warnings():  # passlib 1.7.4 imports the deprecated `crypt` module
        warnings.simplefilter("ignore", DeprecationWarning)
        from passlib.apache import HtpasswdFile

    packages = home / "packages"
    packages.mkdir()
    if dependencies:
        _download_dependencies(packages)
    username, password = "publisher", secrets.token_urlsafe(18)
    htpasswd = HtpasswdFile(str(home / "htpasswd"), new=True)
    htpasswd.set_password(username, password)
    htpasswd.save()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = home / "pypiserver.log"
    auth = ["-P", home / "htpasswd", "-a", "update", "--disable-fallback", packages]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "pypiserver", "run", "-p", str(port), "-i", "127.0.0.1", *auth],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"pypiserver did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        yield LocalIndex(url, url + "simple/", packages, username, password)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
