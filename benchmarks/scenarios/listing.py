"""Scenario 2, latency-bound listing: reading a whole collection from a server that answers in 30 ms.

No rate limit is reached; what counts is how many pages are in flight at once. The floor is the
latency bound: the pages in rounds of AsyncWebflowCMS's default eight, 30 ms a round.
"""

from __future__ import annotations

import math
import time

from .. import clients
from ..emulator import Emulator
from ..harness import LATENCY_MS, UNLIMITED, Options, Result, latency_bound, median, rotations, say

NUMBER = 2
NAME = "listing"
TITLE = "latency-bound listing"
VARIANTS = (
    "`ours` = `async for` over AsyncWebflowCMS.items(id).list(); "
    f"`official` = the offset loop a {clients.PEER} user writes around `list_items` (it has no iterator); "
    "`httpx` = plain sequential httpx, JSON dicts only."
)
#: AsyncWebflowCMS's default max_concurrency.
CONCURRENCY = 8
_NAMES = ["ours", "official", "httpx"]


async def _list(name: str, emu: Emulator, collection_id: str) -> int:
    if name == "ours":
        return await clients.list_ours(emu.url, emu.token, collection_id, UNLIMITED)
    if name == "official":
        return await clients.list_official(emu.url, emu.token, collection_id)
    return await clients.list_httpx(emu.url, emu.token, collection_id)


async def run(options: Options) -> Result:
    n = options.size(10_000, 500)
    pages = math.ceil(n / clients.PAGE)
    bound = latency_bound(pages, CONCURRENCY)
    runs = options.size(max(options.runs, 5), 1)
    say(NUMBER, f"{n:,} items at {LATENCY_MS:g} ms")
    walls: dict[str, list[float]] = {name: [] for name in _NAMES}
    with Emulator(latency_ms=LATENCY_MS) as emu:
        collection_id = await emu.create_collection("listing")
        await emu.seed(collection_id, n)
        for round_, order in enumerate(rotations(_NAMES, runs)):
            for name in order:
                start = time.perf_counter()
                count = await _list(name, emu, collection_id)
                walls[name].append(time.perf_counter() - start)
                if count != n:
                    raise RuntimeError(f"scenario 2: {name} listed {count} items, expected {n}")
            say(NUMBER, f"run {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in walls.items()))
    result = Result(NUMBER, raw=walls)
    med = {name: median(walls[name]) for name in _NAMES}
    speedup = med["official"] / med["ours"]
    result.add("wall time, median (s)", {**med, "bound": bound}, note=f"{pages} pages, {LATENCY_MS:g} ms latency")
    result.add("speed-up vs official offset loop", {"ours": speedup}, ">= 5x", options.verdict(speedup >= 5))
    ratio = {name: med[name] / bound for name in _NAMES}
    result.add(
        f"wall / latency bound ceil({pages}/{CONCURRENCY}) x {LATENCY_MS:g} ms",
        ratio,
        "ours <= 1.25",
        options.verdict(ratio["ours"] <= 1.25),
    )
    return result
