"""The pager against the emulator: awaitable first page, every item in order, early stop."""

from __future__ import annotations

import pytest

from support import emulated, post
from webflow_cms import AsyncWebflowCMS, Page, RateLimit
from webflow_cms.pagination import ItemPager

pytestmark = pytest.mark.anyio


async def test_await_gives_the_first_page_and_iteration_every_item() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1)) as wf:
            items = wf.items(emu.collection_id)
            await items.create_many([post(i) for i in range(250)])

            first = await items.list(page_size=100)
            assert isinstance(first, Page)
            assert (len(first), first.offset, first.total, first.has_more) == (100, 0, 250, True)

            pages = [page async for page in items.list(page_size=40).pages()]
            assert [len(p) for p in pages] == [40] * 6 + [10]
            assert [p.offset for p in pages] == list(range(0, 250, 40))

            slugs = [item.slug async for item in items.list()]
            assert sorted(slugs) == sorted(f"post-{i}" for i in range(250))
            assert slugs == [item.slug for page in pages for item in page]  # one stable order

            by_name = [item.name async for item in items.list(sort_by="name", sort_order="desc", page_size=30)]
            assert by_name == sorted((f"Post {i}" for i in range(250)), reverse=True)

            only = [item.slug async for item in items.list(slug="post-7")]
            assert only == ["post-7"]


async def test_breaking_out_stops_fetching() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(
            emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1), max_concurrency=2
        ) as wf:
            items = wf.items(emu.collection_id)
            await items.create_many([post(i) for i in range(1000)])
            sent_before = wf.transport.sent
            seen = 0
            async for _ in items.list(page_size=10):
                seen += 1
                if seen == 25:
                    break
            # first page + at most one wave of 2 pages to reach item 25, then nothing more.
            assert wf.transport.sent - sent_before == 3


async def test_live_listing_shows_only_published_items() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=RateLimit(10_000, 1)) as wf:
            items = wf.items(emu.collection_id)
            created = await items.create_many([post(i) for i in range(30)])
            await items.publish([s.id for s in created.succeeded[:12]])
            live = [item.slug async for item in items.list(live=True)]
            assert sorted(live) == sorted(f"post-{i}" for i in range(12))


async def test_pages_are_fetched_concurrently_in_order() -> None:
    calls: list[int] = []

    async def fetch(offset: int, limit: int) -> Page:
        calls.append(offset)
        return Page(items=[], offset=offset, limit=limit, total=0) if offset else Page([], 0, limit, 0)

    pager = ItemPager(fetch, page_size=10, concurrency=3)
    assert [p async for p in pager.pages()] == [Page([], 0, 10, 0)]
    assert calls == [0]

    with pytest.raises(ValueError, match="page_size"):
        ItemPager(fetch, page_size=101)
