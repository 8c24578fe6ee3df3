"""Reading items (``_reads``): the list query sent, list answers odd and ordinary, reading ahead only when
requests are cheap, and finding items by slug (a page scan or one request per slug)."""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from support import emulated, post
from support.items import COLLECTION_ID, FAST, mock_client, refusals, wire_item
from webflow_cms import (
    APIConnectionError,
    APITimeoutError,
    AsyncWebflowCMS,
    NotFoundError,
    RateLimit,
    ServerError,
    ValidationError,
)
from webflow_cms._engine.reads import page_parser
from webflow_cms.models import Item

pytestmark = pytest.mark.anyio


def _listing(requests: list[httpx.Request], body: object = None) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if body is not None:
            return httpx.Response(200, json=body)
        offset = int(request.url.params["offset"])
        page = [wire_item("only")] if offset == 0 else []
        return httpx.Response(200, json={"items": page, "pagination": {"offset": offset, "limit": 100, "total": 1}})

    return handler


async def test_list_sends_each_filter_under_its_wire_name_and_refuses_unknown_sorts() -> None:
    import datetime

    after = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    before = datetime.datetime(2024, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)
    requests: list[httpx.Request] = []
    async with mock_client(_listing(requests)) as wf:
        items = wf.items(COLLECTION_ID)
        await items.list(
            live=True,
            page_size=7,
            sort_by="name",
            sort_order="desc",
            name="",
            slug="only",
            cms_locale_id="b" * 24,
            last_published_after=after,
            last_published_before=before,
        )
        await items.list()
        for sort_by in ("lastPublished", "slug"):
            await items.list(sort_by=sort_by, sort_order="asc")
        with pytest.raises(ValidationError) as bad_sort:
            items.list(sort_by="date")
        with pytest.raises(ValidationError) as bad_order:
            items.list(sort_order="up")
    assert [(r.url.path, dict(r.url.params)) for r in requests] == [
        (
            f"/v2/collections/{COLLECTION_ID}/items/live",
            {
                "offset": "0",
                "limit": "7",
                "sortBy": "name",
                "sortOrder": "desc",
                "name": "",
                "slug": "only",
                "cmsLocaleId": "b" * 24,
                "lastPublished[gte]": after.isoformat(),
                "lastPublished[lte]": before.isoformat(),
            },
        ),
        (f"/v2/collections/{COLLECTION_ID}/items", {"offset": "0", "limit": "100"}),
        (
            f"/v2/collections/{COLLECTION_ID}/items",
            {"offset": "0", "limit": "100", "sortBy": "lastPublished", "sortOrder": "asc"},
        ),
        (
            f"/v2/collections/{COLLECTION_ID}/items",
            {"offset": "0", "limit": "100", "sortBy": "slug", "sortOrder": "asc"},
        ),
    ]
    sorts = "createdOn, lastPublished, lastUpdated, name, slug"
    assert bad_sort.value.message == f"sort_by must be one of {sorts}, got 'date'"
    assert bad_order.value.message == "sort_order must be one of asc, desc, got 'up'"
    assert bad_sort.value.status is bad_order.value.status is None


async def test_a_list_answer_without_pagination_is_read_from_its_items() -> None:
    requests: list[httpx.Request] = []
    async with mock_client(_listing(requests, {"items": [wire_item("a"), wire_item("b", "b" * 24)]})) as wf:
        page = await wf.items(COLLECTION_ID).list(page_size=5)
    assert [item.slug for item in page.items] == ["a", "b"]
    assert (page.offset, page.limit, page.total) == (0, 5, 2)
    async with mock_client(_listing(requests, {"pagination": {"offset": 4, "limit": 9, "total": 0}})) as wf:
        empty = await wf.items(COLLECTION_ID).list(page_size=5)
    assert (empty.items, empty.offset, empty.limit, empty.total) == ([], 4, 9, 0)  # the server's word wins


@pytest.mark.parametrize(("answer", "kind"), [(b"", "NoneType"), (b"[]", "list"), (b'"items"', "str")])
async def test_a_list_answer_that_is_not_an_object_is_a_server_error(answer: bytes, kind: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    async with mock_client(handler) as wf:
        with pytest.raises(ServerError) as info:
            await wf.items(COLLECTION_ID).list()
    assert info.value.message == f"list answer is not an object: {kind}"
    assert info.value.status is None


class _BreaksOff(httpx.AsyncByteStream):
    """An answer's body that stops half-way, as when the connection drops."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"items": ['
        raise httpx.ReadError("connection reset")


def _timed_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out")


@pytest.mark.parametrize(
    ("handler", "error", "message"),
    [
        (_timed_out, APITimeoutError, "timed out (ReadTimeout)"),
        (lambda _: httpx.Response(200, stream=_BreaksOff()), APIConnectionError, "got no answer (ReadError"),
        (lambda _: httpx.Response(404, json={"message": "gone"}), NotFoundError, "gone"),
    ],
)
async def test_a_page_that_fails_before_or_while_its_body_is_read_is_a_typed_error(
    handler: Callable[[httpx.Request], httpx.Response], error: type[Exception], message: str
) -> None:
    async with mock_client(handler) as wf:
        with pytest.raises(error) as info:
            await wf.items(COLLECTION_ID).list()
    assert type(info.value) is error
    assert message in str(info.value)
    assert "Bearer" not in str(info.value)


async def test_listing_frees_every_answer_without_the_cycle_collector() -> None:
    # Pages of about 170 KB: bigger than any buffer the HTTP stack keeps between two reads. httpx ties a
    # response to its stream in a reference cycle, so a body read into the response stayed until the cycle
    # collector ran: with it off, every page of the listing.
    async with emulated(rate_limit="10000/1") as emu:
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=FAST) as wf:
            items = wf.items(emu.collection_id)
            await items.create_many([post(n, summary=f"{n} " + "words " * 250) for n in range(300)])
            gc.collect()
            gc.disable()
            tracemalloc.start(10)
            try:
                slugs = [item.slug async for item in items.list()]
                snapshot = tracemalloc.take_snapshot()
            finally:
                tracemalloc.stop()
                gc.enable()
    assert sorted(slugs) == sorted(f"post-{n}" for n in range(300))
    client_side = ("/httpx/", "/httpcore/", "/webflow_cms/")  # the emulator's thread runs none of these
    pages = [
        trace.size
        for trace in snapshot.traces
        if trace.size >= 100_000 and any(part in frame.filename for frame in trace.traceback for part in client_side)
    ]
    assert pages == [], f"{len(pages)} page bodies outlived the listing"


class _SharedLimiter:
    """A limiter shared with others (not the client's own token bucket): never waits."""

    async def acquire(self) -> None:
        return None

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        return None

    def pause(self, seconds: float) -> None:
        return None


@pytest.mark.parametrize(
    ("rate_limit", "offsets"),
    [
        (RateLimit(100, 1), [0, 100, 200]),  # a request is cheap: the first window reads ahead
        (RateLimit(6000, 60), [0, 100, 200]),
        (RateLimit(99, 1), [0]),  # the first page alone, to learn the total
        (RateLimit(100, 1.01), [0]),
        (_SharedLimiter(), [0]),  # someone else's budget too: never spent ahead
    ],
)
async def test_listing_reads_ahead_only_when_the_own_token_allows_100_requests_a_second(
    rate_limit: object, offsets: list[int]
) -> None:
    requests: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=httpx.MockTransport(_listing(requests)))
    async with AsyncWebflowCMS(
        "t",
        base_url="http://127.0.0.1/v2",
        rate_limit=rate_limit,
        http_client=http,
        max_concurrency=3,  # type: ignore[arg-type]
    ) as wf:
        assert [item.slug async for item in wf.items(COLLECTION_ID).list()] == ["only"]
    assert sorted(int(r.url.params["offset"]) for r in requests) == offsets


# ---------------------------------------------- finding items by slug (the lookup after a create whose fate is unknown)


async def test_a_create_lookup_asks_by_slug_in_a_big_collection_and_reads_one_page_of_a_small_one() -> None:
    size = 0
    gets: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})
        params = dict(request.url.params)
        gets.append(params)
        every = [wire_item(f"s-{n}", f"{n + 1:024x}") for n in range(size)]
        if "slug" in params:
            every = [item for item in every if item["fieldData"]["slug"] == params["slug"]]  # type: ignore[index]
        offset, limit = int(params["offset"]), int(params["limit"])
        page = every[offset : offset + limit]
        return httpx.Response(
            200, json={"items": page, "pagination": {"offset": offset, "limit": limit, "total": len(every)}}
        )

    def doc(slug: str) -> dict[str, object]:
        return {"fieldData": {"name": slug, "slug": slug}}

    async with mock_client(handler) as wf:
        items = wf.items(COLLECTION_ID)
        size = 1000  # ten pages: two slugs missing from the first page are asked for one by one
        big = await items.create_many([doc("s-5"), doc("s-700"), doc("new")])
        assert sorted(gets, key=str) == sorted(
            [
                {"offset": "0", "limit": "100"},
                {"offset": "0", "limit": "1", "slug": "new"},
                {"offset": "0", "limit": "1", "slug": "s-700"},
            ],
            key=str,
        )
        gets.clear()
        everything_found = await items.create_many([doc("s-1"), doc("s-2")])
        assert gets == [{"offset": "0", "limit": "100"}]  # all on the first page: nothing more to read
        gets.clear()
        size = 250  # two pages left and two slugs missing: reading the pages costs no more than asking
        scanned = await items.create_many([doc("s-150"), doc("s-240")])
        assert all("slug" not in params for params in gets)
        assert {"0", "100", "200"} <= {params["offset"] for params in gets}  # (a cheap token reads ahead further)
        gets.clear()
        size = 1000  # a create in one locale is looked up in that locale, page and slugs alike
        located = await items.create_many(
            [{**doc("s-5"), "cmsLocaleId": "d" * 24}, {**doc("s-700"), "cmsLocaleId": "d" * 24}]
        )
        assert sorted(gets, key=str) == sorted(
            [
                {"offset": "0", "limit": "100", "cmsLocaleId": "d" * 24},
                {"offset": "0", "limit": "1", "slug": "s-700", "cmsLocaleId": "d" * 24},
            ],
            key=str,
        )
        gets.clear()
        size = 3  # one page holds the whole collection: what it lacks does not exist
        small = await items.create_many([doc("s-1"), doc("new")])
        assert gets == [{"offset": "0", "limit": "100"}]
    assert {s.index: s.id for s in big.succeeded} == {0: f"{6:024x}", 1: f"{701:024x}"}
    assert refusals(big) == {2: ("ServerError", "service_unavailable", 503, "lost")}
    assert {s.index: s.id for s in everything_found.succeeded} == {0: f"{2:024x}", 1: f"{3:024x}"}
    assert {s.index: s.id for s in scanned.succeeded} == {0: f"{151:024x}", 1: f"{241:024x}"}
    assert {s.index: s.id for s in located.succeeded} == {0: f"{6:024x}", 1: f"{701:024x}"}
    assert {s.index: s.id for s in small.succeeded} == {0: f"{2:024x}"}
    assert refusals(small) == {1: ("ServerError", "service_unavailable", 503, "lost")}


def test_a_page_parser_made_in_the_test_reads_the_servers_pagination_or_the_items() -> None:
    """``page_parser`` builds the parser each typed listing uses (``parse_page`` is built once, at import)."""
    parse = page_parser(Item.from_wire)
    items = [wire_item("a"), wire_item("b", "b" * 24)]
    own = parse(json.dumps({"items": items}).encode(), 200, 7)
    assert ([i.slug for i in own.items], own.offset, own.limit, own.total) == (["a", "b"], 200, 7, 202)
    told = parse(json.dumps({"items": [], "pagination": {"offset": 4, "limit": 9, "total": 3}}).encode(), 0, 100)
    assert (told.items, told.offset, told.limit, told.total) == ([], 4, 9, 3)
    for answer, kind in [(b"", "NoneType"), (b"[]", "list")]:
        with pytest.raises(ServerError) as info:
            parse(answer, 0, 100)
        assert (info.value.message, info.value.status) == (f"list answer is not an object: {kind}", None)
