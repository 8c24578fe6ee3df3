"""``wf.items(collection_id, model=BlogPost)``: one collection's items as instances of a generated model.

The same machinery as ``wf.items(collection_id)`` (batching, creates that
never duplicate, read-back, upsert), with model instances going in and coming
out: each instance is checked and encoded before anything is sent (an option
name becomes its id, a ``datetime`` an ISO string), and each item read or
written comes back as the model.

A model names the collection it was generated from (``__collection__``). Used
on another one it still works, as generated modules are meant to be reused
across sites whose collections share a schema (staging, then production), and
what does not fit is caught item by item; but it warns once, in case the ids
were mixed up, and ``strict=True`` refuses it instead.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Sequence
from typing import Any, Generic, TypeVar, Unpack

from .._engine.codec import ModelCodec, codec_for
from .._engine.creates import ItemCreator
from .._engine.inputs import CheckedInputs, check_id, new_item_payload, reference_payload, update_payload
from .._engine.jobs import single
from .._engine.reads import ItemReader, page_parser
from .._engine.tracker import Tracker
from .._engine.upsert import Upsert
from .._engine.writes import ItemWriter
from .._http import endpoints
from .._http.query import ListFilters, ListQuery
from .._http.session import Session
from ..bulk import BulkJob
from ..errors import ValidationError
from ..pagination import MAX_PAGE_SIZE, ItemPager
from ..results import ProgressCallback
from ..typed import CMSItem
from .items import Items

__all__ = ["CollectionMismatchError", "CollectionMismatchWarning", "ModelItems"]

M = TypeVar("M", bound=CMSItem)


class CollectionMismatchWarning(UserWarning):
    """A model generated from one collection is used on another: ``wf.items(other_id, model=M)``.

    Expected when the collections share a schema (a staging site's models used on production);
    ``warnings.filterwarnings("ignore", category=CollectionMismatchWarning)`` silences it, and
    ``wf.items(..., strict=True)`` turns it into ``CollectionMismatchError``.
    """


class CollectionMismatchError(ValidationError):
    """``wf.items(collection_id, model=M, strict=True)`` where ``M`` was generated from another collection."""


#: The collections each model was used on without its own id, already warned about (once per pair).
_warned: weakref.WeakKeyDictionary[type[CMSItem], set[str]] = weakref.WeakKeyDictionary()


def _check_collection(model: type[CMSItem], collection_id: str, *, strict: bool) -> None:
    """Warn once per model and collection (or raise, ``strict``) when the model was generated from another."""
    spec = model.__collection__
    if spec.collection_id == collection_id:
        return
    name = model.__name__
    origin = f"{name} was generated from collection {spec.collection_id} ({spec.name!r}), not {collection_id}"
    if strict:
        raise CollectionMismatchError(
            f"{origin}; regenerate the models from this collection's site (webflow-cms codegen --site SITE_ID "
            f"-o FILE), or leave strict=True out to use {name} on a collection with the same schema",
            status=None,
            code="collection_mismatch",
        )
    seen = _warned.setdefault(model, set())
    if collection_id in seen:
        return
    seen.add(collection_id)
    warnings.warn(
        f"{origin}; it is used as is (items that do not fit it still fail). If the collections share a schema, "
        "silence this with warnings.filterwarnings('ignore', category=webflow_cms.CollectionMismatchWarning); "
        "pass strict=True to wf.items() to refuse such a model instead",
        CollectionMismatchWarning,
        stacklevel=4,  # the caller of wf.items()
    )


class ModelItems(Generic[M]):
    """The items of one collection as ``M`` instances, staged and live."""

    def __init__(self, session: Session, collection_id: str, model: type[M], *, strict: bool = False) -> None:
        self._session = session
        self.collection_id = check_id(collection_id, "collection id")
        self.model = model
        self._codec: ModelCodec[M] = codec_for(model)
        _check_collection(model, self.collection_id, strict=strict)
        self._reader = ItemReader(session, self.collection_id)
        self._writer = ItemWriter(session, self._reader)
        self._creator = ItemCreator(session, self._reader, self._writer)
        self._parse = page_parser(self._codec.decode)

    def __repr__(self) -> str:
        return f"ModelItems(collection_id={self.collection_id!r}, model={self.model.__name__})"

    @property
    def untyped(self) -> Items:
        """The same collection with plain dicts and ``Item`` results (for partial changes, locales, ...)."""
        return Items(self._session, self.collection_id)

    # ------------------------------------------------------------------ reads

    def list(
        self,
        *,
        live: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        concurrency: int | None = None,
        offset: int = 0,
        **filters: Unpack[ListFilters],
    ) -> ItemPager[M]:
        """The items as ``M``: ``await`` it for the first page, ``async for`` it for all.

        ``offset=N`` starts at the item at position N, as in ``Items.list`` (a non-negative int).
        Takes the filters and sorts of ``Items.list`` (field slugs in ``where=`` and ``sort=``).
        """
        query = ListQuery.of(**filters)
        return self._reader.pager(
            self._parse,
            live=live,
            page_size=page_size,
            concurrency=concurrency,
            query=query,
            cached=True,
            offset=offset,
        )

    async def get(self, item_id: str, *, live: bool = False, cms_locale_id: str | None = None) -> M:
        """One item, its staged copy or (``live=True``) its published one."""
        answer = await self._reader.get_json(item_id, live=live, cms_locale_id=cms_locale_id, cached=True)
        return self._codec.decode(answer)

    # ----------------------------------------------------------------- writes

    async def create(self, model: M, *, live: bool = False) -> M:
        """Create one item (never duplicated by a retry) and return it as Webflow stored it."""
        return await single(self.create_many([model], live=live))

    async def update(self, model: M, *, live: bool = False) -> M:
        """Write the whole model over its item (fields set to None are cleared)."""
        return await single(self.update_many([model], live=live))

    async def delete(self, item: M | str) -> None:
        """Delete one item (an instance or its id), staged and live."""
        item_id = item.id if isinstance(item, CMSItem) else item
        await self._session.send(endpoints.delete_item(self.collection_id, check_id(item_id)))

    def create_many(
        self, models: Sequence[M], *, live: bool = False, on_progress: ProgressCallback | None = None
    ) -> BulkJob[M]:
        """Create any number of items, 100 per request, none twice; fields without a value are left out."""
        codec = self._codec

        def check(model: object, index: int) -> dict[str, Any]:
            return new_item_payload(codec.payload(model, index, new=True), index)

        async def run(tracker: Tracker) -> None:
            payloads = CheckedInputs(tracker, check, unique_slugs=True)
            await self._creator.create(tracker, payloads, live=live, locales=None)

        return BulkJob(Tracker(models, on_progress), run, codec.from_item)

    def update_many(
        self, models: Sequence[M], *, live: bool = False, on_progress: ProgressCallback | None = None
    ) -> BulkJob[M]:
        """Write each model over its item (by its ``id``), 100 per request; ``live=True`` changes the live copy too.

        A model is the whole item: its fields set to None (or to an empty list) are cleared.
        """
        codec = self._codec

        def check(model: object, index: int) -> dict[str, Any]:
            return update_payload(codec.change(model, index), index)

        async def run(tracker: Tracker) -> None:
            await self._writer.update(tracker, CheckedInputs(tracker, check), live=live)

        return BulkJob(Tracker(models, on_progress), run, codec.from_item)

    def upsert_many(
        self,
        models: Sequence[M],
        *,
        key: str = "slug",
        publish: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> BulkJob[M]:
        """Create or update items matched on ``key`` (a field slug or attribute name); unchanged ones are left alone.

        Matched items get the whole model (fields set to None are cleared); new
        ones are created with the fields that have a value.
        """
        codec = self._codec

        def check(model: object, index: int) -> dict[str, Any]:
            return new_item_payload(codec.payload(model, index, new=False), index)

        upsert = Upsert(self._reader, self._writer, self._creator)

        async def run(tracker: Tracker) -> None:
            await upsert.run(tracker, key=codec.slug_of(key), publish=publish, check=check, as_new=_without_nulls)

        return BulkJob(Tracker(models, on_progress), run, codec.from_item)

    def delete_many(self, items: Sequence[M | str], *, on_progress: ProgressCallback | None = None) -> BulkJob[M]:
        """Delete any number of items (instances or ids), staged and live."""

        async def run(tracker: Tracker) -> None:
            await self._writer.remove(tracker, CheckedInputs(tracker, _reference), live=False)

        return BulkJob(Tracker(items, on_progress), run, self._codec.from_item)

    def unpublish(self, items: Sequence[M | str], *, on_progress: ProgressCallback | None = None) -> BulkJob[M]:
        """Take items off the live site; their staged copies stay, as drafts."""

        async def run(tracker: Tracker) -> None:
            await self._writer.remove(tracker, CheckedInputs(tracker, _reference), live=True)

        return BulkJob(Tracker(items, on_progress), run, self._codec.from_item)

    def publish(self, items: Sequence[M | str], *, on_progress: ProgressCallback | None = None) -> BulkJob[M]:
        """Publish the staged copy of any number of items (instances or ids), 100 per request."""

        async def run(tracker: Tracker) -> None:
            await self._writer.publish(tracker, CheckedInputs(tracker, _reference))

        return BulkJob(Tracker(items, on_progress), run, self._codec.from_item)


def _reference(item: object, index: int) -> dict[str, Any]:
    """An instance or an id, as delete/publish/unpublish send it."""
    return reference_payload(item.id if isinstance(item, CMSItem) else item, index)


def _without_nulls(payload: dict[str, Any]) -> dict[str, Any]:
    """A payload to create: a new item has nothing to clear, so fields without a value are left out."""
    fields = {slug: value for slug, value in payload["fieldData"].items() if value is not None}
    return {**payload, "fieldData": fields}
