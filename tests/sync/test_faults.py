"""Under the fault-injection emulator (30% of writes fail, 5% of connections drop), runs end equal to the source.

A run that meets faults reports the rows it could not confirm; the next run settles them, as a nightly job
run again would. The short run is part of ``make test``; the long ones are ``@pytest.mark.chaos``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability._harness import chaotic
from sync._harness import Env, posts, same_as_source
from webflow_cms import RetryPolicy, WebflowError
from webflow_cms.sync import SyncReport, sync

pytestmark = pytest.mark.anyio

_RUNS = 10


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries still happen; only the wait before them is cut to a millisecond."""
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt, rng=None: 0.001)


async def _until_done(env: Env, source: list[dict[str, object]]) -> list[SyncReport | WebflowError]:
    """Sync until a run reports every row and removal done (a run stopped by an error counts as one)."""
    history: list[SyncReport | WebflowError] = []
    async with env.client() as wf:
        for _ in range(_RUNS):
            try:
                report = await sync(wf, env.collection_id, source, ledger=env.ledger, on_missing="delete")
            except WebflowError as exc:  # a read that failed every retry: the run is simply run again
                history.append(exc)
                continue
            history.append(report)
            if report.ok:
                return history
    raise AssertionError(f"not done after {_RUNS} runs: {history}")


async def _faulty_nights(size: int, seed: int, tmp_path: Path) -> None:
    async with chaotic(rate_limit="1000000/1", fault_rate=0.3, reset_rate=0.05, seed=seed) as emu:
        env = Env(emu, tmp_path / "ledger.sqlite3")
        first = posts(size)
        await _until_done(env, first)
        assert await same_as_source(env, first) == []
        second = posts(size, changed=range(0, size, 7), drop=range(3, size, 50), extra=size // 20)
        await _until_done(env, second)
        assert await same_as_source(env, second) == []
        stats = await emu.stats()
        assert stats["faults"]["total"] > 0  # the faults did hit the sync's writes
        assert stats["resets"]["total"] > 0


async def test_faulty_nights_end_equal_to_the_source(tmp_path: Path) -> None:
    await _faulty_nights(2_000, seed=3, tmp_path=tmp_path)


@pytest.mark.chaos
@pytest.mark.parametrize("seed", [11, 12, 13])
async def test_faulty_nights_at_5000_rows(tmp_path: Path, seed: int) -> None:
    await _faulty_nights(5_000, seed=seed, tmp_path=tmp_path)
