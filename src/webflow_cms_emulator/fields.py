"""Collection field definitions and the checks their values must pass."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ids import is_object_id, parse_time

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|rgba?\([0-9.,%\s]+\)")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|/\S*")
MAX_TEXT = 256


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
        return {
            "id": self.id,
            "isEditable": self.is_editable,
            "isRequired": self.is_required,
            "type": self.type,
            "slug": self.slug,
            "displayName": self.display_name,
            "helpText": self.help_text,
            "validations": self.validations,
        }


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
    "Color": _pattern(_COLOR, "a color such as #1a2b3c"),
    "Option": _text,
    "Reference": _reference,
    "MultiReference": _multi_reference,
    "Image": _file,
    "File": _file,
    "MultiImage": _multi_file,
}

FIELD_TYPES: frozenset[str] = frozenset(_CHECKS)


def check_value(spec: Field, value: object) -> str | None:
    """Why `value` does not fit the field, or None when it does (null clears optional fields)."""
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
