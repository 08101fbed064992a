"""openai-evals-runs: list and create OpenAI eval runs, sync or async.

    from openai_evals_runs import Client
    with Client() as client:
        for run in client.runs.list("eval_123", status="completed"):
            print(run.id, run.result_counts.passed)

The async client, the Azure clients (`AzureClient`, `AsyncAzureClient`), the command line and the
local test server load only when used, so this import stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._client import Client
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EvalsRunsError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    PollTimeoutError,
    RateLimitError,
    RunNotFoundError,
    UnprocessableEntityError,
)
from ._models import EvalRun
from ._pagination import AsyncPage, AsyncPaginator, Page
from ._response import RawResponse
from ._version import __version__

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._azure import AsyncAzureClient, AzureClient
    from ._models import KNOWN_STATUSES, DataSource

__all__ = [
    "KNOWN_STATUSES",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAzureClient",
    "AsyncClient",
    "AsyncPage",
    "AsyncPaginator",
    "AuthenticationError",
    "AzureClient",
    "BadRequestError",
    "Client",
    "ConflictError",
    "DataSource",
    "EvalRun",
    "EvalsRunsError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "PollTimeoutError",
    "RateLimitError",
    "RawResponse",
    "RunNotFoundError",
    "UnprocessableEntityError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # Loaded on first use: most scripts never pay for the async client or the generated models.
    if name == "AsyncClient":
        from ._async_client import AsyncClient  # noqa: PLC0415 - the async client loads on first use

        return AsyncClient
    if name in ("AzureClient", "AsyncAzureClient"):
        from . import _azure  # noqa: PLC0415 - Azure clients load on first use

        return getattr(_azure, name)
    if name in ("DataSource", "KNOWN_STATUSES"):
        from . import _models  # noqa: PLC0415 - the spec and generated models load on first use

        return getattr(_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
