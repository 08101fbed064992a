"""The benchmark of issues 6 and 16 (`make bench`): four clients side by side, in one run.

Clients (bench/clients.py): the floor (httpx + json.loads), the generated client, ours
(`openai_evals_runs`) and the official `openai` SDK, all against one fast local server in its
own process (bench/server.py, 127.0.0.1 only) serving realistic runs (bench/data.py).

Figures: import time (fresh interpreters); a cold CLI listing of 100 runs as jsonl (fresh
processes; its floor is bench/cli_floor.py, ten lines of httpx + json); one `list` of 1, 20 and
100 runs reading each run's `id` (and, for 100, `id` + `result_counts.passed`, then nested
details); iterating 10,000 runs sync and async; a `create` round trip sync and async; and peak
RSS iterating 10,000 and 100,000 runs with our client (fresh processes). A full run writes
bench/results.md and bench/results.png; every run prints the tables and exits 1 if a target is
missed.

    python bench/run.py                      # everything; writes the results (make bench)
    python bench/run.py --quick --only list  # a quick look while optimising (~20 s)
    python bench/run.py --profile list       # cProfile of our client listing 100 runs
    python bench/run.py --update-readme      # everything, and quote the targets in README.md
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

import data
import fake_server
import report
from clients import CLIENTS, KEY, PAGE, AsyncClients, SyncClients, check_server
from measure import (
    Figure,
    MemoryFigure,
    peak_rss,
    time_async,
    time_commands,
    time_imports,
    time_sync,
)
from server import BenchServer

BENCH = Path(__file__).resolve().parent
SECTIONS = ("import", "cli", "list", "iterate", "create", "memory", "server")


def _each(count: int, **others: int) -> dict[str, int]:
    return {client: others.get(client, count) for client in CLIENTS}


# Repetitions per section and client (after a warm-up). The official client takes ~2.5 s and
# the generated one ~1.5 s to iterate 10,000 runs, and `import openai` ~0.5 s: they get fewer
# repetitions than the floor and ours, whose ratio the targets judge. Memory is one fresh
# process per repetition (peak RSS hardly varies).
Repeats = dict[str, dict[str, int]]
FULL: Repeats = {
    "import": _each(15, generated=9, openai=9),
    "cli": {"floor": 21, "ours": 21},
    "list": _each(40),
    "iterate": _each(11, generated=5, openai=5),
    "create": _each(60),
    "memory": {"ours": 2},
    "server": {str(size): 40 for size in fake_server.SIZES},
}
QUICK: Repeats = {
    "import": _each(4, generated=3, openai=3),
    "cli": {"floor": 5, "ours": 5},
    "list": _each(10),
    "iterate": _each(3, generated=1, openai=1),
    "create": _each(10),
    "memory": {"ours": 1},
    "server": {str(size): 10 for size in fake_server.SIZES},
}
ITERATE_RUNS = 10_000
MEMORY_RUNS = (10_000, 100_000)
LIST_SIZES = (1, 20, 100)
IMPORTS = {
    "floor": "httpx",
    "generated": "openai_evals_runs_api",
    "ours": "openai_evals_runs",
    "openai": "openai",
}


def _sync_figures(base_url: str, sections: set[str], repeats: Repeats) -> list[Figure]:
    figures = []
    clients = SyncClients(base_url)
    try:
        eval_id = data.eval_id(ITERATE_RUNS)
        if "list" in sections:
            for size in LIST_SIZES:
                title = f"list, {size} run{'s' if size > 1 else ''}, run.id read"
                samples = time_sync(clients.list_calls(eval_id, size), repeats["list"])
                figures.append(Figure(f"list_{size}", title, *samples))
                _progress(figures[-1])
            # Issue 16's target: what a caller commonly reads of each listed run. A client that
            # builds nested models lazily (ours) pays for `result_counts` here, not in list_100.
            calls = clients.list_calls(eval_id, PAGE, read="counts")
            samples = time_sync(calls, repeats["list"])
            title = "list, 100 runs, run.id + run.result_counts.passed read"
            figures.append(Figure("list_100_counts", title, *samples))
            _progress(figures[-1])
            # Not a target, but what a caller reading more than ids pays: a client that builds
            # nested models lazily (ours) defers that cost to here.
            calls = clients.list_calls(eval_id, PAGE, read="details")
            samples = time_sync(calls, repeats["list"])
            figures.append(Figure("list_100_details", "list, 100 runs, details read", *samples))
            _progress(figures[-1])
        if "iterate" in sections:
            # A page of 100 warms every client up as well as a whole (slow) iteration would.
            warmup = clients.list_calls(eval_id, PAGE).values()
            calls = clients.iterate_calls(eval_id, ITERATE_RUNS)
            samples = time_sync(calls, repeats["iterate"], warmup)
            figures.append(Figure("iterate_sync", "iterate 10,000 runs, sync", *samples))
            _progress(figures[-1])
        if "create" in sections:
            samples = time_sync(clients.create_calls(eval_id), repeats["create"])
            figures.append(Figure("create_sync", "create, sync", *samples))
            _progress(figures[-1])
    finally:
        clients.close()
    return figures


async def _async_figures(base_url: str, sections: set[str], repeats: Repeats) -> list[Figure]:
    figures = []
    clients = AsyncClients(base_url)
    try:
        eval_id = data.eval_id(ITERATE_RUNS)
        if "iterate" in sections:
            warmup = clients.list_calls(eval_id, PAGE).values()
            calls = clients.iterate_calls(eval_id, ITERATE_RUNS)
            samples = await time_async(calls, repeats["iterate"], warmup)
            figures.append(Figure("iterate_async", "iterate 10,000 runs, async", *samples))
            _progress(figures[-1])
        if "create" in sections:
            samples = await time_async(clients.create_calls(eval_id), repeats["create"])
            figures.append(Figure("create_async", "create, async", *samples))
            _progress(figures[-1])
    finally:
        await clients.close()
    return figures


def _progress(figure: Figure) -> None:
    shown = ", ".join(f"{client} {figure.median(client) * 1000:.1f} ms" for client in figure.wall)
    print(f"  {figure.title}: {shown}", file=sys.stderr, flush=True)


def _order(figures: list[Figure]) -> list[Figure]:
    keys = ["import", "cli_list", *(f"list_{size}" for size in LIST_SIZES)]
    keys += ["list_100_counts", "list_100_details"]
    keys += ["iterate_sync", "iterate_async", "create_sync", "create_async"]
    return sorted(figures, key=lambda figure: keys.index(figure.key))


def measure(sections: set[str], repeats: Repeats) -> report.Results:
    """Take every figure of the chosen sections, the server started and stopped here."""
    started = time.perf_counter()
    figures: list[Figure] = []
    memory: list[MemoryFigure] = []
    if "import" in sections:
        print("import times (fresh interpreters)...", file=sys.stderr, flush=True)
        samples = time_imports(IMPORTS, repeats["import"])
        figures.append(Figure("import", "import", *samples))
        _progress(figures[-1])
    if sections - {"import", "server"}:
        with BenchServer(prerender=(ITERATE_RUNS, PAGE)) as server:
            check_server(server.base_url)
            print(f"server {server.base_url}: bodies valid", file=sys.stderr, flush=True)
            if "cli" in sections:
                print("CLI listings (fresh processes)...", file=sys.stderr, flush=True)
                figures.append(_cli_figure(server.base_url, repeats["cli"]))
                _progress(figures[-1])
            figures += _sync_figures(server.base_url, sections, repeats)
            figures += asyncio.run(_async_figures(server.base_url, sections, repeats))
            if "memory" in sections:
                for runs in MEMORY_RUNS:
                    memory.append(peak_rss(server.base_url, runs, repeats["memory"]["ours"]))
                    print(f"  memory, {runs:,} runs: done", file=sys.stderr, flush=True)
    server = None
    if "server" in sections:
        print("fake server pages (in this process)...", file=sys.stderr, flush=True)
        server = fake_server.measure(repeats["server"])
    return report.Results(
        figures=_order(figures),
        memory=memory,
        server=server,
        run_bytes=data.run_size_bytes(),
        repeats={section: repeats[section] for section in SECTIONS if section in sections},
        seconds=time.perf_counter() - started,
    )


def _cli_figure(base_url: str, repeats: dict[str, int]) -> Figure:
    """A cold `openai-evals-runs runs list EVAL --limit 100 --output jsonl` against the same
    request by bench/cli_floor.py (bare httpx + json printing jsonl), each in a fresh process."""
    eval_id, limit = data.eval_id(ITERATE_RUNS), str(PAGE)
    script = Path(sys.executable).parent / "openai-evals-runs"
    # The installed console script is what users run; `-m` only where it is not installed.
    ours = [str(script)] if script.exists() else [sys.executable, "-m", "openai_evals_runs"]
    commands = {
        "floor": [sys.executable, str(BENCH / "cli_floor.py"), eval_id, limit],
        "ours": [*ours, "runs", "list", eval_id, "--limit", limit, "--output", "jsonl"],
    }
    outputs: set[str] = set()

    def check(name: str, stdout: str) -> None:
        # Both print the same 100 runs, byte for byte: neither can skip work.
        lines = stdout.splitlines()
        if len(lines) != PAGE or json.loads(lines[0])["id"] != data.run_id(0):
            raise AssertionError(f"{name}: unexpected output {stdout[:200]!r}")
        outputs.add(stdout)
        if len(outputs) > 1:
            raise AssertionError("the CLI and the floor script printed different runs")

    env = {"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": KEY}
    samples = time_commands(commands, repeats, check, env)
    return Figure("cli_list", "CLI runs list --limit 100 --output jsonl, fresh process", *samples)


def profile(what: str, rounds: int = 20, top: int = 25) -> None:
    """Print cProfile's top cumulative entries for our sync client doing `what` (list/create)."""
    with BenchServer(prerender=(ITERATE_RUNS, PAGE)) as server:
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
        "--update-readme",
        action="store_true",
        help="also rewrite the README's targets table (between its bench:targets markers)",
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
    writing = args.write or (not args.quick and args.only == set(SECTIONS))
    if writing:
        (BENCH / "results.md").write_text(report.markdown(results, found))
        (BENCH / "results.json").write_text(report.raw_json(results) + "\n")
        report.chart(results, BENCH / "results.png")
        print(f"\nwrote {BENCH}/results.md, .png and .json (every sample)")
    if args.update_readme and not writing:
        print("--update-readme quotes full runs only (add --write to force)", file=sys.stderr)
    elif args.update_readme:
        readme = BENCH.parent / "README.md"
        if report.update_readme(readme, report.readme_block(results, found)):
            print(f"updated the targets table in {readme}")
        else:
            print(f"{readme} has no bench:targets markers; left untouched", file=sys.stderr)
    missed = [target.name for target in found if not target.passed]
    if missed:
        print(f"\nMISSED {len(missed)} of {len(found)} targets", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
