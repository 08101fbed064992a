"""The benchmark of issue 6 (`make bench`): four clients side by side, in one run.

Clients (bench/clients.py): the floor (httpx + json.loads), the generated client, ours
(`openai_evals_runs`) and the official `openai` SDK, all against one fast local server in its
own process (bench/server.py, 127.0.0.1 only) serving realistic runs (bench/data.py).

Figures: import time (fresh interpreters), one `list` of 1, 20 and 100 runs, iterating 10,000
runs sync and async, a `create` round trip sync and async, and peak RSS iterating 10,000 and
100,000 runs with our client (fresh processes). A full run writes bench/results.md and
bench/results.png; every run prints the tables and exits 1 if a target is missed.

    python bench/run.py                      # everything; writes the results (make bench)
    python bench/run.py --quick --only list  # a quick look while optimising (~20 s)
    python bench/run.py --profile list       # cProfile of our client listing 100 runs
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import time
from pathlib import Path

import data
import report
from clients import AsyncClients, SyncClients, check_server
from measure import Figure, MemoryFigure, peak_rss, time_async, time_imports, time_sync
from server import BenchServer

BENCH = Path(__file__).resolve().parent
SECTIONS = ("import", "list", "iterate", "create", "memory")
# Repetitions per section (after one warm-up round). The official client takes ~2 s to iterate
# 10,000 runs, so iteration gets few repetitions; the cheap figures get many.
FULL = {"import": 9, "list": 40, "iterate": 5, "create": 40, "memory": 3}
QUICK = {"import": 3, "list": 10, "iterate": 2, "create": 10, "memory": 1}
ITERATE_RUNS = 10_000
MEMORY_RUNS = (10_000, 100_000)
LIST_SIZES = (1, 20, 100)
IMPORTS = {
    "floor": "httpx",
    "generated": "openai_evals_runs_api",
    "ours": "openai_evals_runs",
    "openai": "openai",
}


def _sync_figures(base_url: str, sections: set[str], repeats: dict[str, int]) -> list[Figure]:
    figures = []
    clients = SyncClients(base_url)
    try:
        eval_id = data.eval_id(ITERATE_RUNS)
        if "list" in sections:
            for size in LIST_SIZES:
                samples = time_sync(clients.list_calls(eval_id, size), repeats["list"])
                figures.append(
                    Figure(f"list_{size}", f"list, {size} run{'s' if size > 1 else ''}", samples)
                )
                _progress(figures[-1])
        if "iterate" in sections:
            samples = time_sync(clients.iterate_calls(eval_id, ITERATE_RUNS), repeats["iterate"])
            figures.append(Figure("iterate_sync", "iterate 10,000 runs, sync", samples))
            _progress(figures[-1])
        if "create" in sections:
            samples = time_sync(clients.create_calls(eval_id), repeats["create"])
            figures.append(Figure("create_sync", "create, sync", samples))
            _progress(figures[-1])
    finally:
        clients.close()
    return figures


async def _async_figures(
    base_url: str, sections: set[str], repeats: dict[str, int]
) -> list[Figure]:
    figures = []
    clients = AsyncClients(base_url)
    try:
        eval_id = data.eval_id(ITERATE_RUNS)
        if "iterate" in sections:
            calls = clients.iterate_calls(eval_id, ITERATE_RUNS)
            samples = await time_async(calls, repeats["iterate"])
            figures.append(Figure("iterate_async", "iterate 10,000 runs, async", samples))
            _progress(figures[-1])
        if "create" in sections:
            samples = await time_async(clients.create_calls(eval_id), repeats["create"])
            figures.append(Figure("create_async", "create, async", samples))
            _progress(figures[-1])
    finally:
        await clients.close()
    return figures


def _progress(figure: Figure) -> None:
    shown = ", ".join(
        f"{client} {figure.median(client) * 1000:.1f} ms" for client in figure.samples
    )
    print(f"  {figure.title}: {shown}", file=sys.stderr, flush=True)


def _order(figures: list[Figure]) -> list[Figure]:
    keys = ["import", *(f"list_{size}" for size in LIST_SIZES)]
    keys += ["iterate_sync", "iterate_async", "create_sync", "create_async"]
    return sorted(figures, key=lambda figure: keys.index(figure.key))


def measure(sections: set[str], repeats: dict[str, int]) -> report.Results:
    """Take every figure of the chosen sections, the server started and stopped here."""
    started = time.perf_counter()
    figures: list[Figure] = []
    memory: list[MemoryFigure] = []
    if "import" in sections:
        print("import times (fresh interpreters)...", file=sys.stderr, flush=True)
        figures.append(Figure("import", "import", time_imports(IMPORTS, repeats["import"])))
        _progress(figures[-1])
    if sections - {"import"}:
        with BenchServer() as server:
            check_server(server.base_url)
            print(f"server {server.base_url}: bodies valid", file=sys.stderr, flush=True)
            figures += _sync_figures(server.base_url, sections, repeats)
            figures += asyncio.run(_async_figures(server.base_url, sections, repeats))
            if "memory" in sections:
                for runs in MEMORY_RUNS:
                    memory.append(peak_rss(server.base_url, runs, repeats["memory"]))
                    print(f"  memory, {runs:,} runs: done", file=sys.stderr, flush=True)
    return report.Results(
        figures=_order(figures),
        memory=memory,
        run_bytes=data.run_size_bytes(),
        repeats={section: repeats[section] for section in SECTIONS if section in sections},
        seconds=time.perf_counter() - started,
    )


def profile(what: str, rounds: int = 20, top: int = 25) -> None:
    """Print cProfile's top cumulative entries for our sync client doing `what` (list/create)."""
    with BenchServer() as server:
        clients = SyncClients(server.base_url)
        try:
            eval_id = data.eval_id(ITERATE_RUNS)
            if what == "list":
                call = clients.list_calls(eval_id, 100)["ours"]
            elif what == "iterate":
                call, rounds = clients.iterate_calls(eval_id, ITERATE_RUNS)["ours"], 2
            else:
                call = clients.create_calls(eval_id)["ours"]
            call()  # warm up: lazy imports, connections, caches
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(rounds):
                call()
            profiler.disable()
        finally:
            clients.close()
    print(f"ours, {what}, {rounds} calls:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def _sections(text: str) -> set[str]:
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = chosen - set(SECTIONS)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SECTIONS)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Measure, print, write the results on a full run; 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (development)")
    parser.add_argument(
        "--only", type=_sections, default=set(SECTIONS), help=f"comma-separated: {SECTIONS}"
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="write bench/results.md and .png even for a --quick or --only run",
    )
    parser.add_argument(
        "--profile", choices=("list", "iterate", "create"), help="profile our client instead"
    )
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    results = measure(args.only, QUICK if args.quick else FULL)
    found = report.targets(results)
    print(report.console(results, found))
    # A partial or quick run must not overwrite the committed results by accident.
    if args.write or (not args.quick and args.only == set(SECTIONS)):
        (BENCH / "results.md").write_text(report.markdown(results, found))
        report.chart(results, BENCH / "results.png")
        print(f"\nwrote {BENCH / 'results.md'} and {BENCH / 'results.png'}")
    missed = [target.name for target in found if not target.passed]
    if missed:
        print(f"\nMISSED {len(missed)} of {len(found)} targets", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
