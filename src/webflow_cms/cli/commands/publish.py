"""``publish COLLECTION``: move staged items to the live site (by ``--ids``, ``--slugs`` or ``--all-drafts``).

``--all-drafts`` publishes every item with a staged change not yet live
(``publishing.PENDING``); archived items cannot be published. Items that fail
are listed and make the exit code 1; publishing again is safe.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from webflow_cms import AsyncWebflowCMS

from ..errors import InputError
from ..publishing import PENDING, PublishReport, checked_ids, ids_of_slugs, render_publish
from ..session import resolve_collection
from ..ui import Output

__all__ = ["add_parser", "publish_items"]

_TEXT = "publish staged items"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("publish", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("collection", help="collection id, slug or name")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-drafts", action="store_true", help="every item with a change not yet live")
    which.add_argument("--ids", nargs="+", default=[], metavar="ID", help="these items")
    which.add_argument("--slugs", nargs="+", default=[], metavar="SLUG", help="the items with these slugs")
    parser.set_defaults(run=_run)


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
    wanted = checked_ids(ids)
    collection = await resolve_collection(wf, collection_ref)
    items = wf.items(collection.id)
    if slugs:
        wanted = await ids_of_slugs(items, slugs, live=False)
    if all_drafts:
        wanted = [item.id async for item in items.list() if item.status in PENDING]
    with out.progress(f"publish {collection.display_name}", total=len(wanted)) as bar:
        result = await items.publish(wanted, on_progress=bar.update)
    return PublishReport(collection, "published", result)


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    report = await publish_items(wf, out, args.collection, ids=args.ids, slugs=args.slugs, all_drafts=args.all_drafts)
    render_publish(out, report)
    return report.exit_code
