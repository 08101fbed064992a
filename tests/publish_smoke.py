"""Smoke check of an installed openai-evals-runs, run by tests/test_publish.py.

Usage: VENV/bin/python publish_smoke.py EXPECTED_VERSION

Run with the Python of the virtualenv the package was installed into, from outside the
repository. Checks that both packages come from that virtualenv and carry EXPECTED_VERSION, then
lists and creates runs against the local Evals server over loopback. Prints one JSON line with
what it saw; exits non-zero with a message on the first failed check.
"""

from __future__ import annotations

import json
import sys
import sysconfig
from pathlib import Path


def check(condition: bool, message: str) -> None:
    """Exit with `message` when `condition` is false (works under python -O too)."""
    if not condition:
        raise SystemExit(f"smoke check failed: {message}")


def main() -> None:
    """Import from the virtualenv, compare versions, list and create runs."""
    expected = sys.argv[1]
    import openai_evals_runs_api

    import openai_evals_runs
    from openai_evals_runs import Client
    from openai_evals_runs.testing import FakeEvalsServer

    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    for module in (openai_evals_runs, openai_evals_runs_api):
        location = Path(str(module.__file__)).resolve()
        check(location.is_relative_to(site), f"{module.__name__} from {location}, not {site}")
    check(openai_evals_runs.__version__ == expected, f"version {openai_evals_runs.__version__}")
    check(openai_evals_runs_api.__version__ == expected, "openai_evals_runs_api.__version__")

    content = [{"item": {"input": f"headline {n}"}} for n in range(3)]
    with FakeEvalsServer() as server:
        eval_id = server.create_eval(name="smoke")
        with Client(api_key=server.api_key, base_url=server.base_url) as client:
            check(client.runs.list(eval_id).data == [], "a new eval has no runs")
            run = client.runs.create(
                eval_id,
                name="smoke",
                data_source={
                    "type": "jsonl",
                    "source": {"type": "file_content", "content": content},
                },
            )
            check(run.status == "queued", f"a new run is {run.status}")
            server.advance(10)
            page = client.runs.list(eval_id, status="completed")
            check([item.id for item in page.data] == [run.id], "the run is listed as completed")
            check(page.data[0].result_counts.total == 3, "the run counted its 3 items")
        agents = {request.headers.get("user-agent", "") for request in server.requests}
        check(
            all(agent.startswith(f"openai-evals-runs/{expected} ") for agent in agents),
            f"User-Agent {agents}",
        )
    print(
        json.dumps(
            {
                "version": openai_evals_runs.__version__,
                "api_version": openai_evals_runs_api.__version__,
                "location": str(Path(str(openai_evals_runs.__file__)).parent),
                "run": run.id,
                "requests": len(server.requests),
            }
        )
    )


if __name__ == "__main__":
    main()
