"""The built wheel carries both packages, installs into a fresh virtualenv and imports."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import _wheel
import openai_evals_runs_api
import pytest

import openai_evals_runs
from openai_evals_runs import _config

ROOT = Path(__file__).resolve().parent.parent


def test_version_is_written_once() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = pyproject["project"]
    # The build reads the version from _version.py; pyproject.toml has no number of its own.
    assert "version" not in project and project["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"] == {"path": "src/openai_evals_runs/_version.py"}
    version = openai_evals_runs.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([abc]|rc)?\d*(\.post\d+)?(\.dev\d+)?", version), version
    assert _config.USER_AGENT.startswith(f"openai-evals-runs/{version} ")
    # The generated package reports the installed distribution's version (metadata written by
    # `pip install -e .`; `make venv` reinstalls when _version.py changes).
    assert openai_evals_runs_api.__version__ == version, "stale install: run `make venv`"
    assert importlib.metadata.version("openai-evals-runs") == version


def test_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    # Only what the code imports: httpx and attrs (python-dateutil deliberately dropped).
    names = sorted(dep.split(">")[0].split("<")[0].split("=")[0] for dep in project["dependencies"])
    assert names == ["attrs", "httpx"]


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    wheel = _wheel.build(dist, sdist=True)
    version = openai_evals_runs.__version__
    assert wheel.name == f"openai_evals_runs-{version}-py3-none-any.whl"
    assert [s.name for s in dist.glob("*.tar.gz")] == [f"openai_evals_runs-{version}.tar.gz"]
    names = zipfile.ZipFile(wheel).namelist()
    assert "openai_evals_runs/py.typed" in names
    assert "openai_evals_runs_api/py.typed" in names
    assert "openai_evals_runs_api/openapi.json" in names
    python = _wheel.fresh_venv(tmp_path / "venv", str(wheel))
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import openai_evals_runs, openai_evals_runs_api; "
            "print(openai_evals_runs.__version__, openai_evals_runs_api.__version__, "
            "openai_evals_runs.Client.__name__)",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [version, version, "Client"]
