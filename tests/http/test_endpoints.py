"""The adapter over the generated client: each builder makes its operation's request, and only publish repeats."""

# ruff: noqa: E501  (the table of builders reads best one operation per line)

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from webflow_cms._http import endpoints as _endpoints
from webflow_cms._http.query import ListQuery
from webflow_cms.retry import REPEATABLE

SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "openapi" / "webflow-cms.yaml").read_text())
C, IT, S, F, W = "c" * 24, "1" * 24, "5" * 24, "f" * 24, "9" * 24
ITEM = {"fieldData": {"name": "A", "slug": "a"}}
FIELD = {"displayName": "Kind", "type": "Option", "metadata": {"options": [{"name": "A"}]}}

BUILT: list[tuple[str, dict[str, Any], str, str]] = [
    ("list_items", {"collection_id": C, "live": False, "offset": 0, "limit": 100, "query": ListQuery()}, "get", "/collections/{collection_id}/items"),
    ("list_items", {"collection_id": C, "live": True, "offset": 0, "limit": 100, "query": ListQuery()}, "get", "/collections/{collection_id}/items/live"),
    ("get_item", {"collection_id": C, "item_id": IT, "live": False}, "get", "/collections/{collection_id}/items/{item_id}"),
    ("get_item", {"collection_id": C, "item_id": IT, "live": True}, "get", "/collections/{collection_id}/items/{item_id}/live"),
    ("create_items", {"collection_id": C, "items": [ITEM], "live": False}, "post", "/collections/{collection_id}/items"),
    ("create_items", {"collection_id": C, "items": [ITEM], "live": True}, "post", "/collections/{collection_id}/items/live"),
    ("insert_items", {"collection_id": C, "entries": [{"cmsLocaleIds": ["l"], **ITEM}]}, "post", "/collections/{collection_id}/items/insert"),
    ("create_item_in_locales", {"collection_id": C, "body": {"cmsLocaleIds": ["l"], **ITEM}}, "post", "/collections/{collection_id}/items/bulk"),
    ("update_items", {"collection_id": C, "items": [{"id": IT}], "live": False}, "patch", "/collections/{collection_id}/items"),
    ("update_items", {"collection_id": C, "items": [{"id": IT}], "live": True}, "patch", "/collections/{collection_id}/items/live"),
    ("delete_item", {"collection_id": C, "item_id": IT}, "delete", "/collections/{collection_id}/items/{item_id}"),
    ("remove_items", {"collection_id": C, "refs": [{"id": IT}], "live": False}, "delete", "/collections/{collection_id}/items"),
    ("remove_items", {"collection_id": C, "refs": [{"id": IT}], "live": True}, "delete", "/collections/{collection_id}/items/live"),
    ("publish_items", {"collection_id": C, "refs": [{"id": IT}]}, "post", "/collections/{collection_id}/items/publish"),
    ("list_collections", {"site_id": S}, "get", "/sites/{site_id}/collections"),
    ("get_collection", {"collection_id": C}, "get", "/collections/{collection_id}"),
    ("create_collection", {"site_id": S, "body": {"displayName": "N", "singularName": "N"}}, "post", "/sites/{site_id}/collections"),
    ("delete_collection", {"collection_id": C}, "delete", "/collections/{collection_id}"),
    ("create_field", {"collection_id": C, "field": FIELD}, "post", "/collections/{collection_id}/fields"),
    ("update_field", {"collection_id": C, "field_id": F, "changes": {"isRequired": True}}, "patch", "/collections/{collection_id}/fields/{field_id}"),
    ("delete_field", {"collection_id": C, "field_id": F}, "delete", "/collections/{collection_id}/fields/{field_id}"),
    ("list_sites", {}, "get", "/sites"),
    ("get_site", {"site_id": S}, "get", "/sites/{site_id}"),
    ("custom_domains", {"site_id": S}, "get", "/sites/{site_id}/custom_domains"),
    ("publish_site", {"site_id": S, "custom_domains": [], "to_webflow_subdomain": True}, "post", "/sites/{site_id}/publish"),
    ("list_webhooks", {"site_id": S}, "get", "/sites/{site_id}/webhooks"),
    ("create_webhook", {"site_id": S, "body": {"triggerType": "collection_item_created", "url": "https://x"}}, "post", "/sites/{site_id}/webhooks"),
    ("get_webhook", {"webhook_id": W}, "get", "/webhooks/{webhook_id}"),
    ("delete_webhook", {"webhook_id": W}, "delete", "/webhooks/{webhook_id}"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kwargs", "method", "path"), BUILT, ids=[f"{b[0]}-{b[2]}-{b[3]}" for b in BUILT])
def test_each_builder_makes_its_operation(name: str, kwargs: dict[str, Any], method: str, path: str) -> None:
    assert method in SPEC["paths"][path], f"{method} {path} is not an operation of the spec"
    request = getattr(_endpoints, name)(**kwargs)
    assert request["method"] == method
    ids = {"collection_id": C, "item_id": IT, "site_id": S, "field_id": F, "webhook_id": W}
    assert request["url"] == path.format(**ids)
    assert ("json" in request) == ("requestBody" in SPEC["paths"][path][method])
    assert (request.get("extensions") == {REPEATABLE: True}) == (name == "publish_items")


#: Single-item forms the SDK does not send: it changes and unpublishes items through the bulk forms.
UNUSED = {
    ("patch", "/collections/{collection_id}/items/{item_id}"),
    ("patch", "/collections/{collection_id}/items/{item_id}/live"),
    ("delete", "/collections/{collection_id}/items/{item_id}/live"),
}


def test_the_builders_cover_every_operation_of_the_spec_but_three_single_item_forms() -> None:
    operations = {(m, p) for p, ops in SPEC["paths"].items() for m in ops if m in {"get", "post", "patch", "delete"}}
    assert len(operations) == 32  # the 31 of Webflow's file and Create Items from the overlay
    assert {(m, p) for _, _, m, p in BUILT} == operations - UNUSED


def test_list_filters_become_webflows_query_names_and_unset_ones_are_left_out() -> None:
    after = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    query = ListQuery.of(sort_by="slug", sort_order="desc", slug="a", last_published_after=after, updated_before=after)
    request = _endpoints.list_items(C, live=False, offset=200, limit=50, query=query)
    assert request["params"] == {
        "offset": 200,
        "limit": 50,
        "slug": "a",
        "sortBy": "slug",
        "sortOrder": "desc",
        "lastPublished[gte]": after.isoformat(),
        "lastUpdated[lte]": after.isoformat(),
    }
    assert _endpoints.list_items(C, live=True, offset=0, limit=1, query=ListQuery.of(name=""))["params"] == {
        "offset": 0,
        "limit": 1,
        "name": "",
    }


def test_publish_sends_ids_or_locale_references() -> None:
    plain = _endpoints.publish_items(C, [{"id": IT}])
    assert plain["json"] == {"itemIds": [IT]}
    localized = _endpoints.publish_items(C, [{"id": IT}, {"id": IT, "cmsLocaleIds": ["l1"]}])
    assert localized["json"] == {"items": [{"id": IT}, {"id": IT, "cmsLocaleIds": ["l1"]}]}


@pytest.mark.parametrize(
    ("field", "model"),
    [
        (FIELD, "metadata"),
        ({"displayName": "R", "type": "MultiReference", "metadata": {"collectionId": C}}, "metadata"),
        ({"displayName": "P", "type": "PlainText", "isRequired": True}, None),
    ],
)
def test_create_field_picks_the_body_shape_by_type(field: dict[str, Any], model: str | None) -> None:
    body = _endpoints.create_field(C, field)["json"]
    assert body["type"] == field["type"]
    assert ("metadata" in body) == (model is not None)


def test_site_publish_names_its_targets() -> None:
    both = _endpoints.publish_site(S, custom_domains=[F], to_webflow_subdomain=True)["json"]
    assert both == {"customDomains": [F], "publishToWebflowSubdomain": True}
    only = _endpoints.publish_site(S, custom_domains=[], to_webflow_subdomain=True)["json"]
    assert only == {"publishToWebflowSubdomain": True}
