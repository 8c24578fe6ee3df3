"""The SQLite ledger on its own: entries and state kept per collection, the lock and its take-over rules."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from webflow_cms.sync import CollectionState, Entry, Ledger, LedgerError, SQLiteLedger, SyncLockedError

pytestmark = pytest.mark.anyio

A, B = "a" * 24, "b" * 24


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


async def test_entries_and_state_are_kept_per_collection_in_one_file(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    async with SQLiteLedger(path) as ledger:
        assert isinstance(ledger, Ledger)
        assert await ledger.load(A) == (CollectionState(), [])
        one = Entry('"post-1"', "1" * 24, "post-1", "h1", "2026-01-01T00:00:00.000Z", "live")
        two = Entry('"post-2"', None, "post-2", pending="create:h2")
        await ledger.save(A, [one, two])
        await ledger.save(B, [Entry("42", "2" * 24, "sku-42", "h3")])
        await ledger.set_state(A, CollectionState("slug", "2026-01-01T00:00:00.000Z", None))
        await ledger.save(A, [Entry('"post-2"', "3" * 24, "post-2", "h2")], drop=['"post-1"'])
    async with SQLiteLedger(path) as again:  # a new process would see the same
        state, entries = await again.load(A)
        assert state == CollectionState("slug", "2026-01-01T00:00:00.000Z", None)
        assert entries == [Entry('"post-2"', "3" * 24, "post-2", "h2")]
        assert (await again.load(B))[1] == [Entry("42", "2" * 24, "sku-42", "h3")]
        assert await again.collections() == [A, B]
        await again.reset(A)
        assert await again.load(A) == (CollectionState(), [])
        assert len((await again.load(B))[1]) == 1


async def test_an_item_moved_to_another_key_leaves_its_old_row(tmp_path: Path) -> None:
    async with SQLiteLedger(tmp_path / "s.sqlite3") as ledger:
        await ledger.save(A, [Entry("#" + "1" * 24, "1" * 24, "x")])
        await ledger.save(A, [Entry('"x"', "1" * 24, "x", "h")])
        assert [e.key for e in (await ledger.load(A))[1]] == ['"x"']


async def test_a_second_sync_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "s.sqlite3"
    alive = os.getpid()
    async with (
        SQLiteLedger(path, clock=clock, host="web-1", pid=alive) as first,
        SQLiteLedger(path, clock=clock, host="web-1", pid=4243) as second,
    ):
        await first.lock(A, "one")
        await first.lock(A, "one")  # the holder may take it again
        with pytest.raises(SyncLockedError) as refused:
            await second.lock(A, "two")
        assert refused.value.holder.pid == alive
        message = str(refused.value)
        assert "another sync of collection" in message
        assert f"pid {alive} on host web-1" in message
        await second.lock(B, "two")  # another collection is free
        await second.unlock(A, "two")  # not the holder: nothing happens
        assert (await first.holder(A)) is not None
        await first.unlock(A, "one")
        await second.lock(A, "two")


async def test_a_lock_whose_process_is_gone_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    async with SQLiteLedger(path, pid=_dead_pid()) as crashed, SQLiteLedger(path) as next_run:
        await crashed.lock(A, "crashed")
        await next_run.lock(A, "next")
        holder = await next_run.holder(A)
        assert holder is not None
        assert holder.owner == "next"
        with pytest.raises(SyncLockedError, match="lost its lock"):
            await crashed.heartbeat(A, "crashed")


async def test_a_silent_lock_on_another_host_is_taken_over_only_once_stale(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "s.sqlite3"
    other = SQLiteLedger(path, clock=clock, host="elsewhere", pid=1, stale_after=300)
    here = SQLiteLedger(path, clock=clock, stale_after=300)
    async with other, here:
        await other.lock(A, "far")
        clock.now += 200
        await other.heartbeat(A, "far")
        clock.now += 299
        with pytest.raises(SyncLockedError, match="silent for 300 s"):
            await here.lock(A, "near")
        clock.now += 2
        await here.lock(A, "near")


async def test_a_file_that_is_no_ledger_or_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LedgerError, match="not a sync ledger"):
        async with SQLiteLedger(junk) as ledger:
            await ledger.load(A)
    newer = tmp_path / "newer.sqlite3"
    async with SQLiteLedger(newer) as ledger:
        await ledger.load(A)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE sync_meta SET value = '99' WHERE name = 'schema'")
    with pytest.raises(LedgerError, match="newer webflow-cms"):
        async with SQLiteLedger(newer) as ledger:
            await ledger.load(A)


def test_stale_after_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stale_after"):
        SQLiteLedger(tmp_path / "s.sqlite3", stale_after=0)
