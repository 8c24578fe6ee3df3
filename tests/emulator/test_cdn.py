"""Content Delivery: the two live reads under `.../cdn/v2`, answered from a response cache.

Sources: `openapi/upstream/webflow-v2.yml` lists `https://api-cdn.webflow.com/v2` as a second server
of list-collection-items-live and get-item-live only; Webflow's Content Delivery page
(https://developers.webflow.com/data/docs/working-with-the-cms/content-delivery): cached reads are not
rate-limited, uncached ones count; the cache lasts 300 s (120 s on Enterprise); `CF-Cache-Status`
says HIT or MISS. The cache's clock is the fake one of the test suite: time moves only when told.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from support import FakeClock
from webflow_cms_emulator import RunningEmulator, serve
from webflow_cms_emulator.ratelimit import RateLimiter

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def cdn(**options: Any) -> AsyncIterator[tuple[RunningEmulator, FakeClock, httpx.AsyncClient, str, str]]:
    """An emulator whose cache and rate limiter run on one fake clock, an API client, one collection with
    one published item: (emulator, clock, api client, collection id, item id)."""
    async with serve(**{"rate_limit": "1000000/1", **options}) as emu:
        clock = FakeClock()
        emu.state.cdn.clock = clock
        emu.state.limiter = RateLimiter(emu.state.limiter.limit, clock)
        headers = {"Authorization": f"Bearer {emu.token}"}
        async with httpx.AsyncClient(base_url=emu.url, headers=headers, timeout=10) as api:
            body = {"displayName": "Posts", "singularName": "Post", "slug": "posts", "fields": []}
            collection_id = (await api.post(f"/sites/{emu.site_id}/collections", json=body)).json()["id"]
            item_id = await publish(api, collection_id, "first")
            yield emu, clock, api, collection_id, item_id


async def publish(api: httpx.AsyncClient, collection_id: str, slug: str) -> str:
    created = await api.post(f"/collections/{collection_id}/items", json={"fieldData": {"name": slug, "slug": slug}})
    item_id: str = created.json()["id"]
    published = await api.post(f"/collections/{collection_id}/items/publish", json={"itemIds": [item_id]})
    assert published.json()["publishedItemIds"] == [item_id]
    return item_id


def reader(emu: RunningEmulator, token: str | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=emu.cdn_url, headers={"Authorization": f"Bearer {token or emu.token}"}, timeout=10
    )


async def test_the_cdn_base_url_sits_beside_the_api() -> None:
    async with serve() as emu:
        assert emu.url.endswith("/v2")
        assert emu.cdn_url == emu.url.removesuffix("/v2") + "/cdn/v2"


async def test_a_miss_is_kept_and_repeated_as_a_hit_until_it_expires() -> None:
    async with cdn() as (emu, clock, api, collection_id, item_id), reader(emu) as http:
        url = f"/collections/{collection_id}/items/live"
        miss = await http.get(url)
        assert (miss.status_code, miss.headers["CF-Cache-Status"]) == (200, "MISS")
        assert [i["id"] for i in miss.json()["items"]] == [item_id]
        assert miss.json() == (await api.get(url)).json()  # what the API answers
        second = await publish(api, collection_id, "second")
        clock.advance(299.5)
        hit = await http.get(url)
        assert (hit.headers["CF-Cache-Status"], hit.headers["Age"]) == ("HIT", "299")
        assert hit.content == miss.content  # stale, as a CDN is until the entry expires
        assert hit.headers["content-type"] == "application/json"
        clock.advance(0.5)
        fresh = await http.get(url)
        assert fresh.headers["CF-Cache-Status"] == "MISS"
        assert [i["id"] for i in fresh.json()["items"]] == [item_id, second]
        stats = (await api.get("/_emulator/stats")).json()
        assert stats["cdn"] == {"hits": 1, "misses": 2}


async def test_hits_leave_the_rate_limit_alone() -> None:
    async with cdn(rate_limit="5/60") as (emu, _, _api, collection_id, item_id), reader(emu) as http:
        # Three API calls made the collection and published the item: two tokens are left.
        url = f"/collections/{collection_id}/items/{item_id}/live"
        miss = await http.get(url)
        assert (miss.headers["CF-Cache-Status"], miss.headers["X-RateLimit-Remaining"]) == ("MISS", "1")
        hits = [await http.get(url) for _ in range(20)]
        assert {(h.status_code, h.headers["CF-Cache-Status"], h.headers["X-RateLimit-Remaining"]) for h in hits} == {
            (200, "HIT", "1")
        }
        assert {h.json()["id"] for h in hits} == {item_id}
        other = await http.get(url, params={"cmsLocaleId": ""})  # another URL: a miss, and it counts
        assert (other.headers["CF-Cache-Status"], other.headers["X-RateLimit-Remaining"]) == ("MISS", "0")
        limited = await http.get(f"/collections/{collection_id}/items/live")
        assert (limited.status_code, limited.headers["CF-Cache-Status"]) == (429, "MISS")
        assert (await http.get(url)).status_code == 200  # still a hit


async def test_answers_are_kept_per_url_and_token() -> None:
    async with cdn(tokens=["first", "second"]) as (emu, _, _api, collection_id, _item), reader(emu) as http:
        url = f"/collections/{collection_id}/items/live"
        assert (await http.get(url)).headers["CF-Cache-Status"] == "MISS"
        assert (await http.get(url, params={"limit": 1})).headers["CF-Cache-Status"] == "MISS"
        assert (await http.get(url + "?limit=1")).headers["CF-Cache-Status"] == "HIT"
        async with reader(emu, "second") as other:
            assert (await other.get(url)).headers["CF-Cache-Status"] == "MISS"
            assert (await other.get(url)).headers["CF-Cache-Status"] == "HIT"


async def test_only_successful_answers_are_kept() -> None:
    async with cdn() as (emu, _, api, collection_id, _item), reader(emu) as http:
        created = await api.post(f"/collections/{collection_id}/items", json={"fieldData": {"name": "l", "slug": "l"}})
        url = f"/collections/{collection_id}/items/{created.json()['id']}/live"
        unpublished = await http.get(url)
        assert (unpublished.status_code, unpublished.headers["CF-Cache-Status"]) == (404, "MISS")
        await api.post(f"/collections/{collection_id}/items/publish", json={"itemIds": [created.json()["id"]]})
        now_live = await http.get(url)
        assert (now_live.status_code, now_live.headers["CF-Cache-Status"]) == (200, "MISS")


@pytest.mark.parametrize(("seconds", "kept_for"), [(120.0, 120.0), (0.0, 0.0)])
async def test_the_lifetime_is_the_cdn_cache_seconds_option(seconds: float, kept_for: float) -> None:
    async with cdn(cdn_cache_seconds=seconds) as (emu, clock, _api, collection_id, _item), reader(emu) as http:
        url = f"/collections/{collection_id}/items/live"
        assert (await http.get(url)).headers["CF-Cache-Status"] == "MISS"
        if kept_for:
            clock.advance(kept_for - 0.5)
            assert (await http.get(url)).headers["CF-Cache-Status"] == "HIT"
            clock.advance(0.5)
        assert (await http.get(url)).headers["CF-Cache-Status"] == "MISS"


@pytest.mark.parametrize(
    ("method", "suffix", "status", "allow"),
    [
        ("POST", "/items/live", 405, "GET, HEAD"),
        ("PATCH", "/items/live", 405, "GET, HEAD"),
        ("DELETE", "/items/{item}/live", 405, "GET, HEAD"),
        ("GET", "/items", 404, None),  # staged items are not on the Content Delivery host
        ("GET", "/items/{item}", 404, None),
        ("GET", "", 404, None),
    ],
)
async def test_the_cdn_serves_only_the_two_live_reads(method: str, suffix: str, status: int, allow: str | None) -> None:
    async with cdn() as (emu, _, api, collection_id, item_id), reader(emu) as http:
        before = (await api.get(f"/collections/{collection_id}/items")).json()
        path = f"/collections/{collection_id}{suffix.replace('{item}', item_id)}"
        response = await http.request(method, path, json={"items": [{"id": item_id}]})
        assert response.status_code == status
        assert response.headers["CF-Cache-Status"] == "BYPASS"
        assert response.headers.get("Allow") == allow
        assert set(response.json()) == {"code", "message", "externalReference", "details"}
        assert (await api.get(f"/collections/{collection_id}/items")).json() == before


async def test_tokens_and_scopes_are_checked_before_anything_is_kept() -> None:
    async with cdn(tokens=["admin", "sites:sites:read"]) as (emu, _, _api, collection_id, _item):
        url = f"/collections/{collection_id}/items/live"
        async with reader(emu, "sites") as narrow, reader(emu, "wrong") as wrong, reader(emu) as http:
            denied = await narrow.get(url)
            assert (denied.status_code, denied.json()["details"]) == (403, ["cms:read"])
            assert (await narrow.get(url)).status_code == 403  # a refusal is not kept
            assert (await wrong.get(url)).status_code == 401
            assert (await http.get(url)).headers["CF-Cache-Status"] == "MISS"
            assert (await wrong.get(url)).status_code == 401  # another token's answer is never served
