"""Output for people and for scripts, progress bars, and notes while a command waits.

Results go to stdout: text, or one JSON document with ``--json``. Progress
bars and notes go to stderr, so ``export`` can write items to stdout. Bars
need ``rich`` (the ``cli`` extra); without it, or with ``--json``, there are none.

A long command can look frozen while its requests wait on retries or on a
server that does not answer. ``watched`` runs it with a ``Waiting`` beside it:
after ``QUIET`` seconds without progress it says on stderr what the command
waits for and since when, then again every ``EVERY`` seconds, and once more
when it moves again. What it knows comes from the command (its phase, its
counts) and from the SDK's log records (``webflow_cms`` logger: each retry,
with the request's method and path; never a header or the token).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, TextIO, TypeVar

import anyio

__all__ = ["EVERY", "QUIET", "Output", "ProgressBar", "Waiting", "watched"]

#: Seconds without progress before the first note, and between two notes.
QUIET = 5.0
EVERY = 10.0
_T = TypeVar("_T")


class ProgressBar(Protocol):
    """What a long job reports to: done of total, and the counts kept apart (``failed``, ``unknown``)."""

    def update(self, done: int, total: int, apart: Mapping[str, int] | None = None) -> None: ...


class _Printer(Protocol):
    def print(self, line: str) -> None: ...


class _NoBar:
    def update(self, done: int, total: int, apart: Mapping[str, int] | None = None) -> None:
        pass


class Output:
    """Where a command writes: text or JSON on ``out``, notes and bars on ``err``."""

    def __init__(
        self, *, json_mode: bool = False, bars: bool = True, out: TextIO | None = None, err: TextIO | None = None
    ) -> None:
        self.json_mode = json_mode
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self._bars = bars and not json_mode
        self._live: _Printer | None = None

    def text(self, line: str = "") -> None:
        """A line of human output (nothing in ``--json`` mode)."""
        if not self.json_mode:
            self.out.write(line + "\n")
            self.out.flush()

    def note(self, line: str) -> None:
        """A line on stderr, in both modes (warnings, where files went); above the bar while one is drawn."""
        if self._live is not None:
            self._live.print(line)
            return
        self.err.write(line + "\n")
        self.err.flush()

    def data(self, payload: Any) -> None:
        """The machine result of a command (only in ``--json`` mode)."""
        if self.json_mode:
            self.out.write(json.dumps(payload, sort_keys=True, default=str) + "\n")
            self.out.flush()

    @contextmanager
    def progress(self, description: str, total: int | None = None) -> Iterator[ProgressBar]:
        """A bar showing done/total, the counts kept apart, items/s and the time left; it stays when done."""
        if not self._bars:
            yield _NoBar()
            return
        try:
            from ._bars import rich_bar
        except ImportError:  # rich is an optional extra
            yield _NoBar()
            return
        with rich_bar(description, total, self.err) as bar:
            self._live = bar
            try:
                yield bar
            finally:
                self._live = None


def _clock_time(moment: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(moment))


class Waiting:
    """Says what a command waits for and since when, when it has not moved for a while.

    ``doing`` names the phase and ``moved`` reports progress (both restart the wait);
    ``heard`` takes an SDK log record; ``due`` is the note to print now, if any.
    """

    def __init__(
        self,
        out: Output,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        quiet: float = QUIET,
        every: float = EVERY,
    ) -> None:
        self._out = out
        self._clock = clock
        self._wall = wall
        self._quiet = quiet
        self._every = every
        self._what = "starting"
        self._status = ""
        self._since = clock()
        self._since_wall = wall()
        self._noted: float | None = None
        self._heard: tuple[float, str] | None = None

    def doing(self, what: str, status: str = "") -> None:
        """A new phase: ``what`` the command does now, ``status`` how far it got."""
        self.moved()
        self._what, self._status = what, status

    def moved(self, status: str = "") -> None:
        """Progress: the wait starts again; a command that was said to wait is said to go on."""
        now = self._clock()
        if status:
            self._status = status
        if self._noted is not None:
            self._out.note(f"after {now - self._since:.0f}s of waiting: {self._status or self._what}")
        self._since, self._since_wall, self._noted, self._heard = now, self._wall(), None, None

    def heard(self, record: logging.LogRecord) -> None:
        """An SDK log record: a retry, a wait; the latest is named in the next note."""
        self._heard = (record.created, record.getMessage())

    def due(self) -> str | None:
        """The note to print now, or None (too soon after progress or after the last note)."""
        now = self._clock()
        if now - self._since < self._quiet or (self._noted is not None and now - self._noted < self._every):
            return None
        self._noted = now
        line = f"waiting {now - self._since:.0f}s (since {_clock_time(self._since_wall)}) for the server to answer"
        line += f", {self._what}" + (f"; {self._status} so far" if self._status else "")
        if self._heard is not None:
            when, message = self._heard
            line += f"; last from the SDK at {_clock_time(when)}: {message}"
        else:
            line += "; no retry so far, the requests are in flight (or held by the rate limit)"
        return line

    async def run(self, sleep: Callable[[float], Awaitable[None]] = anyio.sleep, tick: float = 1.0) -> None:
        """Print each note when it is due, until cancelled."""
        while True:
            await sleep(tick)
            line = self.due()
            if line is not None:
                self._out.note(line)


class _Heard(logging.Handler):
    """SDK records: INFO (retries) go to the ``Waiting``; WARNING and up are printed as notes."""

    def __init__(self, waiting: Waiting, out: Output) -> None:
        super().__init__(logging.INFO)
        self._waiting = waiting
        self._out = out

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self._out.note(record.getMessage())
        else:
            self._waiting.heard(record)


async def watched(out: Output, work: Callable[[Waiting], Awaitable[_T]], **options: Any) -> _T:
    """``work(waiting)`` with a ``Waiting`` printing its notes and hearing the SDK's log records.

    An exception of ``work`` comes out as itself.
    """
    waiting = Waiting(out, **options)
    logger = logging.getLogger("webflow_cms")
    handler = _Heard(waiting, out)
    level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    outcome: list[_T] = []
    error: list[BaseException] = []
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(waiting.run)

            async def run() -> None:
                try:
                    outcome.append(await work(waiting))
                except Exception as exc:  # raised again below, as itself
                    error.append(exc)
                finally:
                    tg.cancel_scope.cancel()

            tg.start_soon(run)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    if error:
        raise error[0]
    return outcome[0]
