"""`runs summary`: pass rates of an eval's latest runs, by model, name, status or a metadata key.

The window is the newest `--last N` runs (with `--status`, of that status), read newest first in
pages of at most 100 and no more pages than N needs. Per group: the number of runs and items, the
pass rate of all its items together (passed / total over the group's runs), the latest run's pass
rate, and the trend: the newest run's pass rate minus the oldest's, among the group's runs that
have items (None with fewer than two).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO, cast

from .._client import Client
from .._models import EvalRun
from .._text import escape_json_text, safe_text
from ._commands import MAX_PAGE_SIZE, make_client

if TYPE_CHECKING:
    from ..types import ListStatus

DEFAULT_LAST = 20
GROUPINGS = ("model", "name", "status")
"""What --by takes, besides metadata.KEY."""


def grouping(text: str) -> str:
    """argparse type: model, name, status or metadata.KEY."""
    if text in GROUPINGS or (text.startswith("metadata.") and len(text) > len("metadata.")):
        return text
    raise argparse.ArgumentTypeError(f"must be model, name, status or metadata.KEY, got {text!r}")


def _key_of(by: str) -> Callable[[EvalRun], str]:
    if by.startswith("metadata."):
        key = by[len("metadata.") :]
        return lambda run: (run.metadata or {}).get(key) or "-"
    return lambda run: str(getattr(run, by) or "-")


class Group(NamedTuple):
    """The summary of one group of runs."""

    key: str
    runs: int
    items: int
    passed: int
    latest_run_id: str
    latest_pass_rate: float | None
    trend: float | None

    @property
    def pass_rate(self) -> float | None:
        """passed / items over the whole group; None without items."""
        return self.passed / self.items if self.items else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "key": self.key,
            "runs": self.runs,
            "items": self.items,
            "pass_rate": self.pass_rate,
            "latest_run_id": self.latest_run_id,
            "latest_pass_rate": self.latest_pass_rate,
            "trend": self.trend,
        }


def summarize(newest_first: Sequence[EvalRun], by: str) -> list[Group]:
    """One Group per key, the group with the newest run first."""
    key_of = _key_of(by)
    groups: dict[str, list[EvalRun]] = {}
    for run in newest_first:
        groups.setdefault(key_of(run), []).append(run)
    summary = []
    for key, runs in groups.items():
        rated = [run.pass_rate for run in runs if run.pass_rate is not None]
        summary.append(
            Group(
                key=key,
                runs=len(runs),
                items=sum(run.result_counts.total for run in runs),
                passed=sum(run.result_counts.passed for run in runs),
                latest_run_id=runs[0].id,
                latest_pass_rate=runs[0].pass_rate,
                # Rounded: 0.9 - 0.7 is 0.20000000000000007 in floats.
                trend=round(rated[0] - rated[-1], 10) if len(rated) >= 2 else None,
            )
        )
    return summary


def read_window(client: Client, eval_id: str, last: int, status: str | None) -> list[EvalRun]:
    """The newest `last` runs, newest first, reading no page more than needed."""
    runs: list[EvalRun] = []
    first = client.runs.list(
        eval_id,
        order="desc",
        limit=min(last, MAX_PAGE_SIZE),
        status=cast("ListStatus | None", status),  # argparse offered only the spec's statuses
    )
    for page in first.iter_pages():
        runs.extend(page.data[: last - len(runs)])
        if len(runs) >= last:
            break
    return runs


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def _trend(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:+.2f} pts"


def write_summary(
    output: str, by: str, runs_read: int, groups: Sequence[Group], out: TextIO
) -> None:
    """A table, or one JSON object."""
    if output == "json":
        body = {"by": by, "runs": runs_read, "groups": [group.to_dict() for group in groups]}
        out.write(escape_json_text(json.dumps(body, indent=2, ensure_ascii=False)) + "\n")
        return
    if not groups:
        out.write("No runs found.\n")
        return
    titles = [by.upper(), "RUNS", "ITEMS", "PASS RATE", "LATEST", "TREND"]
    rows = [
        [
            safe_text(group.key),
            str(group.runs),
            str(group.items),
            _rate(group.pass_rate),
            _rate(group.latest_pass_rate),
            _trend(group.trend),
        ]
        for group in groups
    ]
    widths = [max(len(row[i]) for row in [titles, *rows]) for i in range(len(titles))]
    for row in [titles, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        out.write("  ".join(cells).rstrip() + "\n")
    out.write(f"\n{runs_read} runs, newest first; TREND: newest minus oldest pass rate.\n")


def runs_summary(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`runs summary`: pass rates of the latest runs, grouped."""
    with make_client(args, parser) as client:
        runs = read_window(client, args.eval_id, args.last, args.status)
    write_summary(args.output, args.by, len(runs), summarize(runs, args.by), sys.stdout)
    sys.stdout.flush()
    return 0
