"""Creates that never duplicate (``_creates``): every created item reported with its id whatever the
answer's form, a taken slug, creates in several locales, and after an ambiguous failure a lookup by slug
before anything is sent again (the scripted read-back scenarios of issue 16 count every write sent)."""

from __future__ import annotations

import json
import logging
from collections import Counter

import httpx
import pytest

from support import emulated, post
from support.items import (
    COLLECTION_ID,
    FAST,
    ITEM_ID,
    Scripted,
    client,
    mock_client,
    refusals,
    site_locales,
    verdicts,
    wire_item,
)
from webflow_cms import AsyncWebflowCMS, ConflictError, NotFoundError, UnexpectedResponseError, ValidationError
from webflow_cms_emulator.options import FaultKind

pytestmark = pytest.mark.anyio

pytest_plugins = ["support.items"]


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
        primary, secondary = await site_locales(emu)
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


# ------------------------------------------------------------ answers the emulator never gives (MockTransport)


async def test_an_echoed_create_answer_is_settled_by_looking_the_items_up() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if request.method == "POST":
            return httpx.Response(202, json={"items": [{"fieldData": {"name": "X", "slug": "x"}}]})
        assert request.url.params.get("slug") in (None, "x")
        page = [wire_item("x")]
        return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})

    async with mock_client(handler) as wf:
        created = await wf.items(COLLECTION_ID).create({"fieldData": {"name": "X", "slug": "x"}})
    assert created.id == ITEM_ID
    assert sent.count("POST") == 1  # found, never re-sent


async def test_only_a_suffixed_slug_in_the_same_position_counts_as_the_created_item(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Webflow adds ``-xxxxx`` (lowercase letters and digits) to a taken slug; any other slug is not ours."""
    given = {"a": "a-3kd9x", "b": "zzz", "c": "c-", "d": "d-AB9", "e": "e"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            docs = json.loads(request.content)["items"]
            made = [wire_item(given[d["fieldData"]["slug"]], f"{n + 1:024x}") for n, d in enumerate(docs)]
            return httpx.Response(202, json={"items": made})
        return httpx.Response(200, json={"items": [], "pagination": {"offset": 0, "limit": 100, "total": 0}})

    caplog.set_level("WARNING", logger="webflow_cms")
    async with mock_client(handler) as wf:
        job = wf.items(COLLECTION_ID).create_many([{"fieldData": {"name": s, "slug": s}} for s in given])
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


async def test_a_create_whose_lookup_fails_too_is_unknown_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        return httpx.Response(503, json={"code": "service_unavailable", "message": "lost"})

    caplog.set_level("WARNING", logger="webflow_cms")
    async with mock_client(handler) as wf:
        job = wf.items(COLLECTION_ID).create_many([{"fieldData": {"name": s, "slug": s}} for s in ("a", "b")])
        result = await job
    assert result.unknown == [0, 1]
    assert job.unknown_reasons == {}
    assert sent == ["POST", "GET"]  # never sent again while its fate is unknown
    assert [m for m in caplog.messages if m.startswith("create:")] == [
        "create: could not check 2 items after a failed request: 503 service_unavailable: lost"
    ]


async def test_a_multi_locale_create_sends_the_flags_of_its_batch() -> None:
    bodies: list[object] = []
    locales = ["d" * 24, "e" * 24]

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        docs = body["fieldData"] if isinstance(body["fieldData"], list) else [body["fieldData"]]
        made = [{**wire_item(d["slug"], f"{n + 1:024x}"), "cmsLocaleId": locales[0]} for n, d in enumerate(docs)]
        return httpx.Response(202, json={"items": made})

    docs = [
        {"fieldData": {"name": "A", "slug": "a"}, "isArchived": True, "isDraft": False},
        {"fieldData": {"name": "B", "slug": "b"}, "isArchived": True, "isDraft": False},
        {"fieldData": {"name": "C", "slug": "c"}},
        {"fieldData": {"name": "D", "slug": "d"}, "isArchived": True, "isDraft": True},
        {"fieldData": {"name": "E", "slug": "e"}, "isDraft": False},
    ]
    async with mock_client(handler, create_via="items") as wf:
        result = await wf.items(COLLECTION_ID).create_many(docs, cms_locale_ids=locales)
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
                {**wire_item(d["slug"], f"{n + 1:024x}"), "cmsLocaleId": locale}
                for locale in (secondary, primary)
                for n, d in enumerate(docs)
            ]
        else:  # the answer lists the items in reverse order
            docs = body["items"]
            made = [wire_item(d["fieldData"]["slug"], f"{n + 1:024x}") for n, d in enumerate(docs)][::-1]
        return httpx.Response(202, json={"items": made})

    async with mock_client(handler, create_via="items") as wf:
        items = wf.items(COLLECTION_ID)
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
        page = [wire_item("x")]
        return httpx.Response(200, json={"items": page, "pagination": {"offset": 0, "limit": 100, "total": 1}})

    async with mock_client(handler) as wf:
        result = await wf.items(COLLECTION_ID).create_many([{"fieldData": {"name": "X", "slug": "x"}}])
    assert [(s.action, s.id) for s in result.succeeded] == [("created", ITEM_ID)]
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
        job = wf.items(COLLECTION_ID).create_many([{"fieldData": {"name": "X", "slug": "x"}}])
        result = await job
    resends = [m for m in caplog.messages if "sending them again" in m]
    if lookup == "works":  # two rounds (max_retries=1); a create is never re-sent blindly by the transport
        assert sent == ["POST", "GET", "POST", "GET"]
        assert resends[0] == "create: 1 items of failed requests do not exist; sending them again (round 2)"
        assert refusals(result) == {0: ("ServerError", "service_unavailable", 503, "lost")}
    else:  # the lookup failed: its fate is unknown, and it is never sent again
        assert sent == ["POST", "GET", "GET"]  # the lookup's GET is retried, the create is not
        assert resends == []
        assert result.unknown == [0]


# ------------------------------------------------------------ scripted faults: lookup by slug


@pytest.mark.parametrize(
    ("kind", "after"),
    [("503", True), ("reset", True), ("500", True), ("503", False), ("reset", False)],
    ids=["503-after", "reset-after", "500-after", "503-before", "reset-before"],
)
async def test_create_after_an_ambiguous_failure_is_looked_up_or_resent_once(
    kind: FaultKind, after: bool, env: Scripted
) -> None:
    async with client(env) as wf:
        start = env.fail_next(kind, after=after)
        result = await wf.items(env.emu.collection_id).create_many([post(i) for i in range(3)])

        on_server = await env.raw()
        assert sorted(on_server) == ["post-0", "post-1", "post-2"]  # raw() fails on a duplicate
        assert verdicts(result) == {i: ("created", on_server[f"post-{i}"]["id"]) for i in range(3)}
        assert [item.slug for item in result.items] == ["post-0", "post-1", "post-2"]
        # Applied: found by slug, never sent again. Not applied: sent again once.
        assert env.writes_since(start) == (1 if after else 2)
        assert env.injected() == {"applied": int(after), "not_applied": int(not after)}


@pytest.mark.parametrize("first", ["primary", "secondary"])
async def test_multi_locale_create_applied_then_503_is_found_in_its_first_locale(first: str, env: Scripted) -> None:
    async with client(env) as wf:
        primary, secondary = await env.locales()
        order = [primary, secondary] if first == "primary" else [secondary, primary]
        start = env.fail_next("503", after=True)
        result = await wf.items(env.emu.collection_id).create_many([post(i) for i in range(3)], cms_locale_ids=order)

        in_primary, in_secondary = await env.raw(locale=primary), await env.raw(locale=secondary)
        assert sorted(in_primary) == sorted(in_secondary) == ["post-0", "post-1", "post-2"]
        ids = {slug: item["id"] for slug, item in in_primary.items()}
        assert {slug: item["id"] for slug, item in in_secondary.items()} == ids  # one item, two variants
        assert verdicts(result) == {i: ("created", ids[f"post-{i}"]) for i in range(3)}
        # Reported as the variant in the first locale asked for, as an answered create reports it.
        assert {r.item.cms_locale_id for r in result.succeeded if r.item} == {order[0]}
        assert len(result.items) == 3
        assert env.writes_since(start) == 1
        assert env.injected() == {"applied": 1, "not_applied": 0}


async def test_create_in_the_secondary_locale_applied_then_503_is_found_there(env: Scripted) -> None:
    async with client(env) as wf:
        primary, secondary = await env.locales()
        docs = [{**post(i), "cmsLocaleId": secondary} for i in range(3)]
        start = env.fail_next("503", after=True)
        result = await wf.items(env.emu.collection_id).create_many(docs)

        assert await env.raw(locale=primary) == {}
        in_secondary = await env.raw(locale=secondary)
        assert sorted(in_secondary) == ["post-0", "post-1", "post-2"]
        assert verdicts(result) == {i: ("created", in_secondary[f"post-{i}"]["id"]) for i in range(3)}
        assert {r.item.cms_locale_id for r in result.succeeded if r.item} == {secondary}
        assert env.writes_since(start) == 1  # found, not sent again
        assert env.injected() == {"applied": 1, "not_applied": 0}


@pytest.mark.parametrize(
    ("kind", "error"), [("503", ("ServerError", 503)), ("reset", ("APIConnectionError", None))], ids=["503", "reset"]
)
async def test_create_failing_every_round_fails_each_input_and_writes_nothing(
    kind: FaultKind, error: tuple[str, int | None], env: Scripted
) -> None:
    async with client(env) as wf:
        start = env.fail_next(kind, kind, after=False)  # max_retries=1: two rounds
        result = await wf.items(env.emu.collection_id).create_many([post(i) for i in range(3)])

        assert verdicts(result) == {i: ("failed", *error) for i in range(3)}
        if kind == "reset":
            assert all(str(f.error).startswith("create failed and the item does not exist: ") for f in result.failed)
        assert await env.raw() == {}
        assert env.writes_since(start) == 2
        assert env.injected() == {"applied": 0, "not_applied": 2}


# ------------------------------------------------------------------ Create Items (/items/insert)


def _paths_sent(paths: list[str]) -> httpx.AsyncClient:
    """An httpx client that notes the method and path of every request it sends."""

    async def note(request: httpx.Request) -> None:
        paths.append(f"{request.method} {request.url.path.split('/collections/')[-1].split('/', 1)[-1]}")

    return httpx.AsyncClient(event_hooks={"request": [note]})


@pytest.mark.parametrize("status", ["202", "200"])
async def test_create_many_goes_through_create_items_whatever_status_it_answers(status: str) -> None:
    """Webflow's Create Items page does not give the answer's status: the emulator answers either."""
    paths: list[str] = []
    async with emulated(rate_limit="10000/1", insert_status=status) as emu, _paths_sent(paths) as http:
        async with client(emu, http_client=http) as wf:
            result = await wf.items(emu.collection_id).create_many([post(n) for n in range(150)])
        assert result.counts() == {"created": 150}
        assert sorted(item.slug for item in result.items) == sorted(f"post-{n}" for n in range(150))
        assert len({item.id for item in result.items}) == 150
        assert paths == ["POST items/insert", "POST items/insert"]
        assert len(await emu.raw_items()) == 150


async def test_create_via_items_keeps_the_older_endpoints_and_live_creates_use_items_live() -> None:
    paths: list[str] = []
    async with emulated(rate_limit="10000/1") as emu, _paths_sent(paths) as http:
        async with client(emu, http_client=http, create_via="items") as wf:
            await wf.items(emu.collection_id).create_many([post(1), post(2)])
        async with client(emu, http_client=http) as wf:
            await wf.items(emu.collection_id).create_many([post(3)], live=True)
    assert paths == ["POST items", "POST items/live"]


async def test_a_server_without_create_items_is_detected_once_and_the_older_endpoint_used() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path.rsplit("/", 1)[-1])
        if request.url.path.endswith("/insert"):
            return httpx.Response(404, json={"code": "route_not_found", "message": "Requested route not found"})
        body = json.loads(request.content)
        return httpx.Response(202, json={"items": [wire_item(d["fieldData"]["slug"]) for d in body["items"]]})

    async with mock_client(handler) as wf:
        first = await wf.items(COLLECTION_ID).create_many([post(1)])
        second = await wf.items(COLLECTION_ID).create_many([post(2)])
    assert (first.counts(), second.counts()) == ({"created": 1}, {"created": 1})
    assert seen == ["insert", "items", "items"]


async def test_a_missing_collection_is_not_mistaken_for_a_server_without_create_items() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path.rsplit("/", 1)[-1])
        return httpx.Response(404, json={"code": "resource_not_found", "message": "Collection not found"})

    calls: list[list[str]] = []
    async with mock_client(handler) as wf:
        for n in range(2):
            with pytest.raises(NotFoundError, match="Collection not found"):
                await wf.items(COLLECTION_ID).create_many([post(n)])
            calls.append(list(seen))
            seen.clear()
    # Each call asks Create Items first, then /items (which 404s too: the collection is missing).
    assert [call[:2] for call in calls] == [["insert", "items"], ["insert", "items"]]


async def test_an_item_in_three_locales_with_its_own_content_in_each() -> None:
    """Created in the primary locale, then given its two other variants (the emulated site has the three
    locales of upstream's get-site example), all through Create Items."""
    paths: list[str] = []
    async with emulated(rate_limit="10000/1") as emu, _paths_sent(paths) as http, client(emu, http_client=http) as wf:
        async with httpx.AsyncClient(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as raw:
            site = (await raw.get(f"/sites/{emu.site_id}")).json()
        primary = site["locales"]["primary"]["cmsLocaleId"]
        second, third = (s["cmsLocaleId"] for s in site["locales"]["secondary"])
        items = wf.items(emu.collection_id)
        item = await items.create({"cmsLocaleId": primary, "fieldData": {"name": "Hello", "slug": "hello"}})
        added = await items.add_locales(
            item.id, {second: {"name": "Bonjour", "slug": "bonjour"}, third: {"name": "Hola", "slug": "hola"}}
        )
        assert added.counts() == {"created": 2}
        assert [(i.cms_locale_id, i.id) for i in added.items] == [(second, item.id), (third, item.id)]
        names = {loc: (await items.get(item.id, cms_locale_id=loc)).name for loc in (primary, second, third)}
        assert names == {primary: "Hello", second: "Bonjour", third: "Hola"}
        assert [p for p in paths if p.startswith("POST")] == ["POST items/insert", "POST items/insert"]
        again = await items.add_locales(item.id, {second: {"name": "Encore", "slug": "encore"}})
        [(_, kind, status)] = verdicts(again).values()
        assert (kind, status) == ("ValidationError", 400)  # the item has that variant already
        assert (await items.get(item.id, cms_locale_id=second)).name == "Bonjour"


async def test_add_locales_refuses_bad_input_before_sending() -> None:
    async with mock_client(lambda request: httpx.Response(500)) as wf:
        items = wf.items(COLLECTION_ID)
        with pytest.raises(ValidationError, match="variants must map CMS locale ids to fieldData"):
            items.add_locales(ITEM_ID, {})
        with pytest.raises(ValidationError, match="not a Webflow id"):
            items.add_locales("nope", {"l": {"name": "A", "slug": "a"}})
        result = await items.add_locales(ITEM_ID, {"l1": {"name": "A"}, "l2": {"name": "B", "slug": "b"}})
    assert verdicts(result)[0] == ("failed", "ValidationError", None)
    assert "fieldData.slug is required" in str(result.failed[0].error)


async def test_a_create_is_sent_again_only_as_often_as_the_retry_policy_allows(
    env: Scripted, caplog: pytest.LogCaptureFixture
) -> None:
    async with client(env, max_retries=2) as wf:
        start = env.fail_next("503", "503", "503", "503", after=False)  # one more than the policy allows
        with caplog.at_level("INFO", logger="webflow_cms"):
            result = await wf.items(env.emu.collection_id).create_many([post(0)])
        assert verdicts(result) == {0: ("failed", "ServerError", 503)}
        assert await env.raw() == {}
        assert env.writes_since(start) == 3  # the first round and 2 more
        again = [r.getMessage() for r in caplog.records if "sending them again" in r.getMessage()]
        assert again == [
            f"create: 1 items of failed requests do not exist; sending them again (round {n})" for n in (2, 3)
        ]  # each one followed by a send: none after the last round


@pytest.mark.parametrize("after", [True, False], ids=["applied", "not-applied"])
async def test_a_lost_add_locales_answer_is_settled_by_the_item_itself_never_by_another_with_the_slug(
    after: bool, env: Scripted
) -> None:
    """Another item holding the slug in that locale is not the variant: if the variant is missing it is sent again."""
    async with client(env) as wf:
        primary, secondary = await site_locales(env.emu)
        items = wf.items(env.emu.collection_id)
        a = await items.create({"cmsLocaleId": primary, "fieldData": {"name": "A", "slug": "a"}})
        b = await items.create({"cmsLocaleId": secondary, "fieldData": {"name": "B", "slug": "shared"}})
        env.fail_next("500", after=after)
        result = await items.add_locales(a.id, {secondary: {"name": "A fr", "slug": "shared"}})
        [verdict] = verdicts(result).values()
        assert verdict[1] != b.id  # before the fix: ("created", b.id), and the variant never added
        try:
            await items.get(a.id, cms_locale_id=secondary)
        except NotFoundError:
            exists = False
        else:
            exists = True
        # Created means A has the variant; failed (the slug is taken in that locale: 409) means it has not.
        assert verdict == ("created", a.id) if exists else verdict[0] == "failed"
        assert (await items.get(b.id, cms_locale_id=secondary)).name == "B"


async def test_add_locales_checks_each_locale_and_sends_staged_variants_with_progress() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url.path}")
        return httpx.Response(500)

    progress: list[tuple[int, int]] = []
    async with mock_client(handler) as wf:
        items = wf.items(COLLECTION_ID)
        with pytest.raises(ValidationError) as empty:
            items.add_locales(ITEM_ID, {})
        assert (empty.value.code, empty.value.status) == ("invalid_input", None)
        variants = {"": {"name": "A", "slug": "a"}, "l2": {"name": "B"}, "l3": {"name": "C", "slug": "c"}}
        job = items.add_locales(ITEM_ID, variants, on_progress=lambda done, total: progress.append((done, total)))
        result = await job
    assert refusals(result)[0][3] == "input 0: a locale id is a non-empty string, got ''"
    assert refusals(result)[1][3].startswith("input 1: ")
    assert sent[0].startswith("POST ")  # l3, as a staged variant
    assert not sent[0].endswith("/live")
    assert progress[-1][1] == 3


async def test_a_create_items_entry_names_its_locale_only_as_cms_locale_ids() -> None:
    bodies: list[dict[str, list[dict[str, object]]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            bodies.append(json.loads(request.content))
        return httpx.Response(500)

    async with mock_client(handler) as wf:
        await wf.items(COLLECTION_ID).create_many([{**post(1), "cmsLocaleId": "l" * 24}])
    (entry,) = bodies[0]["items"]
    assert entry["cmsLocaleIds"] == ["l" * 24]
    assert "cmsLocaleId" not in entry


async def test_with_create_via_items_several_locales_still_go_through_items_bulk() -> None:
    async with emulated(rate_limit="10000/1") as emu, client(emu, create_via="items") as wf:
        primary, secondary = await site_locales(emu)
        items = wf.items(emu.collection_id)
        result = await items.create_many([post(i) for i in range(3)], cms_locale_ids=[primary, secondary])
        assert result.counts() == {"created": 3}
        both = await items.list(cms_locale_id=f"{primary},{secondary}", page_size=100)
        assert both.total == 6
        assert {item.slug for item in both.items} == {f"post-{i}" for i in range(3)}


async def test_a_server_without_create_items_takes_a_create_in_several_locales_through_items_bulk() -> None:
    seen: list[str] = []
    locales = ["l" * 24, "m" * 24]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path.rsplit("/", 1)[-1])
        if request.url.path.endswith("/insert"):
            return httpx.Response(404, json={"code": "route_not_found", "message": "Requested route not found"})
        body = json.loads(request.content)
        fields = body["fieldData"] if isinstance(body["fieldData"], list) else [body["fieldData"]]
        made = [
            {**wire_item(f["slug"], f"{n:024x}"), "cmsLocaleId": locale}
            for n, f in enumerate(fields)
            for locale in body["cmsLocaleIds"]
        ]
        return httpx.Response(202, json={"items": made})

    async with mock_client(handler) as wf:
        result = await wf.items(COLLECTION_ID).create_many([post(1), post(2)], cms_locale_ids=locales)
    assert result.counts() == {"created": 2}
    assert seen == ["insert", "bulk"]


async def test_falling_back_from_create_items_is_logged_once_with_the_server_and_its_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/insert"):
            return httpx.Response(405, json={"code": "method_not_allowed", "message": "no"})
        body = json.loads(request.content)
        return httpx.Response(202, json={"items": [wire_item(d["fieldData"]["slug"]) for d in body["items"]]})

    caplog.set_level(logging.INFO, logger="webflow_cms")
    async with mock_client(handler) as wf:
        await wf.items(COLLECTION_ID).create_many([post(1)])
        await wf.items(COLLECTION_ID).create_many([post(2)])
        base_url = wf.base_url
    assert [m for m in caplog.messages if "Create Items" in m] == [
        f"create: {base_url} answered 405 to Create Items (/items/insert) and served /items; using /items from now on"
    ]


async def test_a_create_items_answer_without_a_body_is_settled_by_lookup_never_sent_again() -> None:
    """A bare 202 from Create Items: the items were made; finding them by slug settles them (it re-sent
    the batch through /items, creating every item twice)."""
    seen: list[str] = []
    stored: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path.rsplit('/', 1)[-1]}")
        if request.method == "POST" and request.url.path.endswith("/items/insert"):
            body = json.loads(request.content)
            stored.extend(
                wire_item(e["fieldData"]["slug"], f"{len(stored) + n:024x}") for n, e in enumerate(body["items"])
            )
            return httpx.Response(202)
        if request.method == "POST":
            raise AssertionError(f"sent again: {request.url.path}")
        slug = request.url.params.get("slug")
        found = [item for item in stored if slug is None or item["fieldData"]["slug"] == slug]  # type: ignore[index]
        return httpx.Response(
            200, json={"items": found, "pagination": {"offset": 0, "limit": 100, "total": len(found)}}
        )

    async with mock_client(handler) as wf:
        result = await wf.items(COLLECTION_ID).create_many([post(1), post(2)])
    assert result.counts() == {"created": 2}
    assert [s for s in seen if s.startswith("POST")] == ["POST insert"]
    assert len(stored) == 2
