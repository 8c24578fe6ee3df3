"""Filling and publishing collections straight in the emulator's SQLite file (scenarios 4 and 8).

A million items through the API would take longer than the iterations being measured, so these
write the rows the emulator's own routes would store, in one transaction each. Seed a collection
before it is first listed: the emulator caches list totals until its own next write to it.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from typing import Any

from webflow_cms_emulator.ids import now_iso

from .emulator import Emulator, doc

_INSERT = "INSERT INTO staged_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def bulk_seed(emu: Emulator, collection_id: str, count: int, prefix: str = "seed") -> None:
    """Insert ``count`` staged draft items (``doc(prefix, n)``) into the emulator's SQLite file.

    The rows are in the primary locale. Their creation order numbers are negative, below any the
    running emulator hands out, so the seeded items list first and in order.
    """
    conn = sqlite3.connect(emu.db_path, timeout=60, isolation_level=None)
    try:
        row = conn.execute("SELECT cms_locale_id FROM locales WHERE site_id = ? AND is_primary = 1", (emu.site_id,))
        locale = row.fetchone()[0]
        lowest = conn.execute("SELECT MIN(seq) FROM staged_items").fetchone()[0]
        first = min(0, lowest or 0) - count
        conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: the indexes' pages stay in memory while they grow
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(_INSERT, _rows(collection_id, locale, first, count, prefix))
        conn.execute("COMMIT")
    finally:
        conn.close()


def _rows(collection_id: str, locale: str, first: int, count: int, prefix: str) -> Iterator[tuple[Any, ...]]:
    now = now_iso()
    encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    # Ids in ascending order, so the primary key's index grows at its end instead of everywhere at once.
    ids = sorted(secrets.token_hex(12) for _ in range(count))
    for n, item_id in enumerate(ids):
        data = doc(prefix, n)["fieldData"]
        name, slug = data["name"], data["slug"]
        yield (collection_id, item_id, locale, first + n, name, slug, encode(data), now, now, None, 0, 1)


def publish_all(emu: Emulator, collection_id: str) -> None:
    """Publish every staged item of a collection, as the emulator's publish route does."""
    conn = sqlite3.connect(emu.db_path, timeout=60, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE staged_items SET is_draft = 0, last_published = ? WHERE collection_id = ?",
            (now_iso(), collection_id),
        )
        conn.execute(
            "INSERT OR REPLACE INTO live_items SELECT * FROM staged_items WHERE collection_id = ?", (collection_id,)
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
