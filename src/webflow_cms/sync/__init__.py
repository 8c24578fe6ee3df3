"""Keep a Webflow collection in step with a source (a file, a table, a feed), run after run.

``await sync(wf, collection_id, rows, ledger="posts.sync.sqlite3")`` creates the rows that
are new, updates those that changed since the last run, applies a policy to items whose
key left the source, and reports conflicts with editors' changes in Webflow. A ledger
(``SQLiteLedger`` by default) remembers what each run confirmed, so an unchanged row costs
no request and a run where nothing changed costs two reads. See ``docs/guides/sync.md``.
"""

from .errors import LedgerError, LockHolder, SyncError, SyncLockedError
from .ledger import CollectionState, Entry, Ledger, SQLiteLedger
from .plan import Conflict, ConflictPolicy, MissingPolicy
from .report import RowOutcome, SyncReport
from .run import sync
from .source import Held
from .writes import Progress

__all__ = [
    "CollectionState",
    "Conflict",
    "ConflictPolicy",
    "Entry",
    "Held",
    "Ledger",
    "LedgerError",
    "LockHolder",
    "MissingPolicy",
    "Progress",
    "RowOutcome",
    "SQLiteLedger",
    "SyncError",
    "SyncLockedError",
    "SyncReport",
    "sync",
]
