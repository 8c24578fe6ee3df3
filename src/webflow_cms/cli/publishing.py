"""What ``publish`` and ``unpublish`` share: naming the items, the report and how it is shown.

Items are named by id (``--ids``, checked before anything is sent) or by slug
(``--slugs``, looked up in the staged or the live list); the command modules
(``commands/publish.py``, ``commands/unpublish.py``) pick them and send them.
``PENDING`` is also what ``status`` counts as waiting to be published.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from webflow_cms import BulkResult, Collection, Item, Items, ItemStatus

from .errors import EXIT_FAILED, EXIT_OK, InputError
from .session import is_id
from .ui import Output

__all__ = ["PENDING", "PublishReport", "checked_ids", "ids_of_slugs", "render_publish"]

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


def checked_ids(ids: Sequence[str]) -> list[str]:
    """``--ids`` once each, in order; a value that is not an item id is an ``InputError``."""
    for value in ids:
        if not is_id(value):
            raise InputError(
                f"--ids: {value!r} is not an item id (24 lowercase hex characters); name items by slug with --slugs"
            )
    return list(dict.fromkeys(ids))


async def ids_of_slugs(items: Items, slugs: Sequence[str], *, live: bool) -> list[str]:
    """The ids of the items with these slugs (staged, or ``live``), in the order given; unknown slugs stop it."""
    wanted = set(slugs)
    found = {item.slug: item.id async for item in items.list(live=live) if item.slug in wanted}
    missing = [s for s in dict.fromkeys(slugs) if s not in found]
    if missing:
        where = "live" if live else "in the collection"
        raise InputError(f"--slugs: no item {where} has the slug {', '.join(map(repr, missing))}; see `export`")
    return list(dict.fromkeys(found[s] for s in slugs))


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
