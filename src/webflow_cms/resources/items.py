"""``wf.items(collection_id)``: list, get, write and publish the items of one collection.

This is the resource users hold; each method checks its arguments and hands
the work to the machinery beside it: ``_reads`` (listing and gets), ``_inputs``
(checks on what is passed in), ``_creates`` (creates that never duplicate),
``_writes`` (updates, deletes, publishes) and ``_upsert``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, Unpack

from .._engine.creates import ItemCreator
from .._engine.inputs import (
    Check,
    CheckedInputs,
    check_id,
    invalid,
    locale_ids,
    new_item_payload,
    new_multi_locale_payload,
    reference_payload,
    update_payload,
)
from .._engine.jobs import single
from .._engine.reads import ItemReader
from .._engine.tracker import Tracker
from .._engine.upsert import Upsert
from .._engine.writes import ItemWriter
from .._http import endpoints
from .._http.query import ListFilters
from .._http.session import Session
from ..bulk import BulkJob
from ..errors import ValidationError
from ..models import Item
from ..pagination import MAX_PAGE_SIZE, ItemPager
from ..results import ProgressCallback

__all__ = ["Items"]


class Items:
    """The items of one collection, staged and live."""

    def __init__(self, session: Session, collection_id: str) -> None:
        self._session = session
        self.collection_id = check_id(collection_id, "collection id")
        self._reader = ItemReader(session, self.collection_id)
        self._writer = ItemWriter(session, self._reader)
        self._creator = ItemCreator(session, self._reader, self._writer)

    def __repr__(self) -> str:
        return f"Items(collection_id={self.collection_id!r})"

    # ------------------------------------------------------------------ reads

    def list(
        self,
        *,
        live: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        concurrency: int | None = None,
        offset: int = 0,
        **filters: Unpack[ListFilters],
    ) -> ItemPager[Item]:
        """Items of the collection: ``await`` it for the first page, ``async for`` it for all.

        ``live=True`` lists the published copies. ``offset=N`` starts at the item at position N
        (in the listing's order): ``await`` gives the page there and ``async for`` every item from
        there to the end, to resume a listing where it stopped; a negative offset is a ``ValueError``,
        one that is not an int a ``TypeError``, and one past the end gives no items.
        Filters combine (AND), all checked before sending:

        - ``name=``, ``slug=``, ``cms_locale_id=``: exact matches;
        - ``created_after=``/``created_before=``, ``updated_after=``/``updated_before=``,
          ``last_published_after=``/``last_published_before=``: datetimes (naive ones are UTC);
        - ``where={"price": {"gt": 10}, "size": {"in": [...]}}``: field filters by slug, with Webflow's
          operators (``eq ne gt gte lt lte in nin contains ncontains exists``), at most 10 terms;
        - ``sort_by=`` (``createdOn``, ``lastPublished``, ``lastUpdated``, ``name``, ``slug``) and
          ``sort_order=``; or ``sort=[("price", "desc")]``, up to 3 fields, which overrides ``sort_by``.
        """
        return self._reader.list(
            live=live, page_size=page_size, concurrency=concurrency, cached=True, offset=offset, **filters
        )

    async def get(self, item_id: str, *, live: bool = False, cms_locale_id: str | None = None) -> Item:
        """One item, its staged copy or (``live=True``) its published one."""
        return await self._reader.get(item_id, live=live, cms_locale_id=cms_locale_id, cached=True)

    # ------------------------------------------------------- single-item writes

    async def create(self, doc: object, *, live: bool = False) -> Item:
        """Create one item (safely: never duplicated by a retry); raise its error if it fails."""
        return await single(self.create_many([doc], live=live))

    async def update(self, item_id: str, changes: Mapping[str, Any], *, live: bool = False) -> Item:
        """Change one item (``changes`` like ``{"fieldData": {...}, "isDraft": False}``)."""
        return await single(self.update_many([{**changes, "id": item_id}], live=live))

    async def delete(self, item_id: str, *, cms_locale_id: str | None = None) -> None:
        """Delete one item, staged and live."""
        request = endpoints.delete_item(self.collection_id, check_id(item_id), cms_locale_id=cms_locale_id)
        await self._session.send(request)

    # ------------------------------------------------------------ bulk writes

    def create_many(
        self,
        docs: Sequence[object],
        *,
        live: bool = False,
        cms_locale_ids: Sequence[str] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> BulkJob[Item]:
        """Create any number of items, 100 per request, without ever creating one twice.

        After an ambiguous failure (5xx, broken connection) the items of that
        request are looked up by slug and only the missing ones are sent again.
        ``live=True`` creates them published. ``cms_locale_ids`` creates each item
        in every one of those locales at once (Webflow's ``/items/bulk``); each
        input then counts as that many variants toward the 100 per request.
        """
        locales = locale_ids(cms_locale_ids)
        if locales is not None and live:
            raise ValidationError(
                "cms_locale_ids creates staged items (Webflow has no live multi-locale create); "
                "create them, then publish them",
                status=None,
                code="invalid_input",
            )
        check: Check = new_item_payload if locales is None else partial(new_multi_locale_payload, locales=locales)

        async def run(tracker: Tracker) -> None:
            payloads = CheckedInputs(tracker, check, unique_slugs=True)
            await self._creator.create(tracker, payloads, live=live, locales=locales)

        return BulkJob(Tracker(docs, on_progress), run)

    def add_locales(
        self, item_id: str, variants: Mapping[str, Mapping[str, Any]], *, on_progress: ProgressCallback | None = None
    ) -> BulkJob[Item]:
        """Add locale variants, each with its own content, to an existing item (Webflow's Create Items).

        ``variants`` maps a CMS locale id to that variant's ``fieldData`` (``name`` and ``slug``
        required); the item must not have those variants yet. One result per locale, in the order
        given; a variant whose answer was lost is looked up in its locale before it is sent again.
        """
        item_id = check_id(item_id)
        if not isinstance(variants, Mapping) or not variants:
            raise ValidationError(
                f"variants must map CMS locale ids to fieldData, e.g. {{locale_id: {{'name': ..., 'slug': ...}}}}; "
                f"got {variants!r}",
                status=None,
                code="invalid_input",
            )
        docs = [{"cmsLocaleId": locale, "fieldData": fields} for locale, fields in variants.items()]

        def check(doc: object, index: int) -> dict[str, Any]:
            payload = new_item_payload(doc, index)
            if not isinstance(payload["cmsLocaleId"], str) or not payload["cmsLocaleId"]:
                raise invalid(index, f"a locale id is a non-empty string, got {payload['cmsLocaleId']!r}")
            return payload

        async def run(tracker: Tracker) -> None:
            await self._creator.create(tracker, CheckedInputs(tracker, check), live=False, variants_of=item_id)

        return BulkJob(Tracker(docs, on_progress), run)

    def update_many(
        self, changes: Sequence[object], *, live: bool = False, on_progress: ProgressCallback | None = None
    ) -> BulkJob[Item]:
        """Apply any number of changes (each with the item's ``id``), 100 per request.

        ``live=True`` changes the published copy too.
        """

        async def run(tracker: Tracker) -> None:
            await self._writer.update(tracker, CheckedInputs(tracker, update_payload), live=live)

        return BulkJob(Tracker(changes, on_progress), run)

    def delete_many(self, ids: Sequence[object], *, on_progress: ProgressCallback | None = None) -> BulkJob[Item]:
        """Delete any number of items (ids, or ``{"id", "cmsLocaleIds"}``), 100 variants per request."""

        async def run(tracker: Tracker) -> None:
            await self._writer.remove(tracker, CheckedInputs(tracker, reference_payload), live=False)

        return BulkJob(Tracker(ids, on_progress), run)

    def unpublish(self, ids: Sequence[object], *, on_progress: ProgressCallback | None = None) -> BulkJob[Item]:
        """Take items off the live site; their staged copies stay, as drafts."""

        async def run(tracker: Tracker) -> None:
            await self._writer.remove(tracker, CheckedInputs(tracker, reference_payload), live=True)

        return BulkJob(Tracker(ids, on_progress), run)

    def publish(self, ids: Sequence[object], *, on_progress: ProgressCallback | None = None) -> BulkJob[Item]:
        """Publish the staged copy of any number of items, 100 per request.

        Webflow answers 202 with the ids it published and an error for each it
        could not; each input lands in ``succeeded`` or ``failed`` accordingly.
        """

        async def run(tracker: Tracker) -> None:
            await self._writer.publish(tracker, CheckedInputs(tracker, reference_payload))

        return BulkJob(Tracker(ids, on_progress), run)

    def upsert_many(
        self,
        docs: Sequence[object],
        *,
        key: str = "slug",
        publish: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> BulkJob[Item]:
        """Create or update items matched on ``fieldData[key]``; unchanged ones are left alone.

        Each input succeeds as ``created``, ``updated`` or ``unchanged``. With
        ``publish=True`` everything it touched ends published: creates and
        updates go through the live endpoints, and unchanged items that are not
        live are published.
        """
        upsert = Upsert(self._reader, self._writer, self._creator)

        async def run(tracker: Tracker) -> None:
            await upsert.run(tracker, key=key, publish=publish)

        return BulkJob(Tracker(docs, on_progress), run)
