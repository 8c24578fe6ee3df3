"""Cancelling each bulk helper mid-job: the result names what was done, no task or thread leaks."""

from __future__ import annotations

import asyncio
import threading

import anyio
import httpx
import pytest

from reliability._harness import accounted
from support import by_slug, emulated, post, read_all
from webflow_cms import AsyncWebflowCMS, BulkJob, Items, RateLimit

pytestmark = pytest.mark.anyio

N = 300


def _job(items: Items, operation: str, ids: list[str]) -> BulkJob:
    if operation == "create_many":
        return items.create_many([post(i) for i in range(N, 2 * N)])
    if operation == "update_many":
        return items.update_many([{"id": i, "fieldData": {"summary": "cancelled?"}} for i in ids])
    if operation == "upsert_many":
        return items.upsert_many([post(i, summary="upserted") for i in range(N // 2, N + N // 2)])
    job: BulkJob = getattr(items, operation)(ids)
    return job


def _threads() -> set[str]:
    """Threads other than anyio's idle worker pool (which outlives any one job by design)."""
    return {t.name for t in threading.enumerate() if not t.name.startswith("AnyIO worker thread")}


@pytest.mark.parametrize("operation", ["create_many", "update_many", "upsert_many", "delete_many", "publish"])
async def test_cancelled_bulk_job_reports_what_was_done(operation: str) -> None:
    threads_before = _threads()
    # The job is cancelled as soon as its first write is answered (an event, not a time): whatever the
    # machine's speed, that leaves the job in the middle, with more writes to send.
    armed: list[anyio.CancelScope] = []

    async def cancel_on_first_write(response: httpx.Response) -> None:
        if armed and response.request.method != "GET":
            armed[0].cancel()

    async with (
        emulated(rate_limit="100000/1", latency_ms=150) as emu,
        httpx.AsyncClient(event_hooks={"response": [cancel_on_first_write]}) as http,
    ):
        async with AsyncWebflowCMS(
            emu.token, base_url=emu.url, rate_limit=RateLimit(1000, 1), max_concurrency=1, http_client=http
        ) as wf:
            items = wf.items(emu.collection_id)
            (await items.create_many([post(i) for i in range(N)])).raise_on_failure()
            ids = [i["id"] for i in await read_all(emu.url, emu.token, emu.collection_id)]
            tasks_before = set(asyncio.all_tasks())
            job = _job(items, operation, ids)
            with anyio.fail_after(60), anyio.CancelScope() as scope:
                armed.append(scope)
                await job
            armed.clear()
            assert scope.cancelled_caught, "the job ended before the cancel: the test proves nothing"
            result = job.result
            accounted(result)
            assert result.skipped, "a job cancelled early must name the inputs it never sent"
            assert len(result.succeeded) < result.total
            # No task of the job lingers on this loop.
            await anyio.sleep(0.2)
            leaked = set(asyncio.all_tasks()) - tasks_before
            assert leaked == set(), leaked

            live = operation == "publish"
            server = by_slug(await read_all(emu.url, emu.token, emu.collection_id, live=live))
            assert server.duplicates == []
            slug_of = {i["id"]: i["fieldData"]["slug"] for i in await read_all(emu.url, emu.token, emu.collection_id)}
            for index in result.skipped:
                if operation == "create_many":
                    assert f"post-{N + index}" not in server
                elif operation == "update_many":
                    assert server[slug_of[ids[index]]]["fieldData"]["summary"] != "cancelled?"
                elif operation == "upsert_many":
                    slug = f"post-{N // 2 + index}"
                    assert server.get(slug, {"fieldData": {}})["fieldData"].get("summary") != "upserted"
                elif operation == "delete_many":
                    assert ids[index] in slug_of
                elif operation == "publish":
                    assert ids[index] not in {i["id"] for i in server.values()}
            for done in result.succeeded:
                if operation == "create_many":
                    assert f"post-{N + done.index}" in server
                elif operation == "delete_many":
                    assert ids[done.index] not in slug_of
                elif operation == "publish":
                    assert ids[done.index] in {i["id"] for i in server.values()}

            # The client still works after the cancel.
            page = await items.list()
            assert page.total == len(slug_of)  # the staged items read back above, no more, no fewer
            again = await items.update_many([{"id": page.items[0].id, "fieldData": {"summary": "after"}}])
            assert again.ok
    await anyio.sleep(0.1)
    assert _threads() <= threads_before
