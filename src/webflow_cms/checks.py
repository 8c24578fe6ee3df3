"""The checks Webflow applies to an item's ``fieldData``, made before anything is sent.

``webflow-cms import`` (and its ``--dry-run``), ``sync`` and the MCP server run every row through these, so a row the
server would refuse is reported, with its file line, without being sent. The
rules follow what Webflow documents for field values ("Field types & item
values", developers.webflow.com/data/reference/field-types-item-values; the
``fields`` schema of the collections spec, openapi/upstream/older/webflow-collections-openapi.upstream.yml):

- every item has ``name`` (text, at most 256 characters) and ``slug`` (lowercase
  letters, digits and single hyphens, at most 256 characters); fields marked
  ``isRequired`` must have a value when an item is created;
- PlainText, RichText, Phone: text; Number: a number; Switch: true or false;
- DateTime: an ISO 8601 date or time; Email: an address; Link, VideoLink: a URL;
  Color: a hex, rgb(), hsl() or named color;
- Option: the id of one of the field's options;
- Reference: an item id; MultiReference: a list of item ids;
- Image, File: a URL or an object with ``url`` or ``fileId``; MultiImage: a list of those.

``import`` reads a value the way a CSV cell is read before judging it (``rows``):
an Option may be named by its option's name, a Reference by its item's slug, a
Number, Switch or DateTime written as text ("42", "yes", Webflow's export dates).
So each message says what the import accepts, which is more than the API does.

This is this project's reading of those rules; the emulator has its own code for
them (it models Webflow, not this SDK), and a test compares the two verdicts.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Container, Mapping, Sequence
from typing import Any

from ._engine.colors import is_color
from .ids import is_webflow_id
from .resources.collections import Collection, Field

__all__ = [
    "MAX_TEXT",
    "SLUG_RULE",
    "TIME_FORMS",
    "field_problems",
    "is_color",
    "is_webflow_id",
    "option_id",
    "parse_iso",
    "value_problem",
]

MAX_TEXT = 256
#: A slug: lowercase ASCII letters and digits in runs joined by single hyphens.
SLUG_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: ISO 8601 as the API takes it: a date, or a date and time with an optional fraction and offset.
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|z|[+-]\d{2}:?\d{2})?)?$")
#: The ways a time may be written in an import file, as messages name them.
TIME_FORMS = (
    "an ISO 8601 time such as 2023-10-19T18:21:26Z, a date such as 2023-10-19,"
    " or Webflow's export form such as 'Thu Oct 19 2023 18:21:26 GMT+0000'"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://\S+|/\S*)$")
_REFERENCE = "the slug or id (24 hex characters) of an item of the referenced collection"


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_id(value: object) -> bool:
    return is_webflow_id(value)


def _is_file(value: object) -> bool:
    if isinstance(value, str):
        return _URL.match(value) is not None
    if isinstance(value, Mapping):
        return isinstance(value.get("url"), str) or _is_id(value.get("fileId"))
    return False


def parse_iso(text: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time (naive ones are UTC), as the API takes it; None for anything else."""
    text = text.strip()
    if not _ISO.match(text):
        return None
    try:
        moment = datetime.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def option_id(spec: Field, value: object) -> object:
    """An Option value named by its option's name (any case) or id, as the option's id; anything else as it is."""
    options = spec.options
    if not isinstance(value, str) or value in options.values():
        return value
    wanted = value.strip().casefold()
    for name, option in options.items():
        if name.strip().casefold() == wanted:
            return option
    return value


def _option_problem(spec: Field, value: object) -> str | None:
    names = ", ".join(spec.options)
    if not isinstance(value, str):
        return f"must name one of the field's options ({names})" if names else "must be an option's id"
    if names and value not in spec.options.values():
        return f"is not one of the field's options; write one of: {names} (an option's id works too)"
    return None


def value_problem(spec: Field, value: object) -> str | None:
    """What is wrong with a non-null value for a field of this type, as a sentence ending, or None."""
    kind = spec.type
    if kind in ("PlainText", "RichText", "Phone"):
        return None if _is_text(value) else "must be text"
    if kind == "Number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "must be a number such as 42 or 3.5"
    if kind == "Switch":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "DateTime":
        ok = isinstance(value, str) and parse_iso(value) is not None
        return None if ok else f"must be a date or time: {TIME_FORMS}"
    if kind == "Email":
        ok = isinstance(value, str) and _EMAIL.match(value) is not None
        return None if ok else "must be an email address such as ada@example.com"
    if kind in ("Link", "VideoLink"):
        return None if isinstance(value, str) and _URL.match(value) else "must be a URL such as https://..."
    if kind == "Color":
        return None if is_color(value) else "must be a color such as #1a2b3c, rgb(), hsl() or a CSS color name"
    if kind == "Option":
        return _option_problem(spec, value)
    if kind == "Reference":
        return None if _is_id(value) else f"must be {_REFERENCE}"
    if kind == "MultiReference":
        ok = isinstance(value, list) and all(_is_id(v) for v in value)
        return None if ok else f"must be a list, each {_REFERENCE} (in a CSV cell: separated by ';')"
    if kind in ("Image", "File"):
        return None if _is_file(value) else "must be a URL or an object with url or fileId"
    if kind == "MultiImage":
        ok = isinstance(value, list) and all(_is_file(v) for v in value)
        return None if ok else "must be a list of image URLs or objects with url"
    return None  # a type this SDK does not know: the server judges


def field_problems(
    collection: Collection,
    fields: Mapping[str, Any],
    *,
    creating: bool,
    always: Sequence[str] = (),
    unchecked: Container[str] = (),
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Each way ``fields`` breaks the collection's rules, as ``fieldData.SLUG: ...``; empty when none.

    ``creating``: required fields must be present; ``always`` names fields that must be, either way.
    ``unchecked`` names fields whose problem was reported already; ``labels`` names a field in the
    messages (``column 'Rank'`` for a CSV column) instead of ``fieldData.SLUG``.
    """
    problems: list[str] = []
    for spec in collection.fields:
        if spec.slug in unchecked:
            continue
        where = (labels or {}).get(spec.slug, f"fieldData.{spec.slug}")
        if spec.slug not in fields:
            if (creating and (spec.is_required or spec.slug in ("name", "slug"))) or spec.slug in always:
                problems.append(f"{where} is required; give it a value")
            continue
        value = fields[spec.slug]
        if value is None:
            if spec.is_required or spec.slug in ("name", "slug"):
                problems.append(f"{where} is required and cannot be cleared")
            continue
        problem = value_problem(spec, value)
        if problem is not None:
            problems.append(f"{where}: {value!r} {problem}")
        elif spec.slug == "slug" and (len(value) > MAX_TEXT or not SLUG_RULE.match(value)):
            problems.append(
                f"{where}: {value!r} must be lowercase letters, digits and single hyphens"
                f" (at most {MAX_TEXT} characters), e.g. {_suggest_slug(value)!r}"
            )
        elif spec.slug == "name" and not (value.strip() and len(value) <= MAX_TEXT):
            problems.append(f"{where}: must be non-empty text of at most {MAX_TEXT} characters")
    return problems


def _suggest_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_TEXT] or "item"
