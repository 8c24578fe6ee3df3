"""The fields of a new collection (``collections create``): from a JSON schema file and/or a CSV header.

A schema file is a list of fields, or an object with ``fields`` (and, optionally,
``displayName``, ``singularName``, ``slug``); each field is as Webflow's create
call takes it: ``{"displayName": "Summary", "slug": "summary", "type": "PlainText",
"isRequired": true}``, with ``helpText`` and (Option, Reference) ``metadata``. Any
other key stops the command with the keys it takes, so a misspelt one (``required``
for ``isRequired``) never goes unseen; the keys Webflow sets itself on a collection
it shows (``id``, ``createdOn``, ``isEditable``...) are left out with a note, so a
schema copied from a collection's JSON works as it is (``read_schema``).
``--infer FILE.csv`` adds a field for each column of the header that is not
``name``/``slug``, a Webflow export metadata column or already in the schema; its
type is guessed from the column's cells (Switch, Number, DateTime, Email, Link,
otherwise PlainText: ``infer_fields``). Every collection also gets ``name`` and
``slug``. The command itself, which names the collection and creates it, is
``commands/collections.py``.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .cells import parse_time
from .errors import InputError
from .rows import METADATA_COLUMNS

__all__ = ["infer_fields", "read_schema", "slugify"]

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
#: The keys of a schema file's object and of each field: Webflow's create-collection body (operation
#: ``create-collection`` of openapi/upstream/webflow-v2.yml), a field's ``slug``, and ``validations``,
#: the name Webflow shows a field's ``metadata`` under.
_COLLECTION_KEYS = ("displayName", "singularName", "slug", "fields")
_FIELD_KEYS = ("displayName", "type", "slug", "isRequired", "helpText", "metadata", "validations")
#: Read-only keys of a collection and of its fields as Webflow shows them: it sets them on a new one.
_COLLECTION_READ_ONLY = frozenset({"id", "createdOn", "lastUpdated"})
_FIELD_READ_ONLY = frozenset({"id", "isEditable"})
#: Other names people give a key or a field type, and Webflow's name for it. Names are compared
#: lower-cased without spaces, ``_`` or ``-``, so ``is_required`` and ``number`` are recognised too.
_KEY_NAMES = {"required": "isRequired", "name": "displayName", "help": "helpText", "description": "helpText"}
_TYPE_NAMES = {
    "text": "PlainText", "string": "PlainText", "html": "RichText", "integer": "Number", "int": "Number",
    "float": "Number", "decimal": "Number", "boolean": "Switch", "bool": "Switch", "checkbox": "Switch",
    "date": "DateTime", "url": "Link", "select": "Option", "enum": "Option",
}  # fmt: skip
#: Keys of a field whose value must be of a type, and how to say it.
_VALUE_TYPES: tuple[tuple[str, type, str], ...] = (
    ("isRequired", bool, "true or false"),
    ("helpText", str, "a string"),
    ("slug", str, "a string"),
    ("metadata", dict, "an object"),
    ("validations", dict, "an object"),
)


def slugify(text: str) -> str:
    """``Blog Posts`` -> ``blog-posts``: lowercase letters and digits, runs of anything else one ``-``."""
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


def _folded(word: str) -> str:
    return re.sub(r"[\s_-]+", "", word).casefold()


def _meant(word: str, known: Sequence[str], names: dict[str, str]) -> str | None:
    """The known name that ``word`` spells otherwise (case, spaces, ``_``, ``-``, a typo) or is another name of."""
    folded = _folded(word)
    same = next((k for k in known if _folded(k) == folded), None)
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.8)
    return same or names.get(folded) or (close[0] if close else None)


def _left_out(raw: dict[str, Any], known: tuple[str, ...], read_only: frozenset[str], where: str) -> list[str]:
    """The read-only keys of ``raw``, to leave out; any key neither known nor read-only is an ``InputError``."""
    unknown = [k for k in raw if k not in known and k not in read_only]
    if unknown:
        named = [f"{k!r} (did you mean {m!r}?)" if (m := _meant(k, known, _KEY_NAMES)) else repr(k) for k in unknown]
        keys = "keys" if len(unknown) > 1 else "key"
        raise InputError(f"{where} has the unknown {keys} {', '.join(named)}; it takes {', '.join(known)}")
    return [k for k in raw if k in read_only]


def _field_type(kind: object, where: str) -> str:
    if isinstance(kind, str) and kind in _TYPES:
        return kind
    meant = _meant(kind, _TYPES, _TYPE_NAMES) if isinstance(kind, str) else None
    if meant:
        raise InputError(f"{where} has type {kind!r}: write {meant!r} (the types are {', '.join(_TYPES)})")
    raise InputError(f"{where} has type {kind!r}; use one of {', '.join(_TYPES)}")


def _schema_field(raw: object, where: str) -> tuple[dict[str, Any], list[str]]:
    """A field of a schema file as Webflow's create call takes it, and the read-only keys left out of it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("displayName"), str) or not raw["displayName"].strip():
        raise InputError(f'{where} needs a displayName, e.g. {{"displayName": "Summary", "type": "PlainText"}}')
    where = f"{where} ({raw['displayName']})"
    left_out = _left_out(raw, _FIELD_KEYS, _FIELD_READ_ONLY, where)
    kind = _field_type(raw.get("type", "PlainText"), where)
    for key, wanted, says in _VALUE_TYPES:
        if key in raw and not isinstance(raw[key], wanted):
            raise InputError(f"{where}: {key} must be {says}, got {raw[key]!r}")
    field = {"isRequired": False, **{k: v for k, v in raw.items() if k not in left_out}, "type": kind}
    if "metadata" not in field and "validations" in field:
        # A schema copied from a collection's JSON shows choices and targets as Webflow answers
        # them (``validations``); a field is created with them under ``metadata``.
        field["metadata"] = field.pop("validations")
    field.setdefault("slug", slugify(raw["displayName"]))
    if not field["slug"]:
        raise InputError(f'{where} needs a slug of letters and digits, e.g. "slug": "summary"')
    return field, left_out


def read_schema(path: Path) -> tuple[dict[str, str], list[dict[str, Any]], list[str]]:
    """The collection options and the fields of a JSON schema file, and notes on what was left out."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"--schema {path}: cannot read it ({exc.strerror or exc}); check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"--schema {path}: not a JSON file ({exc}); write a list of fields") from None
    options: dict[str, str] = {}
    read_only: dict[str, None] = {}  # the read-only keys found, in order, once each
    if isinstance(data, dict):
        read_only |= dict.fromkeys(
            _left_out(data, _COLLECTION_KEYS, _COLLECTION_READ_ONLY, f"--schema {path}: the collection")
        )
        for key in _COLLECTION_KEYS[:3]:
            if key in data and not (isinstance(data[key], str) and data[key].strip()):
                raise InputError(f"--schema {path}: {key} must be a non-empty string, got {data[key]!r}")
        options = {k: data[k] for k in _COLLECTION_KEYS[:3] if k in data}
        data = data.get("fields", [])
    if not isinstance(data, list):
        raise InputError(f"--schema {path}: 'fields' must be a list of fields")
    fields: list[dict[str, Any]] = []
    builtin: list[str] = []
    first: dict[str, int] = {}
    for number, raw in enumerate(data, start=1):
        field, left_out = _schema_field(raw, f"--schema {path}: field {number}")
        read_only |= dict.fromkeys(f"fields' {key}" for key in left_out)
        if field["slug"] in _BUILTIN:
            builtin.append(field["slug"])
            continue
        if first.setdefault(field["slug"], number) != number:
            raise InputError(
                f"--schema {path}: fields {first[field['slug']]} and {number} have the slug {field['slug']!r}"
            )
        fields.append(field)
    notes = [f"--schema {path}: left out {', '.join(read_only)}, which Webflow sets"] if read_only else []
    if builtin:
        notes.append(f"--schema {path}: left out the fields {', '.join(builtin)}: every collection has them")
    return options, fields, notes
