"""The items resource against the emulator over loopback: every method, counts checked exactly."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Callable

import anyio
import httpx
import pytest

from support import Emulated, emulated, post
from webflow_cms import (
    APIConnectionError,
    AsyncWebflowCMS,
    AuthenticationError,
    ConflictError,
    ItemStatus,
    NotFoundError,
    PermissionDeniedError,
    RateLimit,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)

pytestmark = pytest.mark.anyio

FAST = RateLimit(10_000, 1)  # the emulator's default limit is raised below; the client must not be the bottleneck


def client(emu: Emulated, **options: object) -> AsyncWebflowCMS:
    options.setdefault("rate_limit", FAST)
    return AsyncWebflowCMS(emu.token, base_url=emu.url, **options)  # type: ignore[arg-type]


async def test_single_item_lifecycle_staged_and_live() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create(post(1))
        assert created.slug == "post-1"
        assert created.fields["rank"] == 1
        assert created.status is ItemStatus.DRAFT

        with pytest.raises(NotFoundError):
            await items.get(created.id, live=True)

        published = await items.publish([created.id])
        assert published.counts() == {"published": 1}
        live = await items.get(created.id, live=True)
        assert live.status is ItemStatus.PUBLISHED
        assert live.last_published is not None

        # Editing the staged copy leaves the live one untouched.
        await items.update(created.id, {"fieldData": {"summary": "changed"}})
        assert (await items.get(created.id)).fields["summary"] == "changed"
        assert (await items.get(created.id, live=True)).fields["summary"] == "Summary 1"

        unpublished = await items.unpublish([created.id])
        assert unpublished.counts() == {"unpublished": 1}
        assert (await items.get(created.id)).is_draft is True
        with pytest.raises(NotFoundError):
            await items.get(created.id, live=True)

        await items.delete(created.id)
        with pytest.raises(NotFoundError):
            await items.get(created.id)


async def test_2345_items_created_listed_published_upserted_deleted() -> None:
    n = 2345
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        progress: list[tuple[int, int]] = []
        created = await items.create_many([post(i) for i in range(n)], on_progress=lambda d, t: progress.append((d, t)))
        assert created.counts() == {"created": n}
        assert sorted(s.index for s in created.succeeded) == list(range(n))
        assert all(s.item is not None and s.item.slug == f"post-{s.index}" for s in created.succeeded)
        assert progress[-1] == (n, n)
        assert [d for d, _ in progress] == sorted(d for d, _ in progress)

        listed = [item async for item in items.list()]
        assert len(listed) == n
        assert len({i.slug for i in listed}) == n
        assert sorted(i.slug for i in listed) == sorted(f"post-{i}" for i in range(n))
        assert [i.id async for i in items.list()] == [i.id for i in listed]  # a stable order

        ids = [item.id for item in listed]
        published = await items.publish(ids)
        assert published.counts() == {"published": n}
        assert len([i async for i in items.list(live=True)]) == n

        # 300 changed, 100 new, the rest unchanged.
        docs = [post(i, summary="edited") if i < 300 else post(i) for i in range(n)] + [
            post(i) for i in range(n, n + 100)
        ]
        upserted = await items.upsert_many(docs)
        assert upserted.counts() == {"updated": 300, "created": 100, "unchanged": n - 300}
        raw = await emu.raw_items()
        assert len(raw) == n + 100
        assert Counter(r["fieldData"]["summary"] for r in raw)["edited"] == 300

        deleted = await items.delete_many([r["id"] for r in raw])
        assert deleted.counts() == {"deleted": n + 100}
        assert await emu.raw_items() == []


async def test_rate_limited_server_sees_no_429() -> None:
    async with emulated(rate_limit="30/1") as emu, client(emu, rate_limit=RateLimit(30, 1)) as wf:
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(3000)])
        assert result.counts() == {"created": 3000}
        ids = [i.id async for i in items.list()]
        assert len(ids) == 3000
        assert (await items.publish(ids)).counts() == {"published": 3000}
        stats = await emu.stats()
        assert stats["responses"].get("429", 0) == 0
        assert wf.transport.rate_limited == 0


async def test_learned_limit_keeps_within_a_tight_server() -> None:
    # No rate_limit given: the client learns X-RateLimit-Limit and follows X-RateLimit-Remaining.
    async with emulated(rate_limit="20/1") as emu, client(emu, rate_limit=None) as wf:
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(1500)])
        assert result.counts() == {"created": 1500}
        assert wf.transport.rate_limited == 0
        assert len(await emu.raw_items()) == 1500


async def test_upsert_under_faults_creates_each_item_exactly_once() -> None:
    async with emulated(rate_limit="10000/1", fault_rate=0.2, seed=7) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        result = await items.upsert_many([post(i) for i in range(2000)])
        raw = await emu.raw_items()
        slugs = Counter(r["fieldData"]["slug"] for r in raw)
        assert len(raw) == 2000
        assert max(slugs.values()) == 1
        assert result.counts() == {"created": 2000}
        stats = await emu.stats()
        assert stats["faults"]["afterApply"] > 0  # the ambiguous case really happened


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


async def test_cancelled_create_many_reports_what_was_done() -> None:
    async with emulated(rate_limit="10000/1", latency_ms=40) as emu, client(emu, max_concurrency=2) as wf:
        items = wf.items(emu.collection_id)
        job = items.create_many([post(i) for i in range(3000)])
        with anyio.move_on_after(0.3):
            await job
        result = job.result
        assert len(result.succeeded) + len(result.failed) + len(result.unknown) + len(result.skipped) == 3000
        assert result.skipped  # it really was cut short
        assert not result.failed
        on_server = {r["fieldData"]["slug"] for r in await emu.raw_items()}
        assert {f"post-{s.index}" for s in result.succeeded} <= on_server
        assert not {f"post-{i}" for i in result.skipped} & on_server
        # Inputs in flight at the cancel are unknown: each is either there or not, but nothing else is.
        assert on_server <= {f"post-{i}" for i in [s.index for s in result.succeeded] + result.unknown}


async def test_errors_that_stop_everything_are_raised() -> None:
    tokens = ["rw:cms:read,cms:write,sites:read,sites:write", "ro:cms:read"]
    async with emulated(rate_limit="10000/1", tokens=tokens) as emu:
        async with AsyncWebflowCMS("wrong-token", base_url=emu.url, rate_limit=FAST) as wf:
            with pytest.raises(AuthenticationError) as auth:
                await wf.items(emu.collection_id).create_many([post(1), post(2)])
            assert "wrong-token" not in str(auth.value)
        async with AsyncWebflowCMS("ro", base_url=emu.url, rate_limit=FAST) as wf:
            job = wf.items(emu.collection_id).create_many([post(1), post(2)])
            with pytest.raises(PermissionDeniedError) as denied:
                await job
            assert "cms:write" in denied.value.missing_scopes
            # A 403 refuses the whole call before applying any of it: both inputs failed, with the cause.
            assert [f.error.status for f in job.result.failed] == [403, 403]
            with pytest.raises(NotFoundError) as missing:
                await wf.items("0" * 24).get("1" * 24)
            assert missing.value.code == "resource_not_found"


async def test_update_many_and_per_item_not_found() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create_many([post(i) for i in range(150)])
        changes = [{"id": s.id, "fieldData": {"rank": 1000 + s.index}} for s in created.succeeded]
        changes.append({"id": "f" * 24, "fieldData": {"rank": 1}})
        result = await items.update_many(changes)
        assert result.counts() == {"updated": 150, "failed": 1}
        assert isinstance(result.failed[0].error, NotFoundError)
        ranks = sorted(r["fieldData"]["rank"] for r in await emu.raw_items())
        assert ranks == list(range(1000, 1150))


async def test_invalid_ids_fail_before_sending() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        before = (await emu.stats())["requests"]
        result = await items.delete_many(["not-an-id", "ABCDEF" * 4])
        assert result.counts() == {"failed": 2}
        assert all(isinstance(f.error, ValidationError) for f in result.failed)
        with pytest.raises(ValidationError):
            wf.items("../../etc")
        assert (await emu.stats())["requests"] == before + 0


# ------------------------------------------------ what the real API may answer (README: Fidelity)


async def _locales(emu: Emulated) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as http:
        site = (await http.get(f"/sites/{emu.site_id}")).json()
    return site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]


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


@pytest.mark.parametrize("duplicate_slug", ["conflict", "suffix"])
async def test_a_taken_slug_on_create_either_fails_or_reports_the_slug_webflow_gave(duplicate_slug: str) -> None:
    async with emulated(rate_limit="10000/1", duplicate_slug=duplicate_slug) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        first = await items.create(post(5))
        result = await items.create_many([post(i) for i in range(8)])
        on_server = await emu.raw_items()
        if duplicate_slug == "conflict":
            assert result.counts() == {"created": 7, "failed": 1}
            assert isinstance(result.failed[0].error, ConflictError)
            assert len(on_server) == 8
            return
        assert result.counts() == {"created": 8}
        renamed = next(s for s in result.succeeded if s.index == 5)
        assert renamed.item is not None
        assert renamed.id == renamed.item.id
        assert renamed.item.slug.startswith("post-5-")
        assert renamed.id != first.id
        assert {s.id for s in result.succeeded} | {first.id} == {r["id"] for r in on_server}
        again = await items.create(post(5))  # create() returns the item with the slug it really has
        assert again.slug.startswith("post-5-")
        assert again.slug != renamed.item.slug


@pytest.mark.parametrize("create_answer", ["items", "echo"])
async def test_every_created_item_is_reported_with_its_id_whatever_the_answer_form(create_answer: str) -> None:
    async with emulated(rate_limit="10000/1", create_answer=create_answer) as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(130)])
        assert result.counts() == {"created": 130}
        on_server = {r["fieldData"]["slug"]: r["id"] for r in await emu.raw_items()}
        assert len(on_server) == 130  # nothing created twice
        for record in result.succeeded:
            assert record.item is not None
            assert record.id == on_server[f"post-{record.index}"]
        one = await items.create(post(500))
        assert one.id
        assert one.slug == "post-500"


@pytest.mark.parametrize("bulk_answer", ["items", "object"])
async def test_create_many_in_several_locales_goes_through_items_bulk(bulk_answer: str) -> None:
    async with emulated(rate_limit="10000/1", bulk_answer=bulk_answer) as emu, client(emu) as wf:
        primary, secondary = await _locales(emu)
        items = wf.items(emu.collection_id)
        docs = [post(i) if i % 3 else {**post(i), "isDraft": False} for i in range(70)]
        before = (await emu.stats())["requests"]
        result = await items.create_many(docs, cms_locale_ids=[primary, secondary])
        assert result.counts() == {"created": 70}
        # 70 items x 2 locales = 140 variants, at most 100 per request, drafts apart from the rest
        sent = (await emu.stats())["requests"] - before
        assert 2 <= sent <= 4
        for record in result.succeeded:
            assert record.item is not None
            assert record.item.slug == f"post-{record.index}"
        both = await items.list(cms_locale_id=f"{primary},{secondary}", page_size=100)
        assert both.total == 140
        french = await items.get(result.succeeded[0].id or "", cms_locale_id=secondary)
        assert french.slug == result.succeeded[0].item.slug  # type: ignore[union-attr]
        queued = [s for s in result.succeeded if s.index % 3 == 0]
        for record in queued[:3]:
            assert (await items.get(record.id or "")).is_draft is False
        too_many = await items.create_many([post(900)], cms_locale_ids=[f"{n:024x}" for n in range(101)])
        assert isinstance(too_many.failed[0].error, ValidationError)
        with pytest.raises(ValidationError):
            items.create_many([post(901)], cms_locale_ids=[primary], live=True)


async def test_live_update_of_a_never_published_item_is_a_conflict_and_upsert_publishes_it_anyway() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        await items.create_many([post(i) for i in range(4)])  # staged drafts, never published
        drafts = {r["fieldData"]["slug"]: r["id"] for r in await emu.raw_items()}
        live = await items.update_many([{"id": drafts["post-0"], "fieldData": {"rank": 99}}], live=True)
        assert isinstance(live.failed[0].error, ConflictError)
        assert "never been published" in str(live.failed[0].error)
        upserted = await items.upsert_many([post(i, rank=100 + i) for i in range(4)], publish=True)
        assert upserted.counts() == {"updated": 4}
        on_live = {r["fieldData"]["slug"]: r["fieldData"]["rank"] for r in await emu.raw_items(live=True)}
        assert on_live == {f"post-{i}": 100 + i for i in range(4)}


async def test_upsert_does_not_duplicate_a_slug_another_writer_took_meanwhile() -> None:
    async with emulated(rate_limit="10000/1", duplicate_slug="suffix") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        theirs = await items.create(post(1))  # created by "another writer" after our scan (below)
        real_list = items.list
        calls = 0

        def list_missing_theirs(**kwargs: object) -> object:
            nonlocal calls
            calls += 1
            if calls == 1:  # the upsert's scan ran before the other writer's create

                async def nothing() -> AsyncIterator[object]:
                    for _ in ():
                        yield _

                return nothing()
            return real_list(**kwargs)  # type: ignore[arg-type]

        items.list = list_missing_theirs  # type: ignore[method-assign]
        result = await items.upsert_many([post(1, rank=42), post(2)])
        assert result.counts() == {"updated": 1, "created": 1}
        on_server = await emu.raw_items()
        assert sorted(r["fieldData"]["slug"] for r in on_server) == ["post-1", "post-2"]
        assert next(r for r in on_server if r["id"] == theirs.id)["fieldData"]["rank"] == 42


# ------------------------------------------- answers the emulator never gives (wire-level, MockTransport)

_ITEM_ID, _COLLECTION_ID = "a" * 24, "c" * 24


def _wire_item(slug: str, item_id: str = _ITEM_ID) -> dict[str, object]:
    stamp = "2024-02-28T19:25:39.942Z"
    return {
        "id": item_id,
        "cmsLocaleId": "b" * 24,
        "lastPublished": None,
        "lastUpdated": stamp,
        "createdOn": stamp,
        "isArchived": False,
        "isDraft": True,
        "fieldData": {"name": slug.title(), "slug": slug},
    }


def _mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> AsyncWebflowCMS:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncWebflowCMS("t", base_url="http://127.0.0.1/v2", rate_limit=FAST, http_client=http, max_retries=0)


async def test_a_success_answer_without_the_item_is_never_reported_as_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH":
            return httpx.Response(200, json={"items": []})
        if request.method == "POST":  # upstream's echoed create: no id
            return httpx.Response(202, json={"items": [{"isDraft": True, "fieldData": {"name": "X", "slug": "x"}}]})
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
        with pytest.raises(UnexpectedResponseError, match="did not include it"):
            await items.update(_ITEM_ID, {"fieldData": {"name": "Y"}})
        job = items.create_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
        assert result.unknown == [0]  # created (202), but neither the answer nor a lookup shows it
        assert isinstance(job.unknown_reasons[0], UnexpectedResponseError)
        with pytest.raises(UnexpectedResponseError, match="did not describe it"):
            await items.create({"fieldData": {"name": "X", "slug": "x"}})


async def test_an_echoed_create_answer_is_settled_by_looking_the_items_up() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if request.method == "POST":
            return httpx.Response(202, json={"items": [{"fieldData": {"name": "X", "slug": "x"}}]})
        assert request.url.params.get("slug") in (None, "x")
        page = [_wire_item("x")]
        return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})

    async with _mock_client(handler) as wf:
        created = await wf.items(_COLLECTION_ID).create({"fieldData": {"name": "X", "slug": "x"}})
    assert created.id == _ITEM_ID
    assert sent.count("POST") == 1  # found, never re-sent


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

    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).delete_many([f"{n:024x}" for n in range(1, 8)] + [missing])
    assert result.counts() == {"deleted": 7, "failed": 1}
    assert result.failed[0].index == 7
    assert deletes[0] == 8
    assert len(deletes) <= 1 + 2 * 3  # halving: at most two requests per level of an 8-item batch


async def test_a_404_naming_nothing_stops_the_job_when_the_collection_is_gone() -> None:
    body = {"code": "resource_not_found", "message": "Requested resource not found", "details": []}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=body)

    async with _mock_client(handler) as wf:
        job = wf.items(_COLLECTION_ID).delete_many(["1" * 24, "2" * 24])
        with pytest.raises(NotFoundError):
            await job
    assert not job.result.failed  # nothing blamed on the items


# ------------------------------------------- inputs refused before sending: the exact error of each


class _Doc:
    """An object with ``to_dict`` (like the generated models): taken as an item when it gives a dict."""

    def __init__(self, data: object) -> None:
        self.data = data

    def to_dict(self) -> object:
        return self.data


def _refusing_client(sent: list[httpx.Request]) -> AsyncWebflowCMS:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500, json={"code": "unexpected", "message": "nothing should be sent"})

    return _mock_client(handler)


def _refusals(result: object) -> dict[int, tuple[str, str | None, int | None, str]]:
    failed = result.failed  # type: ignore[attr-defined]
    return {f.index: (type(f.error).__name__, f.error.code, f.error.status, f.error.message) for f in failed}


_HEX = "0123456789abcdef" * 2
_GOOD_ID = _HEX[:24]


async def test_each_bad_create_input_fails_alone_with_its_own_message_before_any_request() -> None:
    fields = {"name": "A", "slug": "a"}
    docs: list[object] = [
        "not an item",
        _Doc(["not", "a", "dict"]),
        {"fieldData": fields, "slug": "a"},
        {"isDraft": True},
        {"fieldData": ["name", "slug"]},
        {"fieldData": {"slug": "a"}},
        {"fieldData": {"name": "A", "slug": "   "}},
        {"fieldData": {"name": "A", "slug": 7}},
        {"fieldData": fields, "isDraft": "yes"},
        {"fieldData": fields, "isArchived": 0},
        {"fieldData": fields, "cmsLocaleId": 5},
    ]
    sent: list[httpx.Request] = []
    async with _refusing_client(sent) as wf:
        result = await wf.items(_COLLECTION_ID).create_many(docs)
    assert sent == []
    assert result.counts() == {"failed": len(docs)}
    invalid = ("ValidationError", "invalid_input", None)
    assert _refusals(result) == {
        0: (*invalid, "input 0: a str is not an item; pass a mapping like {'fieldData': {...}}"),
        1: (*invalid, "input 1: a _Doc is not an item; pass a mapping like {'fieldData': {...}}"),
        2: (*invalid, "input 2: unknown keys ['slug']; put field values under 'fieldData'"),
        3: (*invalid, "input 3: missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}"),
        4: (*invalid, "input 4: missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}"),
        5: (*invalid, "input 5: fieldData.name is required and must be a non-empty string"),
        6: (*invalid, "input 6: fieldData.slug is required and must be a non-empty string"),
        7: (*invalid, "input 7: fieldData.slug is required and must be a non-empty string"),
        8: (*invalid, "input 8: isDraft must be true or false, got 'yes'"),
        9: (*invalid, "input 9: isArchived must be true or false, got 0"),
        10: (*invalid, "input 10: cmsLocaleId must be a string, got 5"),
    }
    assert [f.input for f in sorted(result.failed, key=lambda f: f.index)] == docs


async def test_a_create_input_is_sent_as_given_whatever_its_form_and_a_repeated_slug_fails_before_sending() -> None:
    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        made = [_wire_item(doc["fieldData"]["slug"], f"{n + 1:024x}") for n, doc in enumerate(body["items"])]
        return httpx.Response(202, json={"items": made})

    from types import MappingProxyType

    docs: list[object] = [
        _Doc({"fieldData": {"name": "A", "slug": "a"}, "isDraft": False, "isArchived": True}),
        MappingProxyType({"fieldData": MappingProxyType({"name": "B", "slug": "b"}), "cmsLocaleId": "b" * 24}),
        {"fieldData": {"name": "A again", "slug": "a"}},
        {"fieldData": {"name": "C", "slug": "c"}, "cmsLocaleId": "d" * 24},
        {"fieldData": {"name": "A elsewhere", "slug": "a"}, "cmsLocaleId": "d" * 24},
    ]
    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).create_many(docs)
    assert bodies == [
        {
            "items": [
                {"fieldData": {"name": "A", "slug": "a"}, "isDraft": False, "isArchived": True},
                {"fieldData": {"name": "B", "slug": "b"}, "cmsLocaleId": "b" * 24},
                {"fieldData": {"name": "C", "slug": "c"}, "cmsLocaleId": "d" * 24},
                {"fieldData": {"name": "A elsewhere", "slug": "a"}, "cmsLocaleId": "d" * 24},
            ]
        }
    ]
    assert result.counts() == {"created": 4, "failed": 1}
    assert _refusals(result) == {
        2: ("ConflictError", "duplicate_slug", None, "input 2: slug 'a' is also used by input 0; slugs are unique")
    }


async def test_bad_locale_lists_are_refused_when_the_job_is_made() -> None:
    sent: list[httpx.Request] = []
    async with _refusing_client(sent) as wf:
        items = wf.items(_COLLECTION_ID)
        for bad in ("b" * 24, [], ["b" * 24, ""], ["b" * 24, 5]):
            with pytest.raises(ValidationError) as refused:
                items.create_many([post(1)], cms_locale_ids=bad)  # type: ignore[arg-type]
            assert refused.value.message == f"cms_locale_ids must be a non-empty list of locale ids, got {bad!r}"
            assert (refused.value.code, refused.value.status) == ("invalid_input", None)
        with pytest.raises(ValidationError) as twice:
            items.create_many([post(1)], cms_locale_ids=["b" * 24, "c" * 24, "b" * 24])
        assert twice.value.message == f"cms_locale_ids names a locale twice: {['b' * 24, 'c' * 24, 'b' * 24]!r}"
        assert twice.value.code == "invalid_input"
        with pytest.raises(ValidationError) as live:
            items.create_many([post(1)], cms_locale_ids=["b" * 24], live=True)
        assert live.value.message == (
            "cms_locale_ids creates staged items (Webflow has no live multi-locale create); "
            "create them, then publish them"
        )
        assert live.value.code == "invalid_input"
        job = items.create_many(
            [{**post(1), "cmsLocaleId": "b" * 24}, post(2), {"isDraft": True}],
            cms_locale_ids=[f"{n:024x}" for n in range(101)],
        )
        result = await job
    assert sent == []
    assert _refusals(result) == {
        0: (
            "ValidationError",
            "invalid_input",
            None,
            "input 0: cmsLocaleId cannot be combined with cms_locale_ids; the item goes to all of them",
        ),
        1: ("ValidationError", "invalid_input", None, "input 1: 101 locale variants; at most 100 per request"),
        2: (
            "ValidationError",
            "invalid_input",
            None,
            "input 2: missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}",
        ),
    }


async def test_an_input_of_exactly_100_locale_variants_is_sent_in_one_request() -> None:
    bodies: list[dict[str, object]] = []
    locales = [f"{n:024x}" for n in range(100)]

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        assert request.url.path.endswith("/items/bulk")
        return httpx.Response(202, json={**_wire_item("a"), "cmsLocaleId": locales[0]})

    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).create_many(
            [{"fieldData": {"name": "A", "slug": "a"}, "isDraft": False}], cms_locale_ids=locales
        )
    assert result.counts() == {"created": 1}
    assert bodies == [{"cmsLocaleIds": locales, "fieldData": {"name": "A", "slug": "a"}, "isDraft": False}]


async def test_each_bad_update_and_reference_fails_alone_with_its_own_message_before_any_request() -> None:
    sent: list[httpx.Request] = []
    changes: list[object] = [
        {"id": _GOOD_ID, "slug": "a"},
        {"fieldData": {"name": "A"}},
        {"id": _GOOD_ID.upper()},
        {"id": _GOOD_ID, "fieldData": ["name"]},
        {"id": _GOOD_ID, "isArchived": "no"},
        42,
    ]
    refs: list[object] = [
        "not-an-id",
        {"id": _GOOD_ID[:23]},
        {"id": _GOOD_ID, "cmsLocaleIds": "b" * 24},
        {"id": _GOOD_ID, "cmsLocaleIds": []},
        {"id": _GOOD_ID, "cmsLocaleIds": ["b" * 24, 5]},
        None,
    ]
    async with _refusing_client(sent) as wf:
        items = wf.items(_COLLECTION_ID)
        updated = await items.update_many(changes)
        removed = await items.delete_many(refs)
        published = await items.publish(refs)
        unpublished = await items.unpublish(refs)
        with pytest.raises(ValidationError) as bad_collection:
            wf.items("../../etc")
    assert sent == []
    invalid = ("ValidationError", "invalid_input", None)
    hint = "ids are 24 lowercase hex characters"
    assert _refusals(updated) == {
        0: (*invalid, "input 0: unknown keys ['slug']; put field values under 'fieldData'"),
        1: (
            *invalid,
            f"input 1: item id None is not a Webflow id; {hint}; every change needs the 'id' of the item to update",
        ),
        2: (
            *invalid,
            f"input 2: item id {_GOOD_ID.upper()!r} is not a Webflow id; {hint}; "
            "every change needs the 'id' of the item to update",
        ),
        3: (*invalid, "input 3: fieldData must be a mapping of field slug to value"),
        4: (*invalid, "input 4: isArchived must be true or false, got 'no'"),
        5: (*invalid, "input 5: a int is not an item; pass a mapping like {'fieldData': {...}}"),
    }
    expected = {
        0: (*invalid, f"input 0: item id 'not-an-id' is not a Webflow id; {hint}"),
        1: (*invalid, f"input 1: item id {_GOOD_ID[:23]!r} is not a Webflow id; {hint}"),
        2: (*invalid, "input 2: cmsLocaleIds must be a non-empty list of locale ids"),
        3: (*invalid, "input 3: cmsLocaleIds must be a non-empty list of locale ids"),
        4: (*invalid, "input 4: cmsLocaleIds must be a non-empty list of locale ids"),
        5: (*invalid, "input 5: a NoneType is not an item; pass a mapping like {'fieldData': {...}}"),
    }
    assert _refusals(removed) == _refusals(published) == _refusals(unpublished) == expected
    assert bad_collection.value.message == f"collection id '../../etc' is not a Webflow id; {hint}"
    assert (bad_collection.value.code, bad_collection.value.status) == ("invalid_id", None)


async def test_delete_of_one_locale_variant_leaves_the_others() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        primary, secondary = await _locales(emu)
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(1), post(2)], cms_locale_ids=[primary, secondary])
        one, two = (s.id or "" for s in sorted(made.succeeded, key=lambda s: s.index))
        await items.delete(one, cms_locale_id=secondary)
        with pytest.raises(NotFoundError):
            await items.get(one, cms_locale_id=secondary)
        assert (await items.get(one, cms_locale_id=primary)).slug == "post-1"
        await items.delete(two)  # no locale named: the item goes
        with pytest.raises(NotFoundError):
            await items.get(two, cms_locale_id=primary)


async def test_update_with_live_changes_the_published_copy() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        created = await items.create(post(1))
        assert (await items.publish([created.id])).counts() == {"published": 1}
        changed = await items.update(created.id, {"fieldData": {"summary": "live edit"}}, live=True)
        assert changed.fields["summary"] == "live edit"
        assert (await items.get(created.id, live=True)).fields["summary"] == "live edit"


async def test_only_a_suffixed_slug_in_the_same_position_counts_as_the_created_item(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Webflow adds ``-xxxxx`` (lowercase letters and digits) to a taken slug; any other slug is not ours."""
    given = {"a": "a-3kd9x", "b": "zzz", "c": "c-", "d": "d-AB9", "e": "e"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            docs = json.loads(request.content)["items"]
            made = [_wire_item(given[d["fieldData"]["slug"]], f"{n + 1:024x}") for n, d in enumerate(docs)]
            return httpx.Response(202, json={"items": made})
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    caplog.set_level("WARNING", logger="webflow_cms")
    async with _mock_client(handler) as wf:
        job = wf.items(_COLLECTION_ID).create_many([{"fieldData": {"name": s, "slug": s}} for s in given])
        result = await job
    assert [m for m in caplog.messages if "was given the slug" in m] == [
        "create: input 0 was given the slug 'a-3kd9x' ('a' is taken)"
    ]
    assert {s.index: (s.id, s.item.slug if s.item else None) for s in result.succeeded} == {
        0: (f"{1:024x}", "a-3kd9x"),
        4: (f"{5:024x}", "e"),
    }
    assert result.unknown == [1, 2, 3]  # created, but not shown by the answer nor by a lookup
    assert all(isinstance(job.unknown_reasons[i], UnexpectedResponseError) for i in (1, 2, 3))
    assert {job.unknown_reasons[i].message for i in (1, 2, 3)} == {  # type: ignore[attr-defined]
        "the item was created, but the answer did not describe it and no item has its slug"
    }


async def test_upsert_publishing_an_unchanged_draft_whose_outcome_is_lost_reports_it_unknown() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/items"):
            page = [_wire_item("x")]
            return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})
        return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})

    async with _mock_client(handler) as wf:
        job = wf.items(_COLLECTION_ID).upsert_many([{"fieldData": {"name": "X", "slug": "x"}}], publish=True)
        result = await job
    assert result.unknown == [0]
    assert result.skipped == []
    assert job.unknown_reasons == {}


async def test_every_bulk_call_reports_its_progress_to_the_end() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        progress: dict[str, list[tuple[int, int]]] = {}

        def track(name: str) -> Callable[[int, int], None]:
            return lambda done, total: progress.setdefault(name, []).append((done, total))

        made = await items.create_many([post(i) for i in range(3)], on_progress=track("create_many"))
        ids = [s.id or "" for s in sorted(made.succeeded, key=lambda s: s.index)]
        changes = [{"id": i, "fieldData": {"summary": "new"}} for i in ids]
        assert (await items.update_many(changes, on_progress=track("update_many"))).ok
        assert (await items.publish(ids, on_progress=track("publish"))).ok
        assert (await items.unpublish(ids, on_progress=track("unpublish"))).ok
        docs = [post(0, summary="new"), post(1), post(3)]
        assert (await items.upsert_many(docs, on_progress=track("upsert_many"))).counts() == {
            "unchanged": 1,
            "updated": 1,
            "created": 1,
        }
        assert (await items.delete_many([*ids, "f" * 24], on_progress=track("delete_many"))).counts() == {
            "deleted": 3,
            "failed": 1,
        }
    assert {name: calls[-1] for name, calls in progress.items()} == {
        "create_many": (3, 3),
        "update_many": (3, 3),
        "publish": (3, 3),
        "unpublish": (3, 3),
        "upsert_many": (3, 3),
        "delete_many": (4, 4),
    }


# ------------------------------------------- listing: the query sent, odd answers, reading ahead


def _listing(requests: list[httpx.Request], body: object = None) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if body is not None:
            return httpx.Response(200, json=body)
        offset = int(request.url.params["offset"])
        page = [_wire_item("only")] if offset == 0 else []
        return httpx.Response(200, json={"items": page, "pagination": {"offset": offset, "limit": 100, "total": 1}})

    return handler


async def test_list_sends_each_filter_under_its_wire_name_and_refuses_unknown_sorts() -> None:
    import datetime

    after = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    before = datetime.datetime(2024, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)
    requests: list[httpx.Request] = []
    async with _mock_client(_listing(requests)) as wf:
        items = wf.items(_COLLECTION_ID)
        await items.list(
            live=True,
            page_size=7,
            sort_by="name",
            sort_order="desc",
            name="",
            slug="only",
            cms_locale_id="b" * 24,
            last_published_after=after,
            last_published_before=before,
        )
        await items.list()
        for sort_by in ("lastPublished", "slug"):
            await items.list(sort_by=sort_by, sort_order="asc")
        with pytest.raises(ValidationError) as bad_sort:
            items.list(sort_by="date")
        with pytest.raises(ValidationError) as bad_order:
            items.list(sort_order="up")
    assert [(r.url.path, dict(r.url.params)) for r in requests] == [
        (
            f"/v2/collections/{_COLLECTION_ID}/items/live",
            {
                "offset": "0",
                "limit": "7",
                "sortBy": "name",
                "sortOrder": "desc",
                "name": "",
                "slug": "only",
                "cmsLocaleId": "b" * 24,
                "lastPublished[gte]": after.isoformat(),
                "lastPublished[lte]": before.isoformat(),
            },
        ),
        (f"/v2/collections/{_COLLECTION_ID}/items", {"offset": "0", "limit": "100"}),
        (
            f"/v2/collections/{_COLLECTION_ID}/items",
            {"offset": "0", "limit": "100", "sortBy": "lastPublished", "sortOrder": "asc"},
        ),
        (
            f"/v2/collections/{_COLLECTION_ID}/items",
            {"offset": "0", "limit": "100", "sortBy": "slug", "sortOrder": "asc"},
        ),
    ]
    assert bad_sort.value.message == "sort_by must be one of ('lastPublished', 'name', 'slug'), got 'date'"
    assert bad_order.value.message == "sort_order must be one of ('asc', 'desc'), got 'up'"
    assert bad_sort.value.status is bad_order.value.status is None


async def test_a_list_answer_without_pagination_is_read_from_its_items() -> None:
    requests: list[httpx.Request] = []
    async with _mock_client(_listing(requests, {"items": [_wire_item("a"), _wire_item("b", "b" * 24)]})) as wf:
        page = await wf.items(_COLLECTION_ID).list(page_size=5)
    assert [item.slug for item in page.items] == ["a", "b"]
    assert (page.offset, page.limit, page.total) == (0, 5, 2)
    async with _mock_client(_listing(requests, {"pagination": {"offset": 4, "limit": 9, "total": 0}})) as wf:
        empty = await wf.items(_COLLECTION_ID).list(page_size=5)
    assert (empty.items, empty.offset, empty.limit, empty.total) == ([], 4, 9, 0)  # the server's word wins


@pytest.mark.parametrize(("answer", "kind"), [(b"", "NoneType"), (b"[]", "list"), (b'"items"', "str")])
async def test_a_list_answer_that_is_not_an_object_is_a_server_error(answer: bytes, kind: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    async with _mock_client(handler) as wf:
        with pytest.raises(ServerError) as info:
            await wf.items(_COLLECTION_ID).list()
    assert info.value.message == f"list answer is not an object: {kind}"
    assert info.value.status is None


class _SharedLimiter:
    """A limiter shared with others (not the client's own token bucket): never waits."""

    async def acquire(self) -> None:
        return None

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        return None

    def pause(self, seconds: float) -> None:
        return None


@pytest.mark.parametrize(
    ("rate_limit", "offsets"),
    [
        (RateLimit(100, 1), [0, 100, 200]),  # a request is cheap: the first window reads ahead
        (RateLimit(6000, 60), [0, 100, 200]),
        (RateLimit(99, 1), [0]),  # the first page alone, to learn the total
        (RateLimit(100, 1.01), [0]),
        (_SharedLimiter(), [0]),  # someone else's budget too: never spent ahead
    ],
)
async def test_listing_reads_ahead_only_when_the_own_token_allows_100_requests_a_second(
    rate_limit: object, offsets: list[int]
) -> None:
    requests: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=httpx.MockTransport(_listing(requests)))
    async with AsyncWebflowCMS(
        "t",
        base_url="http://127.0.0.1/v2",
        rate_limit=rate_limit,
        http_client=http,
        max_concurrency=3,  # type: ignore[arg-type]
    ) as wf:
        assert [item.slug async for item in wf.items(_COLLECTION_ID).list()] == ["only"]
    assert sorted(int(r.url.params["offset"]) for r in requests) == offsets


async def test_upsert_on_another_key_matches_by_that_field_and_leaves_everything_staged() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(0), post(1)])
        ids = {s.index: s.id for s in made.succeeded}
        docs = [
            {"fieldData": {"name": "Post 0", "slug": "post-0", "summary": "by rank", "rank": 0}},
            post(1),
            {"fieldData": {"name": "Post 5", "slug": "post-5"}},
            post(7),
            {"fieldData": {"name": "Renamed 1", "slug": "renamed-1", "rank": 1}},
        ]
        result = await items.upsert_many(docs, key="rank")
        assert {s.index: (s.action, s.id) for s in result.succeeded if s.index != 3} == {
            0: ("updated", ids[0]),
            1: ("unchanged", ids[1]),
            4: ("updated", ids[1]),  # the same rank as input 1: matched to the same item
        }
        assert next(s.action for s in result.succeeded if s.index == 3) == "created"
        assert _refusals(result) == {
            2: ("ValidationError", "invalid_input", None, "input 2: fieldData.rank is the upsert key and is missing")
        }
        on_server = {r["fieldData"]["rank"]: r["fieldData"] for r in await emu.raw_items()}
        assert sorted(on_server) == [0, 1, 7]
        assert on_server[0]["summary"] == "by rank"
        assert on_server[1]["slug"] == "renamed-1"
        assert await emu.raw_items(live=True) == []  # publish defaults to False


async def test_upsert_on_slug_refuses_a_repeated_slug_before_sending() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        result = await items.upsert_many([post(1), post(2), post(1, summary="again")])
        assert result.counts() == {"created": 2, "failed": 1}
        assert _refusals(result) == {
            2: (
                "ConflictError",
                "duplicate_slug",
                None,
                "input 2: slug 'post-1' is also used by input 0; slugs are unique",
            )
        }
        assert sorted(r["fieldData"]["summary"] for r in await emu.raw_items()) == ["Summary 1", "Summary 2"]


async def test_upsert_with_publish_changes_the_live_copy_of_a_published_item() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(0), post(1)])
        ids = {s.index: s.id for s in made.succeeded}
        assert (await items.publish([ids[0], ids[1]])).counts() == {"published": 2}
        result = await items.upsert_many([post(0, summary="edited"), post(1)], publish=True)
        assert {s.index: (s.action, s.id) for s in result.succeeded} == {
            0: ("updated", ids[0]),
            1: ("unchanged", ids[1]),
        }
        live = {r["fieldData"]["slug"]: r["fieldData"]["summary"] for r in await emu.raw_items(live=True)}
        assert live == {"post-0": "edited", "post-1": "Summary 1"}


@pytest.mark.parametrize("delete_answer", [503, 204], ids=["copy-not-removed", "slug-freed-again"])
async def test_upsert_create_given_a_suffixed_slug_is_undone_or_reported(
    delete_answer: int, caplog: pytest.LogCaptureFixture
) -> None:
    """Another writer took slug x between the scan and the create, so Webflow created ours as x-abc12.

    Our copy is deleted and the change goes to their item; here their item is gone again by then (the
    lookup finds no x), or our copy cannot be removed (its delete fails, and reading it back shows it).
    """
    deletes: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json={"items": [_wire_item("x-abc12")]})
        if request.method == "DELETE":
            deletes.append(json.loads(request.content))
            if delete_answer == 503:
                return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})
            return httpx.Response(204)
        if request.url.path.endswith(f"/items/{_ITEM_ID}"):
            return httpx.Response(200, json=_wire_item("x-abc12"))
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    caplog.set_level("WARNING", logger="webflow_cms")
    async with _mock_client(handler) as wf:
        job = wf.items(_COLLECTION_ID).upsert_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
    assert deletes == [{"items": [{"id": _ITEM_ID}]}]
    assert result.succeeded == []
    if delete_answer == 503:
        assert result.unknown == [0]
        reason = job.unknown_reasons[0]
        assert isinstance(reason, ConflictError)
        assert (reason.code, reason.status) == ("duplicate_slug", None)
        assert reason.message == (
            "slug 'x' was taken during the upsert; the item was created as 'x-abc12' and could not be removed"
        )
        assert "upsert: 0 slugs were created by another writer meanwhile; updating theirs" in caplog.messages
    else:
        assert _refusals(result) == {
            0: (
                "ConflictError",
                "duplicate_slug",
                None,
                "slug 'x' was taken during the upsert, then freed again; nothing was written",
            )
        }
        assert "upsert: 1 slugs were created by another writer meanwhile; updating theirs" in caplog.messages


async def test_a_create_whose_lookup_fails_too_is_unknown_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})

    caplog.set_level("WARNING", logger="webflow_cms")
    async with _mock_client(handler) as wf:
        job = wf.items(_COLLECTION_ID).create_many([{"fieldData": {"name": s, "slug": s}} for s in ("a", "b")])
        result = await job
    assert result.unknown == [0, 1]
    assert job.unknown_reasons == {}
    assert sent == ["POST", "GET"]  # never sent again while its fate is unknown
    assert [m for m in caplog.messages if m.startswith("create:")] == [
        "create: could not check 2 items after a failed request: 503 service_unavailable: lost"
    ]


async def test_an_update_is_sent_with_exactly_the_keys_it_was_given() -> None:
    from types import MappingProxyType

    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"items": [_wire_item("y")]})

    change = MappingProxyType({"id": _ITEM_ID, "fieldData": MappingProxyType({"name": "Y"}), "isDraft": False})
    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).update_many([change])
    assert result.counts() == {"updated": 1}
    assert bodies == [{"items": [{"id": _ITEM_ID, "fieldData": {"name": "Y"}, "isDraft": False}]}]


async def test_publish_reads_each_ids_fate_from_the_202_answer() -> None:
    a, b, c = "a" * 24, "b" * 24, "c" * 24
    answers: list[object] = [
        {
            "publishedItemIds": [a],
            "errors": [f"{b}: a required field is empty", "the site has no domain", f"{b}: the slug is too long"],
        },
        {},
        [a, b],
    ]
    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(202, json=answers[len(bodies) - 1])

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
        first = await items.publish([a, b, c])
        second = await items.publish([a, {"id": b, "cmsLocaleIds": ["d" * 24]}])
        third = await items.publish([{"id": a}, b])
    assert bodies == [
        {"itemIds": [a, b, c]},
        {"items": [{"id": a}, {"id": b, "cmsLocaleIds": ["d" * 24]}]},
        {"itemIds": [a, b]},
    ]
    assert [(s.index, s.action, s.id) for s in first.succeeded] == [(0, "published", a)]
    assert _refusals(first) == {
        1: ("APIError", "not_published", 202, f"{b}: a required field is empty; {b}: the slug is too long"),
        2: ("APIError", "not_published", 202, f"{b}: a required field is empty"),  # no error of its own: the first
    }
    assert _refusals(second) == {
        0: ("APIError", "not_published", 202, f"item {a} was not in publishedItemIds"),
        1: ("APIError", "not_published", 202, f"item {b} was not in publishedItemIds"),
    }
    assert _refusals(third) == {
        0: ("APIError", "not_published", 202, f"item {a} was not in publishedItemIds"),
        1: ("APIError", "not_published", 202, f"item {b} was not in publishedItemIds"),
    }


async def test_upsert_compares_the_draft_and_archived_flags_it_is_given() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu) as wf:
        items = wf.items(emu.collection_id)
        made = await items.create_many([post(i) for i in range(4)])
        ids = {s.index: s.id for s in made.succeeded}
        draft = {r["fieldData"]["slug"]: r["isDraft"] for r in await emu.raw_items()}["post-0"]
        docs = [
            {**post(0), "isDraft": draft, "isArchived": False},  # the flags it has: unchanged
            {**post(1), "isDraft": not draft},
            {**post(2), "isArchived": True},
            post(3),
        ]
        result = await items.upsert_many(docs)
        assert {s.index: (s.action, s.id) for s in result.succeeded} == {
            0: ("unchanged", ids[0]),
            1: ("updated", ids[1]),
            2: ("updated", ids[2]),
            3: ("unchanged", ids[3]),
        }
        assert [s.item.id if s.item else None for s in sorted(result.succeeded, key=lambda s: s.index)] == [
            ids[0],
            ids[1],
            ids[2],
            ids[3],
        ]
        flags = {r["fieldData"]["slug"]: (r["isDraft"], r["isArchived"]) for r in await emu.raw_items()}
        assert flags == {
            "post-0": (draft, False),
            "post-1": (not draft, False),
            "post-2": (draft, True),
            "post-3": (draft, False),
        }


async def test_single_item_calls_raise_the_inputs_own_error_or_say_why_there_is_none() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(f"{request.method} {request.url.path}")
        if request.method == "POST" and request.url.path.endswith("/items/live"):
            return httpx.Response(202, json={"items": [_wire_item("live-one")]})
        if request.method == "POST":
            body = {"code": "duplicate_value", "message": "Unique value is already in database: 'x'"}
            return httpx.Response(409, json=body)
        return httpx.Response(200, json={"items": []})  # PATCH: no item in the answer

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
        with pytest.raises(ConflictError) as conflict:
            await items.create({"fieldData": {"name": "X", "slug": "x"}})
        assert conflict.value.status == 409
        live = await items.create({"fieldData": {"name": "Live", "slug": "live-one"}}, live=True)
        assert live.slug == "live-one"
        with pytest.raises(UnexpectedResponseError) as unread:
            await items.update(_ITEM_ID, {"fieldData": {"name": "Y"}})
    assert (unread.value.code, unread.value.status) == ("unexpected_response", None)
    assert unread.value.message == f"the item was updated (id {_ITEM_ID}), but the answer did not include it"
    assert paths == [
        f"POST /v2/collections/{_COLLECTION_ID}/items",
        f"POST /v2/collections/{_COLLECTION_ID}/items/live",
        f"PATCH /v2/collections/{_COLLECTION_ID}/items",
    ]


async def test_a_single_create_whose_fate_cannot_be_learned_raises_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})

    async with _mock_client(handler) as wf:
        with pytest.raises(APIConnectionError) as unknown:
            await wf.items(_COLLECTION_ID).create({"fieldData": {"name": "X", "slug": "x"}})
    assert str(unknown.value) == "the request's outcome is unknown: the connection broke and could not be checked"


async def test_a_multi_locale_create_sends_the_flags_of_its_batch() -> None:
    bodies: list[object] = []
    locales = ["d" * 24, "e" * 24]

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        docs = body["fieldData"] if isinstance(body["fieldData"], list) else [body["fieldData"]]
        made = [{**_wire_item(d["slug"], f"{n + 1:024x}"), "cmsLocaleId": locales[0]} for n, d in enumerate(docs)]
        return httpx.Response(202, json={"items": made})

    docs = [
        {"fieldData": {"name": "A", "slug": "a"}, "isArchived": True, "isDraft": False},
        {"fieldData": {"name": "B", "slug": "b"}, "isArchived": True, "isDraft": False},
        {"fieldData": {"name": "C", "slug": "c"}},
        {"fieldData": {"name": "D", "slug": "d"}, "isArchived": True, "isDraft": True},
        {"fieldData": {"name": "E", "slug": "e"}, "isDraft": False},
    ]
    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).create_many(docs, cms_locale_ids=locales)
    assert result.counts() == {"created": 5}
    assert sorted(bodies, key=str) == sorted(
        [
            {
                "cmsLocaleIds": locales,
                "fieldData": [{"name": "A", "slug": "a"}, {"name": "B", "slug": "b"}],
                "isDraft": False,
                "isArchived": True,
            },
            {"cmsLocaleIds": locales, "fieldData": {"name": "C", "slug": "c"}},
            {"cmsLocaleIds": locales, "fieldData": {"name": "D", "slug": "d"}, "isDraft": True, "isArchived": True},
            {"cmsLocaleIds": locales, "fieldData": {"name": "E", "slug": "e"}, "isDraft": False},
        ],
        key=str,
    )


async def test_a_create_lookup_asks_by_slug_in_a_big_collection_and_reads_one_page_of_a_small_one() -> None:
    size = 0
    gets: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})
        params = dict(request.url.params)
        gets.append(params)
        every = [_wire_item(f"s-{n}", f"{n + 1:024x}") for n in range(size)]
        if "slug" in params:
            every = [item for item in every if item["fieldData"]["slug"] == params["slug"]]  # type: ignore[index]
        offset, limit = int(params["offset"]), int(params["limit"])
        page = every[offset : offset + limit]
        return httpx.Response(
            200, json={"items": page, "pagination": {"offset": offset, "limit": limit, "total": len(every)}}
        )

    def doc(slug: str) -> dict[str, object]:
        return {"fieldData": {"name": slug, "slug": slug}}

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
        size = 1000  # ten pages: two slugs missing from the first page are asked for one by one
        big = await items.create_many([doc("s-5"), doc("s-700"), doc("new")])
        assert sorted(gets, key=str) == sorted(
            [
                {"offset": "0", "limit": "100"},
                {"offset": "0", "limit": "1", "slug": "new"},
                {"offset": "0", "limit": "1", "slug": "s-700"},
            ],
            key=str,
        )
        gets.clear()
        everything_found = await items.create_many([doc("s-1"), doc("s-2")])
        assert gets == [{"offset": "0", "limit": "100"}]  # all on the first page: nothing more to read
        gets.clear()
        size = 250  # two pages left and two slugs missing: reading the pages costs no more than asking
        scanned = await items.create_many([doc("s-150"), doc("s-240")])
        assert all("slug" not in params for params in gets)
        assert {"0", "100", "200"} <= {params["offset"] for params in gets}  # (a cheap token reads ahead further)
        gets.clear()
        size = 1000  # a create in one locale is looked up in that locale, page and slugs alike
        located = await items.create_many(
            [{**doc("s-5"), "cmsLocaleId": "d" * 24}, {**doc("s-700"), "cmsLocaleId": "d" * 24}]
        )
        assert sorted(gets, key=str) == sorted(
            [
                {"offset": "0", "limit": "100", "cmsLocaleId": "d" * 24},
                {"offset": "0", "limit": "1", "slug": "s-700", "cmsLocaleId": "d" * 24},
            ],
            key=str,
        )
        gets.clear()
        size = 3  # one page holds the whole collection: what it lacks does not exist
        small = await items.create_many([doc("s-1"), doc("new")])
        assert gets == [{"offset": "0", "limit": "100"}]
    assert {s.index: s.id for s in big.succeeded} == {0: f"{6:024x}", 1: f"{701:024x}"}
    assert _refusals(big) == {2: ("ServerError", "service_unavailable", 503, "lost")}
    assert {s.index: s.id for s in everything_found.succeeded} == {0: f"{2:024x}", 1: f"{3:024x}"}
    assert {s.index: s.id for s in scanned.succeeded} == {0: f"{151:024x}", 1: f"{241:024x}"}
    assert {s.index: s.id for s in located.succeeded} == {0: f"{6:024x}", 1: f"{701:024x}"}
    assert {s.index: s.id for s in small.succeeded} == {0: f"{2:024x}"}
    assert _refusals(small) == {1: ("ServerError", "service_unavailable", 503, "lost")}


@pytest.mark.parametrize("answer", [[], {}, {"items": []}], ids=["list", "empty-object", "no-items"])
async def test_an_update_answer_without_items_still_reports_each_update_by_its_id(answer: object) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer)

    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).update_many(
            [{"id": _ITEM_ID, "fieldData": {"name": "Y"}}, {"id": "e" * 24, "isDraft": False}]
        )
    assert [(s.index, s.action, s.id, s.item) for s in result.succeeded] == [
        (0, "updated", _ITEM_ID, None),
        (1, "updated", "e" * 24, None),
    ]


async def test_each_updated_locale_variant_is_reported_with_its_own_variant() -> None:
    one, two, other = "d" * 24, "e" * 24, "f" * 24

    def handler(request: httpx.Request) -> httpx.Response:
        variants = [{**_wire_item(f"v-{n}"), "cmsLocaleId": locale} for n, locale in enumerate((one, two))]
        return httpx.Response(200, json={"items": variants})

    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).update_many(
            [
                {"id": _ITEM_ID, "cmsLocaleId": two, "fieldData": {"name": "Two"}},
                {"id": _ITEM_ID, "cmsLocaleId": one, "fieldData": {"name": "One"}},
                {"id": _ITEM_ID, "cmsLocaleId": other, "fieldData": {"name": "Other"}},  # not in the answer
            ]
        )
    reported = {s.index: (s.id, s.item.cms_locale_id if s.item else None) for s in result.succeeded}
    assert reported == {0: (_ITEM_ID, two), 1: (_ITEM_ID, one), 2: (_ITEM_ID, one)}  # 2: the first variant


@pytest.mark.parametrize("operation", ["delete_many", "unpublish"])
async def test_removed_items_are_reported_with_their_ids(operation: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204)

    refs = ["d" * 24, {"id": "e" * 24, "cmsLocaleIds": ["b" * 24]}]
    async with _mock_client(handler) as wf:
        result = await getattr(wf.items(_COLLECTION_ID), operation)(refs)
    action = "deleted" if operation == "delete_many" else "unpublished"
    assert [(s.index, s.action, s.id, s.item) for s in result.succeeded] == [
        (0, action, "d" * 24, None),
        (1, action, "e" * 24, None),
    ]


async def test_created_items_are_matched_by_slug_and_locale_whatever_the_order_of_the_answer() -> None:
    primary, secondary = "d" * 24, "e" * 24
    gets: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            gets.append(str(request.url))
            return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})
        body = json.loads(request.content)
        if request.url.path.endswith("/items/bulk"):  # each item in both locales, secondary variants first
            docs = body["fieldData"] if isinstance(body["fieldData"], list) else [body["fieldData"]]
            made = [
                {**_wire_item(d["slug"], f"{n + 1:024x}"), "cmsLocaleId": locale}
                for locale in (secondary, primary)
                for n, d in enumerate(docs)
            ]
        else:  # the answer lists the items in reverse order
            docs = body["items"]
            made = [_wire_item(d["fieldData"]["slug"], f"{n + 1:024x}") for n, d in enumerate(docs)][::-1]
        return httpx.Response(202, json={"items": made})

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
        several = await items.create_many(
            [{"fieldData": {"name": s, "slug": s}} for s in ("a", "b")], cms_locale_ids=[primary, secondary]
        )
        reversed_answer = await items.create_many([{"fieldData": {"name": s, "slug": s}} for s in ("a", "a-1")])
        # An answer in another locale than asked for (or none) still identifies the item by its slug.
        other_locale = await items.create_many(
            [{"fieldData": {"name": s, "slug": s}, "cmsLocaleId": primary} for s in ("c", "d")]
        )
    assert {s.index: (s.id, s.item.cms_locale_id if s.item else None) for s in several.succeeded} == {
        0: (f"{1:024x}", primary),
        1: (f"{2:024x}", primary),
    }
    assert {s.index: (s.id, s.item.slug if s.item else None) for s in reversed_answer.succeeded} == {
        0: (f"{1:024x}", "a"),
        1: (f"{2:024x}", "a-1"),
    }
    assert sorted((s.index, s.id) for s in other_locale.succeeded) == [(0, f"{1:024x}"), (1, f"{2:024x}")]
    assert gets == []  # every created item was identified by the answer itself


async def test_a_create_answer_whose_items_are_not_a_list_is_settled_by_a_lookup() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if request.method == "POST":
            return httpx.Response(202, json={"items": None})
        page = [_wire_item("x")]
        return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})

    async with _mock_client(handler) as wf:
        result = await wf.items(_COLLECTION_ID).create_many([{"fieldData": {"name": "X", "slug": "x"}}])
    assert [(s.action, s.id) for s in result.succeeded] == [("created", _ITEM_ID)]
    assert sent == ["POST", "GET"]


@pytest.mark.parametrize("lookup", ["works", "fails"])
async def test_a_create_is_resent_only_while_its_lookup_shows_it_missing(
    lookup: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from webflow_cms.retry import RetryPolicy

    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt, rng=None: 0.0)
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if request.method == "POST" or lookup == "fails":
            return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    caplog.set_level("INFO", logger="webflow_cms")
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncWebflowCMS(
        "t", base_url="http://127.0.0.1/v2", rate_limit=FAST, http_client=http, max_retries=1
    ) as wf:
        job = wf.items(_COLLECTION_ID).create_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
    resends = [m for m in caplog.messages if "sending them again" in m]
    if lookup == "works":  # two rounds (max_retries=1); a create is never re-sent blindly by the transport
        assert sent == ["POST", "GET", "POST", "GET"]
        assert resends[0] == "create: 1 items of failed requests do not exist; sending them again (round 2)"
        assert _refusals(result) == {0: ("ServerError", "service_unavailable", 503, "lost")}
    else:  # the lookup failed: its fate is unknown, and it is never sent again
        assert sent == ["POST", "GET", "GET"]  # the lookup's GET is retried, the create is not
        assert resends == []
        assert result.unknown == [0]


async def test_plain_items_go_100_to_a_request() -> None:
    sizes: list[tuple[str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sizes.append((request.method, len(body["items"])))
        if request.method == "POST":
            made = [_wire_item(d["fieldData"]["slug"], f"{n + 1:024x}") for n, d in enumerate(body["items"])]
            return httpx.Response(202, json={"items": made})
        return httpx.Response(204)

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
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

    async with _mock_client(handler) as wf:
        items = wf.items(_COLLECTION_ID)
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


@pytest.mark.parametrize("bad", ["a" * 24 + "\n", "\n" + "a" * 24, "a" * 23 + "\n"])
def test_an_id_with_a_newline_is_refused_before_it_reaches_a_url(bad: str) -> None:
    # A regex `$` matches before a final newline: the whole string must be the 24 hex characters.
    wf = AsyncWebflowCMS("token", rate_limit=FAST)
    with pytest.raises(ValidationError, match="is not a Webflow id"):
        wf.items(bad)
