"""The item write tools: checked, chunked, paced and never duplicated, with one result per input.

Items are checked against the schema first (``_values``); those that pass go to one SDK bulk
call (``create_many``, ``update_many``, ``upsert_many``, ``publish``, ``unpublish``,
``delete_many``), which sends 100 a request, keeps to the rate limit and never creates an
item twice on a retry. Its ``BulkResult`` becomes one ``WriteResult`` per input, in input
order. Inputs refused with a 429 the SDK gave up on are sent again after the wait
(``_patience``). A dry run (and a delete or unpublish without ``confirm``) reads what exists
and says what would happen, writing nothing (``_previews``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from webflow_cms import (
    AsyncWebflowCMS,
    AuthenticationError,
    BulkJob,
    BulkResult,
    Collection,
    Failed,
    Item,
    PermissionDeniedError,
    RateLimitError,
    ValidationError,
    WebflowError,
)
from webflow_cms.checks import is_webflow_id

from ._answers import Status, WriteAnswer, WriteResult
from ._lookup import by_key
from ._patience import Patience
from ._previews import Previews
from ._schema import Schemas
from ._values import Mode, Prepared, prepare

__all__ = ["Writer"]

_UNKNOWN = (
    "the request carrying it was cut off and what it did could not be read back; "
    "read the item (get_item, or list_items with slug=...) before sending it again"
)
#: Starts one SDK bulk job over the given documents.
Start = Callable[[list[Any]], BulkJob[Item]]


def _slug_of(raw: object) -> str | None:
    if not isinstance(raw, Mapping):
        return None
    wrapped = raw.get("fieldData")
    slug = (wrapped if isinstance(wrapped, Mapping) else raw).get("slug")
    return slug if isinstance(slug, str) else None


def _failed(problems: Mapping[int, str], inputs: Sequence[object]) -> list[WriteResult]:
    return [
        WriteResult(index=i, status="failed", slug=_slug_of(inputs[i]), error=message)
        for i, message in problems.items()
    ]


def _check_ids(item_ids: Sequence[object]) -> tuple[dict[int, str], dict[int, str]]:
    """(index -> id, index -> problem) for a list of item ids."""
    ids: dict[int, str] = {}
    problems: dict[int, str] = {}
    for index, item_id in enumerate(item_ids):
        if is_webflow_id(item_id):
            ids[index] = item_id
        else:
            problems[index] = f"item {index}: {item_id!r} is not an item id (24 hex characters, from list_items)"
    return ids, problems


class Writer:
    """The write tools of one server: its client, kept schemas and patience with 429s."""

    def __init__(self, wf: AsyncWebflowCMS, schemas: Schemas, patience: Patience) -> None:
        self._wf = wf
        self._schemas = schemas
        self._patience = patience
        self._previews = Previews(wf)

    # ------------------------------------------------------------------ item writes

    async def create(self, collection_id: str, items: list[Any], *, live: bool, dry_run: bool) -> WriteAnswer:
        _collection, prepared = await self._prepare(collection_id, items, "create")
        if dry_run:
            planned = await self._previews.creates(collection_id, prepared.docs)
            return WriteAnswer.of(_failed(prepared.problems, items) + planned, dry_run=True)
        sdk = self._wf.items(collection_id)
        results = await self._run(collection_id, prepared.docs, lambda docs: sdk.create_many(docs, live=live))
        return WriteAnswer.of(_failed(prepared.problems, items) + results, dry_run=False)

    async def update(self, collection_id: str, items: list[Any], *, live: bool, dry_run: bool) -> WriteAnswer:
        _collection, prepared = await self._prepare(collection_id, items, "update")
        if dry_run:
            planned = await self._previews.updates(collection_id, prepared.docs)
            return WriteAnswer.of(_failed(prepared.problems, items) + planned, dry_run=True)
        sdk = self._wf.items(collection_id)
        results = await self._run(collection_id, prepared.docs, lambda docs: sdk.update_many(docs, live=live))
        return WriteAnswer.of(_failed(prepared.problems, items) + results, dry_run=False)

    async def upsert(self, collection_id: str, items: list[Any], *, key: str, live: bool, dry_run: bool) -> WriteAnswer:
        collection = await self._schemas.get(collection_id)
        if collection.field(key) is None:
            known = ", ".join(f.slug for f in collection.fields)
            raise ValidationError(
                f"key {key!r} is not a field of this collection; match on one of: {known} (usually slug)",
                status=None,
                code="invalid_input",
            )
        collection, prepared = await self._prepare(collection_id, items, "upsert", key=key)
        if dry_run:
            planned = await self._previews.upserts(collection, prepared.docs, key=key, live=live)
            return WriteAnswer.of(_failed(prepared.problems, items) + planned, dry_run=True)
        sdk = self._wf.items(collection_id)
        results = await self._run(
            collection_id, prepared.docs, lambda docs: sdk.upsert_many(docs, key=key, publish=live)
        )
        return WriteAnswer.of(_failed(prepared.problems, items) + results, dry_run=False)

    async def publish(self, collection_id: str, item_ids: list[Any], *, dry_run: bool) -> WriteAnswer:
        items = self._wf.items(collection_id)
        return await self._by_ids(collection_id, item_ids, items.publish, "would-publish", live=False, act=not dry_run)

    async def unpublish(self, collection_id: str, item_ids: list[Any], *, confirm: bool) -> WriteAnswer:
        items = self._wf.items(collection_id)
        return await self._by_ids(collection_id, item_ids, items.unpublish, "would-unpublish", live=True, act=confirm)

    async def delete(self, collection_id: str, item_ids: list[Any], *, confirm: bool) -> WriteAnswer:
        items = self._wf.items(collection_id)
        return await self._by_ids(collection_id, item_ids, items.delete_many, "would-delete", live=False, act=confirm)

    async def _by_ids(
        self, collection_id: str, item_ids: list[Any], call: Start, would: Status, *, live: bool, act: bool
    ) -> WriteAnswer:
        """A write named by item ids: done when ``act``, else what it would do (read from the ``live`` copies)."""
        ids, problems = _check_ids(item_ids)
        if not act:
            planned = await self._previews.by_id(collection_id, ids, would, live=live)
            return WriteAnswer.of(_failed(problems, item_ids) + planned, dry_run=True)
        results = await self._run(collection_id, ids, call)
        return WriteAnswer.of(_failed(problems, item_ids) + results, dry_run=False)

    # ------------------------------------------------------------------ machinery

    async def _prepare(
        self, collection_id: str, items: list[Any], mode: Mode, key: str | None = None
    ) -> tuple[Collection, Prepared]:
        collection = await self._schemas.get(collection_id)
        prepared = await prepare(collection, items, mode=mode, resolve=self._resolve, key=key)
        if prepared.maybe_stale and (newer := await self._schemas.newer(collection_id)) is not None:
            collection = newer
            prepared = await prepare(collection, items, mode=mode, resolve=self._resolve, key=key)
        return collection, prepared

    async def _resolve(self, collection_id: str, slugs: frozenset[str]) -> dict[str, str]:
        found = await by_key(self._wf.items(collection_id), "slug", slugs)
        return {str(slug): item.id for slug, item in found.items()}

    async def _run(self, collection_id: str, docs: Mapping[int, Any], start: Start) -> list[WriteResult]:
        """Send ``docs`` (input index -> document) as one bulk job; inputs refused with a 429 go again."""
        results: list[WriteResult] = []
        pending = dict(docs)
        for round_ in range(self._patience.rounds + 1):
            if not pending:
                break
            order = list(pending)
            result, stopped = await _outcome(start([pending[i] for i in order]))
            refusal = _first_refusal(result)
            if refusal is not None:
                raise refusal
            limited = [] if round_ == self._patience.rounds else _rate_limited(result)
            results += _results(result, order, pending, stopped, skip=set(limited))
            if any(isinstance(f.error, ValidationError) and f.error.status for f in result.failed):
                self._schemas.forget(collection_id)  # the server judged otherwise: read the schema again
            if not limited:
                break
            errors = [f.error for f in result.failed if isinstance(f.error, RateLimitError)]
            await self._patience.wait(max(errors, key=lambda e: e.retry_after or 0.0), "write")
            pending = {order[pos]: pending[order[pos]] for pos in limited}
        return results


async def _outcome(job: BulkJob[Item]) -> tuple[BulkResult[Item], WebflowError | None]:
    """The job's result, and the error that stopped it (when it stopped having done something)."""
    try:
        return await job, None
    except WebflowError as exc:
        partial = exc.partial_result
        if not isinstance(partial, BulkResult) or not (partial.succeeded or partial.unknown):
            if isinstance(exc, RateLimitError) and isinstance(partial, BulkResult):
                # Nothing was done: every input is refused with the 429, to be sent again after the wait.
                partial.failed.extend(_refused(partial, exc))
                partial.skipped.clear()
                return partial, None
            raise
        return partial, exc


def _refused(result: BulkResult[Item], error: RateLimitError) -> list[Failed]:
    return [Failed(index, None, error) for index in result.skipped]


def _rate_limited(result: BulkResult[Item]) -> list[int]:
    return [f.index for f in result.failed if isinstance(f.error, RateLimitError)]


def _results(
    result: BulkResult[Item],
    order: Sequence[int],
    docs: Mapping[int, Any],
    stopped: WebflowError | None,
    *,
    skip: set[int],
) -> list[WriteResult]:
    """The job's outcome per input, positions mapped back to the tool call's indices."""
    out: list[WriteResult] = []

    def slug(pos: int) -> str | None:
        return _slug_of(docs[order[pos]])

    for s in result.succeeded:
        item_slug = s.item.slug if s.item is not None else slug(s.index)
        item_id = s.item.id if s.item is not None else s.id
        out.append(WriteResult(index=order[s.index], status=s.action, id=item_id, slug=item_slug))
    for f in result.failed:
        if f.index not in skip:
            error = f"item {order[f.index]}: {f.error}"
            out.append(WriteResult(index=order[f.index], status="failed", slug=slug(f.index), error=error))
    for pos in result.unknown:
        out.append(WriteResult(index=order[pos], status="unknown", slug=slug(pos), error=_UNKNOWN))
    reason = f"not sent: the call stopped on an error that concerns every input ({stopped})" if stopped else None
    for pos in result.skipped:
        out.append(WriteResult(index=order[pos], status="skipped", slug=slug(pos), error=reason or "not sent"))
    return out


def _first_refusal(result: BulkResult[Item]) -> WebflowError | None:
    """A token refused (401) or lacking a scope (403) for every input: the call's error, not the items'."""
    errors = [f.error for f in result.failed]
    if (
        errors
        and len(errors) == result.total
        and all(isinstance(e, AuthenticationError | PermissionDeniedError) for e in errors)
    ):
        return errors[0]
    return None
