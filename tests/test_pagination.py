"""The pager: against the emulator (requests sent, items seen) and against an in-memory list (windows, order, parsing).

The in-memory list (``FakeList``) answers ``fetch(offset, limit)`` with a small
JSON body after a delay on a fake clock, and logs every start and end of a
request, every parse, and how many requests were in flight at once; ``walk``
records, for every page the pager yields, how many requests had been made and
how many answers parsed by then, so windows (pages yielded in batches) and lazy
parsing can be read off directly.

The delays are virtual (``support.FakeClock.driven``): answers arrive in the
order of their delays, each only once every other task is waiting again, so the
order of events is the same on asyncio and trio however busy the machine is.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import attrs
import pytest

from support import FakeClock, emulated, post
from webflow_cms import AsyncWebflowCMS, Page, RateLimit, pagination
from webflow_cms._engine.reads import READ_AHEAD_RATE, requests_are_cheap
from webflow_cms.models import Item
from webflow_cms.pagination import ItemPager
from webflow_cms.ratelimit import Limiter, TokenBucket

pytestmark = pytest.mark.anyio

#: Every fake answer is padded to this many bytes, so byte budgets count pages exactly.
BODY_SIZE = 1024
#: Below ``READ_AHEAD_RATE``: a client limited to this never reads ahead.
SLOW = RateLimit(50, 1)
#: Above it: a client limited to this reads ahead.
FAST = RateLimit(10_000, 1)


class Boom(Exception):
    """An error raised by a fake fetch or parse."""


def _item(n: int) -> Item:
    return Item.from_wire(
        {
            "id": f"{n:024x}",
            "fieldData": {"name": f"Item {n}", "slug": f"item-{n}"},
            "lastPublished": None,
            "lastUpdated": "2024-01-01T00:00:00+00:00",
            "createdOn": "2024-01-01T00:00:00+00:00",
        }
    )


def _number(item: Item) -> int:
    return int(item.slug.removeprefix("item-"))


class FakeList:
    """``total`` items in memory, served page by page with a log of every request and parse.

    ``delays`` sets how long (on ``clock``, in fake seconds) the answer for an offset takes (else ``delay``);
    ``totals`` overrides the total an answer reports; ``present`` is how many
    items really exist (fewer than ``total``: a list that shrank after the
    total was read); ``errors`` makes a fetch raise.
    """

    def __init__(
        self,
        total: int,
        *,
        delay: float = 0.005,
        delays: dict[int, float] | None = None,
        totals: dict[int, int] | None = None,
        present: int | None = None,
        errors: dict[int, Exception] | None = None,
    ) -> None:
        self.total = total
        self.delay = delay
        self.delays = delays or {}
        self.totals = totals or {}
        self.present = total if present is None else present
        self.errors = errors or {}
        self.fetched: list[tuple[int, int]] = []
        self.events: list[tuple[str, int]] = []
        self.parsed: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.clock = FakeClock()

    async def fetch(self, offset: int, limit: int) -> bytes:
        self.fetched.append((offset, limit))
        self.events.append(("start", offset))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await self.clock.sleep(self.delays.get(offset, self.delay))
            if offset in self.errors:
                raise self.errors[offset]
        finally:
            self.in_flight -= 1
        self.events.append(("end", offset))
        ids = list(range(offset, min(offset + limit, self.present)))
        body = json.dumps({"offset": offset, "total": self.totals.get(offset, self.total), "ids": ids})
        assert len(body) <= BODY_SIZE
        return body.ljust(BODY_SIZE).encode()

    def parse(self, body: bytes, offset: int, limit: int) -> Page:
        self.parsed.append(offset)
        data = json.loads(body)
        assert data["offset"] == offset  # every answer is parsed with its own offset
        return Page([_item(n) for n in data["ids"]], data["offset"], limit, data["total"])

    def ended(self) -> list[int]:
        """Offsets in the order their answers arrived."""
        return [offset for kind, offset in self.events if kind == "end"]


def pager_for(
    fake: FakeList, *, page_size: int = 10, concurrency: int = 2, read_ahead: bool = False, offset: int = 0
) -> ItemPager:
    return ItemPager(
        fake.fetch, fake.parse, page_size=page_size, concurrency=concurrency, read_ahead=read_ahead, offset=offset
    )


@attrs.frozen
class Seen:
    """One yielded page, and the state of the fake list when it was yielded."""

    offset: int
    numbers: list[int]
    fetched: int
    parsed: int


async def walk(pager: ItemPager, fake: FakeList) -> list[Seen]:
    """Every page the pager yields; asserts that nothing is in flight while the caller holds a page."""
    seen: list[Seen] = []
    # The bound is for a pager that never ends: it fails here instead of hanging (nothing is timed).
    with anyio.fail_after(10):
        async with fake.clock.driven():
            async for page in pager.pages():
                assert fake.in_flight == 0, "a request was running while a page was handed out"
                seen.append(Seen(page.offset, [_number(i) for i in page], len(fake.fetched), len(fake.parsed)))
    return seen


async def offsets_into(pager: ItemPager, fake: FakeList, offsets: list[int]) -> None:
    """Append the offset of every page the pager yields, until it ends or raises."""
    with anyio.fail_after(10):
        async with fake.clock.driven():
            async for page in pager.pages():
                offsets.append(page.offset)


async def first_page(pager: ItemPager, fake: FakeList) -> Page:
    """``await pager``, with the fake list's clock running."""
    with anyio.fail_after(10):
        async with fake.clock.driven():
            return await pager


def numbers(seen: list[Seen]) -> list[int]:
    return [n for s in seen for n in s.numbers]


# --------------------------------------------------------------------- construction and awaiting


def test_invalid_page_size_and_concurrency_are_refused() -> None:
    fake = FakeList(0)
    for page_size in (0, -1, 101):
        with pytest.raises(ValueError, match="page_size"):
            ItemPager(fake.fetch, fake.parse, page_size=page_size)
    for concurrency in (0, -3):
        with pytest.raises(ValueError, match="concurrency"):
            ItemPager(fake.fetch, fake.parse, concurrency=concurrency)
    ItemPager(fake.fetch, fake.parse, page_size=1, concurrency=1)
    ItemPager(fake.fetch, fake.parse, page_size=100, concurrency=1)
    assert fake.fetched == []  # building a pager sends nothing


async def test_by_default_pages_of_100_four_at_a_time_without_reading_ahead() -> None:
    fake = FakeList(950)
    seen = await walk(ItemPager(fake.fetch, fake.parse), fake)
    assert numbers(seen) == list(range(950))
    assert fake.events[:2] == [("start", 0), ("end", 0)]  # the first page alone: no read-ahead
    assert fake.max_in_flight == 4
    assert [s.fetched for s in seen] == [5] * 5 + [9] * 4 + [10]
    assert {limit for _, limit in fake.fetched} == {100}


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_await_gives_the_first_page_with_one_request(read_ahead: bool) -> None:
    fake = FakeList(95)
    page = await first_page(pager_for(fake, page_size=10, concurrency=4, read_ahead=read_ahead), fake)
    assert (page.offset, page.limit, page.total, page.has_more) == (0, 10, 95, True)
    assert [_number(i) for i in page] == list(range(10))
    assert fake.fetched == [(0, 10)]
    assert fake.parsed == [0]


# --------------------------------------------------------------------- default mode


async def test_default_mode_fetches_the_first_page_alone_then_windows_of_concurrency() -> None:
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=3), fake)

    assert numbers(seen) == list(range(95))
    assert [s.offset for s in seen] == list(range(0, 95, 10))
    # The first page goes alone; its answer tells the total, then 3 run at once.
    assert fake.events[:2] == [("start", 0), ("end", 0)]
    assert [kind for kind, _ in fake.events[2:5]] == ["start"] * 3
    assert fake.max_in_flight == 3
    # Windows: first page + 3, then 3, then 3; each window's pages are yielded together.
    assert [s.fetched for s in seen] == [4] * 4 + [7] * 3 + [10] * 3
    assert sorted(fake.fetched) == [(offset, 10) for offset in range(0, 95, 10)]  # each page once


async def test_default_mode_spends_one_request_on_a_short_list() -> None:
    fake = FakeList(5)
    seen = await walk(pager_for(fake, page_size=10, concurrency=4), fake)
    assert numbers(seen) == list(range(5))
    assert fake.fetched == [(0, 10)]


# --------------------------------------------------------------------- read-ahead


async def test_read_ahead_asks_concurrency_pages_before_the_total_is_known() -> None:
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=True), fake)

    assert numbers(seen) == list(range(95))
    assert fake.events[:4] == [("start", 0), ("start", 10), ("start", 20), ("start", 30)]
    assert fake.max_in_flight == 4
    # The whole list fits in the first window (4 guessed + 32 * 4 pages, well under the byte budget).
    assert [s.fetched for s in seen] == [10] * 10
    assert sorted(fake.fetched) == [(offset, 10) for offset in range(0, 95, 10)]


@pytest.mark.parametrize(
    ("total", "requests"),
    [
        (0, 4),  # empty: the 4 guessed pages, nothing yielded
        (5, 4),  # shorter than a page: the guess is all that is spent
        (40, 4),  # exactly the guess: no fifth request
        (41, 5),  # one item past the guess: the fifth page comes in the same window
    ],
)
async def test_read_ahead_on_a_short_list_spends_the_guess_and_no_more(total: int, requests: int) -> None:
    fake = FakeList(total, delays={0: 0.001})  # page 0 tells the total
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=True), fake)
    assert numbers(seen) == list(range(total))
    assert len(fake.fetched) == requests
    assert all(s.fetched == requests for s in seen)  # one window


async def test_read_ahead_learns_the_total_from_the_first_answer_to_arrive() -> None:
    # Page 20 answers first and says the list holds 25 items; the others (slower) say 95.
    fake = FakeList(95, delays={20: 0.001}, totals={20: 25}, delay=0.02)
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=True), fake)
    assert fake.ended()[0] == 20
    assert fake.parsed[0] == 20
    # Believing 25: no page past the guess is asked for, and page 30 (offset >= 25) is not yielded.
    assert sorted(offset for offset, _ in fake.fetched) == [0, 10, 20, 30]
    assert [s.offset for s in seen] == [0, 10, 20]


async def test_a_page_starting_exactly_at_the_learned_end_is_not_yielded() -> None:
    # Page 0 answers first and says 20 items; pages 10, 20 and 30 were asked before the total was known.
    # The list really holds more (it grew), but the pager keeps to the total it learned: offsets 0 and 10.
    fake = FakeList(95, delays={0: 0.001}, totals={0: 20})
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=True), fake)
    assert [s.offset for s in seen] == [0, 10]
    assert sorted(offset for offset, _ in fake.fetched) == [0, 10, 20, 30]


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_every_page_is_parsed_with_its_own_offset_and_the_page_size(read_ahead: bool) -> None:
    fake = FakeList(95, delays={0: 0.001})
    pages: list[Page] = []
    with anyio.fail_after(10):
        async with fake.clock.driven():
            pages = [page async for page in pager_for(fake, page_size=10, concurrency=3, read_ahead=read_ahead).pages()]
    assert [(p.offset, p.limit, p.total) for p in pages] == [(offset, 10, 95) for offset in range(0, 95, 10)]


async def test_read_ahead_a_later_page_telling_the_total_opens_more_pages_at_once() -> None:
    # Page 20 answers first with the total; page 0 is slow. The pager does not wait for page 0.
    fake = FakeList(95, delays={0: 0.04, 20: 0.001})
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=True), fake)
    assert fake.events.index(("start", 40)) < fake.events.index(("end", 0))
    assert fake.max_in_flight == 4
    # The answer that told the total was parsed in the window; page 0 only when its turn came.
    assert fake.parsed[:2] == [20, 0]
    assert seen[0].parsed == 2
    assert numbers(seen) == list(range(95))


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_answers_are_parsed_only_when_their_turn_comes(read_ahead: bool) -> None:
    fake = FakeList(95, delays={0: 0.001})  # page 0 answers first
    seen = await walk(pager_for(fake, page_size=10, concurrency=3, read_ahead=read_ahead), fake)
    assert seen[0].fetched > 1  # the window held several answers...
    assert [s.parsed for s in seen] == list(range(1, 11))  # ...but only one was parsed before its turn
    assert fake.parsed == list(range(0, 95, 10))  # each answer parsed once, in order


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_pages_come_in_offset_order_when_answers_arrive_out_of_order(read_ahead: bool) -> None:
    # Later pages answer sooner, so every window's answers arrive reversed.
    fake = FakeList(95, delays={offset: 0.03 - offset / 10 * 0.003 for offset in range(0, 100, 10)})
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=read_ahead), fake)
    assert fake.ended() != sorted(fake.ended())  # the answers really were out of order
    assert [s.offset for s in seen] == list(range(0, 95, 10))
    assert numbers(seen) == list(range(95))


@pytest.mark.parametrize("read_ahead", [False, True])
@pytest.mark.parametrize("concurrency", [1, 2, 5])
async def test_never_more_than_concurrency_requests_in_flight(concurrency: int, read_ahead: bool) -> None:
    fake = FakeList(195, delay=0.002)
    seen = await walk(pager_for(fake, page_size=10, concurrency=concurrency, read_ahead=read_ahead), fake)
    assert fake.max_in_flight == concurrency
    assert numbers(seen) == list(range(195))
    assert len(fake.fetched) == 20


@pytest.mark.parametrize(
    ("whole_list", "windows"), [(10 * BODY_SIZE - 1, [4] * 4 + [8] * 4 + [10] * 2), (10 * BODY_SIZE, [10] * 10)]
)
async def test_read_ahead_windows_end_at_the_byte_budget_unless_the_whole_list_fits(
    monkeypatch: pytest.MonkeyPatch, whole_list: int, windows: list[int]
) -> None:
    # Room for 3 answers: after the third arrives no more are asked, and the one still in flight lands too.
    # But a list of 10 answers that fits in WHOLE_LIST_BYTES is read in one window.
    monkeypatch.setattr(pagination, "READ_AHEAD_BYTES", 3 * BODY_SIZE)
    monkeypatch.setattr(pagination, "WHOLE_LIST_BYTES", whole_list)
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=2, read_ahead=True), fake)
    assert [s.fetched for s in seen] == windows
    assert numbers(seen) == list(range(95))
    assert fake.max_in_flight == 2


async def test_read_ahead_windows_end_at_the_page_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2 pages per unit of concurrency: windows of 4, the first one adding the 2 guessed pages.
    monkeypatch.setattr(pagination, "READ_AHEAD_PAGES", 2)
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=2, read_ahead=True), fake)
    assert [s.fetched for s in seen] == [6] * 6 + [10] * 4
    assert numbers(seen) == list(range(95))


async def test_read_ahead_with_no_byte_budget_still_makes_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every window still takes its first wave of pages, so the pager gets to the end (it once looped forever).
    monkeypatch.setattr(pagination, "READ_AHEAD_BYTES", 0)
    monkeypatch.setattr(pagination, "WHOLE_LIST_BYTES", 0)
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=3, read_ahead=True), fake)
    assert [s.fetched for s in seen] == [3] * 3 + [6] * 3 + [9] * 3 + [10]
    assert numbers(seen) == list(range(95))
    assert len(fake.fetched) == 10


async def test_read_ahead_with_no_page_budget_still_makes_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "READ_AHEAD_PAGES", 0)
    # The loop cannot be cancelled, so count windows to fail instead of hanging.
    windows = 0
    fetch_window = ItemPager._fetch_window

    async def counted(self: ItemPager, *args: Any) -> Any:
        nonlocal windows
        windows += 1
        if windows > 100:
            raise AssertionError("over 100 windows for a 10-page list: the pager makes no progress")
        return await fetch_window(self, *args)

    monkeypatch.setattr(ItemPager, "_fetch_window", counted)
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=2, read_ahead=True), fake)
    assert numbers(seen) == list(range(95))
    # The first window: the 2 guessed pages and the one page of budget; then one page per window.
    assert [s.fetched for s in seen] == [3, 3, 3, 4, 5, 6, 7, 8, 9, 10]


@contextmanager
def refcounting_only() -> Iterator[None]:
    """Memory traced with the cycle collector off: whatever is freed inside is freed by reference counting."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()
        gc.enable()


async def test_a_long_listing_holds_less_than_two_windows_of_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    # 40 windows of 4 * 2 answers of 64 KiB (the first window 2 more). The pager once kept every window
    # reachable from a reference cycle, which only the cycle collector frees: a whole listing at worst.
    monkeypatch.setattr(pagination, "READ_AHEAD_PAGES", 4)
    answer, first_window, total = 64 * 1024, 10, 40 * 8 * 10

    async def fetch(offset: int, limit: int) -> bytes:
        await anyio.lowlevel.checkpoint()
        return json.dumps({"total": total}).ljust(answer).encode()

    def parse(body: bytes, offset: int, limit: int) -> Page[int]:
        return Page([offset], offset, limit, json.loads(body)["total"])

    offsets: list[int] = []
    with refcounting_only():
        before = tracemalloc.get_traced_memory()[0]
        async for page in ItemPager(fetch, parse, page_size=10, concurrency=2, read_ahead=True).pages():
            offsets.append(page.offset)
        held = tracemalloc.get_traced_memory()[1] - before
    assert offsets == list(range(0, total, 10))
    assert held < 2 * first_window * answer, f"{held / answer:.0f} answers' worth held at once"


# --------------------------------------------------------------------- stopping: shrinking lists, breaks, errors


@pytest.mark.parametrize(("read_ahead", "requests"), [(False, 5), (True, 10)])
async def test_a_list_that_shrinks_stops_at_the_first_empty_page(read_ahead: bool, requests: int) -> None:
    # The total says 95, but only 25 items are left by the time the pages are read.
    fake = FakeList(95, present=25, delays={0: 0.001})
    seen = await walk(pager_for(fake, page_size=10, concurrency=2, read_ahead=read_ahead), fake)
    assert numbers(seen) == list(range(25))
    assert [s.offset for s in seen] == [0, 10, 20]
    # Default: first page + 2, then the window holding the empty page 30, and no further window.
    # Read-ahead: the whole believed list was one window.
    assert len(fake.fetched) == requests
    assert 40 not in fake.parsed  # nothing is parsed past the empty page


async def test_breaking_out_leaves_nothing_running() -> None:
    fake = FakeList(195)
    with anyio.fail_after(10):
        async with fake.clock.driven():
            async for page in pager_for(fake, page_size=10, concurrency=2).pages():
                assert page.offset == 0
                break
            assert fake.in_flight == 0
            assert len(fake.fetched) == 3  # first page + one window
            await fake.clock.settle()  # every other task has had its turns...
            assert fake.clock.sleeping == 0
            assert len(fake.fetched) == 3  # ...and nothing more was asked


@pytest.mark.parametrize(("read_ahead", "before"), [(False, [0, 10, 20]), (True, [])])
async def test_an_error_from_fetch_is_raised_as_itself(read_ahead: bool, before: list[int]) -> None:
    # Page 30 fails; page 40, slow, is in flight (or not yet asked) when it does.
    fake = FakeList(95, errors={30: Boom("offset 30")}, delays={40: 0.05})
    yielded: list[int] = []
    with pytest.raises(Boom, match="offset 30") as caught:
        await offsets_into(pager_for(fake, page_size=10, concurrency=2, read_ahead=read_ahead), fake, yielded)
    assert type(caught.value) is Boom  # not an ExceptionGroup around it
    assert yielded == before  # pages of earlier windows were handed out first
    assert ("end", 40) not in fake.events  # the request in flight was cancelled
    assert fake.in_flight == 0


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_an_error_from_parse_in_the_window_is_raised_as_itself(read_ahead: bool) -> None:
    fake = FakeList(95)

    def parse(body: bytes, offset: int, limit: int) -> Page:
        raise Boom(f"cannot parse {offset}")

    pager = ItemPager(fake.fetch, parse, page_size=10, concurrency=3, read_ahead=read_ahead)
    yielded: list[int] = []
    with pytest.raises(Boom, match="cannot parse") as caught:
        await offsets_into(pager, fake, yielded)
    assert type(caught.value) is Boom
    assert yielded == []
    assert fake.in_flight == 0


# --------------------------------------------------------------------- starting at an offset


@pytest.mark.parametrize(
    ("offset", "error", "match"),
    [
        (-1, ValueError, "offset must be 0 or more"),
        (-100, ValueError, "got -100"),
        (1.5, TypeError, "offset must be an int.*got float 1.5"),
        ("10", TypeError, "got str '10'"),
        (None, TypeError, "got NoneType None"),
        (True, TypeError, "got bool True"),
    ],
)
def test_an_offset_that_is_negative_or_not_an_int_is_refused_before_anything_is_sent(
    offset: Any, error: type[Exception], match: str
) -> None:
    fake = FakeList(95)
    with pytest.raises(error, match=match):
        ItemPager(fake.fetch, fake.parse, offset=offset)
    assert fake.fetched == []


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_await_at_an_offset_gives_the_page_there_with_one_request(read_ahead: bool) -> None:
    fake = FakeList(95)
    page = await first_page(pager_for(fake, page_size=10, concurrency=4, read_ahead=read_ahead, offset=37), fake)
    assert (page.offset, page.limit, page.total, page.has_more) == (37, 10, 95, True)
    assert [_number(i) for i in page] == list(range(37, 47))
    assert fake.fetched == [(37, 10)]
    assert fake.parsed == [37]


async def test_default_mode_from_an_offset_fetches_that_page_alone_then_windows_from_there() -> None:
    fake = FakeList(95)
    seen = await walk(pager_for(fake, page_size=10, concurrency=3, offset=25), fake)

    assert numbers(seen) == list(range(25, 95))
    assert [s.offset for s in seen] == list(range(25, 95, 10))
    assert fake.events[:2] == [("start", 25), ("end", 25)]  # the page at the offset alone tells the total
    assert fake.events[2:5] == [("start", 35), ("start", 45), ("start", 55)]
    assert fake.max_in_flight == 3
    # Windows: the first page + 3, then 3; nothing before the offset is ever asked for.
    assert [s.fetched for s in seen] == [4] * 4 + [7] * 3
    assert sorted(fake.fetched) == [(offset, 10) for offset in range(25, 95, 10)]


async def test_read_ahead_from_an_offset_guesses_the_pages_after_it() -> None:
    fake = FakeList(95, delays={30: 0.001})  # the page at the offset tells the total
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=True, offset=30), fake)

    assert fake.events[:4] == [("start", 30), ("start", 40), ("start", 50), ("start", 60)]
    assert fake.max_in_flight == 4
    assert numbers(seen) == list(range(30, 95))
    assert sorted(fake.fetched) == [(offset, 10) for offset in range(30, 95, 10)]  # no page past the end
    assert all(s.fetched == 7 for s in seen)  # one window


@pytest.mark.parametrize(
    ("whole_list", "windows"), [(10 * BODY_SIZE - 1, [4] * 4 + [8] * 4 + [10] * 2), (10 * BODY_SIZE, [10] * 10)]
)
async def test_from_an_offset_only_what_is_left_counts_toward_the_whole_list_budget(
    monkeypatch: pytest.MonkeyPatch, whole_list: int, windows: list[int]
) -> None:
    # 200 items, from 100 on: 10 answers are left, so 10 answers' worth fits though the whole list is 20.
    monkeypatch.setattr(pagination, "READ_AHEAD_BYTES", 3 * BODY_SIZE)
    monkeypatch.setattr(pagination, "WHOLE_LIST_BYTES", whole_list)
    fake = FakeList(200)
    seen = await walk(pager_for(fake, page_size=10, concurrency=2, read_ahead=True, offset=100), fake)
    assert [s.fetched for s in seen] == windows
    assert numbers(seen) == list(range(100, 200))


@pytest.mark.parametrize(("read_ahead", "requests"), [(False, 1), (True, 4)])
@pytest.mark.parametrize("offset", [50, 51, 500])
async def test_an_offset_at_or_past_the_end_gives_an_empty_page_and_no_items(
    offset: int, read_ahead: bool, requests: int
) -> None:
    fake = FakeList(50)
    page = await first_page(pager_for(fake, page_size=10, concurrency=4, read_ahead=read_ahead, offset=offset), fake)
    assert (page.items, page.offset, page.total, page.has_more) == ([], offset, 50, False)

    fake = FakeList(50)
    seen = await walk(pager_for(fake, page_size=10, concurrency=4, read_ahead=read_ahead, offset=offset), fake)
    assert seen == []
    assert len(fake.fetched) == requests  # the first page alone, or the guessed first window
    assert min(offset for offset, _ in fake.fetched) == offset


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_from_an_offset_a_list_that_shrinks_stops_at_the_first_empty_page(read_ahead: bool) -> None:
    fake = FakeList(95, present=45, delays={20: 0.001})
    seen = await walk(pager_for(fake, page_size=10, concurrency=2, read_ahead=read_ahead, offset=20), fake)
    assert numbers(seen) == list(range(20, 45))
    assert [s.offset for s in seen] == [20, 30, 40]


# --------------------------------------------------------------------- when to read ahead


@pytest.mark.parametrize(
    ("rate", "cheap"),
    [
        (RateLimit(120, 60), False),  # Webflow's plans: 2 a second
        (RateLimit(99, 1), False),
        (RateLimit(100, 1), True),
        (RateLimit(6000, 60), True),
        (RateLimit(10_000, 1), True),
        (None, False),  # learned from the server, starting at the lower plan limit
    ],
)
def test_read_ahead_only_for_a_token_bucket_at_or_above_the_read_ahead_rate(
    rate: RateLimit | None, cheap: bool
) -> None:
    assert READ_AHEAD_RATE == 100
    assert requests_are_cheap(TokenBucket(rate)) is cheap


def test_no_read_ahead_with_a_custom_limiter() -> None:
    class Shared:
        """A limiter shared with others: however fast it claims to be, its budget is not ours."""

        rate = RateLimit(10_000, 1)

        async def acquire(self) -> None:
            return None

        def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
            return None

        def pause(self, seconds: float) -> None:
            return None

    limiter: Any = Shared()
    assert isinstance(limiter, Limiter)
    assert requests_are_cheap(limiter) is False


# --------------------------------------------------------------------- against the emulator


async def test_await_gives_the_first_page_and_iteration_every_item() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf:
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


async def _break_after(items: Any, count: int, page_size: int) -> None:
    seen = 0
    async for _ in items.list(page_size=page_size):
        seen += 1
        if seen == count:
            break


async def _nothing_left_running(wf: AsyncWebflowCMS) -> None:
    """No request of the pager is still out once the loop is left, and none leaves after other tasks ran."""
    assert wf.transport._in_flight == set()
    await FakeClock().settle()


async def test_breaking_out_in_default_mode_costs_the_first_page_and_one_window() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=SLOW, max_concurrency=2) as wf:
            items = wf.items(emu.collection_id)
            await items.create_many([post(i) for i in range(200)])
            sent_before = wf.transport.sent
            await _break_after(items, 25, page_size=10)
            # The first page alone, then one window of 2 pages reaching item 30; nothing more.
            assert wf.transport.sent - sent_before == 3
            await _nothing_left_running(wf)
            assert wf.transport.sent - sent_before == 3


async def test_breaking_out_while_reading_ahead_costs_at_most_the_first_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pagination, "READ_AHEAD_PAGES", 4)  # windows of 4 * 2 pages, the first 2 more
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST, max_concurrency=2) as wf:
            items = wf.items(emu.collection_id)
            await items.create_many([post(i) for i in range(200)])
            sent_before = wf.transport.sent
            await _break_after(items, 25, page_size=10)
            # Reading ahead: more than default mode's 3, but only the first window of the 20 pages.
            assert wf.transport.sent - sent_before == 2 + 4 * 2
            await _nothing_left_running(wf)
            assert wf.transport.sent - sent_before == 10


async def test_read_ahead_on_a_short_collection_costs_concurrency_requests() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with (
            AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST, max_concurrency=4) as fast,
            AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=SLOW, max_concurrency=4) as slow,
        ):
            await fast.items(emu.collection_id).create_many([post(i) for i in range(5)])
            expected = sorted(f"post-{i}" for i in range(5))

            sent_before = fast.transport.sent
            slugs = [item.slug async for item in fast.items(emu.collection_id).list()]
            assert sorted(slugs) == expected  # every item once
            assert fast.transport.sent - sent_before == 4  # the guessed first window

            sent_before = slow.transport.sent
            slugs = [item.slug async for item in slow.items(emu.collection_id).list()]
            assert sorted(slugs) == expected
            assert slow.transport.sent - sent_before == 1  # default mode: the first page alone


async def test_read_ahead_on_a_long_collection_gives_every_item_in_the_default_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with (
            AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST, max_concurrency=4) as fast,
            AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=SLOW, max_concurrency=4) as slow,
        ):
            await fast.items(emu.collection_id).create_many([post(i) for i in range(250)])

            async def listing(wf: AsyncWebflowCMS) -> list[str]:
                sent_before = wf.transport.sent
                slugs = [item.slug async for item in wf.items(emu.collection_id).list(page_size=20)]
                assert wf.transport.sent - sent_before == 13  # 250 / 20 pages, none wasted
                return slugs

            in_default_mode = await listing(slow)
            assert sorted(in_default_mode) == sorted(f"post-{i}" for i in range(250))
            assert len(set(in_default_mode)) == 250
            assert await listing(fast) == in_default_mode
            monkeypatch.setattr(pagination, "READ_AHEAD_BYTES", 1)  # many windows of 4 pages
            monkeypatch.setattr(pagination, "WHOLE_LIST_BYTES", 0)
            assert await listing(fast) == in_default_mode


async def test_live_listing_shows_only_published_items() -> None:
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf:
            items = wf.items(emu.collection_id)
            created = await items.create_many([post(i) for i in range(30)])
            await items.publish([s.id for s in created.succeeded[:12]])
            live = [item.slug async for item in items.list(live=True)]
            assert sorted(live) == sorted(f"post-{i}" for i in range(12))
