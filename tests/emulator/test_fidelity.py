"""Emulator behaviours that model the real Webflow API, each with the source it follows.

Line numbers refer to openapi/upstream/older/webflow-items-openapi.upstream.yml (Webflow's published Items spec).
Tests that need an option start their own emulator; the others use the module's (tests/emulator/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from webflow_cms_emulator import RunningEmulator, serve
from webflow_cms_emulator.options import ScriptedFault, parse_fault

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., httpx.AsyncClient]
ERROR_KEYS = {"code", "message", "externalReference", "details"}  # upstream's error schema, every error response
#: Upstream's 409 example on PATCH /items/live (line 5166) and PATCH /items/{item_id}/live (line 9186).
NEVER_PUBLISHED = (
    "Conflict: Conflict with server data: Live PATCH updates can't be applied to items that have never been published"
)
MISSING_ID = "b" * 24


def item(n: int) -> dict[str, Any]:
    return {"fieldData": {"name": f"Item {n}", "slug": f"item-{n}"}}


@asynccontextmanager
async def running(**options: Any) -> AsyncIterator[tuple[RunningEmulator, httpx.AsyncClient, str]]:
    """A fresh emulator with `options`, a plain client for it and one empty collection."""
    async with serve(rate_limit="1000000/1", **options) as emu:
        headers = {"Authorization": f"Bearer {emu.token}"}
        async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as http:
            body = {"displayName": "Things", "singularName": "Thing", "slug": "things", "fields": []}
            created = await http.post(f"/sites/{emu.site_id}/collections", json=body)
            assert created.status_code == 200, created.text
            yield emu, http, created.json()["id"]


async def site_locales(http: httpx.AsyncClient) -> tuple[str, str]:
    site = (await http.get("/sites")).json()["sites"][0]
    return site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]


# --------------------------------------------------------------------------
# Malformed cmsLocaleIds: 400, never 5xx, and the connection survives
# --------------------------------------------------------------------------

#: Upstream types cmsLocaleIds as an array of locale-id strings (lines 2515, 5813, 9835): anything else,
#: an empty list included (the bulk create's note, line 5773, says to leave the key out instead), is a 400.
MALFORMED_LOCALES: list[Any] = [[{}], [[1]], [1], "x", []]


def _locale_requests(collection_id: str, item_id: str, bad: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    base = f"/collections/{collection_id}/items"
    return {
        "POST /items/bulk": ("POST", f"{base}/bulk", {"cmsLocaleIds": bad, "fieldData": {"name": "B", "slug": "b"}}),
        "DELETE /items": ("DELETE", base, {"items": [{"id": item_id, "cmsLocaleIds": bad}]}),
        "DELETE /items/live": ("DELETE", f"{base}/live", {"items": [{"id": item_id, "cmsLocaleIds": bad}]}),
        "POST /items/publish": ("POST", f"{base}/publish", {"items": [{"id": item_id, "cmsLocaleIds": bad}]}),
        "POST /items": ("POST", base, {"items": [{"cmsLocaleIds": bad, "fieldData": {"name": "B", "slug": "b"}}]}),
    }


def _local_port(response: httpx.Response) -> int:
    """The client-side port of the connection the response came over (the same port: the same connection)."""
    port: int = response.extensions["network_stream"].get_extra_info("client_addr")[1]
    return port


@pytest.mark.parametrize("endpoint", list(_locale_requests("c", "i", [])))
async def test_malformed_locale_lists_are_400_and_the_connection_is_kept(
    client: httpx.AsyncClient, collection_id: str, endpoint: str
) -> None:
    created = (await client.post(f"/collections/{collection_id}/items", json=item(1))).json()
    first = await client.get(f"/collections/{collection_id}/items")
    port = _local_port(first)
    resets = (await client.get("/_emulator/stats")).json()["resets"]["total"]
    for bad in MALFORMED_LOCALES:
        method, url, body = _locale_requests(collection_id, created["id"], bad)[endpoint]
        response = await client.request(method, url, json=body)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["code"] == "validation_error", bad
        assert set(response.json()) == ERROR_KEYS
        assert "cmsLocaleIds" in str(response.json()["details"]), bad
        assert response.headers.get("connection", "").lower() != "close"
        after = await client.get(f"/collections/{collection_id}/items/{created['id']}")
        assert after.status_code == 200, bad
        assert _local_port(after) == port, f"{bad!r}: the kept-alive connection was replaced"
    assert (await client.get("/_emulator/stats")).json()["resets"]["total"] == resets
    assert (await client.get(f"/collections/{collection_id}/items")).json()["pagination"]["total"] == 1


# --------------------------------------------------------------------------
# Wrong methods: 405 with Allow, in Webflow's error shape
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "allow"),
    [
        # Upstream declares only POST on /items/bulk (line 5762) and /items/publish (line 9767), and
        # GET/POST/PATCH/DELETE on /items (line 29); RFC 9110 15.5.6: a 405 lists what the path accepts.
        ("GET", "/bulk", "POST"),
        ("PATCH", "/bulk", "POST"),
        ("GET", "/publish", "POST"),
        ("PATCH", "/publish", "POST"),
        ("PUT", "", "DELETE, GET, HEAD, PATCH, POST"),
    ],
)
async def test_wrong_method_is_405_naming_the_allowed_ones(
    client: httpx.AsyncClient, collection_id: str, method: str, suffix: str, allow: str
) -> None:
    response = await client.request(method, f"/collections/{collection_id}/items{suffix}", json={})
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["details"] == []
    assert method in body["message"]


# --------------------------------------------------------------------------
# not_found_code
# --------------------------------------------------------------------------


async def test_missing_item_as_resource_not_found() -> None:
    # Upstream's 404 examples (every item operation) and Webflow's forum thread "Documenting Data API v2
    # errors" (a deleted item's id answers `resource_not_found`, details []).
    async with running(not_found_code="resource_not_found") as (_, http, collection_id):
        kept = (await http.post(f"/collections/{collection_id}/items", json=item(1))).json()
        got = await http.get(f"/collections/{collection_id}/items/{MISSING_ID}")
        bulk = await http.request(
            "DELETE", f"/collections/{collection_id}/items", json={"items": [{"id": kept["id"]}, {"id": MISSING_ID}]}
        )
        still = await http.get(f"/collections/{collection_id}/items/{kept['id']}")
    for response in (got, bulk):
        assert response.status_code == 404
        assert response.json()["code"] == "resource_not_found"
        assert response.json()["details"] == []
        assert MISSING_ID in response.json()["message"]
    assert still.status_code == 200  # the bulk delete was refused whole


async def test_missing_item_as_item_not_found() -> None:
    # Upstream's error-code enum lists `item_not_found` (e.g. line 335); in that shape the details
    # name where the missing id was given.
    async with running(not_found_code="item_not_found") as (_, http, collection_id):
        kept = (await http.post(f"/collections/{collection_id}/items", json=item(1))).json()
        got = await http.get(f"/collections/{collection_id}/items/{MISSING_ID}")
        body = {
            "items": [{"id": kept["id"], "fieldData": {"name": "X"}}, {"id": MISSING_ID, "fieldData": {"name": "Y"}}]
        }
        bulk = await http.patch(f"/collections/{collection_id}/items", json=body)
        still = (await http.get(f"/collections/{collection_id}/items/{kept['id']}")).json()
    assert got.status_code == bulk.status_code == 404
    assert got.json()["code"] == bulk.json()["code"] == "item_not_found"
    assert [d["param"] for d in bulk.json()["details"]] == ["items[1].id"]
    assert MISSING_ID in bulk.json()["details"][0]["description"]
    assert still["fieldData"]["name"] == "Item 1"  # the bulk PATCH was refused whole


async def test_item_not_found_names_the_path_id_on_every_single_item_operation() -> None:
    # emulator/errors.py item_not_found: "in that shape `details` names where the id came from"; for the
    # single-item operations that is the `item_id` path parameter.
    async with running(not_found_code="item_not_found") as (_, http, collection_id):
        url = f"/collections/{collection_id}/items/{MISSING_ID}"
        answers = {
            "GET": await http.get(url),
            "GET live": await http.get(f"{url}/live"),
            "PATCH": await http.patch(url, json={"fieldData": {"name": "X"}}),
            "DELETE": await http.delete(url),
        }
    for name, response in answers.items():
        assert response.status_code == 404, name
        assert response.json()["code"] == "item_not_found", name
        assert [d["param"] for d in response.json()["details"]] == ["item_id"], name


# --------------------------------------------------------------------------
# duplicate_slug
# --------------------------------------------------------------------------


async def test_taken_slug_as_conflict() -> None:
    # Upstream's code enum lists `conflict`; Webflow keeps slugs unique per collection (and locale).
    async with running(duplicate_slug="conflict") as (_, http, collection_id):
        first = await http.post(f"/collections/{collection_id}/items", json=item(1))
        second = await http.post(f"/collections/{collection_id}/items", json=item(1))
        listed = (await http.get(f"/collections/{collection_id}/items")).json()
    assert first.status_code == 202
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"
    assert [d["param"] for d in second.json()["details"]] == ["fieldData.slug"]
    assert listed["pagination"]["total"] == 1


async def test_taken_slug_as_suffix() -> None:
    # Third-party reports (emulator/options.py, DuplicateSlug): Webflow gives the new item the slug plus
    # "-" and 5 hex characters and answers 202; upstream documents no 409 on any create.
    async with running(duplicate_slug="suffix") as (_, http, collection_id):
        first = await http.post(f"/collections/{collection_id}/items", json=item(1))
        second = await http.post(f"/collections/{collection_id}/items", json=item(1))
        batch = await http.post(f"/collections/{collection_id}/items", json={"items": [item(2), item(2)]})
    assert first.status_code == second.status_code == batch.status_code == 202
    assert first.json()["fieldData"]["slug"] == "item-1"
    assert re.fullmatch(r"item-1-[0-9a-f]{5}", second.json()["fieldData"]["slug"])
    slugs = [i["fieldData"]["slug"] for i in batch.json()["items"]]
    assert slugs[0] == "item-2"
    assert re.fullmatch(r"item-2-[0-9a-f]{5}", slugs[1])


# --------------------------------------------------------------------------
# create_answer
# --------------------------------------------------------------------------


async def test_batch_create_answer_as_items() -> None:
    # Upstream's /items/bulk 202 examples (lines 6048, 6082): created items with ids and timestamps.
    async with running(create_answer="items") as (_, http, collection_id):
        response = await http.post(f"/collections/{collection_id}/items", json={"items": [item(1), item(2)]})
    assert response.status_code == 202
    created = response.json()["items"]
    assert [re.fullmatch(r"[0-9a-f]{24}", c["id"]) is not None for c in created] == [True, True]
    assert [c["fieldData"] for c in created] == [item(1)["fieldData"], item(2)["fieldData"]]


async def test_batch_create_answer_as_echo() -> None:
    # Upstream's create-item 202 `MultipleItems` example (line 1143): the request's items sent back,
    # isArchived, isDraft and fieldData only, no id.
    async with running(create_answer="echo") as (_, http, collection_id):
        response = await http.post(f"/collections/{collection_id}/items", json={"items": [item(1), item(2)]})
        listed = (await http.get(f"/collections/{collection_id}/items")).json()
    assert response.status_code == 202
    echoed = response.json()["items"]
    assert [set(e) for e in echoed] == [{"isArchived", "isDraft", "fieldData"}] * 2
    assert [e["fieldData"] for e in echoed] == [item(1)["fieldData"], item(2)["fieldData"]]
    assert listed["pagination"]["total"] == 2  # created all the same


# --------------------------------------------------------------------------
# bulk_answer
# --------------------------------------------------------------------------

TWO = {"fieldData": [{"name": "Hello", "slug": "hello"}, {"name": "Bye", "slug": "bye"}]}


async def test_bulk_answer_as_items() -> None:
    # Upstream's create-items 202 examples (lines 6048, 6082): every locale variant apart, each with its cmsLocaleId.
    async with running(bulk_answer="items") as (_, http, collection_id):
        locales = list(await site_locales(http))
        response = await http.post(f"/collections/{collection_id}/items/bulk", json={"cmsLocaleIds": locales, **TWO})
    assert response.status_code == 202
    variants = response.json()["items"]
    assert [(v["fieldData"]["slug"], v["cmsLocaleId"]) for v in variants] == [
        ("hello", locales[0]),
        ("hello", locales[1]),
        ("bye", locales[0]),
        ("bye", locales[1]),
    ]
    assert all("cmsLocaleIds" not in v for v in variants)


async def test_bulk_answer_as_objects() -> None:
    # Upstream's create-items 202 schema (line 5940: required id, cmsLocaleIds, fieldData...) and the official
    # SDK's `BulkCollectionItem` (webflow 2.0.0): one object per item listing its cmsLocaleIds.
    async with running(bulk_answer="object") as (_, http, collection_id):
        locales = list(await site_locales(http))
        url = f"/collections/{collection_id}/items/bulk"
        several = await http.post(url, json={"cmsLocaleIds": locales, **TWO})
        one = await http.post(url, json={"cmsLocaleIds": locales, "fieldData": {"name": "Solo", "slug": "solo"}})
    assert several.status_code == one.status_code == 202
    objects = several.json()["items"]
    assert [(o["fieldData"]["slug"], o["cmsLocaleIds"]) for o in objects] == [("hello", locales), ("bye", locales)]
    assert all("cmsLocaleId" not in o and re.fullmatch(r"[0-9a-f]{24}", o["id"]) for o in objects)
    single = one.json()
    assert "items" not in single
    assert (single["fieldData"]["slug"], single["cmsLocaleIds"]) == ("solo", locales)


# --------------------------------------------------------------------------
# Live PATCH of a never-published item
# --------------------------------------------------------------------------


async def test_live_patch_of_a_never_published_item_is_409_and_changes_nothing(
    client: httpx.AsyncClient, collection_id: str
) -> None:
    # Upstream's 409 example on both live PATCH operations (lines 5166, 9186), word for word; also
    # reported in Webflow's forum thread "Documenting Data API v2 errors".
    base = f"/collections/{collection_id}/items"
    draft = (await client.post(base, json=item(1))).json()
    single = await client.patch(f"{base}/{draft['id']}/live", json={"fieldData": {"name": "Changed"}})
    bulk = await client.patch(f"{base}/live", json={"items": [{"id": draft["id"], "fieldData": {"name": "Changed"}}]})
    for response in (single, bulk):
        assert response.status_code == 409
        assert response.json()["code"] == "conflict"
        assert response.json()["message"] == NEVER_PUBLISHED
        assert response.json()["details"] == []
    assert (await client.get(f"{base}/{draft['id']}")).json() == draft
    assert (await client.get(f"{base}/{draft['id']}/live")).status_code == 404


# --------------------------------------------------------------------------
# Archiving through a live PATCH
# --------------------------------------------------------------------------


async def test_archiving_through_a_live_patch_keeps_the_live_copy_until_the_site_publish() -> None:
    # Webflow's publishing guide, "Archiving content": an archived item stays on the live site until the
    # next site publish. A fresh emulator: a site can be published once a minute.
    async with running() as (emu, http, collection_id):
        base = f"/collections/{collection_id}/items"
        created = (await http.post(f"{base}/live", json=item(1))).json()
        archived = await http.patch(f"{base}/{created['id']}/live", json={"isArchived": True})
        assert archived.status_code == 200
        assert archived.json()["isArchived"] is True
        live = await http.get(f"{base}/{created['id']}/live")
        assert live.status_code == 200
        assert live.json()["isArchived"] is False
        assert live.json()["fieldData"] == created["fieldData"]
        assert (
            await http.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
        ).status_code == 202
        assert (await http.get(f"{base}/{created['id']}/live")).status_code == 404
        assert (await http.get(f"{base}/{created['id']}")).json()["isArchived"] is True


# --------------------------------------------------------------------------
# Scripted faults
# --------------------------------------------------------------------------
# Webflow has no idempotency keys and documents 500 (every operation's `internal_error` example); a
# 5xx or dropped connection after the write was applied is what the SDK's create recovery exists for.


async def test_scripted_fault_after_the_write_answers_503_but_applies_it() -> None:
    async with running(faults=["2:after:503"]) as (emu, http, collection_id):  # write 1 made the collection
        response = await http.post(f"/collections/{collection_id}/items", json=item(1))
        listed = (await http.get(f"/collections/{collection_id}/items")).json()
        stats = (await http.get("/_emulator/stats")).json()
    assert response.status_code == 503
    assert response.json()["code"] == "internal_error"
    assert [i["fieldData"]["slug"] for i in listed["items"]] == ["item-1"]
    assert stats["faults"] == {"total": 1, "beforeApply": 0, "afterApply": 1}
    assert emu.state.options.faults == (ScriptedFault(2, "503", True),)


async def test_scripted_fault_before_the_write_answers_500_and_applies_nothing() -> None:
    async with serve(rate_limit="1000000/1", faults=["1:before:500"]) as emu:
        headers = {"Authorization": f"Bearer {emu.token}"}
        async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as http:
            body = {"displayName": "Posts", "singularName": "Post", "slug": "posts"}
            failed = await http.post(f"/sites/{emu.site_id}/collections", json=body)
            after_fault = (await http.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
            again = await http.post(f"/sites/{emu.site_id}/collections", json=body)
    assert failed.status_code == 500
    assert failed.json()["code"] == "internal_error"
    assert after_fault == []
    assert again.status_code == 200


async def test_scripted_reset_after_the_write_drops_the_connection_but_applies_it() -> None:
    async with serve(rate_limit="1000000/1", faults=["1:after:reset"]) as emu:
        headers = {"Authorization": f"Bearer {emu.token}"}
        async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as http:
            body = {"displayName": "Posts", "singularName": "Post", "slug": "posts"}
            with pytest.raises(httpx.TransportError):
                await http.post(f"/sites/{emu.site_id}/collections", json=body)
            collections = (await http.get(f"/sites/{emu.site_id}/collections")).json()["collections"]
            stats = (await http.get("/_emulator/stats")).json()
    assert [c["slug"] for c in collections] == ["posts"]
    assert stats["resets"] == {"total": 1, "beforeApply": 0, "afterApply": 1}


async def test_fail_write_at_runtime_fails_exactly_the_chosen_write() -> None:
    async with running() as (emu, http, collection_id):
        url = f"/collections/{collection_id}/items"
        chaos = emu.state.chaos
        chaos.fail_write(kind="503", after=True)  # the next write
        statuses = [(await http.post(url, json=item(n))).status_code for n in (1, 2)]
        chaos.fail_write(kind="503", after=True, later=2)  # the one after the next
        statuses += [(await http.post(url, json=item(n))).status_code for n in (3, 4, 5)]
        slugs = [i["fieldData"]["slug"] for i in (await http.get(url)).json()["items"]]
    assert statuses == [503, 202, 202, 503, 202]
    assert slugs == [f"item-{n}" for n in range(1, 6)]  # `after`: the failed writes were applied


@pytest.mark.parametrize("spec", ["0", "x", "3:sideways"])
def test_bad_fault_spellings_are_refused(spec: str) -> None:
    # The CLI's --fault N[:before|after][:500|503|reset]; writes are counted from 1.
    with pytest.raises(ValueError, match="fault"):
        parse_fault(spec)


def test_fault_spelling_defaults_and_parts() -> None:
    assert parse_fault("3") == ScriptedFault(3, "503", False)
    assert parse_fault("3:after:reset") == ScriptedFault(3, "reset", True)
    assert parse_fault("2:500") == ScriptedFault(2, "500", False)
