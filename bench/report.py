"""Turn figures into the targets verdict, bench/results.md and bench/results.png."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs
from clients import CLIENTS, LABELS
from fake_server import SIZES, ServerFigures
from fake_server import table as server_table
from measure import Figure, MemoryFigure

MB_KB = 1024  # RSS figures are in KiB; "MB" below means MiB
# Issues 6 and 16: our client's time at most this many times the floor's, in the same run.
CALL_TARGETS = {
    "cli_list": 1.25,
    "list_100": 1.3,
    "list_100_counts": 1.25,
    "iterate_sync": 1.5,
    "iterate_async": 1.5,
    "create_sync": 1.3,
    "create_async": 1.3,
}
# Issue 13: the local server's page at the largest eval vs at the smallest, and seeding time.
SERVER_PAGE_TARGET = 1.5
SEED_SECONDS_TARGET = 1.0


@attrs.frozen
class Target:
    """One goal of issues 6 and 16, checked on this run's figures."""

    name: str
    measured: str
    limit: str
    passed: bool


@attrs.frozen
class Results:
    """Everything one run measured, plus what it was measured on."""

    figures: Sequence[Figure]
    memory: Sequence[MemoryFigure]
    run_bytes: int
    repeats: dict[str, dict[str, int]]
    seconds: float
    server: ServerFigures | None = None

    def figure(self, key: str) -> Figure | None:
        """The figure with this key, if it was measured."""
        return next((figure for figure in self.figures if figure.key == key), None)


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    if milliseconds >= 1000:
        return f"{seconds:.2f} s"
    if milliseconds >= 100:
        return f"{milliseconds:.0f} ms"
    if milliseconds >= 10:
        return f"{milliseconds:.1f} ms"
    return f"{milliseconds:.2f} ms"


def _ratio(value: float) -> str:
    return f"{value:.2f}x" if value < 10 else f"{value:.1f}x"


def targets(results: Results) -> list[Target]:
    """The issue's targets that this run measured, each with its verdict."""
    found: list[Target] = []
    imports = results.figure("import")
    if imports is not None:
        ours, theirs = imports.median("ours"), imports.median("openai")
        floor = imports.median("floor")
        ratio = imports.ratio("ours", "openai")
        found.append(
            Target(
                "`import openai_evals_runs` vs `import openai`",
                f"{_ms(ours)} vs {_ms(theirs)}: **{ratio:.2f}x**",
                "<= 0.2x",
                ratio <= 0.2,
            )
        )
        extra = imports.difference("ours", "floor")
        found.append(
            Target(
                "`import openai_evals_runs` vs `import httpx` + 25 ms",
                f"{_ms(ours)} vs {_ms(floor)}: **{extra * 1000:+.0f} ms**",
                "<= +25 ms",
                extra <= 0.025,
            )
        )
    for key, name in (
        (
            "cli_list",
            "cold CLI `runs list EVAL --limit 100 --output jsonl` vs httpx + json script",
        ),
        ("list_100", "one `list` of 100 runs, `run.id` read, vs floor"),
        (
            "list_100_counts",
            "one `list` of 100 runs, `run.id` + `run.result_counts.passed` read, vs floor",
        ),
        ("iterate_sync", "iterating 10,000 runs (sync) vs floor"),
        ("iterate_async", "iterating 10,000 runs (async) vs floor"),
        ("create_sync", "`create` round trip (sync) vs floor"),
        ("create_async", "`create` round trip (async) vs floor"),
    ):
        limit = CALL_TARGETS[key]
        figure = results.figure(key)
        if figure is None:
            continue
        ratio = figure.ratio("ours", "floor")
        low, high = figure.spread("ours", "floor")
        found.append(
            Target(
                name,
                f"{_ms(figure.median('ours'))} vs {_ms(figure.median('floor'))}: "
                f"**{ratio:.2f}x** (middle half {low:.2f}-{high:.2f})",
                f"<= {limit}x",
                ratio <= limit,
            )
        )
    by_runs = {memory.runs: memory for memory in results.memory}
    if 10_000 in by_runs and 100_000 in by_runs:
        small = statistics.median(by_runs[10_000].peak_kb)
        large = statistics.median(by_runs[100_000].peak_kb)
        found.append(
            Target(
                "peak RSS iterating 100,000 vs 10,000 runs",
                f"{large / MB_KB:.1f} MB vs {small / MB_KB:.1f} MB: "
                f"**{(large - small) / MB_KB:+.1f} MB**",
                "<= +20 MB",
                large - small <= 20 * MB_KB,
            )
        )
    if results.server is not None:
        found += _server_targets(results.server)
    return found


def _server_targets(server: ServerFigures) -> list[Target]:
    pages = server.pages
    small, large = str(SIZES[0]), str(SIZES[-1])
    ratio = pages.ratio(large, small)
    low, high = pages.spread(large, small)
    return [
        Target(
            f"local server: a page of 100 at {int(large):,} runs vs at {int(small):,} runs",
            f"{_ms(pages.median(large))} vs {_ms(pages.median(small))}: **{ratio:.2f}x** "
            f"(middle half {low:.2f}-{high:.2f})",
            f"<= {SERVER_PAGE_TARGET}x",
            ratio <= SERVER_PAGE_TARGET,
        ),
        Target(
            f"local server: `seed_runs(eval_id, {server.seed_runs:,})`",
            f"**{server.seed_seconds:.2f} s**",
            f"< {SEED_SECONDS_TARGET:g} s",
            server.seed_seconds < SEED_SECONDS_TARGET,
        ),
    ]


def _counts(counts: dict[str, int]) -> str:
    if len(set(counts.values())) == 1:
        return str(next(iter(counts.values())))
    return ", ".join(f"{client} {count}" for client, count in counts.items())


def _source_state() -> str:
    # The figures belong to a state of src/ and generated/: name it (and say if uncommitted).
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "src", "generated")
    except (OSError, subprocess.SubprocessError):
        return "source: unknown (no git)"
    return f"source: commit {commit}" + (
        " with uncommitted changes in src/ or generated/" if dirty else ""
    )


def _machine(results: Results) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    repeats = "; ".join(
        f"{section} {_counts(counts)}" for section, counts in results.repeats.items()
    )
    return (
        f"{now}; Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other work); the server in "
        f"its own process on 127.0.0.1. A listed run is {results.run_bytes:,} bytes of JSON "
        f"({results.run_bytes / 1024:.1f} KB; a page of 100 is "
        f"{results.run_bytes * 100 / 1024:.0f} KB). Medians of repetitions after a warm-up "
        f"({repeats}); clients interleaved within each repetition, each timed call primed by an "
        f"untimed one of the same client. "
        f"The whole run took {results.seconds:.0f} s; {_source_state()}."
    )


def targets_table(found: Sequence[Target]) -> str:
    """The targets as a markdown table."""
    lines = ["| target | measured | limit | result |", "|---|---|---|---|"]
    lines += [
        f"| {t.name} | {t.measured} | {t.limit} | {'pass' if t.passed else '**MISSED**'} |"
        for t in found
    ]
    return "\n".join(lines)


def figures_table(figures: Sequence[Figure]) -> str:
    """Every figure for every client: median and min wall time, paired ratios to the floor and
    to openai, and the ratio of client CPU time to the floor's."""
    lines = [
        "| figure | client | median | min | / floor | / openai | CPU / floor |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for figure in figures:
        # Some figures have no openai or generated counterpart (the CLI).
        for client in (client for client in CLIENTS if client in figure.wall):
            to_openai = _ratio(figure.ratio(client, "openai")) if "openai" in figure.wall else "-"
            lines.append(
                f"| {figure.title} | {LABELS[client]} | {_ms(figure.median(client))} | "
                f"{_ms(figure.minimum(client))} | {_ratio(figure.ratio(client, 'floor'))} | "
                f"{to_openai} | {_ratio(figure.ratio(client, 'floor', cpu=True))} |"
            )
    return "\n".join(lines)


def memory_table(memory: Sequence[MemoryFigure]) -> str:
    """Peak RSS of our sync client iterating N runs in a fresh process."""
    lines = [
        "| runs iterated (openai_evals_runs, sync) | RSS after import + client | peak RSS | "
        "peak - after import | iteration time |",
        "|---:|---:|---:|---:|---:|",
    ]
    for figure in memory:
        base = statistics.median(figure.after_import_kb)
        peak = statistics.median(figure.peak_kb)
        lines.append(
            f"| {figure.runs:,} | {base / MB_KB:.1f} MB | {peak / MB_KB:.1f} MB | "
            f"{(peak - base) / MB_KB:+.1f} MB | {statistics.median(figure.seconds):.2f} s |"
        )
    return "\n".join(lines)


def markdown(results: Results, found: Sequence[Target]) -> str:
    """The whole bench/results.md."""
    parts = [
        "# Benchmark results",
        "",
        "Regenerated by `make bench` (`bench/run.py`); do not edit by hand. The targets (issues 6 "
        "and 16) are ratios taken within this one run.",
        "",
        _machine(results),
        "",
        "## Targets",
        "",
        targets_table(found),
        "",
    ]
    if results.figures:
        parts += [
            "## Every figure",
            "",
            "Wall time per call (import: in a fresh interpreter; iterate: all 10,000 runs). "
            "`/ floor` and `/ openai`: the median over repetitions of the ratio within each "
            "repetition (below 1 is faster); targets use these. `CPU / floor`: the same for the "
            "client process's CPU time, which other load on the machine does not inflate (it "
            "leaves out the server's time, so it is the stricter ratio).",
            "",
            figures_table(results.figures),
            "",
        ]
    if results.memory:
        parts += ["## Memory", "", memory_table(results.memory), ""]
    if results.server is not None:
        parts += [
            "## Local Evals server",
            "",
            "`FakeEvalsServer` in the benchmark's process, one eval of each size filled by "
            "`seed_runs`; a page is the middle 100 runs of the eval (`after=` a run in the "
            "middle), over one kept-alive connection, sizes interleaved within each repetition.",
            "",
            server_table(results.server),
            "",
        ]
    parts += ["![ratios to the floor](results.png)", ""]
    return "\n".join(parts)


README_START = "<!-- bench:targets (bench/run.py --update-readme rewrites this block) -->"
README_END = "<!-- /bench:targets -->"


def readme_block(results: Results, found: Sequence[Target]) -> str:
    """The targets table as the README quotes it, between its markers."""
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    theirs = []
    for key, what in (("list_100", "a list of 100 runs"), ("iterate_sync", "iterating 10,000")):
        figure = results.figure(key)
        if figure is not None:
            theirs.append(f"{what} {figure.ratio('openai', 'floor'):.1f}x the floor")
    context = f"`openai` {LABELS['openai'].split()[-1]} in the same run: " + "; ".join(theirs)
    return "\n".join(
        [
            README_START,
            targets_table(found),
            "",
            f"Measured {when} on {os.cpu_count()} CPUs (Python {platform.python_version()}); "
            f"{context if theirs else ''}.",
            README_END,
        ]
    )


def update_readme(path: Path, block: str) -> bool:
    """Replace the marked block in the README; False (file untouched) if the markers are not
    there."""
    text = path.read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    path.write_text(text[:start] + block + text[end + len(README_END) :])
    return True


def console(results: Results, found: Sequence[Target]) -> str:
    """What run.py prints: the same tables, no preamble."""
    parts = []
    if results.figures:
        parts += [figures_table(results.figures), ""]
    if results.memory:
        parts += [memory_table(results.memory), ""]
    if results.server is not None:
        parts += [server_table(results.server), ""]
    parts += [targets_table(found), "", _machine(results)]
    return "\n".join(parts)


COLOURS = {"floor": "#7f7f7f", "generated": "#9467bd", "ours": "#2ca02c", "openai": "#1f77b4"}


def chart(results: Results, path: Path) -> None:
    """Bar charts: import times, call times as ratios to the floor (log scale), memory."""
    import matplotlib

    matplotlib.use("Agg")  # no display on build machines
    import matplotlib.pyplot as plt

    imports = results.figure("import")
    calls = [figure for figure in results.figures if figure.key != "import"]
    panels = [bool(imports), bool(calls), bool(results.memory)]
    widths = [w for w, shown in zip((1.0, 2.6, 0.9), panels, strict=True) if shown]
    if not widths:
        return
    fig, axes = plt.subplots(
        1, len(widths), figsize=(4.2 * sum(widths), 5.2), gridspec_kw={"width_ratios": widths}
    )
    axes_list = list(axes) if len(widths) > 1 else [axes]
    bar = 0.2
    if imports is not None:
        ax = axes_list.pop(0)
        for index, client in enumerate(CLIENTS):
            value = imports.median(client) * 1000
            ax.bar(index, value, color=COLOURS[client], label=LABELS[client])
            ax.text(index, value, f"{value:.0f}", ha="center", va="bottom", fontsize=8)
        ax.set_xticks(range(len(CLIENTS)), ["httpx", "generated", "ours", "openai"])
        ax.set_ylabel("import time, ms (median, fresh process)")
        ax.set_title("import")
    if calls:
        ax = axes_list.pop(0)
        for index, client in enumerate(CLIENTS):
            shown = [(x, f) for x, f in enumerate(calls) if client in f.wall]
            ratios = [figure.ratio(client, "floor") for _, figure in shown]
            positions = [x + (index - 1.5) * bar for x, _ in shown]
            ax.bar(positions, ratios, bar, color=COLOURS[client], label=LABELS[client])
            for x, ratio in zip(positions, ratios, strict=True):
                ax.text(x, ratio, f"{ratio:.1f}", ha="center", va="bottom", fontsize=6)
        ax.set_yscale("log")
        ax.set_ylim(bottom=0.5)  # so the floor's bars (1.0) show
        ax.axhline(1.0, color="black", linewidth=0.6)
        for x, figure in enumerate(calls):
            limit = CALL_TARGETS.get(figure.key)
            if limit is not None:
                ax.hlines(limit, x - 2 * bar, x + 2 * bar, colors="red", linestyles="dashed")
        ax.plot([], [], color="red", linestyle="dashed", label="target for ours")
        ax.set_xticks(
            range(len(calls)), [figure.title.replace(", ", "\n") for figure in calls], fontsize=7
        )
        ax.set_ylabel("time / floor (median of paired ratios; log scale)")
        ax.set_title("calls, ratio to httpx + json")
        ax.legend(fontsize=7, loc="upper left")
    if results.memory:
        ax = axes_list.pop(0)
        labels = [f"{figure.runs:,}" for figure in results.memory]
        peaks = [statistics.median(figure.peak_kb) / MB_KB for figure in results.memory]
        bases = [statistics.median(figure.after_import_kb) / MB_KB for figure in results.memory]
        ax.bar(labels, peaks, color=COLOURS["ours"], label="peak")
        ax.bar(labels, bases, color="#98df8a", label="after import")
        for x, peak in enumerate(peaks):
            ax.text(x, peak, f"{peak:.0f}", ha="center", va="bottom", fontsize=8)
        ax.set_xlabel("runs iterated (ours, sync)")
        ax.set_ylabel("RSS, MB")
        ax.set_title("memory")
        ax.legend(fontsize=7, loc="lower right")
    fig.suptitle(
        f"openai-evals-runs benchmark (Python {sys.version_info.major}."
        f"{sys.version_info.minor}, {os.cpu_count()} CPUs; medians)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def raw_json(results: Results) -> str:
    """Every sample of the run, for anyone who wants other statistics than ours."""
    return json.dumps(
        {
            "run_bytes": results.run_bytes,
            "repeats": results.repeats,
            "seconds": results.seconds,
            "figures": [figure.to_json() for figure in results.figures],
            "memory": [figure.to_json() for figure in results.memory],
            "server": None if results.server is None else results.server.to_json(),
        },
        indent=1,
    )
