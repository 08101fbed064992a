"""The run as users see it: typed where the API is known, raw where it is not.

The nested parts are the generated models (`openai_evals_runs_api.models`); this class adds what
they lack: it never fails on fields the API may add or change (an unknown `status`, an unknown
`data_source.type`, unknown message types, extra fields), keeps every field the server sent
(`to_dict()`), and carries the `x-request-id` of the response it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, overload

from ._exceptions import InvalidRequestError, problems_error
from ._jsoncopy import copy_json, dump_json
from ._shapes import ShapeError, check_run
from ._spec import component, statuses

if TYPE_CHECKING:
    KNOWN_STATUSES: tuple[str, ...]
    """The run statuses the spec knows, in its order (read from the spec on first use)."""

    # Only for annotations: importing the generated models package loads every model module,
    # most of the import time, so the nested parts are built by `_nested`, loaded on first read.
    from openai_evals_runs_api.models import (
        EvalApiError,
        EvalRunModelUsage,
        EvalRunResultCounts,
        EvalRunTestingCriteriaResult,
    )

    from ._nested import DataSource

__all__ = ["KNOWN_STATUSES", "DataSource", "EvalRun"]

# A run in one of these is still going; any other status, known or not, is final.
_UNFINISHED_STATUSES = frozenset({"queued", "in_progress"})

T = TypeVar("T")


def __getattr__(name: str) -> Any:
    # Read from the spec (and the generated models) on first use, so importing stays cheap.
    if name == "DataSource":
        from ._nested import DataSource  # noqa: PLC0415 - the generated models load on first use

        return DataSource
    if name == "KNOWN_STATUSES":
        return statuses()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_UNREAD: Any = object()  # a nested part not built yet (None is a value some parts take)


class _Nested(property, Generic[T]):
    """A field of a run read as its typed form, built by `_nested` on first read and kept.

    `pick` names the builder in `_nested`; that module (and the generated models with it) loads
    only when a nested part is first read, so listing never pays for it. Reading a part is on the
    hot path of every caller (`run.result_counts.passed` for each run of a page): a property,
    so attribute access calls the reader from C rather than through a Python `__get__`, and a
    first read adds little but the build.
    """

    def __init__(self, pick: Callable[[Any], Callable[[Any], T]]) -> None:
        super().__init__(self._read)
        self._pick = pick
        self._build: Callable[[Any], T] | None = None
        self._field = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._field = name

    if TYPE_CHECKING:

        @overload
        def __get__(self, run: None, owner: type, /) -> Self: ...
        @overload
        def __get__(self, run: EvalRun, owner: type | None = None, /) -> T: ...
        def __get__(self, run: EvalRun | None, owner: type | None = None, /) -> Self | T: ...

    def _read(self, run: EvalRun) -> T:
        typed = run._typed
        if typed is None:
            # The first nested part read of this run: most runs of a page never get here.
            typed = {}
            _set_typed(run, typed)
        else:
            value: T = typed.get(self._field, _UNREAD)
            if value is not _UNREAD:
                return value
        build = self._build
        if build is None:
            from . import _nested  # noqa: PLC0415 - the generated models load when a nested part is read

            build = self._build = self._pick(_nested)
        value = typed[self._field] = build(run._raw.get(self._field))
        return value


class EvalRun:
    """One evaluation run.

    `status` is a plain string: the five known values are in `KNOWN_STATUSES`, and a new one the
    API may add still parses. `data_source` is one of the typed variants, or the raw dict when its
    `type` (or something inside it) is not one this package knows, or None when the server sent
    none (older runs use `run_data_source`, kept in `to_dict()`).

    A run is a read-only view over the JSON the server sent, checked against the spec when it
    arrived. The typed nested parts (`result_counts`, `data_source`, ...) are built on first
    access and kept, so listing thousands of runs costs little more than decoding them. A field
    the spec gains later (after `make generate`) is readable as an attribute at run time, without
    changes to this class; `to_dict()` has every field as sent.
    """

    __slots__ = ("_raw", "_typed", "request_id")
    _raw: dict[str, Any]
    _typed: dict[str, Any] | None  # the nested parts built so far, by field name (None: none)
    request_id: str | None
    """The `x-request-id` of the response this run came from."""

    def __init__(self, raw: dict[str, Any], *, request_id: str | None = None) -> None:
        """Wrap a decoded EvalRun body; parsing (`runs.list`, `runs.create`) checks it first."""
        _set_raw(self, raw)
        _set_typed(self, None)
        _set_request_id(self, request_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, request_id: str | None = None) -> EvalRun:
        """A run from its JSON (e.g. a stored `to_dict()`), checked against the spec like a
        response; InvalidRequestError names every problem. The dict is copied."""
        raw = copy_json(dict(data)) if isinstance(data, Mapping) else data
        try:
            check_run(raw)
        except ShapeError as error:
            raise problems_error("data", error.problems) from None
        try:
            # Free-form parts may hold what JSON has not (a datetime, a set): `to_json` could not
            # write them back.
            dump_json(raw, indent=None)
        except (ValueError, TypeError, RecursionError) as error:
            raise InvalidRequestError("data", f"cannot be written as JSON: {error}") from None
        return cls(raw, request_id=request_id)

    @property
    def id(self) -> str:
        """The run's id (`evalrun_...`)."""
        return self._raw["id"]  # type: ignore[no-any-return]  # checked when parsed

    @property
    def eval_id(self) -> str:
        """The id of the eval this run belongs to."""
        return self._raw["eval_id"]  # type: ignore[no-any-return]

    @property
    def status(self) -> str:
        """queued, in_progress, completed, canceled, failed (or a status added later)."""
        return self._raw["status"]  # type: ignore[no-any-return]

    @property
    def model(self) -> str:
        """The model evaluated."""
        return self._raw["model"]  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        """The run's name."""
        return self._raw["name"]  # type: ignore[no-any-return]

    @property
    def created_at(self) -> int:
        """Creation time, in seconds since the Unix epoch."""
        return self._raw["created_at"]  # type: ignore[no-any-return]

    @property
    def report_url(self) -> str:
        """The run's report on the OpenAI platform."""
        return self._raw["report_url"]  # type: ignore[no-any-return]

    @property
    def metadata(self) -> dict[str, str] | None:
        """Up to 16 string pairs attached to the run (the dict as sent), or None."""
        return self._raw["metadata"]  # type: ignore[no-any-return]

    result_counts: _Nested[EvalRunResultCounts] = _Nested(lambda n: n.build_result_counts)
    """Counts of passed, failed, errored and total items."""
    per_model_usage: _Nested[list[EvalRunModelUsage] | None] = _Nested(
        lambda n: n.build_model_usage
    )
    """Token usage per model, or None."""
    per_testing_criteria_results: _Nested[list[EvalRunTestingCriteriaResult] | None] = _Nested(
        lambda n: n.build_criteria_results
    )
    """Passed and failed counts per testing criterion, or None."""
    error: _Nested[EvalApiError | None] = _Nested(lambda n: n.build_error)
    """Why the run failed (code and message), or None."""
    data_source: _Nested[DataSource | dict[str, Any] | None] = _Nested(
        lambda n: n.build_data_source
    )
    """The typed variant, the raw dict when this package does not know it, or None."""

    @property
    def is_finished(self) -> bool:
        """True for any status but queued and in_progress: a status added later counts as
        finished, so a wait never loops forever on it."""
        return self._raw["status"] not in _UNFINISHED_STATUSES

    @property
    def pass_rate(self) -> float | None:
        """passed / total (errored items count as not passed); None when total is 0."""
        counts = self._raw["result_counts"]
        total = counts["total"]
        return counts["passed"] / total if total else None

    @property
    def data_source_type(self) -> str | None:
        """The data source's `type` as sent (also for variants this package does not know)."""
        source = self._raw.get("data_source")
        kind = source.get("type") if isinstance(source, dict) else None
        return kind if isinstance(kind, str) else None

    def to_dict(self) -> dict[str, Any]:
        """Every field exactly as the server sent it (a deep copy, safe to modify)."""
        return copy_json(self._raw)  # type: ignore[no-any-return]  # a dict stays a dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (`indent` spaces per level, None for one line);
        `EvalRun.from_dict(json.loads(run.to_json()))` equals the run but for its request id."""
        return dump_json(self._raw, indent=indent)

    if not TYPE_CHECKING:
        # Hidden from type checkers on purpose: a misspelt attribute stays a type error, while a
        # field the spec gains later is still readable at run time without changing this class.
        def __getattr__(self, name: str) -> Any:
            # A declared property failing inside must not fall back to the raw field.
            declared = hasattr(type(self), name)
            if not name.startswith("_") and not declared and name in _spec_fields():
                return self._raw.get(name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"EvalRun is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"EvalRun is read-only (cannot delete {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EvalRun):
            return NotImplemented
        return self._raw == other._raw and self.request_id == other.request_id

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable JSON inside, like a dict

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._raw, self.request_id))

    def __repr__(self) -> str:
        counts = self._raw["result_counts"]
        return (
            f"EvalRun(id={self.id!r}, eval_id={self.eval_id!r}, status={self.status!r}, "
            f"name={self.name!r}, model={self.model!r}, data_source={self.data_source_type!r}, "
            f"result_counts=(passed={counts['passed']}, failed={counts['failed']}, "
            f"errored={counts['errored']}, total={counts['total']}))"
        )


# The slots written directly: EvalRun refuses attribute assignment (it is read-only), and a page
# of runs is built without a call to __init__ per run (see views()).
def _slot_setter(name: str) -> Callable[[EvalRun, Any], None]:
    setter: Callable[[EvalRun, Any], None] = EvalRun.__dict__[name].__set__
    return setter


_set_raw = _slot_setter("_raw")
_set_typed = _slot_setter("_typed")
_set_request_id = _slot_setter("request_id")


def views(raws: list[dict[str, Any]], request_id: str | None) -> list[EvalRun]:
    """A run over each checked EvalRun body of a page, all from one response.

    The same as `[EvalRun(raw, request_id=request_id) for raw in raws]` at a third of the cost:
    building the views is most of what our client adds to the JSON decode of a page.
    """
    new, set_raw, set_typed, set_request_id = object.__new__, _set_raw, _set_typed, _set_request_id
    runs = []
    for raw in raws:
        run = new(EvalRun)
        set_raw(run, raw)
        set_typed(run, None)
        set_request_id(run, request_id)
        runs.append(run)
    return runs


def json_body(run: EvalRun) -> dict[str, Any]:
    """The run's JSON exactly as sent, not copied: for serializing it (the CLI's json output),
    never for changing it; `to_dict()` is the copy to change."""
    return run._raw


def _rebuild(raw: dict[str, Any], request_id: str | None) -> EvalRun:
    return EvalRun(raw, request_id=request_id)


@cache
def _spec_fields() -> frozenset[str]:
    """The EvalRun fields named by the spec the generated package ships."""
    return frozenset(component("EvalRun").get("properties", {}))
