"""The one door to the generated client: every request the SDK sends is built here.

The generated package (openapi-python-client, from ``openapi/webflow-cms.yaml``)
knows each operation's method, path, query names and body model. Each function
below picks an operation, turns values the resources have already checked into
its body model, and returns the request as ``httpx`` keyword arguments. The
resources send them through the client's throttled session and parse the
answers themselves: a list page goes from raw bytes to ``Item`` without a
generated model in between, which is where the CPU targets are won.

Only this module and ``models`` import ``_generated``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._generated.api.collections import (
    collection_details_request,
    create_collection_request,
    create_field_request,
    delete_collection_request,
    delete_field_request,
    list_collections_request,
    update_field_request,
)
from .._generated.api.items import (
    create_item_live_request,
    create_item_request,
    create_items_request,
    delete_item_request,
    delete_items_live_request,
    delete_items_request,
    get_item_live_request,
    get_item_request,
    insert_items_request,
    list_collection_items_live_request,
    list_collection_items_request,
    publish_item_request,
    update_items_live_request,
    update_items_request,
)
from .._generated.api.sites import (
    get_custom_domains_request,
    get_site_request,
    list_sites_request,
    site_publish_request,
)
from .._generated.api.webhooks import (
    create_webhook_request,
    get_webhook_request,
    list_webhooks_request,
    remove_webhook_request,
)
from .._generated.models.collection_item_update_batch import CollectionItemUpdateBatch
from .._generated.models.field_update import FieldUpdate
from .._generated.models.insert_items import InsertItems
from .._generated.models.item_ids import ItemIds
from .._generated.models.item_references import ItemReferences
from .._generated.models.new_collection import NewCollection
from .._generated.models.new_collection_item_batch import NewCollectionItemBatch
from .._generated.models.new_multi_locale_item import NewMultiLocaleItem
from .._generated.models.new_option_field import NewOptionField
from .._generated.models.new_reference_field import NewReferenceField
from .._generated.models.new_static_field import NewStaticField
from .._generated.models.new_webhook import NewWebhook
from .._generated.models.site_publish import SitePublish
from .._generated.types import UNSET
from ..retry import REPEATABLE
from .query import ListQuery

__all__ = ["Request"]

#: Keyword arguments of ``httpx.AsyncClient.request``: method, url, and params/json/headers as needed.
Request = dict[str, Any]


def _or_unset(value: Any) -> Any:
    return UNSET if value is None else value


# ------------------------------------------------------------------ items


def list_items(collection_id: str, *, live: bool, offset: int, limit: int, query: ListQuery) -> Request:
    """One page of a collection's items, staged or (``live``) published.

    The date ranges are Webflow's deepObject filters (``lastUpdated[gte]=...``), sent through the
    generated builder; the field filters and sorts (``filter[price][gt]=10``, ``sort[price]=desc``)
    are documented by Webflow but not yet in its OpenAPI file, so they are added here, in order.
    """
    build = list_collection_items_live_request if live else list_collection_items_request
    request = build(
        collection_id,
        offset=offset,
        limit=limit,
        sort_by=query.sort_by or UNSET,  # type: ignore[arg-type]  # ListQuery checked it
        sort_order=query.sort_order or UNSET,  # type: ignore[arg-type]
        name=_or_unset(query.name),
        slug=_or_unset(query.slug),
        cms_locale_id=query.cms_locale_id or UNSET,
        created_ongte=_or_unset(query.created_after),
        created_onlte=_or_unset(query.created_before),
        last_updatedgte=_or_unset(query.updated_after),
        last_updatedlte=_or_unset(query.updated_before),
        last_publishedgte=_or_unset(query.last_published_after),
        last_publishedlte=_or_unset(query.last_published_before),
    )
    if query.extra_params:
        request["params"] = {**request.get("params", {}), **query.extra_params}
    return request


def get_item(collection_id: str, item_id: str, *, live: bool, cms_locale_id: str | None = None) -> Request:
    build = get_item_live_request if live else get_item_request
    return build(collection_id, item_id, cms_locale_id=cms_locale_id or UNSET)


def create_items(collection_id: str, items: Sequence[Mapping[str, Any]], *, live: bool) -> Request:
    """Create items, each in its own (or the primary) locale: ``POST .../items`` or ``.../items/live``."""
    build = create_item_live_request if live else create_item_request
    return build(collection_id, body=NewCollectionItemBatch.from_dict({"items": list(items)}))


def create_item_in_locales(collection_id: str, body: Mapping[str, Any]) -> Request:
    """Create items in several locales at once (``POST .../items/bulk``)."""
    return create_items_request(collection_id, body=NewMultiLocaleItem.from_dict(body))


def insert_items(collection_id: str, entries: Sequence[Mapping[str, Any]]) -> Request:
    """Create Items (``POST .../items/insert``): new items in any locales, or new variants of existing ones."""
    return insert_items_request(collection_id, body=InsertItems.from_dict({"items": list(entries)}))


def update_items(collection_id: str, items: Sequence[Mapping[str, Any]], *, live: bool) -> Request:
    build = update_items_live_request if live else update_items_request
    return build(collection_id, body=CollectionItemUpdateBatch.from_dict({"items": list(items)}))


def delete_item(collection_id: str, item_id: str, *, cms_locale_id: str | None = None) -> Request:
    return delete_item_request(collection_id, item_id, cms_locale_id=cms_locale_id or UNSET)


def remove_items(collection_id: str, refs: Sequence[Mapping[str, Any]], *, live: bool) -> Request:
    """Delete items (``live=False``) or take them off the live site (``live=True``)."""
    build = delete_items_live_request if live else delete_items_request
    return build(collection_id, body=ItemReferences.from_dict({"items": list(refs)}))


def publish_items(collection_id: str, refs: Sequence[Mapping[str, Any]]) -> Request:
    """Publish items: a list of ids, or of ``{id, cmsLocaleIds}`` when a reference names locales.

    Publishing an item twice publishes it once, so the request is marked safe to repeat.
    """
    body: ItemIds | ItemReferences
    if any("cmsLocaleIds" in ref for ref in refs):
        body = ItemReferences.from_dict({"items": list(refs)})
    else:
        body = ItemIds.from_dict({"itemIds": [ref["id"] for ref in refs]})
    return _repeatable(publish_item_request(collection_id, body=body))


# ------------------------------------------------------ collections, fields


def list_collections(site_id: str) -> Request:
    return list_collections_request(site_id)


def get_collection(collection_id: str) -> Request:
    return collection_details_request(collection_id)


def create_collection(site_id: str, body: Mapping[str, Any]) -> Request:
    return create_collection_request(site_id, body=NewCollection.from_dict(body))


def delete_collection(collection_id: str) -> Request:
    return delete_collection_request(collection_id)


def create_field(collection_id: str, field: Mapping[str, Any]) -> Request:
    """Add a field; its ``type`` picks the body shape (options, a referenced collection, or neither)."""
    kind = field.get("type")
    body: NewOptionField | NewReferenceField | NewStaticField
    if kind == "Option":
        body = NewOptionField.from_dict(field)
    elif kind in ("Reference", "MultiReference"):
        body = NewReferenceField.from_dict(field)
    else:
        body = NewStaticField.from_dict(field)
    return create_field_request(collection_id, body=body)


def update_field(collection_id: str, field_id: str, changes: Mapping[str, Any]) -> Request:
    return update_field_request(collection_id, field_id, body=FieldUpdate.from_dict(changes))


def delete_field(collection_id: str, field_id: str) -> Request:
    return delete_field_request(collection_id, field_id)


# ------------------------------------------------------------------- sites


def list_sites() -> Request:
    return list_sites_request()


def get_site(site_id: str) -> Request:
    return get_site_request(site_id)


def custom_domains(site_id: str) -> Request:
    return get_custom_domains_request(site_id)


def publish_site(site_id: str, *, custom_domains: Sequence[str], to_webflow_subdomain: bool) -> Request:
    """Publish a site to the named custom domains and/or its webflow.io subdomain."""
    body: dict[str, Any] = {"publishToWebflowSubdomain": to_webflow_subdomain}
    if custom_domains:
        body["customDomains"] = list(custom_domains)
    return site_publish_request(site_id, body=SitePublish.from_dict(body))


# ---------------------------------------------------------------- webhooks


def list_webhooks(site_id: str) -> Request:
    return list_webhooks_request(site_id)


def create_webhook(site_id: str, body: Mapping[str, Any]) -> Request:
    return create_webhook_request(site_id, body=NewWebhook.from_dict(body))


def get_webhook(webhook_id: str) -> Request:
    return get_webhook_request(webhook_id)


def delete_webhook(webhook_id: str) -> Request:
    return remove_webhook_request(webhook_id)


def _repeatable(request: Request) -> Request:
    """Mark a POST that has the same effect when sent twice, so the transport may re-send it."""
    request["extensions"] = {REPEATABLE: True}
    return request
