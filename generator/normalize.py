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

Usage: ``python generator/normalize.py UPSTREAM.yml OUTPUT.yaml``
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
    """The upstream spec no longer has the shape this pass was written for."""


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
            if param["name"] == "lastPublished":
                # deepObject with an object schema: the generator cannot send it.
                # Two plain parameters put the same ``lastPublished[lte]=`` on the wire.
                for bound in ("lte", "gte"):
                    out.append(
                        {
                            "name": f"lastPublished[{bound}]",
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

#: Upstream properties knowingly left out of a replacement: (place, property).
_UPSTREAM_EXTRAS = {
    # A bulk update answers the changed items; upstream also offers list paging there.
    ("PATCH /collections/{collection_id}/items 200 (form 2)", "pagination"),
}
_ITEM_PROPS = _READ_ONLY | {"cmsLocaleId", "isArchived", "isDraft", "fieldData"}
_STATUS_TEXT = {"200": "OK", "202": "Accepted", "204": "No content"}


def _operations(doc: Schema) -> Iterator[tuple[str, Schema]]:
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


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


def dump(doc: Schema) -> str:
    """Serialize deterministically: fixed key order, no anchors, wide lines."""

    text: str = yaml.dump(doc, Dumper=_NoAliasDumper, sort_keys=False, width=100, allow_unicode=True)
    return "# Generated by generator/normalize.py from Webflow's Items spec. Do not edit.\n" + text


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
