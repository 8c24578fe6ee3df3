"""``status COLLECTION``: how many items are in each publishing status, and the oldest change not yet live."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

import attrs

from webflow_cms import AsyncWebflowCMS, Collection, Item, ItemStatus

from ..publishing import PENDING
from ..session import resolve_collection
from ..ui import Output

__all__ = ["LABELS", "StatusReport", "add_parser", "collection_status", "render_status"]

_TEXT = "count items per status and show the oldest unpublished change"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("status", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("collection", help="collection id, slug or name")
    parser.set_defaults(run=_run)


#: The names the Webflow designer shows.
LABELS = {
    ItemStatus.PUBLISHED: "Published",
    ItemStatus.DRAFT_CHANGES: "Draft changes",
    ItemStatus.DRAFT: "Draft",
    ItemStatus.QUEUED_TO_PUBLISH: "Queued to publish",
    ItemStatus.ARCHIVED: "Archived",
}


@attrs.frozen
class StatusReport:
    collection: Collection
    counts: dict[ItemStatus, int]
    oldest_pending: Item | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _corrected(item: Item, live: set[str]) -> ItemStatus:
    """The item's status, checked against the live list.

    Webflow's status table (``isDraft``, ``lastPublished``) calls an unpublished item
    "Draft changes": it keeps its ``lastPublished`` and is staged as a draft. It is not
    live any more, so it counts as a draft.
    """
    status = item.status
    if status in (ItemStatus.PUBLISHED, ItemStatus.DRAFT_CHANGES) and item.id not in live:
        return ItemStatus.DRAFT if item.is_draft is True else ItemStatus.QUEUED_TO_PUBLISH
    return status


async def collection_status(wf: AsyncWebflowCMS, out: Output, collection_ref: str) -> StatusReport:
    """Read every item once, staged and live, and count statuses; keep the pending change with the oldest update."""
    collection = await resolve_collection(wf, collection_ref)
    counts = dict.fromkeys(ItemStatus, 0)
    oldest: Item | None = None
    seen = 0
    items = wf.items(collection.id)
    live = {item.id async for item in items.list(live=True)}
    with out.progress(f"status {collection.display_name}") as bar:
        async for page in items.list().pages():
            for item in page.items:
                status = _corrected(item, live)
                counts[status] += 1
                if status in PENDING and (oldest is None or item.last_updated < oldest.last_updated):
                    oldest = item
            seen += len(page.items)
            bar.update(seen, max(page.total, seen))
    return StatusReport(collection, counts, oldest)


def _age(when: datetime.datetime) -> str:
    now = datetime.datetime.now(datetime.UTC)
    seconds = max(0, int((now - when).total_seconds())) if when.tzinfo else 0
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


def render_status(out: Output, report: StatusReport) -> None:
    oldest = report.oldest_pending
    out.data(
        {
            "collection": report.collection.id,
            "total": report.total,
            "counts": {status.value: n for status, n in report.counts.items()},
            "oldestUnpublishedChange": None
            if oldest is None
            else {"id": oldest.id, "slug": oldest.slug, "lastUpdated": oldest.last_updated.isoformat()},
        }
    )
    out.text(f"{report.collection.display_name} ({report.collection.id}): {report.total} items")
    width = max(len(label) for label in LABELS.values())
    for status, label in LABELS.items():
        out.text(f"  {label:<{width}}  {report.counts[status]:>8,}")
    if oldest is None:
        out.text("  nothing waits to be published")
    else:
        stamp = oldest.last_updated.isoformat()
        out.text(f"  oldest unpublished change: {oldest.slug} ({oldest.id}), {stamp}, {_age(oldest.last_updated)}")


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    render_status(out, await collection_status(wf, out, args.collection))
    return 0
