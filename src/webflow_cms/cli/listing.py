"""``collections``: every collection the token reaches, with its item count."""

from __future__ import annotations

import attrs

from webflow_cms import AsyncWebflowCMS, Collection, NotFoundError, Site

from .errors import InputError
from .session import is_id
from .ui import Output

__all__ = ["CollectionRow", "list_collections", "run_collections"]


@attrs.frozen
class CollectionRow:
    site: Site
    collection: Collection
    items: int


async def list_collections(wf: AsyncWebflowCMS, site_id: str | None = None) -> list[CollectionRow]:
    """The collections of one site (or of every site), each counted with one one-item page."""
    if site_id is not None:
        if not is_id(site_id):
            raise InputError(f"--site {site_id!r} is not a site id (24 lowercase hex characters)")
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


async def run_collections(wf: AsyncWebflowCMS, out: Output, site_id: str | None) -> int:
    render_collections(out, await list_collections(wf, site_id))
    return 0
