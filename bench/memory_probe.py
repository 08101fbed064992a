"""Peak RSS while iterating N runs with our sync client; run by measure.peak_rss in a fresh process.

Usage: memory_probe.py BASE_URL N. Prints JSON: RSS peak after import and client creation (the
baseline), the peak after iterating every run of `eval_bench<N>` in pages of 100, and the
iteration's seconds. Streaming iteration keeps about one page alive, so the peak must not grow
with N.

The peak is VmHWM from /proc/self/status where there is one, not getrusage's ru_maxrss: Linux
carries ru_maxrss across exec, so a child started from the (large) benchmark process reports
the parent's size from its first instruction. VmHWM belongs to the process's own memory map.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import data

import openai_evals_runs


def peak_kb() -> int:
    """This process's peak resident set size so far, in KB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss // 1024 if sys.platform == "darwin" else maxrss  # bytes on macOS


def main() -> None:
    """Iterate and print the figures."""
    base_url, runs = sys.argv[1], int(sys.argv[2])
    client = openai_evals_runs.Client(api_key="sk-bench-memory", base_url=base_url)
    after_import = peak_kb()
    started = time.perf_counter()
    count = sum(1 for run in client.runs.list(data.eval_id(runs), limit=100) if run.id)
    seconds = time.perf_counter() - started
    if count != runs:
        raise SystemExit(f"iterated {count} runs, expected {runs}")
    peak = peak_kb()
    client.close()
    print(json.dumps({"after_import_kb": after_import, "peak_kb": peak, "seconds": seconds}))


if __name__ == "__main__":
    main()
