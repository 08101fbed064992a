"""What a run looks like as server time passes: its status, counts and usage.

A run created through the API is `queued` for its first `IN_PROGRESS_AFTER` seconds of server
time, `in_progress` until `COMPLETED_AFTER`, then `completed`. Status is derived from the run's age
on every read rather than stored, so `advance()` or a running clock needs no background thread.
A seeded run may carry a fixed status instead; it never changes. A run created while an `Outcome`
is set ends with that outcome's status and counts; `cancel_run` / `fail_run` pin a live run's
status at once.

Results are deterministic, so tests can assert on them: an item fails when the first byte of the
SHA-256 of its canonical JSON is divisible by `FAIL_ONE_IN` (about one in four), otherwise it
passes; nothing errors. A `file_content` source has one item per content entry; any other source
(a file id, stored completions, responses) is treated as `DEFAULT_ITEM_COUNT` items.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs

from ._outcome import Outcome

IN_PROGRESS_AFTER = 1.0
"""Server seconds after creation at which a run leaves `queued`."""
COMPLETED_AFTER = 5.0
"""Server seconds after creation at which a run is `completed`."""
DEFAULT_ITEM_COUNT = 10
"""Items assumed for sources whose content the fake cannot see (file_id, stored completions...)."""
FAIL_ONE_IN = 4
PROMPT_TOKENS_PER_ITEM = 40
COMPLETION_TOKENS_PER_ITEM = 8
TESTING_CRITERIA = "fake-grader"
"""The name of the single testing criterion every fake eval has."""

FAILED_CODE = "fake_run_failed"
"""The `error.code` of a failed run when nothing else was chosen."""
FAILED_MESSAGE = "The run failed (FakeEvalsServer)."
"""The `error.message` of a failed run when nothing else was chosen."""
FINAL_STATUSES = frozenset({"completed", "failed", "canceled"})
"""Statuses a run never leaves."""


@attrs.define
class StoredRun:
    """A run as the server keeps it: what was asked for, and when. Its JSON depends on `now`.

    Treated as a value (changes make a new one with `attrs.evolve`); not frozen only because
    frozen construction costs ~3x more, which 100,000 seeded runs feel, and `graded` is filled
    in on first use.
    """

    id: str
    eval_id: str
    seq: int
    created_at: int
    started: float
    name: str
    model: str
    data_source: dict[str, Any]
    metadata: dict[str, Any]
    pinned_status: str | None = None
    outcome: Outcome | None = None
    graded: tuple[int, int] | None = attrs.field(default=None, eq=False, repr=False)
    """(items passed, items) by the fake grader, computed once: the data source never changes."""

    def grade(self) -> tuple[int, int]:
        """How many of the run's items the fake grader passes, and how many there are."""
        if self.graded is None:
            self.graded = grade(self.data_source)
        return self.graded

    def status(self, now: float) -> str:
        """The status at server time `now`."""
        return self._settled(now) or (
            "queued" if now - self.started < IN_PROGRESS_AFTER else "in_progress"
        )

    def _settled(self, now: float) -> str | None:
        """The status a run has settled on (pinned, or its end reached), else None."""
        if self.pinned_status is not None:
            return self.pinned_status
        if now - self.started < COMPLETED_AFTER:
            return None
        return self.outcome.status if self.outcome is not None else "completed"

    def to_json(self, now: float, *, copy: bool = True) -> dict[str, Any]:
        """The EvalRun object the API would return at server time `now`.

        `copy=False` shares the stored data source and metadata: only for a caller that encodes
        the result at once and never changes it."""
        settled = self._settled(now)
        status = settled or self.status(now)
        body: dict[str, Any] = {
            "object": "eval.run",
            "id": self.id,
            "eval_id": self.eval_id,
            "status": status,
            "model": self.model,
            "name": self.name,
            "created_at": self.created_at,
            "report_url": report_url(self.eval_id, self.id),
            "result_counts": {"total": 0, "errored": 0, "failed": 0, "passed": 0},
            "per_model_usage": None,
            "per_testing_criteria_results": None,
            # Deep copies: a test that edits what it got back must not change the server's state.
            "data_source": _copy(self.data_source) if copy else self.data_source,
            "metadata": _copy(self.metadata) if copy else self.metadata,
            "error": None,
        }
        if settled is not None:
            body.update(_ending(settled, self))
        return body


def report_url(eval_id: str, run_id: str) -> str:
    """The dashboard URL the API reports for a run."""
    return f"https://platform.openai.com/evaluations/{eval_id}?run_id={run_id}"


def _file_content(data_source: dict[str, Any]) -> list[Any] | None:
    source = data_source.get("source")
    if isinstance(source, dict) and source.get("type") == "file_content":
        content = source.get("content")
        if isinstance(content, list):
            return content
    return None


def item_passes(item: object) -> bool:
    """Whether the fake grader passes `item` (deterministic: a hash of its canonical JSON)."""
    digest = hashlib.sha256(_canonical(item)).digest()
    return digest[0] % FAIL_ONE_IN != 0


def _items(data_source: dict[str, Any]) -> list[Any]:
    content = _file_content(data_source)
    if content is not None:
        return content
    # Unseen items get stand-ins that differ per index and per data source, still deterministic.
    anchor = hashlib.sha256(_canonical(data_source)).hexdigest()
    return [{"index": index, "source": anchor} for index in range(DEFAULT_ITEM_COUNT)]


def grade(data_source: dict[str, Any]) -> tuple[int, int]:
    """(items passed, items) of a run over `data_source`, by the fake grader."""
    items = _items(data_source)
    return sum(1 for item in items if item_passes(item)), len(items)


def _ending(status: str, run: StoredRun) -> dict[str, Any]:
    """The fields a settled run reports: counts, usage, criteria results and error."""
    chosen = run.outcome if run.outcome is not None else Outcome(status=status)
    if status == "completed":
        passed, items = run.grade()
        defaults = (passed, items - passed, 0)
    elif status == "failed":
        defaults = (0, 0, run.grade()[1])
    else:
        defaults = (0, 0, 0)
    given = (chosen.passed, chosen.failed, chosen.errored)
    passed, failed, errored = (
        default if value is None else value for value, default in zip(given, defaults, strict=True)
    )
    total = passed + failed + errored
    usage: list[dict[str, Any]] | None = None
    if chosen.per_model_usage is not None:
        usage = [dict(record) for record in chosen.per_model_usage]
    elif status == "completed":
        usage = [_usage(run.model, total)] if run.model else []
    criteria: list[dict[str, Any]] | None = None
    if chosen.per_testing_criteria_results is not None:
        criteria = [dict(record) for record in chosen.per_testing_criteria_results]
    elif status == "completed":
        criteria = [{"testing_criteria": TESTING_CRITERIA, "passed": passed, "failed": failed}]
    error = None
    if chosen.error_code is not None or chosen.error_message is not None or status == "failed":
        error = {
            "code": FAILED_CODE if chosen.error_code is None else chosen.error_code,
            "message": FAILED_MESSAGE if chosen.error_message is None else chosen.error_message,
        }
    return {
        "result_counts": {"total": total, "errored": errored, "failed": failed, "passed": passed},
        "per_model_usage": usage,
        "per_testing_criteria_results": criteria,
        "error": error,
    }


def _usage(model: str, items: int) -> dict[str, Any]:
    prompt = PROMPT_TOKENS_PER_ITEM * items
    completion = COMPLETION_TOKENS_PER_ITEM * items
    return {
        "model_name": model,
        "invocation_count": items,
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "cached_tokens": 0,
    }


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _copy(value: Any) -> Any:
    # JSON values only, so a JSON round trip is a complete and cheap deep copy.
    return json.loads(json.dumps(value))
