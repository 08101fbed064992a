"""The pytest plugin as users get it: pytest run in a subprocess on a user's test file.

tests/data/user_project_tests.py uses only the fixtures; each test here runs it
with no conftest.py around and checks every test's outcome (pass, failure, or an error at setup
or teardown) from pytest's JUnit XML report.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import _wheel
import pytest

# Not named test_*.py: this suite must not collect it (some of its tests are meant to fail).
USER_TESTS = Path(__file__).resolve().parent / "data" / "user_project_tests.py"
README = Path(__file__).resolve().parent.parent / "README.md"
EXPECTED = {
    "test_scripted_outcome_over_http": "passed",
    "test_retries_do_not_wait": "passed",
    "test_async_client": "passed",
    "test_marker_runs_the_clock": "passed",
    "test_indirect_options[evals_server0]": "passed",
    "test_unused_faults_allowed_by_the_marker": "passed",
    "test_unused_faults_cleared": "passed",
    "test_unused_fault_expected_error": "error at teardown: injected faults were never used",
    "test_failing_test_with_unused_fault_expected_failure": "failed",
    "test_unknown_option_expected_error": "error at setup: unknown evals_server option(s) sped",
}


def _outcomes(report: Path) -> dict[str, str]:
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        failure, error = case.find("failure"), case.find("error")
        if error is not None:
            message = error.get("message", "")
            phase = "teardown" if "teardown" in message else "setup"
            text = (error.text or "") + message
            detail = next(
                (key for key in ("injected faults were never used", "sped") if key in text), "?"
            )
            if detail == "sped":
                detail = "unknown evals_server option(s) sped"
            outcomes[case.get("name", "")] = f"error at {phase}: {detail}"
        elif failure is not None:
            outcomes[case.get("name", "")] = "failed"
        else:
            outcomes[case.get("name", "")] = "passed"
    return outcomes


def _pytest(python: Path | str, project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """pytest run by `python` in `project` (its own root: no addopts, no conftest.py)."""
    (project / "pytest.ini").write_text("[pytest]\n")
    # Nothing of this pytest run may leak in (xdist worker variables, addopts, our OPENAI_ keys).
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "OPENAI_")) and key != "PYTHONPATH"
    }
    return subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", *options],
        check=False,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def run_user_project(python: Path | str, project: Path, *options: str) -> dict[str, str]:
    """Run pytest with `python` on a copy of the user's test file; each test's outcome."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(USER_TESTS, project / "test_user_project.py")
    report = project / "report.xml"
    result = _pytest(python, project, f"--junitxml={report}", *options)
    assert result.returncode == 1, result.stdout + result.stderr  # the expected failures
    assert "conftest" not in result.stdout
    return _outcomes(report)


@pytest.mark.timeout(120)
def test_the_readme_test_file_passes(tmp_path: Path) -> None:
    section = README.read_text().split("## Testing your code", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert code is not None and "def test_" in code[1]
    (tmp_path / "test_release_gate.py").write_text(code[1])
    result = _pytest(sys.executable, tmp_path, "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b4 passed\b", result.stdout), result.stdout


@pytest.mark.timeout(120)
def test_fixtures_under_xdist(tmp_path: Path) -> None:
    # This environment has the package installed in development mode: its entry point is live.
    assert run_user_project(sys.executable, tmp_path / "project", "-n", "2") == EXPECTED


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_user_project_finds_the_plugin_through_the_installed_wheel(tmp_path: Path) -> None:
    wheel = _wheel.build(tmp_path / "dist")
    python = _wheel.fresh_venv(
        tmp_path / "venv", str(wheel), _wheel.pinned("pytest"), _wheel.pinned("pytest-xdist")
    )
    outcomes = run_user_project(python, tmp_path / "project", "-n", "2")
    assert outcomes == EXPECTED
