"""The named schemas of the items part, each hoisted from one place of Webflow's items file.

The items file repeats its shapes inline (an item, its ``fieldData``, the error body, ``Pagination``);
each is taken once, checked for the property names this pass was written for, and shaped for the
generator (read-only fields out of request bodies, ``fieldData`` as a reference, nulls where Webflow
answers them). ``items.py`` then checks every other inline copy against these.
"""

from __future__ import annotations

import copy

from .cleanup import array_of, clean, expect_props, ref, without_read_only
from .common import Schema, SpecDriftError
from .reader import Reader

ITEMS = "/collections/{collection_id}/items"
LIVE = ITEMS + "/live"
BULK = ITEMS + "/bulk"
ITEM = ITEMS + "/{item_id}"
ITEM_LIVE = ITEM + "/live"
PUBLISH = ITEMS + "/publish"
#: Create Items, from the overlay (openapi/overlays/) until Webflow's file has it.
INSERT = ITEMS + "/insert"
#: deepObject query parameters keyed by field slug (``filter[price][gt]``, ``sort[price]``): Webflow documents
#: them on its pages (the overlay adds them); the adapter (``_endpoints.list_items``) sends them, since
#: openapi-python-client cannot write a nested deepObject.
FIELD_QUERY = ("filter", "sort")
#: The list operations' date-range filters (deepObject ``name[lte]`` / ``name[gte]``), and their bounds.
DATE_FILTERS = ("createdOn", "lastPublished", "lastUpdated")
DATE_BOUNDS = ("lte", "gte")

_READ_ONLY = {"id", "lastPublished", "lastUpdated", "createdOn"}
_ITEM_PROPS = _READ_ONLY | {"cmsLocaleId", "isArchived", "isDraft", "fieldData"}


def item_schemas(reader: Reader) -> dict[str, Schema]:
    """The items part's ``components/schemas`` (without texts), read from the file ``reader`` holds."""
    s: dict[str, Schema] = {}
    listing = reader.response(ITEMS, "get", "200")
    item = listing["properties"]["items"]["items"]
    expect_props("CollectionItem", item, _ITEM_PROPS)

    s["FieldData"] = item["properties"]["fieldData"]
    expect_props("FieldData", s["FieldData"], {"name", "slug"})

    item = copy.deepcopy(item)
    item["properties"]["fieldData"] = ref("FieldData")
    # A never-published item has ``lastPublished: null`` (status "Draft").
    item["properties"]["lastPublished"]["type"] = ["string", "null"]
    s["CollectionItem"] = item

    s["Pagination"] = listing["properties"]["pagination"]
    expect_props("Pagination", s["Pagination"], {"limit", "offset", "total"})
    s["CollectionItemList"] = {
        "type": "object",
        "required": ["items", "pagination"],
        "properties": {"items": array_of("CollectionItem"), "pagination": ref("Pagination")},
    }
    s["CollectionItemBatch"] = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": array_of("CollectionItem")},
    }

    # Create bodies: the staged endpoint's single-item form, minus read-only fields.
    single, multiple = reader.body(ITEMS, "post")["oneOf"]
    expect_props("NewCollectionItem", single, _ITEM_PROPS)
    expect_props("NewCollectionItemBatch", multiple, {"items"})
    new_item = without_read_only(single)
    new_item["properties"]["fieldData"] = ref("FieldData")
    s["NewCollectionItem"] = new_item
    s["NewCollectionItemBatch"] = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": array_of("NewCollectionItem")},
    }

    # Updates: bulk form carries the id; the single-item form takes it in the path.
    update = reader.body(ITEMS, "patch")["properties"]["items"]["items"]
    expect_props("CollectionItemUpdate", update, _ITEM_PROPS)
    s["FieldDataUpdate"] = update["properties"]["fieldData"]
    expect_props("FieldDataUpdate", s["FieldDataUpdate"], {"name", "slug"})
    update = without_read_only(update)
    update["properties"]["fieldData"] = ref("FieldDataUpdate")
    s["CollectionItemUpdate"] = update
    s["CollectionItemUpdateBatch"] = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": array_of("CollectionItemUpdate")},
    }
    patch = without_read_only(reader.body(ITEM, "patch"))
    expect_props("CollectionItemPatch", patch, _ITEM_PROPS - _READ_ONLY)
    patch["properties"]["fieldData"] = ref("FieldDataUpdate")
    s["CollectionItemPatch"] = patch

    # Multi-locale create (``/items/bulk``) and its response.
    bulk = without_read_only(reader.body(BULK, "post"))
    expect_props("NewMultiLocaleItem", bulk, {"cmsLocaleIds", "isArchived", "isDraft", "fieldData"})
    bulk["properties"]["fieldData"] = {"oneOf": [ref("FieldData"), array_of("FieldData")]}
    s["NewMultiLocaleItem"] = bulk
    bulk_out = reader.response(BULK, "post", "202")
    expect_props("MultiLocaleCollectionItem", bulk_out, (_ITEM_PROPS - {"cmsLocaleId"}) | {"cmsLocaleIds"})
    bulk_out["properties"]["fieldData"] = ref("FieldDataUpdate")
    s["MultiLocaleCollectionItem"] = bulk_out

    # Create Items (``/items/insert``): entries in one, several or all locales, or new variants of an item.
    if INSERT in reader.up["paths"]:
        entry = without_read_only(reader.body(INSERT, "post")["properties"]["items"]["items"])
        expect_props(
            "NewInsertItem", entry, {"id", "cmsLocaleIds", "allCmsLocales", "isArchived", "isDraft", "fieldData"}
        )
        entry["properties"]["fieldData"] = ref("FieldData")
        s["NewInsertItem"] = entry
        s["InsertItems"] = {
            "type": "object",
            "required": ["items"],
            "properties": {"items": array_of("NewInsertItem")},
        }

    # Ids: delete bodies and the two publish forms.
    by_id, with_locales = reader.body(PUBLISH, "post")["oneOf"]
    expect_props("ItemIds", by_id, {"itemIds"})
    s["ItemIds"] = {**by_id, "required": ["itemIds"]}
    reference = with_locales["properties"]["items"]["items"]
    expect_props("ItemReference", reference, {"id", "cmsLocaleIds"})
    s["ItemReference"] = reference
    s["ItemReferences"] = {
        "type": "object",
        "required": ["items"],
        "properties": {"items": array_of("ItemReference")},
    }
    for path in (ITEMS, LIVE):
        delete = reader.body(path, "delete")["properties"]["items"]["items"]
        expect_props(f"DELETE {path} body", delete, {"id", "cmsLocaleIds"})

    s["PublishResult"] = reader.response(PUBLISH, "post", "202")
    expect_props("PublishResult", s["PublishResult"], {"publishedItemIds", "errors"})

    error = reader.response(ITEMS, "get", "400")
    expect_props("Error", error, {"code", "message", "externalReference", "details"})
    s["ErrorCode"] = error["properties"]["code"]
    error["properties"]["code"] = ref("ErrorCode")
    s["Error"] = error

    for path in (ITEMS, LIVE):
        names = {p["name"] for p in reader.op(path, "get")["parameters"]}
        missing = sorted(set(DATE_FILTERS) - names)
        if missing:
            raise SpecDriftError(
                f"paths.{path}.get.parameters: no {', '.join(missing)} filter (the SDK's list() sends "
                f"{', '.join(DATE_FILTERS)} as deepObject date ranges)"
            )
    params = {p["name"]: p for p in reader.op(ITEMS, "get")["parameters"]}
    s["SortBy"] = clean(params["sortBy"]["schema"])
    s["SortOrder"] = clean(params["sortOrder"]["schema"])
    return s
