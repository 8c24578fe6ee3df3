"""A scripted scenario with Webflow's official Python SDK (`webflow` 2.0.0) against the emulator:
proof that the emulator speaks what a real client sends and expects."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from webflow import AsyncWebflow
from webflow.core.api_error import ApiError
from webflow.environment import WebflowEnvironment
from webflow.resources.collections.resources.items.types.item_i_ds import ItemIDs
from webflow.types.collection_item_post_single import CollectionItemPostSingle

from webflow_cms.emulator import RunningEmulator

pytestmark = pytest.mark.anyio


def official_client(emu: RunningEmulator, make_client: Callable[..., httpx.AsyncClient]) -> AsyncWebflow:
    url = emu.url
    environment = WebflowEnvironment(base=url, data_api=url, content_delivery_api=url)
    # The recording client checks every response against our spec; the SDK adds its own auth header.
    return AsyncWebflow(access_token=emu.token, environment=environment, httpx_client=make_client(url, None))


async def test_official_sdk_scenario(emu: RunningEmulator, make_client: Callable[..., httpx.AsyncClient]) -> None:
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
    assert bulk.cms_locale_ids == [primary, secondary]
    assert bulk.id is not None

    # (The SDK's `create_item` also accepts `MultipleItems`, but types the reply as one item, so it
    # cannot parse the `{"items": [...]}` answer; its bulk path is `create_items`, used above.)

    listed = await wf.collections.items.list_items(collection_id, limit=10, sort_by="name", sort_order="asc")
    assert listed.pagination is not None
    assert listed.pagination.total == 2
    assert [i.field_data.name for i in listed.items] == ["Heart of Gold", "Vogon Constructor"]
    french = await wf.collections.items.list_items(collection_id, cms_locale_id=secondary)
    assert [i.id for i in french.items] == [bulk.id]

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
