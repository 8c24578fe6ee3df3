"""``export COLLECTION``: stream every item of a collection to JSONL or CSV, one page in memory at a time.

JSONL lines are items as the API gives them (``id``, dates, flags,
``fieldData``); CSV has an ``id`` column and one column per field of the
collection (by slug), cells written so the file imports back unchanged.
``webflow-csv`` is the layout of Webflow's own CMS export: columns by display
name, the metadata columns (``Collection ID``, ``Locale ID``, ``Item ID``,
``Archived``, ``Draft``, ``Created On``, ``Updated On``, ``Published On``),
times as Webflow writes them, Option cells by option name; it imports back
unchanged too. With ``-o`` the file appears only when complete (written to
``FILE.part`` and renamed). ``--live --content-delivery`` reads the published
copies through Webflow's Content Delivery host, where cached pages cost no rate
budget (the client is made for it: see ``validate``).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import attrs

from webflow_cms import AsyncWebflowCMS, Collection, Field, Item

from ..cells import LIST_TYPES, iso_time, parse_time, to_cell, webflow_time
from ..errors import InputError
from ..rows import METADATA_COLUMNS
from ..session import resolve_collection
from ..ui import Output

__all__ = ["FORMATS", "ExportReport", "add_parser", "export_items", "validate"]

FORMATS = ("jsonl", "csv", "webflow-csv")
_TEXT = "write every item to JSONL or CSV, streaming"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("export", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("collection", help="collection id, slug or name")
    parser.add_argument("--live", action="store_true", help="export the published copies (default: staged)")
    parser.add_argument(
        "--content-delivery",
        nargs="?",
        const=True,
        default=False,
        metavar="URL",
        help="with --live: read through Webflow's Content Delivery host ($WEBFLOW_CDN_URL, else Webflow's;"
        " or URL), where cached pages cost no rate budget",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="webflow-csv: the layout of Webflow's CMS export (display names, Item ID, ...);"
        " default: from -o's extension, else jsonl",
    )
    parser.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    parser.set_defaults(run=_run, validate=validate)


def validate(args: argparse.Namespace) -> None:
    """Refuse ``--content-delivery`` without ``--live`` before a client is made: the CDN serves live items only."""
    if args.content_delivery and not args.live:
        raise InputError("--content-delivery serves published items only: add --live")


@attrs.frozen
class ExportReport:
    collection: Collection
    count: int
    path: Path | None
    live: bool


@contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    partial = path.with_name(path.name + ".part")
    try:
        handle = partial.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"-o {path}: cannot write it ({exc.strerror or exc}); check the directory") from None
    try:
        with handle:
            yield handle
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


def _stamp(when: datetime.datetime) -> str:
    """A time as the API writes it: UTC, milliseconds, ``Z``."""
    return iso_time(when if when.tzinfo else when.replace(tzinfo=datetime.UTC))


def item_json(item: Item) -> dict[str, Any]:
    """An item as the API gives it (the SDK's ``to_dict`` writes times in Python's ISO style)."""
    data = item.to_dict()
    for key, when in (
        ("createdOn", item.created_on),
        ("lastUpdated", item.last_updated),
        ("lastPublished", item.last_published),
    ):
        if isinstance(when, datetime.datetime):
            data[key] = _stamp(when)
    return data


def _webflow_time(value: object) -> str:
    """A time as Webflow's export writes it, when that loses nothing; otherwise as stored."""
    if isinstance(value, datetime.datetime):
        return webflow_time(value if value.tzinfo else value.replace(tzinfo=datetime.UTC))
    if not isinstance(value, str):
        return to_cell(value)
    moment = parse_time(value)
    if moment is not None and moment.microsecond == 0 and iso_time(moment) == value:
        return webflow_time(moment)
    return value


def _webflow_cell(spec: Field, value: Any) -> str:
    """A field value as a cell of Webflow's CSV layout (which ``import`` reads back to the same value)."""
    if value is None:
        return ""
    if spec.type == "DateTime":
        return _webflow_time(value)
    if spec.type == "Option" and isinstance(value, str):
        names = {option_id: name for name, option_id in spec.options.items()}
        return names.get(value, value)
    if spec.type in LIST_TYPES and isinstance(value, list) and all(isinstance(v, str) and ";" not in v for v in value):
        return "; ".join(value)
    return to_cell(value)


class _Writer:
    def __init__(self, handle: TextIO, fmt: str, collection: Collection) -> None:
        self._handle = handle
        self._fmt = fmt
        self._collection = collection
        self._fields = list(collection.fields)
        self._csv = csv.writer(handle) if fmt != "jsonl" else None
        if self._csv is None:
            return
        if fmt == "csv":
            self._csv.writerow(["id", *(f.slug for f in self._fields)])
            return
        # Webflow's layout: name and slug, the metadata, then the collection's own fields.
        builtin = [f for f in self._fields if f.slug in ("name", "slug")]
        self._fields = builtin + [f for f in self._fields if f not in builtin]
        names = [f.display_name for f in self._fields]
        self._csv.writerow([*names[: len(builtin)], *METADATA_COLUMNS, *names[len(builtin) :]])
        self._builtin = len(builtin)

    def write(self, item: Item) -> None:
        if self._csv is None:
            self._handle.write(json.dumps(item_json(item)) + "\n")
            return
        fields = item.fields
        if self._fmt == "csv":
            self._csv.writerow([item.id, *(to_cell(fields.get(f.slug)) for f in self._fields)])
            return
        cells = [_webflow_cell(f, fields.get(f.slug)) for f in self._fields]
        meta = [
            self._collection.id,
            item.cms_locale_id if isinstance(item.cms_locale_id, str) else "",
            item.id,
            to_cell(item.is_archived is True),
            to_cell(item.is_draft is True),
            *(
                _webflow_time(when) if isinstance(when, datetime.datetime) else ""
                for when in (item.created_on, item.last_updated, item.last_published)
            ),
        ]
        self._csv.writerow([*cells[: self._builtin], *meta, *cells[self._builtin :]])


async def export_items(
    wf: AsyncWebflowCMS,
    out: Output,
    collection_ref: str,
    *,
    live: bool = False,
    fmt: str = "jsonl",
    path: Path | None = None,
) -> ExportReport:
    """Write every item (``live=True``: the published copies) to ``path`` or stdout."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    collection = await resolve_collection(wf, collection_ref)
    count = 0
    label = f"export {'live' if live else 'staged'} {collection.display_name}"
    with _destination(path) as handle, out.progress(label) as bar:
        writer = _Writer(handle, fmt, collection)
        async for page in wf.items(collection.id).list(live=live).pages():
            for item in page.items:
                writer.write(item)
            count += len(page.items)
            bar.update(count, max(page.total, count))
    return ExportReport(collection, count, path, live)


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    output: Path | None = args.output
    fmt = args.format or ("csv" if output is not None and output.suffix.lower() == ".csv" else "jsonl")
    report = await export_items(wf, out, args.collection, live=args.live, fmt=fmt, path=output)
    where = str(report.path) if report.path else "stdout"
    copies = "live" if report.live else "staged"
    if report.path is not None:
        out.data({"collection": report.collection.id, "exported": report.count, "file": where, "live": report.live})
    out.note(f"exported {report.count} {copies} items of {report.collection.display_name} to {where}")
    return 0
