"""Bulk machinery: batching, blaming items, isolating bad ones, and per-input accounting."""

from __future__ import annotations

import math
import random
from functools import partial
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from webflow_cms import BulkError, BulkJob, BulkResult, ValidationError, WebflowError
from webflow_cms._tasks import run_all
from webflow_cms.bulk import MAX_BATCH, Succeeded, Tracker, blame, chunk, is_item_error, send_isolating
from webflow_cms.errors import APIError, ConflictError, NotFoundError, ServerError

# ------------------------------------------------------------------ chunk


def check_chunks(indices: list[int], weights: dict[int, int], limit: int = MAX_BATCH) -> list[list[int]]:
    batches = list(chunk(indices, weights.__getitem__, limit))
    assert [i for b in batches for i in b] == indices  # order kept, nothing lost or repeated
    for n, batch in enumerate(batches):
        assert batch
        assert sum(weights[i] for i in batch) <= limit
        if n + 1 < len(batches):  # greedy: the next input would not have fitted
            assert sum(weights[i] for i in batch) + weights[batches[n + 1][0]] > limit
    return batches


def test_chunk_plain_items_by_hundred() -> None:
    indices = list(range(250))
    batches = check_chunks(indices, dict.fromkeys(indices, 1))
    assert [len(b) for b in batches] == [100, 100, 50]


def test_chunk_counts_locale_variants() -> None:
    indices = list(range(50))
    batches = check_chunks(indices, dict.fromkeys(indices, 3))
    assert [len(b) for b in batches] == [33, 17]


def test_chunk_random_weights_never_exceed_limit() -> None:
    rng = random.Random(2024)
    for _ in range(50):
        indices = sorted(rng.sample(range(2000), rng.randint(0, 600)))
        weights = {i: rng.randint(1, 40) for i in indices}
        check_chunks(indices, weights)


def test_chunk_exact_fit_and_empty() -> None:
    assert list(chunk([], lambda i: 1)) == []
    assert list(chunk([0, 1], {0: 60, 1: 40}.__getitem__)) == [[0, 1]]
    assert list(chunk([0, 1], {0: 60, 1: 41}.__getitem__)) == [[0], [1]]
    assert list(chunk([7, 3, 9], lambda i: 1, limit=2)) == [[7, 3], [9]]


# ------------------------------------------------------------------ blame


def test_blame_splits_details_by_item_position() -> None:
    err = ValidationError(
        "Validation Error",
        status=400,
        code="validation_error",
        request_id="ref-9",
        details=[
            {"param": "items[3].fieldData.slug", "description": "Field is required"},
            {"param": "items[1].fieldData.price", "description": "Expected a number"},
            {"param": "items[3].fieldData.name", "description": "Too long"},
            {"param": "items[7].fieldData.slug", "description": "out of this batch"},
            {"param": "fieldData", "description": "no position"},
            "a string detail",
        ],
    )
    blamed = blame(err, [None] * 5)
    assert sorted(blamed) == [1, 3]
    for item_error in blamed.values():
        assert type(item_error) is ValidationError
        assert (item_error.status, item_error.code, item_error.message, item_error.request_id) == (
            400,
            "validation_error",
            "Validation Error",
            "ref-9",
        )
    assert blamed[3].details == [
        {"param": "fieldData.slug", "description": "Field is required"},
        {"param": "fieldData.name", "description": "Too long"},
    ]
    assert blamed[1].details == [{"param": "fieldData.price", "description": "Expected a number"}]
    assert "fieldData.slug: Field is required" in str(blamed[3])
    assert "price" not in str(blamed[3])


def test_blame_keeps_class_and_bare_item_param() -> None:
    err = ConflictError("Duplicate", status=409, code="duplicate_value", details=[{"param": "items[0]"}])
    blamed = blame(err, [None] * 2)
    assert list(blamed) == [0]
    assert type(blamed[0]) is ConflictError
    assert blamed[0].details == [{"param": "items[0]"}]


def test_blame_without_positions_is_empty() -> None:
    assert blame(ValidationError("bad", status=400), [None] * 10) == {}
    assert blame(ValidationError("bad", status=400, details=[{"param": "fieldData.slug"}]), [None] * 10) == {}


def test_blame_ignores_a_position_just_past_the_batch() -> None:
    err = ValidationError("bad", status=400, details=[{"param": "items[2].fieldData.slug"}])
    assert blame(err, [None] * 2) == {}
    assert list(blame(err, [None] * 3)) == [2]


def test_blame_names_items_by_the_ids_an_error_quotes() -> None:
    a, b, c = "a" * 24, "b" * 24, "c" * 24
    in_detail = NotFoundError("Item not found", status=404, code="item_not_found", details=[f"{b} is missing"])
    blamed = blame(in_detail, [a, b, None, c])
    assert list(blamed) == [1]
    assert (type(blamed[1]), blamed[1].status, blamed[1].details) == (NotFoundError, 404, [f"{b} is missing"])
    in_message = NotFoundError(f"Item {c}", status=404, code="item_not_found", details=["no item"])
    assert list(blame(in_message, [a, None, c])) == [2]
    # Positions, when an error gives them, win over quoted ids.
    both = NotFoundError(f"Item {a}", status=404, details=[{"param": "items[1].id"}])
    assert list(blame(both, [a, b])) == [1]


def test_is_item_error() -> None:
    assert is_item_error(ValidationError("x", status=400))
    assert is_item_error(ConflictError("x", status=409))
    assert is_item_error(NotFoundError("x", status=404, code="item_not_found"))
    assert is_item_error(NotFoundError("x", status=404, code="resource_not_found"))
    assert not is_item_error(NotFoundError("x", status=404, code="collection_not_found"))
    assert not is_item_error(ServerError("x", status=500))


# ------------------------------------------------------------------ send_isolating


class FakeServer:
    """Rejects any batch holding a bad input, like Webflow's bulk endpoints do."""

    def __init__(self, bad: set[int], *, with_details: bool) -> None:
        self.bad = bad
        self.with_details = with_details
        self.sends = 0
        self.accepted: list[int] = []

    async def send(self, batch: list[int]) -> None:
        await anyio.lowlevel.checkpoint()
        self.sends += 1
        positions = [pos for pos, index in enumerate(batch) if index in self.bad]
        if positions:
            details = (
                [{"param": f"items[{pos}].fieldData.slug", "description": "bad"} for pos in positions]
                if self.with_details
                else []
            )
            raise ValidationError("Validation Error", status=400, code="validation_error", details=details)
        self.accepted.extend(batch)


async def isolate(batch: list[int], server: FakeServer) -> dict[int, APIError]:
    failed: dict[int, APIError] = {}

    def fail(index: int, err: APIError) -> None:
        assert index not in failed, "an input failed twice"
        failed[index] = err

    await send_isolating(batch, server.send, fail)
    return failed


@pytest.mark.anyio
@pytest.mark.parametrize("with_details", [True, False])
async def test_send_isolating_fails_only_bad_inputs(with_details: bool) -> None:
    rng = random.Random(11)
    for _ in range(30):
        n = rng.randint(1, 100)
        batch = sorted(rng.sample(range(1000), n))
        bad = set(rng.sample(batch, rng.randint(0, min(5, n))))
        server = FakeServer(bad, with_details=with_details)
        failed = await isolate(batch, server)
        assert set(failed) == bad
        assert sorted(server.accepted) == sorted(set(batch) - bad)
        assert len(server.accepted) == len(set(server.accepted))  # nothing sent twice successfully
        assert all(isinstance(e, ValidationError) for e in failed.values())
        if with_details:
            assert server.sends <= 2
            assert all(e.details == [{"param": "fieldData.slug", "description": "bad"}] for e in failed.values())
        else:
            assert server.sends <= 1 + 2 * len(bad) * max(1, math.ceil(math.log2(n)))


@pytest.mark.anyio
async def test_send_isolating_bisection_bound_for_one_bad_in_64() -> None:
    server = FakeServer({37}, with_details=False)
    failed = await isolate(list(range(64)), server)
    assert list(failed) == [37]
    assert server.sends == 1 + 2 * 6  # each of 6 halvings sends two halves
    assert len(server.accepted) == 63


@pytest.mark.anyio
async def test_send_isolating_clean_batch_sends_once() -> None:
    server = FakeServer(set(), with_details=False)
    assert await isolate(list(range(100)), server) == {}
    assert server.sends == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    "error",
    [
        ServerError("boom", status=500),
        NotFoundError("no collection", status=404, code="collection_not_found"),
        WebflowError("other"),
    ],
)
async def test_send_isolating_reraises_whole_call_errors(error: Exception) -> None:
    calls = 0

    async def send(batch: list[int]) -> None:
        nonlocal calls
        calls += 1
        raise error

    def fail(index: int, err: APIError) -> None:
        raise AssertionError("no input should be failed")

    with pytest.raises(type(error)):
        await send_isolating([1, 2, 3], send, fail)
    assert calls == 1


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
