"""What a wait reports: the verdicts on stdout, JUnit XML for CI, the GitHub step summary.

JUnit XML: one testsuite, one testcase per run (classname the eval id, name the run id and its
name), a `failure` element with the reason when a gate failed and an `error` element when the
wait timed out, which CI systems display natively. The step summary is a Markdown table appended
to the file `GITHUB_STEP_SUMMARY` names, when it is set.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, TextIO

from .._text import escape_json_text, safe_text
from ._commands import CommandError
from ._output import TableWriter
from ._wait import Verdict

SUITE_NAME = "openai-evals-runs"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def _record(verdict: Verdict) -> dict[str, Any]:
    run = verdict.run
    return {
        "run_id": verdict.run_id,
        "passed_gates": verdict.passed,
        "reason": verdict.reason,
        "timed_out": verdict.timed_out,
        "pass_rate": None if run is None else run.pass_rate,
        "run": None if run is None else run.to_dict(),
    }


def write_verdicts(output: str, verdicts: Sequence[Verdict], out: TextIO) -> None:
    """The runs as a table followed by one verdict line each; or JSON / JSON Lines records."""
    if output == "json":
        body = {"object": "list", "data": [_record(verdict) for verdict in verdicts]}
        out.write(escape_json_text(json.dumps(body, indent=2, ensure_ascii=False)) + "\n")
    elif output == "jsonl":
        for verdict in verdicts:
            out.write(escape_json_text(json.dumps(_record(verdict), ensure_ascii=False)) + "\n")
    else:
        table = TableWriter(out)
        table.write([verdict.run for verdict in verdicts if verdict.run is not None])
        out.write("\n")
        for verdict in verdicts:
            rate = _rate(None if verdict.run is None else verdict.run.pass_rate)
            outcome = "PASS" if verdict.passed else f"FAIL: {verdict.reason}"
            out.write(f"{safe_text(verdict.run_id)}  pass rate {rate}  {safe_text(outcome)}\n")
    out.flush()


def junit_tree(eval_id: str, verdicts: Sequence[Verdict]) -> ET.ElementTree[ET.Element]:
    """The JUnit XML document of these verdicts."""
    failures = sum(1 for v in verdicts if not v.passed and not v.timed_out)
    errors = sum(1 for v in verdicts if v.timed_out)
    total_seconds = max((v.seconds for v in verdicts), default=0.0)
    suite = ET.Element(
        "testsuite",
        name=SUITE_NAME,
        tests=str(len(verdicts)),
        failures=str(failures),
        errors=str(errors),
        time=f"{total_seconds:.3f}",
    )
    for verdict in verdicts:
        run = verdict.run
        name = verdict.run_id if run is None or not run.name else f"{verdict.run_id} ({run.name})"
        case = ET.SubElement(
            suite, "testcase", classname=eval_id, name=name, time=f"{verdict.seconds:.3f}"
        )
        details = _details(verdict)
        if verdict.timed_out:
            ET.SubElement(
                case, "error", message=verdict.reason or "", type="timeout"
            ).text = details
        elif not verdict.passed:
            ET.SubElement(case, "failure", message=verdict.reason or "", type="gate").text = details
        ET.SubElement(case, "system-out").text = details
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.ElementTree(root)


def _details(verdict: Verdict) -> str:
    run = verdict.run
    if run is None:
        return "no state was read"
    counts = run.result_counts
    lines = [
        f"status: {run.status}",
        f"passed {counts.passed}, failed {counts.failed}, errored {counts.errored}, "
        f"total {counts.total}; pass rate {_rate(run.pass_rate)}",
    ]
    if run.report_url:
        lines.append(f"report: {run.report_url}")
    return "\n".join(lines)


def write_junit_xml(path: str, eval_id: str, verdicts: Sequence[Verdict]) -> None:
    """Write the JUnit XML file (CommandError naming the path when it cannot be written)."""
    try:
        junit_tree(eval_id, verdicts).write(path, encoding="utf-8", xml_declaration=True)
    except OSError as exc:
        raise CommandError(f"cannot write --junit-xml {path!r}: {exc.strerror or exc}") from None


def _cell(text: str) -> str:
    # A pipe would end the cell and a newline the row.
    return " ".join(safe_text(text).replace("|", "\\|").split())


def summary_markdown(verdicts: Sequence[Verdict]) -> str:
    """The Markdown table of the step summary."""
    lines = [
        "### Eval runs",
        "",
        "| run | status | passed | failed | errored | total | pass rate | gate | report |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for verdict in verdicts:
        run = verdict.run
        gate = "pass" if verdict.passed else f"FAIL: {verdict.reason}"
        if run is None:
            cells = [verdict.run_id, "-", "-", "-", "-", "-", "-", gate, "-"]
        else:
            counts = run.result_counts
            name = f"{run.id} ({run.name})" if run.name else run.id
            report = f"[report]({run.report_url})" if run.report_url else "-"
            cells = [name, run.status, str(counts.passed), str(counts.failed)]
            cells += [str(counts.errored), str(counts.total), _rate(run.pass_rate), gate, report]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n\n"


def write_step_summary(verdicts: Sequence[Verdict]) -> None:
    """Append the table to $GITHUB_STEP_SUMMARY when it is set (GitHub Actions)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as file:
            file.write(summary_markdown(verdicts))
    except OSError as exc:
        raise CommandError(
            f"cannot append to GITHUB_STEP_SUMMARY {path!r}: {exc.strerror or exc}"
        ) from None
