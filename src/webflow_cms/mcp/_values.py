"""An agent's items checked against the collection's schema and made what the SDK sends.

An agent writes an item as field values keyed by field slug (``{"name": ..., "slug": ...,
"price": 9.5, "size": "XL"}``). Before anything is sent each item is checked with the SDK's
``webflow_cms.checks`` (numbers, dates, options, references, required fields on create), an
Option named by its option's name becomes the option's id, and a Reference given as an item's
slug becomes that item's id. An item that breaks a rule fails on its own, with a message that
names the item (its index), the field and the fix; the others go on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

from webflow_cms import Collection, Field
from webflow_cms.checks import field_problems, is_webflow_id, option_id

__all__ = ["Mode", "Prepared", "ResolveSlugs", "prepare"]

#: How the items will be written: ``create`` and ``upsert`` need every required field, ``update`` an id.
Mode = Literal["create", "update", "upsert"]
#: Item ids of the referenced collection for the given slugs (slugs it lacks are left out).
ResolveSlugs = Callable[[str, frozenset[str]], Awaitable[dict[str, str]]]

_REFERENCE_TYPES = ("Reference", "MultiReference")


@attrs.define
class Prepared:
    """The items that passed, as SDK documents by input index, and a message for each that did not."""

    docs: dict[int, dict[str, Any]] = attrs.field(factory=dict)
    problems: dict[int, str] = attrs.field(factory=dict)
    #: True when a problem could come from a schema read before a field or option was added.
    maybe_stale: bool = False


async def prepare(
    collection: Collection,
    items: Sequence[object],
    *,
    mode: Mode,
    resolve: ResolveSlugs,
    key: str | None = None,
) -> Prepared:
    """Check every item; map option names and reference slugs; build ``{"fieldData": ...}`` (and ``id``)."""
    out = Prepared()
    specs = {f.slug: f for f in collection.fields}
    pending: dict[int, dict[str, Any]] = {}
    for index, raw in enumerate(items):
        problem, fields, item_id = _shape(raw, mode, specs)
        if problem is None:
            unknown = sorted(set(fields) - set(specs))
            if unknown:
                out.maybe_stale = True
                names = ", ".join(specs)
                problem = f"no field {', '.join(map(repr, unknown))} in this collection; its fields are: {names}"
        if problem is None:
            fields = {slug: _named_option(specs[slug], value) for slug, value in fields.items()}
            problem = _field_problem(collection, fields, mode=mode, key=key)
            out.maybe_stale = out.maybe_stale or (problem is not None and "the field's options" in problem)
        if problem is not None:
            out.problems[index] = f"item {index}: {problem}"
            continue
        pending[index] = {"fieldData": fields} if item_id is None else {"id": item_id, "fieldData": fields}
    await _resolve_references(pending, specs, resolve, out)
    out.docs.update(pending)
    return out


def _shape(raw: object, mode: Mode, specs: Mapping[str, Field]) -> tuple[str | None, dict[str, Any], str | None]:
    """(problem, field values, item id) of one input; ``{"fieldData": {...}}`` is taken too."""
    if not isinstance(raw, Mapping):
        return f"an item is an object of field values keyed by field slug, got {type(raw).__name__}", {}, None
    values = dict(raw)
    item_id = values.pop("id", None)
    if isinstance(values.get("fieldData"), Mapping) and "fieldData" not in specs:
        if len(values) > 1:
            return "give the field values either inside fieldData or beside id, not both", {}, None
        values = dict(values["fieldData"])
    if mode != "update":
        if item_id is not None:
            return f"{mode} takes no id (Webflow gives one); use update_items to change an existing item", {}, None
        return None, values, None
    if not is_webflow_id(item_id):
        return f'"id" must be the item\'s id (24 hex characters, from list_items), got {item_id!r}', {}, None
    if not values:
        return "nothing to change: give at least one field value beside the id", {}, None
    return None, values, item_id


def _named_option(spec: Field, value: object) -> object:
    return option_id(spec, value) if spec.type == "Option" else value


def _field_problem(collection: Collection, fields: Mapping[str, Any], *, mode: Mode, key: str | None) -> str | None:
    labels = {f.slug: f"field {f.slug!r}" for f in collection.fields}
    # Reference slugs are judged once resolved: only their shape (text, or a list of text) here.
    by_slug = {
        slug
        for slug in fields
        if (spec := collection.field(slug)) is not None and spec.type in _REFERENCE_TYPES and _as_slugs(fields[slug])
    }
    problems = field_problems(collection, fields, creating=mode != "update", unchecked=by_slug, labels=labels)
    if key is not None and fields.get(key) is None:
        problems.insert(0, f"field {key!r} is the upsert key: give every item a value for it")
    return "; ".join(problems) or None


def _as_slugs(value: object) -> frozenset[str]:
    """The slugs among a reference value (non-id strings), or nothing if it is not text or a list of text."""
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v for v in values):
        return frozenset()
    return frozenset(v for v in values if isinstance(v, str) and not is_webflow_id(v))


async def _resolve_references(
    pending: dict[int, dict[str, Any]], specs: Mapping[str, Field], resolve: ResolveSlugs, out: Prepared
) -> None:
    """Replace reference slugs by item ids; an item naming a slug that does not exist fails."""
    wanted: dict[str, set[str]] = {}
    for doc in pending.values():
        for slug, value in doc["fieldData"].items():
            spec = specs[slug]
            target = spec.validations.get("collectionId")
            if spec.type in _REFERENCE_TYPES and isinstance(target, str) and (slugs := _as_slugs(value)):
                wanted.setdefault(target, set()).update(slugs)
    found = {target: await resolve(target, frozenset(slugs)) for target, slugs in wanted.items()}
    for index in list(pending):
        fields = pending[index]["fieldData"]
        problems: list[str] = []
        for slug, value in fields.items():
            spec = specs[slug]
            ids = found.get(str(spec.validations.get("collectionId")))
            if spec.type not in _REFERENCE_TYPES or ids is None or not _as_slugs(value):
                continue
            missing = sorted(_as_slugs(value) - set(ids))
            if missing:
                problems.append(
                    f"field {slug!r}: no item with slug {', '.join(map(repr, missing))} in the referenced collection"
                    " (give an item's id or slug; list_items on that collection shows them)"
                )
            elif isinstance(value, list):
                fields[slug] = [ids.get(v, v) for v in value]
            else:
                fields[slug] = ids.get(value, value)
        if problems:
            out.problems[index] = f"item {index}: " + "; ".join(problems)
            del pending[index]
