"""What a bulk call did with each input, and the machinery to run one.

Every input of a bulk call ends in exactly one place of its ``BulkResult``:
``succeeded`` (with the resulting item or id, and what was done),
``failed`` (with its typed error; the input is absent or unchanged),
``unknown`` (a request carrying it was cut off and could not be checked), or
``skipped`` (the job stopped before sending it). A ``BulkJob`` is awaitable
and keeps its ``result`` up to date while it runs, so a caller that cancels it
still learns what was done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Generator, Iterable, Sequence
from typing import Any, Generic, TypeVar, cast, overload

import attrs

from .errors import (
    APIConnectionError,
    UnexpectedResponseError,
    WebflowError,
)
from .models import Item

__all__ = ["BulkError", "BulkJob", "BulkResult", "Failed", "Succeeded"]

#: Webflow's limit on items (locale variants counted) per bulk request.
MAX_BATCH = 100

ProgressCallback = Callable[[int, int], object]

#: What a succeeded input's item is given as: an ``Item``, or a typed model (``wf.items(id, model=...)``).
T = TypeVar("T")
U = TypeVar("U")


@attrs.frozen
class Succeeded(Generic[T]):
    """An input that was applied: ``action`` is created, updated, unchanged, deleted, published or unpublished."""

    index: int
    input: Any
    action: str
    item: T | None = None
    id: str | None = None


@attrs.frozen
class Failed:
    """An input that was not applied, and why."""

    index: int
    input: Any
    error: WebflowError


@attrs.define
class BulkResult(Generic[T]):
    """The outcome of every input of a bulk call, each tied to its input's position."""

    total: int
    succeeded: list[Succeeded[T]] = attrs.field(factory=list)
    failed: list[Failed] = attrs.field(factory=list)
    unknown: list[int] = attrs.field(factory=list)
    skipped: list[int] = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        """True when every input succeeded."""
        return len(self.succeeded) == self.total

    def counts(self) -> dict[str, int]:
        """How many inputs ended each way, e.g. ``{"created": 98, "failed": 2}``."""
        counts = Counter(s.action for s in self.succeeded)
        for name, group in (("failed", self.failed), ("unknown", self.unknown), ("skipped", self.skipped)):
            if group:
                counts[name] = len(group)
        return dict(counts)

    @property
    def items(self) -> list[T]:
        """The resulting items, in input order (inputs without an item left out)."""
        return [s.item for s in sorted(self.succeeded, key=lambda s: s.index) if s.item is not None]

    def viewed_as(self, view: Callable[[T], U]) -> BulkResult[U]:
        """The same outcome with each resulting item passed through ``view`` (e.g. into a typed model)."""
        succeeded = [
            Succeeded(s.index, s.input, s.action, None if s.item is None else view(s.item), s.id)
            for s in self.succeeded
        ]
        return BulkResult(self.total, succeeded, list(self.failed), list(self.unknown), list(self.skipped))

    def raise_on_failure(self) -> BulkResult[T]:
        """Return self if every input succeeded; otherwise raise ``BulkError``."""
        if not self.ok:
            raise BulkError(self)
        return self

    def __repr__(self) -> str:
        return f"BulkResult(total={self.total}, {self.counts()})"


class BulkError(WebflowError):
    """Raised by ``BulkResult.raise_on_failure``; ``result`` holds the details."""

    def __init__(self, result: BulkResult[Any]) -> None:
        self.result = result
        first = result.failed[0].error if result.failed else None
        text = f"{result.total - len(result.succeeded)} of {result.total} inputs did not succeed: {result.counts()}"
        super().__init__(text + (f"; first error: {first}" if first else ""))


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

    def succeed(self, index: int, action: str, item: Item | None = None, id: str | None = None) -> None:
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


class BulkJob(Generic[T]):
    """An awaitable bulk call; ``await job`` returns its ``BulkResult``.

    ``job.result`` is live while it runs and final after it ends, even when it
    was cancelled or stopped by an error that concerns every input (such an
    error is raised, with ``partial_result`` set on it). With a ``view`` (typed
    models) the result gives each item as ``view(item)``, and each read of
    ``job.result`` is a snapshot of the job at that moment.
    """

    @overload
    def __init__(self: BulkJob[Item], tracker: Tracker, run: Callable[[Tracker], Awaitable[None]]) -> None: ...
    @overload
    def __init__(
        self, tracker: Tracker, run: Callable[[Tracker], Awaitable[None]], view: Callable[[Item], T]
    ) -> None: ...
    def __init__(
        self, tracker: Tracker, run: Callable[[Tracker], Awaitable[None]], view: Callable[[Item], T] | None = None
    ) -> None:
        self._tracker = tracker
        self._run = run
        self._started = False
        self._settled = False
        self._view = view
        self._views: dict[int, tuple[Item, T]] = {}

    @property
    def result(self) -> BulkResult[T]:
        if self._view is None:
            return cast("BulkResult[T]", self._tracker.result)
        return self._tracker.result.viewed_as(self._seen)

    def _seen(self, item: Item) -> T:
        """``view(item)``, made once per item however often ``result`` is read."""
        assert self._view is not None
        known = self._views.get(id(item))
        if known is None or known[0] is not item:
            known = (item, self._view(item))
            self._views[id(item)] = known
        return known[1]

    @property
    def unknown_reasons(self) -> dict[int, WebflowError]:
        """Why inputs in ``result.unknown`` are unknown, for those whose answer was not simply lost."""
        return dict(self._tracker.unknown_reasons)

    def __await__(self) -> Generator[Any, None, BulkResult[T]]:
        return self._execute().__await__()

    async def _execute(self) -> BulkResult[T]:
        if self._started:
            raise RuntimeError("a bulk job runs once; call the method again for a new job")
        self._started = True
        try:
            await self._run(self._tracker)
        except WebflowError as exc:
            self._settle()  # before the partial result is taken: a typed one is a copy, made once
            raise exc.with_partial_result(self._partial()).with_traceback(exc.__traceback__) from exc.__cause__
        finally:
            self._settle()
        try:
            return self.result
        except WebflowError as exc:  # an item the view could not take (a model out of date): say what was done
            raise exc.with_partial_result(self._tracker.result) from None

    def _settle(self) -> None:
        """Account for every input (once), then report the final progress."""
        if not self._settled:
            self._settled = True
            self._tracker.finish()
            self._tracker.report()

    def _partial(self) -> BulkResult[Any]:
        try:
            return self.result
        except WebflowError:
            return self._tracker.result


async def single(job: BulkJob[T]) -> T:
    """Run a one-input job and return its item; raise the input's error if it failed."""
    result = await job
    if result.failed:
        raise result.failed[0].error
    if result.succeeded:
        record = result.succeeded[0]
        if record.item is not None:
            return record.item
        raise UnexpectedResponseError(
            f"the item was {record.action} (id {record.id}), but the answer did not include it",
            status=None,
            code="unexpected_response",
        )
    reason = job.unknown_reasons.get(0)
    if reason is not None:
        raise reason
    raise APIConnectionError("the request's outcome is unknown: the connection broke and could not be checked")
