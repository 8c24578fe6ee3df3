"""Cut the CMS parts out of Webflow's own OpenAPI file (``openapi/upstream/webflow-v2.yml``).

Webflow publishes one document for its whole Data API v2. The normalizer works on four
parts (items, collections and fields, sites, webhooks), each a document of the same form
as the file it was cut from: same ``openapi``, ``info``, ``servers``, ``security``, and
``components`` (security schemes only: Webflow's file repeats every schema inline), with the
paths of that part. A path is in a part by the rule below, never by a list copied from an
older file, so an operation Webflow adds under a CMS path arrives with the next regeneration
(and the normalizer says whether it can read it).
"""

from __future__ import annotations

import copy
import re
from typing import Any

Schema = dict[str, Any]

#: Part -> pattern of the paths it takes. SKU inventory (``/collections/{sku_collection_id}/...``)
#: is e-commerce, not CMS, and the other site operations (pages, scripts, forms...) are not used.
PARTS: dict[str, re.Pattern[str]] = {
    "items": re.compile(r"^/collections/\{collection_id\}/items(/.*)?$"),
    "collections": re.compile(r"^/sites/\{site_id\}/collections$|^/collections/\{collection_id\}(/fields(/.*)?)?$"),
    "sites": re.compile(r"^/sites(/\{site_id\}(/custom_domains|/publish)?)?$"),
    "webhooks": re.compile(r"^/sites/\{site_id\}/webhooks$|^/webhooks/\{webhook_id\}$"),
}

_HEAD = ("openapi", "info", "servers", "security", "tags")


class CutError(ValueError):
    """The whole-API document is not of the form this module reads."""


def cut_parts(doc: Schema) -> dict[str, Schema]:
    """The four part documents, deep copies of their places in ``doc``."""
    if not isinstance(doc.get("paths"), dict):
        raise CutError("the document has no 'paths' mapping")
    missing = [key for key in _HEAD if key not in doc]
    if missing:
        raise CutError(f"the document has no {', '.join(missing)}")
    parts: dict[str, Schema] = {}
    for part, pattern in PARTS.items():
        paths = {path: copy.deepcopy(item) for path, item in doc["paths"].items() if pattern.match(path)}
        if not paths:
            raise CutError(f"no path of the {part} part ({pattern.pattern})")
        head = {key: copy.deepcopy(doc[key]) for key in _HEAD}
        schemes = copy.deepcopy(doc.get("components", {}).get("securitySchemes", {}))
        parts[part] = {**head, "paths": paths, "components": {"securitySchemes": schemes}}
    return parts
