"""The local Evals server's scale (issue 13): a page costs the same however many runs an eval has.

One FakeEvalsServer (in this process, 127.0.0.1) holds an eval of each size in SIZES, filled by
`seed_runs`. A page is `GET .../runs?limit=100&after=<a run in the middle>` (the middle 100 runs
of the eval) over a kept-alive httpx connection, read whole. Sizes are interleaved within each
repetition like the clients elsewhere, so the target is the paired ratio of the largest eval to
the smallest. Seeding the largest eval is timed in fresh servers (median of SEED_REPEATS).

    python bench/fake_server.py     # just these figures, printed
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping

import attrs
import httpx
from measure import Figure, time_sync

from openai_evals_runs.testing import FakeEvalsServer

SIZES = (100, 10_000, 100_000)
PAGE = 100
SEED_REPEATS = 3


@attrs.frozen
class ServerFigures:
    """Page times per eval size (names are the sizes as strings) and the seeding time."""

    pages: Figure
    seed_runs: int
    seed_seconds: float

    def to_json(self) -> dict[str, object]:
        """Every sample, for bench/results.json."""
        return {
            "pages": self.pages.to_json(),
            "seed_runs": self.seed_runs,
            "seed_seconds": self.seed_seconds,
        }


def _page_call(http: httpx.Client, server: FakeEvalsServer, size: int) -> Callable[[], None]:
    eval_id = server.create_eval(name=f"bench-{size}")
    ids = server.seed_runs(eval_id, size)
    url = f"{server.base_url}/evals/{eval_id}/runs"
    # The middle 100 runs (all of them at 100): a cursor deep in a big eval costs nothing extra.
    params = {"limit": str(PAGE)}
    if size > PAGE:
        params["after"] = ids[(size - PAGE) // 2 - 1]

    def call() -> None:
        response = http.get(url, params=params)
        if response.status_code != 200 or response.content.count(b'"eval.run"') != PAGE:
            raise RuntimeError(f"unexpected page: {response.status_code} {response.text[:200]}")

    return call


def _seed_seconds(runs: int, repeats: int = SEED_REPEATS) -> float:
    """The median time of `seed_runs(eval_id, runs)`, each time a fresh server."""
    samples = []
    for _ in range(repeats):
        with FakeEvalsServer() as server:
            eval_id = server.create_eval(name="seed")
            started = time.perf_counter()
            server.seed_runs(eval_id, runs)
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(repeats: Mapping[str, int]) -> ServerFigures:
    """Page times at every size (repetitions per size in `repeats`) and one seeding time."""
    seed = _seed_seconds(SIZES[-1])
    with FakeEvalsServer() as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        with httpx.Client(headers=headers) as http:
            calls = {str(size): _page_call(http, server, size) for size in SIZES}
            wall, cpu = time_sync(calls, repeats)
    title = f"fake server: a page of {PAGE} from the middle of an eval"
    return ServerFigures(Figure("server_page", title, wall, cpu), SIZES[-1], seed)


def table(figures: ServerFigures) -> str:
    """The figures as a markdown table."""
    smallest = str(SIZES[0])
    lines = [
        f"| runs in the eval | page of {PAGE} (median) | min | / {int(smallest):,} runs |",
        "|---:|---:|---:|---:|",
    ]
    pages = figures.pages
    for size in pages.wall:
        lines.append(
            f"| {int(size):,} | {pages.median(size) * 1000:.2f} ms | "
            f"{pages.minimum(size) * 1000:.2f} ms | {pages.ratio(size, smallest):.2f}x |"
        )
    lines += ["", f"`seed_runs(eval_id, {figures.seed_runs:,})`: {figures.seed_seconds:.2f} s"]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure({str(size): 30 for size in SIZES})))
