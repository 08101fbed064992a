"""Runs and pages as JSON (`to_dict`, `to_json`), and `RawResponse.retries_taken`, over real
HTTP against the local server and raw-socket servers."""

from __future__ import annotations

import json
import pickle

import pytest
from scripted_server import Reply, ScriptedServer, list_body, run_body

from openai_evals_runs import AsyncClient, Client, EvalRun
from openai_evals_runs.testing import FakeEvalsServer, Fault

JSONL = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
FAST = {"retry-after-ms": "1"}


def test_a_run_round_trips_through_its_json(client: Client, eval_id: str) -> None:
    run = client.runs.create(eval_id, data_source=JSONL, name="nightly", metadata={"k": "v"})
    text = run.to_json()
    assert text.startswith('{\n  "')  # two spaces per level, as openai-python's to_json
    back = EvalRun.from_dict(json.loads(text))
    assert back.to_dict() == run.to_dict()
    assert back.id == run.id and back.data_source_type == "jsonl"
    assert json.loads(run.to_json(indent=None)) == run.to_dict()
    assert "\n" not in run.to_json(indent=None)


def test_to_json_keeps_fields_this_package_does_not_know_and_non_ascii(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    body = run_body("r1", name="évaluation ✓")
    body["archived_at"] = 123  # a field the spec may gain later
    body["data_source"] = {"type": "brand_new", "x": [1, {"y": None}]}
    scripted.queue(Reply(201, body))
    run = scripted_client.runs.create("eval_1", data_source=JSONL)
    text = run.to_json()
    assert json.loads(text) == body
    assert "évaluation ✓" in text  # not \\u-escaped
    assert json.loads(text)["data_source"]["type"] == "brand_new"


def test_to_json_of_a_deeply_nested_free_form_part(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    # As deep as a JSON decoder lets through: the item content is free-form.
    depth = 900
    nested: object = "leaf"
    for _ in range(depth):
        nested = [nested]
    body = run_body("r1")
    body["data_source"] = {
        "type": "jsonl",
        "source": {"type": "file_content", "content": [{"item": {"deep": nested}}]},
    }
    scripted.queue(Reply(201, body))
    run = scripted_client.runs.create("eval_1", data_source=JSONL)
    assert json.loads(run.to_json()) == body
    assert json.loads(run.to_json(indent=None)) == body


def test_a_page_has_its_body_as_sent(scripted: ScriptedServer, scripted_client: Client) -> None:
    body = list_body(["r1", "r2"], has_more=False)
    body["total_hint"] = 2  # a page-level field added later is kept
    scripted.queue(Reply(200, body))
    page = scripted_client.runs.list("eval_1")
    assert page.to_dict() == body
    assert json.loads(page.to_json()) == body
    assert json.loads(page.to_json(indent=None)) == body
    # A copy: changing it changes neither the page nor its runs.
    copy = page.to_dict()
    copy["data"][0]["name"] = "changed"
    assert page.data[0].name == body["data"][0]["name"]
    assert page.to_dict() == body


def test_every_page_of_a_listing_serializes_its_own_runs(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    ids = server.seed_runs(eval_id, 5)
    pages = list(client.runs.list(eval_id, limit=2).iter_pages())
    dumped = [json.loads(page.to_json()) for page in pages]
    assert [[run["id"] for run in page["data"]] for page in dumped] == [
        ids[0:2],
        ids[2:4],
        ids[4:5],
    ]
    assert [page["has_more"] for page in dumped] == [True, True, False]
    assert all(page["object"] == "list" for page in dumped)
    # Each run of a page equals the run read from it, field for field.
    assert dumped[0]["data"][0] == pages[0].data[0].to_dict()


def test_a_page_built_by_hand_serializes_its_fields(client: Client, eval_id: str) -> None:
    from openai_evals_runs import Page

    run = client.runs.create(eval_id, data_source=JSONL)
    page = Page([run], has_more=False, first_id=run.id, last_id=run.id)
    assert page.to_dict() == {
        "object": "list",
        "data": [run.to_dict()],
        "first_id": run.id,
        "last_id": run.id,
        "has_more": False,
    }
    assert json.loads(page.to_json()) == page.to_dict()


def test_a_run_read_back_from_json_survives_pickle_and_compares_equal(
    client: Client, eval_id: str
) -> None:
    run = client.runs.create(eval_id, data_source=JSONL)
    back = EvalRun.from_dict(json.loads(run.to_json()), request_id=run.request_id)
    assert back == run
    assert pickle.loads(pickle.dumps(back)) == run


def test_retries_taken_counts_the_retries_of_that_call(
    server: FakeEvalsServer, client: Client, eval_id: str
) -> None:
    first = client.runs.with_raw_response.list(eval_id)
    assert first.retries_taken == 0
    server.inject("list", Fault.status(503, headers=FAST), Fault.status(502, headers=FAST))
    again = client.runs.with_raw_response.list(eval_id)
    assert again.retries_taken == 2
    assert "retries_taken=2" in repr(again)
    server.inject("create", Fault.status(500, headers=FAST))
    created = client.runs.with_raw_response.create(eval_id, data_source=JSONL)
    assert created.retries_taken == 1
    assert created.status_code == 201


def test_retries_taken_on_the_async_client(server: FakeEvalsServer, eval_id: str) -> None:
    import asyncio

    async def main() -> tuple[int, int]:
        async with AsyncClient(
            api_key=server.api_key, base_url=server.base_url, max_retries=3
        ) as aclient:
            server.inject("create", Fault.status(429, headers=FAST))
            created = await aclient.runs.with_raw_response.create(eval_id, data_source=JSONL)
            server.inject("list", *[Fault.status(500, headers=FAST)] * 3)
            listed = await aclient.runs.with_raw_response.list(eval_id)
            return created.retries_taken, listed.retries_taken

    assert asyncio.run(main()) == (1, 3)


@pytest.mark.parametrize("indent", [0, 4])
def test_indent_is_passed_through(client: Client, eval_id: str, indent: int) -> None:
    run = client.runs.create(eval_id, data_source=JSONL)
    assert run.to_json(indent=indent) == json.dumps(
        run.to_dict(), indent=indent, ensure_ascii=False
    )


@pytest.mark.parametrize("bad", ["\t", True, -1, 33, 2.0, "x" * 10_000])
def test_a_bad_indent_is_refused_by_name(client: Client, eval_id: str, bad: object) -> None:
    from openai_evals_runs import InvalidRequestError

    run = client.runs.create(eval_id, data_source=JSONL)
    page = client.runs.list(eval_id)
    for to_json in (run.to_json, page.to_json):
        with pytest.raises(InvalidRequestError, match="^indent: must be None or a whole") as caught:
            to_json(indent=bad)  # type: ignore[arg-type]
        assert len(str(caught.value)) < 200
