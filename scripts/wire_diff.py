"""The HTTP contract's changes between two openapi.yaml files, for the operations both describe.

Reads the two documents as data (no OpenAPI tool: the common ones refuse 3.1 or need Node) and
compares each operation's parameters, request body and responses, following `$ref`s. A field in
the form the corrections produce, `anyOf [X, {type: 'null'}]` (or `type: [X, 'null']`), is "X,
nullable", so a field removed or retyped in that form is seen like any other.

What a difference means depends on who reads the value. In a request the client writes it: a
narrower schema (fewer enum values or union variants, a field now required or no longer nullable)
breaks deployed clients, a wider one is additive. In a response the client reads it: a removed or
retyped property breaks them, and a wider schema (a new enum value or variant, null allowed) needs
review, since old clients must cope with values they have never seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from changes import Change, Level

Node = dict[str, Any]

_NULL: Node = {"type": "null"}
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Bounds compared as numbers: for each, whether a larger value admits more.
_BOUNDS = {
    "maxLength": True,
    "maxItems": True,
    "maxProperties": True,
    "maximum": True,
    "minLength": False,
    "minItems": False,
    "minProperties": False,
    "minimum": False,
}
# Response fields whose unknown contents openai_evals_runs keeps instead of rejecting: a run's
# data source is checked only when read, and one it does not know stays a raw dict (_parsing).
_TOLERANT = frozenset({("EvalRun", "data_source")})

# (direction, kind of difference) -> level. "narrowed"/"widened": the set of valid values shrank
# or grew; "changed": neither (string -> integer).
_LEVELS: dict[tuple[str, str], Level] = {
    ("request", "narrowed"): Level.BREAKING,
    ("request", "widened"): Level.ADDITIVE,
    ("request", "changed"): Level.BREAKING,
    ("request", "removed"): Level.BREAKING,
    ("request", "added optional"): Level.ADDITIVE,
    ("request", "added required"): Level.BREAKING,
    ("request", "now required"): Level.BREAKING,
    ("request", "now optional"): Level.ADDITIVE,
    ("response", "narrowed"): Level.PATCH,
    ("response", "widened"): Level.REVIEW,
    ("response", "changed"): Level.BREAKING,
    ("response", "removed"): Level.BREAKING,
    ("response", "added optional"): Level.ADDITIVE,
    ("response", "added required"): Level.ADDITIVE,
    ("response", "now required"): Level.PATCH,
    ("response", "now optional"): Level.BREAKING,
}


@dataclass(frozen=True)
class _View:
    """A schema as compared: its `$ref` name, types (None: any), nullability, enum, variants."""

    name: str | None
    schema: Node
    types: frozenset[str] | None
    nullable: bool
    enum: tuple[Any, ...] | None
    variants: dict[str, Node] | None


def _component(spec: Node, ref: str) -> tuple[str, Node]:
    kind, name = ref.split("/")[-2:]
    found: Node = spec.get("components", {}).get(kind, {}).get(name, {})
    return name, found


def _resolve(spec: Node, node: Node) -> tuple[str | None, Node]:
    name = None
    for _ in range(50):  # a chain of $refs; a loop of them is not a schema
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            break
        name, node = _component(spec, ref)
    return name, node if isinstance(node, dict) else {}


def _variant_key(spec: Node, branch: Node, index: int) -> str:
    """How a union variant is known across versions: its component name, else its `type`
    constant, else its position."""
    name, schema = _resolve(spec, branch)
    if name:
        return name
    kind = schema.get("properties", {}).get("type", {})
    values = kind.get("enum") or ([kind["const"]] if "const" in kind else [])
    return f"type {values[0]!r}" if len(values) == 1 else f"variant {index}"


def _view(spec: Node, node: Node) -> _View:
    name, schema = _resolve(spec, node)
    nullable = schema.get("nullable") is True
    variants: dict[str, Node] | None = None
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if not isinstance(branches, list):
            continue
        others = [branch for branch in branches if branch != _NULL]
        nullable = nullable or len(others) < len(branches)
        if len(others) == 1:  # `anyOf [X, null]`: X, nullable
            rest = {k: v for k, v in schema.items() if k != key}
            inner = _view(spec, others[0])
            merged = {**rest, **inner.schema} if rest else inner.schema
            return _View(
                inner.name or name,
                merged,
                inner.types,
                True,
                inner.enum,
                inner.variants,
            )
        variants = {_variant_key(spec, b, i): b for i, b in enumerate(others)}
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or [])
    if "null" in types:
        nullable = True
        types.discard("null")
    if "integer" in types and "number" in types:
        types.discard("integer")  # a number admits integers already
    enum = schema.get("enum")
    if isinstance(enum, list) and None in enum:
        nullable = True
    values = tuple(value for value in enum if value is not None) if isinstance(enum, list) else None
    return _View(name, schema, frozenset(types) or None, nullable, values, variants)


@dataclass
class _Diff:
    """One walk over two documents: where it is, and what it found."""

    old: Node
    new: Node
    changes: list[Change] = field(default_factory=list)
    seen: set[tuple[Any, ...]] = field(default_factory=set)

    def emit(self, at: _At, kind: str, what: str) -> None:
        level = _LEVELS[(at.direction, kind)]
        if level == Level.REVIEW:
            what += (
                "; openai_evals_runs copes (it keeps a data source it does not know as a dict)"
                if at.tolerant
                else "; older openai_evals_runs releases reject it (APIResponseValidationError):"
                " their users must upgrade"
            )
        self.changes.append(Change(level, "wire", at.where, what, (at.context,)))

    # -- schemas ----------------------------------------------------------------------------

    def schema(self, old_node: Node, new_node: Node, at: _At) -> None:
        old, new = _view(self.old, old_node), _view(self.new, new_node)
        if old.nullable != new.nullable:
            if new.nullable:
                self.emit(at, "widened", "may now be null")
            else:
                self.emit(at, "narrowed", "no longer admits null")
        self._types(old, new, at)
        self._enum(old, new, at)
        self._bounds(old.schema, new.schema, at)
        inner = at
        if new.name and old.name:
            key = (old.name, new.name, at.direction, at.tolerant, at.context)
            if key in self.seen:
                return
            self.seen.add(key)
            inner = at.into(new.name if new.name == old.name else f"{old.name} -> {new.name}")
        self._variants(old, new, at, inner)
        self._properties(old.schema, new.schema, inner)
        if isinstance(old.schema.get("items"), dict) and isinstance(new.schema.get("items"), dict):
            self.schema(old.schema["items"], new.schema["items"], inner.at(inner.where + "[]"))

    def _types(self, old: _View, new: _View, at: _At) -> None:
        if old.types == new.types:
            return
        shown = " | ".join(sorted(old.types or {"any"})), " | ".join(sorted(new.types or {"any"}))
        what = f"type {shown[0]} -> {shown[1]}"
        if new.types is None or (old.types is not None and old.types < new.types):
            self.emit(at, "widened", what)
        elif old.types is None or new.types < old.types:
            self.emit(at, "narrowed", what)
        else:
            self.emit(at, "changed", what)

    def _enum(self, old: _View, new: _View, at: _At) -> None:
        if old.enum == new.enum or (old.enum is not None and set(old.enum) == set(new.enum or ())):
            return
        if old.enum is None:
            self.emit(at, "narrowed", f"now limited to {_values(new.enum or ())}")
            return
        if new.enum is None:
            self.emit(at, "widened", f"no longer limited to {_values(old.enum)}")
            return
        added = [value for value in new.enum if value not in old.enum]
        removed = [value for value in old.enum if value not in new.enum]
        if added:
            self.emit(at, "widened", f"new enum value {_values(added)}")
        if removed:
            self.emit(at, "narrowed", f"enum value {_values(removed)} removed")

    def _bounds(self, old: Node, new: Node, at: _At) -> None:
        for key, larger_admits_more in _BOUNDS.items():
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            what = f"{key} {before if before is not None else '(none)'} -> "
            what += str(after if after is not None else "(none)")
            if before is None or after is None:
                wider = after is None
            else:
                wider = (after > before) == larger_admits_more
            self.emit(at, "widened" if wider else "narrowed", what)

    def _variants(self, old: _View, new: _View, at: _At, inner: _At) -> None:
        if old.variants is None or new.variants is None:
            return
        for key in old.variants.keys() - new.variants.keys():
            self.emit(at, "narrowed", f"union variant {key} removed")
        for key in new.variants.keys() - old.variants.keys():
            self.emit(at, "widened", f"new union variant {key}")
        for key in old.variants.keys() & new.variants.keys():
            self.schema(old.variants[key], new.variants[key], inner)

    def _properties(self, old: Node, new: Node, at: _At) -> None:
        before, after = old.get("properties"), new.get("properties")
        if not isinstance(before, dict) or not isinstance(after, dict):
            return
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name in before:
            field_at = at.at(f"{at.where}.{name}", tolerant=(at.where, name) in _TOLERANT)
            if name not in after:
                self.emit(field_at, "removed", "property removed")
                continue
            if name in old_required and name not in new_required:
                self.emit(field_at, "now optional", "no longer required (may be absent)")
            elif name in new_required and name not in old_required:
                self.emit(field_at, "now required", "now required")
            self.schema(before[name], after[name], field_at)
        for name in after.keys() - before.keys():
            field_at = at.at(f"{at.where}.{name}")
            if name in new_required:
                self.emit(field_at, "added required", "new required property")
            else:
                self.emit(field_at, "added optional", "new optional property")

    # -- operations ---------------------------------------------------------------------------

    def operation(self, label: str, old: Node, new: Node, shared: tuple[Node, Node]) -> None:
        self._parameters(label, old, new, shared)
        self._request_body(label, old.get("requestBody"), new.get("requestBody"))
        self._responses(label, old.get("responses", {}), new.get("responses", {}))

    def _parameters(self, label: str, old: Node, new: Node, shared: tuple[Node, Node]) -> None:
        def index(spec: Node, item: Node, op: Node) -> dict[tuple[str, str], Node]:
            found = {}
            for raw in [*item.get("parameters", []), *op.get("parameters", [])]:
                _, param = _resolve(spec, raw)
                found[(param.get("in", "?"), param.get("name", "?"))] = param
            return found

        before = index(self.old, shared[0], old)
        after = index(self.new, shared[1], new)
        context = f"request of {label}"
        for key in before.keys() | after.keys():
            where = f"{label} ?{key[1]}" if key[0] == "query" else f"{label} {key[0]} {key[1]}"
            at = _At(where, "request", context)
            if key not in after:
                self.emit(at, "removed", "parameter removed")
                continue
            if key not in before:
                required = after[key].get("required") is True
                kind = "added required" if required else "added optional"
                self.emit(at, kind, f"new {'required' if required else 'optional'} parameter")
                continue
            was, now = before[key].get("required") is True, after[key].get("required") is True
            if was != now:
                self.emit(
                    at,
                    "now required" if now else "now optional",
                    "now " + ("required" if now else "optional"),
                )
            self.schema(before[key].get("schema", {}), after[key].get("schema", {}), at)

    def _request_body(self, label: str, old: Any, new: Any) -> None:
        if not old and not new:
            return
        _, before = _resolve(self.old, old or {})
        _, after = _resolve(self.new, new or {})
        at = _At(f"{label} request body", "request", f"request of {label}")
        if not after:
            self.emit(at, "removed", "request body removed")
            return
        if not before:
            required = after.get("required") is True
            self.emit(at, "added required" if required else "added optional", "new request body")
            return
        if after.get("required") is True and before.get("required") is not True:
            self.emit(at, "now required", "now required")
        old_schema = _json_schema(before)
        new_schema = _json_schema(after)
        if old_schema is not None and new_schema is not None:
            self.schema(old_schema, new_schema, at.at(_ref_name(new_schema) or at.where))

    def _responses(self, label: str, old: Node, new: Node) -> None:
        for code in sorted(old.keys() | new.keys(), key=str):
            at = _At(f"{label} {code}", "response", f"{label} {code}")
            if code not in new:
                self.changes.append(Change(Level.PATCH, "wire", at.where, "response removed"))
                continue
            if code not in old:
                self.changes.append(
                    Change(Level.REVIEW, "wire", at.where, "new response: clients must handle it")
                )
                continue
            before = _json_schema(_resolve(self.old, old[code])[1])
            after = _json_schema(_resolve(self.new, new[code])[1])
            if before is None or after is None:
                if before != after:
                    self.emit(at, "changed", "JSON body added or removed")
                continue
            self.schema(before, after, at.at(_ref_name(after) or at.where))


@dataclass(frozen=True)
class _At:
    """Where the walk is: a readable place, who writes the value, and the operation seen from."""

    where: str
    direction: str  # "request" or "response"
    context: str
    tolerant: bool = False

    def at(self, where: str, tolerant: bool = False) -> _At:
        return _At(where, self.direction, self.context, self.tolerant or tolerant)

    def into(self, component: str) -> _At:
        return self.at(component)


def _ref_name(node: Node) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _json_schema(message: Node) -> Node | None:
    schema = message.get("content", {}).get("application/json", {}).get("schema")
    return schema if isinstance(schema, dict) else None


def _values(values: Any) -> str:
    return ", ".join(repr(value) for value in values)


def _operations(spec: Node) -> dict[str, tuple[str, Node, Node]]:
    """operationId -> (label "GET /path", the operation, its path item)."""
    found = {}
    for path, item in spec.get("paths", {}).items():
        for method in _HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict) and "operationId" in op:
                found[op["operationId"]] = (f"{method.upper()} {path}", op, item)
    return found


def diff(old: Node, new: Node) -> list[Change]:
    """Every difference between two OpenAPI documents (parsed) that a client could notice."""
    walk = _Diff(old, new)
    before, after = _operations(old), _operations(new)
    for op_id in before.keys() - after.keys():
        label = before[op_id][0]
        walk.changes.append(Change(Level.BREAKING, "wire", label, f"operation {op_id} removed"))
    for op_id in after.keys() - before.keys():
        label = after[op_id][0]
        walk.changes.append(Change(Level.ADDITIVE, "wire", label, f"new operation {op_id}"))
    for op_id in sorted(before.keys() & after.keys()):
        label, old_op, old_item = before[op_id]
        new_label, new_op, new_item = after[op_id]
        if new_label != label:
            walk.changes.append(Change(Level.BREAKING, "wire", label, f"moved to {new_label}"))
        walk.operation(label, old_op, new_op, (old_item, new_item))
    return walk.changes
