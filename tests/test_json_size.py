"""check_json_size and check_json as pure functions: exact where it matters, never fooled by
sharing, never looping on a cycle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openai_evals_runs import InvalidRequestError
from openai_evals_runs._config import MAX_REQUEST_BYTES
from openai_evals_runs._validation import check_encoded_size, check_json, check_json_size

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _size(value: object) -> int:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return len(text.encode("utf-8", "surrogatepass"))


def _refused(value: object, limit: int) -> bool:
    try:
        check_json_size("value", value, limit)
    except InvalidRequestError:
        return True
    return False


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(value=JSON_VALUES)
def test_a_value_that_fits_is_never_refused(value: object) -> None:
    assert not _refused(value, _size(value))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(value=JSON_VALUES, copies=st.integers(min_value=2, max_value=4))
def test_a_shared_value_is_measured_exactly(value: object, copies: int) -> None:
    shared = [value] * copies  # one object in several places: the walk counts each occurrence
    wrapped = {"a": shared, "b": [shared]}
    size = _size(wrapped)
    assert not _refused(wrapped, size)
    assert _refused(wrapped, size - 1)


@pytest.mark.parametrize("limit", [10, 1000, 1_000_000])
def test_a_plain_value_far_over_the_limit_is_refused(limit: int) -> None:
    assert _refused(["x" * limit], limit)
    assert _refused([0] * limit, limit)
    assert _refused({"k": ["é" * limit]}, limit)


def test_the_doubling_list_is_refused_at_the_limit() -> None:
    value: list[Any] = []
    for _ in range(40):  # 2**40 leaves: terabytes of JSON
        value = [value, value]
    with pytest.raises(InvalidRequestError) as caught:
        check_json_size("data_source", {"x": value})
    assert caught.value.argument.startswith("data_source.x")
    small: list[Any] = []
    for _ in range(10):
        small = [small, small]
    check_json_size("data_source", small)  # 2**10 leaves: a few KB, fine


def test_a_cycle_is_named_by_both_paths() -> None:
    inner: dict[str, Any] = {"n": 1}
    outer = {"list": [0, {"inner": inner}]}
    inner["back"] = outer["list"]
    with pytest.raises(InvalidRequestError) as caught:
        check_json_size("data_source", outer)
    assert caught.value.argument == "data_source.list[1].inner.back"
    assert "it is data_source.list again" in str(caught.value)


def test_a_tuple_cycle_through_a_list_is_found() -> None:
    holder: list[Any] = []
    holder.append((1, holder))
    with pytest.raises(InvalidRequestError, match="circular reference"):
        check_json_size("data_source", holder)


def test_check_json_terminates_on_a_cycle_and_on_sharing() -> None:
    loop: list[Any] = [1.5]
    loop.append(loop)
    check_json("data_source", loop)  # the cycle itself is check_json_size's to report
    value: list[Any] = []
    for _ in range(60):
        value = [value, value]
    check_json("data_source", value)
    with pytest.raises(InvalidRequestError, match="finite"):
        check_json("data_source", [value, float("nan")])


def test_encoded_size() -> None:
    check_encoded_size("data_source", 100, limit=100)
    with pytest.raises(InvalidRequestError, match="more than 100 bytes"):
        check_encoded_size("data_source", 101, limit=100)


def test_not_json_counts_as_nothing_here() -> None:
    # check_json names these; the size check must neither crash nor refuse them.
    check_json_size("data_source", {"when": object(), 1: {2, 3}}, limit=100)


def test_the_readme_states_the_cap() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert MAX_REQUEST_BYTES == 50 * 2**20
    assert "more than 50 MiB" in readme and "MAX_REQUEST_BYTES" in readme


def test_shared_leaves_count_at_each_occurrence() -> None:
    """A big number or a long key reused in distinct containers is sent each time it appears."""
    huge = 10**4000  # 4,001 digits, one object
    assert _refused([huge] * 20_000, 50 * 2**20)  # 80 MB of digits
    key = "k" * 1000
    assert _refused([{key: 0} for _ in range(60_000)], 50 * 2**20)  # 60 MB of keys
    assert not _refused([{key: 0} for _ in range(100)], 200_000)


def test_sharing_is_found_whoever_else_holds_the_part() -> None:
    """Parts shared inside the value only (no variable of ours holds them) and parts a caller's
    variable also holds are both measured exactly: refusing one byte under the size shows the
    walk ran (a plain tree is only refused when certainly over)."""
    built_inline = {"a": [[1, 2]] * 3, "b": [{"k": "v"}] * 2}
    held = ["x", 1.5]
    held_too = {"a": [held, held], "b": held}
    for value in (built_inline, held_too):
        size = _size(value)
        assert not _refused(value, size)
        assert _refused(value, size - 1)
    plain = {"a": [[1, 2], [1, 2]]}  # equal but distinct lists: a tree
    assert not _refused(plain, _size(plain) - 1)
