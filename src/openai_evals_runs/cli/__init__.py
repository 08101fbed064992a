"""The `openai-evals-runs` command line (also `python -m openai_evals_runs`).

    openai-evals-runs runs list EVAL_ID [--status S] [--order asc|desc] [--limit N] [--all]
    openai-evals-runs runs create EVAL_ID --data-source FILE|- [--name N] [--metadata K=V ...]
        [--wait [gate options]]
    openai-evals-runs runs wait EVAL_ID RUN_ID [RUN_ID ...] [--timeout S] [--poll-interval S]
        [--min-pass-rate F] [--baseline RUN_ID [--max-drop F]] [--output table|json|jsonl]
        [--junit-xml PATH]
    openai-evals-runs fake-server [--port 8787] [--eval NAME ...]

Exit status: 0 success; 1 API or network error (one line on stderr, with the request id when the
server sent one); 2 bad usage or invalid input (argparse errors, a data source that breaks the
schema, an unreadable file, a missing API key); 130 interrupted. Waits (`runs wait`, `runs
create --wait`) also: 3 a gate failed, 4 --timeout passed (see `_wait`). Expected errors never
print a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from .._config import MAX_MESSAGE_CHARS
from .._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
    EvalsRunsError,
    InternalServerError,
    InvalidRequestError,
    PollTimeoutError,
)
from .._text import safe_text
from ._commands import CommandError, UsageError, retry_hint
from ._datasource import DataSourceFileError

__all__ = ["main"]

# Client argument names -> how the command line spells them, for error messages.
_OPTION_NAMES = {
    "eval_id": "EVAL_ID",
    "after": "--after",
    "limit": "--limit",
    "order": "--order",
    "status": "--status",
    "name": "--name",
    "metadata": "--metadata",
    "idempotency_key": "--idempotency-key",
    "data_source": "--data-source",
    "base_url": "--base-url",
    "api_key": "--api-key",
    "timeout": "--timeout",
    "max_retries": "--max-retries",
}
_GLOBAL_ARGUMENTS = ("base_url", "api_key", "timeout", "max_retries")
# Caps on what one error shows (a data source's field paths and values come from its file).
_MAX_PATH_CHARS = 200
# The library's hint names its keyword; here the option says the same.
_SEND_ANYWAY_CLI = " (to send it anyway, pass --no-strict)"
_MAX_PROBLEM_CHARS = 500
_MAX_LINE_CHARS = MAX_MESSAGE_CHARS + 200


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit status."""
    from ._parser import build_parser  # noqa: PLC0415 - argparse and the commands load only when the CLI runs

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and argparse's own usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if args.verbose:
        _enable_debug_logs()
    try:
        return _run(args, parser)
    except UsageError as exc:
        return _usage_error(exc.parser, exc.message)
    except DataSourceFileError as exc:
        return _usage_error(args.parser, f"argument --data-source: {exc}")
    except InvalidRequestError as exc:
        return _invalid_request(exc, args, parser)
    except APIError as exc:
        _error_line(_api_error_message(exc))
        return 1
    except PollTimeoutError as exc:  # the baseline run of a wait did not finish in time
        _error_line(str(exc))
        return 4
    except (CommandError, EvalsRunsError) as exc:  # EvalsRunsError: RunNotFoundError
        _error_line(str(exc))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, and keep Python's exit-time flush of
        # stdout from failing again (the recipe of the `signal` module documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    command: Callable[[argparse.Namespace, argparse.ArgumentParser], int] = args.command
    return command(args, parser)


def _enable_debug_logs() -> None:
    from .._logs import logger, setup_from_env  # noqa: PLC0415 - debug logging only with --verbose

    # Let OPENAI_EVALS_RUNS_LOG attach its handler first, so both together do not log twice.
    setup_from_env()
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter("[%(asctime)s %(levelname)s] %(message)s", "%H:%M:%S")
        )
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def _usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    parser.print_usage(sys.stderr)
    sys.stderr.write(f"{parser.prog}: error: {message}\n")
    return 2


def _invalid_request(
    exc: InvalidRequestError, args: argparse.Namespace, parser: argparse.ArgumentParser
) -> int:
    # `argument` is a field path ("data_source.input_messages.template[0].role", "metadata.k")
    # whose first part is the client argument; the CLI names that argument by its option.
    root = exc.argument.split(".", 1)[0].split("[", 1)[0]
    option = _OPTION_NAMES.get(root, root)
    target = parser if root in _GLOBAL_ARGUMENTS else getattr(args, "parser", parser)
    text = str(exc)
    if root == "data_source":
        from .._schema import SEND_ANYWAY  # noqa: PLC0415 - loaded already: it named the problems

        # One problem per line: a data source often has several, and each names its field.
        problems = "\n".join(
            f"  {safe_text(path, _MAX_PATH_CHARS)}: "
            + safe_text(message.replace(SEND_ANYWAY, _SEND_ANYWAY_CLI), _MAX_PROBLEM_CHARS)
            for path, message in exc.problems
        )
        source = "stdin" if args.data_source == "-" else repr(args.data_source)
        return _usage_error(
            target, f"argument {option}: {source} is not a valid data source:\n{problems}"
        )
    if exc.argument == root and text.startswith(f"{root}: "):
        text = text[len(root) + 2 :]  # "limit: must be..." under "argument --limit" says it twice
    return _usage_error(target, f"argument {option}: {text}")


def _api_error_message(exc: APIError) -> str:
    message = str(exc)
    if isinstance(exc, AuthenticationError):
        message += "; check --api-key or OPENAI_API_KEY"
    elif isinstance(exc, APIConnectionError) and not isinstance(exc, APITimeoutError):
        message += "; is the server running? check --base-url or OPENAI_BASE_URL"
    reached = (APIConnectionError, APIResponseValidationError, InternalServerError)
    if exc.idempotency_key is not None and isinstance(exc, reached):
        # No answer, a 5xx or an unreadable 2xx: the create may have happened all the same.
        message += "; " + retry_hint(exc.idempotency_key)
    return message


def _error_line(message: str) -> None:
    # One line, whatever the server put in its message: scripts grep stderr line by line. SDK
    # messages are escaped already; other errors (an OSError's text) are escaped here.
    sys.stderr.write("error: " + safe_text(" ".join(message.split()), _MAX_LINE_CHARS) + "\n")
