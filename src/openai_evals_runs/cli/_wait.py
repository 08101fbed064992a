"""`runs wait` and `runs create --wait`: wait for runs, judge them against the gates, report.

Several runs are waited for at once: each has its own wait plan (`_polling.poll_plan`, the same
plan `client.runs.poll` runs), and this driver interleaves them, sleeping until the next one is
due. Progress goes to stderr: one live line on a terminal, one plain line per change of status
otherwise, so CI logs stay readable.

Exit statuses (stable): 0 every run finished and passed every gate; 3 a gate failed (a run ended
anything but `completed`, or a pass rate is below its bar); 4 --timeout passed before every run
finished (wins over 3: the verdict is incomplete); 1 an API or network error (also a run id the
eval does not hold); 2 usage; 130 interrupted (the last two from `cli.main`).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, TextIO, cast

from .._client import Client
from .._exceptions import EvalsRunsError, PollTimeoutError
from .._models import EvalRun
from .._polling import Fetch, Listing, Plan, PollSettings, Sleep, poll_plan, request_timeout
from .._text import safe_text

if TYPE_CHECKING:
    from ..types import ListOrder

EXIT_OK = 0
EXIT_GATE_FAILED = 3
EXIT_TIMEOUT = 4


class Gates(NamedTuple):
    """What a finished run must meet; `baseline` is the baseline run, already read."""

    min_pass_rate: float | None = None
    baseline: EvalRun | None = None
    max_drop: float = 0.0


class Verdict(NamedTuple):
    """One run's result: its last state, why it failed (None: passed), whether it timed out."""

    run_id: str
    run: EvalRun | None
    reason: str | None
    timed_out: bool
    seconds: float

    @property
    def passed(self) -> bool:
        """True when the run finished and met every gate."""
        return self.reason is None


def judge(run: EvalRun, gates: Gates) -> str | None:
    """Why `run` fails the gates, or None when it passes them all."""
    if run.status != "completed":
        return f"ended {run.status}"
    rate = run.pass_rate
    if gates.min_pass_rate is not None:
        if rate is None:
            return "no items, so no pass rate to hold to --min-pass-rate"
        if rate < gates.min_pass_rate:
            return f"pass rate {rate:.2%} is below --min-pass-rate {gates.min_pass_rate:.2%}"
    if gates.baseline is not None:
        base = gates.baseline.pass_rate
        if base is None or rate is None:
            which = "baseline run" if base is None else "run"
            return f"the {which} has no items, so no pass rate to compare"
        # A hair of tolerance: 0.90 - 0.02 must not fail 0.88 on float rounding.
        if rate < base - gates.max_drop - 1e-9:
            return (
                f"pass rate {rate:.2%} is {base - rate:.2%} below the baseline "
                f"{gates.baseline.id} ({base:.2%}); --max-drop is {gates.max_drop:.2%}"
            )
    return None


def exit_status(verdicts: Sequence[Verdict]) -> int:
    """4 when any run timed out, else 3 when any gate failed, else 0."""
    if any(verdict.timed_out for verdict in verdicts):
        return EXIT_TIMEOUT
    return EXIT_OK if all(verdict.passed for verdict in verdicts) else EXIT_GATE_FAILED


class Progress:
    """Status changes of the runs waited for, on stderr."""

    def __init__(self, stream: TextIO, run_ids: Sequence[str], *, live: bool) -> None:
        self._stream = stream
        self._live = live
        self._start = time.monotonic()
        self._states: dict[str, EvalRun | None] = dict.fromkeys(run_ids)
        self._drawn = False

    def seen(self, run: EvalRun) -> None:
        """A state was read: report it if its status changed."""
        before = self._states.get(run.id)
        self._states[run.id] = run
        if self._live:
            self._draw()
        elif before is None or before.status != run.status:
            counts = run.result_counts
            done = counts.passed + counts.failed + counts.errored
            was = f"{safe_text(before.status)} -> " if before is not None else ""
            self._stream.write(
                f"[{self._elapsed()}] {safe_text(run.id)}: {was}{safe_text(run.status)} "
                f"({done}/{counts.total} items)\n"
            )
            self._stream.flush()

    def _elapsed(self) -> str:
        seconds = int(time.monotonic() - self._start)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def _draw(self) -> None:
        by_status: dict[str, int] = {}
        done = total = 0
        for run in self._states.values():
            status = "queued" if run is None else run.status
            by_status[status] = by_status.get(status, 0) + 1
            if run is not None:
                counts = run.result_counts
                done += counts.passed + counts.failed + counts.errored
                total += counts.total
        statuses = ", ".join(f"{n} {safe_text(status)}" for status, n in by_status.items())
        self._stream.write(
            f"\r\x1b[Kwaiting: {statuses} | items {done}/{total} | {self._elapsed()}"
        )
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the live line, so what follows starts on a line of its own."""
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False


def wait_for_runs(
    client: Client,
    eval_id: str,
    run_ids: Sequence[str],
    settings: PollSettings,
    gates: Gates,
    progress: Progress,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], object] = time.sleep,
) -> list[Verdict]:
    """Wait for every run at once and judge each; API errors other than transient ones raise."""
    start = clock()
    plans: dict[str, Plan] = {}
    steps: dict[str, Fetch | Sleep] = {}
    due: dict[str, float] = {}
    verdicts: dict[str, Verdict] = {}

    def advance(run_id: str, send: Callable[[], Fetch | Sleep]) -> None:
        try:
            step = send()
        except StopIteration as stop:
            run: EvalRun = stop.value
            verdicts[run_id] = Verdict(run_id, run, judge(run, gates), False, clock() - start)
        except PollTimeoutError as error:
            reason = f"not finished after --timeout {settings.timeout:g} s"
            verdicts[run_id] = Verdict(run_id, error.run, reason, True, clock() - start)
        else:
            steps[run_id] = step
            if isinstance(step, Sleep):
                due[run_id] = clock() + step.seconds
            return
        del steps[run_id]

    for run_id in dict.fromkeys(run_ids):  # each run once, in the order given
        plan = poll_plan(eval_id, run_id, settings, clock=clock, on_state=progress.seen)
        plans[run_id] = plan
        steps[run_id] = Sleep(0.0)
        advance(run_id, partial(next, plan))
    while steps:
        for run_id, step in list(steps.items()):
            plan = plans[run_id]
            if isinstance(step, Sleep):
                if due[run_id] <= clock():
                    advance(run_id, partial(plan.send, None))
                continue
            try:
                listing = _fetch(client, step)
            except EvalsRunsError as error:
                advance(run_id, partial(plan.throw, error))
            else:
                advance(run_id, partial(plan.send, listing))
        waiting = [due[run_id] for run_id, step in steps.items() if isinstance(step, Sleep)]
        if waiting and len(waiting) == len(steps):
            sleep(max(0.0, min(waiting) - clock()))
    return [verdicts[run_id] for run_id in dict.fromkeys(run_ids)]


def _fetch(client: Client, step: Fetch) -> Listing:
    params = step.params
    page = client.runs.list(
        params.eval_id,
        after=params.after,
        limit=params.limit,
        order=cast("ListOrder | None", params.order),  # one of the spec's, set by _polling
        timeout=request_timeout(client.timeout, step),
    )
    return Listing(page.data, page.has_more)


def read_baseline(client: Client, args: argparse.Namespace, settings: PollSettings) -> Gates:
    """The gates of the command line, with the baseline run read (waited for if need be)."""
    baseline = None
    if args.baseline is not None:
        baseline = client.runs.poll(
            args.eval_id,
            args.baseline,
            poll_interval=settings.poll_interval,
            timeout=settings.timeout,
        )
    return Gates(args.min_pass_rate, baseline, args.max_drop or 0.0)


def wait_and_report(
    client: Client,
    args: argparse.Namespace,
    run_ids: Sequence[str],
    out: TextIO,
    err: TextIO,
) -> int:
    """Wait for `run_ids`, print the verdicts, write the CI reports; the exit status."""
    from ._reports import write_junit_xml, write_step_summary, write_verdicts  # noqa: PLC0415 - only waits need the reports

    settings = PollSettings(args.poll_interval, args.wait_timeout)
    gates = read_baseline(client, args, settings)
    progress = Progress(err, run_ids, live=err.isatty())
    try:
        verdicts = wait_for_runs(client, args.eval_id, run_ids, settings, gates, progress)
    finally:
        progress.close()
    write_verdicts(args.output, verdicts, out)
    if args.junit_xml is not None:
        write_junit_xml(args.junit_xml, args.eval_id, verdicts)
    write_step_summary(verdicts)
    return exit_status(verdicts)
