"""Authentication and scopes: 401 without a valid bearer token, 403 naming the missing scope."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from webflow_cms_emulator import RunningEmulator, serve
from webflow_cms_emulator.gate import required_scope

pytestmark = pytest.mark.anyio

AsToken = Callable[[str | None], httpx.AsyncClient]
TOKENS = ["admin", "reader:cms:read", "writer:cms:read,cms:write", "sites:sites:read"]


@pytest.fixture(scope="module")
async def scoped() -> AsyncIterator[RunningEmulator]:
    async with serve(tokens=TOKENS, rate_limit="100000/1") as running:
        yield running


@pytest.fixture
async def as_token(scoped: RunningEmulator, make_client: Callable[..., httpx.AsyncClient]) -> AsToken:
    return lambda token: make_client(scoped.url, token)


@pytest.fixture
async def posts(scoped: RunningEmulator, as_token: AsToken) -> str:
    admin = as_token("admin")
    body = {"displayName": "Gate", "singularName": "Gate", "slug": "gate-posts", "fields": []}
    existing = (await admin.get(f"/sites/{scoped.site_id}/collections")).json()["collections"]
    if existing:
        return str(existing[0]["id"])
    return str((await admin.post(f"/sites/{scoped.site_id}/collections", json=body)).json()["id"])


async def test_default_token_is_first_and_token_specs_split_at_first_colon(scoped: RunningEmulator) -> None:
    assert scoped.token == "admin"
    assert scoped.tokens["admin"] == {"cms:read", "cms:write", "sites:read", "sites:write"}
    assert scoped.tokens["reader"] == {"cms:read"}
    assert scoped.tokens["writer"] == {"cms:read", "cms:write"}
    assert scoped.tokens["sites"] == {"sites:read"}


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic admin", "Bearer", "admin"])
async def test_missing_or_invalid_tokens_are_401(scoped: RunningEmulator, posts: str, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    async with httpx.AsyncClient(base_url=scoped.url, headers=headers) as raw:
        response = await raw.get(f"/collections/{posts}/items")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authorized"
    assert set(body) == {"code", "message", "externalReference", "details"}
    assert response.headers["X-RateLimit-Limit"] == "100000"
    assert "X-RateLimit-Remaining" in response.headers


async def test_401_comes_before_404(scoped: RunningEmulator, as_token: AsToken) -> None:
    response = await as_token(None).get(f"/collections/{'a' * 24}/items")
    assert response.status_code == 401


async def test_read_scope_can_read_but_not_write(as_token: AsToken, posts: str) -> None:
    reader = as_token("reader")
    assert (await reader.get(f"/collections/{posts}/items")).status_code == 200
    response = await reader.post(f"/collections/{posts}/items", json={"fieldData": {"name": "a", "slug": "a"}})
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "missing_scopes"
    assert "cms:write" in body["message"]
    assert body["details"] == ["cms:write"]
    listed = (await reader.get(f"/collections/{posts}/items", params={"slug": "a"})).json()
    assert listed["items"] == []


async def test_writer_can_write(as_token: AsToken, posts: str) -> None:
    response = await as_token("writer").post(
        f"/collections/{posts}/items", json={"fieldData": {"name": "w", "slug": "written"}}
    )
    assert response.status_code == 202


async def test_sites_scopes(scoped: RunningEmulator, as_token: AsToken) -> None:
    sites_only, reader = as_token("sites"), as_token("reader")
    assert (await sites_only.get("/sites")).status_code == 200
    denied = await reader.get("/sites")
    assert denied.status_code == 403
    assert denied.json()["details"] == ["sites:read"]
    cannot_list = await sites_only.get(f"/sites/{scoped.site_id}/collections")
    assert cannot_list.json()["details"] == ["cms:read"]
    cannot_publish = await sites_only.post(f"/sites/{scoped.site_id}/publish", json={})
    assert cannot_publish.status_code == 403
    assert cannot_publish.json()["details"] == ["sites:write"]
    assert (await sites_only.get(f"/sites/{scoped.site_id}/custom_domains")).status_code == 200
    no_domains = await reader.get(f"/sites/{scoped.site_id}/custom_domains")
    assert no_domains.json()["details"] == ["sites:read"]


async def test_collection_and_field_changes_need_cms_write(as_token: AsToken, posts: str) -> None:
    reader = as_token("reader")
    fields = (await reader.get(f"/collections/{posts}")).json()["fields"]
    for response in (
        await reader.delete(f"/collections/{posts}"),
        await reader.patch(f"/collections/{posts}/fields/{fields[0]['id']}", json={"displayName": "N"}),
        await reader.delete(f"/collections/{posts}/fields/{fields[0]['id']}"),
    ):
        assert response.status_code == 403
        assert response.json()["details"] == ["cms:write"]
    assert (await reader.get(f"/collections/{posts}")).json()["fields"] == fields


async def test_stats_need_no_token(scoped: RunningEmulator) -> None:
    async with httpx.AsyncClient(base_url=scoped.url) as raw:
        response = await raw.get("/_emulator/stats")
    assert response.status_code == 200
    assert "admin" not in response.text


async def test_unknown_route_is_a_json_404(as_token: AsToken) -> None:
    response = await as_token("admin").get("/nothing/here")
    assert response.status_code == 404
    assert response.json()["code"] == "resource_not_found"
    assert response.headers["X-RateLimit-Limit"] == "100000"


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "/v2/collections/x/items", "cms:read"),
        ("DELETE", "/v2/collections/x/items/live", "cms:write"),
        ("GET", "/v2/sites", "sites:read"),
        ("POST", "/v2/sites/x/publish", "sites:write"),
        ("POST", "/v2/sites/x/collections", "cms:write"),
        # The security of each upstream collections/sites operation:
        ("DELETE", "/v2/collections/x", "cms:write"),
        ("PATCH", "/v2/collections/x/fields/y", "cms:write"),
        ("DELETE", "/v2/collections/x/fields/y", "cms:write"),
        ("GET", "/v2/sites/x/custom_domains", "sites:read"),
        ("PATCH", "/v2/sites/x", "sites:write"),  # update-site
        ("DELETE", "/v2/sites/x", "sites:write"),  # delete-site
        # The Content Delivery prefix serves the same operations, with the same security.
        ("GET", "/cdn/v2/collections/x/items/live", "cms:read"),
        ("GET", "/cdn/v2/collections/x/items/y/live", "cms:read"),
        # Webhooks: upstream declares no operation security; its descriptions name the scope.
        ("GET", "/v2/sites/x/webhooks", "sites:read"),
        ("POST", "/v2/sites/x/webhooks", "sites:write"),
        ("GET", "/v2/webhooks/x", "sites:read"),
        ("DELETE", "/v2/webhooks/x", "sites:read"),
        ("GET", "/v2/_emulator/stats", None),
    ],
)
def test_required_scope(method: str, path: str, scope: Any) -> None:
    assert required_scope(method, path) == scope
