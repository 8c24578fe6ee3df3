"""Upsert: create or update items matched on a field, leaving unchanged ones alone.

The collection is read once to plan each input (create, update, publish, or
nothing); the plan then runs through the create and write machinery. With
``publish`` everything the upsert touched ends published.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ConflictError
from ..models import Item, ItemStatus
from .creates import ItemCreator
from .inputs import Check, CheckedInputs, invalid, new_item_payload
from .reads import ItemReader
from .tracker import Tracker
from .writes import ItemWriter, same_fields

__all__ = ["Upsert"]

log = logging.getLogger("webflow_cms")

#: An update to make: the change to send, and the item as the scan found it.
_Update = tuple[dict[str, Any], Item]


class Upsert:
    """One collection's upserts."""

    def __init__(self, reader: ItemReader, writer: ItemWriter, creator: ItemCreator) -> None:
        self._reader = reader
        self._writer = writer
        self._creator = creator

    async def run(
        self,
        tracker: Tracker,
        *,
        key: str,
        publish: bool,
        check: Check = new_item_payload,
        as_new: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> None:
        """Upsert the inputs; ``check`` makes each one a payload, ``as_new`` adapts the payloads to create."""
        # Slugs must be unique among the inputs; name and slug are always present.
        payloads = CheckedInputs(tracker, check, unique_slugs=key == "slug").check_all()
        for index in list(payloads):
            value = payloads[index]["fieldData"].get(key)
            if value is None:
                tracker.fail(index, invalid(index, f"fieldData.{key} is the upsert key and is missing"))
                del payloads[index]
        if not payloads:
            return  # nothing valid to write: no need to read the collection
        wanted = {payloads[i]["fieldData"][key] for i in payloads}
        existing: dict[Any, Item] = {}
        async for current in self._reader.list():
            # The scan reads every item of the collection: no dict copy for the common slug key.
            value = current.field_data.slug if key == "slug" else current.fields.get(key)
            if value in wanted:
                existing.setdefault(value, current)

        creates: dict[int, dict[str, Any]] = {}
        updates: dict[int, _Update] = {}
        to_publish: dict[int, dict[str, Any]] = {}
        for index, payload in payloads.items():
            item = existing.get(payload["fieldData"][key])
            if item is None:
                creates[index] = payload if as_new is None else as_new(payload)
            elif same_fields(payload["fieldData"], item) and all(
                getattr(item, attr) == payload[flag]
                for flag, attr in (("isDraft", "is_draft"), ("isArchived", "is_archived"))
                if flag in payload
            ):
                if publish and item.status is not ItemStatus.PUBLISHED:
                    to_publish[index] = {"id": item.id}
                else:
                    tracker.succeed(index, "unchanged", item, item.id)
            else:
                updates[index] = ({**payload, "id": item.id}, item)
        tracker.report()
        await self._creator.create(tracker, creates, live=publish)
        if key == "slug":
            updates.update(await self._undo_renamed(tracker, creates, payloads))
        await self._apply_updates(tracker, updates, publish=publish)
        if to_publish:
            await self._writer.publish_into(tracker, to_publish)

    async def _apply_updates(self, tracker: Tracker, updates: Mapping[int, _Update], *, publish: bool) -> None:
        """The updates; with ``publish``, live where the item was ever published, else staged then published.

        Webflow refuses a live PATCH of an item that was never published (upstream's 409
        example on both live PATCH operations), so such items are changed staged first.
        """
        never = {i: change for i, (change, item) in updates.items() if publish and item.last_published is None}
        changes = {i: change for i, (change, _) in updates.items() if i not in never}
        await self._writer.update(tracker, changes, live=publish)
        if not never:
            return
        await self._writer.update(tracker, never, live=False)
        updated = {r.index for r in tracker.result.succeeded if r.index in never}
        await self._writer.publish_into(tracker, {i: {"id": never[i]["id"]} for i in updated})

    async def _undo_renamed(
        self, tracker: Tracker, creates: Mapping[int, Mapping[str, Any]], payloads: Mapping[int, dict[str, Any]]
    ) -> dict[int, _Update]:
        """Creates Webflow gave a suffixed slug, because another writer took the slug after the scan.

        An upsert must leave one item per slug: our copies are deleted and the inputs' payloads
        (as checked, before being adapted to a create) are returned as updates of the items
        that hold the slugs now.
        """
        renamed = [
            r
            for r in list(tracker.result.succeeded)
            if r.index in creates and r.item is not None and r.item.slug != creates[r.index]["fieldData"]["slug"]
        ]
        if not renamed:
            return {}
        for record in renamed:
            tracker.reopen(record.index)
        remover = Tracker(tracker.inputs, None)
        await self._writer.remove(remover, {r.index: {"id": r.id} for r in renamed}, live=False)
        removed = {r.index for r in remover.result.succeeded}
        for record in renamed:
            if record.index not in removed:
                assert record.item is not None
                message = (
                    f"slug {creates[record.index]['fieldData']['slug']!r} was taken during the upsert; "
                    f"the item was created as {record.item.slug!r} and could not be removed"
                )
                tracker.mark_unknown(record.index, ConflictError(message, status=None, code="duplicate_slug"))
        wanted = {creates[i]["fieldData"]["slug"]: i for i in removed}
        owners = await self._reader.find_slugs(set(wanted), None)
        log.warning("upsert: %d slugs were created by another writer meanwhile; updating theirs", len(wanted))
        updates: dict[int, _Update] = {}
        for slug, index in wanted.items():
            owner = owners.get(slug)
            if owner is None:
                message = f"slug {slug!r} was taken during the upsert, then freed again; nothing was written"
                tracker.fail(index, ConflictError(message, status=None, code="duplicate_slug"))
            else:
                updates[index] = ({**payloads[index], "id": owner.id}, owner)
        return updates
