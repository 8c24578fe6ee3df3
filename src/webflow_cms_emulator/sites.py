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

    `previewUrl` (a screenshot URL in upstream's example, typed a non-null string) is left out: the
    emulated site has no screenshot, and the schema allows the key to be absent.
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
        "timeZone": "Etc/UTC",
        "createdOn": row["created_on"],
        "lastUpdated": row["last_updated"],
        "lastPublished": row["last_published"],
        "customDomains": [{"id": d["id"], "url": d["url"]} for d in domains_json(conn, site_id)],
        "locales": {"primary": locales[0], "secondary": locales[1:]},
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
