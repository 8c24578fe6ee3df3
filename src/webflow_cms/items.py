"""``wf.items(collection_id)``: list, get, write and publish the items of one collection.

The generated endpoint functions build each request (method, path, query,
body); this module decides what to send and parses the answers itself, so an
error body Webflow extends tomorrow still becomes the right typed error.
"""

from __future__ import annotations

import builtins
import datetime
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from ._generated.api.items import (
    create_item,
    create_item_live,
    create_items,
    delete_item,
    delete_items,
    delete_items_live,
    get_item,
    get_item_live,
    list_collection_items,
    list_collection_items_live,
    publish_item,
    update_items,
    update_items_live,
)
from ._generated.models.collection_item_update_batch import CollectionItemUpdateBatch
from ._generated.models.item_ids import ItemIds
from ._generated.models.item_references import ItemReferences
from ._generated.models.new_collection_item_batch import NewCollectionItemBatch
from ._generated.models.new_multi_locale_item import NewMultiLocaleItem
from ._generated.types import UNSET
from .bulk import BulkJob, ProgressCallback, Tracker, chunk, run_all, send_isolating
from .errors import (
    APIConnectionError,
    APIError,
    ConflictError,
    NotFoundError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    WebflowError,
)
from .models import Item, ItemStatus
from .pagination import MAX_PAGE_SIZE, ItemPager, Page
from .ratelimit import Limiter, TokenBucket

if TYPE_CHECKING:
    from .client import AsyncWebflowCMS

__all__ = ["Items"]

log = logging.getLogger("webflow_cms")

_OBJECT_ID = re.compile(r"[0-9a-f]{24}")
_CREATE_KEYS = frozenset({"fieldData", "isDraft", "isArchived", "cmsLocaleId"})
_UPDATE_KEYS = _CREATE_KEYS | {"id"}
_SORT_BY = ("lastPublished", "name", "slug")
#: Requests a second from which listing reads ahead (see ``_requests_are_cheap``).
READ_AHEAD_RATE = 100.0
_SORT_ORDER = ("asc", "desc")


class _AppliedBefore(WebflowError):
    """A re-sent request was refused because an earlier attempt already did the job."""

    def __init__(self, error: APIError) -> None:
        super().__init__(str(error))
        self.error = error


#: Errors after which a write's fate is unknown: it may or may not have been applied.
_AMBIGUOUS = (ServerError, APIConnectionError, _AppliedBefore)


def _check_id(value: object, what: str = "item id") -> str:
    if not isinstance(value, str) or not _OBJECT_ID.fullmatch(value):
        raise ValidationError(
            f"{what} {value!r} is not a Webflow id; ids are 24 lowercase hex characters",
            status=None,
            code="invalid_id",
        )
    return value


def _invalid(index: int, message: str) -> ValidationError:
    return ValidationError(f"input {index}: {message}", status=None, code="invalid_input")


def _as_dict(doc: object, index: int) -> dict[str, Any]:
    if isinstance(doc, Mapping):
        return dict(doc)
    to_dict = getattr(doc, "to_dict", None)
    if callable(to_dict):
        data = to_dict()
        if isinstance(data, dict):
            return data
    raise _invalid(index, f"a {type(doc).__name__} is not an item; pass a mapping like {{'fieldData': {{...}}}}")


def _check_flags(data: Mapping[str, Any], index: int) -> None:
    for flag in ("isDraft", "isArchived"):
        if flag in data and not isinstance(data[flag], bool):
            raise _invalid(index, f"{flag} must be true or false, got {data[flag]!r}")
    locale = data.get("cmsLocaleId")
    if locale is not None and not isinstance(locale, str):
        raise _invalid(index, f"cmsLocaleId must be a string, got {locale!r}")


def _new_item_payload(doc: object, index: int) -> dict[str, Any]:
    """Check an item to create before it is sent: the fields Webflow always needs, right types."""
    data = _as_dict(doc, index)
    unknown = sorted(set(data) - _CREATE_KEYS)
    if unknown:
        raise _invalid(index, f"unknown keys {unknown}; put field values under 'fieldData'")
    fields = data.get("fieldData")
    if not isinstance(fields, Mapping):
        raise _invalid(index, "missing 'fieldData'; pass {'fieldData': {'name': ..., 'slug': ...}}")
    for required in ("name", "slug"):
        value = fields.get(required)
        if not isinstance(value, str) or not value.strip():
            raise _invalid(index, f"fieldData.{required} is required and must be a non-empty string")
    _check_flags(data, index)
    data["fieldData"] = dict(fields)
    return data


def _locale_ids(value: Sequence[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not all(isinstance(v, str) and v for v in value) or not value:
        raise ValidationError(
            f"cms_locale_ids must be a non-empty list of locale ids, got {value!r}", status=None, code="invalid_input"
        )
    if len(set(value)) != len(value):
        raise ValidationError(f"cms_locale_ids names a locale twice: {value!r}", status=None, code="invalid_input")
    return tuple(value)


def _new_multi_locale_payload(doc: object, index: int, *, locales: tuple[str, ...]) -> dict[str, Any]:
    """An item to create in several locales: checked as any new item, without a locale of its own."""
    data = _new_item_payload(doc, index)
    if "cmsLocaleId" in data:
        raise _invalid(index, "cmsLocaleId cannot be combined with cms_locale_ids; the item goes to all of them")
    data["cmsLocaleIds"] = list(locales)
    return data


def _update_payload(change: object, index: int) -> dict[str, Any]:
    data = _as_dict(change, index)
    unknown = sorted(set(data) - _UPDATE_KEYS)
    if unknown:
        raise _invalid(index, f"unknown keys {unknown}; put field values under 'fieldData'")
    try:
        _check_id(data.get("id"))
    except ValidationError as exc:
        raise _invalid(index, exc.message + "; every change needs the 'id' of the item to update") from None
    if "fieldData" in data:
        if not isinstance(data["fieldData"], Mapping):
            raise _invalid(index, "fieldData must be a mapping of field slug to value")
        data["fieldData"] = dict(data["fieldData"])
    _check_flags(data, index)
    return data


def _reference_payload(ref: object, index: int) -> dict[str, Any]:
    """An id, or ``{"id": ..., "cmsLocaleIds": [...]}``, as sent to delete/publish/unpublish."""
    if isinstance(ref, str):
        return {"id": _checked(ref, index)}
    data = _as_dict(ref, index)
    out: dict[str, Any] = {"id": _checked(data.get("id"), index)}
    locales = data.get("cmsLocaleIds")
    if locales is not None:
        if not isinstance(locales, list) or not all(isinstance(x, str) for x in locales) or not locales:
            raise _invalid(index, "cmsLocaleIds must be a non-empty list of locale ids")
        out["cmsLocaleIds"] = locales
    return out


def _checked(value: object, index: int) -> str:
    try:
        return _check_id(value)
    except ValidationError as exc:
        raise _invalid(index, exc.message) from None


def _weight(payload: Mapping[str, Any]) -> int:
    """How many locale variants one input is; Webflow's 100-per-request limit counts these."""
    locales = payload.get("cmsLocaleIds")
    return len(locales) if isinstance(locales, list) else 1


def _lookup_locale(payload: Mapping[str, Any]) -> str | None:
    """The locale to find a created item in: its own, or the first of a multi-locale create."""
    locales = payload.get("cmsLocaleIds")
    if isinstance(locales, list) and locales:
        return str(locales[0])
    locale = payload.get("cmsLocaleId")
    return locale if isinstance(locale, str) else None


def _suffixed(wanted: str, given: str) -> bool:
    """True when ``given`` is ``wanted`` or ``wanted`` plus the ``-xxxxx`` Webflow adds to a taken slug."""
    return given == wanted or re.fullmatch(re.escape(wanted) + r"-[0-9a-z]+", given) is not None


def _multi_locale_body(payloads: Mapping[int, Mapping[str, Any]], batch: Sequence[int]) -> NewMultiLocaleItem:
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
    return NewMultiLocaleItem.from_dict(body)


def _named_locales(ref: Mapping[str, Any]) -> builtins.list[str | None]:
    """The locales a delete/publish reference names (None: the primary locale)."""
    locales = ref.get("cmsLocaleIds")
    return builtins.list(locales) if isinstance(locales, builtins.list) and locales else [None]


def _as_error(error: Exception) -> WebflowError:
    """The error to report for a write that was not applied: its API error, or the lost connection."""
    if isinstance(error, WebflowError) and not isinstance(error, _AppliedBefore):
        return error
    return APIConnectionError(f"the request got no answer and the change is not on the server: {error}")


def _same_fields(wanted: Mapping[str, Any], item: Item) -> bool:
    current = item.fields
    return all(current.get(k) == v for k, v in wanted.items())


def _same_flags(wanted: Mapping[str, Any], item: Item) -> bool:
    """The ``isDraft`` / ``isArchived`` an update asked for are the item's (a flag it did not name counts as met)."""
    return all(
        wanted[key] is (value is True)
        for key, value in (("isDraft", item.is_draft), ("isArchived", item.is_archived))
        if key in wanted
    )


class Items:
    """The items of one collection, staged and live."""

    def __init__(self, client: AsyncWebflowCMS, collection_id: str) -> None:
        self._client = client
        self.collection_id = _check_id(collection_id, "collection id")

    def __repr__(self) -> str:
        return f"Items(collection_id={self.collection_id!r})"

    # ------------------------------------------------------------------ reads

    def list(
        self,
        *,
        live: bool = False,
        page_size: int = MAX_PAGE_SIZE,
        sort_by: str | None = None,
        sort_order: str | None = None,
        name: str | None = None,
        slug: str | None = None,
        cms_locale_id: str | None = None,
        last_published_after: datetime.datetime | None = None,
        last_published_before: datetime.datetime | None = None,
        concurrency: int | None = None,
    ) -> ItemPager:
        """Items of the collection: ``await`` it for the first page, ``async for`` it for all.

        ``live=True`` lists the published copies. Filters are exact matches.
        """
        if sort_by is not None and sort_by not in _SORT_BY:
            raise ValidationError(f"sort_by must be one of {_SORT_BY}, got {sort_by!r}", status=None)
        if sort_order is not None and sort_order not in _SORT_ORDER:
            raise ValidationError(f"sort_order must be one of {_SORT_ORDER}, got {sort_order!r}", status=None)
        endpoint = list_collection_items_live if live else list_collection_items
        query: dict[str, Any] = {
            "sort_by": sort_by or UNSET,
            "sort_order": sort_order or UNSET,
            "name": name if name is not None else UNSET,
            "slug": slug if slug is not None else UNSET,
            "cms_locale_id": cms_locale_id or UNSET,
            "last_publishedgte": last_published_after or UNSET,
            "last_publishedlte": last_published_before or UNSET,
        }

        async def fetch(offset: int, limit: int) -> bytes:
            request = endpoint._get_kwargs(self.collection_id, offset=offset, limit=limit, **query)
            return (await self._client.send(request)).content

        return ItemPager(
            fetch,
            _parse_page,
            page_size=page_size,
            concurrency=concurrency or self._client.max_concurrency,
            read_ahead=_requests_are_cheap(self._client.limiter),
        )

    async def get(self, item_id: str, *, live: bool = False, cms_locale_id: str | None = None) -> Item:
        """One item, its staged copy or (``live=True``) its published one."""
        endpoint = get_item_live if live else get_item
        data = await self._client.send_json(
            endpoint._get_kwargs(self.collection_id, _check_id(item_id), cms_locale_id=cms_locale_id or UNSET)
        )
        return Item.from_wire(data)

    # ------------------------------------------------------- single-item writes

    async def create(self, doc: object, *, live: bool = False) -> Item:
        """Create one item (safely: never duplicated by a retry); raise its error if it fails."""
        return await self._one(self.create_many([doc], live=live))

    async def update(self, item_id: str, changes: Mapping[str, Any], *, live: bool = False) -> Item:
        """Change one item (``changes`` like ``{"fieldData": {...}, "isDraft": False}``)."""
        return await self._one(self.update_many([{**changes, "id": item_id}], live=live))

    async def delete(self, item_id: str, *, cms_locale_id: str | None = None) -> None:
        """Delete one item, staged and live."""
        await self._client.send(
            delete_item._get_kwargs(self.collection_id, _check_id(item_id), cms_locale_id=cms_locale_id or UNSET)
        )

    async def _one(self, job: BulkJob) -> Item:
        result = await job
        if result.failed:
            raise result.failed[0].error
        if result.succeeded:
            record = result.succeeded[0]
            if record.item is not None:
                return record.item
            raise UnexpectedResponseError(
                f"the item was {record.action} (id {record.id}), but the answer did not include it",
                status=None,
                code="unexpected_response",
            )
        reason = job.unknown_reasons.get(0)
        if reason is not None:
            raise reason
        raise APIConnectionError("the request's outcome is unknown: the connection broke and could not be checked")

    # ------------------------------------------------------------ bulk writes

    def create_many(
        self,
        docs: Sequence[object],
        *,
        live: bool = False,
        cms_locale_ids: Sequence[str] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> BulkJob:
        """Create any number of items, 100 per request, without ever creating one twice.

        After an ambiguous failure (5xx, broken connection) the items of that
        request are looked up by slug and only the missing ones are sent again.
        ``live=True`` creates them published. ``cms_locale_ids`` creates each item
        in every one of those locales at once (Webflow's ``/items/bulk``); each
        input then counts as that many variants toward the 100 per request.
        """
        locales = _locale_ids(cms_locale_ids)
        if locales is not None and live:
            raise ValidationError(
                "cms_locale_ids creates staged items (Webflow has no live multi-locale create); "
                "create them, then publish them",
                status=None,
                code="invalid_input",
            )
        tracker = Tracker(docs, on_progress)
        check: Check = _new_item_payload if locales is None else partial(_new_multi_locale_payload, locales=locales)

        async def run(tracker: Tracker) -> None:
            await self._create(tracker, _Checked(tracker, check, unique_slugs=True), live=live, locales=locales)

        return BulkJob(tracker, run)

    def update_many(
        self, changes: Sequence[object], *, live: bool = False, on_progress: ProgressCallback | None = None
    ) -> BulkJob:
        """Apply any number of changes (each with the item's ``id``), 100 per request.

        ``live=True`` changes the published copy too.
        """
        tracker = Tracker(changes, on_progress)

        async def run(tracker: Tracker) -> None:
            await self._update(tracker, _Checked(tracker, _update_payload), live=live)

        return BulkJob(tracker, run)

    def delete_many(self, ids: Sequence[object], *, on_progress: ProgressCallback | None = None) -> BulkJob:
        """Delete any number of items (ids, or ``{"id", "cmsLocaleIds"}``), 100 variants per request."""
        tracker = Tracker(ids, on_progress)

        async def run(tracker: Tracker) -> None:
            await self._remove(tracker, _Checked(tracker, _reference_payload), live=False)

        return BulkJob(tracker, run)

    def unpublish(self, ids: Sequence[object], *, on_progress: ProgressCallback | None = None) -> BulkJob:
        """Take items off the live site; their staged copies stay, as drafts."""
        tracker = Tracker(ids, on_progress)

        async def run(tracker: Tracker) -> None:
            await self._remove(tracker, _Checked(tracker, _reference_payload), live=True)

        return BulkJob(tracker, run)

    def publish(self, ids: Sequence[object], *, on_progress: ProgressCallback | None = None) -> BulkJob:
        """Publish the staged copy of any number of items, 100 per request.

        Webflow answers 202 with the ids it published and an error for each it
        could not; each input lands in ``succeeded`` or ``failed`` accordingly.
        """
        tracker = Tracker(ids, on_progress)

        async def run(tracker: Tracker) -> None:
            await self._publish(tracker, _Checked(tracker, _reference_payload))

        return BulkJob(tracker, run)

    def upsert_many(
        self,
        docs: Sequence[object],
        *,
        key: str = "slug",
        publish: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> BulkJob:
        """Create or update items matched on ``fieldData[key]``; unchanged ones are left alone.

        Each input succeeds as ``created``, ``updated`` or ``unchanged``. With
        ``publish=True`` everything it touched ends published: creates and
        updates go through the live endpoints, and unchanged items that are not
        live are published.
        """
        tracker = Tracker(docs, on_progress)

        async def run(tracker: Tracker) -> None:
            await self._upsert(tracker, key=key, publish=publish)

        return BulkJob(tracker, run)

    # -------------------------------------------------------------- internals

    def _validated(self, tracker: Tracker, check: Check, *, unique_slugs: bool = False) -> dict[int, dict[str, Any]]:
        """Check every input now; bad ones fail at once."""
        checked = _Checked(tracker, check, unique_slugs=unique_slugs)
        for _ in checked.indices():
            pass
        return checked

    async def _batches(
        self,
        tracker: Tracker,
        payloads: Mapping[int, Mapping[str, Any]],
        send: Callable[[builtins.list[int]], Awaitable[None]],
        on_ambiguous: Callable[[builtins.list[int], Exception], None],
        group: Callable[[int], object] | None = None,
    ) -> None:
        """Send payloads in batches of at most 100 variants, isolating items the server rejects.

        ``group`` keeps inputs apart that cannot share a request (a batch holds one group).
        """

        def fail(index: int, err: APIError) -> None:
            tracker.fail(index, err)

        def item_id(index: int) -> str | None:
            value = payloads[index].get("id")
            return value if isinstance(value, str) else None

        collection_found = False

        async def check_scope(error: APIError) -> None:
            """A 404 that names no item: raise it if the collection itself is gone (checked once)."""
            nonlocal collection_found
            if not collection_found:
                try:
                    await self.list(page_size=1)
                except NotFoundError:
                    raise error from None
                collection_found = True

        async def one(batch: builtins.list[int]) -> None:
            tracker.start(batch)
            try:
                await send_isolating(batch, send, fail, ids=item_id, check_scope=check_scope)
            except _AMBIGUOUS as exc:
                on_ambiguous([i for i in batch if not tracker.is_done(i)], exc)
            tracker.report()

        indices = payloads.indices() if isinstance(payloads, _Checked) else sorted(payloads)
        batches = chunk(indices, lambda i: _weight(payloads[i]), group=group)
        await run_all((partial(one, b) for b in batches), self._client.max_concurrency)

    # -- create

    async def _create(
        self,
        tracker: Tracker,
        payloads: dict[int, dict[str, Any]],
        *,
        live: bool,
        locales: tuple[str, ...] | None = None,
    ) -> None:
        pending = payloads  # checked as the first round goes, when it is a _Checked
        last_error: dict[int, Exception] = {}
        for round_ in range(self._client.retry_policy.max_retries + 1):
            ambiguous, unread = await self._create_round(tracker, pending, last_error, live=live, locales=locales)
            if not ambiguous and not unread:
                return
            # One lookup for both: creates that may have happened, and creates the answer did not describe.
            found = await self._find_created(tracker, {i: pending[i] for i in (*ambiguous, *unread)})
            reason = UnexpectedResponseError(
                "the item was created, but the answer did not describe it and no item has its slug", status=None
            )
            for index in unread:
                if index not in found:
                    tracker.mark_unknown(index, reason)  # a success answer: never re-sent
            pending = {i: pending[i] for i in ambiguous if i not in found and not tracker.is_done(i)}
            if not pending:
                return
            log.info(
                "create: %d items of failed requests do not exist; sending them again (round %d)",
                len(pending),
                round_ + 2,
            )
        for index in pending:
            error = last_error[index]
            if isinstance(error, APIError):
                tracker.fail(index, error)
            else:
                tracker.fail(index, APIConnectionError(f"create failed and the item does not exist: {error}"))

    async def _create_round(
        self,
        tracker: Tracker,
        pending: dict[int, dict[str, Any]],
        last_error: dict[int, Exception],
        *,
        live: bool,
        locales: tuple[str, ...] | None,
    ) -> tuple[builtins.list[int], builtins.list[int]]:
        """Send every pending create once.

        Returns the inputs whose request failed ambiguously, and those whose request
        succeeded but whose answer did not identify the created item.
        """
        ambiguous: builtins.list[int] = []
        unread: builtins.list[int] = []

        def remember(batch: builtins.list[int], exc: Exception) -> None:
            ambiguous.extend(batch)
            last_error.update(dict.fromkeys(batch, exc))

        async def send(batch: builtins.list[int]) -> None:
            if locales is None:
                endpoint = create_item_live if live else create_item
                body = NewCollectionItemBatch.from_dict({"items": [pending[i] for i in batch]})
                request = endpoint._get_kwargs(self.collection_id, body=body)
            else:
                request = create_items._get_kwargs(self.collection_id, body=_multi_locale_body(pending, batch))
            data = await self._client.send_json(request)
            unread.extend(self._settle_created(tracker, batch, pending, data))

        def flags(index: int) -> object:
            return (pending[index].get("isDraft"), pending[index].get("isArchived"))

        await self._batches(tracker, pending, send, remember, group=flags if locales is not None else None)
        return ambiguous, unread

    def _settle_created(
        self, tracker: Tracker, batch: builtins.list[int], payloads: Mapping[int, Mapping[str, Any]], data: Any
    ) -> builtins.list[int]:
        """Settle the inputs whose created item the answer shows; return those it does not identify.

        The answer may list the items (each locale variant apart), be one item, or (as one
        of Webflow's examples shows) echo the request without ids. Items are matched by
        slug, or by position when Webflow changed the slug (it adds a suffix when the slug
        is taken), and the slug Webflow really gave is kept on the reported item.
        """
        raw = data.get("items") if isinstance(data, dict) and "items" in data else [data]
        entries: builtins.list[Item | None] = []
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
        unread: builtins.list[int] = []
        for pos, index in enumerate(batch):
            payload = payloads[index]
            slug = payload["fieldData"]["slug"]
            item = by_slug.get((slug, _lookup_locale(payload))) or by_slug.get((slug, None))
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

    async def _find_created(self, tracker: Tracker, payloads: Mapping[int, Mapping[str, Any]]) -> set[int]:
        """After a create that may have happened, settle the inputs whose item exists; return their indices."""
        by_locale: dict[str | None, dict[str, int]] = {}
        for index, payload in payloads.items():
            by_locale.setdefault(_lookup_locale(payload), {})[payload["fieldData"]["slug"]] = index
        found: set[int] = set()
        try:
            for locale, slugs in by_locale.items():
                for slug, item in (await self._find_slugs(set(slugs), locale)).items():
                    tracker.succeed(slugs[slug], "created", item, item.id)
                    found.add(slugs[slug])
        except (APIConnectionError, ServerError) as exc:
            log.warning("create: could not check %d items after a failed request: %s", len(payloads), exc)
            for index in payloads:
                if index not in found:
                    tracker.mark_unknown(index)
        return found

    async def _find_slugs(self, slugs: set[str], locale: str | None) -> dict[str, Item]:
        """Items with these slugs: one request per slug, or a scan when the collection is smaller."""
        found: dict[str, Item] = {}
        pager = self.list(cms_locale_id=locale)
        first = await pager
        for item in first.items:
            if item.slug in slugs:
                found[item.slug] = item
        pages_left = -(-(first.total - len(first.items)) // MAX_PAGE_SIZE)
        missing = slugs - set(found)
        if not missing or not first.has_more:
            return found
        if pages_left <= len(missing):
            async for item in pager:
                if item.slug in missing:
                    found[item.slug] = item
            return found

        async def by_slug(slug: str) -> None:
            page = await self.list(slug=slug, cms_locale_id=locale, page_size=1)
            if page.items:
                found[slug] = page.items[0]

        await run_all([partial(by_slug, s) for s in sorted(missing)], self._client.max_concurrency)
        return found

    # -- update

    async def _update(self, tracker: Tracker, payloads: dict[int, dict[str, Any]], *, live: bool) -> None:
        endpoint = update_items_live if live else update_items
        unsure: dict[int, Exception] = {}

        async def send(batch: builtins.list[int]) -> None:
            body = CollectionItemUpdateBatch.from_dict({"items": [payloads[i] for i in batch]})
            data = await self._client.send_json(endpoint._get_kwargs(self.collection_id, body=body))
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

        await self._batches(tracker, payloads, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))
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
                item = await self.get(payload["id"], live=live, cms_locale_id=payload.get("cmsLocaleId"))
            except (APIConnectionError, ServerError):
                tracker.mark_unknown(index)
                return
            except NotFoundError as err:
                tracker.fail(index, err)
                return
            if _same_fields(payload.get("fieldData", {}), item) and _same_flags(payload, item):
                tracker.succeed(index, "updated", item, item.id)
            else:
                error = errors[index]
                tracker.fail(index, _as_error(error))

        await run_all([partial(check, i) for i in payloads], self._client.max_concurrency)

    # -- delete / unpublish

    async def _remove(self, tracker: Tracker, refs: dict[int, dict[str, Any]], *, live: bool) -> None:
        endpoint = delete_items_live if live else delete_items
        action = "unpublished" if live else "deleted"
        unsure: dict[int, Exception] = {}

        async def send(batch: builtins.list[int]) -> None:
            body = ItemReferences.from_dict({"items": [refs[i] for i in batch]})
            try:
                await self._client.send(endpoint._get_kwargs(self.collection_id, body=body))
            except NotFoundError as err:
                if err.attempts > 1:
                    # The first attempt was applied before its answer was lost; the items are checked below.
                    raise _AppliedBefore(err) from None
                raise
            for index in batch:
                tracker.succeed(index, action, None, refs[index]["id"])

        await self._batches(tracker, refs, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))

        async def check(index: int) -> None:
            """Removed means no named locale variant is left (staged, or live for an unpublish)."""
            item_id = refs[index]["id"]
            try:
                for locale in _named_locales(refs[index]):
                    try:
                        await self.get(item_id, live=live, cms_locale_id=locale)
                    except NotFoundError:
                        continue
                    error = unsure[index]
                    tracker.fail(index, _as_error(error.error if isinstance(error, _AppliedBefore) else error))
                    return
            except (APIConnectionError, ServerError):
                tracker.mark_unknown(index)
                return
            tracker.succeed(index, action, None, item_id)

        await run_all([partial(check, i) for i in unsure], self._client.max_concurrency)

    # -- publish

    async def _publish(self, tracker: Tracker, refs: dict[int, dict[str, Any]]) -> None:
        async def send(batch: builtins.list[int]) -> None:
            if any("cmsLocaleIds" in refs[i] for i in batch):
                body: ItemIds | ItemReferences = ItemReferences.from_dict({"items": [refs[i] for i in batch]})
            else:
                body = ItemIds.from_dict({"itemIds": [refs[i]["id"] for i in batch]})
            data = await self._client.send_json(publish_item._get_kwargs(self.collection_id, body=body))
            published = set(data.get("publishedItemIds") or []) if isinstance(data, dict) else set()
            errors = [str(e) for e in (data.get("errors") or [])] if isinstance(data, dict) else []
            for index in batch:
                item_id = refs[index]["id"]
                if item_id in published:
                    tracker.succeed(index, "published", None, item_id)
                    continue
                reasons = [e for e in errors if item_id in e] or errors[:1]
                tracker.fail(
                    index,
                    APIError(
                        "; ".join(reasons) or f"item {item_id} was not in publishedItemIds",
                        status=202,
                        code="not_published",
                    ),
                )

        unsure: dict[int, Exception] = {}
        await self._batches(tracker, refs, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))

        async def check(index: int) -> None:
            """Published means the live copy of every named locale now holds the staged one."""
            item_id = refs[index]["id"]
            try:
                for locale in _named_locales(refs[index]):
                    staged = await self.get(item_id, cms_locale_id=locale)
                    try:
                        live = await self.get(item_id, live=True, cms_locale_id=locale)
                    except NotFoundError:
                        live = None
                    if live is None or live.fields != staged.fields:
                        tracker.fail(index, _as_error(unsure[index]))
                        return
            except NotFoundError as err:  # no staged copy: nothing was there to publish
                tracker.fail(index, err)
                return
            except (APIConnectionError, ServerError):
                tracker.mark_unknown(index)
                return
            tracker.succeed(index, "published", None, item_id)

        await run_all([partial(check, i) for i in unsure], self._client.max_concurrency)

    # -- upsert

    async def _upsert(self, tracker: Tracker, *, key: str, publish: bool) -> None:
        # Slugs must be unique among the inputs; name and slug are always present.
        payloads = self._validated(tracker, _new_item_payload, unique_slugs=key == "slug")
        for index in list(payloads):
            value = payloads[index]["fieldData"].get(key)
            if value is None:
                tracker.fail(index, _invalid(index, f"fieldData.{key} is the upsert key and is missing"))
                del payloads[index]
        if not payloads:
            return  # nothing valid to write: no need to read the collection
        wanted = {payloads[i]["fieldData"][key] for i in payloads}
        existing: dict[Any, Item] = {}
        async for current in self.list():
            # The scan reads every item of the collection: no dict copy for the common slug key.
            value = current.field_data.slug if key == "slug" else current.fields.get(key)
            if value in wanted:
                existing.setdefault(value, current)

        creates: dict[int, dict[str, Any]] = {}
        updates: dict[int, tuple[dict[str, Any], Item]] = {}
        to_publish: dict[int, dict[str, Any]] = {}
        for index, payload in payloads.items():
            item = existing.get(payload["fieldData"][key])
            if item is None:
                creates[index] = payload
            elif _same_fields(payload["fieldData"], item) and all(
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
        await self._create(tracker, creates, live=publish)
        if key == "slug":
            updates.update(await self._undo_renamed(tracker, creates))
        await self._apply_updates(tracker, updates, publish=publish)
        if to_publish:
            await self._publish_into(tracker, to_publish)

    async def _apply_updates(
        self, tracker: Tracker, updates: Mapping[int, tuple[dict[str, Any], Item]], *, publish: bool
    ) -> None:
        """Upsert's updates; with ``publish``, live where the item was ever published, else staged then published.

        Webflow refuses a live PATCH of an item that was never published (upstream's 409
        example on both live PATCH operations), so such items are changed staged first.
        """
        never = {i: change for i, (change, item) in updates.items() if publish and item.last_published is None}
        await self._update(tracker, {i: change for i, (change, _) in updates.items() if i not in never}, live=publish)
        if not never:
            return
        await self._update(tracker, never, live=False)
        updated = {r.index for r in tracker.result.succeeded if r.index in never}
        await self._publish_into(tracker, {i: {"id": never[i]["id"]} for i in updated})

    async def _publish_into(self, tracker: Tracker, refs: dict[int, dict[str, Any]]) -> None:
        """Publish for another job: inputs already settled (updated) keep their record unless publishing fails."""
        publisher = Tracker(tracker.inputs, None)
        await self._publish(publisher, refs)
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

    async def _undo_renamed(
        self, tracker: Tracker, creates: Mapping[int, Mapping[str, Any]]
    ) -> dict[int, tuple[dict[str, Any], Item]]:
        """Creates Webflow gave a suffixed slug, because another writer took the slug after the scan.

        An upsert must leave one item per slug: our copies are deleted and the changes are
        returned as updates of the items that hold the slugs now.
        """
        renamed = [
            r
            for r in builtins.list(tracker.result.succeeded)
            if r.index in creates and r.item is not None and r.item.slug != creates[r.index]["fieldData"]["slug"]
        ]
        if not renamed:
            return {}
        for record in renamed:
            tracker.reopen(record.index)
        remover = Tracker(tracker.inputs, None)
        await self._remove(remover, {r.index: {"id": r.id} for r in renamed}, live=False)
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
        owners = await self._find_slugs(set(wanted), None)
        log.warning("upsert: %d slugs were created by another writer meanwhile; updating theirs", len(wanted))
        updates: dict[int, tuple[dict[str, Any], Item]] = {}
        for slug, index in wanted.items():
            owner = owners.get(slug)
            if owner is None:
                message = f"slug {slug!r} was taken during the upsert, then freed again; nothing was written"
                tracker.fail(index, ConflictError(message, status=None, code="duplicate_slug"))
            else:
                updates[index] = ({**creates[index], "id": owner.id}, owner)
        return updates


Check = Callable[[object, int], dict[str, Any]]


class _Checked(dict[int, dict[str, Any]]):
    """The inputs of a bulk call that passed their checks, by input index.

    It fills up as ``indices()`` is iterated: each input is checked just
    before its batch is formed, so the first request of a big job leaves at
    once instead of after every input was checked. A bad input still fails
    without being sent. With ``unique_slugs`` a later input that repeats a
    slug (in the same locale) fails too.
    """

    def __init__(self, tracker: Tracker, check: Check, *, unique_slugs: bool = False) -> None:
        super().__init__()
        self._tracker = tracker
        self._check = check
        self._unique_slugs = unique_slugs
        self._checked = False

    def indices(self) -> Iterator[int]:
        """Indices of the good inputs in order, checking each on the way (the first call only)."""
        if self._checked:
            yield from sorted(self)
            return
        self._checked = True
        tracker, seen = self._tracker, dict[tuple[str, Any], int]()
        for index, raw in enumerate(tracker.inputs):
            try:
                payload = self._check(raw, index)
            except ValidationError as err:
                tracker.fail(index, err)
                continue
            weight = _weight(payload)
            if weight > 100:
                tracker.fail(index, _invalid(index, f"{weight} locale variants; at most 100 per request"))
                continue
            if self._unique_slugs:
                key = (payload["fieldData"]["slug"], payload.get("cmsLocaleId"))
                first = seen.setdefault(key, index)
                if first != index:
                    message = f"input {index}: slug {key[0]!r} is also used by input {first}; slugs are unique"
                    tracker.fail(index, ConflictError(message, status=None, code="duplicate_slug"))
                    continue
            self[index] = payload
            yield index
        tracker.report()


def _requests_are_cheap(limiter: Limiter) -> bool:
    """True when the token's limit makes a wasted request cost less than a round trip.

    Reading ahead can spend up to ``concurrency`` requests on pages past the
    end of a short list. On Webflow's plans (one or two requests a second) that
    is seconds of budget, so the pager reads ahead only when the bucket allows
    ``READ_AHEAD_RATE`` requests a second or more.
    """
    if not isinstance(limiter, TokenBucket):
        return False  # a shared limiter's budget is someone else's too
    rate = limiter.rate
    return rate.requests / rate.per >= READ_AHEAD_RATE


def _parse_page(body: bytes, offset: int, limit: int) -> Page:
    data = json.loads(body) if body else None
    if not isinstance(data, dict):
        raise ServerError(f"list answer is not an object: {type(data).__name__}", status=None)
    from_wire = Item.from_wire
    items = [from_wire(entry) for entry in data.get("items") or []]
    pagination = data.get("pagination") or {}
    return Page(
        items=items,
        offset=int(pagination.get("offset", offset)),
        limit=int(pagination.get("limit", limit)),
        total=int(pagination.get("total", offset + len(items))),
    )
