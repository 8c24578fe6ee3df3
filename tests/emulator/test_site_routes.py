"""update-site (PATCH /sites/{site_id}) and delete-site (DELETE /sites/{site_id}), and every key of
the Site, Webhook and Field answers and of the PATCH /items answers that upstream declares.

Source: `openapi/upstream/webflow-v2.yml`: update-site (body `name`, `parentFolderId`; 200 with the
site; scope `sites:write`), delete-site (204; scope `sites:write`), their 404 example, the Site schema
and the get-site / list-sites examples (`previewUrl`, `parentFolderId`, `dataCollectionEnabled`,
`dataCollectionType`), the Webhook schema (`lastTriggered`), collection-details' fields with
`helpText: null`, and the update-items / update-items-live examples, which end in `pagination`.
PATCH and DELETE on a site are not in the normalized spec, so those answers are read with a plain
client and their body checked against its Site schema here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS31Validator

from webflow_cms_emulator import RunningEmulator, serve

pytestmark = pytest.mark.anyio

FOLDER = "1a2b3c4d5e6f7a8b9c0d1e2f"
SITE_GONE = "Requested resource not found: The site cannot be found"  # upstream's 404 example


@pytest.fixture
async def site_emu() -> AsyncIterator[tuple[RunningEmulator, httpx.AsyncClient]]:
    """A fresh emulator (these tests change and delete its site), with a plain client."""
    async with serve(tokens=["admin", "reader:sites:read,cms:read"], rate_limit="1000000/1") as emu:
        async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": "Bearer admin"}, timeout=10) as http:
            yield emu, http


def site_problems(normalized_spec: dict[str, Any], site: Any) -> list[str]:
    schema = {**normalized_spec["components"]["schemas"]["Site"], "components": normalized_spec["components"]}
    return [e.message for e in OAS31Validator(schema).iter_errors(site)]


async def test_sites_answer_every_key_upstream_declares(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    site = (await client.get(f"/sites/{emu.site_id}")).json()
    assert site["previewUrl"].startswith("https://")
    assert site["parentFolderId"] is None
    assert (site["dataCollectionEnabled"], site["dataCollectionType"]) == (True, "always")
    assert (await client.get("/sites")).json()["sites"] == [site]


async def test_webhooks_and_fields_answer_null_for_what_they_lack(
    client: httpx.AsyncClient, emu: RunningEmulator, new_collection: Any
) -> None:
    hook = {"triggerType": "site_publish", "url": "https://hooks.example.com/site"}
    created = (await client.post(f"/sites/{emu.site_id}/webhooks", json=hook)).json()
    assert created["lastTriggered"] is None
    assert (await client.get(f"/webhooks/{created['id']}")).json()["lastTriggered"] is None
    await client.delete(f"/webhooks/{created['id']}")
    collection = await new_collection(fields=[{"displayName": "Score", "type": "Number", "helpText": "0 to 10"}])
    shown = {f["slug"]: f["helpText"] for f in collection["fields"]}
    assert shown == {"name": None, "slug": None, "score": "0 to 10"}
    assert (await client.get(f"/collections/{collection['id']}")).json()["fields"] == collection["fields"]


@pytest.mark.parametrize("suffix", ["", "/live"])
async def test_patch_items_answers_end_in_pagination(
    client: httpx.AsyncClient, collection_id: str, suffix: str
) -> None:
    items = [{"fieldData": {"name": f"P {n}", "slug": f"p-{n}"}} for n in range(3)]
    created = (await client.post(f"/collections/{collection_id}/items/live", json={"items": items})).json()["items"]
    changes = [{"id": i["id"], "fieldData": {"name": f"Q {n}"}} for n, i in enumerate(created)]
    response = await client.patch(f"/collections/{collection_id}/items{suffix}", json={"items": changes})
    assert response.status_code == 200
    body = response.json()
    assert [i["fieldData"]["name"] for i in body["items"]] == ["Q 0", "Q 1", "Q 2"]
    assert body["pagination"] == {"limit": 25, "offset": 0, "total": 3}  # limit and offset as upstream's examples


async def test_update_site_changes_the_name_and_folder(
    site_emu: tuple[RunningEmulator, httpx.AsyncClient], normalized_spec: dict[str, Any]
) -> None:
    emu, http = site_emu
    before = (await http.get(f"/sites/{emu.site_id}")).json()
    response = await http.patch(f"/sites/{emu.site_id}", json={"name": "Renamed", "parentFolderId": FOLDER})
    assert response.status_code == 200
    changed = response.json()
    assert site_problems(normalized_spec, changed) == []
    assert (changed["displayName"], changed["parentFolderId"]) == ("Renamed", FOLDER)
    assert changed["lastUpdated"] >= before["lastUpdated"]
    assert {k: v for k, v in changed.items() if k not in ("displayName", "parentFolderId", "lastUpdated")} == {
        k: v for k, v in before.items() if k not in ("displayName", "parentFolderId", "lastUpdated")
    }
    assert (await http.get(f"/sites/{emu.site_id}")).json() == changed
    out_of_folder = (await http.patch(f"/sites/{emu.site_id}", json={"parentFolderId": None})).json()
    assert (out_of_folder["displayName"], out_of_folder["parentFolderId"]) == ("Renamed", None)
    assert (await http.patch(f"/sites/{emu.site_id}", json={})).json() == out_of_folder


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"name": ""}, "name"),
        ({"name": 5}, "name"),
        ({"parentFolderId": "folder"}, "parentFolderId"),
        ({"parentFolderId": 12}, "parentFolderId"),
        ([], "body"),
    ],
)
async def test_update_site_refuses_bad_values(
    site_emu: tuple[RunningEmulator, httpx.AsyncClient], body: Any, named: str
) -> None:
    emu, http = site_emu
    before = (await http.get(f"/sites/{emu.site_id}")).json()
    response = await http.patch(f"/sites/{emu.site_id}", json=body)
    assert response.status_code == 400
    assert [d["param"] for d in response.json()["details"]] == [named]
    assert (await http.get(f"/sites/{emu.site_id}")).json() == before


async def test_delete_site_removes_it_with_everything_in_it(
    site_emu: tuple[RunningEmulator, httpx.AsyncClient],
) -> None:
    emu, http = site_emu
    body = {"displayName": "Posts", "singularName": "Post", "slug": "posts", "fields": []}
    collection_id = (await http.post(f"/sites/{emu.site_id}/collections", json=body)).json()["id"]
    item = await http.post(f"/collections/{collection_id}/items/live", json={"fieldData": {"name": "a", "slug": "a"}})
    hook = {"triggerType": "site_publish", "url": "https://hooks.example.com/site"}
    webhook_id = (await http.post(f"/sites/{emu.site_id}/webhooks", json=hook)).json()["id"]
    response = await http.delete(f"/sites/{emu.site_id}")
    assert (response.status_code, response.content) == (204, b"")
    assert (await http.get("/sites")).json() == {"sites": []}
    for path in (
        f"/sites/{emu.site_id}",
        f"/sites/{emu.site_id}/collections",
        f"/sites/{emu.site_id}/custom_domains",
        f"/collections/{collection_id}",
        f"/collections/{collection_id}/items/{item.json()['id']}/live",
        f"/webhooks/{webhook_id}",
    ):
        assert (await http.get(path)).status_code == 404, path
    again = await http.delete(f"/sites/{emu.site_id}")
    assert (again.status_code, again.json()["message"]) == (404, SITE_GONE)


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
async def test_unknown_and_malformed_sites(site_emu: tuple[RunningEmulator, httpx.AsyncClient], method: str) -> None:
    _, http = site_emu
    unknown = await http.request(method, f"/sites/{'f' * 24}", json={"name": "x"})
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["message"]) == (
        404,
        "resource_not_found",
        SITE_GONE,
    )
    malformed = await http.request(method, "/sites/nope", json={"name": "x"})
    assert (malformed.status_code, malformed.json()["details"][0]["param"]) == (400, "site_id")


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
async def test_site_changes_need_the_sites_write_scope(
    site_emu: tuple[RunningEmulator, httpx.AsyncClient], method: str
) -> None:
    emu, http = site_emu
    response = await http.request(
        method, f"/sites/{emu.site_id}", json={"name": "x"}, headers={"Authorization": "Bearer reader"}
    )
    assert (response.status_code, response.json()["details"]) == (403, ["sites:write"])
    assert (await http.get(f"/sites/{emu.site_id}")).json()["displayName"] != "x"


async def test_a_wrong_method_on_a_site_names_get_patch_and_delete(
    client: httpx.AsyncClient, emu: RunningEmulator
) -> None:
    response = await client.put(f"/sites/{emu.site_id}", json={})
    assert response.status_code == 405
    assert response.headers["Allow"] == "DELETE, GET, HEAD, PATCH"
