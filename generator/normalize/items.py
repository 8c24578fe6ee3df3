"""The items part: Webflow's item endpoints turned into the document the generator reads.

Every operation of the items file is taken. Its inline bodies are replaced by the named schemas of
``items_schemas.py`` (each replacement checked by ``Reader.check_shape``), its error statuses by the
shared ``components/responses``, its deepObject date ranges by plain ``name[lte]``/``name[gte]``
parameters, and its prose by the project's texts from ``generator/descriptions.yaml``. The result is
written alone to openapi/webflow-cms-items.yaml and is the base the other parts are merged onto.
"""

from __future__ import annotations

from .cleanup import clean, expect_props, iter_operations, ref
from .common import DESCRIPTIONS, ERROR_RESPONSES, JSON, STATUS_TEXT, Schema, SpecDriftError, load
from .items_schemas import (
    BULK,
    DATE_BOUNDS,
    FIELD_QUERY,
    INSERT,
    ITEM,
    ITEM_LIVE,
    ITEMS,
    LIVE,
    PUBLISH,
    item_schemas,
)
from .reader import Reader


class ItemsNormalizer(Reader):
    """Normalizes the items file; ``document()`` is the whole pass."""

    # -- components ---------------------------------------------------------

    def build_schemas(self) -> None:
        self.schemas.update(item_schemas(self))

    def responses(self) -> Schema:
        up = self.op(ITEMS, "get")["responses"]["429"]
        headers = {name: {"schema": clean(h["schema"])} for name, h in sorted(up["headers"].items())}
        out: Schema = {}
        for status, name in ERROR_RESPONSES.items():
            response: Schema = {"content": {JSON: {"schema": ref("Error")}}}
            if status == "429":
                response["headers"] = headers
            out[name] = response
        return out

    # -- operations ---------------------------------------------------------

    def parameters(self, op: Schema) -> list[Schema]:
        out: list[Schema] = []
        for up in op.get("parameters", []):
            param = clean(up)
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
                expect_props(f"parameters.{param['name']}", param["schema"], set(DATE_BOUNDS))
                for bound in DATE_BOUNDS:
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
                param["schema"] = ref("SortBy" if param["name"] == "sortBy" else "SortOrder")
            param.pop("style", None)
            param.pop("explode", None)
            param.setdefault("required", param["in"] == "path")
            out.append(param)
        return out

    def success(self, path: str, method: str, status: str) -> Schema | None:
        """The named schema of a success response, or None for an empty body."""
        table: dict[tuple[str, str], Schema] = {
            (ITEMS, "get"): ref("CollectionItemList"),
            (LIVE, "get"): ref("CollectionItemList"),
            # A single-item body gets an item back; an ``items`` body gets a batch.
            (ITEMS, "post"): {"oneOf": [ref("CollectionItem"), ref("CollectionItemBatch")]},
            (LIVE, "post"): {"oneOf": [ref("CollectionItem"), ref("CollectionItemBatch")]},
            (ITEMS, "patch"): {"oneOf": [ref("CollectionItem"), ref("CollectionItemBatch")]},
            (LIVE, "patch"): ref("CollectionItemBatch"),
            # Upstream declares one multi-locale item; its examples all answer a batch.
            (BULK, "post"): {"oneOf": [ref("CollectionItemBatch"), ref("MultiLocaleCollectionItem")]},
            (ITEM, "get"): ref("CollectionItem"),
            (ITEM, "patch"): ref("CollectionItem"),
            (ITEM_LIVE, "get"): ref("CollectionItem"),
            (ITEM_LIVE, "patch"): ref("CollectionItem"),
            (PUBLISH, "post"): ref("PublishResult"),
            (INSERT, "post"): ref("CollectionItemBatch"),
        }
        if status == "204":
            return None
        key = (path, method)
        if key not in table:
            raise SpecDriftError(f"no success schema known for {method.upper()} {path} {status}")
        self.check_shape(f"{method.upper()} {path} {status}", self.response(path, method, status), table[key])
        return table[key]

    def request_body(self, path: str, method: str) -> Schema | None:
        table: dict[tuple[str, str], Schema] = {
            (ITEMS, "post"): {"oneOf": [ref("NewCollectionItem"), ref("NewCollectionItemBatch")]},
            (LIVE, "post"): {"oneOf": [ref("NewCollectionItem"), ref("NewCollectionItemBatch")]},
            (ITEMS, "patch"): ref("CollectionItemUpdateBatch"),
            (LIVE, "patch"): ref("CollectionItemUpdateBatch"),
            (ITEMS, "delete"): ref("ItemReferences"),
            (LIVE, "delete"): ref("ItemReferences"),
            (BULK, "post"): ref("NewMultiLocaleItem"),
            (ITEM, "patch"): ref("CollectionItemPatch"),
            (ITEM_LIVE, "patch"): ref("CollectionItemPatch"),
            (PUBLISH, "post"): {"oneOf": [ref("ItemIds"), ref("ItemReferences")]},
            (INSERT, "post"): ref("InsertItems"),
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
            "security": clean(up["security"]),
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
            response: Schema = {"description": STATUS_TEXT[status]}
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
                "license": clean(up_info["license"]),
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
        oauth = clean(up["OAuth2"])
        flow = oauth["flows"]["authorizationCode"]
        used = sorted(
            {s for _, op in iter_operations(self.up) for req in op["security"] for s in req.get("OAuth2", [])}
        )
        flow["scopes"] = {scope: self.texts["scopes"][scope] for scope in used}
        return {"OAuth2": oauth, "ApiKey": clean(up["ApiKey"])}


def normalize(upstream: Schema, descriptions: Schema | None = None) -> Schema:
    """Return the normalized document for an upstream spec (both as plain data)."""
    if descriptions is None:
        descriptions = load(DESCRIPTIONS)
    return ItemsNormalizer(upstream, descriptions).document()
