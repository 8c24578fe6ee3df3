"""Reading one collection's items: the pager behind ``list``, single gets, and finding items by slug.

The items resource answers users with these, and the write machinery uses
them to read back what a failed request may have done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar, Unpack

from .._http import endpoints
from .._http.query import ListFilters, ListQuery
from .._http.session import Session
from ..errors import ServerError
from ..models import Item
from ..pagination import MAX_PAGE_SIZE, ItemPager, Page, ParsePage
from ..ratelimit import Limiter, TokenBucket
from .inputs import check_id
from .tasks import run_all

__all__ = ["READ_AHEAD_RATE", "Decode", "ItemReader", "page_parser", "parse_page", "requests_are_cheap"]

#: Requests a second from which listing reads ahead (see ``requests_are_cheap``).
READ_AHEAD_RATE = 100.0
T = TypeVar("T")
#: Turns one item of an answer (decoded JSON) into what the caller gets: an ``Item`` or a typed model.
Decode = Callable[[Any], T]


class ItemReader:
    """Lists and gets the items of one collection, staged or live."""

    def __init__(self, session: Session, collection_id: str) -> None:
        self._session = session
        self.collection_id = collection_id

    def list(
        self,
        *,
        live: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        concurrency: int | None = None,
        cached: bool = False,
        offset: int = 0,
        **filters: Unpack[ListFilters],
    ) -> ItemPager[Item]:
        """A pager over the items from ``offset`` on; each page is parsed from the raw answer (see ``parse_page``).

        ``cached``: a live listing may be answered by Content Delivery (see ``Session.live_read``);
        only what callers asked for is, never the SDK's own checks, which must see the origin.
        """
        query = ListQuery.of(**filters)
        return self.pager(
            parse_page,
            live=live,
            page_size=page_size,
            concurrency=concurrency,
            query=query,
            cached=cached,
            offset=offset,
        )

    def pager(
        self,
        parse: ParsePage[T],
        *,
        live: bool,
        page_size: int,
        concurrency: int | None,
        query: ListQuery,
        cached: bool = False,
        offset: int = 0,
    ) -> ItemPager[T]:
        """``list`` with its pages made by ``parse`` (see ``page_parser``), for a checked ``query``."""
        page_request = partial(endpoints.list_items, self.collection_id, live=live, query=query)
        via_cache = live and cached

        async def fetch(offset: int, limit: int) -> bytes:
            request = page_request(offset=offset, limit=limit)
            return await self._session.read(self._session.live_read(request) if via_cache else request)

        return ItemPager(
            fetch,
            parse,
            page_size=page_size,
            concurrency=concurrency or self._session.max_concurrency,
            read_ahead=requests_are_cheap(self._session.limiter),
            offset=offset,
        )

    async def get(
        self, item_id: str, *, live: bool = False, cms_locale_id: str | None = None, cached: bool = False
    ) -> Item:
        return Item.from_wire(await self.get_json(item_id, live=live, cms_locale_id=cms_locale_id, cached=cached))

    async def get_json(
        self, item_id: str, *, live: bool = False, cms_locale_id: str | None = None, cached: bool = False
    ) -> Any:
        """One item's answer, decoded from JSON but not yet made an ``Item`` (``cached``: as for ``list``)."""
        request = endpoints.get_item(self.collection_id, check_id(item_id), live=live, cms_locale_id=cms_locale_id)
        if live and cached:
            request = self._session.live_read(request)
        return await self._session.send_json(request)

    async def find_slugs(self, slugs: set[str], locale: str | None) -> dict[str, Item]:
        """Items with these slugs: one request per slug, or a scan when the collection is smaller."""
        found: dict[str, Item] = {}
        pager = self.list(cms_locale_id=locale)
        first = await pager
        for item in first.items:
            if item.slug in slugs:
                found[item.slug] = item
        pages_left = -(-(first.total - len(first.items)) // MAX_PAGE_SIZE)
        missing = slugs - set(found)
        if not missing or not first.has_more:
            return found
        if pages_left <= len(missing):
            async for item in pager:
                if item.slug in missing:
                    found[item.slug] = item
            return found

        async def by_slug(slug: str) -> None:
            page = await self.list(slug=slug, cms_locale_id=locale, page_size=1)
            if page.items:
                found[slug] = page.items[0]

        await run_all([partial(by_slug, s) for s in sorted(missing)], self._session.max_concurrency)
        return found


def requests_are_cheap(limiter: Limiter) -> bool:
    """True when the token's limit makes a wasted request cost less than a round trip.

    Reading ahead can spend up to ``concurrency`` requests on pages past the
    end of a short list. On Webflow's plans (one or two requests a second) that
    is seconds of budget, so the pager reads ahead only when the bucket allows
    ``READ_AHEAD_RATE`` requests a second or more.
    """
    if not isinstance(limiter, TokenBucket):
        return False  # a shared limiter's budget is someone else's too
    rate = limiter.rate
    return rate.requests / rate.per >= READ_AHEAD_RATE


def page_parser(decode: Decode[T]) -> ParsePage[T]:
    """A function that makes a list answer's bytes a ``Page``, each item made by ``decode``."""

    def parse(body: bytes, offset: int, limit: int) -> Page[T]:
        data = json.loads(body) if body else None
        if not isinstance(data, dict):
            raise ServerError(f"list answer is not an object: {type(data).__name__}", status=None)
        items = [decode(entry) for entry in data.get("items") or []]
        pagination = data.get("pagination") or {}
        return Page(
            items=items,
            offset=int(pagination.get("offset", offset)),
            limit=int(pagination.get("limit", limit)),
            total=int(pagination.get("total", offset + len(items))),
        )

    return parse


#: A list answer's items and pagination, straight from its bytes.
parse_page: ParsePage[Item] = page_parser(Item.from_wire)
