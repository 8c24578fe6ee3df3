"""Carrying out a plan through the SDK's bulk calls, the ledger written as each batch is confirmed.

Before a batch is sent its intent goes into the ledger (``pending``: a create, an update, a
removal). As each batch settles, the confirmed results become entries (the item id, the hash
of what was sent, ``lastUpdated`` from Webflow's answer) and are written at once, so a run
stopped at any point (Ctrl-C, a crash, a killed process) leaves a ledger that says what
Webflow confirmed and what is still in doubt. The next run sends what is in doubt again, and
finds creates whose answers were lost among the items it reads (see ``remote``).

Order: removals first (a deleted item frees its slug), then updates, creates and publishes.
With ``publish``, creates and updates of items already published go through the live
endpoints, whose answers carry the published item; other updates are written staged, then
published.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anyio
import attrs

from webflow_cms import BulkJob, ConflictError, Item, Items, NotFoundError, Succeeded, WebflowError

from .book import Book
from .ledger import Entry, Ledger, Published
from .plan import Plan, Update
from .remote import stamp
from .source import SourceRow

__all__ = ["Outcomes", "Progress", "Writer"]

_OnProgress = Callable[[int, int], object]
#: ``on_progress(phase, done, total)``: the phase (``"creating"``, ...) and the writes settled so far of all planned.
Progress = Callable[[str, int, int], object]


@attrs.define
class Outcomes:
    """What the writes did, for the report and the closing check."""

    #: Row index -> action (created, updated, published) or the error that stopped it.
    done: dict[int, str] = attrs.field(factory=dict)
    failed: dict[int, WebflowError] = attrs.field(factory=dict)
    unknown: dict[int, str] = attrs.field(factory=dict)
    #: Missing keys -> what was done (archived, unpublished, deleted) or the error.
    removed: dict[str, str] = attrs.field(factory=dict)
    removal_failed: dict[str, WebflowError] = attrs.field(factory=dict)
    #: Item id -> ``lastUpdated`` after this run's write (None: not known), and the ids this run deleted.
    written: dict[str, str | None] = attrs.field(factory=dict)
    deleted: set[str] = attrs.field(factory=set)
    published: int = 0
    #: Set when something seen during the writes calls for a full scan next run.
    rescan: str | None = None


class Writer:
    """Runs one plan; cancelled, it records what was confirmed and leaves the rest in doubt (``pending``)."""

    def __init__(
        self,
        items: Items,
        book: Book,
        ledger: Ledger,
        collection_id: str,
        *,
        publish: bool,
        on_progress: Progress | None = None,
    ) -> None:
        self.items = items
        self.book = book
        self.ledger = ledger
        self.collection_id = collection_id
        self.publish = publish
        self.on_progress = on_progress
        self.outcomes = Outcomes()
        self._total = 0
        self._settled = 0
        self._wake = anyio.Event()

    # ------------------------------------------------------------ plumbing

    def _progress(self, phase: str) -> None:
        if self.on_progress is not None:
            self.on_progress(phase, self._settled, self._total)

    async def _flusher(self) -> None:
        while True:
            await self._wake.wait()
            self._wake = anyio.Event()
            await self.book.flush(self.ledger, self.collection_id)

    async def _flush(self) -> None:
        with anyio.CancelScope(shield=True):
            await self.book.flush(self.ledger, self.collection_id)

    async def _job(
        self, phase: str, start: Callable[[Callable[[int, int], object]], BulkJob[Item]], to: _Settler
    ) -> None:
        """Run one bulk call, settling each input into the book as its batch is confirmed.

        Inputs whose fate is unknown, or that were never sent, are settled when the call ends,
        also when it was stopped (the job's result is final by then).
        """
        await self._flush()  # the intents, before anything is sent
        settled: set[int] = set()
        box: list[BulkJob[Item]] = []

        def absorb() -> None:
            result = box[0].result
            for success in result.succeeded:
                if success.index not in settled:
                    settled.add(success.index)
                    self._settled += 1
                    to.ok(success.index, success)
            for failure in result.failed:
                if failure.index not in settled:
                    settled.add(failure.index)
                    self._settled += 1
                    to.bad(failure.index, failure.error)
            self._wake.set()
            self._progress(phase)

        box.append(start(lambda _done, _total: absorb()))
        self._progress(phase)
        try:
            await box[0]
        finally:
            absorb()
            result = box[0].result
            for index in result.unknown:
                to.doubt(index)
            for index in result.skipped:
                to.never(index)
            await self._flush()

    # ------------------------------------------------------------ the plan

    async def run(self, plan: Plan) -> Outcomes:
        self._total = plan.writes()
        async with anyio.create_task_group() as tg:
            tg.start_soon(self._flusher)
            try:
                await self._removals(plan)
                await self._updates(plan.updates)
                await self._creates(plan.creates)
                await self._publish([key for key, _ in plan.publish], [row for _, row in plan.publish])
            finally:
                tg.cancel_scope.cancel()
        await self._flush()
        return self.outcomes

    async def _removals(self, plan: Plan) -> None:
        for action in ("delete", "unpublish", "archive"):
            entries = [entry for entry, what in plan.removals if what == action]
            if not entries:
                continue
            for entry in entries:
                self.book.update(entry.key, pending=f"remove:{action}")
            await self._remove(action, entries)

    async def _remove(self, action: str, entries: list[Entry]) -> None:
        out, book = self.outcomes, self.book
        done = {"delete": "deleted", "unpublish": "unpublished", "archive": "archived"}[action]
        ids = [str(e.item_id) for e in entries]

        def ok(i: int, success: Succeeded[Item]) -> None:
            entry = entries[i]
            out.removed[entry.key] = done
            if action == "delete":
                book.drop(entry.key)
                out.deleted.add(ids[i])
            elif action == "unpublish":
                book.update(entry.key, published="staged", removed="unpublished", pending=None)
            else:
                updated = stamp(success.item.last_updated) if success.item is not None else None
                book.update(entry.key, removed="archived", pending=None, last_updated=updated)
                out.written[ids[i]] = updated

        def bad(i: int, error: WebflowError) -> None:
            entry = entries[i]
            if isinstance(error, NotFoundError) and action == "delete":
                book.drop(entry.key)  # already gone
                out.removed[entry.key] = done
                return
            book.update(entry.key, pending=None)
            out.removal_failed[entry.key] = error

        def doubt(i: int) -> None:
            out.removal_failed[entries[i].key] = WebflowError("the answer was lost; the next run settles it")
            out.written[ids[i]] = None

        settle = _Settler(ok, bad, doubt, lambda i: book.update(entries[i].key, pending=None))
        if action == "delete":
            await self._job("deleting", lambda cb: self.items.delete_many(ids, on_progress=cb), settle)
        elif action == "unpublish":
            await self._job("unpublishing", lambda cb: self.items.unpublish(ids, on_progress=cb), settle)
        else:
            changes = [{"id": i, "isArchived": True} for i in ids]
            await self._job("archiving", lambda cb: self.items.update_many(changes, on_progress=cb), settle)

    async def _updates(self, updates: Sequence[Update]) -> None:
        live = [u for u in updates if self.publish and u.entry.published != "staged"]
        staged = [u for u in updates if not (self.publish and u.entry.published != "staged")]
        for group in (live, staged):
            for update in group:
                self.book.update(update.entry.key, pending=f"update:{update.row.hash}")
        await self._update(live, live=True)
        confirmed = await self._update(staged, live=False)
        if self.publish and confirmed:
            await self._publish([u.entry.key for u in confirmed], [u.row.index for u in confirmed])

    async def _update(self, updates: Sequence[Update], *, live: bool) -> list[Update]:
        if not updates:
            return []
        out, book, confirmed = self.outcomes, self.book, []

        def ok(i: int, success: Succeeded[Item]) -> None:
            update = updates[i]
            item = success.item
            updated = stamp(item.last_updated) if item is not None else None
            was = update.entry.published
            published: Published = "live" if live else ("staged" if was == "staged" else "changed")
            slug = item.slug if item is not None else update.row.slug
            book.update(
                update.entry.key, slug=slug, hash=update.row.hash, last_updated=updated, published=published,
                conflict=None, removed=None, pending=None,
            )  # fmt: skip
            out.written[str(update.entry.item_id)] = updated
            out.done[update.row.index] = "updated"
            confirmed.append(update)

        def bad(i: int, error: WebflowError) -> None:
            update = updates[i]
            if isinstance(error, NotFoundError):
                book.drop(update.entry.key)  # deleted in Webflow meanwhile: created again next run
                out.rescan = "an item was deleted in Webflow during the sync"
            else:
                book.update(update.entry.key, pending=None)
            out.failed[update.row.index] = error

        def doubt(i: int) -> None:  # the intent stays in the ledger: the next run sends the row again
            out.unknown[updates[i].row.index] = _LOST
            out.written[str(updates[i].entry.item_id)] = None

        settle = _Settler(ok, bad, doubt, lambda i: book.update(updates[i].entry.key, pending=None))
        payloads = [_change(u) for u in updates]
        change = self.items.update_many
        phase = "updating (live)" if live else "updating"
        await self._job(phase, lambda cb: change(payloads, live=live, on_progress=cb), settle)
        return confirmed

    async def _creates(self, rows: Sequence[SourceRow]) -> None:
        if not rows:
            return
        out, book, renamed = self.outcomes, self.book, []
        live = self.publish
        for row in rows:
            book.put(Entry(row.key, None, row.slug, pending=f"create:{row.hash}"))

        def ok(i: int, success: Succeeded[Item]) -> None:
            row, item = rows[i], success.item
            if item is not None and item.slug != row.slug:  # the slug was taken meanwhile: Webflow suffixed it
                renamed.append((i, item))
                return
            updated = stamp(item.last_updated) if item is not None else None
            published: Published = "live" if live else "staged"
            book.put(Entry(row.key, success.id, row.slug, row.hash, updated, published))
            out.written[str(success.id)] = updated
            out.done[row.index] = "created"

        def bad(i: int, error: WebflowError) -> None:
            book.drop(rows[i].key)
            out.failed[rows[i].index] = error

        def doubt(i: int) -> None:  # the intent stays: the next run finds the item, or creates it
            out.unknown[rows[i].index] = _LOST

        settle = _Settler(ok, bad, doubt, lambda i: book.drop(rows[i].key))
        docs = [_new(row) for row in rows]
        create = self.items.create_many
        await self._job("creating", lambda cb: create(docs, live=live, on_progress=cb), settle)
        if renamed:
            await self._undo_renamed(rows, renamed)

    async def _undo_renamed(self, rows: Sequence[SourceRow], renamed: list[tuple[int, Item]]) -> None:
        """Creates that Webflow gave a suffixed slug, as another writer took the slug: removed, and reported."""
        ids = [item.id for _, item in renamed]
        result = await self.items.delete_many(ids)
        removed = {ids[s.index] for s in result.succeeded}
        for i, item in renamed:
            row = rows[i]
            self.book.drop(row.key)
            where = "it was removed" if item.id in removed else f"it could not be removed (item {item.id})"
            message = f"slug {row.slug!r} was taken by another item during the sync: created as {item.slug!r}; {where}"
            self.outcomes.failed[row.index] = ConflictError(message, status=None, code="duplicate_slug")
        self.outcomes.rescan = "a slug was taken by another writer during the sync"

    async def _publish(self, keys: Sequence[str], rows: Sequence[int]) -> None:
        if not keys:
            return
        book, out = self.book, self.outcomes
        ids = [str(book.update(k).item_id) for k in keys]

        def ok(i: int, success: Succeeded[Item]) -> None:
            book.update(keys[i], published="live", removed=None)
            out.published += 1
            out.done.setdefault(rows[i], "published")

        def bad(i: int, error: WebflowError) -> None:
            out.failed[rows[i]] = error
            out.done.pop(rows[i], None)

        def doubt(i: int) -> None:  # not marked live in the ledger: the next run publishes it again if need be
            out.unknown[rows[i]] = _LOST

        settle = _Settler(ok, bad, doubt, lambda i: None)
        await self._job("publishing", lambda cb: self.items.publish(ids, on_progress=cb), settle)


@attrs.frozen
class _Settler:
    """What to do with each input of a bulk call: confirmed, refused, in doubt (answer lost), never sent."""

    ok: Callable[[int, Succeeded[Item]], None]
    bad: Callable[[int, WebflowError], None]
    doubt: Callable[[int], None]
    never: Callable[[int], object]


_LOST = "the answer was lost; the next run settles it"


def _new(row: SourceRow) -> dict[str, Any]:
    """A row as a create: fields without a value left out (a new item has nothing to clear)."""
    fields = {slug: value for slug, value in row.fields.items() if value is not None}
    return {**row.payload, "fieldData": fields}


def _change(update: Update) -> dict[str, Any]:
    change: dict[str, Any] = {"id": update.entry.item_id, **update.row.payload}
    if update.why == "restore" and "isArchived" not in change:
        change["isArchived"] = False
    return change
