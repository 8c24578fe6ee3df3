"""SQLite storage: schema, the one connection, and per-request transactions."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .ids import format_time, new_id, now_iso, parse_time

_ITEM_COLUMNS = """
    collection_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    field_data TEXT NOT NULL,
    created_on TEXT NOT NULL,
    last_updated TEXT NOT NULL,
    last_published TEXT,
    is_archived INTEGER NOT NULL,
    is_draft INTEGER NOT NULL,
    PRIMARY KEY (collection_id, item_id, locale)
"""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sites (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    created_on TEXT NOT NULL,
    last_updated TEXT NOT NULL,
    last_published TEXT,
    last_publish_clock REAL,
    parent_folder_id TEXT
);
CREATE TABLE IF NOT EXISTS locales (
    cms_locale_id TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    site_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    tag TEXT NOT NULL,
    subdirectory TEXT NOT NULL,
    is_primary INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS collections (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    singular_name TEXT NOT NULL,
    slug TEXT NOT NULL,
    created_on TEXT NOT NULL,
    last_updated TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS collections_by_slug ON collections (site_id, slug);
CREATE TABLE IF NOT EXISTS fields (
    id TEXT PRIMARY KEY,
    collection_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    display_name TEXT NOT NULL,
    type TEXT NOT NULL,
    is_required INTEGER NOT NULL,
    is_editable INTEGER NOT NULL,
    help_text TEXT,
    validations TEXT,
    position INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS fields_by_slug ON fields (collection_id, slug);
CREATE TABLE IF NOT EXISTS custom_domains (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    url TEXT NOT NULL,
    last_published TEXT,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL,
    trigger_type TEXT NOT NULL,
    url TEXT NOT NULL,
    filter TEXT,
    created_on TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_by_site ON webhooks (site_id, trigger_type);
CREATE TABLE IF NOT EXISTS staged_items ({_ITEM_COLUMNS});
CREATE INDEX IF NOT EXISTS staged_by_seq ON staged_items (collection_id, locale, seq);
CREATE UNIQUE INDEX IF NOT EXISTS staged_by_slug ON staged_items (collection_id, locale, slug);
CREATE INDEX IF NOT EXISTS staged_by_name ON staged_items (collection_id, locale, name);
CREATE TABLE IF NOT EXISTS live_items ({_ITEM_COLUMNS});
CREATE INDEX IF NOT EXISTS live_by_seq ON live_items (collection_id, locale, seq);
CREATE INDEX IF NOT EXISTS live_by_slug ON live_items (collection_id, locale, slug);
CREATE INDEX IF NOT EXISTS live_by_name ON live_items (collection_id, locale, name);
"""

#: The seeded site's locales: those of upstream's get-site example (`SiteWithLocales`, openapi/upstream/
#: webflow-v2.yml): a primary and two secondary locales.
_LOCALES = (
    ("English (United States)", "en-US", ""),
    ("French (France)", "fr-FR", "fr-fr"),
    ("Spanish (Mexico)", "es-MX", "es-mx"),
)
#: The seeded site's custom domains, under its short name. Upstream's get-site and get-custom-domains
#: examples show a site with two custom domains; the names here are the emulator's own (RFC 2606).
_DOMAINS = ("{short}.example.com", "www.{short}.example.com")


class Database:
    """One SQLite connection used by one writer at a time; each request runs in one transaction."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        if path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)
        _add_missing_columns(self.conn)
        self.conn.create_function("wf_time", 1, _normal_time, deterministic=True)
        self.conn.create_function("wf_contains", 2, _contains, deterministic=True)
        with self.transaction() as conn:
            self.site_id = _ensure_site(conn)
            _ensure_domains(conn, self.site_id)
            row = conn.execute("SELECT MAX(seq) FROM staged_items").fetchone()
        self._seq = int(row[0] or 0)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back if the block raises."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def next_seq(self) -> int:
        """The next creation-order number (call inside a transaction)."""
        self._seq += 1
        return self._seq

    def close(self) -> None:
        self.conn.close()


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a state file written by an older emulator up to this schema."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sites)")}
    if "parent_folder_id" not in columns:
        conn.execute("ALTER TABLE sites ADD COLUMN parent_folder_id TEXT")


def _normal_time(value: object) -> str | None:
    """SQL `wf_time(text)`: a stored DateTime value in one form (UTC, milliseconds, `Z`), so that
    values written with other offsets or precisions compare and sort by the moment they name."""
    if not isinstance(value, str):
        return None
    moment = parse_time(value)
    try:
        return format_time(moment) if moment is not None else None
    except (OverflowError, ValueError):  # a moment UTC cannot hold (year 1 at +01:00)
        return None


def _contains(haystack: object, needle: object) -> int:
    """SQL `wf_contains(text, part)`: 1 when `part` is in `text` ignoring case, else 0 (also for null)."""
    if not isinstance(haystack, str) or not isinstance(needle, str):
        return 0
    return int(needle.casefold() in haystack.casefold())


def _ensure_site(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT id FROM sites ORDER BY created_on LIMIT 1").fetchone()
    if row is not None:
        return str(row[0])
    site_id, now = new_id(), now_iso()
    conn.execute(
        "INSERT INTO sites (id, workspace_id, display_name, short_name, created_on, last_updated)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (site_id, new_id(), "Emulated Site", "emulated-site", now, now),
    )
    for position, (name, tag, subdirectory) in enumerate(_LOCALES):
        conn.execute(
            "INSERT INTO locales VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (new_id(), new_id(), site_id, name, tag, subdirectory, int(position == 0), position),
        )
    return site_id


def _domain_id(site_id: str, url: str) -> str:
    """A seeded domain's id: 24 hex derived from its site and name, so it is the same on every start."""
    return hashlib.sha256(f"{site_id}/{url}".encode()).hexdigest()[:24]


def _ensure_domains(conn: sqlite3.Connection, site_id: str) -> None:
    """Seed the site's custom domains (also into a state file written before domains existed)."""
    short = conn.execute("SELECT short_name FROM sites WHERE id = ?", (site_id,)).fetchone()[0]
    for position, pattern in enumerate(_DOMAINS):
        url = pattern.format(short=short)
        conn.execute(
            "INSERT OR IGNORE INTO custom_domains VALUES (?, ?, ?, NULL, ?)",
            (_domain_id(site_id, url), site_id, url, position),
        )
