"""Read a data source from a JSON or YAML file, or from stdin (`-`).

The format comes from the file extension (.json, .yaml, .yml); for stdin or any other extension it
comes from the content: text whose first character is `{` or `[` is JSON, anything else YAML.
Only the file's syntax is checked here; the client checks the data source against openapi.yaml
before anything is sent, and its error names the bad field.

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
    if lowered.endswith(JSON_SUFFIXES):
        value = _parse_json(text, where)
    elif lowered.endswith(YAML_SUFFIXES):
        value = _parse_yaml(text, where)
    elif text.lstrip().startswith(("{", "[")):
        value = _parse_json(text, where)
    else:
        value = _parse_yaml(text, where)
    if not isinstance(value, dict):
        kind = "nothing" if value is None else type(value).__name__
        raise DataSourceFileError(
            f"{where} must hold one object (the data source, with a 'type' field), got {kind}"
        )
    return value


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
