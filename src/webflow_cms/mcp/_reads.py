"""``list_items`` and ``get_item``: pages of items behind an opaque cursor, kept small by ``fields``.

The filters are those of the SDK's ``Items.list()`` in JSON form, checked by it before
anything is sent (``where`` may name an Option's value by its option's name). A page starts
wherever the cursor says, so it is read with one request through the client's
``send_json`` (its rate limit and retries): the SDK's pager always starts at the first page.
Items come back with their field values keyed by slug, Option values by name.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from webflow_cms import AsyncWebflowCMS, Collection, Item, ValidationError
from webflow_cms.checks import parse_iso

from . import _cursor
from ._answers import ItemOut, ReadAnswer
from ._schema import Schemas

__all__ = ["DATE_FILTERS", "Reader", "item_out"]

#: The date filters, each as the list parameter it is sent as.
DATE_FILTERS = {
    "created_after": "createdOn[gte]",
    "created_before": "createdOn[lte]",
    "updated_after": "lastUpdated[gte]",
    "updated_before": "lastUpdated[lte]",
    "last_published_after": "lastPublished[gte]",
    "last_published_before": "lastPublished[lte]",
}
_PLAIN = {
    "name": "name",
    "slug": "slug",
    "cms_locale_id": "cmsLocaleId",
    "sort_by": "sortBy",
    "sort_order": "sortOrder",
}


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


def _wire(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_wire(v) for v in value)
    return str(value)


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
        params = self._params(collection_id, collection, query)
        path = f"/collections/{collection_id}/items" + ("/live" if live else "")
        data = await self._wf.send_json(
            {"method": "get", "url": path, "params": {"offset": offset, "limit": limit, **params}}
        )
        data = data if isinstance(data, dict) else {}
        items = [Item.from_wire(entry) for entry in data.get("items") or []]
        total = int((data.get("pagination") or {}).get("total", offset + len(items)))
        end = offset + len(items)
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

    def _params(self, collection_id: str, collection: Collection, query: Mapping[str, Any]) -> dict[str, str]:
        """The list parameters of a query, after the SDK's own checks of it (which raise on a bad one)."""
        sdk: dict[str, Any] = {k: query[k] for k in _PLAIN if k in query}
        params = {_PLAIN[k]: str(v) for k, v in sdk.items()}
        for name, wire in DATE_FILTERS.items():
            text = query.get(name)
            if text is None:
                continue
            moment = parse_iso(text) if isinstance(text, str) else None
            if moment is None:
                raise _bad(f"{name}: {text!r} is not a date or time; write e.g. 2024-05-01 or 2024-05-01T09:30:00Z")
            sdk[name] = moment
            params[wire] = moment.astimezone(datetime.UTC).isoformat()
        where = query.get("where")
        if where is not None:
            sdk["where"] = where = _named_options(collection, where)
            for field, terms in where.items():
                for op, value in terms.items():
                    params[f"filter[{field}][{op}]"] = _wire(value)
        sort = query.get("sort")
        if sort:
            sdk["sort"] = pairs = [(term.get("field"), term.get("order", "asc")) for term in sort]
            params.update({f"sort[{field}]": str(order) for field, order in pairs})
        try:
            self._wf.items(collection_id).list(**sdk)  # checks the query; sends nothing
        except TypeError as exc:
            raise _bad(str(exc)) from None
        return params


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
        ids = {name.casefold(): option for name, option in spec.options.items()}

        def named(value: object, ids: Mapping[str, str] = ids) -> object:
            return ids.get(value.casefold(), value) if isinstance(value, str) else value

        out[field] = {
            op: [named(v) for v in value] if isinstance(value, list) else named(value) for op, value in terms.items()
        }
    return out
