"""Everything the fake server knows: evals, runs, idempotency keys. One lock guards it all.

Every method takes the lock for its whole duration, so a page, a create or a replayed key is
computed against one consistent snapshot, however many handler threads run at once.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import uuid
from collections.abc import Sequence
from typing import Any

import attrs

from ._clock import Clock
from ._errors import ApiError
from ._lifecycle import StoredRun

SEED_DATA_SOURCE: dict[str, Any] = {
    "type": "completions",
    "model": "gpt-4o-mini",
    "input_messages": {
        "type": "template",
        "template": [{"role": "user", "content": "{{item.input}}"}],
    },
    "source": {"type": "file_id", "id": "file-fake-seed"},
}
"""The data source of runs made by `seed_runs`."""


def new_eval_id() -> str:
    """A fresh eval id: "eval_" and 32 hex digits."""
    return f"eval_{uuid.uuid4().hex}"


def new_run_id() -> str:
    """A fresh run id: "evalrun_" and 32 hex digits."""
    return f"evalrun_{uuid.uuid4().hex}"


@attrs.frozen
class ListQuery:
    """The checked parameters of one list call."""

    after: str | None
    limit: int
    order: str
    status: str | None


@attrs.frozen
class _Remembered:
    """What an Idempotency-Key was first used for."""

    fingerprint: bytes
    run_id: str


class ServerState:
    """Evals, their runs and the idempotency keys, read and changed under one lock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._evals: dict[str, str] = {}
        self._runs: dict[str, list[StoredRun]] = {}
        self._by_id: dict[str, StoredRun] = {}
        self._keys: dict[tuple[bytes, str, str], _Remembered] = {}
        self._seq = itertools.count()

    # -- evals ------------------------------------------------------------------------------------

    def create_eval(self, name: str) -> str:
        """Register an eval; returns its id."""
        eval_id = new_eval_id()
        with self._lock:
            self._evals[eval_id] = name
            self._runs[eval_id] = []
        return eval_id

    def has_eval(self, eval_id: str) -> bool:
        """Whether `eval_id` names a registered eval."""
        with self._lock:
            return eval_id in self._evals

    def _require_eval(self, eval_id: str) -> list[StoredRun]:
        runs = self._runs.get(eval_id)
        if runs is None:
            raise ApiError(404, f"No eval found with id '{eval_id}'.")
        return runs

    # -- runs -------------------------------------------------------------------------------------

    def create_run(
        self,
        eval_id: str,
        body: dict[str, Any],
        *,
        scope: str,
        idempotency_key: str | None,
    ) -> dict[str, Any]:
        """Create a run from a checked CreateEvalRunRequest body and return its JSON.

        With an `idempotency_key` (scoped by `scope`, the caller's API key, and the eval), the
        first success is remembered: the same key with the same body returns that run again,
        with another body it is a 409.
        """
        with self._lock:
            runs = self._require_eval(eval_id)
            now = self.clock.now()
            fingerprint = _fingerprint(body)
            slot = None
            if idempotency_key is not None:
                slot = (hashlib.sha256(scope.encode()).digest(), eval_id, idempotency_key)
                remembered = self._keys.get(slot)
                if remembered is not None:
                    if remembered.fingerprint != fingerprint:
                        raise ApiError(
                            409,
                            "This Idempotency-Key was already used with a different request "
                            "body; use a new key for a new request.",
                            code="idempotency_key_reused",
                            # A client that retries 409s would only get this answer again.
                            headers={"x-should-retry": "false"},
                        )
                    return self._by_id[remembered.run_id].to_json(now)
            data_source: dict[str, Any] = body["data_source"]
            model = data_source.get("model", "")
            run = StoredRun(
                id=new_run_id(),
                eval_id=eval_id,
                seq=next(self._seq),
                created_at=int(now),
                started=now,
                name=body.get("name", model or "run"),
                model=model,
                data_source=_json_copy(data_source),
                metadata=_json_copy(body.get("metadata") or {}),
            )
            runs.append(run)
            self._by_id[run.id] = run
            if slot is not None:
                self._keys[slot] = _Remembered(fingerprint, run.id)
            return run.to_json(now)

    def list_runs(self, eval_id: str, query: ListQuery) -> dict[str, Any]:
        """One EvalRunList page for a checked query."""
        with self._lock:
            runs = self._require_eval(eval_id)
            now = self.clock.now()
            ordered = sorted(runs, key=lambda run: (run.created_at, run.seq))
            if query.order == "desc":
                ordered.reverse()
            if query.after is not None:
                # The cursor is a position in the full order, so it stays valid even when the
                # run it names no longer matches the status filter.
                position = next(
                    (index for index, run in enumerate(ordered) if run.id == query.after), None
                )
                if position is None:
                    raise ApiError(
                        400,
                        f"Invalid 'after': no run with id '{query.after}' in eval '{eval_id}'.",
                        param="after",
                    )
                ordered = ordered[position + 1 :]
            if query.status is not None:
                ordered = [run for run in ordered if run.status(now) == query.status]
            page = ordered[: query.limit]
            data = [run.to_json(now) for run in page]
            return {
                "object": "list",
                "data": data,
                "first_id": page[0].id if page else None,
                "last_id": page[-1].id if page else None,
                "has_more": len(ordered) > len(page),
            }

    def seed_runs(self, eval_id: str, n: int, statuses: Sequence[str] | None) -> list[str]:
        """Create `n` runs with fixed statuses; see FakeEvalsServer.seed_runs."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be an integer >= 0, got {n!r}")
        cycle = _status_cycle(statuses)
        with self._lock:
            if eval_id not in self._runs:
                raise KeyError(f"no eval {eval_id!r} on this server (use create_eval first)")
            runs = self._runs[eval_id]
            now = int(self.clock.now())
            previous = max((run.created_at for run in runs), default=None)
            ids: list[str] = []
            for index in range(n):
                created_at = now - (n - 1 - index)
                if previous is not None and created_at <= previous:
                    created_at = previous + 1
                previous = created_at
                run = StoredRun(
                    id=new_run_id(),
                    eval_id=eval_id,
                    seq=next(self._seq),
                    created_at=created_at,
                    started=float(created_at),
                    name=f"seed-run-{len(runs) + 1}",
                    model=SEED_DATA_SOURCE["model"],
                    data_source=_json_copy(SEED_DATA_SOURCE),
                    metadata={"seed_index": str(index)},
                    pinned_status=cycle[index % len(cycle)],
                )
                runs.append(run)
                self._by_id[run.id] = run
                ids.append(run.id)
            return ids

    def runs_json(self, eval_id: str) -> list[dict[str, Any]]:
        """The current JSON of every run of `eval_id`, in creation order."""
        with self._lock:
            if eval_id not in self._runs:
                raise KeyError(f"no eval {eval_id!r} on this server")
            now = self.clock.now()
            return [run.to_json(now) for run in self._runs[eval_id]]


def _status_cycle(statuses: Sequence[str] | None) -> list[str]:
    if statuses is None:
        return ["completed"]
    # A bare string is a sequence of characters: almost surely meant as one status.
    cycle = [statuses] if isinstance(statuses, str) else list(statuses)
    if not cycle:
        raise ValueError("statuses must not be empty (use None for 'completed')")
    for status in cycle:
        if not isinstance(status, str) or not status:
            raise ValueError(f"each status must be a non-empty string, got {status!r}")
    return cycle


def _fingerprint(body: dict[str, Any]) -> bytes:
    # Canonical JSON, not Python equality: 1, 1.0 and true are equal in Python but not on the wire.
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).digest()


def _json_copy(value: Any) -> Any:
    return json.loads(json.dumps(value))
