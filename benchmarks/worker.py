"""One worker process of scenario 6: ``python -m benchmarks.worker VARIANT URL TOKEN COLLECTION N PREFIX [REDIS]``.

It builds its client (imports and all), prints ``ready``, waits for ``go`` on stdin (so that every
worker starts together), creates N items as a user of that client would, and prints one JSON line:
its wall time from ``go``, the 429s its client saw, and the items it was told failed.

Variants: ``ours-redis`` (AsyncWebflowCMS with RedisLimiter), ``ours`` (AsyncWebflowCMS, its own
TokenBucket), ``official`` (webflow 2.0.0, one 100-item request after another, default retries).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import httpx

from webflow_cms import AsyncWebflowCMS, RateLimit, RedisLimiter

from . import clients
from .emulator import doc

#: The emulator's limit in scenario 6, which every worker of ours is configured with.
LIMIT = RateLimit(20, 2)


def build_ours(url: str, token: str, redis: str | None) -> AsyncWebflowCMS:
    return AsyncWebflowCMS(token, base_url=url, rate_limit=RedisLimiter(redis, LIMIT) if redis else LIMIT)


async def run_ours(wf: AsyncWebflowCMS, collection_id: str, docs: list[dict[str, Any]]) -> dict[str, Any]:
    async with wf:
        result = await wf.items(collection_id).create_many(docs)
        return {"rate_limited": wf.transport.rate_limited, "failed": result.total - len(result.succeeded)}


async def run_official(
    built: tuple[Any, httpx.AsyncClient], collection_id: str, docs: list[dict[str, Any]]
) -> dict[str, Any]:
    wf, http = built
    limited = 0

    async def count(response: httpx.Response) -> None:
        nonlocal limited
        limited += response.status_code == 429

    http.event_hooks["response"].append(count)
    failed = 0
    try:
        for part in clients.chunks(docs):
            if await clients._official_create_chunk(wf, collection_id, part) != "ok":
                failed += len(part)
    finally:
        await http.aclose()
    return {"rate_limited": limited, "failed": failed}


async def main(argv: list[str]) -> None:
    variant, url, token, collection_id, n, prefix = argv[:6]
    redis = argv[6] if len(argv) > 6 else None
    docs = [doc(prefix, i) for i in range(int(n))]
    official = clients.official(url, token) if variant == "official" else None
    ours = None if official else build_ours(url, token, redis if variant == "ours-redis" else None)
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("worker: expected 'go'")
    start = time.perf_counter()
    if official is not None:
        out = await run_official(official, collection_id, docs)
    else:
        assert ours is not None
        out = await run_ours(ours, collection_id, docs)
    out["wall"] = time.perf_counter() - start
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
