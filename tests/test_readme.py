"""README.md stays true to the package: every public name, error and setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import openai_evals_runs
from openai_evals_runs import _config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_two_setup_commands_come_first() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make \w+", quickstart, flags=re.MULTILINE) == ["make demo", "make test"]


@pytest.mark.parametrize("name", sorted(set(openai_evals_runs.__all__) - {"__version__"}))
def test_every_public_name_is_documented(name: str) -> None:
    assert re.search(rf"\b{re.escape(name)}\b", README), name


@pytest.mark.parametrize(
    "variable",
    [
        _config.ENV_API_KEY,
        _config.ENV_BASE_URL,
        _config.ENV_ORGANIZATION,
        _config.ENV_PROJECT,
        _config.ENV_LOG,
    ],
)
def test_every_environment_variable_is_documented(variable: str) -> None:
    assert variable in README


@pytest.mark.parametrize(
    "call",
    [
        "runs.list(",
        "runs.create(",
        "with_raw_response",
        "iter_pages()",
        "with_options(",
        "async for",
        "to_dict()",
        "to_json(",
        "page.to_json()",
        "retries_taken",
        "FakeEvalsServer",
        "Fault.",
        "openai-evals-runs runs list",
        "openai-evals-runs runs create",
        "openai-evals-runs runs wait",
        "openai-evals-runs runs summary",
        "runs.poll(",
        "runs.create_and_poll(",
        "--max-items",
        "openai-evals-runs fake-server",
        "make generate",
        "make check-generated",
        "make dist",
    ],
)
def test_every_call_and_command_is_shown(call: str) -> None:
    assert call in README


def test_no_placeholder_is_left() -> None:
    assert not re.search(r"\b(TODO|TBD|FAULT_TABLE|XXX)\b", README)
