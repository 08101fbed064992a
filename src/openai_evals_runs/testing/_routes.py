"""The two operations: route matching, authentication, validation, and the call into the state.

Validation reads openapi.yaml (through `openai_evals_runs._schema`), never a copy of it: the body
is checked against CreateEvalRunRequest in request mode (size limits included), and the query
against the GET operation's parameter list (types, enums, defaults). On top of the spec, as the
API does: `limit` must be >= 1 and is capped at `MAX_LIMIT`; an unknown `after` is a 400.

Checks run in the API's order: API key (401), eval (404), then query or body (400).

The Azure OpenAI form is served too: `/openai/evals/{eval_id}/runs?api-version=...`, with the key
in an `api-key` header or `Authorization: Bearer`. Without `api-version` it answers as Azure
does, 404 "Resource not found", before looking at the credentials.
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs

from .. import _schema
from ._errors import ApiError
from ._faults import Route
from ._outcome import Outcome
from ._state import ListQuery, ServerState

logger = logging.getLogger("openai_evals_runs.testing")

PREFIX = "/v1"
AZURE_PREFIX = "/openai"
MAX_LIMIT = 100
_RUNS_PATH = re.compile(r"^(?P<prefix>/v1|/openai)/evals/(?P<eval_id>[^/?#]+)/runs$")
_ROUTES: dict[str, Route] = {"GET": "list", "POST": "create"}
_INTEGER = re.compile(r"^[+-]?[0-9]+\Z")
_MAX_INTEGER_DIGITS = 18


@attrs.frozen
class Match:
    """A request that reached one of the two operations."""

    route: Route
    eval_id: str
    azure: bool = False  # the Azure OpenAI form: /openai/..., api-version, api-key


@attrs.frozen
class Response:
    """What to answer: status, JSON body and extra headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = attrs.field(factory=dict)


def match(method: str, raw_path: str) -> Match | None:
    """The operation `method raw_path` names, or None (an unknown URL)."""
    found = _RUNS_PATH.match(raw_path)
    route = _ROUTES.get(method)
    if found is None or route is None:
        return None
    eval_id = unquote(found["eval_id"], errors="replace")
    return Match(route, eval_id, azure=found["prefix"] == AZURE_PREFIX)


def not_found(method: str, raw_path: str) -> Response:
    """The API's answer to a URL or method it does not serve."""
    return Response(404, ApiError(404, f"Invalid URL ({method} {raw_path})").body())


class Routes:
    """Answers the two operations against a ServerState, for one API key (and the tokens
    accepted besides it)."""

    def __init__(self, state: ServerState, api_key: str) -> None:
        self._state = state
        self._scope = api_key
        # Replaced whole, never changed in place: handler threads read it without a lock.
        self._accepted: frozenset[bytes] = frozenset({api_key.encode()})

    def accept(self, credential: str) -> None:
        """Accept `credential` too, from now on (a token a provider hands out)."""
        self._accepted = self._accepted | {credential.encode()}

    def revoke(self, credential: str) -> None:
        """Stop accepting `credential` (a token that expired)."""
        self._accepted = self._accepted - {credential.encode()}

    def handle(
        self, found: Match, *, query: str, headers: Mapping[str, str], body: bytes
    ) -> Response:
        """The answer to one request (errors included, as API error bodies)."""
        try:
            if found.azure and not _has_api_version(query):
                raise ApiError(404, "Resource not found", code="404")
            self._authenticate(headers, azure=found.azure)
            if not self._state.has_eval(found.eval_id):
                raise ApiError(404, f"No eval found with id '{found.eval_id}'.")
            if found.route == "list":
                page = self._state.list_runs(found.eval_id, parse_list_query(query))
                return Response(200, page)
            request = parse_create_body(body)
            run = self._state.create_run(
                found.eval_id,
                request,
                scope=self._scope,
                idempotency_key=headers.get("idempotency-key") or None,
                outcome=self._outcome(found.eval_id, request),
            )
            return Response(201, run)
        except ApiError as error:
            return Response(error.status, error.body(), error.headers)

    def _outcome(self, eval_id: str, request: dict[str, Any]) -> Outcome | None:
        try:
            return self._state.outcome_for(eval_id, request)
        except Exception as exc:
            # A bug in the test's own outcome function: say so in the answer (the client's error
            # message), and stop the client from retrying into the same bug.
            logger.exception("the set_outcome function raised")
            raise ApiError(
                500,
                f"The set_outcome function raised {type(exc).__name__}: {exc}",
                error_type="server_error",
                headers={"x-should-retry": "false"},
            ) from None

    def _authenticate(self, headers: Mapping[str, str], *, azure: bool) -> None:
        key = headers.get("api-key") if azure else None
        if key is not None:
            if not self._is_accepted(key.strip()):
                raise ApiError(
                    401,
                    "Access denied due to invalid subscription key or wrong API endpoint. Make "
                    "sure to provide a valid key for an active subscription and use a correct "
                    "regional API endpoint for your resource.",
                    code="401",
                )
            return
        given = headers.get("authorization")
        if not given:
            if azure:
                raise ApiError(
                    401,
                    "Access denied due to missing subscription key. Make sure to include "
                    "subscription key when making requests to an API.",
                    code="401",
                )
            raise ApiError(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        scheme, _, token = given.partition(" ")
        # The message never repeats what was sent: it may be a key.
        if scheme.lower() != "bearer" or not self._is_accepted(token.strip()):
            raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key")

    def _is_accepted(self, credential: str) -> bool:
        candidate = credential.encode("utf-8", "surrogateescape")
        # Constant-time comparisons, each of them: no early exit on the first differing byte.
        matches = [hmac.compare_digest(candidate, accepted) for accepted in self._accepted]
        return any(matches)


def _has_api_version(query: str) -> bool:
    # Looked for in the raw query: this check must not fail on a query the routes refuse later.
    return any(
        part.startswith("api-version=") and part != "api-version=" for part in query.split("&")
    )


@cache
def _query_parameters() -> tuple[dict[str, Any], ...]:
    operation = _schema.spec()["paths"]["/evals/{eval_id}/runs"]["get"]
    return tuple(param for param in operation["parameters"] if param["in"] == "query")


def parse_list_query(query: str) -> ListQuery:
    """The list parameters from a raw query string, checked against openapi.yaml."""
    try:
        pairs = parse_qsl(
            query, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=100
        )
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, f"Invalid query string: {error}.") from None
    given: dict[str, str] = {}
    for name, value in pairs:
        if name in given:
            raise ApiError(400, f"Query parameter '{name}' was given more than once.", param=name)
        given[name] = value
    values: dict[str, Any] = {}
    for param in _query_parameters():
        name, schema = param["name"], param["schema"]
        if name in given:
            values[name] = _coerce(name, schema, given[name])
        else:
            values[name] = schema.get("default")
    limit = values["limit"]
    if limit < 1:
        raise ApiError(400, f"Invalid 'limit': must be >= 1, got {limit}.", param="limit")
    return ListQuery(
        after=values["after"],
        limit=min(limit, MAX_LIMIT),
        order=values["order"],
        status=values["status"],
    )


def _coerce(name: str, schema: dict[str, Any], raw: str) -> Any:
    """A query string value converted to its schema type, then checked against the schema."""
    value: Any = raw
    if schema.get("type") == "integer":
        if not _INTEGER.match(raw):
            raise ApiError(
                400, f"Invalid '{name}': expected an integer, got {raw[:80]!r}.", param=name
            )
        # int() refuses more than 4,300 digits (a ValueError that would escape as a crash);
        # anything past 18 digits is out of every range here anyway.
        digits = raw.lstrip("+-").lstrip("0")
        if len(digits) > _MAX_INTEGER_DIGITS:
            raise ApiError(
                400, f"Invalid '{name}': integer out of range, got {raw[:80]!r}.", param=name
            )
        value = -int(digits or "0") if raw.startswith("-") else int(digits or "0")
    problems = _schema.check(schema, value, path=name, strict=True)
    if problems:
        raise ApiError(400, f"Invalid '{name}': {problems[0].message}.", param=name)
    return value


class _NonFinite(ValueError):
    """A JSON number too large for a float: it would be stored as infinity and echoed as
    `Infinity`, which is not JSON."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NonFinite(text)
    return value


def parse_create_body(body: bytes) -> dict[str, Any]:
    """The CreateEvalRunRequest in `body`, checked against openapi.yaml."""
    try:
        data = json.loads(
            body.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float
        )
    except _NonFinite as error:
        raise ApiError(
            400,
            f"The JSON body has a number too large to represent ({str(error)[:40]}); "
            "numbers must be finite.",
        ) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(
            400,
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
        ) from None
    try:
        problems = _schema.check(_schema.component("CreateEvalRunRequest"), data, strict=True)
    except RecursionError:
        raise ApiError(400, "The request body is nested too deeply.") from None
    if problems:
        first = problems[0]
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        end = "" if (shown + more).endswith((".", "?")) else "."
        raise ApiError(400, f"Invalid request body: {shown}{more}{end}", param=first.path or None)
    assert isinstance(data, dict)  # the schema check proved it
    return data
