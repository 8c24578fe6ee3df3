"""What the three files around items (collections and fields, sites, webhooks) have in common.

Each of those files is normalized the way the items file is (named schemas, each checked against
the inline copies it replaces), with three differences this base class carries: inline copies get
``open_maps`` as well, a replacement with an ``enum`` must list the same values, and the shared shapes
(the error body, the 429 headers, ``Pagination``) are not redefined but checked to match the items
file's. A subclass names its tag (``key``), the operations it takes, and its schemas.
"""

from __future__ import annotations

from typing import Any

from .cleanup import clean, expect_props, open_maps
from .common import ERROR_RESPONSES, JSON, MORE_ERROR_RESPONSES, STATUS_TEXT, Schema, SpecDriftError
from .reader import Reader

_ERROR_PROPS = {"code", "message", "externalReference", "details"}


class Part(Reader):
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
        schema: Schema = open_maps(super().body(path, method))
        return schema

    def response(self, path: str, method: str, status: str) -> Schema:
        try:
            schema: Schema = open_maps(super().response(path, method, status))
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

    def build_schemas(self) -> None:
        """Fill ``self.schemas`` from the file; run before the operations are read."""
        raise NotImplementedError

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
            param = clean(up)
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
            schema = clean(response["content"][JSON]["schema"])
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
            expect_props(where, form, _ERROR_PROPS)
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
            out["security"] = clean(up["security"])
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
            if status not in STATUS_TEXT:
                raise SpecDriftError(f"{place}: unexpected status")
            response: Schema = {"description": STATUS_TEXT[status]}
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
        oauth = clean(self.up["components"]["securitySchemes"]["OAuth2"])
        oauth["flows"]["authorizationCode"]["scopes"] = {scope: self.texts["scopes"][scope] for scope in used}
        up_info = self.up["info"]
        return {
            "info": {"version": up_info["version"], "license": clean(up_info["license"])},
            "servers": [{"url": s["url"]} for s in self.up["servers"]],
            "tags": [{"name": self.key, "description": self.part_texts["tag"]}],
            "paths": paths,
            "components": {
                "schemas": dict(sorted(self.schemas.items())),
                "responses": {name: {} for name in sorted(self.used_responses)},
                "securitySchemes": {
                    "OAuth2": oauth,
                    "ApiKey": clean(self.up["components"]["securitySchemes"]["ApiKey"]),
                },
            },
        }
