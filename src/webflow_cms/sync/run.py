"""``sync()``: keep one collection in step with a source, spending requests only on what changed.

A run reads the source, takes the collection's lock in the ledger, learns what changed in
Webflow (``remote``: a count and a delta read, or a full scan when something is odd), plans
(``plan``), writes (``writes``), and ends with a closing read that moves the watermark on.

The closing read lists the items changed since the run began (``lastUpdated`` at or after
``L0``, the newest before the run), newest first, 100 at most, with their total. When each one
is either this run's own write (its ``lastUpdated`` as the write's answer gave it) or was seen
unchanged before the writes, and the total is the number of such items, nobody else wrote
during the run: the watermark moves to the newest ``lastUpdated``. Otherwise it stays at ``L0``,
so the next run sees the change. A run that wrote nothing skips the closing read (its reads saw
every change up to ``L0``). What this cannot see: an editor's change, during the run, to an item
this run had already written, followed by more than 100 further writes of the run.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import attrs

from webflow_cms import AsyncWebflowCMS, Items, ValidationError, WebflowError

from .book import Book
from .errors import SyncLockedError
from .ledger import CollectionState, Ledger, SQLiteLedger
from .plan import ConflictPolicy, MissingPolicy, Plan, make_plan, requests_for
from .remote import (
    Count,
    Observed,
    just_before,
    read_changes,
    read_closing,
    read_count,
    read_everything,
    reconcile,
    stamp,
)
from .report import RowOutcome, SyncReport, show_key
from .source import Source, read_source
from .writes import Outcomes, Progress, Writer

__all__ = ["sync"]

_T = TypeVar("_T")
_MISSING = ("keep", "archive", "unpublish", "delete")
_CONFLICT = ("skip", "source", "webflow")


def _bad(message: str) -> ValidationError:
    return ValidationError(message, status=None, code="invalid_input")


def _requests(wf: AsyncWebflowCMS) -> int:
    """Requests the client has sent so far (retries included)."""
    return wf.requests_sent


async def sync(
    wf: AsyncWebflowCMS,
    collection_id: str,
    rows: Iterable[object] | AsyncIterable[object],
    *,
    ledger: Ledger | str | os.PathLike[str],
    key: str = "slug",
    on_missing: MissingPolicy = "keep",
    conflict: ConflictPolicy = "skip",
    publish: bool = False,
    dry_run: bool = False,
    rebuild: bool = False,
    on_progress: Progress | None = None,
    stop: anyio.Event | None = None,
    heartbeat_every: float = 30.0,
) -> SyncReport:
    """Make the collection hold the rows, matched on ``key``; return what was done.

    ``rows``: dicts of field values, item documents (``{"fieldData": ...}``), generated models or
    ``Held``, from any iterable or async iterable. ``ledger``: a ``Ledger`` or the path of a SQLite
    file. ``on_missing``: what to do with items whose key left the source (``keep``, ``archive``,
    ``unpublish``, ``delete``). ``conflict``: when an editor changed an item in Webflow (``skip``:
    report it and leave it, ``source``: overwrite it, ``webflow``: keep the editor's version).
    ``publish``: leave what was created or changed live. ``dry_run``: read, plan and report the
    requests the writes would cost; nothing is written, the ledger is not touched. ``rebuild``:
    forget the ledger's entries and adopt the collection's items by key. ``stop``: set it to end the
    run at once: requests in flight are abandoned, their rows left in doubt for the next run to settle
    (the report says ``interrupted``). Primary locale only.
    """
    if on_missing not in _MISSING:
        raise _bad(f"on_missing must be one of {', '.join(_MISSING)}, got {on_missing!r}")
    if conflict not in _CONFLICT:
        raise _bad(f"conflict must be one of {', '.join(_CONFLICT)}, got {conflict!r}")
    if not isinstance(key, str) or not key:
        raise _bad(f"key must be a field slug such as 'slug' or 'sku', got {key!r}")
    items = wf.items(collection_id)
    opened: SQLiteLedger | None = None
    if not isinstance(ledger, Ledger):
        exists = await anyio.Path(ledger).exists()
        opened = SQLiteLedger(":memory:" if dry_run and not exists else Path(ledger))
        ledger = opened
    spent = _requests(wf)
    try:
        source = await read_source(rows, key)
        run = _Run(wf, items, ledger, source, key=source.key, on_missing=on_missing, conflict=conflict, publish=publish)
        if dry_run:
            report = await run.dry(rebuild=rebuild)
        else:
            report = await run.locked(rebuild=rebuild, on_progress=on_progress, stop=stop, every=heartbeat_every)
    finally:
        if opened is not None:
            with anyio.CancelScope(shield=True):
                await opened.aclose()
    report.requests = _requests(wf) - spent
    return report


@attrs.define
class _Run:
    wf: AsyncWebflowCMS
    items: Items
    ledger: Ledger
    source: Source
    key: str
    on_missing: MissingPolicy
    conflict: ConflictPolicy
    publish: bool
    book: Book = attrs.field(factory=Book)
    state: CollectionState = attrs.field(factory=CollectionState)
    report: SyncReport = attrs.field(init=False)
    _scope: anyio.CancelScope | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        self.report = SyncReport(self.items.collection_id)

    @property
    def cid(self) -> str:
        return self.items.collection_id

    async def _read(self, *, rebuild: bool, write: bool) -> tuple[Count, Observed]:
        """Load the ledger, then learn what changed in Webflow: count and delta, or a full scan."""
        self.state, entries = await self.ledger.load(self.cid)
        reason: str | None = None
        if rebuild or self.state.key_field not in (None, self.key):
            was = self.state.key_field
            reason = "--rebuild" if rebuild else f"the ledger was kept on key {was!r}, not {self.key!r}: rebuilt"
            entries, self.state = [], CollectionState()
            if write:
                await self.ledger.reset(self.cid)
        elif self.state.watermark is None:
            reason = "first run: the ledger has no state for this collection" if not entries else "no run finished yet"
        elif self.state.needs_scan:
            reason = self.state.needs_scan
        self.book = Book(entries)
        count = await read_count(self.items)
        observed: Observed | None = None
        if reason is None:
            assert self.state.watermark is not None
            observed = reconcile(self.book, await read_changes(self.items, self.state.watermark), self.key, scan=False)
            if observed.rescan:
                reason = observed.rescan
            elif count.total != self.book.count():
                reason = (
                    f"the collection holds {count.total} items, the ledger knows {self.book.count()}:"
                    " items were created or deleted outside this sync"
                )
        if reason is not None:  # an empty collection needs no scan to learn that it holds nothing
            found = await read_everything(self.items, count.total, self.wf.max_concurrency) if count.total else []
            observed = reconcile(self.book, found, self.key, scan=True)
        assert observed is not None
        self.report.scan_reason = reason
        self.report.gone = [show_key(k) for k in observed.gone]
        self.report.adopted = len(observed.adopted)
        return count, observed

    def _plan(self, observed: Observed) -> Plan:
        plan = make_plan(
            self.source, self.book, observed, on_missing=self.on_missing, conflict=self.conflict, publish=self.publish
        )
        self.report.conflicts = plan.conflicts
        self.report.changed_in_webflow = [show_key(k) for k in plan.webflow_only + plan.kept_for_webflow]
        self.report.removals_held = plan.removals_held
        return plan

    async def dry(self, *, rebuild: bool) -> SyncReport:
        _, observed = await self._read(rebuild=rebuild, write=False)
        plan = self._plan(observed)
        report = self.report
        report.dry_run = True
        report.planned_requests = requests_for(plan, publish=self.publish)
        report.counts = _plan_counts(plan, self.source)
        report.missing = {show_key(e.key): _missing_word(e, plan) for e in plan.missing}
        report.rows = _source_rows(self.source) + [
            RowOutcome(c.row_index, show_key(c.key), "conflict") for c in plan.conflicts if c.row_index is not None
        ]
        report.rows.sort(key=lambda r: r.index)
        report.watermark = self.state.watermark
        return report

    async def locked(
        self, *, rebuild: bool, on_progress: Progress | None, stop: anyio.Event | None, every: float
    ) -> SyncReport:
        owner = secrets.token_hex(8)
        await self.ledger.lock(self.cid, owner)
        lost: list[SyncLockedError] = []
        try:
            async with anyio.create_task_group() as tg:

                async def beat() -> None:
                    while True:
                        await anyio.sleep(every)
                        try:
                            await self.ledger.heartbeat(self.cid, owner)
                        except SyncLockedError as exc:
                            lost.append(exc)
                            self._halt()
                            return

                async def halt() -> None:
                    assert stop is not None
                    await stop.wait()
                    self._halt()

                tg.start_soon(beat)
                if stop is not None:
                    tg.start_soon(halt)
                await self._run(rebuild=rebuild, on_progress=on_progress)
                tg.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):
                await self.ledger.unlock(self.cid, owner)
        if lost:
            raise lost[0]
        return self.report

    def _halt(self) -> None:
        """Stop the run now: requests in flight are abandoned; the ledger keeps their intents for the next run."""
        self.report.interrupted = True
        if self._scope is not None:
            self._scope.cancel()

    async def _phase(self, work: Callable[[], Awaitable[_T]]) -> _T | None:
        """``work()``, unless the run was stopped before or during it (then None)."""
        if self.report.interrupted:
            return None
        with anyio.CancelScope() as self._scope:
            return await work()
        return None

    async def _run(self, *, rebuild: bool, on_progress: Progress | None) -> None:
        report = self.report
        read = await self._phase(lambda: self._read(rebuild=rebuild, write=True))
        if read is None:  # stopped while reading: nothing written, nothing to record
            report.rows = [RowOutcome(r.index, show_key(r.key), "skipped") for r in self.source.rows]
            return
        count, observed = read
        plan = self._plan(observed)
        report.counts = _plan_counts(plan, self.source)
        await self.book.flush(self.ledger, self.cid)  # adoptions and accepted changes
        writer = Writer(self.items, self.book, self.ledger, self.cid, publish=self.publish, on_progress=on_progress)
        await self._phase(lambda: writer.run(plan))
        outcomes = writer.outcomes
        self._settle(plan, outcomes)
        needs_scan = outcomes.rescan
        if report.interrupted:
            await self.ledger.set_state(self.cid, attrs.evolve(self.state, key_field=self.key, needs_scan=needs_scan))
            report.watermark, report.watermark_note = self.state.watermark, "interrupted: the next run reads from here"
            return
        watermark, note = count.newest or self.state.watermark, None
        if plan.writes():
            watermark, note = await self._closing(count, observed, outcomes)
        report.watermark, report.watermark_note = watermark, note
        await self.ledger.set_state(self.cid, CollectionState(self.key, watermark, needs_scan))

    async def _closing(self, count: Count, observed: Observed, outcomes: Outcomes) -> tuple[str | None, str | None]:
        """The closing read (see the module docstring): the new watermark, and why it stayed if it did."""
        fallback = count.newest or self.state.watermark
        # The read asks from 1 ms before L0; whether Webflow counts that bound in is unknown, so the total may be
        # that of the items from L0 on (a bound left out) or from 1 ms before (a bound counted in).
        bound = None if count.newest is None else stamp(just_before(count.newest))
        expected: dict[str, str | None] = {
            item_id: updated
            for item_id, updated in observed.seen.items()
            if (bound is None or updated >= bound) and self.book.of_item(item_id) is not None
        }
        expected.update(outcomes.written)
        for item_id in outcomes.deleted:
            expected.pop(item_id, None)
        from_l0 = sum(1 for updated in expected.values() if count.newest is None or (updated or "") >= count.newest)
        try:
            page = await read_closing(self.items, count.newest)
        except WebflowError as exc:  # the writes are recorded; only the watermark cannot move on
            return fallback, f"the closing read failed ({exc}); the next run reads from before this one"
        strangers = [i for i in page.items if expected.get(i.id) != stamp(i.last_updated)]
        if strangers or page.total not in (len(expected), from_l0):
            return fallback, (
                f"{len(strangers) or abs(page.total - len(expected))} item(s) changed in Webflow during the run"
                " (or a write's outcome is unknown); the next run reads them"
            )
        return (stamp(page.items[0].last_updated) if page.items else fallback), None

    def _settle(self, plan: Plan, outcomes: Outcomes) -> None:
        """The report's counts and rows from the plan and what the writes did."""
        report, rows = self.report, _source_rows(self.source)
        planned = {r.index: r.key for r in plan.creates} | {u.row.index: u.row.key for u in plan.updates}
        for index in sorted(planned):
            key = show_key(planned[index])
            if index in outcomes.failed:
                rows.append(RowOutcome(index, key, "failed", outcomes.failed[index]))
            elif index in outcomes.unknown:
                rows.append(RowOutcome(index, key, "unknown", outcomes.unknown[index]))
            elif index not in outcomes.done:
                rows.append(RowOutcome(index, key, "skipped", "not sent: the run stopped before this row"))
        for index, error in outcomes.failed.items():
            if index not in planned:  # a publish of an unchanged row
                rows.append(RowOutcome(index, None, "failed", error))
        rows += [
            RowOutcome(c.row_index, show_key(c.key), "conflict") for c in plan.conflicts if c.row_index is not None
        ]
        report.rows = sorted(rows, key=lambda r: r.index)
        done = list(outcomes.done.values())
        actions = [r.action for r in report.rows]
        counts = _plan_counts(plan, self.source)
        counts.update(created=done.count("created"), updated=done.count("updated"), published=outcomes.published)
        counts.update({word: actions.count(word) for word in ("failed", "unknown", "skipped")})
        missing: dict[Any, str] = {}
        for entry in plan.missing:
            word, failure = outcomes.removed.get(entry.key), outcomes.removal_failed.get(entry.key)
            missing[show_key(entry.key)] = word or (
                f"not removed: {failure}" if failure else _missing_word(entry, plan)
            )
        for action in ("archived", "unpublished", "deleted"):
            counts[action] = sum(1 for w in outcomes.removed.values() if w == action)
        counts["removalFailed"] = len(outcomes.removal_failed)
        report.missing, report.counts = missing, counts


def _missing_word(entry: Any, plan: Plan) -> str:
    for removal, action in plan.removals:
        if removal.key == entry.key:
            return f"to be {action}d" if action != "delete" else "to be deleted"
    return entry.removed or "kept"


def _source_rows(source: Source) -> list[RowOutcome]:
    rows = [RowOutcome(p.index, show_key(p.key) if p.key else None, "failed", p.error) for p in source.problems]
    return rows + [RowOutcome(index, show_key(k), "held", why) for k, (index, why) in source.held.items()]


def _plan_counts(plan: Plan, source: Source) -> dict[str, int]:
    return {
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "unchanged": len(plan.unchanged),
        "published": len(plan.publish),
        "conflicts": len(plan.conflicts),
        "changedInWebflow": len(plan.webflow_only) + len(plan.kept_for_webflow),
        "missing": len(plan.missing),
        "toRemove": len(plan.removals),
        "failed": len(source.problems),
        "held": len(source.held),
    }
