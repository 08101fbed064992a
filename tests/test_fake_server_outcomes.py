"""Scripted outcomes, moving live runs, reset and clear_faults, over real HTTP.

These use the package's own pytest fixtures (`evals_server`, `evals_client`), as users would.
"""

from __future__ import annotations

from typing import Any

import pytest

from openai_evals_runs import Client, InternalServerError, NotFoundError
from openai_evals_runs.testing import (
    COMPLETED_AFTER,
    DEFAULT_ITEM_COUNT,
    IN_PROGRESS_AFTER,
    FakeEvalsServer,
    Fault,
    Outcome,
    RecordedRequest,
    RequestLog,
    item_passes,
)

pytestmark = pytest.mark.timeout(20)

ITEMS = [{"item": {"question": f"q{index}"}} for index in range(8)]
JSONL = {"type": "jsonl", "source": {"type": "file_content", "content": ITEMS}}
USAGE = {
    "model_name": "gpt-4o",
    "invocation_count": 3,
    "prompt_tokens": 30,
    "completion_tokens": 6,
    "total_tokens": 36,
    "cached_tokens": 1,
}


def completions(model: str) -> dict[str, Any]:
    """A completions data source over ITEMS for `model`."""
    return {
        "type": "completions",
        "model": model,
        "input_messages": {"type": "template", "template": [{"role": "user", "content": "hi"}]},
        "source": {"type": "file_content", "content": ITEMS},
    }


def finished(server: FakeEvalsServer, client: Client, eval_id: str) -> dict[str, Any]:
    """The JSON of the eval's newest run, fetched over HTTP once the clock passed its end."""
    server.advance(COMPLETED_AFTER)
    run = client.runs.list(eval_id, order="desc", limit=1).data[0]
    return run.to_dict()


@pytest.fixture
def eval_id(evals_server: FakeEvalsServer) -> str:
    """An eval on the plugin's server."""
    return evals_server.create_eval("outcomes")


# -- Outcome fields -------------------------------------------------------------------------------


def test_counts_are_chosen_and_the_rest_derived_from_them(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(passed=19, failed=1))
    evals_client.runs.create(eval_id, data_source=completions("gpt-4o"))
    run = finished(evals_server, evals_client, eval_id)
    assert run["status"] == "completed"
    assert run["result_counts"] == {"total": 20, "passed": 19, "failed": 1, "errored": 0}
    assert run["per_testing_criteria_results"] == [
        {"testing_criteria": "fake-grader", "passed": 19, "failed": 1}
    ]
    assert run["per_model_usage"][0]["invocation_count"] == 20
    assert run["error"] is None


def test_errored_alone_keeps_the_graded_counts(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(errored=3))
    evals_client.runs.create(eval_id, data_source=JSONL)
    run = finished(evals_server, evals_client, eval_id)
    passed = sum(item_passes(item) for item in ITEMS)
    assert run["result_counts"] == {
        "total": len(ITEMS) + 3,
        "passed": passed,
        "failed": len(ITEMS) - passed,
        "errored": 3,
    }


def test_failed_status_with_error_code_and_message(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(
        Outcome(status="failed", error_code="rate_limit_exceeded", error_message="quota")
    )
    evals_client.runs.create(eval_id, data_source=JSONL)
    run = finished(evals_server, evals_client, eval_id)
    assert run["status"] == "failed"
    assert run["error"] == {"code": "rate_limit_exceeded", "message": "quota"}
    assert run["result_counts"] == {"total": 8, "passed": 0, "failed": 0, "errored": 8}
    assert run["per_model_usage"] is None


def test_canceled_status_has_no_results(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(status="canceled"))
    evals_client.runs.create(eval_id, data_source=JSONL)
    run = finished(evals_server, evals_client, eval_id)
    assert run["status"] == "canceled"
    assert run["result_counts"] == {"total": 0, "passed": 0, "failed": 0, "errored": 0}
    assert run["error"] is None


def test_usage_and_criteria_results_replace_the_derived_ones(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    criteria = [
        {"testing_criteria": "accuracy", "passed": 2, "failed": 1},
        {"testing_criteria": "tone", "passed": 3, "failed": 0},
    ]
    mine = [dict(USAGE)]
    evals_server.set_outcome(Outcome(per_model_usage=mine, per_testing_criteria_results=criteria))
    mine[0]["model_name"] = "changed later"  # the outcome kept its own copy
    evals_client.runs.create(eval_id, data_source=completions("gpt-4o"))
    run = finished(evals_server, evals_client, eval_id)
    assert run["per_model_usage"] == [USAGE]
    assert run["per_testing_criteria_results"] == criteria
    parsed = evals_client.runs.list(eval_id).data[0]
    assert parsed.per_model_usage is not None
    assert parsed.per_model_usage[0].cached_tokens == 1


def test_error_on_a_completed_run(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(error_message="partial outage"))
    evals_client.runs.create(eval_id, data_source=JSONL)
    run = finished(evals_server, evals_client, eval_id)
    assert run["status"] == "completed"
    assert run["error"] == {"code": "fake_run_failed", "message": "partial outage"}


def test_the_outcome_waits_for_the_lifecycle(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(status="failed"))
    evals_client.runs.create(eval_id, data_source=JSONL)
    statuses = []
    for step in (0.0, IN_PROGRESS_AFTER, COMPLETED_AFTER - IN_PROGRESS_AFTER):
        evals_server.advance(step)
        statuses.append(evals_client.runs.list(eval_id).data[0].status)
    assert statuses == ["queued", "in_progress", "failed"]


def test_unknown_status_reaches_the_client(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(status="paused"))
    evals_client.runs.create(eval_id, data_source=JSONL)
    assert finished(evals_server, evals_client, eval_id)["status"] == "paused"


def test_earlier_runs_keep_the_default(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    before = evals_client.runs.create(eval_id, data_source=JSONL).id
    evals_server.set_outcome(Outcome(passed=1, failed=0))
    after = evals_client.runs.create(eval_id, data_source=JSONL).id
    evals_server.advance(COMPLETED_AFTER)
    counts = {run.id: run.result_counts.total for run in evals_client.runs.list(eval_id)}
    assert counts == {before: len(ITEMS), after: 1}


def test_an_evals_own_outcome_wins(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    other = evals_server.create_eval("other")
    evals_server.set_outcome(Outcome(passed=5, failed=5))
    evals_server.set_outcome(Outcome(status="failed"), eval_id=eval_id)
    evals_client.runs.create(eval_id, data_source=JSONL)
    evals_client.runs.create(other, data_source=JSONL)
    evals_server.advance(COMPLETED_AFTER)
    assert evals_client.runs.list(eval_id).data[0].status == "failed"
    assert evals_client.runs.list(other).data[0].result_counts.passed == 5


def test_a_function_gives_the_pass_rate_by_model(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    seen: list[dict[str, Any]] = []

    def by_model(body: dict[str, Any]) -> Outcome:
        seen.append(body)
        if body["data_source"]["model"] == "gpt-4o":
            return Outcome(passed=9, failed=1)
        return Outcome(passed=6, failed=4)

    evals_server.set_outcome(by_model)
    strong = evals_client.runs.create(eval_id, data_source=completions("gpt-4o"), name="a").id
    weak = evals_client.runs.create(eval_id, data_source=completions("gpt-4o-mini")).id
    evals_server.advance(COMPLETED_AFTER)
    rates = {
        run.id: run.result_counts.passed / run.result_counts.total
        for run in evals_client.runs.list(eval_id)
    }
    assert rates == {strong: 0.9, weak: 0.6}
    assert seen[0]["name"] == "a"  # the whole request body, as sent


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (lambda body: body["missing"], "KeyError"),
        (lambda body: "completed", "must return an Outcome"),
    ],
    ids=["raises", "wrong-type"],
)
def test_a_broken_function_is_a_500_that_is_not_retried(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str, function: Any, message: str
) -> None:
    evals_server.set_outcome(function)
    with pytest.raises(InternalServerError, match=message):
        evals_client.runs.create(eval_id, data_source=JSONL)
    assert len(evals_server.requests) == 1
    assert evals_server.runs(eval_id) == []


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"passed": -1}, ValueError, "passed must be an integer >= 0"),
        ({"failed": True}, ValueError, "failed must be"),
        ({"errored": 1.5}, ValueError, "errored must be"),
        ({"status": ""}, ValueError, "status must be a non-empty string"),
        ({"error_code": 5}, TypeError, "error_code must be a string"),
        ({"per_model_usage": {"model_name": "x"}}, TypeError, "list of EvalRunModelUsage"),
        ({"per_model_usage": [{"model_name": "x"}]}, ValueError, "EvalRunModelUsage"),
        (
            {"per_testing_criteria_results": [{"testing_criteria": "t", "passed": "1"}]},
            ValueError,
            "EvalRunTestingCriteriaResult",
        ),
    ],
)
def test_bad_outcomes_are_refused_when_built(
    arguments: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        Outcome(**arguments)


def test_set_outcome_checks_its_arguments(evals_server: FakeEvalsServer) -> None:
    with pytest.raises(TypeError, match="Outcome or a function"):
        evals_server.set_outcome("completed")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        evals_server.set_outcome(Outcome(), eval_id="eval_missing")


def test_outcome_defaults_are_the_documented_ones() -> None:
    assert Outcome() == Outcome(
        status="completed",
        passed=None,
        failed=None,
        errored=None,
        error_code=None,
        error_message=None,
        per_model_usage=None,
        per_testing_criteria_results=None,
    )


# -- moving a live run ----------------------------------------------------------------------------


def test_cancel_run(evals_server: FakeEvalsServer, evals_client: Client, eval_id: str) -> None:
    run = evals_client.runs.create(eval_id, data_source=JSONL)
    evals_server.advance(IN_PROGRESS_AFTER)
    evals_server.cancel_run(eval_id, run.id)
    assert evals_client.runs.list(eval_id, status="in_progress").data == []
    evals_server.advance(COMPLETED_AFTER * 10)  # it stays canceled
    listed = evals_client.runs.list(eval_id).data[0]
    assert (listed.id, listed.status, listed.result_counts.total) == (run.id, "canceled", 0)


def test_fail_run(evals_server: FakeEvalsServer, evals_client: Client, eval_id: str) -> None:
    run = evals_client.runs.create(eval_id, data_source=JSONL)
    other = evals_client.runs.create(eval_id, data_source=JSONL)
    evals_server.fail_run(eval_id, run.id, code="grader_error", message="the grader crashed")
    evals_server.fail_run(eval_id, other.id)
    failed = {item.id: item for item in evals_client.runs.list(eval_id, status="failed")}
    assert failed[run.id].error is not None
    assert (failed[run.id].error.code, failed[run.id].error.message) == (
        "grader_error",
        "the grader crashed",
    )
    assert failed[other.id].error is not None
    assert failed[other.id].error.code == "fake_run_failed"
    assert failed[run.id].result_counts.errored == len(ITEMS)


def test_only_live_runs_move(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    run = evals_client.runs.create(eval_id, data_source=JSONL)
    evals_server.advance(COMPLETED_AFTER)
    with pytest.raises(ValueError, match="already completed"):
        evals_server.cancel_run(eval_id, run.id)
    with pytest.raises(KeyError):
        evals_server.fail_run(eval_id, "evalrun_missing")
    with pytest.raises(KeyError):
        evals_server.cancel_run("eval_missing", run.id)
    queued = evals_server.seed_runs(eval_id, 1, statuses=["queued"])[0]
    evals_server.cancel_run(eval_id, queued)
    assert evals_server.runs(eval_id)[-1]["status"] == "canceled"


# -- reset, clear_faults, the request log ---------------------------------------------------------


def test_reset_empties_everything(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_client.runs.create(eval_id, data_source=JSONL, idempotency_key="k")
    evals_server.set_outcome(Outcome(status="failed"))
    evals_server.inject("list", Fault.status(500))
    evals_server.reset()
    assert evals_server.evals() == {}
    assert len(evals_server.requests) == 0
    assert evals_server.pending_faults("list") == 0
    with pytest.raises(NotFoundError):
        evals_client.runs.list(eval_id)
    fresh = evals_server.create_eval("after reset", eval_id=eval_id)
    run = evals_client.runs.create(fresh, data_source=JSONL, idempotency_key="k")
    assert [item["id"] for item in evals_server.runs(fresh)] == [run.id]  # the key was forgotten
    assert finished(evals_server, evals_client, fresh)["status"] == "completed"


def test_clear_faults(evals_server: FakeEvalsServer, evals_client: Client, eval_id: str) -> None:
    evals_server.inject("list", Fault.status(500), Fault.status(503))
    evals_server.inject("create", Fault.status(500))
    assert evals_server.clear_faults("list") == 2
    assert evals_client.runs.list(eval_id).data == []  # no fault left on list
    assert evals_server.pending_faults("create") == 1
    assert evals_server.clear_faults() == 1
    evals_client.runs.create(eval_id, data_source=JSONL)
    assert [request.method for request in evals_server.requests] == ["GET", "POST"]
    with pytest.raises(ValueError, match="route must be"):
        evals_server.clear_faults("delete")


def test_request_log_keeps_the_latest_requests_within_its_limits() -> None:
    def request(size: int) -> RecordedRequest:
        return RecordedRequest("POST", "/v1/evals/e/runs", "", {}, b"x" * size)

    by_count = RequestLog(max_requests=3)
    for size in range(5):
        by_count.append(request(size))
    assert [len(item.body) for item in by_count] == [2, 3, 4]
    assert by_count.dropped == 2
    by_bytes = RequestLog(max_body_bytes=10)
    for size in (4, 4, 4, 20):
        by_bytes.append(request(size))
    assert [len(item.body) for item in by_bytes] == [20]  # the newest always stays
    assert by_bytes[-1:] == [by_bytes[0]]


def test_default_item_count_for_unseen_sources(
    evals_server: FakeEvalsServer, evals_client: Client, eval_id: str
) -> None:
    evals_server.set_outcome(Outcome(status="failed"))
    source = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
    evals_client.runs.create(eval_id, data_source=source)
    run = finished(evals_server, evals_client, eval_id)
    assert run["result_counts"]["errored"] == DEFAULT_ITEM_COUNT
