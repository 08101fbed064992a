"""The operations as data: requests built from the spec agree with the generated client, and the
spec's facts (enums, keywords) are read from it, never copied.

The request builder reads the method, path template and query parameters from the spec data the
package ships; the generated operation modules (`_get_kwargs`) read the same spec. This contract
test holds the two to the same request for every argument shape, so neither can drift.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openai_evals_runs_api.api.evals import create_eval_run, get_eval_runs

from openai_evals_runs import KNOWN_STATUSES, _spec
from openai_evals_runs._operations import (
    CREATE_RUN,
    LIST_RUNS,
    CallOptions,
    CreateRunParams,
    ListRunsParams,
)
from openai_evals_runs._schema import check
from openai_evals_runs._spec import SpecError, audit
from openai_evals_runs._text import UNSAFE_CATEGORIES

JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
IDS = st.text(
    # check_id refuses control and invisible characters by category (tests/test_hostile_input.py).
    alphabet=st.characters(
        blacklist_categories=tuple(UNSAFE_CATEGORIES), blacklist_characters="/\\"
    ),
    min_size=1,
    max_size=40,
).filter(
    lambda text: text.strip() and text.lower() not in (".", "..", "%2e", "%2e%2e", ".%2e", "%2e.")
)


@settings(max_examples=150, deadline=None)
@given(
    eval_id=IDS,
    after=st.none() | IDS,
    limit=st.none() | st.integers(1, 10_000),
    order=st.none() | st.sampled_from(_spec.orders()),
    status=st.none() | st.sampled_from(_spec.statuses()),
)
def test_list_requests_match_the_generated_operation(
    eval_id: str, after: str | None, limit: int | None, order: str | None, status: str | None
) -> None:
    ours = LIST_RUNS.request(ListRunsParams(eval_id, after, limit, order, status), CallOptions())
    theirs = get_eval_runs._get_kwargs(
        eval_id,
        after=after,
        limit=limit,
        order=order,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
    )
    assert ours.method == theirs["method"].upper()
    assert ours.path == theirs["url"]
    assert dict(ours.params) == theirs["params"]
    assert ours.content is None


@settings(max_examples=60, deadline=None)
@given(eval_id=IDS, name=st.none() | st.text(max_size=20))
def test_create_requests_match_the_generated_operation(eval_id: str, name: str | None) -> None:
    params = CreateRunParams(eval_id, data_source=JSONL, name=name, idempotency_key="k-1")
    ours = CREATE_RUN.request(params, CallOptions())

    class Body:
        def to_dict(self) -> dict[str, Any]:
            return json.loads(ours.content or b"")

    theirs = create_eval_run._get_kwargs(eval_id, body=Body())  # type: ignore[arg-type]
    assert ours.method == theirs["method"].upper()
    assert ours.path == theirs["url"]
    assert json.loads(ours.content or b"") == {
        "data_source": JSONL,
        **({} if name is None else {"name": name}),
    }
    assert {**theirs["headers"], "Idempotency-Key": "k-1"} == dict(ours.headers)


def test_statuses_and_orders_are_the_spec_enums() -> None:
    list_op = _spec.spec()["paths"]["/evals/{eval_id}/runs"]["get"]
    enums = {p["name"]: p["schema"].get("enum") for p in list_op["parameters"]}
    assert tuple(enums["status"]) == KNOWN_STATUSES
    assert _spec.orders() == tuple(enums["order"])


def test_every_query_parameter_of_the_spec_is_a_field_of_the_params() -> None:
    spec_names = [p.name for p in _spec.operation(_spec.LIST_RUNS).query()]
    assert set(spec_names) <= set(ListRunsParams._fields)


def _spec_with(keyword: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(_spec.spec())
    counts = data["components"]["schemas"]["EvalRunResultCounts"]
    counts["properties"]["passed"][keyword] = value
    return data


@pytest.mark.parametrize(
    ("keyword", "value"),
    [("pattern", "^[a-z]+$"), ("const", 3), ("allOf", [{"type": "integer"}]), ("minItems", 1)],
)
def test_a_keyword_the_checks_do_not_implement_stops_the_load(keyword: str, value: object) -> None:
    with pytest.raises(SpecError) as caught:
        audit(_spec_with(keyword, value))
    message = str(caught.value)
    assert repr(keyword) in message
    assert "#/components/schemas/EvalRunResultCounts/properties/passed" in message


def test_annotations_and_extensions_are_not_checks() -> None:
    audit(_spec_with("x-internal", True))
    audit(_spec_with("example", 3))
    audit(_spec_with("format", "int64"))


def test_a_keyword_in_a_parameter_schema_is_audited_too() -> None:
    data = copy.deepcopy(_spec.spec())
    data["paths"]["/evals/{eval_id}/runs"]["get"]["parameters"][1]["schema"]["pattern"] = "x"
    with pytest.raises(SpecError, match=r"parameters/1/schema: schema keyword 'pattern'"):
        audit(data)


def test_the_shipped_spec_passes_its_audit() -> None:
    audit(_spec.spec())


def test_checks_of_equal_schemas_share_one_plan_and_a_changed_one_is_not_reused() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    assert check(schema, {"n": 1}) == []
    changed = copy.deepcopy(schema)
    changed["properties"]["n"]["type"] = "string"
    assert [p.message for p in check(changed, {"n": 1})] == ["expected string, got integer"]
    assert check(schema, {"n": 1}) == []
