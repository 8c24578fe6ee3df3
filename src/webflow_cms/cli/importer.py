"""``import``: upsert the rows of a JSONL or CSV file, and keep every row that did not make it.

Rows are matched with items by the id they name (``Item ID`` in Webflow's CSV
export, ``id`` in ours) when it is an item of the collection, otherwise on
``--key`` (the slug by default), through ``upsert_many``: new ones are created,
changed ones updated, the rest left alone.

Before anything is sent, every row is checked against the collection's rules
(``rules``) and for a ``--key`` or slug already used on an earlier line; a row
that fails is not sent, and is reported by its file line. ``--dry-run`` runs
exactly these checks, so a clean dry run is followed by a run with no field errors.

Each row that failed, or whose fate is unknown, is written with its error to
``FILE.failed.jsonl``, which can be imported again as it is. On SIGINT or
SIGTERM the requests in flight are abandoned, the rows not confirmed are
written to ``FILE.pending.jsonl`` and the command to resume is printed (exit 130).
"""

from __future__ import annotations

import shlex
import signal
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import anyio

from webflow_cms import AsyncWebflowCMS, BulkJob, BulkResult, Collection, Item, WebflowError

from .errors import EXIT_FAILED, EXIT_OK, InputError
from .import_report import (
    EXIT_INTERRUPTED,
    SUMMARY_KEYS,
    ImportReport,
    Outcomes,
    failures_path,
    pending_path,
    render_import,
    show_first_failures,
    write_rows,
)
from .rows import Row, read_rows
from .rules import field_problems
from .session import is_id, resolve_collection
from .ui import Output

__all__ = ["EXIT_INTERRUPTED", "ImportReport", "failures_path", "import_file", "pending_path", "run_import"]

#: Every row needs these, update or not: ``upsert_many`` sends each row as a whole item.
_ALWAYS = ("name", "slug")


async def _scan(
    wf: AsyncWebflowCMS, collection: Collection, rows: Sequence[Row], key: str
) -> dict[str, dict[Any, Item]]:
    """The collection's items named by the rows: by id and by key value (one pass over the collection)."""
    ids = {row.item_id for row in rows if row.item_id}
    keys = {row.fields.get(key) for row in rows}
    by_id: dict[Any, Item] = {}
    by_key: dict[Any, Item] = {}
    async for item in wf.items(collection.id).list():
        if item.id in ids:
            by_id[item.id] = item
        value = item.fields.get(key)
        if value in keys:
            by_key.setdefault(value, item)
    return {"id": by_id, "key": by_key}


async def _resolve_references(wf: AsyncWebflowCMS, collection: Collection, rows: Sequence[Row]) -> None:
    """Reference cells that hold a slug get the id of that item of the referenced collection, when it exists."""
    for spec in collection.fields:
        if spec.type not in ("Reference", "MultiReference"):
            continue
        target = spec.validations.get("collectionId")
        named = {
            v
            for row in rows
            for v in (row.fields.get(spec.slug) if spec.type == "MultiReference" else [row.fields.get(spec.slug)]) or []
            if isinstance(v, str) and not is_id(v)
        }
        if not named or not isinstance(target, str) or not is_id(target):
            continue
        slugs = {item.slug: item.id async for item in wf.items(target).list() if item.slug in named}
        for row in rows:
            value = row.fields.get(spec.slug)
            if isinstance(value, str):
                row.fields[spec.slug] = slugs.get(value, value)
            elif isinstance(value, list):
                row.fields[spec.slug] = [slugs.get(v, v) if isinstance(v, str) else v for v in value]


async def _site_locales(wf: AsyncWebflowCMS, collection: Collection) -> set[str]:
    """The CMS locales of the site holding the collection (empty when it cannot be found)."""
    for site in await wf.sites.list():
        if any(c.id == collection.id for c in await wf.collections.list(site.id)):
            return set(site.cms_locale_ids)
    return set()


def _same(row: Row, item: Item) -> bool:
    current = item.fields
    flags = (("isDraft", item.is_draft), ("isArchived", item.is_archived))
    return all(current.get(k) == v for k, v in row.fields.items()) and all(
        row.flags[flag] == value for flag, value in flags if flag in row.flags
    )


def _check_rows(
    collection: Collection, rows: Sequence[Row], key: str, existing: Mapping[str, Mapping[Any, Item]] | None
) -> dict[int, str]:
    """Rows the server would refuse, by position: the collection's rules, and keys or slugs used twice in the file."""
    problems: dict[int, str] = {}
    first_line: dict[tuple[str, Any], int] = {}
    for position, row in enumerate(rows):
        match = _match(row, key, existing) if existing is not None else None
        found = field_problems(collection, row.fields, creating=match is None, always=_ALWAYS)
        for name in dict.fromkeys((key, "slug")):
            value = row.fields.get(name)
            if value is None or isinstance(value, list | dict):
                continue
            earlier = first_line.setdefault((name, value), row.line)
            if earlier != row.line:
                what = "slugs are unique in a collection" if name == "slug" else "each --key value may appear once"
                found.append(f"{name} {value!r} is also on line {earlier}; {what}, so keep one of the two lines")
        if found:
            problems[position] = "; ".join(found)
    return problems


def _match(row: Row, key: str, existing: Mapping[str, Mapping[Any, Item]]) -> Item | None:
    if row.item_id and row.item_id in existing["id"]:
        return existing["id"][row.item_id]
    return existing["key"].get(row.fields.get(key))


def _plan(
    rows: Sequence[Row], key: str, existing: Mapping[str, Mapping[Any, Item]], skip: Mapping[int, str]
) -> dict[str, int]:
    counts = dict.fromkeys(SUMMARY_KEYS, 0)
    counts["failed"] = len(skip)
    for position, row in enumerate(rows):
        if position in skip:
            continue
        match = _match(row, key, existing)
        action = "created" if match is None else "unchanged" if _same(row, match) else "updated"
        counts[action] += 1
    return counts


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
    """Check every row of ``path``, then upsert them; see the module docstring.

    ``interruptible`` handles SIGINT and SIGTERM (call it from the main thread).
    """
    collection = await resolve_collection(wf, collection_ref)
    if collection.field(key) is None:
        fields = ", ".join(f.slug for f in collection.fields)
        raise InputError(f"--key {key!r} is not a field of {collection.display_name!r}; pick one of: {fields}")
    read = read_rows(path, collection, key)
    rows = read.rows
    for note in read.notes:
        out.note(note)
    await _resolve_references(wf, collection, rows)
    use_locale = False
    named_locales = {row.locale_id for row in rows if row.locale_id}
    if named_locales:
        known = await _site_locales(wf, collection)
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
    existing = await _scan(wf, collection, rows, key) if needs_scan else None
    refused = _check_rows(collection, rows, key, existing)
    problems = [(rows[p].line, why) for p, why in sorted(refused.items())]
    if dry_run:
        assert existing is not None
        counts = _plan(rows, key, existing, refused)
        return ImportReport(collection, path, counts, None, dry_run=True, problems=problems, key=key)

    outcomes = Outcomes(rows)
    outcomes.failed.update(refused)
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

    with out.progress(f"import {path.name}", total=len(renames) + len(upserts)) as bar:

        async def run_job(name: str, positions: list[int], job: BulkJob[Item]) -> BulkResult[Item]:
            jobs[name] = job
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

        async def work() -> None:
            if renames:
                assert existing is not None
                changes = [{"id": rows[p].item_id, **rows[p].doc(locale=use_locale)} for p in renames]
                renamed = await run_job("renames", renames, items.update_many(changes))
                updated = [s.id for s in renamed.succeeded if s.id]
                if publish and updated:
                    await items.publish(updated)
            offset = len(renames)
            upsert = items.upsert_many(
                [rows[p].doc(locale=use_locale) for p in upserts],
                key=key,
                publish=publish,
                on_progress=lambda done, total: bar.update(done + offset, total + offset),
            )
            await run_job("upsert", upserts, upsert)

        failures = failures_path(path)
        pending = pending_path(path)
        try:
            signum = await _interruptible(work, out) if interruptible else await _plain(work)
        except WebflowError:
            # A failure of the whole call (auth, scopes): keep what did not make it, with that cause.
            lost = {**outcomes.failed, **outcomes.unconfirmed, **outcomes.never_sent()}
            if write_rows(failures, rows, lost):
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
        )  # fmt: skip
    pending.unlink(missing_ok=True)
    written = write_rows(failures, rows, {**outcomes.failed, **outcomes.unconfirmed, **outcomes.never_sent()})
    return ImportReport(
        collection, path, counts, failures if written else None, result=result, problems=problems, key=key
    )


async def _plain(work: Callable[[], Awaitable[None]]) -> int | None:
    """``work`` without signal handling: no signal stops it, so it returns None."""
    await work()
    return None


async def run_import(
    wf: AsyncWebflowCMS,
    out: Output,
    collection_ref: str,
    path: Path,
    *,
    key: str,
    publish: bool,
    dry_run: bool,
) -> int:
    report = await import_file(
        wf, out, collection_ref, path, key=key, publish=publish, dry_run=dry_run, interruptible=True
    )
    render_import(out, report)
    if report.failures_file is not None:
        show_first_failures(out, report.failures_file)
    return report.exit_code if not report.dry_run else (EXIT_FAILED if report.problems else EXIT_OK)
