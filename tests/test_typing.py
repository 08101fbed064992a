"""A user script using the whole public API passes `mypy --strict` (the package ships its types)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _mypy(tmp_path: Path, *scripts: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--config-file",
            "/dev/null",
            *map(str, scripts),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )


def test_user_script_type_checks_strictly(tmp_path: Path) -> None:
    result = _mypy(tmp_path, HERE / "typing" / "user_script.py")
    assert result.returncode == 0, result.stdout + result.stderr


def _marked_lines(script: Path) -> set[int]:
    """The lines of `script` marked `# mistake`."""
    lines = script.read_text().splitlines()
    return {number for number, line in enumerate(lines, 1) if line.endswith("# mistake")}


def _error_lines(output: str, script: Path) -> set[int]:
    """The lines a checker's `file:line:...: error` output reports in `script`."""
    found = re.findall(rf"^{re.escape(str(script))}:(\d+):(?:\d+:)? error", output, re.M)
    return {int(number) for number in found}


def test_mypy_reports_each_mistake_of_a_user_script_on_its_line(tmp_path: Path) -> None:
    script = HERE / "typing" / "mistakes.py"
    assert len(_marked_lines(script)) == 4
    result = _mypy(tmp_path, script)
    assert _error_lines(result.stdout, script) == _marked_lines(script), result.stdout


def test_mypy_finds_the_corrected_script_clean(tmp_path: Path) -> None:
    result = _mypy(tmp_path, HERE / "typing" / "corrected.py")
    assert result.returncode == 0, result.stdout + result.stderr


def _pyright_errors(tmp_path: Path, script: Path) -> set[int]:
    """The lines pyright (pinned in requirements-dev.txt, Node.js from a wheel) reports an error
    on in `script`, checked against this interpreter's packages."""
    pyright = Path(sys.executable).parent / "pyright"
    result = subprocess.run(
        [str(pyright), "--outputjson", "--pythonpath", sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
        # No look-up of a newer pyright version: the check runs offline.
        env={**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"},
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["filesAnalyzed"] == 1, report
    return {
        diagnostic["range"]["start"]["line"] + 1
        for diagnostic in report["generalDiagnostics"]
        if diagnostic["severity"] == "error"
    }


def test_pyright_reports_each_mistake_of_a_user_script_on_its_line(tmp_path: Path) -> None:
    script = HERE / "typing" / "mistakes.py"
    assert _pyright_errors(tmp_path, script) == _marked_lines(script)


def test_pyright_finds_the_corrected_script_clean(tmp_path: Path) -> None:
    assert _pyright_errors(tmp_path, HERE / "typing" / "corrected.py") == set()


def test_a_type_error_in_user_code_is_caught(tmp_path: Path) -> None:
    script = tmp_path / "wrong.py"
    script.write_text(
        "from openai_evals_runs import Client\n"
        "client = Client(api_key='sk-x')\n"
        "count: str = client.runs.list('eval_1').data[0].result_counts.passed\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            "/dev/null",
            str(script),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "Incompatible types in assignment" in result.stdout


@pytest.mark.slow
def test_the_package_type_checks_strictly_on_a_plain_copy_of_the_tree(tmp_path: Path) -> None:
    # What `make typecheck` checks, without the editable install: generated/ is found through
    # mypy_path and left out of the report by configuration (pyproject.toml), not by luck.
    root = HERE.parent
    for name in ("src", "generated"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(root / "pyproject.toml", tmp_path / "pyproject.toml")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "src"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_a_run_s_optional_nested_fields_read_as_x_or_none_for_mypy(tmp_path: Path) -> None:
    # tests/typing/responses.py asserts (assert_type) that each optional field it reads is exactly
    # `X | None`: with the generator's `X | Unset` it fails here.
    result = _mypy(tmp_path, HERE / "typing" / "responses.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_run_s_optional_nested_fields_read_as_x_or_none_for_pyright(tmp_path: Path) -> None:
    assert _pyright_errors(tmp_path, HERE / "typing" / "responses.py") == set()


# The least `pyright --verifytypes` score the package may have (issue 11 asks for 95%; 100% when
# this was written). Docstring warnings do not count towards it.
VERIFYTYPES_FLOOR = 0.95


def test_pyright_verifytypes_scores_the_public_api_fully_typed(tmp_path: Path) -> None:
    root = HERE.parent
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "pyright"),
            "--verifytypes",
            "openai_evals_runs",
            "--ignoreexternal",
            "--outputjson",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
        env={
            **os.environ,
            "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1",
            # --verifytypes ignores --pythonpath and resolves imports with the `python` first on
            # PATH: this interpreter's, and this tree's sources ahead of any installed copy.
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": os.pathsep.join(str(root / name) for name in ("src", "generated")),
        },
    )
    report = json.loads(result.stdout)
    completeness = report["typeCompleteness"]
    assert completeness["pyTypedPath"].endswith("src/openai_evals_runs/py.typed"), completeness
    errors = sorted(
        f"{symbol['name']}: {diagnostic['message'].splitlines()[0]}"
        for symbol in completeness["symbols"]
        for diagnostic in symbol["diagnostics"]
        if diagnostic["severity"] == "error"
    )
    assert completeness["exportedSymbolCounts"]["withKnownType"] > 100, completeness
    assert completeness["completenessScore"] >= VERIFYTYPES_FLOOR, "\n".join(errors)
