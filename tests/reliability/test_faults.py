"""Every bulk helper under injected 500/503s and dropped connections: nothing lost, duplicated or stale.

One pipeline per fault rate: create_many, update_many, upsert_many (with publish), publish, delete_many.
After each step the emulator's state is read back with plain httpx and compared, input by input, with
what the BulkResult claims: a succeeded input is applied, a failed one is absent or unchanged, an unknown
one is either (and is settled by a re-run at the end). The short run is part of `make test`; the long
ones (`make test-chaos`) fill the table in RESULTS.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import anyio
import pytest

from reliability._harness import Check, Figures, accounted, chaotic
from support import Emulated, by_slug, post, read_all
from webflow_cms import AsyncWebflowCMS, BulkResult, RateLimit

pytestmark = pytest.mark.anyio

Fields = dict[str, Any] | None
#: For an input: (slug, server state if it was applied, server state if it was not).
Outcomes = Callable[[int], tuple[str, Fields, Fields]]


def _matches(have: Mapping[str, Any] | None, want: Fields) -> bool:
    if want is None or have is None:
        return want is None and have is None
    return all(have["fieldData"].get(k) == v for k, v in want.items())


def _fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: doc["fieldData"][k] for k in ("name", "summary", "rank")}


class Pipeline:
    """The expected state (slug -> fields, or None for absent) and the checks after each step."""

    def __init__(self, emu: Emulated) -> None:
        self.emu = emu
        self.expected: dict[str, Fields] = {}
        self.check = Check()
        self.unknown = 0

    async def verify(self, step: str, result: BulkResult, outcome: Outcomes, *, live: bool = False) -> None:
        accounted(result)
        raw = await read_all(self.emu.url, self.emu.token, self.emu.collection_id, live=live)
        server = by_slug(raw)
        dups = server.duplicates
        self.check.duplicated.extend(f"{step}:{s}" for s in dups)
        applied = {s.index for s in result.succeeded}
        not_applied = {f.index for f in result.failed} | set(result.skipped)
        self.unknown += len(result.unknown)
        for index in range(result.total):
            slug, if_applied, if_not = outcome(index)
            have = server.get(slug)
            if index in applied:
                if not _matches(have, if_applied):
                    (self.check.lost if have is None else self.check.stale).append(f"{step}:{slug}")
            elif index in not_applied:
                if not _matches(have, if_not):
                    # Reported failed (not applied) but the server shows otherwise.
                    self.check.misreported.append(f"{step}:{slug}")
                    if _matches(have, if_applied):
                        not_applied.discard(index)
                        applied.add(index)
            elif not (_matches(have, if_applied) or _matches(have, if_not)):
                self.check.stale.append(f"{step}:{slug}")
            if not live:
                # The expected state follows what the server shows when the report allows either.
                if index in applied:
                    self.expected[slug] = if_applied
                elif index in not_applied:
                    self.expected[slug] = if_not
                else:
                    self.expected[slug] = if_applied if _matches(have, if_applied) else if_not

    async def final(self) -> None:
        raw = await read_all(self.emu.url, self.emu.token, self.emu.collection_id)
        server = by_slug(raw)
        dups = server.duplicates
        self.check.duplicated.extend(f"final:{s}" for s in dups)
        for slug, want in self.expected.items():
            have = server.get(slug)
            if not _matches(have, want):
                (self.check.lost if have is None else self.check.stale).append(f"final:{slug}")
        self.check.unexpected.extend(f"final:{s}" for s in server if s not in self.expected)

    async def ids(self) -> dict[str, str]:
        raw = await read_all(self.emu.url, self.emu.token, self.emu.collection_id)
        return {item["fieldData"]["slug"]: item["id"] for item in raw}


async def run_pipeline(
    scenario: str,
    n: int,
    *,
    fault_rate: float,
    reset_rate: float,
    rate_limit: str = "100000/1",
    latency_ms: float = 0,
    seed: int = 1,
    concurrency: int = 8,
) -> tuple[Figures, Check]:
    async with chaotic(
        fault_rate=fault_rate, reset_rate=reset_rate, rate_limit=rate_limit, latency_ms=latency_ms, seed=seed
    ) as emu:
        requests, per = rate_limit.split("/")
        limit = RateLimit(int(requests), float(per))
        started = time.monotonic()
        async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=limit, max_concurrency=concurrency) as wf:
            items = wf.items(emu.collection_id)
            p = Pipeline(emu)

            # 1. create every post
            docs = [post(i) for i in range(n)]
            result = await items.create_many(docs)
            await p.verify("create", result, lambda i: (f"post-{i}", _fields(docs[i]), None))

            # 2. update the summary of every post that exists
            ids = await p.ids()
            present = sorted(ids, key=lambda s: int(s.split("-")[1]))
            changes = [{"id": ids[s], "fieldData": {"summary": f"updated {s}"}} for s in present]
            before = dict(p.expected)
            result = await items.update_many(changes)

            def updated(i: int) -> tuple[str, Fields, Fields]:
                slug = present[i]
                old = before[slug]
                assert old is not None
                return slug, {**old, "summary": f"updated {slug}"}, old

            await p.verify("update", result, updated)

            # 3. upsert: every third post changed, the rest as they are, n/10 new ones; published
            upserts = [post(i, summary=f"upserted {i}") for i in range(0, n, 3)]
            upserts += [post(n + i) for i in range(n // 10)]
            before = dict(p.expected)
            result = await items.upsert_many(upserts, publish=True)
            up_slugs = [doc["fieldData"]["slug"] for doc in upserts]
            await p.verify("upsert", result, lambda i: (up_slugs[i], _fields(upserts[i]), before.get(up_slugs[i])))

            # 4. publish half of what exists, then check the live copies
            ids = await p.ids()
            staged = {s: p.expected[s] for s in ids}
            live_before = by_slug(await read_all(emu.url, emu.token, emu.collection_id, live=True))
            to_publish = sorted(ids)[::2]
            result = await items.publish([ids[s] for s in to_publish])
            await p.verify(
                "publish",
                result,
                lambda i: (
                    to_publish[i],
                    staged[to_publish[i]],
                    {k: live_before[to_publish[i]]["fieldData"][k] for k in ("name", "summary", "rank")}
                    if to_publish[i] in live_before
                    else None,
                ),
                live=True,
            )

            # 5. delete a quarter
            ids = await p.ids()
            to_delete = sorted(ids)[::4]
            before = dict(p.expected)
            result = await items.delete_many([ids[s] for s in to_delete])
            await p.verify("delete", result, lambda i: (to_delete[i], None, before[to_delete[i]]))

            await p.final()
            retries = wf.transport.retries
        stats = await emu.stats()
        wall = time.monotonic() - started
    check = p.check
    figures = Figures(
        scenario,
        n,
        stats["faults"]["total"],
        stats["resets"]["total"],
        retries,
        len(check.lost),
        len(check.duplicated),
        len(check.stale),
        p.unknown,
        wall,
        len(check.misreported),
    )
    return figures, check


def _assert_clean(figures: Figures, check: Check) -> None:
    assert figures.faults > 0, "no fault was injected: the run proves nothing"
    assert not check.lost, check.describe()
    assert not check.duplicated, check.describe()
    assert not check.stale, check.describe()
    assert not check.unexpected, check.describe()
    assert not check.misreported, check.describe()


async def test_short_pipeline_at_fault_rate_0_2(figures: list[Figures]) -> None:
    with anyio.fail_after(55):
        row, check = await run_pipeline("short 0.2", 1000, fault_rate=0.2, reset_rate=0.02, seed=3, concurrency=16)
    figures.append(row)
    print(f"\n{row}\n{check.describe()}")
    _assert_clean(row, check)


@pytest.mark.chaos
@pytest.mark.parametrize("fault_rate", [0.05, 0.2, 0.4])
async def test_chaos_pipeline(fault_rate: float, figures: list[Figures]) -> None:
    with anyio.fail_after(900):
        row, check = await run_pipeline(
            f"chaos pipeline {fault_rate}",
            5000,
            fault_rate=fault_rate,
            reset_rate=0.02,
            rate_limit="60/1",
            latency_ms=5,
            seed=int(fault_rate * 100),
        )
    figures.append(row)
    print(f"\n{row}\n{check.describe()}")
    _assert_clean(row, check)
