"""Scenario 5, publish at scale: publishing a whole collection, 100 items per request, under both limits.

The server allows 120 requests per 2 s and answers in 30 ms, so the bound is the larger of the rate
bound and the latency bound at eight requests in flight. Items are seeded through the API under the
setup token, so the benchmarked token starts with a full bucket.
"""

from __future__ import annotations

import math
import time
from typing import Any

from .. import clients
from ..emulator import Emulator
from ..harness import (
    LATENCY_MS,
    WRITE_LIMIT,
    Options,
    Result,
    latency_bound,
    median,
    rate_bound,
    refilled,
    rotations,
    say,
)

NUMBER = 5
NAME = "publish"
TITLE = "publish at scale"
VARIANTS = (
    "`ours` = AsyncWebflowCMS.items(id).publish(ids); "
    f"`official-seq` / `official-gather` = {clients.PEER} `publish_item`, 100 ids a request, awaited one "
    "after another / all at once with `asyncio.gather`."
)
_NAMES = ["ours", "official-seq", "official-gather"]
_CONCURRENCY = 8


async def _one(emu: Emulator, name: str, round_: int, n: int, options: Options, last: float) -> dict[str, Any]:
    collection_id = await emu.create_collection(f"p{round_}-{name}")
    await emu.seed(collection_id, n, prefix=f"p{round_}")
    ids = await emu.item_ids(collection_id)
    await refilled(WRITE_LIMIT, last, options)
    before = await emu.token_stats()
    if name == "ours":
        out = await clients.publish_ours(emu.url, emu.token, collection_id, ids, WRITE_LIMIT)
    else:
        out = await clients.publish_official(emu.url, emu.token, collection_id, ids, gather=name == "official-gather")
    after = await emu.token_stats()
    out.update(
        requests=after["requests"] - before["requests"],
        server_429=after["rateLimited"] - before["rateLimited"],
        live=emu.live_count(collection_id),
    )
    return out


async def run(options: Options) -> Result:
    n = options.size(10_000, 300)
    needed = math.ceil(n / clients.PAGE)
    limit = WRITE_LIMIT
    bound = max(rate_bound(needed, limit), latency_bound(needed, _CONCURRENCY))
    say(NUMBER, f"{n:,} items")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in _NAMES}
    with Emulator(rate_limit=f"{limit.requests}/{limit.per:g}", latency_ms=LATENCY_MS) as emu:
        last = time.monotonic()
        for round_, order in enumerate(rotations(_NAMES, options.runs)):
            for name in order:
                runs[name].append(await _one(emu, name, round_, n, options, last))
                last = time.monotonic()
            say(NUMBER, f"run {round_ + 1}: " + ", ".join(f"{k} {v[-1]['wall']:.3f}s" for k, v in runs.items()))
    result = Result(NUMBER, raw=runs)
    med = {name: median([r["wall"] for r in runs[name]]) for name in _NAMES}
    result.add(
        "wall time, median (s)",
        {**med, "bound": bound},
        note=f"{needed} requests at least; {limit.requests}/{limit.per:g}s, {LATENCY_MS:g} ms latency",
    )
    result.add("wall / bound", {name: med[name] / bound for name in _NAMES})
    result.add("requests sent (median)", {name: median([r["requests"] for r in runs[name]]) for name in _NAMES})
    result.add("items live afterwards (worst run)", {name: min(r["live"] for r in runs[name]) for name in _NAMES})
    return result
