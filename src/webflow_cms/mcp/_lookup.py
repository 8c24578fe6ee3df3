"""Finding existing items by id or by a field's value, for dry runs, previews and reference slugs.

Each lookup picks the cheaper way: one request per wanted item, or one request per page
of the whole collection, whichever is fewer (the first page, read either way, tells the
size). All requests go through the client, so they keep to its rate limit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection as Wanted
from collections.abc import Hashable
from typing import Any

import anyio

from webflow_cms import Item, Items, NotFoundError

__all__ = ["by_ids", "by_key", "field_value"]

_AT_ONCE = 4
_PAGE = 100


def field_value(item: Item, key: str) -> Any:
    """The item's value of field ``key`` (``id`` gives its id)."""
    if key == "id":
        return item.id
    return item.slug if key == "slug" else item.fields.get(key)


async def _scan(items: Items, key: str, wanted: Wanted[Hashable], *, live: bool) -> dict[Any, Item]:
    found: dict[Any, Item] = {}
    async for item in items.list(live=live):
        value = field_value(item, key)
        if isinstance(value, Hashable) and value in wanted:
            found.setdefault(value, item)
    return found


async def by_key(items: Items, key: str, values: Wanted[Hashable]) -> dict[Any, Item]:
    """The staged items whose field ``key`` holds one of ``values`` (the first one found for each)."""
    if not values:
        return {}
    if key != "slug":
        return await _scan(items, key, values, live=False)
    first = await items.list()
    if not first.has_more:
        return {v: i for i in first.items if (v := i.slug) in values}
    if -(-first.total // _PAGE) <= len(values):
        return await _scan(items, key, values, live=False)
    found: dict[Any, Item] = {}
    limiter = anyio.CapacityLimiter(_AT_ONCE)

    async def one(slug: str) -> None:
        async with limiter:
            page = await items.list(slug=slug, page_size=1)
        if page.items:
            found[slug] = page.items[0]

    async with anyio.create_task_group() as tg:
        for value in values:
            if isinstance(value, str):
                tg.start_soon(one, value)
    return found


async def by_ids(items: Items, ids: Wanted[str], *, live: bool = False) -> dict[str, Item]:
    """The items (staged, or ``live`` copies) with these ids; absent ids are left out."""
    if not ids:
        return {}
    first = await items.list(live=live)
    if not first.has_more:
        return {i.id: i for i in first.items if i.id in ids}
    if -(-first.total // _PAGE) <= len(ids):
        return await _scan(items, "id", ids, live=live)
    got: dict[str, Item] = {}
    limiter = anyio.CapacityLimiter(_AT_ONCE)

    async def one(item_id: str) -> None:
        async with limiter:
            with contextlib.suppress(NotFoundError):
                got[item_id] = await items.get(item_id, live=live)

    async with anyio.create_task_group() as tg:
        for item_id in ids:
            tg.start_soon(one, item_id)
    return got
