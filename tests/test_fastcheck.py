"""The compiled fast checks (`_fastcheck`) never disagree with the full schema walk (`_schema`).

The fast check may only say "surely valid": whenever it returns True, `_schema.check` must find no
problem, for every schema and mode the client uses (responses, request arguments with typo
detection). In response mode, on decoded JSON, it must also never refuse what the full check
accepts: there the two are equivalent. It must also really be the path valid bodies take, or
the speed-up silently vanishes: the official, seed and example bodies pass it.

Values are generated from the spec (the strategies of test_fuzz_responses) and mutated: wrong
types, deleted and added fields, near-miss field names, long strings, many keys, non-string keys.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_responses import COMPONENTS, GENERATORS, _get, _slots, from_schema, inline

from openai_evals_runs import _fastcheck, _schema, _shapes

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# (name, schema, strict, typos): every check the client makes, on what it checks.
RESPONSE_CHECKS = [
    ("EvalRunList", _shapes.list_schema(), False, False),
    ("EvalRun", _shapes.run_schema(), False, False),
]
SOURCE_CHECKS = [
    ("data_source (response)", _schema.component("EvalRunDataSource"), False, False),
    ("data_source (request)", _schema.component("EvalRunDataSource"), True, True),
    ("request body", _schema.component("CreateEvalRunRequest"), True, True),
    ("metadata (request)", _schema.component("Metadata"), True, False),
]


def _body(name: str) -> Any:
    return json.loads((DATA / name).read_text())


def _example_sources() -> list[Any]:
    sources = [_body("official_create_example.json")["data_source"]]
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in (".json", ".yaml"):
            sources.append(yaml.safe_load(path.read_text()))
    return sources


def _string_keys_only(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _string_keys_only(v) for key, v in value.items())
    if isinstance(value, list):
        return all(map(_string_keys_only, value))
    return True


def _agrees(schema: _schema.Schema, value: Any, strict: bool, typos: bool) -> bool:
    if not strict and not _string_keys_only(value):
        # Response checks see decoded JSON only, whose keys are strings (see _fastcheck).
        return False
    fast = _fastcheck.predicate(schema, strict=strict, typos=typos)(value)
    problems = _schema.check(schema, value, strict=strict, typos=typos)
    assert not (fast and problems), f"fast check passed a value with problems: {problems[:3]}"
    if not strict:
        # On decoded JSON the response check is exact both ways: parsing relies on it to pick
        # union branches without the full walk.
        assert fast or problems, "fast check refused a value the full check accepts"
    return fast


# -- valid bodies take the fast path --------------------------------------------------------------


@pytest.mark.parametrize("name", ["official_list_example.json", "seed_list_example.json"])
def test_valid_list_bodies_pass_the_fast_check(name: str) -> None:
    assert _agrees(_shapes.list_schema(), _body(name), False, False)


@pytest.mark.parametrize("name", ["official_create_example.json", "seed_create_example.json"])
def test_valid_run_bodies_pass_the_fast_check(name: str) -> None:
    assert _agrees(_shapes.run_schema(), _body(name), False, False)


@pytest.mark.parametrize("index", range(len(_example_sources())))
def test_example_data_sources_pass_the_fast_request_check(index: int) -> None:
    source = _example_sources()[index]
    if index == 0:
        # The official example carries the typo `max_completions_tokens`, which only the full
        # check can explain; without it the fast path holds.
        source = copy.deepcopy(source)
        source["sampling_params"].pop("max_completions_tokens")
    assert _agrees(_schema.component("EvalRunDataSource"), source, True, True)
    assert _agrees(_schema.component("EvalRunDataSource"), source, False, False)


def test_metadata_limits_are_checked_by_both() -> None:
    metadata = _schema.component("Metadata")
    assert _agrees(metadata, {"k": "v"}, True, False)
    assert not _agrees(metadata, {"k" * 65: "v"}, True, False)
    assert not _agrees(metadata, {"k": "v" * 513}, True, False)
    assert not _agrees(metadata, {str(n): "v" for n in range(17)}, True, False)
    # Responses: size limits are the server's business, both checks accept.
    assert _agrees(metadata, {"k" * 65: "v" * 513}, False, False)


def test_typo_of_a_field_is_left_to_the_full_check() -> None:
    source = _body("official_create_example.json")["data_source"]
    assert source["sampling_params"].get("max_completions_tokens")
    schema = _schema.component("EvalRunDataSource")
    assert not _fastcheck.predicate(schema, strict=True, typos=True)(source)
    assert _schema.check(schema, source, typos=True)


def test_recursive_schemas_compile() -> None:
    # Tool filters nest (CompoundFilter holds filters): generation must terminate and work.
    for name in COMPONENTS:
        _fastcheck.predicate(_schema.component(name), strict=True, typos=True)


# -- mutated values never pass the fast check with problems ---------------------------------------


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
MUTATIONS = ("replace", "delete", "add", "near_miss", "long", "many_keys", "int_key", "float")


@st.composite
def mutated(draw: Any, base: st.SearchStrategy[Any]) -> Any:
    value = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(list(_slots(value))))
        if not path:
            continue
        parent, key = _get(value, path[:-1]), path[-1]
        kind = draw(st.sampled_from(MUTATIONS))
        target = parent[key]
        if kind == "replace":
            parent[key] = draw(JSON_VALUES)
        elif kind == "delete" and isinstance(parent, dict):
            del parent[key]
        elif kind == "add" and isinstance(target, dict):
            target[draw(st.text(max_size=8))] = draw(JSON_VALUES)
        elif kind == "near_miss" and isinstance(parent, dict) and isinstance(key, str):
            parent[key + "s"] = parent.pop(key)
        elif kind == "long" and isinstance(target, str):
            # Capped: drawn again on the same string, 600x600x600 would be gigabytes.
            parent[key] = (target * 600 or "x" * 600)[:100_000]
        elif kind == "many_keys" and isinstance(target, dict):
            target.update({f"key{n}": "v" for n in range(20)})
        elif kind == "int_key" and isinstance(target, dict):
            target[1] = "v"
        elif kind == "float" and isinstance(target, int) and not isinstance(target, bool):
            parent[key] = float(target)
    return value


DATA_SOURCES = from_schema(inline(COMPONENTS["EvalRunDataSource"], simplify=True))
# FASTCHECK_EXAMPLES=5000 for a deeper run than the suite's.
SETTINGS = settings(
    max_examples=int(os.environ.get("FASTCHECK_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@SETTINGS
@given(mutated(GENERATORS["list"]))
def test_fast_check_of_list_bodies_implies_no_problems(body: Any) -> None:
    _agrees(_shapes.list_schema(), body, False, False)


@SETTINGS
@given(mutated(GENERATORS["create"]))
def test_fast_check_of_run_bodies_implies_no_problems(body: Any) -> None:
    for _, schema, strict, typos in RESPONSE_CHECKS[1:]:
        _agrees(schema, body, strict, typos)


@SETTINGS
@given(mutated(DATA_SOURCES | st.sampled_from(_example_sources())))
def test_fast_check_of_data_sources_implies_no_problems(source: Any) -> None:
    for _, schema, strict, typos in SOURCE_CHECKS[:2]:
        _agrees(schema, source, strict, typos)
    _agrees(SOURCE_CHECKS[2][1], {"data_source": source, "name": "n"}, True, True)


@SETTINGS
@given(mutated(st.dictionaries(st.text(max_size=70), st.text(max_size=600), max_size=20)))
def test_fast_check_of_metadata_implies_no_problems(metadata: Any) -> None:
    for strict in (False, True):
        _agrees(_schema.component("Metadata"), metadata, strict, False)
