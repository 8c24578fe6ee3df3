"""Staged and live item copies in SQLite: create, change, publish, unpublish, delete, list."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .bodies import ItemChange, ItemRef, NewItem
from .db import Database
from .errors import NEVER_PUBLISHED, ApiError, Detail, conflict, issue, item_not_found, validation_error
from .ids import new_id, now_iso
from .listing import COLUMNS, ListQuery, Pages

STAGED, LIVE = "staged_items", "live_items"
_INSERT = "INSERT INTO staged_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_COPY_TO_LIVE = (
    "INSERT OR REPLACE INTO live_items SELECT * FROM staged_items"
    " WHERE collection_id = ? AND item_id = ? AND locale = ?"
)
_DELETE_STAGED = "DELETE FROM staged_items WHERE collection_id = ? AND item_id = ? AND locale = ?"
_DELETE_LIVE = "DELETE FROM live_items WHERE collection_id = ? AND item_id = ? AND locale = ?"


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def item_json(row: Sequence[Any]) -> str:
    """One item as JSON text, splicing in the stored fieldData without re-parsing it."""
    item_id, locale, field_data, created, updated, published, archived, draft = (row[i] for i in range(8))
    published_text = "null" if published is None else f'"{published}"'
    return (
        f'{{"id":"{item_id}","cmsLocaleId":"{locale}","lastPublished":{published_text},'
        f'"lastUpdated":"{updated}","createdOn":"{created}","isArchived":{"true" if archived else "false"},'
        f'"isDraft":{"true" if draft else "false"},"fieldData":{field_data}}}'
    )


def echo_json(row: Sequence[Any]) -> str:
    """One created item the way upstream's `MultipleItems` create example shows it: no id, no dates."""
    archived, draft = ("true" if row[6] else "false"), ("true" if row[7] else "false")
    return f'{{"isArchived":{archived},"isDraft":{draft},"fieldData":{row[2]}}}'


def multi_locale_json(rows: list[tuple[Any, ...]]) -> str:
    """The variants of one item as a single object listing their `cmsLocaleIds`."""
    head, _, field_part = item_json(rows[0]).partition(',"fieldData":')
    locale_ids = _dumps([r[1] for r in rows])
    head = head.replace(f'"cmsLocaleId":"{rows[0][1]}"', f'"cmsLocaleIds":{locale_ids}')
    return f'{head},"fieldData":{field_part}'


class Items:
    """Item operations; each runs inside the caller's transaction."""

    def __init__(
        self, db: Database, *, not_found_code: str = "resource_not_found", duplicate_slug: str = "conflict"
    ) -> None:
        self.db = db
        self.not_found_code = not_found_code
        self.duplicate_slug = duplicate_slug
        self.pages = Pages()

    # reads

    def get(self, conn: sqlite3.Connection, table: str, collection_id: str, item_id: str, locale: str) -> str:
        row = conn.execute(
            f"SELECT {COLUMNS} FROM {table} WHERE collection_id = ? AND item_id = ? AND locale = ?",  # noqa: S608
            (collection_id, item_id, locale),
        ).fetchone()
        if row is None:
            raise item_not_found(item_id, "item_id", self.not_found_code)
        return item_json(row)

    def page(self, conn: sqlite3.Connection, table: str, collection_id: str, query: ListQuery) -> tuple[list[str], int]:
        """One page of items as JSON texts, and how many match in all (`listing.Pages`)."""
        rows, total = self.pages.page(conn, table, collection_id, query)
        return [item_json(r) for r in rows], total

    def touched(self, collection_id: str) -> None:
        """Note a write to the collection, so cached list totals are recounted."""
        self.pages.touched(collection_id)

    # writes

    def create(
        self, conn: sqlite3.Connection, collection_id: str, items: list[NewItem], *, live: bool
    ) -> list[tuple[Any, ...]]:
        """Insert new items (staged, and live too when `live`); returns one `item_json` row per variant."""
        self.touched(collection_id)
        if self.duplicate_slug == "suffix":
            items = self._suffix_taken_slugs(conn, collection_id, items)
        else:
            self._check_new_slugs(conn, collection_id, items)
        now = now_iso()
        rows, keys = [], []
        for item in items:
            item_id = item.item_id or new_id()
            draft = False if live else (item.is_draft if item.is_draft is not None else True)
            publish = live and not item.is_archived
            for locale, data in item.variants:
                rows.append(
                    (
                        collection_id,
                        item_id,
                        locale,
                        self.db.next_seq(),
                        data["name"],
                        data["slug"],
                        _dumps(data),
                        now,
                        now,
                        now if publish else None,
                        int(item.is_archived),
                        int(draft),
                    )
                )
                keys.append((collection_id, item_id, locale))
        conn.executemany(_INSERT, rows)
        if live:
            conn.executemany(_COPY_TO_LIVE, [k for k, r in zip(keys, rows, strict=True) if r[9] is not None])
        return [(r[1], r[2], r[6], r[7], r[8], r[9], r[10], r[11]) for r in rows]

    def check_new_variants(self, conn: sqlite3.Connection, collection_id: str, items: list[NewItem]) -> None:
        """400 unless each `item_id` names an item of the collection that lacks the variants to add
        (Create Items adds locale variants to an existing item "which must not have them yet")."""
        problems: list[Detail] = []
        for item in items:
            if item.item_id is None:
                continue
            rows = conn.execute(
                "SELECT locale FROM staged_items WHERE collection_id = ? AND item_id = ?", (collection_id, item.item_id)
            ).fetchall()
            if not rows:
                problems.append(issue(f"{item.path}.id", f"no item {item.item_id} in this collection"))
                continue
            held = {r[0] for r in rows}
            problems += [
                issue(item.path, f"item {item.item_id} already has a variant in locale {locale}")
                for locale, _ in item.variants
                if locale in held
            ]
        if problems:
            raise validation_error(problems)

    def update(
        self, conn: sqlite3.Connection, collection_id: str, changes: list[ItemChange], *, live: bool
    ) -> list[str]:
        """Apply changes to staged copies (and publish them when `live`); all or nothing."""
        self.touched(collection_id)
        current = self._fetch_staged(conn, collection_id, [(c.item_id, c.locale, c.path) for c in changes])
        if live and any(row["last_published"] is None for row in current.values()):
            # Upstream's 409 example on both live PATCH operations (details empty, as there).
            raise ApiError(409, "conflict", NEVER_PUBLISHED)
        merged = []
        for change in changes:
            row = current[(change.item_id, change.locale)]
            merged.append({**json.loads(row["field_data"]), **change.field_data})
        self._check_changed_slugs(conn, collection_id, changes, merged)
        now = now_iso()
        out = []
        for change, data in zip(changes, merged, strict=True):
            row = current[(change.item_id, change.locale)]
            archived = row["is_archived"] if change.is_archived is None else int(change.is_archived)
            draft = row["is_draft"] if change.is_draft is None else int(change.is_draft)
            published = row["last_published"]
            if live:
                draft = 0
                published = None if archived else now
                published = published or row["last_published"]
            values = (data["name"], data["slug"], _dumps(data), now, published, archived, draft)
            conn.execute(
                "UPDATE staged_items SET name = ?, slug = ?, field_data = ?, last_updated = ?, last_published = ?,"
                " is_archived = ?, is_draft = ? WHERE collection_id = ? AND item_id = ? AND locale = ?",
                (*values, collection_id, change.item_id, change.locale),
            )
            key: tuple[str, ...] = (collection_id, change.item_id, change.locale)
            # Archiving takes an item off the live site at the next site publish (Webflow's
            # publishing guide, "Archiving content"), so an archived item's live copy stays for now.
            if live and not archived:
                conn.execute(_COPY_TO_LIVE, key)
            out.append(item_json((change.item_id, change.locale, values[2], row["created_on"], now, *values[4:])))
        return out

    def delete(self, conn: sqlite3.Connection, collection_id: str, refs: list[ItemRef]) -> None:
        """Remove staged and live copies of the named variants; 404 if any is unknown."""
        self.touched(collection_id)
        keys = self._existing_keys(conn, collection_id, refs)
        conn.executemany(_DELETE_STAGED, keys)
        conn.executemany(_DELETE_LIVE, keys)

    def unpublish(self, conn: sqlite3.Connection, collection_id: str, refs: list[ItemRef]) -> None:
        """Remove live copies and mark the staged copies as drafts; 404 if any item is unknown."""
        self.touched(collection_id)
        keys = self._existing_keys(conn, collection_id, refs)
        conn.executemany(_DELETE_LIVE, keys)
        conn.executemany(
            "UPDATE staged_items SET is_draft = 1 WHERE collection_id = ? AND item_id = ? AND locale = ?", keys
        )

    def publish(self, conn: sqlite3.Connection, collection_id: str, refs: list[ItemRef]) -> tuple[list[str], list[str]]:
        """Copy staged to live where possible; returns (published ids, error strings)."""
        self.touched(collection_id)
        published: list[str] = []
        errors: list[str] = []
        now = now_iso()
        for ref in refs:
            ok = True
            for locale in ref.locales:
                row = conn.execute(
                    "SELECT is_archived FROM staged_items WHERE collection_id = ? AND item_id = ? AND locale = ?",
                    (collection_id, ref.item_id, locale),
                ).fetchone()
                if row is None:
                    errors.append(f"Item {ref.item_id} not found in locale {locale}")
                    ok = False
                elif row[0]:
                    errors.append(f"Item {ref.item_id} is archived and cannot be published")
                    ok = False
                else:
                    self._publish_variant(conn, (collection_id, ref.item_id, locale), now)
            if ok and ref.item_id not in published:
                published.append(ref.item_id)
        return published, errors

    def publish_site(self, conn: sqlite3.Connection, collection_ids: Iterable[str]) -> None:
        """A site publish: non-draft items go live, archived items leave the live site."""
        now = now_iso()
        for collection_id in collection_ids:
            self.touched(collection_id)
            conn.execute(
                "DELETE FROM live_items WHERE collection_id = ? AND (collection_id, item_id, locale) IN (SELECT"
                " collection_id, item_id, locale FROM staged_items WHERE collection_id = ? AND is_archived = 1)",
                (collection_id, collection_id),
            )
            keys = conn.execute(
                "SELECT collection_id, item_id, locale FROM staged_items"
                " WHERE collection_id = ? AND is_archived = 0 AND is_draft = 0",
                (collection_id,),
            ).fetchall()
            for key in keys:
                self._publish_variant(conn, tuple(key), now)

    # helpers

    def _publish_variant(self, conn: sqlite3.Connection, key: tuple[Any, ...], now: str) -> None:
        conn.execute(
            "UPDATE staged_items SET is_draft = 0, last_published = ?"
            " WHERE collection_id = ? AND item_id = ? AND locale = ?",
            (now, *key),
        )
        conn.execute(_COPY_TO_LIVE, key)

    def _fetch_staged(
        self, conn: sqlite3.Connection, collection_id: str, wanted: list[tuple[str, str, str]]
    ) -> dict[tuple[str, str], sqlite3.Row]:
        found: dict[tuple[str, str], sqlite3.Row] = {}
        for item_id, locale, path in wanted:
            row = conn.execute(
                "SELECT * FROM staged_items WHERE collection_id = ? AND item_id = ? AND locale = ?",
                (collection_id, item_id, locale),
            ).fetchone()
            if row is None:
                raise item_not_found(item_id, f"{path}.id" if path else "item_id", self.not_found_code)
            found[(item_id, locale)] = row
        return found

    def _existing_keys(
        self, conn: sqlite3.Connection, collection_id: str, refs: list[ItemRef]
    ) -> list[tuple[str, ...]]:
        wanted = [(r.item_id, loc, r.path) for r in refs for loc in r.locales]
        self._fetch_staged(conn, collection_id, wanted)
        return [(collection_id, item_id, locale) for item_id, locale, _ in wanted]

    def _taken(self, conn: sqlite3.Connection, collection_id: str, locale: str, slugs: list[str]) -> dict[str, str]:
        """slug -> item id of the staged items already using one of `slugs`."""
        if not slugs:
            return {}
        rows = conn.execute(
            "SELECT slug, item_id FROM staged_items WHERE collection_id = ? AND locale = ? AND slug IN"  # noqa: S608
            f" ({','.join('?' * len(slugs))})",
            (collection_id, locale, *slugs),
        )
        return {r[0]: r[1] for r in rows}

    def _check_new_slugs(self, conn: sqlite3.Connection, collection_id: str, items: list[NewItem]) -> None:
        by_locale: dict[str, list[tuple[str, str]]] = {}
        for item in items:
            for locale, data in item.variants:
                by_locale.setdefault(locale, []).append((data["slug"], item.path))
        problems: list[Detail] = []
        for locale, wanted in by_locale.items():
            taken = self._taken(conn, collection_id, locale, [s for s, _ in wanted])
            seen: set[str] = set()
            for slug, path in wanted:
                if slug in taken or slug in seen:
                    where = "in use by another item" if slug in taken else "used twice in this request"
                    problems.append(issue(_slug_path(path), f"slug {slug!r} is {where}"))
                seen.add(slug)
        if problems:
            raise conflict(problems)

    def _suffix_taken_slugs(self, conn: sqlite3.Connection, collection_id: str, items: list[NewItem]) -> list[NewItem]:
        """The `suffix` variant of a slug clash: the new item gets `slug-xxxxx` instead of a 409."""
        wanted: dict[str, list[str]] = {}
        for item in items:
            for locale, data in item.variants:
                wanted.setdefault(locale, []).append(data["slug"])
        seen = {
            (locale, slug)
            for locale, slugs in wanted.items()
            for slug in self._taken(conn, collection_id, locale, slugs)
        }
        out: list[NewItem] = []
        for item in items:
            variants = []
            for locale, data in item.variants:
                slug = data["slug"]
                if (locale, slug) in seen:
                    slug = f"{slug}-{secrets.token_hex(3)[:5]}"
                seen.add((locale, slug))
                variants.append((locale, {**data, "slug": slug}))
            out.append(NewItem(item.path, variants, item.is_draft, item.is_archived, item.item_id))
        return out

    def _check_changed_slugs(
        self, conn: sqlite3.Connection, collection_id: str, changes: list[ItemChange], merged: list[dict[str, Any]]
    ) -> None:
        problems: list[Detail] = []
        by_locale: dict[str, list[tuple[str, str, str]]] = {}
        for change, data in zip(changes, merged, strict=True):
            by_locale.setdefault(change.locale, []).append((data["slug"], change.item_id, change.path))
        for locale, wanted in by_locale.items():
            taken = self._taken(conn, collection_id, locale, [s for s, _, _ in wanted])
            seen: set[str] = set()
            for slug, item_id, path in wanted:
                owner = taken.get(slug)
                if (owner is not None and owner != item_id) or slug in seen:
                    problems.append(issue(_slug_path(path), f"slug {slug!r} is in use by another item"))
                seen.add(slug)
        if problems:
            raise conflict(problems)


def _slug_path(prefix: str) -> str:
    return f"{prefix}.fieldData.slug" if prefix else "fieldData.slug"
