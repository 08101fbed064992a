"""Contract tests: our client against Prism, an independent mock server of openapi.yaml.

Two Prism processes serve openapi.yaml:
- `strict` runs with `--errors`: a request that breaks the spec gets a 4xx answer instead of a mock,
  and Prism logs every violation. Each call below must leave no warning or error in that log.
- `dynamic` runs without `--errors` and is asked for generated bodies (`Prefer: dynamic=true,
  seed=N`; Prism reseeds its generator per request, so each seed is one reproducible body). It
  still validates those bodies and reports violations in the `sl-violations` header, but answers
  with the body anyway: every generated body must parse, whatever Prism's generator produced.

Prism is installed by scripts/prism.sh (pinned version, into .tools/prism) when missing.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest
from _prism import AUTH, PrismServer, bad_lines, install
from openai_evals_runs_api.models import CreateEvalCompletionsRunDataSource

from openai_evals_runs import (
    APIStatusError,
    BadRequestError,
    Client,
    EvalRun,
    Page,
    RateLimitError,
)

# A first install (apt-get, npm) can take minutes; everything after it takes seconds. Each step
# has its own bound (install 900 s, start 60 s, log 10 s, HTTP 10 s).
pytestmark = pytest.mark.timeout(1200)

T = TypeVar("T")
EVAL_ID = "eval_67abd54d9b0081909a86353f6fb9317a"
STATUSES = ("queued", "in_progress", "completed", "canceled", "failed")


# -- servers and client ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prism_servers() -> Iterator[tuple[PrismServer, PrismServer]]:
    """The strict (`--errors`) and dynamic Prism servers, started once for the module."""
    launcher = install()
    strict = PrismServer(launcher, errors=True)
    dynamic = PrismServer(launcher, errors=False)
    try:
        # Both start at once: each takes about a second, mostly Node loading Prism.
        strict.launch()
        dynamic.launch()
        strict.wait_ready()
        dynamic.wait_ready()
        yield strict, dynamic
    finally:
        strict.stop()
        dynamic.stop()


@pytest.fixture(scope="module")
def strict(prism_servers: tuple[PrismServer, PrismServer]) -> PrismServer:
    """Prism with `--errors`: invalid requests are answered 4xx and logged."""
    return prism_servers[0]


@pytest.fixture(scope="module")
def dynamic(prism_servers: tuple[PrismServer, PrismServer]) -> PrismServer:
    """Prism without `--errors`, for generated (dynamic) bodies."""
    return prism_servers[1]


@dataclass
class Wire:
    """What went over the wire, recorded by httpx event hooks."""

    requests: list[httpx.Request] = field(default_factory=list)
    responses: list[httpx.Response] = field(default_factory=list)

    def clear(self) -> None:
        """Forget earlier exchanges."""
        self.requests.clear()
        self.responses.clear()

    def sent_json(self) -> Any:
        """The JSON body of the only request sent."""
        assert len(self.requests) == 1, self.requests
        return json.loads(self.requests[0].content)

    def sent_query(self) -> dict[str, str]:
        """The query parameters of the only request sent."""
        assert len(self.requests) == 1, self.requests
        return dict(self.requests[0].url.params)

    def last_json(self) -> Any:
        """The decoded body of the last answer."""
        response = self.responses[-1]
        response.read()
        return response.json()


def _client(server: PrismServer, wire: Wire) -> Client:
    # No retries: a rejected request must show up as it is, not be hidden by a second attempt.
    http = httpx.Client(
        event_hooks={"request": [wire.requests.append], "response": [wire.responses.append]}
    )
    return Client(
        api_key="sk-prism-contract",
        base_url=server.url,
        max_retries=0,
        timeout=10,
        http_client=http,
    )


@pytest.fixture
def wire() -> Wire:
    """A fresh record of one test's exchanges."""
    return Wire()


@pytest.fixture
def strict_client(strict: PrismServer, wire: Wire) -> Iterator[Client]:
    """Our client, pointed at the strict Prism."""
    client = _client(strict, wire)
    yield client
    client._http.close()


@pytest.fixture
def dynamic_client(dynamic: PrismServer, wire: Wire) -> Iterator[Client]:
    """Our client, pointed at the dynamic Prism."""
    client = _client(dynamic, wire)
    yield client
    client._http.close()


class PrismRejected(AssertionError):
    """Prism found the request invalid (its log, an `sl-violations` header, or a 4xx answer)."""


def accepted(server: PrismServer, wire: Wire, call: Callable[[], T]) -> T:
    """Run one client call and return its result; raise PrismRejected if Prism objected.

    Prism reports request problems three ways, all checked: warning/error lines in its log, the
    `sl-violations` header, and (with `--errors`) a 4xx answer, which our client raises.
    Response-side violations in the dynamic server's log are the generator's, not the client's,
    and are looked at by the dynamic tests instead.
    """
    start = server.mark()
    wire.clear()
    try:
        result = call()
    except APIStatusError as error:
        lines = server.lines_since(start)
        raise PrismRejected(
            f"{error!r}\nsl-violations: {error.response.headers.get('sl-violations')}\n"
            + "\n".join(lines)
        ) from None
    problems = [line for line in bad_lines(server.lines_since(start)) if "response." not in line]
    violations = [
        response.headers["sl-violations"]
        for response in wire.responses
        if '"location":["request"' in response.headers.get("sl-violations", "")
    ]
    if problems or violations:
        raise PrismRejected("\n".join([*problems, *violations]))
    return result


# -- GET /evals/{eval_id}/runs: every parameter ---------------------------------------------------

LIST_CASES: list[dict[str, Any]] = [
    {},
    {"after": "evalrun_67e0c7d31560819090d60c0780591042"},
    {"limit": 1},
    {"limit": 100},
    {"order": "asc"},
    {"order": "desc"},
    *({"status": status} for status in STATUSES),
    *(
        {"after": "evalrun_abc", "limit": 20, "order": order, "status": status}
        for order, status in itertools.product(("asc", "desc"), STATUSES)
    ),
    {"after": "run with spaces & ?=", "limit": 3},
]


@pytest.mark.parametrize("params", LIST_CASES, ids=lambda params: json.dumps(params) or "none")
def test_list_parameters_pass_prism_validation(
    strict: PrismServer, strict_client: Client, wire: Wire, params: dict[str, Any]
) -> None:
    page = accepted(strict, wire, lambda: strict_client.runs.list(EVAL_ID, **params))

    assert isinstance(page, Page)
    assert all(isinstance(run, EvalRun) for run in page.data)
    assert wire.sent_query() == {key: str(value) for key, value in params.items()}
    assert wire.requests[0].url.path == f"/evals/{EVAL_ID}/runs"
    assert wire.responses[0].status_code == 200


def test_iterating_pages_sends_the_cursor(
    strict: PrismServer, strict_client: Client, wire: Wire
) -> None:
    # Prism's static list says has_more with the same last_id every time: the client must follow
    # it once with after=<last_id> and then stop on the repeated cursor, all in valid requests.
    def walk() -> list[EvalRun]:
        page = strict_client.runs.list(EVAL_ID, limit=2, order="desc", status="completed")
        return list(itertools.islice(page, 10))

    runs = accepted(strict, wire, walk)

    assert runs
    assert len(wire.requests) >= 2
    first, second = (dict(request.url.params) for request in wire.requests[:2])
    assert "after" not in first
    assert second == {**first, "after": wire.last_json()["last_id"]}


# -- POST /evals/{eval_id}/runs: every data source ------------------------------------------------

FILE_CONTENT = {
    "type": "file_content",
    "content": [
        {"item": {"question": "2+2?", "answer": "4"}, "sample": {"output_text": "4"}},
        {"item": {"question": "Capital of France?", "answer": "Paris"}},
    ],
}
FILE_ID = {"type": "file_id", "id": "file-4RtLbz4GhN8aQ9M2xJbC1k"}
STORED_COMPLETIONS = {
    "type": "stored_completions",
    "model": "gpt-4o",
    "created_after": 1_700_000_000,
    "created_before": 1_800_000_000,
    "limit": 50,
    "metadata": {"usecase": "support"},
}
RESPONSES_SOURCE = {
    "type": "responses",
    "metadata": {"team": "search", "version": 2},
    "model": "gpt-4.1",
    "instructions_search": "grade",
    "created_after": 0,
    "created_before": 1_800_000_000,
    "reasoning_effort": "high",
    "temperature": 0.7,
    "top_p": 1.0,
    "users": ["user_1", "user_2"],
    "tools": ["web_search", "file_search"],
}
# EvalItem with an object content: the only template-message shape the spec's oneOf accepts alone.
EVAL_ITEM = {
    "type": "message",
    "role": "user",
    "content": {"type": "input_text", "text": "Question: {{item.question}}"},
}
EVAL_ITEM_OUTPUT = {"role": "assistant", "content": {"type": "output_text", "text": "Sure."}}
EVAL_ITEM_ARRAY = {
    "role": "user",
    "content": [
        {"type": "output_text", "text": "Earlier answer"},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
    ],
}
# EasyInputMessage (completions) and ChatMessage (responses) with a string content.
EASY_INPUT_MESSAGE = {"role": "developer", "content": "Answer {{item.question}} in one word."}
CHAT_MESSAGE = {"role": "system", "content": "You grade answers."}
JSON_SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string"}, "confidence": {"type": "number"}},
    "required": ["answer"],
    "additionalProperties": False,
}
FUNCTION_TOOL_CHAT = {
    "type": "function",
    "function": {"name": "lookup", "description": "Look a fact up", "parameters": JSON_SCHEMA},
}
FUNCTION_TOOL = {"type": "function", "name": "lookup", "parameters": JSON_SCHEMA, "strict": True}

DATA_SOURCES: dict[str, dict[str, Any]] = {
    "jsonl-file_content": {"type": "jsonl", "source": FILE_CONTENT},
    "jsonl-file_id": {"type": "jsonl", "source": FILE_ID},
    "completions-template-evalitem": {
        "type": "completions",
        "model": "gpt-4o-mini",
        "source": FILE_CONTENT,
        "input_messages": {"type": "template", "template": [EVAL_ITEM, EVAL_ITEM_OUTPUT]},
    },
    "completions-template-evalitem-array": {
        "type": "completions",
        "source": FILE_ID,
        "input_messages": {"type": "template", "template": [EVAL_ITEM_ARRAY]},
    },
    "completions-item_reference": {
        "type": "completions",
        "model": "gpt-4o-mini",
        "source": FILE_ID,
        "input_messages": {"type": "item_reference", "item_reference": "item.input_trajectory"},
    },
    "completions-stored_completions": {
        "type": "completions",
        "model": "gpt-4o",
        "source": STORED_COMPLETIONS,
        "input_messages": {"type": "item_reference", "item_reference": "item.messages"},
    },
    "completions-stored_completions-nulls": {
        "type": "completions",
        "source": {
            "type": "stored_completions",
            "model": None,
            "created_after": None,
            "created_before": None,
            "limit": None,
            "metadata": None,
        },
    },
    "completions-sampling_params": {
        "type": "completions",
        "model": "o3-mini",
        "source": FILE_ID,
        "input_messages": {"type": "template", "template": [EVAL_ITEM]},
        "sampling_params": {
            "temperature": 0.2,
            "max_completion_tokens": 256,
            "top_p": 0.9,
            "seed": 7,
            "reasoning_effort": "low",
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "answer",
                    "description": "One answer",
                    "schema": JSON_SCHEMA,
                    "strict": True,
                },
            },
            "tools": [FUNCTION_TOOL_CHAT, {"type": "function", "function": {"name": "noop"}}],
        },
    },
    "completions-response_format-text": {
        "type": "completions",
        "source": FILE_ID,
        "sampling_params": {"response_format": {"type": "text"}, "reasoning_effort": None},
    },
    "completions-response_format-json_object": {
        "type": "completions",
        "source": FILE_ID,
        "sampling_params": {"response_format": {"type": "json_object"}, "seed": 0},
    },
    "completions-sampling_params-null": {
        "type": "completions",
        "source": FILE_ID,
        "sampling_params": None,
    },
    "responses-template-evalitem": {
        "type": "responses",
        "model": "gpt-4.1",
        "source": FILE_CONTENT,
        "input_messages": {"type": "template", "template": [EVAL_ITEM, EVAL_ITEM_OUTPUT]},
    },
    "responses-item_reference": {
        "type": "responses",
        "source": FILE_ID,
        "input_messages": {"type": "item_reference", "item_reference": "item.input"},
    },
    "responses-responses_source": {
        "type": "responses",
        "model": "gpt-4.1",
        "source": RESPONSES_SOURCE,
        "input_messages": {"type": "item_reference", "item_reference": "item.input"},
    },
    "responses-responses_source-minimal": {
        "type": "responses",
        "source": {"type": "responses"},
    },
    "responses-sampling_params": {
        "type": "responses",
        "model": "gpt-4.1",
        "source": FILE_ID,
        "input_messages": {"type": "template", "template": [EVAL_ITEM]},
        "sampling_params": {
            "temperature": 1.5,
            "max_completion_tokens": 1024,
            "top_p": 0.5,
            "seed": 123,
            "reasoning_effort": "minimal",
            "text": {
                "format": {
                    "type": "json_schema",
                    "name": "grade",
                    "description": "A grade",
                    "schema": JSON_SCHEMA,
                    "strict": False,
                }
            },
            "tools": [
                FUNCTION_TOOL,
                {"type": "web_search_preview", "search_context_size": "low"},
                {"type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": 5},
            ],
        },
    },
    "responses-text-format-text": {
        "type": "responses",
        "source": FILE_ID,
        "sampling_params": {"text": {"format": {"type": "text"}}},
    },
    "responses-text-format-json_object": {
        "type": "responses",
        "source": FILE_ID,
        "sampling_params": {"text": {"format": {"type": "json_object"}}, "tools": []},
    },
}

# Template messages whose content fits both EasyInputMessage (or ChatMessage) and EvalItem: these
# tests found that the official `oneOf` rejects them in any strict validator; openapi.yaml uses
# `anyOf` for these two unions since.
AMBIGUOUS_DATA_SOURCES: dict[str, dict[str, Any]] = {
    "completions-template-easyinputmessage": {
        "type": "completions",
        "model": "gpt-4o-mini",
        "source": FILE_ID,
        "input_messages": {
            "type": "template",
            "template": [EASY_INPUT_MESSAGE, {**EASY_INPUT_MESSAGE, "type": "message"}],
        },
    },
    "completions-template-evalitem-input_text-array": {
        "type": "completions",
        "source": FILE_ID,
        "input_messages": {
            "type": "template",
            "template": [{"role": "user", "content": [{"type": "input_text", "text": "Hi"}]}],
        },
    },
    "responses-template-chatmessage": {
        "type": "responses",
        "model": "gpt-4.1",
        "source": FILE_ID,
        "input_messages": {"type": "template", "template": [CHAT_MESSAGE]},
    },
}
CREATE_CASES = [
    *(pytest.param(source, id=name) for name, source in DATA_SOURCES.items()),
    *(pytest.param(source, id=name) for name, source in AMBIGUOUS_DATA_SOURCES.items()),
]


@pytest.mark.parametrize("data_source", CREATE_CASES)
def test_create_data_sources_pass_prism_validation(
    strict: PrismServer, strict_client: Client, wire: Wire, data_source: dict[str, Any]
) -> None:
    run = accepted(
        strict, wire, lambda: strict_client.runs.create(EVAL_ID, data_source=data_source)
    )

    assert isinstance(run, EvalRun)
    assert wire.responses[0].status_code == 201
    # The client sends the data source exactly as given: no field dropped, added or renamed.
    assert wire.sent_json() == {"data_source": data_source}
    assert wire.requests[0].headers["Idempotency-Key"]


def test_create_with_name_and_metadata(
    strict: PrismServer, strict_client: Client, wire: Wire
) -> None:
    # Metadata at the spec's limits: 16 keys, 64-character keys, 512-character values.
    metadata = {f"{index:02d}".ljust(64, "k"): "v" * 512 for index in range(16)}
    data_source = DATA_SOURCES["completions-sampling_params"]

    run = accepted(
        strict,
        wire,
        lambda: strict_client.runs.create(
            EVAL_ID, data_source=data_source, name="nightly regression", metadata=metadata
        ),
    )

    assert isinstance(run, EvalRun)
    assert wire.sent_json() == {
        "data_source": data_source,
        "name": "nightly regression",
        "metadata": metadata,
    }


def test_create_with_a_typed_data_source(
    strict: PrismServer, strict_client: Client, wire: Wire
) -> None:
    # The other accepted form: a generated model instead of a dict, same bytes on the wire.
    data_source = DATA_SOURCES["completions-sampling_params"]
    model = CreateEvalCompletionsRunDataSource.from_dict(data_source)

    accepted(strict, wire, lambda: strict_client.runs.create(EVAL_ID, data_source=model))

    assert wire.sent_json() == {"data_source": data_source}


def test_invalid_requests_are_caught_by_this_harness(strict: PrismServer) -> None:
    # Without this, a broken log reader would make every test above pass vacuously.
    start = strict.mark()
    answer = httpx.get(
        f"{strict.url}/evals/{EVAL_ID}/runs",
        params={"limit": "many", "order": "sideways"},
        headers=AUTH,
        timeout=10,
    )
    lines = bad_lines(strict.lines_since(start))

    assert answer.status_code == 422
    assert any("query parameter limit must be integer" in line for line in lines), lines
    assert any("query parameter order must be equal to one of" in line for line in lines), lines


# -- error answers of the spec --------------------------------------------------------------------


@pytest.mark.parametrize("prefer", ["code=429", "code=429, dynamic=true, seed=5"])
def test_rate_limit_answers_raise_rate_limit_error(
    strict: PrismServer, strict_client: Client, wire: Wire, prefer: str
) -> None:
    with pytest.raises(RateLimitError) as caught:
        strict_client.runs.list(EVAL_ID, extra_headers={"Prefer": prefer})

    body = wire.last_json()
    assert caught.value.status_code == 429
    assert caught.value.code == body["error"]["code"]
    assert body["error"]["message"] in str(caught.value)


@pytest.mark.parametrize("prefer", ["code=400", "code=400, dynamic=true, seed=5"])
def test_bad_request_answers_raise_bad_request_error(
    strict: PrismServer, strict_client: Client, wire: Wire, prefer: str
) -> None:
    # The spec's 400 body is wrapped in {"error": ...} as the API sends it (spec/corrections.yaml).
    with pytest.raises(BadRequestError) as caught:
        strict_client.runs.create(
            EVAL_ID, data_source=DATA_SOURCES["jsonl-file_id"], extra_headers={"Prefer": prefer}
        )

    body = wire.last_json()
    assert caught.value.code == body["error"]["code"]
    assert body["error"]["message"] in str(caught.value)


# -- generated (dynamic) answers parse ------------------------------------------------------------

SEEDS = range(40)


def _check_runs(runs: list[EvalRun], bodies: list[Any], conforms: bool) -> None:
    for run, body in zip(runs, bodies, strict=True):
        assert isinstance(run, EvalRun)
        assert run.to_dict() == body
        assert run.id == body["id"]
        assert run.data_source_type == body["data_source"]["type"]
        if conforms:
            # Prism found this body valid against openapi.yaml, so nothing may fall back to raw.
            assert not isinstance(run.data_source, dict), body["data_source"]


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_list_answers_parse(
    dynamic: PrismServer, dynamic_client: Client, wire: Wire, seed: int
) -> None:
    prefer = {"Prefer": f"dynamic=true, seed={seed}"}

    page = accepted(dynamic, wire, lambda: dynamic_client.runs.list(EVAL_ID, extra_headers=prefer))

    body = wire.last_json()
    assert isinstance(page, Page)
    assert (page.has_more, page.first_id, page.last_id) == (
        body["has_more"],
        body["first_id"],
        body["last_id"],
    )
    _check_runs(page.data, body["data"], "sl-violations" not in wire.responses[0].headers)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_create_answers_parse(
    dynamic: PrismServer, dynamic_client: Client, wire: Wire, seed: int
) -> None:
    prefer = {"Prefer": f"dynamic=true, seed={seed}"}
    sources = list(DATA_SOURCES.values())
    data_source = sources[seed % len(sources)]

    run = accepted(
        dynamic,
        wire,
        lambda: dynamic_client.runs.create(EVAL_ID, data_source=data_source, extra_headers=prefer),
    )

    assert wire.responses[0].status_code == 201
    _check_runs([run], [wire.last_json()], "sl-violations" not in wire.responses[0].headers)


def test_some_generated_answers_conform(dynamic: PrismServer) -> None:
    # The typed-data-source check above only applies to bodies Prism itself finds valid; make
    # sure the seeds include such bodies of every data-source type, or that check is vacuous.
    kinds: set[str] = set()
    for seed in SEEDS:
        answer = httpx.get(
            f"{dynamic.url}/evals/{EVAL_ID}/runs",
            headers={**AUTH, "Prefer": f"dynamic=true, seed={seed}"},
            timeout=10,
        )
        if "sl-violations" not in answer.headers:
            kinds.update(run["data_source"]["type"] for run in answer.json()["data"])
    assert kinds == {"jsonl", "completions", "responses"}
