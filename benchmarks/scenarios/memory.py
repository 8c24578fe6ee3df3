"""Scenario 4, memory while iterating: peak RSS growth of one ``async for`` over a whole collection.

Each client iterates in its own child process (``benchmarks.memchild``), so what is measured is the
iteration alone. The listing should hold one read-ahead window of answers whatever the collection's
size, so growth is reported at several sizes: it must stay flat from one to the next, and at or below
the official SDK's, which reads one page at a time. Above ``OFFICIAL_MAX`` items the official SDK is
left out (one of its runs takes many minutes; one page at a time, it is flat there too) and ours runs
once: a run of a million items (``--full``) takes minutes, and its peak varies by tenths of a megabyte.
Collections are seeded straight into the emulator's SQLite file (benchmarks/seeding.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio

from .. import clients
from ..emulator import Emulator
from ..harness import Options, Result, median, rotations, say
from ..seeding import bulk_seed

NUMBER = 4
NAME = "memory"
TITLE = "memory while iterating"
VARIANTS = (
    "`ours` = `async for` over AsyncWebflowCMS.items(id).list(); "
    f"`official` = the {clients.PEER} `list_items` offset loop; each in a child process of its own, "
    "peak RSS reset after imports and set-up."
)
#: Above this many items only ours is measured (the official SDK's offset loop takes minutes).
OFFICIAL_MAX = 100_000
#: Growth allowed between the two largest sizes (MB): the listing holds one window, not the collection.
FLAT_MB = 2.0
_ROOT = Path(__file__).resolve().parent.parent.parent


def memory_sizes(options: Options) -> tuple[int, ...]:
    """The collection sizes iterated: ``--full`` adds a million items (not in a smoke run)."""
    sizes: tuple[int, ...] = options.size((10_000, 100_000), (500, 1_000))
    return (*sizes, 1_000_000) if options.full and not options.smoke else sizes


async def run(options: Options) -> Result:
    counts = memory_sizes(options)
    say(NUMBER, ", ".join(f"{n:,}" for n in counts) + " items")
    growth: dict[int, dict[str, list[float]]] = {}
    with Emulator() as emu:
        for n in counts:
            names = ["ours", "official"] if n <= OFFICIAL_MAX else ["ours"]
            runs = options.runs if n <= OFFICIAL_MAX and not options.smoke else 1
            collection_id = await emu.create_collection(f"memory-{n}")
            await anyio.to_thread.run_sync(bulk_seed, emu, collection_id, n)
            growth[n] = {name: [] for name in names}
            for round_, order in enumerate(rotations(names, runs)):
                for name in order:
                    out = await anyio.to_thread.run_sync(_memchild, name, emu, collection_id, n)
                    if out["count"] != n:
                        raise RuntimeError(f"scenario 4: {name} iterated {out['count']} items, expected {n}")
                    growth[n][name].append((out["peak_kb"] - out["rss_before_kb"]) / 1024)
                done = ", ".join(f"{k} {v[-1]:.1f} MB" for k, v in growth[n].items())
                say(NUMBER, f"{n:,} items, run {round_ + 1}: {done}")
    return _result(growth, counts, options)


def _result(growth: dict[int, dict[str, list[float]]], counts: tuple[int, ...], options: Options) -> Result:
    result = Result(NUMBER, raw={str(n): by_name for n, by_name in growth.items()})
    med = {n: {name: median(values) for name, values in by_name.items()} for n, by_name in growth.items()}
    compared = max((n for n in counts if "official" in med[n]), default=None)
    for n in counts:
        target, verdict = "", ""
        if n == compared:
            target, verdict = "ours <= official", options.verdict(med[n]["ours"] <= med[n]["official"])
        result.add(f"peak RSS growth iterating {n:,} items (MB)", med[n], target, verdict)
    if len(counts) > 1:
        small, large = sorted(counts)[-2:]
        more = med[large]["ours"] - med[small]["ours"]
        result.add(
            f"growth from {small:,} to {large:,} items (MB)",
            {"ours": more},
            f"ours <= {FLAT_MB:g} MB",
            options.verdict(more <= FLAT_MB),
        )
    return result


def _memchild(name: str, emu: Emulator, collection_id: str, count: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.memchild", name, emu.url, emu.token, collection_id]
    env = {**os.environ, "PYTHONPATH": str(_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    timeout = 300 + count / 1_000  # a million items: about 20 minutes at most
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=_ROOT, env=env)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"scenario 4 child ({name}) failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
