"""Scenario 4, memory while iterating: peak RSS growth of one ``async for`` over a whole collection.

Each client iterates in its own child process (``benchmarks.memchild``), so what is measured is the
iteration alone. The listing should hold one read-ahead window of answers whatever the collection's
size, so growth is reported at several sizes: it must stay flat from one to the next, and at or below
the official SDK's, which reads one page at a time. Above ``OFFICIAL_MAX`` items the official SDK is
left out (one of its runs takes many minutes; one page at a time, it is flat there too) and ours runs
once: a run of a million items takes minutes, and its peak varies by tenths of a megabyte.

Collections are seeded straight into the emulator's SQLite file (``bulk_seed``): a million items
through the API would take longer than the iterations themselves.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from webflow_cms_emulator.ids import now_iso

from .emulator import Emulator, doc
from .run import Report, Sizes, median, rotations, verdict

#: Above this many items only ours is measured (the official SDK's offset loop takes minutes).
OFFICIAL_MAX = 100_000
#: Growth allowed between the two largest sizes (MB): the listing holds one window, not the collection.
FLAT_MB = 2.0
_INSERT = "INSERT INTO staged_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def bulk_seed(emu: Emulator, collection_id: str, count: int, prefix: str = "seed") -> None:
    """Insert ``count`` staged draft items (``doc(prefix, n)``) into the emulator's SQLite file in one transaction.

    The rows are those the create route would store, in the primary locale. Their creation order
    numbers are negative, below any the running emulator hands out, so the seeded items list first
    and in order. Seed before the collection is first listed: the emulator caches list totals until
    its own next write to the collection.
    """
    conn = sqlite3.connect(emu.db_path, timeout=60, isolation_level=None)
    try:
        row = conn.execute("SELECT cms_locale_id FROM locales WHERE site_id = ? AND is_primary = 1", (emu.site_id,))
        locale = row.fetchone()[0]
        lowest = conn.execute("SELECT MIN(seq) FROM staged_items").fetchone()[0]
        first = min(0, lowest or 0) - count
        conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: the indexes' pages stay in memory while they grow
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(_INSERT, _rows(collection_id, locale, first, count, prefix))
        conn.execute("COMMIT")
    finally:
        conn.close()


def _rows(collection_id: str, locale: str, first: int, count: int, prefix: str) -> Iterator[tuple[Any, ...]]:
    now = now_iso()
    encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    # Ids in ascending order, so the primary key's index grows at its end instead of everywhere at once.
    ids = sorted(secrets.token_hex(12) for _ in range(count))
    for n, item_id in enumerate(ids):
        data = doc(prefix, n)["fieldData"]
        name, slug = data["name"], data["slug"]
        yield (collection_id, item_id, locale, first + n, name, slug, encode(data), now, now, None, 0, 1)


def memory_sizes(sizes: Sizes, full: bool) -> tuple[int, ...]:
    """The collection sizes scenario 4 iterates: ``--full`` adds a million items."""
    return (*sizes.memory_items, 1_000_000) if full and not sizes.smoke else sizes.memory_items


async def scenario_memory(sizes: Sizes, report: Report, counts: tuple[int, ...]) -> None:
    growth: dict[int, dict[str, list[float]]] = {}
    with Emulator() as emu:
        for n in counts:
            names = ["ours", "official"] if n <= OFFICIAL_MAX else ["ours"]
            runs = sizes.runs if n <= OFFICIAL_MAX and not sizes.smoke else 1
            collection_id = await emu.create_collection(f"memory-{n}")
            await asyncio.to_thread(bulk_seed, emu, collection_id, n)
            growth[n] = {name: [] for name in names}
            for round_, order in enumerate(rotations(names, runs)):
                for name in order:
                    out = await asyncio.to_thread(_memchild, name, emu, collection_id, n)
                    if out["count"] != n:
                        raise RuntimeError(f"scenario 4: {name} iterated {out['count']} items, expected {n}")
                    growth[n][name].append((out["peak_kb"] - out["rss_before_kb"]) / 1024)
                done = ", ".join(f"{k} {v[-1]:.1f} MB" for k, v in growth[n].items())
                print(f"  [4] {n:,} items, run {round_ + 1}: {done}", flush=True)
    med = {n: {name: median(values) for name, values in by_name.items()} for n, by_name in growth.items()}
    compared = max((n for n in counts if "official" in med[n]), default=None)
    for n in counts:
        target, ok = "", None
        if n == compared:
            target, ok = "ours <= official", med[n]["ours"] <= med[n]["official"]
        report.add(
            4,
            f"peak RSS growth iterating {n:,} items (MB)",
            med[n],
            target,
            "" if ok is None else verdict(ok, sizes.smoke),
        )
    if len(counts) > 1:
        small, large = sorted(counts)[-2:]
        more = med[large]["ours"] - med[small]["ours"]
        report.add(
            4,
            f"growth from {small:,} to {large:,} items (MB)",
            {"ours": more},
            f"ours <= {FLAT_MB:g} MB",
            verdict(more <= FLAT_MB, sizes.smoke),
        )
    report.raw["4"] = {str(n): by_name for n, by_name in growth.items()}


def _memchild(name: str, emu: Emulator, collection_id: str, count: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.memchild", name, emu.url, emu.token, collection_id]
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    timeout = 300 + count / 1_000  # a million items: about 20 minutes at most
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=root, env=env)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"scenario 4 child ({name}) failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
