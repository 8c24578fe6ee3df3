"""Handlers for sites: list, get, update, delete, custom domains and site publish (upstream's sites
operations in `openapi/upstream/webflow-v2.yml`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from . import sites
from .web import json_response, read_json, route, state_of


async def list_sites(request: Request) -> Response:
    state = state_of(request)
    with state.db.transaction() as conn:
        found = [sites.site_json(conn, site_id) for site_id in sites.site_ids(conn)]
    return json_response({"sites": found})


async def get_site(request: Request) -> Response:
    state = state_of(request)
    site_id = request.path_params["site_id"]
    with state.db.transaction() as conn:
        state.catalog.require_site(conn, site_id)
        return json_response(sites.site_json(conn, site_id))


async def update_site(request: Request) -> Response:
    """PATCH /sites/{site_id}: 200 with the site (upstream update-site; scope `sites:write`)."""
    state = state_of(request)
    body = await read_json(request)
    with state.db.transaction() as conn:
        return json_response(sites.update_site(conn, request.path_params["site_id"], body))


async def delete_site(request: Request) -> Response:
    """DELETE /sites/{site_id}: 204, the site and everything in it gone (upstream delete-site)."""
    state = state_of(request)
    site_id = request.path_params["site_id"]
    removed: list[str] = []
    try:
        with state.db.transaction() as conn:
            removed = sites.delete_site(conn, state.items, site_id)
    finally:
        for collection_id in removed:
            state.catalog.forget(collection_id)
        state.catalog.forget_site(site_id)
    return Response(status_code=204)


async def custom_domains(request: Request) -> Response:
    """GET /sites/{site_id}/custom_domains: 200 `{"customDomains": [...]}` (upstream get-custom-domains)."""
    state = state_of(request)
    site_id = request.path_params["site_id"]
    with state.db.transaction() as conn:
        sites.require_known_site(conn, site_id)
        return json_response({"customDomains": sites.domains_json(conn, site_id)})


async def publish_site(request: Request) -> Response:
    """POST /sites/{site_id}/publish: 202 with the domains published to (upstream site-publish).

    The body is required (upstream: `requestBody.required`); at most one successful publish per
    `site_publish_interval` seconds (60 by default, upstream's "1 publish per minute")."""
    state = state_of(request)
    site_id = request.path_params["site_id"]
    body = await read_json(request)
    with state.db.transaction() as conn:
        state.catalog.require_site(conn, site_id)
        targets = sites.parse_publish(body)
        answer = sites.publish_site(conn, state.items, site_id, targets, state.options.site_publish_interval)
    return json_response(answer, 202)


ROUTES = [
    route("/v2/sites", GET=list_sites),
    route("/v2/sites/{site_id}", GET=get_site, PATCH=update_site, DELETE=delete_site),
    route("/v2/sites/{site_id}/custom_domains", GET=custom_domains),
    route("/v2/sites/{site_id}/publish", POST=publish_site),
]
