"""Rebuild openapi.yaml from the official OpenAI spec and spec/corrections.yaml.

Usage: python scripts/update_spec.py UPSTREAM [--check]
       (make update-spec UPSTREAM=path/to/openapi.yaml)

UPSTREAM is the official openapi.yaml of github.com/openai/openai-openapi: the whole file (hundreds
of operations) or any subset of it that holds our operations, such as spec/upstream.yaml. Steps:

1. Extract the operations named in spec/corrections.yaml (`operations:`) and everything they
   reference, transitively, unedited. Written to spec/upstream.yaml, so a review sees what changed
   upstream, and the build can be replayed without the big file.
2. Apply the corrections, in order: `drop_everywhere` (keys removed wherever they occur),
   `lift_descriptions` (a field's description out of its `anyOf [X, null]`), then each entry of
   `corrections` (nullable, hoist, any_of, replace, define, set, delete). A correction whose
   target is gone or that has become a no-op fails the run, naming it: nothing is skipped
   silently.
3. Keep only the components the operations still reach (free-form tools drop the official tool
   union and its closure), check every `$ref` resolves and the result is valid OpenAPI 3.1, and
   write openapi.yaml in one canonical YAML form (same input, same bytes).

With --check nothing is written: the exit status is 1 (with a diff) when openapi.yaml or
spec/upstream.yaml would change.
"""

from __future__ import annotations

import copy
import difflib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CORRECTIONS = ROOT / "spec" / "corrections.yaml"
UPSTREAM_COPY = ROOT / "spec" / "upstream.yaml"

Node = dict[str, Any]

# Keys whose value maps names to schemas: their keys are names, never keywords.
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
# What is not part of a schema's shape (compared when two inline objects become one component).
_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "summary"})
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NULL: Node = {"type": "null"}


class SpecError(Exception):
    """The upstream file, a correction or the result is not what this script can work with."""


# -- YAML in and out ------------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    """Parse a YAML file (the C loader when PyYAML has it: the official file is large)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=loader)  # a safe loader (C or pure Python)


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, multi-line strings as `|` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any, header: str) -> str:
    """The canonical text of `data`: `header` (comment lines), then the YAML, keys in order."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + body


# -- references -----------------------------------------------------------------------------------


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict):  # mapping values are references too
            yield from (v for v in discriminator.get("mapping", {}).values() if v.startswith("#/"))
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _component_of(ref: str) -> tuple[str, str]:
    parts = ref.split("/")
    if len(parts) != 4 or parts[:2] != ["#", "components"]:
        raise SpecError(f"unsupported $ref {ref!r} (only #/components/<kind>/<name>)")
    return parts[2], parts[3]


def _closure(document: Node, roots: list[Any]) -> list[tuple[str, str]]:
    """Every component reachable from `roots`, in order of discovery; raises on a dangling ref."""
    components = document.get("components", {})
    seen: dict[tuple[str, str], None] = {}
    stack = list(reversed(roots))
    while stack:
        for ref in _refs(stack.pop()):
            key = _component_of(ref)
            if key in seen:
                continue
            kind, name = key
            if name not in components.get(kind, {}):
                raise SpecError(f"$ref {ref!r} does not resolve")
            seen[key] = None
            stack.append(components[kind][name])
    return list(seen)


def _security_schemes(document: Node, operations: list[Node]) -> set[str]:
    names: set[str] = set()
    for requirement_list in [document.get("security", [])] + [
        op.get("security", []) for op in operations
    ]:
        for requirement in requirement_list:
            names.update(requirement)
    return names


def _subset(document: Node, paths: Node) -> Node:
    """`document` with only `paths` and the components, tags and schemes they use."""
    operations = [
        op for item in paths.values() for method, op in item.items() if method in _HTTP_METHODS
    ]
    used = _closure(document, [paths])
    schemes = _security_schemes(document, operations)
    tags = {tag for op in operations for tag in op.get("tags", [])}
    out: Node = {}
    for key, value in document.items():
        if key == "paths":
            out["paths"] = paths
        elif key == "tags":
            out["tags"] = [tag for tag in value if tag.get("name") in tags]
        elif key == "components":
            components: Node = {}
            for kind, entries in value.items():
                if kind == "securitySchemes":
                    keep = {name: entries[name] for name in entries if name in schemes}
                else:
                    keep = {name: entries[name] for name in sorted(entries) if (kind, name) in used}
                if keep:
                    components[kind] = keep
            out["components"] = components
        elif key in ("openapi", "info", "servers", "security", "externalDocs"):
            out[key] = value
    return out


def extract(upstream: Node, operation_ids: list[str]) -> Node:
    """The operations `operation_ids` of `upstream` and everything they reference, unedited.

    Other operations, paths, webhooks and unreferenced components are left out. Raises SpecError
    when an operation is missing (renamed upstream?) or a reference does not resolve.
    """
    wanted = set(operation_ids)
    paths: Node = {}
    for path, item in upstream.get("paths", {}).items():
        kept = {
            key: value
            for key, value in item.items()
            if key not in _HTTP_METHODS or value.get("operationId") in wanted
        }
        if any(method in kept for method in _HTTP_METHODS):
            paths[path] = copy.deepcopy(kept)
    found = {
        op["operationId"]
        for item in paths.values()
        for method, op in item.items()
        if method in _HTTP_METHODS
    }
    missing = [op for op in operation_ids if op not in found]
    if missing:
        raise SpecError(f"operations not found upstream: {', '.join(missing)}")
    return copy.deepcopy(_subset(upstream, paths))


# -- corrections ----------------------------------------------------------------------------------


class _Correction:
    """One entry of `corrections:`, with what it needs to say where it failed."""

    def __init__(self, index: int, entry: Node) -> None:
        self.index = index
        self.entry = entry
        self.do: str = str(entry.get("do", "?"))
        self.at: str = str(entry.get("at", entry.get("name", "?")))
        self.why: str = str(entry.get("why", ""))

    def fail(self, problem: str) -> SpecError:
        return SpecError(
            f"correction #{self.index} ({self.do} {self.at}: {self.why!r}) "
            f"no longer applies: {problem}"
        )

    def arg(self, name: str) -> Any:
        if name not in self.entry:
            raise self.fail(f"it needs `{name}:`")
        return self.entry[name]


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _locate(document: Node, target: str) -> tuple[Any, str | int]:
    """The container of `target` and its key there.

    `target` is `SchemaName/...` (in components/schemas), `operationId/...`, or a JSON pointer
    `#/...`; list items are numbers: `EvalRun/properties/error`, `Metadata/anyOf/0`.
    """
    if target.startswith("#/"):
        parts = [_unescape(part) for part in target[2:].split("/")]
        node: Any = document
    else:
        first, _, rest = target.partition("/")
        parts = [part for part in rest.split("/") if part] if rest else []
        schemas = document.get("components", {}).get("schemas", {})
        operations = {
            op.get("operationId"): op
            for item in document.get("paths", {}).values()
            for method, op in item.items()
            if method in _HTTP_METHODS
        }
        if first in schemas:
            node, parts = schemas, [first, *parts]
        elif first in operations:
            if not parts:
                raise KeyError(f"{target!r} names a whole operation")
            node = operations[first]
        else:
            raise KeyError(f"no schema or operation named {first!r}")
    for depth, part in enumerate(parts[:-1]):
        node = _step(node, part, "/".join(parts[: depth + 1]))
    last = parts[-1]
    if isinstance(node, list):
        return node, _index(node, last, target)
    if not isinstance(node, dict):
        raise KeyError(f"{target!r}: {parts[-2] if len(parts) > 1 else target!r} is not an object")
    return node, last


def _index(node: list[Any], part: str, where: str) -> int:
    if not part.isdigit() or int(part) >= len(node):
        raise KeyError(f"{where!r}: no item {part} in a list of {len(node)}")
    return int(part)


def _step(node: Any, part: str, where: str) -> Any:
    if isinstance(node, list):
        return node[_index(node, part, where)]
    if isinstance(node, dict) and part in node:
        return node[part]
    raise KeyError(f"{where!r} does not exist")


def _get(document: Node, target: str, correction: _Correction) -> tuple[Any, str | int, Any]:
    try:
        parent, key = _locate(document, target)
    except KeyError as error:
        raise correction.fail(str(error).strip("\"'")) from None
    if isinstance(parent, dict) and key not in parent:
        raise correction.fail(f"{target!r} does not exist")
    return parent, key, parent[key]


def _admits_null(node: Node) -> bool:
    types = node.get("type")
    if types == "null" or (isinstance(types, list) and "null" in types):
        return True
    if node.get("nullable") is True:
        return True
    return any(_NULL in node.get(key, []) for key in ("anyOf", "oneOf"))


def _replace_in_place(parent: Any, key: str | int, value: Any) -> None:
    parent[key] = value


def _rename_key(mapping: Node, old: str, new: str) -> Node:
    return {new if key == old else key: value for key, value in mapping.items()}


def shape(node: Any, names: bool = False) -> Any:
    """`node` without annotations (description, title, examples, x-*): what a validator checks.

    Inside `properties` the keys are field names and are all kept (a field may be called
    `description`).
    """
    if isinstance(node, dict):
        return {
            key: shape(value, names=not names and key in _NAME_MAPS)
            for key, value in node.items()
            if names or (key not in _ANNOTATIONS and not key.startswith("x-"))
        }
    if isinstance(node, list):
        return [shape(value) for value in node]
    return node


def _nullable(document: Node, c: _Correction) -> None:
    parent, key, node = _get(document, c.at, c)
    if not isinstance(node, dict):
        raise c.fail(f"{c.at!r} is not a schema")
    if _admits_null(node):
        raise c.fail(f"{c.at!r} already admits null upstream: remove this correction")
    inner = {k: v for k, v in node.items() if k != "description"}
    wrapped: Node = {"anyOf": [inner, dict(_NULL)]}
    if "description" in node:
        wrapped["description"] = node["description"]
    _replace_in_place(parent, key, wrapped)


def _hoist(document: Node, c: _Correction) -> None:
    name = c.arg("as")
    parent, key, node = _get(document, c.at, c)
    if not isinstance(node, dict) or "$ref" in node:
        raise c.fail(f"{c.at!r} is not an inline schema any more")
    schemas = document["components"]["schemas"]
    if name in schemas:
        if shape(schemas[name]) != shape(node):
            raise c.fail(
                f"{c.at!r} no longer has the shape of the component {name} it was merged into"
            )
    else:
        schemas[name] = node
    _replace_in_place(parent, key, {"$ref": f"#/components/schemas/{name}"})


def _any_of(document: Node, c: _Correction) -> None:
    parent, key, node = _get(document, c.at, c)
    if not isinstance(node, dict) or "oneOf" not in node:
        raise c.fail(f"{c.at!r} has no oneOf")
    _replace_in_place(parent, key, _rename_key(node, "oneOf", "anyOf"))


def _replace(document: Node, c: _Correction) -> None:
    parent, key, node = _get(document, c.at, c)
    if "was" in c.entry and node != c.entry["was"]:
        raise c.fail(f"{c.at!r} is no longer {c.entry['was']!r} upstream but {node!r}")
    _replace_in_place(parent, key, copy.deepcopy(c.arg("with")))


def _define(document: Node, c: _Correction) -> None:
    name = c.arg("name")
    schemas = document["components"]["schemas"]
    if name in schemas:
        raise c.fail(f"upstream now defines a component {name}")
    schemas[name] = copy.deepcopy(c.arg("schema"))


def _set(document: Node, c: _Correction) -> None:
    _, _, node = _get(document, c.at, c)
    values = c.arg("values")
    if not isinstance(node, dict) or not isinstance(values, dict):
        raise c.fail(f"{c.at!r} is not an object")
    for key, value in values.items():
        if node.get(key) == value:
            raise c.fail(f"upstream already has {key}: {value!r} at {c.at!r}: remove it here")
        node[key] = copy.deepcopy(value)


def _delete(document: Node, c: _Correction) -> None:
    parent, key, _ = _get(document, c.at, c)
    del parent[key]


_OPERATIONS: dict[str, Callable[[Node, _Correction], None]] = {
    "nullable": _nullable,
    "hoist": _hoist,
    "any_of": _any_of,
    "replace": _replace,
    "define": _define,
    "set": _set,
    "delete": _delete,
}


def _drop_everywhere(node: Any, keys: frozenset[str], found: dict[str, int], names: bool) -> Any:
    if isinstance(node, dict):
        out: Node = {}
        for key, value in node.items():
            if not names and key in keys:
                found[key] += 1
                continue
            out[key] = _drop_everywhere(value, keys, found, not names and key in _NAME_MAPS)
        return out
    if isinstance(node, list):
        return [_drop_everywhere(value, keys, found, False) for value in node]
    return node


def _lift_descriptions(node: Any, names: bool = False) -> int:
    """Move the description of the non-null branch of a field's `anyOf [X, null]` to the field."""
    lifted = 0
    if isinstance(node, dict):
        if names:
            for field in node.values():
                lifted += _lift_field_description(field)
        for key, value in node.items():
            lifted += _lift_descriptions(value, names=not names and key in _NAME_MAPS)
    elif isinstance(node, list):
        lifted += sum(_lift_descriptions(value) for value in node)
    return lifted


def _lift_field_description(field: Any) -> int:
    if not isinstance(field, dict) or "description" in field:
        return 0
    for key in ("anyOf", "oneOf"):
        branches = field.get(key)
        if not isinstance(branches, list) or len(branches) != 2 or _NULL not in branches:
            continue
        other = branches[1 - branches.index(_NULL)]
        if isinstance(other, dict) and "description" in other:
            field["description"] = other.pop("description")
            return 1
    return 0


def apply_corrections(subset: Node, corrections: Node) -> Node:
    """`subset` (what `extract` returned) with every correction applied and unused parts pruned."""
    document = copy.deepcopy(subset)
    # Clean-ups for the API's definitions only: `info` keeps its (required) title.
    drop = corrections.get("drop_everywhere", {})
    found = dict.fromkeys(drop, 0)
    for part in ("paths", "components"):
        document[part] = _drop_everywhere(document[part], frozenset(drop), found, False)
    unused = [key for key, count in found.items() if count == 0]
    if unused:
        raise SpecError(
            f"drop_everywhere: {', '.join(unused)} no longer occurs upstream: remove it"
        )
    if corrections.get("lift_descriptions") and not _lift_descriptions(document["components"]):
        raise SpecError("lift_descriptions: no field needs it any more: remove it")
    for index, entry in enumerate(corrections.get("corrections", []), start=1):
        if not isinstance(entry, dict):
            raise SpecError(f"correction #{index} is not a mapping: {entry!r}")
        correction = _Correction(index, entry)
        if not correction.why:
            raise correction.fail("every correction needs a `why:`")
        run = _OPERATIONS.get(correction.do)
        if run is None:
            raise correction.fail(f"unknown operation; known: {', '.join(_OPERATIONS)}")
        run(document, correction)
    return _subset(document, document["paths"])


# -- the whole run --------------------------------------------------------------------------------


def _validate(document: Node) -> None:
    try:
        from openapi_spec_validator import validate
    except ImportError:  # a development dependency; the tests run it in any case
        return
    try:
        validate(document)
    except Exception as error:
        raise SpecError(f"the corrected spec is not valid OpenAPI: {error}") from None


def _upstream_header(version: str) -> str:
    return (
        "The official OpenAI definitions openapi.yaml is built from: the operations listed in\n"
        "spec/corrections.yaml and every component they reference, as in the official\n"
        f"openapi.yaml of github.com/openai/openai-openapi (info.version {version}), unedited.\n"
        "Written by `make update-spec UPSTREAM=...`: do not edit by hand."
    )


def _spec_header(version: str) -> str:
    return (
        "openai-evals-runs: the spec this SDK is generated from (OpenAI Evals runs).\n"
        "\n"
        "Built by `make update-spec` (scripts/update_spec.py) from the official definitions\n"
        f"(spec/upstream.yaml, info.version {version}) and the corrections in\n"
        "spec/corrections.yaml, which lists every difference from upstream and why.\n"
        "Do not edit by hand: change spec/corrections.yaml and run\n"
        "`make update-spec UPSTREAM=spec/upstream.yaml`, then `make generate`."
    )


def build(upstream: Node, corrections: Node) -> tuple[str, str]:
    """The texts of spec/upstream.yaml and openapi.yaml for an upstream spec (already parsed)."""
    operations = corrections.get("operations")
    if not operations:
        raise SpecError("spec/corrections.yaml names no `operations:`")
    subset = extract(upstream, operations)
    version = str(subset.get("info", {}).get("version", "unknown"))
    spec = apply_corrections(subset, corrections)
    _validate(spec)
    return dump_yaml(subset, _upstream_header(version)), dump_yaml(spec, _spec_header(version))


def build_from_files(upstream: Path, corrections: Path = CORRECTIONS) -> tuple[str, str]:
    """`build` for an upstream file and a corrections file."""
    data = load_yaml(upstream)
    if not isinstance(data, dict) or "paths" not in data:
        raise SpecError(f"{upstream} is not an OpenAPI document")
    return build(data, load_yaml(corrections))


def _diff(path: Path, new: str) -> list[str]:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    return list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{path.relative_to(ROOT)} (checked in)",
            tofile=f"{path.relative_to(ROOT)} (rebuilt)",
        )
    )


def main(argv: list[str]) -> int:
    """Command-line entry: rebuild (or with --check compare) openapi.yaml and spec/upstream.yaml."""
    check = "--check" in argv
    args = [arg for arg in argv if arg != "--check"]
    if len(args) != 1:
        sys.stderr.write(__doc__ or "")
        return 2
    upstream = Path(args[0])
    if not upstream.is_file():
        sys.stderr.write(f"update_spec: no such file: {upstream}\n")
        return 2
    try:
        upstream_text, spec_text = build_from_files(upstream)
    except SpecError as error:
        sys.stderr.write(f"update_spec: {error}\n")
        return 1
    outputs = [(UPSTREAM_COPY, upstream_text), (SPEC, spec_text)]
    if check:
        lines = [line for path, text in outputs for line in _diff(path, text)]
        sys.stderr.writelines(lines)
        if lines:
            sys.stderr.write("openapi.yaml is not what `make update-spec` builds.\n")
            return 1
        print("openapi.yaml and spec/upstream.yaml are up to date")
        return 0
    for path, text in outputs:
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{'wrote' if changed else 'unchanged'} {path.relative_to(ROOT)}")
    print("next: `make generate`, review `git diff`, `make test`")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
