"""Webhook registrations over HTTP: list, create, get, remove.

Source: openapi/upstream/older/webflow-webhooks-openapi.upstream.yml (list-webhooks, create-webhook,
get-webhook, remove-webhook) and Webflow's API guide for agents (developers.webflow.com) ("an HTTPS endpoint").
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from webflow_cms_emulator import RunningEmulator, serve

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., httpx.AsyncClient]
HOOK = "https://hooks.example.com/webflow"


@asynccontextmanager
async def fresh(make_client: ClientFactory, **options: Any) -> AsyncIterator[tuple[RunningEmulator, httpx.AsyncClient]]:
    """A separate emulator (no webhooks yet), with a spec-checked client."""
    async with serve(rate_limit="1000000/1", **options) as emu:
        yield emu, make_client(emu.url, emu.token)


async def test_register_read_list_and_remove(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    site = (await client.get(f"/sites/{emu.site_id}")).json()
    body = {"triggerType": "form_submission", "url": HOOK, "filter": {"name": "Contact"}}
    response = await client.post(f"/sites/{emu.site_id}/webhooks", json=body)
    assert response.status_code == 201
    created = response.json()
    assert len(created["id"]) == 24
    expected = {**body, "id": created["id"], "siteId": emu.site_id, "workspaceId": site["workspaceId"]}
    # Never triggered (the emulator calls no webhook): null, which the official SDK's Webhook type reads.
    expected["lastTriggered"] = None
    assert {k: v for k, v in created.items() if k != "createdOn"} == expected
    assert created["createdOn"].endswith("Z")

    assert (await client.get(f"/webhooks/{created['id']}")).json() == created
    listed = (await client.get(f"/sites/{emu.site_id}/webhooks")).json()
    assert created in listed["webhooks"]
    assert listed["pagination"] == {"limit": 100, "offset": 0, "total": len(listed["webhooks"])}

    removed = await client.delete(f"/webhooks/{created['id']}")
    assert removed.status_code == 204
    assert removed.content == b""
    gone = await client.get(f"/webhooks/{created['id']}")
    assert gone.status_code == 404
    assert gone.json()["code"] == "resource_not_found"
    assert (await client.delete(f"/webhooks/{created['id']}")).status_code == 404
    ids = [w["id"] for w in (await client.get(f"/sites/{emu.site_id}/webhooks")).json()["webhooks"]]
    assert created["id"] not in ids


async def test_a_webhook_without_filter_has_null_filter(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    body = {"triggerType": "collection_item_changed", "url": HOOK + "?x=1"}
    created = (await client.post(f"/sites/{emu.site_id}/webhooks", json=body)).json()
    assert (created["triggerType"], created["url"], created["filter"]) == (body["triggerType"], body["url"], None)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"url": HOOK}, "triggerType"),
        ({"triggerType": "item_created", "url": HOOK}, "triggerType"),
        ({"triggerType": None, "url": HOOK}, "triggerType"),
        ({"triggerType": "site_publish"}, "url"),
        ({"triggerType": "site_publish", "url": "http://hooks.example.com/x"}, "url"),
        ({"triggerType": "site_publish", "url": "/relative/path"}, "url"),
        ({"triggerType": "site_publish", "url": "https://"}, "url"),
        ({"triggerType": "site_publish", "url": "https://a b.example.com"}, "url"),
        ({"triggerType": "site_publish", "url": 42}, "url"),
        ({"triggerType": "form_submission", "url": HOOK, "filter": "Contact"}, "filter"),
        ({"triggerType": "form_submission", "url": HOOK, "filter": {"name": 1}}, "filter.name"),
    ],
)
async def test_invalid_registrations_are_400(
    client: httpx.AsyncClient, emu: RunningEmulator, body: dict[str, Any], param: str
) -> None:
    before = (await client.get(f"/sites/{emu.site_id}/webhooks")).json()["pagination"]["total"]
    response = await client.post(f"/sites/{emu.site_id}/webhooks", json=body)
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "validation_error"
    assert [d["param"] for d in error["details"]] == [param]
    assert (await client.get(f"/sites/{emu.site_id}/webhooks")).json()["pagination"]["total"] == before


async def test_a_filter_is_only_for_form_submissions(client: httpx.AsyncClient, emu: RunningEmulator) -> None:
    body = {"triggerType": "collection_item_created", "url": HOOK, "filter": {"name": "Contact"}}
    response = await client.post(f"/sites/{emu.site_id}/webhooks", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "incompatible_webhook_filter"


async def test_unknown_or_malformed_ids(client: httpx.AsyncClient) -> None:
    body = {"triggerType": "site_publish", "url": HOOK}
    assert (await client.post(f"/sites/{'9' * 24}/webhooks", json=body)).status_code == 404
    assert (await client.get(f"/sites/{'9' * 24}/webhooks")).status_code == 404
    assert (await client.get("/sites/nope/webhooks")).status_code == 400
    assert (await client.get("/webhooks/nope")).status_code == 400
    assert (await client.delete("/webhooks/nope")).status_code == 400
    not_json = await client.post(
        f"/sites/{'9' * 24}/webhooks", content=b"[", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400


async def test_at_most_75_registrations_per_trigger_type(make_client: ClientFactory) -> None:
    async with fresh(make_client) as (emu, http):
        url = f"/sites/{emu.site_id}/webhooks"
        for n in range(75):
            response = await http.post(url, json={"triggerType": "page_created", "url": f"{HOOK}/{n}"})
            assert response.status_code == 201
        over = await http.post(url, json={"triggerType": "page_created", "url": HOOK})
        assert over.status_code == 400
        assert over.json()["details"][0]["param"] == "triggerType"
        assert (await http.post(url, json={"triggerType": "page_deleted", "url": HOOK})).status_code == 201
        listed = (await http.get(url)).json()
        assert len(listed["webhooks"]) == 76
        assert listed["pagination"]["total"] == 76


async def test_list_pages_with_offset_and_limit(make_client: ClientFactory) -> None:
    async with fresh(make_client) as (emu, http):
        url = f"/sites/{emu.site_id}/webhooks"
        made = [
            (await http.post(url, json={"triggerType": "site_publish", "url": f"{HOOK}/{n}"})).json() for n in range(3)
        ]
        first = (await http.get(url, params={"limit": 2})).json()
        assert [w["id"] for w in first["webhooks"]] == [w["id"] for w in made[:2]]
        assert first["pagination"] == {"limit": 2, "offset": 0, "total": 3}
        rest = (await http.get(url, params={"offset": 2})).json()
        assert [w["id"] for w in rest["webhooks"]] == [made[2]["id"]]
        assert (await http.get(url, params={"limit": 101})).status_code == 400


async def test_scopes_follow_upstreams_required_scope_lines(make_client: ClientFactory) -> None:
    """list and get need sites:read, create sites:write, and remove (as upstream says) sites:read."""
    tokens = ["admin", "viewer:sites:read", "cms:cms:read,cms:write"]
    async with fresh(make_client, tokens=tokens) as (emu, admin):
        viewer, cms = make_client(emu.url, "viewer"), make_client(emu.url, "cms")
        url = f"/sites/{emu.site_id}/webhooks"
        body = {"triggerType": "site_publish", "url": HOOK}
        denied = await viewer.post(url, json=body)
        assert denied.status_code == 403
        assert denied.json()["details"] == ["sites:write"]
        created = (await admin.post(url, json=body)).json()
        assert (await viewer.get(url)).status_code == 200
        assert (await viewer.get(f"/webhooks/{created['id']}")).status_code == 200
        for response in (await cms.get(url), await cms.get(f"/webhooks/{created['id']}")):
            assert response.status_code == 403
            assert response.json()["details"] == ["sites:read"]
        assert (await viewer.delete(f"/webhooks/{created['id']}")).status_code == 204
