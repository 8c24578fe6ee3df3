"""Turn Webflow's upstream Items spec into the clean document the generator reads.

The upstream file repeats every schema inline (the error body alone appears
about a hundred times), uses constructs openapi-python-client rejects or
mis-reads, and carries Webflow's prose. This pass:

* removes prose, examples and vendor extensions, then merges in the project's
  own short texts from ``generator/descriptions.yaml``;
* fixes constructs the generator cannot read (a list under ``items``,
  ``format: date-string``, ``nullable``, deepObject query objects, readOnly
  fields inside request bodies, defaults that would be sent on every request);
* hoists the repeated shapes into named ``components/schemas`` and the error
  responses into ``components/responses``.

Each hoisted schema is taken from one place in the upstream file, and every
inline schema it replaces is checked to have the same property names, so a
change in Webflow's spec fails here, loudly, instead of generating silently
wrong code. The pass is deterministic: same input, same bytes out.

The CMS around items (collections and fields, four site operations, webhooks)
comes from three more upstream files. Each is normalized the same way by a
``_Part`` (below), checked against the shapes it shares with the items file
(the error body, the rate-limit headers, ``Pagination``), and ``normalize_all``
merges the four results into one document: one client, one model namespace.

Usage: ``python generator/normalize.py UPSTREAM.yml OUTPUT.yaml`` (items only)
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

Schema = dict[str, Any]

HERE = Path(__file__).resolve().parent
DESCRIPTIONS = HERE / "descriptions.yaml"

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

JSON = "application/json"

#: Keys that carry upstream prose, samples or tooling hints; never copied.
_DROPPED_KEYS = frozenset(
    {
        "description",
        "summary",
        "example",
        "examples",
        "title",
        "allowEmptyValue",
        "x-logErrorCode",
    }
)

#: Error statuses and the name each gets under ``components/responses``.
ERROR_RESPONSES = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "404": "NotFound",
    "409": "Conflict",
    "429": "TooManyRequests",
    "500": "InternalServerError",
}


class SpecDriftError(RuntimeError):
    """The upstream spec no longer has the shape this pass was written for.

    ``source`` names the upstream file once known (``normalize_all`` sets it).
    """

    source: str | None = None


# --------------------------------------------------------------------------
# Generic clean-up
# --------------------------------------------------------------------------


def _clean(node: Any, *, names: bool = False) -> Any:
    """Drop prose and vendor keys and fix constructs the generator mis-reads.

    ``names`` marks a ``properties`` map, whose keys are field names (a field
    may well be called ``description``), not schema keywords.
    """
    if isinstance(node, list):
        return [_clean(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: Schema = {}
    for key, value in node.items():
        if names:
            out[key] = _clean(value)
            continue
        if key in _DROPPED_KEYS or key.startswith("x-"):
            continue
        out[key] = _clean(value, names=key == "properties")
    if isinstance(out.get("items"), list):
        # JSON Schema tuple form; Webflow means "each element is one of these".
        out["items"] = {"anyOf": out["items"]}
    if out.get("format") == "date-string":
        out["format"] = "date-time"
    if out.get("format") == "objectid":
        # Not a format the generator knows; a pattern says the same and checks it.
        del out["format"]
        out["pattern"] = "^[0-9a-f]{24}$"
    if out.pop("nullable", False) and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if "properties" in out and "type" not in out and "oneOf" not in out:
        out["type"] = "object"
    return out


def _without_read_only(schema: Schema) -> Schema:
    """A request-body view of a schema: read-only fields and defaults removed.

    Defaults are dropped so the client never sends a value the caller did not
    set; the server applies its own defaults (which differ between the staged
    and live endpoints).
    """
    schema = copy.deepcopy(schema)
    props = schema.get("properties", {})
    for name in [n for n, p in props.items() if p.get("readOnly")]:
        del props[name]
    for prop in props.values():
        prop.pop("default", None)
    if "required" in schema:
        schema["required"] = [r for r in schema["required"] if r in props]
        if not schema["required"]:
            del schema["required"]
    return schema


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _array_of(name: str) -> Schema:
    return {"type": "array", "items": _ref(name)}


def _props(schema: Schema) -> set[str]:
    return set(schema.get("properties", {}))


def _expect_props(where: str, schema: Schema, expected: set[str]) -> None:
    found = _props(schema)
    if found != expected:
        raise SpecDriftError(
            f"{where}: expected properties {sorted(expected)}, found {sorted(found)}; "
            "update generator/normalize.py for the new upstream shape"
        )


# --------------------------------------------------------------------------
# The pass
# --------------------------------------------------------------------------


class _Normalizer:
    def __init__(self, upstream: Schema, descriptions: Schema) -> None:
        self.up = upstream
        self.texts = descriptions
        self.schemas: dict[str, Schema] = {}

    # -- lookups into the upstream file ------------------------------------

    def op(self, path: str, method: str) -> Schema:
        try:
            op: Schema = self.up["paths"][path][method]
        except KeyError as exc:
            raise SpecDriftError(f"upstream has no {method.upper()} {path}") from exc
        return op

    def body(self, path: str, method: str) -> Schema:
        schema: Schema = _clean(self.op(path, method)["requestBody"]["content"][JSON]["schema"])
        return schema

    def response(self, path: str, method: str, status: str) -> Schema:
        schema: Schema = _clean(self.op(path, method)["responses"][status]["content"][JSON]["schema"])
        return schema

    # -- components ---------------------------------------------------------

    def build_schemas(self) -> None:
        s = self.schemas
        listing = self.response(ITEMS, "get", "200")
        item = listing["properties"]["items"]["items"]
        _expect_props("CollectionItem", item, _ITEM_PROPS)

        s["FieldData"] = item["properties"]["fieldData"]
        _expect_props("FieldData", s["FieldData"], {"name", "slug"})

        item = copy.deepcopy(item)
        item["properties"]["fieldData"] = _ref("FieldData")
        # A never-published item has ``lastPublished: null`` (status "Draft").
        item["properties"]["lastPublished"]["type"] = ["string", "null"]
        s["CollectionItem"] = item

        s["Pagination"] = listing["properties"]["pagination"]
        _expect_props("Pagination", s["Pagination"], {"limit", "offset", "total"})
        s["CollectionItemList"] = {
            "type": "object",
            "required": ["items", "pagination"],
            "properties": {"items": _array_of("CollectionItem"), "pagination": _ref("Pagination")},
        }
        s["CollectionItemBatch"] = {
            "type": "object",
            "required": ["items"],
            "properties": {"items": _array_of("CollectionItem")},
        }

        # Create bodies: the staged endpoint's single-item form, minus read-only fields.
        single, multiple = self.body(ITEMS, "post")["oneOf"]
        _expect_props("NewCollectionItem", single, _ITEM_PROPS)
        _expect_props("NewCollectionItemBatch", multiple, {"items"})
        new_item = _without_read_only(single)
        new_item["properties"]["fieldData"] = _ref("FieldData")
        s["NewCollectionItem"] = new_item
        s["NewCollectionItemBatch"] = {
            "type": "object",
            "required": ["items"],
            "properties": {"items": _array_of("NewCollectionItem")},
        }

        # Updates: bulk form carries the id; the single-item form takes it in the path.
        update = self.body(ITEMS, "patch")["properties"]["items"]["items"]
        _expect_props("CollectionItemUpdate", update, _ITEM_PROPS)
        s["FieldDataUpdate"] = update["properties"]["fieldData"]
        _expect_props("FieldDataUpdate", s["FieldDataUpdate"], {"name", "slug"})
        update = _without_read_only(update)
        update["properties"]["fieldData"] = _ref("FieldDataUpdate")
        s["CollectionItemUpdate"] = update
        s["CollectionItemUpdateBatch"] = {
            "type": "object",
            "required": ["items"],
            "properties": {"items": _array_of("CollectionItemUpdate")},
        }
        patch = _without_read_only(self.body(ITEM, "patch"))
        _expect_props("CollectionItemPatch", patch, _ITEM_PROPS - _READ_ONLY)
        patch["properties"]["fieldData"] = _ref("FieldDataUpdate")
        s["CollectionItemPatch"] = patch

        # Multi-locale create (``/items/bulk``) and its response.
        bulk = _without_read_only(self.body(BULK, "post"))
        _expect_props("NewMultiLocaleItem", bulk, {"cmsLocaleIds", "isArchived", "isDraft", "fieldData"})
        bulk["properties"]["fieldData"] = {"oneOf": [_ref("FieldData"), _array_of("FieldData")]}
        s["NewMultiLocaleItem"] = bulk
        bulk_out = self.response(BULK, "post", "202")
        _expect_props("MultiLocaleCollectionItem", bulk_out, (_ITEM_PROPS - {"cmsLocaleId"}) | {"cmsLocaleIds"})
        bulk_out["properties"]["fieldData"] = _ref("FieldDataUpdate")
        s["MultiLocaleCollectionItem"] = bulk_out

        # Create Items (``/items/insert``): entries in one, several or all locales, or new variants of an item.
        if INSERT in self.up["paths"]:
            entry = _without_read_only(self.body(INSERT, "post")["properties"]["items"]["items"])
            _expect_props(
                "NewInsertItem", entry, {"id", "cmsLocaleIds", "allCmsLocales", "isArchived", "isDraft", "fieldData"}
            )
            entry["properties"]["fieldData"] = _ref("FieldData")
            s["NewInsertItem"] = entry
            s["InsertItems"] = {
                "type": "object",
                "required": ["items"],
                "properties": {"items": _array_of("NewInsertItem")},
            }

        # Ids: delete bodies and the two publish forms.
        by_id, with_locales = self.body(PUBLISH, "post")["oneOf"]
        _expect_props("ItemIds", by_id, {"itemIds"})
        s["ItemIds"] = {**by_id, "required": ["itemIds"]}
        reference = with_locales["properties"]["items"]["items"]
        _expect_props("ItemReference", reference, {"id", "cmsLocaleIds"})
        s["ItemReference"] = reference
        s["ItemReferences"] = {
            "type": "object",
            "required": ["items"],
            "properties": {"items": _array_of("ItemReference")},
        }
        for path in (ITEMS, LIVE):
            delete = self.body(path, "delete")["properties"]["items"]["items"]
            _expect_props(f"DELETE {path} body", delete, {"id", "cmsLocaleIds"})

        s["PublishResult"] = self.response(PUBLISH, "post", "202")
        _expect_props("PublishResult", s["PublishResult"], {"publishedItemIds", "errors"})

        error = self.response(ITEMS, "get", "400")
        _expect_props("Error", error, {"code", "message", "externalReference", "details"})
        s["ErrorCode"] = error["properties"]["code"]
        error["properties"]["code"] = _ref("ErrorCode")
        s["Error"] = error

        for path in (ITEMS, LIVE):
            names = {p["name"] for p in self.op(path, "get")["parameters"]}
            missing = sorted(set(DATE_FILTERS) - names)
            if missing:
                raise SpecDriftError(
                    f"paths.{path}.get.parameters: no {', '.join(missing)} filter (the SDK's list() sends "
                    f"{', '.join(DATE_FILTERS)} as deepObject date ranges)"
                )
        params = {p["name"]: p for p in self.op(ITEMS, "get")["parameters"]}
        s["SortBy"] = _clean(params["sortBy"]["schema"])
        s["SortOrder"] = _clean(params["sortOrder"]["schema"])

    def responses(self) -> Schema:
        up = self.op(ITEMS, "get")["responses"]["429"]
        headers = {name: {"schema": _clean(h["schema"])} for name, h in sorted(up["headers"].items())}
        out: Schema = {}
        for status, name in ERROR_RESPONSES.items():
            response: Schema = {"content": {JSON: {"schema": _ref("Error")}}}
            if status == "429":
                response["headers"] = headers
            out[name] = response
        return out

    # -- operations ---------------------------------------------------------

    def parameters(self, op: Schema) -> list[Schema]:
        out: list[Schema] = []
        for up in op.get("parameters", []):
            param = _clean(up)
            if param.get("style") == "deepObject" and "additionalProperties" in param["schema"]:
                if param["name"] not in FIELD_QUERY:
                    raise SpecDriftError(
                        f"parameters.{param['name']}: a deepObject keyed by field is not one of {FIELD_QUERY}"
                    )
                continue
            if param.get("style") == "deepObject" and param["schema"].get("type") == "object":
                # A date range (``lastUpdated``, ``createdOn``, ``lastPublished``): openapi-python-client
                # would flatten it into clashing ``lte``/``gte`` keys. Two plain parameters put the same
                # ``lastUpdated[lte]=`` on the wire.
                _expect_props(f"parameters.{param['name']}", param["schema"], set(_DATE_BOUNDS))
                for bound in _DATE_BOUNDS:
                    out.append(
                        {
                            "name": f"{param['name']}[{bound}]",
                            "in": "query",
                            "required": False,
                            "schema": param["schema"]["properties"][bound],
                        }
                    )
                continue
            if param["name"] in ("sortBy", "sortOrder"):
                param["schema"] = _ref("SortBy" if param["name"] == "sortBy" else "SortOrder")
            param.pop("style", None)
            param.pop("explode", None)
            param.setdefault("required", param["in"] == "path")
            out.append(param)
        return out

    def success(self, path: str, method: str, status: str) -> Schema | None:
        """The named schema of a success response, or None for an empty body."""
        table: dict[tuple[str, str], Schema] = {
            (ITEMS, "get"): _ref("CollectionItemList"),
            (LIVE, "get"): _ref("CollectionItemList"),
            # A single-item body gets an item back; an ``items`` body gets a batch.
            (ITEMS, "post"): {"oneOf": [_ref("CollectionItem"), _ref("CollectionItemBatch")]},
            (LIVE, "post"): {"oneOf": [_ref("CollectionItem"), _ref("CollectionItemBatch")]},
            (ITEMS, "patch"): {"oneOf": [_ref("CollectionItem"), _ref("CollectionItemBatch")]},
            (LIVE, "patch"): _ref("CollectionItemBatch"),
            # Upstream declares one multi-locale item; its examples all answer a batch.
            (BULK, "post"): {"oneOf": [_ref("CollectionItemBatch"), _ref("MultiLocaleCollectionItem")]},
            (ITEM, "get"): _ref("CollectionItem"),
            (ITEM, "patch"): _ref("CollectionItem"),
            (ITEM_LIVE, "get"): _ref("CollectionItem"),
            (ITEM_LIVE, "patch"): _ref("CollectionItem"),
            (PUBLISH, "post"): _ref("PublishResult"),
            (INSERT, "post"): _ref("CollectionItemBatch"),
        }
        if status == "204":
            return None
        key = (path, method)
        if key not in table:
            raise SpecDriftError(f"no success schema known for {method.upper()} {path} {status}")
        self.check_shape(f"{method.upper()} {path} {status}", self.response(path, method, status), table[key])
        return table[key]

    def resolve(self, schema: Schema) -> Schema:
        """Follow ``$ref`` (and the ``allOf: [$ref]`` a description wraps it in) to the schema."""
        while True:
            if "$ref" in schema:
                schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
            elif len(schema.get("allOf", [])) == 1:
                schema = schema["allOf"][0]
            else:
                return schema

    def check_shape(self, where: str, upstream: Schema, replacement: Schema, *, request: bool = False) -> None:
        """Fail unless ``replacement`` has the properties of the inline ``upstream`` schema, at every depth.

        In request bodies the upstream's read-only properties are not expected
        (they are never sent). Where the replacement offers several forms
        (``oneOf``), the upstream must match one of them, or each in turn.
        """
        rep = self.resolve(replacement)
        if "oneOf" in rep:
            forms = rep["oneOf"]
            if "oneOf" in upstream:
                if len(upstream["oneOf"]) != len(forms):
                    raise SpecDriftError(f"{where}: upstream has {len(upstream['oneOf'])} forms, expected {len(forms)}")
                for n, (up_form, form) in enumerate(zip(upstream["oneOf"], forms, strict=True)):
                    self.check_shape(f"{where} (form {n + 1})", up_form, form, request=request)
                return
            problems = []
            for form in forms:
                try:
                    self.check_shape(where, upstream, form, request=request)
                except SpecDriftError as exc:
                    problems.append(str(exc))
                else:
                    return
            raise SpecDriftError(f"{where}: matches none of its forms: " + " | ".join(problems))
        if "oneOf" in upstream:
            raise SpecDriftError(f"{where}: upstream now has several forms; the replacement has one")
        if upstream.get("type") == "array" or rep.get("type") == "array":
            if upstream.get("type") != rep.get("type"):
                raise SpecDriftError(f"{where}: upstream type {upstream.get('type')}, expected {rep.get('type')}")
            self.check_shape(f"{where}[]", upstream.get("items", {}), rep.get("items", {}), request=request)
            return
        up_props = {
            name: prop
            for name, prop in upstream.get("properties", {}).items()
            if not (request and prop.get("readOnly")) and (where, name) not in _UPSTREAM_EXTRAS
        }
        rep_props = rep.get("properties", {})
        if set(up_props) != set(rep_props):
            raise SpecDriftError(
                f"{where}: upstream properties {sorted(up_props)}, expected {sorted(rep_props)}; "
                "update generator/normalize.py for the new upstream shape"
            )
        for name, prop in up_props.items():
            if "properties" in prop or prop.get("type") == "array" or "oneOf" in prop:
                self.check_shape(f"{where}.{name}", prop, rep_props[name], request=request)

    def request_body(self, path: str, method: str) -> Schema | None:
        table: dict[tuple[str, str], Schema] = {
            (ITEMS, "post"): {"oneOf": [_ref("NewCollectionItem"), _ref("NewCollectionItemBatch")]},
            (LIVE, "post"): {"oneOf": [_ref("NewCollectionItem"), _ref("NewCollectionItemBatch")]},
            (ITEMS, "patch"): _ref("CollectionItemUpdateBatch"),
            (LIVE, "patch"): _ref("CollectionItemUpdateBatch"),
            (ITEMS, "delete"): _ref("ItemReferences"),
            (LIVE, "delete"): _ref("ItemReferences"),
            (BULK, "post"): _ref("NewMultiLocaleItem"),
            (ITEM, "patch"): _ref("CollectionItemPatch"),
            (ITEM_LIVE, "patch"): _ref("CollectionItemPatch"),
            (PUBLISH, "post"): {"oneOf": [_ref("ItemIds"), _ref("ItemReferences")]},
            (INSERT, "post"): _ref("InsertItems"),
        }
        if "requestBody" not in self.op(path, method):
            return None
        if (path, method) not in table:
            raise SpecDriftError(f"no request body schema known for {method.upper()} {path}")
        schema = table[(path, method)]
        self.check_shape(f"{method.upper()} {path} body", self.body(path, method), schema, request=True)
        return {"required": True, "content": {JSON: {"schema": schema}}}

    def operation(self, path: str, method: str) -> Schema:
        up = self.op(path, method)
        op_id = up["operationId"].lower()
        text = self.texts["operations"].get(op_id)
        if not text:
            raise SpecDriftError(f"generator/descriptions.yaml has no entry for operation {op_id}")
        out: Schema = {
            "operationId": op_id,
            "summary": text["summary"],
            "description": text["description"],
            "tags": ["items"],
            "security": _clean(up["security"]),
        }
        params = self.parameters(up)
        if params:
            out["parameters"] = params
        body = self.request_body(path, method)
        if body:
            out["requestBody"] = body
        responses: Schema = {}
        for status in sorted(up["responses"]):
            if status in ERROR_RESPONSES:
                responses[status] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"}
                continue
            if status not in ("200", "202", "204"):
                raise SpecDriftError(f"{method.upper()} {path}: unexpected status {status}")
            schema = self.success(path, method, status)
            response: Schema = {"description": _STATUS_TEXT[status]}
            if schema is not None:
                response["content"] = {JSON: {"schema": schema}}
            responses[status] = response
        out["responses"] = responses
        return out

    # -- whole document -------------------------------------------------------

    def document(self) -> Schema:
        self.build_schemas()
        paths: Schema = {}
        count = 0
        for path, methods in self.up["paths"].items():
            paths[path] = {}
            for method in methods:
                if method not in ("get", "post", "patch", "delete", "put"):
                    raise SpecDriftError(f"unexpected key {method!r} under {path}")
                paths[path][method] = self.operation(path, method)
                count += 1
        self._describe_schemas()
        responses = self.responses()
        for name, response in responses.items():
            response["description"] = self.texts["responses"][name]
        up_info = self.up["info"]
        return {
            "openapi": "3.1.0",
            "info": {
                "title": up_info["title"],
                "version": up_info["version"],
                "license": _clean(up_info["license"]),
                "description": self.texts["info"],
            },
            "servers": [{"url": s["url"]} for s in self.up["servers"]],
            "security": [{"ApiKey": []}],
            "tags": [{"name": "items", "description": self.texts["tags"]["items"]}],
            "paths": paths,
            "components": {
                "schemas": dict(sorted(self.schemas.items())),
                "responses": responses,
                "securitySchemes": self._security_schemes(),
            },
        }

    def _describe_schemas(self) -> None:
        texts = self.texts["schemas"]
        missing = sorted(set(self.schemas) - set(texts))
        if missing:
            raise SpecDriftError(f"generator/descriptions.yaml has no entry for schemas {missing}")
        for name, schema in self.schemas.items():
            text = texts[name]
            if isinstance(text, str):
                schema["description"] = text
                continue
            schema["description"] = text["description"]
            for prop, prop_text in text.get("properties", {}).items():
                target = schema["properties"][prop]
                if "$ref" in target:  # siblings of $ref are ignored by some tools
                    schema["properties"][prop] = {"allOf": [target], "description": prop_text}
                else:
                    target["description"] = prop_text

    def _security_schemes(self) -> Schema:
        up = self.up["components"]["securitySchemes"]
        oauth = _clean(up["OAuth2"])
        flow = oauth["flows"]["authorizationCode"]
        used = sorted({s for _, op in _operations(self.up) for req in op["security"] for s in req.get("OAuth2", [])})
        flow["scopes"] = {scope: self.texts["scopes"][scope] for scope in used}
        return {"OAuth2": oauth, "ApiKey": _clean(up["ApiKey"])}


_READ_ONLY = {"id", "lastPublished", "lastUpdated", "createdOn"}
#: The list operations' date-range filters (deepObject ``name[lte]`` / ``name[gte]``), and their bounds.
DATE_FILTERS = ("createdOn", "lastPublished", "lastUpdated")
_DATE_BOUNDS = ("lte", "gte")

#: Upstream properties knowingly left out of a replacement: (place, property).
_UPSTREAM_EXTRAS = {
    # A bulk update answers the changed items; upstream also offers list paging there.
    ("PATCH /collections/{collection_id}/items 200 (form 2)", "pagination"),
}
_ITEM_PROPS = _READ_ONLY | {"cmsLocaleId", "isArchived", "isDraft", "fieldData"}
_STATUS_TEXT = {"200": "OK", "201": "Created", "202": "Accepted", "204": "No content"}


def _operations(doc: Schema) -> Iterator[tuple[str, Schema]]:
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


# --------------------------------------------------------------------------
# The CMS around items: collections and fields, sites, webhooks
# --------------------------------------------------------------------------

#: The upstream file of each part, under ``openapi/upstream/older/``, in merge order.
UPSTREAM_FILES = {
    "items": "webflow-items-openapi.upstream.yml",
    "collections": "webflow-collections-openapi.upstream.yml",
    "sites": "webflow-sites-openapi.upstream.yml",
    "webhooks": "webflow-webhooks-openapi.upstream.yml",
}

#: Error statuses only the other files use, and their shared responses.
MORE_ERROR_RESPONSES = {"403": "Forbidden", "4XX": "ClientError", "5XX": "ServerError"}

#: Schemas the other parts take from the items part instead of defining their own.
SHARED_SCHEMAS = ("Error", "ErrorCode", "Pagination")

COLLECTIONS = "/sites/{site_id}/collections"
COLLECTION = "/collections/{collection_id}"
FIELDS = COLLECTION + "/fields"
FIELD = FIELDS + "/{field_id}"
SITES = "/sites"
SITE = "/sites/{site_id}"
CUSTOM_DOMAINS = SITE + "/custom_domains"
SITE_PUBLISH = SITE + "/publish"
WEBHOOKS = "/sites/{site_id}/webhooks"
WEBHOOK = "/webhooks/{webhook_id}"

_COLLECTION_PROPS = {"id", "displayName", "singularName", "slug", "createdOn", "lastUpdated"}
_FIELD_PROPS = {"id", "isRequired", "isEditable", "type", "slug", "displayName", "helpText", "validations"}
_FIELD_FORM_PROPS = {"id", "isEditable", "isRequired", "type", "displayName", "helpText"}
_SITE_PROPS = {
    "id",
    "workspaceId",
    "createdOn",
    "displayName",
    "shortName",
    "lastPublished",
    "lastUpdated",
    "previewUrl",
    "timeZone",
    "parentFolderId",
    "customDomains",
    "locales",
    "dataCollectionEnabled",
    "dataCollectionType",
}
_LOCALE_PROPS = {"id", "cmsLocaleId", "enabled", "displayName", "displayImageId", "redirect", "subdirectory", "tag"}
_WEBHOOK_PROPS = {"id", "triggerType", "url", "workspaceId", "siteId", "filter", "lastTriggered", "createdOn"}
_ERROR_PROPS = {"code", "message", "externalReference", "details"}


def _open_maps(node: Any) -> Any:
    """Repair an open map written as a property named ``additionalProperties``.

    Upstream's field ``validations`` reads ``properties: {additionalProperties: ...}``,
    which declares one field literally called "additionalProperties"; it means a map.
    """
    if isinstance(node, list):
        return [_open_maps(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {key: _open_maps(value) for key, value in node.items()}
    if isinstance(out.get("properties"), dict) and set(out["properties"]) == {"additionalProperties"}:
        del out["properties"]
        out["additionalProperties"] = True
    return out


def _request_view(schema: Schema) -> Schema:
    """A request-body view at every depth: read-only properties and defaults removed."""
    schema = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                visit(child)
            return
        if not isinstance(node, dict):
            return
        props = node.get("properties")
        if isinstance(props, dict):
            for name in [n for n, p in props.items() if p.get("readOnly")]:
                del props[name]
            for prop in props.values():
                prop.pop("default", None)
                visit(prop)
            if "required" in node:
                node["required"] = [r for r in node["required"] if r in props]
                if not node["required"]:
                    del node["required"]
        for key in ("items", "oneOf", "anyOf", "allOf"):
            if key in node:
                visit(node[key])

    visit(schema)
    return schema


def _list_of(key: str, name: str) -> Schema:
    return {"type": "object", "required": [key], "properties": {key: _array_of(name)}}


class _Part(_Normalizer):
    """One of the files around items; subclasses say which shapes they take and where from.

    The shared schemas and the error responses come from the items part; every
    error body and 429 header set of this file is checked to match them.
    """

    key: str = ""
    #: Upstream operation ids taken from the file, in upstream order; empty: all of them.
    kept: tuple[str, ...] = ()

    def __init__(self, upstream: Schema, descriptions: Schema, shared: dict[str, Schema], headers: Schema) -> None:
        super().__init__(upstream, descriptions)
        self.part_texts: Schema = descriptions[self.key]
        self.shared = shared
        self.headers = headers
        self.used_responses: set[str] = set()

    # -- lookups: the repairs every inline copy gets before it is used or compared --

    def body(self, path: str, method: str) -> Schema:
        schema: Schema = _open_maps(super().body(path, method))
        return schema

    def response(self, path: str, method: str, status: str) -> Schema:
        try:
            schema: Schema = _open_maps(super().response(path, method, status))
        except KeyError as exc:
            raise SpecDriftError(f"paths.{path}.{method}.responses.{status}: no JSON body") from exc
        return schema

    def resolve(self, schema: Schema) -> Schema:
        """As for items, with the shared schemas (``Pagination``, ``Error``) found too."""
        while True:
            if "$ref" in schema:
                name = schema["$ref"].rsplit("/", 1)[1]
                schema = self.schemas[name] if name in self.schemas else self.shared[name]
            elif len(schema.get("allOf", [])) == 1:
                schema = schema["allOf"][0]
            else:
                return schema

    def check_shape(self, where: str, upstream: Schema, replacement: Schema, *, request: bool = False) -> None:
        """The items check (property names at every depth), and equal enums where the replacement has one."""
        super().check_shape(where, upstream, replacement, request=request)
        rep = self.resolve(replacement)
        expected: list[Any] | None = rep.get("enum")
        if "enum" in upstream and expected is not None and set(upstream["enum"]) != set(expected):
            raise SpecDriftError(f"{where}: upstream enum {sorted(upstream['enum'])}, expected {sorted(expected)}")
        rep_props = rep.get("properties", {})
        for name, prop in upstream.get("properties", {}).items():
            if "enum" in prop and name in rep_props:
                self.check_shape(f"{where}.{name}", prop, rep_props[name], request=request)

    # -- what each part declares ------------------------------------------------

    def successes(self) -> dict[tuple[str, str], Schema]:
        raise NotImplementedError

    def bodies(self) -> dict[tuple[str, str], Schema]:
        raise NotImplementedError

    # -- operations ---------------------------------------------------------------

    def selected(self) -> list[tuple[str, str]]:
        """(path, method) of the operations taken, in upstream order; a kept id that vanished is drift."""
        found: dict[str, tuple[str, str]] = {}
        for path, methods in self.up["paths"].items():
            for method, op in methods.items():
                if method not in ("get", "post", "patch", "delete", "put"):
                    raise SpecDriftError(f"paths.{path}: unexpected key {method!r}")
                found[str(op.get("operationId", "")).lower()] = (path, method)
        if not self.kept:
            return list(found.values())
        missing = [op_id for op_id in self.kept if op_id not in found]
        if missing:
            raise SpecDriftError(f"paths: no operation {missing} any more")
        return sorted((found[op_id] for op_id in self.kept), key=list(found.values()).index)

    def part_parameters(self, where: str, op: Schema) -> list[Schema]:
        out: list[Schema] = []
        for up in op.get("parameters", []):
            param = _clean(up)
            if param.get("in") != "path" or {"style", "explode"} & set(param):
                raise SpecDriftError(
                    f"{where}.parameters: {param.get('name')!r} in {param.get('in')}; only path ids known"
                )
            if param["schema"].get("default", 0) is None:
                del param["schema"]["default"]  # ``default: null`` on a required id
            param["required"] = True
            out.append(param)
        return out

    def check_error(self, where: str, response: Schema) -> None:
        """An error response must carry the shared error body (and, for 429, the shared headers)."""
        try:
            schema = _clean(response["content"][JSON]["schema"])
        except (KeyError, TypeError) as exc:
            raise SpecDriftError(f"{where}: no JSON error body") from exc
        forms = [schema]
        if "oneOf" in schema:
            # Upstream lists whole response objects as the forms of one body (site-publish 400).
            try:
                forms = [form["content"][JSON]["schema"] for form in schema["oneOf"]]
            except (KeyError, TypeError) as exc:
                raise SpecDriftError(f"{where}: a form that is not a wrapped error body") from exc
        codes = set(self.shared["ErrorCode"]["enum"])
        for form in forms:
            _expect_props(where, form, _ERROR_PROPS)
            if set(form["properties"]["code"].get("enum", [])) != codes:
                raise SpecDriftError(f"{where}.code: the error codes differ from the items file's ErrorCode")
        if where.endswith(".429") and set(response.get("headers", {})) != set(self.headers):
            raise SpecDriftError(
                f"{where}.headers: upstream {sorted(response.get('headers', {}))}, expected {sorted(self.headers)}"
            )

    def part_operation(self, path: str, method: str) -> Schema:
        up = self.op(path, method)
        where = f"paths.{path}.{method}"
        op_id = up["operationId"].lower()
        text = self.part_texts["operations"].get(op_id)
        if not text:
            raise SpecDriftError(f"generator/descriptions.yaml has no entry {self.key}.operations.{op_id}")
        out: Schema = {
            "operationId": op_id,
            "summary": text["summary"],
            "description": text["description"],
            "tags": [self.key],
        }
        if "security" in up:
            out["security"] = _clean(up["security"])
        params = self.part_parameters(where, up)
        if params:
            out["parameters"] = params
        bodies = self.bodies()
        if "requestBody" in up:
            if (path, method) not in bodies:
                raise SpecDriftError(f"{where}.requestBody: no request body schema known")
            schema = bodies[(path, method)]
            self.check_shape(f"{where}.requestBody", self.body(path, method), schema, request=True)
            out["requestBody"] = {"required": True, "content": {JSON: {"schema": schema}}}
        elif (path, method) in bodies:
            raise SpecDriftError(f"{where}.requestBody: gone upstream")
        responses: Schema = {}
        for status in sorted(up["responses"]):
            place = f"{where}.responses.{status}"
            names = {**ERROR_RESPONSES, **MORE_ERROR_RESPONSES}
            if status in names:
                self.check_error(place, up["responses"][status])
                self.used_responses.add(names[status])
                responses[status] = {"$ref": f"#/components/responses/{names[status]}"}
                continue
            if status not in _STATUS_TEXT:
                raise SpecDriftError(f"{place}: unexpected status")
            response: Schema = {"description": _STATUS_TEXT[status]}
            if up["responses"][status].get("content"):
                if (path, method) not in self.successes():
                    raise SpecDriftError(f"{place}: no success schema known")
                schema = self.successes()[(path, method)]
                self.check_shape(place, self.response(path, method, status), schema)
                response["content"] = {JSON: {"schema": schema}}
            elif status != "204":
                raise SpecDriftError(f"{place}: no body where one is expected")
            responses[status] = response
        out["responses"] = responses
        return out

    def document(self) -> Schema:
        self.build_schemas()
        paths: Schema = {}
        for path, method in self.selected():
            paths.setdefault(path, {})[method] = self.part_operation(path, method)
        texts = self.part_texts["schemas"]
        missing = sorted(set(self.schemas) - set(texts))
        if missing:
            raise SpecDriftError(f"generator/descriptions.yaml has no entry {self.key}.schemas for {missing}")
        for name, schema in self.schemas.items():
            schema["description"] = texts[name]
        used = sorted(
            {
                s
                for methods in paths.values()
                for op in methods.values()
                for r in op.get("security", [])
                for s in r.get("OAuth2", [])
            }
        )
        oauth = _clean(self.up["components"]["securitySchemes"]["OAuth2"])
        oauth["flows"]["authorizationCode"]["scopes"] = {scope: self.texts["scopes"][scope] for scope in used}
        up_info = self.up["info"]
        return {
            "info": {"version": up_info["version"], "license": _clean(up_info["license"])},
            "servers": [{"url": s["url"]} for s in self.up["servers"]],
            "tags": [{"name": self.key, "description": self.part_texts["tag"]}],
            "paths": paths,
            "components": {
                "schemas": dict(sorted(self.schemas.items())),
                "responses": {name: {} for name in sorted(self.used_responses)},
                "securitySchemes": {
                    "OAuth2": oauth,
                    "ApiKey": _clean(self.up["components"]["securitySchemes"]["ApiKey"]),
                },
            },
        }


class _Collections(_Part):
    key = "collections"

    def build_schemas(self) -> None:
        s = self.schemas
        where = f"paths.{COLLECTIONS}.get.responses.200"
        listing = self.response(COLLECTIONS, "get", "200")
        _expect_props(where, listing, {"collections"})
        summary = listing["properties"]["collections"]["items"]
        _expect_props(f"{where}.collections[]", summary, _COLLECTION_PROPS)
        s["CollectionSummary"] = summary
        s["CollectionList"] = _list_of("collections", "CollectionSummary")

        where = f"paths.{COLLECTION}.get.responses.200"
        detail = self.response(COLLECTION, "get", "200")
        _expect_props(where, detail, _COLLECTION_PROPS | {"fields"})
        field = detail["properties"]["fields"]["items"]
        _expect_props(f"{where}.fields[]", field, _FIELD_PROPS)
        all_types = set(field["properties"]["type"].get("enum", []))
        # Read back as a plain string: upstream's own examples show a kind outside its enum
        # ("Date"), and one new kind must not make a whole collection unreadable.
        field["properties"]["type"] = {"type": "string"}
        validations = field["properties"]["validations"]
        if validations.get("additionalProperties") is not True or "properties" in validations:
            raise SpecDriftError(f"{where}.fields[].validations: no longer an open map")
        s["FieldValidations"] = {"type": "object", "additionalProperties": True}
        field["properties"]["validations"] = {"oneOf": [_ref("FieldValidations"), {"type": "null"}]}
        # Upstream's collection examples answer ``helpText: null`` for a field without help text.
        field["properties"]["helpText"]["type"] = ["string", "null"]
        s["Field"] = field
        detail["properties"]["fields"] = _array_of("Field")
        s["Collection"] = detail

        # A new field takes one of three forms, told apart by ``type``.
        where = f"paths.{FIELDS}.post.requestBody"
        forms = self.body(FIELDS, "post").get("oneOf", [])
        if len(forms) != 3:
            raise SpecDriftError(f"{where}: {len(forms)} forms, expected 3 (static, option, reference)")
        static, option, reference = (copy.deepcopy(f) for f in forms)
        _expect_props(f"{where}.oneOf[0]", static, _FIELD_FORM_PROPS)
        _expect_props(f"{where}.oneOf[1]", option, _FIELD_FORM_PROPS | {"metadata"})
        _expect_props(f"{where}.oneOf[2]", reference, _FIELD_FORM_PROPS | {"metadata"})
        for n, (form, name) in enumerate(
            [(static, "StaticFieldType"), (option, "OptionFieldType"), (reference, "ReferenceFieldType")]
        ):
            if not set(form["properties"]["type"].get("enum", [])) <= all_types:
                raise SpecDriftError(f"{where}.oneOf[{n}].type: a kind the collection's field list lacks")
            s[name] = form["properties"]["type"]
            form["properties"]["type"] = _ref(name)
        options = option["properties"]["metadata"]
        _expect_props(f"{where}.oneOf[1].metadata", options, {"options"})
        choice = options["properties"]["options"]["items"]
        _expect_props(f"{where}.oneOf[1].metadata.options[]", choice, {"name", "id"})
        for bound in ("minItems", "maxItems"):  # upstream puts the list's bounds on its element
            if bound in choice:
                options["properties"]["options"][bound] = choice.pop(bound)
        s["FieldOption"] = choice
        s["NewFieldOption"] = _request_view(choice)
        s["OptionFieldMetadata"] = copy.deepcopy(options)
        s["OptionFieldMetadata"]["properties"]["options"]["items"] = _ref("FieldOption")
        s["NewOptionFieldMetadata"] = copy.deepcopy(options)
        s["NewOptionFieldMetadata"]["properties"]["options"]["items"] = _ref("NewFieldOption")
        _expect_props(f"{where}.oneOf[2].metadata", reference["properties"]["metadata"], {"collectionId"})
        s["ReferenceFieldMetadata"] = reference["properties"]["metadata"]
        reference["properties"]["metadata"] = _ref("ReferenceFieldMetadata")
        for name, form in (("StaticField", static), ("OptionField", option), ("ReferenceField", reference)):
            new = _request_view(form)
            if name == "OptionField":
                form["properties"]["metadata"] = _ref("OptionFieldMetadata")
                new["properties"]["metadata"] = _ref("NewOptionFieldMetadata")
            s[name] = form
            s[f"New{name}"] = new

        where = f"paths.{COLLECTIONS}.post.requestBody"
        new_collection = _request_view(self.body(COLLECTIONS, "post"))
        _expect_props(where, new_collection, {"displayName", "singularName", "slug", "fields"})
        new_collection["properties"]["fields"] = {"type": "array", "items": self._new_field()}
        s["NewCollection"] = new_collection

        update = _request_view(self.body(FIELD, "patch"))
        _expect_props(f"paths.{FIELD}.patch.requestBody", update, {"isRequired", "displayName", "helpText"})
        s["FieldUpdate"] = update

    @staticmethod
    def _new_field() -> Schema:
        return {"oneOf": [_ref("NewStaticField"), _ref("NewOptionField"), _ref("NewReferenceField")]}

    def successes(self) -> dict[tuple[str, str], Schema]:
        return {
            (COLLECTIONS, "get"): _ref("CollectionList"),
            (COLLECTIONS, "post"): _ref("Collection"),
            (COLLECTION, "get"): _ref("Collection"),
            (FIELDS, "post"): {"oneOf": [_ref("StaticField"), _ref("OptionField"), _ref("ReferenceField")]},
            (FIELD, "patch"): _ref("Field"),
        }

    def bodies(self) -> dict[tuple[str, str], Schema]:
        return {
            (COLLECTIONS, "post"): _ref("NewCollection"),
            (FIELDS, "post"): self._new_field(),
            (FIELD, "patch"): _ref("FieldUpdate"),
        }


class _Sites(_Part):
    key = "sites"
    kept = ("list-sites", "get-site", "get-custom-domains", "site-publish")

    def build_schemas(self) -> None:
        s = self.schemas
        where = f"paths.{SITES}.get.responses.200"
        listing = self.response(SITES, "get", "200")
        _expect_props(where, listing, {"sites"})
        site = listing["properties"]["sites"]["items"]
        _expect_props(f"{where}.sites[]", site, _SITE_PROPS)
        domain = site["properties"]["customDomains"]["items"]
        _expect_props(f"{where}.sites[].customDomains[]", domain, {"id", "url", "lastPublished"})
        s["CustomDomain"] = domain
        locales = site["properties"]["locales"]
        _expect_props(f"{where}.sites[].locales", locales, {"primary", "secondary"})
        primary = locales["properties"]["primary"]
        _expect_props(f"{where}.sites[].locales.primary", primary, _LOCALE_PROPS)
        _expect_props(
            f"{where}.sites[].locales.secondary[]", locales["properties"]["secondary"]["items"], _LOCALE_PROPS
        )
        s["SiteLocale"] = primary
        s["SiteLocales"] = {
            "type": "object",
            "properties": {"primary": _ref("SiteLocale"), "secondary": _array_of("SiteLocale")},
        }
        site["properties"]["customDomains"] = _array_of("CustomDomain")
        site["properties"]["locales"] = _ref("SiteLocales")
        # A site that was never published has ``lastPublished: null``, as an item has.
        site["properties"]["lastPublished"]["type"] = ["string", "null"]
        s["Site"] = site
        s["SiteList"] = _list_of("sites", "Site")
        s["CustomDomainList"] = _list_of("customDomains", "CustomDomain")

        where = f"paths.{SITE_PUBLISH}.post"
        publish = _request_view(self.body(SITE_PUBLISH, "post"))
        _expect_props(f"{where}.requestBody", publish, {"customDomains", "publishToWebflowSubdomain", "pageId"})
        s["SitePublish"] = publish
        result = self.response(SITE_PUBLISH, "post", "202")
        _expect_props(f"{where}.responses.202", result, {"customDomains", "publishToWebflowSubdomain", "publishScope"})
        result["properties"]["customDomains"] = _array_of("CustomDomain")
        s["SitePublishResult"] = result

    def successes(self) -> dict[tuple[str, str], Schema]:
        return {
            (SITES, "get"): _ref("SiteList"),
            (SITE, "get"): _ref("Site"),
            (CUSTOM_DOMAINS, "get"): _ref("CustomDomainList"),
            (SITE_PUBLISH, "post"): _ref("SitePublishResult"),
        }

    def bodies(self) -> dict[tuple[str, str], Schema]:
        return {(SITE_PUBLISH, "post"): _ref("SitePublish")}


class _Webhooks(_Part):
    key = "webhooks"

    def build_schemas(self) -> None:
        s = self.schemas
        where = f"paths.{WEBHOOKS}.get.responses.200"
        listing = self.response(WEBHOOKS, "get", "200")
        _expect_props(where, listing, {"webhooks", "pagination"})
        # Same properties as the items file's Pagination: that one is shared, not a second copy.
        _expect_props(f"{where}.pagination", listing["properties"]["pagination"], _props(self.shared["Pagination"]))
        hook = listing["properties"]["webhooks"]["items"]
        _expect_props(f"{where}.webhooks[]", hook, _WEBHOOK_PROPS)
        s["WebhookTriggerType"] = hook["properties"]["triggerType"]
        s["WebhookFilter"] = hook["properties"]["filter"]
        _expect_props(f"{where}.webhooks[].filter", s["WebhookFilter"], {"name"})
        hook["properties"]["triggerType"] = _ref("WebhookTriggerType")
        # Upstream's examples answer ``filter: null`` for a webhook without one.
        hook["properties"]["filter"] = {"oneOf": [_ref("WebhookFilter"), {"type": "null"}]}
        # A webhook never triggered: the official SDK types ``last_triggered`` as optional.
        hook["properties"]["lastTriggered"]["type"] = ["string", "null"]
        s["Webhook"] = hook
        # Not required: upstream's list example has no ``pagination``.
        s["WebhookList"] = {
            "type": "object",
            "required": ["webhooks"],
            "properties": {"webhooks": _array_of("Webhook"), "pagination": _ref("Pagination")},
        }
        new = _request_view(self.body(WEBHOOKS, "post"))
        _expect_props(f"paths.{WEBHOOKS}.post.requestBody", new, {"triggerType", "url", "filter"})
        new["properties"]["triggerType"] = _ref("WebhookTriggerType")
        new["properties"]["filter"] = _ref("WebhookFilter")
        s["NewWebhook"] = new

    def successes(self) -> dict[tuple[str, str], Schema]:
        return {
            (WEBHOOKS, "get"): _ref("WebhookList"),
            (WEBHOOKS, "post"): _ref("Webhook"),
            (WEBHOOK, "get"): _ref("Webhook"),
        }

    def bodies(self) -> dict[tuple[str, str], Schema]:
        return {(WEBHOOKS, "post"): _ref("NewWebhook")}


_PARTS: dict[str, type[_Part]] = {"collections": _Collections, "sites": _Sites, "webhooks": _Webhooks}


def _merge(docs: dict[str, Schema], texts: Schema) -> Schema:
    """One document from the parts; a schema or response name two parts define differently is drift."""
    items = docs["items"]
    schemas: Schema = {}
    owner: dict[str, str] = {}
    paths: Schema = {}
    scopes: set[str] = set()
    used_responses: set[str] = set()
    for key, doc in docs.items():
        for field in ("version", "license"):
            if doc["info"][field] != items["info"][field]:
                raise SpecDriftError(
                    f"info.{field}: {doc['info'][field]!r}, the items file has {items['info'][field]!r}"
                )
        if doc["servers"] != items["servers"]:
            raise SpecDriftError(f"servers: {doc['servers']}, the items file has {items['servers']}")
        for path, methods in doc["paths"].items():
            for method, op in methods.items():
                if method in paths.get(path, {}):
                    raise SpecDriftError(f"paths.{path}.{method}: defined by two files")
                paths.setdefault(path, {})[method] = op
        for name, schema in doc["components"]["schemas"].items():
            if name in schemas and schemas[name] != schema:
                raise SpecDriftError(f"components.schemas.{name}: {owner[name]} and {key} define it differently")
            schemas[name] = schema
            owner.setdefault(name, key)
        used_responses |= set(doc["components"]["responses"])
        security = doc["components"]["securitySchemes"]
        oauth = security["OAuth2"]["flows"]["authorizationCode"]
        base = items["components"]["securitySchemes"]
        base_flow = base["OAuth2"]["flows"]["authorizationCode"]
        if security["ApiKey"] != base["ApiKey"] or {k: v for k, v in oauth.items() if k != "scopes"} != {
            k: v for k, v in base_flow.items() if k != "scopes"
        }:
            raise SpecDriftError("components.securitySchemes: differ from the items file's")
        scopes |= set(oauth["scopes"])
    responses: Schema = {}
    for status, name in {**ERROR_RESPONSES, **MORE_ERROR_RESPONSES}.items():
        if name not in used_responses:
            continue
        response: Schema = {"description": texts["responses"][name], "content": {JSON: {"schema": _ref("Error")}}}
        if status == "429":
            response["headers"] = items["components"]["responses"]["TooManyRequests"]["headers"]
        responses[name] = response
    security_schemes = copy.deepcopy(items["components"]["securitySchemes"])
    flow = security_schemes["OAuth2"]["flows"]["authorizationCode"]
    flow["scopes"] = {scope: texts["scopes"][scope] for scope in sorted(scopes)}
    return {
        "openapi": items["openapi"],
        "info": {
            "title": texts["cms"]["title"],
            "version": items["info"]["version"],
            "license": items["info"]["license"],
            "description": texts["cms"]["info"],
        },
        "servers": items["servers"],
        "security": items["security"],
        "tags": [tag for doc in docs.values() for tag in doc["tags"]],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "responses": responses,
            "securitySchemes": security_schemes,
        },
    }


def normalize_all(
    upstreams: dict[str, Schema], descriptions: Schema | None = None, names: dict[str, str] | None = None
) -> Schema:
    """The one document of items, collections, sites and webhooks, from the four upstream parts.

    ``upstreams`` maps the keys of ``UPSTREAM_FILES`` to the loaded parts. A
    ``SpecDriftError`` carries the file it concerns in ``source`` (``names`` by part,
    default the per-area file names).
    """
    names = {**UPSTREAM_FILES, **(names or {})}
    if descriptions is None:
        descriptions = load(DESCRIPTIONS)
    if set(upstreams) != set(UPSTREAM_FILES):
        raise ValueError(f"expected the upstream files {sorted(UPSTREAM_FILES)}, got {sorted(upstreams)}")
    docs: dict[str, Schema] = {}
    for key in UPSTREAM_FILES:
        try:
            if key == "items":
                docs[key] = normalize(upstreams[key], descriptions)
                continue
            components = docs["items"]["components"]
            shared = {name: components["schemas"][name] for name in SHARED_SCHEMAS}
            headers = components["responses"]["TooManyRequests"]["headers"]
            docs[key] = _PARTS[key](upstreams[key], descriptions, shared, headers).document()
        except SpecDriftError as exc:
            exc.source = exc.source or names[key]
            raise
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            # A shape the pass reads without checking first; still drift, named as well as it can be.
            drift = SpecDriftError(f"unexpected shape ({type(exc).__name__}: {exc})")
            drift.source = names[key]
            raise drift from exc
    try:
        return _merge(docs, descriptions)
    except SpecDriftError as exc:
        exc.source = exc.source or "the merged document"
        raise


def load(path: Path) -> Schema:
    doc: Schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    return doc


def normalize(upstream: Schema, descriptions: Schema | None = None) -> Schema:
    """Return the normalized document for an upstream spec (both as plain data)."""
    if descriptions is None:
        descriptions = load(DESCRIPTIONS)
    return _Normalizer(upstream, descriptions).document()


class _NoAliasDumper(yaml.SafeDumper):  # type: ignore[misc]
    """Writes repeated sub-trees in full instead of as YAML anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(doc: Schema, source: str = "Webflow's Items spec") -> str:
    """Serialize deterministically: fixed key order, no anchors, wide lines."""

    text: str = yaml.dump(doc, Dumper=_NoAliasDumper, sort_keys=False, width=100, allow_unicode=True)
    return f"# Generated by generator/normalize.py from {source}. Do not edit.\n" + text


#: The header of the merged document.
ALL_SOURCES = "Webflow's Items, Collections, Sites and Webhooks specs"


def main(argv: list[str], echo: Callable[[str], None] = print) -> int:
    if len(argv) != 2:
        echo("usage: normalize.py UPSTREAM.yml OUTPUT.yaml")
        return 2
    source, target = (Path(a) for a in argv)
    doc = normalize(load(source))
    target.write_text(dump(doc), encoding="utf-8")
    ops = sum(1 for _ in _operations(doc))
    echo(f"normalize: {ops} operations, {len(doc['components']['schemas'])} schemas -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
