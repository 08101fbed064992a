"""The `openai_evals_runs` logger, and OPENAI_EVALS_RUNS_LOG=debug|info to switch it on
(openai-python's OPENAI_LOG=debug|info too; ours wins when both are set).

Records name the method, URL, status, attempt and request id; never a header or a body, so the API
key cannot reach a log line.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from ._config import ENV_LOG, ENV_OPENAI_LOG, LOGGER_NAME

logger = logging.getLogger(LOGGER_NAME)

_configured = False


def setup_from_env() -> None:
    """Attach a stderr handler once when OPENAI_EVALS_RUNS_LOG (else OPENAI_LOG) asks for debug
    or info logs."""
    global _configured  # noqa: PLW0603 - one-time set-up flag
    if _configured:
        return
    _configured = True
    level = log_level(os.environ)
    if level not in ("debug", "info"):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s", "%H:%M:%S")
    )
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)


def log_level(environ: Mapping[str, str]) -> str:
    """The level asked for: OPENAI_EVALS_RUNS_LOG when set (even to something that switches
    logging off), else OPENAI_LOG; "" when neither."""
    ours = environ.get(ENV_LOG, "").strip().lower()
    return ours or environ.get(ENV_OPENAI_LOG, "").strip().lower()
