"""What an import did, row by row, and how it is shown: the report, the failures file, the summary.

``importer`` runs the import; this module keeps each row's outcome
(``Outcomes``), writes the rows that did not make it (``write_rows``) and
renders the ``ImportReport``.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from webflow_cms import BulkJob, BulkResult, Collection, Item, WebflowError

from .errors import EXIT_FAILED, EXIT_OK
from .rows import Row
from .ui import Output

__all__ = [
    "EXIT_INTERRUPTED",
    "SUMMARY_KEYS",
    "ImportReport",
    "Outcomes",
    "failures_path",
    "pending_path",
    "render_import",
    "show_first_failures",
    "write_rows",
]

SUMMARY_KEYS = ("created", "updated", "unchanged", "failed")
#: The exit code after SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C).
EXIT_INTERRUPTED = 130
_UNKNOWN = "outcome unknown: the connection broke and it could not be checked; importing again is safe"
_NOT_SENT = "not sent: the import stopped before this row"
_INTERRUPTED = (
    "not confirmed: the import was interrupted while this row's request was in flight;"
    " importing it again is safe (an item it created is matched, not duplicated)"
)


@attrs.frozen
class ImportReport:
    """What an import did: counts per outcome and where the rows that did not make it went."""

    collection: Collection
    path: Path
    counts: dict[str, int]
    failures_file: Path | None
    dry_run: bool = False
    #: The upsert's per-input outcomes (inputs are the rows sent to it, in file order); None for a dry run.
    result: BulkResult[Item] | None = None
    #: Rows refused before sending, and for a dry run every row that would fail: (file line, why).
    problems: list[tuple[int, str]] = attrs.field(factory=list)
    #: Set when a signal stopped the import: where the unconfirmed rows went and how to resume.
    pending_file: Path | None = None
    resume: str | None = None
    key: str = "slug"

    @property
    def interrupted(self) -> bool:
        return self.resume is not None

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        lost = sum(self.counts.get(k, 0) for k in ("failed", "unknown", "skipped"))
        return EXIT_FAILED if lost else EXIT_OK


def failures_path(path: Path) -> Path:
    """``posts.csv`` -> ``posts.failed.jsonl``, next to it."""
    return path.with_name(path.stem + ".failed.jsonl")


def pending_path(path: Path) -> Path:
    """``posts.csv`` -> ``posts.pending.jsonl``: the rows an interrupted import did not confirm."""
    return path.with_name(path.stem + ".pending.jsonl")


def write_rows(path: Path, rows: Sequence[Row], entries: Mapping[int, str]) -> int:
    """Write the rows at these positions with their notes, in file order; remove a stale file when none."""
    if not entries:
        path.unlink(missing_ok=True)
        return 0
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8") as handle:
        for position in sorted(entries):
            row = rows[position]
            handle.write(json.dumps({"_line": row.line, "_error": entries[position], **row.source}, default=str) + "\n")
    partial.replace(path)
    return len(entries)


class Outcomes:
    """What happened to each row (by position in the file's rows): an action, or why it did not make it."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        self.done: dict[int, str] = {}
        self.failed: dict[int, str] = {}
        self.unconfirmed: dict[int, str] = {}

    def merge(self, positions: Sequence[int], job: BulkJob[Item], fatal: WebflowError | None, cancelled: bool) -> None:
        """Take in a job's result; ``positions[i]`` is the row of the job's input ``i``.

        ``fatal`` is the error that stopped the job, ``cancelled`` says a signal did.
        """
        result = job.result
        for success in result.succeeded:
            self.done[positions[success.index]] = success.action
        for failure in result.failed:
            self.failed[positions[failure.index]] = str(failure.error)
        reasons = job.unknown_reasons
        for index in result.unknown:
            reason = reasons.get(index)
            if reason is not None:
                why = f"outcome unknown: {reason}"
            elif fatal is not None:
                why = f"{fatal} (the import stopped on this error before this row was confirmed)"
            elif cancelled:
                why = _INTERRUPTED
            else:
                why = _UNKNOWN
            self.unconfirmed[positions[index]] = why
        for index in result.skipped:
            self.unconfirmed[positions[index]] = f"not sent: the import stopped on {fatal}" if fatal else _NOT_SENT

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SUMMARY_KEYS, 0)
        for action in self.done.values():
            counts[action] = counts.get(action, 0) + 1
        counts["failed"] = len(self.failed)
        missing = len(self.rows) - len(self.done) - len(self.failed) - len(self.unconfirmed)
        unknown = sum(1 for why in self.unconfirmed.values() if not why.startswith("not sent"))
        if unknown:
            counts["unknown"] = unknown
        skipped = len(self.unconfirmed) - unknown + missing
        if skipped:
            counts["skipped"] = skipped
        return counts

    def never_sent(self) -> dict[int, str]:
        """Rows no job accounted for (the import stopped before their job began)."""
        return {
            p: _NOT_SENT
            for p in range(len(self.rows))
            if p not in self.done and p not in self.failed and p not in self.unconfirmed
        }


def render_import(out: Output, report: ImportReport) -> None:
    counts = report.counts
    out.data(
        {
            "collection": report.collection.id,
            "file": str(report.path),
            "dryRun": report.dry_run,
            "counts": counts,
            "failuresFile": str(report.failures_file) if report.failures_file else None,
            "problems": [{"line": line, "error": why} for line, why in report.problems],
            **(
                {"interrupted": True, "pendingFile": str(report.pending_file) if report.pending_file else None,
                 "resume": report.resume}
                if report.interrupted
                else {}
            ),
        }
    )  # fmt: skip
    if report.dry_run:
        out.text(
            f"dry run for {report.collection.display_name}: would create {counts['created']},"
            f" update {counts['updated']}, leave {counts['unchanged']} unchanged"
            f" and fail {counts['failed']}; nothing was written"
        )
        show_problems(out, report.problems)
        return
    parts = [f"{counts[k]} {k}" for k in SUMMARY_KEYS]
    parts += [f"{v} {k}" for k, v in counts.items() if k not in SUMMARY_KEYS]
    prefix = "interrupted, so far: " if report.interrupted else ""
    out.text(f"{report.collection.display_name}: {prefix}" + ", ".join(parts))
    if report.failures_file is not None:
        out.text(
            f"rows not imported, each with its error: {report.failures_file}"
            f" (fix them, then: webflow-cms import {report.collection.id} {shlex.quote(str(report.failures_file))})"
        )
    if report.interrupted:
        if report.pending_file is not None:
            out.text(f"rows not confirmed: {report.pending_file}")
        out.text(f"to resume: {report.resume}")


def show_problems(out: Output, problems: Sequence[tuple[int, str]], limit: int = 10) -> None:
    for number, (line, why) in enumerate(problems):
        if number == limit:
            out.note(f"  ... ({len(problems) - limit} more)")
            return
        out.note(f"  line {line}: {why}")


def show_first_failures(out: Output, path: Path, limit: int = 3) -> None:
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle):
            if number == limit:
                out.note("  ...")
                return
            entry = json.loads(text)
            out.note(f"  line {entry['_line']}: {entry['_error']}")
