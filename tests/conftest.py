"""Shared fixtures: a running FakeEvalsServer, an eval on it, and a client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from openai_evals_runs import Client
from openai_evals_runs.testing import FakeEvalsServer


@pytest.fixture
def server() -> Iterator[FakeEvalsServer]:
    """A started FakeEvalsServer (frozen clock), stopped after the test."""
    with FakeEvalsServer() as fake:
        yield fake


@pytest.fixture
def eval_id(server: FakeEvalsServer) -> str:
    """An eval registered on `server`."""
    return server.create_eval(name="test eval")


@pytest.fixture
def client(server: FakeEvalsServer) -> Iterator[Client]:
    """A Client for `server` (max_retries=2), closed after the test."""
    with Client(api_key=server.api_key, base_url=server.base_url, max_retries=2) as api:
        yield api
