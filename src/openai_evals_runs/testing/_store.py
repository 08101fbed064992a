"""`--state PATH`: the server's evals, runs and idempotency keys kept in a SQLite file.

The state stays in memory (that is what answers requests); this file only receives every change
as it happens and gives the state back on the next start. `ServerState` calls it under its lock,
so one connection serves every handler thread and writes never interleave. The file is opened in
WAL mode with an exclusive lock: a second server on the same file is refused instead of both
silently overwriting each other.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._lifecycle import StoredRun
from ._outcome import Outcome
from ._state import Remembered

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS evals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    eval_id TEXT NOT NULL REFERENCES evals(id),
    created_at INTEGER NOT NULL,
    started REAL NOT NULL,
    name TEXT NOT NULL,
    model TEXT NOT NULL,
    data_source TEXT NOT NULL,
    metadata TEXT NOT NULL,
    pinned_status TEXT,
    outcome TEXT
);
CREATE TABLE IF NOT EXISTS clock (
    only INTEGER PRIMARY KEY CHECK (only = 0),
    now REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope BLOB NOT NULL,
    eval_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint BLOB NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (scope, eval_id, key)
);
"""
_RUN_COLUMNS = (
    "seq, id, eval_id, created_at, started, name, model, data_source, metadata, pinned_status, "
    "outcome"
)


class StateFileError(Exception):
    """The --state file cannot be used (not a SQLite file, another version, or in use)."""


class SqliteStore:
    """A write-through copy of the server state in one SQLite file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            # One connection shared by the handler threads, always under ServerState's lock
            # (and this one): sqlite3 allows that once the same-thread check is off.
            self._db = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=0.2
            )
        except sqlite3.Error as exc:
            raise StateFileError(f"cannot open state file {str(self.path)!r}: {exc}") from None
        try:
            self._prepare()
        except sqlite3.Error as exc:
            self._db.close()
            reason = str(exc)
            if "locked" in reason:
                reason += " (is another fake server using it?)"
            raise StateFileError(f"cannot use state file {str(self.path)!r}: {reason}") from None

    def _prepare(self) -> None:
        self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a crash of the machine may lose the last writes, never corrupt.
        self._db.execute("PRAGMA synchronous=NORMAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, _SCHEMA_VERSION):
            raise sqlite3.DatabaseError(
                f"it was written by another version of this server (schema {version})"
            )
        # A write now: in exclusive mode it takes the file's lock, kept until close().
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the file (the lock on it is released)."""
        with self._lock:
            self._db.close()

    # -- reading, once at start -------------------------------------------------------------------

    def evals(self) -> list[tuple[str, str]]:
        """(id, name) of every eval, in creation order."""
        with self._lock:
            rows = self._db.execute("SELECT id, name FROM evals ORDER BY position").fetchall()
        return [(str(eval_id), str(name)) for eval_id, name in rows]

    def runs(self) -> Iterator[StoredRun]:
        """Every run, in creation order."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY seq").fetchall()
        # Seeded runs share one data source text: decode it once and share the result too.
        sources: dict[str, Any] = {}
        for row in rows:
            seq, run_id, eval_id, created_at, started, name, model, source, metadata = row[:9]
            pinned_status, outcome = row[9:]
            data_source = sources.get(source)
            if data_source is None:
                data_source = sources[source] = json.loads(source)
            yield StoredRun(
                id=run_id,
                eval_id=eval_id,
                seq=seq,
                created_at=created_at,
                started=started,
                name=name,
                model=model,
                data_source=data_source,
                metadata=json.loads(metadata),
                pinned_status=pinned_status,
                outcome=None if outcome is None else Outcome.from_json(json.loads(outcome)),
            )

    def clock(self) -> float | None:
        """The server time the previous server stopped at, if it said."""
        with self._lock:
            row = self._db.execute("SELECT now FROM clock").fetchone()
        return None if row is None else float(row[0])

    def idempotency_keys(self) -> list[Remembered]:
        """Every remembered Idempotency-Key."""
        with self._lock:
            rows = self._db.execute(
                "SELECT scope, eval_id, key, fingerprint, run_id FROM idempotency_keys"
            ).fetchall()
        return [Remembered(bytes(row[0]), row[1], row[2], bytes(row[3]), row[4]) for row in rows]

    # -- writing, as changes happen ---------------------------------------------------------------

    def add_eval(self, eval_id: str, name: str) -> None:
        """Store a new eval."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO evals (id, name, position) "
                "VALUES (?, ?, (SELECT COUNT(*) FROM evals))",
                (eval_id, name),
            )

    def add_runs(self, runs: list[StoredRun]) -> None:
        """Store new runs (one transaction)."""
        texts: dict[int, str] = {}  # seeded runs share one data source object
        rows = []
        for run in runs:
            source = texts.get(id(run.data_source))
            if source is None:
                source = texts[id(run.data_source)] = json.dumps(run.data_source)
            row = _row(run)
            rows.append((*row[:7], source, *row[8:]))
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                f"INSERT INTO runs ({_RUN_COLUMNS}) VALUES ({', '.join('?' * 11)})", rows
            )

    def update_run(self, run: StoredRun) -> None:
        """Store a run's new status and outcome (cancel_run, fail_run)."""
        with self._lock, self._db:
            self._db.execute(
                "UPDATE runs SET pinned_status = ?, outcome = ? WHERE id = ?",
                (run.pinned_status, _outcome_text(run.outcome), run.id),
            )

    def add_key(self, remembered: Remembered) -> None:
        """Store an Idempotency-Key and the run it created."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO idempotency_keys (scope, eval_id, key, fingerprint, run_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    remembered.scope,
                    remembered.eval_id,
                    remembered.key,
                    remembered.fingerprint,
                    remembered.run_id,
                ),
            )

    def save_clock(self, now: float) -> None:
        """Remember the server time, for the next server on this file (at stop)."""
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO clock (only, now) VALUES (0, ?)", (now,))

    def clear(self) -> None:
        """Delete everything (reset)."""
        with self._lock, self._db:
            self._db.execute("BEGIN")
            for table in ("idempotency_keys", "runs", "evals"):
                self._db.execute(f"DELETE FROM {table}")


def _row(run: StoredRun) -> tuple[Any, ...]:
    return (
        run.seq,
        run.id,
        run.eval_id,
        run.created_at,
        run.started,
        run.name,
        run.model,
        None,  # the data source text, filled in by the caller (shared between runs)
        json.dumps(run.metadata),
        run.pinned_status,
        _outcome_text(run.outcome),
    )


def _outcome_text(outcome: Outcome | None) -> str | None:
    return None if outcome is None else json.dumps(outcome.to_json())
