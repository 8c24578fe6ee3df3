"""``list_items`` and ``get_item``: pages of items behind an opaque cursor, kept small by ``fields``.

The filters are those of the SDK's ``Items.list()`` in JSON form (dates as ISO strings,
``where`` naming an Option's value by its option's name), handed to it as they are: it checks
them and builds the request. A page starts wherever the cursor says, and is one request:
``await items.list(offset=...)``. Items come back with their field values keyed by slug,
Option values by name.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from webflow_cms import AsyncWebflowCMS, Collection, Item, ValidationError
from webflow_cms.checks import option_id, parse_iso

from . import _cursor
from ._answers import ItemOut, ReadAnswer
from ._schema import Schemas

__all__ = ["Reader", "item_out"]

#: The SDK's date filters: ISO strings from the agent, datetimes for ``list()``.
_DATES = (
    "created_after",
    "created_before",
    "updated_after",
    "updated_before",
    "last_published_after",
    "last_published_before",
)
#: What the agent passes that is not a filter of ``list()``.
_NOT_FILTERS = frozenset({"live", "limit", "fields"})


def _bad(message: str) -> ValidationError:
    return ValidationError(message, status=None, code="invalid_input")


def _stamp(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime.datetime) else None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def item_out(item: Item, collection: Collection | None, fields: Sequence[str] | None = None) -> ItemOut:
    """An item as tools answer it: Option ids shown as names; only ``fields`` if given."""
    values = item.fields
    if fields is not None:
        values = {slug: values[slug] for slug in fields if slug in values}
    if collection is not None:
        for slug, value in values.items():
            spec = collection.field(slug)
            if spec is not None and spec.type == "Option" and isinstance(value, str):
                names = {option: name for name, option in spec.options.items()}
                values[slug] = names.get(value, value)
    locale = item.cms_locale_id
    return ItemOut(
        id=item.id,
        slug=item.slug,
        status=item.status.value,
        fields=values,
        is_draft=_flag(item.is_draft),
        is_archived=_flag(item.is_archived),
        last_published=_stamp(item.last_published),
        last_updated=_stamp(item.last_updated),
        created_on=_stamp(item.created_on),
        cms_locale_id=locale if isinstance(locale, str) else None,
    )


class Reader:
    """The two read tools, over one client and the server's kept schemas."""

    def __init__(self, wf: AsyncWebflowCMS, schemas: Schemas) -> None:
        self._wf = wf
        self._schemas = schemas

    async def get_item(
        self,
        collection_id: str,
        item_id: str,
        *,
        live: bool,
        cms_locale_id: str | None,
        fields: list[str] | None,
    ) -> ReadAnswer:
        collection = await self._schemas.get(collection_id)
        fields = await self._projection(collection_id, collection, fields)
        item = await self._wf.items(collection_id).get(item_id, live=live, cms_locale_id=cms_locale_id)
        return ReadAnswer(items=[item_out(item, collection, fields)], next_cursor=None, total=1)

    async def list_items(self, collection_id: str, cursor: str | None, given: Mapping[str, Any]) -> ReadAnswer:
        """One page; ``given`` holds the arguments the agent passed (live, limit, fields and the filters)."""
        query = {k: v for k, v in given.items() if v is not None}
        offset = 0
        if cursor is not None:
            offset, kept = _cursor.decode(cursor, collection_id)
            changed = sorted(k for k, v in query.items() if kept.get(k, v) != v or k not in kept)
            if changed:
                raise _bad(
                    f"cursor belongs to another query ({', '.join(changed)} differ): repeat the query unchanged,"
                    " or drop cursor to start from the first page"
                )
            query = kept
        collection = await self._schemas.get(collection_id)
        fields = await self._projection(collection_id, collection, query.get("fields"))
        live, limit = bool(query.get("live", False)), int(query.get("limit", 100))
        if not 1 <= limit <= 100:
            raise _bad(f"limit is 1 to 100 items a page, got {limit}")
        filters = _filters(collection, query)
        try:
            pager = self._wf.items(collection_id).list(offset=offset, page_size=limit, live=live, **filters)
        except TypeError as exc:  # a keyword list() does not take (only a cursor not made here has one)
            raise _bad(str(exc)) from None
        page = await pager
        items, total, end = page.items, page.total, offset + len(page.items)
        next_cursor = _cursor.encode(collection_id, end, query) if items and end < total else None
        return ReadAnswer(items=[item_out(i, collection, fields) for i in items], next_cursor=next_cursor, total=total)

    async def _projection(
        self, collection_id: str, collection: Collection, fields: Sequence[str] | None
    ) -> list[str] | None:
        if fields is None:
            return None
        unknown = [f for f in fields if collection.field(f) is None]
        if unknown and (newer := await self._schemas.newer(collection_id)) is not None:
            unknown = [f for f in fields if newer.field(f) is None]
        if unknown:
            known = ", ".join(f.slug for f in collection.fields)
            raise _bad(f"fields: no field {', '.join(map(repr, unknown))} in this collection; its fields are: {known}")
        return list(fields)


def _filters(collection: Collection, query: Mapping[str, Any]) -> dict[str, Any]:
    """The keywords of ``list()`` for a query: dates parsed, Options named by id, sort terms as pairs."""
    filters = {k: v for k, v in query.items() if k not in _NOT_FILTERS}
    for name in _DATES:
        text = filters.get(name)
        if text is None:
            continue
        moment = parse_iso(text) if isinstance(text, str) else None
        if moment is None:
            raise _bad(f"{name}: {text!r} is not a date or time; write e.g. 2024-05-01 or 2024-05-01T09:30:00Z")
        filters[name] = moment
    if "where" in filters:
        filters["where"] = _named_options(collection, filters["where"])
    if filters.get("sort"):
        filters["sort"] = [(term.get("field"), term.get("order", "asc")) for term in filters["sort"]]
    return filters


def _named_options(collection: Collection, where: object) -> dict[str, dict[str, Any]]:
    """``where`` with Option values named by their option's name turned into option ids."""
    if not isinstance(where, Mapping):
        raise _bad('where maps field slugs to {operator: value}, e.g. {"price": {"gt": 10}}; got ' + repr(where))
    out: dict[str, dict[str, Any]] = {}
    for field, terms in where.items():
        spec = collection.field(str(field))
        if spec is None or spec.type != "Option" or not isinstance(terms, Mapping):
            out[field] = terms
            continue
        out[field] = {
            op: [option_id(spec, v) for v in value] if isinstance(value, list) else option_id(spec, value)
            for op, value in terms.items()
        }
    return out
