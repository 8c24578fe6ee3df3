"""``import``: upsert the rows of a JSONL or CSV file, and keep every row that did not make it.

Rows are matched with items on ``--key`` (the slug by default) through
``upsert_many``: new ones are created, changed ones updated, the rest left
alone. Each row that failed, or whose fate is unknown, is written with its
error to ``FILE.failed.jsonl``, which can be imported again as it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from webflow_cms import AsyncWebflowCMS, BulkResult, Collection, Item, WebflowError

from .errors import EXIT_FAILED, EXIT_OK, InputError
from .rows import Row, read_rows
from .session import resolve_collection
from .ui import Output

__all__ = ["ImportReport", "failures_path", "import_file", "run_import"]

_SUMMARY_KEYS = ("created", "updated", "unchanged", "failed")


@attrs.frozen
class ImportReport:
    """What an import did: counts per outcome and where the rows that did not make it went."""

    collection: Collection
    path: Path
    counts: dict[str, int]
    failures_file: Path | None
    dry_run: bool = False
    #: Per-row outcomes (rows in file order); None for a dry run.
    result: BulkResult | None = None

    @property
    def exit_code(self) -> int:
        lost = sum(self.counts.get(k, 0) for k in ("failed", "unknown", "skipped"))
        return EXIT_FAILED if lost else EXIT_OK


def failures_path(path: Path) -> Path:
    """``posts.csv`` -> ``posts.failed.jsonl``, next to it."""
    return path.with_name(path.stem + ".failed.jsonl")


def _summary_counts(counts: Mapping[str, int]) -> dict[str, int]:
    return {**dict.fromkeys(_SUMMARY_KEYS, 0), **counts}


def _write_failures(path: Path, rows: Sequence[Row], result: BulkResult) -> int:
    """Write each row that did not succeed, with why; return how many. Removes a stale file when none."""
    lost: list[tuple[int, str]] = [(f.index, str(f.error)) for f in result.failed]
    lost += [
        (i, "outcome unknown: the connection broke and it could not be checked; importing again is safe")
        for i in result.unknown
    ]
    lost += [(i, "not sent: the import stopped before this row") for i in result.skipped]
    if not lost:
        path.unlink(missing_ok=True)
        return 0
    lost.sort()
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8") as handle:
        for index, error in lost:
            row = rows[index]
            handle.write(json.dumps({"_line": row.line, "_error": error, **row.source}, default=str) + "\n")
    partial.replace(path)
    return len(lost)


async def _plan(wf: AsyncWebflowCMS, collection: Collection, rows: Sequence[Row], key: str) -> dict[str, int]:
    """What an import would do, found by reading the collection (nothing is written)."""
    wanted = {row.fields[key] for row in rows}
    existing: dict[Any, Item] = {}
    async for item in wf.items(collection.id).list():
        value = item.fields.get(key)
        if value in wanted:
            existing.setdefault(value, item)
    counts = dict.fromkeys(("created", "updated", "unchanged"), 0)
    flags = (("isDraft", "is_draft"), ("isArchived", "is_archived"))
    for row in rows:
        match = existing.get(row.fields[key])
        if match is None:
            counts["created"] += 1
        elif all(match.fields.get(k) == v for k, v in row.fields.items()) and all(
            getattr(match, attr) == row.flags[flag] for flag, attr in flags if flag in row.flags
        ):
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
    return counts


async def import_file(
    wf: AsyncWebflowCMS,
    out: Output,
    collection_ref: str,
    path: Path,
    *,
    key: str = "slug",
    publish: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row of ``path``, then upsert them; see the module docstring."""
    collection = await resolve_collection(wf, collection_ref)
    if collection.field(key) is None:
        fields = ", ".join(f.slug for f in collection.fields)
        raise InputError(f"--key {key!r} is not a field of {collection.display_name!r}; pick one of: {fields}")
    rows = read_rows(path, collection, key)
    if dry_run:
        counts = await _plan(wf, collection, rows, key)
        return ImportReport(collection, path, counts, None, dry_run=True)
    failures = failures_path(path)
    with out.progress(f"import {path.name}", total=len(rows)) as bar:
        job = wf.items(collection.id).upsert_many(
            [r.doc() for r in rows], key=key, publish=publish, on_progress=bar.update
        )
        try:
            result = await job
        except WebflowError:
            # A failure of the whole call (auth, scopes): keep what did not make it, then report the error.
            if _write_failures(failures, rows, job.result):
                out.note(f"rows not imported were written to {failures}")
            raise
    written = _write_failures(failures, rows, result)
    counts = _summary_counts(result.counts())
    return ImportReport(collection, path, counts, failures if written else None, result=result)


def render_import(out: Output, report: ImportReport) -> None:
    counts = report.counts
    out.data(
        {
            "collection": report.collection.id,
            "file": str(report.path),
            "dryRun": report.dry_run,
            "counts": counts,
            "failuresFile": str(report.failures_file) if report.failures_file else None,
        }
    )
    if report.dry_run:
        out.text(
            f"dry run for {report.collection.display_name}: would create {counts['created']},"
            f" update {counts['updated']}, leave {counts['unchanged']} unchanged; nothing was written"
        )
        return
    parts = [f"{counts[k]} {k}" for k in _SUMMARY_KEYS]
    parts += [f"{v} {k}" for k, v in counts.items() if k not in _SUMMARY_KEYS]
    out.text(f"{report.collection.display_name}: " + ", ".join(parts))
    if report.failures_file is not None:
        out.text(
            f"rows not imported, each with its error: {report.failures_file}"
            f" (fix them, then: webflow-cms import {report.collection.id} {report.failures_file})"
        )


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
    report = await import_file(wf, out, collection_ref, path, key=key, publish=publish, dry_run=dry_run)
    render_import(out, report)
    if report.failures_file is not None:
        _show_first_failures(out, report.failures_file)
    return report.exit_code


def _show_first_failures(out: Output, path: Path, limit: int = 3) -> None:
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle):
            if number == limit:
                out.note("  ...")
                return
            entry = json.loads(text)
            out.note(f"  line {entry['_line']}: {entry['_error']}")
