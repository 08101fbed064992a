"""Every ```python block of README.md runs for real: one test per block, named by its heading.

A block added to README.md is a new test (one that continues an earlier snippet, using its
`client`, also needs a line in PREAMBLES). Each block gets a fresh `FakeEvalsServer` over HTTP
on 127.0.0.1 and runs as a user would run it:

- `OPENAI_API_KEY` / `OPENAI_BASE_URL` point at the server, and so do the Azure variables
  (`ENVIRONMENT`; any other `OPENAI_*` or `AZURE_OPENAI_*` is unset), so `Client()` and
  `AzureClient()` with no arguments work as in the README; the working directory is an empty
  temporary one; retries do not wait.
- Every eval id the block names (`"eval_123"`) exists, holding `SEEDED_RUNS` completed runs,
  except the ones in `ABSENT_EVALS`. A run id it names (`"evalrun_456"`) stands for one of those
  runs: the server makes run ids itself, so that literal is replaced by a real id (the one
  substitution this test makes).
- The server clock is frozen; a wait's sleep (`runs.poll`, `create_and_poll`) moves it instead of
  sleeping, so a run finishes on schedule and the block takes milliseconds.
- A script runs in-process as `__main__` (a top-level `await` runs under `asyncio.run`;
  `sys.exit(n)` is an exit code, 0 unless `EXPECTED` says otherwise); a block with `test_*`
  functions is a pytest file and runs with pytest in a subprocess, and all its tests must pass.
- Nothing beyond loopback is reachable (`loopback_only`), and each block has a time limit.

A block passes when it completes and, where `EXPECTED` describes it, prints what it should and
sends what it claims. Tracebacks point at README.md's own lines. Every entry of the tables below
names a block and says why; an entry that outlives its block fails (no stale exceptions).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import dataclasses
import inspect
import io
import json
import linecache
import os
import re
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from loopback_only import loopback_only
from readme_blocks import Block, collected_tests, free_names, python_blocks

from openai_evals_runs import Client, Page, _retry
from openai_evals_runs.runs import AsyncRuns, Runs
from openai_evals_runs.testing import FakeEvalsServer
from openai_evals_runs.testing._recording import RecordedRequest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCKS = python_blocks(README.read_text())

BLOCK_TIMEOUT = 60  # seconds, per block (pytest-timeout); a block takes milliseconds to ~2 s
SEEDED_RUNS = 3

# -- What a block may take for granted --------------------------------------------------------

# Short snippets continue the example above them: `client` is the `Client()` of "Using the
# client", `source` the data source defined there, `run` a run it returned. Repeating those lines
# in every two-line snippet would bury what the snippet shows, so the test supplies them, block
# by block. A block that needs a name not listed here fails, naming it; a name listed that the
# block no longer needs fails too.
CONTEXT: dict[str, str] = {
    "client": "from openai_evals_runs import Client\nclient = Client()\n",
    "source": 'source = {"type": "jsonl", "source": {"type": "file_id", "id": "file-abc"}}\n',
    "run": (
        "from openai_evals_runs import Client\n"
        "with Client() as _client:\n"
        '    run = _client.runs.list("eval_123").data[0]\n'
    ),
}
PREAMBLES: dict[str, tuple[str, ...]] = {
    "using-the-client-2": ("client",),
    "using-the-client-3": ("client",),
    "waiting-for-runs": ("client", "source"),
    "raw-responses": ("client",),
    "raw-responses-2": ("run",),
    "per-call-options-and-copies": ("client", "source"),
    "per-call-options-and-copies-2": ("client", "source"),
    "errors": ("client",),
    "errors-2": ("client",),
    "retries-and-timeouts": ("client", "source"),
}

# Eval ids that must not exist on the server, and why.
ABSENT_EVALS = {"eval_missing": "Errors shows the NotFoundError of an eval that does not exist"}

# Environment variables a block reads, and why: a value, or a function of the block's server
# (its URL, its key). Set for every block; an entry no block names is stale.
ENVIRONMENT: dict[str, str | Callable[[FakeEvalsServer], str]] = {
    "GITHUB_RUN_ID": "4242",  # Retries and timeouts derives its idempotency key from the CI run
    # Azure OpenAI: the local server serves the Azure form too.
    "AZURE_OPENAI_ENDPOINT": lambda server: server.azure_endpoint,
    "AZURE_OPENAI_API_KEY": lambda server: server.api_key,
    "OPENAI_API_VERSION": "2025-04-01-preview",
    "TOKEN_FILE": "token.txt",  # Token refresh reads the token an identity agent keeps there
}


def _agent_token(server: FakeEvalsServer) -> None:
    Path("token.txt").write_text("tok-from-the-agent\n")
    server.accept_token("tok-from-the-agent")


# What a block expects to exist besides evals and runs (a file, a token the server accepts):
# block id -> a function of the server, run in the block's working directory.
SETUP: dict[str, Callable[[FakeEvalsServer], None]] = {"token-refresh": _agent_token}

# Blocks that cannot run here: block id -> reason. They are still compiled and name-checked.
SKIPS: dict[str, str] = {
    "azure-openai-2": "needs azure-identity and an Azure AD tenant (DefaultAzureCredential)",
}
# Blocks that show a library bug: block id -> the bug. None today.
XFAILS: dict[str, str] = {}

_EVAL_LITERAL = re.compile(r"""["'](eval_[A-Za-z0-9_]+)["']""")
_RUN_LITERAL = re.compile(r"""(["'])(evalrun_[A-Za-z0-9_]+)\1""")
_SCRIPT_NAME = re.compile(r"#\s*(test_\w+\.py)\b")


# -- Running a block --------------------------------------------------------------------------


@dataclasses.dataclass
class Ran:
    """What a block did: its output, exit code, names left behind and the server it talked to."""

    stdout: str
    exit_code: int
    namespace: dict[str, Any]
    server: FakeEvalsServer

    def requests(self, method: str) -> list[RecordedRequest]:
        """The requests of one method the server received, in order."""
        return [request for request in self.server.requests if request.method == method]


class _ServerTime:
    """A wait's clock and sleep: sleeping moves the server clock instead of the caller."""

    def __init__(self, server: FakeEvalsServer) -> None:
        self.server = server
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.server.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


@dataclasses.dataclass
class Sandbox:
    """Runs blocks; see the module docstring for the environment each gets."""

    monkeypatch: pytest.MonkeyPatch
    tmp_path: Path

    def run(self, block: Block) -> Ran:
        """Run `block` against a fresh server; raises whatever the block raises."""
        preamble = "" if collected_tests(block.source) else _preamble(block)
        with FakeEvalsServer() as server:
            source = _prepare(block, preamble, server)
            self.monkeypatch.setenv("OPENAI_API_KEY", server.api_key)
            self.monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
            for name, value in ENVIRONMENT.items():
                self.monkeypatch.setenv(name, value if isinstance(value, str) else value(server))
            if block.id in SETUP:
                SETUP[block.id](server)
            time = _ServerTime(server)
            for runs, sleep in ((Runs, time.sleep), (AsyncRuns, time.async_sleep)):
                self.monkeypatch.setattr(runs, "_clock", staticmethod(time.clock))
                self.monkeypatch.setattr(runs, "_sleep", staticmethod(sleep))
            if collected_tests(block.source):
                return _run_pytest_file(block, source, server, self.tmp_path)
            return _run_script(block, preamble, source, server)


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Sandbox:
    """The environment README blocks run in (see the module docstring)."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "AZURE_OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    # Backoff starts from this constant; zero makes retries immediate (as evals_client does).
    monkeypatch.setattr(_retry, "INITIAL_RETRY_DELAY", 0.0)
    return Sandbox(monkeypatch, tmp_path)


def _prepare(block: Block, preamble: str, server: FakeEvalsServer) -> str:
    """Create the evals the block (or its preamble) names and give its run ids real values;
    returns the block's source."""
    seeded: list[str] = []
    for eval_id in dict.fromkeys(_EVAL_LITERAL.findall(preamble + block.source)):
        if eval_id not in ABSENT_EVALS:
            server.create_eval(eval_id=eval_id)
            seeded += server.seed_runs(eval_id, SEEDED_RUNS)
    run_ids = list(dict.fromkeys(match.group(2) for match in _RUN_LITERAL.finditer(block.source)))
    if len(run_ids) > len(seeded):
        raise AssertionError(f"{block.id}: names runs {run_ids} but no eval to hold them")
    real = dict(zip(run_ids, seeded, strict=False))
    return _RUN_LITERAL.sub(lambda m: f"{m.group(1)}{real[m.group(2)]}{m.group(1)}", block.source)


def _preamble(block: Block) -> str:
    names = PREAMBLES.get(block.id, ())
    missing = free_names(block.source) - set(names)
    if missing:
        raise AssertionError(
            f"README block {block.id!r} (line {block.line}) uses {sorted(missing)} without "
            "defining them: define them in the block, or list them in PREAMBLES with a reason"
        )
    return "".join(CONTEXT[name] for name in names)


def _moved(code: types.CodeType, lines: int) -> types.CodeType:
    """`code` as if it stood `lines` lines lower: tracebacks then show README.md's own lines, and
    pytest shows the block from its first line (not the README from its start)."""
    consts = tuple(
        _moved(const, lines) if isinstance(const, types.CodeType) else const
        for const in code.co_consts
    )
    return code.replace(co_firstlineno=code.co_firstlineno + lines, co_consts=consts)


def _source_file(name: str, source: str) -> str:
    """Register `source` as file `name` for tracebacks (they show the line, not "???")."""
    linecache.cache[name] = (len(source), None, source.splitlines(keepends=True), name)
    return name


def _run_script(block: Block, preamble: str, source: str, server: FakeEvalsServer) -> Ran:
    code = compile(source, str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    code = _moved(code, block.line - 1)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    stdout = io.StringIO()
    exit_code = 0
    with loopback_only() as refused, contextlib.redirect_stdout(stdout):
        try:
            exec(
                compile(preamble, _source_file(f"<preamble of {block.id}>", preamble), "exec"),
                namespace,
            )
            result = eval(code, namespace)
            if code.co_flags & inspect.CO_COROUTINE:
                asyncio.run(result)
        except SystemExit as exit_:
            exit_code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        finally:
            for value in list(namespace.values()):
                if isinstance(value, Client):
                    value.close()
    assert not refused, f"{block.id} tried to reach beyond loopback: {refused}"
    return Ran(stdout.getvalue(), exit_code, namespace, server)


def _run_pytest_file(block: Block, source: str, server: FakeEvalsServer, tmp_path: Path) -> Ran:
    named = _SCRIPT_NAME.search(source.partition("\n")[0])
    script = tmp_path / (named.group(1) if named else "test_readme_block.py")
    script.write_text(source)
    # The user's project, not ours: no inherited pytest options, no configuration of this repo,
    # and none of the plugins of our dev venv that `pip install openai-evals-runs pytest` does
    # not bring (hypothesis's alone costs 2 s of start-up).
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "OPENAI_"))}
    env["PYTHONPATH"] = str(Path(__file__).parent)  # for `-p loopback_only` only
    plugins = ["no:cacheprovider", "no:hypothesispytest", "no:xdist", "no:timeout", "loopback_only"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *(f"-p{plugin}" for plugin in plugins), script.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=BLOCK_TIMEOUT - 10,
        check=False,
    )
    return Ran(result.stdout + result.stderr, result.returncode, {}, server)


# -- What a block must do ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Expect:
    """`lines`: a regex per line of output (each must match the whole line, and no line more);
    `exit_code`: of a script that calls sys.exit; `check`: anything else it promises (what the
    server received, what the block left behind)."""

    lines: tuple[str, ...] | None = None
    exit_code: int = 0
    check: Callable[[Ran], None] | None = None


def _body(request: RecordedRequest) -> Any:
    return json.loads(request.body)


def _created_from_file_abc(ran: Ran) -> None:
    (create,) = ran.requests("POST")
    assert _body(create)["data_source"] == {
        "type": "jsonl",
        "source": {"type": "file_id", "id": "file-abc"},
    }


def _raw_parses_to_a_page(ran: Ran) -> None:
    assert isinstance(ran.namespace["page"], Page)  # "the Page (an EvalRun for create)"


def _json_text_as_shown(ran: Ran) -> None:
    assert ran.namespace["text"].startswith('{\n  "object": "eval.run",\n  "id": ')


def _own_key_and_headers(ran: Ran) -> None:
    (get,) = ran.requests("GET")
    assert get.headers["x-trace"] == "abc"
    (create,) = ran.requests("POST")
    assert create.headers["idempotency-key"] == "nightly-2026-11-26"
    assert ran.namespace["patient"].max_retries == 5


def _extras_on_the_wire(ran: Ran) -> None:
    (get,) = ran.requests("GET")
    assert "include_archived=true" in get.query.split("&")
    (create,) = ran.requests("POST")
    assert _body(create)["priority"] == "low"


def _unknown_field_sent(ran: Ran) -> None:
    (create,) = ran.requests("POST")
    assert _body(create)["data_source"]["shuffle"] is True


def _key_from_the_ci_run(ran: Ran) -> None:
    (create,) = ran.requests("POST")
    assert create.headers["idempotency-key"] == "nightly-4242"  # GITHUB_RUN_ID, ENVIRONMENT


def _azure_form(ran: Ran) -> None:
    (get,) = ran.requests("GET")
    assert get.path == "/openai/evals/eval_123/runs"
    assert "api-version=2025-04-01-preview" in get.query.split("&")
    assert get.headers["api-key"] == ran.server.api_key


def _token_from_the_agent(ran: Ran) -> None:
    assert [r.headers["authorization"] for r in ran.requests("GET")] == [
        "Bearer tok-from-the-agent"
    ]


_RUN = r"evalrun_[0-9a-f]{32}"
_REQUEST_ID = r"req_[0-9a-f]+"

EXPECTED: dict[str, Expect] = {
    "using-the-client": Expect(
        lines=(
            rf"\[EvalRun\(id='{_RUN}', .*\)\] False {_RUN} {_RUN}",
            *[rf"{_RUN} completed \d+"] * SEEDED_RUNS,
            rf"{SEEDED_RUNS} {_REQUEST_ID}",
            rf"{_RUN} queued https://\S+",
        )
    ),
    "using-the-client-2": Expect(check=_created_from_file_abc),
    "using-the-client-3": Expect(check=_created_from_file_abc),
    "async": Expect(lines=(*[_RUN] * SEEDED_RUNS, str(SEEDED_RUNS))),
    "waiting-for-runs": Expect(lines=(r"completed 0\.\d+",)),
    "raw-responses": Expect(
        lines=(rf"200 application/json {_REQUEST_ID} [\d.e-]+", "0"), check=_raw_parses_to_a_page
    ),
    "raw-responses-2": Expect(check=_json_text_as_shown),
    "per-call-options-and-copies": Expect(check=_own_key_and_headers),
    "per-call-options-and-copies-2": Expect(check=_extras_on_the_wire),
    "errors": Expect(
        lines=(
            "limit limit: must be a positive integer, got 0",
            rf"404 {_REQUEST_ID} .*No eval found with id 'eval_missing'.*",
        )
    ),
    "errors-2": Expect(check=_unknown_field_sent),
    "retries-and-timeouts": Expect(check=_key_from_the_ci_run),
    # The local server grades 7 items of 10 as passed: below the script's 0.9 bar, so exit 3.
    "azure-openai": Expect(lines=(rf"{_RUN} completed",) * SEEDED_RUNS, check=_azure_form),
    "token-refresh": Expect(
        lines=(r"\[" + ", ".join([f"'{_RUN}'"] * SEEDED_RUNS) + r"\]",), check=_token_from_the_agent
    ),
    "use-it-in-ci": Expect(lines=(r"completed: pass rate 0\.7, https://\S+",), exit_code=3),
}


def check(block: Block, ran: Ran) -> None:
    """Fail unless `ran` is what `block` promises (see EXPECTED and the module docstring)."""
    tests = collected_tests(block.source)
    if tests:
        assert ran.exit_code == 0, f"{block.id}: pytest failed:\n{ran.stdout}"
        assert re.search(rf"\b{len(tests)} passed\b", ran.stdout), ran.stdout
        return
    expect = EXPECTED.get(block.id, Expect())
    assert ran.exit_code == expect.exit_code, f"{block.id}: exit code {ran.exit_code}"
    if expect.lines is not None:
        lines = ran.stdout.splitlines()
        assert len(lines) == len(expect.lines), f"{block.id} printed:\n{ran.stdout}"
        for line, pattern in zip(lines, expect.lines, strict=True):
            assert re.fullmatch(pattern, line), f"{block.id}: {line!r} !~ {pattern!r}"
    elif re.search(r"\bprint\(", block.source):
        assert ran.stdout, f"{block.id} prints nothing"
    if expect.check is not None:
        expect.check(ran)


def table_problems(blocks: list[Block]) -> list[str]:
    """Entries of this file's tables that name no block, or names no block needs (stale)."""
    by_id = {block.id: block for block in blocks}
    problems = [
        f"{table} names {block_id!r}, which README.md no longer has"
        for table, entries in (
            ("PREAMBLES", PREAMBLES),
            ("EXPECTED", EXPECTED),
            ("SETUP", SETUP),
            ("SKIPS", SKIPS),
            ("XFAILS", XFAILS),
        )
        for block_id in entries
        if block_id not in by_id
    ]
    for block_id, names in PREAMBLES.items():
        if block_id in by_id:
            unused = set(names) - free_names(by_id[block_id].source)
            problems += [f"PREAMBLES gives {block_id!r} {name!r}, unused" for name in unused]
    problems += [
        f"EXPECTED describes {block_id!r}, a pytest file: its own asserts are its check"
        for block_id in EXPECTED
        if block_id in by_id and collected_tests(by_id[block_id].source)
    ]
    sources = "".join(block.source for block in blocks)
    for table, names in (("ABSENT_EVALS", ABSENT_EVALS), ("ENVIRONMENT", ENVIRONMENT)):
        problems += [f"{table}: {name!r} is in no block" for name in names if name not in sources]
    return problems


# -- The tests --------------------------------------------------------------------------------


def _param(block: Block) -> Any:
    marks: list[pytest.MarkDecorator] = [pytest.mark.timeout(BLOCK_TIMEOUT)]
    if block.id in XFAILS:
        marks.append(pytest.mark.xfail(reason=XFAILS[block.id], strict=True))
    return pytest.param(block, id=block.id, marks=marks)


@pytest.mark.parametrize("block", [_param(block) for block in BLOCKS])
def test_readme_block(block: Block, sandbox: Sandbox) -> None:
    if block.id in SKIPS:
        compile(block.source, str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        _preamble(block)  # every name it uses is defined
        pytest.skip(SKIPS[block.id])
    check(block, sandbox.run(block))


def test_every_table_entry_is_current() -> None:
    assert table_problems(BLOCKS) == []


def test_the_readme_has_blocks_to_run() -> None:
    # A fence parser that found nothing would make every test above vanish in silence.
    assert len(BLOCKS) >= 10
    assert len({block.id for block in BLOCKS}) == len(BLOCKS)


def test_blocks_are_found_under_their_headings() -> None:
    markdown = (
        "# Title\n```python\na = 1\n```\n## Use `it`: here\n```sh\nls\n```\n"
        '````python\nb = """\n```\n"""\n````\n~~~py\n# not a heading\nc = 3\n~~~\n'
    )
    blocks = python_blocks(markdown)
    assert [(block.id, block.line) for block in blocks] == [
        ("title", 3),
        ("use-it-here", 10),
        ("use-it-here-2", 15),
    ]
    assert blocks[1].source == 'b = """\n```\n"""\n'
    assert blocks[2].source == "# not a heading\nc = 3\n"
    with pytest.raises(ValueError, match="line 1: the fence ```python is never closed"):
        python_blocks("```python\nx = 1\n")


# -- The tests can fail -----------------------------------------------------------------------


def _altered(block_id: str, old: str, new: str) -> Block:
    (block,) = (block for block in BLOCKS if block.id == block_id)
    assert old in block.source
    return dataclasses.replace(block, source=block.source.replace(old, new))


@pytest.mark.timeout(BLOCK_TIMEOUT)
def test_a_misspelled_method_fails(sandbox: Sandbox) -> None:
    broken = _altered("raw-responses", "with_raw_response.list(", "with_raw_response.lsit(")
    with pytest.raises(AttributeError, match="lsit"):
        check(broken, sandbox.run(broken))


@pytest.mark.timeout(BLOCK_TIMEOUT)
def test_output_other_than_the_readme_says_fails(sandbox: Sandbox) -> None:
    broken = _altered("errors", "limit=0", "limit=1")
    with pytest.raises(AssertionError, match="errors printed"):
        check(broken, sandbox.run(broken))


@pytest.mark.timeout(BLOCK_TIMEOUT)
def test_a_failing_pytest_example_fails(sandbox: Sandbox) -> None:
    broken = _altered(
        "testing-your-code-the-local-evals-server",
        "evals_server.advance(COMPLETED_AFTER)  # now it is completed",
        "pass",
    )
    with pytest.raises(AssertionError, match="1 failed, 3 passed"):
        check(broken, sandbox.run(broken))


@pytest.mark.timeout(BLOCK_TIMEOUT)
def test_reaching_beyond_loopback_fails(sandbox: Sandbox) -> None:
    # Caught by the block itself, and still seen: 192.0.2.1 is TEST-NET-1, never routed.
    source = (
        "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "except OSError:\n    pass\n"
    )
    block = Block("network", "Network", 1, source)
    with pytest.raises(AssertionError, match=r"beyond loopback.*192\.0\.2\.1"):
        sandbox.run(block)


def test_a_block_needing_an_undeclared_name_fails(sandbox: Sandbox) -> None:
    block = Block("continuation", "Continuation", 1, "print(run.id)\n")
    with pytest.raises(AssertionError, match=r"uses \['run'\] without defining"):
        sandbox.run(block)


def test_stale_table_entries_fail() -> None:
    without_errors = [block for block in BLOCKS if not block.id.startswith("errors")]
    problems = table_problems(without_errors)
    assert "EXPECTED names 'errors', which README.md no longer has" in problems
    assert "ABSENT_EVALS: 'eval_missing' is in no block" in problems
    own_client = "from openai_evals_runs import Client\nclient = Client()\n"
    self_contained = [
        dataclasses.replace(block, source=own_client + block.source)
        if block.id == "raw-responses"
        else block
        for block in BLOCKS
    ]
    assert table_problems(self_contained) == ["PREAMBLES gives 'raw-responses' 'client', unused"]
