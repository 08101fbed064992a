"""Read a data source from a JSON or YAML file, or from stdin (`-`).

The format comes from the file extension (.json, .yaml, .yml); for stdin or any other extension it
comes from the content: text whose first character is `{` or `[` is JSON, anything else YAML.
Only the file's syntax and size are checked here; the client checks the data source against
openapi.yaml before anything is sent, and its error names the bad field. YAML aliases make one
object appear in several places: an anchor used inside itself would be a data source that
contains itself, and aliases of aliases ("billion laughs") a few lines that stand for gigabytes of
JSON. Both are refused right after parsing, before anything walks or encodes the value.

`examples/<name>` that does not exist in the current folder is read from the copy of the
repository's examples/ the wheel ships (`openai_evals_runs/examples`), so the commands of the
README and of `--help` work from any folder once the package is installed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from .._config import MAX_REQUEST_BYTES
from .._exceptions import InvalidRequestError
from .._text import safe_text
from .._validation import CONTAINS_ITSELF, check_json_size

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
YAML_INSTALL_HINT = "pip install 'openai-evals-runs[yaml]'"


class DataSourceFileError(Exception):
    """The data-source file cannot be read or parsed; the message says which file and why."""


def load_data_source(path: str) -> dict[str, Any]:
    """The data source object in `path` (`-` reads stdin)."""
    where = "stdin" if path == "-" else repr(path)
    text = _read_text(path, where)
    lowered = path.lower()
    is_json = lowered.endswith(JSON_SUFFIXES) or (
        not lowered.endswith(YAML_SUFFIXES) and text.lstrip().startswith(("{", "["))
    )
    value = _parse_json(text, where) if is_json else _parse_yaml(text, where)
    _check_size(value, where, "" if is_json else " (YAML aliases repeat what they refer to)")
    if not isinstance(value, dict):
        kind = "nothing" if value is None else type(value).__name__
        raise DataSourceFileError(
            f"{where} must hold one object (the data source, with a 'type' field), got {kind}"
        )
    return value


def _check_size(value: object, where: str, hint: str) -> None:
    try:
        check_json_size("data_source", value)
    except InvalidRequestError as exc:
        at = safe_text(exc.argument, 200)
        if exc.problems[0][1].startswith(CONTAINS_ITSELF):
            # Only YAML can say this (an anchor used inside itself): JSON text is always a tree.
            raise DataSourceFileError(
                f"{where} contains itself at {at} (a YAML anchor used inside itself); "
                "a data source must be a tree"
            ) from None
        raise DataSourceFileError(
            f"{where} is more than {MAX_REQUEST_BYTES:,} bytes as JSON (at {at}), the most one "
            f"request may carry{hint}"
        ) from None


def _read_text(path: str, where: str) -> str:
    if path == "-":
        if sys.stdin is None or sys.stdin.isatty():
            # Waiting silently on a terminal looks like a hang; say what `-` means instead.
            raise DataSourceFileError(
                "'-' reads the data source from stdin, but stdin is a terminal"
            )
        return sys.stdin.read()
    try:
        with open(_packaged_example(path) or path, encoding="utf-8") as file:
            return file.read()
    except OSError as exc:
        raise DataSourceFileError(f"cannot read {where}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DataSourceFileError(f"cannot read {where}: not UTF-8 text ({exc.reason})") from None


def _parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataSourceFileError(
            f"{where} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise DataSourceFileError(f"{where} is nested too deeply") from None


def _parse_yaml(text: str, where: str) -> Any:
    try:
        import yaml  # noqa: PLC0415 - PyYAML is optional and only for YAML files
    except ImportError:
        raise DataSourceFileError(
            f"{where} looks like YAML, and reading YAML needs PyYAML: {YAML_INSTALL_HINT} "
            "(or give the data source as JSON)"
        ) from None
    try:
        # safe_load: a data-source file must never be able to construct Python objects.
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or type(exc).__name__
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise DataSourceFileError(f"{where} is not valid YAML: {problem}{at}") from None


def _packaged_example(path: str) -> str | None:
    """The shipped copy of `examples/<name>` when `path` names one and the folder has none."""
    folder, _, name = path.replace("\\", "/").removeprefix("./").partition("/")
    if folder != "examples" or not name or "/" in name or os.path.exists(path):
        return None
    shipped = Path(__file__).resolve().parent.parent / "examples" / name
    return str(shipped) if shipped.is_file() else None
