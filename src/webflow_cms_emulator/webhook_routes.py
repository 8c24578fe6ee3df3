"""Handlers for the four webhook operations of upstream's webhooks spec."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from . import webhooks
from .web import int_param, json_response, read_json, route, state_of


async def list_webhooks(request: Request) -> Response:
    """GET /sites/{site_id}/webhooks: 200 `{"webhooks": [...], "pagination": {limit, offset, total}}`.

    Upstream declares no query parameters here, but its pagination object reports "the limit used for
    pagination" and "the offset used": the emulator takes `offset` and `limit` as the item lists do
    (limit at most 100, upstream's example value) - an assumption, not documented for webhooks.
    """
    state = state_of(request)
    site_id = request.path_params["site_id"]
    offset = int_param(request, "offset", 0, 0, 2**63 - 1)
    limit = int_param(request, "limit", 100, 1, 100)
    with state.db.transaction() as conn:
        state.catalog.require_site(conn, site_id)
        found, total = webhooks.page(conn, site_id, offset, limit)
    return json_response({"webhooks": found, "pagination": {"limit": limit, "offset": offset, "total": total}})


async def create_webhook(request: Request) -> Response:
    """POST /sites/{site_id}/webhooks: 201 with the registration (upstream create-webhook)."""
    state = state_of(request)
    site_id = request.path_params["site_id"]
    body = await read_json(request)
    with state.db.transaction() as conn:
        state.catalog.require_site(conn, site_id)
        created = webhooks.create(conn, site_id, body)
    return json_response(created, 201)


async def get_webhook(request: Request) -> Response:
    state = state_of(request)
    with state.db.transaction() as conn:
        return json_response(webhooks.get(conn, request.path_params["webhook_id"]))


async def delete_webhook(request: Request) -> Response:
    """DELETE /webhooks/{webhook_id}: 204 (upstream remove-webhook)."""
    state = state_of(request)
    with state.db.transaction() as conn:
        webhooks.delete(conn, request.path_params["webhook_id"])
    return Response(status_code=204)


ROUTES = [
    route("/v2/sites/{site_id}/webhooks", GET=list_webhooks, POST=create_webhook),
    route("/v2/webhooks/{webhook_id}", GET=get_webhook, DELETE=delete_webhook),
]
