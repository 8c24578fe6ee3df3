"""What ``webflow-cms codegen`` writes, decided before any text: class and attribute names, types, the hash.

The names follow fixed rules so the same schema always gives the same module:
a class per collection from its singular name in PascalCase, an attribute per
field from its slug in snake_case, clashes settled by suffixes in a stable order.
"""

from __future__ import annotations

import hashlib
import json
import keyword
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..resources.collections import Collection, Field

__all__ = ["MAX_NAME", "CodegenError", "FieldPlan", "ModelPlan", "plan_models", "schema_hash"]

#: Longest class or attribute name taken from Webflow (before clash suffixes): keeps every line short enough.
MAX_NAME = 40
#: Names the generated module defines itself; a class named so gets a ``_`` suffix.
_MODULE_NAMES = frozenset({"SITE_ID", "SCHEMA_HASH", "MODELS"})
#: Attribute names a field cannot take: ``CMSItem``'s, and the builtins the class body's annotations name
#: (an attribute ``str`` would hide the type ``str`` from the annotations after it).
_TAKEN_ATTRIBUTES = frozenset(
    {"id", "cms_locale_id", "is_draft", "is_archived", "last_published", "last_updated", "created_on"}
    | {"str", "int", "float", "bool", "list"}
    # attrs names the instance ``self`` in the ``__init__`` it writes: a field may not take that name.
    | {"self"}
)
_LIST_TYPES = frozenset({"MultiImage", "MultiReference"})
_REFERENCE_TYPES = frozenset({"Reference", "MultiReference"})
_WORD = re.compile(r"[^\W_]+")


class CodegenError(ValueError):
    """The schema cannot be written as typed models (one line saying which collection and field)."""


@attrs.frozen
class FieldPlan:
    """One attribute of a model: its name, and the parts of the field it is rendered from."""

    attribute: str
    slug: str
    type: str
    required: bool
    #: Option choices as (name, id), in the API's order.
    options: tuple[tuple[str, str], ...] = ()
    target: str | None = None
    #: The target's class name, or None when the target is not one of the site's collections.
    target_class: str | None = None
    validations: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def is_list(self) -> bool:
        return self.type in _LIST_TYPES


@attrs.frozen
class ModelPlan:
    """One class: the collection it stands for and its attributes in the API's field order."""

    class_name: str
    collection: Collection
    fields: tuple[FieldPlan, ...]


def _identifier(text: str) -> str:
    """``text`` as Python reads identifiers (NFKC), so two names that look different stay different."""
    return unicodedata.normalize("NFKC", text)


def _words(text: str) -> list[str]:
    """The runs of letters and digits that are valid in an identifier."""
    return [w for w in _WORD.findall(_identifier(text)) if ("a" + w).isidentifier()]


def _class_base(collection: Collection) -> str:
    """PascalCase of the singular name (the display name if it has no letters), digits prefixed."""
    words = _words(collection.singular_name) or _words(collection.display_name) or ["Collection"]
    name = "".join(w[0].upper() + w[1:] for w in words)[:MAX_NAME]
    if name[0].isdigit():
        name = "C" + name
    if keyword.iskeyword(name) or name in _MODULE_NAMES:
        name += "_"
    return name


def class_names(collections: Sequence[Collection]) -> dict[str, str]:
    """Collection id to class name; a name given twice gets ``2``, ``3``... in collection id order."""
    bases = {c.id: _class_base(c) for c in collections}
    taken = set(bases.values())
    names: dict[str, str] = {}
    first: set[str] = set()
    for collection_id in sorted(bases):
        base = name = bases[collection_id]
        if base in first:
            number = 2
            while (name := f"{base}{number}") in taken:
                number += 1
            taken.add(name)
        first.add(base)
        names[collection_id] = name
    return names


def _attribute_base(slug: str) -> str:
    """snake_case of the slug; a leading digit gets ``f_``, a keyword a ``_`` suffix."""
    name = "_".join(w.lower() for w in _words(slug))[:MAX_NAME].rstrip("_") or "field"
    if name[0].isdigit():
        name = "f_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


def _attribute_names(fields: Sequence[Field]) -> list[str]:
    """An attribute per field, in order; a taken name gets ``_field``, then ``_field2``, ``_field3``..."""
    taken: set[str] = set(_TAKEN_ATTRIBUTES)
    names: list[str] = []
    for field in fields:
        name = base = _attribute_base(field.slug)
        number = 1
        while name in taken:
            name = f"{base}_field" if number == 1 else f"{base}_field{number}"
            number += 1
        taken.add(name)
        names.append(name)
    return names


def _options(collection: Collection, field: Field) -> tuple[tuple[str, str], ...]:
    """An Option field's (name, id) pairs; a name given twice cannot map back to one id."""
    raw = field.validations.get("options")
    pairs = tuple(
        (str(o["name"]), str(o["id"]))
        for o in (raw if isinstance(raw, list) else [])
        if isinstance(o, Mapping) and "name" in o and "id" in o
    )
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            raise CodegenError(
                f"collection {collection.display_name!r} ({collection.id}), field {field.slug!r}: the option"
                f" name {name!r} is given twice, so a value cannot be told from the other; rename one in Webflow"
            )
        seen.add(name)
    return pairs


def _plan_field(collection: Collection, field: Field, attribute: str, classes: Mapping[str, str]) -> FieldPlan:
    validations = dict(field.validations)
    options: tuple[tuple[str, str], ...] = ()
    target: str | None = None
    if field.type == "Option":
        options = _options(collection, field)
        validations.pop("options", None)
    elif field.type in _REFERENCE_TYPES:
        found = validations.pop("collectionId", None)
        target = str(found) if found else None
    return FieldPlan(
        attribute=attribute,
        slug=field.slug,
        type=field.type,
        required=field.is_required,
        options=options,
        target=target,
        target_class=classes.get(target) if target else None,
        validations=validations,
    )


def plan_models(collections: Sequence[Collection]) -> list[ModelPlan]:
    """The classes to write, sorted by class name."""
    classes = class_names(collections)
    models = []
    for collection in collections:
        attributes = _attribute_names(collection.fields)
        fields = tuple(
            _plan_field(collection, f, a, classes) for f, a in zip(collection.fields, attributes, strict=True)
        )
        models.append(ModelPlan(classes[collection.id], collection, fields))
    return sorted(models, key=lambda m: m.class_name)


def schema_hash(site_id: str, collections: Sequence[Collection]) -> str:
    """``sha256:`` of a canonical JSON of every part of the schema the module is rendered from."""
    described = {
        "site": site_id,
        "collections": [_describe(c) for c in sorted(collections, key=lambda c: c.id)],
    }
    canonical = json.dumps(described, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _describe(collection: Collection) -> dict[str, Any]:
    fields = []
    for field in collection.fields:
        plan = _plan_field(collection, field, "", {})
        fields.append(
            {
                "slug": field.slug,
                "type": field.type,
                "isRequired": field.is_required,
                "options": [list(pair) for pair in plan.options],
                "target": plan.target,
                "validations": dict(plan.validations),
            }
        )
    return {
        "id": collection.id,
        "displayName": collection.display_name,
        "singularName": collection.singular_name,
        "fields": fields,
    }
