"""Parse and validate request bodies into plain records; every problem names its JSON path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import Locales
from .errors import issue, validation_error
from .fields import Field, check_value
from .files import rehost
from .ids import is_object_id

MAX_BATCH = 100
Issues = list[dict[str, str]]


@dataclass
class NewItem:
    """An item to create: one field-data object per locale variant. `item_id` names an existing
    item to add the variants to (Create Items' `id`); None makes a new item."""

    path: str
    variants: list[tuple[str, dict[str, Any]]]
    is_draft: bool | None
    is_archived: bool
    item_id: str | None = None


@dataclass
class ItemChange:
    """A change to the variant of one item in one locale."""

    path: str
    item_id: str
    locale: str
    is_draft: bool | None
    is_archived: bool | None
    field_data: dict[str, Any]


@dataclass
class ItemRef:
    """An item id with the locales it applies to."""

    path: str
    item_id: str
    locales: tuple[str, ...]


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _flag(raw: dict[str, Any], key: str, prefix: str, problems: Issues) -> bool | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, bool):
        problems.append(issue(_join(prefix, key), "must be true or false"))
        return None
    return value


def _locale(raw: dict[str, Any], prefix: str, locales: Locales, problems: Issues) -> str:
    if "cmsLocaleId" not in raw:
        return locales.primary
    value = raw["cmsLocaleId"]  # upstream types it `string`, not nullable: an explicit null is refused
    if value not in locales.all:
        problems.append(issue(_join(prefix, "cmsLocaleId"), "is not a locale of this site"))
    return str(value)


def _locale_list(raw: dict[str, Any], prefix: str, locales: Locales, problems: Issues) -> tuple[str, ...] | None:
    if "cmsLocaleIds" not in raw:
        return None
    value = raw["cmsLocaleIds"]  # upstream: `array` of `string`, not nullable
    where = _join(prefix, "cmsLocaleIds")
    if not isinstance(value, list) or not value:
        problems.append(issue(where, "must be a non-empty list of locale ids"))
        return None
    bad = [i for i, v in enumerate(value) if not isinstance(v, str) or v not in locales.all]
    for i in bad:
        problems.append(issue(f"{where}[{i}]", "is not a locale of this site"))
    if bad:
        return None
    if len(set(value)) != len(value):
        problems.append(issue(where, "lists a locale twice"))
    return tuple(value)


def check_field_data(
    data: object, where: str, fields: dict[str, Field], problems: Issues, *, complete: bool, number_rules: bool = True
) -> dict[str, Any]:
    """Check the field values found at path `where`; return them as stored (files re-hosted: `files.py`).

    `complete` also requires every required field.

    `number_rules` applies Number fields' validations (the `--number-validations` fidelity variant)."""
    if not isinstance(data, dict):
        problems.append(issue(where, "must be an object"))
        return {}
    stored: dict[str, Any] = {}
    for key, value in data.items():
        spec = fields.get(key)
        if spec is None:
            problems.append(issue(f"{where}.{key}", "is not a field of this collection"))
            continue
        problem = check_value(spec, value, number_rules=number_rules)
        if problem is not None:
            problems.append(issue(f"{where}.{key}", problem))
        stored[key] = rehost(spec.type, value) if problem is None else value
    if complete:
        for spec in fields.values():
            if spec.is_required and spec.slug not in data:
                problems.append(issue(f"{where}.{spec.slug}", "is required"))
    return stored


def _object(body: object, where: str, problems: Issues) -> dict[str, Any] | None:
    if isinstance(body, dict):
        return body
    problems.append(issue(where or "body", "must be an object"))
    return None


def _item_list(body: dict[str, Any], key: str = "items") -> list[Any]:
    value = body.get(key)
    if not isinstance(value, list) or not value:
        raise validation_error([issue(key, "must be a non-empty list")])
    return value


def _raise(problems: Issues) -> None:
    if problems:
        raise validation_error(list(problems))


def _check_count(count: int, where: str = "items") -> None:
    if count > MAX_BATCH:
        raise validation_error(
            [issue(where, f"{count} items (locale variants included) exceed the limit of {MAX_BATCH}")],
            "Too many items in one request",
        )


def _new_item(
    raw: object, prefix: str, fields: dict[str, Field], locales: Locales, problems: Issues, number_rules: bool
) -> NewItem:
    item = _object(raw, prefix, problems) or {}
    where = _join(prefix, "fieldData")
    data = check_field_data(item.get("fieldData"), where, fields, problems, complete=True, number_rules=number_rules)
    many = _locale_list(item, prefix, locales, problems)
    chosen = many if many is not None else (_locale(item, prefix, locales, problems),)
    draft, archived = _flag(item, "isDraft", prefix, problems), _flag(item, "isArchived", prefix, problems)
    return NewItem(prefix, [(loc, data) for loc in chosen], draft, bool(archived))


def parse_new_items(
    body: object, fields: dict[str, Field], locales: Locales, *, strict_batch: bool = False, number_rules: bool = True
) -> tuple[list[NewItem], bool]:
    """A single item body or an `items` body; returns the items and whether it was a batch."""
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    assert root is not None
    if "items" not in root:
        one = _new_item(root, "", fields, locales, problems, number_rules)
        _raise(problems)
        _check_count(len(one.variants), "cmsLocaleIds")
        return [one], False
    raw_items = _item_list(root)
    _check_count(len(raw_items))
    if strict_batch:
        # Upstream's batch form of POST /items is the one body with `additionalProperties: false`.
        problems.extend(issue(key, "is not allowed here") for key in root if key != "items")
    items = [_new_item(raw, f"items[{i}]", fields, locales, problems, number_rules) for i, raw in enumerate(raw_items)]
    _check_count(sum(len(i.variants) for i in items))
    _raise(problems)
    return items, True


def parse_multi_locale(
    body: object, fields: dict[str, Field], locales: Locales, *, number_rules: bool = True
) -> list[NewItem]:
    """The `/items/bulk` body: items created in every locale of `cmsLocaleIds`.

    `fieldData` is one item (an object) or several (a list), each created in each listed
    locale: upstream's `SingleItemMultipleLocales` and `MultipleItemsMultipleLocales`
    examples. `isDraft`/`isArchived` apply to all of them.
    """
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    assert root is not None
    chosen = _locale_list(root, "", locales, problems) or (locales.primary,)
    raw_data = root.get("fieldData")
    if isinstance(raw_data, list):
        if not raw_data:
            problems.append(issue("fieldData", "must name at least one item"))
        datas = [
            check_field_data(d, f"fieldData[{i}]", fields, problems, complete=True, number_rules=number_rules)
            for i, d in enumerate(raw_data)
        ]
        paths = [f"fieldData[{i}]" for i in range(len(raw_data))]
    else:
        datas = [check_field_data(raw_data, "fieldData", fields, problems, complete=True, number_rules=number_rules)]
        paths = [""]
    _check_count(len(chosen) * len(datas), "cmsLocaleIds")
    draft, archived = _flag(root, "isDraft", "", problems), _flag(root, "isArchived", "", problems)
    _raise(problems)
    return [
        NewItem(path, [(loc, data) for loc in chosen], draft, bool(archived))
        for path, data in zip(paths, datas, strict=True)
    ]


def _insert_entry(
    raw: object, prefix: str, fields: dict[str, Field], locales: Locales, problems: Issues, number_rules: bool
) -> NewItem:
    entry = _object(raw, prefix, problems)
    if entry is None:
        return NewItem(prefix, [], None, False)
    where = _join(prefix, "fieldData")
    data = check_field_data(entry.get("fieldData"), where, fields, problems, complete=True, number_rules=number_rules)
    listed = _locale_list(entry, prefix, locales, problems)
    every = _flag(entry, "allCmsLocales", prefix, problems)
    if listed is not None and every:
        problems.append(issue(_join(prefix, "allCmsLocales"), "give cmsLocaleIds or allCmsLocales, not both"))
    chosen = locales.all if every else listed or (locales.primary,)
    item_id = entry.get("id")
    if item_id is not None and not is_object_id(item_id):
        problems.append(issue(_join(prefix, "id"), "must be the 24-hex id of an item of this collection"))
        item_id = None  # refused above; never used as a key (a list is not hashable)
    draft, archived = _flag(entry, "isDraft", prefix, problems), _flag(entry, "isArchived", prefix, problems)
    return NewItem(prefix, [(loc, data) for loc in chosen], draft, bool(archived), item_id)


def parse_insert(
    body: object, fields: dict[str, Field], locales: Locales, *, number_rules: bool = True
) -> list[NewItem]:
    """The body of Create Items (`POST /items/insert`), as Webflow's Create Items page describes it
    (https://developers.webflow.com/data/reference/cms/collection-items/staged-items/create-items):
    `{"items": [...]}`, each entry with `fieldData` (name and slug required), `cmsLocaleIds` or
    `allCmsLocales: true` (not both; neither means the primary locale), `isDraft`, `isArchived` and an
    optional `id` of an existing item to add locale variants to. At most 100 variants in all
    (`allCmsLocales` counts each of the site's locales); an id and locale may come once."""
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    assert root is not None
    raw_items = _item_list(root)
    _check_count(len(raw_items))
    items = [
        _insert_entry(raw, f"items[{i}]", fields, locales, problems, number_rules) for i, raw in enumerate(raw_items)
    ]
    seen: set[tuple[str, str]] = set()
    for item in items:
        for locale, _ in item.variants if item.item_id is not None else ():
            key = (item.item_id or "", locale)
            if key in seen:
                problems.append(issue(item.path, f"adds the variant in locale {locale} to item {item.item_id} twice"))
            seen.add(key)
    _raise(problems)
    _check_count(sum(len(i.variants) for i in items))
    return items


def _change(
    raw: object,
    prefix: str,
    item_id: object,
    fields: dict[str, Field],
    locales: Locales,
    problems: Issues,
    number_rules: bool,
) -> ItemChange:
    item = _object(raw, prefix, problems) or {}
    if not is_object_id(item_id):
        problems.append(issue(_join(prefix, "id"), "must be a 24-hex item id"))
    where, raw_data = _join(prefix, "fieldData"), item.get("fieldData", {})
    data = check_field_data(raw_data, where, fields, problems, complete=False, number_rules=number_rules)
    return ItemChange(
        prefix,
        str(item_id),
        _locale(item, prefix, locales, problems),
        _flag(item, "isDraft", prefix, problems),
        _flag(item, "isArchived", prefix, problems),
        data,
    )


def parse_changes(
    body: object, fields: dict[str, Field], locales: Locales, *, number_rules: bool = True
) -> list[ItemChange]:
    """The `items` body of a bulk PATCH; an id and locale may appear once."""
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    assert root is not None
    raw_items = _item_list(root)
    _check_count(len(raw_items))
    changes = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(raw_items):
        prefix = f"items[{index}]"
        if not isinstance(raw, dict):
            problems.append(issue(prefix, "must be an object"))
            continue
        change = _change(raw, prefix, raw.get("id"), fields, locales, problems, number_rules)
        if (change.item_id, change.locale) in seen:
            problems.append(issue(f"{prefix}.id", "appears more than once in this request"))
        seen.add((change.item_id, change.locale))
        changes.append(change)
    _raise(problems)
    return changes


def parse_patch(
    body: object, item_id: str, fields: dict[str, Field], locales: Locales, *, number_rules: bool = True
) -> ItemChange:
    """The body of a single-item PATCH (the id comes from the path)."""
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    change = _change(root, "", item_id, fields, locales, problems, number_rules)
    _raise(problems)
    return change


def _ref(raw: object, prefix: str, locales: Locales, problems: Issues) -> ItemRef:
    item = _object(raw, prefix, problems) or {}
    item_id = item.get("id")
    if not is_object_id(item_id):
        problems.append(issue(_join(prefix, "id"), "must be a 24-hex item id"))
    chosen = _locale_list(item, prefix, locales, problems) or (_locale(item, prefix, locales, problems),)
    return ItemRef(prefix, str(item_id), chosen)


def parse_refs(body: object, locales: Locales) -> list[ItemRef]:
    """An `items` body of ids (delete, unpublish); locale variants count towards the limit."""
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    assert root is not None
    raw_items = _item_list(root)
    _check_count(len(raw_items))
    refs = [_ref(raw, f"items[{i}]", locales, problems) for i, raw in enumerate(raw_items)]
    _raise(problems)
    _check_count(sum(len(r.locales) for r in refs))
    return refs


def parse_publish(body: object, locales: Locales) -> list[ItemRef]:
    """`{"itemIds": [...]}` (primary locale) or an `items` body with locales."""
    problems: Issues = []
    root = _object(body, "", problems)
    _raise(problems)
    assert root is not None
    if "itemIds" not in root:
        return parse_refs(root, locales)
    raw_ids = _item_list(root, "itemIds")
    _check_count(len(raw_ids), "itemIds")
    for index, value in enumerate(raw_ids):
        if not is_object_id(value):
            problems.append(issue(f"itemIds[{index}]", "must be a 24-hex item id"))
    _raise(problems)
    return [ItemRef(f"itemIds[{i}]", str(v), (locales.primary,)) for i, v in enumerate(raw_ids)]
