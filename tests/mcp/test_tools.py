"""The tools' checks, dry runs and waits, with the server built in this process (the MCP client in memory).

The same server as ``webflow-cms mcp`` serves (``build_server``), on the emulator; here a test can give
it a fake clock, so a wait of ten minutes takes none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import attrs
import pytest

from support import FakeClock, create_collection, emulated, read_all
from webflow_cms import RateLimit, TokenBucket
from webflow_cms.mcp import Patience
from webflow_cms_emulator import serve
from webflow_cms_emulator.options import parse_rate_limit
from webflow_cms_emulator.ratelimit import RateLimiter

pytestmark = pytest.mark.anyio

FAST = "100000/1"
Inproc = Callable[..., AbstractAsyncContextManager[Any]]


@attrs.frozen
class World:
    url: str
    token: str
    site_id: str
    agent: Any

    async def collection(self, slug: str, fields: list[dict[str, Any]] | None = None) -> str:
        if fields is None:
            return await create_collection(self.url, self.token, self.site_id, slug)
        return await create_collection(self.url, self.token, self.site_id, slug, fields=fields)

    async def items(self, collection_id: str, *, live: bool = False) -> list[dict[str, Any]]:
        return await read_all(self.url, self.token, collection_id, live=live)

    async def posts(self, slug: str, n: int) -> tuple[str, list[str]]:
        """A new Blog Posts collection with ``n`` posts; its id and theirs."""
        collection = await self.collection(slug)
        made = await self.agent.call("create_items", collection_id=collection, items=_posts(n))
        return collection, [r["id"] for r in made["results"]]


@pytest.fixture(scope="module")
async def world(inproc_agent: Inproc) -> AsyncIterator[World]:
    async with emulated(rate_limit=FAST) as emu, inproc_agent(emu.url, emu.token) as agent:
        yield World(emu.url, emu.token, emu.site_id, agent)


def _posts(n: int) -> list[dict[str, Any]]:
    return [{"name": f"Post {i}", "slug": f"post-{i}", "rank": i} for i in range(n)]


async def test_a_429_longer_than_the_sdk_waits_is_waited_out_by_the_server(inproc_agent: Inproc) -> None:
    clock = FakeClock()
    async with serve(rate_limit=FAST) as emu:
        emu.state.limiter = RateLimiter(parse_rate_limit("1/600"), clock=clock.now)  # one request in ten minutes
        bucket = TokenBucket(RateLimit(100_000, 1), clock=clock.now, sleep=clock.sleep, jitter=0)
        patience = Patience(sleep=clock.sleep)
        async with inproc_agent(emu.url, emu.token, rate_limit=bucket, patience=patience) as agent:
            first = await agent.call("list_sites")
            second = await agent.call("list_sites")  # 429, Retry-After 600: more than the SDK waits (120 s)

    assert first == second
    assert [s["id"] for s in second["sites"]] == [emu.site_id]
    assert 600 in clock.sleeps  # the server slept for Webflow's wait, then asked again


async def test_the_server_gives_up_after_its_rounds_with_a_message_that_says_when(inproc_agent: Inproc) -> None:
    clock = FakeClock()
    async with serve(rate_limit=FAST) as emu:
        emu.state.limiter = RateLimiter(parse_rate_limit("1/600"), clock=lambda: 0.0)  # time never passes for it
        bucket = TokenBucket(RateLimit(100_000, 1), clock=clock.now, sleep=clock.sleep, jitter=0)
        async with inproc_agent(emu.url, emu.token, rate_limit=bucket, patience=Patience(sleep=clock.sleep)) as agent:
            await agent.call("list_sites")
            text = await agent.refused("list_sites")

    assert "Webflow kept refusing requests (429) after the server waited; try again in 600 seconds" in text
    assert clock.sleeps.count(600) == 3


async def test_references_by_slug_become_ids_and_an_unknown_slug_fails_its_item(world: World) -> None:
    authors = await world.collection("authors")
    made = await world.agent.call("create_items", collection_id=authors, items=[{"name": "Ada", "slug": "ada"}])
    ada = made["results"][0]["id"]
    fields = [
        {"displayName": "Author", "slug": "author", "type": "Reference", "validations": {"collectionId": authors}},
        {
            "displayName": "Editors",
            "slug": "editors",
            "type": "MultiReference",
            "validations": {"collectionId": authors},
        },
    ]
    books = await world.collection("books", fields)

    answer = await world.agent.call(
        "create_items",
        collection_id=books,
        items=[
            {"name": "Notes", "slug": "notes", "author": "ada", "editors": ["ada", ada]},
            {"name": "Ghost", "slug": "ghost", "author": "nobody"},
            {"name": "Bad", "slug": "bad", "author": 42},
        ],
    )

    assert [r["status"] for r in answer["results"]] == ["created", "failed", "failed"]
    assert (
        "item 1: field 'author': no item with slug 'nobody' in the referenced collection"
        in answer["results"][1]["error"]
    )
    assert answer["results"][2]["error"].startswith("item 2: field 'author': 42 must be the slug or id")
    (book,) = await world.items(books)
    assert book["fieldData"]["author"] == ada
    assert book["fieldData"]["editors"] == [ada, ada]


async def test_items_that_do_not_fit_fail_alone_naming_the_item_the_field_and_the_fix(world: World) -> None:
    posts = await world.collection("misfits")

    answer = await world.agent.call(
        "create_items",
        collection_id=posts,
        items=[
            {"name": "Ok", "slug": "ok", "rank": 1},
            {"name": "Typo", "slug": "typo", "rnak": 2},
            {"name": "No slug"},
            {"id": "a" * 24, "name": "With id", "slug": "with-id"},
            {"fieldData": {"name": "Wrapped", "slug": "wrapped", "featured": "yes"}},
            {"name": "Spaced", "slug": "Has Spaces"},
        ],
    )

    errors = [r["error"] for r in answer["results"]]
    assert [r["status"] for r in answer["results"]] == ["created"] + ["failed"] * 5
    assert errors[1].startswith("item 1: no field 'rnak' in this collection; its fields are: name, slug,")
    assert errors[2] == "item 2: field 'slug' is required; give it a value"
    assert errors[3].startswith("item 3: create takes no id")
    assert errors[4] == "item 4: field 'featured': 'yes' must be true or false"
    assert "e.g. 'has-spaces'" in errors[5]
    assert [i["fieldData"]["slug"] for i in await world.items(posts)] == ["ok"]
    not_an_object = await world.agent.refused("create_items", collection_id=posts, items=[{"name": "A"}, "text"])
    assert "items.1" in not_an_object
    assert "valid dictionary" in not_an_object


async def test_dry_runs_say_what_would_happen_and_write_nothing(world: World) -> None:
    posts, ids = await world.posts("dry-posts", 3)
    changed = [{"name": "Post 0", "slug": "post-0", "rank": 100}, *_posts(3)[1:], {"name": "New", "slug": "new"}]

    creates = await world.agent.call(
        "create_items",
        collection_id=posts,
        items=[*_posts(2), {"name": "A", "slug": "a"}, {"name": "A", "slug": "a"}],
        dry_run=True,
    )
    updates = await world.agent.call(
        "update_items",
        collection_id=posts,
        items=[{"id": ids[0], "rank": 5}, {"id": "b" * 24, "rank": 1}],
        dry_run=True,
    )
    upserts = await world.agent.call("upsert_items", collection_id=posts, items=changed, dry_run=True)
    publishes = await world.agent.call("publish_items", collection_id=posts, item_ids=ids[:2], dry_run=True)

    assert [r["status"] for r in creates["results"]] == ["failed", "failed", "would-create", "failed"]
    assert "slug 'post-0' is taken by item" in creates["results"][0]["error"]
    assert "given twice (items 2 and 3)" in creates["results"][3]["error"]
    assert [r["status"] for r in updates["results"]] == ["would-update", "failed"]
    assert [r["status"] for r in upserts["results"]] == [
        "would-update",
        "would-leave-unchanged",
        "would-leave-unchanged",
        "would-create",
    ]
    assert publishes["counts"] == {"would-publish": 2}
    assert all(answer["dry_run"] for answer in (creates, updates, upserts, publishes))
    held = await world.items(posts)
    assert sorted(i["fieldData"]["rank"] for i in held) == [0, 1, 2]
    assert await world.items(posts, live=True) == []


async def test_update_publish_and_unpublish_with_a_result_per_input(world: World) -> None:
    posts, ids = await world.posts("lifecycle", 4)

    updated = await world.agent.call(
        "update_items", collection_id=posts, items=[{"id": ids[0], "rank": 40}, {"id": "c" * 24, "rank": 1}]
    )
    published = await world.agent.call("publish_items", collection_id=posts, item_ids=[*ids[:3], "nope"])
    preview = await world.agent.call("unpublish_items", collection_id=posts, item_ids=ids[2:])
    unpublished = await world.agent.call("unpublish_items", collection_id=posts, item_ids=ids[2:3], confirm=True)

    assert [r["status"] for r in updated["results"]] == ["updated", "failed"]
    assert updated["results"][1]["error"]
    assert [r["status"] for r in published["results"]] == ["published"] * 3 + ["failed"]
    assert published["results"][3]["error"].startswith("item 3: 'nope' is not an item id")
    assert [r["status"] for r in preview["results"]] == ["would-unpublish", "failed"]
    assert "live on the site (nothing to unpublish)" in preview["results"][1]["error"]
    assert unpublished["counts"] == {"unpublished": 1}
    live = {i["id"]: i for i in await world.items(posts, live=True)}
    assert set(live) == set(ids[:2])
    assert live[ids[0]]["fieldData"]["rank"] == 40


async def test_live_creates_publish_at_once_and_reads_of_live_copies_see_them(world: World) -> None:
    posts = await world.collection("live-posts")

    made = await world.agent.call("create_items", collection_id=posts, items=_posts(3), live=True)
    listed = await world.agent.call("list_items", collection_id=posts, live=True, fields=["rank"])

    assert made["counts"] == {"created": 3}
    assert sorted(i["fields"]["rank"] for i in listed["items"]) == [0, 1, 2]
    assert {i["status"] for i in listed["items"]} == {"published"}


async def test_bad_ids_and_unknown_fields_in_reads_are_tool_errors_that_say_what_to_do(world: World) -> None:
    posts, _ = await world.posts("read-errors", 1)

    missing = await world.agent.refused("get_collection", collection_id="d" * 24)
    projection = await world.agent.refused("list_items", collection_id=posts, fields=["rank", "colour"])
    malformed = await world.agent.refused("get_item", collection_id=posts, item_id="not-an-id")
    bad_date = await world.agent.refused("list_items", collection_id=posts, created_after="last tuesday")
    bad_where = await world.agent.refused("list_items", collection_id=posts, where={"rank": {"near": 3}})

    assert "not found (404" in missing
    assert "list_collections" in missing
    assert "fields: no field 'colour' in this collection; its fields are: name, slug" in projection
    assert "item_id" in malformed
    assert "created_after: 'last tuesday' is not a date or time" in bad_date
    assert "unknown operator" in bad_where


async def test_publish_site_dry_run_and_custom_domains_by_url(world: World) -> None:
    sites = await world.agent.call("list_sites")
    collections = await world.agent.call("list_collections", site_id=world.site_id)

    dry = await world.agent.call("publish_site", site_id=world.site_id, dry_run=True)
    unknown = await world.agent.refused("publish_site", site_id=world.site_id, custom_domains=["nowhere.example"])

    assert [s["id"] for s in sites["sites"]] == [world.site_id]
    assert {c["site_id"] for c in collections["collections"]} == {world.site_id}
    assert dry["counts"] == {"would-publish": 1}
    assert dry["dry_run"] is True
    assert "'nowhere.example' not among this site's custom domains" in unknown


async def test_a_write_refused_with_a_long_429_is_sent_again_after_the_wait(inproc_agent: Inproc) -> None:
    clock = FakeClock()
    async with serve(rate_limit=FAST) as emu:
        posts = await create_collection(emu.url, emu.token, emu.site_id)
        bucket = TokenBucket(RateLimit(100_000, 1), clock=clock.now, sleep=clock.sleep, jitter=0)
        async with inproc_agent(emu.url, emu.token, rate_limit=bucket, patience=Patience(sleep=clock.sleep)) as agent:
            await agent.call("get_collection", collection_id=posts)  # the schema is kept: the create sends one POST
            emu.state.limiter = RateLimiter(parse_rate_limit("1/600"), clock=clock.now)
            emu.state.limiter.acquire(emu.token)  # the one request of these ten minutes is spent elsewhere

            answer = await agent.call("create_items", collection_id=posts, items=_posts(3))

        emu.state.limiter = RateLimiter(parse_rate_limit(FAST))  # for the read-back below, in real time
        held = await read_all(emu.url, emu.token, posts)
    assert answer["counts"] == {"created": 3}
    assert 600 in clock.sleeps
    assert sorted(i["fieldData"]["slug"] for i in held) == ["post-0", "post-1", "post-2"]


async def test_where_takes_option_values_by_name(world: World) -> None:
    fields = [
        {
            "displayName": "Size",
            "slug": "size",
            "type": "Option",
            "validations": {"options": [{"name": n} for n in ("Small", "Large")]},
        }
    ]
    shop = await world.collection("sized", fields)
    items = [{"name": f"Mug {i}", "slug": f"mug-{i}", "size": "Small" if i % 3 else "Large"} for i in range(9)]
    await world.agent.call("create_items", collection_id=shop, items=items)

    large = await world.agent.call("list_items", collection_id=shop, where={"size": {"eq": "large"}})
    either = await world.agent.call("list_items", collection_id=shop, where={"size": {"in": ["Small", "LARGE"]}})

    assert sorted(i["slug"] for i in large["items"]) == ["mug-0", "mug-3", "mug-6"]
    assert {i["fields"]["size"] for i in large["items"]} == {"Large"}
    assert either["total"] == 9
