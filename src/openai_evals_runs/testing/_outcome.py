"""Outcome: how a run created through the API ends, chosen by the test (`set_outcome`).

A field left as None keeps the server's deterministic default for it (see `_lifecycle`), so
`Outcome(passed=19, failed=1)` fixes the counts and leaves usage and criteria results derived
from them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from .. import _schema


def _count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be an integer >= 0 or None, got {value!r}")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a string or None, got {type(value).__name__}")


def _status(_instance: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"status must be a non-empty string, got {value!r}")


def _records(value: object, component: str) -> tuple[dict[str, Any], ...] | None:
    """A list of objects checked against `component`, kept as a private copy."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(f"expected a list of {component} objects, got {type(value).__name__}")
    schema = _schema.component(component)
    records = []
    for index, item in enumerate(value):
        problems = _schema.check(schema, item, path=f"[{index}]", strict=False)
        if problems:
            raise ValueError(f"not a valid {component}: {problems[0]}")
        # A copy: later edits to the caller's dicts must not change what the server answers.
        records.append(json.loads(json.dumps(item, allow_nan=False)))
    return tuple(records)


def _usage_records(value: object) -> tuple[dict[str, Any], ...] | None:
    return _records(value, "EvalRunModelUsage")


def _criteria_records(value: object) -> tuple[dict[str, Any], ...] | None:
    return _records(value, "EvalRunTestingCriteriaResult")


@attrs.frozen
class Outcome:
    """How the runs created after `server.set_outcome(...)` end.

    A run reaches `status` at `COMPLETED_AFTER` seconds of server time (before that it is
    `queued`, then `in_progress`, as usual). `status` is usually "completed", "failed" or
    "canceled"; any other string is kept, so a test can show a client a status it does not know.
    Each of `passed`, `failed` and `errored` left as None keeps the deterministic default (for
    "completed": the hash-based grade of the items; for "failed": every item errored; otherwise
    0), and `result_counts.total` is their sum. `error_code` / `error_message` set the run's
    `error` (a "failed" run gets a default error otherwise). `per_model_usage` and
    `per_testing_criteria_results`, lists of the API's objects, replace the derived ones.
    """

    status: str = attrs.field(default="completed", validator=_status)
    passed: int | None = attrs.field(default=None, validator=_count)
    failed: int | None = attrs.field(default=None, validator=_count)
    errored: int | None = attrs.field(default=None, validator=_count)
    error_code: str | None = attrs.field(default=None, validator=_text)
    error_message: str | None = attrs.field(default=None, validator=_text)
    per_model_usage: Sequence[Mapping[str, Any]] | None = attrs.field(
        default=None, converter=_usage_records, hash=False
    )
    per_testing_criteria_results: Sequence[Mapping[str, Any]] | None = attrs.field(
        default=None, converter=_criteria_records, hash=False
    )

    def to_json(self) -> dict[str, Any]:
        """The fields as plain JSON (how `--state` stores an outcome)."""
        return attrs.asdict(self, value_serializer=_lists)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outcome:
        """The outcome `to_json` wrote."""
        return cls(**data)


def _lists(_instance: object, _attribute: object, value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


OutcomeRule = Outcome | Callable[[dict[str, Any]], Outcome]
"""What `set_outcome` takes: an Outcome, or a function of the create request body giving one."""


def resolve(rule: OutcomeRule, body: dict[str, Any]) -> Outcome:
    """The Outcome `rule` gives for one create request body (a private copy is passed)."""
    if isinstance(rule, Outcome):
        return rule
    outcome = rule(json.loads(json.dumps(body)))
    if not isinstance(outcome, Outcome):
        raise TypeError(
            f"the set_outcome function must return an Outcome, got {type(outcome).__name__}"
        )
    return outcome


def check_rule(rule: object) -> OutcomeRule:
    """`rule` if set_outcome can use it, else TypeError."""
    if isinstance(rule, Outcome) or callable(rule):
        return rule
    raise TypeError(
        f"outcome must be an Outcome or a function of the request body, got {type(rule).__name__}"
    )
