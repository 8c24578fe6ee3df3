"""What a sync did (or, for a dry run, would do): counts, the rows that did not make it, and why.

Every source row ends in one place: ``created``, ``updated``, ``unchanged``, ``conflict``
(kept as the editor left it), ``failed`` (with its typed error: the row was not written),
``unknown`` (its answer was lost: the next run settles it), ``held`` (in the source, not
written this run) or ``skipped`` (the run stopped before it). Items whose key left the
source are listed as missing, with what the policy did to them. ``requests`` is what the
run spent, reads included.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import attrs

from webflow_cms import ConflictError, ValidationError, WebflowError

from .plan import Conflict

__all__ = ["RowOutcome", "SyncReport", "show_key"]

RowAction = Literal["created", "updated", "published", "unchanged", "conflict", "failed", "unknown", "held", "skipped"]


def show_key(key: str) -> Any:
    """A ledger key as the row wrote it (``"post-1"`` -> ``post-1``; ``#ID`` stays: an item no row keys)."""
    if key.startswith("#"):
        return key
    try:
        return json.loads(key)
    except ValueError:
        return key


@attrs.frozen
class RowOutcome:
    """One source row: its position, key, what happened, and for a row that did not make it, why."""

    index: int
    key: Any
    action: RowAction
    error: WebflowError | str | None = None

    @property
    def fix(self) -> bool:
        """True when a value must change before the row can go through (a 400 or 409); else send it again."""
        return isinstance(self.error, ValidationError | ConflictError)


@attrs.define
class SyncReport:
    """The outcome of one ``sync`` call (see the module docstring)."""

    collection_id: str
    dry_run: bool = False
    interrupted: bool = False
    #: created, updated, published, unchanged, conflicts, changedInWebflow, missing, archived, unpublished,
    #: deleted, removalFailed, failed, unknown, held, skipped.
    counts: dict[str, int] = attrs.field(factory=dict)
    #: Rows that were not created, updated or left unchanged, in source order.
    rows: list[RowOutcome] = attrs.field(factory=list)
    #: Keys of items not in the source, and what was done to each: kept, archived, unpublished, deleted,
    #: or the error that stopped it.
    missing: dict[Any, str] = attrs.field(factory=dict)
    conflicts: list[Conflict] = attrs.field(factory=list)
    #: Keys of items an editor changed in Webflow, left as they are.
    changed_in_webflow: list[Any] = attrs.field(factory=list)
    #: Why this run read the whole collection (None: it did not need to).
    scan_reason: str | None = None
    #: Why items missing from the source were kept despite the policy.
    removals_held: str | None = None
    #: Requests sent to Webflow by this run (reads included); a dry run: the reads it made.
    requests: int = 0
    #: A dry run: the requests the writes would cost (closing read included).
    planned_requests: int | None = None
    #: Webflow's lastUpdated the next run reads changes from, and why it did not move on (if it did not).
    watermark: str | None = None
    watermark_note: str | None = None
    #: Items found gone from Webflow (created again when still in the source) and adopted from it.
    gone: list[Any] = attrs.field(factory=list)
    adopted: int = 0

    @property
    def failures(self) -> list[RowOutcome]:
        """The rows that did not make it (failed, unknown, skipped): the failed-rows file's content."""
        return [r for r in self.rows if r.action in ("failed", "unknown", "skipped")]

    @property
    def ok(self) -> bool:
        """True when every row and every removal went through (conflicts and held rows are not failures)."""
        return not self.failures and not self.counts.get("removalFailed") and not self.interrupted

    def summary(self) -> str:
        """One line: ``Blog Posts: 10 created, 50 updated, ...``."""
        order = ["created", "updated", "published", "unchanged", "conflicts", "changedInWebflow", "missing"]
        order += ["archived", "unpublished", "deleted", "removalFailed", "failed", "unknown", "held", "skipped"]
        parts = [f"{self.counts[k]} {_WORDS.get(k, k)}" for k in order if self.counts.get(k)]
        return ", ".join(parts) or "nothing to do"

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON (for ``--json``)."""
        return {
            "collection": self.collection_id,
            "dryRun": self.dry_run,
            "interrupted": self.interrupted,
            "counts": self.counts,
            "requests": self.requests,
            "plannedRequests": self.planned_requests,
            "scanReason": self.scan_reason,
            "removalsHeld": self.removals_held,
            "missing": [{"key": k, "outcome": v} for k, v in self.missing.items()],
            "conflicts": [
                {"key": show_key(c.key), "item": c.item_id, "webflowUpdated": c.webflow_updated, "row": c.row_index}
                for c in self.conflicts
            ],
            "changedInWebflow": self.changed_in_webflow,
            "gone": self.gone,
            "adopted": self.adopted,
            "watermark": self.watermark,
            "watermarkNote": self.watermark_note,
            "rows": [
                {"row": r.index, "key": r.key, "action": r.action, "error": None if r.error is None else str(r.error)}
                for r in self.rows
            ],
        }


_WORDS = {
    "conflicts": "conflicts",
    "changedInWebflow": "changed in Webflow (left as is)",
    "missing": "missing from the source",
    "removalFailed": "not removed",
}
