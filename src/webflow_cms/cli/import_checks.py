"""What ``import`` learns before it sends anything: the items the rows name, and every row it would refuse.

Each row is judged on its own, so one bad row never stops the others: what
reading found (``rows``: a missing key, a flag that is not true or false), the
collection's rules for each value (``webflow_cms.checks``), a Reference slug that names no
item, and a ``--key`` or slug already used on an earlier line. A row refused
here is not sent; ``--dry-run`` runs exactly these checks and plans the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from webflow_cms import AsyncWebflowCMS, Collection, Item
from webflow_cms.checks import field_problems

from .errors import InputError
from .import_report import SUMMARY_KEYS
from .rows import FileRows, Row
from .session import is_id

__all__ = ["check_key", "check_rows", "match", "plan", "resolve_references", "scan", "site_locales"]

#: Every row needs these, update or not: ``upsert_many`` sends each row as a whole item.
_ALWAYS = ("name", "slug")
#: Existing items named by the rows: ``{"id": {item id: Item}, "key": {key value: Item}}``.
Existing = Mapping[str, Mapping[Any, Item]]


async def scan(
    wf: AsyncWebflowCMS, collection: Collection, rows: Sequence[Row], key: str
) -> dict[str, dict[Any, Item]]:
    """The collection's items named by the rows: by id and by key value (one pass over the collection)."""
    ids = {row.item_id for row in rows if row.item_id}
    keys = {value for row in rows if not isinstance(value := row.fields.get(key), list | dict)}
    by_id: dict[Any, Item] = {}
    by_key: dict[Any, Item] = {}
    async for item in wf.items(collection.id).list():
        if item.id in ids:
            by_id[item.id] = item
        value = item.fields.get(key)
        if isinstance(value, list | dict):
            continue
        if value in keys:
            by_key.setdefault(value, item)
    return {"id": by_id, "key": by_key}


def _named(row: Row, spec_slug: str, many: bool) -> list[Any]:
    value = row.fields.get(spec_slug)
    values = value if many and isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str) and not is_id(v)]


async def resolve_references(
    wf: AsyncWebflowCMS, collection: Collection, read: FileRows
) -> dict[int, tuple[set[str], list[str]]]:
    """Reference cells holding a slug get the id of that item of the referenced collection.

    Returns the rows naming a slug no item has, by position: the fields concerned and what to fix.
    """
    unknown: dict[int, tuple[set[str], list[str]]] = {}
    for spec in collection.fields:
        if spec.type not in ("Reference", "MultiReference"):
            continue
        many = spec.type == "MultiReference"
        target = spec.validations.get("collectionId")
        named = {v for row in read.rows for v in _named(row, spec.slug, many)}
        if not named or not isinstance(target, str) or not is_id(target):
            continue  # nothing to look up, or nowhere to look: the rules judge the values
        slugs = {item.slug: item.id async for item in wf.items(target).list() if item.slug in named}
        where = read.labels.get(spec.slug, f"fieldData.{spec.slug}")
        for position, row in enumerate(read.rows):
            missing = [v for v in _named(row, spec.slug, many) if v not in slugs]
            if missing:
                fields, problems = unknown.setdefault(position, (set(), []))
                fields.add(spec.slug)
                listed = ", ".join(repr(v) for v in missing)
                problems.append(
                    f"{where}: no item of the referenced collection has the slug {listed};"
                    " write the slug or id (24 hex characters) of one of its items"
                )
                continue
            value = row.fields.get(spec.slug)
            if isinstance(value, str):
                row.fields[spec.slug] = slugs.get(value, value)
            elif isinstance(value, list):
                row.fields[spec.slug] = [slugs.get(v, v) if isinstance(v, str) else v for v in value]
    return unknown


async def site_locales(wf: AsyncWebflowCMS, collection: Collection) -> set[str]:
    """The CMS locales of the site holding the collection (empty when it cannot be found)."""
    for site in await wf.sites.list():
        if any(c.id == collection.id for c in await wf.collections.list(site.id)):
            return set(site.cms_locale_ids)
    return set()


def match(row: Row, key: str, existing: Existing) -> Item | None:
    """The item a row updates: the one its id names, else the one holding its key value."""
    if row.item_id and row.item_id in existing["id"]:
        return existing["id"][row.item_id]
    value = row.fields.get(key)
    return None if isinstance(value, list | dict) else existing["key"].get(value)


def check_rows(
    collection: Collection,
    read: FileRows,
    key: str,
    existing: Existing | None,
    references: Mapping[int, tuple[set[str], list[str]]],
) -> dict[int, str]:
    """Every row the server would refuse, by position, with all that is wrong with it."""
    problems: dict[int, str] = {}
    first_line: dict[tuple[str, Any], int] = {}
    for position, row in enumerate(read.rows):
        found = list(row.problems)
        unresolved, missing = references.get(position, (set(), []))
        found += missing
        matched = match(row, key, existing) if existing is not None else None
        value = row.fields.get(key)
        blank = value is None or (isinstance(value, str) and not value.strip())
        unchecked = unresolved | ({key} if blank else set())  # a missing key is reported by ``rows``
        found += field_problems(
            collection, row.fields, creating=matched is None, always=_ALWAYS, unchecked=unchecked, labels=read.labels
        )
        for name in dict.fromkeys((key, "slug")):
            value = row.fields.get(name)
            if value is None or isinstance(value, list | dict):
                continue
            earlier = first_line.setdefault((name, value), row.line)
            if earlier != row.line:
                what = "slugs are unique in a collection" if name == "slug" else "each --key value may appear once"
                found.append(f"{name} {value!r} is also on line {earlier}; {what}, so keep one of the two lines")
        if found:
            problems[position] = "; ".join(found)
    return problems


def _same(row: Row, item: Item) -> bool:
    current = item.fields
    flags = (("isDraft", item.is_draft), ("isArchived", item.is_archived))
    return all(current.get(k) == v for k, v in row.fields.items()) and all(
        row.flags[flag] == value for flag, value in flags if flag in row.flags
    )


def plan(rows: Sequence[Row], key: str, existing: Existing, skip: Mapping[int, str]) -> dict[str, int]:
    """What an import would do: rows created, updated, left unchanged, and refused."""
    counts = dict.fromkeys(SUMMARY_KEYS, 0)
    counts["failed"] = len(skip)
    for position, row in enumerate(rows):
        if position in skip:
            continue
        found = match(row, key, existing)
        action = "created" if found is None else "unchanged" if _same(row, found) else "updated"
        counts[action] += 1
    return counts


def check_key(collection: Collection, key: str) -> None:
    """``--key`` must name a field of the collection."""
    if collection.field(key) is None:
        fields = ", ".join(f.slug for f in collection.fields)
        raise InputError(f"--key {key!r} is not a field of {collection.display_name!r}; pick one of: {fields}")
