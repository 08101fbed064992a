"""README.md stays true to the package: every public name, error and setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import openai_evals_runs
from openai_evals_runs import EvalRun, _config

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
        "--no-strict",
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


def _openai_python_table() -> str:
    section = README.split("## Coming from openai-python", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


# The keyword arguments of openai-python's client.evals.runs.list / .create (openai 2.x), each of
# which the comparison table must map, and which our call must take under the same name.
OPENAI_LIST_KEYWORDS = ("after", "limit", "order", "status")
OPENAI_CREATE_KEYWORDS = ("data_source", "metadata", "name")
OPENAI_PER_CALL_KEYWORDS = ("extra_headers", "extra_query", "extra_body", "timeout")


@pytest.mark.parametrize(
    ("method", "keyword"),
    [("list", k) for k in OPENAI_LIST_KEYWORDS + OPENAI_PER_CALL_KEYWORDS]
    + [("create", k) for k in OPENAI_CREATE_KEYWORDS + OPENAI_PER_CALL_KEYWORDS],
)
def test_the_openai_python_table_maps_each_keyword_to_one_we_take(
    method: str, keyword: str
) -> None:
    import inspect

    from openai_evals_runs.runs import AsyncRuns, Runs

    table = _openai_python_table()
    assert f"{keyword}=" in table, f"{method}: {keyword} missing from the table"
    for resource in (Runs, AsyncRuns):
        assert keyword in inspect.signature(getattr(resource, method)).parameters


def test_every_name_of_ours_in_the_openai_python_table_exists() -> None:
    from openai_evals_runs import Page, RawResponse
    from openai_evals_runs.runs import Runs

    table = _openai_python_table()
    ours = ["|".join(row.split("|")[2:]) for row in table.splitlines()[2:]]
    methods = {name for cell in ours for name in re.findall(r"(?:`|run|page)\.(\w+)\(", cell)}
    assert methods >= {"next_page", "iter_pages", "to_dict", "has_next_page"}
    for name in methods:
        assert any(hasattr(kind, name) for kind in (Page, EvalRun, Runs, RawResponse)), name
    calls = {name for cell in ours for name in re.findall(r"`client\.runs\.(\w+)", cell)}
    assert calls == {"list", "create", "with_raw_response"}
    for name in calls - {"with_raw_response"}:
        assert hasattr(Runs, name)


# openai-python's OpenAI(...) options this package offers under the same name.
OPENAI_CLIENT_KEYWORDS = (
    "api_key",
    "organization",
    "project",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
)
# openai-python's AzureOpenAI(...) options (beyond the above) this package offers.
OPENAI_AZURE_KEYWORDS = ("azure_endpoint", "api_version", "azure_ad_token_provider")


@pytest.mark.parametrize("keyword", OPENAI_CLIENT_KEYWORDS + OPENAI_AZURE_KEYWORDS)
def test_the_openai_python_table_maps_each_client_option_to_one_we_take(keyword: str) -> None:
    import inspect

    from openai_evals_runs import AsyncAzureClient, AsyncClient, AzureClient, Client

    assert f"{keyword}=" in _openai_python_table()
    clients: tuple[type, ...] = (AzureClient, AsyncAzureClient)
    if keyword in OPENAI_CLIENT_KEYWORDS:
        clients += (Client, AsyncClient)
    for client in clients:
        assert keyword in inspect.signature(client).parameters, (client, keyword)
