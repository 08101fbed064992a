"""Rendering runs as an aligned table, as JSON or as JSON Lines.

Writers take runs a page at a time, so `runs list --all` prints each page as it arrives: the table
prints its header once, JSON streams one list object whose `data` grows page by page.

Every string here came from a server. The table shows control, bidi and invisible characters as
escapes (`\\x1b`); JSON spells them as `\\uXXXX`, the same JSON value. Neither can move the
cursor, retitle the terminal or fail to encode (a lone surrogate).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol, TextIO

from .._models import EvalRun, json_body
from .._text import escape_json_text, safe_text

OUTPUT_FORMATS = ("table", "json", "jsonl")

# Free-text columns are capped so one long name cannot push the numbers off the screen; the full
# values are in the json output.
_MAX_TEXT_WIDTH = 36


def format_timestamp(seconds: int) -> str:
    """A Unix timestamp as UTC ISO 8601, to the second: 2025-03-27T16:54:29Z."""
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return str(seconds)  # outside what datetime can show: the raw value beats a crash


class _Column:
    def __init__(
        self,
        title: str,
        value: Callable[[EvalRun], str],
        *,
        numeric: bool = False,
        cap: int = 0,
        streaming_width: int = 0,
    ) -> None:
        self.title = title
        self.value = value
        self.numeric = numeric
        self.cap = cap
        self.streaming_width = streaming_width


def _counts(field: str) -> Callable[[EvalRun], str]:
    return lambda run: str(getattr(run.result_counts, field))


COLUMNS = (
    _Column("ID", lambda run: run.id, streaming_width=len("evalrun_") + 32),
    _Column("STATUS", lambda run: run.status, streaming_width=len("in_progress")),
    _Column("NAME", lambda run: run.name or "-", cap=_MAX_TEXT_WIDTH, streaming_width=28),
    _Column("MODEL", lambda run: run.model or "-", cap=_MAX_TEXT_WIDTH, streaming_width=14),
    _Column("CREATED (UTC)", lambda run: format_timestamp(run.created_at)),
    _Column("PASSED", _counts("passed"), numeric=True),
    _Column("FAILED", _counts("failed"), numeric=True),
    _Column("ERRORED", _counts("errored"), numeric=True),
    _Column("TOTAL", _counts("total"), numeric=True),
)
"""The table's columns, left to right."""


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())  # a newline or tab in a name would break the row
    return text if len(text) <= width else text[: width - 1] + "…"


def _json(value: object, indent: int | None = None) -> str:
    """JSON as readable as `ensure_ascii=False` makes it, and as safe as ASCII on a terminal."""
    return escape_json_text(json.dumps(value, indent=indent, ensure_ascii=False))


class RunWriter(Protocol):
    """Something that prints runs page by page, then finishes the output."""

    def write(self, runs: Sequence[EvalRun]) -> None:
        """Print these runs (one page)."""

    def close(self, *, has_more: bool) -> None:
        """Finish the output once the last page was written."""


class TableWriter:
    """An aligned table. Column widths come from the first page (and the titles).

    With `streaming=True` (more pages will follow), columns start at least as wide as their
    usual values (a run id, `in_progress`, a typical name), so later pages rarely need more; a
    name or model that still does not fit is shortened with `…` to keep the rows aligned.
    """

    def __init__(self, out: TextIO, *, streaming: bool = False) -> None:
        self._out = out
        self._streaming = streaming
        self._widths: list[int] | None = None
        self.rows = 0

    def write(self, runs: Sequence[EvalRun]) -> None:
        """Print the rows of one page (and the header before the first row)."""
        cells = [[safe_text(column.value(run)) for column in COLUMNS] for run in runs]
        if self._widths is None:
            if not cells:
                return  # wait for a page with runs, so widths fit real values
            self._widths = [
                max(
                    len(column.title),
                    column.streaming_width if self._streaming else 0,
                    *(len(row[index]) for row in cells),
                )
                for index, column in enumerate(COLUMNS)
            ]
            self._widths = [
                min(width, column.cap) if column.cap else width
                for width, column in zip(self._widths, COLUMNS, strict=True)
            ]
            self._line([column.title for column in COLUMNS], self._widths)
        for row in cells:
            self._line(row, self._widths)
            self.rows += 1
        self._out.flush()

    def _line(self, cells: Sequence[str], widths: Sequence[int]) -> None:
        parts = []
        for cell, width, column in zip(cells, widths, COLUMNS, strict=True):
            text = _fit(cell, width) if column.cap else cell
            parts.append(text.rjust(width) if column.numeric else text.ljust(width))
        self._out.write("  ".join(parts).rstrip() + "\n")

    def close(self, *, has_more: bool) -> None:
        """Say so when there were no runs at all."""
        del has_more  # the caller prints the "more runs" hint, on stderr
        if self.rows == 0:
            self._out.write("No runs found.\n")
            self._out.flush()


class JsonListWriter:
    """One JSON list object, {"object": "list", "data": [...], "has_more", "first_id",
    "last_id"}, written as runs arrive so a long --all listing never sits in memory."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._first_id: str | None = None
        self._last_id: str | None = None
        self._count = 0
        self._out.write('{\n  "object": "list",\n  "data": [')

    def write(self, runs: Sequence[EvalRun]) -> None:
        """Append the runs of one page to `data`."""
        for run in runs:
            text = _json(json_body(run), indent=2)
            separator = "," if self._count else ""
            self._out.write(separator + "\n    " + text.replace("\n", "\n    "))
            self._count += 1
            self._first_id = self._first_id or run.id
            self._last_id = run.id
        self._out.flush()

    def close(self, *, has_more: bool) -> None:
        """Close `data` and write the page fields."""
        tail = {"has_more": has_more, "first_id": self._first_id, "last_id": self._last_id}
        self._out.write(("\n  " if self._count else "") + "],\n")
        fields = [f"  {json.dumps(key)}: {_json(value)}" for key, value in tail.items()]
        self._out.write(",\n".join(fields) + "\n}\n")
        self._out.flush()


class JsonLinesWriter:
    """One run per line, compact JSON (for jq, grep and streaming)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, runs: Sequence[EvalRun]) -> None:
        """Write one line per run."""
        for run in runs:
            # Serialized as sent, without the deep copy of to_dict(): the copy costs nearly as
            # much as the encoding.
            self._out.write(_json(json_body(run)) + "\n")
        self._out.flush()

    def close(self, *, has_more: bool) -> None:
        """Nothing to finish: every line is complete on its own."""
        del has_more


def run_writer(output: str, out: TextIO, *, streaming: bool = False) -> RunWriter:
    """The writer for `--output` (table, json or jsonl); `streaming` when pages will follow."""
    if output == "json":
        return JsonListWriter(out)
    if output == "jsonl":
        return JsonLinesWriter(out)
    return TableWriter(out, streaming=streaming)


def write_run(output: str, run: EvalRun, out: TextIO) -> None:
    """One run (the answer of `runs create`): a one-row table plus its report URL, or JSON."""
    if output == "json":
        out.write(_json(json_body(run), indent=2) + "\n")
    else:
        table = TableWriter(out)
        table.write([run])
        if run.report_url:
            out.write(f"\nReport: {safe_text(run.report_url)}\n")
    out.flush()
