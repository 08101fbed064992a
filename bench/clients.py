"""The four clients, each doing the same job against the benchmark server.

- floor:     a reused `httpx.Client` + `json.loads(response.content)`: the least any client can do
- generated: `openai_evals_runs_api.AuthenticatedClient` + the generated `sync_detailed`
             (`asyncio_detailed`), parsed response models
- ours:      `openai_evals_runs.Client` (`AsyncClient`)
- openai:    `openai.OpenAI` (`AsyncOpenAI`), the official SDK

Every call touches each run's id, so a client that parses lazily cannot skip work, and checks
the count, so a client that stops early cannot look fast. The floor and the generated client
follow the cursor by hand; ours and openai iterate their auto-paginating pages.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import data
import httpx
import openai
from openai_evals_runs_api import AuthenticatedClient
from openai_evals_runs_api.api.evals import create_eval_run, get_eval_runs
from openai_evals_runs_api.models import CreateEvalRunRequest, EvalRun, EvalRunList

import openai_evals_runs

CLIENTS = ("floor", "generated", "ours", "openai")
LABELS = {
    "floor": "httpx + json (floor)",
    "generated": "generated (openai_evals_runs_api)",
    "ours": "openai_evals_runs",
    "openai": f"openai {openai.__version__}",
}
KEY = "sk-bench-0123456789abcdef"
PAGE = 100  # the page size used to iterate

SyncCall = Callable[[], None]
AsyncCall = Callable[[], Awaitable[None]]


def _expect(count: int, expected: int, what: str) -> None:
    if count != expected:
        raise AssertionError(f"{what}: got {count} runs, expected {expected}")


def _touch(ids: Any) -> int:
    count = 0
    for _ in ids:
        count += 1
    return count


def _read_dict(run: dict[str, Any]) -> tuple[object, ...]:
    # What a caller reading a run's details touches: counts, usage and the data source's
    # first template message.
    return (
        run["id"],
        run["result_counts"]["passed"],
        run["per_model_usage"][0]["total_tokens"],
        run["data_source"]["input_messages"]["template"][0]["content"],
    )


def _read_model(run: Any) -> tuple[object, ...]:
    # The same fields through a client's models (all three name them alike); a client that
    # builds nested models lazily pays for them here.
    return (
        run.id,
        run.result_counts.passed,
        run.per_model_usage[0].total_tokens,
        run.data_source.input_messages.template[0].content,
    )


# What each list call reads of every run, as a dict (the floor) and through models (the others).
# "id": the least a caller reads; "counts": the commonly read fields (issue 16's access pattern);
# "details": nested parts as well.
READS: dict[str, tuple[Callable[[dict[str, Any]], object], Callable[[Any], object]]] = {
    "id": (lambda run: run["id"], lambda run: run.id),
    "counts": (
        lambda run: (run["id"], run["result_counts"]["passed"]),
        lambda run: (run.id, run.result_counts.passed),
    ),
    "details": (_read_dict, _read_model),
}


class SyncClients:
    """The four sync clients, sharing nothing but the server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.raw = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"})
        self.generated = AuthenticatedClient(base_url=base_url, token=KEY)
        self.ours = openai_evals_runs.Client(api_key=KEY, base_url=base_url)
        self.openai = openai.OpenAI(api_key=KEY, base_url=base_url)

    def close(self) -> None:
        """Close every client's connections."""
        self.raw.close()
        self.generated.get_httpx_client().close()
        self.ours.close()
        self.openai.close()

    # -- one list call ---------------------------------------------------------------------------

    def list_calls(self, eval_id: str, limit: int, *, read: str = "id") -> dict[str, SyncCall]:
        """One `list` call of `limit` runs, per client, reading of each run what READS[read]
        names (by default its id)."""
        read_dict, read_model = READS[read]

        def floor() -> None:
            response = self.raw.get(f"/evals/{eval_id}/runs", params={"limit": limit})
            response.raise_for_status()
            body = json.loads(response.content)
            _expect(_touch(read_dict(run) for run in body["data"]), limit, "floor")

        def generated() -> None:
            parsed = get_eval_runs.sync_detailed(eval_id, client=self.generated, limit=limit).parsed
            assert isinstance(parsed, EvalRunList), parsed
            _expect(_touch(read_model(run) for run in parsed.data), limit, "generated")

        def ours() -> None:
            page = self.ours.runs.list(eval_id, limit=limit)
            _expect(_touch(read_model(run) for run in page.data), limit, "ours")

        def official() -> None:
            page = self.openai.evals.runs.list(eval_id, limit=limit)
            _expect(_touch(read_model(run) for run in page.data), limit, "openai")

        return {"floor": floor, "generated": generated, "ours": ours, "openai": official}

    # -- iterating every run ---------------------------------------------------------------------

    def iterate_calls(self, eval_id: str, total: int) -> dict[str, SyncCall]:
        """Iterating all `total` runs of the eval in pages of PAGE, per client."""

        def floor() -> None:
            count, params = 0, {"limit": PAGE}
            while True:
                response = self.raw.get(f"/evals/{eval_id}/runs", params=params)
                response.raise_for_status()
                body = json.loads(response.content)
                count += _touch(run["id"] for run in body["data"])
                if not body["has_more"]:
                    break
                params = {"limit": PAGE, "after": body["last_id"]}
            _expect(count, total, "floor")

        def generated() -> None:
            count, after = 0, None
            while True:
                parsed = get_eval_runs.sync_detailed(
                    eval_id, client=self.generated, limit=PAGE, after=after or None
                ).parsed
                assert isinstance(parsed, EvalRunList), parsed
                count += _touch(run.id for run in parsed.data)
                if not parsed.has_more:
                    break
                after = _cursor(parsed.last_id)
            _expect(count, total, "generated")

        def ours() -> None:
            runs = self.ours.runs.list(eval_id, limit=PAGE)
            _expect(_touch(run.id for run in runs), total, "ours")

        def official() -> None:
            runs = self.openai.evals.runs.list(eval_id, limit=PAGE)
            _expect(_touch(run.id for run in runs), total, "openai")

        return {"floor": floor, "generated": generated, "ours": ours, "openai": official}

    # -- create ----------------------------------------------------------------------------------

    def create_calls(self, eval_id: str) -> dict[str, SyncCall]:
        """One `create` round trip with the same request body, per client."""
        request = data.create_request()

        def floor() -> None:
            response = self.raw.post(
                f"/evals/{eval_id}/runs",
                content=json.dumps(request).encode(),
                headers={"Content-Type": "application/json"},
            )
            response.raise_for_status()
            assert json.loads(response.content)["id"]

        def generated() -> None:
            # The generated operation takes a model, so building it from the dict is part of
            # what a caller pays.
            body = CreateEvalRunRequest.from_dict(request)
            parsed = create_eval_run.sync_detailed(eval_id, client=self.generated, body=body).parsed
            assert isinstance(parsed, EvalRun), parsed
            assert parsed.id

        def ours() -> None:
            assert self.ours.runs.create(eval_id, **request).id

        def official() -> None:
            assert self.openai.evals.runs.create(eval_id, **request).id

        return {"floor": floor, "generated": generated, "ours": ours, "openai": official}


class AsyncClients:
    """The four async clients; create and use them inside one running event loop."""

    def __init__(self, base_url: str) -> None:
        self.raw = httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {KEY}"})
        self.generated = AuthenticatedClient(base_url=base_url, token=KEY)
        self.ours = openai_evals_runs.AsyncClient(api_key=KEY, base_url=base_url)
        self.openai = openai.AsyncOpenAI(api_key=KEY, base_url=base_url)

    async def close(self) -> None:
        """Close every client's connections."""
        await self.raw.aclose()
        await self.generated.get_async_httpx_client().aclose()
        await self.ours.close()
        await self.openai.close()

    def list_calls(self, eval_id: str, limit: int) -> dict[str, AsyncCall]:
        """One `list` call of `limit` runs, per client."""

        async def floor() -> None:
            response = await self.raw.get(f"/evals/{eval_id}/runs", params={"limit": limit})
            response.raise_for_status()
            body = json.loads(response.content)
            _expect(_touch(run["id"] for run in body["data"]), limit, "floor")

        async def generated() -> None:
            response = await get_eval_runs.asyncio_detailed(
                eval_id, client=self.generated, limit=limit
            )
            assert isinstance(response.parsed, EvalRunList), response.parsed
            _expect(_touch(run.id for run in response.parsed.data), limit, "generated")

        async def ours() -> None:
            page = await self.ours.runs.list(eval_id, limit=limit)
            _expect(_touch(run.id for run in page.data), limit, "ours")

        async def official() -> None:
            page = await self.openai.evals.runs.list(eval_id, limit=limit)
            _expect(_touch(run.id for run in page.data), limit, "openai")

        return {"floor": floor, "generated": generated, "ours": ours, "openai": official}

    def iterate_calls(self, eval_id: str, total: int) -> dict[str, AsyncCall]:
        """Iterating all `total` runs of the eval in pages of PAGE, per client."""

        async def floor() -> None:
            count, params = 0, {"limit": PAGE}
            while True:
                response = await self.raw.get(f"/evals/{eval_id}/runs", params=params)
                response.raise_for_status()
                body = json.loads(response.content)
                count += _touch(run["id"] for run in body["data"])
                if not body["has_more"]:
                    break
                params = {"limit": PAGE, "after": body["last_id"]}
            _expect(count, total, "floor")

        async def generated() -> None:
            count, after = 0, None
            while True:
                response = await get_eval_runs.asyncio_detailed(
                    eval_id, client=self.generated, limit=PAGE, after=after or None
                )
                parsed = response.parsed
                assert isinstance(parsed, EvalRunList), parsed
                count += _touch(run.id for run in parsed.data)
                if not parsed.has_more:
                    break
                after = _cursor(parsed.last_id)
            _expect(count, total, "generated")

        async def ours() -> None:
            count = 0
            async for run in self.ours.runs.list(eval_id, limit=PAGE):
                assert run.id
                count += 1
            _expect(count, total, "ours")

        async def official() -> None:
            count = 0
            async for run in self.openai.evals.runs.list(eval_id, limit=PAGE):
                assert run.id
                count += 1
            _expect(count, total, "openai")

        return {"floor": floor, "generated": generated, "ours": ours, "openai": official}

    def create_calls(self, eval_id: str) -> dict[str, AsyncCall]:
        """One `create` round trip with the same request body, per client."""
        request = data.create_request()

        async def floor() -> None:
            response = await self.raw.post(
                f"/evals/{eval_id}/runs",
                content=json.dumps(request).encode(),
                headers={"Content-Type": "application/json"},
            )
            response.raise_for_status()
            assert json.loads(response.content)["id"]

        async def generated() -> None:
            body = CreateEvalRunRequest.from_dict(request)
            response = await create_eval_run.asyncio_detailed(
                eval_id, client=self.generated, body=body
            )
            assert isinstance(response.parsed, EvalRun), response.parsed
            assert response.parsed.id

        async def ours() -> None:
            assert (await self.ours.runs.create(eval_id, **request)).id

        async def official() -> None:
            assert (await self.openai.evals.runs.create(eval_id, **request)).id

        return {"floor": floor, "generated": generated, "ours": ours, "openai": official}


def _cursor(last_id: str | None) -> str:
    assert isinstance(last_id, str), last_id
    return last_id


def check_server(base_url: str) -> None:
    """Fail fast unless our client accepts the served bodies as valid and fully typed.

    Our client validates every response against the spec and keeps a data source it cannot
    type as a raw dict: either would make the benchmark measure something else.
    """
    eval_id = data.eval_id(250)
    with openai_evals_runs.Client(api_key=KEY, base_url=base_url) as client:
        page = client.runs.list(eval_id, limit=PAGE)
        assert len(page.data) == PAGE and page.has_more, page
        for run in page.data:
            assert not isinstance(run.data_source, dict), "listed data source left untyped"
            assert run.per_model_usage and run.per_testing_criteria_results
        _expect(sum(1 for _ in client.runs.list(eval_id, limit=PAGE)), 250, "ours")
        created = client.runs.create(eval_id, **data.create_request())
        assert not isinstance(created.data_source, dict), "created data source left untyped"
