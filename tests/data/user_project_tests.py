"""A user's test file: only the fixtures the installed package brings (no conftest.py).

tests/test_pytest_plugin.py runs it with pytest in a subprocess; tests whose names end in
`_expected_error` or `_expected_failure` are meant to end that way.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from openai_evals_runs.testing import COMPLETED_AFTER, Fault, Outcome

DATA = {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"q": "a"}}]}}


def test_scripted_outcome_over_http(evals_server, evals_client):
    eval_id = evals_server.create_eval("smoke")
    evals_server.set_outcome(Outcome(passed=19, failed=1))
    run = evals_client.runs.create(eval_id, data_source=DATA)
    assert run.status == "queued"
    assert evals_server.now() == evals_server.now()  # frozen: only advance() moves it
    evals_server.advance(COMPLETED_AFTER)
    done = evals_client.runs.list(eval_id).data[0]
    assert (done.status, done.result_counts.passed, done.result_counts.failed) == (
        "completed",
        19,
        1,
    )


def test_retries_do_not_wait(evals_server, evals_client, caplog):
    eval_id = evals_server.create_eval("retries")
    evals_server.inject("create", Fault.drop_before_status(), Fault.status(503))
    caplog.set_level("INFO", logger="openai_evals_runs")
    evals_client.runs.create(eval_id, data_source=DATA)
    waits = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert len(waits) == 2
    assert all(message.endswith("retrying in 0.00s") for message in waits), waits


def test_async_client(evals_server, async_evals_client):
    eval_id = evals_server.create_eval("async")

    async def main():
        run = await async_evals_client.runs.create(eval_id, data_source=DATA)
        page = await async_evals_client.runs.list(eval_id)
        return run.id, [listed.id for listed in page.data]

    created, listed = asyncio.run(main())
    assert listed == [created]


@pytest.mark.evals_server(speed=1000.0)
def test_marker_runs_the_clock(evals_server):
    start = evals_server.now()
    deadline = time.monotonic() + 5
    while evals_server.now() == start and time.monotonic() < deadline:
        time.sleep(0.001)
    assert evals_server.now() > start


@pytest.mark.parametrize("evals_server", [{"api_key": "sk-chosen"}], indirect=True)
def test_indirect_options(evals_server, evals_client):
    assert evals_server.api_key == "sk-chosen"
    assert evals_client.runs.list(evals_server.create_eval()).data == []


@pytest.mark.evals_server(allow_unused_faults=True)
def test_unused_faults_allowed_by_the_marker(evals_server):
    evals_server.inject("list", Fault.status(500))


def test_unused_faults_cleared(evals_server):
    evals_server.inject("list", Fault.status(500), Fault.drop_before_status())
    assert evals_server.clear_faults("list") == 2


def test_unused_fault_expected_error(evals_server):
    evals_server.inject("create", Fault.status(500))


def test_failing_test_with_unused_fault_expected_failure(evals_server):
    evals_server.inject("create", Fault.status(500))
    raise AssertionError("the test's own failure, reported alone")


@pytest.mark.evals_server(sped=10)
def test_unknown_option_expected_error(evals_server):
    raise AssertionError("not reached")
