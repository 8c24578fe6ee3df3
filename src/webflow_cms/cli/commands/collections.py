"""``collections``: every collection the token reaches with its item count; ``collections create NAME``.

Listing counts each collection's items with one one-item page (the page's
``total``), so it costs one request per collection whatever its size.

``create`` takes its fields from ``--schema`` (a JSON file) and/or ``--infer``
(a CSV file's header, typed from its cells); reading and checking those files
is ``collection_schema``. The name of one item is the collection's name in the
singular (``english.singular``: Categories -> Category) unless ``--singular``
or the schema file gives it; the slug comes from the name unless given.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import attrs

from webflow_cms import AsyncWebflowCMS, Collection, NotFoundError, Site

from ..collection_schema import infer_fields, read_schema, slugify
from ..english import singular as singular_of
from ..errors import InputError
from ..session import check_site_id, resolve_site
from ..ui import Output

__all__ = ["CollectionRow", "add_parser", "create_collection", "list_collections", "render_collections"]

_TEXT = "list collections with their item counts (or: collections create NAME)"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "collections", parents=[common], help=_TEXT, description=_TEXT
    )
    parser.add_argument("--site", help="only this site's collections (default: every site the token reaches)")
    parser.set_defaults(run=_list)
    actions = parser.add_subparsers(dest="collections_action", metavar="ACTION")
    create = actions.add_parser(
        "create",
        parents=[common],
        help="create a collection from a JSON schema file and/or a CSV header",
        description="Create a collection. Its fields come from --schema (a JSON list of fields) and/or --infer"
        " (a CSV file: one field per column, typed from its cells); name and slug come with every collection.",
    )
    create.add_argument("name", nargs="?", help="display name, e.g. 'Blog Posts' (default: the schema's displayName)")
    create.add_argument("--site", default=argparse.SUPPRESS, help="site id (default: the only site the token reaches)")
    create.add_argument(
        "--singular", help="name of one item (default: NAME in the singular, e.g. Categories -> Category)"
    )
    create.add_argument("--slug", help="collection slug (default: from NAME)")
    create.add_argument(
        "--schema",
        type=Path,
        help='JSON file: [{"displayName": ..., "type": ..., "isRequired": ...}, ...]; other keys are refused',
    )
    create.add_argument("--infer", type=Path, metavar="FILE.csv", help="add a field for each column of this CSV")
    create.set_defaults(run=_create)  # the sub-parser's default wins over the listing's


@attrs.frozen
class CollectionRow:
    site: Site
    collection: Collection
    items: int


async def list_collections(wf: AsyncWebflowCMS, site_id: str | None = None) -> list[CollectionRow]:
    """The collections of one site (or of every site), each counted with one one-item page."""
    if site_id is not None:
        check_site_id(site_id)
        try:
            sites = [await wf.sites.get(site_id)]
        except NotFoundError:
            raise InputError(f"site {site_id!r} not found; leave out --site to list every site") from None
    else:
        sites = await wf.sites.list()
    rows: list[CollectionRow] = []
    for site in sites:
        for collection in await wf.collections.list(site.id):
            page = await wf.items(collection.id).list(page_size=1)
            rows.append(CollectionRow(site, collection, page.total))
    return rows


def render_collections(out: Output, rows: list[CollectionRow]) -> None:
    out.data(
        [
            {
                "site": row.site.id,
                "id": row.collection.id,
                "slug": row.collection.slug,
                "name": row.collection.display_name,
                "items": row.items,
            }
            for row in rows
        ]
    )
    if not rows:
        out.text("no collections")
        return
    table = [("SITE", "COLLECTION ID", "SLUG", "NAME", "ITEMS")]
    table += [
        (
            row.site.short_name or row.site.id,
            row.collection.id,
            row.collection.slug,
            row.collection.display_name,
            f"{row.items:,}",
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    for r in table:
        out.text(
            "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=False)) + "  " + r[4].rjust(widths[4])
        )


async def _list(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    render_collections(out, await list_collections(wf, args.site))
    return 0


async def create_collection(
    wf: AsyncWebflowCMS,
    name: str | None,
    *,
    site_id: str | None = None,
    singular: str | None = None,
    slug: str | None = None,
    schema: Path | None = None,
    infer: Path | None = None,
    out: Output | None = None,
) -> Collection:
    """Create the collection on ``site_id`` (or on the only site the token reaches); returns it with its fields.

    Notes on what a schema file held and was left out go to ``out``.
    """
    options, fields, notes = read_schema(schema) if schema is not None else ({}, [], [])
    if infer is not None:
        taken = {f["slug"] for f in fields}
        fields += [f for f in infer_fields(infer) if f["slug"] not in taken]
    display = name or options.get("displayName")
    if not display:
        raise InputError("collections create needs a NAME (or a displayName in the --schema file)")
    if out is not None:
        for note in notes:
            out.note(note)
    return await wf.collections.create(
        await resolve_site(wf, site_id),
        display_name=display,
        singular_name=singular or options.get("singularName") or singular_of(display),
        slug=slug or options.get("slug") or slugify(display),
        fields=fields,
    )


async def _create(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    collection = await create_collection(
        wf,
        args.name,
        site_id=getattr(args, "site", None),
        singular=args.singular,
        slug=args.slug,
        schema=args.schema,
        infer=args.infer,
        out=out,
    )
    fields = [
        {"slug": f.slug, "name": f.display_name, "type": f.type, "required": f.is_required} for f in collection.fields
    ]
    out.data(
        {
            "id": collection.id,
            "slug": collection.slug,
            "name": collection.display_name,
            "singular": collection.singular_name,
            "fields": fields,
        }
    )
    out.text(
        f"created collection {collection.display_name} ({collection.id}), slug {collection.slug},"
        f" one item is a {collection.singular_name}"
    )
    for field in collection.fields:
        out.text(
            f"  {field.slug:<24} {field.type:<14} {field.display_name}{'  (required)' if field.is_required else ''}"
        )
    out.note(f"next: webflow-cms import {collection.slug} FILE.csv --dry-run")
    return 0
