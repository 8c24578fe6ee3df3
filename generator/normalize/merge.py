"""The four normalized parts as one document: one client, one model namespace.

``normalize_all`` normalizes the items part first, hands its shared shapes (the error body, the 429
headers, ``Pagination``) to the other three, and ``merge_parts`` joins the results. Two parts that
disagree (a schema name defined differently, another server or licence, one path claimed twice) is
drift, and every ``SpecDriftError`` leaves here naming the upstream file it concerns.
"""

from __future__ import annotations

import copy

from .cleanup import ref
from .collections_fields import CollectionsPart
from .common import DESCRIPTIONS, ERROR_RESPONSES, JSON, MORE_ERROR_RESPONSES, Schema, SpecDriftError, load
from .items import normalize
from .part import Part
from .sites_webhooks import SitesPart, WebhooksPart

#: The upstream file of each part, under ``openapi/upstream/older/``, in merge order.
UPSTREAM_FILES = {
    "items": "webflow-items-openapi.upstream.yml",
    "collections": "webflow-collections-openapi.upstream.yml",
    "sites": "webflow-sites-openapi.upstream.yml",
    "webhooks": "webflow-webhooks-openapi.upstream.yml",
}

#: Schemas the other parts take from the items part instead of defining their own.
SHARED_SCHEMAS = ("Error", "ErrorCode", "Pagination")

_PARTS: dict[str, type[Part]] = {"collections": CollectionsPart, "sites": SitesPart, "webhooks": WebhooksPart}


def merge_parts(docs: dict[str, Schema], texts: Schema) -> Schema:
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
        response: Schema = {"description": texts["responses"][name], "content": {JSON: {"schema": ref("Error")}}}
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
        return merge_parts(docs, descriptions)
    except SpecDriftError as exc:
        exc.source = exc.source or "the merged document"
        raise
