"""Schemas of openapi.yaml compiled into fast yes/no checks.

`_schema.check` walks a schema node by node and explains every problem; on a page of 100 runs
that walk costs 20 times the JSON decoding. Almost every body is valid, so the hot path only needs
to know *that* it is valid: `predicate(schema)` turns a schema into generated Python source (one
function per schema, inlined checks, no paths, no problem objects) and compiles it once.

In response mode (`strict=False`) values are decoded JSON, whose object keys are always strings,
so keys are not type-checked there; in request mode (`strict=True`) they are. On decoded JSON the
response-mode check is exact both ways (JSON has no subclasses, and nothing is left to the full
walk there), so response parsing may rely on a False too; tests hold it to that.

The contract is one-sided: True proves `_schema.check` would find no problem; False only means
"not proven" (a real problem, or a case the fast check leaves to the full walk, such as a dict
subclass or an unknown field to name), and the caller runs `_schema.check` for the
verdict and the messages. So the fast check can never let through what the full check rejects,
and can never reject what it accepts (tests compare the two on valid, fuzzed and broken bodies).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from . import _schema
from ._spec import ANNOTATION_KEYWORDS, resolve

Predicate = Callable[[object], bool]

_MISSING = object()
_TYPED_KEYWORDS = (
    "maxLength",
    "minimum",
    "items",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "maxProperties",
)

# Exact types only: a subclass (bool for int, OrderedDict for dict) is left to the full check.
_TYPE_TESTS = {
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
    "string": "type({v}) is str",
    "boolean": "({v} is True or {v} is False)",
    "null": "{v} is None",
    "integer": "type({v}) is int",
    "number": "(type({v}) is int or (type({v}) is float and _isfinite({v})))",
}
# The JSON types one exact `type(v) is T` test decides (bool cannot be subclassed, so it is the
# boolean test too), by the name of T.
_EXACT_TYPES = {"string": "str", "integer": "int", "boolean": "bool"}


class _Compiler:
    """Generates one Python function per named schema, inlining the rest.

    `names` maps the schemas of this one compilation (kept alive in `keep`) to their functions by
    identity: a memo that lives only while compiling, not a cache.
    """

    def __init__(self, strict: bool, typos: bool) -> None:
        self.strict = strict
        self.typos = typos
        self.names: dict[int, str] = {}
        self.keep: list[Any] = []  # the schemas named, so their ids stay theirs
        self.sources: list[str] = []
        self.constants: dict[str, Any] = {"_isfinite": math.isfinite, "_MISSING": _MISSING}
        self.tables: list[str] = []  # constants mapping tags to function names, linked at build
        self.variables = 0
        self.inlining: set[int] = set()

    def function(self, schema: _schema.Schema) -> str:
        """The name of the function checking `schema`, generating it on first use."""
        name = self.names.get(id(schema))
        if name is not None:
            return name
        name = self.names[id(schema)] = f"_f{len(self.names)}"
        self.keep.append(schema)
        # Required fields are read by subscript, which is cheaper than `.get`: a missing one
        # raises KeyError, which means False (only exact dicts are ever subscripted).
        lines = [f"def {name}(v):", "    try:"]
        self.inlining.add(id(schema))
        self._body(schema, "v", 2, lines)
        self.inlining.discard(id(schema))
        lines += ["    except KeyError:", "        return False", "    return True"]
        self.sources.append("\n".join(lines))
        return name

    def _constant(self, value: Any) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def _variable(self) -> str:
        self.variables += 1
        return f"x{self.variables}"

    def _body(self, schema: _schema.Schema, v: str, depth: int, lines: list[str]) -> None:
        """Lines that `return False` unless the value in variable `v` fits `schema`."""
        pad = "    " * depth
        resolved = resolve(schema)
        if resolved is not schema:
            if id(resolved) in self.inlining:
                # Recursive: call the component's own function, so generation terminates.
                lines.append(f"{pad}if not {self.function(resolved)}({v}): return False")
            else:
                # Inlined: a function call costs more than most checks it would hold.
                self.inlining.add(id(resolved))
                self._body(resolved, v, depth, lines)
                self.inlining.discard(id(resolved))
            return
        for key in ("oneOf", "anyOf"):
            if key in schema:
                self._union(schema[key], v, depth, lines)
        if "enum" in schema:
            lines.append(f"{pad}if {v} not in {self._constant(list(schema['enum']))}: return False")
        kind = schema.get("type")
        if kind is None:
            if "maxLength" in schema and self.strict:
                # propertyNames in openapi.yaml: a length limit on whatever string it gets.
                limit = int(schema["maxLength"])
                lines.append(f"{pad}if isinstance({v}, str) and len({v}) > {limit}: return False")
            if any(key in schema for key in _TYPED_KEYWORDS if key != "maxLength"):
                # Keywords whose meaning depends on the value's type, with no type to narrow it
                # (openapi.yaml has none): leave it to the full check.
                lines.append(f"{pad}return False")
            return
        if not isinstance(kind, str) or kind not in _TYPE_TESTS:
            lines.append(f"{pad}return False")
            return
        lines.append(f"{pad}if not {_TYPE_TESTS[kind].format(v=v)}: return False")
        if kind == "string" and self.strict and "maxLength" in schema:
            lines.append(f"{pad}if len({v}) > {int(schema['maxLength'])}: return False")
        elif kind in ("integer", "number") and "minimum" in schema:
            lines.append(f"{pad}if {v} < {self._constant(schema['minimum'])}: return False")
        elif kind == "array" and "items" in schema:
            item = self._variable()
            lines.append(f"{pad}for {item} in {v}:")
            self._body(schema["items"], item, depth + 1, lines)
            lines.append(f"{pad}    pass")
        elif kind == "object":
            self._object(schema, v, depth, lines)

    def _union(self, branches: list[_schema.Schema], v: str, depth: int, lines: list[str]) -> None:
        pad = "    " * depth
        others = [branch for branch in branches if not _is_bare_null(branch)]
        if len(others) < len(branches):
            # A nullable value (`anyOf: [X, null]`): None fits, anything else must fit the rest.
            lines.append(f"{pad}if {v} is not None:")
            self._branches(branches, others, v, depth + 1, lines)
            lines.append(f"{pad}    pass")
        else:
            self._branches(branches, others, v, depth, lines)

    def _branches(
        self,
        branches: list[_schema.Schema],
        others: list[_schema.Schema],
        v: str,
        depth: int,
        lines: list[str],
    ) -> None:
        pad = "    " * depth
        if len(others) == 1:
            self._body(others[0], v, depth, lines)
            return
        if not others:
            lines.append(f"{pad}return False")
            return
        tests = " or ".join(f"{self.function(branch)}({v})" for branch in others)
        object_branches = [
            index
            for index, branch in enumerate(branches)
            if (kinds := _schema.json_types(branch)) is None or "object" in kinds
        ]
        tags = [_schema.type_constant(branches[index]) for index in object_branches]
        if len(object_branches) > 1 and None not in tags and len(set(tags)) == len(tags):
            # The full check picks an object's branch by its `type`, never by trial: do the same.
            table = self._constant(
                {
                    tag: self.function(branches[index])
                    for tag, index in zip(tags, object_branches, strict=True)
                }
            )
            self.tables.append(table)
            lines.append(f"{pad}if type({v}) is dict:")
            lines.append(f"{pad}    _t = {v}.get('type')")
            lines.append(f"{pad}    _t = {table}.get(_t) if type(_t) is str else None")
            lines.append(f"{pad}    if _t is None or not _t({v}): return False")
            lines.append(f"{pad}elif not ({tests}): return False")
        else:
            lines.append(f"{pad}if not ({tests}): return False")

    def _object(self, schema: _schema.Schema, v: str, depth: int, lines: list[str]) -> None:
        pad = "    " * depth
        properties: dict[str, _schema.Schema] = schema.get("properties", {})
        required = set(schema.get("required", []))
        for name in sorted(required - properties.keys()):
            lines.append(f"{pad}if {name!r} not in {v}: return False")
        if self.strict and "maxProperties" in schema:
            lines.append(f"{pad}if len({v}) > {int(schema['maxProperties'])}: return False")
        for name, prop in properties.items():
            exact = self._exact_type(prop) if name in required else None
            if exact is not None:
                # The most common field (a required string or integer) in one test, without a
                # variable: the hot path of every page of runs.
                lines.append(f"{pad}if type({v}[{name!r}]) is not {exact}: return False")
                continue
            item = self._variable()
            if name in required:
                lines.append(f"{pad}{item} = {v}[{name!r}]")  # KeyError: see function()
                self._body(prop, item, depth, lines)
            else:
                lines.append(f"{pad}{item} = {v}.get({name!r}, _MISSING)")
                lines.append(f"{pad}if {item} is not _MISSING:")
                self._body(prop, item, depth + 1, lines)
        extra = schema.get("additionalProperties")
        names = schema.get("propertyNames")
        typo_check = self.typos and properties and extra is None
        # Decoded JSON always has string keys, so the response check trusts them; a request
        # built in Python may not.
        if not (self.strict or names is not None or extra is False or typo_check) and not (
            isinstance(extra, dict)
        ):
            return
        key, item = self._variable(), self._variable()
        inner = pad + "    "
        lines.append(f"{pad}for {key}, {item} in {v}.items():")
        if self.strict:
            lines.append(f"{inner}if type({key}) is not str: return False")
        if names is not None:
            # Inlined, like every other check; in response mode it is often empty (a length
            # limit on keys, checked only on requests).
            self._body(names, key, depth + 1, lines)
        if properties:
            lines.append(f"{inner}if {key} in {self._constant(frozenset(properties))}: continue")
        if isinstance(extra, dict):
            self._body(extra, item, depth + 1, lines)
        elif extra is False or typo_check:
            # Not allowed, or perhaps a typo of a real field: the full check decides and says.
            lines.append(f"{inner}return False")
        lines.append(f"{inner}pass")

    def _exact_type(self, schema: _schema.Schema) -> str | None:
        """The name of the one Python type a value needs to fit `schema`, when nothing else is
        checked in this mode; None otherwise."""
        resolved = resolve(schema)
        kind = resolved.get("type")
        if not isinstance(kind, str) or kind not in _EXACT_TYPES:
            return None
        ignored = ANNOTATION_KEYWORDS | ({"type"} if self.strict else {"type", "maxLength"})
        if any(key not in ignored and not key.startswith("x-") for key in resolved):
            return None
        return _EXACT_TYPES[kind]

    def build(self, schema: _schema.Schema) -> Predicate:
        """Compile the generated source and return the function for `schema`."""
        entry = self.function(schema)
        namespace: dict[str, Any] = dict(self.constants)
        exec("\n\n".join(self.sources), namespace)  # our own generated source
        for table in self.tables:
            namespace[table] = {tag: namespace[name] for tag, name in namespace[table].items()}
        predicate: Predicate = namespace[entry]
        return predicate


def _is_bare_null(schema: _schema.Schema) -> bool:
    resolved = resolve(schema)
    return resolved.get("type") == "null" and not set(resolved) - {"type", "description"}


# Compiled checks by the schema's canonical JSON text and the mode: the same schema, however it
# was obtained, compiles once; a changed one never reuses a stale check.
_PREDICATES: dict[tuple[str, bool, bool], Predicate] = {}


def predicate(schema: _schema.Schema, *, strict: bool = False, typos: bool = False) -> Predicate:
    """A function telling quickly whether a value surely fits `schema` (see the module doc).

    Hot callers keep the function rather than calling this per value: the key costs a `json.dumps`.
    """
    key = (json.dumps(schema, sort_keys=True), strict, typos)
    compiled = _PREDICATES.get(key)
    if compiled is None:
        compiled = _PREDICATES[key] = _Compiler(strict, typos).build(schema)
    return compiled


def component_predicate(name: str, *, strict: bool = False, typos: bool = False) -> Predicate:
    """`predicate` of the component `name`, looked up by name and mode (no JSON text)."""
    key = (name, strict, typos)
    compiled = _BY_NAME.get(key)
    if compiled is None:
        compiled = _BY_NAME[key] = predicate(_schema.component(name), strict=strict, typos=typos)
    return compiled


_BY_NAME: dict[tuple[str, bool, bool], Predicate] = {}
