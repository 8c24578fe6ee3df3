"""Handlers for sites, collections, fields, site publishing and the stats endpoint."""

from __future__ import annotations

import math
import time

from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError, bad_request
from .ids import now_iso
from .web import json_response, read_json, route, state_of

SITE_PUBLISH_INTERVAL = 60.0


async def list_sites(request: Request) -> Response:
    state = state_of(request)
    with state.db.transaction() as conn:
        sites = [state.catalog.site_json(conn, site_id) for site_id in state.catalog.site_ids(conn)]
    return json_response({"sites": sites})


async def get_site(request: Request) -> Response:
    state = state_of(request)
    with state.db.transaction() as conn:
        state.catalog.require_site(conn, request.path_params["site_id"])
        return json_response(state.catalog.site_json(conn, request.path_params["site_id"]))


async def publish_site(request: Request) -> Response:
    """Publish every collection of the site; at most once per minute."""
    state = state_of(request)
    site_id = request.path_params["site_id"]
    body = await read_json(request) if await request.body() else {}
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object")
    with state.db.transaction() as conn:
        state.catalog.require_site(conn, site_id)
        last = conn.execute("SELECT last_publish_clock FROM sites WHERE id = ?", (site_id,)).fetchone()[0]
        now = time.time()
        if last is not None and now - last < SITE_PUBLISH_INTERVAL:
            wait = max(1, math.ceil(SITE_PUBLISH_INTERVAL - (now - last)))
            raise ApiError(
                429,
                "too_many_requests",
                "A site can be published at most once per minute",
                headers={"Retry-After": str(wait)},
            )
        collection_ids = [r[0] for r in conn.execute("SELECT id FROM collections WHERE site_id = ?", (site_id,))]
        state.items.publish_site(conn, collection_ids)
        conn.execute(
            "UPDATE sites SET last_published = ?, last_publish_clock = ? WHERE id = ?", (now_iso(), now, site_id)
        )
    domains = body.get("customDomains", [])
    return json_response(
        {"customDomains": domains if isinstance(domains, list) else [], "publishToWebflowSubdomain": True}, 202
    )


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
    return json_response(field.to_json(), 200)


async def stats(request: Request) -> Response:
    return json_response(state_of(request).stats.to_json())


ROUTES = [
    route("/v2/sites", GET=list_sites),
    route("/v2/sites/{site_id}", GET=get_site),
    route("/v2/sites/{site_id}/publish", POST=publish_site),
    route("/v2/sites/{site_id}/collections", GET=list_collections, POST=create_collection),
    route("/v2/collections/{collection_id}", GET=get_collection),
    route("/v2/collections/{collection_id}/fields", POST=create_field),
    route("/v2/_emulator/stats", GET=stats),
]
