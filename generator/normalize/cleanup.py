"""The repairs every upstream schema gets, and the small builders and checks the parts use.

Webflow's files carry prose, vendor keys and constructs openapi-python-client rejects or mis-reads
(a list under ``items``, ``format: date-string``, ``nullable``, an open map written as a property
named ``additionalProperties``). Every part repairs them the same way, so the repairs live here once.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from .common import Schema, SpecDriftError

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


def clean(node: Any, *, names: bool = False) -> Any:
    """Drop prose and vendor keys and fix constructs the generator mis-reads.

    ``names`` marks a ``properties`` map, whose keys are field names (a field
    may well be called ``description``), not schema keywords.
    """
    if isinstance(node, list):
        return [clean(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: Schema = {}
    for key, value in node.items():
        if names:
            out[key] = clean(value)
            continue
        if key in _DROPPED_KEYS or key.startswith("x-"):
            continue
        out[key] = clean(value, names=key == "properties")
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


def open_maps(node: Any) -> Any:
    """Repair an open map written as a property named ``additionalProperties``.

    Upstream's field ``validations`` reads ``properties: {additionalProperties: ...}``,
    which declares one field literally called "additionalProperties"; it means a map.
    """
    if isinstance(node, list):
        return [open_maps(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {key: open_maps(value) for key, value in node.items()}
    if isinstance(out.get("properties"), dict) and set(out["properties"]) == {"additionalProperties"}:
        del out["properties"]
        out["additionalProperties"] = True
    return out


def without_read_only(schema: Schema) -> Schema:
    """A request-body view of a schema: read-only fields and defaults removed (top level only).

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


def request_view(schema: Schema) -> Schema:
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


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def array_of(name: str) -> Schema:
    return {"type": "array", "items": ref(name)}


def list_of(key: str, name: str) -> Schema:
    """An object whose one required property ``key`` is a list of the named schema."""
    return {"type": "object", "required": [key], "properties": {key: array_of(name)}}


def prop_names(schema: Schema) -> set[str]:
    return set(schema.get("properties", {}))


def expect_props(where: str, schema: Schema, expected: set[str]) -> None:
    """Fail with drift at ``where`` unless ``schema`` has exactly the ``expected`` property names."""
    found = prop_names(schema)
    if found != expected:
        raise SpecDriftError(
            f"{where}: expected properties {sorted(expected)}, found {sorted(found)}; "
            "update generator/normalize/ for the new upstream shape"
        )


def iter_operations(doc: Schema) -> Iterator[tuple[str, Schema]]:
    """``("GET /path", operation)`` for every operation of a document."""
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op
