from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_item_batch import CollectionItemBatch
from ...models.error import Error
from ...models.insert_items import InsertItems
from ...types import Response


def _get_kwargs(
    collection_id: str,
    *,
    body: InsertItems,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collections/{collection_id}/items/insert".format(
            collection_id=quote(str(collection_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionItemBatch | Error | None:
    if response.status_code == 200:
        response_200 = CollectionItemBatch.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = CollectionItemBatch.from_dict(response.json())

        return response_202

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
) -> Response[CollectionItemBatch | Error]:
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
    body: InsertItems,
) -> Response[CollectionItemBatch | Error]:
    """Create items (Create Items)

     Create up to 100 item variants: each entry in one, several or all CMS locales, or, with the `id` of
    an existing item, new locale variants of it. Webflow recommends it over the older create endpoints.

    Args:
        collection_id (str):
        body (InsertItems): The body of a Create Items request (at most 100 variants in all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItemBatch | Error]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: InsertItems,
) -> CollectionItemBatch | Error | None:
    """Create items (Create Items)

     Create up to 100 item variants: each entry in one, several or all CMS locales, or, with the `id` of
    an existing item, new locale variants of it. Webflow recommends it over the older create endpoints.

    Args:
        collection_id (str):
        body (InsertItems): The body of a Create Items request (at most 100 variants in all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItemBatch | Error
    """

    return sync_detailed(
        collection_id=collection_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: InsertItems,
) -> Response[CollectionItemBatch | Error]:
    """Create items (Create Items)

     Create up to 100 item variants: each entry in one, several or all CMS locales, or, with the `id` of
    an existing item, new locale variants of it. Webflow recommends it over the older create endpoints.

    Args:
        collection_id (str):
        body (InsertItems): The body of a Create Items request (at most 100 variants in all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItemBatch | Error]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    body: InsertItems,
) -> CollectionItemBatch | Error | None:
    """Create items (Create Items)

     Create up to 100 item variants: each entry in one, several or all CMS locales, or, with the `id` of
    an existing item, new locale variants of it. Webflow recommends it over the older create endpoints.

    Args:
        collection_id (str):
        body (InsertItems): The body of a Create Items request (at most 100 variants in all).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItemBatch | Error
    """

    return (
        await asyncio_detailed(
            collection_id=collection_id,
            client=client,
            body=body,
        )
    ).parsed
