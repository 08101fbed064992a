"""Everything the fake server knows: evals, runs, idempotency keys. One lock guards it all.

Every method takes the lock for its whole duration, so a page, a create or a replayed key is
computed against one consistent snapshot, however many handler threads run at once.

Each eval keeps its runs in creation order, which is also `(created_at, id-order)` order: a run's
`created_at` is never earlier than the eval's previous run's. So a page is a slice found through
an id -> position index, and costs the same at 100 runs as at 100,000 (no sort per request).
With a store (`--state PATH`), every change is also written to SQLite before the lock is
released, and the state is read back from it on start.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._clock import Clock
from ._errors import ApiError
from ._lifecycle import FINAL_STATUSES, StoredRun, grade
from ._outcome import Outcome, OutcomeRule, check_rule, resolve

if TYPE_CHECKING:
    from ._store import SqliteStore

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
class Remembered:
    """What an Idempotency-Key was first used for."""

    scope: bytes
    eval_id: str
    key: str
    fingerprint: bytes
    run_id: str


class EvalRuns:
    """One eval's runs in creation order, with the position of each id."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.runs: list[StoredRun] = []
        self.position: dict[str, int] = {}

    def extend(self, new: list[StoredRun]) -> None:
        """Add runs after every other one, in order."""
        start = len(self.runs)
        self.position.update(
            zip([run.id for run in new], range(start, start + len(new)), strict=True)
        )
        self.runs.extend(new)

    def last_created_at(self) -> int | None:
        """The `created_at` of the newest run, if any."""
        return self.runs[-1].created_at if self.runs else None


class ServerState:
    """Evals, their runs and the idempotency keys, read and changed under one lock."""

    def __init__(self, clock: Clock, store: SqliteStore | None = None) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._store = store
        self._evals: dict[str, EvalRuns] = {}
        self._keys: dict[tuple[bytes, str, str], Remembered] = {}
        self._seq = itertools.count()
        self._outcomes: dict[str | None, OutcomeRule] = {}
        if store is not None:
            self._load(store)

    def _load(self, store: SqliteStore) -> None:
        for eval_id, name in store.evals():
            self._evals[eval_id] = EvalRuns(name)
        last_seq = -1
        latest = 0.0
        loaded: dict[str, list[StoredRun]] = {eval_id: [] for eval_id in self._evals}
        for run in store.runs():
            loaded[run.eval_id].append(run)
            last_seq = run.seq
            latest = max(latest, run.started, float(run.created_at))
        for eval_id, runs in loaded.items():
            self._evals[eval_id].extend(runs)
        for remembered in store.idempotency_keys():
            self._keys[(remembered.scope, remembered.eval_id, remembered.key)] = remembered
        self._seq = itertools.count(last_seq + 1)
        # The previous server's clock may be ahead of this one (advance(), a fast speed): catch
        # up, so runs go on from where they were and no stored run is in the future.
        latest = max(latest, store.clock() or 0.0)
        if latest > self.clock.now():
            self.clock.advance(latest - self.clock.now())

    # -- evals ------------------------------------------------------------------------------------

    def create_eval(self, name: str, eval_id: str | None = None) -> str:
        """Register an eval (with `eval_id`, unless it exists already); returns its id."""
        with self._lock:
            if eval_id is not None and eval_id in self._evals:
                return eval_id
            eval_id = eval_id or new_eval_id()
            self._evals[eval_id] = EvalRuns(name)
            if self._store is not None:
                self._store.add_eval(eval_id, name)
            return eval_id

    def evals(self) -> dict[str, str]:
        """Every eval: id -> name, in creation order."""
        with self._lock:
            return {eval_id: runs.name for eval_id, runs in self._evals.items()}

    def has_eval(self, eval_id: str) -> bool:
        """Whether `eval_id` names a registered eval."""
        with self._lock:
            return eval_id in self._evals

    def _require_eval(self, eval_id: str) -> EvalRuns:
        runs = self._evals.get(eval_id)
        if runs is None:
            raise ApiError(404, f"No eval found with id '{eval_id}'.")
        return runs

    def _eval_or_key_error(self, eval_id: str) -> EvalRuns:
        runs = self._evals.get(eval_id)
        if runs is None:
            raise KeyError(f"no eval {eval_id!r} on this server (use create_eval first)")
        return runs

    # -- outcomes ---------------------------------------------------------------------------------

    def set_outcome(self, rule: object, eval_id: str | None) -> None:
        """How runs created from now on end (for one eval, or for every eval when None)."""
        checked = check_rule(rule)
        with self._lock:
            if eval_id is not None:
                self._eval_or_key_error(eval_id)
            self._outcomes[eval_id] = checked

    def outcome_for(self, eval_id: str, body: dict[str, Any]) -> Outcome | None:
        """The Outcome a new run of `eval_id` created from `body` gets (None: the default)."""
        with self._lock:
            rule = self._outcomes.get(eval_id, self._outcomes.get(None))
        # The user's function runs outside the lock: it may be slow or call back into the server.
        return None if rule is None else resolve(rule, body)

    # -- runs -------------------------------------------------------------------------------------

    def create_run(
        self,
        eval_id: str,
        body: dict[str, Any],
        *,
        scope: str,
        idempotency_key: str | None,
        outcome: Outcome | None = None,
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
                    return runs.runs[runs.position[remembered.run_id]].to_json(now)
            data_source: dict[str, Any] = body["data_source"]
            model = data_source.get("model", "")
            run = StoredRun(
                id=new_run_id(),
                eval_id=eval_id,
                seq=next(self._seq),
                created_at=max(int(now), runs.last_created_at() or 0),
                started=now,
                name=body.get("name", model or "run"),
                model=model,
                data_source=_json_copy(data_source),
                metadata=_json_copy(body.get("metadata") or {}),
                outcome=outcome,
            )
            self._add(runs, [run])
            if slot is not None:
                record = Remembered(slot[0], eval_id, idempotency_key or "", fingerprint, run.id)
                self._keys[slot] = record
                if self._store is not None:
                    self._store.add_key(record)
            return run.to_json(now)

    def _add(self, runs: EvalRuns, new: list[StoredRun]) -> None:
        if self._store is not None:
            self._store.add_runs(new)  # first: a failed write leaves the memory state unchanged
        runs.extend(new)

    def list_runs(self, eval_id: str, query: ListQuery) -> dict[str, Any]:
        """One EvalRunList page for a checked query."""
        with self._lock:
            runs = self._require_eval(eval_id)
            now = self.clock.now()
            start = 0
            if query.after is not None:
                # The cursor is a position in the full order, so it stays valid even when the
                # run it names no longer matches the status filter.
                position = runs.position.get(query.after)
                if position is None:
                    raise ApiError(
                        400,
                        f"Invalid 'after': no run with id '{query.after}' in eval '{eval_id}'.",
                        param="after",
                    )
                start = position + 1 if query.order == "asc" else len(runs.runs) - position
            candidates = _walk(runs.runs, start, query.order == "desc")
            if query.status is not None:
                status = query.status
                candidates = (run for run in candidates if run.status(now) == status)
            # One more than a page: whether it exists is `has_more`.
            taken = list(itertools.islice(candidates, query.limit + 1))
            page = taken[: query.limit]
            # No copies: the page is encoded at once and dropped.
            data = [run.to_json(now, copy=False) for run in page]
            return {
                "object": "list",
                "data": data,
                "first_id": page[0].id if page else None,
                "last_id": page[-1].id if page else None,
                "has_more": len(taken) > len(page),
            }

    def seed_runs(self, eval_id: str, n: int, statuses: Sequence[str] | None) -> list[str]:
        """Create `n` runs with fixed statuses; see FakeEvalsServer.seed_runs."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be an integer >= 0, got {n!r}")
        cycle = _status_cycle(statuses)
        with self._lock:
            runs = self._eval_or_key_error(eval_id)
            now = int(self.clock.now())
            previous = runs.last_created_at()
            # One shared copy: runs never change their data source, and answers are copies.
            data_source = _json_copy(SEED_DATA_SOURCE)
            graded = grade(data_source)
            model = SEED_DATA_SOURCE["model"]
            first = len(runs.runs) + 1
            # One read of the OS's randomness for all ids: uuid4() per run reads it n times,
            # which alone took half a second for 100,000 runs.
            random_hex = os.urandom(16 * n).hex()
            ids = [f"evalrun_{random_hex[start : start + 32]}" for start in range(0, 32 * n, 32)]
            # One second apart and ending now, but never before the eval's earlier runs
            # (creation order is listing order); equal seconds keep creation order.
            times = range(now - n + 1, now + 1)
            if previous is not None:
                times = [max(stamp, previous) for stamp in times]  # type: ignore[assignment]
            first_seq = next(self._seq)
            self._seq = itertools.count(first_seq + n)
            # Positional arguments and one comprehension: this loop is most of seeding's cost.
            with _gc_paused():
                new = [
                    StoredRun(
                        ids[index],
                        eval_id,
                        first_seq + index,
                        times[index],
                        float(times[index]),
                        f"seed-run-{first + index}",
                        model,
                        data_source,
                        {"seed_index": str(index)},
                        cycle[index % len(cycle)],
                        None,
                        graded,
                    )
                    for index in range(n)
                ]
                self._add(runs, new)
            return [run.id for run in new]

    def settle(self, eval_id: str, run_id: str, outcome: Outcome) -> None:
        """Move a live (queued or in_progress) run to `outcome.status` now."""
        with self._lock:
            runs = self._eval_or_key_error(eval_id)
            position = runs.position.get(run_id)
            if position is None:
                raise KeyError(f"no run {run_id!r} in eval {eval_id!r}")
            run = runs.runs[position]
            status = run.status(self.clock.now())
            if status in FINAL_STATUSES:
                raise ValueError(
                    f"run {run_id!r} is already {status}; only a queued or in_progress run can "
                    f"become {outcome.status} (is the clock past COMPLETED_AFTER?)"
                )
            moved = attrs.evolve(run, pinned_status=outcome.status, outcome=outcome)
            if self._store is not None:
                self._store.update_run(moved)
            runs.runs[position] = moved

    def runs_json(self, eval_id: str) -> list[dict[str, Any]]:
        """The current JSON of every run of `eval_id`, in creation order."""
        with self._lock:
            if eval_id not in self._evals:
                raise KeyError(f"no eval {eval_id!r} on this server")
            now = self.clock.now()
            return [run.to_json(now) for run in self._evals[eval_id].runs]

    def save_clock(self) -> None:
        """Write the server time to the store, for the next server on the same file."""
        with self._lock:
            if self._store is not None:
                self._store.save_clock(self.clock.now())

    def reset(self) -> None:
        """Forget every eval, run, idempotency key and outcome."""
        with self._lock:
            if self._store is not None:
                self._store.clear()
            self._evals.clear()
            self._keys.clear()
            self._outcomes.clear()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection inside: building 100,000 runs (each with a dict) otherwise sets off
    full collections over an ever larger heap, a third of seeding's time. Nothing collectable is
    made meanwhile, so nothing is lost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _walk(runs: list[StoredRun], start: int, backwards: bool) -> Iterator[StoredRun]:
    """Runs from `start` on (counted from the end when `backwards`), without copying the list."""
    # Indexes, not islice: islice would step over the first `start` runs one by one.
    if backwards:
        return (runs[index] for index in range(len(runs) - 1 - start, -1, -1))
    return (runs[index] for index in range(start, len(runs)))


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
