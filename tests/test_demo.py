"""`make demo`: scripts/demo.py runs end to end, fast, and says what it does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_TIMEOUT = 60.0


def test_demo_runs_every_step_and_exits_zero() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT,
        check=False,
        env=env,
        cwd=ROOT,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "Traceback" not in out + result.stderr
    # Every step has a heading, and the commands are shown as a user would type them.
    for number in range(1, 10):
        assert f"\n== {number}. " in out
    assert "$ openai-evals-runs runs create eval_" in out
    assert "--data-source examples/news_headlines_completions.json" in out
    assert "--data-source examples/jsonl_file_content.yaml" in out
    assert " --limit 3 --all\n" in out
    assert " --status completed " in out
    # The typo is caught with the field's path, before anything is sent.
    assert "data_source.sampling_params.max_completions_tokens: is not a field" in out
    # The runs finish, and the headline run reports its 15 items.
    assert "news-headlines-gpt-4o-mini" in out
    final = out.rsplit("--status completed", 1)[1]
    headline_row = next(line for line in final.splitlines() if "news-headlines-gpt-4o-mini" in line)
    assert headline_row.split()[1] == "completed"
    assert headline_row.split()[-1] == "15"
    # The wait replaces a hand-written polling loop, and a gate fails a CI-style job.
    assert " --min-pass-rate 0.6\n" in out and "pass rate 100.00%  PASS" in out
    assert "runs create eval_" in out and " --wait " in out
    assert "-> completed (15/15 items)" in out  # progress, one line per change
    assert "FAIL: pass rate 66.67% is below --min-pass-rate 95.00%\n3\n" in out
    assert "evals.xml: 1 testcase, 1 failure" in out
    assert "$ openai-evals-runs runs summary eval_" in out and "PASS RATE" in out
    assert "Done in " in out
    assert "DEMO FAILED" not in out
