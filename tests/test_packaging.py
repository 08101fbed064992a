"""The built wheel carries both packages, installs into a fresh virtualenv and imports."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import subprocess
import threading
import tomllib
import typing
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
    # The license the metadata names, and the examples the README and --help use.
    assert f"openai_evals_runs-{version}.dist-info/licenses/LICENSE" in names
    shipped = sorted(
        n.rsplit("/", 1)[1] for n in names if n.startswith("openai_evals_runs/examples/")
    )
    assert shipped == sorted(p.name for p in (ROOT / "examples").iterdir())
    venv = tmp_path / "venv"
    python = _wheel.fresh_venv(venv, str(wheel))
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
    _run_the_readme_commands(venv / "bin", tmp_path / "elsewhere")


def _readme_commands() -> list[str]:
    """The commands of the README's "Try it" block (the command line section)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("Try it without an account", 1)[1].split("```sh\n", 1)[1]
    lines = block.split("```", 1)[0].splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.startswith(PROG)]


PROG = "openai-evals-runs"


def _run_the_readme_commands(bin_dir: Path, cwd: Path) -> None:
    """Start the README's fake server, then run its other commands against it from `cwd`, a
    folder without examples/ (so the installed copy is what they read)."""
    server_command, *commands = _readme_commands()
    assert server_command.startswith(f"{PROG} fake-server") and len(commands) >= 2
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PYTHONPATH"))}
    env["PYTHONUNBUFFERED"] = "1"
    # --port 0: any free port (the README's default port may be taken here).
    server = subprocess.Popen(
        [str(bin_dir / PROG), *shlex.split(server_command)[1:], "--port", "0"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = _read_until(server, "Press Ctrl-C", seconds=30)
        exports = dict(re.findall(r"export (OPENAI_\w+)=(\S+)", printed))
        (eval_id,) = re.findall(r"^\s+(eval_\w+)\s+news-headlines$", printed, flags=re.MULTILINE)
        for command in commands:
            args = shlex.split(command.replace("EVAL_ID", eval_id))
            result = subprocess.run(
                [str(bin_dir / PROG), *args[1:]],
                cwd=cwd,
                env={**env, **exports},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert result.returncode == 0, (command, result.stdout + result.stderr)
            assert "evalrun_" in result.stdout, command
    finally:
        server.terminate()
        server.wait(timeout=10)


def _read_until(process: subprocess.Popen[str], marker: str, seconds: float) -> str:
    """What `process` printed up to the line holding `marker` (bounded in time)."""
    assert process.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(_until(process.stdout, marker))), daemon=True
    )
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), f"no {marker!r} within {seconds} s: {''.join(lines)}"
    return "".join(lines)


def _until(stream: typing.IO[str], marker: str) -> typing.Iterator[str]:
    for _ in range(200):  # the banner is a dozen lines
        line = stream.readline()
        yield line
        if not line or marker in line:
            return
