"""README "Use it in CI": the GitHub Actions job and the Python script are short, and both do what
the section says against a local server (its clock so fast that a run is finished at the first
poll, so the default 5 s poll interval never sleeps).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from openai_evals_runs.cli import main
from openai_evals_runs.testing import FakeEvalsServer, Outcome

pytestmark = pytest.mark.evals_server(speed=100_000)

ROOT = Path(__file__).resolve().parent.parent
SECTION = (ROOT / "README.md").read_text().split("## Use it in CI", 1)[1].split("\n## ", 1)[0]
JOB = re.search(r"```yaml\n(.*?)```", SECTION, re.DOTALL).group(1)  # type: ignore[union-attr]
SCRIPT = re.search(r"```python\n(.*?)```", SECTION, re.DOTALL).group(1)  # type: ignore[union-attr]


def test_both_are_under_15_lines() -> None:
    assert len(JOB.splitlines()) < 15
    assert len(SCRIPT.splitlines()) < 15


def _job_command() -> list[str]:
    steps = yaml.safe_load(JOB)["jobs"]["evals"]["steps"]
    commands = [
        step["run"] for step in steps if step.get("run", "").startswith("openai-evals-runs ")
    ]
    (command,) = commands
    words = shlex.split(command)
    assert words[0] == "openai-evals-runs"
    return words[1:]


@pytest.mark.parametrize(("passed", "expected"), [(9, 0), (8, 3)])
def test_the_github_actions_job_gates_and_reports(
    evals_server: FakeEvalsServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    passed: int,
    expected: int,
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.set_outcome(Outcome(passed=passed, failed=10 - passed))
    (tmp_path / "evals").mkdir()
    shutil.copy(
        ROOT / "examples" / "news_headlines_completions.json", tmp_path / "evals" / "nightly.json"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_BASE_URL", evals_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", evals_server.api_key)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    args = [eval_id if word == "eval_123" else word for word in _job_command()]
    assert main(args) == expected
    suite = ET.parse(tmp_path / "evals.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == str(int(expected == 3))
    assert "| pass rate |" in (tmp_path / "summary.md").read_text()


@pytest.mark.parametrize(("passed", "expected"), [(9, 0), (8, 3)])
def test_the_python_script_gates(
    evals_server: FakeEvalsServer, tmp_path: Path, passed: int, expected: int
) -> None:
    eval_id = evals_server.create_eval()
    evals_server.set_outcome(Outcome(passed=passed, failed=10 - passed))
    script = tmp_path / "gate.py"
    script.write_text(SCRIPT.replace('"eval_123"', repr(eval_id)))
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")}
    env |= {"OPENAI_BASE_URL": evals_server.base_url, "OPENAI_API_KEY": evals_server.api_key}
    result = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == expected, result.stderr
    assert result.stdout.startswith(f"completed: pass rate {passed / 10}")
