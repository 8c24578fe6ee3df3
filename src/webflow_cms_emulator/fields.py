"""Collection field definitions and the checks their values must pass."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .colors import color_problem
from .errors import issue
from .ids import is_object_id, new_id, parse_time
from .numbers import number_problem, parse_number_validations

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|/\S*")
MAX_TEXT = 256
#: The fields every collection has (`builtin_fields`); the others are "custom fields" in upstream's words.
BUILTIN_SLUGS = frozenset({"name", "slug"})
REFERENCE_TYPES = frozenset({"Reference", "MultiReference"})
MAX_OPTIONS = 100


@dataclass(frozen=True)
class Field:
    """One field of a collection schema."""

    id: str
    slug: str
    display_name: str
    type: str
    is_required: bool
    is_editable: bool = True
    help_text: str | None = None
    validations: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The field as upstream's Field schema has it. A field without help text answers
        `"helpText": null`, as the fields without one do in upstream's collection-details,
        create-collection and list-collections examples (`openapi/upstream/webflow-v2.yml`)."""
        shown: dict[str, Any] = {
            "id": self.id,
            "isEditable": self.is_editable,
            "isRequired": self.is_required,
            "type": self.type,
            "slug": self.slug,
            "displayName": self.display_name,
            "helpText": self.help_text,
            "validations": self.validations,
        }
        return shown

    def created_json(self) -> dict[str, Any]:
        """The answer to create-field: as `to_json`, plus `metadata` on option and reference fields
        (upstream's create-field 200 examples and its OptionField / ReferenceField schemas)."""
        shown = self.to_json()
        given = self.validations or {}
        if self.type == "Option":
            shown["metadata"] = {"options": given.get("options", [])}
        elif self.type in REFERENCE_TYPES and "collectionId" in given:
            shown["metadata"] = {"collectionId": given["collectionId"]}
        return shown


def _text(value: object) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _number(value: object) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok else "must be a number"


def _switch(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _datetime(value: object) -> str | None:
    ok = isinstance(value, str) and parse_time(value) is not None
    return None if ok else "must be an ISO 8601 date-time"


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        ok = isinstance(value, str) and regex.fullmatch(value) is not None
        return None if ok else f"must be {what}"

    return check


def _reference(value: object) -> str | None:
    return None if is_object_id(value) else "must be a 24-hex item id"


def _multi_reference(value: object) -> str | None:
    ok = isinstance(value, list) and all(is_object_id(v) for v in value)
    return None if ok else "must be a list of 24-hex item ids"


def _file(value: object) -> str | None:
    if isinstance(value, str) and _URL.fullmatch(value):
        return None
    if isinstance(value, dict) and (isinstance(value.get("url"), str) or is_object_id(value.get("fileId"))):
        return None
    return "must be a URL or an object with `url` or `fileId`"


def _multi_file(value: object) -> str | None:
    ok = isinstance(value, list) and all(_file(v) is None for v in value)
    return None if ok else "must be a list of images (URLs or objects with `url`)"


_CHECKS: dict[str, Callable[[object], str | None]] = {
    "PlainText": _text,
    "RichText": _text,
    "Phone": _text,
    "Number": _number,
    "Switch": _switch,
    "DateTime": _datetime,
    "Link": _pattern(_URL, "a URL"),
    "VideoLink": _pattern(_URL, "a URL"),
    "Email": _pattern(_EMAIL, "an email address"),
    "Color": color_problem,
    "Option": _text,
    "Reference": _reference,
    "MultiReference": _multi_reference,
    "Image": _file,
    "File": _file,
    "MultiImage": _multi_file,
    # Nothing documents ExtFileRef values: taking what a File field takes is an assumption.
    "ExtFileRef": _file,
}

#: Every type a field can have: the `type` enum of upstream's Field schema (the answers).
ALL_FIELD_TYPES: frozenset[str] = frozenset(_CHECKS)
#: The types the public create-collection and create-field bodies offer: upstream's create bodies
#: leave out ExtFileRef, which only the Designer stand-in (`designer.py`) makes.
FIELD_TYPES: frozenset[str] = ALL_FIELD_TYPES - {"ExtFileRef"}


def check_value(spec: Field, value: object, *, number_rules: bool = True) -> str | None:
    """Why `value` does not fit the field, or None when it does (null clears optional fields).

    `number_rules` applies a Number field's validations (the `--number-validations` variant)."""
    if value is None:
        return "is required" if spec.is_required else None
    problem = _CHECKS[spec.type](value)
    if problem is not None:
        return f"{spec.type} field {problem}"
    if spec.slug == "slug":
        assert isinstance(value, str)
        if len(value) > MAX_TEXT or SLUG.fullmatch(value) is None:
            return "must be lowercase letters, digits and single hyphens (at most 256 characters)"
    elif spec.slug == "name" and isinstance(value, str) and not (value.strip() and len(value) <= MAX_TEXT):
        return "must be a non-empty string of at most 256 characters"
    if spec.type == "Option":
        return _check_option(spec, value)
    if spec.type == "Number" and number_rules:
        assert isinstance(value, int | float)
        return number_problem(spec.validations, value)
    return None


def _check_option(spec: Field, value: object) -> str | None:
    options = (spec.validations or {}).get("options")
    if not isinstance(options, list) or not options:
        return None
    allowed = {o.get("id") for o in options if isinstance(o, dict)}
    return None if value in allowed else "must be the id of one of the field's options"


def slugify(text: str) -> str:
    """A slug derived from a display name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def builtin_fields(new_id: Callable[[], str]) -> list[Field]:
    """The `name` and `slug` fields every collection has."""
    return [
        Field(new_id(), "name", "Name", "PlainText", True),
        Field(new_id(), "slug", "Slug", "PlainText", True),
    ]


def parse_field(
    raw: object, where: str, taken: set[str], *, strict: bool = False, designer: bool = False
) -> tuple[Field | None, list[dict[str, str]]]:
    """A new field from a request body (at path `where`), or None and the problems found.

    Option choices and reference targets come in `metadata` (upstream's create-field and
    create-collection bodies), or in `validations` (how Webflow shows them back, and the spelling
    this emulator took before; whether Webflow accepts it is unknown). `strict` (create-field)
    requires them as upstream's NewOptionField and NewReferenceField do: 1 to 100 options, and a
    `collectionId`; the collection's own create keeps the older, lenient reading.

    `designer` reads a field for the Designer stand-in (`designer.py`): any type of the Field schema,
    ExtFileRef included; a Number's `validations` checked rule by rule; option ids, when given, must
    be 24-hex ids; a reference needs its `collectionId`, as upstream's NewReferenceField does.
    """
    prefix = f"{where}." if where else ""
    if not isinstance(raw, dict):
        return None, [issue(where or "body", "must be an object")]
    problems = []
    display, kind = raw.get("displayName"), raw.get("type")
    if not isinstance(display, str) or not display.strip():
        problems.append(issue(prefix + "displayName", "must be a non-empty string"))
    types = ALL_FIELD_TYPES if designer else FIELD_TYPES
    if kind not in types:
        problems.append(issue(prefix + "type", "must be one of " + ", ".join(sorted(types))))
    slug = raw.get("slug", slugify(display) if isinstance(display, str) else None)
    if not isinstance(slug, str) or SLUG.fullmatch(slug) is None:
        problems.append(issue(prefix + "slug", "must be lowercase letters, digits and hyphens"))
    elif slug in taken:
        problems.append(issue(prefix + "slug", "is already a field of this collection"))
    required = raw.get("isRequired", False)
    if not isinstance(required, bool):
        problems.append(issue(prefix + "isRequired", "must be true or false"))
    help_text = raw.get("helpText")
    if help_text is not None and not isinstance(help_text, str):
        problems.append(issue(prefix + "helpText", "must be a string"))
    for key in ("validations", "metadata"):
        if raw.get(key) is not None and not isinstance(raw[key], dict):
            problems.append(issue(prefix + key, "must be an object"))
    if problems:
        return None, problems
    assert isinstance(display, str)
    assert isinstance(kind, str)
    assert isinstance(slug, str)
    validations: dict[str, Any] | None = raw.get("validations")
    if kind == "Option":
        validations, problems = _option_validations(raw, prefix, strict, designer)
    elif kind in REFERENCE_TYPES:
        validations, problems = _reference_validations(raw, prefix, strict or designer)
    elif kind == "Number" and designer:
        validations, problems = parse_number_validations(validations, prefix + "validations")
    if problems:
        return None, problems
    return Field(new_id(), slug, display, kind, required, True, help_text, validations), []


def _source(raw: dict[str, Any], prefix: str) -> tuple[dict[str, Any], str]:
    """Where the choices or target are given: `metadata` (upstream's key) unless only `validations` is."""
    key = "validations" if raw.get("metadata") is None and raw.get("validations") is not None else "metadata"
    return raw.get(key) or {}, prefix + key


def _option_validations(
    raw: dict[str, Any], prefix: str, strict: bool, designer: bool = False
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    source, where = _source(raw, prefix)
    options = source.get("options", [])
    if not isinstance(options, list):
        return None, [issue(f"{where}.options", "must be a list")]
    problems = [
        issue(f"{where}.options[{i}].name", "must be a string")
        for i, o in enumerate(options)
        if not (isinstance(o, dict) and isinstance(o.get("name"), str))
    ]
    if strict and not 1 <= len(options) <= MAX_OPTIONS:  # upstream's NewOptionFieldMetadata
        problems.append(issue(f"{where}.options", f"must list 1 to {MAX_OPTIONS} options"))
    if designer:  # an option id given to the Designer stand-in is kept, so it must be one
        problems += [
            issue(f"{where}.options[{i}].id", "must be a 24-hex id")
            for i, o in enumerate(options)
            if isinstance(o, dict) and o.get("id") is not None and not is_object_id(o["id"])
        ]
    if problems:
        return None, problems
    chosen = [{"name": o["name"], "id": o.get("id") if is_object_id(o.get("id")) else new_id()} for o in options]
    return {"options": chosen}, []


def _reference_validations(
    raw: dict[str, Any], prefix: str, strict: bool
) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """The target collection, shown back as `validations.collectionId` (upstream's collection-details
    example). Only its form is checked: whether Webflow also checks that it exists is unknown."""
    source, where = _source(raw, prefix)
    target = source.get("collectionId")
    if target is None and not strict:
        return None, []
    if not is_object_id(target):
        return None, [issue(f"{where}.collectionId", "must be the 24-hex id of a collection")]
    return {"collectionId": target}, []
