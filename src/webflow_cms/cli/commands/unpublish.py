"""``unpublish COLLECTION``: take items off the live site (by ``--ids``, ``--slugs`` or ``--all``).

Their staged copies stay, as drafts, so ``publish`` puts them back. Slugs are
looked up among the live items: a slug that is not live stops the command
before anything is sent.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from webflow_cms import AsyncWebflowCMS

from ..errors import InputError
from ..publishing import PublishReport, checked_ids, ids_of_slugs, render_publish
from ..session import resolve_collection
from ..ui import Output

__all__ = ["add_parser", "unpublish_items"]

_TEXT = "take items off the live site (they stay staged, as drafts)"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("unpublish", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("collection", help="collection id, slug or name")
    off = parser.add_mutually_exclusive_group(required=True)
    off.add_argument("--all", dest="all_live", action="store_true", help="every live item")
    off.add_argument("--ids", nargs="+", default=[], metavar="ID", help="these items")
    off.add_argument("--slugs", nargs="+", default=[], metavar="SLUG", help="the live items with these slugs")
    parser.set_defaults(run=_run)


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
    wanted = checked_ids(ids)
    collection = await resolve_collection(wf, collection_ref)
    items = wf.items(collection.id)
    if slugs:
        wanted = await ids_of_slugs(items, slugs, live=True)
    if all_live:
        wanted = [item.id async for item in items.list(live=True)]
    with out.progress(f"unpublish {collection.display_name}", total=len(wanted)) as bar:
        result = await items.unpublish(wanted, on_progress=bar.update)
    return PublishReport(collection, "unpublished", result)


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    report = await unpublish_items(wf, out, args.collection, ids=args.ids, slugs=args.slugs, all_live=args.all_live)
    render_publish(out, report)
    return report.exit_code
