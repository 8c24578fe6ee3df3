"""Scenario 8, live listing through Content Delivery vs the Data API (issue 22).

A collection of published items is listed, live, four times by one application whose two clients
share one rate budget: twice through the Data API (``api-1st``, ``api-2nd``), then through the
Content Delivery prefix once to fill its cache (``cdn-cold``) and once more (``cdn-warm``). Every
Data API request is charged to the budget; a Content Delivery request is charged after its answer
unless that was a cache HIT, so the warm listing should cost no requests and run at network speed.

The budget is 60 requests a minute, time-lapsed ``SCALE`` times (the client's and the emulator's
limit alike) so that a run takes seconds; each listing but the warm one starts with a full bucket,
as in scenario 1. The emulator keeps a cached answer 300 s (its default, not lapsed): the warm
listing starts seconds after the cold one, well within Webflow's own lifetime
(https://developers.webflow.com/data/docs/working-with-the-cms/content-delivery).
Items are seeded and published straight into the emulator's SQLite file (benchmarks/seeding.py).
The official SDK has no Content Delivery option (``OFFICIAL_NOTE``), so it has no column here.
"""

from __future__ import annotations

import time
from typing import Any

import anyio

from webflow_cms import AsyncWebflowCMS, RateLimit, TokenBucket
from webflow_cms_emulator.cdn import cdn_url

from .. import clients
from ..emulator import Emulator
from ..harness import Options, Result, median, say
from ..seeding import bulk_seed, publish_all

NUMBER = 8
NAME = "content_delivery"
TITLE = "live listing via Content Delivery"
VARIANTS = (
    "ours lists the published items live four times on one budget: twice through the Data API "
    "(`api-1st`, `api-2nd`), then with `content_delivery=` once to fill the cache (`cdn-cold`) and once more "
    "(`cdn-warm`)."
)

#: How many times faster than real the budget runs: a minute of it lasts 60 / SCALE seconds.
SCALE = 10
#: 60 requests a minute, time-lapsed.
LIMIT = RateLimit(60, 60 / SCALE)
PHASES = ["api-1st", "api-2nd", "cdn-cold", "cdn-warm"]
#: The warm listing must be at least this many times faster than the faster Data API listing.
SPEED_UP = 10.0
OFFICIAL_NOTE = (
    f"{clients.PEER} has no Content Delivery option: its WebflowEnvironment names a content_delivery_api "
    "URL, but every call is sent to `base` (pointing `base` at the CDN would send writes there too)"
)


class _CountingBucket(TokenBucket):
    """The client's own bucket, counting the requests charged to it."""

    def __init__(self, rate: RateLimit) -> None:
        super().__init__(rate)
        self.taken = 0

    async def acquire(self) -> None:
        self.taken += 1
        await super().acquire()


async def _listing(wf: AsyncWebflowCMS, emu: Emulator, bucket: _CountingBucket, collection_id: str) -> dict[str, Any]:
    """One live listing of the whole collection, with what it cost the client and the emulator."""
    before, taken = await emu.token_stats(), bucket.taken
    start = time.perf_counter()
    count = 0
    async for _item in wf.items(collection_id).list(live=True):
        count += 1
    wall = time.perf_counter() - start
    after = await emu.token_stats()

    def delta(key: str, sub: str | None = None) -> int:
        new, old = (after.get(key, {}), before.get(key, {})) if sub else (after, before)
        return int(new.get(sub or key, 0)) - int(old.get(sub or key, 0))

    hits, misses, refused = delta("cdn", "hits"), delta("cdn", "misses"), delta("rateLimited")
    return {
        "count": count,
        "wall": wall,
        "charged": bucket.taken - taken,
        # Requests the emulator's limiter let through: all but the cached answers and its 429s.
        "server_charged": delta("requests") - hits - refused,
        "server_429": refused,
        "hits": hits,
        "misses": misses,
    }


async def _round(emu: Emulator, round_: int, n: int, smoke: bool, last: float) -> tuple[dict[str, Any], float]:
    collection_id = await emu.create_collection(f"cdn-{round_}")
    await anyio.to_thread.run_sync(bulk_seed, emu, collection_id, n, f"c{round_}")
    await anyio.to_thread.run_sync(publish_all, emu, collection_id)
    bucket = _CountingBucket(LIMIT)
    out: dict[str, Any] = {}
    async with (
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=bucket) as api,
        AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=bucket, content_delivery=cdn_url(emu.url)) as cdn,
    ):
        for phase in PHASES:
            if phase != "cdn-warm" and not smoke:  # a full bucket, on both sides
                await anyio.sleep(max(0.0, last + LIMIT.per * 1.1 - time.monotonic()))
            out[phase] = result = await _listing(cdn if phase.startswith("cdn") else api, emu, bucket, collection_id)
            last = time.monotonic()
            if result["count"] != n:
                raise RuntimeError(f"scenario 8: {phase} listed {result['count']} live items, expected {n}")
        cache = cdn.content_delivery  # the client's own count of HITs and MISSes
        out["client_cache"] = {"hits": getattr(cache, "hits", None), "misses": getattr(cache, "misses", None)}
    return out, last


async def run(options: Options) -> Result:
    n = options.size(10_000, 500)
    say(NUMBER, f"{n:,} live items")
    runs: list[dict[str, Any]] = []
    with Emulator(rate_limit=f"{LIMIT.requests}/{LIMIT.per:g}") as emu:
        last = time.monotonic()
        for round_ in range(options.runs):
            out, last = await _round(emu, round_, n, options.smoke, last)
            runs.append(out)
            done = ", ".join(f"{p} {out[p]['wall']:.2f}s/{out[p]['charged']} charged" for p in PHASES)
            say(NUMBER, f"run {round_ + 1}: {done}")
    return _result(runs, n, options)


def _result(runs: list[dict[str, Any]], n: int, options: Options) -> Result:
    def med(key: str) -> dict[str, Any]:
        return {p: median([r[p][key] for r in runs]) for p in PHASES}

    def worst(key: str) -> dict[str, Any]:
        return {p: max(r[p][key] for r in runs) for p in PHASES}

    result = Result(NUMBER, raw={"scale": SCALE, "limit": [LIMIT.requests, LIMIT.per], "runs": runs})
    wall = med("wall")
    lapse = f"time-lapsed {SCALE}x: {LIMIT.requests} requests per {LIMIT.per:g} s stand for {LIMIT.requests} a minute"
    result.add("requests charged by the client's limiter (median)", med("charged"), note=f"{n:,} live items")
    result.add(
        "requests the emulator's limiter let through (median)",
        med("server_charged"),
        note="429s, worst run: " + ", ".join(f"{p} {v}" for p, v in worst("server_429").items()),
    )
    result.add("budget spent, un-lapsed (s at 60/min)", {p: v * 60 / LIMIT.requests for p, v in med("charged").items()})
    result.add("wall time, median (s)", wall, note=lapse)
    result.add(
        "wall time, un-lapsed (min)",
        {p: v * SCALE / 60 for p, v in wall.items()},
        note=f"real x {SCALE}: exact for time waiting on the budget, an overstatement for time on the network",
    )
    result.add("cache hits (median)", med("hits"), note="the emulator's CF-Cache-Status counts")
    result.add("cache misses (median)", med("misses"))
    charged = worst("charged")["cdn-warm"] + worst("server_charged")["cdn-warm"]
    result.add(
        "warm CDN listing: requests charged (worst run, client + emulator)",
        {"cdn-warm": charged},
        "0",
        options.verdict(charged == 0),
    )
    speed_up = min(wall["api-1st"], wall["api-2nd"]) / wall["cdn-warm"]
    result.add(
        "faster Data API listing / warm CDN listing, wall",
        {"cdn-warm": speed_up},
        f">= {SPEED_UP:g}x",
        options.verdict(speed_up >= SPEED_UP),
    )
    result.add("official SDK", {}, note=OFFICIAL_NOTE)
    return result
