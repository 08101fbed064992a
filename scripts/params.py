"""Request TypedDicts from openapi.yaml: `openai_evals_runs_api/params.py` (see generate.py).

One TypedDict per object component the create body reaches (`<Component>Param`, required fields
`Required[...]`), one alias per union, Literal types for enums; free-form parts (an object with no
properties, or `additionalProperties: true`) are `dict[str, Any]`. Written in dependency order,
so every alias names only what is already defined. A schema shape this step does not know stops
the generation, naming where: the types can never fall silently behind the spec.
"""

from __future__ import annotations

import keyword
from typing import Any

HEADER = '''"""Request TypedDicts of `runs.create`, from openapi.yaml by scripts/params.py.

Do not edit: `make generate` writes this file. Import the public names from
`openai_evals_runs.types`.
"""

from __future__ import annotations

from typing import Any, Literal, Required, TypeAlias, TypedDict
'''

ROOT_COMPONENT = "CreateEvalRunRequest"


def _ref_name(schema: dict[str, Any]) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


class _Writer:
    def __init__(self, components: dict[str, dict[str, Any]]) -> None:
        self.components = components
        self.done: set[str] = set()
        self.blocks: list[str] = []

    def component(self, name: str) -> str:
        """The Python type of component `name`, written (with what it needs) on first use."""
        schema = self.components[name]
        if name not in self.done:
            self.done.add(name)
            self._define(name, schema)
        return f"{name}Param"

    def annotation(self, schema: dict[str, Any], where: str) -> str:
        """The Python type of an inline schema."""
        if "$ref" in schema:
            return self.component(_ref_name(schema))
        branches = schema.get("oneOf") or schema.get("anyOf")
        if branches:
            parts = [self.annotation(branch, f"{where}/{i}") for i, branch in enumerate(branches)]
            return " | ".join(dict.fromkeys(parts))
        if "enum" in schema:
            return f"Literal[{', '.join(repr(value) for value in schema['enum'])}]"
        kind = schema.get("type")
        scalar = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
        if kind in scalar:
            return scalar[kind]
        if kind == "null":
            return "None"
        if kind == "array":
            return f"list[{self.annotation(schema.get('items', {}), f'{where}/items')}]"
        if kind == "object":
            extra = schema.get("additionalProperties")
            if schema.get("properties"):
                raise SystemExit(f"{where}: an inline object with properties; make it a component")
            if isinstance(extra, dict):
                return f"dict[str, {self.annotation(extra, f'{where}/additionalProperties')}]"
            return "dict[str, Any]"
        raise SystemExit(f"{where}: no Python type for schema {sorted(schema)}")

    def _define(self, name: str, schema: dict[str, Any]) -> None:
        where = f"#/components/schemas/{name}"
        doc = " ".join(str(schema.get("description", name)).split())
        if schema.get("properties") and not (schema.get("oneOf") or schema.get("anyOf")):
            fields = []
            required = set(schema.get("required", []))
            for field, sub in schema["properties"].items():
                if not field.isidentifier() or keyword.iskeyword(field):
                    raise SystemExit(f"{where}: field {field!r} is not a Python name")
                kind = self.annotation(sub, f"{where}/properties/{field}")
                kind = f"Required[{kind}]" if field in required else kind
                text = " ".join(str(sub.get("description", "")).split())
                fields.append(
                    f"    {field}: {kind}\n" + (f'    """{_doc(text)}"""\n' if text else "")
                )
            self.blocks.append(
                f"class {name}Param(TypedDict, total=False):\n"
                f'    """{_doc(doc)}"""\n\n' + "\n".join(fields)
            )
            return
        kind = self.annotation({key: v for key, v in schema.items() if key != "description"}, where)
        self.blocks.append(f'{name}Param: TypeAlias = {kind}\n"""{_doc(doc)}"""\n')


def _doc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', "'''").rstrip('"')


def render(spec: dict[str, Any]) -> str:
    """The source of `params.py` for `spec` (the parsed openapi.yaml)."""
    writer = _Writer(spec["components"]["schemas"])
    writer.component(ROOT_COMPONENT)
    names = "".join(f"    {name + 'Param'!r},\n" for name in sorted(writer.done))
    exports = f"__all__ = [\n{names}]\n"
    return HEADER + "\n" + exports + "\n\n" + "\n\n".join(writer.blocks)
