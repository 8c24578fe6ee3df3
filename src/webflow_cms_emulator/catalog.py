"""Collections and their fields (with the schemas cached in memory), and the site checks they need."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from .db import Database
from .drafts import CollectionDraft, parse_collection
from .errors import ApiError, Detail, collection_not_found, issue, resource_not_found, validation_error
from .fields import BUILTIN_SLUGS, Field, parse_field
from .ids import is_object_id, new_id, now_iso


@dataclass(frozen=True)
class Locales:
    """The CMS locale ids of a site, primary first."""

    primary: str
    all: tuple[str, ...]


@dataclass(frozen=True)
class Collection:
    """A collection and its schema."""

    id: str
    site_id: str
    display_name: str
    singular_name: str
    slug: str
    created_on: str
    last_updated: str
    fields: tuple[Field, ...]

    def field_map(self) -> dict[str, Field]:
        return {f.slug: f for f in self.fields}

    def summary_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "displayName": self.display_name,
            "singularName": self.singular_name,
            "slug": self.slug,
            "createdOn": self.created_on,
            "lastUpdated": self.last_updated,
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.summary_json(), "fields": [f.to_json() for f in self.fields]}


class Catalog:
    """Reads and writes collections and fields; keeps schemas in memory."""

    def __init__(self, db: Database, *, not_found_code: str = "resource_not_found") -> None:
        self.db = db
        self.not_found_code = not_found_code
        self._collections: dict[str, Collection] = {}
        self._field_maps: dict[str, dict[str, Field]] = {}
        self._locales: dict[str, Locales] = {}

    # sites (existence) and locales

    def require_site(self, conn: sqlite3.Connection, site_id: str) -> None:
        if not is_object_id(site_id):
            raise validation_error([issue("site_id", "must be a 24-hex id")])
        if conn.execute("SELECT 1 FROM sites WHERE id = ?", (site_id,)).fetchone() is None:
            raise resource_not_found(f"Site {site_id} not found")

    def locales(self, conn: sqlite3.Connection, site_id: str) -> Locales:
        cached = self._locales.get(site_id)
        if cached is None:
            rows = conn.execute("SELECT cms_locale_id FROM locales WHERE site_id = ? ORDER BY position", (site_id,))
            ids = tuple(r[0] for r in rows)
            cached = self._locales[site_id] = Locales(ids[0], ids)
        return cached

    # collections

    def collection(self, conn: sqlite3.Connection, collection_id: str) -> Collection:
        """The collection, or 400 for a malformed id and 404 for an unknown one."""
        cached = self._collections.get(collection_id)
        if cached is not None:
            return cached
        if not is_object_id(collection_id):
            raise validation_error([issue("collection_id", "must be a 24-hex id")])
        row = conn.execute("SELECT * FROM collections WHERE id = ?", (collection_id,)).fetchone()
        if row is None:
            raise collection_not_found(
                collection_id,
                "collection_not_found" if self.not_found_code == "item_not_found" else "resource_not_found",
            )
        rows = conn.execute("SELECT * FROM fields WHERE collection_id = ? ORDER BY position", (collection_id,))
        fields = tuple(_field_from_row(r) for r in rows)
        found = Collection(
            row["id"],
            row["site_id"],
            row["display_name"],
            row["singular_name"],
            row["slug"],
            row["created_on"],
            row["last_updated"],
            fields,
        )
        self._collections[collection_id] = found
        self._field_maps[collection_id] = found.field_map()
        return found

    def field_map(self, conn: sqlite3.Connection, collection_id: str) -> dict[str, Field]:
        self.collection(conn, collection_id)
        return self._field_maps[collection_id]

    def list_collections(self, conn: sqlite3.Connection, site_id: str) -> list[dict[str, Any]]:
        self.require_site(conn, site_id)
        rows = conn.execute("SELECT id FROM collections WHERE site_id = ? ORDER BY position", (site_id,))
        return [self.collection(conn, r[0]).summary_json() for r in rows.fetchall()]

    def create_collection(self, conn: sqlite3.Connection, site_id: str, body: dict[str, Any]) -> Collection:
        """Upstream's create-collection: the body read as its request schema says."""
        self.require_site(conn, site_id)
        return self.insert_collection(conn, site_id, parse_collection(body))

    def insert_collection(self, conn: sqlite3.Connection, site_id: str, draft: CollectionDraft) -> Collection:
        """Store a checked draft: 409 `duplicate_collection` when the site has a collection with its slug."""
        self.require_site(conn, site_id)
        slug = draft.slug
        if conn.execute("SELECT 1 FROM collections WHERE site_id = ? AND slug = ?", (site_id, slug)).fetchone():
            raise ApiError(
                409, "duplicate_collection", f"A collection with slug {slug!r} exists", [issue("slug", "in use")]
            )
        collection_id, now = draft.id or new_id(), now_iso()
        position = conn.execute("SELECT COUNT(*) FROM collections").fetchone()[0]
        conn.execute(
            "INSERT INTO collections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (collection_id, site_id, draft.display_name, draft.singular_name, slug, now, now, position),
        )
        used: set[str] = set()
        for offset, spec in enumerate(draft.fields):
            taken = spec.id in used or conn.execute("SELECT 1 FROM fields WHERE id = ?", (spec.id,)).fetchone()
            stored = replace(spec, id=new_id()) if taken else spec
            used.add(stored.id)
            _insert_field(conn, collection_id, stored, offset)
        return self.collection(conn, collection_id)

    def add_field(self, conn: sqlite3.Connection, collection_id: str, body: dict[str, Any]) -> Field:
        current = self.collection(conn, collection_id)
        spec, problems = parse_field(body, "", {f.slug for f in current.fields}, strict=True)
        if spec is None:
            conflicts = [p for p in problems if p["description"] == "is already a field of this collection"]
            if conflicts:
                raise ApiError(409, "conflict", "A field with this slug exists", [*conflicts])
            raise validation_error(list(problems))
        # After the end, not at len(fields): a deleted field leaves a gap in the positions.
        last = conn.execute("SELECT MAX(position) FROM fields WHERE collection_id = ?", (collection_id,)).fetchone()[0]
        _insert_field(conn, collection_id, spec, -1 if last is None else last + 1)
        self._touch(conn, collection_id)
        return spec

    def delete_collection(self, conn: sqlite3.Connection, collection_id: str) -> None:
        """Remove the collection with its fields and every item, staged and live ("Remove a collection
        and all of its items", reference `cms-api-overview.md`; upstream delete-collection answers 204)."""
        self.collection(conn, collection_id)  # 400 for a malformed id, 404 for an unknown one
        for table in ("staged_items", "live_items", "fields"):
            conn.execute(f"DELETE FROM {table} WHERE collection_id = ?", (collection_id,))  # noqa: S608
        conn.execute("DELETE FROM collections WHERE id = ?", (collection_id,))
        self.forget(collection_id)

    def update_field(self, conn: sqlite3.Connection, collection_id: str, field_id: str, body: object) -> Field:
        """Change `isRequired`, `displayName` and/or `helpText`, the keys of upstream's update-field body.

        Other keys are ignored, as the item bodies' unknown keys are (whether Webflow refuses them is
        unknown); an empty object changes nothing and answers the field as it is (upstream's body
        schema requires no key)."""
        found = self._custom_field(conn, collection_id, field_id)
        if not isinstance(body, dict):
            raise validation_error([issue("body", "must be an object")])
        problems: list[Detail] = []
        required = body.get("isRequired", found.is_required)
        if not isinstance(required, bool):
            problems.append(issue("isRequired", "must be true or false"))
        display = body.get("displayName", found.display_name)
        if not isinstance(display, str) or not display.strip():
            problems.append(issue("displayName", "must be a non-empty string"))
        help_text = body.get("helpText", found.help_text)
        if help_text is not None and not isinstance(help_text, str):
            problems.append(issue("helpText", "must be a string"))
        if problems:
            raise validation_error(problems)
        changed = replace(found, is_required=required, display_name=display, help_text=help_text)
        if changed != found:
            conn.execute(
                "UPDATE fields SET is_required = ?, display_name = ?, help_text = ? WHERE id = ?",
                (int(changed.is_required), changed.display_name, changed.help_text, found.id),
            )
            self._touch(conn, collection_id)
        return changed

    def delete_field(self, conn: sqlite3.Connection, collection_id: str, field_id: str) -> None:
        """Remove a custom field and its values from every item, staged and live (reference
        `cms-api-overview.md`: a field's id manages "its details and item data"). Whether Webflow's
        live copies keep the value until the next publish is unknown; the emulator drops it at once."""
        found = self._custom_field(conn, collection_id, field_id)
        conn.execute("DELETE FROM fields WHERE id = ?", (found.id,))
        path = f'$."{found.slug}"'  # slugs are lowercase letters, digits and hyphens: safe in a JSON path
        for table in ("staged_items", "live_items"):
            conn.execute(
                f"UPDATE {table} SET field_data = json_remove(field_data, ?) WHERE collection_id = ?",  # noqa: S608
                (path, collection_id),
            )
        self._touch(conn, collection_id)

    def _custom_field(self, conn: sqlite3.Connection, collection_id: str, field_id: str) -> Field:
        """The custom field named by the path: 400 for a malformed id, 404 for an unknown one.

        Upstream describes update-field and delete-field as acting on "a custom field"; the built-in
        `name` and `slug` fields are refused with 400 `validation_error` (Webflow's answer is unknown)."""
        current = self.collection(conn, collection_id)
        if not is_object_id(field_id):
            raise validation_error([issue("field_id", "must be a 24-hex id")])
        found = next((f for f in current.fields if f.id == field_id), None)
        if found is None:
            # Upstream's 404 example: `resource_not_found`, "Requested resource not found: ...", no details.
            raise resource_not_found(f"Requested resource not found: Field {field_id} not found")
        if found.slug in BUILTIN_SLUGS:
            raise validation_error(
                [issue("field_id", f"is the built-in {found.slug!r} field; only custom fields change")]
            )
        return found

    def _touch(self, conn: sqlite3.Connection, collection_id: str) -> None:
        conn.execute("UPDATE collections SET last_updated = ? WHERE id = ?", (now_iso(), collection_id))
        self.forget(collection_id)

    def forget_site(self, site_id: str) -> None:
        """Drop a site's cached locales (after the site is deleted)."""
        self._locales.pop(site_id, None)

    def forget(self, collection_id: str) -> None:
        """Drop a cached schema (after a change, or a rolled-back transaction)."""
        self._collections.pop(collection_id, None)
        self._field_maps.pop(collection_id, None)


def _field_from_row(row: sqlite3.Row) -> Field:
    validations = json.loads(row["validations"]) if row["validations"] else None
    return Field(
        row["id"],
        row["slug"],
        row["display_name"],
        row["type"],
        bool(row["is_required"]),
        bool(row["is_editable"]),
        row["help_text"],
        validations,
    )


def _insert_field(conn: sqlite3.Connection, collection_id: str, spec: Field, position: int) -> None:
    conn.execute(
        "INSERT INTO fields VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            spec.id,
            collection_id,
            spec.slug,
            spec.display_name,
            spec.type,
            int(spec.is_required),
            int(spec.is_editable),
            spec.help_text,
            json.dumps(spec.validations) if spec.validations is not None else None,
            position,
        ),
    )
