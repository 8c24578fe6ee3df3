"""Scenario 1, rate-bound bulk write: creating many items through a server that allows 120 requests per 2 s.

Each variant creates its own collection's items, 100 per request, starting with a full bucket on
the server. The floor is the rate bound (the burst is free, the rest at the limit's pace); the
server's counters and SQLite file say how many requests, 429s, lost and duplicated items each cost.
"""

from __future__ import annotations

import math
import time
from typing import Any

from .. import clients
from ..emulator import Emulator, doc
from ..harness import WRITE_LIMIT, Options, Result, median, rate_bound, refilled, rotations, say

NUMBER = 1
NAME = "write"
TITLE = "rate-bound bulk write"
VARIANTS = (
    f"`ours` = AsyncWebflowCMS.create_many (defaults, `rate_limit=` the emulator's limit); `official-seq` / "
    f"`official-gather` = {clients.PEER} AsyncWebflow, one request per 100 items, awaited one after another / "
    "all at once with `asyncio.gather` (default retries). The official SDK types a 100-item create's reply as "
    "one item and raises `ParsingError` on the 202 after the items were created; the harness counts such a 2xx "
    "as success."
)
_NAMES = ["ours", "official-seq", "official-gather"]


async def _one(emu: Emulator, name: str, prefix: str, n: int, options: Options, last: float) -> dict[str, Any]:
    collection_id = await emu.create_collection(prefix)
    docs = [doc(prefix, i) for i in range(n)]
    await refilled(WRITE_LIMIT, last, options)
    before = await emu.token_stats()
    if name == "ours":
        out = await clients.create_ours(emu.url, emu.token, collection_id, docs, WRITE_LIMIT)
    else:
        out = await clients.create_official(emu.url, emu.token, collection_id, docs, gather=name == "official-gather")
    after = await emu.token_stats()
    count, unique = emu.slug_counts(collection_id)
    out.update(
        requests=after["requests"] - before["requests"],
        server_429=after["rateLimited"] - before["rateLimited"],
        lost=n - unique,
        duplicated=count - unique,
    )
    return out


async def run(options: Options) -> Result:
    n = options.size(30_000, 600)
    requests = math.ceil(n / clients.PAGE)
    bound = rate_bound(requests, WRITE_LIMIT)
    say(NUMBER, f"{n:,} items at {WRITE_LIMIT.requests}/{WRITE_LIMIT.per:g}s")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in _NAMES}
    with Emulator(rate_limit=f"{WRITE_LIMIT.requests}/{WRITE_LIMIT.per:g}") as emu:
        last = time.monotonic()
        for round_, order in enumerate(rotations(_NAMES, options.runs)):
            for name in order:
                out = await _one(emu, name, f"r{round_}-{name}", n, options, last)
                last = time.monotonic()
                runs[name].append(out)
                say(NUMBER, f"{name:16} run {round_ + 1}: {out['wall']:.2f}s, {out['server_429']} 429s")
    return _result(runs, n, requests, bound, options)


def _result(runs: dict[str, list[dict[str, Any]]], n: int, requests: int, bound: float, options: Options) -> Result:
    result = Result(NUMBER)
    med = {name: median([r["wall"] for r in runs[name]]) for name in _NAMES}
    ratio = {name: med[name] / bound if bound else float("nan") for name in _NAMES}
    worst = {key: {name: max(r[key] for r in runs[name]) for name in _NAMES} for key in ("lost", "duplicated")}
    surfaced = {name: max(r["surfaced_429_items"] for r in runs[name]) for name in _NAMES}
    result.add("wall time, median (s)", {**med, "bound": bound}, note=f"{requests} requests, bound {bound:.2f}s")
    result.add("wall / rate bound", ratio, "ours <= 1.10", options.verdict(ratio["ours"] <= 1.10))
    result.add(
        "429s answered by the server (median)",
        {name: median([r["server_429"] for r in runs[name]]) for name in _NAMES},
    )
    result.add("requests sent (median)", {name: median([r["requests"] for r in runs[name]]) for name in _NAMES})
    result.add(
        "items failed with 429 at the caller (worst)", surfaced, "ours 0", options.verdict(surfaced["ours"] == 0)
    )
    result.add("items lost (worst run)", worst["lost"], "ours 0", options.verdict(worst["lost"]["ours"] == 0))
    result.add(
        "items duplicated (worst run)",
        worst["duplicated"],
        "ours 0",
        options.verdict(worst["duplicated"]["ours"] == 0),
    )
    result.timelines = {name: runs[name][-1]["timeline"] for name in _NAMES}
    result.bound_line = {
        "items": n,
        "burst_items": WRITE_LIMIT.requests * clients.PAGE,
        "items_per_s": WRITE_LIMIT.requests / WRITE_LIMIT.per * clients.PAGE,
    }
    result.raw = {name: [{k: v for k, v in r.items() if k != "timeline"} for r in runs[name]] for name in _NAMES}
    return result
