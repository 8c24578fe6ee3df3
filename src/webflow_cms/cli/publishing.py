"""``publish`` and ``unpublish``: move staged items to the live site, or take them off it."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from webflow_cms import AsyncWebflowCMS, BulkResult, Collection, Item, Items, ItemStatus

from .errors import EXIT_FAILED, EXIT_OK, InputError
from .session import is_id, resolve_collection
from .ui import Output

__all__ = ["PENDING", "PublishReport", "publish_items", "run_publish", "run_unpublish", "unpublish_items"]

#: Statuses with a staged change the live site does not show yet (archived items cannot be published).
PENDING = frozenset({ItemStatus.DRAFT, ItemStatus.DRAFT_CHANGES, ItemStatus.QUEUED_TO_PUBLISH})


@attrs.frozen
class PublishReport:
    collection: Collection
    action: str
    result: BulkResult[Item]

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.result.ok else EXIT_FAILED


def _checked_ids(ids: Sequence[str]) -> list[str]:
    for value in ids:
        if not is_id(value):
            raise InputError(
                f"--ids: {value!r} is not an item id (24 lowercase hex characters); name items by slug with --slugs"
            )
    return list(dict.fromkeys(ids))


async def _ids_of_slugs(items: Items, slugs: Sequence[str], *, live: bool) -> list[str]:
    """The ids of the items with these slugs (staged, or ``live``), in the order given; unknown slugs stop it."""
    wanted = set(slugs)
    found = {item.slug: item.id async for item in items.list(live=live) if item.slug in wanted}
    missing = [s for s in dict.fromkeys(slugs) if s not in found]
    if missing:
        where = "live" if live else "in the collection"
        raise InputError(f"--slugs: no item {where} has the slug {', '.join(map(repr, missing))}; see `export`")
    return list(dict.fromkeys(found[s] for s in slugs))


async def publish_items(
    wf: AsyncWebflowCMS,
    out: Output,
    collection_ref: str,
    *,
    ids: Sequence[str] = (),
    slugs: Sequence[str] = (),
    all_drafts: bool = False,
) -> PublishReport:
    """Publish the given items, or (``all_drafts``) every item with a staged change not yet live."""
    if sum((all_drafts, bool(ids), bool(slugs))) != 1:
        raise InputError("publish needs one of --all-drafts, --ids ID [ID ...] or --slugs SLUG [SLUG ...]")
    wanted = _checked_ids(ids)
    collection = await resolve_collection(wf, collection_ref)
    items = wf.items(collection.id)
    if slugs:
        wanted = await _ids_of_slugs(items, slugs, live=False)
    if all_drafts:
        wanted = [item.id async for item in items.list() if item.status in PENDING]
    with out.progress(f"publish {collection.display_name}", total=len(wanted)) as bar:
        result = await items.publish(wanted, on_progress=bar.update)
    return PublishReport(collection, "published", result)


async def unpublish_items(
    wf: AsyncWebflowCMS,
    out: Output,
    collection_ref: str,
    *,
    ids: Sequence[str] = (),
    slugs: Sequence[str] = (),
    all_live: bool = False,
) -> PublishReport:
    """Take the given items (``all_live``: every live item) off the live site; their staged copies stay, as drafts."""
    if sum((all_live, bool(ids), bool(slugs))) != 1:
        raise InputError("unpublish needs one of --all, --ids ID [ID ...] or --slugs SLUG [SLUG ...]")
    wanted = _checked_ids(ids)
    collection = await resolve_collection(wf, collection_ref)
    items = wf.items(collection.id)
    if slugs:
        wanted = await _ids_of_slugs(items, slugs, live=True)
    if all_live:
        wanted = [item.id async for item in items.list(live=True)]
    with out.progress(f"unpublish {collection.display_name}", total=len(wanted)) as bar:
        result = await items.unpublish(wanted, on_progress=bar.update)
    return PublishReport(collection, "unpublished", result)


def render_publish(out: Output, report: PublishReport) -> None:
    result = report.result
    done = sum(1 for s in result.succeeded if s.action == report.action)
    failures = [{"id": f.input, "error": str(f.error)} for f in result.failed]
    out.data({"collection": report.collection.id, report.action: done, "counts": result.counts(), "failed": failures})
    if result.total == 0:
        out.text(f"{report.collection.display_name}: nothing to do")
        return
    out.text(f"{report.collection.display_name}: {done} of {result.total} {report.action}")
    for failure in failures[:5]:
        out.note(f"  {failure['id']}: {failure['error']}")
    lost = len(result.unknown) + len(result.skipped)
    if lost:
        out.note(f"  {lost} not confirmed (connection broke or the job stopped); running it again is safe")


async def run_publish(
    wf: AsyncWebflowCMS, out: Output, collection_ref: str, *, ids: Sequence[str], slugs: Sequence[str], all_drafts: bool
) -> int:
    report = await publish_items(wf, out, collection_ref, ids=ids, slugs=slugs, all_drafts=all_drafts)
    render_publish(out, report)
    return report.exit_code


async def run_unpublish(
    wf: AsyncWebflowCMS, out: Output, collection_ref: str, *, ids: Sequence[str], slugs: Sequence[str], all_live: bool
) -> int:
    report = await unpublish_items(wf, out, collection_ref, ids=ids, slugs=slugs, all_live=all_live)
    render_publish(out, report)
    return report.exit_code
