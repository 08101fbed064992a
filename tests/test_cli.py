"""The command line, run as a subprocess against a local FakeEvalsServer.

Each test checks the exit status and what a user sees: stdout for results, one line on stderr for
API errors, an argparse-style message naming the option or field for bad input (exit 2), and never
a traceback.
"""

from __future__ import annotations

import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from openai_evals_runs.cli import main
from openai_evals_runs.testing import COMPLETED_AFTER, FakeEvalsServer

ROOT = Path(__file__).resolve().parent.parent
COMPLETIONS_FILE = ROOT / "examples" / "news_headlines_completions.json"
JSONL_FILE = ROOT / "examples" / "jsonl_file_content.yaml"
CLI = [sys.executable, "-m", "openai_evals_runs"]
COMMAND_TIMEOUT = 30.0


@pytest.fixture(scope="module")
def cli_server() -> Iterator[FakeEvalsServer]:
    """One server for the module; its clock stands still unless a test advances it."""
    with FakeEvalsServer() as server:
        yield server


@pytest.fixture
def cli_eval(cli_server: FakeEvalsServer) -> str:
    """A fresh, empty eval for each test, so tests never see each other's runs."""
    return cli_server.create_eval(name="cli-test")


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without any OPENAI_* variable of the machine running the tests."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")}
    return {**env, **(extra or {})}


def server_env(server: FakeEvalsServer) -> dict[str, str]:
    """The environment that points the command line at `server`."""
    return clean_env({"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": server.api_key})


def cli(
    *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `openai-evals-runs ARGS` to completion."""
    return subprocess.run(
        [*CLI, *args],
        env=dict(env) if env is not None else clean_env(),
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
        cwd=ROOT,
    )


def assert_usage_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, an argparse-style message that names the problem, no traceback."""
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("usage: "), result.stderr
    assert "error: " in result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def assert_api_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 1 and exactly one `error: ...` line on stderr."""
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


def table_rows(stdout: str) -> list[list[str]]:
    """The cells of each table line (the header included); no cell here contains a space."""
    return [line.split() for line in stdout.splitlines()]


# -- help and entry points -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [[], ["runs"], ["runs", "list"], ["runs", "create"], ["fake-server"]],
    ids=["main", "runs", "runs-list", "runs-create", "fake-server"],
)
def test_help_shows_an_example(command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    assert "\n  openai-evals-runs " in result.stdout  # a command line to copy, as laid out


def test_version() -> None:
    from openai_evals_runs import __version__

    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"openai-evals-runs {__version__}"


def test_no_command_is_a_usage_error() -> None:
    assert_usage_error(cli(), "COMMAND")
    assert_usage_error(cli("runs"), "ACTION")


def test_importing_the_package_does_not_load_the_cli_and_the_cli_does_not_load_testing() -> None:
    code = (
        "import sys, openai_evals_runs\n"
        "assert 'openai_evals_runs.cli' not in sys.modules\n"
        "import openai_evals_runs.cli\n"
        "assert 'openai_evals_runs.testing' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# -- runs list -----------------------------------------------------------------------------------


def test_list_prints_one_page_as_an_aligned_table(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    ids = cli_server.seed_runs(cli_eval, 3, statuses=["completed", "in_progress", "failed"])
    result = cli("runs", "list", cli_eval, "--limit", "2", env=server_env(cli_server))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "ID", "STATUS", "NAME", "MODEL", "CREATED", "(UTC)", "PASSED", "FAILED", "ERRORED", "TOTAL",
    ]  # fmt: skip
    assert [row[0] for row in table_rows(result.stdout)[1:]] == ids[:2]
    status_column = lines[0].index("STATUS")
    assert lines[1][status_column:].startswith("completed")
    assert lines[2][status_column:].startswith("in_progress")
    # The created column is UTC ISO 8601 and every line ends at the same column (right-aligned).
    assert table_rows(result.stdout)[1][4].endswith("Z")
    assert len({len(line) for line in lines}) == 1
    # More pages exist: the hint goes to stderr, so stdout stays a clean table.
    assert f"--after {ids[1]}" in result.stderr
    assert "--all" in result.stderr


def test_list_all_streams_every_page_with_one_header(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    ids = cli_server.seed_runs(cli_eval, 7)
    result = cli("runs", "list", cli_eval, "--limit", "3", "--all", env=server_env(cli_server))
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert rows[0][0] == "ID"
    assert [row[0] for row in rows[1:]] == ids
    assert result.stdout.count("STATUS") == 1
    assert result.stderr == ""  # no progress display when stderr is not a terminal
    # Three pages of three: one request each, the later ones with the previous page's cursor.
    lists = [r for r in cli_server.requests if r.method == "GET" and cli_eval in r.path]
    assert len(lists) == 3
    assert f"after={ids[2]}" in lists[1].query


def test_list_json_prints_the_page_object(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    ids = cli_server.seed_runs(cli_eval, 3)
    result = cli(
        "runs", "list", cli_eval, "--limit", "2", "--output", "json", env=server_env(cli_server)
    )
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["object"] == "list"
    assert [run["id"] for run in page["data"]] == ids[:2]
    assert page["data"][0]["object"] == "eval.run"  # each run exactly as the server sent it
    assert page["has_more"] is True
    assert (page["first_id"], page["last_id"]) == (ids[0], ids[1])


def test_list_all_json_is_one_object_with_every_run(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    ids = cli_server.seed_runs(cli_eval, 5)
    result = cli(
        "runs", "list", cli_eval, "--limit", "2", "--all", "--output", "json",
        env=server_env(cli_server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert [run["id"] for run in page["data"]] == ids
    assert page["has_more"] is False
    assert (page["first_id"], page["last_id"]) == (ids[0], ids[-1])


def test_list_jsonl_prints_one_run_per_line(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    ids = cli_server.seed_runs(cli_eval, 5)
    result = cli(
        "runs", "list", cli_eval, "--limit", "2", "--all", "--order", "desc",
        "--output", "jsonl", env=server_env(cli_server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    runs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [run["id"] for run in runs] == ids[::-1]


def test_list_filters_by_status(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    cli_server.seed_runs(cli_eval, 6, statuses=["completed", "failed", "canceled"])
    result = cli(
        "runs", "list", cli_eval, "--status", "failed", "--output", "jsonl",
        env=server_env(cli_server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
    assert statuses == ["failed", "failed"]


def test_list_of_an_eval_without_runs(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    result = cli("runs", "list", cli_eval, env=server_env(cli_server))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No runs found.\n"


def test_list_shows_progress_on_a_terminal(
    cli_server: FakeEvalsServer,
    cli_eval: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    cli_server.seed_runs(cli_eval, 5)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    status = main(
        [
            "--base-url", cli_server.base_url, "--api-key", cli_server.api_key,
            "runs", "list", cli_eval, "--limit", "2", "--all",
        ]
    )  # fmt: skip
    assert status == 0
    shown = terminal.getvalue()
    assert "1 page, 2 runs fetched" in shown
    assert "2 pages, 4 runs fetched" in shown
    assert shown.endswith("\r\x1b[K")  # erased at the end, leaving the terminal clean
    assert len(table_rows(capsys.readouterr().out)) == 6


@pytest.mark.parametrize("limit", ["0", "-3", "abc", "2.5"])
def test_list_rejects_a_bad_limit(limit: str) -> None:
    result = cli("runs", "list", "eval_x", "--limit", limit, env=clean_env({"OPENAI_API_KEY": "k"}))
    assert_usage_error(result, "argument --limit", "positive integer")


@pytest.mark.parametrize(
    ("option", "value"), [("--status", "done"), ("--order", "newest"), ("--output", "csv")]
)
def test_list_rejects_a_bad_choice(option: str, value: str) -> None:
    result = cli("runs", "list", "eval_x", option, value, env=clean_env({"OPENAI_API_KEY": "k"}))
    assert_usage_error(result, f"argument {option}", "invalid choice")


def test_list_rejects_an_eval_id_that_would_change_the_url() -> None:
    result = cli("runs", "list", "../admin", env=clean_env({"OPENAI_API_KEY": "k"}))
    assert_usage_error(result, "argument EVAL_ID")


def test_unknown_eval_is_one_line_with_the_request_id(cli_server: FakeEvalsServer) -> None:
    result = cli("runs", "list", "eval_does_not_exist", env=server_env(cli_server))
    assert_api_error(result, "error: 404 Not Found", "eval_does_not_exist", "(request id req_")


def test_wrong_api_key_is_an_api_error_that_never_shows_the_key(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    env = server_env(cli_server)
    env["OPENAI_API_KEY"] = "sk-wrong-secret-123"
    result = cli("runs", "list", cli_eval, env=env)
    assert_api_error(result, "401", "request id", "--api-key")
    assert "sk-wrong-secret-123" not in result.stderr


def test_missing_api_key_is_a_usage_error(cli_server: FakeEvalsServer) -> None:
    env = clean_env({"OPENAI_BASE_URL": cli_server.base_url})
    result = cli("runs", "list", "eval_x", env=env)
    assert_usage_error(result, "missing API key", "--api-key", "OPENAI_API_KEY")


def test_options_override_the_environment(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    env = clean_env({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_API_KEY": "wrong"})
    result = cli(
        "--base-url", cli_server.base_url, "--api-key", cli_server.api_key,
        "runs", "list", cli_eval, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_unreachable_server_is_one_line() -> None:
    env = clean_env({"OPENAI_API_KEY": "k"})
    result = cli(
        "--base-url", "http://127.0.0.1:9/v1", "--max-retries", "0", "--timeout", "5",
        "runs", "list", "eval_x", env=env,
    )  # fmt: skip
    assert_api_error(result, "connection error", "--base-url")


@pytest.mark.parametrize(
    ("option", "value"), [("--timeout", "0"), ("--timeout", "soon"), ("--max-retries", "-1")]
)
def test_bad_global_option_is_a_usage_error(option: str, value: str) -> None:
    result = cli(option, value, "runs", "list", "eval_x", env=clean_env({"OPENAI_API_KEY": "k"}))
    assert_usage_error(result, f"argument {option}")


def test_verbose_logs_each_request_but_never_the_key(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    result = cli("--verbose", "runs", "list", cli_eval, env=server_env(cli_server))
    assert result.returncode == 0, result.stderr
    assert f"GET {cli_server.base_url}/evals/{cli_eval}/runs -> 200" in result.stderr
    assert "request_id=req_" in result.stderr
    assert cli_server.api_key not in result.stderr + result.stdout


# -- runs create ---------------------------------------------------------------------------------


def test_create_from_the_json_example(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    result = cli(
        "runs", "create", cli_eval, "--data-source", str(COMPLETIONS_FILE),
        "--name", "headlines", "--metadata", "team=news", "note=a=b", "--metadata", "x=",
        "--output", "json", env=server_env(cli_server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout)
    assert run["status"] == "queued"
    assert run["name"] == "headlines"
    assert run["model"] == "gpt-4o-mini"
    assert run["metadata"] == {"team": "news", "note": "a=b", "x": ""}
    source = run["data_source"]
    assert source["sampling_params"]["max_completion_tokens"] == 2048
    assert len(source["source"]["content"]) == 15
    assert [m["role"] for m in source["input_messages"]["template"]] == ["developer", "user"]
    assert [stored["id"] for stored in cli_server.runs(cli_eval)] == [run["id"]]


def test_create_from_the_yaml_example_prints_a_table(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    result = cli(
        "runs", "create", cli_eval, "--data-source", str(JSONL_FILE), "--name", "quiz",
        env=server_env(cli_server),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert rows[0][:3] == ["ID", "STATUS", "NAME"]
    assert rows[1][1:3] == ["queued", "quiz"]
    assert "Report: https://" in result.stdout
    # The run progresses on the server: after COMPLETED_AFTER seconds it has results.
    cli_server.advance(COMPLETED_AFTER)
    listed = cli("runs", "list", cli_eval, "--output", "jsonl", env=server_env(cli_server))
    run = json.loads(listed.stdout)
    assert run["status"] == "completed"
    assert run["result_counts"]["total"] == 4


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_create_reads_the_data_source_from_stdin(
    cli_server: FakeEvalsServer, cli_eval: str, kind: str
) -> None:
    text = (COMPLETIONS_FILE if kind == "json" else JSONL_FILE).read_text("utf-8")
    result = cli(
        "runs", "create", cli_eval, "--data-source", "-", "--output", "json",
        env=server_env(cli_server), stdin=text,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected_type = "completions" if kind == "json" else "jsonl"
    assert json.loads(result.stdout)["data_source"]["type"] == expected_type


def test_create_with_the_same_idempotency_key_returns_the_same_run(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    args = ["runs", "create", cli_eval, "--data-source", str(JSONL_FILE), "--output", "json"]
    key = ["--idempotency-key", f"cli-test-{cli_eval}"]
    first = cli(*args, *key, env=server_env(cli_server))
    second = cli(*args, *key, env=server_env(cli_server))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert json.loads(first.stdout)["id"] == json.loads(second.stdout)["id"]
    assert len(cli_server.runs(cli_eval)) == 1


def test_create_reports_the_path_of_an_invalid_field_and_sends_nothing(
    cli_server: FakeEvalsServer, cli_eval: str, tmp_path: Path
) -> None:
    source = json.loads(COMPLETIONS_FILE.read_text("utf-8"))
    source["input_messages"]["template"][0]["role"] = "boss"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(source), "utf-8")
    result = cli("runs", "create", cli_eval, "--data-source", str(path), env=server_env(cli_server))
    assert_usage_error(
        result,
        "argument --data-source",
        "is not a valid data source",
        "data_source.input_messages.template[0].role: must be one of",
        "'boss'",
    )
    assert cli_server.runs(cli_eval) == []


def test_create_catches_the_max_completions_tokens_typo(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    text = COMPLETIONS_FILE.read_text("utf-8").replace(
        "max_completion_tokens", "max_completions_tokens"
    )
    result = cli(
        "runs", "create", cli_eval, "--data-source", "-", env=server_env(cli_server), stdin=text
    )
    assert_usage_error(
        result,
        "stdin is not a valid data source",
        "data_source.sampling_params.max_completions_tokens",
        "did you mean 'max_completion_tokens'?",
    )


def test_create_names_no_strict_for_an_unknown_field_and_sends_nothing(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    source = json.loads(COMPLETIONS_FILE.read_text("utf-8"))
    source["sampling_params"]["reasoning_budget"] = 7  # a field the API might add tomorrow
    cli_server.requests.clear()
    result = cli(
        "runs",
        "create",
        cli_eval,
        "--data-source",
        "-",
        env=server_env(cli_server),
        stdin=json.dumps(source),
    )
    assert_usage_error(
        result,
        "data_source.sampling_params.reasoning_budget",
        "to send it anyway, pass --no-strict",
    )
    assert "strict=False" not in result.stderr  # the library's keyword means nothing here
    assert [r for r in cli_server.requests if r.method == "POST"] == []


def test_create_no_strict_sends_an_unknown_field_as_given(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    source = json.loads(COMPLETIONS_FILE.read_text("utf-8"))
    source["sampling_params"]["reasoning_budget"] = 7
    cli_server.requests.clear()
    result = cli(
        "runs",
        "create",
        cli_eval,
        "--data-source",
        "-",
        "--no-strict",
        "--output",
        "json",
        env=server_env(cli_server),
        stdin=json.dumps(source),
    )
    assert result.returncode == 0, result.stderr
    posts = [r for r in cli_server.requests if r.method == "POST"]
    assert len(posts) == 1
    sent = json.loads(posts[0].body)["data_source"]
    assert sent["sampling_params"]["reasoning_budget"] == 7
    assert [run["id"] for run in cli_server.runs(cli_eval)] == [json.loads(result.stdout)["id"]]
    # Other problems are still refused with --no-strict.
    source["sampling_params"]["temperature"] = "hot"
    refused = cli(
        "runs",
        "create",
        cli_eval,
        "--data-source",
        "-",
        "--no-strict",
        env=server_env(cli_server),
        stdin=json.dumps(source),
    )
    assert_usage_error(refused, "data_source.sampling_params.temperature")


def test_create_validates_the_data_source_even_without_an_api_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("type: jsonl\nsource: {type: file_content}\n", "utf-8")
    result = cli("runs", "create", "eval_x", "--data-source", str(path))
    assert_usage_error(result, "data_source.source.content: is required")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.json", None, "cannot read"),
        ("broken.json", '{"type": "jsonl",\n  "source": }', "not valid JSON"),
        ("broken.yaml", "type: jsonl\nsource: [1, 2\n", "not valid YAML"),
        ("list.json", "[1, 2]", "must hold one object"),
        ("empty.yaml", "", "must hold one object"),
    ],
)
def test_create_rejects_an_unusable_file(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, "utf-8")
    result = cli(
        "runs", "create", "eval_x", "--data-source", str(path),
        env=clean_env({"OPENAI_API_KEY": "k"}),
    )  # fmt: skip
    assert_usage_error(result, "argument --data-source", name, message)


def test_create_rejects_a_directory_as_the_data_source(tmp_path: Path) -> None:
    result = cli("runs", "create", "eval_x", "--data-source", str(tmp_path))
    assert_usage_error(result, "argument --data-source", "cannot read")


@pytest.mark.parametrize("pair", ["novalue", "=value"])
def test_create_rejects_bad_metadata(pair: str) -> None:
    result = cli(
        "runs", "create", "eval_x", "--data-source", str(JSONL_FILE), "--metadata", pair,
        env=clean_env({"OPENAI_API_KEY": "k"}),
    )  # fmt: skip
    assert_usage_error(result, "argument --metadata", "KEY=VALUE")


def test_create_rejects_metadata_the_api_would_refuse(cli_server: FakeEvalsServer) -> None:
    result = cli(
        "runs", "create", "eval_x", "--data-source", str(JSONL_FILE),
        "--metadata", "k" * 65 + "=v", env=server_env(cli_server),
    )  # fmt: skip
    assert_usage_error(result, "argument --metadata", "at most 64 characters")


def test_create_requires_a_data_source() -> None:
    assert_usage_error(cli("runs", "create", "eval_x"), "--data-source")


def test_yaml_without_pyyaml_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # makes `import yaml` fail
    status = main(["--api-key", "k", "runs", "create", "eval_x", "--data-source", str(JSONL_FILE)])
    assert status == 2
    assert "pip install 'openai-evals-runs[yaml]'" in capsys.readouterr().err


def test_create_on_an_unknown_eval_is_one_line(cli_server: FakeEvalsServer) -> None:
    result = cli(
        "runs", "create", "eval_missing", "--data-source", str(JSONL_FILE),
        env=server_env(cli_server),
    )  # fmt: skip
    assert_api_error(result, "404", "(request id req_")


# -- fake-server ---------------------------------------------------------------------------------


class ServerProcess:
    """`openai-evals-runs fake-server` in the background, its stdout read line by line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [*CLI, "fake-server", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        # A reader thread, so waiting for a line can time out instead of blocking the test.
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def read_until(self, marker: str, timeout: float = 15.0) -> str:
        """Everything printed up to the line containing `marker`."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while True:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if line is None:
                raise AssertionError(f"exited before printing {marker!r}: {''.join(seen)}")
            seen.append(line)
            if marker in line:
                return "".join(seen)

    def stop(self) -> None:
        """Kill it if a test left it running."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_fake_server_prints_how_to_use_it_and_stops_on_a_signal(signum: int) -> None:
    server = ServerProcess("--port", "0", "--eval", "first", "--eval", "second", "--speed", "50")
    try:
        banner = server.read_until("Press Ctrl-C")
        exports = dict(
            line.strip().removeprefix("export ").split("=", 1)
            for line in banner.splitlines()
            if line.strip().startswith("export ")
        )
        assert set(exports) == {"OPENAI_BASE_URL", "OPENAI_API_KEY"}
        assert exports["OPENAI_BASE_URL"].startswith("http://127.0.0.1:")
        assert exports["OPENAI_BASE_URL"].endswith("/v1")
        assert f"API key: {exports['OPENAI_API_KEY']}" in banner
        evals = [line.split() for line in banner.splitlines() if line.startswith("  eval_")]
        assert [name for _, name in evals] == ["first", "second"]

        env = clean_env(exports)
        eval_id = evals[0][0]
        created = cli("runs", "create", eval_id, "--data-source", str(JSONL_FILE), env=env)
        assert created.returncode == 0, created.stderr
        time.sleep(0.3)  # at --speed 50 that is 15 server seconds: the run has completed
        listed = cli("runs", "list", eval_id, "--status", "completed", env=env)
        assert listed.returncode == 0, listed.stderr
        assert len(table_rows(listed.stdout)) == 2

        server.proc.send_signal(signum)
        assert server.proc.wait(timeout=10) == 0
        assert server.read_until("stopped")
        assert server.proc.stderr is not None
        assert "Traceback" not in server.proc.stderr.read()
    finally:
        server.stop()


def test_fake_server_on_a_busy_port_is_one_line(cli_server: FakeEvalsServer) -> None:
    port = cli_server.base_url.rsplit(":", 1)[1].split("/", 1)[0]
    result = cli("fake-server", "--port", port)
    assert_api_error(result, "cannot start the fake server", port)


@pytest.mark.parametrize(
    ("option", "value"), [("--port", "70000"), ("--speed", "0"), ("--speed", "fast")]
)
def test_fake_server_rejects_bad_options(option: str, value: str) -> None:
    assert_usage_error(cli("fake-server", option, value), f"argument {option}")


def test_a_create_that_may_have_reached_the_server_says_how_to_retry_it(
    cli_server: FakeEvalsServer, cli_eval: str
) -> None:
    from openai_evals_runs.testing import Fault

    # Three attempts (the CLI's default retries), each answered 503: the run may exist.
    cli_server.inject("create", *[Fault.status(503, headers={"retry-after-ms": "1"})] * 3)
    args = ["--max-retries", "2", "runs", "create", cli_eval, "--data-source", str(JSONL_FILE)]
    result = cli(*args, "--idempotency-key", "nightly 7", env=server_env(cli_server))
    assert_api_error(result, "503", "retry with --idempotency-key 'nightly 7'")
    unkeyed = cli(*args, env=server_env(cli_server))
    assert unkeyed.returncode == 0  # the faults were used up: no hint on success
    cli_server.inject("create", *[Fault.status(503, headers={"retry-after-ms": "1"})] * 3)
    generated = cli(*args, env=server_env(cli_server))
    assert_api_error(generated, "retry with --idempotency-key evalsruns-")


def test_a_refused_create_gives_no_retry_hint(cli_server: FakeEvalsServer, cli_eval: str) -> None:
    from openai_evals_runs.testing import Fault

    cli_server.inject("create", Fault.status(400))
    args = ["runs", "create", cli_eval, "--data-source", str(JSONL_FILE)]
    result = cli(*args, env=server_env(cli_server))
    assert_api_error(result, "400")
    assert "idempotency" not in result.stderr
