"""The failures file: one name rule, each row saying whether it needs a fix or only a resend, and the summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from webflow_cms import (
    APIConnectionError,
    BulkJob,
    Collection,
    ConflictError,
    Item,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
    WebflowError,
)
from webflow_cms._engine.tracker import Tracker
from webflow_cms.cli.import_report import (
    ImportReport,
    Note,
    Outcomes,
    failures_path,
    needs_fix,
    pending_path,
    render_import,
    show_failures,
    write_rows,
)
from webflow_cms.cli.rows import Row
from webflow_cms.cli.ui import Output

pytestmark = pytest.mark.anyio
POSTS = Collection.from_dict({"id": "64f0c3e2f8a1b2c3d4e5f600", "displayName": "Blog Posts", "slug": "blog-posts"})


@pytest.mark.parametrize(
    ("imported", "failures", "pending"),
    [
        ("posts.csv", "posts.failed.jsonl", "posts.pending.jsonl"),
        ("dir/posts.jsonl", "dir/posts.failed.jsonl", "dir/posts.pending.jsonl"),
        ("posts.failed.jsonl", "posts.failed.jsonl", "posts.failed.pending.jsonl"),  # its failures go back into it
        ("posts.pending.jsonl", "posts.pending.failed.jsonl", "posts.pending.pending.jsonl"),
    ],
)
def test_one_name_rule_for_the_files_an_import_writes(imported: str, failures: str, pending: str) -> None:
    assert failures_path(Path(imported)) == Path(failures)
    assert pending_path(Path(imported)) == Path(pending)


@pytest.mark.parametrize(
    ("error", "fix"),
    [
        (ValidationError("fieldData.rank: must be a number", status=400), True),
        (ValidationError("checked before sending", status=None), True),
        (ConflictError("slug 'a' is taken", status=409), True),
        (ServerError("503 service unavailable", status=503), False),
        (RateLimitError("429 too many requests", status=429, retry_after=300.0), False),
        (PermissionDeniedError("403 missing_scopes", status=403), False),
        (APIConnectionError("connection reset"), False),
    ],
)
def test_a_row_needs_a_fix_only_when_the_server_refused_its_values(error: WebflowError, fix: bool) -> None:
    assert needs_fix(error) is fix


def _rows(n: int) -> list[Row]:
    return [Row(n + 2, {"slug": f"p-{n}"}, {}, {"slug": f"p-{n}"}) for n in range(n)]


async def test_every_row_is_accounted_for_and_says_fix_or_resend(tmp_path: Path) -> None:
    rows = _rows(6)

    async def run(tracker: Tracker) -> None:
        tracker.succeed(0, "created")
        tracker.fail(1, ValidationError("fieldData.rank: 'x' must be a number", status=400))
        tracker.fail(2, ServerError("503 service unavailable", status=503))
        tracker.start([3])  # in flight when the job ends: its outcome is unknown

    job: BulkJob[Item] = BulkJob(Tracker([r.doc() for r in rows[:5]], None), run)
    await job
    outcomes = Outcomes(rows)
    outcomes.merge([0, 1, 2, 3, 4], job, None, False)  # row 5 belongs to no job: never sent

    assert outcomes.counts() == {"created": 1, "updated": 0, "unchanged": 0, "failed": 2, "unknown": 1, "skipped": 2}
    path = tmp_path / "p.failed.jsonl"
    assert write_rows(path, rows, outcomes.lost()) == 5
    written = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(w["_line"], w["_action"]) for w in written] == [
        (3, "fix"), (4, "resend"), (5, "resend"), (6, "resend"), (7, "resend")
    ]  # fmt: skip
    assert "must be a number" in written[0]["_error"]
    assert written[2]["_error"].startswith("outcome unknown")
    assert written[4]["_error"].startswith("not sent")
    assert written[0]["slug"] == "p-1"

    assert write_rows(path, rows, {}) == 0
    assert not path.exists()  # nothing left to import: no stale file


def _render(report: ImportReport) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    output = Output(out=out, err=err, bars=False)
    render_import(output, report)
    show_failures(output, report, limit=2)
    return out.getvalue(), err.getvalue()


def test_the_summary_says_what_to_fix_and_what_only_to_send_again() -> None:
    failures = Path("posts.failed.jsonl")
    lost = [(3, Note("column 'Rank': 'x' must be a number such as 42 or 3.5")), (7, Note("outcome unknown", "resend"))]
    counts = {"created": 5, "updated": 0, "unchanged": 0, "failed": 1, "unknown": 1}
    both = ImportReport(POSTS, Path("posts.csv"), counts, failures, key="sku", lost=[*lost, (9, Note("x"))])

    text, notes = _render(both)

    assert text.splitlines() == [
        "Blog Posts: 5 created, 0 updated, 0 unchanged, 1 failed, 1 unknown",
        "rows not imported, each with its error: posts.failed.jsonl;"
        ' 2 to fix ("_action": "fix": correct the values its "_error" names)'
        ' and 1 only to send again as it is ("_action": "resend");'
        f" then import it: webflow-cms import {POSTS.id} posts.failed.jsonl --key sku",
    ]
    assert notes.splitlines() == [
        "  line 3 (fix): column 'Rank': 'x' must be a number such as 42 or 3.5",
        "  line 7 (resend): outcome unknown",
        "  ... (1 more in posts.failed.jsonl)",
    ]

    resend_only = ImportReport(POSTS, Path("posts.csv"), counts, failures, lost=lost[1:])
    assert _render(resend_only)[0].splitlines()[-1] == (
        "rows not imported, each with its error: posts.failed.jsonl;"
        ' 1 only to send again as it is ("_action": "resend");'
        f" import it again: webflow-cms import {POSTS.id} posts.failed.jsonl"
    )


def test_a_dry_run_lists_every_problem() -> None:
    problems = [(line, f"column 'Rank': 'x{line}' must be a number such as 42 or 3.5") for line in range(2, 40)]
    counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": len(problems)}

    text, notes = _render(ImportReport(POSTS, Path("p.csv"), counts, None, dry_run=True, problems=problems))

    assert "and fail 38; nothing was written" in text
    assert notes.splitlines() == [f"  line {line}: {why}" for line, why in problems]
