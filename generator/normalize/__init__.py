"""Turn Webflow's upstream specs into the clean document the generator reads.

The upstream files repeat every schema inline (the error body alone appears
about a hundred times), use constructs openapi-python-client rejects or
mis-reads, and carry Webflow's prose. This pass:

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

One module per job:

* ``common``: the document type, ``SpecDriftError``, the fixed tables, YAML load and dump;
* ``cleanup``: the repairs every upstream schema gets, small builders (``ref``) and checks;
* ``reader``: lookups into one upstream file and the shape check every part relies on;
* ``items_schemas`` and ``items``: the items file (openapi/webflow-cms-items.yaml);
* ``part``, ``collections_fields``, ``sites_webhooks``: the CMS around items, each file
  checked against the shapes it shares with the items file;
* ``merge``: ``normalize_all``, the four parts as one document (openapi/webflow-cms.yaml);
* ``cli`` (and ``__main__``): ``python generator/normalize UPSTREAM.yml OUTPUT.yaml``, items only.

generator/generate.py imports this package as ``normalize`` (generator/ on the path); the names
below are what it and the tests use.
"""

from __future__ import annotations

from .cli import main
from .collections_fields import COLLECTION, COLLECTIONS, FIELD, FIELDS
from .common import (
    ALL_SOURCES,
    DESCRIPTIONS,
    ERROR_RESPONSES,
    JSON,
    MORE_ERROR_RESPONSES,
    Schema,
    SpecDriftError,
    dump,
    load,
)
from .items import normalize
from .items_schemas import BULK, DATE_FILTERS, FIELD_QUERY, INSERT, ITEM, ITEM_LIVE, ITEMS, LIVE, PUBLISH
from .merge import SHARED_SCHEMAS, UPSTREAM_FILES, merge_parts, normalize_all
from .sites_webhooks import CUSTOM_DOMAINS, SITE, SITE_PUBLISH, SITES, WEBHOOK, WEBHOOKS

__all__ = [
    "ALL_SOURCES",
    "BULK",
    "COLLECTION",
    "COLLECTIONS",
    "CUSTOM_DOMAINS",
    "DATE_FILTERS",
    "DESCRIPTIONS",
    "ERROR_RESPONSES",
    "FIELD",
    "FIELDS",
    "FIELD_QUERY",
    "INSERT",
    "ITEM",
    "ITEMS",
    "ITEM_LIVE",
    "JSON",
    "LIVE",
    "MORE_ERROR_RESPONSES",
    "PUBLISH",
    "SHARED_SCHEMAS",
    "SITE",
    "SITES",
    "SITE_PUBLISH",
    "UPSTREAM_FILES",
    "WEBHOOK",
    "WEBHOOKS",
    "Schema",
    "SpecDriftError",
    "dump",
    "load",
    "main",
    "merge_parts",
    "normalize",
    "normalize_all",
]
