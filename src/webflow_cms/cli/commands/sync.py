"""``sync COLLECTION FILE``: keep a collection in step with a JSONL or CSV file, run after run.

The file is read as ``import`` reads it (``rows``: JSONL, and CSV with slugs or display
names as headers, Webflow's export included), and every row is checked the way ``import``
checks it (``import_checks``). The rows then go to ``webflow_cms.sync.sync``: new rows are
created, changed ones updated, unchanged ones cost nothing, and items whose key left the file
are kept (reported), archived, unpublished or deleted as ``--on-missing`` says. The ledger is
``FILE.sync.sqlite3`` unless ``--state`` names another file; one file may hold several
collections. A row refused by the checks is not sent, and its item is left as it is.

Rows that did not make it are written to ``FILE.failed.csv`` (or ``.jsonl``: the input's own
format), each with ``_line``, ``_error`` and ``_action`` (``fix`` a value, or ``resend``: the next
sync sends it again by itself), to be fixed in the source file; the file is removed when a
run has none. Ctrl-C (or SIGTERM) stops at once, abandoning the requests in flight: what Webflow confirmed is
in the ledger, and running the same command again finishes the job (exit 130). Exit codes are
``import``'s: 0 done (conflicts are reported, not failures), 1 rows or removals that failed, 2 a
file or option that cannot be used.
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import anyio

from webflow_cms import AsyncWebflowCMS, Collection
from webflow_cms.sync import Held, SyncReport, sync

from ..errors import EXIT_FAILED, EXIT_OK, InputError
from ..import_checks import check_key, check_rows, resolve_references
from ..import_report import EXIT_INTERRUPTED
from ..rows import FileRows, read_rows
from ..session import resolve_collection
from ..ui import Output, Waiting, watched

__all__ = ["add_parser", "failed_path", "state_path"]

_TEXT = "keep a collection in step with a JSONL or CSV file: create, update, and remove what left it"
_FAILED = ".failed"
_SHOWN = 10


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("sync", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("collection", help="collection id, slug or name")
    parser.add_argument(
        "file", type=Path, help="FILE.jsonl or FILE.csv: the whole source; rows that fail go to FILE.failed.csv/.jsonl"
    )
    parser.add_argument("--key", default="slug", help="field that matches rows with items (default: slug)")
    parser.add_argument(
        "--state", type=Path, default=None, help="the ledger kept between runs (default: FILE.sync.sqlite3)"
    )
    parser.add_argument(
        "--on-missing",
        choices=("keep", "archive", "unpublish", "delete"),
        default="keep",
        help="items whose key is no longer in the file (default: keep, and list them)",
    )
    parser.add_argument(
        "--conflict",
        choices=("skip", "source", "webflow"),
        default="skip",
        help="an item an editor changed in Webflow since the last sync (default: skip and report it;"
        " source: overwrite it; webflow: keep the editor's version)",
    )
    parser.add_argument("--publish", action="store_true", help="publish what is created or changed")
    parser.add_argument(
        "--dry-run", action="store_true", help="read, then print the plan and the requests it would cost; write nothing"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="forget the ledger's entries and match the collection's items anew"
    )
    parser.set_defaults(run=_run)


def state_path(path: Path) -> Path:
    """``posts.csv`` -> ``posts.sync.sqlite3``, next to it (named as ``import`` names its failures file)."""
    return path.with_name(path.stem + ".sync.sqlite3")


def failed_path(path: Path) -> Path:
    """``posts.csv`` -> ``posts.failed.csv``: the rows that did not make it, in the input's format."""
    return path.with_name(path.stem + _FAILED + path.suffix.lower())


def _rows_for_sync(read: FileRows, key: str, refused: Mapping[int, str]) -> list[object]:
    """The file's rows as ``sync`` takes them; a refused row is held (its item left as is), or keyless."""
    rows: list[object] = []
    for position, row in enumerate(read.rows):
        if position not in refused:
            rows.append(row.doc())
            continue
        value = row.fields.get(key)
        usable = isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip()
        rows.append(Held(value, refused[position]) if usable else {"fieldData": {}})
    return rows


def _raw_csv(path: Path) -> tuple[list[str], dict[int, list[str]]]:
    """The header and each record's cells by its first line, as ``rows`` numbers them."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        records: dict[int, list[str]] = {}
        ended = reader.line_num
        for cells in reader:
            records[ended + 1] = cells
            ended = reader.line_num
    return header, records


def _write_failed(path: Path, read: FileRows, lost: Sequence[tuple[int, str, str]]) -> Path | None:
    """Write the rows at these positions with ``_line``, ``_error`` and ``_action``; remove a stale file if none."""
    target = failed_path(path)
    if not lost:
        target.unlink(missing_ok=True)
        return None
    partial = target.with_name(target.name + ".part")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        if path.suffix.lower() == ".csv":
            header, records = _raw_csv(path)
            writer = csv.writer(handle)
            writer.writerow(["_line", "_error", "_action", *header])
            for position, error, action in lost:
                line = read.rows[position].line
                writer.writerow([line, error, action, *records.get(line, [])])
        else:
            for position, error, action in lost:
                row = read.rows[position]
                notes = {"_line": row.line, "_error": error, "_action": action}
                handle.write(json.dumps({**notes, **row.source}, default=str) + "\n")
    partial.replace(target)
    return target


async def _signalled(stop: anyio.Event, out: Output) -> None:
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async for signum in signals:
            out.note(
                f"{signal.Signals(signum).name}: stopping; requests in flight are abandoned, run it again to finish"
            )
            stop.set()
            return


async def _sync_file(wf: AsyncWebflowCMS, out: Output, waiting: Waiting, args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.stem.endswith(_FAILED):
        raise InputError(
            f"{path.name} holds the rows a sync could not write, not a whole source: a sync of it would treat every"
            " other item as missing. Fix those rows in the source file and sync that"
        )
    waiting.doing(f"reading collection {args.collection!r}")
    collection = await resolve_collection(wf, args.collection)
    check_key(collection, args.key)
    read = read_rows(path, collection, args.key)
    for note in read.notes:
        out.note(note)
    if any(row.item_id or row.locale_id for row in read.rows):
        out.note(f"{path.name}: item ids and locales in the file are ignored; rows are matched on --key {args.key!r}")
    waiting.doing("looking up the items that Reference cells name by slug")
    references = await resolve_references(wf, collection, read)
    refused = check_rows(collection, read, args.key, None, references)
    state = args.state or state_path(path)
    stop = anyio.Event()
    with out.progress(f"sync {path.name}") as bar:

        def progress(phase: str, done: int, total: int) -> None:
            waiting.doing(phase, f"{done:,} of {total:,} writes")
            bar.update(done, total)

        async with anyio.create_task_group() as tg:
            tg.start_soon(_signalled, stop, out)
            waiting.doing("reading what changed in Webflow since the last sync")
            report = await sync(
                wf, collection.id, _rows_for_sync(read, args.key, refused), ledger=state, key=args.key,
                on_missing=args.on_missing, conflict=args.conflict, publish=args.publish, dry_run=args.dry_run,
                rebuild=args.rebuild, on_progress=progress, stop=stop,
            )  # fmt: skip
            tg.cancel_scope.cancel()
    held = report.counts.get("held", 0)  # every row held here was refused by the checks: failed, to fix
    report.counts.update(failed=report.counts.get("failed", 0) + held, held=0)
    lost = [(p, why, "fix") for p, why in refused.items()]
    lost += [(r.index, str(r.error), "fix" if r.fix else "resend") for r in report.failures if r.index not in refused]
    written = None if args.dry_run else _write_failed(path, read, sorted(lost))
    _render(out, collection, path, report, read, sorted(lost), written)
    if report.interrupted:
        return EXIT_INTERRUPTED
    if args.dry_run:
        return EXIT_FAILED if lost else EXIT_OK
    return EXIT_FAILED if lost or report.counts.get("removalFailed") else EXIT_OK


def _listed(keys: Sequence[Any]) -> str:
    shown = ", ".join(str(k) for k in keys[:_SHOWN])
    return shown + (f" ... ({len(keys) - _SHOWN} more)" if len(keys) > _SHOWN else "")


def _render(
    out: Output,
    collection: Collection,
    path: Path,
    report: SyncReport,
    read: FileRows,
    lost: Sequence[tuple[int, str, str]],
    written: Path | None,
) -> None:
    out.data({**report.to_json(), "file": str(path), "failuresFile": str(written) if written else None})
    c, name = report.counts, collection.display_name
    if report.dry_run:
        out.text(
            f"dry run for {name}: would create {c['created']:,}, update {c['updated']:,}, remove {c['toRemove']:,},"
            f" publish {c['published']:,}; conflicts {c['conflicts']:,}, unchanged {c['unchanged']:,};"
            f" {report.planned_requests:,} requests to write ({report.requests:,} spent reading); nothing was written"
        )
    else:
        prefix = "interrupted, so far: " if report.interrupted else ""
        out.text(f"{name}: {prefix}{report.summary()}; {report.requests:,} requests")
    if report.scan_reason:
        out.text(f"full scan of the collection: {report.scan_reason}")
    if report.gone:
        out.text(f"deleted in Webflow by someone else (created again): {_listed(report.gone)}")
    if report.conflicts:
        keys = [r.key for r in report.rows if r.action == "conflict"] or [c.key for c in report.conflicts]
        out.text(
            f"conflicts, changed both in Webflow and in the file, left as the editor made them"
            f" (--conflict source overwrites them): {_listed(keys)}"
        )
    if report.changed_in_webflow:
        out.text(f"changed in Webflow, left as they are: {_listed(report.changed_in_webflow)}")
    kept = [k for k, what in report.missing.items() if what == "kept"]
    if kept:
        out.text(f"not in the file, kept (--on-missing archive|unpublish|delete): {_listed(kept)}")
    if report.removals_held:
        out.text(report.removals_held)
    if report.watermark_note:
        out.text(report.watermark_note)
    if report.interrupted:
        out.text("run the same command again to finish: what Webflow confirmed is in the ledger")
    for number, (position, why, action) in enumerate(lost):
        if number == _SHOWN:
            out.note(f"  ... ({len(lost) - _SHOWN} more)")
            break
        out.note(f"  line {read.rows[position].line} ({action}): {why}")
    if written is not None:
        out.text(f"rows not written, each with its error: {written}; fix them in {path.name}")


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    return await watched(out, lambda waiting: _sync_file(wf, out, waiting, args))
