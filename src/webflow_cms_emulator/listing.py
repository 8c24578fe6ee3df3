"""One page of a list-items request in SQL: its filters, its order, and cached totals.

What the filters and sorts mean, and where each rule comes from, is in `filters.py`, which reads
them from the query string; this module only turns the checked `ListQuery` into SQL. Every column,
operator and JSON path here comes from a constant or a checked field slug; every value is a bound
parameter.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .fields import SLUG

#: The item columns every answer is built from, in `item_json`'s order.
COLUMNS = "item_id, locale, field_data, created_on, last_updated, last_published, is_archived, is_draft"
#: The SQL comparison of each ordering operator.
_COMPARE = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
#: Types whose values are lists of ids (filters look at each element).
_LIST_TYPES = frozenset({"MultiReference"})


@dataclass(frozen=True)
class DateBound:
    """`column op value`: a date filter (`createdOn[gte]` ...) with its SQL comparison chosen."""

    column: str
    op: str
    value: str


@dataclass(frozen=True)
class FieldTerm:
    """One `filter[<slug>][<op>]` term: its field's type and the values read for that type."""

    slug: str
    kind: str
    op: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class FieldSort:
    """One `sort[<slug>]` key."""

    slug: str
    kind: str
    descending: bool


@dataclass(frozen=True)
class ListQuery:
    """Filters, order and page of a list request (`sort_by` is a column of the item tables)."""

    locales: tuple[str, ...]
    offset: int = 0
    limit: int = 100
    name: str | None = None
    slug: str | None = None
    dates: tuple[DateBound, ...] = ()
    terms: tuple[FieldTerm, ...] = ()
    sort_by: str | None = None
    descending: bool = False
    sorts: tuple[FieldSort, ...] = ()


def _path(slug: str) -> str:
    """The JSON path of a field in SQL text: field slugs are lowercase letters, digits and hyphens
    (checked again here), so the path can be written into the statement."""
    if SLUG.fullmatch(slug) is None:
        raise ValueError(f"not a field slug: {slug!r}")
    return f'$."{slug}"'


def _value(slug: str, kind: str) -> str:
    """The SQL expression of a field's value; DateTime values are put in one form so they compare."""
    expression = f"json_extract(field_data, '{_path(slug)}')"
    return f"wf_time({expression})" if kind == "DateTime" else expression


def _term(term: FieldTerm) -> tuple[str, list[Any]]:
    """One filter term as SQL. A missing or null value matches `ne`, `nin`, `ncontains` and
    `exists=false`, and nothing else (it equals nothing, and has no order)."""
    values = list(term.values)
    marks = ",".join("?" * len(values))
    if term.op == "exists":
        present = f"COALESCE(json_type(field_data, '{_path(term.slug)}'), 'null') != 'null'"
        return (present if values[0] else f"NOT ({present})"), []
    if term.kind in _LIST_TYPES:
        has = f"EXISTS (SELECT 1 FROM json_each(field_data, '{_path(term.slug)}') WHERE value IN ({marks}))"  # noqa: S608
        return (has if term.op in ("eq", "in") else f"NOT {has}"), values
    value = _value(term.slug, term.kind)
    if term.op in _COMPARE:
        return f"{value} {_COMPARE[term.op]} ?", values
    if term.op in ("eq", "in"):
        return f"{value} IN ({marks})", values
    if term.op in ("ne", "nin"):
        return f"({value} IS NULL OR {value} NOT IN ({marks}))", values
    found = f"wf_contains({value}, ?)"
    return (found if term.op == "contains" else f"NOT {found}"), values


def _condition(collection_id: str, query: ListQuery) -> tuple[str, list[Any]]:
    where = [f"collection_id = ? AND locale IN ({','.join('?' * len(query.locales))})"]
    args: list[Any] = [collection_id, *query.locales]
    for clause, value in (("name = ?", query.name), ("slug = ?", query.slug)):
        if value is not None:
            where.append(clause)
            args.append(value)
    for bound in query.dates:
        where.append(f"{bound.column} {bound.op} ?")
        args.append(bound.value)
    for term in query.terms:
        sql, values = _term(term)
        where.append(sql)
        args.extend(values)
    return " AND ".join(where), args


def _order(query: ListQuery) -> str:
    direction = "DESC" if query.descending else "ASC"
    if query.sorts:
        keys = [f"{_value(s.slug, s.kind)} {'DESC' if s.descending else 'ASC'}" for s in query.sorts]
        return ", ".join([*keys, "seq ASC"])
    if query.sort_by is not None:
        return f"{query.sort_by} {direction}, seq ASC"
    return f"seq {direction}"


class Pages:
    """Pages of item lists, with totals and the end of the last page remembered until a write."""

    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._counts: dict[tuple[Any, ...], tuple[int, int]] = {}
        self._cursors: dict[tuple[Any, ...], tuple[int, int]] = {}

    def touched(self, collection_id: str) -> None:
        """Note a write to the collection, so cached totals are recounted."""
        self._versions[collection_id] = self._versions.get(collection_id, 0) + 1
        if len(self._counts) > 10_000:
            self._counts.clear()

    def page(
        self, conn: sqlite3.Connection, table: str, collection_id: str, query: ListQuery
    ) -> tuple[list[sqlite3.Row], int]:
        """The rows of the page (`COLUMNS`, then `seq`) and how many items match in all."""
        condition, args = _condition(collection_id, query)
        version = self._versions.get(collection_id, 0)
        count_key = (table, collection_id, query.locales, query.name, query.slug, query.dates, query.terms)
        total = self._counts.get(count_key)
        if total is None or total[0] != version:
            counted = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {condition}", args).fetchone()[0]  # noqa: S608
            total = self._counts[count_key] = (version, int(counted))
        order = _order(query)
        by_seq = query.sort_by is None and not query.sorts
        cursor_key = (*count_key, query.descending)
        hint = self._cursors.get((cursor_key, query.offset)) if by_seq else None
        if hint is not None and hint[0] == version:
            # The previous page ended here and nothing changed since: continue after its last seq.
            rows = conn.execute(
                f"SELECT {COLUMNS}, seq FROM {table} WHERE {condition}"  # noqa: S608
                f" AND seq {'<' if query.descending else '>'} ? ORDER BY {order} LIMIT ?",
                [*args, hint[1], query.limit],
            ).fetchall()
        else:
            # Page through the narrow index first, then fetch only the rows of the page.
            rows = conn.execute(
                f"SELECT {COLUMNS}, seq FROM {table} WHERE rowid IN"  # noqa: S608
                f" (SELECT rowid FROM {table} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
                [*args, query.limit, query.offset],
            ).fetchall()
        if by_seq and rows:
            if len(self._cursors) > 10_000:
                self._cursors.clear()
            self._cursors[(cursor_key, query.offset + len(rows))] = (version, rows[-1][8])
        return rows, total[1]
