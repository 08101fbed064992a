"""A tour of the `openai-evals-runs` command line against a local fake Evals API (`make demo`).

It starts a FakeEvalsServer in this process, with its clock running 5x faster than real time so
runs finish in about a second, then does everything else through the command line, exactly as a
user would type it: create two runs from the files in examples/, show how a mistake in a data
source is caught before anything is sent, list the runs page by page, wait for them to finish
(`runs wait`, with a pass-rate gate), list the completed ones, gate a CI-style run that falls
short (`runs create --wait`, exit status 3, a JUnit report), and summarize pass rates by model.
Each command runs as `python -m openai_evals_runs ...`, which is the
same program as the installed `openai-evals-runs` command.

Exits with status 1 as soon as a step does not do what it should.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from openai_evals_runs.testing import FakeEvalsServer

ROOT = Path(__file__).resolve().parent.parent
COMPLETIONS_FILE = "examples/news_headlines_completions.json"
JSONL_FILE = "examples/jsonl_file_content.yaml"
CLI = [sys.executable, "-m", "openai_evals_runs"]
SPEED = 5.0  # server seconds per real second: a run completes after 5 server seconds
COMMAND_TIMEOUT = 30.0
WAIT_TIMEOUT = "30"
POLL_INTERVAL = "0.5"
SEEDED_STATUSES = ["completed", "completed", "failed", "completed", "canceled", "completed"]


class DemoError(Exception):
    """A step did not behave as expected."""


def say(text: str = "") -> None:
    """Print at once: the commands write to the same stdout, and order matters."""
    print(text, flush=True)


def heading(number: int, title: str, why: str) -> None:
    """A step heading: what it does and why."""
    say()
    say(f"== {number}. {title}")
    say(f"   {why}")


class Cli:
    """Runs the command line with the fake server's URL and key in the environment."""

    def __init__(self, base_url: str, api_key: str) -> None:
        self.env = {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": api_key}
        self.env.pop("OPENAI_EVALS_RUNS_LOG", None)  # keep the demo's output as shown here

    def run(
        self,
        *args: str,
        expect: int = 0,
        show: bool = True,
        capture: bool = False,
        stdin: str | None = None,
        shown_as: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run `openai-evals-runs ARGS`; fail the demo unless it exits with `expect`."""
        if show:
            say(f"\n$ {shown_as or 'openai-evals-runs ' + shlex.join(args)}")
        try:
            result = subprocess.run(
                [*CLI, *args],
                cwd=ROOT,
                env=self.env,
                input=stdin,
                text=True,
                # Captured output is returned to the caller; otherwise it goes straight to ours.
                stdout=subprocess.PIPE if capture else None,
                stderr=subprocess.PIPE if capture or expect != 0 else None,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DemoError(f"the command did not finish within {COMMAND_TIMEOUT:g} s") from None
        if expect != 0 and result.stderr and show:
            sys.stdout.write(result.stderr)  # the error message is the point of this step
            sys.stdout.flush()
        if result.returncode != expect:
            detail = (result.stderr or "").strip()
            raise DemoError(
                f"`{shlex.join(args)}` exited with {result.returncode}, expected {expect}"
                + (f": {detail}" if detail else "")
            )
        return result


def run_id_of(table: str) -> str:
    """The run id in the one-row table `runs create` prints (first cell under the header)."""
    rows = table.splitlines()
    if len(rows) < 2 or not rows[1].startswith("evalrun_"):
        raise DemoError(f"no run id in the output:\n{table}")
    return rows[1].split()[0]


def expect_in(text: str, *needles: str) -> None:
    """Fail the demo unless every needle is in the output."""
    for needle in needles:
        if needle not in text:
            raise DemoError(f"expected {needle!r} in the output:\n{text}")


def tour(server: FakeEvalsServer) -> None:
    """The steps, in order."""
    cli = Cli(server.base_url, server.api_key)
    say("openai-evals-runs: a tour of the command line against a local fake Evals API")

    heading(1, "Start a local fake Evals API", "In memory, no account needed; runs finish fast.")
    eval_id = server.create_eval(name="news-headlines")
    say(f"   base URL: {server.base_url}")
    say(f"   eval:     {eval_id} (news-headlines)")
    say("   The commands below find the server through two environment variables:")
    say(f"     export OPENAI_BASE_URL={server.base_url}")
    say(f"     export OPENAI_API_KEY={server.api_key}")
    server.seed_runs(eval_id, len(SEEDED_STATUSES), statuses=SEEDED_STATUSES)
    say(f"   The eval already has {len(SEEDED_STATUSES)} finished runs from earlier (seeded).")

    heading(
        2,
        "Create a run: classify news headlines with gpt-4o-mini",
        f"A completions data source: a prompt template and 15 headlines ({COMPLETIONS_FILE}).",
    )
    result = cli.run(
        "runs", "create", eval_id, "--data-source", COMPLETIONS_FILE,
        "--name", "news-headlines-gpt-4o-mini", "--metadata", "team=news", "stage=demo",
        capture=True,
    )  # fmt: skip
    say(result.stdout.rstrip())
    expect_in(result.stdout, "queued", "news-headlines-gpt-4o-mini")
    headline_run = run_id_of(result.stdout)

    heading(
        3,
        "Create a run from a YAML file",
        f"A jsonl data source: items and the model's answers inline ({JSONL_FILE}).",
    )
    result = cli.run(
        "runs", "create", eval_id, "--data-source", JSONL_FILE, "--name", "quiz-answers",
        capture=True,
    )  # fmt: skip
    say(result.stdout.rstrip())
    expect_in(result.stdout, "quiz-answers")
    quiz_run = run_id_of(result.stdout)

    heading(
        4,
        "A mistake is caught before anything is sent",
        "The same headline data source with a typo: max_completions_tokens (exit status 2).",
    )
    with_typo = (ROOT / COMPLETIONS_FILE).read_text("utf-8")
    with_typo = with_typo.replace("max_completion_tokens", "max_completions_tokens")
    shown = f"openai-evals-runs runs create {eval_id} --data-source - < headlines-typo.json"
    result = cli.run(
        "runs", "create", eval_id, "--data-source", "-", stdin=with_typo, expect=2, shown_as=shown
    )
    expect_in(result.stderr, "data_source.sampling_params.max_completions_tokens")

    heading(
        5,
        "List every run, 3 per page",
        "--all follows the pages (3 requests here) and prints each one as it arrives.",
    )
    result = cli.run("runs", "list", eval_id, "--limit", "3", "--all", capture=True)
    say(result.stdout.rstrip())
    total = len(SEEDED_STATUSES) + 2
    if result.stdout.count("evalrun_") != total:
        raise DemoError(f"expected {total} runs in the listing:\n{result.stdout}")

    heading(
        6,
        "Wait for the new runs to finish, and gate them",
        "Progress on stderr, one line per change; exit 0 only if both complete at >= 60%.",
    )
    result = cli.run(
        "runs", "wait", eval_id, headline_run, quiz_run, "--poll-interval", POLL_INTERVAL,
        "--timeout", WAIT_TIMEOUT, "--min-pass-rate", "0.6",
    )  # fmt: skip

    heading(
        7,
        "List the completed runs, newest first",
        "With their results: how many items passed, failed or errored.",
    )
    result = cli.run(
        "runs", "list", eval_id, "--status", "completed", "--order", "desc", capture=True
    )
    say(result.stdout.rstrip())
    expect_in(result.stdout, "news-headlines-gpt-4o-mini", "quiz-answers")
    rows = result.stdout.splitlines()[1:]  # under the header; the id has no spaces
    if not rows or any(row.split()[1] != "completed" for row in rows):
        raise DemoError("--status completed listed a run that is not completed")

    heading(
        8,
        "Gate a CI job: start a run, wait, fail below a 95% pass rate",
        "runs create --wait exits 3 when a gate fails, and writes a JUnit report for CI.",
    )
    args = [
        "runs", "create", eval_id, "--data-source", COMPLETIONS_FILE, "--name", "nightly",
        "--wait", "--poll-interval", POLL_INTERVAL, "--timeout", WAIT_TIMEOUT,
        "--min-pass-rate", "0.95", "--junit-xml",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "evals.xml"
        shown = "openai-evals-runs " + shlex.join([*args, "evals.xml"]) + "; echo $?"
        result = cli.run(*args, str(report), expect=3, capture=True, shown_as=shown)
        say(result.stdout.rstrip())
        say("3")
        expect_in(result.stdout, "FAIL: pass rate")
        suite = ET.parse(report).getroot().find("testsuite")
        if suite is None or suite.get("failures") != "1":
            raise DemoError("the JUnit report does not show the failed gate")
        say(f"   evals.xml: {suite.get('tests')} testcase, {suite.get('failures')} failure")

    heading(
        9,
        "Pass rates by model",
        "runs summary reads the newest runs (no more pages than --last needs) and groups them.",
    )
    result = cli.run("runs", "summary", eval_id, "--last", "20", "--by", "model", capture=True)
    say(result.stdout.rstrip())
    expect_in(result.stdout, "gpt-4o-mini", "PASS RATE", "TREND")


def main() -> int:
    """Run the tour; 0 when every step did what it should."""
    started = time.monotonic()
    try:
        with FakeEvalsServer(speed=SPEED) as server:
            tour(server)
    except DemoError as exc:
        say(f"\nDEMO FAILED: {exc}")
        return 1
    say(f"\nDone in {time.monotonic() - started:.1f} s. Try it yourself:")
    say("  openai-evals-runs fake-server            # then use the export lines it prints")
    say("  openai-evals-runs runs list --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())
