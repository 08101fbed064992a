"""The built wheel carries both packages, installs into a fresh virtualenv and imports."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import openai_evals_runs

ROOT = Path(__file__).resolve().parent.parent


def test_version_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert openai_evals_runs.__version__ == project["version"]
    assert project["requires-python"] == ">=3.11"
    # Only what the code imports: httpx and attrs (python-dateutil deliberately dropped).
    names = sorted(dep.split(">")[0].split("<")[0].split("=")[0] for dep in project["dependencies"])
    assert names == ["attrs", "httpx"]


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1 and list(dist.glob("*.tar.gz"))
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "openai_evals_runs/py.typed" in names
    assert "openai_evals_runs_api/py.typed" in names
    assert "openai_evals_runs_api/openapi.json" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # Dependencies come from this environment's wheels cache/registry; the package from the wheel.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheels[0])],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import openai_evals_runs, openai_evals_runs_api; "
            "print(openai_evals_runs.__version__, openai_evals_runs.Client.__name__)",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [openai_evals_runs.__version__, "Client"]
