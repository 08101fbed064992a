"""Defaults and environment variables, as data."""

from __future__ import annotations

import httpx

from ._version import __version__

DEFAULT_BASE_URL = "https://api.openai.com/v1"
# Like the official SDK: a finite wait everywhere, 5 s to connect, 600 s for the rest.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

# Backoff: 0.5 s, 1 s, 2 s, ... capped at 8 s, each shortened by up to 25 % jitter.
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server-sent Retry-After / retry-after-ms longer than this is ignored in favour of the backoff.
MAX_RETRY_AFTER = 60.0

# The largest request body `runs.create` sends, as JSON: refused before it is built. The endpoint
# documents no limit of its own; this is of the order of the API's payload limits elsewhere (50 MB
# per request with image inputs). A data source that big belongs in an uploaded file (`file_id`).
MAX_REQUEST_BYTES = 50 * 1024 * 1024
# Error messages (str(exc)) are cut to this many characters; the full server body is on `.body`.
MAX_MESSAGE_CHARS = 2000
# The largest response body read (decoded: a gzip body stops inflating here). A page of 100 runs
# is about 270 KB; runs with inline data sources are larger, so the cap leaves room for those.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024

ENV_API_KEY = "OPENAI_API_KEY"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_ORGANIZATION = "OPENAI_ORG_ID"
ENV_PROJECT = "OPENAI_PROJECT_ID"
ENV_LOG = "OPENAI_EVALS_RUNS_LOG"
# openai-python's switch, honoured too (ours wins when both are set).
ENV_OPENAI_LOG = "OPENAI_LOG"
# Azure OpenAI, as openai-python's AzureOpenAI reads them.
ENV_AZURE_ENDPOINT = "AZURE_OPENAI_ENDPOINT"
ENV_AZURE_API_KEY = "AZURE_OPENAI_API_KEY"
ENV_AZURE_AD_TOKEN = "AZURE_OPENAI_AD_TOKEN"
ENV_API_VERSION = "OPENAI_API_VERSION"

USER_AGENT = f"openai-evals-runs/{__version__} (python; httpx {httpx.__version__})"
LOGGER_NAME = "openai_evals_runs"
