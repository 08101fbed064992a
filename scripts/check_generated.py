"""Fail with a readable diff when generated/ does not match openapi.yaml + generator-config.yaml.

Usage: python scripts/check_generated.py [GENERATED_ROOT]   (default: generated/)

Regenerates into a temporary folder and compares every file, byte for byte.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import PACKAGE, ROOT, generate

IGNORED_PARTS = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not IGNORED_PARTS.intersection(path.parts)
    }


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Return a unified diff (as lines) between two package folders; empty when identical."""
    want, have = _files(expected), _files(actual)
    lines: list[str] = []
    for name in sorted(want.keys() | have.keys()):
        if want.get(name) == have.get(name):
            continue
        if name not in have:
            lines.append(f"missing from generated/: {name}\n")
            continue
        if name not in want:
            lines.append(f"not produced by the generator (stale or hand-added): {name}\n")
            continue
        lines.extend(
            difflib.unified_diff(
                have[name].decode("utf-8", "replace").splitlines(keepends=True),
                want[name].decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=f"generated/{PACKAGE}/{name}",
                tofile=f"regenerated/{PACKAGE}/{name}",
            )
        )
    return lines


def main() -> int:
    """Regenerate into a temporary folder and compare with the checked-in tree."""
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "generated"
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(Path(tmp))
        lines = diff_trees(fresh, root / PACKAGE)
    if lines:
        sys.stderr.writelines(lines[:400])
        if len(lines) > 400:
            sys.stderr.write(f"... ({len(lines) - 400} more diff lines)\n")
        sys.stderr.write("\ngenerated/ is stale: run `make generate` and commit the result.\n")
        return 1
    print("generated/ matches openapi.yaml and generator-config.yaml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
