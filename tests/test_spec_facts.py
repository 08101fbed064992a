"""The spec owns its facts: the hand-written layer must agree with openapi.yaml.

Statuses, orders, data-source variants, run fields and list parameters are copied nowhere by these
tests: each is read from the spec and compared with what the package does or declares, through
its public behaviour and introspection only (signatures, `KNOWN_STATUSES`, `DataSource`, the
`EvalRun` class), so they hold whatever the inside looks like. When upstream removes a field that
`EvalRun` declares, it is a test here that fails, not a user's code.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from scripted_server import run_body

import openai_evals_runs
from openai_evals_runs import AsyncClient, Client, EvalRun, InvalidRequestError
from openai_evals_runs.testing import FakeEvalsServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
python_api = importlib.import_module("python_api")

SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
RUNS = SPEC["paths"]["/evals/{eval_id}/runs"]
LIST_PARAMETERS = {param["name"]: param for param in RUNS["get"]["parameters"]}
# EvalRun's own conveniences: derived from fields, not fields themselves. A property not listed
# here must be a field of EvalRun in the spec.
DERIVED = frozenset({"is_finished", "data_source_type"})
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _enum(parameter: str) -> list[str]:
    values: list[str] = LIST_PARAMETERS[parameter]["schema"]["enum"]
    return values


def _name(ref: dict[str, Any]) -> str:
    return str(ref["$ref"]).rsplit("/", 1)[-1]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[_name(schema)]
    return schema


def _minimal(schema: dict[str, Any]) -> Any:
    """The smallest valid value of `schema`: required fields only, first branch of a union."""
    schema = _resolve(schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return _minimal(next(b for b in schema[key] if b != {"type": "null"}))
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _minimal(properties[name]) for name in schema.get("required", [])}
    return {"string": "x", "integer": 1, "number": 1.0, "boolean": True, "array": []}[kind]


# -- enums ---------------------------------------------------------------------------------------


def test_known_statuses_are_the_spec_s() -> None:
    assert tuple(openai_evals_runs.KNOWN_STATUSES) == tuple(_enum("status"))


@pytest.mark.parametrize("parameter", ["status", "order"])
def test_runs_list_takes_every_value_the_spec_lists_and_no_other(
    client: Client, eval_id: str, parameter: str
) -> None:
    for value in _enum(parameter):
        client.runs.list(eval_id, **{parameter: value})  # accepted by the client and the server
    with pytest.raises(InvalidRequestError) as refused:
        client.runs.list(eval_id, **{parameter: "not-a-" + parameter})
    for value in _enum(parameter):
        assert repr(value) in str(refused.value)  # the message offers exactly the spec's values


def test_is_finished_answers_for_every_status_and_never_for_an_unknown_one() -> None:
    finished = {s for s in _enum("status") if EvalRun.from_dict(run_body(status=s)).is_finished}
    assert finished and finished < set(_enum("status"))  # some final, some not
    assert not EvalRun.from_dict(run_body(status="paused-by-a-later-api")).is_finished


# -- data sources --------------------------------------------------------------------------------


def test_the_data_source_variants_are_the_spec_s() -> None:
    known = {cls.__name__ for cls in typing.get_args(openai_evals_runs.DataSource)}
    assert known == {_name(ref) for ref in SCHEMAS["EvalRunDataSource"]["oneOf"]}


@pytest.mark.parametrize("variant", [_name(ref) for ref in SCHEMAS["EvalRunDataSource"]["oneOf"]])
def test_the_parser_types_every_variant_of_the_spec(variant: str) -> None:
    run = EvalRun.from_dict(run_body(data_source=_minimal(SCHEMAS[variant])))
    assert type(run.data_source).__name__ == variant
    assert run.data_source_type == _minimal(SCHEMAS[variant])["type"]


def test_a_variant_the_spec_does_not_list_stays_raw() -> None:
    source = {"type": "from-a-later-api", "anything": [1, 2]}
    assert EvalRun.from_dict(run_body(data_source=source)).data_source == source


# -- run fields ----------------------------------------------------------------------------------


def _declared_fields() -> dict[str, str]:
    """EvalRun's fields (conveniences aside) and the type each reads as, as written: properties
    with their return annotation, other descriptors with their class annotation (a private
    wrapper such as `_Lazy[X]` unwrapped to `X`)."""
    annotations = inspect.get_annotations(EvalRun)
    found = {}
    for name, member in vars(EvalRun).items():
        if name.startswith("_") or name in DERIVED:
            continue
        if type(member) is property:  # a plain one; a property subclass is a descriptor below
            annotation: Any = inspect.get_annotations(member.fget)["return"]
        elif isinstance(member, types.MemberDescriptorType):
            continue  # a slot: the run's own state (request_id), not a field of the JSON
        elif hasattr(type(member), "__get__") and not callable(member) and name in annotations:
            annotation = annotations[name]
        else:
            continue  # a method
        text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
        wrapped = re.fullmatch(r"_\w+\[(.*)\]", text)
        found[name] = wrapped.group(1) if wrapped else text
    return found


def _compatible(annotation: str, schema: dict[str, Any]) -> list[str]:
    """What of `schema` the annotation does not admit (empty when compatible)."""
    members = python_api.members(annotation)
    problems = []
    branches = schema.get("anyOf", [schema])
    if {"type": "null"} in branches and "None" not in members:
        problems.append("the spec admits null")
    for branch in (b for b in branches if b != {"type": "null"}):
        target = _resolve(branch)
        kind = target.get("type")
        if "$ref" in branch and (target.get("properties") or "oneOf" in target):
            union = _name(branch) in members or "DataSource" in members
            if not union and not any(_name(branch) in member for member in members):
                problems.append(f"the spec says {_name(branch)}")
        elif kind in _PRIMITIVES and _PRIMITIVES[kind] not in members:
            problems.append(f"the spec says {kind}")
        elif kind == "array" and not any(m.startswith("list[") for m in members):
            problems.append("the spec says array")
        elif kind == "object" and not any(m.startswith("dict[") for m in members):
            problems.append("the spec says object")
    return problems


def test_every_declared_run_field_is_in_the_spec_with_a_compatible_type() -> None:
    declared = _declared_fields()
    assert {"id", "status", "model", "result_counts", "data_source"} <= declared.keys()
    spec = SCHEMAS["EvalRun"]["properties"]
    missing = sorted(declared.keys() - spec.keys())
    assert missing == [], f"EvalRun declares fields the spec no longer has: {missing}"
    problems = {
        name: found
        for name, annotation in declared.items()
        if (found := _compatible(annotation, spec[name]))
    }
    assert problems == {}


def test_the_type_check_catches_a_retyped_field() -> None:
    counts = {"type": "integer"}
    assert _compatible("int", counts) == []
    assert _compatible("str", counts) == ["the spec says integer"]
    nullable = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert _compatible("str", nullable) == ["the spec admits null"]
    assert _compatible("str | None", nullable) == []


# -- parameters ----------------------------------------------------------------------------------


def _signatures() -> dict[str, inspect.Signature]:
    where = {"api_key": "sk-test", "base_url": "http://127.0.0.1:9/v1"}
    sync, async_ = Client(**where), AsyncClient(**where)
    try:
        return {
            "runs.list": inspect.signature(sync.runs.list),
            "runs.with_raw_response.list": inspect.signature(sync.runs.with_raw_response.list),
            "async runs.list": inspect.signature(async_.runs.list),
            "runs.create": inspect.signature(sync.runs.create),
            "async runs.create": inspect.signature(async_.runs.create),
        }
    finally:
        sync.close()


def test_runs_list_offers_every_parameter_of_the_spec() -> None:
    for where, signature in _signatures().items():
        if where.endswith("create"):
            continue
        missing = sorted(LIST_PARAMETERS.keys() - signature.parameters.keys())
        assert missing == [], f"{where} lacks {missing}"


def test_runs_create_offers_every_request_field_of_the_spec() -> None:
    body = _resolve(RUNS["post"]["requestBody"]["content"]["application/json"]["schema"])
    for where, signature in _signatures().items():
        if where.endswith("create"):
            missing = sorted(body["properties"].keys() - signature.parameters.keys())
            assert missing == [], f"{where} lacks {missing}"


# -- the local server ----------------------------------------------------------------------------


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    # An independent check (jsonschema), not the package's own validator: the root holds the
    # components so every `#/components/...` reference resolves.
    return jsonschema.Draft202012Validator({**schema, "components": SPEC["components"]})


def _response_schema(method: str, status: int) -> dict[str, Any] | None:
    answer = RUNS[method]["responses"].get(str(status))
    if answer is None:
        return None
    while "$ref" in answer:
        answer = SPEC["components"]["responses"][_name(answer)]
    schema: dict[str, Any] | None = (
        answer.get("content", {}).get("application/json", {}).get("schema")
    )
    return schema


def test_the_local_server_answers_what_the_spec_says() -> None:
    checked = 0
    with FakeEvalsServer() as server:
        eval_id = server.create_eval(name="spec")
        headers = {"Authorization": f"Bearer {server.api_key}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=5.0) as http:
            answers = []
            for ref in SCHEMAS["CreateEvalRunDataSource"]["oneOf"]:
                source = _minimal(SCHEMAS[_name(ref)])
                answers.append(
                    ("post", http.post(f"/evals/{eval_id}/runs", json={"data_source": source}))
                )
            answers.append(("post", http.post(f"/evals/{eval_id}/runs", json={"data_source": 1})))
            server.advance(10)
            for status in _enum("status"):
                answers.append(
                    ("get", http.get(f"/evals/{eval_id}/runs", params={"status": status}))
                )
            for order in _enum("order"):
                params = {"order": order, "limit": 1}
                answers.append(("get", http.get(f"/evals/{eval_id}/runs", params=params)))
            for method, response in answers:
                schema = _response_schema(method, response.status_code)
                assert schema is not None, f"{method} answered {response.status_code}"
                errors = list(_validator(schema).iter_errors(response.json()))
                assert errors == [], (method, response.status_code, errors[:3])
                checked += 1
    statuses = sorted({r.status_code for _, r in answers})
    assert statuses == [200, 201, 400] and checked == len(answers)
