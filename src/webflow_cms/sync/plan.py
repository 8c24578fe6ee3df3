"""The plan of a run: what each source row and each ledger entry needs, decided before anything is sent.

Per row, from its hash against the ledger's and from what the reads saw in Webflow:

- no entry (or only a create that was never confirmed): create;
- an entry with an intent that was never confirmed (an interrupted run): send the row again;
- an entry adopted from Webflow (no hash yet): unchanged if Webflow holds the row's values, else update;
- an entry the missing policy archived: update (unarchive); one it unpublished: publish again with ``publish``;
- source changed, Webflow not: update; neither: unchanged (published when ``publish`` asks and it is not live);
- Webflow changed, source not: left as the editor made it and reported, except under ``conflict="source"``;
- both changed: a conflict. ``skip`` reports it and keeps it in the ledger for the next run, ``source``
  overwrites the editor's change, ``webflow`` keeps it and takes the row as applied.

Entries whose key left the source are missing: ``keep`` reports them, ``archive``, ``unpublish`` and
``delete`` take them down (an item an editor changed since counts as a conflict first). Held rows, and
rows refused before sending, keep their items as they are; a refused row without a key stops every
removal of the run, since its item cannot be told from one that left the source.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Literal

import attrs

from webflow_cms import Item

from .book import Book
from .ledger import Entry
from .remote import Observed, published_state, stamp
from .source import Source, SourceRow

__all__ = ["Conflict", "ConflictPolicy", "MissingPolicy", "Plan", "Update", "make_plan", "requests_for"]

MissingPolicy = Literal["keep", "archive", "unpublish", "delete"]
ConflictPolicy = Literal["skip", "source", "webflow"]
Removal = Literal["archive", "unpublish", "delete"]
_BATCH = 100


@attrs.frozen
class Update:
    """A row to write over its item, and why: ``changed``, ``adopted`` (differs from the item it was matched
    with), ``restore`` (it was archived), ``resend`` (an interrupted write), ``webflow`` or ``conflict``
    (an editor's change overwritten under ``conflict="source"``)."""

    row: SourceRow
    entry: Entry
    why: str


@attrs.frozen
class Conflict:
    """An item changed both in Webflow and in the source (or missing from the source), kept as the editor left it."""

    key: str
    item_id: str | None
    webflow_updated: str | None
    row_index: int | None


@attrs.define
class Plan:
    """What the run will do; the counts of a dry run come from here."""

    creates: list[SourceRow] = attrs.field(factory=list)
    updates: list[Update] = attrs.field(factory=list)
    unchanged: list[SourceRow] = attrs.field(factory=list)
    #: Unchanged rows whose items are not live (``publish`` only): (key, row index).
    publish: list[tuple[str, int]] = attrs.field(factory=list)
    conflicts: list[Conflict] = attrs.field(factory=list)
    #: Conflicts resolved for Webflow (``conflict="webflow"``): their keys.
    kept_for_webflow: list[str] = attrs.field(factory=list)
    #: Items changed only in Webflow, left as they are: their keys.
    webflow_only: list[str] = attrs.field(factory=list)
    #: Every entry whose key is not in the source (kept, already taken down, or about to be).
    missing: list[Entry] = attrs.field(factory=list)
    removals: list[tuple[Entry, Removal]] = attrs.field(factory=list)
    #: Why removals were not done this run (a row without a key), if they were not.
    removals_held: str | None = None

    def writes(self) -> int:
        return len(self.creates) + len(self.updates) + len(self.removals) + len(self.publish)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _moment(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or len(value) < 10 or value[4:5] != "-":
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


def same_value(sent: Any, held: Any) -> bool:
    """Whether Webflow holds what a row would send (numbers and dates by value; a file sent by URL never is)."""
    if sent == held:
        return True
    a, b = _number(sent), _number(held)
    if a is not None and b is not None:
        return a == b
    ta, tb = _moment(sent), _moment(held)
    if ta is not None and tb is not None:
        return ta == tb
    if isinstance(sent, list) and isinstance(held, list) and len(sent) == len(held):
        return all(same_value(x, y) for x, y in zip(sent, held, strict=True))
    return False


def same_content(row: SourceRow, item: Item) -> bool:
    """Whether the item already holds every value and flag of the row."""
    held = item.fields
    if not all(same_value(value, held.get(slug)) for slug, value in row.fields.items()):
        return False
    flags = (("isDraft", item.is_draft), ("isArchived", item.is_archived))
    return all(row.payload[flag] is (value is True) for flag, value in flags if flag in row.payload)


def _archived(row: SourceRow) -> bool:
    return row.payload.get("isArchived") is True


class _Planner:
    def __init__(self, book: Book, observed: Observed, *, conflict: ConflictPolicy, publish: bool) -> None:
        self.book = book
        self.observed = observed
        self.conflict = conflict
        self.publish = publish
        self.plan = Plan()

    def _webflow_stamp(self, entry: Entry) -> str | None:
        item = self.observed.items.get(entry.key)
        return stamp(item.last_updated) if item is not None else entry.conflict

    def _accept(self, entry: Entry, **changes: Any) -> Entry:
        """Take Webflow's current state of the item into the ledger (no request)."""
        item = self.observed.items.get(entry.key)
        published = published_state(item) if item is not None else entry.published
        return self.book.update(
            entry.key, last_updated=self._webflow_stamp(entry), conflict=None, published=published, **changes
        )

    def _unchanged(self, row: SourceRow, entry: Entry) -> None:
        self.plan.unchanged.append(row)
        if entry.removed is not None:
            entry = self.book.update(entry.key, removed=None)
        if self.publish and entry.published != "live" and not _archived(row):
            self.plan.publish.append((entry.key, row.index))

    def row(self, row: SourceRow) -> None:
        plan, entry = self.plan, self.book.get(row.key)
        if entry is None or entry.item_id is None:
            plan.creates.append(row)
            return
        if entry.pending is not None:
            plan.updates.append(Update(row, entry, "resend"))
            return
        if entry.hash is None:
            item = self.observed.items.get(entry.key)
            if item is not None and same_content(row, item):
                self._unchanged(row, self.book.update(entry.key, hash=row.hash))
            else:
                plan.updates.append(Update(row, entry, "adopted"))
            return
        if entry.removed == "archived":
            plan.updates.append(Update(row, entry, "restore"))
            return
        source_changed = row.hash != entry.hash
        if entry.key in self.observed.changed or entry.conflict is not None:
            if self.conflict == "source":
                plan.updates.append(Update(row, entry, "conflict" if source_changed else "webflow"))
            elif not source_changed:
                self._accept(entry)
                plan.webflow_only.append(entry.key)
            elif self.conflict == "webflow":
                self._accept(entry, hash=row.hash)
                plan.kept_for_webflow.append(entry.key)
            else:
                self.book.update(entry.key, conflict=self._webflow_stamp(entry))
                plan.conflicts.append(Conflict(entry.key, entry.item_id, self._webflow_stamp(entry), row.index))
            return
        if source_changed:
            plan.updates.append(Update(row, entry, "changed"))
        else:
            self._unchanged(row, entry)

    def missing(self, entry: Entry, on_missing: MissingPolicy) -> None:
        plan = self.plan
        if entry.item_id is None:  # a create never confirmed, of a row gone from the source
            self.book.drop(entry.key)
            return
        plan.missing.append(entry)
        if entry.key in self.observed.changed or entry.conflict is not None:
            if self.conflict == "skip" and on_missing != "keep":
                self.book.update(entry.key, conflict=self._webflow_stamp(entry))
                plan.conflicts.append(Conflict(entry.key, entry.item_id, self._webflow_stamp(entry), None))
                return
            if self.conflict != "source" or on_missing == "keep":
                self._accept(entry)
                plan.webflow_only.append(entry.key)
                return
        if on_missing == "keep" or plan.removals_held is not None:
            return
        if on_missing == "archive" and entry.removed != "archived":
            plan.removals.append((entry, "archive"))
        elif on_missing == "unpublish" and entry.removed != "unpublished":
            if entry.published == "staged" and entry.pending is None:
                self.book.update(entry.key, removed="unpublished")  # nothing live to take down
            else:
                plan.removals.append((entry, "unpublish"))
        elif on_missing == "delete":
            plan.removals.append((entry, "delete"))


def make_plan(
    source: Source,
    book: Book,
    observed: Observed,
    *,
    on_missing: MissingPolicy,
    conflict: ConflictPolicy,
    publish: bool,
) -> Plan:
    """Decide every row and entry (the book takes what needs no request: adoptions, accepted changes)."""
    planner = _Planner(book, observed, conflict=conflict, publish=publish)
    keyless = [p.index for p in source.problems if p.key is None]
    if keyless and on_missing != "keep":
        rows = ", ".join(str(i) for i in keyless[:5])
        planner.plan.removals_held = (
            f"row(s) {rows} have no usable key, so their items cannot be told from items that left the source;"
            f" no item was {on_missing}d this run"
        )
    present: set[str] = set(source.held) | {p.key for p in source.problems if p.key is not None}
    for row in source.rows:
        present.add(row.key)
        planner.row(row)
    for entry in book.entries():
        if entry.key not in present:
            planner.missing(entry, on_missing)
    return planner.plan


def requests_for(plan: Plan, *, publish: bool, closing: bool = True) -> int:
    """The requests the plan's writes cost when nothing fails (and the closing read)."""

    def batches(n: int) -> int:
        return math.ceil(n / _BATCH)

    live = [u for u in plan.updates if publish and u.entry.published != "staged"]
    staged = len(plan.updates) - len(live)
    to_publish = len(plan.publish) + (staged if publish else 0)
    removals: dict[str, int] = {}
    for _, action in plan.removals:
        removals[action] = removals.get(action, 0) + 1
    total = batches(len(plan.creates)) + batches(len(live)) + batches(staged) + batches(to_publish)
    total += sum(batches(n) for n in removals.values())
    return total + (1 if closing and plan.writes() else 0)
