"""`make api-diff [AGAINST=<tag or version>]`: what changed for users since a release.

Usage: python scripts/api_diff.py [--against REF] [--output FILE]

Compares the working tree (uncommitted changes included: run it after `make update-spec` and
`make generate`) with a release, by default the newest `v<version>` tag that HEAD contains;
`--against` takes a version (`0.1.0`, meaning the tag `v0.1.0`), a tag or any commit. Two layers:

- the wire contract: the two openapi.yaml files, operation by operation (scripts/wire_diff.py);
- the Python API of `openai_evals_runs` and `openai_evals_runs_api` (scripts/python_api.py),
  read from the release's sources and the working tree's with griffe.

Each change is breaking, needs review, additive or other (scripts/changes.py), and the worst one
sets the bump the next version needs. The report is printed and written as Markdown (default
build/api-changes.md) to paste into CHANGELOG.md. `make publish` runs the same comparison as its
release gate.

A repository without a release tag has no baseline: tag the commit of the last release
(`git tag v0.1.0 <commit>`), or pass `--against <commit>`.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

sys.path.insert(0, str(Path(__file__).resolve().parent))
import python_api
import wire_diff
from changes import Change, merge, report

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = "src/openai_evals_runs/_version.py"
DEFAULT_OUTPUT = Path("build") / "api-changes.md"
# What a tree needs for both layers (git archive takes the paths that exist at the release).
_TREE_PATHS = ("openapi.yaml", "src", "generated")


class NoBaseline(Exception):
    """There is no release to compare with, or the one named does not exist."""


@dataclass(frozen=True)
class Baseline:
    """The release compared with: how it is named, the git object, its version."""

    name: str
    ref: str
    version: Version


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=120
    )


def version_in(text: str) -> Version:
    """The `__version__` written in a _version.py."""
    found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, flags=re.MULTILINE)
    if not found:
        raise NoBaseline(f"no __version__ line in {VERSION_FILE}")
    return Version(found.group(1))


def release_tags(root: Path) -> dict[str, Version]:
    """The `v<version>` tags HEAD contains, with their versions."""
    listed = _git(root, "tag", "--merged", "HEAD", "--list", "v*")
    tags = {}
    for tag in listed.stdout.split():
        try:
            tags[tag] = Version(tag[1:])
        except InvalidVersion:
            continue
    return tags


def find_baseline(root: Path, against: str | None = None) -> Baseline:
    """The release to compare with: `against` (a version, tag or commit), else the newest tag."""
    if against:
        candidates = [f"v{against}", against] if not against.startswith("v") else [against]
        for ref in candidates:
            commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
            if commit.returncode == 0:
                shown = _git(root, "show", f"{ref}:{VERSION_FILE}")
                if shown.returncode != 0:
                    raise NoBaseline(f"{ref} has no {VERSION_FILE}")
                return Baseline(ref, commit.stdout.strip(), version_in(shown.stdout))
        raise NoBaseline(f"no tag or commit {against!r} in this repository")
    tags = release_tags(root)
    if not tags:
        raise NoBaseline(
            "no release tag (v<version>) in this repository's history, so there is no baseline "
            "to compare with: tag the commit of the last release (`git tag v0.1.0 <commit>`), or "
            "pass AGAINST=<commit>"
        )
    tag = max(tags, key=tags.__getitem__)
    commit = _git(root, "rev-parse", f"{tag}^{{commit}}").stdout.strip()
    return Baseline(tag, commit, tags[tag])


def _export(root: Path, ref: str, target: Path) -> None:
    """The release's files that matter here, written under `target`."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "--", *_TREE_PATHS],
        cwd=root,
        capture_output=True,
        check=False,
        timeout=120,
    )
    if archive.returncode != 0:
        raise NoBaseline(f"cannot read {ref}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def changes_between(old_root: Path, new_root: Path) -> list[Change]:
    """Every change from the tree at `old_root` to the tree at `new_root`, both layers."""
    old_spec = yaml.safe_load((old_root / "openapi.yaml").read_text(encoding="utf-8"))
    new_spec = yaml.safe_load((new_root / "openapi.yaml").read_text(encoding="utf-8"))
    found = wire_diff.diff(old_spec, new_spec)
    old_api, new_api = python_api.load(old_root), python_api.load(new_root)
    python = python_api.diff(old_api.entries, new_api.entries)
    python += python_api.griffe_findings(old_api, new_api, python)
    return merge(found + python)


def compare(root: Path, baseline: Baseline) -> list[Change]:
    """The changes from `baseline` to the working tree at `root`."""
    with tempfile.TemporaryDirectory(prefix="api-diff-") as tmp:
        _export(root, baseline.ref, Path(tmp))
        return changes_between(Path(tmp), root)


def main(argv: list[str]) -> int:
    """Command-line entry: print the report and write it as Markdown."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="api_diff.py", description="What changed for users since a release."
    )
    parser.add_argument("--against", help="a version (0.1.0), a tag or a commit")
    parser.add_argument("--output", type=Path, default=ROOT / DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    try:
        baseline = find_baseline(ROOT, args.against)
    except NoBaseline as error:
        print(f"api-diff: {error}", file=sys.stderr)
        return 2
    changes = compare(ROOT, baseline)
    text = report(changes, baseline.name, baseline.version)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text, end="")
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"\n(written to {shown}: paste it into CHANGELOG.md)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
