"""``collections create``: a new collection from a JSON schema file and/or a CSV file's header.

A schema file is a list of fields, or an object with ``fields`` (and, optionally,
``displayName``, ``singularName``, ``slug``); each field is as Webflow's create
call takes it: ``{"displayName": "Summary", "slug": "summary", "type": "PlainText"}``.
``--infer FILE.csv`` adds a field for each column of the header that is not
``name``/``slug``, a Webflow export metadata column or already in the schema; its
type is guessed from the column's cells (Switch, Number, DateTime, Email, Link,
otherwise PlainText). Every collection also gets ``name`` and ``slug``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from webflow_cms import AsyncWebflowCMS, Collection

from .cells import parse_time
from .errors import InputError
from .rows import METADATA_COLUMNS
from .session import resolve_site
from .ui import Output

__all__ = ["create_collection", "infer_fields", "run_create_collection"]

_TYPES = (
    "PlainText", "RichText", "Number", "Switch", "DateTime", "Email", "Phone", "Link", "VideoLink",
    "Color", "Option", "Reference", "MultiReference", "Image", "MultiImage", "File",
)  # fmt: skip
_SWITCH_WORDS = frozenset({"true", "false"})
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LINK = re.compile(r"^https?://\S+$")
_BUILTIN = frozenset({"name", "slug"})
_METADATA = frozenset(name.casefold() for name in METADATA_COLUMNS) | {"id"}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _fits(kind: str, value: str) -> bool:
    if kind == "Switch":
        return value.lower() in _SWITCH_WORDS
    if kind == "Number":
        return _NUMBER.match(value) is not None
    if kind == "DateTime":
        return parse_time(value) is not None
    if kind == "Email":
        return _EMAIL.match(value) is not None
    return _LINK.match(value) is not None


def _guess_type(cells: Iterable[str]) -> str:
    """The first type every non-empty cell fits, in this order; PlainText when none does."""
    values = [c.strip() for c in cells if c.strip()]
    for kind in ("Switch", "Number", "DateTime", "Email", "Link"):
        if values and all(_fits(kind, v) for v in values):
            return kind
    return "PlainText"


def infer_fields(path: Path) -> list[dict[str, Any]]:
    """A field per column of a CSV file that is not name, slug or a metadata column, typed by its cells."""
    if path.suffix.lower() != ".csv":
        raise InputError(f"--infer {path}: give a .csv file; its header and cells make the fields")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
    except OSError as exc:
        raise InputError(f"--infer {path}: cannot read it ({exc.strerror or exc}); check the path") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"--infer {path}: not a readable UTF-8 CSV file ({exc})") from None
    if not table:
        raise InputError(f"--infer {path}: the file is empty; it needs a header line")
    header = [name.strip() for name in table[0]]
    fields: list[dict[str, Any]] = []
    for position, name in enumerate(header):
        slug = slugify(name)
        if not name or name.startswith("_") or name.casefold() in _METADATA or slug in _BUILTIN:
            continue
        cells = (row[position] for row in table[1:] if position < len(row))
        fields.append({"displayName": name, "slug": slug, "type": _guess_type(cells), "isRequired": False})
    return fields


def _read_schema(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The collection options and the fields of a JSON schema file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"--schema {path}: cannot read it ({exc.strerror or exc}); check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"--schema {path}: not a JSON file ({exc}); write a list of fields") from None
    options: dict[str, Any] = {}
    if isinstance(data, dict):
        options = {k: data[k] for k in ("displayName", "singularName", "slug") if isinstance(data.get(k), str)}
        data = data.get("fields", [])
    if not isinstance(data, list):
        raise InputError(f"--schema {path}: 'fields' must be a list of fields")
    fields: list[dict[str, Any]] = []
    for number, raw in enumerate(data, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("displayName"), str):
            raise InputError(f'--schema {path}: field {number} needs a displayName, e.g. {{"displayName": "Summary"}}')
        kind = raw.get("type", "PlainText")
        if kind not in _TYPES:
            raise InputError(f"--schema {path}: field {number} has type {kind!r}; use one of {', '.join(_TYPES)}")
        field = {"isRequired": False, **raw, "type": kind}
        if "metadata" not in field and isinstance(field.get("validations"), dict):
            # A schema copied from a collection's JSON shows choices and targets as Webflow answers
            # them (``validations``); a field is created with them under ``metadata``.
            field["metadata"] = field.pop("validations")
        field.setdefault("slug", slugify(raw["displayName"]))
        if field["slug"] in _BUILTIN:
            continue  # every collection has them
        fields.append(field)
    return options, fields


async def create_collection(
    wf: AsyncWebflowCMS,
    name: str | None,
    *,
    site_id: str | None = None,
    singular: str | None = None,
    slug: str | None = None,
    schema: Path | None = None,
    infer: Path | None = None,
) -> Collection:
    """Create the collection on ``site_id`` (or on the only site the token reaches); returns it with its fields."""
    options, fields = _read_schema(schema) if schema is not None else ({}, [])
    if infer is not None:
        taken = {f["slug"] for f in fields}
        fields += [f for f in infer_fields(infer) if f["slug"] not in taken]
    display = name or options.get("displayName")
    if not display:
        raise InputError("collections create needs a NAME (or a displayName in the --schema file)")
    return await wf.collections.create(
        await resolve_site(wf, site_id),
        display_name=display,
        singular_name=singular or options.get("singularName") or display.removesuffix("s"),
        slug=slug or options.get("slug") or slugify(display),
        fields=fields,
    )


async def run_create_collection(
    wf: AsyncWebflowCMS,
    out: Output,
    name: str | None,
    *,
    site_id: str | None,
    singular: str | None,
    slug: str | None,
    schema: Path | None,
    infer: Path | None,
) -> int:
    collection = await create_collection(
        wf, name, site_id=site_id, singular=singular, slug=slug, schema=schema, infer=infer
    )
    fields = [
        {"slug": f.slug, "name": f.display_name, "type": f.type, "required": f.is_required} for f in collection.fields
    ]
    out.data({"id": collection.id, "slug": collection.slug, "name": collection.display_name, "fields": fields})
    out.text(f"created collection {collection.display_name} ({collection.id}), slug {collection.slug}")
    for field in collection.fields:
        out.text(
            f"  {field.slug:<24} {field.type:<14} {field.display_name}{'  (required)' if field.is_required else ''}"
        )
    out.note(f"next: webflow-cms import {collection.slug} FILE.csv --dry-run")
    return 0
