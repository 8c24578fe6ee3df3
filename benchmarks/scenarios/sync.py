"""Scenario 9, nightly sync: a 20,000-item collection kept in step with its source, at 120 requests per 2 s.

Issue 23's figures. Each variant gets its own collection, seeded with the source's 20,000 items under
the setup token. The first night adopts them (nothing to write); before the second night 1% of the
rows change, 20 leave the source and 20 join it. ``sync`` is ``webflow_cms.sync.sync`` with
``on_missing="delete"``; its peer is what a user writes without it: ``upsert_many`` (which reads the
whole collection to find what changed) plus a hand-written delete pass (one more listing, then
``delete_many`` of the items whose slug left the source). The server's bucket is full when each night
starts; the requests are the server's count, and the collection is checked against the source after.
"""

from __future__ import annotations

import math
import tempfile
import time
from pathlib import Path
from typing import Any

from webflow_cms import AsyncWebflowCMS
from webflow_cms.sync import sync

from ..emulator import Emulator, doc
from ..harness import WRITE_LIMIT, Options, Result, median, refilled, rotations, say

NUMBER = 9
NAME = "sync"
TITLE = "nightly sync of a large collection"
VARIANTS = (
    '`sync` = webflow_cms.sync.sync(..., on_missing="delete") with a SQLite ledger; `upsert+delete` = '
    "Items.upsert_many(docs) then a hand-written delete pass (list every item, delete_many those whose slug "
    "left the source). Both clients pace themselves to the emulator's 120 requests per 2 s."
)
_NAMES = ["sync", "upsert+delete"]


def _sources(prefix: str, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first night's rows (what was seeded) and the second's: 1% changed, 20 removed, 20 added."""
    first = [doc(prefix, i)["fieldData"] for i in range(n)]
    step, gone = 100, set(range(1, n, max(1, n // 20)))
    second = [
        {**row, "summary": row["summary"] + " (revised)"} if i % step == 0 else row
        for i, row in enumerate(first)
        if i not in gone
    ]
    second += [doc(prefix, n + j)["fieldData"] for j in range(20)]
    return first, second


async def _upsert_and_delete(
    emu: Emulator, wf: AsyncWebflowCMS, collection_id: str, rows: list[dict[str, Any]]
) -> dict[str, int]:
    items = wf.items(collection_id)
    before = await emu.token_stats()
    result = await items.upsert_many([{"fieldData": row} for row in rows])
    upserting = (await emu.token_stats())["requests"] - before["requests"]
    wanted = {row["slug"] for row in rows}
    stale = [item.id async for item in items.list() if item.slug not in wanted]
    deleted = await items.delete_many(stale) if stale else None
    counts = result.counts()
    counts["deleted"] = len(deleted.succeeded) if deleted is not None else 0
    counts["upsert_requests"] = upserting
    return counts


async def _night(
    emu: Emulator, name: str, wf: AsyncWebflowCMS, collection_id: str, rows: list[dict[str, Any]], ledger: Path
) -> dict[str, Any]:
    before = await emu.token_stats()
    start = time.perf_counter()
    if name == "sync":
        report = await sync(wf, collection_id, rows, ledger=ledger, on_missing="delete")
        counts = {k: report.counts.get(k, 0) for k in ("created", "updated", "unchanged", "deleted")}
    else:
        counts = await _upsert_and_delete(emu, wf, collection_id, rows)
    wall = time.perf_counter() - start
    after = await emu.token_stats()
    return {
        "wall": wall,
        "requests": after["requests"] - before["requests"],
        "server_429": after["rateLimited"] - before["rateLimited"],
        "counts": counts,
    }


async def _one(emu: Emulator, name: str, prefix: str, n: int, options: Options, last: float) -> dict[str, Any]:
    collection_id = await emu.create_collection(prefix)
    await emu.seed(collection_id, n, prefix=prefix)
    first, second = _sources(prefix, n)
    nights: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        ledger = Path(folder) / "ledger.sqlite3"
        async with AsyncWebflowCMS(token=emu.token, base_url=emu.url, rate_limit=WRITE_LIMIT) as wf:
            for rows in (first, second):
                await refilled(WRITE_LIMIT, last, options)
                nights.append(await _night(emu, name, wf, collection_id, rows, ledger))
                last = time.monotonic()
    count, unique = emu.slug_counts(collection_id)
    return {"first": nights[0], "second": nights[1], "items": count, "unique": unique, "expected": len(second)}


def _pace_bound(requests: float) -> float:
    """Seconds ``requests`` take at the limit's pace (the burst not counted as free)."""
    return requests * WRITE_LIMIT.per / WRITE_LIMIT.requests


async def run(options: Options) -> Result:
    n = options.size(20_000, 600)
    say(NUMBER, f"{n:,} items at {WRITE_LIMIT.requests}/{WRITE_LIMIT.per:g}s; 1% changed, 20 removed, 20 added")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in _NAMES}
    with Emulator(rate_limit=f"{WRITE_LIMIT.requests}/{WRITE_LIMIT.per:g}") as emu:
        last = time.monotonic()
        for round_, order in enumerate(rotations(_NAMES, options.runs)):
            for name in order:
                out = await _one(emu, name, f"s{round_}-{'sync' if name == 'sync' else 'ups'}", n, options, last)
                last = time.monotonic()
                runs[name].append(out)
                say(
                    NUMBER,
                    f"{name:14} run {round_ + 1}: first night {out['first']['requests']} requests"
                    f" {out['first']['wall']:.2f}s, second {out['second']['requests']} requests"
                    f" {out['second']['wall']:.2f}s",
                )
    return _result(runs, options)


def _result(runs: dict[str, list[dict[str, Any]]], options: Options) -> Result:
    result = Result(NUMBER, raw=runs)

    def med(night: str, key: str) -> dict[str, float]:
        return {name: median([r[night][key] for r in runs[name]]) for name in _NAMES}

    second = runs["sync"][-1]["second"]["counts"]
    writes = (
        math.ceil(second["updated"] / 100) + math.ceil(second["created"] / 100) + math.ceil(second["deleted"] / 100)
    )
    budget = writes + 3
    requests = med("second", "requests")
    wall = med("second", "wall")
    bound = _pace_bound(requests["sync"])
    result.add("first night: requests (median)", med("first", "requests"), note="adopting the seeded items")
    alone = median([r["first"]["counts"]["upsert_requests"] for r in runs["upsert+delete"]])
    result.add("first night: upsert_many alone, requests (median)", {"upsert+delete": alone})
    result.add("first night: wall time, median (s)", med("first", "wall"))
    result.add(
        "second night: requests (median)",
        requests,
        f"sync <= {budget} (writes + 3)",
        options.verdict(requests["sync"] <= budget),
        note=f"{writes} write requests",
    )
    result.add(
        "second night: wall time, median (s)",
        {**wall, "bound": bound},
        f"sync <= 1.2 x {bound:.3f}s",
        options.verdict(wall["sync"] <= 1.2 * bound),
        note="bound: sync's requests at the limit's pace",
    )
    result.add("second night: 429s answered by the server", med("second", "server_429"))
    wrong = {
        name: max(abs(r["items"] - r["expected"]) + r["items"] - r["unique"] for r in runs[name]) for name in _NAMES
    }
    result.add("items lost, extra or duplicated (worst run)", wrong, "0", options.verdict(not any(wrong.values())))
    return result
