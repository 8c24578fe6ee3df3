"""Progress bars drawn with ``rich``: count, the counts kept apart (failed, unknown), items per second, time left."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text


class _ItemsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("     - items/s", style="progress.data.speed")
        return Text(f"{speed:6,.0f} items/s", style="progress.data.speed")


def apart_text(apart: Mapping[str, int] | None) -> str:
    """``5 failed, 3,900 unknown``: the counts that are not done, those above zero."""
    return ", ".join(f"{count:,} {name}" for name, count in (apart or {}).items() if count)


class _Apart(ProgressColumn):
    """The rows counted apart from the done ones, so a bar never shows them as done."""

    def render(self, task: Task) -> Text:
        text = apart_text(task.fields.get("apart"))
        return Text(f"({text})" if text else "", style="progress.remaining")


class _RichBar:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def update(self, done: int, total: int, apart: Mapping[str, int] | None = None) -> None:
        self._progress.update(self._task, completed=done, total=total, apart=dict(apart or {}))

    def print(self, line: str) -> None:
        """A line above the bar (a line written to the stream itself would tear the bar)."""
        self._progress.console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)


@contextmanager
def rich_bar(description: str, total: int | None, stream: TextIO) -> Iterator[_RichBar]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        # The counts are never wrapped: on a narrow screen the times give way first.
        MofNCompleteColumn(table_column=Column(no_wrap=True)),
        _Apart(table_column=Column(no_wrap=True)),
        _ItemsPerSecond(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(file=stream),
        # Speed over the last few seconds, so the ETA follows a throttled job.
        speed_estimate_period=5.0,
    )
    with progress:
        yield _RichBar(progress, progress.add_task(description, total=total, apart={}))
