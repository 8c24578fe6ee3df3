"""The items resource against the emulator over loopback: every method, counts checked exactly."""

from __future__ import annotations

from collections import Counter

import anyio
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
            assert len(job.result.skipped) + len(job.result.unknown) == 2
            with pytest.raises(NotFoundError) as missing:
                await wf.items("0" * 24).get("1" * 24)
            assert missing.value.code == "collection_not_found"


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
