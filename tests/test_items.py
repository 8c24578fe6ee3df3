"""The items resource against the emulator over loopback: every method, counts checked exactly."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Callable

import anyio
import httpx
import pytest

from support import Emulated, emulated, post
from webflow_cms import (
    AsyncWebflowCMS,
    AuthenticationError,
    ConflictError,
    ItemStatus,
    NotFoundError,
    PermissionDeniedError,
    RateLimit,
    UnexpectedResponseError,
    ValidationError,
)

pytestmark = pytest.mark.anyio

FAST = RateLimit(10_000, 1)  # the emulator's default limit is raised below; the client must not be the bottleneck


def client(emu: Emulated, **options: object) -> AsyncWebflowCMS:
    options.setdefault("rate_limit", FAST)
    return AsyncWebflowCMS(emu.token, base_url=emu.url, **options)  # type: ignore[arg-type]


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


async def test_upsert_under_faults_creates_each_item_exactly_once() -> None:
    async with emulated(rate_limit="10000/1", fault_rate=0.2, seed=7) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        result = await items.upsert_many([post(i) for i in range(2000)])
        raw = await emu.raw_items()
        slugs = Counter(r["fieldData"]["slug"] for r in raw)
        assert len(raw) == 2000
        assert max(slugs.values()) == 1
        assert result.counts() == {"created": 2000}
        stats = await emu.stats()
        assert stats["faults"]["afterApply"] > 0  # the ambiguous case really happened


async def test_one_bad_item_fails_alone_and_the_rest_of_its_batch_succeeds() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        docs = [post(i) for i in range(10)]
        docs[3]["fieldData"]["rank"] = "not a number"  # wrong type: only the server can tell
        del docs[6]["fieldData"]["slug"]  # missing slug: caught before sending
        result = await items.create_many(docs)
        assert result.counts() == {"created": 8, "failed": 2}
        failed = {f.index: f.error for f in result.failed}
        assert set(failed) == {3, 6}
        assert isinstance(failed[3], ValidationError)
        assert failed[3].status == 400
        assert "rank" in str(failed[3])
        assert isinstance(failed[6], ValidationError)
        assert failed[6].status is None  # never sent
        assert "slug" in str(failed[6])
        assert sorted(r["fieldData"]["slug"] for r in await emu.raw_items()) == sorted(
            f"post-{i}" for i in range(10) if i not in (3, 6)
        )


async def test_existing_slug_is_a_per_item_conflict() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        await items.create(post(5))
        result = await items.create_many([post(i) for i in range(10)])
        assert result.counts() == {"created": 9, "failed": 1}
        assert result.failed[0].index == 5
        assert isinstance(result.failed[0].error, ConflictError)
        assert len(await emu.raw_items()) == 10


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


async def test_update_many_and_per_item_not_found() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create_many([post(i) for i in range(150)])
        changes = [{"id": s.id, "fieldData": {"rank": 1000 + s.index}} for s in created.succeeded]
        changes.append({"id": "f" * 24, "fieldData": {"rank": 1}})
        result = await items.update_many(changes)
        assert result.counts() == {"updated": 150, "failed": 1}
        assert isinstance(result.failed[0].error, NotFoundError)
        ranks = sorted(r["fieldData"]["rank"] for r in await emu.raw_items())
        assert ranks == list(range(1000, 1150))


async def test_invalid_ids_fail_before_sending() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        before = (await emu.stats())["requests"]
        result = await items.delete_many(["not-an-id", "ABCDEF" * 4])
        assert result.counts() == {"failed": 2}
        assert all(isinstance(f.error, ValidationError) for f in result.failed)
        with pytest.raises(ValidationError):
            wf.items("../../etc")
        assert (await emu.stats())["requests"] == before + 0


# ------------------------------------------------ what the real API may answer (README: Fidelity)


async def _locales(emu: Emulated) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as http:
        site = (await http.get(f"/sites/{emu.site_id}")).json()
    return site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]


@pytest.mark.parametrize("code", ["resource_not_found", "item_not_found"])
async def test_one_missing_id_among_several_fails_alone_under_either_404_code(code: str) -> None:
    async with emulated(rate_limit="10000/1", not_found_code=code) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create_many([post(i) for i in range(15)])
        ids = [s.id for s in sorted(created.succeeded, key=lambda s: s.index)]
        missing = "f" * 24
        published = await items.publish([*ids[:5], missing])
        assert published.counts() == {"published": 5, "failed": 1}
        assert published.failed[0].index == 5
        unpublished = await items.unpublish([ids[0], missing, *ids[1:5]])
        assert unpublished.counts() == {"unpublished": 5, "failed": 1}
        assert unpublished.failed[0].index == 1
        assert isinstance(unpublished.failed[0].error, NotFoundError)
        assert len(await emu.raw_items(live=True)) == 0
        deleted = await items.delete_many([*ids[5:10], missing])
        assert deleted.counts() == {"deleted": 5, "failed": 1}
        assert deleted.failed[0].error.code == code  # type: ignore[attr-defined]
        assert sorted(r["id"] for r in await emu.raw_items()) == sorted(ids[:5] + ids[10:])
        # A 404 that concerns the whole call (the collection is gone) still stops the job.
        with pytest.raises(NotFoundError):
            await wf.items("0" * 24).delete_many([ids[10], missing])


@pytest.mark.parametrize("duplicate_slug", ["conflict", "suffix"])
async def test_a_taken_slug_on_create_either_fails_or_reports_the_slug_webflow_gave(duplicate_slug: str) -> None:
    async with emulated(rate_limit="10000/1", duplicate_slug=duplicate_slug) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        first = await items.create(post(5))
        result = await items.create_many([post(i) for i in range(8)])
        on_server = await emu.raw_items()
        if duplicate_slug == "conflict":
            assert result.counts() == {"created": 7, "failed": 1}
            assert isinstance(result.failed[0].error, ConflictError)
            assert len(on_server) == 8
            return
        assert result.counts() == {"created": 8}
        renamed = next(s for s in result.succeeded if s.index == 5)
        assert renamed.item is not None
        assert renamed.id == renamed.item.id
        assert renamed.item.slug.startswith("post-5-")
        assert renamed.id != first.id
        assert {s.id for s in result.succeeded} | {first.id} == {r["id"] for r in on_server}
        again = await items.create(post(5))  # create() returns the item with the slug it really has
        assert again.slug.startswith("post-5-")
        assert again.slug != renamed.item.slug


@pytest.mark.parametrize("create_answer", ["items", "echo"])
async def test_every_created_item_is_reported_with_its_id_whatever_the_answer_form(create_answer: str) -> None:
    async with emulated(rate_limit="10000/1", create_answer=create_answer) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(130)])
        assert result.counts() == {"created": 130}
        on_server = {r["fieldData"]["slug"]: r["id"] for r in await emu.raw_items()}
        assert len(on_server) == 130  # nothing created twice
        for record in result.succeeded:
            assert record.item is not None
            assert record.id == on_server[f"post-{record.index}"]
        one = await items.create(post(500))
        assert one.id
        assert one.slug == "post-500"


@pytest.mark.parametrize("bulk_answer", ["items", "object"])
async def test_create_many_in_several_locales_goes_through_items_bulk(bulk_answer: str) -> None:
    async with emulated(rate_limit="10000/1", bulk_answer=bulk_answer) as emu, client(emu) as wf:
        primary, secondary = await _locales(emu)
        items = wf.items(emu.collection_id)
        docs = [post(i) if i % 3 else {**post(i), "isDraft": False} for i in range(70)]
        before = (await emu.stats())["requests"]
        result = await items.create_many(docs, cms_locale_ids=[primary, secondary])
        assert result.counts() == {"created": 70}
        # 70 items x 2 locales = 140 variants, at most 100 per request, drafts apart from the rest
        sent = (await emu.stats())["requests"] - before
        assert 2 <= sent <= 4
        for record in result.succeeded:
            assert record.item is not None
            assert record.item.slug == f"post-{record.index}"
        both = await items.list(cms_locale_id=f"{primary},{secondary}", page_size=100)
        assert both.total == 140
        french = await items.get(result.succeeded[0].id or "", cms_locale_id=secondary)
        assert french.slug == result.succeeded[0].item.slug  # type: ignore[union-attr]
        queued = [s for s in result.succeeded if s.index % 3 == 0]
        for record in queued[:3]:
            assert (await items.get(record.id or "")).is_draft is False
        too_many = await items.create_many([post(900)], cms_locale_ids=[f"{n:024x}" for n in range(101)])
        assert isinstance(too_many.failed[0].error, ValidationError)
        with pytest.raises(ValidationError):
            items.create_many([post(901)], cms_locale_ids=[primary], live=True)


async def test_live_update_of_a_never_published_item_is_a_conflict_and_upsert_publishes_it_anyway() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        await items.create_many([post(i) for i in range(4)])  # staged drafts, never published
        drafts = {r["fieldData"]["slug"]: r["id"] for r in await emu.raw_items()}
        live = await items.update_many([{"id": drafts["post-0"], "fieldData": {"rank": 99}}], live=True)
        assert isinstance(live.failed[0].error, ConflictError)
        assert "never been published" in str(live.failed[0].error)
        upserted = await items.upsert_many([post(i, rank=100 + i) for i in range(4)], publish=True)
        assert upserted.counts() == {"updated": 4}
        on_live = {r["fieldData"]["slug"]: r["fieldData"]["rank"] for r in await emu.raw_items(live=True)}
        assert on_live == {f"post-{i}": 100 + i for i in range(4)}


async def test_upsert_does_not_duplicate_a_slug_another_writer_took_meanwhile() -> None:
    async with emulated(rate_limit="10000/1", duplicate_slug="suffix") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        theirs = await items.create(post(1))  # created by "another writer" after our scan (below)
        real_list = items.list
        calls = 0

        def list_missing_theirs(**kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == 1:  # the upsert's scan ran before the other writer's create

                async def nothing() -> AsyncIterator[object]:
                    for _ in ():
                        yield _

                return nothing()
            return real_list(**kwargs)  # type: ignore[arg-type]

        items.list = list_missing_theirs  # type: ignore[method-assign]
        result = await items.upsert_many([post(1, rank=42), post(2)])
        assert result.counts() == {"updated": 1, "created": 1}
        on_server = await emu.raw_items()
        assert sorted(r["fieldData"]["slug"] for r in on_server) == ["post-1", "post-2"]
        assert next(r for r in on_server if r["id"] == theirs.id)["fieldData"]["rank"] == 42


# ------------------------------------------- answers the emulator never gives (wire-level, MockTransport)

_ITEM_ID, _COLLECTION_ID = "a" * 24, "c" * 24


def _wire_item(slug: str, item_id: str = _ITEM_ID) -> dict[str, object]:
    stamp = "2024-02-28T19:25:39.942Z"
    return {
        "id": item_id,
        "cmsLocaleId": "b" * 24,
        "lastPublished": None,
        "lastUpdated": stamp,
        "createdOn": stamp,
        "isArchived": False,
        "isDraft": True,
        "fieldData": {"name": slug.title(), "slug": slug},
    }


def _mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> AsyncWebflowCMS:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncWebflowCMS("t", base_url="http://127.0.0.1/v2", rate_limit=FAST, http_client=http, max_retries=0)


async def test_a_success_answer_without_the_item_is_never_reported_as_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(200, json={"items": []})
        if request.method == "POST":  # upstream's echoed create: no id
            return httpx.Response(202, json={"items": [{"isDraft": True, "fieldData": {"name": "X", "slug": "x"}}]})
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
        with pytest.raises(UnexpectedResponseError, match="did not include it"):
            await items.update(_ITEM_ID, {"fieldData": {"name": "Y"}})
        job = items.create_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
        assert result.unknown == [0]  # created (202), but neither the answer nor a lookup shows it
        assert isinstance(job.unknown_reasons[0], UnexpectedResponseError)
        with pytest.raises(UnexpectedResponseError, match="did not describe it"):
            await items.create({"fieldData": {"name": "X", "slug": "x"}})


async def test_an_echoed_create_answer_is_settled_by_looking_the_items_up() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if request.method == "POST":
            return httpx.Response(202, json={"items": [{"fieldData": {"name": "X", "slug": "x"}}]})
        assert request.url.params.get("slug") in (None, "x")
        page = [_wire_item("x")]
        return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})

    async with _mock_client(handler) as wf:
        created = await wf.items(_COLLECTION_ID).create({"fieldData": {"name": "X", "slug": "x"}})
    assert created.id == _ITEM_ID
    assert sent.count("POST") == 1  # found, never re-sent


async def test_a_404_naming_nothing_is_isolated_by_halving_once_the_collection_is_known_to_exist() -> None:
    missing = "f" * 24
    deletes: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 1, "total": 0}})
        ids = [ref["id"] for ref in json.loads(request.content)["items"]]
        deletes.append(len(ids))
        if missing in ids:  # upstream's 404 example, word for word: names no item
            body = {"code": "resource_not_found", "message": "Requested resource not found", "details": []}
            return httpx.Response(404, json=body)
        return httpx.Response(204)

    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).delete_many([f"{n:024x}" for n in range(1, 8)] + [missing])
    assert result.counts() == {"deleted": 7, "failed": 1}
    assert result.failed[0].index == 7
    assert deletes[0] == 8
    assert len(deletes) <= 1 + 2 * 3  # halving: at most two requests per level of an 8-item batch


async def test_a_404_naming_nothing_stops_the_job_when_the_collection_is_gone() -> None:
    body = {"code": "resource_not_found", "message": "Requested resource not found", "details": []}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=body)

    async with _mock_client(handler) as wf:
        job = wf.items(_COLLECTION_ID).delete_many(["1" * 24, "2" * 24])
        with pytest.raises(NotFoundError):
            await job
    assert not job.result.failed  # nothing blamed on the items
