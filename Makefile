# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Everything else is here for developers. Needs Python >= 3.11 and make; the rest is installed
# into .venv (and .tools/ for the contract-test mock server).

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
# pip warns about this machine's optional local mirrors; the noise hides real output.
QUIET_PIP := 2>&1 | { grep -v '^WARNING: Location' || true; }
# The first Python >= 3.11 found (probed once; stderr hides version managers' "not installed").
ifndef PYTHON
PYTHON := $(shell for p in python3.11 python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# NO_VENV_SETUP=1 uses VENV as it is, without installing into it: the tests run make in copies of
# the repository with `VENV=<this venv> NO_VENV_SETUP=1`, which must never reinstall that venv.
SETUP := $(if $(NO_VENV_SETUP),,$(STAMP))

.PHONY: help venv generate check-generated lint format typecheck test test-fast demo dist publish \
	update-spec api-diff bench clean prism

help:
	@echo "make demo             run the main job against the local Evals server"
	@echo "make test             lint, type check, drift check and the whole test suite"
	@echo "make generate         regenerate generated/ from openapi.yaml"
	@echo "make check-generated  fail if generated/ is stale"
	@echo "make dist             build the wheel and sdist into dist/ and run twine check"
	@echo "make publish          upload dist/ to TWINE_REPOSITORY_URL and tag v<version> (refuses a"
	@echo "                      dirty tree, stale generated/, a version the API changes do not"
	@echo "                      allow, a missing CHANGELOG section or failing tests)"
	@echo "make update-spec UPSTREAM=path/to/openapi.yaml  rebuild openapi.yaml from the official spec"
	@echo "make api-diff [AGAINST=0.1.0]  API changes since the last release (or AGAINST) and the"
	@echo "                      version bump they need; writes build/api-changes.md"
	@echo "make bench            speed and memory benchmark; writes bench/results.md and .png"

# _version.py: a version bump reinstalls, so the installed metadata (openai_evals_runs_api.__version__) follows.
$(STAMP): pyproject.toml requirements-dev.txt src/openai_evals_runs/_version.py
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet --no-deps -e . $(QUIET_PIP)
	$(BIN)/python -c "import openai_evals_runs, openai_evals_runs_api, openapi_python_client"
	@touch $(STAMP)

venv: $(STAMP)

generate: $(SETUP)
	$(BIN)/python scripts/generate.py generated

check-generated: $(SETUP)
	$(BIN)/python scripts/check_generated.py

# import-linter lives beside the venv, not in it (requirements-lint.txt says why).
IMPORTLINTER := .tools/importlinter
IMPORTLINTER_STAMP := $(IMPORTLINTER)/.installed
$(IMPORTLINTER_STAMP): requirements-lint.txt | $(SETUP)
	rm -rf $(IMPORTLINTER)
	$(BIN)/python -m pip install --quiet --target $(IMPORTLINTER) -r requirements-lint.txt $(QUIET_PIP)
	@touch $(IMPORTLINTER_STAMP)

lint: $(SETUP) $(IMPORTLINTER_STAMP)
	$(BIN)/ruff check src tests scripts examples bench
	$(BIN)/ruff format --check src tests scripts examples bench
	PYTHONPATH=$(IMPORTLINTER) $(BIN)/python -c \
		"import sys; from importlinter.cli import lint_imports_command; sys.argv[1:] = ['--no-cache']; lint_imports_command()"

format: $(SETUP)
	$(BIN)/ruff check --fix src tests scripts examples bench
	$(BIN)/ruff format src tests scripts examples bench

typecheck: $(SETUP)
	$(BIN)/mypy --strict src

# A pass on an unchanged tree leaves the tree's git hash in .test-passed: `make publish` does not
# run the suite again on that very tree.
test: lint typecheck check-generated
	@rm -f .test-passed
	@tree=$$($(BIN)/python scripts/tree_hash.py || true); \
	$(BIN)/python -m pytest -n 2 -q; \
	if [ -n "$$tree" ] && [ "$$tree" = "$$($(BIN)/python scripts/tree_hash.py)" ]; then \
		echo "$$tree" > .test-passed; fi

test-fast: $(SETUP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

demo: $(SETUP)
	$(BIN)/python scripts/demo.py

dist: $(SETUP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist . 2>&1 | tail -n 2
	$(BIN)/twine check --strict dist/*

publish: $(SETUP)
	$(BIN)/python scripts/publish.py

api-diff: $(SETUP)
	$(BIN)/python scripts/api_diff.py $(if $(AGAINST),--against "$(AGAINST)")

update-spec: $(SETUP)
	@test -n "$(UPSTREAM)" || { echo "usage: make update-spec UPSTREAM=<official openapi.yaml>" >&2; exit 2; }
	$(BIN)/python scripts/update_spec.py "$(UPSTREAM)"

# The benchmark's own pins (the official SDK as baseline, matplotlib for the chart).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt $(QUIET_PIP)
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .tools dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Prism (pinned, in .tools/prism) for the contract tests; they run this themselves when needed.
prism:
	bash scripts/prism.sh >/dev/null
