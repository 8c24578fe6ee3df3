"""Reading one upstream file, and the shape check that makes a changed upstream fail loudly.

Every part (items, collections and fields, sites, webhooks) hoists inline upstream schemas into
named components. Before a named schema replaces an inline one, ``Reader.check_shape`` compares
their property names at every depth, so a field Webflow adds or drops is a ``SpecDriftError``
here instead of generated code that silently mis-reads the API.
"""

from __future__ import annotations

from .cleanup import clean
from .common import JSON, Schema, SpecDriftError

#: Upstream properties knowingly left out of a replacement: (place, property).
_UPSTREAM_EXTRAS = {
    # A bulk update answers the changed items; upstream also offers list paging there.
    ("PATCH /collections/{collection_id}/items 200 (form 2)", "pagination"),
}


class Reader:
    """Lookups into one upstream file (cleaned as they are read) and the hoisted schemas built from it."""

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
        schema: Schema = clean(self.op(path, method)["requestBody"]["content"][JSON]["schema"])
        return schema

    def response(self, path: str, method: str, status: str) -> Schema:
        schema: Schema = clean(self.op(path, method)["responses"][status]["content"][JSON]["schema"])
        return schema

    # -- the shape check ------------------------------------------------------

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
                "update generator/normalize/ for the new upstream shape"
            )
        for name, prop in up_props.items():
            if "properties" in prop or prop.get("type") == "array" or "oneOf" in prop:
                self.check_shape(f"{where}.{name}", prop, rep_props[name], request=request)
