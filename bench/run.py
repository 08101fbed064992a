"""Speed and memory, as ratios against baselines measured in the same run (`make bench`).

1. import time: `import openai_evals_runs` against `import openai` (the official SDK) and against
   `import httpx` (the floor: our only heavy dependency).
2. listing: fetching and parsing pages of 100 runs from a loopback server, against the official
   SDK doing the same and against bare httpx + json.loads (the floor).
3. memory: peak traced memory while iterating 50 pages lazily, against fetching one page: lazy
   iteration must not grow with the number of pages.

Exits 1 if a target is missed. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from scripted_server import Received, Reply, ScriptedServer, run_body  # noqa: E402

import openai_evals_runs  # noqa: E402

KEY = "sk-bench-0123456789"
PAGE_SIZE = 100
PAGES = 50
# The official SDK builds its models without validating them; this SDK checks every field of
# every run against the spec, and is held to parity with a margin for machine noise.
TARGETS = {
    "import vs openai": 0.5,
    "list page vs openai": 1.15,
    "lazy 50 pages vs 1 page (memory)": 3.0,
}


def _import_seconds(module: str, repeats: int = 7) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeats)
    ]
    return statistics.median(times)


def _page_server(total_pages: int) -> ScriptedServer:
    """A loopback server answering list calls with pages of PAGE_SIZE realistic runs."""
    official = json.loads((ROOT / "tests" / "data" / "official_list_example.json").read_text())
    template = {**run_body(), **official["data"][0]}

    def answer(request: Received) -> Reply:
        after = parse_qs(urlsplit(request.path).query).get("after", ["evalrun_p0_x"])[0]
        page = int(after.split("_")[1][1:]) + (0 if after == "evalrun_p0_x" else 1)
        ids = [f"evalrun_p{page}_{index}" for index in range(PAGE_SIZE)]
        data = [{**template, "id": run_id} for run_id in ids]
        body = {
            "object": "list",
            "data": data,
            "first_id": ids[0],
            "last_id": ids[-1],
            "has_more": page < total_pages - 1,
        }
        return Reply(200, body)

    server = ScriptedServer().start()
    server.default = answer
    return server


def _best_of(function: Callable[[], Any], repeats: int = 15) -> float:
    function()  # warm up connections and caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_list(server: ScriptedServer) -> dict[str, float]:
    import httpx
    import openai

    ours = openai_evals_runs.Client(api_key=KEY, base_url=server.base_url)
    theirs = openai.OpenAI(api_key=KEY, base_url=server.base_url)
    raw = httpx.Client()
    url = server.base_url + "/evals/eval_1/runs"

    def ours_page() -> None:
        assert len(ours.runs.list("eval_1", limit=PAGE_SIZE).data) == PAGE_SIZE

    def theirs_page() -> None:
        assert len(theirs.evals.runs.list("eval_1", limit=PAGE_SIZE).data) == PAGE_SIZE

    def floor_page() -> None:
        body = json.loads(raw.get(url, params={"limit": PAGE_SIZE}).content)
        assert len(body["data"]) == PAGE_SIZE

    results = {
        "ours": _best_of(ours_page),
        "openai": _best_of(theirs_page),
        "httpx+json": _best_of(floor_page),
    }
    ours.close()
    theirs.close()
    raw.close()
    return results


def _peak(function: Callable[[], None]) -> int:
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bench_memory(server: ScriptedServer) -> dict[str, float]:
    client = openai_evals_runs.Client(api_key=KEY, base_url=server.base_url)

    def one_page() -> None:
        client.runs.list("eval_1", limit=PAGE_SIZE)

    def all_pages() -> None:
        count = sum(1 for _ in client.runs.list("eval_1", limit=PAGE_SIZE))
        assert count == PAGE_SIZE * PAGES, count

    one_page()  # warm up
    results = {"one page": float(_peak(one_page)), "all pages": float(_peak(all_pages))}
    client.close()
    return results


def main() -> int:
    """Run every benchmark, print a table of ratios, and check the targets."""
    imports = {name: _import_seconds(name) for name in ("openai_evals_runs", "openai", "httpx")}
    server = _page_server(PAGES)
    try:
        listing = bench_list(server)
        memory = bench_memory(server)
    finally:
        server.stop()
    ratios = {
        "import vs openai": imports["openai_evals_runs"] / imports["openai"],
        "import vs httpx (floor)": imports["openai_evals_runs"] / imports["httpx"],
        "list page vs openai": listing["ours"] / listing["openai"],
        "list page vs httpx+json (floor)": listing["ours"] / listing["httpx+json"],
        "lazy 50 pages vs 1 page (memory)": memory["all pages"] / memory["one page"],
    }
    print(
        f"import: ours {imports['openai_evals_runs'] * 1000:.1f} ms, openai "
        f"{imports['openai'] * 1000:.1f} ms, httpx {imports['httpx'] * 1000:.1f} ms"
    )
    print(
        f"list {PAGE_SIZE} runs: ours {listing['ours'] * 1000:.2f} ms, openai "
        f"{listing['openai'] * 1000:.2f} ms, httpx+json {listing['httpx+json'] * 1000:.2f} ms"
    )
    print(
        f"memory peak: one page {memory['one page'] / 1e6:.2f} MB, {PAGES} pages lazily "
        f"{memory['all pages'] / 1e6:.2f} MB"
    )
    print()
    print(f"{'ratio':40} {'value':>8} {'target':>8}")
    failed = False
    for name, value in ratios.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if value <= target else "MISSED")
        failed |= verdict == "MISSED"
        shown = "" if target is None else f"<= {target:g}"
        print(f"{name:40} {value:8.2f} {shown:>8} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
