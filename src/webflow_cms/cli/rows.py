"""Reading an import file (JSONL or CSV) into rows, each with what is wrong with it.

Every row is read before anything is sent. A file that cannot be read as rows
stops the import with an ``InputError`` naming the file and line and saying how
to fix it: a file that is not UTF-8, broken CSV quoting or JSON syntax, a column
(or JSON key) that is not a field of the collection, a CSV without a column for
the ``--key`` field. Anything else wrong is the row's own problem and fails
that row alone: a row without its ``--key`` value, a flag that is not true or
false; a cell that does not fit its field's type is kept as written, for the
rules (``webflow_cms.checks``) to report with the fix. A row's line is the first line of
its record (a quoted CSV cell may span lines).

CSV headers name fields by slug (``reading-time``) or display name
(``Reading time``), so Webflow's own CMS export reads as it is. Its metadata
columns are understood: ``Item ID`` (and ``id``, as ``export`` writes it) names
the item a row updates, ``Archived`` and ``Draft`` become ``isArchived`` and
``isDraft``, ``Locale ID`` names the row's locale; ``Collection ID`` and the
``Created On`` / ``Updated On`` / ``Published On`` times are set by Webflow and
ignored (said once).

A JSONL line is either the fields themselves (``{"name": ..., "slug": ...}``)
or an item as ``export`` writes it (``{"id": ..., "fieldData": {...}, "isDraft": ...}``).
Both formats take the same values: an Option by its option's name or id, a
Reference by its item's slug or id (resolved by ``import``), and in JSONL a
Number, Switch or DateTime written as text ("42", "yes", Webflow's export
dates) is read as its CSV cell would be. Keys starting with ``_`` are notes,
not fields: the failures and pending files use them (``_line``, ``_error``,
``_action``), so they can be imported again as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from webflow_cms import Collection, Field
from webflow_cms.checks import is_webflow_id, option_id, value_problem

from .cells import CellError, from_cell
from .errors import InputError

__all__ = ["METADATA_COLUMNS", "FileRows", "Row", "read_rows"]

_FLAGS = ("isDraft", "isArchived")
#: Item metadata written by ``export`` in JSONL: ignored on the way back in (``id`` and ``cmsLocaleId`` are read).
_ITEM_META = frozenset({"lastPublished", "lastUpdated", "createdOn"})
#: Webflow's CMS CSV export: metadata column -> what it becomes (None: set by Webflow, ignored).
METADATA_COLUMNS: dict[str, str | None] = {
    "Collection ID": "collection",
    "Locale ID": "locale",
    "Item ID": "id",
    "Archived": "isArchived",
    "Draft": "isDraft",
    "Created On": None,
    "Updated On": None,
    "Published On": None,
}
_META_BY_FOLDED = {name.casefold(): role for name, role in METADATA_COLUMNS.items()}
_META_BY_FOLDED["id"] = "id"
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})


@attrs.frozen
class Row:
    """One row of an import file: where it is, what it sets, and the row as read (for the failures file)."""

    #: The first line of the row's record in the file.
    line: int
    fields: dict[str, Any]
    flags: dict[str, bool]
    source: dict[str, Any]
    #: The item this row names by id (``Item ID``, ``id``); used when it is an item of the collection.
    item_id: str | None = None
    #: The CMS locale the row names (``Locale ID``, ``cmsLocaleId``); used when it is a locale of the site.
    locale_id: str | None = None
    #: What is wrong with the row beyond its field values (its key, its flags), found while reading.
    problems: list[str] = attrs.field(factory=list)
    #: The ``_line`` the row carried (it comes from a failures or pending file): its line in the first file.
    origin: int | None = None

    def doc(self, *, locale: bool = False) -> dict[str, Any]:
        """The item document ``upsert_many`` takes (``locale``: with the row's ``cmsLocaleId``)."""
        doc: dict[str, Any] = {"fieldData": dict(self.fields), **self.flags}
        if locale and self.locale_id:
            doc["cmsLocaleId"] = self.locale_id
        return doc


@attrs.frozen
class FileRows:
    """The rows of a file, what was read but not used (said once), and how messages name each field."""

    rows: list[Row]
    notes: list[str]
    #: Field slug -> how a message names it (``column 'Rank'`` for a CSV); absent: ``fieldData.SLUG``.
    labels: dict[str, str] = attrs.field(factory=dict)


class _Checker:
    """Collects the problems that make a file unreadable; reports the first, and how many more there are."""

    def __init__(self, path: Path, collection: Collection, key: str) -> None:
        self.path = path
        self.collection = collection
        self.key = key
        self.fields = {f.slug: f for f in collection.fields}
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.labels: dict[str, str] = {}

    def where(self, line: int) -> str:
        return f"{self.path.name} line {line}"

    def unknown_field(self, name: str, line: int, what: str) -> None:
        known = ", ".join(f"{f.slug} ({f.display_name})" for f in self.fields.values())
        self.problems.append(
            f"{self.where(line)}: {what} {name!r} is not a field of collection {self.collection.display_name!r}"
            f" (its fields: {known}); rename or remove it"
        )

    def key_problems(self, fields: dict[str, Any]) -> list[str]:
        value = fields.get(self.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return [
                f"no {self.key!r} value; every row needs its --key field {self.key!r}"
                " to be matched with an item, so add it to this row"
            ]
        return []

    def raise_first(self) -> None:
        if self.problems:
            more = len(self.problems) - 1
            suffix = f" ({more} more problem{'s' if more > 1 else ''} after this one)" if more else ""
            raise InputError(self.problems[0] + suffix)


def read_rows(path: Path, collection: Collection, key: str) -> FileRows:
    """Every row of ``path`` (``.jsonl``/``.ndjson`` or ``.csv``), or an ``InputError`` if it cannot be read."""
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
    return FileRows(rows, checker.notes, checker.labels)


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


def _text_id(value: object) -> str | None:
    return value if is_webflow_id(value) else None


def _flag(value: object) -> bool | None:
    """A flag written as JSON true/false or as a cell (true/yes/1, false/no/0); None for anything else."""
    if isinstance(value, bool):
        return value
    word = value.strip().lower() if isinstance(value, str) else None
    return True if word in _TRUE else False if word in _FALSE else None


def _json_value(spec: Field, value: Any) -> Any:
    """A JSONL value as the import takes it: an option's name as its id, a value of the wrong type written
    as text read as its CSV cell would be; anything that still does not fit stays as written (for the rules)."""
    if spec.type == "Option":
        return option_id(spec, value)
    if isinstance(value, str) and value_problem(spec, value) is not None:
        try:
            return from_cell(value, spec.type)
        except CellError:
            return value
    return value


def _jsonl_row(data: dict[str, Any], line: int, checker: _Checker) -> Row | None:
    before = len(checker.problems)
    noted = data.get("_line")
    origin = noted if isinstance(noted, int) and not isinstance(noted, bool) else None
    source = {k: v for k, v in data.items() if not k.startswith("_")}
    flags: dict[str, bool] = {}
    problems: list[str] = []
    item_id = locale_id = None
    if "fieldData" in source:
        raw = source["fieldData"]
        if not isinstance(raw, dict):
            checker.problems.append(f"{checker.where(line)}: fieldData is not an object; write {{'slug': ...}}")
            return None
        for name in source:
            if name in _FLAGS:
                flag = _flag(source[name])
                if flag is None:
                    problems.append(f"{name}: {source[name]!r} must be true or false")
                else:
                    flags[name] = flag
            elif name == "id":
                item_id = _text_id(source[name])
            elif name == "cmsLocaleId":
                locale_id = _text_id(source[name])
            elif name != "fieldData" and name not in _ITEM_META:
                checker.unknown_field(name, line, "key")
        fields = dict(raw)
    else:
        fields = dict(source)
    for name in fields:
        if name not in checker.fields:
            checker.unknown_field(name, line, "field")
    if len(checker.problems) > before:
        return None
    fields = {name: _json_value(checker.fields[name], value) for name, value in fields.items()}
    problems = checker.key_problems(fields) + problems
    return Row(line, fields, flags, source, item_id, locale_id, problems, origin)


def _column_roles(columns: list[str], checker: _Checker) -> list[tuple[str, Field | None]]:
    """What each column is: ("field", its Field), ("meta:ROLE", None) or ("skip", None)."""
    by_display: dict[str, list[Field]] = {}
    for each in checker.fields.values():
        by_display.setdefault(each.display_name.strip().casefold(), []).append(each)
    roles: list[tuple[str, Field | None]] = []
    claimed: dict[str, str] = {}
    ignored: list[str] = []
    for position, name in enumerate(columns):
        folded = name.casefold()
        if not name:
            checker.problems.append(f"{checker.where(1)}: column {position + 1} has no name; name it after a field")
            roles.append(("skip", None))
            continue
        if columns.index(name) != position:
            checker.problems.append(f"{checker.where(1)}: column {name!r} appears twice; keep one")
            roles.append(("skip", None))
            continue
        if name.startswith("_"):
            roles.append(("skip", None))
            continue
        spec: Field | None = checker.fields.get(name)
        if spec is None:
            named = by_display.get(folded, [])
            spec = named[0] if len(named) == 1 else checker.fields.get(folded)
        if spec is None and folded in _META_BY_FOLDED:
            role = _META_BY_FOLDED[folded]
            if role is None or role == "collection":
                ignored.append(name)
                roles.append(("skip", None))
            else:
                roles.append((f"meta:{role}", None))
            continue
        if spec is None:
            checker.unknown_field(name, 1, "column")
            roles.append(("skip", None))
            continue
        if spec.slug in claimed:
            checker.problems.append(
                f"{checker.where(1)}: columns {claimed[spec.slug]!r} and {name!r} both name field {spec.slug!r};"
                " keep one"
            )
        claimed[spec.slug] = name
        checker.labels[spec.slug] = f"column {name!r}"
        roles.append(("field", spec))
    if ignored:
        checker.notes.append(
            f"{checker.path.name}: column{'s' if len(ignored) > 1 else ''} {', '.join(ignored)}"
            " ignored (set by Webflow, not by an import)"
        )
    if not checker.problems and checker.key not in claimed:
        key = checker.fields[checker.key]
        checker.problems.append(
            f"{checker.where(1)}: no column for the --key field {checker.key!r}; every row needs it to be matched"
            f" with an item, so add a column {key.slug!r} (or {key.display_name!r})"
        )
    return roles


def _csv_rows(handle: Any, checker: _Checker) -> Iterator[Row]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        return
    columns = [name.strip() for name in header]
    roles = _column_roles(columns, checker)
    if checker.problems:
        return
    ended = reader.line_num
    for cells in reader:
        line, ended = ended + 1, reader.line_num  # a record may span lines: its row is where it starts
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            checker.problems.append(
                f"{checker.where(line)}: {len(cells)} cells but {len(columns)} columns; quote cells holding commas"
            )
            continue
        yield _csv_row(line, columns, roles, cells, checker)


def _csv_row(
    line: int, columns: list[str], roles: list[tuple[str, Field | None]], cells: list[str], checker: _Checker
) -> Row:
    fields: dict[str, Any] = {}
    written: dict[str, Any] = {}  # the row for the failures file: values as read, cells that did not fit as written
    flags: dict[str, bool] = {}
    meta: dict[str, str] = {}
    problems: list[str] = []
    for name, (role, spec), cell in zip(columns, roles, cells, strict=False):
        if role == "skip" or cell == "":
            continue
        if spec is None:
            meta_role = role.removeprefix("meta:")
            if meta_role in _FLAGS:
                flag = _flag(cell)
                if flag is None:
                    problems.append(f"column {name!r} holds {cell!r}; write true or false")
                meta[meta_role] = cell
                if flag is not None:
                    flags[meta_role] = flag
            else:
                meta[meta_role] = cell.strip()
            continue
        try:
            value = from_cell(cell, spec.type)
        except CellError:
            value = cell  # kept as written: the rules say what would fit
        fields[spec.slug] = option_id(spec, value) if spec.type == "Option" else value
        written[spec.slug] = cell if spec.type == "Option" else value  # an option by the name the cell gave
    item_id, locale_id = _text_id(meta.get("id")), _text_id(meta.get("locale"))
    source: dict[str, Any] = written
    marks = {flag: flags.get(flag, meta[flag]) for flag in _FLAGS if flag in meta}
    if marks or item_id or locale_id:
        source = {
            **({"id": item_id} if item_id else {}),
            **({"cmsLocaleId": locale_id} if locale_id else {}),
            "fieldData": written,
            **marks,
        }
    return Row(line, fields, flags, source, item_id, locale_id, checker.key_problems(fields) + problems)
