"""generated/ is exactly what the pinned generator makes of openapi.yaml; it parses real runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from openai_evals_runs_api.models import EvalRun, EvalRunList

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _check_generated(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "check_generated.py")],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_generated_matches_the_spec() -> None:
    result = _check_generated(ROOT)
    assert result.returncode == 0, result.stderr[-3000:]


def test_drift_check_fails_when_the_spec_changes_without_regeneration(tmp_path: Path) -> None:
    for name in ("openapi.yaml", "generator-config.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("scripts", "generator-templates", "generated"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        spec.read_text().replace(
            "description: The name of the evaluation run.",
            "description: The name of the evaluation run (changed).",
        )
    )
    result = _check_generated(tmp_path)
    assert result.returncode == 1
    assert "generated/ is stale" in result.stderr
    assert "(changed)" in result.stderr  # the diff shows what moved


def test_generated_package_has_no_hand_edits_marker_files() -> None:
    package = ROOT / "generated" / "openai_evals_runs_api"
    assert (package / "py.typed").is_file()
    assert (package / "api" / "evals" / "get_eval_runs.py").is_file()
    assert (package / "api" / "evals" / "create_eval_run.py").is_file()


def test_official_201_example_parses_through_the_generated_model() -> None:
    body = json.loads((DATA / "official_create_example.json").read_text())
    assert body["error"] is None and body["per_model_usage"] is None
    run = EvalRun.from_dict(body)
    assert run.id == body["id"]
    assert run.error is None
    assert run.per_model_usage is None
    assert run.result_counts.total == body["result_counts"]["total"]


def test_official_list_example_parses_through_the_generated_model() -> None:
    body = json.loads((DATA / "official_list_example.json").read_text())
    page = EvalRunList.from_dict(body)
    assert [run.id for run in page.data] == [run["id"] for run in body["data"]]


def test_a_run_from_the_local_server_parses_through_the_generated_model() -> None:
    import httpx

    from openai_evals_runs.testing import FakeEvalsServer

    with FakeEvalsServer() as server:
        eval_id = server.create_eval(name="generated")
        headers = {"Authorization": f"Bearer {server.api_key}"}
        source = {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {}}]}}
        created = httpx.post(
            f"{server.base_url}/evals/{eval_id}/runs",
            json={"data_source": source},
            headers=headers,
        )
        server.advance(60)
        listed = httpx.get(f"{server.base_url}/evals/{eval_id}/runs", headers=headers)
    assert created.status_code == 201
    run = EvalRun.from_dict(created.json())
    assert run.error is None
    assert run.per_model_usage is None  # null until the run completes, like the live API
    page = EvalRunList.from_dict(listed.json())
    assert page.data[0].status == "completed"
    assert page.data[0].result_counts.total == 1
