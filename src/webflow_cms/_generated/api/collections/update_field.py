from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.field import Field
from ...models.field_update import FieldUpdate
from ...types import Response


def _get_kwargs(
    collection_id: str,
    field_id: str,
    *,
    body: FieldUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/collections/{collection_id}/fields/{field_id}".format(
            collection_id=quote(str(collection_id), safe=""),
            field_id=quote(str(field_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Field | None:
    if response.status_code == 200:
        response_200 = Field.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Field]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    collection_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient,
    body: FieldUpdate,
) -> Response[Error | Field]:
    """Update a field

     Change the name, help text or required flag of a field; its type stays.

    Args:
        collection_id (str):
        field_id (str):
        body (FieldUpdate): The parts of a field that can change; omitted parts keep their value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Field]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        field_id=field_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    collection_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient,
    body: FieldUpdate,
) -> Error | Field | None:
    """Update a field

     Change the name, help text or required flag of a field; its type stays.

    Args:
        collection_id (str):
        field_id (str):
        body (FieldUpdate): The parts of a field that can change; omitted parts keep their value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Field
    """

    return sync_detailed(
        collection_id=collection_id,
        field_id=field_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    collection_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient,
    body: FieldUpdate,
) -> Response[Error | Field]:
    """Update a field

     Change the name, help text or required flag of a field; its type stays.

    Args:
        collection_id (str):
        field_id (str):
        body (FieldUpdate): The parts of a field that can change; omitted parts keep their value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Field]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        field_id=field_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    collection_id: str,
    field_id: str,
    *,
    client: AuthenticatedClient,
    body: FieldUpdate,
) -> Error | Field | None:
    """Update a field

     Change the name, help text or required flag of a field; its type stays.

    Args:
        collection_id (str):
        field_id (str):
        body (FieldUpdate): The parts of a field that can change; omitted parts keep their value.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Field
    """

    return (
        await asyncio_detailed(
            collection_id=collection_id,
            field_id=field_id,
            client=client,
            body=body,
        )
    ).parsed
