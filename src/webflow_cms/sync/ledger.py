"""The ledger: what the last syncs of each collection confirmed, kept between runs, and their lock.

One ``Entry`` per item the sync knows, keyed by the row's key: the item's id and
slug, the hash of what was last sent and confirmed, Webflow's ``lastUpdated`` from
that write's answer, the publish state, an unresolved conflict, what the missing
policy did to it, and an intent sent but not yet confirmed (``pending``). Per
collection: the watermark (on Webflow's clock) the next run reads changes from, the
key field, a reason to rescan, and the lock. Several collections share one file.

``Ledger`` is the small interface the sync talks to; ``SQLiteLedger`` keeps it in one
SQLite file through the standard library's ``sqlite3``, one connection in WAL mode,
each call run in a worker thread (``anyio.to_thread``) one at a time. Why not
``aiosqlite``: it is one more dependency for the same thing (a thread per connection),
and the ledger's calls are short. A server database (PostgreSQL) would implement the
same methods with the same tables, for syncs that move between machines.

The lock is a row per collection: an owner token, the process id, the host and a
heartbeat. A second sync is refused (``SyncLockedError``) unless the holder's process
is gone (same host) or its heartbeat is older than ``stale_after`` seconds.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

import anyio
import anyio.to_thread
import attrs

from .errors import LedgerError, LockHolder, SyncLockedError

__all__ = ["SCHEMA_VERSION", "CollectionState", "Entry", "Ledger", "Published", "SQLiteLedger", "pid_alive"]

#: An item's live copy: never published (or taken down), published as last written, or published with changes staged.
Published = Literal["staged", "live", "changed"]
SCHEMA_VERSION = 1
_T = TypeVar("_T")
_PUBLISHED: dict[object, Published] = {"staged": "staged", "live": "live", "changed": "changed"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sync_collections (
    collection_id TEXT PRIMARY KEY,
    key_field TEXT,
    watermark TEXT,
    needs_scan TEXT,
    lock_owner TEXT,
    lock_pid INTEGER,
    lock_host TEXT,
    lock_since REAL,
    lock_heartbeat REAL
);
CREATE TABLE IF NOT EXISTS sync_items (
    collection_id TEXT NOT NULL,
    key TEXT NOT NULL,
    item_id TEXT,
    slug TEXT,
    hash TEXT,
    last_updated TEXT,
    published TEXT NOT NULL DEFAULT 'staged',
    conflict TEXT,
    removed TEXT,
    pending TEXT,
    PRIMARY KEY (collection_id, key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS sync_items_by_id ON sync_items (collection_id, item_id) WHERE item_id IS NOT NULL;
"""
_SELECT_ENTRIES = (
    "SELECT key, item_id, slug, hash, last_updated, published, conflict, removed, pending"
    " FROM sync_items WHERE collection_id = ?"
)
_PUT_ENTRY = (
    "INSERT OR REPLACE INTO sync_items"
    " (collection_id, key, item_id, slug, hash, last_updated, published, conflict, removed, pending)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@attrs.frozen
class Entry:
    """What the ledger holds for one item (see the module docstring)."""

    #: The row's key as canonical JSON (``"post-1"``, ``42``), or ``#`` + the item id for an item no row keys.
    key: str
    #: None while the item's create has been sent but not confirmed.
    item_id: str | None
    slug: str | None = None
    #: SHA-256 of the canonical JSON of what was sent and confirmed; None for an item adopted and not compared yet.
    hash: str | None = None
    #: Webflow's ``lastUpdated`` after the sync's last write (ISO 8601, milliseconds, ``Z``).
    last_updated: str | None = None
    published: Published = "staged"
    #: Webflow's ``lastUpdated`` of an editor's change the sync has not resolved (a conflict kept for the next run).
    conflict: str | None = None
    #: What the missing-row policy did to the item: ``archived`` or ``unpublished`` (None: nothing).
    removed: str | None = None
    #: An intent sent and not confirmed: ``create:HASH``, ``update:HASH`` or ``remove:ACTION``.
    pending: str | None = None


@attrs.frozen
class CollectionState:
    """Per collection: where the next run reads Webflow's changes from, and why it must rescan (if it must)."""

    key_field: str | None = None
    #: ISO 8601 (ms) on Webflow's clock; None until a run has completed.
    watermark: str | None = None
    needs_scan: str | None = None


@runtime_checkable
class Ledger(Protocol):
    """The store a sync keeps between runs; every method may be called from any task, one at a time."""

    async def lock(self, collection_id: str, owner: str) -> None:
        """Take the collection's lock for ``owner`` or raise ``SyncLockedError``."""

    async def heartbeat(self, collection_id: str, owner: str) -> None:
        """Show the lock's holder is alive; raise ``SyncLockedError`` if another sync took the lock over."""

    async def unlock(self, collection_id: str, owner: str) -> None:
        """Give the lock back (nothing if ``owner`` no longer holds it)."""

    async def load(self, collection_id: str) -> tuple[CollectionState, list[Entry]]:
        """The collection's state and entries (empty for a collection never synced)."""

    async def save(self, collection_id: str, put: Sequence[Entry] = (), drop: Sequence[str] = ()) -> None:
        """Write entries (replacing those with the same key) and remove keys, in one transaction."""

    async def set_state(self, collection_id: str, state: CollectionState) -> None:
        """Replace the collection's state (the lock is left as it is)."""

    async def reset(self, collection_id: str) -> None:
        """Forget the collection's entries and state (``--rebuild``); the lock is kept."""

    async def aclose(self) -> None:
        """Release what the ledger holds open."""


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    return True


class SQLiteLedger:
    """The ledger in one SQLite file (``":memory:"`` for a throwaway one); see the module docstring.

    ``stale_after`` is how long a silent lock holder is waited for; ``clock``, ``host`` and ``pid``
    describe this process (tests pass their own).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        stale_after: float = 300.0,
        clock: Callable[[], float] = time.time,
        host: str | None = None,
        pid: int | None = None,
    ) -> None:
        if stale_after <= 0:
            raise ValueError(f"stale_after must be positive, got {stale_after}")
        self.path = str(path)
        self.stale_after = stale_after
        self._clock = clock
        self.host = host if host is not None else socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        self._conn: sqlite3.Connection | None = None
        self._mutex = threading.Lock()
        self._limiter = anyio.CapacityLimiter(1)

    def __repr__(self) -> str:
        return f"SQLiteLedger({self.path!r})"

    async def __aenter__(self) -> SQLiteLedger:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------ plumbing

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                with _transaction(conn):
                    for statement in _statements(_SCHEMA):
                        conn.execute(statement)
                    self._check_version(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise LedgerError(
                    f"{self.path}: not a sync ledger ({exc}); move it aside or pass another --state"
                ) from None
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    @staticmethod
    def _check_version(conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT value FROM sync_meta WHERE name = 'schema'").fetchone()
        if row is None:
            conn.execute("INSERT INTO sync_meta (name, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise LedgerError(
                f"the ledger was written by a newer webflow-cms (schema {row[0]}, this one reads {SCHEMA_VERSION});"
                " upgrade webflow-cms, or sync with --rebuild into a new --state file"
            )

    async def _call(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        def run() -> _T:
            with self._mutex:
                return work(self._connect())

        return await anyio.to_thread.run_sync(run, limiter=self._limiter)

    async def aclose(self) -> None:
        def close() -> None:
            with self._mutex:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None

        await anyio.to_thread.run_sync(close, limiter=self._limiter)

    # ------------------------------------------------------------ the lock

    def _holder(self, conn: sqlite3.Connection, collection_id: str) -> LockHolder | None:
        row = conn.execute(
            "SELECT lock_owner, lock_pid, lock_host, lock_since, lock_heartbeat FROM sync_collections"
            " WHERE collection_id = ?",
            (collection_id,),
        ).fetchone()
        if row is None or row[0] is None:
            return None
        return LockHolder(row[0], int(row[1]), str(row[2]), float(row[3]), float(row[4]))

    def takeable(self, holder: LockHolder) -> bool:
        """A lock may be taken over when its holder is silent too long, or its process is gone from this host."""
        if self._clock() - holder.heartbeat > self.stale_after:
            return True
        return holder.host == self.host and not pid_alive(holder.pid)

    async def lock(self, collection_id: str, owner: str) -> None:
        def take(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                holder = self._holder(conn, collection_id)
                if holder is not None and holder.owner != owner and not self.takeable(holder):
                    raise SyncLockedError(collection_id, holder, stale_after=self.stale_after)
                now = self._clock()
                conn.execute("INSERT OR IGNORE INTO sync_collections (collection_id) VALUES (?)", (collection_id,))
                conn.execute(
                    "UPDATE sync_collections SET lock_owner = ?, lock_pid = ?, lock_host = ?, lock_since = ?,"
                    " lock_heartbeat = ? WHERE collection_id = ?",
                    (owner, self.pid, self.host, now, now, collection_id),
                )

        await self._call(take)

    async def heartbeat(self, collection_id: str, owner: str) -> None:
        def beat(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                holder = self._holder(conn, collection_id)
                if holder is None or holder.owner != owner:
                    lost = holder or LockHolder("?", 0, "?", self._clock(), self._clock())
                    raise SyncLockedError(collection_id, lost, stale_after=self.stale_after, lost=True)
                conn.execute(
                    "UPDATE sync_collections SET lock_heartbeat = ? WHERE collection_id = ?",
                    (self._clock(), collection_id),
                )

        await self._call(beat)

    async def unlock(self, collection_id: str, owner: str) -> None:
        def give(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE sync_collections SET lock_owner = NULL, lock_pid = NULL, lock_host = NULL, lock_since = NULL,"
                " lock_heartbeat = NULL WHERE collection_id = ? AND lock_owner = ?",
                (collection_id, owner),
            )

        await self._call(give)

    async def holder(self, collection_id: str) -> LockHolder | None:
        """Who holds the collection's lock now, if anyone."""
        return await self._call(lambda conn: self._holder(conn, collection_id))

    # ------------------------------------------------------------ state and entries

    async def load(self, collection_id: str) -> tuple[CollectionState, list[Entry]]:
        def read(conn: sqlite3.Connection) -> tuple[CollectionState, list[Entry]]:
            row = conn.execute(
                "SELECT key_field, watermark, needs_scan FROM sync_collections WHERE collection_id = ?",
                (collection_id,),
            ).fetchone()
            state = CollectionState(*row) if row is not None else CollectionState()
            rows = conn.execute(_SELECT_ENTRIES, (collection_id,)).fetchall()
            return state, [_entry(r) for r in rows]

        return await self._call(read)

    async def save(self, collection_id: str, put: Sequence[Entry] = (), drop: Sequence[str] = ()) -> None:
        if not put and not drop:
            return
        rows = [(collection_id, *attrs.astuple(e)) for e in put]
        keys = [(collection_id, key) for key in drop]

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.executemany("DELETE FROM sync_items WHERE collection_id = ? AND key = ?", keys)
                # A key's item may have moved to another key (adopted): its old row goes first.
                conn.executemany(
                    "DELETE FROM sync_items WHERE collection_id = ? AND item_id = ? AND key != ?",
                    [(collection_id, r[2], r[1]) for r in rows if r[2] is not None],
                )
                conn.executemany(_PUT_ENTRY, rows)

        await self._call(write)

    async def set_state(self, collection_id: str, state: CollectionState) -> None:
        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute("INSERT OR IGNORE INTO sync_collections (collection_id) VALUES (?)", (collection_id,))
                conn.execute(
                    "UPDATE sync_collections SET key_field = ?, watermark = ?, needs_scan = ? WHERE collection_id = ?",
                    (state.key_field, state.watermark, state.needs_scan, collection_id),
                )

        await self._call(write)

    async def reset(self, collection_id: str) -> None:
        def clear(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute("DELETE FROM sync_items WHERE collection_id = ?", (collection_id,))
                conn.execute(
                    "UPDATE sync_collections SET key_field = NULL, watermark = NULL, needs_scan = NULL"
                    " WHERE collection_id = ?",
                    (collection_id,),
                )

        await self._call(clear)

    async def collections(self) -> list[str]:
        """The collections this ledger holds state for."""
        rows = await self._call(
            lambda conn: conn.execute(
                "SELECT collection_id FROM sync_collections UNION SELECT collection_id FROM sync_items ORDER BY 1"
            ).fetchall()
        )
        return [str(r[0]) for r in rows]


def _statements(script: str) -> Iterator[str]:
    for part in script.split(";"):
        if part.strip():
            yield part


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], _PUBLISHED.get(row[5], "staged"), row[6], row[7], row[8])


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): a writer takes the file's write lock before it reads."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
