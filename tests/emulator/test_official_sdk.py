"""Webflow's official Python SDK (`webflow` 2.0.0) against the emulator: proof that the emulator speaks
what a real client sends and expects. Every item operation the SDK exposes on `client.collections.items`
(16 methods, one per operation of the upstream spec) is called at least once and its answer is checked.

Where the SDK cannot represent an answer the upstream spec documents, the test asserts exactly what the
SDK does (`ParsingError`, or an untyped `ApiError`) and names the upstream place it contradicts.
Line numbers refer to openapi/upstream/older/webflow-items-openapi.upstream.yml."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from webflow import AsyncWebflow, BulkCollectionItem, CollectionItem, CollectionItemList, CollectionItemWithIdInput
from webflow.core.api_error import ApiError
from webflow.core.parse_error import ParsingError
from webflow.environment import WebflowEnvironment
from webflow.errors import ConflictError, NotFoundError
from webflow.resources.collections.resources.items import (
    CreateBulkCollectionItemRequestBodyFieldDataOneItem,
    ItemIDsWithLocales,
    ItemsDeleteItemsLiveRequestItemsItem,
    ItemsDeleteItemsRequestItemsItem,
    ItemsPublishItemRequestItemsItemsItem,
    MultipleItems,
    MultipleLiveItems,
)
from webflow.resources.collections.resources.items.types.item_i_ds import ItemIDs
from webflow.types.collection_item_post_single import CollectionItemPostSingle

from webflow_cms_emulator import RunningEmulator, serve

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., httpx.AsyncClient]
MISSING_ID = "ffffffffffffffffffffffff"
_numbers = itertools.count(1)


def official_client(emu: RunningEmulator, make_client: ClientFactory) -> AsyncWebflow:
    url = emu.url
    # The recording client checks every response against our spec; the SDK adds its own auth header.
    return sdk_for(emu, make_client(url, None))


def sdk_for(emu: RunningEmulator, http: httpx.AsyncClient) -> AsyncWebflow:
    url = emu.url
    environment = WebflowEnvironment(base=url, data_api=url, content_delivery_api=url)
    return AsyncWebflow(access_token=emu.token, environment=environment, httpx_client=http)


@asynccontextmanager
async def emulator_with(**options: Any) -> AsyncIterator[tuple[RunningEmulator, AsyncWebflow]]:
    """A separate emulator started with non-default options, and an SDK client for it. Its answers
    are not checked against our spec (the point is what the official SDK makes of them)."""
    async with serve(rate_limit="1000000/1", **options) as emu, httpx.AsyncClient(timeout=10) as http:
        yield emu, sdk_for(emu, http)


async def new_collection(wf: AsyncWebflow, emu: RunningEmulator) -> str:
    n = next(_numbers)
    created = await wf.collections.create(
        emu.site_id, display_name=f"Ships {n}", singular_name="Ship", slug=f"ships-{n}"
    )
    return created.id


async def locale_ids(wf: AsyncWebflow) -> tuple[str, str]:
    """(primary, secondary) cmsLocaleIds of the emulated site, as the SDK reads them."""
    sites = (await wf.sites.list()).sites
    assert sites
    site = sites[0]
    assert site.locales is not None
    assert site.locales.primary is not None
    assert site.locales.secondary
    primary, secondary = site.locales.primary.cms_locale_id, site.locales.secondary[0].cms_locale_id
    assert primary is not None
    assert secondary is not None
    return primary, secondary


def bulk_variants(bulk: BulkCollectionItem) -> tuple[str, list[str]]:
    """The id and locales of a one-item /items/bulk answer, in either documented form."""
    if bulk.id is not None:
        return bulk.id, list(bulk.cms_locale_ids or [])
    entries = getattr(bulk, "items")  # noqa: B009 - an extra key of the SDK model, not a declared field
    assert len({e["id"] for e in entries}) == 1
    return entries[0]["id"], [e["cmsLocaleId"] for e in entries]


async def create_one(wf: AsyncWebflow, collection_id: str, name: str, slug: str) -> CollectionItem:
    item = await wf.collections.items.create_item(
        collection_id, request=CollectionItemPostSingle(field_data={"name": name, "slug": slug})
    )
    assert item.id is not None
    assert item.field_data.slug == slug
    return item


async def test_official_sdk_scenario(emu: RunningEmulator, make_client: ClientFactory) -> None:
    wf = official_client(emu, make_client)
    sites = await wf.sites.list()
    assert sites.sites is not None
    site = sites.sites[0]
    assert site.id == emu.site_id
    assert site.locales is not None
    assert site.locales.primary is not None
    primary = site.locales.primary.cms_locale_id
    secondary = site.locales.secondary[0].cms_locale_id if site.locales.secondary else None
    assert primary is not None
    assert secondary is not None

    collection = await wf.collections.create(emu.site_id, display_name="Ships", singular_name="Ship", slug="ships")
    collection_id = collection.id
    assert [f.slug for f in collection.fields][:2] == ["name", "slug"]

    empty = await wf.collections.items.list_items(collection_id)
    assert empty.items == []

    single = await wf.collections.items.create_item(
        collection_id,
        request=CollectionItemPostSingle(field_data={"name": "Heart of Gold", "slug": "heart-of-gold"}),
    )
    assert single.id is not None
    assert single.is_draft is True
    assert single.last_published is None

    bulk = await wf.collections.items.create_items(
        collection_id,
        cms_locale_ids=[primary, secondary],
        field_data={"name": "Vogon Constructor", "slug": "vogon-constructor"},
    )
    # The default emulator answers as upstream's 202 examples (every variant under `items`); the SDK
    # types the answer as upstream's 202 schema (one object), so the variants arrive as an extra key.
    bulk_id, bulk_locales = bulk_variants(bulk)
    assert bulk_locales == [primary, secondary]

    # (The SDK's `create_item` also accepts `MultipleItems`, but types the reply as one item, so it
    # cannot parse the `{"items": [...]}` answer: see test_create_item_with_several_items_*.)

    listed = await wf.collections.items.list_items(collection_id, limit=10, sort_by="name", sort_order="asc")
    assert listed.pagination is not None
    assert listed.pagination.total == 2
    assert [i.field_data.name for i in listed.items] == ["Heart of Gold", "Vogon Constructor"]
    french = await wf.collections.items.list_items(collection_id, cms_locale_id=secondary)
    assert [i.id for i in french.items] == [bulk_id]

    updated = await wf.collections.items.update_item(
        collection_id, single.id, field_data={"name": "Heart of Gold II", "slug": "heart-of-gold"}
    )
    assert updated.field_data.name == "Heart of Gold II"

    published = await wf.collections.items.publish_item(collection_id, request=ItemIDs(item_ids=[single.id]))
    assert published.published_item_ids == [single.id]
    assert not published.errors

    live = await wf.collections.items.get_item_live(collection_id, single.id)
    assert live.field_data.name == "Heart of Gold II"
    assert live.last_published is not None
    assert live.is_draft is False

    await wf.collections.items.delete_item_live(collection_id, single.id)
    with pytest.raises(ApiError) as gone_live:
        await wf.collections.items.get_item_live(collection_id, single.id)
    assert gone_live.value.status_code == 404
    staged = await wf.collections.items.get_item(collection_id, single.id)
    assert staged.is_draft is True

    await wf.collections.items.delete_item(collection_id, single.id)
    with pytest.raises(ApiError) as gone:
        await wf.collections.items.get_item(collection_id, single.id)
    assert gone.value.status_code == 404
    remaining = await wf.collections.items.list_items(collection_id)
    assert remaining.pagination is not None
    assert remaining.pagination.total == 1


async def test_create_item_with_several_items_cannot_be_parsed(
    emu: RunningEmulator, make_client: ClientFactory
) -> None:
    """POST /items with `{"items": [...]}`: the SDK types the answer as one `CollectionItem` (its
    raw_client.create_item parses with type_=CollectionItem), so the `{"items": [...]}` answer raises
    `ParsingError` although the items were created. Upstream's 202 schema (lines 990-1066) is a single
    item, but its own `MultipleItems` response example (lines 1143-1159) is `{"items": [...]}`, and
    webflow/webflow-python PR #97 reports the real API answering `{"items": [{"id": ...}]}` to this call."""
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    request = MultipleItems(
        items=[
            CollectionItemPostSingle(field_data={"name": "Senior Data Analyst", "slug": "senior-data-analyst"}),
            CollectionItemPostSingle(field_data={"name": "Product Manager", "slug": "product-manager"}),
        ]
    )
    with pytest.raises(ParsingError) as unparsed:
        await wf.collections.items.create_item(collection_id, request=request)
    assert unparsed.value.status_code == 202
    answered = unparsed.value.body["items"]
    assert [i["fieldData"]["slug"] for i in answered] == ["senior-data-analyst", "product-manager"]
    assert all(len(i["id"]) == 24 for i in answered)

    listed = await wf.collections.items.list_items(collection_id, sort_by="slug")
    assert sorted(i.id for i in listed.items) == sorted(i["id"] for i in answered)
    assert all(i.is_draft for i in listed.items)


@pytest.mark.parametrize("create_answer", ["items", "echo"])
async def test_create_item_with_several_items_fails_to_parse_in_either_answer_form(create_answer: str) -> None:
    """Whichever form the emulator gives a multi-item create (`items`: ids, as upstream's /items/bulk
    examples; `echo`: the request's items back, as upstream's `MultipleItems` example at lines 1143-1159),
    the SDK's single-item type cannot hold it: both raise `ParsingError` after the items were created."""
    async with emulator_with(create_answer=create_answer) as (emu, wf):
        collection_id = await new_collection(wf, emu)
        request = MultipleItems(
            items=[
                CollectionItemPostSingle(field_data={"name": "Alpha", "slug": "alpha"}),
                CollectionItemPostSingle(field_data={"name": "Beta", "slug": "beta"}),
            ]
        )
        with pytest.raises(ParsingError) as unparsed:
            await wf.collections.items.create_item(collection_id, request=request)
        answered = unparsed.value.body["items"]
        assert [i["fieldData"]["slug"] for i in answered] == ["alpha", "beta"]
        assert all(("id" in i) == (create_answer == "items") for i in answered)
        listed = await wf.collections.items.list_items(collection_id, sort_by="slug", sort_order="asc")
        assert [i.field_data.slug for i in listed.items] == ["alpha", "beta"]


async def test_create_item_live(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """POST /items/live: one item is answered as one live item; several raise `ParsingError` for the same
    reason as POST /items (upstream 202 schema at lines 3950-4063 is a single item; the request's
    `MultipleLiveItems` form is at line 3782)."""
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    live = await wf.collections.items.create_item_live(
        collection_id, request=CollectionItem(field_data={"name": "Marvin", "slug": "marvin"})
    )
    assert live.id is not None
    assert live.field_data.slug == "marvin"
    assert live.is_draft is False
    assert live.last_published is not None
    fetched = await wf.collections.items.get_item_live(collection_id, live.id)
    assert fetched.field_data.name == "Marvin"

    several = MultipleLiveItems(
        items=[
            CollectionItem(field_data={"name": "Trillian", "slug": "trillian"}),
            CollectionItem(field_data={"name": "Zaphod", "slug": "zaphod"}),
        ]
    )
    with pytest.raises(ParsingError) as unparsed:
        await wf.collections.items.create_item_live(collection_id, request=several)
    assert [i["fieldData"]["slug"] for i in unparsed.value.body["items"]] == ["trillian", "zaphod"]

    listed = await wf.collections.items.list_items_live(collection_id, sort_by="slug", sort_order="asc")
    assert [i.field_data.slug for i in listed.items] == ["marvin", "trillian", "zaphod"]
    assert listed.pagination is not None
    assert listed.pagination.total == 3


async def test_create_items_several_items_across_locales(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """POST /items/bulk with a list `fieldData`: upstream calls the list "Multiple CMS Items ... A list of
    CMS items to create" (lines 5868-5870), each created in every locale of `cmsLocaleIds`. Its example
    answers (`example` at line 6015, `MultipleItemsMultipleLocales` at lines 6082-6150) are
    `{"items": [...]}`, one entry per item and locale, with two distinct ids (its 202 schema, lines
    5940-6014, is one item with `cmsLocaleIds`, which cannot hold two items). The SDK's
    `BulkCollectionItem` (every field optional, extra keys kept) does not raise on the examples' form:
    it parses with `id=None` and the entries left in the extra `items` key."""
    wf = official_client(emu, make_client)
    primary, secondary = await locale_ids(wf)
    collection_id = await new_collection(wf, emu)
    result = await wf.collections.items.create_items(
        collection_id,
        cms_locale_ids=[primary, secondary],
        field_data=[
            CreateBulkCollectionItemRequestBodyFieldDataOneItem(name="Don't Panic", slug="dont-panic"),
            CreateBulkCollectionItemRequestBodyFieldDataOneItem(name="So Long", slug="so-long"),
        ],
    )
    assert isinstance(result, BulkCollectionItem)
    assert result.id is None
    entries = getattr(result, "items")  # noqa: B009 - an extra key of the SDK model, not a declared field
    assert sorted((e["fieldData"]["slug"], e["cmsLocaleId"]) for e in entries) == sorted(
        (slug, locale) for slug in ("dont-panic", "so-long") for locale in (primary, secondary)
    )
    assert len({e["id"] for e in entries}) == 2

    for locale in (primary, secondary):
        listed = await wf.collections.items.list_items(collection_id, cms_locale_id=locale, sort_by="slug")
        assert sorted(i.field_data.slug for i in listed.items) == ["dont-panic", "so-long"]


async def test_update_items_staged_and_live(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """PATCH /items answers `{"items": [...]}`, which the SDK's union `ItemsUpdateItemsResponse`
    (CollectionItem | CollectionItemList) parses as a `CollectionItemList`; PATCH /items/live answers a
    `CollectionItemListNoPagination` (upstream lines 1724-2089 and 4625-4867)."""
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    one = await create_one(wf, collection_id, "Arthur", "arthur")
    two = await create_one(wf, collection_id, "Ford", "ford")
    assert one.id is not None
    assert two.id is not None

    staged = await wf.collections.items.update_items(
        collection_id,
        items=[
            CollectionItemWithIdInput(id=one.id, field_data={"name": "Arthur Dent"}),
            CollectionItemWithIdInput(id=two.id, field_data={"name": "Ford Prefect"}),
        ],
    )
    assert isinstance(staged, CollectionItemList)
    assert staged.items is not None
    assert [(i.id, i.field_data.name, i.field_data.slug) for i in staged.items] == [
        (one.id, "Arthur Dent", "arthur"),
        (two.id, "Ford Prefect", "ford"),
    ]

    published = await wf.collections.items.publish_item(collection_id, request=ItemIDs(item_ids=[one.id, two.id]))
    assert sorted(published.published_item_ids or []) == sorted([one.id, two.id])

    live = await wf.collections.items.update_items_live(
        collection_id,
        items=[
            CollectionItemWithIdInput(id=one.id, field_data={"name": "Arthur P. Dent"}),
            CollectionItemWithIdInput(id=two.id, field_data={"name": "Ford P."}),
        ],
    )
    assert live.items is not None
    assert [(i.id, i.field_data.name) for i in live.items] == [(one.id, "Arthur P. Dent"), (two.id, "Ford P.")]
    listed = await wf.collections.items.list_items_live(collection_id, sort_by="slug", sort_order="asc")
    assert [i.field_data.name for i in listed.items] == ["Arthur P. Dent", "Ford P."]


async def test_update_item_live_of_a_published_item(emu: RunningEmulator, make_client: ClientFactory) -> None:
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    item = await create_one(wf, collection_id, "Slartibartfast", "slartibartfast")
    assert item.id is not None
    await wf.collections.items.publish_item(collection_id, request=ItemIDs(item_ids=[item.id]))

    updated = await wf.collections.items.update_item_live(
        collection_id, item.id, field_data={"name": "Slartibartfast of Magrathea"}
    )
    assert updated.id == item.id
    assert updated.field_data.name == "Slartibartfast of Magrathea"
    assert updated.last_published is not None
    live = await wf.collections.items.get_item_live(collection_id, item.id)
    assert live.field_data.name == "Slartibartfast of Magrathea"
    staged = await wf.collections.items.get_item(collection_id, item.id)
    assert staged.field_data.name == "Slartibartfast of Magrathea"


async def test_live_patch_of_a_never_published_item_conflicts(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """Upstream declares 409 on both live PATCH operations, example code `conflict` and message "Live
    PATCH updates can't be applied to items that have never been published" (lines 5087-5168 and
    9107-9188); the SDK raises its typed `ConflictError` for them. Nothing is applied."""
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    item = await create_one(wf, collection_id, "Eddie", "eddie")
    assert item.id is not None

    with pytest.raises(ConflictError) as one:
        await wf.collections.items.update_item_live(collection_id, item.id, field_data={"name": "Eddie 2"})
    assert one.value.status_code == 409
    assert one.value.body["code"] == "conflict"
    assert "never been published" in one.value.body["message"]

    with pytest.raises(ConflictError) as many:
        await wf.collections.items.update_items_live(
            collection_id, items=[CollectionItemWithIdInput(id=item.id, field_data={"name": "Eddie 3"})]
        )
    assert many.value.status_code == 409
    assert many.value.body["code"] == "conflict"

    with pytest.raises(NotFoundError):
        await wf.collections.items.get_item_live(collection_id, item.id)
    staged = await wf.collections.items.get_item(collection_id, item.id)
    assert staged.field_data.name == "Eddie"
    assert staged.last_published is None


async def test_delete_items_live_then_delete_items(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """DELETE /items/live unpublishes (live copies gone, staged copies drafts); DELETE /items removes
    them. Both answer 204, which the SDK returns as None."""
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    ids = [(await create_one(wf, collection_id, f"Mouse {n}", f"mouse-{n}")).id for n in range(3)]
    assert all(isinstance(i, str) for i in ids)
    item_ids = [str(i) for i in ids]
    published = await wf.collections.items.publish_item(collection_id, request=ItemIDs(item_ids=item_ids))
    assert sorted(published.published_item_ids or []) == sorted(item_ids)

    unpublished = await wf.collections.items.delete_items_live(
        collection_id, items=[ItemsDeleteItemsLiveRequestItemsItem(id=i) for i in item_ids[:2]]
    )
    assert unpublished is None
    live = await wf.collections.items.list_items_live(collection_id)
    assert [i.id for i in live.items] == [item_ids[2]]
    for item_id in item_ids[:2]:
        assert (await wf.collections.items.get_item(collection_id, item_id)).is_draft is True

    deleted = await wf.collections.items.delete_items(
        collection_id, items=[ItemsDeleteItemsRequestItemsItem(id=i) for i in item_ids]
    )
    assert deleted is None
    staged = await wf.collections.items.list_items(collection_id)
    assert staged.items == []
    assert (await wf.collections.items.list_items_live(collection_id)).items == []


async def test_missing_items_answer_resource_not_found(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """Every 404 example upstream gives for item operations has code `resource_not_found` (e.g. lines
    518, 2743, 6900, 7945, 9608), and a reported real answer for a deleted item's id is
    `{"code": "resource_not_found", "message": "Requested resource not found", "details": []}`
    (discourse.webflow.com/t/documenting-data-api-v2-errors/296289). The SDK raises `NotFoundError` with
    the body parsed as its `Error` model."""
    wf = official_client(emu, make_client)
    collection_id = await new_collection(wf, emu)
    kept = await create_one(wf, collection_id, "Agrajag", "agrajag")
    assert kept.id is not None

    items = wf.collections.items
    calls: dict[str, Callable[[], Awaitable[object]]] = {
        "get_item": lambda: items.get_item(collection_id, MISSING_ID),
        "get_item_live": lambda: items.get_item_live(collection_id, MISSING_ID),
        "delete_item": lambda: items.delete_item(collection_id, MISSING_ID),
        "delete_items": lambda: items.delete_items(
            collection_id,
            items=[ItemsDeleteItemsRequestItemsItem(id=kept.id), ItemsDeleteItemsRequestItemsItem(id=MISSING_ID)],
        ),
        "delete_items_live": lambda: items.delete_items_live(
            collection_id, items=[ItemsDeleteItemsLiveRequestItemsItem(id=MISSING_ID)]
        ),
        "update_item": lambda: items.update_item(collection_id, MISSING_ID, field_data={"name": "x"}),
    }
    codes = {}
    for name, call in calls.items():
        with pytest.raises(NotFoundError) as missing:
            await call()
        assert missing.value.status_code == 404, name
        codes[name] = missing.value.body.code
    assert codes == dict.fromkeys(calls, "resource_not_found")


async def test_publish_with_locales_and_an_unknown_id(emu: RunningEmulator, make_client: ClientFactory) -> None:
    """POST /items/publish answers 202 `{"publishedItemIds": [str], "errors": [str]}` (lines 9891-9904,
    example error "Staging item ID 643fd856d66b6528195ee2cf not found."); the SDK types `errors` as a
    list of strings. The request may also name locales (`Item IDs with Locales`, lines 9819-9845)."""
    wf = official_client(emu, make_client)
    primary, secondary = await locale_ids(wf)
    collection_id = await new_collection(wf, emu)
    bulk = await wf.collections.items.create_items(
        collection_id, cms_locale_ids=[primary, secondary], field_data={"name": "Fenchurch", "slug": "fenchurch"}
    )
    bulk_id, _ = bulk_variants(bulk)

    by_locale = await wf.collections.items.publish_item(
        collection_id,
        request=ItemIDsWithLocales(
            items=[ItemsPublishItemRequestItemsItemsItem(id=bulk_id, cms_locale_ids=[secondary])]
        ),
    )
    assert by_locale.published_item_ids == [bulk_id]
    assert not by_locale.errors
    french = await wf.collections.items.get_item_live(collection_id, bulk_id, cms_locale_id=secondary)
    assert french.cms_locale_id == secondary
    with pytest.raises(NotFoundError):
        await wf.collections.items.get_item_live(collection_id, bulk_id, cms_locale_id=primary)

    partial = await wf.collections.items.publish_item(collection_id, request=ItemIDs(item_ids=[bulk_id, MISSING_ID]))
    assert partial.published_item_ids == [bulk_id]
    assert partial.errors is not None
    assert len(partial.errors) == 1
    assert isinstance(partial.errors[0], str)
    assert MISSING_ID in partial.errors[0]
    primary_live = await wf.collections.items.get_item_live(collection_id, bulk_id)
    assert primary_live.field_data.slug == "fenchurch"


@pytest.mark.parametrize("duplicate_slug", ["conflict", "suffix"])
async def test_create_with_a_taken_slug(duplicate_slug: str) -> None:
    """Upstream declares no 409 for create-item (its responses, from line 989, are 202, 400, 401, 404,
    429 and 500), and the SDK's create_item has no 409 branch. A third-party report
    (wishlist.webflow.com/ideas/WEBFLOW-I-6346, Dec 2023) shows the real API creating the item again
    with `example-1-e9f6b` for a taken `example-1`. In `suffix` mode the SDK parses that; in `conflict`
    mode it raises a plain `ApiError` (not its typed `ConflictError`)."""
    async with emulator_with(duplicate_slug=duplicate_slug) as (emu, wf):
        collection_id = await new_collection(wf, emu)
        first = await create_one(wf, collection_id, "Example 1", "example-1")
        if duplicate_slug == "conflict":
            with pytest.raises(ApiError) as clash:
                await create_one(wf, collection_id, "Example 1", "example-1")
            assert type(clash.value) is ApiError
            assert clash.value.status_code == 409
            return
        second = await wf.collections.items.create_item(
            collection_id, request=CollectionItemPostSingle(field_data={"name": "Example 1", "slug": "example-1"})
        )
        assert second.id != first.id
        assert second.field_data.slug.startswith("example-1-")
        assert len(second.field_data.slug) == len("example-1-") + 5
        listed = await wf.collections.items.list_items(collection_id, sort_by="slug", sort_order="asc")
        assert [i.field_data.slug for i in listed.items] == ["example-1", second.field_data.slug]
