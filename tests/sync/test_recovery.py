"""A sync recovers from what happens around it: a lost ledger, items deleted or created by someone else,
a run stopped halfway, a create whose answer was lost, a second sync of the same collection."""

from __future__ import annotations

import time
from collections.abc import Sequence

import anyio
import httpx
import pytest

from sync._harness import Env, HookedLedger, by_slug_now, posts, same_as_source
from webflow_cms.sync import Entry, SQLiteLedger, SyncLockedError, sync
from webflow_cms_emulator import RunningEmulator

pytestmark = pytest.mark.anyio

N = 250


async def _raw(env: Env, method: str, path: str, body: object = None) -> httpx.Response:
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {env.emu.token}"}) as http:
        return await http.request(method, f"{env.emu.url}/collections/{env.collection_id}/{path}", json=body)


async def test_a_deleted_ledger_adopts_the_items_by_key_and_duplicates_nothing(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        env.ledger.unlink()
        rebuilt = await sync(wf, env.collection_id, posts(N, changed=[7]), ledger=env.ledger)
        assert rebuilt.adopted == N
        assert (rebuilt.counts["created"], rebuilt.counts["updated"], rebuilt.counts["unchanged"]) == (0, 1, N - 1)
        assert str(rebuilt.scan_reason).startswith("first run")
        assert rebuilt.requests == 1 + 3 + 1 + 1  # count, three pages, one update, the closing read
        after = await sync(wf, env.collection_id, posts(N, changed=[7]), ledger=env.ledger)
        assert after.requests == 2
        forced = await sync(wf, env.collection_id, posts(N, changed=[7]), ledger=env.ledger, rebuild=True)
        assert forced.scan_reason == "--rebuild"
        assert forced.counts["unchanged"] == N
    assert await same_as_source(env, posts(N, changed=[7])) == []


async def test_an_item_deleted_in_webflow_is_found_by_the_count_and_created_again(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        victim = (await by_slug_now(env))["post-42"]["id"]
        assert (await _raw(env, "DELETE", f"items/{victim}")).status_code == 204
        report = await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        assert report.scan_reason is not None
        assert f"holds {N - 1} items, the ledger knows {N}" in report.scan_reason
        assert report.gone == ["post-42"]
        assert report.counts["created"] == 1
        quiet = await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        assert (quiet.requests, quiet.scan_reason) == (2, None)
    assert await same_as_source(env, posts(N)) == []


async def test_an_item_created_in_webflow_is_adopted_as_missing_from_the_source(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        stranger = {"fieldData": {"name": "Stranger", "slug": "stranger"}}
        assert (await _raw(env, "POST", "items", stranger)).status_code == 202
        kept = await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        assert kept.scan_reason is not None
        assert "created in Webflow by someone else" in kept.scan_reason
        assert kept.missing == {"stranger": "kept"}
        removed = await sync(wf, env.collection_id, posts(N), ledger=env.ledger, on_missing="delete")
        assert removed.scan_reason is None
        assert removed.missing == {"stranger": "deleted"}
    assert await same_as_source(env, posts(N)) == []


async def test_a_create_whose_answer_was_lost_is_adopted_from_the_delta_not_sent_again(env: Env) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(10), ledger=env.ledger)
    # As if a run was killed after sending a create: the intent is in the ledger, the item in Webflow.
    async with SQLiteLedger(env.ledger) as ledger:
        await ledger.save(env.collection_id, [Entry('"new-0"', None, "new-0", pending="create:" + "0" * 64)])
    created = await _raw(env, "POST", "items", {"fieldData": {"name": "New 0", "slug": "new-0", "summary": "New 0"}})
    assert created.status_code == 202
    async with env.client() as wf:
        report = await sync(wf, env.collection_id, posts(10, extra=1), ledger=env.ledger)
    assert report.scan_reason is None
    assert report.adopted == 1
    assert report.counts["created"] == 0
    assert report.counts["updated"] == 1  # its hash was not the row's: the row is sent again
    assert await same_as_source(env, posts(10, extra=1)) == []


async def test_a_run_stopped_halfway_is_finished_by_the_next_with_nothing_lost_or_twice(env: Env) -> None:
    stop = anyio.Event()

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "creating" and done >= 100:
            stop.set()

    source = posts(1_000)
    async with env.client(max_concurrency=2) as wf:
        first = await sync(wf, env.collection_id, source, ledger=env.ledger, on_progress=progress, stop=stop)
        assert first.interrupted
        assert 100 <= first.counts["created"] < 1_000
        assert first.counts["skipped"] > 0
        assert not first.ok
        in_doubt = first.counts["unknown"]  # creates in flight when it stopped: applied or not
        rest = await sync(wf, env.collection_id, source, ledger=env.ledger)
        assert rest.ok
        assert rest.scan_reason == "no run finished yet"  # a first run: the next one reads what it made
        assert rest.adopted <= in_doubt
        assert rest.counts["created"] + rest.adopted == 1_000 - first.counts["created"]
    assert await same_as_source(env, source) == []


async def test_a_write_applied_but_answered_with_a_reset_is_settled_in_the_same_run(
    env: Env, running: RunningEmulator
) -> None:
    async with env.client() as wf:
        await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
        running.state.chaos.fail_write(kind="reset", after=True)  # the update request
        running.state.chaos.fail_write(kind="503", after=True, later=2)  # the create request
        source = posts(N, changed=range(10), extra=5)
        report = await sync(wf, env.collection_id, source, ledger=env.ledger)
        assert (report.counts["updated"], report.counts["created"]) == (10, 5)
        assert report.ok
        after = await sync(wf, env.collection_id, source, ledger=env.ledger)
        assert after.requests == 2
    assert await same_as_source(env, source) == []


async def test_a_second_sync_of_the_same_collection_is_refused_while_the_first_runs(env: Env) -> None:
    refusals: list[SyncLockedError] = []
    async with env.client() as wf:

        async def second_sync(put: Sequence[Entry]) -> None:
            if refusals:
                return
            try:
                await sync(wf, env.collection_id, posts(5), ledger=env.ledger)
            except SyncLockedError as exc:
                refusals.append(exc)

        ledger = HookedLedger(SQLiteLedger(env.ledger), second_sync)
        first = await sync(wf, env.collection_id, posts(N), ledger=ledger)
        assert first.ok
        assert len(refusals) == 1
        assert "another sync of collection" in str(refusals[0])
        later = await sync(wf, env.collection_id, posts(N), ledger=env.ledger)  # the lock was given back
        assert later.requests == 2
    assert await same_as_source(env, posts(N)) == []


async def test_a_sync_whose_lock_was_taken_over_stops_with_a_clear_error(env: Env) -> None:
    beaten = anyio.Event()
    usurped: list[bool] = []

    class Watched(HookedLedger):
        async def heartbeat(self, collection_id: str, owner: str) -> None:
            try:
                await super().heartbeat(collection_id, owner)
            except SyncLockedError:
                beaten.set()
                raise

    async def usurper(put: Sequence[Entry]) -> None:
        if not usurped and any(e.pending is None and e.hash for e in put):
            usurped.append(True)
            # Another host decided this sync was stale and took the lock over.
            async with SQLiteLedger(env.ledger, host="elsewhere", clock=lambda: time.time() + 10_000) as other:
                await other.lock(env.collection_id, "usurper")
            with anyio.fail_after(10):
                await beaten.wait()

    async with env.client() as wf:
        ledger = Watched(SQLiteLedger(env.ledger), usurper)
        with pytest.raises(SyncLockedError, match="lost its lock") as lost:
            await sync(wf, env.collection_id, posts(N), ledger=ledger, heartbeat_every=0.001)
    assert lost.value.holder.host == "elsewhere"
