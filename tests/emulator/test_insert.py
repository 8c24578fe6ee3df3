"""Create Items, `POST /v2/collections/{collection_id}/items/insert`.

Source: Webflow's Create Items page
(https://developers.webflow.com/data/reference/cms/collection-items/staged-items/create-items):
`{"items": [...]}`, each entry `fieldData` (name, slug required), `cmsLocaleIds` or `allCmsLocales`
(not both), `isDraft`, `isArchived`, optional `id` of an existing item to add locale variants to
(which it must not have yet); at most 100 variants per request; drafts unless `isDraft: false`; the
answer lists the created variants; a bad entry fails the whole request with 400 naming `items[i]...`.
The status is the `--insert-status` variant (202 by default). The route shares the create machinery:
slug rules and `--duplicate-slug`, scripted faults, scopes and the rate limit, tested here too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from webflow_cms_emulator import RunningEmulator, serve

pytestmark = pytest.mark.anyio


def entry(name: str, **extra: Any) -> dict[str, Any]:
    return {"fieldData": {"name": name, "slug": name.lower().replace(" ", "-")}, **extra}


async def insert(client: httpx.AsyncClient, collection_id: str, *entries: dict[str, Any]) -> httpx.Response:
    return await client.post(f"/collections/{collection_id}/items/insert", json={"items": list(entries)})


async def listed(client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]) -> list[tuple[str, str]]:
    """(id, cmsLocaleId) of every staged variant, in both locales."""
    response = await client.get(f"/collections/{collection_id}/items", params={"cmsLocaleId": ",".join(locales)})
    return sorted((i["id"], i["cmsLocaleId"]) for i in response.json()["items"])


@asynccontextmanager
async def running(**options: Any) -> AsyncIterator[tuple[RunningEmulator, httpx.AsyncClient, str]]:
    """A fresh emulator with `options`, a plain client and one empty collection."""
    async with serve(rate_limit="1000000/1", **options) as emu:
        headers = {"Authorization": f"Bearer {emu.token}"}
        async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as http:
            body = {"displayName": "Things", "singularName": "Thing", "slug": "things", "fields": []}
            created = await http.post(f"/sites/{emu.site_id}/collections", json=body)
            yield emu, http, created.json()["id"]


async def test_new_items_are_drafts_with_one_id_across_their_locales(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    primary, secondary = locales
    response = await insert(
        client,
        collection_id,
        entry("Both", cmsLocaleIds=[primary, secondary]),
        entry("Every", allCmsLocales=True, isArchived=True),
        entry("Primary", isDraft=False),
    )
    assert response.status_code == 202
    created = response.json()["items"]
    every = [i for i in created if i["fieldData"]["name"] == "Every"]
    third = next(i["cmsLocaleId"] for i in every if i["cmsLocaleId"] not in (primary, secondary))
    assert [(i["fieldData"]["name"], i["cmsLocaleId"]) for i in created] == [
        ("Both", primary),
        ("Both", secondary),
        ("Every", primary),
        ("Every", secondary),
        ("Every", third),  # the site's three locales (upstream's get-site example)
        ("Primary", primary),
    ]
    assert created[0]["id"] == created[1]["id"] != created[2]["id"] == created[3]["id"] == created[4]["id"]
    assert created[4]["id"] != created[5]["id"]
    assert [(i["isDraft"], i["isArchived"], i["lastPublished"]) for i in created] == [
        (True, False, None),
        (True, False, None),
        (True, True, None),
        (True, True, None),
        (True, True, None),
        (False, False, None),  # not a draft, yet not live before a publish
    ]
    for variant in created:
        stored = await client.get(
            f"/collections/{collection_id}/items/{variant['id']}", params={"cmsLocaleId": variant["cmsLocaleId"]}
        )
        assert stored.json() == variant
    assert (await client.get(f"/collections/{collection_id}/items/live")).json()["items"] == []


async def test_an_id_adds_locale_variants_with_their_own_content(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    primary, secondary = locales
    first = (await insert(client, collection_id, entry("Hello"))).json()["items"]
    assert [i["cmsLocaleId"] for i in first] == [primary]
    item_id = first[0]["id"]
    added = await insert(client, collection_id, entry("Bonjour", id=item_id, cmsLocaleIds=[secondary]))
    assert added.status_code == 202
    assert [(i["id"], i["cmsLocaleId"], i["fieldData"]["name"]) for i in added.json()["items"]] == [
        (item_id, secondary, "Bonjour")
    ]
    url = f"/collections/{collection_id}/items/{item_id}"
    assert (await client.get(url, params={"cmsLocaleId": secondary})).json()["fieldData"]["name"] == "Bonjour"
    assert (await client.get(url, params={"cmsLocaleId": primary})).json() == first[0]
    # The item has both variants now: adding either again is a 400, and nothing is written.
    for again in (entry("Salut", id=item_id, cmsLocaleIds=[secondary]), entry("Hi", id=item_id, allCmsLocales=True)):
        before = await listed(client, collection_id, locales)
        refused = await insert(client, collection_id, entry("Fresh"), again)
        assert refused.status_code == 400
        assert {d["param"] for d in refused.json()["details"]} == {"items[1]"}
        assert "already has a variant" in refused.json()["details"][0]["description"]
        assert await listed(client, collection_id, locales) == before


async def test_an_item_made_in_one_locale_gets_the_primary_variant_by_id(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    primary, secondary = locales
    french = (await insert(client, collection_id, entry("Chat", cmsLocaleIds=[secondary]))).json()["items"][0]
    english = await insert(client, collection_id, entry("Cat", id=french["id"]))  # no locales: the primary
    assert [(i["id"], i["cmsLocaleId"]) for i in english.json()["items"]] == [(french["id"], primary)]
    assert await listed(client, collection_id, locales) == sorted([(french["id"], primary), (french["id"], secondary)])


@pytest.mark.parametrize(
    ("entries", "named"),
    [
        ([entry("A", cmsLocaleIds=["PRIMARY"], allCmsLocales=True)], "items[0].allCmsLocales"),
        ([entry("A"), {"fieldData": {"name": "B"}}], "items[1].fieldData.slug"),
        ([entry("A"), {"fieldData": {"slug": "b"}}], "items[1].fieldData.name"),
        ([entry("A"), "B"], "items[1]"),
        ([entry("A", id="123")], "items[0].id"),
        ([entry("A", id="e" * 24)], "items[0].id"),  # no such item in the collection
        ([entry("A", cmsLocaleIds=["nope"])], "items[0].cmsLocaleIds[0]"),
        ([entry("A", cmsLocaleIds=[])], "items[0].cmsLocaleIds"),
        ([entry("A", allCmsLocales="yes")], "items[0].allCmsLocales"),
        ([entry("A", isDraft="no")], "items[0].isDraft"),
        ([entry("A"), entry("B", fieldData={"name": "B", "slug": "b", "nope": 1})], "items[1].fieldData.nope"),
    ],
)
async def test_a_bad_entry_fails_the_whole_request(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str], entries: list[Any], named: str
) -> None:
    primary, _ = locales
    for raw in entries:
        if isinstance(raw, dict) and raw.get("cmsLocaleIds") == ["PRIMARY"]:
            raw["cmsLocaleIds"] = [primary]
    response = await insert(client, collection_id, *entries)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert [d["param"] for d in body["details"]] == [named]
    assert await listed(client, collection_id, locales) == []


async def test_the_same_variant_twice_in_one_request_is_a_400(
    client: httpx.AsyncClient, collection_id: str, locales: tuple[str, str]
) -> None:
    _, secondary = locales
    item_id = (await insert(client, collection_id, entry("One"))).json()["items"][0]["id"]
    twice = [entry(n, id=item_id, cmsLocaleIds=[secondary]) for n in ("Un", "Une")]
    response = await insert(client, collection_id, *twice)
    assert response.status_code == 400
    assert [d["param"] for d in response.json()["details"]] == ["items[1]"]


@pytest.mark.parametrize(
    ("entries", "status"),
    [
        ([entry(f"N {n}") for n in range(100)], 202),
        ([entry(f"N {n}") for n in range(101)], 400),
        ([entry(f"N {n}", allCmsLocales=True) for n in range(33)], 202),  # 3 site locales: 99 variants
        ([entry(f"N {n}", allCmsLocales=True) for n in range(34)], 400),  # 102
    ],
)
async def test_at_most_100_variants_per_request(
    client: httpx.AsyncClient, collection_id: str, entries: list[Any], status: int
) -> None:
    response = await insert(client, collection_id, *entries)
    assert response.status_code == status
    if status == 400:
        assert response.json()["details"][0]["param"] == "items"
        assert "limit of 100" in response.json()["details"][0]["description"]


@pytest.mark.parametrize("body", [{}, {"items": []}, {"items": "x"}, []])
async def test_a_body_without_items_is_a_400(client: httpx.AsyncClient, collection_id: str, body: Any) -> None:
    response = await client.post(f"/collections/{collection_id}/items/insert", json=body)
    assert response.status_code == 400


async def test_only_post_is_served(client: httpx.AsyncClient, collection_id: str) -> None:
    response = await client.get(f"/collections/{collection_id}/items/insert")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


async def test_a_taken_slug_is_a_409_by_default_and_suffixed_under_the_variant(
    client: httpx.AsyncClient, collection_id: str
) -> None:
    await insert(client, collection_id, entry("Taken"))
    clash = await insert(client, collection_id, entry("Other"), entry("Taken"))
    assert clash.status_code == 409
    assert [d["param"] for d in clash.json()["details"]] == ["items[1].fieldData.slug"]
    async with running(duplicate_slug="suffix") as (_, http, things):
        await insert(http, things, entry("Taken"))
        suffixed = await insert(http, things, entry("Taken"))
        assert suffixed.status_code == 202
        assert suffixed.json()["items"][0]["fieldData"]["slug"].startswith("taken-")


@pytest.mark.parametrize(("variant", "status"), [("202", 202), ("200", 200)])
async def test_the_status_is_the_insert_status_variant(variant: str, status: int) -> None:
    async with running(insert_status=variant) as (_, http, things):
        response = await http.post(f"/collections/{things}/items/insert", json={"items": [entry("A")]})
        assert response.status_code == status
        assert response.json()["items"][0]["fieldData"]["name"] == "A"


async def test_faults_scopes_and_the_rate_limit_apply(locales: tuple[str, str]) -> None:
    async with running() as (emu, http, things):
        emu.state.chaos.fail_write(kind="503", after=True)
        faulted = await insert(http, things, entry("Applied"))
        assert faulted.status_code == 503
        shown = (await http.get(f"/collections/{things}/items")).json()["items"]
        assert [i["fieldData"]["name"] for i in shown] == ["Applied"]  # applied, then failed
    async with serve(tokens=["rw", "ro:cms:read"], rate_limit="2/60") as emu:
        body = {"displayName": "Gated", "singularName": "Gated", "slug": "gated", "fields": []}
        async with httpx.AsyncClient(base_url=emu.url, timeout=10) as http:
            rw, ro = ({"Authorization": f"Bearer {t}"} for t in ("rw", "ro"))
            gated = (await http.post(f"/sites/{emu.site_id}/collections", json=body, headers=rw)).json()["id"]
            url = f"/collections/{gated}/items/insert"
            denied = await http.post(url, json={"items": [entry("A")]}, headers=ro)
            assert (denied.status_code, denied.json()["details"]) == (403, ["cms:write"])
            accepted = await http.post(url, json={"items": [entry("A")]}, headers=rw)
            assert (accepted.status_code, accepted.headers["X-RateLimit-Remaining"]) == (202, "0")
            limited = await http.post(url, json={"items": [entry("B")]}, headers=rw)
            assert limited.status_code == 429
