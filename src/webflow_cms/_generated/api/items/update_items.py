from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_item import CollectionItem
from ...models.collection_item_batch import CollectionItemBatch
from ...models.collection_item_update_batch import CollectionItemUpdateBatch
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    collection_id: str,
    *,
    body: CollectionItemUpdateBatch,
    skip_invalid_files: bool | Unset = True,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["skipInvalidFiles"] = skip_invalid_files

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/collections/{collection_id}/items".format(
            collection_id=quote(str(collection_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionItem | CollectionItemBatch | Error | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> CollectionItem | CollectionItemBatch:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = CollectionItem.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = CollectionItemBatch.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CollectionItem | CollectionItemBatch | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionItemUpdateBatch,
    skip_invalid_files: bool | Unset = True,
) -> Response[CollectionItem | CollectionItemBatch | Error]:
    """Update staged items

     Change the staged copy of up to 100 items, each named by id.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (CollectionItemUpdateBatch): Changes to several items in one request (at most 100).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItem | CollectionItemBatch | Error]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        body=body,
        skip_invalid_files=skip_invalid_files,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionItemUpdateBatch,
    skip_invalid_files: bool | Unset = True,
) -> CollectionItem | CollectionItemBatch | Error | None:
    """Update staged items

     Change the staged copy of up to 100 items, each named by id.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (CollectionItemUpdateBatch): Changes to several items in one request (at most 100).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItem | CollectionItemBatch | Error
    """

    return sync_detailed(
        collection_id=collection_id,
        client=client,
        body=body,
        skip_invalid_files=skip_invalid_files,
    ).parsed


async def asyncio_detailed(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionItemUpdateBatch,
    skip_invalid_files: bool | Unset = True,
) -> Response[CollectionItem | CollectionItemBatch | Error]:
    """Update staged items

     Change the staged copy of up to 100 items, each named by id.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (CollectionItemUpdateBatch): Changes to several items in one request (at most 100).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItem | CollectionItemBatch | Error]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        body=body,
        skip_invalid_files=skip_invalid_files,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: CollectionItemUpdateBatch,
    skip_invalid_files: bool | Unset = True,
) -> CollectionItem | CollectionItemBatch | Error | None:
    """Update staged items

     Change the staged copy of up to 100 items, each named by id.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (CollectionItemUpdateBatch): Changes to several items in one request (at most 100).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItem | CollectionItemBatch | Error
    """

    return (
        await asyncio_detailed(
            collection_id=collection_id,
            client=client,
            body=body,
            skip_invalid_files=skip_invalid_files,
        )
    ).parsed
