"""`runs wait` and `runs create --wait`: exit statuses, gates, progress lines, JUnit XML and the
GitHub step summary, run in-process (and once as a subprocess, for Ctrl-C) against a local server
whose clock runs 100x real time, so a run completes within about 50 ms.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from openai_evals_runs import Client
from openai_evals_runs.cli import main
from openai_evals_runs.testing import FakeEvalsServer, Outcome

pytestmark = pytest.mark.evals_server(speed=100)

ROOT = Path(__file__).resolve().parent.parent
COMPLETIONS_FILE = str(ROOT / "examples" / "news_headlines_completions.json")
DATA_SOURCE = {"type": "jsonl", "source": {"type": "file_id", "id": "file-1"}}
FAST = ["--poll-interval", "0.01"]


@pytest.fixture
def env(evals_server: FakeEvalsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", evals_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", evals_server.api_key)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def make_run(evals_server: FakeEvalsServer, evals_client: Client) -> Callable[..., tuple[str, str]]:
    """A run ending as `outcome` says: (eval id, run id); runs of one test share an eval."""
    eval_ids: list[str] = []

    def make(outcome: Outcome | None = None, name: str = "candidate") -> tuple[str, str]:
        if not eval_ids:
            eval_ids.append(evals_server.create_eval())
        evals_server.set_outcome(outcome or Outcome())
        run = evals_client.runs.create(eval_ids[0], data_source=DATA_SOURCE, name=name)
        return eval_ids[0], run.id

    return make


def _wait(*args: str) -> int:
    return main(["runs", "wait", *args, *FAST])


@pytest.mark.usefixtures("env")
def test_exit_0_when_every_gate_passes(
    make_run: Callable[..., tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id, run_a = make_run(Outcome(passed=9, failed=1))
    _, run_b = make_run(Outcome(passed=19, failed=1))
    assert _wait(eval_id, run_a, run_b, "--min-pass-rate", "0.9") == 0
    out = capsys.readouterr().out
    assert f"{run_a}  pass rate 90.00%  PASS" in out
    assert f"{run_b}  pass rate 95.00%  PASS" in out


@pytest.mark.usefixtures("env")
def test_exit_3_below_min_pass_rate_with_junit_xml(
    make_run: Callable[..., tuple[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id, good = make_run(Outcome(passed=10, failed=0))
    _, bad = make_run(Outcome(passed=7, failed=2, errored=1), name="weak")
    report = tmp_path / "evals.xml"
    code = _wait(eval_id, good, bad, "--min-pass-rate", "0.9", "--junit-xml", str(report))
    assert code == 3
    assert "FAIL: pass rate 70.00% is below --min-pass-rate 90.00%" in capsys.readouterr().out
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [f"{good} (candidate)", f"{bad} (weak)"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    failures = [case.find("failure") for case in cases]
    assert failures[0] is None and failures[1] is not None
    assert "below --min-pass-rate" in (failures[1].get("message") or "")
    assert all(case.get("classname") == eval_id for case in cases)


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("status", ["failed", "canceled", "paused"])
def test_exit_3_when_a_run_does_not_complete(
    make_run: Callable[..., tuple[str, str]], status: str, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id, run_id = make_run(Outcome(status=status))
    assert _wait(eval_id, run_id) == 3
    assert f"FAIL: ended {status}" in capsys.readouterr().out


@pytest.mark.usefixtures("env")
def test_baseline_and_max_drop(
    make_run: Callable[..., tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id, baseline = make_run(Outcome(passed=90, failed=10))
    _, slightly_worse = make_run(Outcome(passed=88, failed=12))
    _, much_worse = make_run(Outcome(passed=80, failed=20))
    assert _wait(eval_id, slightly_worse, "--baseline", baseline, "--max-drop", "0.02") == 0
    assert _wait(eval_id, slightly_worse, "--baseline", baseline) == 3  # default drop 0
    capsys.readouterr()
    assert _wait(eval_id, much_worse, "--baseline", baseline, "--max-drop", "0.02") == 3
    out = capsys.readouterr().out
    assert f"is 10.00% below the baseline {baseline} (90.00%)" in out


@pytest.mark.usefixtures("env")
@pytest.mark.evals_server(speed=0)  # frozen: the run never finishes
def test_exit_4_on_timeout_with_a_junit_error(
    make_run: Callable[..., tuple[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id, run_id = make_run()
    report = tmp_path / "evals.xml"
    code = _wait(eval_id, run_id, "--timeout", "0.05", "--junit-xml", str(report))
    assert code == 4
    assert "FAIL: not finished after --timeout 0.05 s" in capsys.readouterr().out
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "1")
    error = suite.find("testcase/error")
    assert error is not None and error.get("type") == "timeout"
    assert "status: queued" in (error.text or "")


@pytest.mark.usefixtures("env")
def test_exit_1_on_an_unknown_eval_or_run(
    evals_server: FakeEvalsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _wait("eval_missing", "evalrun_1") == 1
    assert capsys.readouterr().err.startswith("error: ")
    eval_id = evals_server.create_eval()
    assert _wait(eval_id, "evalrun_missing") == 1
    assert "has no run with id 'evalrun_missing'" in capsys.readouterr().err


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["runs", "wait", "eval_1", "evalrun_1", "--max-drop", "0.1"], "needs --baseline"),
        (["runs", "wait", "eval_1", "evalrun_1", "--min-pass-rate", "1.5"], "from 0 to 1"),
        (["runs", "wait", "eval_1", "evalrun_1", "--poll-interval", "0"], "greater than 0"),
        (["runs", "wait", "eval_1"], "RUN_ID"),
        (
            ["runs", "create", "eval_1", "--data-source", COMPLETIONS_FILE, "--min-pass-rate", "1"],
            "--min-pass-rate: only applies with --wait",
        ),
    ],
)
def test_exit_2_on_bad_usage(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.usefixtures("env")
def test_create_wait_gates_the_new_run(
    evals_server: FakeEvalsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.set_outcome(Outcome(passed=8, failed=2))
    base = ["runs", "create", eval_id, "--data-source", COMPLETIONS_FILE, "--wait", *FAST]
    assert main([*base, "--min-pass-rate", "0.8"]) == 0
    assert main([*base, "--min-pass-rate", "0.81"]) == 3
    assert len(evals_server.runs(eval_id)) == 2
    captured = capsys.readouterr()
    assert captured.out.count("  PASS\n") == 1 and captured.out.count("  FAIL: ") == 1
    assert captured.err.count("waiting for it to finish") == 2


@pytest.mark.usefixtures("env")
@pytest.mark.evals_server(speed=5)  # queued 0.2 s, in progress until 1 s: many polls, 3 statuses
def test_progress_is_one_line_per_status_change_when_not_a_terminal(
    evals_server: FakeEvalsServer,
    make_run: Callable[..., tuple[str, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    eval_id, run_id = make_run()
    evals_server.requests.clear()
    assert _wait(eval_id, run_id) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if run_id in line]
    statuses = [line.split(": ", 1)[1].split(" (")[0] for line in lines]
    assert statuses[-1].endswith("completed")
    assert "\r" not in "".join(lines) and "\x1b" not in "".join(lines)
    # A line per change, never one per poll: far fewer lines than requests.
    assert len(lines) == len({status.split(" -> ")[-1] for status in statuses}) <= 3
    assert len(evals_server.requests) > len(lines) + 2


@pytest.mark.usefixtures("env")
def test_github_step_summary_gets_a_markdown_table(
    make_run: Callable[..., tuple[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    eval_id, good = make_run(Outcome(passed=3, failed=1), name="a|b")
    _, bad = make_run(Outcome(status="failed"))
    assert _wait(eval_id, good, bad, "--min-pass-rate", "0.5") == 3
    text = summary.read_text()
    assert text.startswith("earlier step\n")  # appended, never replaced
    rows = [line for line in text.splitlines() if line.startswith("| evalrun_")]
    assert len(rows) == 2
    cells = [cell.strip() for cell in rows[0].split(" | ")]
    assert cells[0] == f"| {good} (a\\|b)"  # a pipe in a name cannot break the table
    assert cells[1:8] == ["completed", "3", "1", "0", "4", "75.00%", "pass"]
    assert "FAIL: ended failed" in rows[1]
    assert "[report](https://" in rows[0]


@pytest.mark.usefixtures("env")
def test_json_output_has_a_verdict_per_run(
    make_run: Callable[..., tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    eval_id, run_id = make_run(Outcome(passed=1, failed=1))
    assert _wait(eval_id, run_id, "--output", "json", "--min-pass-rate", "0.6") == 3
    body = json.loads(capsys.readouterr().out)
    (record,) = body["data"]
    assert record["run_id"] == run_id
    assert (record["passed_gates"], record["pass_rate"], record["timed_out"]) == (
        False,
        0.5,
        False,
    )
    assert record["run"]["status"] == "completed"


@pytest.mark.evals_server(speed=0)
def test_ctrl_c_exits_130(evals_server: FakeEvalsServer, evals_client: Client) -> None:
    eval_id = evals_server.create_eval()
    run = evals_client.runs.create(eval_id, data_source=DATA_SOURCE)
    env = {"OPENAI_BASE_URL": evals_server.base_url, "OPENAI_API_KEY": evals_server.api_key}
    command = [sys.executable, "-m", "openai_evals_runs", "runs", "wait", eval_id, run.id]
    process = subprocess.Popen(
        [*command, *FAST],
        env={**_base_env(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # the first progress line: the wait is under way
        assert run.id in first
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 130
    assert "interrupted" in err and "Traceback" not in err


def _base_env() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "GITHUB_STEP_SUMMARY"))
    }


@pytest.mark.usefixtures("env")
def test_progress_on_a_terminal_is_one_live_line(
    make_run: Callable[..., tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    eval_id, run_a = make_run(Outcome(passed=4, failed=1))
    _, run_b = make_run(Outcome(passed=5, failed=0))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert _wait(eval_id, run_a, run_b) == 0
    shown = terminal.getvalue()
    assert shown.count("\n") == 1 and shown.endswith("\n")  # redrawn in place, ended once
    assert "\r\x1b[Kwaiting: 2 completed | items 10/10 | 0:0" in shown
