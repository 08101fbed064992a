"""Copies of this repository's working tree, for tests that change, build or publish one.

A copy holds the tracked and new (unignored) files as they are on disk, so uncommitted changes are
tested too, and the real checkout is never dirtied. `make_checkout` commits the copy into a fresh
git repository as release 0.1.0 (tagged `v0.1.0`, the baseline of the release gate), then, unless
told otherwise, as the version under test with its CHANGELOG section. Make runs in a copy with
this virtualenv as it is (`VENV=<this venv> NO_VENV_SETUP=1`): nothing is installed into it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = Path("src/openai_evals_runs/_version.py")
BASELINE = "0.1.0"
GIT_IDENTITY = [
    "-c",
    "user.name=release test",
    "-c",
    "user.email=release-test@example.invalid",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "tag.gpgsign=false",
]
# The copy's make uses this virtualenv and installs nothing into it.
USE_THIS_VENV = [f"VENV={sys.prefix}", "NO_VENV_SETUP=1"]


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without anything that would steer make, git, pytest or twine."""
    skipped = ("TWINE_", "PUBLISH_", "MAKE", "MFLAGS", "GIT_", "PYTEST_", "COV_")
    clean = {key: value for key, value in os.environ.items() if not key.startswith(skipped)}
    clean.pop("PYTHONPATH", None)
    return {**clean, **extra}


def git(where: Path, *args: str) -> str:
    """Run git in `where`; its output."""
    result = subprocess.run(
        ["git", *GIT_IDENTITY, *args],
        cwd=where,
        check=True,
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    return result.stdout


def copy_working_tree(dest: Path) -> Path:
    """Copy the working tree (tracked and new, unignored files) into `dest`."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs a git checkout of the repository")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=environment(),
        timeout=60,
    ).stdout
    for name in filter(None, listed.split(b"\0")):
        source = ROOT / os.fsdecode(name)
        if source.is_file():  # a tracked file deleted in the working tree is left out
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def set_version(checkout: Path, version: str, notes: str | None = None) -> None:
    """Write `version` into _version.py and, with `notes`, a CHANGELOG section for it."""
    (checkout / VERSION_FILE).write_text(f'__version__ = "{version}"\n', encoding="utf-8")
    if notes is not None:
        changelog = checkout / "CHANGELOG.md"
        head, _, rest = changelog.read_text(encoding="utf-8").partition("\n## ")
        section = f"\n## [{version}] - 2026-12-02\n\n{notes.strip()}\n\n## "
        changelog.write_text(head + section + rest, encoding="utf-8")


def release(checkout: Path, version: str, notes: str = "### Changed\n\n- A release.") -> None:
    """Commit the copy as `version`, with its CHANGELOG section (what a maintainer does)."""
    set_version(checkout, version, notes)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", f"release {version}")


def make_checkout(dest: Path, *, version: str | None = None, released: bool = True) -> Path:
    """A committed copy whose first commit is release 0.1.0 (tag v0.1.0); then, when `released`,
    a commit of `version` (default: this tree's) with its CHANGELOG section."""
    copy_working_tree(dest)
    set_version(dest, BASELINE)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", f"release {BASELINE}")
    git(dest, "tag", f"v{BASELINE}")
    if released:
        release(dest, version or current_version())
    return dest


def current_version() -> str:
    """The version this tree is at."""
    text = (ROOT / VERSION_FILE).read_text(encoding="utf-8")
    return text.split("__version__ = ", 1)[1].split("\n", 1)[0].strip("\"'")


def run_make(
    checkout: Path, target: str, *args: str, timeout: float = 240, **env: str
) -> subprocess.CompletedProcess[str]:
    """`make <target>` in the copy, with this virtualenv as it is."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", checkout, target, *USE_THIS_VENV, *args],
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The refusal message of `make publish` (the script exits 1, make then exits 2)."""
    output = result.stdout + result.stderr
    assert result.returncode == 2 and "publish] Error 1" in result.stderr, output
    assert "publish: refused: " in result.stderr, output
    message = result.stderr.split("publish: refused: ", 1)[1]
    return message.split("\nmake: ***", 1)[0].strip()
