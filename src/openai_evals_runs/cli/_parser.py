"""The argparse tree: global options, `runs list`, `runs create` and `fake-server`.

Every parser gets an epilog with examples (RawDescriptionHelpFormatter keeps their layout), so
`--help` at any level shows a command to copy.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .._config import ENV_API_KEY, ENV_BASE_URL
from .._spec import orders, statuses
from .._version import __version__
from ._commands import PROG, fake_server, runs_create, runs_list, runs_wait
from ._output import OUTPUT_FORMATS
from ._summary import DEFAULT_LAST, grouping, runs_summary

DEFAULT_FAKE_PORT = 8787
DEFAULT_FAKE_SPEED = 1.0

_MAIN_EPILOG = f"""\
examples:
  # try everything locally, no account needed: start the fake server in one shell ...
  {PROG} fake-server --eval news-headlines
  # ... then, in another shell, with the two export lines it prints:
  {PROG} runs list eval_0123abcd --all
  {PROG} runs create eval_0123abcd --data-source examples/news_headlines_completions.json

environment:
  {ENV_API_KEY}    API key, used when --api-key is not given
  {ENV_BASE_URL}   API base URL, used when --base-url is not given

exit status: 0 success, 1 API or network error, 2 bad usage or invalid input, 130 interrupted;
runs wait and runs create --wait also: 3 a gate failed, 4 --timeout passed.
"""

_RUNS_EPILOG = f"""\
examples:
  {PROG} runs list eval_0123abcd --status completed
  {PROG} runs create eval_0123abcd --data-source run.yaml --name nightly
  {PROG} runs create eval_0123abcd --data-source run.yaml --wait --min-pass-rate 0.9
  {PROG} runs wait eval_0123abcd evalrun_0123abcd --timeout 3600
  {PROG} runs summary eval_0123abcd --last 20 --by model
"""

_SUMMARY_EPILOG = f"""\
examples:
  # pass rates of the last 20 runs, by model
  {PROG} runs summary eval_0123abcd
  # the last 50 completed runs, by the value of their metadata key "team"
  {PROG} runs summary eval_0123abcd --last 50 --status completed --by metadata.team

Per group: runs, items, the pass rate of all its items, the latest run's pass rate, and the
trend (the newest run's pass rate minus the oldest's, in percentage points). It reads the
newest runs first and no more pages than --last needs.
"""

_WAIT_EPILOG = f"""\
examples:
  # wait up to an hour; fail below a 90% pass rate; a JUnit report for CI
  {PROG} runs wait eval_0123abcd evalrun_0123abcd --timeout 3600 --min-pass-rate 0.9 \\
      --junit-xml evals.xml
  # several runs at once, none more than 2 points below a baseline run
  {PROG} runs wait eval_0123abcd evalrun_a evalrun_b --baseline evalrun_base --max-drop 0.02

Gates: every run must end completed; its pass rate (passed / total items) must be at least
--min-pass-rate; with --baseline, at most --max-drop (absolute, default 0) below the baseline
run's. Progress goes to stderr: a live line on a terminal, one line per status change otherwise.
With GITHUB_STEP_SUMMARY set (GitHub Actions), a Markdown table of the runs is appended to it.

exit status: 0 every run finished and passed every gate; 3 a gate failed; 4 --timeout passed
(wins over 3); 1 API or network error, or a run id the eval does not hold; 2 bad usage;
130 interrupted.
"""

_LIST_EPILOG = f"""\
examples:
  # the first page (20 runs, oldest first), as a table
  {PROG} runs list eval_0123abcd
  # every failed run, newest first, fetched 50 per request, one JSON object per line
  {PROG} runs list eval_0123abcd --status failed --order desc --limit 50 --all --output jsonl
  # the page after a given run
  {PROG} runs list eval_0123abcd --after evalrun_0123abcd
  # the newest 250 runs, however the pages fall
  {PROG} runs list eval_0123abcd --order desc --max-items 250
"""

_CREATE_EPILOG = f"""\
examples:
  {PROG} runs create eval_0123abcd --data-source examples/news_headlines_completions.json \\
      --name gpt-4o-mini-headlines --metadata team=news --metadata stage=dev
  # YAML works too (needs PyYAML: pip install 'openai-evals-runs[yaml]'), also from stdin
  cat examples/jsonl_file_content.yaml | {PROG} runs create eval_0123abcd --data-source -

The data source is checked against the API schema before it is sent: a wrong field is reported
with its path (e.g. data_source.input_messages.template[0].role) and exit status 2.
Sending the same --idempotency-key again returns the run already created instead of a new one.
"""

_FAKE_SERVER_EPILOG = f"""\
examples:
  {PROG} fake-server --eval news-headlines --eval support-bot
  {PROG} fake-server --port 0 --speed 10   # any free port; runs finish 10x faster
  # for scripts and CI: a fixed key and eval id, one JSON line on stdout, data kept in a file
  {PROG} fake-server --api-key sk-local --port 0 --eval smoke=eval_smoke --json \\
      --state fake-evals.db

It prints the base URL, an API key and the eval ids, with the export lines to use them (with
--json: one line, {{"base_url", "api_key", "evals": {{NAME: ID}}, ...}}, and nothing else).
Runs created on it go queued -> in_progress -> completed within a few seconds (at --speed 1).
With --state, evals, runs and idempotency keys survive a restart on the same file; --eval NAME
then reuses the stored eval of that name. Stop it with Ctrl-C or SIGTERM.
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's line breaks (the examples are laid out by hand)."""


def _int_at_least(minimum: int, rule: str) -> Callable[[str], int]:
    """An argparse type: an integer >= `minimum`; errors say `rule`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{rule}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{rule}, got {value}")
        return value

    return parse


positive_int = _int_at_least(1, "must be a positive integer")
"""argparse type: an integer >= 1."""
non_negative_int = _int_at_least(0, "must be an integer >= 0")
"""argparse type: an integer >= 0."""


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, got {text!r}")
    return value


def _number(accept: Callable[[float], bool], rule: str) -> Callable[[str], float]:
    """An argparse type: a number `accept` takes; errors say `rule`."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
        if not accept(value):
            raise argparse.ArgumentTypeError(f"{rule}, got {text!r}")
        return value

    return parse


_INFINITY = float("inf")
positive_float = _number(lambda value: 0 < value < _INFINITY, "must be a number greater than 0")
"""argparse type: a finite number > 0."""
non_negative_float = _number(lambda value: 0 <= value < _INFINITY, "must be a number >= 0")
"""argparse type: a finite number >= 0."""
fraction = _number(lambda value: 0 <= value <= 1, "must be a number from 0 to 1 (0.9 is 90%)")
"""argparse type: a number from 0 to 1 (a pass rate)."""


def metadata_pair(text: str) -> tuple[str, str]:
    """argparse type: KEY=VALUE (the value may contain `=`; the key may not be empty)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def eval_spec(text: str) -> tuple[str, str | None]:
    """argparse type: NAME or NAME=ID (the id is checked by the server)."""
    name, sep, eval_id = text.partition("=")
    if not name.strip() or (sep and not eval_id):
        raise argparse.ArgumentTypeError(f"expected NAME or NAME=ID, got {text!r}")
    return name, eval_id or None


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="List and create OpenAI eval runs (GET/POST /evals/{eval_id}/runs).",
        epilog=_MAIN_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help=f"API base URL (default: ${ENV_BASE_URL}, else https://api.openai.com/v1)",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"API key (default: ${ENV_API_KEY}; prefer the variable: arguments show up in ps)",
    )
    parser.add_argument(
        "--timeout", metavar="SECONDS", type=positive_float, help="per-request timeout"
    )
    parser.add_argument(
        "--max-retries",
        metavar="N",
        type=non_negative_int,
        help="retries of a failed request (429, 5xx, network errors); default 2",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="log every request (method, URL, status, request id) to stderr",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    runs = commands.add_parser(
        "runs",
        help="list or create the runs of an eval",
        description="List or create the runs of an eval.",
        epilog=_RUNS_EPILOG,
        formatter_class=_HelpFormatter,
    )
    runs_commands = runs.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    _add_list(runs_commands)
    _add_create(runs_commands)
    _add_wait(runs_commands)
    _add_summary(runs_commands)
    _add_fake_server(commands)
    return parser


def _add_list(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "list",
        help="list the runs of an eval",
        description=(
            "List the runs of an eval: one page by default, every page with --all "
            "(printed as each page arrives)."
        ),
        epilog=_LIST_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("eval_id", metavar="EVAL_ID", help="the eval, e.g. eval_0123abcd")
    parser.add_argument("--status", choices=statuses(), help="only runs with this status")
    parser.add_argument(
        "--order", choices=orders(), help="by creation time; the API default is asc"
    )
    parser.add_argument(
        "--limit", metavar="N", type=positive_int, help="runs per page (API default 20)"
    )
    parser.add_argument("--after", metavar="RUN_ID", help="start after this run (a page cursor)")
    parser.add_argument(
        "--all", action="store_true", help="fetch every page, not just the first one"
    )
    parser.add_argument(
        "--max-items",
        metavar="N",
        type=positive_int,
        help="stop after N runs, across as many pages as that takes",
    )
    parser.add_argument("--output", choices=OUTPUT_FORMATS, default="table", help="default: table")
    parser.set_defaults(command=runs_list, parser=parser)


def _add_create(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "create",
        help="start a run of an eval",
        description="Start a run of an eval from a data-source file (JSON or YAML).",
        epilog=_CREATE_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("eval_id", metavar="EVAL_ID", help="the eval, e.g. eval_0123abcd")
    parser.add_argument(
        "--data-source",
        metavar="FILE",
        required=True,
        help="JSON or YAML file with the data source (its 'type' is jsonl, completions or "
        "responses); - reads stdin",
    )
    parser.add_argument("--name", help="a name for the run")
    parser.add_argument(
        "--metadata",
        metavar="KEY=VALUE",
        type=metadata_pair,
        nargs="+",
        action="extend",
        help="metadata to attach (repeatable; up to 16 pairs)",
    )
    parser.add_argument(
        "--idempotency-key",
        metavar="KEY",
        help="makes the request safe to repeat (default: a new key per command)",
    )
    parser.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="send fields and data-source types this version does not know, as given (a field "
        "the API added after this release); other problems are still refused",
    )
    parser.add_argument(
        "--output", choices=("table", "json"), default="table", help="default: table"
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="wait for the run to finish and judge it (as `runs wait`; exit 3 or 4 on failure)",
    )
    _add_wait_options(parser)
    parser.set_defaults(command=runs_create, parser=parser)


def _add_wait(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "wait",
        help="wait for runs to finish and gate on their pass rates",
        description="Wait for runs of an eval to finish, then judge them against the gates.",
        epilog=_WAIT_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("eval_id", metavar="EVAL_ID", help="the eval, e.g. eval_0123abcd")
    parser.add_argument("run_ids", metavar="RUN_ID", nargs="+", help="the runs to wait for")
    parser.add_argument("--output", choices=OUTPUT_FORMATS, default="table", help="default: table")
    _add_wait_options(parser)
    parser.set_defaults(command=runs_wait, parser=parser)


def _add_summary(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "summary",
        help="pass rates of the latest runs, by model, name, status or metadata key",
        description="Summarize the pass rates of an eval's latest runs, grouped.",
        epilog=_SUMMARY_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("eval_id", metavar="EVAL_ID", help="the eval, e.g. eval_0123abcd")
    parser.add_argument(
        "--last",
        metavar="N",
        type=positive_int,
        default=DEFAULT_LAST,
        help=f"the newest N runs (default {DEFAULT_LAST})",
    )
    parser.add_argument(
        "--by",
        metavar="KEY",
        type=grouping,
        default="model",
        help="model (default), name, status or metadata.KEY",
    )
    parser.add_argument("--status", choices=statuses(), help="only runs with this status")
    parser.add_argument(
        "--output", choices=("table", "json"), default="table", help="default: table"
    )
    parser.set_defaults(command=runs_summary, parser=parser)


def _add_wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        dest="wait_timeout",
        metavar="SECONDS",
        type=non_negative_float,
        help="give up waiting after this long (exit 4); default: no limit",
    )
    parser.add_argument(
        "--poll-interval",
        metavar="SECONDS",
        type=positive_float,
        default=5.0,
        help="seconds between polls of a run (default 5)",
    )
    parser.add_argument(
        "--min-pass-rate",
        metavar="F",
        type=fraction,
        help="fail (exit 3) a run whose pass rate is below F (0.9 is 90%%)",
    )
    parser.add_argument(
        "--baseline",
        metavar="RUN_ID",
        help="compare each run's pass rate with this run's (same eval)",
    )
    parser.add_argument(
        "--max-drop",
        metavar="F",
        type=fraction,
        help="with --baseline: the largest allowed drop below it, absolute (0.02); default 0",
    )
    parser.add_argument(
        "--junit-xml", metavar="PATH", help="write a JUnit XML report (one testcase per run)"
    )


def _add_fake_server(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "fake-server",
        help="run a local fake Evals API to try the SDK and this command",
        description=(
            "Run a local fake of the Evals runs API in the foreground (in memory, no account "
            "needed)."
        ),
        epilog=_FAKE_SERVER_EPILOG,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_FAKE_PORT,
        help=f"default: {DEFAULT_FAKE_PORT}; 0 picks a free port",
    )
    parser.add_argument(
        "--eval",
        metavar="NAME[=ID]",
        dest="evals",
        type=eval_spec,
        action="append",
        help="serve an eval with this name (and this id; default: a new random one); "
        "repeatable; default: one eval named 'demo'",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        dest="server_api_key",
        help="the API key the server accepts (default: a new random one per start)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON line on start (base_url, api_key, evals) instead of the banner",
    )
    parser.add_argument(
        "--state",
        metavar="PATH",
        help="keep evals, runs and idempotency keys in this SQLite file (default: in memory)",
    )
    parser.add_argument(
        "--speed",
        type=positive_float,
        default=DEFAULT_FAKE_SPEED,
        help=f"server clock speed vs real time (default: {DEFAULT_FAKE_SPEED})",
    )
    parser.set_defaults(command=fake_server, parser=parser)
