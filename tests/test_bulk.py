"""Per-input accounting of bulk calls: the tracker, results, and jobs."""

from __future__ import annotations

import traceback
from functools import partial
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from webflow_cms import BulkError, BulkJob, BulkResult, Succeeded, ValidationError
from webflow_cms._engine.tasks import run_all
from webflow_cms._engine.tracker import Tracker
from webflow_cms.errors import ModelMismatchError, NotFoundError
from webflow_cms.models import Item

# ------------------------------------------------------------------ Tracker / BulkResult


def test_tracker_settles_each_input_once_and_finishes() -> None:
    progress: list[tuple[int, int]] = []
    tracker = Tracker(["a", "b", "c", "d", "e", "f"], lambda done, total: progress.append((done, total)))
    err = ValidationError("bad slug", status=400, code="validation_error")
    tracker.start([0, 1, 2, 3])
    tracker.succeed(0, "created", id="id0")
    tracker.fail(1, err)
    tracker.succeed(1, "created")  # ignored: already failed
    tracker.fail(0, err)  # ignored: already succeeded
    tracker.mark_unknown(0)  # ignored
    tracker.succeed(3, "updated")
    assert tracker.is_done(0)
    assert not tracker.is_done(2)
    tracker.report()
    assert progress == [(3, 6)]
    tracker.finish()
    result = tracker.result
    assert [(s.index, s.input, s.action, s.id) for s in result.succeeded] == [
        (0, "a", "created", "id0"),
        (3, "d", "updated", None),
    ]
    assert [(f.index, f.input, f.error) for f in result.failed] == [(1, "b", err)]
    assert result.unknown == [2]
    assert result.skipped == [4, 5]
    assert result.counts() == {"created": 1, "updated": 1, "failed": 1, "unknown": 1, "skipped": 2}
    assert not result.ok
    # Settling after finish changes nothing.
    tracker.succeed(4, "created")
    tracker.finish()
    assert result.skipped == [4, 5]
    assert len(result.succeeded) == 2


def test_tracker_start_does_not_reopen_settled_input() -> None:
    tracker = Tracker(["a", "b"], None)
    tracker.succeed(0, "deleted")
    tracker.start([0, 1])
    tracker.finish()
    assert [s.index for s in tracker.result.succeeded] == [0]
    assert tracker.result.unknown == [1]
    assert tracker.result.skipped == []


def test_bulk_result_raise_on_failure() -> None:
    tracker = Tracker(["a", "b", "c"], None)
    err = ValidationError("bad slug", status=400, code="validation_error")
    tracker.succeed(0, "created")
    tracker.fail(2, err)
    tracker.finish()
    with pytest.raises(BulkError) as info:
        tracker.result.raise_on_failure()
    assert info.value.result is tracker.result
    assert "2 of 3" in str(info.value)
    assert "bad slug" in str(info.value)

    ok = Tracker(["a"], None)
    ok.succeed(0, "published")
    ok.finish()
    assert ok.result.ok
    assert ok.result.raise_on_failure() is ok.result
    assert ok.result.counts() == {"published": 1}


def test_bulk_error_without_a_failed_input_names_no_first_error() -> None:
    result = BulkResult(total=3, unknown=[0], skipped=[2])
    result.succeeded.append(Succeeded(1, "b", "created", id="id1"))
    with pytest.raises(BulkError) as info:
        result.raise_on_failure()
    assert str(info.value) == "2 of 3 inputs did not succeed: {'created': 1, 'unknown': 1, 'skipped': 1}"
    assert info.value.result is result


def test_tracker_reopen_takes_a_success_back_to_settle_it_again() -> None:
    progress: list[tuple[int, int]] = []
    tracker = Tracker(["a", "b", "c"], lambda done, total: progress.append((done, total)))
    tracker.start([0, 1, 2])
    tracker.succeed(0, "created", id="id0")
    tracker.succeed(1, "created", id="id1")
    tracker.succeed(2, "created", id="id2")
    record = tracker.reopen(1)
    assert (record.index, record.input, record.action, record.id) == (1, "b", "created", "id1")
    assert [s.index for s in tracker.result.succeeded] == [0, 2]
    assert not tracker.is_done(1)
    tracker.report()
    assert progress == [(2, 3)]
    with pytest.raises(KeyError) as missing:
        tracker.reopen(1)  # no success left to take back
    assert missing.value.args == (1,)
    tracker.finish()  # reopened and never settled again: in flight, so unknown
    assert tracker.result.unknown == [1]
    assert tracker.result.skipped == []
    assert tracker.result.counts() == {"created": 2, "unknown": 1}

    again = Tracker(["a", "b"], lambda done, total: progress.append((done, total)))
    again.succeed(0, "created")
    again.succeed(1, "created")
    again.reopen(0)
    again.fail(0, ValidationError("bad", status=None))  # settles again, once
    again.report()
    assert progress[-1] == (2, 2)
    assert [(f.index, f.input) for f in again.result.failed] == [(0, "a")]
    assert [s.index for s in again.result.succeeded] == [1]


def test_bulk_result_empty_is_ok() -> None:
    result = BulkResult(total=0)
    assert result.ok
    assert result.counts() == {}
    assert result.raise_on_failure() is result


# ------------------------------------------------------------------ BulkJob

ITEM = Item.from_wire(
    {
        "id": "a1" * 12,
        "lastPublished": None,
        "lastUpdated": "2026-01-01T00:00:00.000Z",
        "createdOn": "2026-01-01T00:00:00.000Z",
        "fieldData": {"name": "A", "slug": "a"},
    }
)


def settled(result: BulkResult) -> list[int]:
    return sorted(
        [s.index for s in result.succeeded] + [f.index for f in result.failed] + result.unknown + result.skipped
    )


@pytest.mark.anyio
async def test_bulk_job_cancelled_still_has_complete_result() -> None:
    inputs = list(range(60))
    batches = [inputs[k : k + 10] for k in range(0, 60, 10)]
    quick = {b[0] for b in batches if b[0] % 20 == 0}  # batches 0, 2, 4 answer at once
    progress: list[tuple[int, int]] = []
    tracker = Tracker(inputs, lambda d, t: progress.append((d, t)))

    async def batch(t: Tracker, indices: list[int]) -> None:
        t.start(indices)
        await anyio.lowlevel.checkpoint()
        if indices[0] in quick:
            for i in indices:
                if i % 7 == 3:
                    t.fail(i, ValidationError("bad", status=400))
                else:
                    t.succeed(i, "created")
            return
        await anyio.sleep_forever()  # batches 1, 3, 5 hang until cancelled

    async def run(t: Tracker) -> None:
        await run_all([partial(batch, t, b) for b in batches], concurrency=2)

    job = BulkJob(tracker, run)
    with anyio.move_on_after(0.05) as scope:
        await job
    assert scope.cancelled_caught
    result = job.result
    assert len(result.succeeded) + len(result.failed) + len(result.unknown) + len(result.skipped) == result.total
    assert settled(result) == inputs  # every input exactly once
    answered = {s.index for s in result.succeeded} | {f.index for f in result.failed}
    unknown, skipped = set(result.unknown), set(result.skipped)
    # Each batch ended as a whole in one place.
    for b in batches:
        assert sum(set(b) <= group for group in (answered, unknown, skipped)) == 1, b
        if b[0] not in quick:
            assert not set(b) & answered
    # Two hung batches held both slots when cancelled; the third hung one never started.
    assert len(unknown) == 20
    assert len(skipped) >= 10
    assert result.unknown == sorted(result.unknown)
    assert {f.index for f in result.failed} == {i for i in answered if i % 7 == 3}
    assert progress[-1] == (len(answered), 60)


@pytest.mark.anyio
async def test_bulk_job_error_carries_partial_result() -> None:
    tracker = Tracker(["a", "b", "c"], None)

    async def run(t: Tracker) -> None:
        t.start([0, 1])
        t.succeed(0, "created")
        raise NotFoundError("collection gone", status=404, code="collection_not_found")

    job = BulkJob(tracker, run)
    with pytest.raises(NotFoundError) as info:
        await job
    partial_result: Any = info.value.partial_result
    assert partial_result is job.result
    assert settled(partial_result) == [0, 1, 2]
    assert partial_result.unknown == [1]
    assert partial_result.skipped == [2]


@pytest.mark.anyio
async def test_a_viewed_job_stopped_by_an_error_accounts_for_every_input() -> None:
    tracker = Tracker(["a", "b", "c"], None)
    views: list[str] = []

    async def run(t: Tracker) -> None:
        t.start([0, 1])
        t.succeed(0, "created", item=ITEM)
        raise NotFoundError("collection gone", status=404, code="collection_not_found")

    def view(item: Item) -> str:
        views.append(item.id)
        return f"model of {item.id}"

    job = BulkJob(tracker, run, view)
    with pytest.raises(NotFoundError) as info:
        await job
    partial_result: Any = info.value.partial_result
    assert settled(partial_result) == [0, 1, 2]
    assert (partial_result.unknown, partial_result.skipped) == ([1], [2])
    assert partial_result.items == [f"model of {ITEM.id}"]
    assert job.result.items == partial_result.items
    assert views == [ITEM.id]  # each item is viewed once, however often the result is read


@pytest.mark.anyio
async def test_bulk_job_runs_once() -> None:
    runs = 0

    async def run(t: Tracker) -> None:
        nonlocal runs
        runs += 1
        t.succeed(0, "created")

    job = BulkJob(Tracker(["a"], None), run)
    result = await job
    assert result.ok
    with pytest.raises(RuntimeError) as again:
        await job
    assert str(again.value) == "a bulk job runs once; call the method again for a new job"
    assert runs == 1


@pytest.mark.anyio
async def test_a_job_stopped_by_an_error_reports_its_final_progress_once_and_keeps_the_traceback() -> None:
    progress: list[tuple[int, int]] = []

    def gone() -> None:
        raise NotFoundError("collection gone", status=404, code="collection_not_found")

    async def run(t: Tracker) -> None:
        t.start([0])
        t.succeed(0, "created")
        gone()

    job = BulkJob(Tracker(["a", "b"], lambda d, t: progress.append((d, t))), run)
    with pytest.raises(NotFoundError) as info:
        await job
    assert progress == [(1, 2)]  # the final progress (a done, b never sent), reported once
    assert "gone" in [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]  # where it was raised


@pytest.mark.anyio
async def test_an_item_the_view_cannot_take_raises_with_the_untyped_partial_result() -> None:
    def view(item: Item) -> object:
        raise ModelMismatchError(f"item {item.id}: out of date", status=None, code="model_mismatch")

    async def run(t: Tracker) -> None:
        t.succeed(0, "created", ITEM, ITEM.id)
        t.fail(1, ValidationError("bad", status=400))

    job = BulkJob(Tracker(["a", "b"], None), run, view)
    with pytest.raises(ModelMismatchError) as info:
        await job
    partial_result: Any = info.value.partial_result
    assert partial_result is not None
    assert [(s.index, s.item) for s in partial_result.succeeded] == [(0, ITEM)]  # the Item, as it was read
    assert [f.index for f in partial_result.failed] == [1]
