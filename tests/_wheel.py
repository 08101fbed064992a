"""Build this project's wheel and install it into a fresh virtualenv (the slow packaging tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(dist: Path, *, sdist: bool = False) -> Path:
    """Build the wheel (and the sdist when asked) into `dist`; returns the wheel."""
    formats = ["--wheel", "--sdist"] if sdist else ["--wheel"]
    subprocess.run(
        [sys.executable, "-m", "build", *formats, "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def fresh_venv(path: Path, *requirements: str) -> Path:
    """A new virtualenv at `path` with `requirements` installed; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=120)
    python = path / "bin" / "python"
    # Dependencies come from this environment's wheels cache/registry; the package from the wheel.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *requirements],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return python


def pinned(name: str) -> str:
    """`name==version` as requirements-dev.txt pins it."""
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        if line.split("==")[0].strip().lower() == name.lower():
            return line.split("#")[0].strip()
    raise LookupError(f"{name} is not pinned in requirements-dev.txt")
