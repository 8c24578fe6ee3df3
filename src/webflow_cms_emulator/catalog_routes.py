"""Handlers for collections, their fields, and the stats endpoint (upstream collections spec)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .errors import bad_request
from .web import json_response, read_json, route, state_of


async def list_collections(request: Request) -> Response:
    state = state_of(request)
    with state.db.transaction() as conn:
        found = state.catalog.list_collections(conn, request.path_params["site_id"])
    return json_response({"collections": found})


async def create_collection(request: Request) -> Response:
    state = state_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object")
    with state.db.transaction() as conn:
        created = state.catalog.create_collection(conn, request.path_params["site_id"], body)
    return json_response(created.to_json(), 200)


async def get_collection(request: Request) -> Response:
    state = state_of(request)
    return json_response(state.catalog.collection(state.db.conn, request.path_params["collection_id"]).to_json())


async def create_field(request: Request) -> Response:
    state = state_of(request)
    collection_id = request.path_params["collection_id"]
    state.catalog.collection(state.db.conn, collection_id)
    body = await read_json(request)
    try:
        with state.db.transaction() as conn:
            field = state.catalog.add_field(conn, collection_id, body)
    finally:
        state.catalog.forget(collection_id)
    return json_response(field.created_json(), 200)


async def delete_collection(request: Request) -> Response:
    """DELETE /collections/{collection_id}: 204, the collection and all its items gone."""
    state = state_of(request)
    collection_id = request.path_params["collection_id"]
    try:
        with state.db.transaction() as conn:
            state.catalog.delete_collection(conn, collection_id)
    finally:
        state.catalog.forget(collection_id)
    state.items.touched(collection_id)
    return Response(status_code=204)


async def update_field(request: Request) -> Response:
    """PATCH /collections/{collection_id}/fields/{field_id}: 200 with the changed field."""
    state = state_of(request)
    collection_id, field_id = request.path_params["collection_id"], request.path_params["field_id"]
    state.catalog.collection(state.db.conn, collection_id)
    body = await read_json(request)
    try:
        with state.db.transaction() as conn:
            field = state.catalog.update_field(conn, collection_id, field_id, body)
    finally:
        state.catalog.forget(collection_id)
    return json_response(field.to_json())


async def delete_field(request: Request) -> Response:
    """DELETE /collections/{collection_id}/fields/{field_id}: 204, the field and its item values gone."""
    state = state_of(request)
    collection_id, field_id = request.path_params["collection_id"], request.path_params["field_id"]
    try:
        with state.db.transaction() as conn:
            state.catalog.delete_field(conn, collection_id, field_id)
    finally:
        state.catalog.forget(collection_id)
    state.items.touched(collection_id)
    return Response(status_code=204)


async def stats(request: Request) -> Response:
    return json_response(state_of(request).stats.to_json())


ROUTES = [
    route("/v2/sites/{site_id}/collections", GET=list_collections, POST=create_collection),
    route("/v2/collections/{collection_id}", GET=get_collection, DELETE=delete_collection),
    route("/v2/collections/{collection_id}/fields", POST=create_field),
    route("/v2/collections/{collection_id}/fields/{field_id}", PATCH=update_field, DELETE=delete_field),
    route("/v2/_emulator/stats", GET=stats),
]
