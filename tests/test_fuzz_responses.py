"""Response fuzzing: whatever a server sends back with a 2xx, `runs.list` / `runs.create` either
return (a Page / an EvalRun) or raise APIResponseValidationError. Anything else is a bug.

Bodies are generated from the `EvalRunList` and `EvalRun` schemas of openapi.yaml (a
self-contained copy with every `$ref` inlined and sizes capped, turned into Hypothesis strategies
by `from_schema` below: hypothesis-jsonschema 0.23.1 cannot generate objects with the pinned
Hypothesis 6.170), then mutated: nulls, unknown enum strings, missing and extra fields, wrong types,
~1 MB strings, deep nesting, raw literals JSON does not allow (NaN, Infinity, 5000-digit
integers), non-UTF-8 bytes, byte order marks and truncation. A real HTTP server on 127.0.0.1
(tests/scripted_server.py) answers the client's request with the body.

Oracles, beyond "no other exception":
- a generated body that is not mutated parses, every field kept (`to_dict()`), and a data source
  that fits the spec comes back typed;
- a mutated body that still conforms to the full schema of openapi.yaml (checked with
  `jsonschema`) parses too;
- a parsed answer holds exactly the runs of the body.

Regression seeds live in tests/fuzz_corpus/ (see its README.md) and are replayed sync and async.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from scripted_server import TEST_KEY, Reply, ScriptedServer, scripted_server

from openai_evals_runs import (
    APIResponseValidationError,
    AsyncClient,
    AsyncPage,
    Client,
    EvalRun,
    Page,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
EVAL_ID = "eval_fuzz"
DATA_SOURCE = {"type": "jsonl", "source": {"type": "file_id", "id": "file-fuzz"}}
STATUS = {"list": 200, "create": 201}
SCHEMA_OF = {"list": "EvalRunList", "create": "EvalRun"}

# -- the schemas ----------------------------------------------------------------------------------

# Keywords left out of the generation schema: annotations, `format` (not needed for shape), and
# `propertyNames` (the client ignores size limits in responses anyway).
_DROPPED = frozenset({"description", "default", "format", "propertyNames", "title", "example"})
MAX_ITEMS = 2
MAX_FREE_KEYS = 3
_FREE_VALUE = {"type": ["string", "integer", "boolean", "null"]}


def _components() -> dict[str, Any]:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text("utf-8"))
    components: dict[str, Any] = spec["components"]["schemas"]
    return components


COMPONENTS = _components()


def inline(node: Any, *, simplify: bool, stack: tuple[str, ...] = ()) -> Any:
    """`node` with every `$ref` replaced by its component: a self-contained JSON Schema.

    `oneOf` is read as `anyOf`, as the client does: EasyInputMessage and EvalItem overlap, so the
    strict "exactly one" would reject real payloads. With `simplify`, also what keeps generation
    small and fast: no annotations or `propertyNames`, arrays of at most MAX_ITEMS, free-form
    objects of at most MAX_FREE_KEYS scalar values, and no unlisted keys on objects that list
    their properties (the mutations add those).
    """
    if isinstance(node, list):
        return [inline(item, simplify=simplify, stack=stack) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in stack:
            raise ValueError(f"recursive $ref to {name}: not supported here")
        return inline(COMPONENTS[name], simplify=simplify, stack=(*stack, name))
    out: dict[str, Any] = {}
    for key, value in node.items():
        if simplify and key in _DROPPED:
            continue
        if key == "properties":  # property names are data, never keywords
            out[key] = {
                name: inline(item, simplify=simplify, stack=stack) for name, item in value.items()
            }
            continue
        out["anyOf" if key == "oneOf" else key] = inline(value, simplify=simplify, stack=stack)
    if simplify:
        _cap(out)
    return out


def _cap(schema: dict[str, Any]) -> None:
    if schema.get("type") == "array":
        schema["maxItems"] = min(schema.get("maxItems", MAX_ITEMS), MAX_ITEMS)
    if schema.get("type") != "object":
        return
    extra = schema.get("additionalProperties")
    if "properties" in schema:
        if extra is None:
            schema["additionalProperties"] = False
    elif "anyOf" not in schema:
        if extra is None or extra is True:
            schema["additionalProperties"] = _FREE_VALUE
        schema["maxProperties"] = min(schema.get("maxProperties", MAX_FREE_KEYS), MAX_FREE_KEYS)


_SUPPORTED = frozenset(
    {"type", "enum", "properties", "required", "additionalProperties", "anyOf", "items"}
    | {"maxItems", "maxProperties", "minimum", "maxLength"}
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of a simplified schema (the keywords openapi.yaml uses, see `_SUPPORTED`).

    hypothesis-jsonschema 0.23.1 cannot generate objects with Hypothesis 6.170 (it calls
    `many(...).more()`, gone from Hypothesis: AttributeError), hence this small generator. Every
    value it makes is checked against the full schema with `jsonschema` (`conforms`).
    """
    unknown = set(schema) - _SUPPORTED
    if unknown:
        raise ValueError(f"unsupported keywords {sorted(unknown)} in {schema}")
    if "anyOf" in schema:
        base = {key: value for key, value in schema.items() if key != "anyOf"}
        return st.one_of([from_schema({**branch, **base}) for branch in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": one}) for one in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum"))
    if kind == "number":
        return st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    if kind == "string":
        return st.text(max_size=min(schema.get("maxLength", 12), 12))
    if kind == "array":
        return st.lists(from_schema(schema["items"]), max_size=schema["maxItems"])
    if kind == "object":
        return _objects(schema)
    raise ValueError(f"no type in {schema}")


def _objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    fixed = st.fixed_dictionaries(
        {name: from_schema(properties[name]) for name in required},
        optional={
            name: from_schema(value) for name, value in properties.items() if name not in required
        },
    )
    extra = schema.get("additionalProperties", False)
    if extra is False:
        return fixed
    free = st.dictionaries(
        st.text(max_size=8).filter(lambda name: name not in properties),
        from_schema(extra),
        max_size=schema.get("maxProperties", MAX_FREE_KEYS),
    )
    return st.builds(lambda known, more: {**more, **known}, fixed, free)


GENERATION_SCHEMAS = {op: inline(COMPONENTS[name], simplify=True) for op, name in SCHEMA_OF.items()}
GENERATORS = {op: from_schema(schema) for op, schema in GENERATION_SCHEMAS.items()}
FULL_SCHEMAS = {op: inline(COMPONENTS[name], simplify=False) for op, name in SCHEMA_OF.items()}
# JSON has one number type; a decoded `1.0` is a float and the API's integers never carry a
# fraction, so (like the client) only Python ints count as integers here, and (like the client)
# NaN and the infinities are not numbers.
_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
).redefine(
    "number",
    lambda _checker, value: (
        isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ),
)
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)
VALIDATORS = {op: _Validator(schema) for op, schema in FULL_SCHEMAS.items()}


def conforms(op: str, value: Any) -> bool | None:
    """Whether `value` conforms to the full response schema (None: too deep to tell)."""
    try:
        return bool(VALIDATORS[op].is_valid(value))
    except RecursionError:
        return None


# -- mutations ------------------------------------------------------------------------------------

MEGABYTE = 1024 * 1024
# Raw byte sequences put in place of a value after encoding (JSON cannot express them as values).
RAW_LITERALS: list[bytes] = [
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1e999",
    b"-0",
    b"1.0",
    b"9" * 400,
    b"9" * 5000,  # more digits than int() accepts by default
    b'"\\ud800"',  # a lone surrogate: valid JSON, not encodable text
    b'"\\u0000"',
    b'"\xff\xfe"',  # not UTF-8
    b'"\xed\xa0\x80"',  # a UTF-8-encoded surrogate (CESU-8)
    b"[" * 50 + b"]" * 50,
    b"[" * 450 + b"]" * 450,
    b"[" * 800 + b"]" * 800,
    b'{"a":' * 600 + b"1" + b"}" * 600,
    b"[" * 100_000 + b"]" * 100_000,
]
WRONG_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    1.5,
    "",
    "x",
    [],
    [None],
    {},
    {"type": None},
    [{"id": 1}],
]
UNKNOWN_STRINGS = ["future_value", "", "QUEUED", "eval.run.v2", "\u202e\u00e9\u4e2d", " "]
TREE_MUTATIONS = ("raw", "deep", "unknown", "extra", "huge", "wrong", "delete", "wrap", "null")
BYTE_MUTATIONS = ("truncate", "bom", "utf16", "garbage", "latin1")
_SENTINEL = "@@fuzz-raw-{}@@"


def _slots(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside `value` (the root is ())."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _slots(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _slots(item, (*path, index))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


class Mutant:
    """A body being mutated: a JSON tree plus raw byte splices keyed by sentinel strings."""

    def __init__(self, tree: Any) -> None:
        self.root = [copy.deepcopy(tree)]  # a holder, so the root itself can be replaced
        self.raw: dict[str, bytes] = {}
        self.log: list[str] = []

    def set(self, path: tuple[Any, ...], value: Any) -> None:
        full = (0, *path)
        _get(self.root, full[:-1])[full[-1]] = value

    def encode(self) -> bytes:
        data = json.dumps(self.root[0]).encode()
        for sentinel, raw in self.raw.items():
            data = data.replace(json.dumps(sentinel).encode(), raw)
        return data


def _where(kind: str, tree: Any) -> list[tuple[Any, ...]]:
    """The paths a mutation of `kind` applies to."""
    paths = list(_slots(tree))
    if kind == "delete":
        return [path for path in paths if path and isinstance(_get(tree, path[:-1]), dict)]
    if kind == "extra":
        return [path for path in paths if isinstance(_get(tree, path), dict)]
    if kind == "unknown":  # strings: enums (status, object, type, role...) and ids
        return [path for path in paths if isinstance(_get(tree, path), str)] or paths
    return paths


def mutate(draw: Any, body: Any) -> tuple[bytes, list[str]]:
    """Apply 1-3 tree mutations and at most one byte mutation, drawn by Hypothesis."""
    mutant = Mutant(body)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(TREE_MUTATIONS))
        paths = _where(kind, mutant.root[0])
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        target = _get(mutant.root[0], path)
        if kind == "delete":
            del _get(mutant.root[0], path[:-1])[path[-1]]
        elif kind == "extra":
            name = draw(st.sampled_from(["extra_field", "data_source", "type", "run_data_source"]))
            target[name] = copy.deepcopy(draw(st.sampled_from(WRONG_VALUES)))
        elif kind == "unknown":
            mutant.set(path, draw(st.sampled_from(UNKNOWN_STRINGS)))
        elif kind == "wrong":
            mutant.set(path, copy.deepcopy(draw(st.sampled_from(WRONG_VALUES))))
        elif kind == "huge":
            char = draw(st.sampled_from(["x", "\u00e9", "\U0001f600", "\\"]))
            mutant.set(path, char * (MEGABYTE // len(char.encode())))
        elif kind == "raw":
            sentinel = _SENTINEL.format(len(mutant.raw))
            mutant.raw[sentinel] = raw = draw(st.sampled_from(RAW_LITERALS))
            mutant.set(path, sentinel)
            event(f"raw: {raw[:12]!r} ({len(raw)} bytes)")
        elif kind == "deep":  # nesting around the json module's recursion limit (~1000)
            depth = draw(st.integers(100, 1200))
            opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
            sentinel = _SENTINEL.format(len(mutant.raw))
            mutant.raw[sentinel] = opener * depth + b"0" + closer * depth
            mutant.set(path, sentinel)
            event(f"deep: {depth // 200 * 200}+")
        elif kind == "wrap":
            mutant.set(path, draw(st.sampled_from([[target], {"value": target}])))
        else:
            mutant.set(path, None)
        mutant.log.append(f"{kind} at {list(path)}")
        event(f"mutation: {kind}")
    data = mutant.encode()
    kind = draw(st.just("none") | st.sampled_from(BYTE_MUTATIONS))
    if kind == "truncate" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "utf16":
        data = data.decode("utf-8", "surrogateescape").encode("utf-16", "surrogatepass")
    elif kind == "garbage":
        data += draw(st.sampled_from([b"}", b" x", b"\x00", b"\n{}"]))
    elif kind == "latin1":
        data = data.replace(b'"', b'"\xe9', 1)
    mutant.log.append(f"bytes: {kind}")
    event(f"bytes: {kind}")
    return data, mutant.log


# -- sending a body and checking the outcome ------------------------------------------------------


def describe(body: bytes) -> str:
    """A failure report's view of a body: its start and its base64 (for tests/fuzz_corpus)."""
    save = os.environ.get("FUZZ_SAVE")
    if save:
        name = f"found-{hashlib.sha256(body).hexdigest()[:12]}.bin"
        Path(save).mkdir(parents=True, exist_ok=True)
        (Path(save) / name).write_bytes(body)
    head = body[:600].decode("utf-8", "replace")
    encoded = base64.b64encode(body).decode() if len(body) <= 4096 else "(too long to print)"
    return f"{len(body)} bytes: {head!r}\nbase64: {encoded}"


def _decoded(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def check_outcome(op: str, body: bytes, result: Any, log: list[str] | None = None) -> None:
    """The answer's invariants: a Page/EvalRun holding exactly what the body held."""
    try:
        _check_outcome(op, body, result)
    except AssertionError as error:
        pytest.fail(f"{op}: wrong result: {error}\nmutations: {log}\nbody: {describe(body)}")
    except Exception as error:  # e.g. to_dict() failing on what list() returned
        pytest.fail(
            f"{op}: using the result raised {type(error).__name__}: {str(error)[:300]}\n"
            f"mutations: {log}\nbody: {describe(body)}"
        )


def _check_outcome(op: str, body: bytes, result: Any) -> None:
    decoded = _decoded(body)
    assert isinstance(decoded, dict), "parsed a body that is not a JSON object"
    if op == "list":
        assert isinstance(result, (Page, AsyncPage)), type(result)
        runs = decoded["data"]
        assert [run.id for run in result.data] == [run["id"] for run in runs]
        assert [run.to_dict() for run in result.data] == runs
        assert result.has_more is decoded["has_more"]
        assert (result.first_id, result.last_id) == (decoded["first_id"], decoded["last_id"])
    else:
        assert isinstance(result, EvalRun), type(result)
        assert result.id == decoded["id"]
        assert result.to_dict() == decoded


def send(server: ScriptedServer, client: Client, op: str, body: bytes) -> Any:
    """Answer the client's next call with `body`; the result, or the APIResponseValidationError.

    Any other exception fails the test, showing the body."""
    server.replies.clear()
    server.queue(Reply(STATUS[op], body))
    before = len(server.received)
    try:
        if op == "list":
            result: Any = client.runs.list(EVAL_ID)
        else:
            result = client.runs.create(EVAL_ID, data_source=DATA_SOURCE)
    except APIResponseValidationError as error:
        result = error
    except Exception as error:  # the point of the test
        pytest.fail(f"{op}: {type(error).__name__}: {str(error)[:300]}\nbody: {describe(body)}")
    assert len(server.received) == before + 1, "the client did not send exactly one request"
    return result


async def send_async(server: ScriptedServer, client: AsyncClient, op: str, body: bytes) -> Any:
    """`send` for the AsyncClient."""
    server.replies.clear()
    server.queue(Reply(STATUS[op], body))
    try:
        if op == "list":
            return await client.runs.list(EVAL_ID)
        return await client.runs.create(EVAL_ID, data_source=DATA_SOURCE)
    except APIResponseValidationError as error:
        return error
    except Exception as error:  # the point of the test
        pytest.fail(f"{op}: {type(error).__name__}: {str(error)[:300]}\nbody: {describe(body)}")


def check_validation_error(op: str, error: APIResponseValidationError) -> None:
    assert error.status_code == STATUS[op]
    assert str(error).startswith("invalid response: ")
    assert TEST_KEY not in str(error)


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    """One scripted server for the module (Hypothesis runs many examples per test)."""
    with scripted_server() as running:
        yield running


@pytest.fixture(scope="module")
def client(server: ScriptedServer) -> Iterator[Client]:
    """A Client without retries (a 2xx is never retried anyway)."""
    with Client(api_key=TEST_KEY, base_url=server.base_url, max_retries=0, timeout=10) as api:
        yield api


# FUZZ_EXAMPLES=2000 for a longer hunt; FUZZ_SAVE=<dir> writes each failing body there (add it to
# tests/fuzz_corpus/ as a seed, see its README.md).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure prints its whole body (kept in tests/fuzz_corpus/), and shrinking
    # megabyte bodies takes minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _typed_sources(op: str, body: Any, result: Any) -> list[tuple[Any, Any]]:
    runs = body["data"] if op == "list" else [body]
    parsed = result.data if op == "list" else [result]
    return [
        (run.get("data_source"), got.data_source) for run, got in zip(runs, parsed, strict=True)
    ]


# -- property tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["list", "create"])
@FUZZ
@given(data=st.data())
def test_valid_bodies_parse(
    server: ScriptedServer, client: Client, op: str, data: st.DataObject
) -> None:
    body = data.draw(GENERATORS[op], label="body")
    assert conforms(op, body), "the generator made a body outside the schema"
    encoded = json.dumps(body).encode()
    result = send(server, client, op, encoded)
    if isinstance(result, APIResponseValidationError):
        pytest.fail(f"a valid body was rejected: {result}\nbody: {describe(encoded)}")
    check_outcome(op, encoded, result)
    for sent, parsed in _typed_sources(op, body, result):
        # A data source that fits the spec comes back as its typed variant, not the raw dict.
        assert not isinstance(parsed, dict), f"untyped data source {sent!r}"
        assert (parsed is None) == (sent is None)


@pytest.mark.parametrize("op", ["list", "create"])
@FUZZ
@given(data=st.data())
def test_mutated_bodies_parse_or_raise_validation_error(
    server: ScriptedServer, client: Client, op: str, data: st.DataObject
) -> None:
    body = data.draw(GENERATORS[op], label="body")
    encoded, log = mutate(data.draw, body)
    result = send(server, client, op, encoded)
    event(f"outcome: {type(result).__name__}")
    if isinstance(result, APIResponseValidationError):
        check_validation_error(op, result)
        decoded = _decoded(encoded)
        if decoded is not None and conforms(op, decoded):
            pytest.fail(
                f"a body that fits openapi.yaml was rejected: {result}\n"
                f"mutations: {log}\nbody: {describe(encoded)}"
            )
    else:
        check_outcome(op, encoded, result, log)


@pytest.mark.parametrize("op", ["list", "create"])
@settings(FUZZ, max_examples=max(EXAMPLES // 4, 1))
@given(data=st.data())
def test_async_mutated_bodies_parse_or_raise_validation_error(
    server: ScriptedServer, op: str, data: st.DataObject
) -> None:
    body = data.draw(GENERATORS[op], label="body")
    encoded, log = mutate(data.draw, body)

    async def main() -> Any:
        async with AsyncClient(api_key=TEST_KEY, base_url=server.base_url, max_retries=0) as api:
            return await send_async(server, api, op, encoded)

    result = asyncio.run(main())
    if isinstance(result, APIResponseValidationError):
        check_validation_error(op, result)
    else:
        check_outcome(op, encoded, result, log)


# -- the seed corpus ------------------------------------------------------------------------------


def load_seed(path: Path) -> tuple[str, bytes, str, str | None]:
    """(operation, body bytes, expected outcome, known bug) of one corpus file."""
    seed = json.loads(path.read_text("utf-8"))
    if "body" in seed:
        body = json.dumps(seed["body"]).encode()
    elif "body_text" in seed:
        body = seed["body_text"].encode("utf-8", "surrogatepass")
    else:
        body = base64.b64decode(seed["body_base64"])
    for token, (piece, count) in seed.get("expand", {}).items():
        body = body.replace(token.encode(), piece.encode() * count)
    assert seed["expect"] in ("parse", "reject", "either"), path.name
    return seed["operation"], body, seed["expect"], seed.get("known_bug")


SEEDS = sorted(CORPUS.glob("*.json"))


def _seed_param(path: Path) -> Any:
    known_bug = json.loads(path.read_text("utf-8")).get("known_bug")
    marks = [pytest.mark.xfail(strict=True, reason=known_bug)] if known_bug else []
    return pytest.param(path, id=path.stem, marks=marks)


def test_corpus_is_not_empty() -> None:
    assert len(SEEDS) >= 10


def _check_seed(path: Path, result: Any) -> None:
    op, body, expect, _ = load_seed(path)
    if isinstance(result, APIResponseValidationError):
        check_validation_error(op, result)
        assert expect != "parse", f"{path.name}: rejected: {result}"
    else:
        assert expect != "reject", f"{path.name}: parsed, expected APIResponseValidationError"
        check_outcome(op, body, result, [path.name])


@pytest.mark.parametrize("path", [_seed_param(path) for path in SEEDS])
def test_corpus_seed(server: ScriptedServer, client: Client, path: Path) -> None:
    op, body, _, _ = load_seed(path)
    _check_seed(path, send(server, client, op, body))


@pytest.mark.parametrize("path", [_seed_param(path) for path in SEEDS])
def test_corpus_seed_async(server: ScriptedServer, path: Path) -> None:
    op, body, _, _ = load_seed(path)

    async def main() -> Any:
        async with AsyncClient(api_key=TEST_KEY, base_url=server.base_url, max_retries=0) as api:
            return await send_async(server, api, op, body)

    _check_seed(path, asyncio.run(main()))
