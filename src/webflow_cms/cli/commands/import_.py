"""``import COLLECTION FILE``: upsert the rows of a JSONL or CSV file, and keep every row that did not make it.

Rows are matched with items by the id they name (``Item ID`` in Webflow's CSV
export, ``id`` in ours) when it is an item of the collection, otherwise on
``--key`` (the slug by default), through ``upsert_many``: new ones are created,
changed ones updated, the rest left alone.

Before anything is sent, every row is checked on its own (``import_checks``):
its cells against the collection's rules, its Reference slugs, its ``--key``
or slug against the earlier lines. A row that fails is not sent and is reported
by its file line with all that is wrong with it; the other rows go through.
``--dry-run`` runs exactly these checks, so a clean dry run is followed by a
run with no field errors. Only a file that cannot be read as rows stops the
import before anything is sent (``rows``).

Each row that failed, or whose fate is unknown, is written with its error to
``posts.failed.jsonl`` (for ``posts.csv``; see ``import_report``), which can be
imported again as it is. On SIGINT or SIGTERM the requests in flight are
abandoned, the rows not confirmed are written to ``posts.pending.jsonl`` and
the command to resume is printed (exit 130).

While it runs, the bar counts the rows imported apart from the failed and
unknown ones, and the command says what it waits for when it stops moving
(``ui.watched``).

This module is the command: its options, and the run from file to report.
Reading the file is ``rows`` (cells: ``cells``), judging its rows
``import_checks``, keeping each row's outcome and rendering the report
``import_report``.
"""

from __future__ import annotations

import argparse
import shlex
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio

from webflow_cms import AsyncWebflowCMS, BulkJob, BulkResult, Item, WebflowError

from ..errors import EXIT_FAILED, EXIT_OK
from ..import_checks import check_key, check_rows, plan, resolve_references, scan, site_locales
from ..import_report import (
    EXIT_INTERRUPTED,
    ImportReport,
    Note,
    Outcomes,
    failures_path,
    pending_path,
    render_import,
    show_failures,
    write_rows,
)
from ..rows import Row, read_rows
from ..session import resolve_collection
from ..ui import Output, ProgressBar, Waiting, watched

__all__ = ["EXIT_INTERRUPTED", "ImportReport", "add_parser", "failures_path", "import_file", "pending_path"]

_TEXT = "create or update items from a JSONL or CSV file (upsert by --key)"


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser: argparse.ArgumentParser = commands.add_parser("import", parents=[common], help=_TEXT, description=_TEXT)
    parser.add_argument("collection", help="collection id, slug or name")
    parser.add_argument(
        "file",
        type=Path,
        help="FILE.jsonl or FILE.csv; rows that did not make it go to FILE.failed.jsonl"
        " (posts.csv: posts.failed.jsonl)",
    )
    parser.add_argument("--key", default="slug", help="field that matches rows with items (default: slug)")
    parser.add_argument("--publish", action="store_true", help="leave every imported item published")
    parser.add_argument("--live", dest="publish", action="store_true", help="same as --publish")
    parser.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change; write nothing"
    )
    parser.set_defaults(run=_run)


async def _interruptible(work: Callable[[], Awaitable[None]], out: Output) -> int | None:
    """Run ``work``; on SIGINT or SIGTERM cancel it (its jobs settle what they can) and return the signal."""
    received: int | None = None
    error: BaseException | None = None
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with anyio.create_task_group() as tg:

            async def watch() -> None:
                nonlocal received
                async for signum in signals:
                    received = signum
                    out.note(f"{signal.Signals(signum).name}: stopping; requests in flight are abandoned")
                    tg.cancel_scope.cancel()
                    return

            async def run() -> None:
                nonlocal error
                try:
                    await work()
                except WebflowError as exc:
                    error = exc
                finally:
                    tg.cancel_scope.cancel()

            tg.start_soon(watch)
            tg.start_soon(run)
    if error is not None:
        raise error
    return received


async def import_file(
    wf: AsyncWebflowCMS,
    out: Output,
    collection_ref: str,
    path: Path,
    *,
    key: str = "slug",
    publish: bool = False,
    dry_run: bool = False,
    interruptible: bool = False,
) -> ImportReport:
    """Check every row of ``path``, then upsert the good ones; see the module docstring.

    ``interruptible`` handles SIGINT and SIGTERM (call it from the main thread).
    """

    async def run(waiting: Waiting) -> ImportReport:
        return await _import(
            wf,
            out,
            waiting,
            collection_ref,
            path,
            key=key,
            publish=publish,
            dry_run=dry_run,
            interruptible=interruptible,
        )

    return await watched(out, run)


class _Tally:
    """The bar and the waiting note, fed from the outcomes so far and the job running now."""

    def __init__(self, outcomes: Outcomes, bar: ProgressBar, waiting: Waiting) -> None:
        self.outcomes = outcomes
        self.bar = bar
        self.waiting = waiting
        self.running: BulkJob[Item] | None = None
        self.shown: tuple[int, ...] = ()
        self.settled()

    def settled(self) -> None:
        """The running job (if any) is merged into the outcomes: count them once."""
        self.running = None
        outcomes = self.outcomes
        unknown = sum(1 for note in outcomes.unconfirmed.values() if not note.error.startswith("not sent"))
        self.merged = (len(outcomes.done), len(outcomes.failed), unknown, len(outcomes.unconfirmed) - unknown)

    def show(self) -> None:
        done, failed, unknown, not_sent = self.merged
        if self.running is not None:
            result = self.running.result
            done, failed = done + len(result.succeeded), failed + len(result.failed)
            unknown, not_sent = unknown + len(result.unknown), not_sent + len(result.skipped)
        apart = {"failed": failed, "unknown": unknown, "not sent": not_sent}
        total = len(self.outcomes.rows)
        self.bar.update(done, total, apart)
        if (done, *apart.values()) != self.shown:  # a report that settled no row is no progress
            self.shown = (done, *apart.values())
            kept = "".join(f", {count:,} {name}" for name, count in apart.items() if count)
            self.waiting.moved(f"{done:,} of {total:,} rows imported{kept}")


async def _import(
    wf: AsyncWebflowCMS,
    out: Output,
    waiting: Waiting,
    collection_ref: str,
    path: Path,
    *,
    key: str,
    publish: bool,
    dry_run: bool,
    interruptible: bool,
) -> ImportReport:
    waiting.doing(f"reading collection {collection_ref!r}")
    collection = await resolve_collection(wf, collection_ref)
    check_key(collection, key)
    read = read_rows(path, collection, key)
    rows = read.rows
    for note in read.notes:
        out.note(note)
    if any(f.type in ("Reference", "MultiReference") for f in collection.fields):
        waiting.doing("looking up the items that Reference cells name by slug")
    references = await resolve_references(wf, collection, read)
    use_locale = False
    named_locales = {row.locale_id for row in rows if row.locale_id}
    if named_locales:
        waiting.doing("reading the site's locales")
        known = await site_locales(wf, collection)
        use_locale = named_locales <= known
        if not use_locale:
            out.note(
                f"{path.name}: Locale ID names no locale of this collection's site;"
                " ignored (rows go to the primary locale)"
            )
    needs_scan = (
        dry_run
        or any(r.item_id for r in rows)
        or any(f.is_required for f in collection.fields if f.slug not in ("name", "slug"))
    )
    existing = None
    if needs_scan:
        waiting.doing(f"reading the items of {collection.display_name!r} to match the rows with them")
        existing = await scan(wf, collection, rows, key)
    refused = check_rows(collection, read, key, existing, references)
    problems = [(rows[p].line, why) for p, why in sorted(refused.items())]
    if dry_run:
        assert existing is not None
        counts = plan(rows, key, existing, refused)
        return ImportReport(collection, path, counts, None, dry_run=True, problems=problems, key=key)

    outcomes = Outcomes(rows)
    outcomes.failed.update({p: Note(why, "fix") for p, why in refused.items()})
    renames: list[int] = []  # rows that name an item by id and change its key: updates by id
    upserts: list[int] = []
    for position, row in enumerate(rows):
        if position in refused:
            continue
        match = existing["id"].get(row.item_id) if existing is not None and row.item_id else None
        if match is not None and match.fields.get(key) != row.fields.get(key):
            renames.append(position)
        else:
            upserts.append(position)
    items = wf.items(collection.id)
    jobs: dict[str, BulkJob[Item]] = {}
    failures = failures_path(path)
    pending = pending_path(path)

    with out.progress(f"import {path.name}", total=len(rows)) as bar:
        tally = _Tally(outcomes, bar, waiting)
        waiting.doing(f"importing {len(upserts) + len(renames):,} rows (matching them with items, then writing)")
        tally.show()

        async def run_job(name: str, positions: list[int], job: BulkJob[Item]) -> BulkResult[Item]:
            jobs[name] = tally.running = job
            fatal: WebflowError | None = None
            cancelled = False
            try:
                return await job
            except WebflowError as exc:
                fatal = exc
                raise
            except anyio.get_cancelled_exc_class():
                cancelled = True
                raise
            finally:  # also when cancelled: the job's result is final by now
                outcomes.merge(positions, job, fatal, cancelled)
                tally.settled()
                tally.show()

        async def work() -> None:
            if renames:
                assert existing is not None
                changes = [{"id": rows[p].item_id, **rows[p].doc(locale=use_locale)} for p in renames]
                renamed = await run_job(
                    "renames", renames, items.update_many(changes, on_progress=lambda _d, _t: tally.show())
                )
                updated = [s.id for s in renamed.succeeded if s.id]
                if publish and updated:
                    await items.publish(updated)
            upsert = items.upsert_many(
                [rows[p].doc(locale=use_locale) for p in upserts],
                key=key,
                publish=publish,
                on_progress=lambda _done, _total: tally.show(),
            )
            await run_job("upsert", upserts, upsert)

        try:
            signum = await _interruptible(work, out) if interruptible else await _plain(work)
        except WebflowError:
            # A failure of the whole call (auth, scopes): keep what did not make it, with that cause.
            if write_rows(failures, rows, outcomes.lost()):
                out.note(f"rows not imported were written to {failures}, each with its cause")
            raise
    counts = outcomes.counts()
    result = jobs["upsert"].result if "upsert" in jobs else None
    if signum is not None:
        unconfirmed = {**outcomes.unconfirmed, **outcomes.never_sent()}
        written = write_rows(failures, rows, outcomes.failed)
        write_rows(pending, rows, unconfirmed)
        command = ["webflow-cms", "import", collection.id, str(pending)]
        if key != "slug":
            command += ["--key", key]
        if publish:
            command.append("--publish")
        return ImportReport(
            collection, path, counts, failures if written else None, result=result, problems=problems,
            pending_file=pending if unconfirmed else None, resume=shlex.join(command), key=key,
            lost=_lines(rows, outcomes.failed),
        )  # fmt: skip
    pending.unlink(missing_ok=True)
    lost = outcomes.lost()
    written = write_rows(failures, rows, lost)
    if not written and failures == path:
        out.note(f"every row of {path.name} is imported now, so it was removed")
    return ImportReport(
        collection, path, counts, failures if written else None, result=result, problems=problems, key=key,
        lost=_lines(rows, lost),
    )  # fmt: skip


def _lines(rows: list[Row], notes: dict[int, Note]) -> list[tuple[int, Note]]:
    return [(rows[p].line, notes[p]) for p in sorted(notes)]


async def _plain(work: Callable[[], Awaitable[None]]) -> int | None:
    """``work`` without signal handling: no signal stops it, so it returns None."""
    await work()
    return None


async def _run(wf: AsyncWebflowCMS, out: Output, args: argparse.Namespace) -> int:
    report = await import_file(
        wf,
        out,
        args.collection,
        args.file,
        key=args.key,
        publish=args.publish,
        dry_run=args.dry_run,
        interruptible=True,
    )
    render_import(out, report)
    if report.failures_file is not None:
        show_failures(out, report)
    return report.exit_code if not report.dry_run else (EXIT_FAILED if report.problems else EXIT_OK)
