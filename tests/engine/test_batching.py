"""Sending in batches (``_batching``): at most 100 locale variants a request, an item the server rejects
fails alone while the rest of its batch goes through, a 404 that names nothing stops the job only when the
collection is gone, and a batch whose fate is unknown goes to ``on_ambiguous``."""

from __future__ import annotations

import json
import math
import random

import anyio
import anyio.lowlevel
import httpx
import pytest

from support import emulated, post
from support.items import COLLECTION_ID, client, mock_client, wire_item
from webflow_cms import (
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    NotFoundError,
    ServerError,
    ValidationError,
)
from webflow_cms._engine.batching import (
    AMBIGUOUS,
    AppliedBefore,
    as_error,
    blame,
    chunk,
    is_item_error,
    send_batches,
    send_isolating,
)
from webflow_cms._engine.tracker import MAX_BATCH, Tracker
from webflow_cms.errors import APIError, WebflowError

pytestmark = pytest.mark.anyio


async def test_one_bad_item_fails_alone_and_the_rest_of_its_batch_succeeds() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        docs = [post(i) for i in range(10)]
        docs[3]["fieldData"]["rank"] = "not a number"  # wrong type: only the server can tell
        del docs[6]["fieldData"]["slug"]  # missing slug: caught before sending
        result = await items.create_many(docs)
        assert result.counts() == {"created": 8, "failed": 2}
        failed = {f.index: f.error for f in result.failed}
        assert set(failed) == {3, 6}
        assert isinstance(failed[3], ValidationError)
        assert failed[3].status == 400
        assert "rank" in str(failed[3])
        assert isinstance(failed[6], ValidationError)
        assert failed[6].status is None  # never sent
        assert "slug" in str(failed[6])
        assert sorted(r["fieldData"]["slug"] for r in await emu.raw_items()) == sorted(
            f"post-{i}" for i in range(10) if i not in (3, 6)
        )


async def test_existing_slug_is_a_per_item_conflict() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        await items.create(post(5))
        result = await items.create_many([post(i) for i in range(10)])
        assert result.counts() == {"created": 9, "failed": 1}
        assert result.failed[0].index == 5
        assert isinstance(result.failed[0].error, ConflictError)
        assert len(await emu.raw_items()) == 10


@pytest.mark.parametrize("code", ["resource_not_found", "item_not_found"])
async def test_one_missing_id_among_several_fails_alone_under_either_404_code(code: str) -> None:
    async with emulated(rate_limit="10000/1", not_found_code=code) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create_many([post(i) for i in range(15)])
        ids = [s.id for s in sorted(created.succeeded, key=lambda s: s.index)]
        missing = "f" * 24
        published = await items.publish([*ids[:5], missing])
        assert published.counts() == {"published": 5, "failed": 1}
        assert published.failed[0].index == 5
        unpublished = await items.unpublish([ids[0], missing, *ids[1:5]])
        assert unpublished.counts() == {"unpublished": 5, "failed": 1}
        assert unpublished.failed[0].index == 1
        assert isinstance(unpublished.failed[0].error, NotFoundError)
        assert len(await emu.raw_items(live=True)) == 0
        deleted = await items.delete_many([*ids[5:10], missing])
        assert deleted.counts() == {"deleted": 5, "failed": 1}
        assert deleted.failed[0].error.code == code  # type: ignore[attr-defined]
        assert sorted(r["id"] for r in await emu.raw_items()) == sorted(ids[:5] + ids[10:])
        # A 404 that concerns the whole call (the collection is gone) still stops the job.
        with pytest.raises(NotFoundError):
            await wf.items("0" * 24).delete_many([ids[10], missing])


# ------------------------------------------------------------ answers the emulator never gives (MockTransport)


async def test_a_404_naming_nothing_is_isolated_by_halving_once_the_collection_is_known_to_exist() -> None:
    missing = "f" * 24
    deletes: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 1, "total": 0}})
        ids = [ref["id"] for ref in json.loads(request.content)["items"]]
        deletes.append(len(ids))
        if missing in ids:  # upstream's 404 example, word for word: names no item
            body = {"code": "resource_not_found", "message": "Requested resource not found", "details": []}
            return httpx.Response(404, json=body)
        return httpx.Response(204)

    async with mock_client(handler) as wf:
        result = await wf.items(COLLECTION_ID).delete_many([f"{n:024x}" for n in range(1, 8)] + [missing])
    assert result.counts() == {"deleted": 7, "failed": 1}
    assert result.failed[0].index == 7
    assert deletes[0] == 8
    assert len(deletes) <= 1 + 2 * 3  # halving: at most two requests per level of an 8-item batch


async def test_a_404_naming_nothing_stops_the_job_when_the_collection_is_gone() -> None:
    body = {"code": "resource_not_found", "message": "Requested resource not found", "details": []}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=body)

    async with mock_client(handler) as wf:
        job = wf.items(COLLECTION_ID).delete_many(["1" * 24, "2" * 24])
        with pytest.raises(NotFoundError):
            await job
    assert not job.result.failed  # nothing blamed on the items


async def test_plain_items_go_100_to_a_request() -> None:
    sizes: list[tuple[str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sizes.append((request.method, len(body["items"])))
        if request.method == "POST":
            made = [wire_item(d["fieldData"]["slug"], f"{n + 1:024x}") for n, d in enumerate(body["items"])]
            return httpx.Response(202, json={"items": made})
        return httpx.Response(204)

    async with mock_client(handler) as wf:
        items = wf.items(COLLECTION_ID)
        created = await items.create_many([{"fieldData": {"name": f"{n}", "slug": f"s-{n}"}} for n in range(150)])
        deleted = await items.delete_many([f"{n + 1:024x}" for n in range(101)])
    assert created.counts() == {"created": 150}
    assert deleted.counts() == {"deleted": 101}
    assert sorted(sizes) == [("DELETE", 1), ("DELETE", 100), ("POST", 50), ("POST", 100)]


async def test_a_404_is_blamed_on_the_ids_it_quotes_at_every_level_and_the_collection_is_checked_once() -> None:
    a, b, m1, m2 = "a" * 24, "b" * 24, "d" * 24, "e" * 24
    missing = {m1, m2}
    deletes: list[int] = []
    gets: list[dict[str, str]] = []
    mode = "quoted"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            gets.append(dict(request.url.params))
            if mode == "gone":
                return httpx.Response(404, json={"code": "resource_not_found", "message": "Collection not found"})
            return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 1, "total": 0}})
        ids = [ref["id"] for ref in json.loads(request.content)["items"]]
        deletes.append(len(ids))
        gone = sorted(missing & set(ids))
        if mode == "gone" and len(deletes) > 1:
            return httpx.Response(404, json={"code": "resource_not_found", "message": "Requested resource not found"})
        if not gone:
            return httpx.Response(204)
        if mode in ("quoted", "gone"):  # names the first missing id only
            return httpx.Response(404, json={"code": "item_not_found", "message": f"Item {gone[0]} not found"})
        return httpx.Response(404, json={"code": "resource_not_found", "message": "Requested resource not found"})

    async with mock_client(handler) as wf:
        items = wf.items(COLLECTION_ID)
        quoted = await items.delete_many([a, m1, b, m2])
        assert (deletes, gets) == ([4, 3, 2], [])
        assert {f.index for f in quoted.failed} == {1, 3}
        assert [(s.index, s.action) for s in sorted(quoted.succeeded, key=lambda s: s.index)] == [
            (0, "deleted"),
            (2, "deleted"),
        ]

        deletes.clear()
        mode = "unnamed"
        unnamed = await items.delete_many([a, m1, b, m2])
        assert unnamed.counts() == {"deleted": 2, "failed": 2}
        assert gets == [{"offset": "0", "limit": "1"}]  # once, however many 404s name nothing

        deletes.clear()
        gets.clear()
        mode = "gone"  # the first 404 names m1; then the collection is deleted under us
        job = items.delete_many([a, m1, b])
        with pytest.raises(NotFoundError):
            await job
        assert deletes == [3, 2]
        assert gets == [{"offset": "0", "limit": "1"}]
        assert [f.index for f in job.result.failed] == [1]


# ------------------------------------------------------------ send_batches and as_error directly (a fake send)


class _NoScopeCheck:
    """The reader ``send_batches`` looks at the collection with; these tests never give it a 404 to check."""

    def list(self, **kwargs: object) -> object:
        raise AssertionError(f"the collection was looked at: {kwargs}")


async def test_a_batch_holds_at_most_100_locale_variants_and_one_group_only() -> None:
    variants = {0: 60, 1: 1, 2: 40, 3: 60, 4: 1}
    payloads = {i: {"id": f"{i:024x}", "cmsLocaleIds": [f"{n:024x}" for n in range(variants[i])]} for i in (3, 0, 4, 2)}
    payloads[1] = {"id": f"{1:024x}"}  # no locales: one variant
    sent: dict[str, list[list[int]]] = {}

    for name, group in (("plain", None), ("grouped", lambda i: i % 2)):
        tracker = Tracker([None] * 5, None)

        async def send(batch: list[int], name: str = name, tracker: Tracker = tracker) -> None:
            sent.setdefault(name, []).append(batch)
            for index in batch:
                tracker.succeed(index, "done")

        def on_ambiguous(batch: list[int], exc: Exception) -> None:
            raise AssertionError(f"no batch was ambiguous: {batch} {exc}")

        await send_batches(
            _NoScopeCheck(),  # type: ignore[arg-type]
            tracker,
            payloads,
            send,
            on_ambiguous,
            concurrency=1,
            group=group,
        )
        assert tracker.result.counts() == {"done": 5}
    # In input order (not the mapping's), consecutive inputs up to 100 variants: 60+1, 40+60, 1.
    assert sorted(sent["plain"]) == [[0, 1], [2, 3], [4]]
    # Each group fills its own batches: even 60+40 (then 1), odd 1+60.
    assert sorted(sent["grouped"]) == [[0, 2], [1, 3], [4]]


async def test_only_the_unsettled_inputs_of_a_batch_whose_fate_is_unknown_go_to_on_ambiguous() -> None:
    # A 409 that names no item halves the batch: the first half goes through, the second gets no answer.
    payloads = {i: {"id": f"{i + 1:024x}"} for i in range(4)}
    tracker = Tracker(list(range(4)), None)
    lost = APIConnectionError("connection reset")
    told: list[tuple[list[int], Exception]] = []

    async def send(batch: list[int]) -> None:
        if len(batch) == 4:
            raise ConflictError("a slug is taken", status=409, code="duplicate_value")
        if 3 in batch:
            raise lost
        for index in batch:
            tracker.succeed(index, "updated", None, payloads[index]["id"])

    await send_batches(
        _NoScopeCheck(),  # type: ignore[arg-type]
        tracker,
        payloads,
        send,
        lambda batch, exc: told.append((batch, exc)),
        concurrency=2,
    )
    assert told == [([2, 3], lost)]
    assert [(s.index, s.action) for s in tracker.result.succeeded] == [(0, "updated"), (1, "updated")]
    assert tracker.result.failed == []
    assert not tracker.is_done(2)
    assert not tracker.is_done(3)  # left to the caller, who reads them back


def test_a_write_is_ambiguous_after_a_5xx_no_answer_or_a_refused_resend_only() -> None:
    gone = NotFoundError("Item not found", status=404, code="item_not_found", attempts=2)
    refused_resend = AppliedBefore(gone)
    assert refused_resend.error is gone
    assert str(refused_resend) == str(gone)
    for ambiguous in (
        refused_resend,
        ServerError("lost", status=503, code="service_unavailable"),
        APIConnectionError("reset"),
        APITimeoutError("timed out"),
    ):
        assert isinstance(ambiguous, AMBIGUOUS), ambiguous
    for definite in (gone, ConflictError("taken", status=409), ValidationError("bad", status=400)):
        assert not isinstance(definite, AMBIGUOUS), definite


def test_as_error_reports_the_api_error_or_the_lost_connection() -> None:
    gone = NotFoundError("Item not found", status=404, code="item_not_found", attempts=2)
    lost = ServerError("lost", status=503, code="service_unavailable")
    reset = APIConnectionError("reset")
    assert as_error(AppliedBefore(gone)) is gone  # the re-send's refusal, not the wrapper
    assert as_error(lost) is lost
    assert as_error(reset) is reset
    no_answer = as_error(OSError("connection reset by peer"))
    assert type(no_answer) is APIConnectionError
    assert str(no_answer) == "the request got no answer and the change is not on the server: connection reset by peer"


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


def test_blame_keeps_how_many_attempts_the_request_took() -> None:
    """A retried delete's 404 may follow an attempt that was applied: ``_writes`` reads ``attempts`` to know."""
    err = NotFoundError(
        "Item not found", status=404, code="resource_not_found", details=[{"param": "items[1]"}], attempts=3
    )
    blamed = blame(err, ["a" * 24, "b" * 24])
    assert list(blamed) == [1]
    assert blamed[1].attempts == 3
    quoted = NotFoundError(f"Item {'b' * 24} not found", status=404, attempts=2)
    assert blame(quoted, ["a" * 24, "b" * 24])[1].attempts == 2
