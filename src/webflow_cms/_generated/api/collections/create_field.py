from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.new_option_field import NewOptionField
from ...models.new_reference_field import NewReferenceField
from ...models.new_static_field import NewStaticField
from ...models.option_field import OptionField
from ...models.reference_field import ReferenceField
from ...models.static_field import StaticField
from ...types import Response


def _get_kwargs(
    collection_id: str,
    *,
    body: NewOptionField | NewReferenceField | NewStaticField,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collections/{collection_id}/fields".format(
            collection_id=quote(str(collection_id), safe=""),
        ),
    }

    if isinstance(body, NewStaticField):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NewOptionField):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | OptionField | ReferenceField | StaticField | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> OptionField | ReferenceField | StaticField:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = StaticField.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_1 = OptionField.from_dict(data)

                return response_200_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_2 = ReferenceField.from_dict(data)

            return response_200_type_2

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

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
) -> Response[Error | OptionField | ReferenceField | StaticField]:
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
    body: NewOptionField | NewReferenceField | NewStaticField,
) -> Response[Error | OptionField | ReferenceField | StaticField]:
    """Create a field

     Add a field to the collection; option and reference fields need `metadata`.

    Args:
        collection_id (str):
        body (NewOptionField | NewReferenceField | NewStaticField):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OptionField | ReferenceField | StaticField]
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
    body: NewOptionField | NewReferenceField | NewStaticField,
) -> Error | OptionField | ReferenceField | StaticField | None:
    """Create a field

     Add a field to the collection; option and reference fields need `metadata`.

    Args:
        collection_id (str):
        body (NewOptionField | NewReferenceField | NewStaticField):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OptionField | ReferenceField | StaticField
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
    body: NewOptionField | NewReferenceField | NewStaticField,
) -> Response[Error | OptionField | ReferenceField | StaticField]:
    """Create a field

     Add a field to the collection; option and reference fields need `metadata`.

    Args:
        collection_id (str):
        body (NewOptionField | NewReferenceField | NewStaticField):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OptionField | ReferenceField | StaticField]
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
    body: NewOptionField | NewReferenceField | NewStaticField,
) -> Error | OptionField | ReferenceField | StaticField | None:
    """Create a field

     Add a field to the collection; option and reference fields need `metadata`.

    Args:
        collection_id (str):
        body (NewOptionField | NewReferenceField | NewStaticField):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OptionField | ReferenceField | StaticField
    """

    return (
        await asyncio_detailed(
            collection_id=collection_id,
            client=client,
            body=body,
        )
    ).parsed
