"""Sites, their custom domains, and what a site publish targets and does."""

from __future__ import annotations

import math
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from .errors import ApiError, Detail, issue, resource_not_found, validation_error
from .ids import is_object_id, now_iso
from .items import Items


def site_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM sites ORDER BY created_on")]


def site_json(conn: sqlite3.Connection, site_id: str) -> dict[str, Any]:
    """A site as upstream's get-site example shows one: locales, and custom domains as `{id, url}`.

    Every key of upstream's Site schema (`openapi/upstream/webflow-v2.yml`, get-site, list-sites,
    update-site) is there. `previewUrl` is a string URL in the schema and in every example (a
    screenshot); the emulated site has none, so it names one on an RFC 2606 host. `parentFolderId` is
    null for a site in no folder, as in list-sites' examples, until update-site sets one.
    `dataCollectionEnabled: true` and `dataCollectionType: "always"` are the values of every example.
    """
    row = conn.execute("SELECT * FROM sites WHERE id = ?", (site_id,)).fetchone()
    if row is None:
        raise resource_not_found(f"Site {site_id} not found")
    locales = [
        _locale_json(r) for r in conn.execute("SELECT * FROM locales WHERE site_id = ? ORDER BY position", (site_id,))
    ]
    return {
        "id": row["id"],
        "workspaceId": row["workspace_id"],
        "displayName": row["display_name"],
        "shortName": row["short_name"],
        "previewUrl": f"https://screenshots.example.com/sites/{row['id']}/preview.png",
        "timeZone": "Etc/UTC",
        "createdOn": row["created_on"],
        "lastUpdated": row["last_updated"],
        "lastPublished": row["last_published"],
        "parentFolderId": row["parent_folder_id"],
        "customDomains": [{"id": d["id"], "url": d["url"]} for d in domains_json(conn, site_id)],
        "locales": {"primary": locales[0], "secondary": locales[1:]},
        "dataCollectionEnabled": True,
        "dataCollectionType": "always",
    }


def _locale_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "cmsLocaleId": row["cms_locale_id"],
        "enabled": True,
        "displayName": row["display_name"],
        "displayImageId": None,
        "redirect": True,
        "subdirectory": row["subdirectory"],
        "tag": row["tag"],
    }


def domains_json(conn: sqlite3.Connection, site_id: str) -> list[dict[str, Any]]:
    """The site's custom domains as upstream's get-custom-domains example: `{id, url, lastPublished}`."""
    rows = conn.execute(
        "SELECT id, url, last_published FROM custom_domains WHERE site_id = ? ORDER BY position", (site_id,)
    )
    return [{"id": r["id"], "url": r["url"], "lastPublished": r["last_published"]} for r in rows]


def require_known_site(conn: sqlite3.Connection, site_id: str) -> None:
    """404 for an unknown site, malformed ids included: upstream's get-custom-domains declares no 400."""
    known = is_object_id(site_id) and conn.execute("SELECT 1 FROM sites WHERE id = ?", (site_id,)).fetchone()
    if not known:
        raise resource_not_found(f"Requested resource not found: Site {site_id} not found")


#: Upstream's 404 example of update-site and delete-site, word for word.
_SITE_GONE = "Requested resource not found: The site cannot be found"


def _require_site_by_id(conn: sqlite3.Connection, site_id: str) -> None:
    """400 for a malformed id (upstream's `format: objectid`), 404 as upstream's example for an unknown one."""
    if not is_object_id(site_id):
        raise validation_error([issue("site_id", "must be a 24-hex id")])
    if conn.execute("SELECT 1 FROM sites WHERE id = ?", (site_id,)).fetchone() is None:
        raise resource_not_found(_SITE_GONE)


def update_site(conn: sqlite3.Connection, site_id: str, body: object) -> dict[str, Any]:
    """Upstream's update-site: `name` (the site's `displayName`) and/or `parentFolderId` (a folder id,
    or null for none); 200 with the site. Other keys are ignored, as update-field's are; an empty body
    changes nothing. Whether the short name follows a new name is unknown: it stays."""
    _require_site_by_id(conn, site_id)
    if not isinstance(body, dict):
        raise validation_error([issue("body", "must be an object")])
    problems: list[Detail] = []
    name = body.get("name")
    if "name" in body and (not isinstance(name, str) or not name.strip()):
        problems.append(issue("name", "must be a non-empty string"))
    folder = body.get("parentFolderId")
    if folder is not None and not is_object_id(folder):
        problems.append(issue("parentFolderId", "must be the 24-hex id of a folder, or null"))
    if problems:
        raise validation_error(problems)
    row = conn.execute("SELECT display_name, parent_folder_id FROM sites WHERE id = ?", (site_id,)).fetchone()
    changed = (name if "name" in body else row[0], folder if "parentFolderId" in body else row[1])
    if changed != (row[0], row[1]):
        conn.execute(
            "UPDATE sites SET display_name = ?, parent_folder_id = ?, last_updated = ? WHERE id = ?",
            (*changed, now_iso(), site_id),
        )
    return site_json(conn, site_id)


def delete_site(conn: sqlite3.Connection, items: Items, site_id: str) -> list[str]:
    """Upstream's delete-site: the site goes with its locales, domains, webhooks, collections and
    their items (204). Returns the ids of the collections removed, for the caller's caches."""
    _require_site_by_id(conn, site_id)
    collection_ids = [r[0] for r in conn.execute("SELECT id FROM collections WHERE site_id = ?", (site_id,))]
    for collection_id in collection_ids:
        items.touched(collection_id)
        for table in ("staged_items", "live_items", "fields"):
            conn.execute(f"DELETE FROM {table} WHERE collection_id = ?", (collection_id,))  # noqa: S608
    for table, column in (("collections", "site_id"), ("custom_domains", "site_id"), ("webhooks", "site_id")):
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (site_id,))  # noqa: S608
    conn.execute("DELETE FROM locales WHERE site_id = ?", (site_id,))
    conn.execute("DELETE FROM sites WHERE id = ?", (site_id,))
    return collection_ids


@dataclass(frozen=True)
class PublishTargets:
    """Where a site publish goes: custom domain ids (in the order sent, once each) and/or the webflow.io subdomain."""

    domain_ids: tuple[str, ...]
    subdomain: bool


def parse_publish(body: object) -> PublishTargets:
    """Read upstream's SitePublish body: `customDomains` (ids) and `publishToWebflowSubdomain` (default false).

    Wrong types are 400 `validation_error` (upstream's schema). No target at all, `{}` included (the
    schema's `minProperties: 1`), is 400 `no_domains` with upstream's message for that case.
    """
    if not isinstance(body, dict):
        raise validation_error([issue("body", "must be an object")])
    problems: list[Detail] = []
    raw_domains = body.get("customDomains", [])
    if not isinstance(raw_domains, list):
        problems.append(issue("customDomains", "must be a list of custom domain ids"))
        raw_domains = []
    problems += [
        issue(f"customDomains[{i}]", "must be a string") for i, d in enumerate(raw_domains) if not isinstance(d, str)
    ]
    subdomain = body.get("publishToWebflowSubdomain", False)
    if not isinstance(subdomain, bool):
        problems.append(issue("publishToWebflowSubdomain", "must be true or false"))
    if problems:
        raise validation_error(problems)
    if not raw_domains and not subdomain:
        raise ApiError(400, "no_domains", "No domain IDs provided")
    return PublishTargets(tuple(dict.fromkeys(raw_domains)), subdomain)


def publish_site(
    conn: sqlite3.Connection, items: Items, site_id: str, targets: PublishTargets, interval: float
) -> dict[str, Any]:
    """Publish every collection of the site to the targets; the 202 body upstream's schema describes.

    Unknown domain ids are 400 `invalid_domain` (upstream's example, word for word, `details` empty
    as there). They are checked before the publish interval (429) because upstream limits
    "successful" publishes; which of the two Webflow answers when both apply is unknown.
    """
    known = {d["id"]: d for d in domains_json(conn, site_id)}
    unknown = [d for d in targets.domain_ids if d not in known]
    if unknown:
        raise ApiError(400, "invalid_domain", "Please send a valid custom domain ID")
    last = conn.execute("SELECT last_publish_clock FROM sites WHERE id = ?", (site_id,)).fetchone()[0]
    now = time.time()
    if last is not None and now - last < interval:
        # Upstream: "one successful publish queue per minute"; the interval is an emulator option.
        raise ApiError(
            429,
            "too_many_requests",
            f"A site can be published at most once every {interval:g} seconds",
            headers={"Retry-After": str(max(1, math.ceil(interval - (now - last))))},
        )
    collection_ids = [r[0] for r in conn.execute("SELECT id FROM collections WHERE site_id = ?", (site_id,))]
    items.publish_site(conn, collection_ids)
    stamp = now_iso()
    conn.execute("UPDATE sites SET last_published = ?, last_publish_clock = ? WHERE id = ?", (stamp, now, site_id))
    conn.executemany(
        "UPDATE custom_domains SET last_published = ? WHERE id = ?", [(stamp, d) for d in targets.domain_ids]
    )
    published = [{**known[d], "lastPublished": stamp} for d in targets.domain_ids]
    return {"customDomains": published, "publishToWebflowSubdomain": targets.subdomain}
