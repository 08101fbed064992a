"""`runs list --max-items` and `runs summary`, in-process against a local server: what they print
and how many pages they read.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest

from openai_evals_runs import Client
from openai_evals_runs.cli import main
from openai_evals_runs.testing import COMPLETED_AFTER, DEFAULT_ITEM_COUNT, FakeEvalsServer, Outcome


@pytest.fixture
def env(evals_server: FakeEvalsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", evals_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", evals_server.api_key)


def _queries(server: FakeEvalsServer) -> list[dict[str, list[str]]]:
    return [parse_qs(r.query) for r in server.requests if r.method == "GET"]


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


# -- runs list --max-items ------------------------------------------------------------------------


@pytest.mark.usefixtures("env")
def test_max_items_stops_after_n_runs_across_pages(
    evals_server: FakeEvalsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id = evals_server.create_eval()
    ids = evals_server.seed_runs(eval_id, 30)
    evals_server.requests.clear()
    args = ["runs", "list", eval_id, "--limit", "4", "--max-items", "10", "--output", "jsonl"]
    assert main(args) == 0
    assert [run["id"] for run in _jsonl(capsys.readouterr().out)] == ids[:10]
    assert len(_queries(evals_server)) == 3  # 4 + 4 + 2 of the third page: no fourth page


@pytest.mark.usefixtures("env")
def test_max_items_asks_for_pages_no_larger_than_needed(
    evals_server: FakeEvalsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id = evals_server.create_eval()
    ids = evals_server.seed_runs(eval_id, 300)
    evals_server.requests.clear()
    args = ["runs", "list", eval_id, "--order", "desc", "--max-items", "150", "--output", "json"]
    assert main(args) == 0
    body = json.loads(capsys.readouterr().out)
    assert [run["id"] for run in body["data"]] == ids[::-1][:150]
    assert body["has_more"] is True
    assert [q["limit"] for q in _queries(evals_server)] == [["100"], ["100"]]


@pytest.mark.usefixtures("env")
def test_max_items_larger_than_the_eval_lists_everything(
    evals_server: FakeEvalsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.seed_runs(eval_id, 7)
    assert main(["runs", "list", eval_id, "--max-items", "50", "--output", "jsonl"]) == 0
    assert len(_jsonl(capsys.readouterr().out)) == 7


@pytest.mark.usefixtures("env")
def test_max_items_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "list", "eval_1", "--max-items", "0"]) == 2
    assert "--max-items: must be a positive integer" in capsys.readouterr().err


# -- runs summary ---------------------------------------------------------------------------------


def _completions(model: str) -> dict[str, object]:
    return {"type": "completions", "model": model, "source": {"type": "file_id", "id": "f-1"}}


@pytest.fixture
def history(evals_server: FakeEvalsServer, evals_client: Client) -> str:
    """An eval with 5 finished runs, oldest first: (model, team, passed of 10)."""
    eval_id = evals_server.create_eval()
    plan = [("gpt-a", "x", 5), ("gpt-b", "y", 7), ("gpt-a", "y", 6), ("gpt-b", "x", 8)]
    plan += [("gpt-a", "y", 9)]
    for model, team, passed in plan:
        evals_server.set_outcome(Outcome(passed=passed, failed=10 - passed))
        evals_client.runs.create(eval_id, data_source=_completions(model), metadata={"team": team})
    evals_server.advance(COMPLETED_AFTER)
    return eval_id


@pytest.mark.usefixtures("env")
def test_summary_by_model(
    evals_server: FakeEvalsServer, history: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["runs", "summary", history, "--output", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert (body["by"], body["runs"]) == ("model", 5)
    groups = {group["key"]: group for group in body["groups"]}
    assert [group["key"] for group in body["groups"]] == ["gpt-a", "gpt-b"]  # newest run first
    assert groups["gpt-a"]["runs"] == 3 and groups["gpt-a"]["items"] == 30
    assert groups["gpt-a"]["pass_rate"] == pytest.approx(20 / 30)
    assert groups["gpt-a"]["latest_pass_rate"] == 0.9
    assert groups["gpt-a"]["trend"] == 0.4  # 90% newest, 50% oldest
    assert (groups["gpt-b"]["pass_rate"], groups["gpt-b"]["trend"]) == (0.75, 0.1)


@pytest.mark.usefixtures("env")
def test_summary_by_a_metadata_key_as_a_table(
    history: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["runs", "summary", history, "--by", "metadata.team"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["METADATA.TEAM", "RUNS", "ITEMS", "PASS", "RATE", "LATEST", "TREND"]
    assert lines[1].split() == ["y", "3", "30", "73.33%", "90.00%", "+20.00", "pts"]
    assert lines[2].split() == ["x", "2", "20", "65.00%", "80.00%", "+30.00", "pts"]


@pytest.mark.usefixtures("env")
def test_summary_reads_only_the_pages_it_needs(
    evals_server: FakeEvalsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.seed_runs(eval_id, 1000)
    evals_server.requests.clear()
    assert main(["runs", "summary", eval_id, "--last", "150", "--by", "status"]) == 0
    assert [q["limit"] for q in _queries(evals_server)] == [["100"], ["100"]]
    assert _queries(evals_server)[0]["order"] == ["desc"]
    assert capsys.readouterr().out.splitlines()[1].split()[:3] == [
        "completed",
        "150",
        str(150 * DEFAULT_ITEM_COUNT),
    ]


@pytest.mark.usefixtures("env")
def test_summary_with_a_status_filter_and_a_window(
    evals_server: FakeEvalsServer, history: str, capsys: pytest.CaptureFixture[str]
) -> None:
    evals_server.seed_runs(history, 4, statuses=["failed"])
    args = ["runs", "summary", history, "--last", "2", "--status", "completed", "--output", "json"]
    assert main(args) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["runs"] == 2
    assert sorted((g["key"], g["runs"]) for g in body["groups"]) == [("gpt-a", 1), ("gpt-b", 1)]


@pytest.mark.usefixtures("env")
def test_summary_rejects_an_unknown_grouping(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "summary", "eval_1", "--by", "colour"]) == 2
    assert "must be model, name, status or metadata.KEY" in capsys.readouterr().err
