"""The floor of the CLI start-up figure: `runs list EVAL --limit N --output jsonl` in ten lines
of bare httpx + json (OPENAI_BASE_URL and OPENAI_API_KEY from the environment, like the CLI)."""

import json
import os
import sys

import httpx

base_url, key = os.environ["OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"]
eval_id, limit = sys.argv[1], sys.argv[2]
headers = {"Authorization": f"Bearer {key}"}
response = httpx.get(f"{base_url}/evals/{eval_id}/runs", params={"limit": limit}, headers=headers)
response.raise_for_status()
for run in json.loads(response.content)["data"]:
    sys.stdout.write(json.dumps(run, ensure_ascii=False) + "\n")
