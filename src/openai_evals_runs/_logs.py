"""The `openai_evals_runs` logger, and OPENAI_EVALS_RUNS_LOG=debug|info to switch it on.

Records name the method, URL, status, attempt and request id; never a header or a body, so the API
key cannot reach a log line.
"""

from __future__ import annotations

import logging
import os

from ._config import ENV_LOG, LOGGER_NAME

logger = logging.getLogger(LOGGER_NAME)

_configured = False


def setup_from_env() -> None:
    """Attach a stderr handler once when OPENAI_EVALS_RUNS_LOG asks for debug or info logs."""
    global _configured  # noqa: PLW0603 - one-time set-up flag
    if _configured:
        return
    _configured = True
    level = os.environ.get(ENV_LOG, "").strip().lower()
    if level not in ("debug", "info"):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s", "%H:%M:%S")
    )
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
