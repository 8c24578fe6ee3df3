"""The errors a sync raises itself, beside the SDK's own (``webflow_cms.WebflowError`` and below).

A sync stops before its first request when another sync holds the collection
(``SyncLockedError``, naming the holder) or when its ledger cannot be used
(``LedgerError``: a file from a newer version, a ledger kept for another key).
Problems with single rows never raise: they are reported per row.
"""

from __future__ import annotations

import datetime
import time

import attrs

from webflow_cms import WebflowError

__all__ = ["LedgerError", "LockHolder", "SyncError", "SyncLockedError"]


class SyncError(WebflowError):
    """Base of the errors a sync raises before or instead of sending anything."""


class LedgerError(SyncError):
    """The ledger cannot be used as it is; the message says what to do (often: ``--rebuild``)."""


@attrs.frozen
class LockHolder:
    """Who holds a collection's sync lock: a token of its own, its process and machine, and its last sign of life."""

    owner: str
    pid: int
    host: str
    since: float
    heartbeat: float

    def describe(self, now: float | None = None) -> str:
        """``pid 4242 on host web-1, since 02:00:03 UTC, alive 12 s ago``."""
        now = time.time() if now is None else now
        try:
            since = datetime.datetime.fromtimestamp(self.since, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        except (OverflowError, OSError, ValueError):  # a clock out of any calendar: say it as it is
            since = f"{self.since:.0f} s after the epoch"
        silent = max(0.0, now - self.heartbeat)
        return f"pid {self.pid} on host {self.host}, since {since}, last heartbeat {silent:.0f} s ago"


class SyncLockedError(SyncError):
    """Another sync holds this collection's lock; ``holder`` says which one. Nothing was sent."""

    def __init__(self, collection_id: str, holder: LockHolder, *, stale_after: float, lost: bool = False) -> None:
        self.collection_id = collection_id
        self.holder = holder
        if lost:
            text = (
                f"this sync of collection {collection_id} lost its lock to another sync ({holder.describe()}),"
                " which found it stale; this one stopped: run it again once that one has finished"
            )
        else:
            text = (
                f"another sync of collection {collection_id} is running ({holder.describe()}); wait for it to"
                f" finish. A lock whose process is gone (on this host) or silent for {stale_after:.0f} s is"
                " taken over by the next sync"
            )
        super().__init__(text)
