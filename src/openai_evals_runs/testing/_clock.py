"""The server clock: wall time at start, plus what the test adds, plus `speed` x real time."""

from __future__ import annotations

import math
import threading
import time


class Clock:
    """Seconds since the epoch as the fake server sees them.

    It starts at the real time and moves only when told (`advance`), unless `speed` is above 0:
    then it also runs at `speed` times real time. A frozen clock keeps tests deterministic; a
    running one lets a demo watch runs finish on their own.
    """

    def __init__(self, *, speed: float = 0.0) -> None:
        if not _is_non_negative(speed):
            raise ValueError(f"speed must be a finite number >= 0, got {speed!r}")
        self._speed = float(speed)
        self._start_wall = time.time()
        self._start_monotonic = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    @property
    def speed(self) -> float:
        """How many server seconds pass per real second (0: only `advance` moves the clock)."""
        return self._speed

    def now(self) -> float:
        """The current server time, in seconds since the epoch."""
        with self._lock:
            running = self._speed * (time.monotonic() - self._start_monotonic)
            return self._start_wall + self._offset + running

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds` (>= 0; time never runs backwards)."""
        if not _is_non_negative(seconds):
            raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")
        with self._lock:
            self._offset += float(seconds)


def _is_non_negative(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and value >= 0
