"""Request validation over HTTP: field types, required fields, unknown fields, limits, slugs, bad JSON."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio


def named(n: int, **fields: Any) -> dict[str, Any]:
    return {"fieldData": {"name": f"Item {n}", "slug": f"item-{n}", **fields}}


@pytest.fixture
def full(full_collection: dict[str, Any]) -> dict[str, Any]:
    return full_collection


def valid_full_item(collection: dict[str, Any], n: int = 1) -> dict[str, Any]:
    option = next(f for f in collection["fields"] if f["slug"] == "category")["validations"]["options"][0]["id"]
    return named(
        n,
        body="<p>Hello</p>",
        views=42,
        featured=True,
        **{"published-on": "2024-05-01T10:00:00.000Z"},
        website="https://example.com/page",
        contact="someone@example.com",
        color="#1a2b3c",
        category=option,
        author="a" * 24,
        tags=["b" * 24, "c" * 24],
        photo={"url": "https://example.com/image.png", "alt": "a picture"},
        code="X-1",
    )


async def total(client: httpx.AsyncClient, collection_id: str) -> int:
    page = (await client.get(f"/collections/{collection_id}/items")).json()
    return int(page["pagination"]["total"])


async def test_every_field_type_round_trips(client: httpx.AsyncClient, full: dict[str, Any]) -> None:
    body = valid_full_item(full)
    response = await client.post(f"/collections/{full['id']}/items", json=body)
    assert response.status_code == 202, response.text
    stored = (await client.get(f"/collections/{full['id']}/items/{response.json()['id']}")).json()
    # An image given by URL is re-hosted, as Webflow does (files.py): its own file id and URL, alt kept.
    photo = stored["fieldData"].pop("photo")
    assert set(photo) == {"fileId", "url", "alt"}
    assert photo["url"] == f"/files/{photo['fileId']}_image.png"
    assert photo["alt"] == "a picture"
    assert stored["fieldData"] == {k: v for k, v in body["fieldData"].items() if k != "photo"}


@pytest.mark.parametrize(
    ("slug", "value"),
    [
        ("views", "many"),
        ("views", True),
        ("featured", "yes"),
        ("published-on", "next tuesday"),
        ("website", "not a url"),
        ("contact", "nobody"),
        ("color", "blue-ish"),
        ("category", "not-an-option"),
        ("author", "123"),
        ("tags", ["z" * 24]),
        ("photo", 5),
        ("body", 7),
    ],
)
async def test_wrong_types_are_rejected_with_their_path(
    client: httpx.AsyncClient, full: dict[str, Any], slug: str, value: Any
) -> None:
    good = valid_full_item(full, 1)
    bad = valid_full_item(full, 2)
    bad["fieldData"][slug] = value
    response = await client.post(f"/collections/{full['id']}/items", json={"items": [good, bad]})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert {"param": f"items[1].fieldData.{slug}", "description": body["details"][0]["description"]} in body["details"]
    assert await total(client, full["id"]) == 0


async def test_required_fields(client: httpx.AsyncClient, full: dict[str, Any]) -> None:
    item = valid_full_item(full)
    for missing in ("name", "slug", "code"):
        del item["fieldData"][missing]
    response = await client.post(f"/collections/{full['id']}/items", json=item)
    assert response.status_code == 400
    params = {d["param"] for d in response.json()["details"]}
    assert params == {"fieldData.name", "fieldData.slug", "fieldData.code"}
    null_name = await client.post(f"/collections/{full['id']}/items", json=valid_full_item(full) | {"fieldData": {}})
    assert null_name.status_code == 400


async def test_optional_fields_may_be_cleared_but_required_may_not(
    client: httpx.AsyncClient, full: dict[str, Any]
) -> None:
    created = (await client.post(f"/collections/{full['id']}/items", json=valid_full_item(full))).json()
    url = f"/collections/{full['id']}/items/{created['id']}"
    cleared = await client.patch(url, json={"fieldData": {"views": None}})
    assert cleared.status_code == 200
    assert cleared.json()["fieldData"]["views"] is None
    refused = await client.patch(url, json={"fieldData": {"code": None}})
    assert refused.status_code == 400
    assert refused.json()["details"][0]["param"] == "fieldData.code"
    assert (await client.get(url)).json()["fieldData"]["code"] == "X-1"


@pytest.mark.parametrize("slug", ["Has Caps", "under_score", "-leading", "trailing-", "double--hyphen", "", "é"])
async def test_slug_format(client: httpx.AsyncClient, collection_id: str, slug: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items", json={"fieldData": {"name": "X", "slug": slug}})
    assert response.status_code == 400
    assert response.json()["details"][0]["param"] == "fieldData.slug"


async def test_unknown_fields_are_rejected(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items", json=named(1, colour="red"))
    assert response.status_code == 400
    assert response.json()["details"] == [
        {"param": "fieldData.colour", "description": "is not a field of this collection"}
    ]


async def test_bulk_with_one_bad_item_writes_nothing(client: httpx.AsyncClient, collection_id: str) -> None:
    items = [named(n) for n in range(5)]
    items[3]["fieldData"]["slug"] = "Bad Slug"
    response = await client.post(f"/collections/{collection_id}/items", json={"items": items})
    assert response.status_code == 400
    assert [d["param"] for d in response.json()["details"]] == ["items[3].fieldData.slug"]
    assert await total(client, collection_id) == 0


async def test_more_than_100_items_is_400(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items", json={"items": [named(n) for n in range(101)]})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert await total(client, collection_id) == 0
    exactly = await client.post(f"/collections/{collection_id}/items", json={"items": [named(n) for n in range(100)]})
    assert exactly.status_code == 202
    assert await total(client, collection_id) == 100


async def test_locale_variants_count_towards_the_limit(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    created = (
        await client.post(f"/collections/{collection_id}/items", json={"items": [named(n) for n in range(60)]})
    ).json()["items"]
    refs = [{"id": i["id"], "cmsLocaleIds": list(locales)} for i in created[:51]]
    response = await client.request("DELETE", f"/collections/{collection_id}/items", json={"items": refs})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "102" in response.json()["details"][0]["description"]
    assert await total(client, collection_id) == 60


async def test_slug_in_use_is_409_naming_the_item(client: httpx.AsyncClient, collection_id: str) -> None:
    await client.post(f"/collections/{collection_id}/items", json=named(3))
    items = [named(n + 10) for n in range(5)]
    items[3]["fieldData"]["slug"] = "item-3"
    response = await client.post(f"/collections/{collection_id}/items", json={"items": items})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert [d["param"] for d in body["details"]] == ["items[3].fieldData.slug"]
    assert await total(client, collection_id) == 1


async def test_slug_twice_in_one_request_is_409(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items", json={"items": [named(1), named(1)]})
    assert response.status_code == 409
    assert response.json()["details"][0]["param"] == "items[1].fieldData.slug"
    assert await total(client, collection_id) == 0


async def test_single_create_and_update_conflicts(client: httpx.AsyncClient, collection_id: str) -> None:
    first = (await client.post(f"/collections/{collection_id}/items", json=named(1))).json()
    second = (await client.post(f"/collections/{collection_id}/items", json=named(2))).json()
    dup = await client.post(f"/collections/{collection_id}/items", json=named(1))
    assert dup.status_code == 409
    assert dup.json()["details"][0]["param"] == "fieldData.slug"
    clash = await client.patch(
        f"/collections/{collection_id}/items/{second['id']}", json={"fieldData": {"slug": "item-1"}}
    )
    assert clash.status_code == 409
    bulk = {
        "items": [
            {"id": first["id"], "fieldData": {"name": "ok"}},
            {"id": second["id"], "fieldData": {"slug": "item-1"}},
        ]
    }
    bulk_clash = await client.patch(f"/collections/{collection_id}/items", json=bulk)
    assert bulk_clash.status_code == 409
    assert bulk_clash.json()["details"][0]["param"] == "items[1].fieldData.slug"
    after = (await client.get(f"/collections/{collection_id}/items/{first['id']}")).json()
    assert after["fieldData"]["name"] == "Item 1"
    keep = await client.patch(
        f"/collections/{collection_id}/items/{first['id']}", json={"fieldData": {"slug": "item-1"}}
    )
    assert keep.status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b'{"fieldData": {"name": "a", "slug": "a"}}', "text/plain"),
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b'{"fieldData": {"name": NaN, "slug": "a"}}', "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"[" * 100000, "application/json"),
    ],
)
async def test_unreadable_bodies_are_400(
    client: httpx.AsyncClient, collection_id: str, content: bytes, content_type: str
) -> None:
    response = await client.post(
        f"/collections/{collection_id}/items", content=content, headers={"content-type": content_type}
    )
    assert response.status_code == 400
    assert response.json()["code"] in {"bad_request", "validation_error"}
    assert "Traceback" not in response.text
    assert await total(client, collection_id) == 0


async def test_flags_must_be_booleans(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.post(f"/collections/{collection_id}/items", json=named(1) | {"isDraft": "no"})
    assert response.status_code == 400
    assert response.json()["details"][0]["param"] == "isDraft"


async def test_bulk_update_needs_valid_ids(client: httpx.AsyncClient, collection_id: str) -> None:
    created = (await client.post(f"/collections/{collection_id}/items", json=named(1))).json()
    same_twice = {"items": [{"id": created["id"]}, {"id": created["id"]}]}
    assert (await client.patch(f"/collections/{collection_id}/items", json=same_twice)).status_code == 400
    malformed = {"items": [{"id": created["id"]}, {"id": "nope"}]}
    response = await client.patch(f"/collections/{collection_id}/items", json=malformed)
    assert response.status_code == 400
    assert response.json()["details"][0]["param"] == "items[1].id"
    unknown = {"items": [{"id": created["id"], "fieldData": {"name": "x"}}, {"id": "e" * 24}]}
    missing = await client.patch(f"/collections/{collection_id}/items", json=unknown)
    assert missing.status_code == 404
    assert "e" * 24 in missing.json()["message"]
    assert (await client.get(f"/collections/{collection_id}/items/{created['id']}")).json()["fieldData"][
        "name"
    ] == "Item 1"
