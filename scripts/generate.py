"""Regenerate the low-level package `openai_evals_runs_api` from openapi.yaml.

Usage: python scripts/generate.py OUTPUT_ROOT

Writes OUTPUT_ROOT/openai_evals_runs_api/ with openapi-python-client (pinned), then adds the two
files the generator does not write for a bare package: `py.typed` (PEP 561) and `openapi.json`,
the spec as data, which the hand-written package reads for request validation and the local
server; and `params.py`, the request TypedDicts (scripts/params.py), which the generator has no
option for. Templates in generator-templates/ replace the generator's own of the same name (the
package `__init__.py` adds `__version__`; an optional field or argument is `X | None`, never the
generator's `Unset`: see generator-templates/README.md). Any generator warning fails the run.
Nothing under generated/ is edited by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import params

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator-config.yaml"
TEMPLATES = ROOT / "generator-templates"
PACKAGE = "openai_evals_runs_api"
# The generator whose templates generator-templates/ started from: another version would mix its
# templates with ours (see generator-templates/README.md before upgrading).
GENERATOR_VERSION = "0.29.1"


def generate(output_root: Path) -> Path:
    """Generate the package under `output_root` and return its folder."""
    installed = version("openapi-python-client")
    if installed != GENERATOR_VERSION:
        raise SystemExit(
            f"openapi-python-client {installed} is installed; generator-templates/ is written for "
            f"{GENERATOR_VERSION} (requirements-dev.txt pins it): diff its templates first"
        )
    target = output_root / PACKAGE
    if target.exists():
        shutil.rmtree(target)
    output_root.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(SPEC),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--custom-template-path",
            str(TEMPLATES),
            "--output-path",
            str(target),
            "--fail-on-warning",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0 or "warning" in output.lower() or "error" in output.lower():
        sys.stderr.write(output)
        raise SystemExit(f"openapi-python-client failed (exit {result.returncode})")
    (target / "py.typed").write_text("# PEP 561: this package ships type hints.\n")
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    (target / "openapi.json").write_text(
        json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (target / "params.py").write_text(params.render(spec), encoding="utf-8")
    subprocess.run(
        [str(bin_dir / "ruff"), "format", "--quiet", "--isolated", "--no-cache", "params.py"],
        cwd=target,
        check=True,
    )
    return target


def main() -> None:
    """Command-line entry: generate into the folder given as the only argument."""
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    target = generate(Path(sys.argv[1]).resolve())
    print(f"generated {target}")


if __name__ == "__main__":
    main()
