import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection_item_list import CollectionItemList
from ...models.error import Error
from ...models.sort_by import SortBy
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    collection_id: str,
    *,
    cms_locale_id: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    name: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    created_onlte: datetime.datetime | Unset = UNSET,
    created_ongte: datetime.datetime | Unset = UNSET,
    last_publishedlte: datetime.datetime | Unset = UNSET,
    last_publishedgte: datetime.datetime | Unset = UNSET,
    last_updatedlte: datetime.datetime | Unset = UNSET,
    last_updatedgte: datetime.datetime | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cmsLocaleId"] = cms_locale_id

    params["offset"] = offset

    params["limit"] = limit

    params["name"] = name

    params["slug"] = slug

    json_created_onlte: str | Unset = UNSET
    if not isinstance(created_onlte, Unset):
        json_created_onlte = created_onlte.isoformat()
    params["createdOn[lte]"] = json_created_onlte

    json_created_ongte: str | Unset = UNSET
    if not isinstance(created_ongte, Unset):
        json_created_ongte = created_ongte.isoformat()
    params["createdOn[gte]"] = json_created_ongte

    json_last_publishedlte: str | Unset = UNSET
    if not isinstance(last_publishedlte, Unset):
        json_last_publishedlte = last_publishedlte.isoformat()
    params["lastPublished[lte]"] = json_last_publishedlte

    json_last_publishedgte: str | Unset = UNSET
    if not isinstance(last_publishedgte, Unset):
        json_last_publishedgte = last_publishedgte.isoformat()
    params["lastPublished[gte]"] = json_last_publishedgte

    json_last_updatedlte: str | Unset = UNSET
    if not isinstance(last_updatedlte, Unset):
        json_last_updatedlte = last_updatedlte.isoformat()
    params["lastUpdated[lte]"] = json_last_updatedlte

    json_last_updatedgte: str | Unset = UNSET
    if not isinstance(last_updatedgte, Unset):
        json_last_updatedgte = last_updatedgte.isoformat()
    params["lastUpdated[gte]"] = json_last_updatedgte

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by

    params["sortBy"] = json_sort_by

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order

    params["sortOrder"] = json_sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/collections/{collection_id}/items".format(
            collection_id=quote(str(collection_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionItemList | Error | None:
    if response.status_code == 200:
        response_200 = CollectionItemList.from_dict(response.json())

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
) -> Response[CollectionItemList | Error]:
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
    cms_locale_id: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    name: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    created_onlte: datetime.datetime | Unset = UNSET,
    created_ongte: datetime.datetime | Unset = UNSET,
    last_publishedlte: datetime.datetime | Unset = UNSET,
    last_publishedgte: datetime.datetime | Unset = UNSET,
    last_updatedlte: datetime.datetime | Unset = UNSET,
    last_updatedgte: datetime.datetime | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> Response[CollectionItemList | Error]:
    """List staged items

     One page of the collection's staged items, with pagination totals.

    Args:
        collection_id (str):
        cms_locale_id (str | Unset):
        offset (int | Unset):
        limit (int | Unset):
        name (str | Unset):
        slug (str | Unset):
        created_onlte (datetime.datetime | Unset):
        created_ongte (datetime.datetime | Unset):
        last_publishedlte (datetime.datetime | Unset):
        last_publishedgte (datetime.datetime | Unset):
        last_updatedlte (datetime.datetime | Unset):
        last_updatedgte (datetime.datetime | Unset):
        sort_by (SortBy | Unset): Field a list is sorted by.
        sort_order (SortOrder | Unset): Direction of a sorted list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItemList | Error]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        cms_locale_id=cms_locale_id,
        offset=offset,
        limit=limit,
        name=name,
        slug=slug,
        created_onlte=created_onlte,
        created_ongte=created_ongte,
        last_publishedlte=last_publishedlte,
        last_publishedgte=last_publishedgte,
        last_updatedlte=last_updatedlte,
        last_updatedgte=last_updatedgte,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    cms_locale_id: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    name: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    created_onlte: datetime.datetime | Unset = UNSET,
    created_ongte: datetime.datetime | Unset = UNSET,
    last_publishedlte: datetime.datetime | Unset = UNSET,
    last_publishedgte: datetime.datetime | Unset = UNSET,
    last_updatedlte: datetime.datetime | Unset = UNSET,
    last_updatedgte: datetime.datetime | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> CollectionItemList | Error | None:
    """List staged items

     One page of the collection's staged items, with pagination totals.

    Args:
        collection_id (str):
        cms_locale_id (str | Unset):
        offset (int | Unset):
        limit (int | Unset):
        name (str | Unset):
        slug (str | Unset):
        created_onlte (datetime.datetime | Unset):
        created_ongte (datetime.datetime | Unset):
        last_publishedlte (datetime.datetime | Unset):
        last_publishedgte (datetime.datetime | Unset):
        last_updatedlte (datetime.datetime | Unset):
        last_updatedgte (datetime.datetime | Unset):
        sort_by (SortBy | Unset): Field a list is sorted by.
        sort_order (SortOrder | Unset): Direction of a sorted list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItemList | Error
    """

    return sync_detailed(
        collection_id=collection_id,
        client=client,
        cms_locale_id=cms_locale_id,
        offset=offset,
        limit=limit,
        name=name,
        slug=slug,
        created_onlte=created_onlte,
        created_ongte=created_ongte,
        last_publishedlte=last_publishedlte,
        last_publishedgte=last_publishedgte,
        last_updatedlte=last_updatedlte,
        last_updatedgte=last_updatedgte,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    cms_locale_id: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    name: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    created_onlte: datetime.datetime | Unset = UNSET,
    created_ongte: datetime.datetime | Unset = UNSET,
    last_publishedlte: datetime.datetime | Unset = UNSET,
    last_publishedgte: datetime.datetime | Unset = UNSET,
    last_updatedlte: datetime.datetime | Unset = UNSET,
    last_updatedgte: datetime.datetime | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> Response[CollectionItemList | Error]:
    """List staged items

     One page of the collection's staged items, with pagination totals.

    Args:
        collection_id (str):
        cms_locale_id (str | Unset):
        offset (int | Unset):
        limit (int | Unset):
        name (str | Unset):
        slug (str | Unset):
        created_onlte (datetime.datetime | Unset):
        created_ongte (datetime.datetime | Unset):
        last_publishedlte (datetime.datetime | Unset):
        last_publishedgte (datetime.datetime | Unset):
        last_updatedlte (datetime.datetime | Unset):
        last_updatedgte (datetime.datetime | Unset):
        sort_by (SortBy | Unset): Field a list is sorted by.
        sort_order (SortOrder | Unset): Direction of a sorted list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionItemList | Error]
    """

    kwargs = _get_kwargs(
        collection_id=collection_id,
        cms_locale_id=cms_locale_id,
        offset=offset,
        limit=limit,
        name=name,
        slug=slug,
        created_onlte=created_onlte,
        created_ongte=created_ongte,
        last_publishedlte=last_publishedlte,
        last_publishedgte=last_publishedgte,
        last_updatedlte=last_updatedlte,
        last_updatedgte=last_updatedgte,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    collection_id: str,
    *,
    client: AuthenticatedClient,
    cms_locale_id: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    name: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    created_onlte: datetime.datetime | Unset = UNSET,
    created_ongte: datetime.datetime | Unset = UNSET,
    last_publishedlte: datetime.datetime | Unset = UNSET,
    last_publishedgte: datetime.datetime | Unset = UNSET,
    last_updatedlte: datetime.datetime | Unset = UNSET,
    last_updatedgte: datetime.datetime | Unset = UNSET,
    sort_by: SortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> CollectionItemList | Error | None:
    """List staged items

     One page of the collection's staged items, with pagination totals.

    Args:
        collection_id (str):
        cms_locale_id (str | Unset):
        offset (int | Unset):
        limit (int | Unset):
        name (str | Unset):
        slug (str | Unset):
        created_onlte (datetime.datetime | Unset):
        created_ongte (datetime.datetime | Unset):
        last_publishedlte (datetime.datetime | Unset):
        last_publishedgte (datetime.datetime | Unset):
        last_updatedlte (datetime.datetime | Unset):
        last_updatedgte (datetime.datetime | Unset):
        sort_by (SortBy | Unset): Field a list is sorted by.
        sort_order (SortOrder | Unset): Direction of a sorted list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionItemList | Error
    """

    return (
        await asyncio_detailed(
            collection_id=collection_id,
            client=client,
            cms_locale_id=cms_locale_id,
            offset=offset,
            limit=limit,
            name=name,
            slug=slug,
            created_onlte=created_onlte,
            created_ongte=created_ongte,
            last_publishedlte=last_publishedlte,
            last_publishedgte=last_publishedgte,
            last_updatedlte=last_updatedlte,
            last_updatedgte=last_updatedgte,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
