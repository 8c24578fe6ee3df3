"""Output for people and for scripts, and progress bars.

Results go to stdout: text, or one JSON document with ``--json``. Progress
bars and notes go to stderr, so ``export`` can write items to stdout. Bars
need ``rich`` (the ``cli`` extra); without it, or with ``--json``, there are none.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TextIO

__all__ = ["Output", "ProgressBar"]


class ProgressBar(Protocol):
    """What a long job reports to: ``update(done, total)`` fits the SDK's ``on_progress``."""

    def update(self, done: int, total: int) -> None: ...


class _NoBar:
    def update(self, done: int, total: int) -> None:
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

    def text(self, line: str = "") -> None:
        """A line of human output (nothing in ``--json`` mode)."""
        if not self.json_mode:
            self.out.write(line + "\n")
            self.out.flush()

    def note(self, line: str) -> None:
        """A line on stderr, in both modes (warnings, where files went)."""
        self.err.write(line + "\n")
        self.err.flush()

    def data(self, payload: Any) -> None:
        """The machine result of a command (only in ``--json`` mode)."""
        if self.json_mode:
            self.out.write(json.dumps(payload, sort_keys=True, default=str) + "\n")
            self.out.flush()

    @contextmanager
    def progress(self, description: str, total: int | None = None) -> Iterator[ProgressBar]:
        """A bar showing done/total, items/s and the time left; it stays on screen when done."""
        if not self._bars:
            yield _NoBar()
            return
        try:
            from ._bars import rich_bar
        except ImportError:  # rich is an optional extra
            yield _NoBar()
            return
        with rich_bar(description, total, self.err) as bar:
            yield bar
