"""Item operations over real HTTP: CRUD, staged vs live, publishing, pagination, filters, sorting."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from webflow_cms_emulator import RunningEmulator

pytestmark = pytest.mark.anyio

ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def item(n: int, **extra: Any) -> dict[str, Any]:
    return {"fieldData": {"name": f"Item {n}", "slug": f"item-{n}"}, **extra}


async def create_many(client: httpx.AsyncClient, collection_id: str, count: int, **extra: Any) -> list[dict[str, Any]]:
    response = await client.post(
        f"/collections/{collection_id}/items", json={"items": [item(n, **extra) for n in range(count)]}
    )
    assert response.status_code == 202, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_single_create_is_a_staged_draft(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items", json=item(1))
    assert response.status_code == 202
    created = response.json()
    assert re.fullmatch(r"[0-9a-f]{24}", created["id"])
    assert created["isDraft"] is True
    assert created["isArchived"] is False
    assert created["lastPublished"] is None
    assert ISO_MS.fullmatch(created["createdOn"])
    assert ISO_MS.fullmatch(created["lastUpdated"])
    assert created["fieldData"] == {"name": "Item 1", "slug": "item-1"}
    staged = await client.get(f"/collections/{collection_id}/items/{created['id']}")
    assert staged.json() == created
    live = await client.get(f"/collections/{collection_id}/items/{created['id']}/live")
    assert live.status_code == 404
    assert live.json()["code"] == "resource_not_found"


async def test_create_with_is_draft_false_is_queued_not_live(client: httpx.AsyncClient, collection_id: str) -> None:
    created = (await client.post(f"/collections/{collection_id}/items", json=item(1, isDraft=False))).json()
    assert (created["isDraft"], created["lastPublished"]) == (False, None)
    live = await client.get(f"/collections/{collection_id}/items/live")
    assert live.json()["items"] == []


async def test_batch_create_returns_items_in_order(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 5)
    assert [i["fieldData"]["slug"] for i in items] == [f"item-{n}" for n in range(5)]
    listed = (await client.get(f"/collections/{collection_id}/items")).json()
    assert [i["id"] for i in listed["items"]] == [i["id"] for i in items]
    assert listed["pagination"] == {"limit": 100, "offset": 0, "total": 5}


async def test_publish_copies_staged_to_live(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 3)
    ids = [i["id"] for i in items]
    response = await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids[:2]})
    assert response.status_code == 202
    assert response.json() == {"publishedItemIds": ids[:2], "errors": []}
    live = (await client.get(f"/collections/{collection_id}/items/live")).json()
    assert [i["id"] for i in live["items"]] == ids[:2]
    assert live["pagination"]["total"] == 2
    staged = (await client.get(f"/collections/{collection_id}/items/{ids[0]}")).json()
    assert staged["isDraft"] is False
    assert ISO_MS.fullmatch(staged["lastPublished"])
    untouched = (await client.get(f"/collections/{collection_id}/items/{ids[2]}")).json()
    assert (untouched["isDraft"], untouched["lastPublished"]) == (True, None)


async def test_publish_lists_unknown_and_archived_ids_as_errors(client: httpx.AsyncClient, collection_id: str) -> None:
    good, archived = await create_many(client, collection_id, 2)
    patched = await client.patch(f"/collections/{collection_id}/items/{archived['id']}", json={"isArchived": True})
    assert patched.json()["isArchived"] is True
    missing = "0" * 24
    response = await client.post(
        f"/collections/{collection_id}/items/publish", json={"itemIds": [good["id"], missing, archived["id"]]}
    )
    assert response.status_code == 202
    body = response.json()
    assert body["publishedItemIds"] == [good["id"]]
    assert len(body["errors"]) == 2
    assert missing in body["errors"][0]
    assert archived["id"] in body["errors"][1]
    live = (await client.get(f"/collections/{collection_id}/items/live")).json()
    assert [i["id"] for i in live["items"]] == [good["id"]]


async def test_publish_accepts_items_with_locales(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    (created,) = await create_many(client, collection_id, 1)
    body = {"items": [{"id": created["id"], "cmsLocaleIds": [locales[0]]}]}
    response = await client.post(f"/collections/{collection_id}/items/publish", json=body)
    assert response.json() == {"publishedItemIds": [created["id"]], "errors": []}
    assert (await client.get(f"/collections/{collection_id}/items/{created['id']}/live")).status_code == 200


async def test_editing_staged_leaves_live_untouched(client: httpx.AsyncClient, collection_id: str) -> None:
    (created,) = await create_many(client, collection_id, 1)
    await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": [created["id"]]})
    patch = {"isDraft": True, "fieldData": {"name": "Changed"}}
    edited = await client.patch(f"/collections/{collection_id}/items/{created['id']}", json=patch)
    assert edited.status_code == 200
    assert edited.json()["fieldData"] == {"name": "Changed", "slug": "item-0"}
    assert edited.json()["isDraft"] is True
    assert edited.json()["lastPublished"] is not None
    live = (await client.get(f"/collections/{collection_id}/items/{created['id']}/live")).json()
    assert live["fieldData"]["name"] == "Item 0"
    assert live["isDraft"] is False
    staged = (await client.get(f"/collections/{collection_id}/items/{created['id']}")).json()
    assert staged["fieldData"]["name"] == "Changed"


async def test_live_writes_update_both_copies(client: httpx.AsyncClient, collection_id: str) -> None:
    created = await client.post(f"/collections/{collection_id}/items/live", json=item(1))
    assert created.status_code == 202
    first = created.json()
    assert first["isDraft"] is False
    assert first["lastPublished"] is not None
    live = await client.get(f"/collections/{collection_id}/items/{first['id']}/live")
    assert live.json()["fieldData"] == first["fieldData"]
    change = {"items": [{"id": first["id"], "fieldData": {"name": "Live edit"}}]}
    updated = await client.patch(f"/collections/{collection_id}/items/live", json=change)
    assert updated.status_code == 200
    assert updated.json()["items"][0]["fieldData"]["name"] == "Live edit"
    for suffix in ("", "/live"):
        got = (await client.get(f"/collections/{collection_id}/items/{first['id']}{suffix}")).json()
        assert got["fieldData"]["name"] == "Live edit"
    single = await client.patch(
        f"/collections/{collection_id}/items/{first['id']}/live", json={"fieldData": {"name": "Again"}}
    )
    assert single.json()["fieldData"]["name"] == "Again"
    got_live = (await client.get(f"/collections/{collection_id}/items/{first['id']}/live")).json()
    assert got_live["fieldData"]["name"] == "Again"


async def test_batch_create_live(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items/live", json={"items": [item(1), item(2)]})
    assert response.status_code == 202
    assert all(i["lastPublished"] for i in response.json()["items"])
    live = (await client.get(f"/collections/{collection_id}/items/live")).json()
    assert live["pagination"]["total"] == 2


async def test_unpublish_removes_live_copy_and_marks_draft(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 2)
    ids = [i["id"] for i in items]
    await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids})
    bulk = await client.request("DELETE", f"/collections/{collection_id}/items/live", json={"items": [{"id": ids[0]}]})
    assert bulk.status_code == 204
    assert bulk.content == b""
    single = await client.delete(f"/collections/{collection_id}/items/{ids[1]}/live")
    assert single.status_code == 204
    assert (await client.get(f"/collections/{collection_id}/items/live")).json()["items"] == []
    for item_id in ids:
        staged = (await client.get(f"/collections/{collection_id}/items/{item_id}")).json()
        assert staged["isDraft"] is True
        assert staged["lastPublished"] is not None


async def test_delete_removes_both_copies(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 3)
    ids = [i["id"] for i in items]
    await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids})
    bulk = await client.request("DELETE", f"/collections/{collection_id}/items", json={"items": [{"id": ids[0]}]})
    assert bulk.status_code == 204
    single = await client.delete(f"/collections/{collection_id}/items/{ids[1]}")
    assert single.status_code == 204
    staged = (await client.get(f"/collections/{collection_id}/items")).json()
    live = (await client.get(f"/collections/{collection_id}/items/live")).json()
    assert [i["id"] for i in staged["items"]] == [ids[2]]
    assert [i["id"] for i in live["items"]] == [ids[2]]
    again = await client.delete(f"/collections/{collection_id}/items/{ids[0]}")
    assert again.status_code == 404
    assert again.json()["code"] == "resource_not_found"


async def test_bulk_delete_with_an_unknown_id_deletes_nothing(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 2)
    body = {"items": [{"id": items[0]["id"]}, {"id": "f" * 24}]}
    response = await client.request("DELETE", f"/collections/{collection_id}/items", json=body)
    assert response.status_code == 404
    # Upstream's 404 examples: code resource_not_found, empty details; the message names the item.
    assert response.json()["code"] == "resource_not_found"
    assert "f" * 24 in response.json()["message"]
    assert (await client.get(f"/collections/{collection_id}/items")).json()["pagination"]["total"] == 2


async def test_bulk_update_changes_staged_and_returns_items(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 3)
    change = {"items": [{"id": i["id"], "fieldData": {"name": f"New {n}"}} for n, i in enumerate(items)]}
    response = await client.patch(f"/collections/{collection_id}/items", json=change)
    assert response.status_code == 200
    assert [i["fieldData"]["name"] for i in response.json()["items"]] == ["New 0", "New 1", "New 2"]
    listed = (await client.get(f"/collections/{collection_id}/items")).json()["items"]
    assert [i["fieldData"]["name"] for i in listed] == ["New 0", "New 1", "New 2"]
    assert all(i["fieldData"]["slug"] == f"item-{n}" for n, i in enumerate(listed))


async def test_pagination_is_stable_and_complete(client: httpx.AsyncClient, collection_id: str) -> None:
    created = await create_many(client, collection_id, 100)
    more = await client.post(f"/collections/{collection_id}/items", json={"items": [item(n) for n in range(100, 130)]})
    created += more.json()["items"]
    seen: list[str] = []
    for offset in range(0, 140, 25):
        page = (await client.get(f"/collections/{collection_id}/items", params={"offset": offset, "limit": 25})).json()
        assert page["pagination"] == {"limit": 25, "offset": offset, "total": 130}
        seen += [i["id"] for i in page["items"]]
    assert seen == [i["id"] for i in created]
    past_end = (await client.get(f"/collections/{collection_id}/items", params={"offset": 500})).json()
    assert past_end["items"] == []
    assert past_end["pagination"]["total"] == 130


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 101},
        {"limit": 0},
        {"limit": -1},
        {"offset": -1},
        {"limit": "ten"},
        {"sortBy": "id"},
        {"sortOrder": "up"},
    ],
)
async def test_bad_list_parameters_are_400(
    client: httpx.AsyncClient, collection_id: str, params: dict[str, Any]
) -> None:
    response = await client.get(f"/collections/{collection_id}/items", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["details"][0]["param"] == next(iter(params))


async def test_filters_by_name_and_slug(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 4)
    by_name = (await client.get(f"/collections/{collection_id}/items", params={"name": "Item 2"})).json()
    assert [i["id"] for i in by_name["items"]] == [items[2]["id"]]
    assert by_name["pagination"]["total"] == 1
    by_slug = (await client.get(f"/collections/{collection_id}/items", params={"slug": "item-3"})).json()
    assert [i["id"] for i in by_slug["items"]] == [items[3]["id"]]
    none = (await client.get(f"/collections/{collection_id}/items", params={"slug": "item"})).json()
    assert none["items"] == []


async def test_filters_by_last_published(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 3)
    await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": [items[0]["id"]]})
    published = (await client.get(f"/collections/{collection_id}/items/{items[0]['id']}")).json()["lastPublished"]
    gte = (await client.get(f"/collections/{collection_id}/items", params={"lastPublished[gte]": published})).json()
    assert [i["id"] for i in gte["items"]] == [items[0]["id"]]
    lte = await client.get(f"/collections/{collection_id}/items", params={"lastPublished[lte]": "2000-01-01T00:00:00Z"})
    assert lte.json()["items"] == []
    bad = await client.get(f"/collections/{collection_id}/items", params={"lastPublished[gte]": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["details"][0]["param"] == "lastPublished[gte]"


async def test_sorting(client: httpx.AsyncClient, collection_id: str) -> None:
    names = ["pear", "apple", "fig"]
    body = {"items": [{"fieldData": {"name": n, "slug": f"z-{n}"}} for n in names]}
    await client.post(f"/collections/{collection_id}/items", json=body)
    url = f"/collections/{collection_id}/items"
    asc = (await client.get(url, params={"sortBy": "name", "sortOrder": "asc"})).json()["items"]
    desc = (await client.get(url, params={"sortBy": "slug", "sortOrder": "desc"})).json()["items"]
    default = (await client.get(url)).json()["items"]
    assert [i["fieldData"]["name"] for i in asc] == ["apple", "fig", "pear"]
    assert [i["fieldData"]["name"] for i in desc] == ["pear", "fig", "apple"]
    assert [i["fieldData"]["name"] for i in default] == names


async def test_sort_by_last_published(client: httpx.AsyncClient, collection_id: str) -> None:
    items = await create_many(client, collection_id, 2)
    for created in reversed(items):
        await client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": [created["id"]]})
    listed = (await client.get(f"/collections/{collection_id}/items/live", params={"sortBy": "lastPublished"})).json()
    stamps = [i["lastPublished"] for i in listed["items"]]
    assert stamps == sorted(stamps)


async def test_unknown_collection_and_item(client: httpx.AsyncClient, collection_id: str) -> None:
    unknown = await client.get(f"/collections/{'a' * 24}/items")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "resource_not_found"
    missing = await client.get(f"/collections/{collection_id}/items/{'b' * 24}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "resource_not_found"
    patch = await client.patch(f"/collections/{collection_id}/items/{'b' * 24}", json={"fieldData": {"name": "x"}})
    assert patch.status_code == 404


@pytest.mark.parametrize("bad_id", ["xyz", "A" * 24, "0" * 23, "0" * 25])
async def test_malformed_ids_are_400_not_500(client: httpx.AsyncClient, collection_id: str, bad_id: str) -> None:
    for url in (f"/collections/{bad_id}/items", f"/collections/{collection_id}/items/{bad_id}"):
        response = await client.get(url)
        assert response.status_code == 400, url
        assert response.json()["code"] == "validation_error"


async def test_multi_locale_create_and_locale_reads(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    # Upstream's MultipleItemsMultipleLocales example: a fieldData list is several items, each
    # created in every listed locale; its 202 examples list every variant with its cmsLocaleId.
    primary, secondary = locales
    body = {
        "cmsLocaleIds": [primary, secondary],
        "fieldData": [{"name": "Hello", "slug": "hello"}, {"name": "Bye", "slug": "bye"}],
    }
    response = await client.post(f"/collections/{collection_id}/items/bulk", json=body)
    assert response.status_code == 202, response.text
    variants = response.json()["items"]
    assert [(v["fieldData"]["slug"], v["cmsLocaleId"]) for v in variants] == [
        ("hello", primary),
        ("hello", secondary),
        ("bye", primary),
        ("bye", secondary),
    ]
    assert variants[0]["id"] == variants[1]["id"] != variants[2]["id"]
    default = (await client.get(f"/collections/{collection_id}/items")).json()["items"]
    assert [(i["cmsLocaleId"], i["fieldData"]["name"]) for i in default] == [(primary, "Hello"), (primary, "Bye")]
    french = await client.get(
        f"/collections/{collection_id}/items/{variants[0]['id']}", params={"cmsLocaleId": secondary}
    )
    assert french.json()["fieldData"]["name"] == "Hello"
    both = await client.get(f"/collections/{collection_id}/items", params={"cmsLocaleId": f"{primary},{secondary}"})
    assert both.json()["pagination"]["total"] == 4
    bad = await client.get(f"/collections/{collection_id}/items", params={"cmsLocaleId": "c" * 24})
    assert bad.status_code == 400


async def test_create_in_secondary_locale(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    created = (await client.post(f"/collections/{collection_id}/items", json=item(1, cmsLocaleId=locales[1]))).json()
    assert created["cmsLocaleId"] == locales[1]
    assert (await client.get(f"/collections/{collection_id}/items")).json()["items"] == []
    patched = await client.patch(
        f"/collections/{collection_id}/items/{created['id']}",
        json={"cmsLocaleId": locales[1], "fieldData": {"name": "Fr"}},
    )
    assert patched.json()["fieldData"]["name"] == "Fr"


async def test_archiving_through_a_live_write_leaves_the_live_site_at_the_next_site_publish(
    client: httpx.AsyncClient, collection_id: str, emu: RunningEmulator
) -> None:
    # Webflow's publishing guide, "Archiving content": archived items leave the live site at the
    # next full-site publish, and stay in the CMS.
    created = (await client.post(f"/collections/{collection_id}/items/live", json=item(1))).json()
    archived = await client.patch(f"/collections/{collection_id}/items/{created['id']}/live", json={"isArchived": True})
    assert archived.json()["isArchived"] is True
    still_live = await client.get(f"/collections/{collection_id}/items/{created['id']}/live")
    assert still_live.status_code == 200
    assert still_live.json()["fieldData"] == created["fieldData"]
    assert (
        await client.post(f"/sites/{emu.site_id}/publish", json={"publishToWebflowSubdomain": True})
    ).status_code == 202
    assert (await client.get(f"/collections/{collection_id}/items/{created['id']}/live")).status_code == 404
    staged = (await client.get(f"/collections/{collection_id}/items/{created['id']}")).json()
    assert staged["isArchived"] is True


async def test_list_totals_follow_writes(client: httpx.AsyncClient, collection_id: str) -> None:
    url = f"/collections/{collection_id}/items"
    created = await create_many(client, collection_id, 3)
    assert (await client.get(url, params={"limit": 1})).json()["pagination"]["total"] == 3
    await client.request("DELETE", url, json={"items": [{"id": created[0]["id"]}]})
    assert (await client.get(url, params={"limit": 1})).json()["pagination"]["total"] == 2
    await client.post(url, json=item(9))
    assert (await client.get(url, params={"limit": 1})).json()["pagination"]["total"] == 3


async def test_wrong_method_is_a_json_405(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.put(f"/collections/{collection_id}/items", json={})
    assert response.status_code == 405
    assert set(response.json()) == {"code", "message", "externalReference", "details"}


async def test_sequential_pages_in_both_directions_and_across_writes(
    client: httpx.AsyncClient, collection_id: str
) -> None:
    url = f"/collections/{collection_id}/items"
    created = [i["id"] for i in await create_many(client, collection_id, 30)]
    for order, expected in (("asc", created), ("desc", created[::-1])):
        seen: list[str] = []
        for offset in range(0, 30, 7):
            page = (await client.get(url, params={"offset": offset, "limit": 7, "sortOrder": order})).json()
            seen += [i["id"] for i in page["items"]]
        assert seen == expected
    first = (await client.get(url, params={"offset": 0, "limit": 10})).json()["items"]
    await client.request("DELETE", url, json={"items": [{"id": created[0]}]})
    second = (await client.get(url, params={"offset": 10, "limit": 10})).json()["items"]
    assert [i["id"] for i in first] == created[:10]
    assert [i["id"] for i in second] == created[11:21]
