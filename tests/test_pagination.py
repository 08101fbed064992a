"""Auto-pagination: cursor following, lazy fetching, kept parameters, guaranteed termination."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from scripted_server import (
    Received,
    Reply,
    ScriptedServer,
    list_body,
)

from openai_evals_runs import Client, Page


def _query(request: Received) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.path).query)


def _serve_pages(server: ScriptedServer, pages: list[list[str]]) -> None:
    """Answer each request with the page after its `after` cursor."""
    starts = {None: 0} | {page[-1]: index + 1 for index, page in enumerate(pages) if page}

    def answer(request: Received) -> Reply:
        after = _query(request).get("after", [None])[0]
        index = starts[after]
        return Reply(200, list_body(pages[index], has_more=index < len(pages) - 1))

    server.default = answer


def test_iterating_a_page_walks_every_page_and_keeps_the_parameters(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    pages = [["r1", "r2"], ["r3", "r4"], ["r5"]]
    _serve_pages(scripted, pages)
    ids = [
        run.id
        for run in scripted_client.runs.list("eval_1", limit=2, order="desc", status="completed")
    ]
    assert ids == ["r1", "r2", "r3", "r4", "r5"]
    queries = [_query(request) for request in scripted.received]
    assert [query.get("after") for query in queries] == [None, ["r2"], ["r4"]]
    for query in queries:
        assert query["limit"] == ["2"]
        assert query["order"] == ["desc"]
        assert query["status"] == ["completed"]


def test_pages_are_fetched_lazily(scripted: ScriptedServer, scripted_client: Client) -> None:
    _serve_pages(scripted, [["r1", "r2"], ["r3", "r4"], ["r5", "r6"]])
    iterator = iter(scripted_client.runs.list("eval_1", limit=2))
    assert [next(iterator).id for _ in range(3)] == ["r1", "r2", "r3"]
    assert len(scripted.received) == 2


def test_iter_pages_yields_pages(scripted: ScriptedServer, scripted_client: Client) -> None:
    _serve_pages(scripted, [["r1", "r2"], ["r3"]])
    first = scripted_client.runs.list("eval_1", limit=2)
    pages = list(first.iter_pages())
    assert all(isinstance(page, Page) for page in pages)
    assert [[run.id for run in page.data] for page in pages] == [["r1", "r2"], ["r3"]]
    assert pages[0].has_next_page() is True
    assert pages[1].has_next_page() is False
    assert pages[1].next_page() is None


def test_unspecified_parameters_are_not_sent(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(200, list_body(["r1"])))
    scripted_client.runs.list("eval_1")
    assert _query(scripted.received[0]) == {}


def test_stops_when_has_more_but_the_page_is_empty(
    scripted: ScriptedServer, scripted_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.queue(Reply(200, list_body(["r1"], has_more=True)))
    scripted.default = Reply(200, list_body([], has_more=True))
    assert [run.id for run in scripted_client.runs.list("eval_1")] == ["r1"]
    assert len(scripted.received) == 2
    assert "no runs" in caplog.text


def test_stops_when_the_cursor_does_not_advance(
    scripted: ScriptedServer, scripted_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # A broken server that returns the same page forever.
    scripted.default = Reply(200, list_body(["r1", "r2"], has_more=True))
    ids = [run.id for run in scripted_client.runs.list("eval_1")]
    assert ids == ["r1", "r2", "r1", "r2"]
    assert len(scripted.received) == 2
    assert "did not advance" in caplog.text


def test_stops_when_the_cursor_cycles(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(
        Reply(200, list_body(["r1"], has_more=True)),
        Reply(200, list_body(["r2"], has_more=True)),
    )
    scripted.default = Reply(200, list_body(["r1"], has_more=True))
    ids = [run.id for run in scripted_client.runs.list("eval_1")]
    assert ids == ["r1", "r2", "r1"]
    assert len(scripted.received) == 3


def test_fetching_the_same_next_page_twice_is_not_a_loop(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    _serve_pages(scripted, [["r1"], ["r2"], ["r3"]])
    first = scripted_client.runs.list("eval_1")
    again = [first.next_page(), first.next_page()]
    assert [page.data[0].id for page in again if page] == ["r2", "r2"]
    # Each copy still walks on to the end, and a cycle later in the chain would still stop it.
    assert [run.id for page in again if page for run in page] == ["r2", "r3", "r2", "r3"]


def test_a_long_walk_checks_each_cursor_in_constant_time(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    # 300 pages: the cursors seen are shared along the chain, not copied into every page.
    pages = [[f"r{index}"] for index in range(300)]
    _serve_pages(scripted, pages)
    walked = list(scripted_client.runs.list("eval_1").iter_pages())
    assert len(walked) == 300
    assert walked[-1]._cursor_depths is walked[1]._cursor_depths
    assert len(walked[-1]._cursor_depths) == 299


def test_null_last_id_falls_back_to_the_last_run(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    body = list_body(["r1", "r2"], has_more=True)
    body["last_id"] = None
    scripted.queue(Reply(200, body), Reply(200, list_body(["r3"])))
    assert [run.id for run in scripted_client.runs.list("eval_1")] == ["r1", "r2", "r3"]
    assert _query(scripted.received[1])["after"] == ["r2"]
