"""run_all: bounded concurrency under anyio, and the first real error out of a task group."""

from __future__ import annotations

from functools import partial

import anyio
import anyio.lowlevel
import pytest

from webflow_cms import ValidationError
from webflow_cms._engine.tasks import run_all


@pytest.mark.anyio
async def test_run_all_raises_first_real_error_not_a_group() -> None:
    finished: list[int] = []

    async def hang() -> None:
        await anyio.sleep_forever()

    async def quick(n: int) -> None:
        await anyio.lowlevel.checkpoint()
        finished.append(n)

    async def boom() -> None:
        await anyio.lowlevel.checkpoint()
        raise ValidationError("bad", status=400)

    with pytest.raises(ValidationError) as info:
        await run_all([hang, partial(quick, 1), boom, hang], concurrency=4)
    assert not isinstance(info.value, BaseExceptionGroup)
    assert finished in ([], [1])  # the hung jobs were cancelled, not awaited


@pytest.mark.anyio
async def test_run_all_unwraps_nested_groups() -> None:
    async def nested() -> None:
        raise ExceptionGroup("outer", [ExceptionGroup("inner", [KeyError("k")])])

    with pytest.raises(KeyError):
        await run_all([nested], concurrency=1)


@pytest.mark.anyio
async def test_run_all_bounds_concurrency_and_runs_everything() -> None:
    running = 0
    peak = 0
    done = 0

    async def job() -> None:
        nonlocal running, peak, done
        running += 1
        peak = max(peak, running)
        for _ in range(3):
            await anyio.lowlevel.checkpoint()
        running -= 1
        done += 1

    await run_all([job] * 20, concurrency=3)
    assert done == 20
    assert peak == 3
