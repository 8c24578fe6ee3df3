"""Pages of items, and a pager that is both awaitable and async-iterable.

``await items.list()`` gives the first page; ``async for item in
items.list()`` gives every item. ``offset=`` starts both further in (to resume
a listing where it stopped): the page awaited is the one at that offset, and
iteration reads from there to the end. Iteration fetches pages in windows:
inside a window ``concurrency`` requests are in flight at all times (each
through the client's throttle), a new one starting as soon as one ends; the
window's pages are then yielded in order. Nothing runs between yields (a task
group held open across a ``yield`` would break cancellation, and trio), so
breaking out of the loop stops the work at once, and memory holds one window
at most.

How far the pager reads ahead is a trade between speed, memory and requests
spent. By default a window is ``concurrency`` pages and the first page is
fetched alone to learn the total, so no request is wasted on a short list and
breaking out costs at most one window. With ``read_ahead=True`` (for tokens
whose limit makes a request cheap) the first window also asks for
``concurrency`` pages before the total is known, and a window runs on until it
holds ``READ_AHEAD_BYTES`` of answers: fewer window ends, each of which waits
for the slowest request in flight; a list that fits in ``WHOLE_LIST_BYTES`` is
read in one window (the page budget allowing). Answers wait in the window as
raw bytes and are parsed when their turn comes, so they never live long enough
as Python objects to make the garbage collector scan them again and again.

Each answer is let go as soon as its page is handed out, and reference counting
alone frees it: nothing that reaches a window is part of a reference cycle, which
would leave it to the cycle collector, many windows later. So a listing holds one
window at most, and iterating a million items takes no more memory than 100,000.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

import anyio
import attrs
from anyio.abc import TaskGroup

from .errors import first_error

__all__ = ["MAX_PAGE_SIZE", "ItemPager", "Page", "ParsePage"]

MAX_PAGE_SIZE = 100

#: What a list gives: ``Item``s, or typed models (``wf.items(id, model=...)``).
T = TypeVar("T")
E = TypeVar("E")


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items and where it sits in the whole list."""

    items: list[T]
    offset: int
    limit: int
    total: int

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


#: Fetch the raw answer for ``(offset, limit)``.
FetchBody = Callable[[int, int], Awaitable[bytes]]
#: Turn a raw answer for ``(offset, limit)`` into a page.
ParsePage = Callable[[bytes, int, int], Page[T]]


#: When reading ahead, a window ends once it holds this many bytes of answers (about 56 pages of
#: 100 ordinary items): the most a long listing holds at once...
READ_AHEAD_BYTES = 2 * 1024 * 1024
#: ...unless the first answer shows that the whole list fits in this many: then it is read in one
#: window, as each window end costs about a round trip...
WHOLE_LIST_BYTES = 4 * 1024 * 1024
#: ...or once it holds this many pages per unit of ``concurrency``.
READ_AHEAD_PAGES = 32


class ItemPager(Generic[T]):
    """Every item of a list from ``offset`` on (0: the start), fetched page by page; see the module docstring."""

    def __init__(
        self,
        fetch: FetchBody,
        parse: ParsePage[T],
        *,
        page_size: int = MAX_PAGE_SIZE,
        concurrency: int = 4,
        read_ahead: bool = False,
        offset: int = 0,
    ) -> None:
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise TypeError(
                f"offset must be an int (the position of the first item to list, 0 for the start), "
                f"got {type(offset).__name__} {offset!r}"
            )
        if offset < 0:
            raise ValueError(f"offset must be 0 or more (the position of the first item to list), got {offset}")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}")
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {concurrency}")
        self._fetch = fetch
        self._parse = parse
        self._page_size = page_size
        self._concurrency = concurrency
        self._read_ahead = read_ahead
        self._offset = offset

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._first_page().__await__()

    async def _first_page(self) -> Page[T]:
        return self._parse(await self._fetch(self._offset, self._page_size), self._offset, self._page_size)

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page in order, from the pager's offset to the end."""
        if self._read_ahead:
            plan = _Plan(self._page_size, guess=self._concurrency, start=self._offset)
            pages, max_bytes = max(1, READ_AHEAD_PAGES * self._concurrency), READ_AHEAD_BYTES
        else:
            plan = _Plan(self._page_size, guess=1, start=self._offset)
            pages, max_bytes = self._concurrency, None
        quota = plan.left() + pages  # the first window adds the guessed pages
        while True:
            for offset, body in _drained(await self._fetch_window(plan, quota, max_bytes)):
                page = body if isinstance(body, Page) else self._parse(body, offset, self._page_size)
                if not page.items or page.offset >= plan.end:  # the list shrank while we read it
                    return
                yield page
            if not plan.more():
                return
            quota = pages

    async def _fetch_window(self, plan: _Plan, quota: int, max_bytes: int | None) -> list[tuple[int, Page[T] | bytes]]:
        """Up to ``quota`` answers (and about ``max_bytes``) from where the plan stands, in order."""
        return await _Window(self, plan, quota, max_bytes).fetch()


class _Window(Generic[T]):
    """The fetches of one window (see ``ItemPager._fetch_window``).

    Only the answer that tells the total is parsed here; the others stay raw
    bytes until their turn comes, so the window holds no objects that outlive a
    garbage-collector generation and cost a full collection. A class, not
    closures: two nested functions that start each other form a reference
    cycle, and the answers they reach would then wait for the cycle collector
    instead of going as soon as the pager is done with them.
    """

    def __init__(self, pager: ItemPager[T], plan: _Plan, quota: int, max_bytes: int | None) -> None:
        self._pager = pager
        self._plan = plan
        self._quota = quota
        self._max_bytes = max_bytes
        self._workers = 0
        self._held = 0
        self._fetched: list[tuple[int, Page[T] | bytes]] = []

    async def fetch(self) -> list[tuple[int, Page[T] | bytes]]:
        """The window's answers by offset; the window keeps none of them."""
        try:
            async with anyio.create_task_group() as tg:
                self._start_workers(tg)
        except BaseExceptionGroup as group:
            raise first_error(group) from None
        fetched, self._fetched = self._fetched, []
        fetched.sort(key=lambda entry: entry[0])
        return fetched

    def _start_workers(self, tg: TaskGroup) -> None:
        for _ in range(min(self._pager._concurrency - self._workers, self._quota, self._plan.left())):
            self._workers += 1
            tg.start_soon(self._worker, tg)

    def _budget(self) -> int | None:
        """The bytes this window may hold: none to speak of for a list known to fit in ``WHOLE_LIST_BYTES``."""
        return None if self._plan.fits(WHOLE_LIST_BYTES) else self._max_bytes

    async def _worker(self, tg: TaskGroup) -> None:
        pager, plan = self._pager, self._plan
        try:
            while self._quota > 0 and _room(self._held, self._budget()) and (offset := plan.take()) is not None:
                self._quota -= 1
                body = await pager._fetch(offset, pager._page_size)
                self._held += len(body)
                if plan.known:
                    self._fetched.append((offset, body))
                    continue
                page = pager._parse(body, offset, pager._page_size)
                self._fetched.append((offset, page))
                if plan.learn(page.total, len(body)):
                    self._start_workers(tg)  # the total opened up more pages than the guess
        finally:
            self._workers -= 1


def _drained(entries: list[E]) -> Iterator[E]:
    """The entries in order, each taken out of the list as it is handed on, so it is freed once used."""
    entries.reverse()
    while entries:
        yield entries.pop()


def _room(held: int, max_bytes: int | None) -> bool:
    """True while a window may take another page (always its first, so every window makes progress)."""
    return max_bytes is None or held == 0 or held < max_bytes


class _Plan:
    """The offsets still to fetch, from ``start`` on; the end is a guess until a page tells the total."""

    def __init__(self, page_size: int, guess: int, *, start: int) -> None:
        self.page_size = page_size
        self.start = start
        self.next = start
        self.end = start + guess * page_size
        self.known = False
        #: The size in bytes of the list from ``start`` on, estimated from the first answer once it is known.
        self.list_bytes: int | None = None

    def take(self) -> int | None:
        if self.next >= self.end:
            return None
        offset, self.next = self.next, self.next + self.page_size
        return offset

    def learn(self, total: int, answer_bytes: int) -> bool:
        """Take the total from the first answer; True if it leaves pages the guess did not cover."""
        if self.known:
            return False
        self.known = True
        grew = total > self.end
        self.end = total
        self.list_bytes = answer_bytes * max(0, -(-(total - self.start) // self.page_size))
        return grew

    def fits(self, max_bytes: int) -> bool:
        """True once the first answer shows that what is left to list takes at most ``max_bytes``."""
        return self.list_bytes is not None and self.list_bytes <= max_bytes

    def left(self) -> int:
        return max(0, -(-(self.end - self.next) // self.page_size))

    def more(self) -> bool:
        return self.next < self.end
