"""The version of openai-evals-runs: the one place it is written.

The build reads it from here (`[tool.hatch.version]` in pyproject.toml), so the distribution,
`openai_evals_runs.__version__`, the User-Agent and `openai_evals_runs_api.__version__` (read from
the installed distribution's metadata) always agree. Between releases it is the next
minor version's dev release (`0.2.0.dev0`); set the release number here (at least what
`make api-diff` requires), commit, then `make publish`.
"""

__version__ = "0.2.0.dev0"
