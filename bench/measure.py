"""How figures are taken: interleaved repetitions after a warm-up, fresh processes for imports
and memory. Every figure keeps all its samples; reports use the median (and show the minimum).

Clients are interleaved within each repetition (floor, generated, ours, openai, floor, ...) so a
burst of load from another process on this shared machine hits all four alike rather than
one client's whole series.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

import attrs

BENCH = Path(__file__).resolve().parent
# A figure's samples are bounded in time as well as in count: a client gone pathologically
# slow cannot hold the benchmark hostage.
MAX_SECONDS_PER_FIGURE = 90.0


@attrs.frozen
class Figure:
    """One measured quantity for each client: `samples[client]` in seconds (or KB)."""

    key: str
    title: str
    samples: Mapping[str, list[float]]
    unit: str = "s"

    def median(self, client: str) -> float:
        """The median sample of a client."""
        return statistics.median(self.samples[client])

    def minimum(self, client: str) -> float:
        """The smallest sample of a client."""
        return min(self.samples[client])


def _settle() -> None:
    # Collect the previous call's garbage now, so its cost is not charged to the next client.
    gc.collect()


def time_sync(
    calls: Mapping[str, Callable[[], None]], repeats: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Seconds per call for each client: `warmup` untimed rounds, then `repeats` timed ones."""
    for _ in range(warmup):
        for call in calls.values():
            call()
    samples: dict[str, list[float]] = {name: [] for name in calls}
    deadline = time.monotonic() + MAX_SECONDS_PER_FIGURE
    for _ in range(repeats):
        for name, call in calls.items():
            _settle()
            started = time.perf_counter()
            call()
            samples[name].append(time.perf_counter() - started)
        if time.monotonic() > deadline:
            break
    return samples


async def time_async(
    calls: Mapping[str, Callable[[], Awaitable[None]]], repeats: int, warmup: int = 1
) -> dict[str, list[float]]:
    """The async twin of time_sync; runs inside the caller's event loop."""
    for _ in range(warmup):
        for call in calls.values():
            await call()
    samples: dict[str, list[float]] = {name: [] for name in calls}
    deadline = time.monotonic() + MAX_SECONDS_PER_FIGURE
    for _ in range(repeats):
        for name, call in calls.items():
            _settle()
            started = time.perf_counter()
            await call()
            samples[name].append(time.perf_counter() - started)
        if time.monotonic() > deadline:
            break
    await asyncio.sleep(0)
    return samples


def time_imports(modules: Mapping[str, str], repeats: int) -> dict[str, list[float]]:
    """Seconds to import each module in a fresh interpreter (perf_counter around the import).

    One untimed round first, so every module's bytecode cache is written before timing.
    `-I` keeps the current directory and user site off sys.path, as for an installed package.
    """
    code = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    samples: dict[str, list[float]] = {name: [] for name in modules}
    for round_ in range(repeats + 1):
        for name, module in modules.items():
            result = subprocess.run(
                [sys.executable, "-I", "-c", code.format(module)],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            )
            if round_:
                samples[name].append(float(result.stdout))
    return samples


@attrs.frozen
class MemoryFigure:
    """RSS of a fresh process iterating `runs` runs with our sync client, in KB."""

    runs: int
    after_import_kb: list[float]
    peak_kb: list[float]
    seconds: list[float]


def peak_rss(base_url: str, runs: int, repeats: int) -> MemoryFigure:
    """Run bench/memory_probe.py `repeats` times for `runs` runs and collect its figures."""
    after_import, peak, seconds = [], [], []
    for _ in range(repeats):
        result = subprocess.run(
            [sys.executable, str(BENCH / "memory_probe.py"), base_url, str(runs)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        figures = json.loads(result.stdout)
        after_import.append(figures["after_import_kb"])
        peak.append(figures["peak_kb"])
        seconds.append(figures["seconds"])
    return MemoryFigure(runs, after_import, peak, seconds)
