"""429 storms: a tiny server limit, many tasks sharing one client whose own bucket is sized far too high."""

from __future__ import annotations

import time

import anyio
import httpx
import pytest

from reliability._harness import Figures
from support import emulated, post
from webflow_cms import AsyncWebflowCMS, RateLimit

pytestmark = pytest.mark.anyio


async def _storm(
    tasks: int,
    per_task: int,
    server_limit: str,
    client: RateLimit,
    figures: list[Figures],
    name: str,
    *,
    min_share: float | None = None,
) -> None:
    """``min_share``: the least share of the server's rate the client keeps using after the first 429."""
    seen: list[tuple[float, int]] = []

    async def on_response(response: httpx.Response) -> None:
        seen.append((time.monotonic(), response.status_code))

    capacity, per = (float(x) for x in server_limit.split("/"))
    async with emulated(rate_limit=server_limit) as emu:
        await anyio.sleep(per)  # the collection setup used a token; start from a full bucket
        async with httpx.AsyncClient(event_hooks={"response": [on_response]}) as http:
            # The client's bucket is larger than the server's: only 429s and rate-limit headers can slow it down.
            async with AsyncWebflowCMS(
                emu.token, base_url=emu.url, rate_limit=client, http_client=http, max_concurrency=4
            ) as wf:
                items = wf.items(emu.collection_id)
                started = time.monotonic()
                done: list[int] = []
                # The collection starts empty and nothing is deleted: a listing counts at least the creates
                # that had returned before it was sent, and at most the creates sent so far.
                creates_sent = 0
                creates_done = 0

                async def worker(k: int) -> None:
                    nonlocal creates_sent, creates_done
                    for j in range(per_task):
                        if j % 2:
                            floor = creates_done
                            page = await items.list(page_size=1)
                            assert floor <= page.total <= creates_sent, (floor, page.total, creates_sent)
                            assert len(page.items) == 1
                        else:
                            creates_sent += 1
                            created = await items.create(post(k * 1000 + j))
                            creates_done += 1
                            assert created.slug == f"post-{k * 1000 + j}"
                    done.append(k)

                with anyio.fail_after(120):
                    async with anyio.create_task_group() as tg:
                        for k in range(tasks):
                            tg.start_soon(worker, k)
                wall = time.monotonic() - started
                assert sorted(done) == list(range(tasks))
                limited = [t for t, status in seen if status == 429]
                figures.append(
                    Figures(
                        f"{name} ({len(limited)} x 429 of {len(seen)})",
                        tasks * per_task,
                        0,
                        0,
                        wf.transport.retries,
                        0,
                        0,
                        0,
                        0,
                        wall,
                    )
                )
                assert limited, "no 429 at all: the storm did not happen"
                first = limited[0]
                # After the first 429 the client has learned: later 429s are few, and the accepted
                # request rate stays within the server's bucket (capacity + rate * window).
                later = [t for t in limited if t > first + per + 0.5]
                ok_after = [t for t, status in seen if status != 429 and t > first]
                window = max(ok_after[-1] - first, per) if ok_after else per
                assert len(ok_after) <= capacity + (capacity / per) * window + 1
                assert len(later) <= max(3, len(seen) // 20), (len(later), len(limited), len(seen))
                if min_share is not None:
                    # Slowing down must not become starving: the accepted rate after the first 429 stays
                    # near the server's (a wall-clock figure, so only in the chaos suite, with a wide margin).
                    rate = len(ok_after) / window
                    print(f"{name}: {rate:.2f} accepted/s after the first 429, server allows {capacity / per:g}/s")
                    assert rate >= min_share * capacity / per, (rate, capacity / per)
                stats = await emu.stats()
                assert stats["rateLimited"] == len(limited)
                print(f"\n{name}: {len(seen)} answers, {len(limited)} x 429 ({len(later)} after the first second)")


@pytest.mark.slow
async def test_storm_of_16_tasks_on_5_per_second_with_a_2x_bucket(figures: list[Figures]) -> None:
    await _storm(16, 2, "5/1", RateLimit(10, 1), figures, "429 storm (short), 16 tasks, 5/1")


@pytest.mark.chaos
async def test_chaos_storm_of_64_tasks_on_5_per_second_with_a_20x_bucket(figures: list[Figures]) -> None:
    # A bucket 20x too large (another process on the token, a wrong plan): after the first 429 the client
    # must slow down to the server's pace instead of bursting into a 429 after every Retry-After pause.
    await _storm(
        64, 4, "5/1", RateLimit(100, 1), figures, "chaos 429 storm, 64 tasks, 5/1, client 100/1", min_share=0.6
    )
