"""What a response body must look like when it arrives, and the checks that prove it.

A run is checked against the spec's `EvalRun` (response mode: types, required fields, enums),
except the contents of `data_source`, which need only be an object (or absent): they are checked
when first read, and a shape this package does not know keeps the raw dict rather than failing the
run. The compiled check (`_fastcheck`) decides; only a body it refuses is walked again by
`_schema.check`, which names every problem for `ShapeError`.
"""

from __future__ import annotations

from functools import cache

from . import _fastcheck, _schema
from ._spec import component


class ShapeError(Exception):
    """A decoded body does not have the shape of the expected response."""

    def __init__(self, problems: list[_schema.Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(shown + more)


@cache
def run_schema() -> _schema.Schema:
    """EvalRun as checked on arrival: `data_source` need only be an object (or absent)."""
    schema = dict(component("EvalRun"))
    source = {"anyOf": [{"type": "object"}, {"type": "null"}]}
    schema["properties"] = {**schema["properties"], "data_source": source}
    schema["required"] = [key for key in schema["required"] if key != "data_source"]
    return schema


@cache
def list_envelope_schema() -> _schema.Schema:
    """EvalRunList with its runs unchecked (each is checked on its own, to name its index)."""
    schema = dict(component("EvalRunList"))
    schema["properties"] = {**schema["properties"], "data": {"type": "array"}}
    return schema


@cache
def list_schema() -> _schema.Schema:
    """EvalRunList with every run checked as `run_schema()`: the fast path of a page."""
    schema = dict(component("EvalRunList"))
    runs = {"type": "array", "items": run_schema()}
    schema["properties"] = {**schema["properties"], "data": runs}
    return schema


@cache
def run_is_valid() -> _fastcheck.Predicate:
    """The compiled check of `run_schema()`."""
    return _fastcheck.predicate(run_schema())


@cache
def list_is_valid() -> _fastcheck.Predicate:
    """The compiled check of `list_schema()`."""
    return _fastcheck.predicate(list_schema())


def check_run(raw: object, *, path: str = "") -> None:
    """Raise ShapeError unless `raw` is an EvalRun as checked on arrival."""
    if not run_is_valid()(raw):
        problems = _schema.check(run_schema(), raw, path=path, strict=False)
        if problems:
            raise ShapeError(problems)


def list_problems(raw: object) -> list[_schema.Problem]:
    """Every problem of an EvalRunList body, each bad run named by its index (cold path)."""
    problems = _schema.check(list_envelope_schema(), raw, strict=False)
    if problems or not isinstance(raw, dict):
        return problems
    for index, item in enumerate(raw["data"]):
        problems.extend(_schema.check(run_schema(), item, path=f"data[{index}]", strict=False))
    return problems
