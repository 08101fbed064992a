"""What each command does, once argparse has checked the shape of the command line.

Commands raise; `cli.main` turns the errors into exit statuses and one-line messages. Nothing here
imports the testing package except `fake_server`, so listing and creating runs never pay for it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from .. import _config
from .._client import Client
from .._operations import new_idempotency_key
from .._pagination import Page
from .._text import safe_text
from .._validation import check_data_source_dict
from ._datasource import load_data_source
from ._output import run_writer, write_run
from ._wait import wait_and_report

PROG = "openai-evals-runs"
MAX_PAGE_SIZE = 100
"""The largest page the API serves."""

if TYPE_CHECKING:
    from ..testing import FakeEvalsServer


class UsageError(Exception):
    """Bad input found after parsing (exit status 2); printed like an argparse error."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class CommandError(Exception):
    """A command failed for a reason that is not the user's input (exit status 1)."""


def make_client(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Client:
    """The client for the global options, with environment variables as fallbacks."""
    api_key = args.api_key or os.environ.get(_config.ENV_API_KEY)
    if not api_key:
        # Checked here rather than left to Client so the message names the CLI's own option.
        raise UsageError(
            parser, f"missing API key: pass --api-key KEY or set {_config.ENV_API_KEY}"
        )
    return Client(
        api_key=api_key,
        base_url=args.base_url,
        timeout=args.timeout,
        max_retries=_config.DEFAULT_MAX_RETRIES if args.max_retries is None else args.max_retries,
    )


# -- runs list ------------------------------------------------------------------------------------


class _Progress:
    """A one-line "pages/runs fetched" counter on a terminal's stderr, redrawn in place."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = False

    def show(self, pages: int, runs: int) -> None:
        """Draw the counter (the next page is being fetched while it shows)."""
        plural = "s" if pages != 1 else ""
        self._stream.write(f"\r\x1b[K{pages} page{plural}, {runs} runs fetched...")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the counter so table rows on stdout do not land in the middle of it."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False


def runs_list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`runs list`: one page, or with --all every page, printed as each page arrives."""
    with make_client(args, parser) as client:
        return _list_runs(args, client)


def _list_runs(args: argparse.Namespace, client: Client) -> int:
    out = sys.stdout
    most = args.max_items
    walk = args.all or most is not None  # --max-items N walks the pages until N runs
    limit = args.limit
    if limit is None and most is not None:
        limit = min(most, MAX_PAGE_SIZE)  # no page larger than what will be shown
    first = client.runs.list(
        args.eval_id, after=args.after, limit=limit, order=args.order, status=args.status
    )
    writer = run_writer(args.output, out, streaming=walk and first.has_next_page())
    # Progress only when a person is watching; in a pipe or a log it would be noise.
    progress = _Progress(sys.stderr) if walk and sys.stderr.isatty() else None
    pages: Iterator[Page] = first.iter_pages() if walk else iter([first])
    last, count, runs, has_more = first, 0, 0, first.has_more
    try:
        for page in pages:
            if progress is not None:
                progress.clear()
            data = page.data if most is None else page.data[: most - runs]
            writer.write(data)
            last, count, runs = page, count + 1, runs + len(data)
            has_more = page.has_more or len(data) < len(page.data)
            if most is not None and runs >= most:
                break  # before the next page is fetched
            if progress is not None and page.has_next_page():
                progress.show(count, runs)
    finally:
        if progress is not None:
            progress.clear()
    writer.close(has_more=has_more)
    if args.output == "table" and not walk and last.has_more and last.last_id:
        # On stderr, so the table on stdout stays clean for pipes.
        cursor = shlex.quote(safe_text(last.last_id, 200))
        sys.stderr.write(f"More runs: add --all, or --after {cursor} for the next page.\n")
    return 0


# -- runs create ----------------------------------------------------------------------------------


def runs_create(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`runs create`: start a run from a data-source file and print it (with --wait: wait for
    it and judge it, as `runs wait`)."""
    check_wait_options(args, waiting=args.wait)
    read_data_source(args)
    metadata = dict(args.metadata) if args.metadata else None
    # Chosen here, so an interrupted create can say which key retries it safely.
    key = args.idempotency_key or new_idempotency_key()
    with make_client(args, parser) as client:
        try:
            run = client.runs.create(
                args.eval_id,
                data_source=args.loaded_data_source,
                name=args.name,
                metadata=metadata,
                idempotency_key=key,
                strict=args.strict,
            )
        except KeyboardInterrupt:
            sys.stderr.write(f"\n{retry_hint(key)}\n")
            raise
        if args.wait:
            sys.stderr.write(f"created {safe_text(run.id)}; waiting for it to finish\n")
            return wait_and_report(client, args, [run.id], sys.stdout, sys.stderr)
    write_run(args.output, run, sys.stdout)
    return 0


_WAIT_OPTIONS = {
    "wait_timeout": "--timeout",
    "min_pass_rate": "--min-pass-rate",
    "baseline": "--baseline",
    "max_drop": "--max-drop",
    "junit_xml": "--junit-xml",
}


def check_wait_options(args: argparse.Namespace, *, waiting: bool) -> None:
    """Refuse gate options that would be ignored (UsageError naming the first one)."""
    if not waiting:
        given = [option for dest, option in _WAIT_OPTIONS.items() if getattr(args, dest)]
        if given:
            raise UsageError(args.parser, f"argument {given[0]}: only applies with --wait")
    if args.max_drop is not None and args.baseline is None:
        raise UsageError(args.parser, "argument --max-drop: needs --baseline RUN_ID")


# -- runs wait ------------------------------------------------------------------------------------


def runs_wait(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`runs wait`: wait for runs, judge them against the gates; the exit status says how."""
    check_wait_options(args, waiting=True)
    with make_client(args, parser) as client:
        return wait_and_report(client, args, args.run_ids, sys.stdout, sys.stderr)


def retry_hint(key: str) -> str:
    """What to run again after a create that may have reached the server."""
    return (
        f"the run may have been created: retry with --idempotency-key {shlex.quote(key)} "
        "to get it instead of a second run"
    )


def read_data_source(args: argparse.Namespace) -> None:
    """Load and check --data-source into `args.loaded_data_source`.

    Done before any client is made, so a bad file or field is reported even without an API key
    (the client checks it again, with the same rules, before sending).
    """
    data_source = load_data_source(args.data_source)
    # InvalidRequestError naming the field path; --no-strict lets unknown fields through.
    check_data_source_dict(data_source, strict=getattr(args, "strict", True))
    args.loaded_data_source = data_source


# -- fake-server ----------------------------------------------------------------------------------


def fake_server(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`fake-server`: run the local Evals server in the foreground until Ctrl-C or SIGTERM."""
    del parser  # every command takes it; usage errors here name the subcommand's (args.parser)
    # Imported here: only this command needs the server, and `runs ...` should stay fast.
    try:
        from ..testing import FakeEvalsServer  # noqa: PLC0415 - only fake-server needs the server; runs ... stays fast
        from ..testing._store import StateFileError  # noqa: PLC0415 - as above
    except ImportError as exc:
        raise CommandError(
            f"the fake server is not available in this installation: {exc}"
        ) from None

    # Only a key given on this command line: OPENAI_API_KEY may be a real key, and the server
    # prints the key it accepts.
    api_key = args.server_api_key or args.api_key
    try:
        server = FakeEvalsServer(
            host=args.host, port=args.port, speed=args.speed, api_key=api_key, state=args.state
        )
    except ValueError as exc:
        raise UsageError(args.parser, f"argument --api-key: {exc}") from None
    except StateFileError as exc:
        raise CommandError(str(exc)) from None
    try:
        evals = _serve_evals(server, args)
        server.start()
    except OSError as exc:
        server.stop()
        reason = exc.strerror or str(exc)
        raise CommandError(
            f"cannot start the fake server on {args.host}:{args.port}: {reason} "
            "(try another --port, or --port 0 for any free one)"
        ) from None
    except BaseException:
        server.stop()
        raise
    stop = threading.Event()
    previous = _on_stop_signals(stop)
    try:
        if args.json:
            _print_server_json(server, evals, args, sys.stdout)
        else:
            _print_server_banner(server.base_url, server.api_key, evals, args.speed, sys.stdout)
        # wait() with a timeout so the loop also notices a signal on platforms where an
        # untimed wait cannot be interrupted.
        while not stop.wait(0.5):
            pass
    finally:
        _restore_signals(previous)
        server.stop()
    if not args.json:  # the JSON line stays the only thing on stdout
        sys.stdout.write("Fake server stopped.\n")
        sys.stdout.flush()
    return 0


def _serve_evals(server: FakeEvalsServer, args: argparse.Namespace) -> list[tuple[str, str]]:
    """(id, name) of the evals to announce: those asked for, created or found in --state."""
    stored = server.evals()
    wanted: list[tuple[str, str | None]] = args.evals or (
        [(name, eval_id) for eval_id, name in stored.items()] or [("demo", None)]
    )
    names = [name for name, _ in wanted]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise UsageError(args.parser, f"argument --eval: {repeated[0]!r} given more than once")
    by_name = {name: eval_id for eval_id, name in reversed(stored.items())}
    evals = []
    for name, eval_id in wanted:
        try:
            found = server.create_eval(name=name, eval_id=eval_id or by_name.get(name))
        except ValueError as exc:
            raise UsageError(args.parser, f"argument --eval: {exc}") from None
        evals.append((found, name))
    return evals


def _print_server_json(
    server: FakeEvalsServer, evals: list[tuple[str, str]], args: argparse.Namespace, out: TextIO
) -> None:
    line = {
        "base_url": server.base_url,
        "azure_endpoint": server.azure_endpoint,
        "api_key": server.api_key,
        "evals": {name: eval_id for eval_id, name in evals},
        "speed": args.speed,
        "state": args.state,
        "pid": os.getpid(),
    }
    out.write(json.dumps(line) + "\n")
    out.flush()


def _on_stop_signals(stop: threading.Event) -> dict[int, Any]:
    def handler(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stop.set()

    previous: dict[int, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        # ValueError off the main thread (main() called from a thread): Ctrl-C still raises there.
        with contextlib.suppress(ValueError):
            previous[signum] = signal.signal(signum, handler)
    return previous


def _restore_signals(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _print_server_banner(
    base_url: str, api_key: str, evals: list[tuple[str, str]], speed: float, out: TextIO
) -> None:
    width = max(len(eval_id) for eval_id, _ in evals)
    lines = [
        f"Fake Evals API running at {base_url} (clock speed {speed:g}x real time)",
        "",
        f"API key: {api_key}",
        "Evals:",
        *(f"  {eval_id.ljust(width)}  {name}" for eval_id, name in evals),
        "",
        "Use it from another shell:",
        f"  export {_config.ENV_BASE_URL}={shlex.quote(base_url)}",
        f"  export {_config.ENV_API_KEY}={shlex.quote(api_key)}",
        f"  {PROG} runs list {evals[0][0]}",
        "",
        "Press Ctrl-C to stop.",
    ]
    out.write("\n".join(lines) + "\n")
    # Flushed at once: a parent process reading a pipe waits for these lines.
    out.flush()
