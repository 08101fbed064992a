"""How figures are taken: interleaved repetitions after a warm-up, fresh processes for imports
and memory. Every figure keeps all its samples; reports use medians (and show the minimum).

Clients are interleaved within each repetition (floor, generated, ours, openai, then the reverse
order in the next repetition) and ratios are paired:
the median over repetitions of client / floor *in the same repetition*. A burst of load from
another process on this shared machine then slows a whole repetition, which the pairing
cancels, rather than one client's series. Each sample also records the client process's CPU
time, which other processes cannot inflate by taking the core away.

Calls are primed: each timed call directly follows an untimed call of the same client. A call
pays for the state its predecessor left (cold caches, an allocator full of another client's
freed objects): without priming, whichever client followed `openai` was charged ~0.5 ms extra per
list of 100 and ~25 ms per iteration of 10,000 runs, which alternating the order only halves.

A client may get more repetitions than others (`repeats` per client): the targets compare ours
with the floor, which are cheap to repeat, while the official client's figure needs no such
precision (it is 7x the floor, not 1.3x).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs

BENCH = Path(__file__).resolve().parent
# A figure's repetitions are bounded in time as well as in count: a client gone pathologically
# slow cannot hold the benchmark hostage (at least one repetition is always taken).
MAX_SECONDS_PER_FIGURE = 120.0


@attrs.frozen
class Figure:
    """One measured quantity for each client: wall and CPU seconds per repetition."""

    key: str
    title: str
    wall: Mapping[str, list[float]]
    cpu: Mapping[str, list[float]]

    def median(self, client: str) -> float:
        """The median wall time of a client."""
        return statistics.median(self.wall[client])

    def minimum(self, client: str) -> float:
        """The smallest wall time of a client."""
        return min(self.wall[client])

    def ratios(self, client: str, base: str, *, cpu: bool = False) -> list[float]:
        """client / base in each repetition both took part in."""
        samples = self.cpu if cpu else self.wall
        return [mine / theirs for mine, theirs in zip(samples[client], samples[base], strict=False)]

    def ratio(self, client: str, base: str, *, cpu: bool = False) -> float:
        """The median over repetitions of client / base, both from the same repetition."""
        return statistics.median(self.ratios(client, base, cpu=cpu))

    def spread(self, client: str, base: str) -> tuple[float, float]:
        """The middle half (quartiles) of the paired wall ratios: how sure the median is."""
        ratios = self.ratios(client, base)
        if len(ratios) < 2:
            return ratios[0], ratios[0]
        low, _, high = statistics.quantiles(ratios, n=4, method="inclusive")
        return low, high

    def difference(self, client: str, base: str) -> float:
        """The median over repetitions of client - base (wall), paired like ratio()."""
        return statistics.median(
            mine - theirs for mine, theirs in zip(self.wall[client], self.wall[base], strict=False)
        )

    def to_json(self) -> dict[str, object]:
        """Every sample, for bench/results.json."""
        return {"key": self.key, "title": self.title, "wall": self.wall, "cpu": self.cpu}


def _settle() -> None:
    # Collect the previous call's garbage now, so its cost is not charged to the next client.
    gc.collect()


def schedule(names: Sequence[str], repeats: Mapping[str, int]) -> list[list[str]]:
    """The repetitions: which clients run in each, in alternating order. Everyone takes part in
    the first repetitions; clients with more repetitions continue alone afterwards."""
    rounds = []
    for index in range(max(repeats[name] for name in names)):
        present = [name for name in names if index < repeats[name]]
        rounds.append(present if index % 2 == 0 else present[::-1])
    return rounds


def _freeze() -> None:
    # Everything alive after the warm-up (modules, clients, caches) is the benchmark's own
    # baseline: freezing it keeps it out of every later collection, so _settle costs
    # microseconds instead of ~35 ms with openai and pydantic loaded.
    gc.collect()
    gc.freeze()


def time_sync(
    calls: Mapping[str, Callable[[], None]],
    repeats: Mapping[str, int],
    warmup: Iterable[Callable[[], None]] | None = None,
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds per call for each client, after the warm-up calls (by default one
    round of `calls` itself); each timed call follows an untimed one of its client."""
    for call in calls.values() if warmup is None else warmup:
        call()
    _freeze()
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    deadline = time.monotonic() + MAX_SECONDS_PER_FIGURE
    for round_ in schedule(list(calls), repeats):
        for name in round_:
            calls[name]()  # primes: see the module docstring
            _settle()
            started, started_cpu = time.perf_counter(), time.process_time()
            calls[name]()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
        if time.monotonic() > deadline:
            break
    return wall, cpu


async def time_async(
    calls: Mapping[str, Callable[[], Awaitable[None]]],
    repeats: Mapping[str, int],
    warmup: Iterable[Callable[[], Awaitable[None]]] | None = None,
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """The async twin of time_sync; runs inside the caller's event loop."""
    for call in calls.values() if warmup is None else warmup:
        await call()
    _freeze()
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    deadline = time.monotonic() + MAX_SECONDS_PER_FIGURE
    for round_ in schedule(list(calls), repeats):
        for name in round_:
            await calls[name]()  # primes: see the module docstring
            _settle()
            started, started_cpu = time.perf_counter(), time.process_time()
            await calls[name]()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - started_cpu)
        if time.monotonic() > deadline:
            break
    await asyncio.sleep(0)
    return wall, cpu


_IMPORT_CODE = """\
import time
wall, cpu = time.perf_counter(), time.process_time()
import {}
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def time_imports(
    modules: Mapping[str, str], repeats: Mapping[str, int]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds to import each module in a fresh interpreter.

    One untimed round first, so every module's bytecode cache is written before timing.
    `-I` keeps the current directory and user site off sys.path, as for an installed package.
    """
    wall: dict[str, list[float]] = {name: [] for name in modules}
    cpu: dict[str, list[float]] = {name: [] for name in modules}
    warmup = [list(modules)]
    for index, round_ in enumerate(warmup + schedule(list(modules), repeats)):
        for name in round_:
            result = subprocess.run(
                [sys.executable, "-I", "-c", _IMPORT_CODE.format(modules[name])],
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            )
            if index:
                wall_seconds, cpu_seconds = result.stdout.split()
                wall[name].append(float(wall_seconds))
                cpu[name].append(float(cpu_seconds))
    return wall, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_commands(
    commands: Mapping[str, Sequence[str]],
    repeats: Mapping[str, int],
    check: Callable[[str, str], None],
    env: Mapping[str, str] | None = None,
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of each command run to completion in a fresh process, timed from
    outside (start-up, the work and exit), in alternating order like time_imports.

    `check(name, stdout)` sees every output, so a command that fails early cannot look fast.
    CPU time is the child's own (RUSAGE_CHILDREN grows by exactly it: one child at a time).
    Python's own variables are left out of the children's environment, as `-I` does for
    time_imports: with PYTHONDONTWRITEBYTECODE set, every run would compile the package from
    source (~100 ms), where an installed package has its bytecode cached.
    """
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    environment = {**inherited, **(env or {})}
    warmup = [list(commands)]
    for index, round_ in enumerate(warmup + schedule(list(commands), repeats)):
        for name in round_:
            started, started_cpu = time.perf_counter(), _children_cpu()
            result = subprocess.run(
                list(commands[name]),
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
                env=environment,
            )
            seconds, cpu_seconds = time.perf_counter() - started, _children_cpu() - started_cpu
            check(name, result.stdout)
            if index:
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
    return wall, cpu


@attrs.frozen
class MemoryFigure:
    """Peak RSS of a fresh process iterating `runs` runs with our sync client, in KB."""

    runs: int
    after_import_kb: list[float]
    peak_kb: list[float]
    seconds: list[float]

    def to_json(self) -> dict[str, object]:
        """Every sample, for bench/results.json."""
        return attrs.asdict(self)


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
