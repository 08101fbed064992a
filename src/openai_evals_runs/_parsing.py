"""Response bodies into runs and pages, forward-compatibly.

A body is checked whole when it arrives (`_shapes`): a bad one raises ShapeError at once, never
later. Runs are views over the checked JSON (`EvalRun`); their nested generated models are built
on first read (`_nested`), so parsing a page costs the JSON decode and one compiled check.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ._models import EvalRun, views
from ._shapes import ShapeError, check_run, list_is_valid, list_problems

__all__ = ["RunListBody", "ShapeError", "parse_run", "parse_run_list"]


class RunListBody(NamedTuple):
    """The parsed fields of an EvalRunList."""

    data: list[EvalRun]
    has_more: bool
    first_id: str | None
    last_id: str | None
    # The whole body as decoded (the runs' JSON is shared with `data`): `Page.to_dict()`.
    raw: dict[str, Any]


def parse_run(raw: object, *, request_id: str | None = None) -> EvalRun:
    """One EvalRun from decoded JSON; raises ShapeError when it is not one."""
    check_run(raw)
    return EvalRun(raw, request_id=request_id)  # type: ignore[arg-type]  # proven a dict


def parse_run_list(raw: object, *, request_id: str | None = None) -> RunListBody:
    """An EvalRunList from decoded JSON; raises ShapeError (with every bad run's path) otherwise."""
    if not list_is_valid()(raw):
        problems = list_problems(raw)
        if problems:
            raise ShapeError(problems)
    assert isinstance(raw, dict)
    return RunListBody(
        data=views(raw["data"], request_id),
        has_more=raw["has_more"],
        first_id=raw["first_id"],
        last_id=raw["last_id"],
        raw=raw,
    )
