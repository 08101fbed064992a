"""FakeEvalsServer against hostile requests, written byte by byte on raw sockets.

Each of these used to crash the handler (connection closed, no answer), get past the body cap,
or store a value that is not JSON; each must now be a 4xx in the API's error shape.
"""

from __future__ import annotations

import json
import socket

import pytest

from openai_evals_runs.testing import FakeEvalsServer

pytestmark = pytest.mark.timeout(20)

SOCKET_TIMEOUT = 5.0


def _exchange(server: FakeEvalsServer, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send `request` (the connection stays open for writing) and read one whole answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=SOCKET_TIMEOUT) as sock:
        sock.sendall(request)
        reader = sock.makefile("rb")
        status_line = reader.readline()
        assert status_line, "the server closed the connection without answering"
        headers: dict[str, str] = {}
        while (line := reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = reader.read(int(headers["content-length"]))
    return int(status_line.split()[1]), headers, body


def _head(server: FakeEvalsServer, method: str, target: str, *lines: bytes) -> bytes:
    start = f"{method} {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.api_key}\r\n"
    return start.encode() + b"".join(line + b"\r\n" for line in lines) + b"\r\n"


def _error(body: bytes) -> dict[str, object]:
    error = json.loads(body)["error"]
    assert set(error) == {"message", "type", "param", "code"}
    return error  # type: ignore[no-any-return]


def test_negative_chunk_size_is_refused_at_once(server: FakeEvalsServer, eval_id: str) -> None:
    # `-1` used to mean read(-1): everything up to EOF, past the 32 MB cap. The connection is
    # left open here, so a server still reading would time the test out instead of answering.
    head = _head(server, "POST", f"/v1/evals/{eval_id}/runs", b"Transfer-Encoding: chunked")
    status, _, body = _exchange(server, head + b"-1\r\n" + b"x" * 65536)
    assert status == 400
    assert "chunked" in str(_error(body)["message"])
    assert server.runs(eval_id) == []


@pytest.mark.parametrize("size", [b"+5", b"0x5", b"5_0", b" ", b"1" * 40])
def test_chunk_sizes_are_hex_digits_only(
    server: FakeEvalsServer, eval_id: str, size: bytes
) -> None:
    head = _head(server, "POST", f"/v1/evals/{eval_id}/runs", b"Transfer-Encoding: chunked")
    status, _, _ = _exchange(server, head + size + b"\r\nhello\r\n0\r\n\r\n")
    assert status == 400


def test_non_ascii_digit_content_length_is_a_400(server: FakeEvalsServer, eval_id: str) -> None:
    # b"\xb2" is "²" in Latin-1 (how header bytes are decoded): str.isdigit() says yes and int()
    # then raised inside the handler.
    head = _head(server, "POST", f"/v1/evals/{eval_id}/runs", b"Content-Length: \xb2")
    status, _, body = _exchange(server, head)
    assert status == 400
    assert "Content-Length" in str(_error(body)["message"])


def test_content_length_of_thousands_of_digits_is_a_413(
    server: FakeEvalsServer, eval_id: str
) -> None:
    head = _head(server, "POST", f"/v1/evals/{eval_id}/runs", b"Content-Length: " + b"9" * 5000)
    status, _, _ = _exchange(server, head)
    assert status == 413


@pytest.mark.parametrize("digits", ["1" * 5000, "-" + "1" * 5000, "0" * 5000 + "1" * 30])
def test_limit_of_thousands_of_digits_is_a_400(
    server: FakeEvalsServer, eval_id: str, digits: str
) -> None:
    status, _, body = _exchange(
        server, _head(server, "GET", f"/v1/evals/{eval_id}/runs?limit={digits}")
    )
    assert status == 400
    assert _error(body)["param"] == "limit"


def test_leading_zeros_are_still_a_number(server: FakeEvalsServer, eval_id: str) -> None:
    server.seed_runs(eval_id, 3)
    status, _, body = _exchange(
        server, _head(server, "GET", f"/v1/evals/{eval_id}/runs?limit={'0' * 5000}2")
    )
    assert status == 200
    assert len(json.loads(body)["data"]) == 2


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1.5e400"])
def test_non_finite_numbers_in_a_body_are_a_400(
    server: FakeEvalsServer, eval_id: str, number: str
) -> None:
    # json.loads reads 1e999 as inf; stored, it came back as `Infinity`, which is not JSON.
    body = (
        '{"data_source": {"type": "jsonl", "source": {"type": "file_content", '
        f'"content": [{{"item": {{"x": {number}}}}}]}}}}'
    ).encode()
    head = _head(
        server,
        "POST",
        f"/v1/evals/{eval_id}/runs",
        b"Content-Type: application/json",
        f"Content-Length: {len(body)}".encode(),
    )
    status, _, answer = _exchange(server, head + body)
    assert status == 400
    assert "finite" in str(_error(answer)["message"])
    assert server.runs(eval_id) == []


def test_answers_are_strict_json(server: FakeEvalsServer, eval_id: str) -> None:
    body = (
        b'{"data_source": {"type": "jsonl", "source": {"type": "file_content", '
        b'"content": [{"item": {"x": 1e308, "y": -0.0, "z": 12345678901234567890123}}]}}}'
    )
    head = _head(
        server, "POST", f"/v1/evals/{eval_id}/runs", f"Content-Length: {len(body)}".encode()
    )
    status, _, answer = _exchange(server, head + body)
    assert status == 201

    def refuse(name: str) -> object:
        raise AssertionError(f"{name} in an answer")

    run = json.loads(answer, parse_constant=refuse)
    assert run["data_source"]["source"]["content"][0]["item"]["x"] == 1e308
