"""The README's "Azure OpenAI" and "Token refresh" examples, run as they are written (in a child
process, configured by environment variables only) against the local server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from openai_evals_runs.testing import FakeEvalsServer

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _examples(heading: str) -> list[str]:
    section = README.split(f"\n### {heading}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
        check=False,
    )


def test_the_azure_example_runs_against_the_local_server() -> None:
    example, identity = _examples("Azure OpenAI")
    compile(identity, "README azure-identity example", "exec")  # needs azure-identity to run
    with FakeEvalsServer() as server:
        eval_id = server.create_eval("readme", eval_id="eval_123")
        ids = server.seed_runs(eval_id, 7)
        result = _run(
            example,
            AZURE_OPENAI_ENDPOINT=server.azure_endpoint,
            AZURE_OPENAI_API_KEY=server.api_key,
            OPENAI_API_VERSION="2025-04-01-preview",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [
            word for run_id in reversed(ids[-5:]) for word in (run_id, "completed")
        ]
        (received,) = server.requests
        assert received.path == "/openai/evals/eval_123/runs"
        assert received.query == "api-version=2025-04-01-preview&limit=5&order=desc"
        assert received.headers["api-key"] == server.api_key


def test_the_token_refresh_example_runs_against_the_local_server(tmp_path: Path) -> None:
    (example,) = _examples("Token refresh")
    token_file = tmp_path / "token"
    token_file.write_text("tok-from-the-agent-1\n")
    with FakeEvalsServer() as server:
        server.accept_token("tok-from-the-agent-1")
        eval_id = server.create_eval("readme", eval_id="eval_123")
        ids = server.seed_runs(eval_id, 3)
        result = _run(example, TOKEN_FILE=str(token_file), OPENAI_BASE_URL=server.base_url)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == repr(ids)
        assert [r.headers["authorization"] for r in server.requests] == [
            "Bearer tok-from-the-agent-1"
        ]
        # The agent rotates the token: the next run of the script sends the new one.
        server.revoke_token("tok-from-the-agent-1")
        server.accept_token("tok-from-the-agent-2")
        token_file.write_text("tok-from-the-agent-2\n")
        again = _run(example, TOKEN_FILE=str(token_file), OPENAI_BASE_URL=server.base_url)
        assert again.returncode == 0, again.stderr
        assert server.requests[-1].headers["authorization"] == "Bearer tok-from-the-agent-2"
