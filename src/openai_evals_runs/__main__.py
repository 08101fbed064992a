"""`python -m openai_evals_runs ...`: the same command line as `openai-evals-runs`."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
