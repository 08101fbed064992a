"""A user script using the whole public API passes `mypy --strict` (the package ships its types)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_user_script_type_checks_strictly(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            "--config-file",
            "/dev/null",
            str(HERE / "typing" / "user_script.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
