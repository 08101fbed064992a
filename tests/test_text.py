"""Text from a server or a file, made safe to show: escapes instead of terminal control, bidi and
invisible characters, and a length cap that keeps both ends. Pure functions, then the errors
that use them, raised over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scripted_server import Reply, ScriptedServer

import openai_evals_runs as sdk
from openai_evals_runs import Client, _config
from openai_evals_runs._text import (
    code_point,
    escape_json_text,
    escape_unsafe,
    first_unsafe,
    is_unsafe,
    safe_text,
)

UNSAFE = [
    pytest.param("\x1b", "\\x1b", id="escape"),
    pytest.param("\x9b", "\\x9b", id="c1-csi"),
    pytest.param("\x85", "\\x85", id="c1-nel"),
    pytest.param("\x07", "\\x07", id="bell"),
    pytest.param("\x00", "\\x00", id="nul"),
    pytest.param("\x7f", "\\x7f", id="del"),
    pytest.param("\n", "\\n", id="lf"),
    pytest.param("\r", "\\r", id="cr"),
    pytest.param("\t", "\\t", id="tab"),
    pytest.param("\u202e", "\\u202e", id="bidi-override"),
    pytest.param("\u2066", "\\u2066", id="bidi-isolate"),
    pytest.param("\u200b", "\\u200b", id="zero-width-space"),
    pytest.param("\ufeff", "\\ufeff", id="bom"),
    pytest.param("\u2028", "\\u2028", id="line-separator"),
    pytest.param("\u2029", "\\u2029", id="paragraph-separator"),
    pytest.param("\ud800", "\\ud800", id="lone-surrogate"),
    pytest.param("\ue000", "\\ue000", id="private-use"),
    pytest.param("\U000f0000", "\\U000f0000", id="private-use-plane-15"),
]
SAFE = ["plain ASCII ~!@#", "é中😀", "a b", "\\x1b as text", "Ω≈ç√", "\u00a0nbsp", ""]


@pytest.mark.parametrize(("char", "shown"), UNSAFE)
def test_each_unsafe_character_is_shown_as_its_escape(char: str, shown: str) -> None:
    assert is_unsafe(char)
    assert escape_unsafe(f"a{char}b") == f"a{shown}b"
    assert safe_text(f"a{char}b") == f"a{shown}b"
    assert first_unsafe(f"ab{char}") == (2, char)
    encoded = safe_text(f"a{char}b").encode("utf-8")  # strict: no surrogate is left
    assert encoded.isascii()


@pytest.mark.parametrize("text", SAFE)
def test_safe_text_is_left_alone(text: str) -> None:
    assert safe_text(text) == text
    assert first_unsafe(text) is None


def test_a_terminal_escape_sequence_loses_its_escape() -> None:
    hostile = "fail\x1b]0;pwned\x07\x1b[2J\x1b[31mred\u202etxt.exe"
    shown = safe_text(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert shown == "fail\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\u202etxt.exe"


def test_a_long_text_keeps_its_start_and_its_end() -> None:
    text = "404 Not Found: " + "x" * 10_000_000 + " (request id req_42)"
    shown = safe_text(text, 2000)
    assert len(shown) == 2000
    assert shown.startswith("404 Not Found: xxx")
    assert shown.endswith("xxx (request id req_42)")
    assert f"[cut: {len(text):,} characters in all]" in shown


def test_the_cap_counts_escapes() -> None:
    text = "\x1b" * 5000
    shown = safe_text(text, 300)
    assert len(shown) == 300
    assert "\x1b" not in shown
    assert safe_text("\x1b" * 10, 40) == "\\x1b" * 10  # fits once escaped: nothing cut


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.text(), limit=st.integers(min_value=40, max_value=400))
def test_any_text_comes_out_printable_and_capped(text: str, limit: int) -> None:
    shown = safe_text(text, limit)
    assert len(shown) <= limit
    assert first_unsafe(shown) is None
    shown.encode("utf-8")  # never a lone surrogate
    if len(escape_unsafe(text)) <= limit:
        assert shown == escape_unsafe(text)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    value=st.recursive(
        st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8
    )
)
def test_escaped_json_is_the_same_json(value: object) -> None:
    text = escape_json_text(json.dumps(value, ensure_ascii=False))
    assert first_unsafe(text) is None
    assert json.loads(text) == value


def test_code_point_names_the_character() -> None:
    assert code_point("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert code_point("\x85") == "U+0085"  # controls have no name
    assert code_point("\u200b") == "U+200B ZERO WIDTH SPACE"


# -- in error messages -----------------------------------------------------------------------------

NO_RETRY = {"x-should-retry": "false", "x-request-id": "req_77"}


def test_a_10_mb_server_message_is_cut_in_the_error_but_whole_in_body(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    message = "boom " * 2_000_000
    scripted.queue(Reply(400, {"error": {"message": message}}, headers=NO_RETRY))
    with pytest.raises(sdk.BadRequestError) as caught:
        scripted_client.runs.list("eval_1")
    error = caught.value
    assert len(str(error)) <= _config.MAX_MESSAGE_CHARS
    assert len(repr(error)) <= _config.MAX_MESSAGE_CHARS + 200
    assert str(error).startswith("400 ")
    assert "req_77" in str(error)  # the end of the message survives the cut
    assert error.body == {"error": {"message": message}}


def test_terminal_escapes_from_the_server_are_escaped_in_the_error(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    message = "bad\x1b[2J\x1b]0;owned\x07 \u202eexe.txt\nline two"
    scripted.queue(Reply(404, {"error": {"message": message}}, headers=NO_RETRY))
    with pytest.raises(sdk.NotFoundError) as caught:
        scripted_client.runs.list("eval_1")
    error = caught.value
    for shown in (str(error), repr(error), error.message):
        assert first_unsafe(shown) is None, shown
    assert "bad\\x1b[2J\\x1b]0;owned\\x07 \\u202eexe.txt\\nline two" in str(error)
    assert error.body == {"error": {"message": message}}  # the data itself is untouched


def test_a_huge_argument_is_shortened_in_the_message() -> None:
    with Client(api_key="sk-x") as client, pytest.raises(sdk.InvalidRequestError) as caught:
        client.runs.create(
            "eval_1",
            data_source={"type": "jsonl", "source": {"type": "file_id", "id": "f"}},
            metadata={"k" * 10_000: "v"},
        )
    error = caught.value
    assert len(str(error)) < 400
    assert "must be at most 64 characters" in str(error)
    assert error.argument == "metadata." + "k" * 10_000  # the full path stays on the error


def test_the_readme_states_the_message_cap() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert f"at most {_config.MAX_MESSAGE_CHARS:,} characters" in readme
