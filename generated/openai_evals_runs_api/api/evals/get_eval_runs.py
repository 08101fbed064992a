from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.eval_run_list import EvalRunList
from ...models.get_eval_runs_order import GetEvalRunsOrder
from ...models.get_eval_runs_status import GetEvalRunsStatus
from ...types import Response


def _get_kwargs(
    eval_id: str,
    *,
    after: str | None = None,
    limit: int | None = 20,
    order: GetEvalRunsOrder | None = "asc",
    status: GetEvalRunsStatus | None = None,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    json_order: str | None = None
    if order is not None:
        json_order = order

    params["order"] = json_order

    json_status: str | None = None
    if status is not None:
        json_status = status

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/evals/{eval_id}/runs".format(
            eval_id=quote(str(eval_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | EvalRunList | None:
    if response.status_code == 200:
        response_200 = EvalRunList.from_dict(response.json())

        return response_200

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | EvalRunList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    eval_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | None = None,
    limit: int | None = 20,
    order: GetEvalRunsOrder | None = "asc",
    status: GetEvalRunsStatus | None = None,
) -> Response[ErrorResponse | EvalRunList]:
    """Get a list of runs for an evaluation.

    Args:
        eval_id (str):
        after (str | None):
        limit (int | None):  Default: 20.
        order (GetEvalRunsOrder | None):  Default: 'asc'.
        status (GetEvalRunsStatus | None):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | EvalRunList]
    """

    kwargs = _get_kwargs(
        eval_id=eval_id,
        after=after,
        limit=limit,
        order=order,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    eval_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | None = None,
    limit: int | None = 20,
    order: GetEvalRunsOrder | None = "asc",
    status: GetEvalRunsStatus | None = None,
) -> ErrorResponse | EvalRunList | None:
    """Get a list of runs for an evaluation.

    Args:
        eval_id (str):
        after (str | None):
        limit (int | None):  Default: 20.
        order (GetEvalRunsOrder | None):  Default: 'asc'.
        status (GetEvalRunsStatus | None):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | EvalRunList
    """

    return sync_detailed(
        eval_id=eval_id,
        client=client,
        after=after,
        limit=limit,
        order=order,
        status=status,
    ).parsed


async def asyncio_detailed(
    eval_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | None = None,
    limit: int | None = 20,
    order: GetEvalRunsOrder | None = "asc",
    status: GetEvalRunsStatus | None = None,
) -> Response[ErrorResponse | EvalRunList]:
    """Get a list of runs for an evaluation.

    Args:
        eval_id (str):
        after (str | None):
        limit (int | None):  Default: 20.
        order (GetEvalRunsOrder | None):  Default: 'asc'.
        status (GetEvalRunsStatus | None):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | EvalRunList]
    """

    kwargs = _get_kwargs(
        eval_id=eval_id,
        after=after,
        limit=limit,
        order=order,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    eval_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: str | None = None,
    limit: int | None = 20,
    order: GetEvalRunsOrder | None = "asc",
    status: GetEvalRunsStatus | None = None,
) -> ErrorResponse | EvalRunList | None:
    """Get a list of runs for an evaluation.

    Args:
        eval_id (str):
        after (str | None):
        limit (int | None):  Default: 20.
        order (GetEvalRunsOrder | None):  Default: 'asc'.
        status (GetEvalRunsStatus | None):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | EvalRunList
    """

    return (
        await asyncio_detailed(
            eval_id=eval_id,
            client=client,
            after=after,
            limit=limit,
            order=order,
            status=status,
        )
    ).parsed
