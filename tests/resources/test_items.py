"""The items resource itself: its single-item methods, the errors that stop a whole call, and runs over
every method against the emulator, counts checked exactly.

What each bulk method does underneath is tested with the module that does it (test_inputs, test_reads,
test_batching, test_writes, test_creates, test_upsert).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import anyio
import httpx
import pytest

from support import emulated, post
from support.items import COLLECTION_ID, FAST, ITEM_ID, client, mock_client, site_locales, wire_item
from webflow_cms import (
    APIConnectionError,
    AsyncWebflowCMS,
    AuthenticationError,
    ConflictError,
    ItemStatus,
    NotFoundError,
    PermissionDeniedError,
    RateLimit,
    UnexpectedResponseError,
)

pytestmark = pytest.mark.anyio


async def test_single_item_lifecycle_staged_and_live() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create(post(1))
        assert created.slug == "post-1"
        assert created.fields["rank"] == 1
        assert created.status is ItemStatus.DRAFT

        with pytest.raises(NotFoundError):
            await items.get(created.id, live=True)

        published = await items.publish([created.id])
        assert published.counts() == {"published": 1}
        live = await items.get(created.id, live=True)
        assert live.status is ItemStatus.PUBLISHED
        assert live.last_published is not None

        # Editing the staged copy leaves the live one untouched.
        await items.update(created.id, {"fieldData": {"summary": "changed"}})
        assert (await items.get(created.id)).fields["summary"] == "changed"
        assert (await items.get(created.id, live=True)).fields["summary"] == "Summary 1"

        unpublished = await items.unpublish([created.id])
        assert unpublished.counts() == {"unpublished": 1}
        assert (await items.get(created.id)).is_draft is True
        with pytest.raises(NotFoundError):
            await items.get(created.id, live=True)

        await items.delete(created.id)
        with pytest.raises(NotFoundError):
            await items.get(created.id)


async def test_2345_items_created_listed_published_upserted_deleted() -> None:
    n = 2345
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        progress: list[tuple[int, int]] = []
        created = await items.create_many([post(i) for i in range(n)], on_progress=lambda d, t: progress.append((d, t)))
        assert created.counts() == {"created": n}
        assert sorted(s.index for s in created.succeeded) == list(range(n))
        assert all(s.item is not None and s.item.slug == f"post-{s.index}" for s in created.succeeded)
        assert progress[-1] == (n, n)
        assert [d for d, _ in progress] == sorted(d for d, _ in progress)

        listed = [item async for item in items.list()]
        assert len(listed) == n
        assert len({i.slug for i in listed}) == n
        assert sorted(i.slug for i in listed) == sorted(f"post-{i}" for i in range(n))
        assert [i.id async for i in items.list()] == [i.id for i in listed]  # a stable order

        ids = [item.id for item in listed]
        published = await items.publish(ids)
        assert published.counts() == {"published": n}
        assert len([i async for i in items.list(live=True)]) == n

        # 300 changed, 100 new, the rest unchanged.
        docs = [post(i, summary="edited") if i < 300 else post(i) for i in range(n)] + [
            post(i) for i in range(n, n + 100)
        ]
        upserted = await items.upsert_many(docs)
        assert upserted.counts() == {"updated": 300, "created": 100, "unchanged": n - 300}
        raw = await emu.raw_items()
        assert len(raw) == n + 100
        assert Counter(r["fieldData"]["summary"] for r in raw)["edited"] == 300

        deleted = await items.delete_many([r["id"] for r in raw])
        assert deleted.counts() == {"deleted": n + 100}
        assert await emu.raw_items() == []


async def test_rate_limited_server_sees_no_429() -> None:
    async with emulated(rate_limit="30/1") as emu, client(emu, rate_limit=RateLimit(30, 1)) as wf:
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(3000)])
        assert result.counts() == {"created": 3000}
        ids = [i.id async for i in items.list()]
        assert len(ids) == 3000
        assert (await items.publish(ids)).counts() == {"published": 3000}
        stats = await emu.stats()
        assert stats["responses"].get("429", 0) == 0
        assert wf.transport.rate_limited == 0


async def test_learned_limit_keeps_within_a_tight_server() -> None:
    # No rate_limit given: the client learns X-RateLimit-Limit and follows X-RateLimit-Remaining.
    async with emulated(rate_limit="20/1") as emu, client(emu, rate_limit=None) as wf:
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(1500)])
        assert result.counts() == {"created": 1500}
        assert wf.transport.rate_limited == 0
        assert len(await emu.raw_items()) == 1500


async def test_cancelled_create_many_reports_what_was_done() -> None:
    async with emulated(rate_limit="10000/1", latency_ms=40) as emu, client(emu, max_concurrency=2) as wf:
        items = wf.items(emu.collection_id)
        job = items.create_many([post(i) for i in range(3000)])
        with anyio.move_on_after(0.3):
            await job
        result = job.result
        assert len(result.succeeded) + len(result.failed) + len(result.unknown) + len(result.skipped) == 3000
        assert result.skipped  # it really was cut short
        assert not result.failed
        on_server = {r["fieldData"]["slug"] for r in await emu.raw_items()}
        assert {f"post-{s.index}" for s in result.succeeded} <= on_server
        assert not {f"post-{i}" for i in result.skipped} & on_server
        # Inputs in flight at the cancel are unknown: each is either there or not, but nothing else is.
        assert on_server <= {f"post-{i}" for i in [s.index for s in result.succeeded] + result.unknown}


async def test_errors_that_stop_everything_are_raised() -> None:
    tokens = ["rw:cms:read,cms:write,sites:read,sites:write", "ro:cms:read"]
    async with emulated(rate_limit="10000/1", tokens=tokens) as emu:
        async with AsyncWebflowCMS("wrong-token", base_url=emu.url, rate_limit=FAST) as wf:
            with pytest.raises(AuthenticationError) as auth:
                await wf.items(emu.collection_id).create_many([post(1), post(2)])
            assert "wrong-token" not in str(auth.value)
        async with AsyncWebflowCMS("ro", base_url=emu.url, rate_limit=FAST) as wf:
            job = wf.items(emu.collection_id).create_many([post(1), post(2)])
            with pytest.raises(PermissionDeniedError) as denied:
                await job
            assert "cms:write" in denied.value.missing_scopes
            # A 403 refuses the whole call before applying any of it: both inputs failed, with the cause.
            assert [f.error.status for f in job.result.failed] == [403, 403]
            with pytest.raises(NotFoundError) as missing:
                await wf.items("0" * 24).get("1" * 24)
            assert missing.value.code == "resource_not_found"


async def test_delete_of_one_locale_variant_leaves_the_others() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        primary, secondary = await site_locales(emu)
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(1), post(2)], cms_locale_ids=[primary, secondary])
        one, two = (s.id or "" for s in sorted(made.succeeded, key=lambda s: s.index))
        await items.delete(one, cms_locale_id=secondary)
        with pytest.raises(NotFoundError):
            await items.get(one, cms_locale_id=secondary)
        assert (await items.get(one, cms_locale_id=primary)).slug == "post-1"
        await items.delete(two)  # no locale named: the item goes
        with pytest.raises(NotFoundError):
            await items.get(two, cms_locale_id=primary)


async def test_update_with_live_changes_the_published_copy() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create(post(1))
        assert (await items.publish([created.id])).counts() == {"published": 1}
        changed = await items.update(created.id, {"fieldData": {"summary": "live edit"}}, live=True)
        assert changed.fields["summary"] == "live edit"
        assert (await items.get(created.id, live=True)).fields["summary"] == "live edit"


async def test_every_bulk_call_reports_its_progress_to_the_end() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        progress: dict[str, list[tuple[int, int]]] = {}

        def track(name: str) -> Callable[[int, int], None]:
            return lambda done, total: progress.setdefault(name, []).append((done, total))

        made = await items.create_many([post(i) for i in range(3)], on_progress=track("create_many"))
        ids = [s.id or "" for s in sorted(made.succeeded, key=lambda s: s.index)]
        changes = [{"id": i, "fieldData": {"summary": "new"}} for i in ids]
        assert (await items.update_many(changes, on_progress=track("update_many"))).ok
        assert (await items.publish(ids, on_progress=track("publish"))).ok
        assert (await items.unpublish(ids, on_progress=track("unpublish"))).ok
        docs = [post(0, summary="new"), post(1), post(3)]
        assert (await items.upsert_many(docs, on_progress=track("upsert_many"))).counts() == {
            "unchanged": 1,
            "updated": 1,
            "created": 1,
        }
        assert (await items.delete_many([*ids, "f" * 24], on_progress=track("delete_many"))).counts() == {
            "deleted": 3,
            "failed": 1,
        }
    assert {name: calls[-1] for name, calls in progress.items()} == {
        "create_many": (3, 3),
        "update_many": (3, 3),
        "publish": (3, 3),
        "unpublish": (3, 3),
        "upsert_many": (3, 3),
        "delete_many": (4, 4),
    }


# --------------------------------------------- single-item calls given answers the emulator never gives (MockTransport)


async def test_a_success_answer_without_the_item_is_never_reported_as_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(200, json={"items": []})
        if request.method == "POST":  # upstream's echoed create: no id
            return httpx.Response(202, json={"items": [{"isDraft": True, "fieldData": {"name": "X", "slug": "x"}}]})
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    async with mock_client(handler) as wf:
        items = wf.items(COLLECTION_ID)
        with pytest.raises(UnexpectedResponseError, match="did not include it"):
            await items.update(ITEM_ID, {"fieldData": {"name": "Y"}})
        job = items.create_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
        assert result.unknown == [0]  # created (202), but neither the answer nor a lookup shows it
        assert isinstance(job.unknown_reasons[0], UnexpectedResponseError)
        with pytest.raises(UnexpectedResponseError, match="did not describe it"):
            await items.create({"fieldData": {"name": "X", "slug": "x"}})


async def test_single_item_calls_raise_the_inputs_own_error_or_say_why_there_is_none() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(f"{request.method} {request.url.path}")
        if request.method == "POST" and request.url.path.endswith("/items/live"):
            return httpx.Response(202, json={"items": [wire_item("live-one")]})
        if request.method == "POST":
            body = {"code": "duplicate_value", "message": "Unique value is already in database: 'x'"}
            return httpx.Response(409, json=body)
        return httpx.Response(200, json={"items": []})  # PATCH: no item in the answer

    async with mock_client(handler, create_via="items") as wf:
        items = wf.items(COLLECTION_ID)
        with pytest.raises(ConflictError) as conflict:
            await items.create({"fieldData": {"name": "X", "slug": "x"}})
        assert conflict.value.status == 409
        live = await items.create({"fieldData": {"name": "Live", "slug": "live-one"}}, live=True)
        assert live.slug == "live-one"
        with pytest.raises(UnexpectedResponseError) as unread:
            await items.update(ITEM_ID, {"fieldData": {"name": "Y"}})
    assert (unread.value.code, unread.value.status) == ("unexpected_response", None)
    assert unread.value.message == f"the item was updated (id {ITEM_ID}), but the answer did not include it"
    assert paths == [
        f"POST /v2/collections/{COLLECTION_ID}/items",
        f"POST /v2/collections/{COLLECTION_ID}/items/live",
        f"PATCH /v2/collections/{COLLECTION_ID}/items",
    ]


async def test_a_single_create_whose_fate_cannot_be_learned_raises_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})

    async with mock_client(handler) as wf:
        with pytest.raises(APIConnectionError) as unknown:
            await wf.items(COLLECTION_ID).create({"fieldData": {"name": "X", "slug": "x"}})
    assert str(unknown.value) == "the request's outcome is unknown: the connection broke and could not be checked"


async def test_list_keeps_to_the_concurrency_it_is_given() -> None:
    in_flight = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(10):  # let the other page requests start meanwhile, if the pager sends them
            await anyio.lowlevel.checkpoint()
        in_flight -= 1
        offset, limit = int(request.url.params.get("offset", 0)), int(request.url.params["limit"])
        page = [wire_item(f"post-{i}", f"{i:024x}") for i in range(offset, min(offset + limit, 12))]
        return httpx.Response(200, json={"items": page, "pagination": {"limit": limit, "offset": offset, "total": 12}})

    for concurrency in (1, 3):
        peak = 0
        async with mock_client(handler) as wf:  # type: ignore[arg-type]
            listed = [item.slug async for item in wf.items(COLLECTION_ID).list(page_size=2, concurrency=concurrency)]
        assert listed == [f"post-{i}" for i in range(12)]
        assert peak == concurrency


async def test_live_gets_and_listings_of_items_may_be_answered_by_content_delivery() -> None:
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        if f"/items/{ITEM_ID}" in request.url.path:
            return httpx.Response(200, json=wire_item("post-0"))
        page = {"items": [wire_item("post-0")], "pagination": {"limit": 100, "offset": 0, "total": 1}}
        return httpx.Response(200, json=page)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncWebflowCMS(
        "t", base_url="http://127.0.0.1/v2", content_delivery="http://127.0.0.2/v2", http_client=http, max_retries=0
    ) as wf:
        items = wf.items(COLLECTION_ID)
        assert (await items.get(ITEM_ID, live=True)).slug == "post-0"
        assert [item.slug async for item in items.list(live=True)] == ["post-0"]
        await items.get(ITEM_ID)  # staged reads always go to the Data API
    assert hosts == ["127.0.0.2", "127.0.0.2", "127.0.0.1"]


async def test_list_from_an_offset_reads_from_there_to_the_end() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        await items.create_many([post(i) for i in range(250)])
        by_rank = [("rank", "asc")]

        rest = [item.slug async for item in items.list(offset=130, page_size=40, sort=by_rank)]
        assert rest == [f"post-{i}" for i in range(130, 250)]
        sent_before = wf.transport.sent
        page = await items.list(offset=130, page_size=40, sort=by_rank)
        assert wf.transport.sent - sent_before == 1
        assert (page.offset, page.total, page.has_more) == (130, 250, True)
        assert [item.slug for item in page] == [f"post-{i}" for i in range(130, 170)]

        everything = [item.id async for item in items.list()]
        assert [item.id async for item in items.list(offset=130)] == everything[130:]  # the default order too
        assert [item.id async for item in items.list(offset=250)] == []
        assert (await items.list(offset=999)).items == []

        with pytest.raises(ValueError, match="offset must be 0 or more"):
            items.list(offset=-1)
        with pytest.raises(TypeError, match="offset must be an int"):
            items.list(offset="130")  # type: ignore[arg-type]
