"""FakeEvalsServer(state=PATH): evals, runs and idempotency keys kept in SQLite across restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openai_evals_runs import BadRequestError, Client, ConflictError
from openai_evals_runs.testing import COMPLETED_AFTER, FakeEvalsServer, Outcome
from openai_evals_runs.testing._store import StateFileError

pytestmark = pytest.mark.timeout(30)

KEY = "sk-state-test"
JSONL = {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"q": 1}}]}}
OTHER = {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"q": 2}}]}}


def walk(client: Client, eval_id: str, **query: Any) -> list[dict[str, Any]]:
    """Every run of the eval, page by page (pages of 100)."""
    return [run.to_dict() for run in client.runs.list(eval_id, limit=100, **query)]


def serve(path: Path) -> FakeEvalsServer:
    """A server on the state file `path` (started by its `with` block)."""
    return FakeEvalsServer(api_key=KEY, state=path)


def test_runs_keys_and_pages_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with serve(path) as server, Client(api_key=KEY, base_url=server.base_url) as client:
        eval_id = server.create_eval("smoke", eval_id="eval_smoke")
        server.seed_runs(eval_id, 150, statuses=["completed", "queued"])
        keyed = client.runs.create(eval_id, data_source=JSONL, idempotency_key="key-1")
        server.set_outcome(Outcome(status="failed", error_code="scripted"))
        scripted = client.runs.create(eval_id, data_source=JSONL)
        failed = client.runs.create(eval_id, data_source=OTHER)
        server.fail_run(eval_id, failed.id, code="boom", message="stopped by the test")
        server.advance(COMPLETED_AFTER)
        before = walk(client, eval_id)
        newest_first = walk(client, eval_id, order="desc")
        cursor = client.runs.list(eval_id, limit=100).last_id
        assert len(before) == 153
    with serve(path) as server, Client(api_key=KEY, base_url=server.base_url) as client:
        assert server.evals() == {"eval_smoke": "smoke"}
        assert walk(client, eval_id) == before
        assert walk(client, eval_id, order="desc") == newest_first
        # A cursor handed out before the restart still works.
        assert [run.id for run in client.runs.list(eval_id, after=cursor, limit=100).data] == [
            run["id"] for run in before[100:]
        ]
        # The idempotency key is remembered: same body replays, another body conflicts.
        replay = client.runs.create(eval_id, data_source=JSONL, idempotency_key="key-1")
        assert replay.id == keyed.id
        with pytest.raises(ConflictError):
            client.runs.create(eval_id, data_source=OTHER, idempotency_key="key-1")
        statuses = {run["id"]: (run["status"], run["error"]) for run in before}
        assert statuses[scripted.id] == (
            "failed",
            {"code": "scripted", "message": "The run failed (FakeEvalsServer)."},
        )
        assert statuses[failed.id] == ("failed", {"code": "boom", "message": "stopped by the test"})
        # New runs go after the stored ones, whatever the clock of the previous server said.
        newest = client.runs.create(eval_id, data_source=JSONL)
        assert [run["id"] for run in walk(client, eval_id)] == [
            *(run["id"] for run in before),
            newest.id,
        ]
        # Outcomes were functions of the old process: they do not carry over.
        server.advance(COMPLETED_AFTER)
        assert client.runs.list(eval_id, order="desc", limit=1).data[0].status == "completed"


def test_unknown_cursor_after_a_restart_is_still_a_bad_request(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with serve(path) as server:
        eval_id = server.create_eval()
    with (
        serve(path) as server,
        Client(api_key=KEY, base_url=server.base_url) as client,
        pytest.raises(BadRequestError),
    ):
        client.runs.list(eval_id, after="evalrun_unknown")


def test_reset_empties_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with serve(path) as server:
        server.seed_runs(server.create_eval(), 3)
        server.reset()
        server.create_eval("kept", eval_id="eval_kept")
    with serve(path) as server:
        assert server.evals() == {"eval_kept": "kept"}
        assert server.runs("eval_kept") == []


def test_one_server_per_file(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with serve(path) as first:
        first.create_eval()
        with pytest.raises(StateFileError, match="another fake server"):
            FakeEvalsServer(state=path)
    with serve(path) as again:  # free once the first one stopped
        assert len(again.evals()) == 1


def test_a_failed_start_releases_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with FakeEvalsServer() as busy, pytest.raises(OSError, match="in use"):
        FakeEvalsServer(state=path, port=busy.port).start()
    with serve(path) as again:  # the file is not held by the server that failed to start
        assert again.evals() == {}


def test_a_file_that_is_not_a_state_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StateFileError, match=r"notes\.txt"):
        FakeEvalsServer(state=path)
    assert path.read_bytes().startswith(b"these are my notes")
    with pytest.raises(StateFileError, match="cannot open"):
        FakeEvalsServer(state=tmp_path / "missing-dir" / "state.db")
