"""When the API changes: the official definitions change, `make update-spec` and
`make generate` run, and the SDK picks the change up with no hand edit outside spec/.

On a copy of the repository (the working tree: tracked and new files, so uncommitted changes are
tested too), spec/upstream.yaml gains what a real API change looks like: an optional query
parameter `include_archived` on the list operation and an optional field
`archived_at: integer | null` on EvalRun (other names when upstream has those already). The copy's
`make update-spec UPSTREAM=spec/upstream.yaml` and `make generate` run (with this virtualenv as it
is). Then, in one pytest run inside the copy with the copy's `src/` and `generated/` first on the
path:

- the generated list operation takes the new parameter and puts it in the query;
- the generated `EvalRun` model has the field and reads it;
- the hand-written layer still passes its parsing, pagination and validation tests, and the tests
  of the spec itself pass unchanged (they check rules, not today's content);
- a run listed through `openai_evals_runs.Client` exposes the field without a wrapper change,
  through `run.to_dict()` and `run.archived_at`, and response checks follow the new spec;
- `runs.list` offers the new parameter after the only hand edits the change needs (HAND_EDITS:
  a field of the params value and a keyword of the public signature), and sends it checked
  against its schema.

A new status needs no hand edit at all (the last test).
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from repo_copy import copy_working_tree, run_make

# The copy's own test run dominates; under a loaded machine it takes minutes.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parent.parent
EVAL_RUNS = "/evals/{eval_id}/runs"
# The hand-written layer's own tests, run unchanged against the regenerated package.
LAYER_TESTS = ("test_parsing.py", "test_pagination.py", "test_validation.py")
# The tests that read the spec: an additive change must not fail them.
SPEC_TESTS = ("test_spec.py", "test_spec_facts.py", "test_update_spec.py", "test_fake_server.py")
PROBE = "test_regenerated_api_change.py"
# Fails until runs.list offers every list parameter of the spec (HAND_EDITS below make it pass).
OFFERS_EVERY_PARAMETER = "test_spec_facts.py::test_runs_list_offers_every_parameter_of_the_spec"
FIELD, PARAMETER = "archived_at", "include_archived"

# Written into the copy's tests/ and run there, next to the unchanged tests.
PROBE_SOURCE = '''\
"""Written by tests/test_regenerate.py into a regenerated copy of the repository."""

from __future__ import annotations

from pathlib import Path

import openai_evals_runs
import openai_evals_runs_api
import pytest
from openai_evals_runs_api.api.evals import get_eval_runs
from openai_evals_runs_api.models import EvalRun as GeneratedEvalRun
from scripted_server import Reply, ScriptedServer, run_body

from openai_evals_runs import APIResponseValidationError, Client

COPY = Path(__file__).resolve().parent.parent
ARCHIVED_AT = 1767225600


def _list_reply(*runs: dict) -> Reply:
    return Reply(
        200,
        {
            "object": "list",
            "data": list(runs),
            "first_id": runs[0]["id"],
            "last_id": runs[-1]["id"],
            "has_more": False,
        },
    )


def test_the_copy_is_what_is_imported() -> None:
    for module in (openai_evals_runs, openai_evals_runs_api, get_eval_runs):
        assert Path(module.__file__).resolve().is_relative_to(COPY), module.__file__


def test_generated_list_operation_takes_the_new_query_parameter() -> None:
    kwargs = get_eval_runs._get_kwargs("eval_1", include_archived=True)
    assert kwargs["params"]["include_archived"] is True
    assert "include_archived" not in get_eval_runs._get_kwargs("eval_1")["params"]


def test_generated_eval_run_model_reads_the_new_field() -> None:
    run = GeneratedEvalRun.from_dict(run_body(archived_at=ARCHIVED_AT))
    assert run.archived_at == ARCHIVED_AT
    assert run.to_dict()["archived_at"] == ARCHIVED_AT
    assert GeneratedEvalRun.from_dict(run_body(archived_at=None)).archived_at is None
    assert GeneratedEvalRun.from_dict(run_body()).archived_at is None


def test_a_listed_run_exposes_the_new_field_in_to_dict(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(_list_reply(run_body("evalrun_1", archived_at=ARCHIVED_AT)))
    (run,) = scripted_client.runs.list("eval_1").data
    assert run.to_dict()["archived_at"] == ARCHIVED_AT


def test_a_listed_run_exposes_the_new_field_as_an_attribute(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(
        _list_reply(run_body("evalrun_1", archived_at=ARCHIVED_AT), run_body("evalrun_2"))
    )
    archived, live = scripted_client.runs.list("eval_1").data
    assert archived.archived_at == ARCHIVED_AT
    assert live.archived_at is None  # optional: absent reads as None
    with pytest.raises(AttributeError):
        archived.archived_by  # not in the spec: still an error


def test_runs_list_sends_the_new_parameter_checked_by_its_schema(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    from openai_evals_runs import InvalidRequestError

    scripted.queue(_list_reply(run_body("evalrun_1")))
    scripted_client.runs.list("eval_1", include_archived=True, limit=5)
    assert scripted.received[-1].path.endswith("/runs?limit=5&include_archived=true")
    with pytest.raises(InvalidRequestError, match="include_archived: expected boolean"):
        scripted_client.runs.list("eval_1", include_archived="yes")
    assert len(scripted.received) == 1


def test_response_checks_follow_the_new_spec(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(_list_reply(run_body("evalrun_1", archived_at="yesterday")))
    with pytest.raises(APIResponseValidationError, match="archived_at"):
        scripted_client.runs.list("eval_1")
'''


# Every hand edit `runs.list` needs to offer the new query parameter: a field of the params value
# and the keyword of the public signature (written once for the four resources). Each must apply
# exactly once; nothing else of the hand-written layer changes.
HAND_EDITS = (
    (
        "src/openai_evals_runs/_operations.py",
        "    status: str | None = None\n",
        "    status: str | None = None\n    include_archived: bool | None = None\n",
    ),
    (
        "src/openai_evals_runs/runs.py",
        "        status: ListStatus | None = None,\n        timeout:",
        "        status: ListStatus | None = None,\n        include_archived: bool | None = None,\n"
        "        timeout:",
    ),
    (
        "src/openai_evals_runs/runs.py",
        "status=status)",
        "status=status, include_archived=include_archived)",
    ),
)


def _offer_the_new_parameter(copy: Path, parameter: str) -> None:
    for name, old, new in HAND_EDITS:
        path = copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new.replace(PARAMETER, parameter)), encoding="utf-8")


def _unused(name: str, taken: Any) -> str:
    while name in taken:
        name += "_next"
    return name


def _change_the_api(upstream_path: Path) -> tuple[str, str]:
    """The upstream change: a new optional parameter and field; their names."""
    upstream: dict[str, Any] = yaml.safe_load(upstream_path.read_text(encoding="utf-8"))
    parameters = upstream["paths"][EVAL_RUNS]["get"]["parameters"]
    parameter = _unused(PARAMETER, {param.get("name") for param in parameters})
    parameters.append(
        {
            "name": parameter,
            "in": "query",
            "required": False,
            "schema": {"type": "boolean"},
            "description": "Include archived runs.",
        }
    )
    run = upstream["components"]["schemas"]["EvalRun"]
    field = _unused(FIELD, run["properties"])
    run["properties"][field] = {
        "anyOf": [
            {"type": "integer", "description": "Unix timestamp (in seconds) of the archiving."},
            {"type": "null"},
        ]
    }
    upstream_path.write_text(yaml.safe_dump(upstream, sort_keys=False), "utf-8")
    return field, parameter


def _clean_env(copy: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "COV_")) and key != "PYTHONPATH"
    }
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), str(copy / "generated")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class Regenerated:
    """The regenerated copy and the outcome of the tests run inside it."""

    def __init__(
        self, root: Path, output: str, outcomes: dict[str, str], field: str, parameter: str
    ) -> None:
        self.root = root
        self.output = output
        self.outcomes = outcomes
        self.field = field
        self.parameter = parameter

    def outcome(self, test: str) -> str:
        """'passed', 'failed', 'error' or 'skipped' for a test of the copy (file::name)."""
        assert test in self.outcomes, f"{test} did not run:\n{self.output[-3000:]}"
        return self.outcomes[test]


def _outcomes(junit: Path) -> dict[str, str]:
    outcomes: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        # classname is "tests.test_parsing" (or "tests.test_parsing.TestSomething")
        parts = case.get("classname", "").split(".")
        module = next((part for part in parts if part.startswith("test_")), "?")
        name = f"{module}.py::{case.get('name')}"
        kinds = {child.tag for child in case}
        outcomes[name] = next(
            (kind for kind in ("failure", "error", "skipped") if kind in kinds), "passed"
        ).replace("failure", "failed")
    return outcomes


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Regenerated:
    copy = copy_working_tree(tmp_path_factory.mktemp("regenerate") / "repo")
    field, parameter = _change_the_api(copy / "spec" / "upstream.yaml")
    for target, *args in (("update-spec", "UPSTREAM=spec/upstream.yaml"), ("generate",)):
        result = run_make(copy, target, *args, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    _offer_the_new_parameter(copy, parameter)
    probe = PROBE_SOURCE.replace(FIELD, field).replace(PARAMETER, parameter)
    (copy / "tests" / PROBE).write_text(probe, encoding="utf-8")
    junit = copy / "junit.xml"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            *[f"tests/{name}" for name in (*LAYER_TESTS, *SPEC_TESTS, PROBE)],
        ],
        cwd=copy,
        env=_clean_env(copy),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return Regenerated(copy, run.stdout + run.stderr, _outcomes(junit), field, parameter)


def _check_regeneration_changes_only_what_the_api_change_touches(regenerated: Regenerated) -> None:
    old = ROOT / "generated" / "openai_evals_runs_api"
    new = regenerated.root / "generated" / "openai_evals_runs_api"

    def files(root: Path) -> dict[str, bytes]:
        return {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }

    before, after = files(old), files(new)
    assert before.keys() == after.keys()  # no model appears or vanishes
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["api/evals/get_eval_runs.py", "models/eval_run.py", "openapi.json"]
    assert regenerated.parameter in after["api/evals/get_eval_runs.py"].decode()
    assert f"{regenerated.field}: int | None = None" in after["models/eval_run.py"].decode()


# One test checks it all: a module-scoped fixture runs once per xdist worker that needs it, and
# the copy's pytest run is the expensive part.
PROBES = (
    "test_the_copy_is_what_is_imported",
    "test_generated_list_operation_takes_the_new_query_parameter",
    "test_generated_eval_run_model_reads_the_new_field",
    "test_a_listed_run_exposes_the_new_field_in_to_dict",
    "test_a_listed_run_exposes_the_new_field_as_an_attribute",
    "test_response_checks_follow_the_new_spec",
    "test_runs_list_sends_the_new_parameter_checked_by_its_schema",
)


def test_the_change_is_picked_up_with_no_hand_edit_but_the_list_signature(
    regenerated: Regenerated,
) -> None:
    _check_regeneration_changes_only_what_the_api_change_touches(regenerated)
    tail = regenerated.output[-3000:]
    assert {probe: regenerated.outcome(f"{PROBE}::{probe}") for probe in PROBES} == dict.fromkeys(
        PROBES, "passed"
    ), tail
    # With HAND_EDITS applied (the two lines offering the parameter), nothing else fails: not
    # the layer's tests, not the tests of the spec (rules, not today's content), not the checks
    # that the hand-written layer agrees with the spec.
    for module in LAYER_TESTS + SPEC_TESTS:
        ran = {name: got for name, got in regenerated.outcomes.items() if name.startswith(module)}
        assert len(ran) >= 5, (module, tail)
        failed = sorted(name for name, got in ran.items() if got in ("failed", "error"))
        assert failed == [], tail
    assert regenerated.outcome(OFFERS_EVERY_PARAMETER) == "passed"


# A status the spec gains: after `generate`, with no hand edit, the client accepts it as a filter,
# the CLI offers it and KNOWN_STATUSES lists it (all read from the spec data).
STATUS_PROBE = """
from openai_evals_runs import KNOWN_STATUSES
from openai_evals_runs._operations import LIST_RUNS, CallOptions, ListRunsParams
from openai_evals_runs.cli._parser import build_parser

assert KNOWN_STATUSES[-1] == "archived", KNOWN_STATUSES
request = LIST_RUNS.request(ListRunsParams("eval_1", status="archived"), CallOptions())
assert dict(request.params) == {"status": "archived"}, request
args = build_parser().parse_args(["runs", "list", "eval_1", "--status", "archived"])
assert args.status == "archived"
print("ok")
"""


def test_a_status_the_spec_gains_is_accepted_with_no_hand_edit(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    copy = copy_working_tree(tmp_path_factory.mktemp("new-status") / "repo")
    spec_path = copy / "openapi.yaml"
    spec: dict[str, Any] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    (status,) = [p for p in spec["paths"][EVAL_RUNS]["get"]["parameters"] if p["name"] == "status"]
    status["schema"]["enum"].append("archived")
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), "utf-8")
    env = _clean_env(copy)
    for command in (
        [sys.executable, "scripts/generate.py", "generated"],
        [sys.executable, "-c", STATUS_PROBE],
    ):
        done = subprocess.run(
            command, cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok"
