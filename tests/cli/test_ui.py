"""Output: notes above a live bar, counts kept apart on the bar, and what a command waits for (fake clock)."""

from __future__ import annotations

import io
import logging
import time

import pytest

from support.clock import FakeClock
from webflow_cms.cli.ui import EVERY, QUIET, Output, Waiting, watched

#: 2024-05-06 07:08:09 local time: the wall clock the notes name.
WALL = time.mktime((2024, 5, 6, 7, 8, 9, 0, 0, -1))


def _waiting(clock: FakeClock) -> tuple[Waiting, io.StringIO]:
    err = io.StringIO()
    return Waiting(Output(err=err), clock=clock, wall=lambda: WALL + clock.t - 1000.0), err


def _record(message: str, *args: object, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord("webflow_cms", level, __file__, 1, message, args, None)


def test_nothing_is_said_while_the_command_moves() -> None:
    clock = FakeClock()
    waiting, err = _waiting(clock)
    waiting.doing("importing 300 rows")
    for _ in range(10):
        clock.advance(QUIET - 1)
        assert waiting.due() is None
        waiting.moved("some rows imported")
    assert err.getvalue() == ""


def test_a_quiet_command_says_what_it_waits_for_and_since_when_then_at_most_every_few_seconds() -> None:
    clock = FakeClock()
    waiting, err = _waiting(clock)
    waiting.doing("importing 300 rows", "0 of 300 rows imported")
    clock.advance(QUIET - 0.5)
    assert waiting.due() is None

    clock.advance(0.5)
    first = waiting.due()
    assert first == (
        f"waiting {QUIET:.0f}s (since 07:08:09) for the server to answer, importing 300 rows;"
        " 0 of 300 rows imported so far; no retry so far, the requests are in flight (or held by the rate limit)"
    )
    clock.advance(EVERY - 1)
    assert waiting.due() is None  # not again so soon

    retry = _record("retrying %s %s after %s (retry %d, in %.2fs)", "POST", "/v2/collections/c/items", "503", 2, 1.5)
    retry.created = WALL + 12
    waiting.heard(retry)
    clock.advance(1)
    second = waiting.due()
    assert second is not None
    assert second.startswith(f"waiting {QUIET + EVERY:.0f}s (since 07:08:09) for the server to answer")
    assert second.endswith(
        "; last from the SDK at 07:08:21: retrying POST /v2/collections/c/items after 503 (retry 2, in 1.50s)"
    )

    clock.advance(3)
    waiting.moved("100 of 300 rows imported")
    assert err.getvalue() == f"after {QUIET + EVERY + 3:.0f}s of waiting: 100 of 300 rows imported\n"
    clock.advance(QUIET - 1)
    assert waiting.due() is None  # the wait starts again


@pytest.mark.anyio
async def test_watched_hears_the_sdk_prints_its_warnings_and_restores_the_logger() -> None:
    clock = FakeClock()
    err = io.StringIO()
    logger = logging.getLogger("webflow_cms")
    level = logger.level

    async def work(waiting: Waiting) -> str:
        logger.info("retrying %s %s after %s (retry %d, in %.2fs)", "GET", "/v2/sites", "ReadTimeout", 1, 0.5)
        logger.warning("upsert: %d slugs were created by another writer meanwhile; updating theirs", 2)
        clock.advance(QUIET)
        note = waiting.due()
        assert note is not None
        return note

    note = await watched(Output(err=err), work, clock=clock)

    assert "last from the SDK at" in note
    assert note.endswith("retrying GET /v2/sites after ReadTimeout (retry 1, in 0.50s)")
    assert err.getvalue() == "upsert: 2 slugs were created by another writer meanwhile; updating theirs\n"
    assert logger.level == level
    assert not any(type(h).__name__ == "_Heard" for h in logger.handlers)


@pytest.mark.anyio
async def test_an_error_of_the_watched_work_comes_out_as_itself() -> None:
    async def work(waiting: Waiting) -> None:
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        await watched(Output(err=io.StringIO()), work)


def test_a_bar_counts_failed_and_unknown_rows_apart_and_notes_go_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    err = io.StringIO()
    out = Output(err=err)
    with out.progress("import p.csv", total=300) as bar:
        bar.update(150, 300, {"failed": 0, "unknown": 0})
        out.note("a note while the bar is drawn")
        bar.update(295, 300, {"failed": 2, "unknown": 3})
    shown = err.getvalue()
    assert "a note while the bar is drawn\n" in shown
    bar_lines = [line for line in shown.splitlines() if "import p.csv" in line]
    assert len(bar_lines) == 1  # drawn once, at the end (not a terminal), and not torn by the note
    assert "295/300 (2 failed, 3 unknown)" in bar_lines[0]
