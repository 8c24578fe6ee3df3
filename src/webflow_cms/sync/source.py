"""The source side of a sync: rows in, each with its key and the hash of what would be sent.

A row is a dict of field values (``{"name": ..., "slug": ..., "price": 9}``), an item
document (``{"fieldData": {...}, "isDraft": False}``, as ``export`` writes it: Webflow's
own keys ``id``, ``cmsLocaleId`` and the dates are ignored), an instance of a model
``webflow-cms codegen`` wrote, or ``Held(key, reason)``: a row that is in the source but
cannot be written this run, whose item is left as it is. Rows come from any iterable or
async iterable.

Each row becomes the payload the sync would send (option names as ids, datetimes as
ISO 8601 with milliseconds, files as ``{"url", "fileId", "alt"}``) and its hash: the
SHA-256 of the payload's canonical JSON (sorted keys, no spaces). The ledger keeps the
hash of what Webflow confirmed, so an unchanged row costs nothing, and an image is
compared by what was sent, never by the copy Webflow re-hosts.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import Any

import attrs

from webflow_cms import CMSItem, FileRef, ValidationError

__all__ = ["Held", "RowProblem", "Source", "SourceRow", "canonical_key", "key_slug", "payload_hash", "read_source"]

_FLAGS = ("isDraft", "isArchived")
#: Keys of an exported item that Webflow sets: read past, never sent.
_WEBFLOW_KEYS = frozenset({"id", "cmsLocaleId", "createdOn", "lastUpdated", "lastPublished"})
_SCALAR = (str, int, float, bool)


@attrs.frozen
class Held:
    """A row that is in the source but is not to be written this run; its item is left as it is.

    ``key`` is the row's key value (its slug, or its ``--key`` field), ``reason`` why it is held.
    """

    key: Any
    reason: str


@attrs.frozen
class SourceRow:
    """One row ready to sync: where it was in the source, its key, the payload and its hash."""

    index: int
    key: str
    payload: dict[str, Any]
    hash: str

    @property
    def slug(self) -> str:
        return str(self.payload["fieldData"]["slug"])

    @property
    def fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = self.payload["fieldData"]
        return fields


@attrs.frozen
class RowProblem:
    """A row that is not synced: its position, its key when it has one, and why."""

    index: int
    key: str | None
    error: ValidationError


@attrs.frozen
class Source:
    """Every row read: those to sync, those held (by key), and those refused."""

    rows: list[SourceRow]
    held: dict[str, tuple[int, str]]
    problems: list[RowProblem]
    total: int
    #: The field slug the rows are keyed on (a model's attribute name given as the key becomes its slug).
    key: str


#: One encoder for every row: ``json.dumps`` with options builds a new one per call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 as is: one text for one content."""
    return _CANONICAL.encode(value)


def payload_hash(payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the payload's canonical JSON."""
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def canonical_key(value: Any) -> str | None:
    """A key value as the ledger stores it (canonical JSON; ``42.0`` is ``42``), or None when it cannot be a key."""
    if isinstance(value, bool) or not isinstance(value, _SCALAR):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)
    if isinstance(value, str) and not value.strip():
        return None
    return canonical_json(value)


def _problem(index: int, message: str) -> ValidationError:
    return ValidationError(f"row {index}: {message}", status=None, code="invalid_input")


def _time(value: datetime.datetime) -> str:
    moment = value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _file(value: FileRef) -> dict[str, str]:
    wire = {"fileId": value.file_id, "url": value.url, "alt": value.alt}
    return {k: v for k, v in wire.items() if v is not None}


#: Values sent as they are (exact types: a ``bool`` is no ``int`` here, an ``int`` subclass goes the slow way).
_PLAIN = frozenset({str, int, bool, type(None)})


class _NotJSON(Exception):
    """A value JSON cannot carry; ``path`` grows as the error leaves nested lists and dicts."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why
        self.path: list[str] = []


def _wire(value: Any) -> Any:
    """A value as JSON sends it; datetimes, dates and file refs converted; anything else JSON cannot hold refused."""
    if type(value) in _PLAIN or value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _NotJSON(f"{value!r} is not a number Webflow stores")
        return value
    if isinstance(value, datetime.datetime):
        return _time(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, FileRef):
        return _file(value)
    if isinstance(value, list | tuple):
        return [_wire_at(f"[{i}]", v) for i, v in enumerate(value)]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return _wire_fields(value)
    raise _NotJSON(f"a {type(value).__name__} cannot be sent; give text, a number, a list or a dict")


def _wire_at(step: str, value: Any) -> Any:
    try:
        return _wire(value)
    except _NotJSON as exc:
        exc.path.insert(0, step)
        raise


def _wire_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A mapping's values as JSON sends them; plain ones (most) are taken as they are, at no cost."""
    return {k: v if type(v) in _PLAIN else _wire_at(f".{k}", v) for k, v in fields.items()}


def _sent(fields: Mapping[str, Any], where: str, index: int) -> dict[str, Any]:
    try:
        return _wire_fields(fields)
    except _NotJSON as exc:
        raise _problem(index, f"{where}{''.join(exc.path)}: {exc.why}") from None


def _from_mapping(row: Mapping[str, Any], index: int) -> dict[str, Any]:
    if "fieldData" in row:
        fields = row["fieldData"]
        if not isinstance(fields, Mapping):
            raise _problem(index, "fieldData must map field slugs to values")
        unknown = sorted(str(k) for k in row if k not in (*_FLAGS, "fieldData") and k not in _WEBFLOW_KEYS)
        if unknown:
            raise _problem(index, f"unknown keys {unknown}; put field values under 'fieldData'")
        flags = {k: row[k] for k in _FLAGS if row.get(k) is not None}
    else:
        fields = {k: v for k, v in row.items() if k not in _FLAGS}
        flags = {k: row[k] for k in _FLAGS if row.get(k) is not None}
    for name, flag in flags.items():
        if not isinstance(flag, bool):
            raise _problem(index, f"{name} must be true or false, got {flag!r}")
    if not all(isinstance(k, str) for k in fields):
        raise _problem(index, "field slugs must be strings")
    return {"fieldData": _sent(fields, "fieldData", index), **flags}


def _option(value: Any, options: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value in options:
        return options[value]
    return value


def _from_model(model: CMSItem, index: int) -> dict[str, Any]:
    """A generated model as the payload ``ModelItems.update`` sends: every field, unset ones as null."""
    spec = type(model).__collection__
    fields: dict[str, Any] = {}
    for attr, field in spec.fields.items():
        value = getattr(model, attr, None)
        if isinstance(value, list) and not value:
            value = None
        if field.type == "Option" and field.options:
            value = _option(value, field.options)
        if isinstance(value, datetime.datetime) and (value.tzinfo is None or value.utcoffset() is None):
            raise _problem(index, f"{type(model).__name__}.{attr} needs a time zone, e.g. tzinfo=datetime.UTC")
        fields[field.slug] = value
    fields = _sent(fields, type(model).__name__, index)
    flags = {wire: getattr(model, attr) for wire, attr in (("isDraft", "is_draft"), ("isArchived", "is_archived"))}
    return {"fieldData": fields, **{k: v for k, v in flags.items() if v is not None}}


def key_slug(rows_key: str, model: type[CMSItem] | None) -> str:
    """The field slug ``key`` names: a slug, or an attribute of the model."""
    if model is not None:
        spec = model.__collection__.fields.get(rows_key)
        if spec is not None:
            return spec.slug
    return rows_key


class _Reader:
    """Turns rows into ``SourceRow``s, refusing repeated keys and slugs."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.rows: list[SourceRow] = []
        self.held: dict[str, tuple[int, str]] = {}
        self.problems: list[RowProblem] = []
        self.keys: dict[str, int] = {}
        self.slugs: dict[str, int] = {}
        self.count = 0
        self.slug_key = key

    def take(self, row: object) -> None:
        index, self.count = self.count, self.count + 1
        try:
            self._take(row, index)
        except ValidationError as exc:
            key = self._key_of(row)
            self.problems.append(RowProblem(index, key, exc))

    def _key_of(self, row: object) -> str | None:
        try:
            if isinstance(row, Held):
                return canonical_key(row.key)
            if isinstance(row, CMSItem):
                slug = key_slug(self.key, type(row))
                payload = _from_model(row, 0)
            elif isinstance(row, Mapping):
                payload = _from_mapping(row, 0)
                slug = self.key
            else:
                return None
            return canonical_key(payload["fieldData"].get(slug))
        except ValidationError:
            return None

    def _take(self, row: object, index: int) -> None:
        if isinstance(row, Held):
            key = canonical_key(row.key)
            if key is None:
                raise _problem(index, f"held, but its key {row.key!r} is no key value ({row.reason})")
            self._claim(self.keys, key, index, "key")
            self.held[key] = (index, row.reason)
            return
        if isinstance(row, CMSItem):
            payload, slug = _from_model(row, index), key_slug(self.key, type(row))
            self.slug_key = slug
        elif isinstance(row, Mapping):
            payload, slug = _from_mapping(row, index), self.key
        else:
            raise _problem(index, f"expected a dict or a generated model, got {type(row).__name__}")
        fields = payload["fieldData"]
        for required in ("name", "slug"):
            value = fields.get(required)
            if not isinstance(value, str) or not value.strip():
                raise _problem(index, f"fieldData.{required} is required (a non-empty string) on every row")
        key = canonical_key(fields.get(slug))
        if key is None:
            raise _problem(index, f"its key {slug!r} is {fields.get(slug)!r}; every row needs a text or number there")
        self._claim(self.keys, key, index, f"key {slug!r} value")
        self._claim(self.slugs, fields["slug"], index, "slug")
        self.rows.append(SourceRow(index, key, payload, payload_hash(payload)))

    @staticmethod
    def _claim(seen: dict[str, int], value: str, index: int, what: str) -> None:
        first = seen.setdefault(value, index)
        if first != index:
            raise _problem(index, f"{what} {value} is also on row {first}; keep one of the two rows")


async def read_source(rows: Iterable[object] | AsyncIterable[object], key: str) -> Source:
    """Every row of ``rows``, read once, in order; see the module docstring."""
    reader = _Reader(key)
    if isinstance(rows, AsyncIterable):
        async for row in rows:
            reader.take(row)
    elif isinstance(rows, Iterable) and not isinstance(rows, str | bytes | Mapping):
        for row in rows:
            reader.take(row)
    else:
        raise ValidationError(
            f"rows must be an iterable or async iterable of dicts or models, got {type(rows).__name__}",
            status=None,
            code="invalid_input",
        )
    return Source(reader.rows, reader.held, reader.problems, reader.count, reader.slug_key)
