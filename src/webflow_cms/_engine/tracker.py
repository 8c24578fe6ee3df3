"""The per-input ledger behind every bulk call: each input settled exactly once.

Writers mark inputs in flight, then succeeded, failed or unknown; ``finish``
accounts for the rest, so a cancelled job still says what became of each input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import WebflowError
from ..models import Item
from ..results import Action, BulkResult, Failed, ProgressCallback, Succeeded

__all__ = ["MAX_BATCH", "Tracker"]

#: Webflow's limit on items (locale variants counted) per bulk request.
MAX_BATCH = 100

_PENDING, _IN_FLIGHT, _DONE = 0, 1, 2


class Tracker:
    """Records each input's fate exactly once and reports progress."""

    def __init__(self, inputs: Sequence[Any], on_progress: ProgressCallback | None) -> None:
        self.inputs = inputs
        self.result: BulkResult[Item] = BulkResult(total=len(inputs))
        self._state = [_PENDING] * len(inputs)
        self._done = 0
        self._on_progress = on_progress
        #: Why some ``unknown`` inputs are unknown, when the cause was not a lost answer.
        self.unknown_reasons: dict[int, WebflowError] = {}

    def start(self, indices: Iterable[int]) -> None:
        for i in indices:
            if self._state[i] == _PENDING:
                self._state[i] = _IN_FLIGHT

    def is_done(self, index: int) -> bool:
        return self._state[index] == _DONE

    def succeed(self, index: int, action: Action, item: Item | None = None, id: str | None = None) -> None:
        if self._settle(index):
            self.result.succeeded.append(Succeeded(index, self.inputs[index], action, item, id))

    def fail(self, index: int, error: WebflowError) -> None:
        if self._settle(index):
            self.result.failed.append(Failed(index, self.inputs[index], error))

    def mark_unknown(self, index: int, reason: WebflowError | None = None) -> None:
        """The input's fate could not be learned; ``reason`` says why, when it is not a lost answer."""
        if self._settle(index):
            self.result.unknown.append(index)
            if reason is not None:
                self.unknown_reasons[index] = reason

    def reopen(self, index: int) -> Succeeded[Item]:
        """Take back an input's success, to settle it again after a correction; returns the old record."""
        for pos, record in enumerate(self.result.succeeded):
            if record.index == index:
                del self.result.succeeded[pos]
                self._state[index] = _IN_FLIGHT
                self._done -= 1
                return record
        raise KeyError(index)

    def _settle(self, index: int) -> bool:
        if self._state[index] == _DONE:
            return False
        self._state[index] = _DONE
        self._done += 1
        return True

    def report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(self._done, self.result.total)

    def finish(self) -> None:
        """Account for every input not yet settled: in flight is unknown, never sent is skipped."""
        for i, state in enumerate(self._state):
            if state == _IN_FLIGHT:
                self.result.unknown.append(i)
            elif state == _PENDING:
                self.result.skipped.append(i)
            self._state[i] = _DONE
        self.result.unknown.sort()
