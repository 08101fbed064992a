"""The command line against hostile servers and hostile data-source files.

A server's strings (names, models, ids, error messages) carry terminal escape sequences, bidi
overrides and lone surrogates: every output format prints them escaped and exits 0. A YAML file
whose anchor refers to itself, or whose aliases expand to gigabytes ("billion laughs"), is a usage
error in bounded time. Each command runs as a subprocess capped at 1 GiB of address space, so a
client that expands the data fails instead of eating the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scripted_server import TEST_KEY, Reply, ScriptedServer, list_body, run_body, scripted_server

from openai_evals_runs._text import first_unsafe

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x9b1m\u202eexe.txt\u2028\u200b\ud800!"
ADDRESS_SPACE = 1 << 30


# The command line, in a child that first caps its own address space (no preexec_fn: the test
# process runs server threads).
CAPPED_CLI = f"""
import resource, runpy
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
runpy.run_module("openai_evals_runs", run_name="__main__", alter_sys=True)
"""


def cli(*args: str, base_url: str = "http://127.0.0.1:9/v1") -> subprocess.CompletedProcess[str]:
    """Run the command line with stdout/stderr as strict UTF-8 pipes (a lone surrogate fails)."""
    env = {"OPENAI_API_KEY": TEST_KEY, "OPENAI_BASE_URL": base_url, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", CAPPED_CLI, *args],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=60,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture
def hostile_server() -> Iterator[ScriptedServer]:
    """Answers every list and create with runs whose strings are hostile."""
    run = run_body("evalrun_1", name="name" + HOSTILE, model="model" + HOSTILE)
    run["report_url"] = "https://example.test/r" + HOSTILE
    run["metadata"] = {"key" + HOSTILE: "value" + HOSTILE}
    page = {**list_body(["evalrun_1"]), "data": [run]}
    with scripted_server() as server:
        server.default = lambda received: (
            Reply(200, page) if received.method == "GET" else Reply(201, run)
        )
        yield server


def _assert_clean(text: str) -> None:
    assert "Traceback" not in text, text
    assert first_unsafe(text.replace("\n", " ")) is None, ascii(text)


@pytest.mark.parametrize("output", ["table", "json", "jsonl"])
def test_hostile_strings_in_a_listing_are_printed_escaped(
    hostile_server: ScriptedServer, output: str
) -> None:
    result = cli("runs", "list", "eval_1", "--output", output, base_url=hostile_server.base_url)
    assert result.returncode == 0, result.stderr
    _assert_clean(result.stdout)
    _assert_clean(result.stderr)
    if output == "table":
        assert "name\\x1b]0;owned\\x07" in result.stdout
        return
    texts = [result.stdout] if output == "json" else result.stdout.splitlines()
    values = [json.loads(text) for text in texts]
    runs: list[Any] = values[0]["data"] if output == "json" else values
    # JSON escapes are the same JSON: the values parse back exactly as the server sent them.
    assert runs[0]["name"] == "name" + HOSTILE
    assert runs[0]["metadata"] == {"key" + HOSTILE: "value" + HOSTILE}


@pytest.mark.parametrize("output", ["table", "json"])
def test_hostile_strings_in_a_created_run_are_printed_escaped(
    hostile_server: ScriptedServer, output: str
) -> None:
    data_source = ROOT / "examples" / "news_headlines_completions.json"
    result = cli(
        "runs",
        "create",
        "eval_1",
        "--data-source",
        str(data_source),
        "--output",
        output,
        base_url=hostile_server.base_url,
    )
    assert result.returncode == 0, result.stderr
    _assert_clean(result.stdout)
    if output == "table":
        assert "Report: https://example.test/r\\x1b]0;owned" in result.stdout
    else:
        assert json.loads(result.stdout)["report_url"] == "https://example.test/r" + HOSTILE


def test_a_hostile_error_message_is_one_escaped_line(scripted: ScriptedServer) -> None:
    message = "denied" + HOSTILE + "\nsecond line " + "x" * 100_000
    headers = {"x-should-retry": "false", "x-request-id": "req_5"}
    scripted.queue(Reply(403, {"error": {"message": message}}, headers=headers))
    result = cli("runs", "list", "eval_1", base_url=scripted.base_url)
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    _assert_clean(line)
    assert line.startswith("error: 403 ")
    assert "denied\\x1b]0;owned" in line
    assert "req_5" in line
    assert len(line) < 3000


# -- hostile data-source files ---------------------------------------------------------------------

SELF_REFERENCING = """\
type: jsonl
source: &source
  type: file_content
  content:
    - item: {question: q, again: *source}
"""
SELF_REFERENCING_LIST = """\
type: jsonl
source:
  type: file_content
  content: &content
    - item: {question: q}
    - *content
"""


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    body = "\n".join("    " + line for line in lines)
    return f"type: jsonl\nsource:\n  type: file_content\n  content:\n  - item:\n{body}\n"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        pytest.param(
            SELF_REFERENCING,
            "contains itself at data_source.source.content[0].item.again",
            id="mapping",
        ),
        pytest.param(
            SELF_REFERENCING_LIST, "contains itself at data_source.source.content[1]", id="list"
        ),
        pytest.param(
            _billion_laughs(), "is more than 52,428,800 bytes as JSON", id="billion-laughs"
        ),
    ],
)
def test_a_hostile_yaml_file_is_a_usage_error(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "data_source.yaml"
    path.write_text(text)
    result = cli("runs", "create", "eval_1", "--data-source", str(path))
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.startswith("usage: ")
    assert "Traceback" not in result.stderr
    assert needle in result.stderr, result.stderr


def test_a_small_yaml_with_aliases_is_still_accepted(tmp_path: Path) -> None:
    """Control: aliases are legal YAML; a modest expansion is read and checked as usual."""
    path = tmp_path / "data_source.yaml"
    path.write_text(_billion_laughs(levels=2).replace("type: file_content", "type: file_kontent"))
    result = cli("runs", "create", "eval_1", "--data-source", str(path))
    assert result.returncode == 2
    assert "file_kontent" in result.stderr  # reached the schema check: the aliases were fine
