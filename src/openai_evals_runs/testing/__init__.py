"""A local stand-in for the OpenAI Evals runs API, for tests, demos and CI (like `moto` for AWS).

    from openai_evals_runs import Client
    from openai_evals_runs.testing import Fault, FakeEvalsServer

    with FakeEvalsServer() as server:
        eval_id = server.create_eval(name="smoke")
        with Client(api_key=server.api_key, base_url=server.base_url) as client:
            run = client.runs.create(eval_id, data_source={...})
            server.advance(COMPLETED_AFTER)
            assert client.runs.list(eval_id).data[0].status == "completed"

Behaviour, in short:

- Routes: `GET` and `POST /v1/evals/{eval_id}/runs`, validated against openapi.yaml; errors come
  as `{"error": {"message", "type", "param", "code"}}`: 401 bad or missing key, 404 unknown eval or
  URL, 400 bad JSON, body or query, 409 an Idempotency-Key reused with another body. The Azure
  form too: `/openai/evals/{eval_id}/runs?api-version=...` (404 without it, as Azure answers),
  the key in `api-key` or `Authorization: Bearer`; `accept_token` adds a token it accepts.
- Runs are `queued` for `IN_PROGRESS_AFTER` seconds of server time, then `in_progress`, then
  `completed` at `COMPLETED_AFTER`, when counts, usage and criteria results are filled in
  (deterministically: see `_lifecycle`). The clock moves with `advance()`, and by itself when
  `speed > 0`.
- `set_outcome(Outcome(...))` chooses how later runs end (status, counts, usage, error), also
  per eval or as a function of the create request; `cancel_run` / `fail_run` move a live run.
- Faults (`inject`) are one-shot and FIFO per route (`clear_faults` drops unused ones).
  `Fault.status`, `Fault.malformed_body` and `Fault.drop_before_status` replace the request (no
  run is created); `Fault.delay` and `Fault.drop_mid_body` let it be processed (the run is
  created) and only spoil the answer.

- `reset()` empties everything; `FakeEvalsServer(state="path.db")` keeps the state in a SQLite
  file across restarts.

The pytest plugin (fixtures `evals_server`, `evals_client`, `async_evals_client`) is in
`openai_evals_runs.testing.pytest_plugin`, loaded by pytest through its entry point.
Importing `openai_evals_runs` does not import this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._faults import Fault, Route
    from ._lifecycle import COMPLETED_AFTER, DEFAULT_ITEM_COUNT, IN_PROGRESS_AFTER, item_passes
    from ._outcome import Outcome
    from ._recording import (
        MAX_LOGGED_BODY_BYTES,
        MAX_LOGGED_REQUESTS,
        RecordedRequest,
        RequestLog,
    )
    from ._routes import MAX_LIMIT
    from ._server import FakeEvalsServer
    from ._state import SEED_DATA_SOURCE

# Loaded on first use: pytest imports the plugin module of this package in every session of a
# project that has the SDK installed, and the server (validation, HTTP) is not needed for that.
_WHERE = {
    "COMPLETED_AFTER": "_lifecycle",
    "DEFAULT_ITEM_COUNT": "_lifecycle",
    "IN_PROGRESS_AFTER": "_lifecycle",
    "item_passes": "_lifecycle",
    "MAX_LIMIT": "_routes",
    "MAX_LOGGED_BODY_BYTES": "_recording",
    "MAX_LOGGED_REQUESTS": "_recording",
    "RecordedRequest": "_recording",
    "RequestLog": "_recording",
    "SEED_DATA_SOURCE": "_state",
    "FakeEvalsServer": "_server",
    "Fault": "_faults",
    "Route": "_faults",
    "Outcome": "_outcome",
}

__all__ = [
    "COMPLETED_AFTER",
    "DEFAULT_ITEM_COUNT",
    "IN_PROGRESS_AFTER",
    "MAX_LIMIT",
    "MAX_LOGGED_BODY_BYTES",
    "MAX_LOGGED_REQUESTS",
    "SEED_DATA_SOURCE",
    "FakeEvalsServer",
    "Fault",
    "Outcome",
    "RecordedRequest",
    "RequestLog",
    "Route",
    "item_passes",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once found, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
