"""What the server tells an agent: its instructions, and each tool's description.

Kept apart from the code so they can be read (and reviewed) as text: an agent decides
which tool to call, and with what, from these sentences alone.
"""

from __future__ import annotations

__all__ = ["DESCRIPTIONS", "INSTRUCTIONS"]

INSTRUCTIONS = """\
Webflow CMS through the webflow-cms SDK. Find ids with list_sites, then list_collections, then
get_collection (or read the resource webflow://collections/{id}/schema) to learn a collection's
fields: their slugs, types, which are required, and the names of Option values.

Items are objects of field values keyed by field slug: {"name": ..., "slug": ..., "price": 9.5,
"size": "XL"}. Every write is checked against the schema before anything is sent; an item that
does not fit fails on its own with a message naming the item (its index), the field and the fix.

Write tools take any number of items (the server sends 100 a request, keeps to Webflow's rate
limit and never creates an item twice on a retry) and answer one result per input, in input
order: created, updated, unchanged, published, unpublished, deleted, failed (with the reason) or
unknown (the request was cut off: read the item back before sending it again). Writes change the
staged copies unless live is true. dry_run: true checks and says what would happen (would-...
statuses) without writing. delete_items and unpublish_items act only with confirm: true; without
it they list what would be removed.

Reads answer items and next_cursor: pass next_cursor back as cursor for the next page (null: the
last page). Use fields to keep answers small."""

_WRITE_ANSWER = (
    " Answers {results: [{index, status, id, slug, error}], counts, dry_run}: one result per input, in input order."
)

DESCRIPTIONS = {
    "list_sites": "List the Webflow sites the API token reaches: id, name, short name and CMS locale ids.",
    "list_collections": (
        "List the CMS collections of one site (site_id), or of every site the token reaches: id, display name,"
        " singular name, slug and site id. Use get_collection for a collection's fields."
    ),
    "get_collection": (
        "Read one collection's schema: every field with its slug (the key in an item's fields), type, whether it"
        " is required, an Option field's option names, a Reference field's target collection, and what a value"
        " looks like. Read it before writing items."
    ),
    "list_items": (
        "List a collection's items, a page at a time (up to 100), staged by default or live: true for the"
        " published copies. Filter by name, slug, cms_locale_id, created/updated/last_published dates, or field"
        " values with where (Option values by name); sort with sort_by/sort_order or sort. fields keeps only the"
        " named field slugs. Answers {items, next_cursor, total}: pass next_cursor back as cursor (with the same"
        " collection_id; the query may be left out) for the next page; it is null on the last page."
    ),
    "get_item": (
        "Read one item by id (staged, or live: true for the published copy). Answers {items: [item],"
        " next_cursor: null}; Option values by name."
    ),
    "create_items": (
        "Create items in a collection, any number: staged (drafts waiting to be published) unless live: true."
        " Each item needs name, slug and every required field. Checked against the schema first; a retry never"
        " creates an item twice. Statuses: created, failed, unknown; with dry_run: would-create or failed."
        + _WRITE_ANSWER
    ),
    "update_items": (
        'Change existing items, any number: each input is {"id": ..., <field slug>: <new value>, ...}; fields not'
        " named keep their values. Staged unless live: true (then the live copy changes too). Statuses: updated,"
        " failed, unknown; with dry_run: would-update or failed." + _WRITE_ANSWER
    ),
    "upsert_items": (
        "Create or update items matched on a key field (default slug): an input whose key matches an item updates"
        " it if a value differs and leaves it alone if not; the others are created. Running it twice changes"
        " nothing the second time (all unchanged). live: true leaves every item it touched published. Statuses:"
        " created, updated, unchanged, published, failed, unknown; with dry_run: would-create, would-update,"
        " would-leave-unchanged, would-publish." + _WRITE_ANSWER
    ),
    "publish_items": (
        "Publish the staged copies of items by id, any number, so they go live. Statuses: published, failed,"
        " unknown; with dry_run: would-publish or failed (no such item)." + _WRITE_ANSWER
    ),
    "unpublish_items": (
        "Take items off the live site by id (their staged copies stay, as drafts). Acts only with confirm: true;"
        " without it (or with dry_run) it answers would-unpublish for each live item and writes nothing."
        " Statuses: unpublished, failed, unknown." + _WRITE_ANSWER
    ),
    "delete_items": (
        "Delete items by id, staged and live; this cannot be undone. Acts only with confirm: true; without it"
        " (or with dry_run) it answers would-delete with each item's slug and writes nothing. Statuses: deleted,"
        " failed, unknown." + _WRITE_ANSWER
    ),
    "publish_site": (
        "Publish a whole site: every staged change goes live, on its webflow.io subdomain (default) and/or the"
        " custom domains named. Webflow allows one publish of a site a minute: a second call within the minute"
        " waits for its turn rather than failing (the answer's seconds says how long the call took)." + _WRITE_ANSWER
    ),
}
