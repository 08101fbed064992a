"""Check JSON values against the schemas of openapi.yaml.

The spec ships as data (`openai_evals_runs_api/openapi.json`, written by `make generate` from
openapi.yaml), so the client's argument checks, its response checks and the local server all follow
the one source of truth. Only the JSON Schema keywords openapi.yaml uses are implemented; the
`jsonschema` package would add a compiled dependency and ~100 ms of import time for the same job.

Two modes:
- request (`strict=True`): every keyword, including the size limits of Metadata.
- `typos=True` (the client's own argument checks) also refuses an unknown field of an object the
  spec defines (one with `properties` and no `additionalProperties`; the free-form parts, such as
  dataset items, `sample`, tool definitions and JSON schemas, say `additionalProperties` or have
  no properties): the API ignores unknown fields, so a misspelled setting (`max_completions_tokens`,
  `modle`) would be silently lost. The message names the object and suggests the closest field.
  With a `waived` list, unknown fields and values outside an enum go there instead of the
  problems (`runs.create(strict=False)` sends them as given). The local server does not use
  `typos`: unknown fields are valid by the spec.
- response (`strict=False`): types, required fields and enums only. Size limits are the server's
  business; a response that breaks them is still a response.

`oneOf` whose branches all name a distinct `type` constant is dispatched on `type` (never by trial
order), so an error points into the variant the caller meant.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from typing import Any, NamedTuple

from ._spec import Schema, component, resolve, spec

__all__ = ["Problem", "Schema", "check", "component", "json_types", "spec", "type_constant"]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "null": (type(None),),
    "integer": (int,),
    "number": (int, float),
}


class Problem(NamedTuple):
    """One way a value breaks its schema: where (a dotted path) and what rule."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for name in ("integer", "number", "string", "array", "object"):
        if isinstance(value, _JSON_TYPES[name]):
            return name
    return type(value).__name__


def _is_type(value: object, json_type: str) -> bool:
    if isinstance(value, bool) and json_type in ("integer", "number"):
        return False
    if json_type == "number" and isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, _JSON_TYPES[json_type])


def type_constant(schema: Schema) -> str | None:
    """The single allowed value of an object schema's `type` property, if it has one."""
    prop = resolve(schema).get("properties", {}).get("type")
    if prop is None:
        return None
    values = resolve(prop).get("enum", [])
    return values[0] if len(values) == 1 else None


class _Walk:
    """One check: the mode, the problems found and, when the caller asked to send them anyway,
    the unknown fields and enum values waived."""

    __slots__ = ("problems", "strict", "typos", "waived")

    def __init__(
        self, strict: bool, typos: bool = False, waived: list[Problem] | None = None
    ) -> None:
        self.strict = strict
        self.typos = typos
        self.problems: list[Problem] = []
        self.waived = waived

    def unknown(self, problem: Problem) -> None:
        """An unknown field or enum value: waived when the caller sends them anyway."""
        (self.problems if self.waived is None else self.waived).append(problem)


def check(
    schema: Schema,
    value: object,
    *,
    path: str = "",
    strict: bool = True,
    typos: bool = False,
    waived: list[Problem] | None = None,
) -> list[Problem]:
    """Every problem of `value` against `schema` (empty when it conforms); with `waived`, unknown
    fields and enum values are added to it instead."""
    walk = _Walk(strict, typos, waived)
    _check(_top_plan(schema), value, path, walk)
    return walk.problems


class _Plan:
    """A schema with its `$ref` resolved and its keywords looked up once (checks are hot).

    The plans of its parts are built on first use and kept here, so a schema's plans form a tree
    mirroring it; a `$ref` leads to the component's one plan (keyed by the component's name).
    """

    __slots__ = (
        "_built",
        "_properties",
        "enum",
        "extra",
        "items_schema",
        "leaf",
        "max_length",
        "max_properties",
        "minimum",
        "name",
        "names_schema",
        "properties",
        "required",
        "type",
        "union_schemas",
    )

    def __init__(self, resolved: Schema, name: str | None = None) -> None:
        self.name = name  # the component's, for messages
        self.type: str | None = resolved.get("type")
        self.enum: list[Any] | None = resolved.get("enum")
        self.max_length: int | None = resolved.get("maxLength")
        self.minimum: float | None = resolved.get("minimum")
        self.properties: dict[str, Schema] = resolved.get("properties", {})
        self.required: list[str] = resolved.get("required", [])
        self.extra: bool | Schema | None = resolved.get("additionalProperties")
        self.max_properties: int | None = resolved.get("maxProperties")
        self.items_schema: Schema | None = resolved.get("items")
        self.names_schema: Schema | None = resolved.get("propertyNames")
        self.union_schemas = [resolved[key] for key in ("oneOf", "anyOf") if key in resolved]
        # A scalar with nothing to check beyond its type: the most common node by far.
        self.leaf = (
            self.type in ("string", "integer", "number", "boolean", "null")
            and not self.union_schemas
            and self.enum is None
            and self.max_length is None
            and self.minimum is None
        )
        # Plans of the parts, built on first use: "items", "names", "extra", "unions".
        self._built: dict[str, Any] = {}
        self._properties: dict[str, _Plan] = {}

    def unions(self) -> list[_Union]:
        """The `oneOf`/`anyOf` branch lists, each with what dispatch needs."""
        if not self.union_schemas:
            return []
        unions: list[_Union] | None = self._built.get("unions")
        if unions is None:
            unions = self._built["unions"] = [_Union(b) for b in self.union_schemas]
        return unions

    def _part(self, key: str, schema: Schema) -> _Plan:
        plan: _Plan | None = self._built.get(key)
        if plan is None:
            plan = self._built[key] = plan_of(schema)
        return plan

    def items(self) -> _Plan | None:
        """The plan of `items`, if any."""
        return None if self.items_schema is None else self._part("items", self.items_schema)

    def names(self) -> _Plan | None:
        """The plan of `propertyNames`, if any."""
        return None if self.names_schema is None else self._part("names", self.names_schema)

    def extra_plan(self) -> _Plan:
        """The plan of an `additionalProperties` schema (only called when it is one)."""
        return self._part("extra", self.extra)  # type: ignore[arg-type]

    def property(self, name: str) -> _Plan:
        """The plan of property `name` (only called for declared properties)."""
        plan = self._properties.get(name)
        if plan is None:
            plan = self._properties[name] = plan_of(self.properties[name])
        return plan


class _Union:
    """One `oneOf`/`anyOf`: the branches' plans, the JSON types each accepts and their tags."""

    __slots__ = ("plans", "tags", "types")

    def __init__(self, branches: list[Schema]) -> None:
        self.plans = [plan_of(branch) for branch in branches]
        self.types = [json_types(branch) for branch in branches]
        self.tags = [type_constant(branch) for branch in branches]


# Plans of components, by name; of other top-level schemas, by their canonical JSON text.
_COMPONENT_PLANS: dict[str, _Plan] = {}
_SCHEMA_PLANS: dict[str, _Plan] = {}


def plan_of(schema: Schema) -> _Plan:
    """The plan of `schema`: a component's own plan for a `$ref`, else a new one."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        plan = _COMPONENT_PLANS.get(name)
        if plan is None:
            plan = _COMPONENT_PLANS[name] = _Plan(resolve(schema), name)
        return plan
    return _Plan(schema)


def _top_plan(schema: Schema) -> _Plan:
    key = json.dumps(schema, sort_keys=True)
    plan = _SCHEMA_PLANS.get(key)
    if plan is None:
        plan = _SCHEMA_PLANS[key] = plan_of(schema)
    return plan


def _check(plan: _Plan, value: object, path: str, walk: _Walk) -> None:
    out = walk.problems
    expected = plan.type
    if plan.leaf:
        if not _is_type(value, expected):  # type: ignore[arg-type]  # a leaf has a type
            out.append(Problem(path, f"expected {expected}, got {_type_name(value)}"))
        return
    for union in plan.unions():
        _check_union(union, value, path, walk)
    if expected is not None and not _is_type(value, expected):
        out.append(Problem(path, f"expected {expected}, got {_type_name(value)}"))
        return
    if plan.enum is not None and value not in plan.enum:
        allowed = ", ".join(repr(v) for v in plan.enum)
        walk.unknown(Problem(path, f"must be one of {allowed}, got {value!r}"))
        return
    if isinstance(value, str):
        if walk.strict and plan.max_length is not None and len(value) > plan.max_length:
            out.append(
                Problem(path, f"must be at most {plan.max_length} characters, got {len(value)}")
            )
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if plan.minimum is not None and value < plan.minimum:
            out.append(Problem(path, f"must be >= {plan.minimum}, got {value}"))
    elif isinstance(value, list):
        items = plan.items()
        if items is not None:
            for index, item in enumerate(value):
                _check(items, item, f"{path}[{index}]", walk)
    elif isinstance(value, dict):
        _check_object(plan, value, path, walk)


# -- unions ---------------------------------------------------------------------------------------


def json_types(schema: Schema) -> frozenset[str] | None:
    """The JSON types a schema can accept, or None when it does not say."""
    schema = resolve(schema)
    if "type" in schema:
        return frozenset([schema["type"]])
    branches = schema.get("oneOf") or schema.get("anyOf")
    if not branches:
        return None
    kinds = [json_types(branch) for branch in branches]
    if any(kind is None for kind in kinds):
        return None
    return frozenset().union(*[kind for kind in kinds if kind is not None])


def _value_types(value: object) -> frozenset[str]:
    name = _type_name(value)
    return frozenset(["integer", "number"]) if name == "integer" else frozenset([name])


def _check_union(union: _Union, value: object, path: str, walk: _Walk) -> None:
    value_types = _value_types(value)
    # Branches that cannot hold a value of this JSON type are never tried.
    candidates = [
        index for index, kinds in enumerate(union.types) if kinds is None or kinds & value_types
    ] or list(range(len(union.plans)))
    tags = [union.tags[index] for index in candidates]
    if (
        isinstance(value, dict)
        and len(candidates) > 1
        and None not in tags
        and len(set(tags)) == len(tags)
    ):
        _check_tagged(union, candidates, tags, value, path, walk)
    else:
        _check_any(union, candidates, value, path, walk)


def _check_tagged(
    union: _Union,
    candidates: list[int],
    tags: list[str | None],
    value: dict[Any, Any],
    path: str,
    walk: _Walk,
) -> None:
    # Every branch names a distinct `type` constant: the value's `type` picks the branch, so an
    # error points into the variant the caller meant (never trial order).
    tag = value.get("type")
    if tag not in tags:
        allowed = ", ".join(repr(t) for t in tags)
        where = _join(path, "type")
        if tag is None:
            walk.problems.append(Problem(where, f"is required (one of {allowed})"))
        else:
            # A variant this spec does not know yet: sent unchecked when the caller waives it.
            walk.unknown(Problem(where, f"must be one of {allowed}, got {tag!r}"))
        return
    _check(union.plans[candidates[tags.index(tag)]], value, path, walk)


def _check_any(union: _Union, candidates: list[int], value: object, path: str, walk: _Walk) -> None:
    # A value that fits two overlapping branches (EasyInputMessage and EvalItem) is valid: the
    # strict "exactly one" reading of oneOf rejects real API payloads. The first that fits wins.
    # Otherwise report the closest branch: one of the value's own JSON type beats one that fails
    # on type outright (an array for `per_model_usage` should not be told "expected null").
    best: tuple[bool, int] | None = None
    closest: list[Problem] = []
    for index in candidates:
        attempt = _Walk(walk.strict, walk.typos, None if walk.waived is None else [])
        _check(union.plans[index], value, path, attempt)
        if not attempt.problems:
            if walk.waived is not None and attempt.waived:
                walk.waived.extend(attempt.waived)
            return
        problems = attempt.problems
        wrong_type = any(p.path == path and p.message.startswith("expected ") for p in problems)
        score = (wrong_type, len(problems))
        if best is None or score < best:
            best, closest = score, problems
    walk.problems.extend(closest)


def _check_object(plan: _Plan, value: dict[Any, Any], path: str, walk: _Walk) -> None:
    out = walk.problems
    properties = plan.properties
    for key in plan.required:
        if key not in value:
            out.append(Problem(_join(path, key), "is required"))
    if walk.strict and plan.max_properties is not None and len(value) > plan.max_properties:
        out.append(Problem(path, f"must have at most {plan.max_properties} keys, got {len(value)}"))
    extra, names = plan.extra, plan.names()
    for key, item in value.items():
        if not isinstance(key, str):
            out.append(Problem(path, f"keys must be strings, got {_type_name(key)}"))
            continue
        if names is not None:
            _check(names, key, _join(path, key), walk)
        if key in properties:
            _check(plan.property(key), item, _join(path, key), walk)
        elif isinstance(extra, dict):
            _check(plan.extra_plan(), item, _join(path, key), walk)
        elif extra is False:
            out.append(Problem(_join(path, key), "is not an allowed field"))
        elif walk.typos and properties and extra is None:
            walk.unknown(Problem(_join(path, key), unknown_field(key, plan.name, properties)))


# Names of a field in other OpenAI APIs (or their older versions) that this spec spells otherwise:
# too far apart for a spelling suggestion, so looked up here. The one place for them: keep it small.
FIELD_ALIASES = {
    "max_tokens": "max_completion_tokens",
    "max_output_tokens": "max_completion_tokens",
}

# How an unknown field's message ends: the way to send it all the same (`runs.create`).
SEND_ANYWAY = " (to send it anyway, pass strict=False)"

# How close (difflib's ratio, after lower-casing and `-` -> `_`) a field must be to be suggested.
_SUGGESTION_CUTOFF = 0.7


def closest_field(key: str, fields: Collection[str]) -> str | None:
    """The known field `key` most plausibly meant (an alias, else a close spelling), or None."""
    alias = FIELD_ALIASES.get(key)
    if alias in fields:
        return alias
    import difflib  # noqa: PLC0415 - difflib loads only to explain a refusal

    normal = {field.lower().replace("-", "_"): field for field in fields}
    wanted = key.lower().replace("-", "_")
    close = difflib.get_close_matches(wanted, list(normal), n=1, cutoff=_SUGGESTION_CUTOFF)
    return normal[close[0]] if close else None


def unknown_field(key: str, owner: str | None, fields: Collection[str]) -> str:
    """The message for an unknown field `key` of the object `owner` (a schema name)."""
    # The API ignores a field it does not know, so the setting would be silently lost.
    where = f"a field of {owner}" if owner else "a field here"
    close = closest_field(key, fields)
    hint = f"did you mean {close!r}?" if close else f"known fields: {', '.join(fields)}"
    return f"is not {where}; {hint}{SEND_ANYWAY}"
