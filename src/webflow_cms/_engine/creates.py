"""Creating many items without ever creating one twice.

Webflow has no idempotency keys, so a create whose answer was lost is never
re-sent blindly: the items of that request are looked up by slug first, and
only those that do not exist are sent again, for as many rounds as the retry
policy allows. An answer that does not say which item was created (Webflow's
examples include one that echoes the request) is settled the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .._http import endpoints
from .._http.session import Session
from ..errors import APIConnectionError, APIError, ServerError, UnexpectedResponseError
from ..models import Item
from .inputs import lookup_locale
from .reads import ItemReader
from .tracker import Tracker
from .writes import ItemWriter

__all__ = ["ItemCreator"]

log = logging.getLogger("webflow_cms")


def _suffixed(wanted: str, given: str) -> bool:
    """True when ``given`` is ``wanted`` or ``wanted`` plus the ``-xxxxx`` Webflow adds to a taken slug."""
    return given == wanted or re.fullmatch(re.escape(wanted) + r"-[0-9a-z]+", given) is not None


def _insert_entry(payload: Mapping[str, Any], item_id: str | None = None) -> dict[str, Any]:
    """One entry of a Create Items body: the checked create payload, its locale(s) as ``cmsLocaleIds``,
    and ``id`` when it adds a locale variant to that existing item."""
    entry = {key: value for key, value in payload.items() if key != "cmsLocaleId"}
    if item_id is not None:
        entry["id"] = item_id
    locale = payload.get("cmsLocaleId")
    if isinstance(locale, str):
        entry["cmsLocaleIds"] = [locale]
    return entry


#: Answers of a server without Create Items: the request was refused before anything was created.
_NO_INSERT = (404, 405)


def _multi_locale_body(payloads: Mapping[int, Mapping[str, Any]], batch: Sequence[int]) -> dict[str, Any]:
    """The ``/items/bulk`` body: the batch's items, each created in every one of its locales.

    One item goes as a ``fieldData`` object, several as a list (upstream's two examples);
    ``isDraft``/``isArchived`` are per request, so a batch holds inputs that agree on them.
    """
    first = payloads[batch[0]]
    fields = [payloads[i]["fieldData"] for i in batch]
    body: dict[str, Any] = {
        "cmsLocaleIds": list(first["cmsLocaleIds"]),
        "fieldData": fields[0] if len(fields) == 1 else fields,
    }
    for flag in ("isDraft", "isArchived"):
        if flag in first:
            body[flag] = first[flag]
    return body


class ItemCreator:
    """Creates of one collection, in rounds that re-send only what surely does not exist."""

    def __init__(self, session: Session, reader: ItemReader, writer: ItemWriter) -> None:
        self._session = session
        self._reader = reader
        self._writer = writer
        self.collection_id = reader.collection_id

    async def create(
        self,
        tracker: Tracker,
        payloads: Mapping[int, dict[str, Any]],
        *,
        live: bool,
        locales: tuple[str, ...] | None = None,
        variants_of: str | None = None,
    ) -> None:
        """Create ``payloads`` (checked as the first round goes), or, with ``variants_of``, add them to
        that existing item as new locale variants (Create Items only)."""
        pending = payloads  # checked as the first round goes, when it is CheckedInputs
        last_error: dict[int, Exception] = {}
        failed_rounds = 0
        while True:
            ambiguous, unread = await self._round(
                tracker, pending, last_error, live=live, locales=locales, variants_of=variants_of
            )
            if not ambiguous and not unread:
                return
            # One lookup for both: creates that may have happened, and creates the answer did not describe.
            found = await self._find_created(tracker, {i: pending[i] for i in (*ambiguous, *unread)}, variants_of)
            reason = UnexpectedResponseError(
                "the item was created, but the answer did not describe it and no item has its slug", status=None
            )
            for index in unread:
                if index not in found:
                    tracker.mark_unknown(index, reason)  # a success answer: never re-sent
            pending = {i: pending[i] for i in ambiguous if i not in found and not tracker.is_done(i)}
            if not pending:
                return
            # A lookup showed these do not exist, so sending them again is safe; the policy says how often.
            if not self._session.retry_policy.should_retry(failed_rounds, safe=True):
                break
            failed_rounds += 1
            log.info(
                "create: %d items of failed requests do not exist; sending them again (round %d)",
                len(pending),
                failed_rounds + 1,
            )
        for index in pending:
            error = last_error[index]
            if isinstance(error, APIError):
                tracker.fail(index, error)
            else:
                tracker.fail(index, APIConnectionError(f"create failed and the item does not exist: {error}"))

    async def _round(
        self,
        tracker: Tracker,
        pending: Mapping[int, dict[str, Any]],
        last_error: dict[int, Exception],
        *,
        live: bool,
        locales: tuple[str, ...] | None,
        variants_of: str | None = None,
    ) -> tuple[list[int], list[int]]:
        """Send every pending create once.

        Returns the inputs whose request failed ambiguously, and those whose request
        succeeded but whose answer did not identify the created item.
        """
        ambiguous: list[int] = []
        unread: list[int] = []

        def remember(batch: list[int], exc: Exception) -> None:
            ambiguous.extend(batch)
            last_error.update(dict.fromkeys(batch, exc))

        async def send(batch: list[int]) -> None:
            if variants_of is None and (live or self._session.create_via != "insert"):
                data = await self._send_classic(pending, batch, live=live, locales=locales)
            else:
                entries = [_insert_entry(pending[i], variants_of) for i in batch]
                try:
                    data = await self._session.send_json(endpoints.insert_items(self.collection_id, entries))
                except APIError as exc:
                    if exc.status not in _NO_INSERT or variants_of is not None:
                        raise
                    # Refused, so nothing was created: the older endpoints may serve it. Only their
                    # success shows the server lacks Create Items (a missing collection 404s there too).
                    data = await self._send_classic(pending, batch, live=live, locales=locales)
                    log.info(
                        "create: %s answered %d to Create Items (/items/insert) and served /items; using /items "
                        "from now on",
                        self._session.base_url,
                        exc.status,
                    )
                    self._session.create_via = "items"
            # An answer without the items (even an empty body) is settled by the slug lookup, never re-sent.
            unread.extend(self._settle(tracker, batch, pending, data))

        def flags(index: int) -> object:
            return (pending[index].get("isDraft"), pending[index].get("isArchived"))

        await self._writer.send_batches(tracker, pending, send, remember, group=flags if locales is not None else None)
        return ambiguous, unread

    async def _send_classic(
        self, pending: Mapping[int, dict[str, Any]], batch: list[int], *, live: bool, locales: tuple[str, ...] | None
    ) -> Any:
        """The batch through ``/items`` (or ``/items/live``), or ``/items/bulk`` for several locales."""
        if locales is None:
            request = endpoints.create_items(self.collection_id, [pending[i] for i in batch], live=live)
        else:
            request = endpoints.create_item_in_locales(self.collection_id, _multi_locale_body(pending, batch))
        return await self._session.send_json(request)

    def _settle(
        self, tracker: Tracker, batch: list[int], payloads: Mapping[int, Mapping[str, Any]], data: Any
    ) -> list[int]:
        """Settle the inputs whose created item the answer shows; return those it does not identify.

        The answer may list the items (each locale variant apart), be one item, or (as one
        of Webflow's examples shows) echo the request without ids. Items are matched by
        slug, or by position when Webflow changed the slug (it adds a suffix when the slug
        is taken), and the slug Webflow really gave is kept on the reported item.
        """
        raw = data.get("items") if isinstance(data, dict) and "items" in data else [data]
        entries: list[Item | None] = []
        for entry in raw if isinstance(raw, list) else []:
            try:
                entries.append(Item.from_wire(entry))
            except UnexpectedResponseError:
                entries.append(None)
        by_slug: dict[tuple[str, str | None], Item] = {}
        for created in entries:
            if created is not None:
                by_slug.setdefault((created.slug, created.cms_locale_id or None), created)
                by_slug.setdefault((created.slug, None), created)
        positional = len(entries) == len(batch)
        unread: list[int] = []
        for pos, index in enumerate(batch):
            payload = payloads[index]
            slug = payload["fieldData"]["slug"]
            item = by_slug.get((slug, lookup_locale(payload))) or by_slug.get((slug, None))
            if item is None and positional:
                candidate = entries[pos]
                if candidate is not None and _suffixed(slug, candidate.slug):
                    item = candidate
                    log.warning("create: input %d was given the slug %r (%r is taken)", index, item.slug, slug)
            if item is None:
                unread.append(index)
            else:
                tracker.succeed(index, "created", item, item.id)
        return unread

    async def _find_created(
        self, tracker: Tracker, payloads: Mapping[int, Mapping[str, Any]], variants_of: str | None = None
    ) -> set[int]:
        """After a create that may have happened, settle the inputs whose item exists; return their indices.

        For new variants of an item (``variants_of``) only that item counts: another item with the slug
        in that locale means the variant was not added, so it is safe to send again.
        """
        by_locale: dict[str | None, dict[str, int]] = {}
        for index, payload in payloads.items():
            by_locale.setdefault(lookup_locale(payload), {})[payload["fieldData"]["slug"]] = index
        found: set[int] = set()
        try:
            for locale, slugs in by_locale.items():
                for slug, item in (await self._reader.find_slugs(set(slugs), locale)).items():
                    if variants_of is not None and item.id != variants_of:
                        continue
                    tracker.succeed(slugs[slug], "created", item, item.id)
                    found.add(slugs[slug])
        except (APIConnectionError, ServerError) as exc:
            log.warning("create: could not check %d items after a failed request: %s", len(payloads), exc)
            for index in payloads:
                if index not in found:
                    tracker.mark_unknown(index)
        return found
