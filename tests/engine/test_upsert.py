"""Upsert (``_upsert``): matched on slug or another field, unchanged items left alone, flags compared,
``publish`` ending everything it touched live, and a slug another writer took during the upsert undone."""

from __future__ import annotations

import json

import httpx
import pytest

from support import emulated, post
from support.items import (
    COLLECTION_ID,
    ITEM_ID,
    Scripted,
    client,
    mock_client,
    refusals,
    scan_misses_first,
    seed,
    summaries,
    verdicts,
    wire_item,
)
from webflow_cms import ConflictError

pytestmark = pytest.mark.anyio

pytest_plugins = ["support.items"]


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
        # The upsert scans through the resource's reader (``_reads.ItemReader``), not through ``items.list``.
        calls = scan_misses_first(items._reader)
        result = await items.upsert_many([post(1, rank=42), post(2)])
        assert calls() > 1  # the scan that missed theirs, then the lookup of the slug after the suffixed create
        assert result.counts() == {"updated": 1, "created": 1}
        on_server = await emu.raw_items()
        assert sorted(r["fieldData"]["slug"] for r in on_server) == ["post-1", "post-2"]
        assert next(r for r in on_server if r["id"] == theirs.id)["fieldData"]["rank"] == 42


async def test_upsert_on_another_key_matches_by_that_field_and_leaves_everything_staged() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(0), post(1)])
        ids = {s.index: s.id for s in made.succeeded}
        docs = [
            {"fieldData": {"name": "Post 0", "slug": "post-0", "summary": "by rank", "rank": 0}},
            post(1),
            {"fieldData": {"name": "Post 5", "slug": "post-5"}},
            post(7),
            {"fieldData": {"name": "Renamed 1", "slug": "renamed-1", "rank": 1}},
        ]
        result = await items.upsert_many(docs, key="rank")
        assert {s.index: (s.action, s.id) for s in result.succeeded if s.index != 3} == {
            0: ("updated", ids[0]),
            1: ("unchanged", ids[1]),
            4: ("updated", ids[1]),  # the same rank as input 1: matched to the same item
        }
        assert next(s.action for s in result.succeeded if s.index == 3) == "created"
        assert refusals(result) == {
            2: ("ValidationError", "invalid_input", None, "input 2: fieldData.rank is the upsert key and is missing")
        }
        on_server = {r["fieldData"]["rank"]: r["fieldData"] for r in await emu.raw_items()}
        assert sorted(on_server) == [0, 1, 7]
        assert on_server[0]["summary"] == "by rank"
        assert on_server[1]["slug"] == "renamed-1"
        assert await emu.raw_items(live=True) == []  # publish defaults to False


async def test_upsert_on_slug_refuses_a_repeated_slug_before_sending() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        result = await items.upsert_many([post(1), post(2), post(1, summary="again")])
        assert result.counts() == {"created": 2, "failed": 1}
        assert refusals(result) == {
            2: (
                "ConflictError",
                "duplicate_slug",
                None,
                "input 2: slug 'post-1' is also used by input 0; slugs are unique",
            )
        }
        assert sorted(r["fieldData"]["summary"] for r in await emu.raw_items()) == ["Summary 1", "Summary 2"]


async def test_upsert_with_publish_changes_the_live_copy_of_a_published_item() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(0), post(1)])
        ids = {s.index: s.id for s in made.succeeded}
        assert (await items.publish([ids[0], ids[1]])).counts() == {"published": 2}
        result = await items.upsert_many([post(0, summary="edited"), post(1)], publish=True)
        assert {s.index: (s.action, s.id) for s in result.succeeded} == {
            0: ("updated", ids[0]),
            1: ("unchanged", ids[1]),
        }
        live = {r["fieldData"]["slug"]: r["fieldData"]["summary"] for r in await emu.raw_items(live=True)}
        assert live == {"post-0": "edited", "post-1": "Summary 1"}


async def test_upsert_compares_the_draft_and_archived_flags_it_is_given() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(i) for i in range(4)])
        ids = {s.index: s.id for s in made.succeeded}
        draft = {r["fieldData"]["slug"]: r["isDraft"] for r in await emu.raw_items()}["post-0"]
        docs = [
            {**post(0), "isDraft": draft, "isArchived": False},  # the flags it has: unchanged
            {**post(1), "isDraft": not draft},
            {**post(2), "isArchived": True},
            post(3),
        ]
        result = await items.upsert_many(docs)
        assert {s.index: (s.action, s.id) for s in result.succeeded} == {
            0: ("unchanged", ids[0]),
            1: ("updated", ids[1]),
            2: ("updated", ids[2]),
            3: ("unchanged", ids[3]),
        }
        assert [s.item.id if s.item else None for s in sorted(result.succeeded, key=lambda s: s.index)] == [
            ids[0],
            ids[1],
            ids[2],
            ids[3],
        ]
        flags = {r["fieldData"]["slug"]: (r["isDraft"], r["isArchived"]) for r in await emu.raw_items()}
        assert flags == {
            "post-0": (draft, False),
            "post-1": (not draft, False),
            "post-2": (draft, True),
            "post-3": (draft, False),
        }


# ------------------------------------------------------------ answers the emulator never gives (MockTransport)


async def test_upsert_publishing_an_unchanged_draft_whose_outcome_is_lost_reports_it_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/items"):
            page = [wire_item("x")]
            return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})
        return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})

    async with mock_client(handler) as wf:
        job = wf.items(COLLECTION_ID).upsert_many([{"fieldData": {"name": "X", "slug": "x"}}], publish=True)
        result = await job
    assert result.unknown == [0]
    assert result.skipped == []
    assert job.unknown_reasons == {}


@pytest.mark.parametrize("delete_answer", [503, 204], ids=["copy-not-removed", "slug-freed-again"])
async def test_upsert_create_given_a_suffixed_slug_is_undone_or_reported(
    delete_answer: int, caplog: pytest.LogCaptureFixture
) -> None:
    """Another writer took slug x between the scan and the create, so Webflow created ours as x-abc12.

    Our copy is deleted and the change goes to their item; here their item is gone again by then (the
    lookup finds no x), or our copy cannot be removed (its delete fails, and reading it back shows it).
    """
    deletes: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json={"items": [wire_item("x-abc12")]})
        if request.method == "DELETE":
            deletes.append(json.loads(request.content))
            if delete_answer == 503:
                return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})
            return httpx.Response(204)
        if request.url.path.endswith(f"/items/{ITEM_ID}"):
            return httpx.Response(200, json=wire_item("x-abc12"))
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    caplog.set_level("WARNING", logger="webflow_cms")
    async with mock_client(handler) as wf:
        job = wf.items(COLLECTION_ID).upsert_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
    assert deletes == [{"items": [{"id": ITEM_ID}]}]
    assert result.succeeded == []
    if delete_answer == 503:
        assert result.unknown == [0]
        reason = job.unknown_reasons[0]
        assert isinstance(reason, ConflictError)
        assert (reason.code, reason.status) == ("duplicate_slug", None)
        assert reason.message == (
            "slug 'x' was taken during the upsert; the item was created as 'x-abc12' and could not be removed"
        )
        assert "upsert: 0 slugs were created by another writer meanwhile; updating theirs" in caplog.messages
    else:
        assert refusals(result) == {
            0: (
                "ConflictError",
                "duplicate_slug",
                None,
                "slug 'x' was taken during the upsert, then freed again; nothing was written",
            )
        }
        assert "upsert: 1 slugs were created by another writer meanwhile; updating theirs" in caplog.messages


# ------------------------------------------------------------ scripted faults: publishing what the upsert left staged


@pytest.mark.parametrize("after", [True, False], ids=["applied", "not-applied"])
async def test_upsert_publish_of_unchanged_drafts_failed_on_every_attempt(after: bool, env: Scripted) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(3)])
        items = wf.items(env.emu.collection_id)
        assert (await items.publish([ids["post-2"]])).counts() == {"published": 1}
        # post-0, post-1: unchanged drafts (only publishing is due); post-2: unchanged and live; post-3: new.
        # The upsert's writes: the live create of post-3, then the publish (tried twice).
        start = env.fail_next("503", "503", after=after, skip=1)
        result = await items.upsert_many([post(i) for i in range(4)], publish=True)

        live = await env.raw(live=True)
        staged = await env.raw()
        assert sorted(staged) == ["post-0", "post-1", "post-2", "post-3"]
        ids["post-3"] = staged["post-3"]["id"]
        drafts = ("published", ids["post-0"]), ("published", ids["post-1"])
        if not after:
            drafts = ("failed", "ServerError", 503), ("failed", "ServerError", 503)
        assert verdicts(result) == {
            0: drafts[0],
            1: drafts[1],
            2: ("unchanged", ids["post-2"]),
            3: ("created", ids["post-3"]),
        }
        expected_live = ["post-0", "post-1", "post-2", "post-3"] if after else ["post-2", "post-3"]
        assert sorted(live) == expected_live
        assert all(live[s]["fieldData"] == staged[s]["fieldData"] for s in live)
        assert env.writes_since(start) == 3
        assert env.injected() == {"applied": 2 * after, "not_applied": 2 * (not after)}


async def test_upsert_update_of_a_never_published_item_whose_publish_fails_is_reported_not_published(
    env: Scripted,
) -> None:
    async with client(env) as wf:
        ids = await seed(env, [post(i) for i in range(2)])
        # The upsert's writes: the staged update of post-0, then its publish (tried twice).
        start = env.fail_next("503", "503", after=False, skip=1)
        result = await wf.items(env.emu.collection_id).upsert_many([post(0, summary="changed"), post(1)], publish=True)

        assert verdicts(result) == {0: ("failed", "APIError", None), 1: ("published", ids["post-1"])}
        error = result.failed[0].error
        assert error.code == "not_published"  # type: ignore[attr-defined]
        assert str(error).startswith("not_published: updated, but not published: ")
        assert "503" in str(error)
        assert summaries(await env.raw()) == {"post-0": "changed", "post-1": "Summary 1"}  # the update stays
        assert sorted(await env.raw(live=True)) == ["post-1"]
        assert env.writes_since(start) == 4
