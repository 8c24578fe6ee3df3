from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_item_batch import CollectionItemBatch
from ...models.error import Error
from ...models.multi_locale_collection_item import MultiLocaleCollectionItem
from ...models.new_multi_locale_item import NewMultiLocaleItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    collection_id: str,
    *,
    body: NewMultiLocaleItem,
    skip_invalid_files: bool | Unset = True,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["skipInvalidFiles"] = skip_invalid_files

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collections/{collection_id}/items/bulk".format(
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
) -> CollectionItemBatch | MultiLocaleCollectionItem | Error | None:
    if response.status_code == 202:

        def _parse_response_202(data: object) -> CollectionItemBatch | MultiLocaleCollectionItem:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_202_type_0 = CollectionItemBatch.from_dict(data)

                return response_202_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_202_type_1 = MultiLocaleCollectionItem.from_dict(data)

            return response_202_type_1

        response_202 = _parse_response_202(response.json())

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
) -> Response[CollectionItemBatch | MultiLocaleCollectionItem | Error]:
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
    body: NewMultiLocaleItem,
    skip_invalid_files: bool | Unset = True,
) -> Response[CollectionItemBatch | MultiLocaleCollectionItem | Error]:
    """Create an item in several locales

     Create one item for each locale in `cmsLocaleIds`; every locale variant counts towards the 100-item
    limit.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (NewMultiLocaleItem): One item to create in each of the given locales.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItemBatch | MultiLocaleCollectionItem | Error]
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
    body: NewMultiLocaleItem,
    skip_invalid_files: bool | Unset = True,
) -> CollectionItemBatch | MultiLocaleCollectionItem | Error | None:
    """Create an item in several locales

     Create one item for each locale in `cmsLocaleIds`; every locale variant counts towards the 100-item
    limit.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (NewMultiLocaleItem): One item to create in each of the given locales.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItemBatch | MultiLocaleCollectionItem | Error
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
    body: NewMultiLocaleItem,
    skip_invalid_files: bool | Unset = True,
) -> Response[CollectionItemBatch | MultiLocaleCollectionItem | Error]:
    """Create an item in several locales

     Create one item for each locale in `cmsLocaleIds`; every locale variant counts towards the 100-item
    limit.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (NewMultiLocaleItem): One item to create in each of the given locales.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItemBatch | MultiLocaleCollectionItem | Error]
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
    body: NewMultiLocaleItem,
    skip_invalid_files: bool | Unset = True,
) -> CollectionItemBatch | MultiLocaleCollectionItem | Error | None:
    """Create an item in several locales

     Create one item for each locale in `cmsLocaleIds`; every locale variant counts towards the 100-item
    limit.

    Args:
        collection_id (str):
        skip_invalid_files (bool | Unset):  Default: True.
        body (NewMultiLocaleItem): One item to create in each of the given locales.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItemBatch | MultiLocaleCollectionItem | Error
    """

    return (
        await asyncio_detailed(
            collection_id=collection_id,
            client=client,
            body=body,
            skip_invalid_files=skip_invalid_files,
        )
    ).parsed
