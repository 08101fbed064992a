"""The spec as data: openapi.yaml, as shipped with the generated package (`openapi.json`).

Everything the hand-written layer knows about the API's shape is read from here: the schemas the
checks use, each operation's method, path template and query parameters, and the enums (run
statuses, list orders). Nothing here is copied by hand, so `make generate` after a spec change is
all it takes for the client, its checks and the local server to follow.

Loading refuses a schema keyword the checks do not implement (`allOf`, `pattern`, `const`, ...),
naming the keyword and where it stands: a spec change can never be half-checked in silence.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

Schema = dict[str, Any]

# The keywords `_schema.check` and `_fastcheck.predicate` implement, and those that only describe
# (annotations, which JSON Schema lets a validator ignore). Anything else stops the load.
CHECKED_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "anyOf",
        "oneOf",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "maxProperties",
        "items",
        "maxLength",
        "minimum",
    }
)
ANNOTATION_KEYWORDS = frozenset(
    {"description", "title", "default", "format", "example", "examples", "deprecated"}
)
# Keywords whose value is a schema, a list of schemas or a map of schemas: where the audit goes on.
_SUBSCHEMA = frozenset({"items", "additionalProperties", "propertyNames"})
_SUBSCHEMA_LISTS = frozenset({"anyOf", "oneOf"})


class SpecError(Exception):
    """The shipped spec uses what this package cannot check; regenerate or extend the checks."""


class Parameter(NamedTuple):
    """One parameter of an operation: its name, where it goes, whether required, its schema."""

    name: str
    location: str
    required: bool
    schema: Schema


class Operation(NamedTuple):
    """One operation of the spec: how to call it and what it answers."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    body: str | None
    """The component name of the JSON request body, if the operation takes one."""

    def query(self) -> tuple[Parameter, ...]:
        """The query parameters, in the spec's order."""
        return tuple(p for p in self.parameters if p.location == "query")

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name` (KeyError when the spec has none)."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)


@cache
def spec() -> dict[str, Any]:
    """The parsed openapi.yaml, as shipped with the generated package, audited once."""
    from importlib.util import find_spec  # noqa: PLC0415 - not loaded by `import httpx`

    # Found, not imported: the generated package's __init__ loads attrs, which listing never needs.
    found = find_spec("openai_evals_runs_api")
    if found is None or not found.submodule_search_locations:
        raise SpecError("the generated package openai_evals_runs_api is not installed")
    location = Path(next(iter(found.submodule_search_locations)))
    text = (location / "openapi.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    audit(data)
    return data


def audit(data: dict[str, Any]) -> None:
    """Raise SpecError naming the first schema keyword the checks do not implement, and where."""
    for name, schema in data.get("components", {}).get("schemas", {}).items():
        _audit(schema, f"#/components/schemas/{name}")
    for path, item in data.get("paths", {}).items():
        for method, operation in item.items():
            where = f"#/paths/{path}/{method}"
            for index, parameter in enumerate(operation.get("parameters", [])):
                if "schema" in parameter:
                    _audit(parameter["schema"], f"{where}/parameters/{index}/schema")


def _audit(schema: object, where: str) -> None:
    stack: list[tuple[object, str]] = [(schema, where)]
    while stack:
        node, at = stack.pop()
        if not isinstance(node, dict):
            continue  # `additionalProperties: false` and the like
        for keyword, value in node.items():
            if keyword.startswith("x-") or keyword in ANNOTATION_KEYWORDS:
                continue
            if keyword not in CHECKED_KEYWORDS:
                raise SpecError(
                    f"{at}: schema keyword {keyword!r} is not implemented by the checks "
                    f"(implemented: {', '.join(sorted(CHECKED_KEYWORDS))})"
                )
            if keyword == "properties":
                stack.extend((sub, f"{at}/properties/{key}") for key, sub in value.items())
            elif keyword in _SUBSCHEMA:
                stack.append((value, f"{at}/{keyword}"))
            elif keyword in _SUBSCHEMA_LISTS:
                stack.extend((sub, f"{at}/{keyword}/{index}") for index, sub in enumerate(value))


def component(name: str) -> Schema:
    """The schema `#/components/schemas/<name>`."""
    schema: Schema = spec()["components"]["schemas"][name]
    return schema


def resolve(schema: Schema) -> Schema:
    """`schema` with its `$ref` chain followed to the component it names."""
    while "$ref" in schema:
        schema = component(schema["$ref"].rsplit("/", 1)[-1])
    return schema


@cache
def operation(operation_id: str) -> Operation:
    """The operation with this `operationId` (KeyError when the spec has none)."""
    for path, item in spec()["paths"].items():
        for method, entry in item.items():
            if entry.get("operationId") != operation_id:
                continue
            parameters = tuple(
                Parameter(p["name"], p["in"], bool(p.get("required", False)), p.get("schema", {}))
                for p in entry.get("parameters", [])
            )
            content = entry.get("requestBody", {}).get("content", {})
            body_ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            body = body_ref.rsplit("/", 1)[-1] if body_ref else None
            return Operation(operation_id, method.upper(), path, parameters, body)
    raise KeyError(operation_id)


LIST_RUNS = "getEvalRuns"
CREATE_RUN = "createEvalRun"


@cache
def enum(operation_id: str, parameter: str) -> tuple[str, ...]:
    """The values a parameter's enum allows, in the spec's order."""
    values = resolve(operation(operation_id).parameter(parameter).schema).get("enum", [])
    return tuple(str(value) for value in values)


def statuses() -> tuple[str, ...]:
    """The run statuses the spec knows (the list operation's `status` filter)."""
    return enum(LIST_RUNS, "status")


def orders() -> tuple[str, ...]:
    """The list orders the spec knows."""
    return enum(LIST_RUNS, "order")
