"""What ``list()`` asks for, checked once before anything is sent.

Filters and sorts are limited by Webflow (List Items, developers.webflow.com/data/reference/cms/
collection-items/staged-items/list-items): at most 10 field filter terms, of which at most 2 text
searches, at most 100 values in an ``in``/``nin`` list, at most 3 field sorts. A query that breaks
a rule would cost a request and come back as a 400; here it fails at once, naming the term.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypedDict

import attrs

from ..errors import ValidationError

__all__ = ["FIELD_OPERATORS", "ListFilters", "ListQuery", "SortBy", "SortOrder"]

SortBy = Literal["createdOn", "lastPublished", "lastUpdated", "name", "slug"]
SortOrder = Literal["asc", "desc"]
_SORT_BY: tuple[str, ...] = ("createdOn", "lastPublished", "lastUpdated", "name", "slug")
_SORT_ORDER: tuple[str, ...] = ("asc", "desc")
#: Field filter operators Webflow documents, and which of them take a list or no value.
FIELD_OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "ncontains", "exists")
_LIST_OPERATORS = frozenset({"in", "nin"})
_TEXT_SEARCHES = frozenset({"contains", "ncontains"})
MAX_FILTER_TERMS = 10
MAX_TEXT_SEARCHES = 2
MAX_LIST_VALUES = 100
MAX_SORTS = 3


class ListFilters(TypedDict, total=False):
    """The keyword filters of ``list()``: each is optional, and all of them combine (AND)."""

    sort_by: SortBy | None
    sort_order: SortOrder | None
    name: str | None
    slug: str | None
    cms_locale_id: str | None
    created_after: datetime.datetime | None
    created_before: datetime.datetime | None
    updated_after: datetime.datetime | None
    updated_before: datetime.datetime | None
    last_published_after: datetime.datetime | None
    last_published_before: datetime.datetime | None
    where: Mapping[str, Mapping[str, Any]] | None
    sort: Iterable[tuple[str, str]] | None


def _bad(message: str) -> ValidationError:
    return ValidationError(message, status=None)


def _utc(name: str, value: datetime.datetime | None) -> datetime.datetime | None:
    """A bound as an aware UTC datetime; a naive one is read as UTC (as item dates are)."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        raise _bad(f"{name} must be a datetime.datetime, got {type(value).__name__} {value!r}")
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def _wire_value(term: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        stamp = _utc(term, value)
        assert stamp is not None
        return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(f"{term}: {value!r} is not a number Webflow stores; give a finite number")
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise _bad(f"{term}: {value} does not fit in 64 bits; give a smaller number")
    if isinstance(value, int | float | str):
        return str(value)
    raise _bad(f"{term}: a filter value is a str, number, bool or datetime, got {type(value).__name__} {value!r}")


def _filter_params(where: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    if not isinstance(where, Mapping):
        raise _bad(f'where must map field slugs to {{operator: value}}, e.g. {{"price": {{"gt": 10}}}}; got {where!r}')
    params: dict[str, str] = {}
    searches = 0
    for field, terms in where.items():
        if not isinstance(field, str) or not field or "[" in field or "]" in field:
            raise _bad(f"where: a field is named by its slug (a non-empty str without brackets), got {field!r}")
        if not isinstance(terms, Mapping) or not terms:
            raise _bad(f"where[{field!r}] must be a non-empty {{operator: value}} mapping, got {terms!r}")
        for op, value in terms.items():
            term = f"where[{field!r}][{op!r}]"
            if op not in FIELD_OPERATORS:
                raise _bad(f"{term}: unknown operator; use one of {', '.join(FIELD_OPERATORS)}")
            searches += op in _TEXT_SEARCHES
            if op in _LIST_OPERATORS:
                if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
                    raise _bad(f"{term} takes a list of values, got {value!r}")
                values = [_wire_value(term, v) for v in value]
                if not values or len(values) > MAX_LIST_VALUES:
                    raise _bad(f"{term} takes 1 to {MAX_LIST_VALUES} values, got {len(values)}")
                if any("," in v for v in values):
                    raise _bad(f"{term}: values are sent comma-separated, so none may contain a comma")
                wire = ",".join(values)
            elif op == "exists":
                if not isinstance(value, bool):
                    raise _bad(f"{term} takes True or False, got {value!r}")
                wire = _wire_value(term, value)
            else:
                wire = _wire_value(term, value)
            params[f"filter[{field}][{op}]"] = wire
    if len(params) > MAX_FILTER_TERMS:
        raise _bad(f"where has {len(params)} terms; Webflow takes at most {MAX_FILTER_TERMS}")
    if searches > MAX_TEXT_SEARCHES:
        raise _bad(
            f"where has {searches} text searches (contains/ncontains); Webflow takes at most {MAX_TEXT_SEARCHES}"
        )
    return params


def _sort_params(sort: Iterable[tuple[str, str]]) -> dict[str, str]:
    if isinstance(sort, str | bytes | Mapping) or not isinstance(sort, Iterable):
        raise _bad(f'sort is a list of (field slug, "asc" | "desc") pairs, e.g. [("price", "desc")]; got {sort!r}')
    params: dict[str, str] = {}
    for entry in sort:
        if not (isinstance(entry, tuple | list) and len(entry) == 2):
            raise _bad(f'sort: each entry is a (field slug, "asc" | "desc") pair, got {entry!r}')
        field, order = entry
        if not isinstance(field, str) or not field or "[" in field or "]" in field:
            raise _bad(f"sort: a field is named by its slug (a non-empty str without brackets), got {field!r}")
        if order not in _SORT_ORDER:
            raise _bad(f"sort[{field!r}]: the order is 'asc' or 'desc', got {order!r}")
        key = f"sort[{field}]"
        if key in params:
            raise _bad(f"sort names {field!r} twice")
        params[key] = order
    if len(params) > MAX_SORTS:
        raise _bad(f"sort has {len(params)} fields; Webflow sorts by at most {MAX_SORTS}")
    return params


@attrs.frozen(kw_only=True)
class ListQuery:
    """Every filter and sort of one listing, checked; ``extra_params`` are the field filters and sorts."""

    sort_by: str | None = None
    sort_order: str | None = None
    name: str | None = None
    slug: str | None = None
    cms_locale_id: str | None = None
    created_after: datetime.datetime | None = None
    created_before: datetime.datetime | None = None
    updated_after: datetime.datetime | None = None
    updated_before: datetime.datetime | None = None
    last_published_after: datetime.datetime | None = None
    last_published_before: datetime.datetime | None = None
    extra_params: dict[str, str] = attrs.field(factory=dict)

    @classmethod
    def of(cls, **filters: Any) -> ListQuery:
        """Check ``filters`` (the keywords of ``ListFilters``) and build the query, or raise ``ValidationError``."""
        unknown = sorted(set(filters) - set(ListFilters.__annotations__))
        if unknown:
            known = ", ".join(ListFilters.__annotations__)
            raise TypeError(f"list() got unexpected keyword(s) {', '.join(unknown)}; it takes {known}")
        sort_by, sort_order = filters.get("sort_by"), filters.get("sort_order")
        if sort_by is not None and sort_by not in _SORT_BY:
            raise _bad(f"sort_by must be one of {', '.join(_SORT_BY)}, got {sort_by!r}")
        if sort_order is not None and sort_order not in _SORT_ORDER:
            raise _bad(f"sort_order must be one of {', '.join(_SORT_ORDER)}, got {sort_order!r}")
        dates = {
            name: _utc(name, filters.get(name))
            for name in (
                "created_after",
                "created_before",
                "updated_after",
                "updated_before",
                "last_published_after",
                "last_published_before",
            )
        }
        for name in ("name", "slug", "cms_locale_id"):
            value = filters.get(name)
            if value is not None and not isinstance(value, str):
                raise _bad(f"{name} must be a str, got {type(value).__name__} {value!r}")
        where, sort = filters.get("where"), filters.get("sort")
        extra = {**(_filter_params(where) if where is not None else {}), **(_sort_params(sort) if sort else {})}
        return cls(
            sort_by=sort_by,
            sort_order=sort_order,
            name=filters.get("name"),
            slug=filters.get("slug"),
            cms_locale_id=filters.get("cms_locale_id"),
            extra_params=extra,
            **dates,
        )
