"""`import openai_evals_runs` stays cheap: no async machinery, CLI or test server."""

from __future__ import annotations

import json
import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; import json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(result.stdout))


def test_import_does_not_load_async_cli_or_testing() -> None:
    modules = _modules_after("import openai_evals_runs")
    assert "openai_evals_runs._client" in modules
    for heavy in (
        "asyncio",
        "openai_evals_runs._async_client",
        "openai_evals_runs.cli",
        "openai_evals_runs.testing",
        "http.server",
        "argparse",
    ):
        assert heavy not in modules, heavy


def test_import_loads_nothing_beyond_httpx_but_this_package() -> None:
    # What the import-time target of `make bench` relies on: the generated package, attrs (and
    # the `platform` it pulls in), the JSON spec and the version metadata load on first use only.
    before = _modules_after("import httpx")
    added = _modules_after("import openai_evals_runs") - before
    assert added, "nothing imported?"
    assert all(
        name.startswith("openai_evals_runs.") or name == "openai_evals_runs" for name in added
    ), sorted(added)
    assert "openai_evals_runs.runs" not in added
    assert "openai_evals_runs._parsing" not in added


def test_the_generated_models_load_only_when_a_nested_part_is_read() -> None:
    # Listing and reading a run's own fields never loads the generated models (most of the
    # import time, and most of a cold CLI listing): only reading a nested part does.
    listing = (
        "import openai_evals_runs; from openai_evals_runs._parsing import parse_run_list; "
        "raw = json.load(open('tests/data/official_list_example.json')); "
        "openai_evals_runs.Client(api_key='sk-x').runs; "
        "runs = parse_run_list(raw).data; [run.id + run.status for run in runs]"
    )
    modules = _modules_after("import json; " + listing)
    assert "openai_evals_runs_api.models" not in modules
    assert "attrs" not in modules
    modules = _modules_after("import json; " + listing + "; runs[0].result_counts.passed")
    assert "openai_evals_runs_api.models" in modules
    assert "attrs" in modules


def test_async_client_loads_on_first_use() -> None:
    modules = _modules_after("from openai_evals_runs import AsyncClient")
    assert "openai_evals_runs._async_client" in modules


def test_the_request_typeddicts_load_only_from_openai_evals_runs_types() -> None:
    modules = _modules_after(
        "import openai_evals_runs; from openai_evals_runs import Client; "
        "Client(api_key='sk-x').runs.list"
    )
    assert "openai_evals_runs.types" not in modules
    assert "openai_evals_runs_api.params" not in modules
    code = (
        "from typing import get_args; from openai_evals_runs.types import DataSourceParam; "
        "print(sorted(variant.__name__ for variant in get_args(DataSourceParam)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout.replace("'", '"')) == [
        "CreateEvalCompletionsRunDataSourceParam",
        "CreateEvalJsonlRunDataSourceParam",
        "CreateEvalResponsesRunDataSourceParam",
    ]


def test_a_sync_listing_and_the_cli_never_load_asyncio() -> None:
    # asyncio is ~20 ms of a cold start (most of the cold CLI's margin over a plain httpx
    # script in `make bench`): only the async client loads it.
    from openai_evals_runs.testing import FakeEvalsServer

    with FakeEvalsServer() as server:
        eval_id = server.create_eval()
        server.seed_runs(eval_id, 3)
        setup = (
            "import openai_evals_runs; "
            f"client = openai_evals_runs.Client(api_key={server.api_key!r}, "
            f"base_url={server.base_url!r})"
        )
        modules = _modules_after(setup + f"; assert len(list(client.runs.list({eval_id!r}))) == 3")
        assert "openai_evals_runs.runs" in modules
        assert "asyncio" not in modules
        cli = (
            "from openai_evals_runs.cli import main; import contextlib, io; "
            "out = io.StringIO(); "
            "ctx = contextlib.redirect_stdout(out); ctx.__enter__(); "
            f"code = main(['--base-url', {server.base_url!r}, '--api-key', {server.api_key!r}, "
            f"'runs', 'list', {eval_id!r}, '--output', 'jsonl']); ctx.__exit__(None, None, None); "
            "assert code == 0 and out.getvalue().count(chr(10)) == 3, (code, out.getvalue())"
        )
        modules = _modules_after(cli)
        assert "openai_evals_runs.cli" in modules
        assert "asyncio" not in modules
