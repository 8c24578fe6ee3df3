"""Sites, collections, fields and site publishing over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from webflow_cms_emulator import RunningEmulator

pytestmark = pytest.mark.anyio


async def test_site_has_two_locales(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    sites = (await client.get("/sites")).json()["sites"]
    assert [s["id"] for s in sites] == [emu.site_id]
    locales = sites[0]["locales"]
    assert len(locales["secondary"]) == 1
    ids = [locales["primary"]["cmsLocaleId"], locales["secondary"][0]["cmsLocaleId"]]
    assert all(len(i) == 24 for i in ids)
    assert ids[0] != ids[1]
    single = (await client.get(f"/sites/{emu.site_id}")).json()
    assert single == sites[0]
    assert (await client.get(f"/sites/{'9' * 24}")).status_code == 404


async def test_create_collection_has_builtin_fields(
    client: httpx.AsyncClient, emu: RunningEmulator, full_collection: dict[str, Any]
) -> None:
    slugs = [f["slug"] for f in full_collection["fields"]]
    assert slugs[:2] == ["name", "slug"]
    assert "published-on" in slugs
    assert all(f["isRequired"] for f in full_collection["fields"][:2])
    fetched = (await client.get(f"/collections/{full_collection['id']}")).json()
    assert fetched == full_collection
    listed = (await client.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
    assert full_collection["id"] in [c["id"] for c in listed]
    assert all("fields" not in c for c in listed)


async def test_duplicate_collection_slug_is_409(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    body = {"displayName": "Dup", "singularName": "Dup", "slug": "dup-collection"}
    assert (await client.post(f"/sites/{emu.site_id}/collections", json=body)).status_code == 200
    again = await client.post(f"/sites/{emu.site_id}/collections", json=body)
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_collection"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"singularName": "x"}, "displayName"),
        ({"displayName": "X", "slug": "Not Valid"}, "slug"),
        ({"displayName": "X", "fields": [{"displayName": "F", "type": "Hologram"}]}, "fields[0].type"),
        ({"displayName": "X", "fields": [{"displayName": "Name", "type": "PlainText"}]}, "fields[0].slug"),
        ({"displayName": "X", "fields": "none"}, "fields"),
    ],
)
async def test_invalid_collections_are_400(
    client: httpx.AsyncClient, emu: RunningEmulator, body: dict[str, Any], param: str
) -> None:
    response = await client.post(f"/sites/{emu.site_id}/collections", json=body)
    assert response.status_code == 400
    assert param in [d["param"] for d in response.json()["details"]]


async def test_unknown_or_malformed_collection(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"/collections/{'1' * 24}")).json()["code"] == "resource_not_found"
    assert (await client.get("/collections/nope")).status_code == 400


async def test_add_field_then_use_it(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(
        f"/collections/{collection_id}/fields", json={"displayName": "Rating", "type": "Number", "isRequired": False}
    )
    assert response.status_code == 200
    assert response.json()["slug"] == "rating"
    created = await client.post(
        f"/collections/{collection_id}/items", json={"fieldData": {"name": "r", "slug": "r", "rating": 5}}
    )
    assert created.status_code == 202
    assert created.json()["fieldData"]["rating"] == 5
    dup = await client.post(f"/collections/{collection_id}/fields", json={"displayName": "Rating", "type": "Number"})
    assert dup.status_code == 409
    bad = await client.post(f"/collections/{collection_id}/fields", json={"displayName": "Q", "type": "Nope"})
    assert bad.status_code == 400
    fields = (await client.get(f"/collections/{collection_id}")).json()["fields"]
    assert [f["slug"] for f in fields] == ["name", "slug", "rating"]


async def test_site_publish_follows_the_status_table(
    client: httpx.AsyncClient, emu: RunningEmulator, collection_id: str
) -> None:
    url = f"/collections/{collection_id}/items"
    draft = (await client.post(url, json={"fieldData": {"name": "d", "slug": "draft"}})).json()
    queued = (await client.post(url, json={"isDraft": False, "fieldData": {"name": "q", "slug": "queued"}})).json()
    gone = (await client.post(url + "/live", json={"fieldData": {"name": "g", "slug": "gone"}})).json()
    await client.patch(f"{url}/{gone['id']}", json={"isArchived": True})
    assert (await client.get(f"{url}/{gone['id']}/live")).status_code == 200

    response = await client.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
    assert response.status_code == 202

    live_ids = [i["id"] for i in (await client.get(url + "/live")).json()["items"]]
    assert live_ids == [queued["id"]]
    staged_queued = (await client.get(f"{url}/{queued['id']}")).json()
    assert staged_queued["lastPublished"] is not None
    assert staged_queued["isDraft"] is False
    staged_draft = (await client.get(f"{url}/{draft['id']}")).json()
    assert (staged_draft["lastPublished"], staged_draft["isDraft"]) == (None, True)
    site = (await client.get(f"/sites/{emu.site_id}")).json()
    assert site["lastPublished"] is not None

    again = await client.post(f"/sites/{emu.site_id}/publish", json={})
    assert again.status_code == 429
    assert again.json()["code"] == "too_many_requests"
    assert 1 <= int(again.headers["Retry-After"]) <= 60
