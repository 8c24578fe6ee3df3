"""The ledger's entries of one collection while a sync runs: looked up by key and by item id.

Every change goes through ``put`` and ``drop``, which keep both indexes right and note
what to write back; ``flush`` hands the ledger what changed since the last flush, so
confirmed writes reach the ledger batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .ledger import Entry, Ledger

__all__ = ["Book"]


class Book:
    """One collection's entries, indexed, with the changes not yet written to the ledger."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._by_key: dict[str, Entry] = {}
        self._by_id: dict[str, str] = {}
        self._put: dict[str, Entry] = {}
        self._drop: set[str] = set()
        for entry in entries:
            self._index(entry)

    def _index(self, entry: Entry) -> None:
        self._by_key[entry.key] = entry
        if entry.item_id is not None:
            self._by_id[entry.item_id] = entry.key

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> Entry | None:
        return self._by_key.get(key)

    def of_item(self, item_id: str) -> Entry | None:
        key = self._by_id.get(item_id)
        return None if key is None else self._by_key.get(key)

    def entries(self) -> list[Entry]:
        return list(self._by_key.values())

    def count(self) -> int:
        """How many items the ledger knows to exist in Webflow (intents of creates not counted)."""
        return len(self._by_id)

    def put(self, entry: Entry) -> None:
        """Add or replace the entry of ``entry.key``; an item filed under another key leaves that key."""
        old = self._by_key.get(entry.key)
        if old is not None and old.item_id is not None and old.item_id != entry.item_id:
            self._by_id.pop(old.item_id, None)
        if entry.item_id is not None:
            other = self._by_id.get(entry.item_id)
            if other is not None and other != entry.key:
                self.drop(other)
        self._index(entry)
        self._put[entry.key] = entry
        self._drop.discard(entry.key)

    def update(self, key: str, **changes: Any) -> Entry:
        """The entry of ``key`` with ``changes`` (attrs.evolve), put back; returns it."""
        entry = attrs.evolve(self._by_key[key], **changes)
        self.put(entry)
        return entry

    def drop(self, key: str) -> None:
        entry = self._by_key.pop(key, None)
        if entry is not None and entry.item_id is not None and self._by_id.get(entry.item_id) == key:
            del self._by_id[entry.item_id]
        self._put.pop(key, None)
        self._drop.add(key)

    def dirty(self) -> bool:
        return bool(self._put or self._drop)

    async def flush(self, ledger: Ledger, collection_id: str) -> None:
        """Write what changed since the last flush."""
        if not self.dirty():
            return
        put, drop = list(self._put.values()), sorted(self._drop)
        self._put, self._drop = {}, set()
        try:
            await ledger.save(collection_id, put, drop)
        except BaseException:
            for entry in put:  # not written: keep them for the next flush
                self._put.setdefault(entry.key, entry)
            self._drop.update(k for k in drop if k not in self._by_key)
            raise
