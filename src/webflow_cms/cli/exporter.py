"""``export``: stream every item of a collection to JSONL or CSV, one page in memory at a time.

JSONL lines are items as the API gives them (``id``, dates, flags,
``fieldData``); CSV has one column per field of the collection, cells
written so the file imports back unchanged. With ``-o`` the file appears
only when complete (written to ``FILE.part`` and renamed).
"""

from __future__ import annotations

import csv
import datetime
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import attrs

from webflow_cms import AsyncWebflowCMS, Collection, Item

from .cells import to_cell
from .errors import InputError
from .session import resolve_collection
from .ui import Output

__all__ = ["ExportReport", "export_items", "run_export"]

FORMATS = ("jsonl", "csv")


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
    utc = when.astimezone(datetime.UTC) if when.tzinfo else when
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


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


class _Writer:
    def __init__(self, handle: TextIO, fmt: str, collection: Collection) -> None:
        self._handle = handle
        self._columns = [f.slug for f in collection.fields]
        self._csv = csv.writer(handle) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(self._columns)

    def write(self, item: Item) -> None:
        if self._csv is None:
            self._handle.write(json.dumps(item_json(item)) + "\n")
        else:
            fields = item.fields
            self._csv.writerow([to_cell(fields.get(c)) for c in self._columns])


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


async def run_export(
    wf: AsyncWebflowCMS, out: Output, collection_ref: str, *, live: bool, fmt: str, path: Path | None
) -> int:
    report = await export_items(wf, out, collection_ref, live=live, fmt=fmt, path=path)
    where = str(report.path) if report.path else "stdout"
    copies = "live" if report.live else "staged"
    if report.path is not None:
        out.data({"collection": report.collection.id, "exported": report.count, "file": where, "live": report.live})
    out.note(f"exported {report.count} {copies} items of {report.collection.display_name} to {where}")
    return 0
