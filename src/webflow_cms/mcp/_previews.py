"""What a write would do, read from what exists, writing nothing: dry runs and previews.

``dry_run: true`` on a write, and ``delete_items`` or ``unpublish_items`` without
``confirm: true``, answer here: each input gets the ``would-`` status of what the real call
would do, or ``failed`` with the reason the real call would fail (a slug already taken, an
id that is not there, an item that is not live). The inputs were checked against the
schema before (``_values``); these checks need the collection's items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webflow_cms import AsyncWebflowCMS, Collection, Item
from webflow_cms.checks import parse_iso

from ._answers import Status, WriteResult
from ._lookup import by_ids, by_key

__all__ = ["Previews", "same_values"]


def _same(kind: str | None, given: object, held: object) -> bool:
    if kind == "DateTime" and isinstance(given, str) and isinstance(held, str):
        return parse_iso(given) == parse_iso(held)
    if kind == "MultiReference" and isinstance(given, list) and isinstance(held, list):
        return sorted(map(str, given)) == sorted(map(str, held))
    return given == held or (given in (None, "", []) and held in (None, "", []))


def same_values(collection: Collection, given: Mapping[str, Any], item: Item) -> bool:
    """True when every given field already holds the given value (so an upsert leaves the item alone)."""
    held = item.fields
    for slug, value in given.items():
        spec = collection.field(slug)
        if not _same(spec.type if spec else None, value, held.get(slug)):
            return False
    return True


def _planned(index: int, status: Status, doc: Mapping[str, Any], item: Item | None = None) -> WriteResult:
    slug = item.slug if item is not None else doc.get("fieldData", {}).get("slug")
    return WriteResult(index=index, status=status, id=item.id if item else None, slug=slug)


def _fails(index: int, message: str, slug: object = None) -> WriteResult:
    return WriteResult(
        index=index, status="failed", slug=slug if isinstance(slug, str) else None, error=f"item {index}: {message}"
    )


class Previews:
    """The dry runs of the write tools, over one client."""

    def __init__(self, wf: AsyncWebflowCMS) -> None:
        self._wf = wf

    async def creates(self, collection_id: str, docs: Mapping[int, dict[str, Any]]) -> list[WriteResult]:
        """would-create, unless the slug is taken (in the collection, or by an earlier input)."""
        slugs = {doc["fieldData"]["slug"] for doc in docs.values()}
        taken = await by_key(self._wf.items(collection_id), "slug", slugs)
        first: dict[str, int] = {}
        out: list[WriteResult] = []
        for index, doc in docs.items():
            slug = doc["fieldData"]["slug"]
            if slug in taken:
                why = f"slug {slug!r} is taken by item {taken[slug].id}; pick another, or use update_items/upsert_items"
                out.append(_fails(index, why, slug))
            elif slug in first:
                out.append(_fails(index, f"slug {slug!r} is given twice (items {first[slug]} and {index})", slug))
            else:
                first[slug] = index
                out.append(_planned(index, "would-create", doc))
        return out

    async def updates(self, collection_id: str, docs: Mapping[int, dict[str, Any]]) -> list[WriteResult]:
        """would-update for each item that exists."""
        found = await by_ids(self._wf.items(collection_id), {doc["id"] for doc in docs.values()})
        return [
            _planned(index, "would-update", doc, found[doc["id"]])
            if doc["id"] in found
            else _fails(index, f"no item with id {doc['id']} in this collection")
            for index, doc in docs.items()
        ]

    async def upserts(
        self, collection: Collection, docs: Mapping[int, dict[str, Any]], *, key: str, live: bool
    ) -> list[WriteResult]:
        """would-create, would-update, or would-leave-unchanged (would-publish: unchanged but not live)."""
        values = {doc["fieldData"][key] for doc in docs.values()}
        found = await by_key(self._wf.items(collection.id), key, values)
        out: list[WriteResult] = []
        for index, doc in docs.items():
            item = found.get(doc["fieldData"][key])
            if item is None:
                out.append(_planned(index, "would-create", doc))
            elif not same_values(collection, doc["fieldData"], item):
                out.append(_planned(index, "would-update", doc, item))
            elif live and item.status.value != "published":
                out.append(_planned(index, "would-publish", doc, item))
            else:
                out.append(_planned(index, "would-leave-unchanged", doc, item))
        return out

    async def by_id(
        self, collection_id: str, ids: Mapping[int, str], status: Status, *, live: bool
    ) -> list[WriteResult]:
        """``status`` for each id found (among the live copies with ``live``); failed for the others."""
        found = await by_ids(self._wf.items(collection_id), set(ids.values()), live=live)
        where = "live on the site (nothing to unpublish)" if live else "in this collection"
        return [
            WriteResult(index=index, status=status, id=item_id, slug=found[item_id].slug)
            if item_id in found
            else _fails(index, f"no item with id {item_id} {where}")
            for index, item_id in ids.items()
        ]
