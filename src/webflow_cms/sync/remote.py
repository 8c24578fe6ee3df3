"""The Webflow side of a sync: what changed there since the last run, for a few reads.

Each run starts with two reads when nothing is odd:

1. the count: one item, newest ``lastUpdated`` first, which gives ``pagination.total`` and
   the newest ``lastUpdated`` (``L0``) on Webflow's clock;
2. the delta: every item with ``lastUpdated`` at or after the ledger's watermark (one page,
   normally). An item whose ``lastUpdated`` is the one the ledger holds is the sync's own
   write; another one was changed in Webflow; an id the ledger does not know means someone
   created items, and a full scan follows (unless it is a create this sync sent and never saw
   confirmed: it is adopted).

A full scan (first run, ``--rebuild``, a count that disagrees with the ledger) reads every
item and reconciles: items gone from Webflow leave the ledger (their rows are created
again), items the ledger does not know are adopted by key, so nothing is duplicated.

Dates are compared as Webflow writes them: ISO 8601 in UTC with milliseconds (``stamp``).
"""

from __future__ import annotations

import datetime

import attrs

from webflow_cms import Item, Items, Page

from .book import Book
from .ledger import Entry, Published
from .source import canonical_key

__all__ = [
    "Count",
    "Observed",
    "just_before",
    "key_of",
    "parse_stamp",
    "published_state",
    "read_changes",
    "read_closing",
    "read_count",
    "read_everything",
    "reconcile",
    "stamp",
]

_MS = datetime.timedelta(milliseconds=1)


def stamp(moment: datetime.datetime) -> str:
    """A date as Webflow writes it: UTC, milliseconds, ``Z``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_stamp(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def just_before(text: str) -> datetime.datetime:
    """One millisecond before ``text``: a lower bound that keeps ``text`` whether Webflow's bounds include it or not."""
    return parse_stamp(text) - _MS


def key_of(item: Item, key: str) -> str | None:
    """The item's key value as the ledger stores it (None: the item has none)."""
    return canonical_key(item.slug if key == "slug" else item.fields.get(key))


def published_state(item: Item) -> Published:
    """Whether the item's live copy is what it holds now: published after its last change, and not a draft."""
    if item.last_published is None:
        return "staged"
    if item.is_draft is not True and item.last_published >= item.last_updated:
        return "live"
    return "changed"


@attrs.frozen
class Count:
    """The count read: how many items the collection holds, and its newest ``lastUpdated``."""

    total: int
    newest: str | None


async def read_count(items: Items) -> Count:
    page = await items.list(page_size=1, sort_by="lastUpdated", sort_order="desc")
    newest = stamp(page.items[0].last_updated) if page.items else None
    return Count(page.total, newest)


async def read_changes(items: Items, watermark: str) -> list[Item]:
    """Every item changed at or after the watermark (pages one at a time: no read-ahead spent on a short list)."""
    return [item async for item in items.list(updated_after=just_before(watermark), concurrency=1)]


async def read_everything(items: Items, total: int, concurrency: int) -> list[Item]:
    """Every item; as many pages at once as the count says there are (up to ``concurrency``), so none is wasted."""
    pages = max(1, -(-total // 100))
    return [item async for item in items.list(concurrency=min(concurrency, pages))]


async def read_closing(items: Items, newest: str | None) -> Page[Item]:
    """The newest 100 items changed since the run began (at or after ``L0``), newest first, and their total."""
    since = None if newest is None else just_before(newest)
    return await items.list(page_size=100, updated_after=since, sort_by="lastUpdated", sort_order="desc")


@attrs.define
class Observed:
    """What the reads found, beside the ledger's entries (which ``reconcile`` brings up to date)."""

    #: Webflow's current item of each entry the reads returned, by key.
    items: dict[str, Item] = attrs.field(factory=dict)
    #: Keys of items changed in Webflow since the sync's last write (an editor's change).
    changed: set[str] = attrs.field(factory=set)
    #: Keys of entries whose items are gone from Webflow (someone deleted them).
    gone: list[str] = attrs.field(factory=list)
    #: Keys adopted from Webflow: the item of a create that was never confirmed, or an item the ledger did not know.
    adopted: list[str] = attrs.field(factory=list)
    #: Why a full scan is needed (set by a delta that found an item the ledger does not know).
    rescan: str | None = None
    #: The ``lastUpdated`` of every item read, by id (for the closing check).
    seen: dict[str, str] = attrs.field(factory=dict)


def _pending_create(entry: Entry | None) -> str | None:
    """The hash a create was sent with, for an entry that is only that intent."""
    if entry is None or entry.item_id is not None or entry.pending is None:
        return None
    kind, _, digest = entry.pending.partition(":")
    return digest if kind == "create" else None


def _adopt(book: Book, item: Item, key: str, observed: Observed) -> None:
    """File a Webflow item the ledger did not know: under its key when free, else under its id."""
    current = book.get(key)
    digest = _pending_create(current)
    if digest is not None:  # the create this sync sent and never saw confirmed
        entry = Entry(key, item.id, item.slug, digest, stamp(item.last_updated), published_state(item))
    elif current is None:
        entry = Entry(key, item.id, item.slug, None, stamp(item.last_updated), published_state(item))
    else:  # a second item with a key the ledger has: filed by id, and missing from the source
        key = "#" + item.id
        entry = Entry(key, item.id, item.slug, None, stamp(item.last_updated), published_state(item))
    book.put(entry)
    observed.adopted.append(key)
    observed.items[key] = item


def _compare(book: Book, entry: Entry, item: Item, observed: Observed) -> None:
    """An item the ledger knows: the sync's own write, or changed in Webflow since."""
    observed.items[entry.key] = item
    if entry.hash is None:
        return  # adopted, not compared yet: the planner compares the content
    updated = stamp(item.last_updated)
    if updated != entry.last_updated and entry.pending is None:
        observed.changed.add(entry.key)
    elif entry.conflict is not None and updated == entry.last_updated:
        book.update(entry.key, conflict=None)  # the editor's change was undone


def reconcile(book: Book, found: list[Item], key: str, *, scan: bool) -> Observed:
    """Bring the entries up to date with what a delta (``scan=False``) or a full scan found."""
    observed = Observed()
    unknown: list[Item] = []
    for item in found:
        observed.seen[item.id] = stamp(item.last_updated)
        entry = book.of_item(item.id)
        if entry is not None:
            _compare(book, entry, item, observed)
            continue
        item_key = key_of(item, key)
        if scan or (item_key is not None and _pending_create(book.get(item_key)) is not None):
            _adopt(book, item, item_key or "#" + item.id, observed)
        else:
            unknown.append(item)
    if unknown:
        ids = ", ".join(i.id for i in unknown[:3]) + (" ..." if len(unknown) > 3 else "")
        observed.rescan = f"{len(unknown)} item(s) created in Webflow by someone else ({ids})"
    if scan:
        present = {item.id for item in found}
        for entry in book.entries():
            if entry.item_id is not None and entry.item_id not in present:
                if entry.pending != "remove:delete":  # not a delete of this sync's that was never confirmed
                    observed.gone.append(entry.key)
                book.drop(entry.key)
    return observed
