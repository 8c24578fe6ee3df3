"""Issue 23's figures against the emulator: a 5,000-row source, then a run with 60 rows to write, then none.

The requests are counted twice: by the run's report (what the client sent) and by the emulator. Both date
bound readings are run (``--date-bounds``): the watermark is one millisecond before the newest change seen,
so the same delta read works whether Webflow's ``lastUpdated[gte]`` keeps the bound or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import emulated
from sync._harness import Env, posts, same_as_source
from webflow_cms.sync import sync

pytestmark = pytest.mark.anyio

N = 5_000
CHANGED = range(0, N, N // 50)  # 50 rows spread over the collection
DROPPED = range(7, 17)  # 10 rows


@pytest.mark.parametrize("bounds", ["inclusive", "exclusive"])
async def test_first_run_creates_all_a_changed_run_costs_6_requests_an_unchanged_one_2(
    bounds: str, tmp_path: Path
) -> None:
    async with emulated(rate_limit="1000000/1", date_bounds=bounds) as emu:
        env = Env(emu, tmp_path / "posts.sync.sqlite3")
        async with env.client() as wf:
            first = await sync(wf, env.collection_id, posts(N), ledger=env.ledger)
            assert first.counts["created"] == N
            assert first.ok
            assert str(first.scan_reason).startswith("first run")
            # count, no scan (the collection is empty), 50 creates, the closing read
            assert first.requests == 1 + N // 100 + 1
            assert await same_as_source(env, posts(N)) == []

            source = posts(N, changed=CHANGED, drop=DROPPED, extra=10)
            before = await env.requests_seen()
            second = await sync(wf, env.collection_id, source, ledger=env.ledger, on_missing="delete")
            seen = await env.requests_seen() - before  # the stats reads are not counted
            assert (second.counts["created"], second.counts["updated"], second.counts["deleted"]) == (10, 50, 10)
            assert second.counts["unchanged"] == N - 60
            assert second.scan_reason is None
            # count, delta, one delete, one update and one create request, the closing read
            assert second.requests == seen == 6
            assert second.watermark_note is None
            assert await same_as_source(env, source) == []

            before = await env.requests_seen()
            third = await sync(wf, env.collection_id, source, ledger=env.ledger, on_missing="delete")
            assert third.requests == await env.requests_seen() - before == 2  # count and delta
            assert third.counts["unchanged"] == len(source)
            assert third.summary() == f"{len(source):,} unchanged".replace(",", "")
