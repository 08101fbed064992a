"""Typed errors: every status code maps cleanly; error bodies are read in both shapes."""

from __future__ import annotations

import pytest
from scripted_server import Reply, ScriptedServer

import openai_evals_runs as sdk
from openai_evals_runs import APIStatusError, Client

NO_RETRY = {"x-should-retry": "false"}


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, sdk.BadRequestError),
        (401, sdk.AuthenticationError),
        (403, sdk.PermissionDeniedError),
        (404, sdk.NotFoundError),
        (409, sdk.ConflictError),
        (422, sdk.UnprocessableEntityError),
        (429, sdk.RateLimitError),
        (500, sdk.InternalServerError),
        (503, sdk.InternalServerError),
        (520, sdk.InternalServerError),
        (599, sdk.InternalServerError),
        (418, sdk.APIStatusError),
        (451, sdk.APIStatusError),
    ],
)
def test_every_status_maps_to_its_class(
    scripted: ScriptedServer, scripted_client: Client, status: int, error_class: type[Exception]
) -> None:
    scripted.queue(
        Reply(
            status,
            {"error": {"message": "nope", "type": "some_type", "param": "limit", "code": "c1"}},
            headers={**NO_RETRY, "x-request-id": "req_123"},
        )
    )
    with pytest.raises(error_class) as caught:
        scripted_client.runs.list("eval_1")
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert error.request_id == "req_123"
    assert (error.code, error.param, error.type) == ("c1", "limit", "some_type")
    assert error.body == {
        "error": {"message": "nope", "type": "some_type", "param": "limit", "code": "c1"}
    }
    assert error.response.status_code == status
    assert str(status) in str(error)
    assert "nope" in str(error)
    assert "req_123" in str(error)


def test_bare_error_shape_is_read(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(
        Reply(
            400,
            {
                "message": "bad source",
                "type": "invalid_request_error",
                "param": "data_source",
                "code": None,
            },
        )
    )
    with pytest.raises(sdk.BadRequestError) as caught:
        scripted_client.runs.list("eval_1")
    assert caught.value.param == "data_source"
    assert caught.value.code is None
    assert "bad source" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("<html><h1>502 Bad Gateway</h1></html>", "502 Bad Gateway"),
        (b"", "(empty body)"),
        ({"error": "flat string"}, "flat string"),
        ({"error": {"message": 42, "code": 7}}, "42"),
        ([1, 2], "[1, 2]"),
    ],
    ids=["html", "empty", "string-error", "odd-types", "array"],
)
def test_odd_error_bodies_still_give_typed_errors(
    scripted: ScriptedServer, scripted_client: Client, body: object, fragment: str
) -> None:
    scripted.queue(Reply(404, body, headers={"Content-Type": "text/html"}))
    with pytest.raises(sdk.NotFoundError) as caught:
        scripted_client.runs.list("eval_1")
    assert fragment in str(caught.value)


def test_reason_phrase_of_non_standard_codes(
    scripted: ScriptedServer, scripted_client: Client
) -> None:
    scripted.queue(Reply(520, {}, headers=NO_RETRY))
    with pytest.raises(sdk.InternalServerError) as caught:
        scripted_client.runs.list("eval_1")
    assert str(caught.value).startswith("520 ")


def test_redirects_are_not_followed(scripted: ScriptedServer, scripted_client: Client) -> None:
    scripted.queue(Reply(302, b"", headers={"Location": "https://elsewhere.example/v1/x"}))
    with pytest.raises(sdk.APIStatusError) as caught:
        scripted_client.runs.list("eval_1")
    assert caught.value.status_code == 302
    assert "elsewhere.example" in str(caught.value)
    assert len(scripted.received) == 1


def test_hierarchy() -> None:
    assert issubclass(sdk.APIError, sdk.EvalsRunsError)
    assert issubclass(sdk.APIStatusError, sdk.APIError)
    for cls in (
        sdk.BadRequestError,
        sdk.AuthenticationError,
        sdk.PermissionDeniedError,
        sdk.NotFoundError,
        sdk.ConflictError,
        sdk.UnprocessableEntityError,
        sdk.RateLimitError,
        sdk.InternalServerError,
    ):
        assert issubclass(cls, sdk.APIStatusError)
    assert issubclass(sdk.APITimeoutError, sdk.APIConnectionError)
    assert issubclass(sdk.APIConnectionError, sdk.APIError)
    assert issubclass(sdk.APIResponseValidationError, sdk.APIError)
    assert issubclass(sdk.InvalidRequestError, sdk.EvalsRunsError)
    assert issubclass(sdk.InvalidRequestError, ValueError)
