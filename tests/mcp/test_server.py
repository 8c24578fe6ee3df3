"""``webflow-cms mcp`` as an agent meets it: a subprocess over stdio, driven by the MCP SDK's client, on the emulator.

One emulator and one server for the module; each test works in a collection of its own.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import attrs
import httpx
import pytest

from support import create_collection, emulated, read_all
from webflow_cms_emulator.options import DEFAULT_SCOPES

pytestmark = pytest.mark.anyio

FAST = "100000/1"
READS = {"list_sites", "list_collections", "get_collection", "list_items", "get_item"}
WRITES = {
    *("create_items", "update_items", "upsert_items", "publish_items", "unpublish_items", "delete_items"),
    "publish_site",
}
PRODUCT_FIELDS = [
    {"displayName": "Price", "slug": "price", "type": "Number", "isRequired": False},
    {
        "displayName": "Size",
        "slug": "size",
        "type": "Option",
        "isRequired": False,
        "validations": {"options": [{"name": n} for n in ("Small", "Medium", "Large")]},
    },
]


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

    async def requests(self) -> int:
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {self.token}"}) as http:
            stats = (await http.get(f"{self.url}/_emulator/stats")).json()
        return int(stats["requests"])

    async def items(self, collection_id: str, *, live: bool = False) -> list[dict[str, Any]]:
        return await read_all(self.url, self.token, collection_id, live=live)


@pytest.fixture(scope="module")
async def world(serve_agent: Callable[..., AbstractAsyncContextManager[Any]]) -> AsyncIterator[World]:
    async with emulated(rate_limit=FAST) as emu, serve_agent(emu.url, emu.token) as agent:
        yield World(emu.url, emu.token, emu.site_id, agent)


def _posts(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"name": f"Post {i}", "slug": f"post-{i}", "rank": i, "summary": f"Summary {i}"} for i in range(start, n)]


async def test_every_tool_is_listed_with_its_input_and_output_schema(world: World) -> None:
    listed = {tool.name: tool for tool in (await world.agent.client.list_tools()).tools}

    assert set(listed) == READS | WRITES
    for name, tool in listed.items():
        assert len(tool.description or "") > 60, name
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema is not None, name
        assert tool.output_schema["type"] == "object", name
        assert (tool.annotations.read_only_hint is True) == (name in READS), name
    assert listed["create_items"].input_schema["required"] == ["collection_id", "items"]
    assert set(listed["create_items"].input_schema["properties"]) == {"collection_id", "items", "live", "dry_run"}
    assert set(listed["delete_items"].input_schema["properties"]) >= {"item_ids", "confirm"}
    assert set(listed["upsert_items"].input_schema["properties"]) >= {"items", "key", "dry_run", "live"}
    assert set(listed["list_items"].input_schema["properties"]) >= {"cursor", "fields", "where", "sort", "live"}
    assert {"results", "counts", "dry_run"} <= set(listed["create_items"].output_schema["properties"])
    assert {"items", "next_cursor"} <= set(listed["list_items"].output_schema["properties"])
    templates = (await world.agent.client.list_resource_templates()).resource_templates
    assert [t.uri_template for t in templates] == ["webflow://collections/{collection_id}/schema"]


async def test_the_schema_resource_gives_field_types_required_flags_and_option_names(world: World) -> None:
    products = await world.collection("shop-schema", PRODUCT_FIELDS)

    read = await world.agent.client.read_resource(f"webflow://collections/{products}/schema")
    tool = await world.agent.call("get_collection", collection_id=products)

    schema = json.loads(read.contents[0].text)
    assert schema == tool
    fields = {f["slug"]: f for f in schema["fields"]}
    assert fields["size"]["options"] == ["Small", "Medium", "Large"]
    assert fields["price"]["type"] == "Number"
    assert fields["price"]["required"] is False
    assert fields["name"]["required"] is True
    assert fields["slug"]["required"] is True


async def test_create_items_of_250_gives_250_results_in_order_and_250_items(world: World) -> None:
    posts = await world.collection("many-posts")

    answer = await world.agent.call("create_items", collection_id=posts, items=_posts(250))

    assert answer["counts"] == {"created": 250}
    assert answer["dry_run"] is False
    assert [r["index"] for r in answer["results"]] == list(range(250))
    assert [r["slug"] for r in answer["results"]] == [f"post-{i}" for i in range(250)]
    held = await world.items(posts)
    assert len(held) == 250
    assert {r["id"] for r in answer["results"]} == {item["id"] for item in held}


async def test_reads_page_through_250_items_with_a_cursor_and_filters(world: World) -> None:
    posts = await world.collection("paged-posts")
    await world.agent.call("create_items", collection_id=posts, items=_posts(250))

    seen: list[str] = []
    answer = await world.agent.call("list_items", collection_id=posts, limit=100, fields=["rank"])
    pages = 1
    while answer["next_cursor"] is not None:
        assert len(answer["items"]) == 100
        seen += [item["id"] for item in answer["items"]]
        answer = await world.agent.call("list_items", collection_id=posts, cursor=answer["next_cursor"])
        pages += 1
    seen += [item["id"] for item in answer["items"]]
    assert pages == 3
    assert len(seen) == len(set(seen)) == 250
    assert all(set(item["fields"]) == {"rank"} for item in answer["items"])

    query = {"where": {"rank": {"gte": 100}}, "sort": [{"field": "rank", "order": "desc"}], "limit": 60}
    first = await world.agent.call("list_items", collection_id=posts, **query)
    ranks = [item["fields"]["rank"] for item in first["items"]]
    rest = await world.agent.call("list_items", collection_id=posts, cursor=first["next_cursor"], **query)
    ranks += [item["fields"]["rank"] for item in rest["items"]]
    while rest["next_cursor"]:
        rest = await world.agent.call("list_items", collection_id=posts, cursor=rest["next_cursor"])
        ranks += [item["fields"]["rank"] for item in rest["items"]]
    assert first["total"] == 150
    assert ranks == list(range(249, 99, -1))

    changed = await world.agent.refused(
        "list_items", collection_id=posts, cursor=first["next_cursor"], where={"rank": {"lt": 5}}
    )
    assert "cursor belongs to another query (where differ)" in changed
    assert "not a cursor this server gave" in await world.agent.refused(
        "list_items", collection_id=posts, cursor="not-a-cursor!"
    )
    single = await world.agent.call("list_items", collection_id=posts, slug="post-7")
    assert [i["slug"] for i in single["items"]] == ["post-7"]
    assert single["next_cursor"] is None
    got = await world.agent.call("get_item", collection_id=posts, item_id=single["items"][0]["id"])
    assert got["items"][0]["fields"]["summary"] == "Summary 7"
    assert got["next_cursor"] is None


async def test_upsert_twice_leaves_the_second_run_all_unchanged(world: World) -> None:
    posts = await world.collection("upserted-posts")
    await world.agent.call("create_items", collection_id=posts, items=_posts(40))
    docs = _posts(60)  # 40 exist: 20 of them change, 20 do not; 20 are new
    for doc in docs[:20]:
        doc["summary"] = "changed"

    first = await world.agent.call("upsert_items", collection_id=posts, items=docs)
    second = await world.agent.call("upsert_items", collection_id=posts, items=docs)

    assert first["counts"] == {"updated": 20, "unchanged": 20, "created": 20}
    assert second["counts"] == {"unchanged": 60}
    assert [r["index"] for r in second["results"]] == list(range(60))
    held = await world.items(posts)
    assert len(held) == 60
    assert len({i["fieldData"]["slug"] for i in held}) == 60


async def test_a_bad_option_and_a_bad_number_are_refused_before_anything_is_sent(world: World) -> None:
    products = await world.collection("shop-checks", PRODUCT_FIELDS)
    await world.agent.call("get_collection", collection_id=products)  # the server keeps the schema it read
    before = await world.requests()

    bad = [
        {"name": "Mug", "slug": "mug", "price": 9.5, "size": "Huge"},
        {"name": "Cap", "slug": "cap", "price": "cheap", "size": "small"},
    ]
    answer = await world.agent.call("create_items", collection_id=products, items=bad)

    assert await world.requests() == before  # refused here: no request reached the emulator
    assert [r["status"] for r in answer["results"]] == ["failed", "failed"]
    first, second = (r["error"] for r in answer["results"])
    assert first.startswith("item 0: field 'size': 'Huge' is not one of the field's options")
    assert "Small, Medium, Large" in first
    assert second == "item 1: field 'price': 'cheap' must be a number such as 42 or 3.5"

    good = await world.agent.call(
        "create_items", collection_id=products, items=[{"name": "Mug", "slug": "mug", "price": 9.5, "size": "large"}]
    )
    assert good["counts"] == {"created": 1}
    (held,) = await world.items(products)
    listed = await world.agent.call("get_collection", collection_id=products)
    assert held["fieldData"]["size"] != "large"  # stored as the option's id...
    got = await world.agent.call("get_item", collection_id=products, item_id=held["id"])
    assert got["items"][0]["fields"]["size"] == "Large"  # ...and read back by its name
    assert listed["fields"][-1]["options"] == ["Small", "Medium", "Large"]


async def test_delete_without_confirm_removes_nothing_and_says_what_it_would(world: World) -> None:
    posts = await world.collection("doomed-posts")
    created = await world.agent.call("create_items", collection_id=posts, items=_posts(5))
    ids = [r["id"] for r in created["results"]]

    preview = await world.agent.call("delete_items", collection_id=posts, item_ids=ids)
    dry = await world.agent.call("delete_items", collection_id=posts, item_ids=ids, confirm=True, dry_run=True)

    assert preview["dry_run"] is True
    assert preview["counts"] == {"would-delete": 5}
    assert [r["slug"] for r in preview["results"]] == [f"post-{i}" for i in range(5)]
    assert dry["counts"] == {"would-delete": 5}
    assert len(await world.items(posts)) == 5
    done = await world.agent.call("delete_items", collection_id=posts, item_ids=ids[:2], confirm=True)
    assert done["counts"] == {"deleted": 2}
    assert len(await world.items(posts)) == 3


async def test_a_missing_scope_is_a_tool_error_that_names_it(
    serve_agent: Callable[..., AbstractAsyncContextManager[Any]],
) -> None:
    tokens = {"admin-token": sorted(DEFAULT_SCOPES), "reader-token": ["cms:read", "sites:read"]}
    async with emulated(rate_limit=FAST, tokens=tokens) as emu, serve_agent(emu.url, "reader-token") as agent:
        text = await agent.refused("create_items", collection_id=emu.collection_id, items=_posts(3))
        assert "lacks the scope cms:write" in text
        assert "Nothing was changed" in text
        assert len(await read_all(emu.url, "reader-token", emu.collection_id)) == 0
