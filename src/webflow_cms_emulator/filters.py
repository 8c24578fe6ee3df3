"""The query string of the two list-items operations, read into a checked `ListQuery`.

Sources, rule by rule:

- `cmsLocaleId`, `offset`, `limit`, `name`, `slug`, `sortBy` (`createdOn`, `lastPublished`,
  `lastUpdated`, `name`, `slug`), `sortOrder` (`asc`, `desc`), and the date filters `createdOn`,
  `lastPublished`, `lastUpdated` as deepObjects with `lte` and `gte` (ISO date-times): the parameters
  of list-collection-items and list-collection-items-live in `openapi/upstream/webflow-v2.yml`. All
  of them have `allowEmptyValue: true`: an empty value means the parameter's default.
- Whether a date bound keeps an item stamped exactly on it is not stated: the `--date-bounds`
  variant (`options.DateBounds`), inclusive by default. A malformed date is a 400 naming its parameter; a
  bare `createdOn=<date>` (not the deepObject form) too. Other keys of those objects
  (`createdOn[gt]`) pass unread: upstream's schemas declare `lte` and `gte` without closing the object,
  so a request carrying more is valid by the file.
- Field filters `filter[<fieldSlug>][<op>]=value` and field sorts `sort[<fieldSlug>]=asc|desc`:
  Webflow's List Items page
  (https://developers.webflow.com/data/reference/cms/collection-items/staged-items/list-items), ahead
  of the OpenAPI file: ops `eq ne gt gte lt lte in nin contains ncontains exists`, "which ones apply
  depends on the field type"; terms are ANDed; `in`/`nin` take up to 100 comma-separated values;
  `contains` ignores case; at most 10 terms, 2 of them text searches; up to 3 sorts, applied in
  query order, overriding `sortBy`; sortable types PlainText, Email, Phone, Number, DateTime, Switch.
  "A bad filter is a 400": every problem is one `validation_error` detail naming its parameter.

The page does not list the ops of each type; `OPS_BY_TYPE` is the emulator's reading: orderings for
numbers and dates, text searches for text, equality for values with an identity, `exists` for all.

Option fields are filtered by option id, not by name: an Option value is stored and answered as the
id of one of the field's options (Webflow's "Field Types & Item Values" page,
https://developers.webflow.com/data/reference/field-types-item-values), so a filter compares what the
item holds. A name where an id belongs is a 400 that lists the field's option ids and names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from starlette.requests import Request

from .catalog import Locales
from .errors import Detail, issue, validation_error
from .fields import Field
from .ids import format_time, is_object_id, parse_time
from .listing import DateBound, FieldSort, FieldTerm, ListQuery
from .web import int_param

#: `sortBy` values (upstream's enum) and the item column each sorts on.
SORT_BY = {
    "createdOn": "created_on",
    "lastPublished": "last_published",
    "lastUpdated": "last_updated",
    "name": "name",
    "slug": "slug",
}
_DATE_FILTERS = {"createdOn": "created_on", "lastPublished": "last_published", "lastUpdated": "last_updated"}
OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "ncontains", "exists")
_TEXT = ("eq", "ne", "in", "nin", "contains", "ncontains", "exists")
_IDENTITY = ("eq", "ne", "in", "nin", "exists")
#: Which ops each field type takes (the emulator's reading; see the module docstring).
OPS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "PlainText": _TEXT,
    "Email": _TEXT,
    "Phone": _TEXT,
    "Link": _TEXT,
    "VideoLink": _TEXT,
    "RichText": ("contains", "ncontains", "exists"),
    "Color": _IDENTITY,
    "Option": _IDENTITY,
    "Reference": _IDENTITY,
    "MultiReference": _IDENTITY,
    "Number": ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "exists"),
    "DateTime": ("eq", "ne", "gt", "gte", "lt", "lte", "exists"),
    "Switch": ("eq", "ne", "exists"),
    "Image": ("exists",),
    "MultiImage": ("exists",),
    "File": ("exists",),
    "ExtFileRef": ("exists",),
}
SORTABLE = frozenset({"PlainText", "Email", "Phone", "Number", "DateTime", "Switch"})
MAX_TERMS, MAX_TEXT_SEARCHES, MAX_VALUES, MAX_SORTS = 10, 2, 100, 3
_TEXT_SEARCHES = frozenset({"contains", "ncontains"})
_FILTER = re.compile(r"filter\[([^\[\]]*)\]\[([^\[\]]*)\]")
_SORT = re.compile(r"sort\[([^\[\]]*)\]")
_DATE = re.compile(r"(createdOn|lastPublished|lastUpdated)(?:\[(.*)\])?", re.DOTALL)
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_MAX_OFFSET = 2**63 - 1  # SQLite integers are 64-bit; a larger offset is a client error


def list_query(request: Request, fields: dict[str, Field], locales: Locales, *, inclusive: bool) -> ListQuery:
    """The checked query of a list request, or 400 `validation_error` naming every bad parameter."""
    params = request.query_params
    problems: list[Detail] = []
    sort_by, sort_order = params.get("sortBy") or None, params.get("sortOrder") or "asc"
    if sort_by is not None and sort_by not in SORT_BY:
        problems.append(issue("sortBy", "must be one of " + ", ".join(SORT_BY)))
    if sort_order not in ("asc", "desc"):
        problems.append(issue("sortOrder", "must be asc or desc"))
    pairs = params.multi_items()
    dates = _dates(pairs, inclusive, problems)
    terms = _terms(pairs, fields, problems)
    sorts = _sorts(pairs, fields, problems)
    if problems:
        raise validation_error(problems)
    return ListQuery(
        locales=query_locales(request, locales),
        offset=int_param(request, "offset", 0, 0, _MAX_OFFSET),
        limit=int_param(request, "limit", 100, 1, 100),
        name=params.get("name"),
        slug=params.get("slug"),
        dates=dates,
        terms=terms,
        sort_by=SORT_BY[sort_by] if sort_by is not None else None,
        descending=sort_order == "desc",
        sorts=sorts,
    )


def query_locales(request: Request, locales: Locales) -> tuple[str, ...]:
    """`cmsLocaleId`: one locale or several, comma-separated; absent or empty means the primary."""
    raw = request.query_params.get("cmsLocaleId")
    if not raw:
        return (locales.primary,)
    chosen = tuple(part.strip() for part in raw.split(",") if part.strip())
    if not chosen or any(c not in locales.all for c in chosen):
        raise validation_error([issue("cmsLocaleId", "is not a locale of this site")])
    return chosen


def _dates(pairs: Iterable[tuple[str, str]], inclusive: bool, problems: list[Detail]) -> tuple[DateBound, ...]:
    found: list[DateBound] = []
    for key, raw in pairs:
        match = _DATE.fullmatch(key)
        if match is None:
            continue
        name, bound = match.groups()
        if not raw:  # allowEmptyValue: no bound
            continue
        if bound is None:
            problems.append(issue(key, f"is not a filter; use {name}[gte] or {name}[lte] with an ISO 8601 date-time"))
            continue
        if bound not in ("gte", "lte"):
            continue  # upstream's deepObject schemas declare `lte` and `gte` and allow other keys
        moment = _time(raw)
        if moment is None:
            problems.append(issue(key, "must be an ISO 8601 date-time"))
            continue
        op = (">" if bound == "gte" else "<") + ("=" if inclusive else "")
        found.append(DateBound(_DATE_FILTERS[name], op, moment))
    return tuple(found)


def _time(raw: str) -> str | None:
    moment = parse_time(raw)
    try:
        return format_time(moment) if moment is not None else None
    except (OverflowError, ValueError):
        return None


def _terms(pairs: Iterable[tuple[str, str]], fields: dict[str, Field], problems: list[Detail]) -> tuple[FieldTerm, ...]:
    found: list[FieldTerm] = []
    count = searches = 0
    for key, raw in pairs:
        if key != "filter" and not key.startswith("filter["):
            continue
        match = _FILTER.fullmatch(key)
        if match is None:
            problems.append(issue(key, "is not a filter; write filter[<fieldSlug>][<op>]=value"))
            continue
        count += 1
        slug, op = match.groups()
        searches += op in _TEXT_SEARCHES
        if count > MAX_TERMS:
            problems.append(issue(key, f"is filter term {count}; a request takes at most {MAX_TERMS}"))
            continue
        if op in _TEXT_SEARCHES and searches > MAX_TEXT_SEARCHES:
            limit = f"a request takes at most {MAX_TEXT_SEARCHES} text searches (contains, ncontains)"
            problems.append(issue(key, f"is text search {searches}; {limit}"))
            continue
        term = _term(key, slug, op, raw, fields, problems)
        if term is not None:
            found.append(term)
    return tuple(found)


def _term(key: str, slug: str, op: str, raw: str, fields: dict[str, Field], problems: list[Detail]) -> FieldTerm | None:
    spec = fields.get(slug)
    if spec is None:
        problems.append(issue(key, f"{slug!r} is not a field of this collection"))
        return None
    if op not in OPS:
        problems.append(issue(key, f"{op!r} is not a filter operator; use one of {', '.join(OPS)}"))
        return None
    allowed = OPS_BY_TYPE.get(spec.type, ("exists",))
    if op not in allowed:
        problems.append(issue(key, f"{op!r} does not apply to a {spec.type} field; it takes {', '.join(allowed)}"))
        return None
    if op == "exists":
        if raw not in ("true", "false"):
            problems.append(issue(key, "must be true or false"))
            return None
        return FieldTerm(slug, spec.type, op, (raw == "true",))
    parts = raw.split(",") if op in ("in", "nin") else [raw]
    if len(parts) > MAX_VALUES:
        problems.append(issue(key, f"lists {len(parts)} values; at most {MAX_VALUES}"))
        return None
    values: list[object] = []
    for part in parts:
        value, problem = _typed(spec, part)
        if problem is not None:
            problems.append(issue(key, problem))
            return None
        values.append(value)
    return FieldTerm(slug, spec.type, op, tuple(values))


def _typed(spec: Field, raw: str) -> tuple[object, str | None]:
    """A filter value read as the field's type would store it, or why it cannot be."""
    kind, text = spec.type, raw.strip()
    if kind == "Number":
        number = float(text) if _NUMBER.fullmatch(text) else math.nan
        if not math.isfinite(number):
            return None, f"{raw!r} is not a number"
        whole = text.lstrip("-").isdigit() and -(2**63) <= int(text) < 2**63  # SQLite's integers are 64-bit
        return (int(text) if whole else number), None
    if kind == "DateTime":
        moment = _time(text)
        return (moment, None) if moment is not None else (None, f"{raw!r} is not an ISO 8601 date-time")
    if kind == "Switch":
        return (text == "true", None) if text in ("true", "false") else (None, f"{raw!r} is not true or false")
    if kind in ("Reference", "MultiReference"):
        return (text, None) if is_object_id(text) else (None, f"{raw!r} is not a 24-hex item id")
    if kind == "Option":
        return _option(spec, text)
    return raw, None


def _option(spec: Field, text: str) -> tuple[object, str | None]:
    options = [o for o in (spec.validations or {}).get("options", []) if isinstance(o, dict)]
    if any(o.get("id") == text for o in options) or (not options and is_object_id(text)):
        return text, None
    listed = ", ".join(f"{o.get('id')} ({o.get('name')})" for o in options)
    return None, f"{text!r} is not an option id of this field; options are matched by id: {listed or 'none'}"


def _sorts(pairs: Iterable[tuple[str, str]], fields: dict[str, Field], problems: list[Detail]) -> tuple[FieldSort, ...]:
    found: list[FieldSort] = []
    count = 0
    for key, raw in pairs:
        if not key.startswith("sort["):
            continue
        match = _SORT.fullmatch(key)
        if match is None:
            problems.append(issue(key, "is not a sort; write sort[<fieldSlug>]=asc or desc"))
            continue
        count += 1
        if count > MAX_SORTS:
            problems.append(issue(key, f"is sort {count}; a request takes at most {MAX_SORTS}"))
            continue
        slug = match.group(1)
        spec = fields.get(slug)
        if spec is None:
            problems.append(issue(key, f"{slug!r} is not a field of this collection"))
        elif spec.type not in SORTABLE:
            sortable = ", ".join(sorted(SORTABLE))
            problems.append(issue(key, f"a {spec.type} field cannot be sorted; sortable types: {sortable}"))
        elif raw not in ("asc", "desc"):
            problems.append(issue(key, "must be asc or desc"))
        else:
            found.append(FieldSort(slug, spec.type, raw == "desc"))
    return tuple(found)
