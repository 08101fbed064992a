"""FakeEvalsServer: the public face of the local server (start/stop, state, faults, clock)."""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from ._clock import Clock
from ._faults import Fault, FaultQueues
from ._http import App, HTTPServer
from ._lifecycle import FAILED_CODE, FAILED_MESSAGE
from ._outcome import Outcome, OutcomeRule
from ._recording import RequestLog
from ._routes import AZURE_PREFIX, PREFIX, Routes
from ._state import ServerState

# What an eval id may be: it travels in the URL path unescaped.
_EVAL_ID = re.compile(r"[A-Za-z0-9_.-]{1,128}")

_SHUTDOWN_POLL = 0.05


class FakeEvalsServer:
    """A local, stateful stand-in for `GET`/`POST /v1/evals/{eval_id}/runs`, over real HTTP.

        with FakeEvalsServer() as server:
            eval_id = server.create_eval(name="smoke")
            client = Client(api_key=server.api_key, base_url=server.base_url)

    It serves on `host:port` (port 0: a free one) from a background daemon thread, checks the
    `Authorization: Bearer <api_key>` header, validates against openapi.yaml and answers in the
    API's shapes. The Azure OpenAI form is served as well (`azure_endpoint`: routes under
    /openai, `api-version` required, the key in `api-key` or `Authorization`), and tokens given to
    `accept_token` are accepted like the key. Runs progress on a server clock the test controls
    (`advance`); with `speed > 0` the clock also runs at `speed` times real time. See
    `openai_evals_runs.testing` for the run lifecycle and the fault semantics.

    With `state` (a file path), evals, runs and idempotency keys are also kept in that SQLite
    file and read back when a server starts on it again (one server per file at a time); the
    clock goes on from where the previous server stopped if that was ahead of the real time.
    Outcomes set with `set_outcome` are not kept (they may be functions).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        speed: float = 0.0,
        state: str | os.PathLike[str] | None = None,
    ) -> None:
        if api_key is None:
            api_key = f"sk-test-{secrets.token_hex(16)}"
        if not isinstance(api_key, str) or not api_key or not api_key.isprintable():
            raise ValueError("api_key must be a non-empty string of printable characters")
        if " " in api_key or not api_key.isascii():
            raise ValueError("api_key must be ASCII without spaces (it travels in a header)")
        self._host = host
        self._requested_port = port
        self._api_key = api_key
        self._clock = Clock(speed=speed)
        self._store = None
        if state is not None:
            from ._store import SqliteStore  # noqa: PLC0415 - sqlite3 only for servers that keep a file

            self._store = SqliteStore(state)
        self._state = ServerState(self._clock, self._store)
        self._faults = FaultQueues()
        self._requests = RequestLog()
        self._routes = Routes(self._state, api_key)
        self._app = App(self._routes, self._faults, self._requests)
        self._httpd: HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind the port and serve from a daemon thread. Returns the server, for chaining."""
        if self._httpd is not None or self._stopped:
            raise RuntimeError("a FakeEvalsServer can be started only once")
        try:
            self._httpd = HTTPServer(
                (self._host, self._requested_port), self._app, ipv6=":" in self._host
            )
        except BaseException:
            self.stop()  # releases a state file: `with` never reaches __exit__ after this
            raise
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _SHUTDOWN_POLL},
            name=f"FakeEvalsServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut every open connection. Safe to call more than once."""
        httpd, self._httpd = self._httpd, None
        self._stopped = True
        self._app.stopping.set()
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
            httpd.close_connections()
            if self._thread is not None:
                self._thread.join(timeout=5)
        store, self._store = self._store, None
        if store is not None:
            self._state.save_clock()
            store.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where and who ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The TCP port served on (known once started)."""
        if self._httpd is None:
            raise RuntimeError("the server is not running; call start() first")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The client's base URL: "http://HOST:PORT/v1" (the routes live under /v1)."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}{PREFIX}"

    @property
    def azure_endpoint(self) -> str:
        """The endpoint of an `AzureClient`: "http://HOST:PORT" (the Azure routes live under
        /openai, with an `api-version` query parameter and the key in `api-key`)."""
        return self.base_url.removesuffix(PREFIX)

    @property
    def azure_base_url(self) -> str:
        """The Azure routes' prefix: "http://HOST:PORT/openai"."""
        return self.azure_endpoint + AZURE_PREFIX

    @property
    def api_key(self) -> str:
        """The API key this server accepts (in `Authorization: Bearer`, or `api-key` on the
        Azure routes), besides the tokens given to `accept_token`."""
        return self._api_key

    def accept_token(self, token: str) -> None:
        """Accept `token` as well as the API key from now on, in either header (a token your
        provider hands out: token refresh and rotation tests)."""
        if not isinstance(token, str) or not token or not token.isascii() or " " in token:
            raise ValueError("token must be a non-empty ASCII string without spaces")
        self._routes.accept(token)

    def revoke_token(self, token: str) -> None:
        """Stop accepting `token` (an expired one): requests with it get a 401."""
        self._routes.revoke(token)

    def __repr__(self) -> str:
        # Never the API key: reprs end up in test reports and logs.
        where = self.base_url if self._httpd is not None else "not running"
        return f"FakeEvalsServer({where})"

    # -- state ------------------------------------------------------------------------------------

    def create_eval(self, name: str = "fake eval", *, eval_id: str | None = None) -> str:
        """Register an eval; returns its id ("eval_" + 32 hex digits unless `eval_id` is given).

        An `eval_id` that already exists is kept as it is (with its runs): a server restarted
        on a `state` file can ask for the same ids again.
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        if eval_id is not None and (
            not isinstance(eval_id, str) or _EVAL_ID.fullmatch(eval_id) is None
        ):
            raise ValueError(
                f"eval_id must be 1 to 128 letters, digits, '_', '.' or '-', got {eval_id!r}"
            )
        return self._state.create_eval(name, eval_id)

    def evals(self) -> dict[str, str]:
        """Every eval on this server: id -> name, in creation order."""
        return self._state.evals()

    def seed_runs(self, eval_id: str, n: int, statuses: Sequence[str] | None = None) -> list[str]:
        """Create `n` runs at once (for pagination tests); returns their ids in creation order.

        Their statuses cycle over `statuses` (None: all "completed") and never change with the
        clock; any string is allowed, so a test can show a client a status it does not know.
        `created_at` increases by one second per run, ending at the current server time; where
        that would put them before the eval's existing runs they share the latest existing second
        instead (never a future one), so listing order stays creation order. Their data source is
        `SEED_DATA_SOURCE` (a completions run over a file id, `DEFAULT_ITEM_COUNT` items).
        Raises KeyError for an eval this server does not have.
        """
        return self._state.seed_runs(eval_id, n, statuses)

    def runs(self, eval_id: str) -> list[dict[str, Any]]:
        """The current JSON of every run of `eval_id`, in creation order (copies: safe to edit).

        Raises KeyError for an eval this server does not have."""
        return self._state.runs_json(eval_id)

    @property
    def requests(self) -> RequestLog:
        """The requests received, in arrival order (thread-safe; `clear()` to reset).

        It keeps the latest `MAX_LOGGED_REQUESTS` requests and `MAX_LOGGED_BODY_BYTES` of bodies;
        `requests.dropped` counts the older ones let go."""
        return self._requests

    def set_outcome(self, outcome: OutcomeRule, *, eval_id: str | None = None) -> None:
        """How runs created through the API from now on end: an `Outcome`, or a function that
        takes the create request body (a dict) and returns one (results by model or by data).

        For the runs of `eval_id` only, or of every eval (None); an eval's own setting wins.
        Runs created before, and seeded runs, keep theirs. A function that raises makes the
        create answer 500 with its message. Raises KeyError for an eval this server does not
        have."""
        self._state.set_outcome(outcome, eval_id)

    def cancel_run(self, eval_id: str, run_id: str) -> None:
        """Cancel a queued or in_progress run now: its status becomes "canceled".

        Raises KeyError for an unknown eval or run, ValueError for a run already finished."""
        self._state.settle(eval_id, run_id, Outcome(status="canceled"))

    def fail_run(
        self,
        eval_id: str,
        run_id: str,
        *,
        code: str = FAILED_CODE,
        message: str = FAILED_MESSAGE,
    ) -> None:
        """Fail a queued or in_progress run now: status "failed", `error` {code, message}.

        Raises KeyError for an unknown eval or run, ValueError for a run already finished."""
        self._state.settle(
            eval_id, run_id, Outcome(status="failed", error_code=code, error_message=message)
        )

    def reset(self) -> None:
        """Empty everything: evals, runs, idempotency keys, outcomes, faults and the request
        log (the `state` file too). The clock and the API key stay."""
        self._state.reset()
        self._faults.clear()
        self._requests.clear()

    # -- clock ------------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the server clock forward by `seconds` (runs progress accordingly)."""
        self._clock.advance(seconds)

    def now(self) -> float:
        """The server clock: seconds since the epoch."""
        return self._clock.now()

    # -- faults -----------------------------------------------------------------------------------

    def inject(self, route: str, *faults: Fault) -> None:
        """Queue `faults` for the next requests of `route` ("list" or "create"), one each, in
        order. Faults apply before anything else, authentication included."""
        self._faults.add(route, faults)

    def pending_faults(self, route: str) -> int:
        """How many injected faults of `route` have not been used yet."""
        return self._faults.pending(route)

    def clear_faults(self, route: str | None = None) -> int:
        """Drop the unused faults of `route` ("list" or "create"; every route when None).
        Returns how many were dropped."""
        return self._faults.clear(route)
