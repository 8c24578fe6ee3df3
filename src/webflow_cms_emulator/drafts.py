"""Collection bodies read into drafts: what `Catalog.insert_collection` stores.

Two readers share this: the public create-collection operation (upstream's request body:
`displayName`, `singularName`, `slug`, `fields`) and the Designer stand-in (`designer.py`), which
also takes what only the Designer can set (see `parse_field`'s `designer`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .errors import Detail, issue, validation_error
from .fields import BUILTIN_SLUGS, SLUG, Field, builtin_fields, parse_field, slugify
from .ids import new_id


@dataclass(frozen=True)
class CollectionDraft:
    """A collection to create: its names and every field, built-in ones first.

    `id` is None for a fresh id; field ids already taken in the database are replaced on insert."""

    display_name: str
    singular_name: str
    slug: str
    fields: tuple[Field, ...]
    id: str | None = None


def parse_collection(body: dict[str, Any], *, designer: bool = False) -> CollectionDraft:
    """A draft from a create-collection body, or 400 `validation_error` naming every problem."""
    problems: list[Detail] = []
    display = body.get("displayName")
    singular = body.get("singularName", display)
    if not isinstance(display, str) or not display.strip():
        problems.append(issue("displayName", "must be a non-empty string"))
    if not isinstance(singular, str) or not singular.strip():
        problems.append(issue("singularName", "must be a non-empty string"))
    slug = body.get("slug")
    if slug is None and isinstance(display, str):
        slug = slugify(display)
    if not isinstance(slug, str) or SLUG.fullmatch(slug) is None:
        problems.append(issue("slug", "must be lowercase letters, digits and hyphens"))
    raw_fields = body.get("fields", [])
    builtins = builtin_fields(new_id)
    new_fields: list[Field] = []
    if not isinstance(raw_fields, list):
        problems.append(issue("fields", "must be a list"))
    else:
        taken = set(BUILTIN_SLUGS)
        renamed: set[str] = set()
        for index, raw in enumerate(raw_fields):
            where = f"fields[{index}]"
            if designer and isinstance(raw, dict) and raw.get("slug") in BUILTIN_SLUGS:
                builtins = _rename_builtin(builtins, raw, where, renamed, problems)
                continue
            spec, found = parse_field(raw, where, taken, designer=designer)
            problems.extend(found)
            if spec is not None:
                taken.add(spec.slug)
                new_fields.append(spec)
    if problems:
        raise validation_error(problems)
    assert isinstance(display, str)
    assert isinstance(singular, str)
    assert isinstance(slug, str)
    return CollectionDraft(display, singular, slug, tuple(builtins + new_fields))


def _rename_builtin(
    builtins: list[Field], raw: dict[str, Any], where: str, renamed: set[str], problems: list[Detail]
) -> list[Field]:
    """The Designer lets one rename the built-in `name` and `slug` fields and give them help text
    (upstream's collection-details example calls its `name` field "Entry Title"); their type and
    being required stay."""
    slug = raw["slug"]
    before = len(problems)
    if slug in renamed:
        problems.append(issue(f"{where}.slug", "is already a field of this collection"))
    renamed.add(slug)
    display, help_text = raw.get("displayName", slug.title()), raw.get("helpText")
    if not isinstance(display, str) or not display.strip():
        problems.append(issue(f"{where}.displayName", "must be a non-empty string"))
    if help_text is not None and not isinstance(help_text, str):
        problems.append(issue(f"{where}.helpText", "must be a string"))
    if raw.get("type", "PlainText") != "PlainText":
        problems.append(issue(f"{where}.type", f"must be PlainText: {slug!r} is a built-in field"))
    if raw.get("isRequired", True) is not True:
        problems.append(issue(f"{where}.isRequired", f"must be true: {slug!r} is a built-in field"))
    if len(problems) > before:
        return builtins
    return [replace(f, display_name=display, help_text=help_text) if f.slug == slug else f for f in builtins]
