"""The ```python blocks of a Markdown file, named by the heading they sit under (pure: no I/O)."""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, field

# Info strings that mark Python code to run (a `pycon` session or `sh` is not a script).
PYTHON_FENCES = frozenset({"python", "py", "python3"})

_HEADING = re.compile(r"#{1,6}\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"(`{3,}|~{3,})\s*([^\s`]*)")


@dataclass(frozen=True)
class Block:
    """One fenced Python block: `id` is the slug of its heading, plus "-2", "-3"... for the
    second and later blocks under the same heading (so adding a block below never renames one
    above); `line` is the file's line number of the block's first line of code."""

    id: str
    heading: str
    line: int
    source: str = field(repr=False)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def python_blocks(markdown: str) -> list[Block]:
    """Every fenced Python block of `markdown`, in order. An unclosed fence is an error (its
    code would otherwise vanish from the tests without a word)."""
    blocks: list[Block] = []
    heading = "(top)"
    seen: dict[str, int] = {}
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        fence = _FENCE.fullmatch(lines[index])
        if fence is None:
            match = _HEADING.fullmatch(lines[index])
            if match is not None:
                heading = match.group(1)
            index += 1
            continue
        marker, info = fence.groups()
        end = index + 1
        while end < len(lines) and not _closes(lines[end], marker):
            end += 1
        if end == len(lines):
            raise ValueError(f"line {index + 1}: the fence {marker}{info} is never closed")
        if info.lower() in PYTHON_FENCES:
            base = slug(heading)
            seen[base] = seen.get(base, 0) + 1
            block_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
            source = "\n".join(lines[index + 1 : end]) + "\n"
            blocks.append(Block(block_id, heading, index + 2, source))
        index = end + 1
    return blocks


def _closes(line: str, marker: str) -> bool:
    """A closing fence: the opening's character, at least as many times, and nothing else."""
    text = line.strip()
    return len(text) >= len(marker) and text == marker[0] * len(text)


def bound_names(source: str) -> set[str]:
    """Every name the code binds anywhere: assignments, imports, defs, parameters, handlers."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def free_names(source: str) -> set[str]:
    """Names the code reads but never binds and Python does not provide: what it expects from
    the code before it (`client` in a snippet that continues an earlier example)."""
    read = {
        node.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    return read - bound_names(source) - set(dir(builtins)) - {"__name__", "__file__"}


def collected_tests(source: str) -> list[str]:
    """The top-level `test_*` functions: a block that has any is a pytest file."""
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    ]
