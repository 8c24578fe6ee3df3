"""Reading an import file (JSONL or CSV) into rows, checked against the collection.

Every row is checked before anything is sent: the file must be readable,
each column (or JSON key) must be a field of the collection, and each row
must carry the ``--key`` value. The first problem becomes an ``InputError``
naming the file and line and saying how to fix it.

A JSONL line is either the fields themselves (``{"name": ..., "slug": ...}``)
or an item as ``export`` writes it (``{"fieldData": {...}, "isDraft": ...}``).
Keys starting with ``_`` are notes, not fields: the failures file uses them
(``_line``, ``_error``), so it can be imported again as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from webflow_cms import Collection

from .cells import CellError, from_cell
from .errors import InputError

__all__ = ["Row", "read_rows"]

_FLAGS = ("isDraft", "isArchived")
#: Item metadata written by ``export``: ignored on the way back in.
_ITEM_META = frozenset({"id", "cmsLocaleId", "lastPublished", "lastUpdated", "createdOn"})


@attrs.frozen
class Row:
    """One row of an import file: where it is, what it sets, and the row as read (for the failures file)."""

    line: int
    fields: dict[str, Any]
    flags: dict[str, bool]
    source: dict[str, Any]

    def doc(self) -> dict[str, Any]:
        """The item document ``upsert_many`` takes."""
        return {"fieldData": dict(self.fields), **self.flags}


class _Checker:
    """Collects problems row by row; reports the first, and how many more there are."""

    def __init__(self, path: Path, collection: Collection, key: str) -> None:
        self.path = path
        self.collection = collection
        self.key = key
        self.field_types = {f.slug: f.type for f in collection.fields}
        self.problems: list[str] = []

    def where(self, line: int) -> str:
        return f"{self.path.name} line {line}"

    def unknown_field(self, name: str, line: int, what: str) -> None:
        known = ", ".join(self.field_types)
        self.problems.append(
            f"{self.where(line)}: {what} {name!r} is not a field of collection {self.collection.display_name!r}"
            f" (its fields: {known}); rename or remove it"
        )

    def check_key(self, fields: dict[str, Any], line: int) -> None:
        value = fields.get(self.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problems.append(
                f"{self.where(line)}: no {self.key!r} value; every row needs its --key field {self.key!r}"
                " to be matched with an item, so add it to this row"
            )

    def raise_first(self) -> None:
        if self.problems:
            more = len(self.problems) - 1
            suffix = f" ({more} more problem{'s' if more > 1 else ''} after this one)" if more else ""
            raise InputError(self.problems[0] + suffix)


def read_rows(path: Path, collection: Collection, key: str) -> list[Row]:
    """Every row of ``path`` (``.jsonl``/``.ndjson`` or ``.csv``), or an ``InputError`` for the first bad one."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv"):
        raise InputError(f"{path}: cannot tell the format from {suffix or 'no extension'!r}; name it .jsonl or .csv")
    checker = _Checker(path, collection, key)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(_csv_rows(handle, checker) if suffix == ".csv" else _jsonl_rows(handle, checker))
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc}); check the path and permissions") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc}); check its quoting") from None
    checker.raise_first()
    if not rows:
        raise InputError(f"{path}: no rows to import; add at least one")
    return rows


def _jsonl_rows(handle: Any, checker: _Checker) -> Iterator[Row]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            checker.problems.append(f"{checker.where(line)}: not valid JSON ({exc.msg}); fix or remove the line")
            continue
        if not isinstance(data, dict):
            checker.problems.append(
                f"{checker.where(line)}: a JSON {type(data).__name__}, not an object; write {{...}}"
            )
            continue
        row = _jsonl_row(data, line, checker)
        if row is not None:
            yield row


def _jsonl_row(data: dict[str, Any], line: int, checker: _Checker) -> Row | None:
    before = len(checker.problems)
    source = {k: v for k, v in data.items() if not k.startswith("_")}
    flags: dict[str, bool] = {}
    if "fieldData" in source:
        raw = source["fieldData"]
        if not isinstance(raw, dict):
            checker.problems.append(f"{checker.where(line)}: fieldData is not an object; write {{'slug': ...}}")
            return None
        for name in source:
            if name in _FLAGS:
                if not isinstance(source[name], bool):
                    checker.problems.append(f"{checker.where(line)}: {name} must be true or false")
                    return None
                flags[name] = source[name]
            elif name != "fieldData" and name not in _ITEM_META:
                checker.unknown_field(name, line, "key")
        fields = dict(raw)
    else:
        fields = source
    for name in fields:
        if name not in checker.field_types:
            checker.unknown_field(name, line, "field")
    checker.check_key(fields, line)
    if len(checker.problems) > before:
        return None
    return Row(line, fields, flags, source)


def _csv_rows(handle: Any, checker: _Checker) -> Iterator[Row]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        return
    columns = [name.strip() for name in header]
    for position, name in enumerate(columns):
        if not name:
            checker.problems.append(f"{checker.where(1)}: column {position + 1} has no name; name it after a field")
        elif columns.index(name) != position:
            checker.problems.append(f"{checker.where(1)}: column {name!r} appears twice; keep one")
        elif not name.startswith("_") and name not in checker.field_types:
            checker.unknown_field(name, 1, "column")
    if checker.problems:
        return
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            checker.problems.append(
                f"{checker.where(line)}: {len(cells)} cells but {len(columns)} columns; quote cells holding commas"
            )
            continue
        before = len(checker.problems)
        fields: dict[str, Any] = {}
        for name, cell in zip(columns, cells, strict=False):
            if name.startswith("_") or cell == "":
                continue
            field_type = checker.field_types[name]
            try:
                fields[name] = from_cell(cell, field_type)
            except CellError as exc:
                checker.problems.append(
                    f"{checker.where(line)}: column {name!r} is a {field_type} field but holds {cell!r}; {exc}"
                    " or leave the cell empty"
                )
        checker.check_key(fields, line)
        if len(checker.problems) == before:
            yield Row(line, fields, {}, dict(fields))
