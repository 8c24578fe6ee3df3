"""Updates, deletes, unpublishes and publishes of many items, each input accounted for.

Each write goes out in batches (``_batching``). When a batch's fate is
unknown after the transport's retries, its items are read back: a change
that is on the server succeeds, one that is not fails with the request's
error, and one that cannot be read is ``unknown``. Creates, which a re-send
could duplicate, are in ``_creates``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from functools import partial
from typing import Any

from . import _endpoints
from ._batching import AMBIGUOUS, AppliedBefore, OnAmbiguous, Send, as_error, send_batches
from ._reads import ItemReader
from ._session import Session
from ._tasks import run_all
from .bulk import Tracker
from .errors import APIError, NotFoundError, WebflowError
from .models import Item

__all__ = ["ItemWriter", "same_fields", "same_flags"]


def same_fields(wanted: Mapping[str, Any], item: Item) -> bool:
    """Every field value asked for is the item's."""
    current = item.fields
    return all(current.get(k) == v for k, v in wanted.items())


def same_flags(wanted: Mapping[str, Any], item: Item) -> bool:
    """The ``isDraft`` / ``isArchived`` asked for are the item's (a flag not named counts as met)."""
    return all(
        wanted[key] is (value is True)
        for key, value in (("isDraft", item.is_draft), ("isArchived", item.is_archived))
        if key in wanted
    )


def _named_locales(ref: Mapping[str, Any]) -> list[str | None]:
    """The locales a delete/publish reference names (None: the primary locale)."""
    locales = ref.get("cmsLocaleIds")
    return list(locales) if isinstance(locales, list) and locales else [None]


class ItemWriter:
    """Bulk writes to one collection other than creates."""

    def __init__(self, session: Session, reader: ItemReader) -> None:
        self._session = session
        self._reader = reader
        self.collection_id = reader.collection_id

    async def send_batches(
        self,
        tracker: Tracker,
        payloads: Mapping[int, Mapping[str, Any]],
        send: Send,
        on_ambiguous: OnAmbiguous,
        *,
        group: Callable[[int], object] | None = None,
    ) -> None:
        """``_batching.send_batches`` with this client's concurrency."""
        await send_batches(
            self._reader,
            tracker,
            payloads,
            send,
            on_ambiguous,
            concurrency=self._session.max_concurrency,
            group=group,
        )

    async def each(self, check: Callable[[int], Awaitable[None]], indices: Iterable[int]) -> None:
        """Run ``check`` for every index, as many at once as the client allows."""
        await run_all([partial(check, i) for i in indices], self._session.max_concurrency)

    # -- update

    async def update(self, tracker: Tracker, payloads: Mapping[int, dict[str, Any]], *, live: bool) -> None:
        unsure: dict[int, Exception] = {}

        async def send(batch: list[int]) -> None:
            request = _endpoints.update_items(self.collection_id, [payloads[i] for i in batch], live=live)
            data = await self._session.send_json(request)
            returned: dict[tuple[str, str | None], Item] = {}
            for entry in data.get("items", []) if isinstance(data, dict) else []:
                changed = Item.from_wire(entry)
                returned[(changed.id, changed.cms_locale_id or None)] = changed
                returned.setdefault((changed.id, None), changed)
            for index in batch:
                payload = payloads[index]
                locale = payload.get("cmsLocaleId")
                item = returned.get((payload["id"], locale)) or returned.get((payload["id"], None))
                tracker.succeed(index, "updated", item, payload["id"])

        await self.send_batches(tracker, payloads, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))
        if unsure:
            await self._verify_updates(tracker, {i: payloads[i] for i in unsure}, unsure, live=live)

    async def _verify_updates(
        self,
        tracker: Tracker,
        payloads: Mapping[int, Mapping[str, Any]],
        errors: Mapping[int, Exception],
        *,
        live: bool,
    ) -> None:
        """After retries ran out, read the items back: applied changes succeed, others fail."""

        async def check(index: int) -> None:
            payload = payloads[index]
            try:
                item = await self._reader.get(payload["id"], live=live, cms_locale_id=payload.get("cmsLocaleId"))
            except AMBIGUOUS:
                tracker.mark_unknown(index)
                return
            except NotFoundError as err:
                tracker.fail(index, err)
                return
            if same_fields(payload.get("fieldData", {}), item) and same_flags(payload, item):
                tracker.succeed(index, "updated", item, item.id)
            else:
                tracker.fail(index, as_error(errors[index]))

        await self.each(check, payloads)

    # -- delete / unpublish

    async def remove(self, tracker: Tracker, refs: Mapping[int, dict[str, Any]], *, live: bool) -> None:
        """Delete the items (``live=False``) or take them off the live site (``live=True``)."""
        action = "unpublished" if live else "deleted"
        unsure: dict[int, Exception] = {}

        async def send(batch: list[int]) -> None:
            request = _endpoints.remove_items(self.collection_id, [refs[i] for i in batch], live=live)
            try:
                await self._session.send(request)
            except NotFoundError as err:
                if err.attempts > 1:
                    # The first attempt was applied before its answer was lost; the items are checked below.
                    raise AppliedBefore(err) from None
                raise
            for index in batch:
                tracker.succeed(index, action, None, refs[index]["id"])

        await self.send_batches(tracker, refs, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))

        async def check(index: int) -> None:
            """Removed means no named locale variant is left (staged, or live for an unpublish)."""
            item_id = refs[index]["id"]
            try:
                for locale in _named_locales(refs[index]):
                    try:
                        await self._reader.get(item_id, live=live, cms_locale_id=locale)
                    except NotFoundError:
                        continue
                    tracker.fail(index, as_error(unsure[index]))
                    return
            except AMBIGUOUS:
                tracker.mark_unknown(index)
                return
            tracker.succeed(index, action, None, item_id)

        await self.each(check, unsure)

    # -- publish

    async def publish(self, tracker: Tracker, refs: Mapping[int, dict[str, Any]]) -> None:
        """Publish the staged copies; Webflow's 202 names the ids it published and errors for the rest."""

        async def send(batch: list[int]) -> None:
            data = await self._session.send_json(_endpoints.publish_items(self.collection_id, [refs[i] for i in batch]))
            published = set(data.get("publishedItemIds") or []) if isinstance(data, dict) else set()
            errors = [str(e) for e in (data.get("errors") or [])] if isinstance(data, dict) else []
            for index in batch:
                item_id = refs[index]["id"]
                if item_id in published:
                    tracker.succeed(index, "published", None, item_id)
                    continue
                reasons = [e for e in errors if item_id in e] or errors[:1]
                message = "; ".join(reasons) or f"item {item_id} was not in publishedItemIds"
                tracker.fail(index, APIError(message, status=202, code="not_published"))

        unsure: dict[int, Exception] = {}
        await self.send_batches(tracker, refs, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))

        async def check(index: int) -> None:
            """Published means the live copy of every named locale now holds the staged one."""
            item_id = refs[index]["id"]
            try:
                for locale in _named_locales(refs[index]):
                    staged = await self._reader.get(item_id, cms_locale_id=locale)
                    try:
                        live = await self._reader.get(item_id, live=True, cms_locale_id=locale)
                    except NotFoundError:
                        live = None
                    if live is None or live.fields != staged.fields:
                        tracker.fail(index, as_error(unsure[index]))
                        return
            except NotFoundError as err:  # no staged copy: nothing was there to publish
                tracker.fail(index, err)
                return
            except AMBIGUOUS:
                tracker.mark_unknown(index)
                return
            tracker.succeed(index, "published", None, item_id)

        await self.each(check, unsure)

    async def publish_into(self, tracker: Tracker, refs: Mapping[int, dict[str, Any]]) -> None:
        """Publish for another job: inputs already settled (updated) keep their record unless publishing fails."""
        publisher = Tracker(tracker.inputs, None)
        await self.publish(publisher, refs)
        for outcome in publisher.result.succeeded:
            tracker.succeed(outcome.index, "published", None, outcome.id)
        for failure in publisher.result.failed:
            if tracker.is_done(failure.index):
                tracker.reopen(failure.index)
                failure_error: WebflowError = APIError(
                    f"updated, but not published: {failure.error}", status=None, code="not_published"
                )
            else:
                failure_error = failure.error
            tracker.fail(failure.index, failure_error)
        for index in publisher.result.unknown:
            if not tracker.is_done(index):
                tracker.mark_unknown(index)
        tracker.report()
