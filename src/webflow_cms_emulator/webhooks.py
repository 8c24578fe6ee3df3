"""Webhook registrations of a site: checked, stored in SQLite, rendered (upstream webhooks spec).

The emulator stores registrations only; it never calls their URLs.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import urlsplit

from .errors import ApiError, Detail, bad_request, issue, resource_not_found, validation_error
from .ids import is_object_id, new_id, now_iso

#: Upstream's `triggerType` enum, in its order.
TRIGGER_TYPES = (
    "form_submission",
    "site_publish",
    "page_created",
    "page_metadata_updated",
    "page_deleted",
    "ecomm_new_order",
    "ecomm_order_changed",
    "ecomm_inventory_changed",
    "collection_item_created",
    "collection_item_changed",
    "collection_item_deleted",
    "collection_item_published",
    "collection_item_unpublished",
    "comment_created",
)
#: Upstream's create-webhook: "Limit of 75 registrations per `triggerType`, per site."
MAX_PER_TRIGGER = 75
_COLUMNS = "w.id, w.trigger_type, w.url, s.workspace_id, w.site_id, w.filter, w.created_on"


def webhook_json(row: sqlite3.Row) -> dict[str, Any]:
    """A registration in upstream's Webhook shape, every key of the schema included.

    `lastTriggered` is null: the emulator never calls a webhook, so none has been triggered. Upstream's
    schema types it a date-time and its examples all show one; the official SDK's `Webhook` type
    (webflow 2.0.0, `last_triggered: Optional[datetime]`) reads null, so that is the answer used."""
    return {
        "id": row["id"],
        "triggerType": row["trigger_type"],
        "url": row["url"],
        "workspaceId": row["workspace_id"],
        "siteId": row["site_id"],
        "filter": json.loads(row["filter"]) if row["filter"] is not None else None,
        "createdOn": row["created_on"],
        "lastTriggered": None,
    }


def _check_url(value: object) -> str | None:
    """Upstream types `url` a string, "URL to send the Webhook payload to"; the reference
    (`webflow-api-for-agents.md`, Webhooks) says Webflow POSTs to "an HTTPS endpoint"."""
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return "must be an absolute https:// URL"
    parts = urlsplit(value)
    return None if parts.scheme == "https" and parts.hostname else "must be an absolute https:// URL"


def _check_filter(value: object, problems: list[Detail]) -> dict[str, Any] | None:
    """`filter` is an object whose `name` is a string (upstream schema); null means none."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(issue("filter", "must be an object or null"))
        return None
    if "name" in value and not isinstance(value["name"], str):
        problems.append(issue("filter.name", "must be a string"))
    return value


def parse_new_webhook(body: object) -> tuple[str, str, dict[str, Any] | None]:
    """(triggerType, url, filter) of a create-webhook body, or 400.

    A missing or unknown `triggerType`, a bad `url` or `filter`: 400 `validation_error` naming each
    (upstream's schema; its error-code enum also lists `unsupported_webhook_trigger_type`, but no
    upstream example says when Webflow uses it). A filter on any trigger but `form_submission`: 400
    `incompatible_webhook_filter` (upstream: the filter is "only supported for the `form_submission`
    trigger type"; the code is in its enum).
    """
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object")
    problems: list[Detail] = []
    trigger = body.get("triggerType")
    if trigger not in TRIGGER_TYPES:
        problems.append(issue("triggerType", "must be one of " + ", ".join(TRIGGER_TYPES)))
    url_problem = _check_url(body.get("url"))
    if url_problem is not None:
        problems.append(issue("url", url_problem))
    found = _check_filter(body.get("filter"), problems)
    if problems:
        raise validation_error(problems)
    assert isinstance(trigger, str)
    if found is not None and trigger != "form_submission":
        message = "A filter is only supported for the form_submission trigger type"
        raise ApiError(
            400, "incompatible_webhook_filter", message, [issue("filter", "remove it, or use form_submission")]
        )
    return trigger, str(body["url"]), found


def create(conn: sqlite3.Connection, site_id: str, body: object) -> dict[str, Any]:
    """Register a webhook on the site (which the caller has checked exists)."""
    trigger, url, found = parse_new_webhook(body)
    count = conn.execute(
        "SELECT COUNT(*) FROM webhooks WHERE site_id = ? AND trigger_type = ?", (site_id, trigger)
    ).fetchone()[0]
    if count >= MAX_PER_TRIGGER:
        # Upstream states the limit but not the answer past it: 400 (the only client error it declares).
        message = f"A site can have at most {MAX_PER_TRIGGER} webhooks per triggerType"
        raise validation_error([issue("triggerType", f"already has {count} webhooks on this site")], message)
    webhook_id = new_id()
    seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM webhooks").fetchone()[0]
    conn.execute(
        "INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, ?)",
        (webhook_id, site_id, trigger, url, json.dumps(found) if found is not None else None, now_iso(), seq),
    )
    return get(conn, webhook_id)


def page(conn: sqlite3.Connection, site_id: str, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """One page of the site's webhooks, oldest first, and how many there are in all."""
    total = conn.execute("SELECT COUNT(*) FROM webhooks WHERE site_id = ?", (site_id,)).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM webhooks w JOIN sites s ON s.id = w.site_id"  # noqa: S608 - constant columns
        " WHERE w.site_id = ? ORDER BY w.seq LIMIT ? OFFSET ?",
        (site_id, limit, offset),
    )
    return [webhook_json(r) for r in rows], int(total)


def get(conn: sqlite3.Connection, webhook_id: str) -> dict[str, Any]:
    """The webhook, or 400 for a malformed id and 404 (upstream's `resource_not_found` shape) for an unknown one."""
    if not is_object_id(webhook_id):
        raise validation_error([issue("webhook_id", "must be a 24-hex id")])
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM webhooks w JOIN sites s ON s.id = w.site_id WHERE w.id = ?",  # noqa: S608
        (webhook_id,),
    ).fetchone()
    if row is None:
        raise resource_not_found(f"Requested resource not found: Webhook {webhook_id} not found")
    return webhook_json(row)


def delete(conn: sqlite3.Connection, webhook_id: str) -> None:
    get(conn, webhook_id)
    conn.execute("DELETE FROM webhooks WHERE id = ?", (webhook_id,))
