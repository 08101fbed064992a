"""`make api-diff` and the release gate: what an upstream change means for users, and the version
it needs.

The rules are tested on small documents and trees first. Then five realistic upstream changes are
replayed the way a maintainer meets them, each on a committed copy of this repository whose first
commit is release 0.1.0 (tag v0.1.0): the official definitions change (spec/upstream.yaml), then
`make update-spec`, `make generate` and `make api-diff` run in the copy, and the report's
classification and required bump are checked. The removed field then goes through `make publish`
to a local index: refused as a patch release, accepted (and tagged) as a major one.
"""

from __future__ import annotations

import copy
import importlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from local_index import LocalIndex, running_index
from packaging.version import Version
from repo_copy import git, make_checkout, refusal, release, run_make

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
changes = importlib.import_module("changes")
wire_diff = importlib.import_module("wire_diff")
python_api = importlib.import_module("python_api")
release_gate = importlib.import_module("release_gate")
Level = changes.Level
Bump = changes.Bump

SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
EVAL_RUNS = "/evals/{eval_id}/runs"


def _wire(old: dict[str, Any], new: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """(where, what) -> level of every wire change, for exact assertions."""
    return {(c.where, c.what): c.level for c in changes.merge(wire_diff.diff(old, new))}


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def _parameter(spec: dict[str, Any], name: str) -> dict[str, Any]:
    params = spec["paths"][EVAL_RUNS]["get"]["parameters"]
    found: dict[str, Any] = next(param for param in params if param["name"] == name)
    return found


# -- the wire contract ----------------------------------------------------------------------------


def test_an_unchanged_spec_has_no_change() -> None:
    assert wire_diff.diff(SPEC, copy.deepcopy(SPEC)) == []


def test_a_field_removed_in_the_anyof_null_form_is_breaking() -> None:
    # The form the corrections produce (`anyOf [X, null]`), where an off-the-shelf tool saw nothing.
    new = copy.deepcopy(SPEC)
    run = _schemas(new)["EvalRun"]
    assert {"type": "null"} in run["properties"]["per_model_usage"]["anyOf"]
    del run["properties"]["per_model_usage"]
    run["required"].remove("per_model_usage")
    found = _wire(SPEC, new)
    assert found == {("EvalRun.per_model_usage", "property removed"): Level.BREAKING}


def test_nullability_counts_by_direction() -> None:
    new = copy.deepcopy(SPEC)
    schemas = _schemas(new)
    # A response field that may now be null: old clients must cope (and ours reject it).
    schemas["EvalRun"]["properties"]["name"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    # A request field that no longer admits null: clients sending null break.
    schemas["Metadata"] = schemas["Metadata"]["anyOf"][0]
    found = _wire(SPEC, new)
    review = next(what for (where, what) in found if where == "EvalRun.name")
    assert found[("EvalRun.name", review)] == Level.REVIEW
    assert review.startswith("may now be null; older openai_evals_runs releases reject it")
    assert found[("CreateEvalRunRequest.metadata", "no longer admits null")] == Level.BREAKING
    # The same component in a response: a narrower value is harmless there.
    assert found[("EvalRun.metadata", "no longer admits null")] == Level.PATCH


def test_enums_and_unions_count_by_direction() -> None:
    new = copy.deepcopy(SPEC)
    _parameter(new, "order")["schema"]["enum"].remove("desc")
    schemas = _schemas(new)
    schemas["EvalRunDataSource"]["oneOf"].pop()  # runs no longer report responses sources
    schemas["EvalRunList"]["properties"]["object"]["enum"].append("page")
    found = _wire(SPEC, new)
    assert found[(f"GET {EVAL_RUNS} ?order", "enum value 'desc' removed")] == Level.BREAKING
    removed = "union variant CreateEvalResponsesRunDataSource removed"
    assert found[("EvalRun.data_source", removed)] == Level.PATCH
    new_value = next(what for where, what in found if where == "EvalRunList.object")
    assert new_value.startswith("new enum value 'page'; older openai_evals_runs releases reject")
    assert found[("EvalRunList.object", new_value)] == Level.REVIEW


def test_parameters_retyped_removed_or_required_are_breaking() -> None:
    new = copy.deepcopy(SPEC)
    _parameter(new, "limit")["schema"] = {"type": "string"}
    params = new["paths"][EVAL_RUNS]["get"]["parameters"]
    params.remove(_parameter(new, "after"))
    _parameter(new, "status")["required"] = True
    found = _wire(SPEC, new)
    assert found == {
        (f"GET {EVAL_RUNS} ?limit", "type integer -> string"): Level.BREAKING,
        (f"GET {EVAL_RUNS} ?after", "parameter removed"): Level.BREAKING,
        (f"GET {EVAL_RUNS} ?status", "now required"): Level.BREAKING,
    }


def test_a_request_limit_tightened_is_breaking_and_loosened_additive() -> None:
    new = copy.deepcopy(SPEC)
    metadata = _schemas(new)["Metadata"]["anyOf"][0]
    metadata["maxProperties"] = 8
    metadata["propertyNames"]["maxLength"] = 128
    found = _wire(SPEC, new)
    assert found[("CreateEvalRunRequest.metadata", "maxProperties 16 -> 8")] == Level.BREAKING


# -- the Python API -------------------------------------------------------------------------------


def _tree(root: Path, hand_written: str, generated: str) -> Path:
    for package, folder, text in (
        ("openai_evals_runs", "src", hand_written),
        ("openai_evals_runs_api", "generated", generated),
    ):
        (root / folder / package).mkdir(parents=True)
        (root / folder / package / "__init__.py").write_text(text, encoding="utf-8")
    return root


OLD_GENERATED = """
from typing import Literal
from attrs import define as _attrs_define, field as _attrs_field

Status = Literal["queued", "completed"]

@_attrs_define
class Run:
    id: str
    total: int
    name: str | None = None
    additional_properties: dict = _attrs_field(init=False, factory=dict)
"""
OLD_HAND_WRITTEN = '''
__all__ = ["list_runs", "LIMIT"]
LIMIT = 100

def list_runs(eval_id: str, *, status: str | None = None) -> list[str]:
    """Runs."""
    return []

def _helper(x: int) -> int:
    return x
'''


def _python_changes(
    tmp_path: Path, hand_written: str, generated: str
) -> dict[tuple[str, str], Any]:
    old = python_api.load(_tree(tmp_path / "old", OLD_HAND_WRITTEN, OLD_GENERATED))
    new = python_api.load(_tree(tmp_path / "new", hand_written, generated))
    found = python_api.diff(old.entries, new.entries)
    found += python_api.griffe_findings(old, new, found)
    return {(c.where, c.what): c.level for c in found}


def test_python_api_sees_attrs_constructors_literals_and_annotations(tmp_path: Path) -> None:
    generated = (
        OLD_GENERATED.replace('"queued", "completed"', '"queued", "completed", "paused"')
        .replace("    total: int\n", "    total: str\n")
        .replace(
            "    name: str | None = None\n", "    name: str\n    tags: list[str] | None = None\n"
        )
    )
    hand_written = OLD_HAND_WRITTEN.replace(
        "status: str | None = None)", "status: str | None = None, limit: int = 20)"
    ).replace("def _helper(x: int)", "def _helper(x: str)")
    found = _python_changes(tmp_path, hand_written, generated)
    assert found == {
        ("openai_evals_runs_api.Status", "new value 'paused'"): Level.ADDITIVE,
        ("openai_evals_runs_api.Run.total", "type int -> str"): Level.BREAKING,
        ("openai_evals_runs_api.Run.__init__(total)", "type int -> str"): Level.BREAKING,
        ("openai_evals_runs_api.Run.name", "type str | None -> str"): Level.PATCH,
        ("openai_evals_runs_api.Run.__init__(name)", "now required"): Level.BREAKING,
        ("openai_evals_runs_api.Run.__init__(name)", "type str | None -> str"): Level.BREAKING,
        ("openai_evals_runs_api.Run.tags", "new attribute"): Level.ADDITIVE,
        ("openai_evals_runs_api.Run.__init__(tags)", "new optional parameter"): Level.ADDITIVE,
        ("openai_evals_runs.list_runs(limit)", "new optional parameter"): Level.ADDITIVE,
    }  # the private helper's change is not the API's


def test_python_api_removals_are_breaking_and_griffe_check_adds_what_it_finds(
    tmp_path: Path,
) -> None:
    hand_written = OLD_HAND_WRITTEN.replace(
        "def list_runs(eval_id: str, *, status", "def list_runs(eval_id: str, order: str, *, status"
    ).replace("LIMIT = 100", "LIMIT = 50")
    generated = OLD_GENERATED.replace("    total: int\n", "")
    found = _python_changes(tmp_path, hand_written, generated)
    assert found[("openai_evals_runs.list_runs(order)", "new required parameter")] == (
        Level.BREAKING
    )
    assert found[("openai_evals_runs.LIMIT", "value 100 -> 50")] == Level.REVIEW
    assert found[("openai_evals_runs_api.Run.total", "attribute removed")] == Level.BREAKING
    assert found[("openai_evals_runs_api.Run.__init__(total)", "parameter removed")] == (
        Level.BREAKING
    )
    # Nothing griffe names twice what the rules already said.
    assert not [where for where, what in found if what.startswith("griffe") and "total" in where]


def test_keywords_of_a_typed_dict_and_type_variables_are_not_changes(tmp_path: Path) -> None:
    # A refactor the rewrite of the client made: explicit keywords become `**changes:
    # Unpack[Settings]`, a concrete type becomes a type variable. Callers see no difference.
    hand_written = OLD_HAND_WRITTEN.replace(
        "def list_runs(eval_id: str, *, status: str | None = None) -> list[str]:",
        "from typing import TypedDict, TypeVar, Unpack\n\n"
        "class _Filters(TypedDict, total=False):\n    status: str | None\n\n"
        "_R = TypeVar('_R', bound=list[str])\n\n"
        "def list_runs(eval_id: str, **filters: Unpack[_Filters]) -> _R:",
    )
    found = _python_changes(tmp_path, hand_written, OLD_GENERATED)
    assert found == {}


def test_union_members_of_annotations() -> None:
    assert python_api.members("Literal['a', 'b'] | None") == {
        "Literal['a']",
        "Literal['b']",
        "None",
    }
    assert python_api.members("Optional[dict[str, int | None]]") == {
        "dict[str, int | None]",
        "None",
    }


# -- the bump -------------------------------------------------------------------------------------


def _change(level: Any) -> Any:
    return changes.Change(level, "wire", "EvalRun.model", "property removed")


@pytest.mark.parametrize(
    ("baseline", "level", "bump", "smallest"),
    [
        ("0.1.0", "BREAKING", "MINOR", "0.2.0"),  # before 1.0: minor
        ("1.4.2", "BREAKING", "MAJOR", "2.0.0"),
        ("1.4.2", "REVIEW", "MINOR", "1.5.0"),
        ("1.4.2", "ADDITIVE", "MINOR", "1.5.0"),
        ("1.4.2", "PATCH", "PATCH", "1.4.3"),
    ],
)
def test_the_required_bump(baseline: str, level: str, bump: str, smallest: str) -> None:
    needed, why = changes.required_bump([_change(Level[level])], Version(baseline))
    assert needed == Bump[bump]
    assert changes.smallest_version(Version(baseline), needed) == smallest
    if baseline.startswith("0.") and level == "BREAKING":
        assert "before 1.0" in why


@pytest.mark.parametrize(
    ("version", "bump"),
    [("0.1.1", "PATCH"), ("0.2.0", "MINOR"), ("0.2.0.dev0", "MINOR"), ("1.0.0", "MAJOR")],
)
def test_the_bump_between_versions(version: str, bump: str) -> None:
    assert changes.bump_of(Version("0.1.0"), Version(version)) == Bump[bump]
    assert changes.bump_of(Version("0.1.0"), Version("0.1.0")) is None


def test_the_changelog_section_of_a_version() -> None:
    text = "# Changelog\n\n## [Unreleased]\n\n- x\n\n## [1.2.0] - 2026-12-01\n\n### Breaking\n"
    assert release_gate.changelog_section(text, Version("1.2.0")) == "\n### Breaking\n"
    assert release_gate.changelog_section(text, Version("1.2.0rc1")) == "\n### Breaking\n"
    assert release_gate.changelog_section(text, Version("1.2.1")) is None


# -- five upstream changes, replayed --------------------------------------------------------------

Upstream = dict[str, Any]
UPSTREAM: Upstream = yaml.safe_load((ROOT / "spec" / "upstream.yaml").read_text(encoding="utf-8"))


def _free(name: str, taken: Any) -> str:
    """`name`, or `name2`, `name3`... when upstream has it already (the scenarios must still be
    changes on a tree that took one of them)."""
    number, found = 2, name
    while found in taken:
        found, number = f"{name}{number}", number + 1
    return found


FIELD = _free("archived_at", _schemas(UPSTREAM)["EvalRun"]["properties"])
STATUS = _free("paused", _parameter(UPSTREAM, "status")["schema"]["enum"])
VARIANT = _free("CreateEvalAgentRunDataSource", _schemas(UPSTREAM))
PARAMETER = _free("tags", {p["name"] for p in UPSTREAM["paths"][EVAL_RUNS]["get"]["parameters"]})


def _new_optional_field(upstream: Upstream) -> None:
    _schemas(upstream)["EvalRun"]["properties"][FIELD] = {
        "anyOf": [
            {"type": "integer", "description": "When the run was archived."},
            {"type": "null"},
        ]
    }


def _new_status_and_data_source(upstream: Upstream) -> None:
    _parameter(upstream, "status")["schema"]["enum"].append(STATUS)
    schemas = _schemas(upstream)
    schemas[VARIANT] = {
        "type": "object",
        "title": "AgentRunDataSource",
        "properties": {
            "type": {"type": "string", "enum": ["agent"], "default": "agent"},
            "agent_id": {"type": "string"},
        },
        "required": ["type", "agent_id"],
    }
    for owner in ("EvalRun", "CreateEvalRunRequest"):
        union = schemas[owner]["properties"]["data_source"]["oneOf"]
        union.append({"$ref": f"#/components/schemas/{VARIANT}"})


def _field_removed(upstream: Upstream) -> None:
    run = _schemas(upstream)["EvalRun"]
    del run["properties"]["model"]
    run["required"].remove("model")


def _type_change_and_required_field(upstream: Upstream) -> None:
    schemas = _schemas(upstream)
    schemas["EvalRun"]["properties"]["result_counts"]["properties"]["total"]["type"] = "string"
    schemas["CreateEvalRunRequest"]["required"].append("name")


def _new_optional_list_parameter(upstream: Upstream) -> None:
    upstream["paths"][EVAL_RUNS]["get"]["parameters"].append(
        {
            "name": PARAMETER,
            "in": "query",
            "required": False,
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": "Only runs carrying all of these tags.",
        }
    )


# scenario -> (change, required bump, expected lines by section; other sections must be absent)
SCENARIOS: dict[str, tuple[Callable[[Upstream], None], str, dict[str, list[str]]]] = {
    "new-optional-field": (
        _new_optional_field,
        "minor",
        {
            "Additive": [
                f"- wire: `EvalRun.{FIELD}`: new optional property",
                f"- python: `openai_evals_runs_api.models.EvalRun.__init__({FIELD})`: "
                "new optional parameter",
                f"- python: `openai_evals_runs_api.models.EvalRun.{FIELD}`: new attribute",
            ]
        },
    ),
    "new-status-and-data-source": (
        _new_status_and_data_source,
        "minor",
        {
            "Needs review": [
                f"- wire: `EvalRun.data_source`: new union variant {VARIANT}; "
                "openai_evals_runs copes (it keeps a data source it does not know as a dict)",
            ],
            "Additive": [
                f"- wire: `GET {EVAL_RUNS} ?status`: new enum value '{STATUS}'",
                f"- wire: `CreateEvalRunRequest.data_source`: new union variant {VARIANT}",
                f"- python: `openai_evals_runs_api.models.GetEvalRunsStatus`: new value '{STATUS}'",
                f"- python: `openai_evals_runs_api.models.{VARIANT}`: new class",
            ],
        },
    ),
    "field-removed": (
        _field_removed,
        "minor",
        {
            "Breaking": [
                "- wire: `EvalRun.model`: property removed",
                "- python: `openai_evals_runs_api.models.EvalRun.__init__(model)`: "
                "parameter removed",
                "- python: `openai_evals_runs_api.models.EvalRun.model`: attribute removed",
            ]
        },
    ),
    "type-change-and-required-field": (
        _type_change_and_required_field,
        "minor",
        {
            "Breaking": [
                "- wire: `CreateEvalRunRequest.name`: now required",
                "- wire: `EvalRunResultCounts.total`: type integer -> string",
                "- python: `openai_evals_runs_api.models.CreateEvalRunRequest.__init__(name)`: "
                "now required",
                "- python: `openai_evals_runs_api.models.EvalRunResultCounts.total`: "
                "type int -> str",
            ]
        },
    ),
    "new-optional-list-parameter": (
        _new_optional_list_parameter,
        "minor",
        {
            "Additive": [
                f"- wire: `GET {EVAL_RUNS} ?{PARAMETER}`: new optional parameter",
                f"- python: `openai_evals_runs_api.api.evals.get_eval_runs.sync({PARAMETER})`: "
                "new optional parameter",
            ]
        },
    ),
}
SECTIONS = ("Breaking", "Needs review", "Additive", "Other")


def _sections(report: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in report.split("\n### ")[1:]:
        title, _, body = block.partition("\n")
        found[title] = [line for line in body.splitlines() if line.startswith("- ")]
    return found


def replay(dest: Path, change: Callable[[Upstream], None]) -> Path:
    """A copy at release 0.1.0 whose official definitions then change, rebuilt as a maintainer
    does: `make update-spec UPSTREAM=spec/upstream.yaml`, `make generate`."""
    checkout = make_checkout(dest, released=False)
    upstream_path = checkout / "spec" / "upstream.yaml"
    upstream = yaml.safe_load(upstream_path.read_text(encoding="utf-8"))
    change(upstream)
    upstream_path.write_text(yaml.safe_dump(upstream, sort_keys=False), encoding="utf-8")
    for target, *args in (("update-spec", "UPSTREAM=spec/upstream.yaml"), ("generate",)):
        result = run_make(checkout, target, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    return checkout


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_an_upstream_change_gets_its_report_and_bump(tmp_path: Path, scenario: str) -> None:
    change, bump, expected = SCENARIOS[scenario]
    checkout = replay(tmp_path / "repo", change)
    result = run_make(checkout, "api-diff")
    assert result.returncode == 0, result.stdout + result.stderr
    report = (checkout / "build" / "api-changes.md").read_text(encoding="utf-8")
    assert report in result.stdout
    assert report.startswith("## API changes since v0.1.0\n\nRequired version bump: ")
    assert f"Required version bump: **{bump}** (at least 0.2.0 after 0.1.0)" in report
    if "Breaking" in expected:
        assert "a breaking change needs a minor bump before 1.0 (a major one after)" in report
    sections = _sections(report)
    assert set(sections) <= set(expected) | {"Other"}, report
    for title, lines in expected.items():
        for line in lines:
            assert any(found.startswith(line) for found in sections.get(title, [])), (line, report)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalIndex]:
    with running_index(tmp_path_factory.mktemp("index"), dependencies=False) as running:
        yield running


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_publish_refuses_a_removed_field_as_a_patch_and_accepts_it_as_a_major(
    index: LocalIndex, tmp_path: Path
) -> None:
    checkout = replay(tmp_path / "repo", _field_removed)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "update the spec: EvalRun.model is gone upstream")
    marker = tmp_path / "tests-ran"
    gate = {**index.credentials(), "PUBLISH_TEST_COMMAND": f"touch {marker}"}

    release(checkout, "0.1.1", "### Fixed\n\n- Follow the API.")
    message = refusal(run_make(checkout, "publish", **gate))
    assert message.startswith(
        "0.1.1 is a patch release after v0.1.0, but the API changes since then need a minor one "
        "(0.2.0 or later): a breaking change needs a minor bump before 1.0"
    )
    assert "- wire: `EvalRun.model`: property removed" in message
    assert message.endswith("`make api-diff` prints the whole report")

    # A major release must still say in its CHANGELOG section that it breaks things.
    release(checkout, "1.0.0", "### Changed\n\n- Follow the API.")
    message = refusal(run_make(checkout, "publish", **gate))
    assert message.startswith("the CHANGELOG.md section for 1.0.0 must call out the breaking")
    assert "- wire: `EvalRun.model`: property removed" in message
    assert not marker.exists() and index.release_files() == []  # refused before the tests

    notes = "### Breaking\n\n- `EvalRun.model` is gone: the API no longer sends it."
    (checkout / "CHANGELOG.md").write_text(
        (checkout / "CHANGELOG.md").read_text().replace("### Changed\n\n- Follow the API.", notes)
    )
    git(checkout, "commit", "-q", "-am", "changelog: call out the breaking change")
    result = run_make(checkout, "publish", **gate)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[4/6] release gate: 1.0.0 after v0.1.0: a major release" in result.stdout
    assert marker.exists()
    assert index.release_files() == [
        "openai_evals_runs-1.0.0-py3-none-any.whl",
        "openai_evals_runs-1.0.0.tar.gz",
    ]
    assert git(checkout, "tag", "--points-at", "HEAD").split() == ["v1.0.0"]
    # The next report compares with the new release: nothing changed since.
    again = run_make(checkout, "api-diff")
    assert "## API changes since v1.0.0" in again.stdout
    assert "No change to the HTTP contract or the Python API." in again.stdout


def test_no_release_tag_is_refused_with_the_way_out(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="0.2.0")
    git(checkout, "tag", "-d", "v0.1.0")
    with pytest.raises(release_gate.NotReleasable) as refused:
        release_gate.check(checkout, "0.2.0")
    assert "git tag v0.1.0 <commit>" in str(refused.value)
    assert "PUBLISH_FIRST_RELEASE=1" in str(refused.value)
    assert "nothing to compare with" in release_gate.check(checkout, "0.2.0", first_release=True)
    result = subprocess.run(
        [sys.executable, str(checkout / "scripts" / "api_diff.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "no release tag (v<version>)" in result.stderr


def test_the_version_must_go_up_and_have_a_changelog_section(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="0.2.0")
    with pytest.raises(release_gate.NotReleasable, match=r"0\.1\.0 is not greater than the last"):
        release_gate.check(checkout, "0.1.0")
    with pytest.raises(release_gate.NotReleasable, match=r"has no section for 0\.3\.0"):
        release_gate.check(checkout, "0.3.0")
    assert release_gate.check(checkout, "0.2.0").startswith("0.2.0 after v0.1.0: a minor release")
