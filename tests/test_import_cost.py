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


def test_async_client_loads_on_first_use() -> None:
    modules = _modules_after("from openai_evals_runs import AsyncClient")
    assert "openai_evals_runs._async_client" in modules
