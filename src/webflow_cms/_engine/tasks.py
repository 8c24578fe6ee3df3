"""Running many small jobs at once under anyio, with a bound on how many run together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

import anyio
import anyio.lowlevel

from ..errors import first_error

__all__ = ["run_all"]


async def run_all(jobs: Iterable[Callable[[], Awaitable[None]]], concurrency: int) -> None:
    """Run the jobs concurrently, at most ``concurrency`` at a time; the first error stops them all.

    ``jobs`` may be lazy: it is drawn one job at a time, letting started jobs
    run in between, so the first request does not wait for the last job to be
    built.
    """
    limiter = anyio.CapacityLimiter(concurrency)

    async def run(job: Callable[[], Awaitable[None]]) -> None:
        async with limiter:
            await job()

    try:
        async with anyio.create_task_group() as tg:
            for job in jobs:
                tg.start_soon(run, job)
                await anyio.lowlevel.checkpoint()
    except BaseExceptionGroup as group:
        raise first_error(group) from None
