"""Pages of items, and a pager that is both awaitable and async-iterable.

``await items.list()`` gives the first page; ``async for item in
items.list()`` gives every item. After the first page the pager knows the
total and fetches the next pages in waves of ``concurrency`` requests (each
through the client's throttle), yielding items in order. Memory holds one wave
at most, and nothing runs in the background between yields, so breaking out
of the loop stops the work at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any

import anyio
import attrs

from .models import Item

__all__ = ["ItemPager", "Page"]

MAX_PAGE_SIZE = 100


@attrs.frozen
class Page:
    """One page of a list: its items and where it sits in the whole list."""

    items: list[Item]
    offset: int
    limit: int
    total: int

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


FetchPage = Callable[[int, int], Awaitable[Page]]


class ItemPager:
    """Every item of a list, fetched page by page; see the module docstring."""

    def __init__(self, fetch: FetchPage, *, page_size: int = MAX_PAGE_SIZE, concurrency: int = 4) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        self._fetch = fetch
        self._page_size = page_size
        self._concurrency = concurrency

    def __await__(self) -> Generator[Any, None, Page]:
        return self._fetch(0, self._page_size).__await__()

    def __aiter__(self) -> AsyncIterator[Item]:
        return self._items()

    async def _items(self) -> AsyncIterator[Item]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page]:
        """Every page in order, the first one fetched alone to learn the total."""
        first = await self._fetch(0, self._page_size)
        yield first
        if not first.has_more:
            return
        offsets = list(range(first.offset + len(first.items), first.total, self._page_size))
        for start in range(0, len(offsets), self._concurrency):
            wave = await self._fetch_wave(offsets[start : start + self._concurrency])
            for page in wave:
                if not page.items:  # the list shrank while we read it
                    return
                yield page

    async def _fetch_wave(self, offsets: list[int]) -> list[Page]:
        pages: list[Page | None] = [None] * len(offsets)

        async def fetch(slot: int, offset: int) -> None:
            pages[slot] = await self._fetch(offset, self._page_size)

        async with anyio.create_task_group() as tg:
            for slot, offset in enumerate(offsets):
                tg.start_soon(fetch, slot, offset)
        return [p for p in pages if p is not None]
