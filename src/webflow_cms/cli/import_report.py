"""What an import did, row by row, and how it is shown: the report, the failures file, the summary.

``commands/import_.py`` runs the import; this module keeps each row's outcome
(``Outcomes``), writes the rows that did not make it (``write_rows``) and
renders the ``ImportReport``.

The rows that did not make it go to one file next to the one imported:
``posts.csv`` -> ``posts.failed.jsonl`` (``failures_path``). Each line is the
row as it was read, plus notes the import ignores when the file is imported
again: ``_line`` (the row's line in the file first imported), ``_error`` (what
went wrong) and ``_action``: ``fix`` when a value must change first, ``resend``
when the row is fine and only needs sending again (its outcome is unknown, it
was never sent, or the server failed). Importing that file writes the rows that
still fail back into it, and removes it once none do.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import attrs

from webflow_cms import BulkJob, BulkResult, Collection, ConflictError, Item, ValidationError, WebflowError

from .errors import EXIT_FAILED, EXIT_OK
from .rows import Row
from .ui import Output

__all__ = [
    "EXIT_INTERRUPTED",
    "SUMMARY_KEYS",
    "ImportReport",
    "Note",
    "Outcomes",
    "failures_path",
    "needs_fix",
    "pending_path",
    "render_import",
    "show_failures",
    "show_problems",
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
_FAILED = ".failed.jsonl"

Action = Literal["fix", "resend"]


@attrs.frozen
class Note:
    """Why a row did not make it, and whether it needs a fix or only sending again."""

    error: str
    action: Action = "fix"


def needs_fix(error: WebflowError) -> bool:
    """Whether a row the server refused with ``error`` must change before it can go through.

    A 400 (a value) or 409 (a slug or key taken) is about the row; anything else (a 5xx, a 429 not
    waited out, a dropped connection, a 401/403 of the token) would refuse any row: send it again.
    """
    return isinstance(error, ValidationError | ConflictError)


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
    #: The rows written to the failures file: (their line in the imported file, why), in file order.
    lost: list[tuple[int, Note]] = attrs.field(factory=list)

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
    """``posts.csv`` -> ``posts.failed.jsonl``, next to it; a failures file's own failures go back into it."""
    if path.name.endswith(_FAILED):
        return path
    return path.with_name(path.stem + _FAILED)


def pending_path(path: Path) -> Path:
    """``posts.csv`` -> ``posts.pending.jsonl``: the rows an interrupted import did not confirm."""
    return path.with_name(path.stem + ".pending.jsonl")


def write_rows(path: Path, rows: Sequence[Row], entries: Mapping[int, Note]) -> int:
    """Write the rows at these positions with their notes, in file order; remove a stale file when none."""
    if not entries:
        path.unlink(missing_ok=True)
        return 0
    partial = path.with_name(path.name + ".part")
    with partial.open("w", encoding="utf-8") as handle:
        for position in sorted(entries):
            row, note = rows[position], entries[position]
            line = row.origin if row.origin is not None else row.line
            notes = {"_line": line, "_error": note.error, "_action": note.action}
            handle.write(json.dumps({**notes, **row.source}, default=str) + "\n")
    partial.replace(path)
    return len(entries)


class Outcomes:
    """What happened to each row (by position in the file's rows): an action, or why it did not make it."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        self.done: dict[int, str] = {}
        self.failed: dict[int, Note] = {}
        self.unconfirmed: dict[int, Note] = {}

    def merge(self, positions: Sequence[int], job: BulkJob[Item], fatal: WebflowError | None, cancelled: bool) -> None:
        """Take in a job's result; ``positions[i]`` is the row of the job's input ``i``.

        ``fatal`` is the error that stopped the job, ``cancelled`` says a signal did.
        """
        result = job.result
        for success in result.succeeded:
            self.done[positions[success.index]] = success.action
        for failure in result.failed:
            action: Action = "fix" if needs_fix(failure.error) else "resend"
            self.failed[positions[failure.index]] = Note(str(failure.error), action)
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
            self.unconfirmed[positions[index]] = Note(why, "resend")
        for index in result.skipped:
            why = f"not sent: the import stopped on {fatal}" if fatal else _NOT_SENT
            self.unconfirmed[positions[index]] = Note(why, "resend")

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SUMMARY_KEYS, 0)
        for action in self.done.values():
            counts[action] = counts.get(action, 0) + 1
        counts["failed"] = len(self.failed)
        missing = len(self.rows) - len(self.done) - len(self.failed) - len(self.unconfirmed)
        unknown = sum(1 for note in self.unconfirmed.values() if not note.error.startswith("not sent"))
        if unknown:
            counts["unknown"] = unknown
        skipped = len(self.unconfirmed) - unknown + missing
        if skipped:
            counts["skipped"] = skipped
        return counts

    def never_sent(self) -> dict[int, Note]:
        """Rows no job accounted for (the import stopped before their job began)."""
        return {
            p: Note(_NOT_SENT, "resend")
            for p in range(len(self.rows))
            if p not in self.done and p not in self.failed and p not in self.unconfirmed
        }

    def lost(self) -> dict[int, Note]:
        """Every row that did not make it: failed, unconfirmed or never sent."""
        return {**self.failed, **self.unconfirmed, **self.never_sent()}


def render_import(out: Output, report: ImportReport) -> None:
    counts = report.counts
    actions = [note.action for _, note in report.lost]
    out.data(
        {
            "collection": report.collection.id,
            "file": str(report.path),
            "dryRun": report.dry_run,
            "counts": counts,
            "failuresFile": str(report.failures_file) if report.failures_file else None,
            "failures": {"fix": actions.count("fix"), "resend": actions.count("resend")},
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
        show_problems(out, report.problems, limit=None)
        return
    parts = [f"{counts[k]} {k}" for k in SUMMARY_KEYS]
    parts += [f"{v} {k}" for k, v in counts.items() if k not in SUMMARY_KEYS]
    prefix = "interrupted, so far: " if report.interrupted else ""
    out.text(f"{report.collection.display_name}: {prefix}" + ", ".join(parts))
    if report.failures_file is not None:
        out.text(_failures_line(report, actions.count("fix"), actions.count("resend")))
    if report.interrupted:
        if report.pending_file is not None:
            out.text(f"rows not confirmed: {report.pending_file}")
        out.text(f"to resume: {report.resume}")


def _failures_line(report: ImportReport, fix: int, resend: int) -> str:
    assert report.failures_file is not None
    command = ["webflow-cms", "import", report.collection.id, str(report.failures_file)]
    if report.key != "slug":
        command += ["--key", report.key]
    todo = []
    if fix:
        todo.append(f'{fix} to fix ("_action": "fix": correct the values its "_error" names)')
    if resend:
        they = "it is" if resend == 1 else "they are"
        todo.append(f'{resend} only to send again as {they} ("_action": "resend")')
    then = "then import it" if fix else "import it again"
    return (
        f"rows not imported, each with its error: {report.failures_file}; {' and '.join(todo)};"
        f" {then}: {shlex.join(command)}"
    )


def show_problems(out: Output, problems: Sequence[tuple[int, str]], limit: int | None = 10) -> None:
    """``line N: why`` on stderr for each problem (the first ``limit`` ones, and how many more)."""
    for number, (line, why) in enumerate(problems):
        if number == limit:
            out.note(f"  ... ({len(problems) - limit} more)")
            return
        out.note(f"  line {line}: {why}")


def show_failures(out: Output, report: ImportReport, limit: int = 10) -> None:
    """The first rows of the failures file, by their line in the imported file, and how many more."""
    for number, (line, note) in enumerate(report.lost):
        if number == limit:
            out.note(f"  ... ({len(report.lost) - limit} more in {report.failures_file})")
            return
        out.note(f"  line {line} ({note.action}): {note.error}")
