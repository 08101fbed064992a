"""The benchmark's payloads: one realistic run (served ~100,000 times) and one create request.

Both are shaped like the official 201 example (`tests/data/official_create_example.json`): a
completions data source with a long developer template message, sampling params, and (for a
finished run) per-model usage and per-criterion results, about 2.7 KB of JSON per run. Kept
import-light: the server process imports this module and nothing else from the project.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "official_create_example.json"

# Placeholders substituted per run by the server; neither occurs in the example's text.
EVAL_MARK = "@@EVAL_ID@@"
RUN_MARK = "@@RUN_ID@@"


def _example() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(EXAMPLE.read_text())
    # The official example spells the field the API ignores ("max_completions_tokens"); the API
    # stores and echoes the spec's name, which is also what our create call must send.
    params = body["data_source"]["sampling_params"]
    params["max_completion_tokens"] = params.pop("max_completions_tokens")
    return body


def finished_run(eval_id: str, run_id: str) -> dict[str, Any]:
    """A completed run as a list page shows it: the created run plus its results."""
    run = created_run(eval_id, run_id)
    run.update(
        status="completed",
        name="nightly-headlines",
        result_counts={"total": 1, "errored": 0, "failed": 0, "passed": 1},
        per_model_usage=[
            {
                "model_name": "gpt-4o-mini",
                "invocation_count": 1,
                "prompt_tokens": 563,
                "completion_tokens": 874,
                "total_tokens": 1437,
                "cached_tokens": 0,
            }
        ],
        per_testing_criteria_results=[
            {
                "testing_criteria": "Topic grader-1808cd0b-eeec-4e0b-a519-337e79f4f5d1",
                "passed": 1,
                "failed": 0,
            }
        ],
        metadata={"team": "search"},
    )
    return run


def created_run(eval_id: str, run_id: str) -> dict[str, Any]:
    """The 201 answer to a create: the official example, queued, with the given ids."""
    run = _example()
    run.update(
        id=run_id,
        eval_id=eval_id,
        report_url=f"https://platform.openai.com/evaluations/{eval_id}&run_id={run_id}",
    )
    return run


def create_request() -> dict[str, Any]:
    """The create call every client sends: the example's name and data source."""
    example = _example()
    return {"name": example["name"], "data_source": copy.deepcopy(example["data_source"])}


def run_template(created: bool = False) -> list[bytes]:
    """One run's compact JSON split around its ids: [text, id, text, id, ..., text].

    Even indices are literal bytes; odd indices are b"eval" or b"run", naming which id goes
    there. Joining with the ids filled in gives the run; the server does only that per run.
    """
    body = (created_run if created else finished_run)(EVAL_MARK, RUN_MARK)
    text = json.dumps(body, separators=(",", ":"))
    marks = {EVAL_MARK: b"eval", RUN_MARK: b"run"}
    pieces: list[bytes] = []
    rest = text
    while True:
        found = [(rest.find(mark), mark) for mark in marks if mark in rest]
        if not found:
            pieces.append(rest.encode())
            return pieces
        index, mark = min(found)
        pieces.extend((rest[:index].encode(), marks[mark]))
        rest = rest[index + len(mark) :]


def run_id(index: int) -> str:
    """The id of the run at `index` (0-based) in every benchmark eval: unique, sortable."""
    return f"evalrun_{index:06d}"


def run_index(run_id_: str) -> int:
    """The inverse of run_id; raises ValueError for any other string."""
    prefix, _, digits = run_id_.partition("_")
    if prefix != "evalrun" or not digits.isdigit():
        raise ValueError(run_id_)
    return int(digits)


def eval_id(total_runs: int) -> str:
    """The eval holding `total_runs` runs: the server reads the size from the id itself."""
    return f"eval_bench{total_runs}"


def eval_size(eval_id_: str) -> int:
    """The number of runs in the eval named by eval_id; raises ValueError for unknown ids."""
    prefix = "eval_bench"
    if not eval_id_.startswith(prefix) or not eval_id_[len(prefix) :].isdigit():
        raise ValueError(eval_id_)
    return int(eval_id_[len(prefix) :])


def run_size_bytes() -> int:
    """The size of one listed run's compact JSON, as served (with 6-digit ids)."""
    return len(json.dumps(finished_run(eval_id(10_000), run_id(0)), separators=(",", ":")))
